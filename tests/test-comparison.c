/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Compare…"'s runs (DtComparison) on a generated IDX set: each run ends with the same bits
 * as its settings trained alone from the same seed, reports every batch, epoch, validation
 * and test point, and Stop ends them all; typed values are checked. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dt-comparison.h"
#include "dt-test-data.h"
#include "nn-dataset.h"
#include "nn-validation.h"

#define N_TRAIN 600
#define N_TEST  100
#define BATCH   8

static DtData *data;

typedef struct
{
  guint  n_points[DT_COMPARISON_MAX_RUNS];
  guint  n_tests[DT_COMPARISON_MAX_RUNS];
  guint  n_vals[DT_COMPARISON_MAX_RUNS];
  guint  n_run_finished;
  guint  n_cancelled;
  guint  n_finished;
  double last_x[DT_COMPARISON_MAX_RUNS];
} Seen;

static void
progress_cb (DtComparison         *comparison,
             guint                 run,
             const DtTrainerPoint *points,
             guint                 n,
             Seen                 *seen)
{
  /* x grows along each run */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (points[i].x, >, seen->last_x[run]);
      seen->last_x[run] = points[i].x;
    }
  seen->n_points[run] += n;
}

static void
test_point_cb (DtComparison *comparison,
               guint         run,
               double        x,
               double        loss,
               double        accuracy,
               Seen         *seen)
{
  seen->n_tests[run]++;
  g_assert_cmpfloat (x, ==, seen->n_tests[run]);
}

static void
val_point_cb (DtComparison *comparison,
              guint         run,
              double        x,
              double        loss,
              double        accuracy,
              Seen         *seen)
{
  seen->n_vals[run]++;
  g_assert_true (isfinite (loss));
}

static void
run_finished_cb (DtComparison     *comparison,
                 guint             run,
                 const NnProgress *last,
                 double            seconds,
                 const GError     *error,
                 Seen             *seen)
{
  seen->n_run_finished++;
  seen->n_cancelled += g_error_matches (error, NN_ERROR, NN_ERROR_CANCELLED);
  g_assert_true (error == NULL || g_error_matches (error, NN_ERROR, NN_ERROR_CANCELLED));
}

static void
finished_cb (DtComparison *comparison,
             Seen         *seen)
{
  seen->n_finished++;
}

static DtComparison *
make_comparison (Seen               *seen,
                 const NnConfig     *base,
                 int                 epochs,
                 const DtFitOptions *options,
                 DtCompareParam      param,
                 const double       *values,
                 int                 n)
{
  DtComparison *c = dt_comparison_new (data, base, epochs, options, param, values, n);

  memset (seen, 0, sizeof *seen);
  g_signal_connect (c, "progress", G_CALLBACK (progress_cb), seen);
  g_signal_connect (c, "test-point", G_CALLBACK (test_point_cb), seen);
  g_signal_connect (c, "val-point", G_CALLBACK (val_point_cb), seen);
  g_signal_connect (c, "run-finished", G_CALLBACK (run_finished_cb), seen);
  g_signal_connect (c, "finished", G_CALLBACK (finished_cb), seen);
  return c;
}

/* The settings trained alone, as Train would: the default engine (threads as it likes). */
static NnNet *
alone (const NnConfig     *config,
       int                 epochs,
       const DtFitOptions *options)
{
  g_autoptr(NnTrainer) t = nn_trainer_new (config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (nn_trainer_fit_validated (t, NN_DATASET_ARRAYS (data->train), epochs,
                                           options->validation_split, options->patience, NULL,
                                           NULL, &error));
  g_assert_no_error (error);
  return nn_net_dup (nn_trainer_get_net (t));
}

/* Three learning rates at once on two threads: each run's weights are its settings' alone,
 * bit for bit; every batch of the 540 trained rows, every epoch's test and val point came. */
static void
check_same_as_alone (DtCompareParam param,
                     const double  *values,
                     int            n)
{
  DtFitOptions options = { 0, 0.1, NN_NO_EARLY_STOPPING };
  g_autoptr(GError) error = NULL;
  DtComparison *c;
  NnConfig base;
  Seen seen;

  nn_config_init_defaults (&base);
  base.batch_size = BATCH;
  c = make_comparison (&seen, &base, 2, &options, param, values, n);
  g_assert_true (dt_comparison_start (c, 2, &error));
  g_assert_no_error (error);
  g_assert_true (dt_comparison_get_running (c));
  while (seen.n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (dt_comparison_get_running (c));
  g_assert_cmpuint (seen.n_run_finished, ==, n);
  g_assert_cmpuint (seen.n_cancelled, ==, 0);
  for (int i = 0; i < n; i++)
    {
      NnConfig config = base;
      NnNet *mine = dt_comparison_dup_network (c, i), *own;

      dt_compare_param_apply (param, values[i], &config);
      own = alone (&config, 2, &options);
      g_test_message ("%s=%g: %u batches, %u test and %u val points, weights %s",
                      dt_compare_param_name (param), values[i], seen.n_points[i],
                      seen.n_tests[i], seen.n_vals[i],
                      memcmp (mine->params, own->params, own->n_params * sizeof (float)) == 0
                      ? "identical" : "DIFFERENT");
      g_assert_cmpuint (mine->n_params, ==, own->n_params);
      g_assert_cmpmem (mine->params, mine->n_params * sizeof (float), own->params,
                       own->n_params * sizeof (float));
      g_assert_cmpuint (seen.n_points[i], ==,
                        2 * ((540 + config.batch_size - 1) / config.batch_size));
      g_assert_cmpuint (seen.n_tests[i], ==, 2);
      g_assert_cmpuint (seen.n_vals[i], ==, 2);
      nn_net_free (mine);
      nn_net_free (own);
    }
  g_assert_finalize_object (c);
}

static void
test_lr_same_as_alone (void)
{
  const double lr[] = { 1e-4, 1e-3, 1e-2 };

  check_same_as_alone (DT_COMPARE_LR, lr, G_N_ELEMENTS (lr));
}

/* Sizes too: a different width and batch per run. */
static void
test_sizes_same_as_alone (void)
{
  const double hidden[] = { 16, 64 };
  const double batch[] = { 4, 32 };

  check_same_as_alone (DT_COMPARE_HIDDEN, hidden, G_N_ELEMENTS (hidden));
  check_same_as_alone (DT_COMPARE_BATCH_SIZE, batch, G_N_ELEMENTS (batch));
}

/* Stop ends every run, the running ones and the waiting ones, and says so once. */
static void
test_stop (void)
{
  const double eps[] = { 1e-8, 1e-6, 1e-4, 1e-2, 1 };
  DtFitOptions options = { 0, 0, NN_NO_EARLY_STOPPING };
  g_autoptr(GError) error = NULL;
  DtComparison *c;
  NnConfig base;
  Seen seen;
  guint total = 0;

  nn_config_init_defaults (&base);
  base.batch_size = 1;
  c = make_comparison (&seen, &base, 1000, &options, DT_COMPARE_EPSILON, eps,
                       G_N_ELEMENTS (eps));
  g_assert_true (dt_comparison_start (c, 2, &error));
  while (seen.n_points[0] == 0 && seen.n_points[1] == 0)
    g_main_context_iteration (NULL, TRUE);
  dt_comparison_stop (c);
  for (guint i = 0; i < G_N_ELEMENTS (eps); i++)
    total += seen.n_points[i];
  g_test_message ("stopped after %u batches", total);
  g_assert_false (dt_comparison_get_running (c));
  g_assert_cmpuint (seen.n_finished, ==, 1);
  g_assert_cmpuint (seen.n_run_finished, ==, G_N_ELEMENTS (eps));
  g_assert_cmpuint (seen.n_cancelled, ==, G_N_ELEMENTS (eps));
  /* nothing after Stop */
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.n_finished, ==, 1);
  g_assert_finalize_object (c);
}

static void
test_parse (void)
{
  NnConfig base;
  double v[DT_COMPARISON_MAX_RUNS];
  g_autoptr(GError) error = NULL;

  nn_config_init_defaults (&base);
  g_assert_cmpint (dt_compare_parse_values (DT_COMPARE_LR, " 1e-4, 0.001 ,1e-2,1e-1,", &base,
                                            v, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_cmpfloat (v[0], ==, 1e-4);
  g_assert_cmpfloat (v[3], ==, 0.1);
  for (int p = 0; p < DT_COMPARE_N_PARAMS; p++)
    {
      int n = dt_compare_parse_values (p, dt_compare_param_preset (p), &base, v, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >=, 4);
    }
  for (const char *const *bad = (const char *const[]) { "", "abc", "1,2,3,4,5,6,7", "1e-3;1e-2",
                                                        "-1", "nan", NULL };
       *bad != NULL; bad++)
    {
      g_assert_cmpint (dt_compare_parse_values (DT_COMPARE_LR, *bad, &base, v, &error), ==, 0);
      /* ours, or the core's range check (G_IO_ERROR_INVALID_ARGUMENT) */
      g_assert_nonnull (error);
      g_test_message ("“%s”: %s", *bad, error->message);
      g_clear_error (&error);
    }
  g_assert_cmpint (dt_compare_parse_values (DT_COMPARE_BATCH_SIZE, "8, 8.5", &base, v, &error),
                   ==, 0);
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  NnDataset *train, *test;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  train = nn_dataset_load (dir, "train", &error);
  g_assert_no_error (error);
  test = nn_dataset_load (dir, "t10k", &error);
  g_assert_no_error (error);
  data = dt_trainer_data_new (train, test);
  g_test_add_func ("/compare/parse", test_parse);
  g_test_add_func ("/compare/lr-same-as-alone", test_lr_same_as_alone);
  g_test_add_func ("/compare/sizes-same-as-alone", test_sizes_same_as_alone);
  g_test_add_func ("/compare/stop", test_stop);
  status = g_test_run ();
  dt_trainer_data_unref (data);
  dt_test_remove_dataset (dir);
  return status;
}
