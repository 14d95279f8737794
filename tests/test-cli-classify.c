/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"

static char *tmp_dir;
static char *mnist_dir;

/* digit-trainer-cli with the given arguments (NULL-terminated) */
static void
run_cli (DtTestRun *r,
         ...)
{
  va_list ap;

  va_start (ap, r);
  dt_test_run_cli_valist (r, g_getenv ("DT_CLI"), NULL, ap);
  va_end (ap);
  g_assert_cmpint (r->status, >=, 0);   /* exited, not killed */
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* An untrained model file, enough for the argument and file checks. */
static char *
untrained_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) trainer = NULL;
  NnConfig config;
  char *path = tmp_path ("untrained.dtmodel");

  nn_config_init_defaults (&config);
  trainer = nn_trainer_new (&config, 784, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nn_model_save (trainer, path, &error));
  return path;
}

typedef enum { DARK_ON_LIGHT, LIGHT_ON_DARK, ON_TRANSPARENT } Style;

/* a 28×28 grey image scaled up (bilinear) to scale× at (x, y) on a width × height PNG */
static void
write_digit_png (const char *path, const guint8 *img, Style style,
                 int width, int height, double x, double y, double scale)
{
  cairo_surface_t *digit = cairo_image_surface_create (CAIRO_FORMAT_A8, 28, 28);
  cairo_surface_t *page = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  int stride = cairo_image_surface_get_stride (digit);
  guint8 *data;
  cairo_t *cr;

  cairo_surface_flush (digit);
  data = cairo_image_surface_get_data (digit);
  for (int r = 0; r < 28; r++)
    memcpy (data + r * stride, img + r * 28, 28);
  cairo_surface_mark_dirty (digit);

  cr = cairo_create (page);
  if (style != ON_TRANSPARENT)
    {
      double paper = style == DARK_ON_LIGHT ? 0.93 : 0.08;   /* not pure: a scan */
      cairo_set_source_rgb (cr, paper, paper, paper * 0.95);
      cairo_paint (cr);
    }
  if (style == LIGHT_ON_DARK)
    cairo_set_source_rgb (cr, 1, 1, 0.9);
  else
    cairo_set_source_rgb (cr, 0.05, 0.05, 0.2);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  cairo_mask_surface (cr, digit, 0, 0);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (page, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (page);
  cairo_surface_destroy (digit);
}

static void
test_needs_load (void)
{
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, "--classify", "digit.png", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--load"));
}

static void
test_missing_file (void)
{
  g_autofree char *model = untrained_model ();
  g_autofree char *png = tmp_path ("does-not-exist.png");
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, "--load", model, "--classify", png, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "does-not-exist.png: no such file"));
  g_assert_cmpstr (r.out, ==, "");
}

static void
test_not_png (void)
{
  g_autofree char *model = untrained_model ();
  g_autofree char *path = tmp_path ("text.png");
  g_auto(DtTestRun) r = { 0 };

  g_assert_true (g_file_set_contents (path, "hello, not a picture", -1, NULL));
  run_cli (&r, "--load", model, "--classify", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "not a PNG"));
}

static void
test_blank (void)
{
  g_autofree char *model = untrained_model ();
  g_autofree char *path = tmp_path ("blank.png");
  guint8 nothing[784] = { 0 };
  g_auto(DtTestRun) r = { 0 };

  write_digit_png (path, nothing, DARK_ON_LIGHT, 200, 100, 10, 10, 3);
  run_cli (&r, "--load", model, "--classify", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no digit"));
}

static void
test_bad_model (void)
{
  g_autofree char *model = tmp_path ("junk.dtmodel");
  g_autofree char *path = tmp_path ("one.png");
  guint8 bar[784] = { 0 };
  g_auto(DtTestRun) r = { 0 };

  for (int y = 4; y < 24; y++)
    bar[y * 28 + 13] = bar[y * 28 + 14] = 255;
  write_digit_png (path, bar, DARK_ON_LIGHT, 100, 100, 10, 10, 3);
  g_assert_true (g_file_set_contents (model, "DTMODEL", -1, NULL));
  run_cli (&r, "--load", model, "--classify", path, NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "junk.dtmodel"));
}

/* A decompression bomb: a 50 KB PNG declaring 20000×20000 pixels took 2.35 GB and 21 s,
 * and aborted under a memory limit.  Its header is checked first: refused at once, under
 * a 1 GB address-space limit too (not with ASan, whose shadow memory needs terabytes).
 * 4096 pixels a side is still read, 4097 is not. */
static void
test_png_bomb (void)
{
  g_autofree char *model = untrained_model ();
  const struct { guint32 w, h; const char *message; } cases[] = {
    { 20000, 20000, "is 20000×20000 pixels; Digit Trainer reads pictures of up to 4096×4096" },
    { 4097, 10, "4097×10 pixels" },
    { 10, 4097, "10×4097 pixels" },
    { 4096, 12, "no digit found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) png = dt_test_png_bomb (cases[i].w, cases[i].h);
      g_autofree char *path = tmp_path ("bomb.png");
      const char *argv[] = { "--load", model, "--classify", path, NULL };
      DtTestCliOptions options = { .timeout_s = 30 };
      g_auto(DtTestRun) r = { 0 };

#ifndef __SANITIZE_ADDRESS__
      options.address_space = (guint64) 1 << 30;
#endif
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL),
                                          g_bytes_get_size (png), NULL));
      dt_test_run_cli_full (&r, g_getenv ("DT_CLI"), &options, argv);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      g_assert_cmpstr (r.out, ==, "");
    }
}

/* A FIFO blocked for ever; /dev/zero and a folder are no pictures either. */
static void
test_not_regular (void)
{
  g_autofree char *model = untrained_model ();
  g_autofree char *fifo = tmp_path ("fifo.png");
  const char *paths[] = { fifo, "/dev/zero", tmp_dir };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *argv[] = { "--load", model, "--classify", paths[i], NULL };
      DtTestCliOptions options = { .timeout_s = 20 };
      g_auto(DtTestRun) r = { 0 };

      dt_test_run_cli_full (&r, g_getenv ("DT_CLI"), &options, argv);
      g_assert_false (r.timed_out);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, paths[i]));
      g_assert_nonnull (strstr (r.err, i < 2 ? "not a regular file" : "folder"));
    }
  g_assert_cmpint (g_unlink (fifo), ==, 0);
}

/* JSON: ten probabilities summing to 1 and the index of the largest as the answer */
static void
test_json (void)
{
  g_autofree char *model = untrained_model ();
  g_autofree char *path = tmp_path ("one.png");
  guint8 bar[784] = { 0 };
  g_auto(DtTestRun) r = { 0 };
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *probabilities;
  double p[10];
  int best = 0;
  double sum = 0;

  for (int y = 4; y < 24; y++)
    bar[y * 28 + 13] = bar[y * 28 + 14] = 255;
  write_digit_png (path, bar, LIGHT_ON_DARK, 123, 77, 50, 5, 2.2);
  run_cli (&r, "--load", model, "--classify", path, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_suffix (r.out, "}\n"));
  r.out[strlen (r.out) - 1] = '\0';
  obj = dt_test_parse_json_line (r.out);
  g_assert_nonnull (obj);
  probabilities = json_object_get_array_member (obj, "probabilities");
  g_assert_nonnull (probabilities);
  g_assert_cmpuint (json_array_get_length (probabilities), ==, 10);
  for (guint k = 0; k < 10; k++)
    {
      p[k] = json_array_get_double_element (probabilities, k);
      sum += p[k];
      if (p[k] > p[best])
        best = (int) k;
    }
  g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-4);
  g_assert_cmpfloat (dt_test_json_number (obj, "answer"), ==, best);
  g_assert_cmpfloat (dt_test_json_number (obj, "confidence"), ==, p[best]);
}

/* A model trained one epoch on MNIST reads MNIST test digits drawn as pictures: big or
 * small, anywhere on the page, in any of the three styles. */
static void
test_mnist_digits (void)
{
  g_autofree char *model = tmp_path ("mnist.dtmodel");
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) test = NULL;
  g_auto(DtTestRun) train = { 0 };
  const int n = 30;
  int correct = 0;

  /* suite mnist, like test-mnist: without the data this fails (with $CI or not) */
  if (mnist_dir == NULL)
    {
      g_test_message ("MNIST is not fetched (build-aux/fetch-mnist.sh)");
      g_test_fail ();
      return;
    }
  run_cli (&train, "--data-dir", mnist_dir, "--epochs", "1", "--save", model, "--quiet", NULL);
  g_assert_cmpint (train.status, ==, 0);
  test = nn_dataset_load (mnist_dir, "t10k", &error);
  g_assert_no_error (error);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *path = tmp_path ("mnist-digit.png");
      g_autofree char *answer = NULL;
      g_auto(DtTestRun) r = { 0 };
      Style style = i % 3;
      double scale = 3 + (i % 5) * 2.5;   /* 84 … 392 px */

      write_digit_png (path, test->images + i * 784, style, 420, 400,
                       (i * 37) % (420 - (int) (28 * scale) + 1),
                       (i * 53) % (400 - (int) (28 * scale) + 1), scale);
      run_cli (&r, "--load", model, "--classify", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
      answer = g_strdup_printf ("Answer: %d ", test->labels[i]);
      correct += strstr (r.out, answer) != NULL;
    }
  g_test_message ("%d of %d picture digits read correctly", correct, n);
  g_assert_cmpint (correct, >=, n * 9 / 10);
}

int
main (int    argc,
      char **argv)
{
  int status;

  mnist_dir = nn_data_find_dir (NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  tmp_dir = dt_test_make_tmp_root ("dt-cli-classify-XXXXXX");
  g_assert_nonnull (g_getenv ("DT_CLI"));
  /* "mnist": the case on the real data alone (suite mnist); else the others (suite cli),
   * so that neither run skips a case */
  if (argc > 1 && g_str_equal (argv[1], "mnist"))
    g_test_add_func ("/cli-mnist/classify/mnist-digits", test_mnist_digits);
  else
    {
      g_test_add_func ("/cli/classify/needs-load", test_needs_load);
      g_test_add_func ("/cli/classify/missing-file", test_missing_file);
      g_test_add_func ("/cli/classify/not-png", test_not_png);
      g_test_add_func ("/cli/classify/blank", test_blank);
      g_test_add_func ("/cli/classify/bad-model", test_bad_model);
      g_test_add_func ("/cli/classify/json", test_json);
      g_test_add_func ("/cli/classify/png-bomb", test_png_bomb);
      g_test_add_func ("/cli/classify/not-regular", test_not_regular);
    }
  status = dt_test_run_and_remove (tmp_dir);
  g_free (tmp_dir);
  g_free (mnist_dir);
  return status;
}
