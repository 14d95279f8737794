/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --dataset fashion: Fashion-MNIST's class names in --classify, a missing set, and (suite
 * mnist, on Debian's dataset-fashion-mnist) the lesson's network above 0.84 after 2 epochs. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-util.h"
#include "nn-dataset-kind.h"

static const char *cli_path;
static char *tmp_dir;

static const char *const fashion[] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};

/* the CLI with these arguments, away from the real data */
#define run_cli(r, ...) dt_test_run_cli ((r), cli_path, tmp_dir, __VA_ARGS__)

static void
test_names (void)
{
  for (int k = 0; k < 10; k++)
    {
      g_autofree char *digit = g_strdup_printf ("%d", k);
      NnDatasetKind kind;

      g_assert_cmpstr (nn_dataset_class_name (NN_DATASET_FASHION, k), ==, fashion[k]);
      g_assert_cmpstr (nn_dataset_class_name (NN_DATASET_MNIST, k), ==, digit);
      g_assert_true (nn_dataset_kind_from_name (nn_dataset_kind_name (k % 2), &kind));
      g_assert_cmpint (kind, ==, k % 2);
    }
}

/* A model trained on the tiny set, and a picture to classify. */
static void
make_model_and_picture (char **model,
                        char **png)
{
  g_auto(DtTestRun) r = { 0 };
  g_autofree char *data = dt_test_make_dataset (300, 50);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 28, 28);
  cairo_t *cr = cairo_create (s);

  *model = g_build_filename (tmp_dir, "tiny.dtm", NULL);
  *png = g_build_filename (tmp_dir, "shape.png", NULL);
  run_cli (&r, "--data-dir", data, "--epochs", "1", "--quiet", "--save", *model, NULL);
  g_assert_cmpint (r.status, ==, 0);
  dt_test_remove_dataset (data);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 8, 4, 12, 20);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, *png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
}

/* One line per class, named and in Zalando's order; the answer names the marked class. */
static void
test_classify_names (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) j = { 0 };
  g_autofree char *model = NULL, *png = NULL, *answer = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_auto(GStrv) lines = NULL;
  int marked = -1;

  make_model_and_picture (&model, &png);
  run_cli (&r, "--dataset", "fashion", "--load", model, "--classify", png, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 12);
  for (int k = 0; k < 10; k++)
    {
      g_assert_true (g_str_has_prefix (lines[k], fashion[k]));
      /* the percentages line up under the longest name */
      g_assert_cmpint (strstr (lines[k], " %") - lines[k], ==, strlen ("T-shirt/top") + 8);
      if (g_str_has_suffix (lines[k], "←"))
        marked = k;
    }
  g_assert_cmpint (marked, >=, 0);
  answer = g_strdup_printf ("Answer: %s (", fashion[marked]);
  g_assert_true (g_str_has_prefix (lines[10], answer));

  run_cli (&j, "--dataset", "fashion", "--load", model, "--classify", png, "--json", NULL);
  g_assert_cmpint (j.status, ==, 0);
  obj = dt_test_parse_json_line (g_strchomp (j.out));
  g_assert_nonnull (obj);
  g_assert_cmpint (json_object_get_int_member (obj, "answer"), ==, marked);
  g_assert_cmpstr (json_object_get_string_member (obj, "class"), ==, fashion[marked]);
  g_assert_cmpint (g_unlink (model), ==, 0);
  g_assert_cmpint (g_unlink (png), ==, 0);
}

static void
test_missing_and_bad (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) b = { 0 };

  run_cli (&r, "--dataset", "fashion", "--data-dir", tmp_dir, "--epochs", "0", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "Fashion-MNIST was not found in"));
  g_assert_nonnull (strstr (r.err, "dataset-fashion-mnist"));
  run_cli (&b, "--dataset", "cifar", NULL);
  g_assert_cmpint (b.status, ==, 2);
  g_assert_nonnull (strstr (b.err, "--dataset"));
}

/* The figure: PyTorch 1.13 reaches 0.855 with this network and these settings. */
static void
test_accuracy (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) last = NULL;

  if (!dt_test_require (g_file_test (NN_FASHION_MNIST_DIR "/train-images-idx3-ubyte.gz",
                                     G_FILE_TEST_EXISTS),
                        "dataset-fashion-mnist is not installed"))
    return;
  run_cli (&r, "--dataset", "fashion", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* 2 epochs, the test, "" */
  last = dt_test_parse_json_line (lines[2]);
  g_assert_nonnull (last);
  g_test_message ("Fashion-MNIST test accuracy: %.4f",
                  dt_test_json_number (last, "test_accuracy"));
  g_assert_cmpfloat (dt_test_json_number (last, "test_accuracy"), >, 0.84);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 1, "PATH-TO-digit-trainer-cli");
  cli_path = argv[1];
  tmp_dir = dt_test_make_tmp_root ("dt-test-fashion-XXXXXX");
  g_test_add_func ("/fashion/names", test_names);
  g_test_add_func ("/fashion/classify-names", test_classify_names);
  g_test_add_func ("/fashion/missing-and-bad", test_missing_and_bad);
  g_test_add_func ("/fashion/accuracy", test_accuracy);
  status = dt_test_run_and_remove (tmp_dir);
  g_free (tmp_dir);
  return status;
}
