/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CLI's --validation-split, --train-samples and --early-stopping, run as a subprocess
 * on a tiny generated set: Keras 2.0.8's lines, the --json fields, and the held-out rows'
 * loss checked against an evaluation of the saved model. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"
#include "nn-validation.h"

#define N_TRAIN 500
#define N_TEST  100

static const char *cli_path;
static char *data_dir;
static char *xdg_dir;

/* the CLI with these arguments, away from the real data */
#define run_cli(r, ...) dt_test_run_cli ((r), cli_path, xdg_dir, __VA_ARGS__)

/* val_loss and val_accuracy of the model in path over the last rows of the first n, as
 * Keras holds them out. */
static void
evaluate_held_out (const char *path,
                   gsize       n,
                   double      fraction,
                   double     *loss,
                   double     *acc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = nn_model_load (path, &error);
  g_autoptr(NnDataset) train = nn_dataset_load (data_dir, "train", &error);
  gsize at = nn_validation_split_at (n, fraction);
  gsize stride;

  g_assert_no_error (error);
  stride = nn_dataset_image_size (train);
  nn_evaluate (nn_trainer_get_net (t), train->images + at * stride, train->labels + at,
               n - at, stride, loss, acc);
}

/* Keras 2.0.8's lines: "Train on …, validate on …", then per epoch the bar over the
 * training rows with the validation appended. */
static void
test_progress_lines (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_autoptr(GRegex) line = g_regex_new ("^99/99 \\[={30}\\] - [0-9]+s - loss: [0-9]\\.[0-9]{4} "
                                        "- acc: [01]\\.[0-9]{4} - val_loss: [0-9]\\.[0-9]{4} "
                                        "- val_acc: [01]\\.[0-9]{4}$",
                                        G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  int n_lines = 0;

  /* int(500 · (1 − 0.8)) = 99 in doubles (99.99999999999997), as Keras splits */
  run_cli (&r, "--data-dir", data_dir, "--validation-split", "0.8", "--epochs", "3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "Training ------------\n"
                                   "Train on 99 samples, validate on 401 samples\n"
                                   "Epoch 1/3\n"));
  for (g_regex_match (line, r.out, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    n_lines++;
  g_assert_cmpint (n_lines, ==, 3);
}

/* --json: val_loss and val_accuracy in every epoch object; the last epoch's are an
 * evaluation of the held-out rows with the final (saved) weights, to the last bit. */
static void
test_json_val_loss (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *model = g_build_filename (xdg_dir, "val.dtm", NULL);
  g_autoptr(JsonObject) last = NULL;
  double loss, acc;

  run_cli (&r, "--data-dir", data_dir, "--validation-split", "0.25", "--train-samples", "400",
           "--epochs", "2", "--json", "--save", model, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* 2 epochs, the test, "" */
  last = dt_test_parse_json_line (lines[1]);
  g_assert_nonnull (last);
  evaluate_held_out (model, 400, 0.25, &loss, &acc);
  g_assert_cmpfloat (dt_test_json_number (last, "val_loss"), ==, loss);
  g_assert_cmpfloat (dt_test_json_number (last, "val_accuracy"), ==, acc);
  g_assert_cmpint (g_unlink (model), ==, 0);
}

/* --train-samples alone: the bar counts the first N samples. */
static void
test_train_samples (void)
{
  g_auto(DtTestRun) r = { 0 };

  run_cli (&r, "--data-dir", data_dir, "--train-samples", "123", "--epochs", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Epoch 1/1\n123/123 ["));
  g_assert_null (strstr (r.out, "val_loss"));
  g_clear_pointer (&r.out, g_free);
  g_clear_pointer (&r.err, g_free);
  /* more than the set holds: all of it */
  run_cli (&r, "--data-dir", data_dir, "--train-samples", "100000", "--epochs", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Epoch 1/1\n500/500 ["));
}

/* --early-stopping: the saved weights are those of the epoch with the lowest val_loss, and
 * the run stops where EarlyStopping(patience=1) does. */
static void
test_early_stopping (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *model = g_build_filename (xdg_dir, "early.dtm", NULL);
  double best = INFINITY, loss, acc;
  int n_epochs, wait = 0, stop = 0;

  run_cli (&r, "--data-dir", data_dir, "--validation-split", "0.2", "--lr", "0.05",
           "--hidden", "256", "--epochs", "12", "--early-stopping", "1", "--json",
           "--save", model, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  n_epochs = (int) g_strv_length (lines) - 2;
  for (int e = 0; e < n_epochs && stop == 0; e++)
    {
      g_autoptr(JsonObject) obj = dt_test_parse_json_line (lines[e]);
      double v = dt_test_json_number (obj, "val_loss");

      if (v < best)
        best = v, wait = 0;
      else if (++wait >= 1)
        stop = e + 1;
    }
  g_assert_cmpint (n_epochs, ==, stop != 0 ? stop : 12);
  evaluate_held_out (model, N_TRAIN, 0.2, &loss, &acc);
  g_assert_cmpfloat (loss, ==, best);
  g_assert_cmpint (g_unlink (model), ==, 0);
}

static void
test_bad_args (void)
{
  static const char *const bad[][4] = {
    { "--validation-split", "1", NULL }, { "--validation-split", "-0.1", NULL },
    { "--validation-split", "nan", NULL }, { "--train-samples", "0", NULL },
    { "--early-stopping", "2", NULL }, { "--early-stopping", "-1", "--validation-split", "0.1" },
    { "--early-stopping", "2", "--validation-split", "0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(DtTestRun) r = { 0 };

      run_cli (&r, "--data-dir", data_dir, bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, bad[i][0]));
      g_assert_cmpstr (r.out, ==, "");
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  dt_test_init_with_args (&argc, &argv, 1, "PATH-TO-digit-trainer-cli");
  cli_path = argv[1];
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  xdg_dir = dt_test_make_tmp_root ("dt-test-cli-val-XXXXXX");
  g_test_add_func ("/cli/validation/progress-lines", test_progress_lines);
  g_test_add_func ("/cli/validation/json-val-loss", test_json_val_loss);
  g_test_add_func ("/cli/validation/train-samples", test_train_samples);
  g_test_add_func ("/cli/validation/early-stopping", test_early_stopping);
  g_test_add_func ("/cli/validation/bad-args", test_bad_args);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  dt_test_rm_rf (xdg_dir);
  g_free (data_dir);
  g_free (xdg_dir);
  return status;
}
