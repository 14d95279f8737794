/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dt-dataset.h"
#include "dt-idx.h"

/* Every file these tests write lives under one temporary folder made in main(). */
static char *tmp_root;
static char *xdg_data_home;

static const char * const mnist_names[] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

/* ---- helpers ----------------------------------------------------------------------- */

static gboolean
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (!rm_rf (child))
            return FALSE;
        }
      return g_rmdir (path) == 0;
    }
  return g_unlink (path) == 0;
}

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (tmp_root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static char *
write_bytes (const char   *dir,
             const char   *name,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint32 be = GUINT32_TO_BE (v);

  g_byte_array_append (out, (const guint8 *) &be, 4);
}

/* An IDX image: magic, rank dims, then body_len bytes of a recognisable pattern. */
static GByteArray *
idx_bytes (guint32        magic,
           int            rank,
           const guint32 *dims,
           gsize          body_len)
{
  GByteArray *out = g_byte_array_new ();

  put_be32 (out, magic);
  for (int i = 0; i < rank; i++)
    put_be32 (out, dims[i]);
  for (gsize i = 0; i < body_len; i++)
    {
      guint8 b = (guint8) ((i * 7) % 10);
      g_byte_array_append (out, &b, 1);
    }
  return out;
}

static GBytes *
gzip_bytes (const guint8 *data,
            gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibCompressor) comp = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zout = g_converter_output_stream_new (mem, G_CONVERTER (comp));
  gsize written;

  g_output_stream_write_all (zout, data, len, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (zout, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* Loads path, expects a DT_DATA_ERROR with that code whose message names the file (and
 * contains `reason` when given). */
static void
assert_idx_fails (const char *path,
                  guint32     magic,
                  int         code,
                  const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtIdx) idx = dt_idx_load (path, magic, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (idx);
  g_assert_error (error, DT_DATA_ERROR, code);
  g_test_message ("%s: %s", base, error->message);
  g_assert_nonnull (strstr (error->message, base));
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

/* The same bytes, raw and gzip'd, must both be refused with the same code. */
static void
assert_bytes_fail (const char   *name,
                   const guint8 *data,
                   gsize         len,
                   guint32       magic,
                   const char   *reason)
{
  g_autofree char *dir = make_dir ("malformed");
  g_autofree char *raw_path = write_bytes (dir, name, data, len);
  g_autoptr(GBytes) gz = gzip_bytes (data, len);
  g_autofree char *gz_name = g_strconcat (name, ".gz", NULL);
  g_autofree char *gz_path = write_bytes (dir, gz_name, g_bytes_get_data (gz, NULL),
                                          g_bytes_get_size (gz));

  assert_idx_fails (raw_path, magic, DT_DATA_ERROR_CORRUPT, reason);
  assert_idx_fails (gz_path, magic, DT_DATA_ERROR_CORRUPT, reason);
}

/* ---- malformed IDX files ------------------------------------------------------------ */

static void
test_empty (void)
{
  assert_bytes_fail ("empty-idx3-ubyte", (const guint8 *) "", 0, DT_IDX_MAGIC_IMAGES,
                     "truncated");
}

static void
test_wrong_magic (void)
{
  const guint32 dims[3] = { 2, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (0x00000c03, 3, dims, 2 * 28 * 28);
  g_autoptr(GByteArray) png = g_byte_array_new ();

  assert_bytes_fail ("magic-idx3-ubyte", b->data, b->len, DT_IDX_MAGIC_IMAGES, "0x00000c03");
  /* something that is not IDX at all */
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  assert_bytes_fail ("picture.png", png->data, png->len, DT_IDX_MAGIC_IMAGES, "magic");
}

static void
test_labels_for_images (void)
{
  const guint32 dims[1] = { 5 };
  g_autoptr(GByteArray) labels = idx_bytes (DT_IDX_MAGIC_LABELS, 1, dims, 5);
  const guint32 idims[3] = { 1, 2, 2 };
  g_autoptr(GByteArray) images = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, idims, 4);

  assert_bytes_fail ("swapped-labels", labels->data, labels->len, DT_IDX_MAGIC_IMAGES,
                     "0x00000801");
  assert_bytes_fail ("swapped-images", images->data, images->len, DT_IDX_MAGIC_LABELS,
                     "0x00000803");
}

static void
test_truncated_header (void)
{
  const guint32 dims[3] = { 2, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 2 * 28 * 28);

  /* inside the magic, and inside the dimensions */
  assert_bytes_fail ("short2-idx3-ubyte", b->data, 2, DT_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("short9-idx3-ubyte", b->data, 9, DT_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("short15-idx3-ubyte", b->data, 15, DT_IDX_MAGIC_IMAGES, "truncated");
}

static void
test_truncated_body (void)
{
  const guint32 dims[3] = { 3, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 3 * 28 * 28);
  const guint32 ldims[1] = { 10 };
  g_autoptr(GByteArray) l = idx_bytes (DT_IDX_MAGIC_LABELS, 1, ldims, 10);

  assert_bytes_fail ("cut-idx3-ubyte", b->data, b->len - 1, DT_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("cut-idx1-ubyte", l->data, l->len - 3, DT_IDX_MAGIC_LABELS, "truncated");
  assert_bytes_fail ("nobody-idx1-ubyte", l->data, 8, DT_IDX_MAGIC_LABELS, "truncated");
}

static void
test_trailing_data (void)
{
  const guint32 dims[3] = { 2, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 2 * 28 * 28 + 1);

  assert_bytes_fail ("long-idx3-ubyte", b->data, b->len, DT_IDX_MAGIC_IMAGES, "trailing");
}

static void
test_absurd_dimensions (void)
{
  const guint32 huge[3] = { 0xffffffff, 0xffffffff, 0xffffffff };
  const guint32 wraps[3] = { 0x10000, 0x10000, 0x10000 };   /* 2^48 bytes: wraps a 32-bit size */
  const guint32 big_labels[1] = { 0xffffffff };
  g_autoptr(GByteArray) a = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, huge, 64);
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, wraps, 64);
  g_autoptr(GByteArray) c = idx_bytes (DT_IDX_MAGIC_LABELS, 1, big_labels, 64);

  assert_bytes_fail ("huge-idx3-ubyte", a->data, a->len, DT_IDX_MAGIC_IMAGES, "large");
  assert_bytes_fail ("wraps-idx3-ubyte", b->data, b->len, DT_IDX_MAGIC_IMAGES, "large");
  assert_bytes_fail ("huge-idx1-ubyte", c->data, c->len, DT_IDX_MAGIC_LABELS, "large");
}

/* Caps this process's address space at its current size plus `extra` bytes. */
static void
limit_address_space (gsize extra)
{
  g_autofree char *statm = NULL;
  struct rlimit lim;
  long page = sysconf (_SC_PAGESIZE);

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  lim.rlim_cur = lim.rlim_max = (rlim_t) g_ascii_strtoull (statm, NULL, 10) * page + extra;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &lim), ==, 0);
}

/* A small gzip file whose header claims nearly the 2 GiB limit is refused as truncated,
 * and the loader does not trust the claim with one huge allocation: with the address space
 * capped 256 MiB above its current size, it still reports the truncation, not a lack of
 * memory.  (ASan reserves terabytes of shadow memory, so the cap is skipped there.) */
static void
test_gzip_claims_too_much (void)
{
  const guint32 dims[3] = { 2000000, 32, 32 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 4096);
  g_autoptr(GBytes) gz = gzip_bytes (b->data, b->len);
  g_autofree char *dir = make_dir ("claims");
  g_autofree char *path = write_bytes (dir, "claims-idx3-ubyte.gz",
                                       g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));

  if (g_test_subprocess ())
    {
      limit_address_space (256u << 20);
      assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, "truncated");
      return;
    }
#ifndef __SANITIZE_ADDRESS__
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
#endif
  assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, "truncated");
}

static void
test_zero_dimension (void)
{
  const guint32 no_items[3] = { 0, 28, 28 };
  const guint32 no_rows[3] = { 5, 0, 28 };
  const guint32 no_labels[1] = { 0 };
  g_autoptr(GByteArray) a = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, no_items, 0);
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, no_rows, 0);
  g_autoptr(GByteArray) c = idx_bytes (DT_IDX_MAGIC_LABELS, 1, no_labels, 0);

  assert_bytes_fail ("none-idx3-ubyte", a->data, a->len, DT_IDX_MAGIC_IMAGES, "zero");
  assert_bytes_fail ("flat-idx3-ubyte", b->data, b->len, DT_IDX_MAGIC_IMAGES, "zero");
  assert_bytes_fail ("none-idx1-ubyte", c->data, c->len, DT_IDX_MAGIC_LABELS, "zero");
}

static void
test_gzip_garbage (void)
{
  g_autofree char *dir = make_dir ("gzip");
  guint8 junk[300];
  g_autofree char *path = NULL;

  /* the gzip magic, then bytes that are no deflate stream */
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 37 + 11);
  junk[0] = 0x1f;
  junk[1] = 0x8b;
  path = write_bytes (dir, "garbage-idx3-ubyte.gz", junk, sizeof junk);
  assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, NULL);

  /* only the two magic bytes */
  g_clear_pointer (&path, g_free);
  path = write_bytes (dir, "magiconly-idx3-ubyte.gz", junk, 2);
  assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, NULL);
}

static void
test_gzip_truncated (void)
{
  const guint32 dims[3] = { 20, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 20 * 28 * 28);
  g_autoptr(GBytes) gz = gzip_bytes (b->data, b->len);
  g_autofree char *dir = make_dir ("gzip");
  const guint8 *data = g_bytes_get_data (gz, NULL);
  gsize len = g_bytes_get_size (gz);
  /* cut in the deflate data, and just before the CRC-32 / size trailer ends: all the
   * content is there but the stream is not complete */
  const gsize cuts[] = { 12, len / 2, len - 8, len - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut%zu-idx3-ubyte.gz", cuts[i]);
      g_autofree char *path = write_bytes (dir, name, data, cuts[i]);

      assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, NULL);
    }
}

static void
test_gzip_bad_crc (void)
{
  const guint32 dims[3] = { 2, 28, 28 };
  g_autoptr(GByteArray) b = idx_bytes (DT_IDX_MAGIC_IMAGES, 3, dims, 2 * 28 * 28);
  g_autoptr(GBytes) gz = gzip_bytes (b->data, b->len);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  gsize len = g_bytes_get_size (gz);
  g_autofree char *dir = make_dir ("gzip");
  g_autofree char *path = NULL;

  data[len - 6] ^= 0x40;    /* inside the CRC-32 of the trailer */
  path = write_bytes (dir, "crc-idx3-ubyte.gz", data, len);
  assert_idx_fails (path, DT_IDX_MAGIC_IMAGES, DT_DATA_ERROR_CORRUPT, NULL);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_root, "no-such-idx3-ubyte", NULL);
  g_autoptr(DtIdx) idx = dt_idx_load (path, DT_IDX_MAGIC_IMAGES, &error);

  g_assert_null (idx);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-idx3-ubyte"));
}

/* ---- datasets: pairs of files ------------------------------------------------------- */

/* Writes prefix-images-idx3-ubyte[.gz] and prefix-labels-idx1-ubyte[.gz] into dir: n images
 * of rows × cols pixels and n_labels labels (label i = i % 10, unless bad_label). */
static void
write_pair (const char *dir,
            const char *prefix,
            gsize       n,
            guint32     rows,
            guint32     cols,
            gsize       n_labels,
            gboolean    gz,
            int         bad_label)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *pixels = g_malloc (MAX (n * rows * cols, 1));
  g_autofree guint8 *labels = g_malloc (MAX (n_labels, 1));
  guint32 idims[3] = { (guint32) n, rows, cols };
  guint32 ldims[1] = { (guint32) n_labels };
  g_autofree char *ipath = g_strdup_printf ("%s/%s-images-idx3-ubyte%s", dir, prefix,
                                            gz ? ".gz" : "");
  g_autofree char *lpath = g_strdup_printf ("%s/%s-labels-idx1-ubyte%s", dir, prefix,
                                            gz ? ".gz" : "");

  for (gsize i = 0; i < n * rows * cols; i++)
    pixels[i] = (guint8) ((i * 31 + i / 784) & 0xff);
  for (gsize i = 0; i < n_labels; i++)
    labels[i] = (guint8) (i % 10);
  if (bad_label >= 0)
    labels[n_labels / 2] = (guint8) bad_label;

  dt_idx_save (ipath, 3, idims, pixels, &error);
  g_assert_no_error (error);
  dt_idx_save (lpath, 1, ldims, labels, &error);
  g_assert_no_error (error);
}

static void
assert_dataset_fails (const char *dir,
                      int         code,
                      const char *file_named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) ds = dt_dataset_load (dir, "train", &error);

  g_assert_null (ds);
  g_assert_error (error, DT_DATA_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, file_named));
}

static void
test_count_mismatch (void)
{
  g_autofree char *dir = make_dir ("mismatch");

  write_pair (dir, "train", 12, 28, 28, 11, FALSE, -1);
  assert_dataset_fails (dir, DT_DATA_ERROR_MISMATCH, "train-labels-idx1-ubyte");
}

static void
test_label_out_of_range (void)
{
  g_autofree char *dir = make_dir ("label10");
  g_autofree char *dir255 = make_dir ("label255");

  write_pair (dir, "train", 12, 28, 28, 12, TRUE, 10);
  assert_dataset_fails (dir, DT_DATA_ERROR_CORRUPT, "train-labels-idx1-ubyte.gz");
  write_pair (dir255, "train", 12, 28, 28, 12, FALSE, 255);
  assert_dataset_fails (dir255, DT_DATA_ERROR_CORRUPT, "train-labels-idx1-ubyte");
}

static void
test_not_28x28 (void)
{
  g_autofree char *dir = make_dir ("size27");
  g_autofree char *dir_wide = make_dir ("size28x29");

  write_pair (dir, "train", 4, 27, 27, 4, FALSE, -1);
  assert_dataset_fails (dir, DT_DATA_ERROR_MISMATCH, "train-images-idx3-ubyte");
  write_pair (dir_wide, "train", 4, 28, 29, 4, TRUE, -1);
  assert_dataset_fails (dir_wide, DT_DATA_ERROR_MISMATCH, "train-images-idx3-ubyte.gz");
}

static void
test_dataset_missing_file (void)
{
  g_autofree char *dir = make_dir ("half");
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);

  write_pair (dir, "train", 4, 28, 28, 4, FALSE, -1);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  assert_dataset_fails (dir, DT_DATA_ERROR_NOT_FOUND, "train-labels-idx1-ubyte");
}

/* ---- valid files -------------------------------------------------------------------- */

static void
test_raw_and_gzip_identical (void)
{
  g_autofree char *raw_dir = make_dir ("valid-raw");
  g_autofree char *gz_dir = make_dir ("valid-gz");
  g_autoptr(GError) error = NULL;
  g_autoptr(DtDataset) a = NULL;
  g_autoptr(DtDataset) b = NULL;
  g_autofree char *gz_path = g_build_filename (gz_dir, "train-images-idx3-ubyte.gz", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  write_pair (raw_dir, "train", 37, 28, 28, 37, FALSE, -1);
  write_pair (gz_dir, "train", 37, 28, 28, 37, TRUE, -1);

  /* dt_idx_save really compressed the .gz one */
  g_file_get_contents (gz_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 2);
  g_assert_cmphex ((guint8) contents[0], ==, 0x1f);
  g_assert_cmphex ((guint8) contents[1], ==, 0x8b);

  a = dt_dataset_load (raw_dir, "train", &error);
  g_assert_no_error (error);
  b = dt_dataset_load (gz_dir, "train", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->n, ==, 37);
  g_assert_cmpuint (b->n, ==, 37);
  g_assert_cmpint (a->rows, ==, 28);
  g_assert_cmpint (b->cols, ==, 28);
  g_assert_cmpmem (a->images, 37 * 784, b->images, 37 * 784);
  g_assert_cmpmem (a->labels, 37, b->labels, 37);
  /* and they hold what was written */
  for (gsize i = 0; i < 37 * 784; i++)
    g_assert_cmpuint (a->images[i], ==, (guint8) ((i * 31 + i / 784) & 0xff));
  for (gsize i = 0; i < 37; i++)
    g_assert_cmpuint (a->labels[i], ==, i % 10);
}

static void
test_idx_round_trip (void)
{
  g_autofree char *dir = make_dir ("roundtrip");
  const guint32 dims[3] = { 3, 5, 7 };
  guint8 data[3 * 5 * 7];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (255 - i);

  for (int gz = 0; gz < 2; gz++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, gz ? "odd-idx3-ubyte.gz"
                                                        : "odd-idx3-ubyte", NULL);
      g_autoptr(DtIdx) idx = NULL;

      dt_idx_save (path, 3, dims, data, &error);
      g_assert_no_error (error);
      idx = dt_idx_load (path, DT_IDX_MAGIC_IMAGES, &error);
      g_assert_no_error (error);
      g_assert_cmpint (idx->rank, ==, 3);
      g_assert_cmpuint (idx->dims[0], ==, 3);
      g_assert_cmpuint (idx->dims[1], ==, 5);
      g_assert_cmpuint (idx->dims[2], ==, 7);
      g_assert_cmpuint (idx->n_items, ==, 3);
      g_assert_cmpuint (idx->item_size, ==, 35);
      g_assert_cmpmem (idx->data, sizeof data, data, sizeof data);
    }
}

static void
test_gather_divides (void)
{
  g_autoptr(DtDataset) ds = dt_dataset_new (2, 28, 28);
  const guint32 idx[3] = { 1, 0, 1 };
  float x[3 * 784];
  guint8 y[3];

  for (gsize i = 0; i < 784; i++)
    {
      ds->images[i] = (guint8) (i & 0xff);
      ds->images[784 + i] = 255;
    }
  ds->labels[0] = 3;
  ds->labels[1] = 9;
  dt_dataset_gather (ds, idx, 3, x, y);
  g_assert_cmpuint (y[0], ==, 9);
  g_assert_cmpuint (y[1], ==, 3);
  g_assert_cmpuint (y[2], ==, 9);
  g_assert_cmpfloat (x[0], ==, 1.0f);
  g_assert_cmpfloat (x[784 + 0], ==, 0.0f);
  g_assert_cmpfloat (x[784 + 200], ==, 200.0f / 255.0f);
  g_assert_cmpfloat (x[2 * 784 + 783], ==, 1.0f);
}

/* ---- where the data is looked for --------------------------------------------------- */

/* A folder holding the four MNIST names (contents do not matter to the lookup). */
static char *
make_mnist_dir (const char *name,
                gboolean    gz,
                int         skip)
{
  char *dir = make_dir (name);

  for (guint i = 0; i < G_N_ELEMENTS (mnist_names); i++)
    {
      g_autofree char *file = g_strconcat (mnist_names[i], gz ? ".gz" : "", NULL);
      g_autofree char *path = NULL;

      if ((int) i == skip)
        continue;
      path = write_bytes (dir, file, (const guint8 *) "x", 1);
    }
  return dir;
}

static char *
find_dir_ok (const char *explicit_dir)
{
  g_autoptr(GError) error = NULL;
  char *dir = dt_data_find_dir (explicit_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static void
test_find_order (void)
{
  g_autofree char *explicit_dir = make_mnist_dir ("find/explicit", FALSE, -1);
  g_autofree char *env_dir = make_mnist_dir ("find/env", TRUE, -1);
  g_autofree char *xdg_dir = g_build_filename (xdg_data_home, "digit-trainer", "mnist", NULL);
  g_autofree char *incomplete = make_mnist_dir ("find/incomplete", FALSE, 3);
  g_autofree char *default_dir = dt_data_default_dir ();
  char *found;

  g_assert_cmpstr (default_dir, ==, xdg_dir);
  g_free (make_mnist_dir ("xdg/digit-trainer/mnist", FALSE, -1));
  g_setenv ("MNIST_DIR", env_dir, TRUE);

  found = find_dir_ok (explicit_dir);
  g_assert_cmpstr (found, ==, explicit_dir);
  g_free (found);

  found = find_dir_ok (NULL);
  g_assert_cmpstr (found, ==, env_dir);
  g_free (found);
  found = find_dir_ok ("");
  g_assert_cmpstr (found, ==, env_dir);
  g_free (found);

  /* a folder missing one file is passed over */
  found = find_dir_ok (incomplete);
  g_assert_cmpstr (found, ==, env_dir);
  g_free (found);

  g_setenv ("MNIST_DIR", incomplete, TRUE);
  found = find_dir_ok (NULL);
  g_assert_cmpstr (found, ==, xdg_dir);
  g_free (found);

  g_unsetenv ("MNIST_DIR");
  found = find_dir_ok (NULL);
  g_assert_cmpstr (found, ==, xdg_dir);
  g_free (found);
}

static void
test_find_file_spellings (void)
{
  g_autofree char *dir = make_mnist_dir ("spell", TRUE, -1);
  g_autofree char *gz = dt_data_find_file (dir, "train-images-idx3-ubyte");
  g_autofree char *raw = NULL;
  g_autofree char *none = dt_data_find_file (dir, "no-such-idx1-ubyte");
  g_autofree char *raw_path = NULL;

  g_assert_true (g_str_has_suffix (gz, "/train-images-idx3-ubyte.gz"));
  g_assert_null (none);

  /* with both spellings present, the raw file wins */
  raw_path = write_bytes (dir, "train-images-idx3-ubyte", (const guint8 *) "x", 1);
  raw = dt_data_find_file (dir, "train-images-idx3-ubyte");
  g_assert_cmpstr (raw, ==, raw_path);
}

static void
test_find_missing (void)
{
  g_autofree char *explicit_dir = make_mnist_dir ("missing/explicit", FALSE, 0);
  g_autofree char *env_dir = make_dir ("missing/env");
  g_autofree char *xdg_dir = g_build_filename (xdg_data_home, "digit-trainer", "mnist", NULL);
  g_autofree char *xdg_file = g_build_filename (xdg_dir, "t10k-labels-idx1-ubyte", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  /* the default folder may hold a full set from test_find_order: break it */
  g_free (make_mnist_dir ("xdg/digit-trainer/mnist", FALSE, -1));
  g_assert_cmpint (g_unlink (xdg_file), ==, 0);
  g_setenv ("MNIST_DIR", env_dir, TRUE);

  found = dt_data_find_dir (explicit_dir, &error);
  g_assert_null (found);
  g_assert_error (error, DT_DATA_ERROR, DT_DATA_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, explicit_dir));
  g_assert_nonnull (strstr (error->message, env_dir));
  g_assert_nonnull (strstr (error->message, xdg_dir));
  g_assert_nonnull (strstr (error->message, "train-images-idx3-ubyte"));
  g_assert_nonnull (strstr (error->message, "build-aux/fetch-mnist.sh"));
  g_unsetenv ("MNIST_DIR");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* before anything asks GLib for the user data dir, which it caches */
  tmp_root = g_dir_make_tmp ("dt-test-idx-XXXXXX", &error);
  g_assert_no_error (error);
  xdg_data_home = g_build_filename (tmp_root, "xdg", NULL);
  g_setenv ("XDG_DATA_HOME", xdg_data_home, TRUE);
  g_unsetenv ("MNIST_DIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/idx/empty", test_empty);
  g_test_add_func ("/data/idx/wrong-magic", test_wrong_magic);
  g_test_add_func ("/data/idx/labels-for-images", test_labels_for_images);
  g_test_add_func ("/data/idx/truncated-header", test_truncated_header);
  g_test_add_func ("/data/idx/truncated-body", test_truncated_body);
  g_test_add_func ("/data/idx/trailing-data", test_trailing_data);
  g_test_add_func ("/data/idx/absurd-dimensions", test_absurd_dimensions);
  g_test_add_func ("/data/idx/gzip-claims-too-much", test_gzip_claims_too_much);
  g_test_add_func ("/data/idx/zero-dimension", test_zero_dimension);
  g_test_add_func ("/data/idx/gzip-garbage", test_gzip_garbage);
  g_test_add_func ("/data/idx/gzip-truncated", test_gzip_truncated);
  g_test_add_func ("/data/idx/gzip-bad-crc", test_gzip_bad_crc);
  g_test_add_func ("/data/idx/missing-file", test_missing_file);
  g_test_add_func ("/data/idx/round-trip", test_idx_round_trip);
  g_test_add_func ("/data/dataset/count-mismatch", test_count_mismatch);
  g_test_add_func ("/data/dataset/label-out-of-range", test_label_out_of_range);
  g_test_add_func ("/data/dataset/not-28x28", test_not_28x28);
  g_test_add_func ("/data/dataset/missing-file", test_dataset_missing_file);
  g_test_add_func ("/data/dataset/raw-and-gzip-identical", test_raw_and_gzip_identical);
  g_test_add_func ("/data/dataset/gather-divides", test_gather_divides);
  g_test_add_func ("/data/find/order", test_find_order);
  g_test_add_func ("/data/find/spellings", test_find_file_spellings);
  g_test_add_func ("/data/find/missing", test_find_missing);

  status = g_test_run ();

  if (!rm_rf (tmp_root))
    status = 1;
  g_free (xdg_data_home);
  g_free (tmp_root);
  return status;
}
