/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-zip"

#include "config.h"

#include "nn-zip.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u
#define LOCAL_SIZE   30
#define CENTRAL_SIZE 46
#define END_SIZE     22
#define VERSION      20        /* 2.0: what stored and deflated entries need */
#define DOS_DATE     0x0021    /* 1980-01-01 */
#define ZIP64_ID     0x0001
#define NO_32        0xffffffffu
/* The biggest entry read: far above an .npz's largest array (784 × 4096 floats, 12.8 MB),
 * far below what a hostile directory could make us allocate (4 GiB a field). */
#define MAX_ENTRY    (64u << 20)
/* Deflate expands at most 1032 : 1 (a 258-byte match in under 2 bits, RFC 1951), so a
 * larger declared size is a lie to be refused before allocating for it. */
#define MAX_INFLATE_RATIO 1032

struct _NnZipWriter
{
  GByteArray *body;      /* local headers and data */
  GByteArray *central;
  guint       n;
};

guint32
nn_crc32 (const guint8 *data,
          gsize         len)
{
  static guint32 table[256];
  static gsize init = 0;
  guint32 crc = 0xffffffffu;

  if (g_once_init_enter (&init))
    {
      /* the reflected polynomial 0xEDB88320 of ZIP, gzip and PNG */
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&init, 1);
    }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put16 (GByteArray *a,
       guint       v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };

  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray *a,
       guint32     v)
{
  put16 (a, v & 0xffff);
  put16 (a, v >> 16);
}

NnZipWriter *
nn_zip_writer_new (void)
{
  NnZipWriter *zip = g_new0 (NnZipWriter, 1);

  zip->body = g_byte_array_new ();
  zip->central = g_byte_array_new ();
  return zip;
}

/* The fields local and central headers share, from "version needed" to the name length. */
static void
put_common (GByteArray *a,
            guint32     crc,
            guint32     len,
            gsize       name_len)
{
  put16 (a, VERSION);
  put16 (a, 0);          /* flags */
  put16 (a, 0);          /* stored */
  put16 (a, 0);          /* time */
  put16 (a, DOS_DATE);
  put32 (a, crc);
  put32 (a, len);        /* compressed */
  put32 (a, len);
  put16 (a, (guint) name_len);
  put16 (a, 0);          /* extra */
}

void
nn_zip_writer_add (NnZipWriter *zip,
                   const char  *name,
                   const void  *data,
                   gsize        len)
{
  gsize name_len = strlen (name);
  guint32 crc = nn_crc32 (data, len);
  guint32 offset = zip->body->len;

  g_return_if_fail (len < NO_32 && zip->body->len + len < NO_32 && name_len < 0xffff);

  put32 (zip->body, SIG_LOCAL);
  put_common (zip->body, crc, (guint32) len, name_len);
  g_byte_array_append (zip->body, (const guint8 *) name, (guint) name_len);
  g_byte_array_append (zip->body, data, (guint) len);

  put32 (zip->central, SIG_CENTRAL);
  put16 (zip->central, VERSION);   /* made by: MS-DOS, 2.0 */
  put_common (zip->central, crc, (guint32) len, name_len);
  put16 (zip->central, 0);         /* comment */
  put16 (zip->central, 0);         /* disk */
  put16 (zip->central, 0);         /* internal attributes */
  put32 (zip->central, 0);         /* external attributes */
  put32 (zip->central, offset);
  g_byte_array_append (zip->central, (const guint8 *) name, (guint) name_len);
  zip->n++;
}

GBytes *
nn_zip_writer_finish (NnZipWriter *zip)
{
  GByteArray *out = zip->body;
  guint32 central_at = out->len;

  g_byte_array_append (out, zip->central->data, zip->central->len);
  put32 (out, SIG_END);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, zip->n);
  put16 (out, zip->n);
  put32 (out, zip->central->len);
  put32 (out, central_at);
  put16 (out, 0);
  g_byte_array_unref (zip->central);
  g_free (zip);
  return g_byte_array_free_to_bytes (out);
}

/* ---- reading ------------------------------------------------------------------------- */

static guint
get16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p)
{
  return get16 (p) | ((guint32) get16 (p + 2) << 16);
}

static guint64
get64 (const guint8 *p)
{
  return get32 (p) | ((guint64) get32 (p + 4) << 32);
}

static gboolean
damaged (GError    **error,
         const char *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Not a readable .npz (ZIP) file: %s"), why);
  return FALSE;
}

typedef struct
{
  const char *name;
  gsize       name_len;
  guint       method;
  guint32     crc;
  guint64     csize;
  guint64     usize;
  guint64     offset;
} Entry;

/* ZIP64 sizes: the extra field holds, in this order, those whose 32-bit field is full. */
static gboolean
apply_zip64 (Entry        *e,
             const guint8 *extra,
             gsize         extra_len)
{
  for (gsize at = 0; at + 4 <= extra_len;)
    {
      guint id = get16 (extra + at), size = get16 (extra + at + 2);
      const guint8 *v = extra + at + 4, *end = v + size;

      if (at + 4 + size > extra_len)
        return FALSE;
      if (id == ZIP64_ID)
        {
          guint64 *fields[3] = { &e->usize, &e->csize, &e->offset };

          for (int i = 0; i < 3; i++)
            if (*fields[i] == NO_32)
              {
                if (v + 8 > end)
                  return FALSE;
                *fields[i] = get64 (v);
                v += 8;
              }
        }
      at += 4 + size;
    }
  return TRUE;
}

/* The central record at p (within data), into e; returns its size, 0 when damaged. */
static gsize
read_central (const guint8 *data,
              gsize         len,
              gsize         at,
              Entry        *e)
{
  const guint8 *p = data + at;
  gsize name_len, extra_len, comment_len;

  if (at + CENTRAL_SIZE > len || get32 (p) != SIG_CENTRAL)
    return 0;
  name_len = get16 (p + 28);
  extra_len = get16 (p + 30);
  comment_len = get16 (p + 32);
  if (at + CENTRAL_SIZE + name_len + extra_len + comment_len > len || (get16 (p + 8) & 1))
    return 0;   /* truncated, or encrypted */
  *e = (Entry) { (const char *) p + CENTRAL_SIZE, name_len, get16 (p + 10), get32 (p + 16),
                 get32 (p + 20), get32 (p + 24), get32 (p + 42) };
  if (!apply_zip64 (e, p + CENTRAL_SIZE + name_len, extra_len))
    return 0;
  return CENTRAL_SIZE + name_len + extra_len + comment_len;
}

static GBytes *
inflate_raw (const guint8 *in,
             gsize         in_len,
             gsize         out_len,
             GError      **error)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  /* one byte more than the entry should hold, so that a longer stream shows itself and the
   * converter is never handed an empty buffer (a programming error to GIO) */
  guint8 *out = g_malloc (out_len + 1);
  gsize done_in = 0, done_out = 0;
  GConverterResult res;

  do
    {
      gsize r = 0, w = 0;

      res = g_converter_convert (G_CONVERTER (z), in + done_in, in_len - done_in,
                                 out + done_out, out_len + 1 - done_out,
                                 G_CONVERTER_INPUT_AT_END, &r, &w, error);
      done_in += r;
      done_out += w;
      if (res == G_CONVERTER_CONVERTED && r == 0 && w == 0)
        break;
    }
  while (res == G_CONVERTER_CONVERTED && done_out <= out_len);
  if (res == G_CONVERTER_FINISHED && done_out == out_len)
    return g_bytes_new_take (out, out_len);
  g_free (out);
  if (res != G_CONVERTER_ERROR)
    damaged (error, _("a compressed entry has the wrong size"));
  return NULL;
}

/* The bytes of entry e. */
static GBytes *
entry_contents (const guint8 *data,
                gsize         len,
                const Entry  *e,
                GError      **error)
{
  const guint8 *local = data + e->offset;
  const guint8 *body;
  GBytes *bytes;

  if (e->offset + LOCAL_SIZE > len || get32 (local) != SIG_LOCAL)
    return damaged (error, _("an entry's header is missing")), NULL;
  body = local + LOCAL_SIZE + get16 (local + 26) + get16 (local + 28);
  if ((gsize) (body - data) > len || e->csize > len - (gsize) (body - data))
    return damaged (error, _("an entry runs past the end")), NULL;
  if (e->usize > MAX_ENTRY)
    return damaged (error, _("an entry is too big")), NULL;
  if (e->method == 0 && e->csize == e->usize)
    bytes = g_bytes_new (body, e->usize);
  else if (e->method == 8 && e->usize <= e->csize * MAX_INFLATE_RATIO + 64)
    bytes = inflate_raw (body, e->csize, e->usize, error);
  else
    return damaged (error, _("an entry is compressed in an unknown way")), NULL;
  if (bytes != NULL && nn_crc32 (g_bytes_get_data (bytes, NULL), e->usize) != e->crc)
    {
      g_bytes_unref (bytes);
      return damaged (error, _("an entry's checksum does not match")), NULL;
    }
  return bytes;
}

gboolean
nn_zip_foreach (const guint8   *data,
                gsize           len,
                NnZipEntryFunc  func,
                gpointer        user_data,
                GError        **error)
{
  const guint8 *end = NULL;
  gsize at, n;

  /* the end record: the last signature within its size plus the longest comment */
  for (gsize i = len >= END_SIZE ? len - END_SIZE + 1 : 0;
       i-- > 0 && len - i <= END_SIZE + 0xffff;)
    if (get32 (data + i) == SIG_END)
      {
        end = data + i;
        break;
      }
  if (end == NULL)
    return damaged (error, _("no ZIP directory"));
  if (get16 (end + 4) != 0 || get16 (end + 6) != 0)
    return damaged (error, _("spread over several disks"));
  n = get16 (end + 10);
  at = get32 (end + 16);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GBytes) contents = NULL;
      g_autofree char *name = NULL;
      Entry e;
      gsize size = read_central (data, len, at, &e);

      if (size == 0)
        return damaged (error, _("its directory is damaged"));
      at += size;
      contents = entry_contents (data, len, &e, error);
      if (contents == NULL)
        return FALSE;
      name = g_strndup (e.name, e.name_len);
      if (!func (name, contents, user_data, error))
        return FALSE;
    }
  return TRUE;
}
