/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CLI in a comma-decimal locale: --json must stay JSON and the Keras progress line must
 * stay Keras's ("loss: 0.3461", as Python prints in every locale), byte for byte what the
 * C locale prints. */
#include "config.h"

#include <cairo.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-util.h"
#include "nn-model-file.h"

#define COMMA_LOCALE "de_DE.UTF-8"

static const char *cli_path;
static char *data_dir;
static char *tmp_dir;

static void
run_in (DtTestRun          *run,
        const char         *locale,
        const char * const *argv)
{
  g_autofree char *xdg = g_build_filename (tmp_dir, "xdg", NULL);
  DtTestCliOptions options = { .xdg_data_home = xdg, .locale = locale };

  dt_test_run_cli_full (run, cli_path, &options, argv);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

/* The output with every elapsed time ("- 0s", "- ETA: 3s") replaced by "- Ts". */
static char *
mask_times (const char *out)
{
  g_autoptr(GRegex) re = g_regex_new (" - (ETA: )?[0-9]+s", 0, 0, NULL);

  return g_regex_replace_literal (re, out, -1, 0, " - Ts", 0, NULL);
}

/* Every line parses, and the numbers are those the C locale prints. */
static void
assert_same_json (const char *c_out,
                  const char *comma_out,
                  const char *const *keys)
{
  g_auto(GStrv) c_lines = g_strsplit (c_out, "\n", -1);
  g_auto(GStrv) comma_lines = g_strsplit (comma_out, "\n", -1);

  g_assert_cmpuint (g_strv_length (c_lines), ==, g_strv_length (comma_lines));
  for (guint i = 0; c_lines[i] != NULL && c_lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonObject) c = dt_test_parse_json_line (c_lines[i]);
      g_autoptr(JsonObject) comma = dt_test_parse_json_line (comma_lines[i]);

      if (comma == NULL)
        g_error ("not JSON under " COMMA_LOCALE ": %s", comma_lines[i]);
      g_assert_nonnull (c);
      for (const char *const *k = keys; *k != NULL; k++)
        if (json_object_has_member (c, *k))
          g_assert_cmpfloat (dt_test_json_number (comma, *k), ==, dt_test_json_number (c, *k));
    }
}

static void
test_train_json (void)
{
  static const char *const argv[] = { "--json", "--epochs", "2", "--data-dir", NULL, NULL };
  static const char *const keys[] = {
    "epoch", "loss", "accuracy", "test_loss", "test_accuracy", NULL
  };
  const char *args[G_N_ELEMENTS (argv)];
  g_auto(DtTestRun) c = { 0 };
  g_auto(DtTestRun) comma = { 0 };

  if (!dt_test_require_locale (COMMA_LOCALE))
    return;
  memcpy (args, argv, sizeof argv);
  args[4] = data_dir;
  run_in (&c, "C.UTF-8", args);
  run_in (&comma, COMMA_LOCALE, args);
  assert_same_json (c.out, comma.out, keys);
}

/* The lesson's output, progress lines and "test loss:  0.1234" included, is the C
 * locale's byte for byte (times aside). */
static void
test_lesson_output (void)
{
  const char *args[] = { "--epochs", "2", "--data-dir", data_dir, NULL };
  g_auto(DtTestRun) c = { 0 };
  g_auto(DtTestRun) comma = { 0 };
  g_autofree char *c_masked = NULL;
  g_autofree char *comma_masked = NULL;

  if (!dt_test_require_locale (COMMA_LOCALE))
    return;
  run_in (&c, "C.UTF-8", args);
  run_in (&comma, COMMA_LOCALE, args);
  c_masked = mask_times (c.out);
  comma_masked = mask_times (comma.out);
  g_assert_nonnull (strstr (c_masked, " - loss: "));
  g_assert_cmpstr (comma_masked, ==, c_masked);
}

/* A vertical bar on white, 60×60, for --classify. */
static char *
write_bar_png (void)
{
  char *path = g_build_filename (tmp_dir, "bar.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 60, 60);
  cairo_t *cr = cairo_create (s);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 26, 8, 8, 44);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  return path;
}

static void
test_classify_json (void)
{
  static const char *const keys[] = { "answer", "confidence", NULL };
  g_autofree char *model = g_build_filename (tmp_dir, "lesson.dtmodel", NULL);
  g_autofree char *png = write_bar_png ();
  const char *train[] = { "--quiet", "--epochs", "1", "--data-dir", data_dir, "--save", model,
                          NULL };
  const char *args[] = { "--load", model, "--classify", png, "--json", NULL };
  g_auto(DtTestRun) trained = { 0 };
  g_auto(DtTestRun) c = { 0 };
  g_auto(DtTestRun) comma = { 0 };

  if (!dt_test_require_locale (COMMA_LOCALE))
    return;
  run_in (&trained, "C.UTF-8", train);
  run_in (&c, "C.UTF-8", args);
  run_in (&comma, COMMA_LOCALE, args);
  assert_same_json (c.out, comma.out, keys);
  /* and the probabilities, element by element: the whole line is the same */
  g_assert_cmpstr (comma.out, ==, c.out);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 1, "PATH-TO-digit-trainer-cli");
  cli_path = argv[1];
  tmp_dir = dt_test_make_tmp_root ("dt-test-cli-locale-XXXXXX");
  data_dir = dt_test_make_dataset (100, 40);
  g_test_add_func ("/cli-locale/train-json", test_train_json);
  g_test_add_func ("/cli-locale/lesson-output", test_lesson_output);
  g_test_add_func ("/cli-locale/classify-json", test_classify_json);
  status = dt_test_run_and_remove (tmp_dir);
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_free (tmp_dir);
  return status;
}
