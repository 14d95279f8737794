/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-idx"

#include "config.h"

#include "nn-idx.h"

#include <errno.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "nn-file.h"
#include "nn-gunzip.h"

G_DEFINE_QUARK (dt-data-error-quark, nn_data_error)

#define READ_CHUNK      (1u << 20)   /* bytes asked of the stream at a time */
#define IDX_MAGIC_LEN   4    /* the header's first field */
#define IDX_DIM_LEN     4    /* each dimension, after the magic */
#define IDX_MAX_HEADER  (IDX_MAGIC_LEN + IDX_DIM_LEN * NN_IDX_MAX_RANK)
#define IDX_RANK_MASK   0xff /* the magic's last byte is the rank */
#define IDX_TYPE_UBYTE  0x08 /* the magic's third byte: unsigned bytes */
#define GZIP_ID1        0x1f /* the two bytes every gzip stream starts with */
#define GZIP_ID2        0x8b
#define GZIP_LEVEL      6    /* zlib's default balance of size and speed */

/* A big-endian guint32 from any address: IDX fields are not aligned for the host. */
static guint32
read_be32 (const guint8 *p)
{
  guint32 be;

  memcpy (&be, p, sizeof be);
  return GUINT32_FROM_BE (be);
}

static GInputStream *
open_maybe_gzip (const char  *path,
                 gboolean    *is_gzip,
                 goffset     *file_size,
                 GError     **error)
{
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GError) local = NULL;
  guint8 head[2] = { 0, 0 };
  gssize got;
  int fd;

  /* a regular file: a FIFO or a device named like MNIST must not hang or flood the loader;
   * the header, not the file's size, bounds what is read */
  fd = nn_file_open_regular (path, G_MAXOFFSET, file_size, &local);
  if (fd < 0)
    {
      /* callers match GIO's codes, as when this opened a GFile */
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (local->code),
                           local->message);
      return NULL;
    }
  raw = g_unix_input_stream_new (fd, TRUE);
  do
    got = pread (fd, head, sizeof head, 0);
  while (got < 0 && errno == EINTR);

  *is_gzip = got == 2 && head[0] == GZIP_ID1 && head[1] == GZIP_ID2;
  if (*is_gzip)
    {
      g_autoptr(NnGunzip) dec = nn_gunzip_new ();
      return g_converter_input_stream_new (raw, G_CONVERTER (dec));
    }
  return g_steal_pointer (&raw);
}

static gboolean
corrupt (GError    **error,
         const char *path,
         const char *reason)
{
  g_autofree char *base = g_path_get_basename (path);

  g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_CORRUPT,
               _("%s is not a valid IDX file: %s"), base, reason);
  return FALSE;
}

/* Reads exactly n bytes, or fails naming the file; a decompression failure becomes
 * "corrupt" rather than a bare zlib message. */
static gboolean
read_exact (GInputStream *in,
            const char   *path,
            guint8       *buf,
            gsize         n,
            const char   *what,
            GError      **error)
{
  gsize done = 0;

  while (done < n)
    {
      g_autoptr(GError) local = NULL;
      gsize got = 0;
      gsize want = MIN (n - done, (gsize) READ_CHUNK);

      if (!g_input_stream_read_all (in, buf + done, want, &got, NULL, &local))
        {
          g_autofree char *reason = g_strdup_printf (_("cannot read the %s (%s)"),
                                                     what, local->message);
          return corrupt (error, path, reason);
        }
      if (got == 0)
        {
          g_autofree char *reason = g_strdup_printf (_("the %s is truncated"), what);
          return corrupt (error, path, reason);
        }
      done += got;
    }
  return TRUE;
}

/* Reads the n-byte body into a new buffer.  A raw file's size was checked against the header
 * already; a gzip header's claim is not trusted with one allocation (a few bytes of gzip can
 * claim 2 GiB), so that buffer grows as decompressed data actually arrives. */
static gboolean
read_body (GInputStream  *in,
           const char    *path,
           gsize          n,
           gboolean       untrusted_size,
           guint8       **out,
           GError       **error)
{
  gsize cap = untrusted_size ? MIN (n, (gsize) READ_CHUNK * 8) : n;
  g_autofree guint8 *buf = g_try_malloc (cap);
  gsize done = 0;

  while (buf != NULL && done < n)
    {
      gsize want = MIN (n, cap) - done;

      if (!read_exact (in, path, buf + done, want, _("data"), error))
        return FALSE;
      done += want;
      if (done == cap && cap < n)
        {
          guint8 *bigger = g_try_realloc (buf, MIN (n, cap * 2));

          if (bigger == NULL)
            break;
          buf = bigger;
          cap = MIN (n, cap * 2);
        }
    }
  if (buf == NULL || done < n)
    return corrupt (error, path, _("not enough memory for its data"));
  *out = g_steal_pointer (&buf);
  return TRUE;
}

static gboolean
parse_header (const guint8 *h,
              const char   *path,
              guint32       expected_magic,
              NnIdx        *idx,
              GError      **error)
{
  idx->magic = read_be32 (h);
  if (idx->magic != expected_magic)
    {
      g_autofree char *reason =
        g_strdup_printf (_("magic number 0x%08x, expected 0x%08x (%s)"),
                         idx->magic, expected_magic,
                         expected_magic == NN_IDX_MAGIC_IMAGES ? _("images") : _("labels"));
      return corrupt (error, path, reason);
    }
  idx->rank = (int) (idx->magic & IDX_RANK_MASK);
  return TRUE;
}

static gboolean
check_dims (NnIdx       *idx,
            const char  *path,
            GError     **error)
{
  guint64 item = 1;

  for (int i = 1; i < idx->rank; i++)
    item *= idx->dims[i];
  if (idx->dims[0] == 0 || item == 0)
    return corrupt (error, path, _("a dimension is zero"));
  /* each factor is < 2^32, so item < 2^64 and the product test below cannot wrap */
  if (item > NN_IDX_MAX_BYTES || (guint64) idx->dims[0] > NN_IDX_MAX_BYTES / item)
    return corrupt (error, path, _("its dimensions are absurdly large"));
  idx->n_items = idx->dims[0];
  idx->item_size = (gsize) item;
  return TRUE;
}

/* A raw file must be exactly header + body long; its size is known before reading. */
static gboolean
check_raw_size (const char  *path,
                goffset      file_size,
                gsize        expected,
                GError     **error)
{
  if ((guint64) file_size < expected)
    return corrupt (error, path, _("the data is truncated"));
  if ((guint64) file_size > expected)
    return corrupt (error, path, _("there is trailing data after the last item"));
  return TRUE;
}

/* A gzip stream's size is known only at its end, which must come right after the body. */
static gboolean
check_gzip_end (GInputStream  *in,
                const char    *path,
                GError       **error)
{
  g_autoptr(GError) local = NULL;
  gsize extra_got = 0;
  guint8 extra;

  if (!g_input_stream_read_all (in, &extra, 1, &extra_got, NULL, &local))
    return corrupt (error, path, local->message);
  if (extra_got != 0)
    return corrupt (error, path, _("there is trailing data after the last item"));
  return TRUE;
}

NnIdx *
nn_idx_load (const char  *path,
             guint32      expected_magic,
             GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(NnIdx) idx = g_new0 (NnIdx, 1);
  gboolean is_gzip = FALSE;
  goffset file_size = 0;
  guint8 header[IDX_MAX_HEADER];
  gsize header_len, body_len;

  g_return_val_if_fail (path != NULL, NULL);

  in = open_maybe_gzip (path, &is_gzip, &file_size, error);
  if (in == NULL)
    return NULL;
  if (!read_exact (in, path, header, IDX_MAGIC_LEN, _("header"), error) ||
      !parse_header (header, path, expected_magic, idx, error))
    return NULL;

  header_len = IDX_MAGIC_LEN + IDX_DIM_LEN * (gsize) idx->rank;
  if (!read_exact (in, path, header + IDX_MAGIC_LEN, header_len - IDX_MAGIC_LEN, _("header"),
                   error))
    return NULL;
  for (int i = 0; i < idx->rank; i++)
    idx->dims[i] = read_be32 (header + IDX_MAGIC_LEN + IDX_DIM_LEN * i);
  if (!check_dims (idx, path, error))
    return NULL;

  body_len = idx->n_items * idx->item_size;
  if (!is_gzip && !check_raw_size (path, file_size, header_len + body_len, error))
    return NULL;
  if (!read_body (in, path, body_len, is_gzip, &idx->data, error))
    return NULL;
  if (is_gzip && !check_gzip_end (in, path, error))
    return NULL;
  return g_steal_pointer (&idx);
}

void
nn_idx_free (NnIdx *idx)
{
  if (idx == NULL)
    return;
  g_free (idx->data);
  g_free (idx);
}

gboolean
nn_idx_save (const char     *path,
             int             rank,
             const guint32  *dims,
             const guint8   *data,
             GError        **error)
{
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  guint8 magic[IDX_MAGIC_LEN] = { 0, 0, IDX_TYPE_UBYTE, (guint8) rank };
  gsize body = 1;

  g_return_val_if_fail (rank == 1 || rank == 3, FALSE);

  g_byte_array_append (raw, magic, IDX_MAGIC_LEN);
  for (int i = 0; i < rank; i++)
    {
      guint32 be = GUINT32_TO_BE (dims[i]);
      g_byte_array_append (raw, (const guint8 *) &be, IDX_DIM_LEN);
      body *= dims[i];
    }
  if (body > 0)
    g_byte_array_append (raw, data, (guint) body);

  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibCompressor) comp =
        g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
      g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
      g_autoptr(GOutputStream) zout = g_converter_output_stream_new (mem, G_CONVERTER (comp));
      GMemoryOutputStream *zipped = G_MEMORY_OUTPUT_STREAM (mem);
      gsize written;

      if (!g_output_stream_write_all (zout, raw->data, raw->len, &written, NULL, error) ||
          !g_output_stream_close (zout, NULL, error))
        return FALSE;
      return nn_file_replace (path, g_memory_output_stream_get_data (zipped),
                              g_memory_output_stream_get_data_size (zipped), error);
    }
  return nn_file_replace (path, raw->data, raw->len, error);
}
