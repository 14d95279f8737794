/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nn-dataset.h"
#include "dt-test-util.h"

/* Malformed IDX files, raw and gzip'd, each refused with a GError naming the file. */

/* Every file these tests write lives under one temporary folder made in main(). */
static char *tmp_root;

static char *
make_dir (const char *name)
{
  return dt_test_make_dir (tmp_root, name);
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

/* A valid IDX file of n 28×28 images, followed by `extra` bytes that do not belong. */
static GByteArray *
images_idx (guint32 n,
            gsize   extra)
{
  const guint32 dims[3] = { n, NN_IMAGE_SIDE, NN_IMAGE_SIDE };

  return idx_bytes (NN_IDX_MAGIC_IMAGES, 3, dims, n * NN_IMAGE_PIXELS + extra);
}

/* Loads path, expects a NN_DATA_ERROR with that code whose message names the file (and
 * contains `reason` when given). */
static void
assert_idx_fails (const char *path,
                  guint32     magic,
                  int         code,
                  const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnIdx) idx = nn_idx_load (path, magic, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (idx);
  g_assert_error (error, NN_DATA_ERROR, code);
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
  g_autofree char *raw_path = dt_test_write_file (dir, name, data, len);
  g_autoptr(GBytes) gz = dt_test_gzip (data, len);
  g_autofree char *gz_name = g_strconcat (name, ".gz", NULL);
  g_autofree char *gz_path = dt_test_write_file (dir, gz_name, g_bytes_get_data (gz, NULL),
                                          g_bytes_get_size (gz));

  assert_idx_fails (raw_path, magic, NN_DATA_ERROR_CORRUPT, reason);
  assert_idx_fails (gz_path, magic, NN_DATA_ERROR_CORRUPT, reason);
}

/* ---- malformed IDX files ------------------------------------------------------------ */

static void
test_empty (void)
{
  assert_bytes_fail ("empty-idx3-ubyte", (const guint8 *) "", 0, NN_IDX_MAGIC_IMAGES,
                     "truncated");
}

static void
test_wrong_magic (void)
{
  const guint32 dims[3] = { 2, NN_IMAGE_SIDE, NN_IMAGE_SIDE };
  g_autoptr(GByteArray) b = idx_bytes (0x00000c03, 3, dims, 2 * NN_IMAGE_PIXELS);
  g_autoptr(GByteArray) png = g_byte_array_new ();

  assert_bytes_fail ("magic-idx3-ubyte", b->data, b->len, NN_IDX_MAGIC_IMAGES, "0x00000c03");
  /* something that is not IDX at all */
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  assert_bytes_fail ("picture.png", png->data, png->len, NN_IDX_MAGIC_IMAGES, "magic");
}

static void
test_labels_for_images (void)
{
  const guint32 dims[1] = { 5 };
  g_autoptr(GByteArray) labels = idx_bytes (NN_IDX_MAGIC_LABELS, 1, dims, 5);
  const guint32 idims[3] = { 1, 2, 2 };
  g_autoptr(GByteArray) images = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, idims, 4);

  assert_bytes_fail ("swapped-labels", labels->data, labels->len, NN_IDX_MAGIC_IMAGES,
                     "0x00000801");
  assert_bytes_fail ("swapped-images", images->data, images->len, NN_IDX_MAGIC_LABELS,
                     "0x00000803");
}

static void
test_truncated_header (void)
{
  g_autoptr(GByteArray) b = images_idx (2, 0);

  /* inside the magic, and inside the dimensions */
  assert_bytes_fail ("short2-idx3-ubyte", b->data, 2, NN_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("short9-idx3-ubyte", b->data, 9, NN_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("short15-idx3-ubyte", b->data, 15, NN_IDX_MAGIC_IMAGES, "truncated");
}

static void
test_truncated_body (void)
{
  g_autoptr(GByteArray) b = images_idx (3, 0);
  const guint32 ldims[1] = { 10 };
  g_autoptr(GByteArray) l = idx_bytes (NN_IDX_MAGIC_LABELS, 1, ldims, 10);

  assert_bytes_fail ("cut-idx3-ubyte", b->data, b->len - 1, NN_IDX_MAGIC_IMAGES, "truncated");
  assert_bytes_fail ("cut-idx1-ubyte", l->data, l->len - 3, NN_IDX_MAGIC_LABELS, "truncated");
  assert_bytes_fail ("nobody-idx1-ubyte", l->data, 8, NN_IDX_MAGIC_LABELS, "truncated");
}

static void
test_trailing_data (void)
{
  g_autoptr(GByteArray) b = images_idx (2, 1);

  assert_bytes_fail ("long-idx3-ubyte", b->data, b->len, NN_IDX_MAGIC_IMAGES, "trailing");
}

/* An IDX file with these dimensions (and a few bytes of body) is refused as corrupt. */
static void
assert_dims_fail (const char    *name,
                  guint32        magic,
                  int            rank,
                  const guint32 *dims,
                  gsize          body_len,
                  const char    *reason)
{
  g_autoptr(GByteArray) b = idx_bytes (magic, rank, dims, body_len);

  assert_bytes_fail (name, b->data, b->len, magic, reason);
}

static void
test_absurd_dimensions (void)
{
  const guint32 huge[3] = { 0xffffffff, 0xffffffff, 0xffffffff };
  const guint32 wraps[3] = { 0x10000, 0x10000, 0x10000 };   /* 2^48 bytes: wraps a 32-bit size */
  const guint32 big_labels[1] = { 0xffffffff };

  assert_dims_fail ("huge-idx3-ubyte", NN_IDX_MAGIC_IMAGES, 3, huge, 64, "large");
  assert_dims_fail ("wraps-idx3-ubyte", NN_IDX_MAGIC_IMAGES, 3, wraps, 64, "large");
  assert_dims_fail ("huge-idx1-ubyte", NN_IDX_MAGIC_LABELS, 1, big_labels, 64, "large");
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
  g_autoptr(GByteArray) b = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, dims, 4096);
  g_autoptr(GBytes) gz = dt_test_gzip (b->data, b->len);
  g_autofree char *dir = make_dir ("claims");
  g_autofree char *path = dt_test_write_file (dir, "claims-idx3-ubyte.gz",
                                       g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));

  if (g_test_subprocess ())
    {
      limit_address_space (256u << 20);
      assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, "truncated");
      return;
    }
#ifndef __SANITIZE_ADDRESS__
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
#endif
  assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, "truncated");
}

static void
test_zero_dimension (void)
{
  const guint32 no_items[3] = { 0, NN_IMAGE_SIDE, NN_IMAGE_SIDE };
  const guint32 no_rows[3] = { 5, 0, NN_IMAGE_SIDE };
  const guint32 no_labels[1] = { 0 };

  assert_dims_fail ("none-idx3-ubyte", NN_IDX_MAGIC_IMAGES, 3, no_items, 0, "zero");
  assert_dims_fail ("flat-idx3-ubyte", NN_IDX_MAGIC_IMAGES, 3, no_rows, 0, "zero");
  assert_dims_fail ("none-idx1-ubyte", NN_IDX_MAGIC_LABELS, 1, no_labels, 0, "zero");
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
  path = dt_test_write_file (dir, "garbage-idx3-ubyte.gz", junk, sizeof junk);
  assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, NULL);

  /* only the two magic bytes */
  g_clear_pointer (&path, g_free);
  path = dt_test_write_file (dir, "magiconly-idx3-ubyte.gz", junk, 2);
  assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, NULL);
}

static void
test_gzip_truncated (void)
{
  g_autoptr(GByteArray) b = images_idx (20, 0);
  g_autoptr(GBytes) gz = dt_test_gzip (b->data, b->len);
  g_autofree char *dir = make_dir ("gzip");
  const guint8 *data = g_bytes_get_data (gz, NULL);
  gsize len = g_bytes_get_size (gz);
  /* cut in the deflate data, and just before the CRC-32 / size trailer ends: all the
   * content is there but the stream is not complete */
  const gsize cuts[] = { 12, len / 2, len - 8, len - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut%zu-idx3-ubyte.gz", cuts[i]);
      g_autofree char *path = dt_test_write_file (dir, name, data, cuts[i]);

      assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, NULL);
    }
}

static void
test_gzip_bad_crc (void)
{
  g_autoptr(GByteArray) b = images_idx (2, 0);
  g_autoptr(GBytes) gz = dt_test_gzip (b->data, b->len);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  gsize len = g_bytes_get_size (gz);
  g_autofree char *dir = make_dir ("gzip");
  g_autofree char *path = NULL;

  data[len - 6] ^= 0x40;    /* inside the CRC-32 of the trailer */
  path = dt_test_write_file (dir, "crc-idx3-ubyte.gz", data, len);
  assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, NULL);
}

/* gzip files of several members (`cat a.gz b.gz`; an empty member too) load exactly as
 * the raw file does, wherever the members split it. */
static void
test_gzip_members (void)
{
  g_autoptr(GByteArray) b = images_idx (20, 0);
  g_autofree char *dir = make_dir ("members");
  const gsize splits[][2] = { { 1, 2 }, { 4, 4 }, { 16, 5000 }, { b->len / 2, b->len - 3 },
                              { b->len, b->len } };

  for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) cat = g_byte_array_new ();
      g_autofree char *name = g_strdup_printf ("members%u-idx3-ubyte.gz", i);
      g_autofree char *path = NULL;
      g_autoptr(NnIdx) idx = NULL;
      gsize bounds[4] = { 0, splits[i][0], splits[i][1], b->len };

      for (guint m = 0; m < 3; m++)
        {
          /* equal bounds make an empty member */
          g_autoptr(GBytes) gz = dt_test_gzip (b->data + bounds[m], bounds[m + 1] - bounds[m]);
          g_byte_array_append (cat, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
        }
      path = dt_test_write_file (dir, name, cat->data, cat->len);
      idx = nn_idx_load (path, NN_IDX_MAGIC_IMAGES, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (idx->n_items, ==, 20);
      g_assert_cmpmem (idx->data, idx->n_items * idx->item_size, b->data + 16, b->len - 16);
    }
}

/* Bytes after the last member are refused, as they are after a raw file: junk, zeros, and
 * the start of a gzip header that ends there. */
static void
test_gzip_trailing (void)
{
  g_autoptr(GByteArray) b = images_idx (3, 0);
  g_autoptr(GBytes) gz = dt_test_gzip (b->data, b->len);
  g_autofree char *dir = make_dir ("gzip-trailing");
  static const struct { const char *name; const char *bytes; gsize len; const char *reason; }
  tails[] = {
    { "junk", "junk", 4, "trailing" },
    { "zeros", "\0\0\0\0\0\0\0\0", 8, "trailing" },
    { "one", "x", 1, "trailing" },
    { "half-magic", "\x1f", 1, "trailing" },
    { "magic", "\x1f\x8b", 2, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autoptr(GByteArray) cat = g_byte_array_new ();
      g_autofree char *name = g_strdup_printf ("tail-%s-idx3-ubyte.gz", tails[i].name);
      g_autofree char *path = NULL;

      g_byte_array_append (cat, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
      g_byte_array_append (cat, (const guint8 *) tails[i].bytes, tails[i].len);
      path = dt_test_write_file (dir, name, cat->data, cat->len);
      assert_idx_fails (path, NN_IDX_MAGIC_IMAGES, NN_DATA_ERROR_CORRUPT, tails[i].reason);
    }
}

/* A FIFO, a device and a folder named like MNIST files are refused at once: reading a
 * FIFO blocked forever, /dev/zero never ends. */
static void
test_not_regular (void)
{
  g_autofree char *dir = make_dir ("special");
  g_autofree char *fifo = g_build_filename (dir, "fifo-idx3-ubyte", NULL);
  const char *paths[] = { fifo, "/dev/zero", dir };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NnIdx) idx = nn_idx_load (paths[i], NN_IDX_MAGIC_IMAGES, &error);

      g_assert_null (idx);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_assert_nonnull (strstr (error->message, i < 2 ? "not a regular file" : "folder"));
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_root, "no-such-idx3-ubyte", NULL);
  g_autoptr(NnIdx) idx = nn_idx_load (path, NN_IDX_MAGIC_IMAGES, &error);

  g_assert_null (idx);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-idx3-ubyte"));
}

/* ---- valid files -------------------------------------------------------------------- */

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
      g_autoptr(NnIdx) idx = NULL;

      nn_idx_save (path, 3, dims, data, &error);
      g_assert_no_error (error);
      idx = nn_idx_load (path, NN_IDX_MAGIC_IMAGES, &error);
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

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_root = dt_test_make_tmp_root ("dt-test-idx-XXXXXX");

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
  g_test_add_func ("/data/idx/gzip-members", test_gzip_members);
  g_test_add_func ("/data/idx/gzip-trailing", test_gzip_trailing);
  g_test_add_func ("/data/idx/not-regular", test_not_regular);
  g_test_add_func ("/data/idx/missing-file", test_missing_file);
  g_test_add_func ("/data/idx/round-trip", test_idx_round_trip);

  status = dt_test_run_and_remove (tmp_root);
  g_free (tmp_root);
  return status;
}
