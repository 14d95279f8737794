/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-npz"

#include "config.h"

#include "nn-npz.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "nn-file.h"
#include "nn-trainer.h"
#include "nn-zip.h"

#define NPY_MAGIC     "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_ALIGN     64          /* numpy ≥ 1.14 pads header + magic to this */
#define NPZ_MAX_SIZE  (512 * 1024 * 1024)

const char *const nn_npz_names[NN_NPZ_N_ARRAYS] = {
  "dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias",
};

/* A .npy version 1.0 file of a float32 array with 1 or 2 dimensions, as numpy.save writes
 * it: magic, version, header length, the header dict padded with spaces to a multiple of
 * 64 bytes and ended by a newline, then the data, little-endian (x86-64's own order). */
static GByteArray *
npy_bytes (const float *data,
           int          rows,
           int          cols)
{
  g_autofree char *shape = cols > 0 ? g_strdup_printf ("(%d, %d)", rows, cols)
                                    : g_strdup_printf ("(%d,)", rows);
  g_autoptr(GString) header = g_string_new (NULL);
  GByteArray *out = g_byte_array_new ();
  gsize n = (gsize) rows * MAX (cols, 1);
  guint8 len[2];

  G_STATIC_ASSERT (G_BYTE_ORDER == G_LITTLE_ENDIAN);
  g_string_printf (header, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
  while ((NPY_MAGIC_LEN + 4 + header->len + 1) % NPY_ALIGN != 0)
    g_string_append_c (header, ' ');
  g_string_append_c (header, '\n');
  len[0] = header->len & 0xff;
  len[1] = header->len >> 8;
  g_byte_array_append (out, (const guint8 *) NPY_MAGIC "\x01\x00", NPY_MAGIC_LEN + 2);
  g_byte_array_append (out, len, 2);
  g_byte_array_append (out, (const guint8 *) header->str, header->len);
  g_byte_array_append (out, (const guint8 *) data, (guint) (n * sizeof (float)));
  return out;
}

GBytes *
nn_npz_to_bytes (const NnNet *net)
{
  const float *arrays[NN_NPZ_N_ARRAYS] = { net->w1, net->b1, net->w2, net->b2 };
  int rows[NN_NPZ_N_ARRAYS] = { net->n_in, net->n_hidden, net->n_hidden, net->n_out };
  int cols[NN_NPZ_N_ARRAYS] = { net->n_hidden, 0, net->n_out, 0 };
  NnZipWriter *zip = nn_zip_writer_new ();

  for (int i = 0; i < NN_NPZ_N_ARRAYS; i++)
    {
      g_autoptr(GByteArray) npy = npy_bytes (arrays[i], rows[i], cols[i]);
      g_autofree char *name = g_strconcat (nn_npz_names[i], ".npy", NULL);

      nn_zip_writer_add (zip, name, npy->data, npy->len);
    }
  return nn_zip_writer_finish (zip);
}

gboolean
nn_npz_save (const NnNet *net,
             const char  *path,
             GError     **error)
{
  g_autoptr(GBytes) bytes = nn_npz_to_bytes (net);
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return nn_file_replace (path, data, len, error);
}

/* ---- reading ------------------------------------------------------------------------- */

typedef struct
{
  int     dims;
  gsize   shape[2];
  GBytes *contents;     /* the whole .npy */
  gsize   data_at;
} NpyArray;

static gboolean
bad_array (GError    **error,
           const char *name,
           const char *why)
{
  /* TRANSLATORS: e.g. "dense_1/kernel: the data type is <f8, not float32 (<f4)" */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s: %s"), name, why);
  return FALSE;
}

/* The value of 'key' in the header dict text, up to the next ',' or ')' that closes it. */
static const char *
header_value (const char *header,
              const char *key)
{
  const char *at = strstr (header, key);

  if (at == NULL)
    return NULL;
  at += strlen (key);
  while (*at == ' ' || *at == ':' || *at == '\'')
    at++;
  return at;
}

static gboolean
parse_shape (const char *value,
             NpyArray   *a)
{
  const char *p = value;

  if (*p++ != '(')
    return FALSE;
  a->dims = 0;
  while (*p != ')' && a->dims < 2)
    {
      char *end;
      guint64 v = g_ascii_strtoull (p, &end, 10);

      if (end == p)
        return FALSE;
      a->shape[a->dims++] = v;
      p = end;
      while (*p == ',' || *p == ' ')
        p++;
    }
  return *p == ')' && a->dims > 0;
}

static gboolean
parse_npy (const char *name,
           GBytes     *contents,
           NpyArray   *a,
           GError    **error)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (contents, &len);
  g_autofree char *header = NULL;
  gsize hlen, hat;
  const char *descr, *order, *shape;
  guint64 n;

  if (len < NPY_MAGIC_LEN + 4 || memcmp (d, NPY_MAGIC, NPY_MAGIC_LEN) != 0 || d[6] < 1 ||
      d[6] > 3)
    return bad_array (error, name, _("not a NumPy .npy array"));
  hat = d[6] == 1 ? 10 : 12;
  hlen = d[6] == 1 ? (gsize) (d[8] | d[9] << 8) : (gsize) (d[8] | d[9] << 8 | d[10] << 16);
  if (hat + hlen > len)
    return bad_array (error, name, _("its header is cut short"));
  header = g_strndup ((const char *) d + hat, hlen);
  descr = header_value (header, "'descr'");
  order = header_value (header, "'fortran_order'");
  shape = header_value (header, "'shape'");
  if (descr == NULL || order == NULL || shape == NULL || !parse_shape (shape, a))
    return bad_array (error, name, _("its header is not one NumPy writes"));
  if (!g_str_has_prefix (descr, "<f4'"))
    return bad_array (error, name, _("the data type is not float32 (<f4)"));
  if (!g_str_has_prefix (order, "False"))
    return bad_array (error, name, _("the array is in Fortran order, not C order"));
  n = a->shape[0] * (a->dims == 2 ? a->shape[1] : 1);
  if (a->shape[0] > NN_MAX_HIDDEN * 1024 || (a->dims == 2 && a->shape[1] > NN_MAX_HIDDEN * 1024) ||
      n * sizeof (float) != len - hat - hlen)
    return bad_array (error, name, _("the data do not match the shape"));
  a->contents = g_bytes_ref (contents);
  a->data_at = hat + hlen;
  return TRUE;
}

static gboolean
collect_cb (const char *entry,
            GBytes     *contents,
            gpointer    user_data,
            GError    **error)
{
  NpyArray *arrays = user_data;

  for (int i = 0; i < NN_NPZ_N_ARRAYS; i++)
    {
      g_autofree char *file = g_strconcat (nn_npz_names[i], ".npy", NULL);

      if (g_str_equal (entry, file) && arrays[i].contents == NULL)
        return parse_npy (nn_npz_names[i], contents, &arrays[i], error);
    }
  return TRUE;   /* other arrays are not ours to judge */
}

static gboolean
check_shape (const NpyArray *a,
             const char     *name,
             gsize           rows,
             gsize           cols,
             GError        **error)
{
  g_autofree char *want = cols > 0 ? g_strdup_printf ("(%zu, %zu)", rows, cols)
                                   : g_strdup_printf ("(%zu,)", rows);
  g_autofree char *got = a->dims == 2 ? g_strdup_printf ("(%zu, %zu)", a->shape[0], a->shape[1])
                                      : g_strdup_printf ("(%zu,)", a->shape[0]);
  g_autofree char *why = NULL;

  if (a->dims == (cols > 0 ? 2 : 1) && a->shape[0] == rows && (cols == 0 || a->shape[1] == cols))
    return TRUE;
  why = g_strdup_printf (_("the shape is %s, not %s"), got, want);
  return bad_array (error, name, why);
}

static NnNet *
net_from_arrays (const NpyArray *a,
                 int             n_in,
                 int             n_out,
                 GError        **error)
{
  gsize hidden = a[1].dims == 1 ? a[1].shape[0] : 0;
  gsize rows[NN_NPZ_N_ARRAYS] = { n_in, hidden, hidden, n_out };
  gsize cols[NN_NPZ_N_ARRAYS] = { hidden, 0, n_out, 0 };
  NnNet *net;
  float *dst[NN_NPZ_N_ARRAYS];

  if (hidden < 1 || hidden > NN_MAX_HIDDEN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("dense_1/bias: %zu hidden units; 1 to %d are possible"), hidden,
                   NN_MAX_HIDDEN);
      return NULL;
    }
  for (int i = 0; i < NN_NPZ_N_ARRAYS; i++)
    if (!check_shape (&a[i], nn_npz_names[i], rows[i], cols[i], error))
      return NULL;
  net = nn_net_new (n_in, (int) hidden, n_out);
  dst[0] = net->w1, dst[1] = net->b1, dst[2] = net->w2, dst[3] = net->b2;
  for (int i = 0; i < NN_NPZ_N_ARRAYS; i++)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (a[i].contents, &len);

      memcpy (dst[i], d + a[i].data_at, len - a[i].data_at);
    }
  return net;
}

NnNet *
nn_npz_from_data (const guint8 *data,
                  gsize         len,
                  int           n_in,
                  int           n_out,
                  GError      **error)
{
  NpyArray arrays[NN_NPZ_N_ARRAYS] = { { 0 } };
  NnNet *net = NULL;

  if (nn_zip_foreach (data, len, collect_cb, arrays, error))
    {
      for (int i = 0; i < NN_NPZ_N_ARRAYS && net == NULL; i++)
        if (arrays[i].contents == NULL)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The .npz file has no array “%s”"), nn_npz_names[i]);
            goto out;
          }
      net = net_from_arrays (arrays, n_in, n_out, error);
    }
out:
  for (int i = 0; i < NN_NPZ_N_ARRAYS; i++)
    g_clear_pointer (&arrays[i].contents, g_bytes_unref);
  return net;
}

NnNet *
nn_npz_load (const char *path,
             int         n_in,
             int         n_out,
             GError    **error)
{
  g_autofree char *contents = NULL;
  gsize len;
  NnNet *net;
  GError *local = NULL;

  if (!nn_file_read_regular (path, NPZ_MAX_SIZE, &contents, &len, error))
    return NULL;
  net = nn_npz_from_data ((const guint8 *) contents, len, n_in, n_out, &local);
  if (net == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_propagate_prefixed_error (error, local, "%s: ", name);
    }
  return net;
}
