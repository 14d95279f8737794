/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fault suite, input half: digit-trainer-cli given a model file of every malformed
 * kind issue 10 lists (and the older ones), paths that are no files, bombs under
 * `ulimit -v`, and the drawn-samples store with corrupt files.  Each case checks the
 * message, the exit status and that no file was lost or written. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dt-test-data.h"
#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"
#include "nn-user-samples.h"

#define ADDRESS_LIMIT ((guint64) 1 << 30)   /* ulimit -v 1048576 */

static const char *cli_path;
static char *tmp_root;
static char *data_dir;

static void
run_cli (DtTestRun          *r,
         guint64             address_space,
         const char * const *argv)
{
  g_autofree char *xdg = g_build_filename (tmp_root, "xdg", NULL);
  DtTestCliOptions options = { .xdg_data_home = xdg, .timeout_s = 30 };

#ifndef __SANITIZE_ADDRESS__
  options.address_space = address_space;
#endif
  dt_test_run_cli_full (r, cli_path, &options, argv);
  g_assert_false (r->timed_out);
}

/* ---- model files --------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  gsize       offset;       /* where the patch goes, or where the file is cut */
  guint64     value;        /* little-endian, `width` bytes */
  int         width;
  const char *message;
} BadModel;

#define CUT 0   /* width: cut the file at offset */

static const BadModel bad_models[] = {
  /* issue 10 */
  { "epochs-int-max", NN_MODEL_OFFSET_EPOCHS, G_MAXINT, 4, "epoch count is out of range" },
  { "steps-int64-max", NN_MODEL_OFFSET_ITERATIONS, G_MAXINT64, 8, "iteration" },
  { "weight-inf", NN_MODEL_HEADER_SIZE, 0x7f800000, 4, "a weight is not a finite number" },
  { "weight-nan", NN_MODEL_HEADER_SIZE + 400, 0x7fc00000, 4, "a weight is not a finite" },
  { "accumulator-nan", NN_MODEL_HEADER_SIZE + 4 * 25450, 0xffc00000, 4, "accumulator" },
  { "accumulator-negative", NN_MODEL_HEADER_SIZE + 4 * 25451, 0xbf800000, 4, "accumulator" },
  { "epsilon-subnormal", NN_MODEL_OFFSET_EPSILON, 0x00000001, 4,
    "Epsilon must be between 1.17549e-38 and 1" },
  { "rng-even", NN_MODEL_OFFSET_RNG_INC, 0, 8, "shuffle generator" },
  /* and the kinds refused before */
  { "magic", 0, 0x58444f4d54, 8, "wrong magic number" },
  { "version", NN_MODEL_OFFSET_VERSION, 99, 4, "format version 99" },
  { "hidden-zero", NN_MODEL_OFFSET_N_HIDDEN, 0, 4, "dimensions are out of range" },
  { "lr-negative", NN_MODEL_OFFSET_LR, 0xbf800000, 4, "Learning rate" },
  { "truncated", 1000, 0, CUT, "truncated" },
  { "checksum", NN_MODEL_HEADER_SIZE + 8, 0x3f800000, -4, "checksum" },   /* not resealed */
};

/* The lesson's untrained model with one field changed (and, but for width < 0, the
 * checksum made right again, so that only that field is wrong). */
static char *
write_bad_model (const BadModel *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *d = NULL;
  g_autofree char *name = g_strconcat (b->name, ".dtmodel", NULL);
  guint64 le = GUINT64_TO_LE (b->value);
  gsize len;
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  bytes = nn_model_serialize (t);
  len = g_bytes_get_size (bytes);
  d = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  if (b->width == CUT)
    len = b->offset;
  else
    {
      memcpy (d + b->offset, &le, (gsize) ABS (b->width));
      if (b->width > 0)
        dt_test_reseal_sha256 (d, len);
    }
  return dt_test_write_file (tmp_root, name, d, len);
}

/* --load of each: exit 1, the file named with the reason, no training, no --save written,
 * the file itself untouched; --json prints nothing (it printed "test_loss": -nan). */
static void
test_bad_models (void)
{
  g_autofree char *out_model = g_build_filename (tmp_root, "never.dtmodel", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_models); i++)
    {
      g_autofree char *path = write_bad_model (&bad_models[i]);
      g_autofree char *base = g_path_get_basename (path);
      g_autoptr(GBytes) before = dt_test_read_file (path);
      const char *train[] = { "--data-dir", data_dir, "--epochs", "1", "--load", path,
                              "--save", out_model, NULL };
      const char *json[] = { "--data-dir", data_dir, "--epochs", "0", "--json", "--load", path,
                             NULL };
      g_auto(DtTestRun) r = { 0 };
      g_auto(DtTestRun) rj = { 0 };

      run_cli (&r, 0, train);
      g_assert_cmpint (r.status, ==, 1);
      dt_test_assert_contains (r.err, base);
      dt_test_assert_contains (r.err, bad_models[i].message);
      g_assert_null (strstr (r.out, "Epoch"));
      g_assert_false (g_file_test (out_model, G_FILE_TEST_EXISTS));
      dt_test_assert_file_is (path, before);

      run_cli (&rj, 0, json);
      g_assert_cmpint (rj.status, ==, 1);
      g_assert_cmpstr (rj.out, ==, "");
    }
}

/* /dev/zero was read until memory ran out and a FIFO blocked for ever; a folder, and a
 * sparse 8 GiB file no model can be, are refused too — at once. */
static void
test_not_model_files (void)
{
  g_autofree char *fifo = g_build_filename (tmp_root, "fifo.dtmodel", NULL);
  g_autofree char *sparse = g_build_filename (tmp_root, "sparse.dtmodel", NULL);
  const struct { const char *path; const char *message; } cases[] = {
    { "/dev/zero", "is a device, a pipe or a socket, not a regular file" },
    { fifo, "is a device, a pipe or a socket, not a regular file" },
    { tmp_root, "is a folder, not a file" },
    { sparse, "is too large" },
  };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  fd = g_open (sparse, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 8 << 30), ==, 0);
  close (fd);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { "--data-dir", data_dir, "--load", cases[i].path, NULL };
      g_auto(DtTestRun) r = { 0 };

      /* under the address-space limit too: nothing is read */
      run_cli (&r, ADDRESS_LIMIT, argv);
      g_assert_cmpint (r.status, ==, 1);
      dt_test_assert_contains (r.err, cases[i].path);
      dt_test_assert_contains (r.err, cases[i].message);
    }
  g_assert_cmpint (g_unlink (fifo), ==, 0);
  g_assert_cmpint (g_unlink (sparse), ==, 0);
}

/* ---- bombs under ulimit -v ----------------------------------------------------------- */

static void
test_png_bomb (void)
{
  g_autoptr(GBytes) bomb = dt_test_png_bomb (20000, 20000);
  g_autofree char *png = dt_test_write_file (tmp_root, "bomb.png",
                                             g_bytes_get_data (bomb, NULL),
                                             g_bytes_get_size (bomb));
  g_autofree char *model = g_build_filename (tmp_root, "lesson.dtmodel", NULL);
  const char *train[] = { "--data-dir", data_dir, "--epochs", "1", "--quiet", "--save", model,
                          NULL };
  const char *argv[] = { "--load", model, "--classify", png, NULL };
  g_auto(DtTestRun) trained = { 0 };
  g_auto(DtTestRun) r = { 0 };

  run_cli (&trained, 0, train);
  g_assert_cmpint (trained.status, ==, 0);
  run_cli (&r, ADDRESS_LIMIT, argv);
  g_assert_cmpint (r.status, ==, 1);
  dt_test_assert_contains (r.err, "bomb.png is 20000×20000 pixels; Digit Trainer reads "
                           "pictures of up to 4096×4096");
  g_assert_cmpstr (r.out, ==, "");
}

/* 2.3 GB of batch scratch aborted the program under a limit; now it is an error, and the
 * --save target keeps its model. */
static void
test_scratch_too_large (void)
{
  g_autofree char *model = g_build_filename (tmp_root, "kept.dtmodel", NULL);
  const char *train[] = { "--data-dir", data_dir, "--epochs", "1", "--quiet", "--save", model,
                          NULL };
  const char *argv[] = { "--data-dir", data_dir, "--hidden", "4096", "--batch-size", "60000",
                         "--save", model, NULL };
  g_auto(DtTestRun) trained = { 0 };
  g_auto(DtTestRun) r = { 0 };
  g_autoptr(GBytes) before = NULL;

  run_cli (&trained, 0, train);
  g_assert_cmpint (trained.status, ==, 0);
  before = dt_test_read_file (model);
  run_cli (&r, ADDRESS_LIMIT, argv);
  g_assert_cmpint (r.status, ==, 1);
  dt_test_assert_contains (r.err, "Not enough memory for batches of 60000 with 4096 hidden units");
  dt_test_assert_file_is (model, before);
}

/* ---- corrupt drawn samples ----------------------------------------------------------- */

static GBytes *
idx (guint32       magic,
     int           rank,
     const guint32 dims[],
     guint8        fill)
{
  GByteArray *b = g_byte_array_new ();
  gsize body = 1;

  for (int i = -1; i < rank; i++)
    {
      guint32 be = GUINT32_TO_BE (i < 0 ? magic : dims[i]);

      g_byte_array_append (b, (const guint8 *) &be, 4);
      body *= i < 0 ? 1 : dims[i];
    }
  for (gsize i = 0; i < body; i++)
    g_byte_array_append (b, &fill, 1);
  return g_byte_array_free_to_bytes (b);
}

/* Each corrupt store is reported naming its folder or file, and appending a drawing to it
 * fails with both files kept byte for byte (the app must not overwrite what it cannot
 * read). */
static void
test_corrupt_samples (void)
{
  const guint32 two[3] = { 2, 28, 28 }, odd[3] = { 2, 27, 28 }, n2[1] = { 2 };
  g_autoptr(GBytes) images = idx (NN_IDX_MAGIC_IMAGES, 3, two, 9);
  g_autoptr(GBytes) wrong = idx (NN_IDX_MAGIC_IMAGES, 3, odd, 9);
  g_autoptr(GBytes) labels = idx (NN_IDX_MAGIC_LABELS, 1, n2, 3);
  g_autoptr(GBytes) label12 = idx (NN_IDX_MAGIC_LABELS, 1, n2, 12);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (images, 0, g_bytes_get_size (images) - 5);
  g_autoptr(GBytes) gz = dt_test_gzip (g_bytes_get_data (images, NULL),
                                       g_bytes_get_size (images));
  g_autoptr(GByteArray) gz_junk = g_byte_array_new ();
  g_autoptr(GBytes) junk_bytes = NULL;
  const struct { const char *name; GBytes *images, *labels; const char *message; } cases[] = {
    { "label-12", images, label12, "has label 12, not a digit 0–9" },
    { "not-28x28", wrong, labels, "are not 28×28 images" },
    { "truncated", cut, labels, "truncated" },
    { "gzip-junk", NULL, labels, "trailing data after the gzip stream" },
  };

  g_byte_array_append (gz_junk, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
  g_byte_array_append (gz_junk, (const guint8 *) "junk", 4);
  junk_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&gz_junk));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = dt_test_make_dir (tmp_root, cases[i].name);
      GBytes *img = cases[i].images != NULL ? cases[i].images : junk_bytes;
      g_autofree char *ipath = dt_test_write_file (dir, NN_USER_SAMPLES_IMAGES,
                                                   g_bytes_get_data (img, NULL),
                                                   g_bytes_get_size (img));
      g_autofree char *lpath = dt_test_write_file (dir, NN_USER_SAMPLES_LABELS,
                                                   g_bytes_get_data (cases[i].labels, NULL),
                                                   g_bytes_get_size (cases[i].labels));
      g_autoptr(NnDataset) loaded = nn_user_samples_load (dir, &error);
      g_autoptr(NnDataset) appended = NULL;
      guint8 drawing[NN_IMAGE_PIXELS] = { 0 };

      g_assert_null (loaded);
      g_test_message ("%s: %s", cases[i].name, error->message);
      dt_test_assert_contains (error->message, cases[i].message);
      g_assert_true (strstr (error->message, dir) != NULL ||
                     strstr (error->message, NN_USER_SAMPLES_IMAGES) != NULL);
      g_clear_error (&error);
      appended = nn_user_samples_append (dir, drawing, 4, &error);
      g_assert_null (appended);
      g_assert_nonnull (error);
      dt_test_assert_file_is (ipath, img);
      dt_test_assert_file_is (lpath, cases[i].labels);
      g_assert_cmpuint (dt_test_count_temporaries (dir), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 1, "CLI");
  cli_path = argv[1];
  tmp_root = dt_test_make_tmp_root ("dt-test-faults-input-XXXXXX");
  data_dir = dt_test_make_dataset (100, 40);
  g_test_add_func ("/faults/input/bad-models", test_bad_models);
  g_test_add_func ("/faults/input/not-model-files", test_not_model_files);
  g_test_add_func ("/faults/input/png-bomb", test_png_bomb);
  g_test_add_func ("/faults/input/scratch-too-large", test_scratch_too_large);
  g_test_add_func ("/faults/input/corrupt-samples", test_corrupt_samples);
  status = dt_test_run_and_remove (tmp_root);
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_free (tmp_root);
  return status;
}
