/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "nn-dataset.h"
#include "dt-test-util.h"

/* Pairs of image and label files: what makes a set unusable, raw and gzip sets loading
 * identically, batches as floats, and where the MNIST folder is looked for. */

/* Every file these tests write lives under one temporary folder made in main(). */
static char *tmp_root;
static char *xdg_data_home;

static const char * const mnist_names[] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

static char *
make_dir (const char *name)
{
  return dt_test_make_dir (tmp_root, name);
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

  nn_idx_save (ipath, 3, idims, pixels, &error);
  g_assert_no_error (error);
  nn_idx_save (lpath, 1, ldims, labels, &error);
  g_assert_no_error (error);
}

static void
assert_dataset_fails (const char *dir,
                      int         code,
                      const char *file_named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = nn_dataset_load (dir, "train", &error);

  g_assert_null (ds);
  g_assert_error (error, NN_DATA_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, file_named));
}

static void
test_count_mismatch (void)
{
  g_autofree char *dir = make_dir ("mismatch");

  write_pair (dir, "train", 12, 28, 28, 11, FALSE, -1);
  assert_dataset_fails (dir, NN_DATA_ERROR_MISMATCH, "train-labels-idx1-ubyte");
}

static void
test_label_out_of_range (void)
{
  g_autofree char *dir = make_dir ("label10");
  g_autofree char *dir255 = make_dir ("label255");

  write_pair (dir, "train", 12, 28, 28, 12, TRUE, 10);
  assert_dataset_fails (dir, NN_DATA_ERROR_CORRUPT, "train-labels-idx1-ubyte.gz");
  write_pair (dir255, "train", 12, 28, 28, 12, FALSE, 255);
  assert_dataset_fails (dir255, NN_DATA_ERROR_CORRUPT, "train-labels-idx1-ubyte");
}

static void
test_not_28x28 (void)
{
  g_autofree char *dir = make_dir ("size27");
  g_autofree char *dir_wide = make_dir ("size28x29");

  write_pair (dir, "train", 4, 27, 27, 4, FALSE, -1);
  assert_dataset_fails (dir, NN_DATA_ERROR_MISMATCH, "train-images-idx3-ubyte");
  write_pair (dir_wide, "train", 4, 28, 29, 4, TRUE, -1);
  assert_dataset_fails (dir_wide, NN_DATA_ERROR_MISMATCH, "train-images-idx3-ubyte.gz");
}

static void
test_dataset_missing_file (void)
{
  g_autofree char *dir = make_dir ("half");
  g_autofree char *labels = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);

  write_pair (dir, "train", 4, 28, 28, 4, FALSE, -1);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  assert_dataset_fails (dir, NN_DATA_ERROR_NOT_FOUND, "train-labels-idx1-ubyte");
}

/* ---- valid files -------------------------------------------------------------------- */

static void
test_raw_and_gzip_identical (void)
{
  g_autofree char *raw_dir = make_dir ("valid-raw");
  g_autofree char *gz_dir = make_dir ("valid-gz");
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) a = NULL;
  g_autoptr(NnDataset) b = NULL;
  g_autofree char *gz_path = g_build_filename (gz_dir, "train-images-idx3-ubyte.gz", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  write_pair (raw_dir, "train", 37, 28, 28, 37, FALSE, -1);
  write_pair (gz_dir, "train", 37, 28, 28, 37, TRUE, -1);

  /* nn_idx_save really compressed the .gz one */
  g_file_get_contents (gz_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 2);
  g_assert_cmphex ((guint8) contents[0], ==, 0x1f);
  g_assert_cmphex ((guint8) contents[1], ==, 0x8b);

  a = nn_dataset_load (raw_dir, "train", &error);
  g_assert_no_error (error);
  b = nn_dataset_load (gz_dir, "train", &error);
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
test_gather_divides (void)
{
  g_autoptr(NnDataset) ds = nn_dataset_new (2, 28, 28);
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
  nn_dataset_gather (ds, idx, 3, x, y);
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
      path = dt_test_write_file (dir, file, (const guint8 *) "x", 1);
    }
  return dir;
}

static char *
find_dir_ok (const char *explicit_dir)
{
  g_autoptr(GError) error = NULL;
  char *dir = nn_data_find_dir (explicit_dir, &error);

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
  g_autofree char *default_dir = nn_data_default_dir ();
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
  g_autofree char *gz = nn_data_find_file (dir, "train-images-idx3-ubyte");
  g_autofree char *raw = NULL;
  g_autofree char *none = nn_data_find_file (dir, "no-such-idx1-ubyte");
  g_autofree char *raw_path = NULL;

  g_assert_true (g_str_has_suffix (gz, "/train-images-idx3-ubyte.gz"));
  g_assert_null (none);

  /* with both spellings present, the raw file wins */
  raw_path = dt_test_write_file (dir, "train-images-idx3-ubyte", (const guint8 *) "x", 1);
  raw = nn_data_find_file (dir, "train-images-idx3-ubyte");
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

  found = nn_data_find_dir (explicit_dir, &error);
  g_assert_null (found);
  g_assert_error (error, NN_DATA_ERROR, NN_DATA_ERROR_NOT_FOUND);
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
  int status;

  /* before anything asks GLib for the user data dir, which it caches */
  tmp_root = dt_test_make_tmp_root ("dt-test-dataset-XXXXXX");
  xdg_data_home = g_build_filename (tmp_root, "xdg", NULL);
  g_setenv ("XDG_DATA_HOME", xdg_data_home, TRUE);
  g_unsetenv ("MNIST_DIR");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/dataset/count-mismatch", test_count_mismatch);
  g_test_add_func ("/data/dataset/label-out-of-range", test_label_out_of_range);
  g_test_add_func ("/data/dataset/not-28x28", test_not_28x28);
  g_test_add_func ("/data/dataset/missing-file", test_dataset_missing_file);
  g_test_add_func ("/data/dataset/raw-and-gzip-identical", test_raw_and_gzip_identical);
  g_test_add_func ("/data/dataset/gather-divides", test_gather_divides);
  g_test_add_func ("/data/find/order", test_find_order);
  g_test_add_func ("/data/find/spellings", test_find_file_spellings);
  g_test_add_func ("/data/find/missing", test_find_missing);

  status = dt_test_run_and_remove (tmp_root);
  g_free (xdg_data_home);
  g_free (tmp_root);
  return status;
}
