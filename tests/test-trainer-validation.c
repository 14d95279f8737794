/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtTrainer's fit options on a generated IDX set: a validation split reports, after every
 * epoch, exactly the evaluation of the held-out last rows with that epoch's weights and
 * trains on the others only (the same weights as the core fitting the first rows);
 * train-samples limits the rows; early stopping stops and restores the best epoch. */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-trainer.h"

#define N_TRAIN 600
#define N_TEST  100
#define BATCH   8

static char *data_dir;

typedef struct
{
  guint   n_points;
  GArray *vals;      /* DtTestPoint */
  GError *error;
  guint   n_finished;
} Seen;

static void
progress_cb (DtTrainer            *trainer,
             const DtTrainerPoint *points,
             guint                 n,
             Seen                 *seen)
{
  seen->n_points += n;
}

static void
val_point_cb (DtTrainer *trainer,
              double     x,
              double     loss,
              double     accuracy,
              Seen      *seen)
{
  DtTestPoint v = { x, loss, accuracy };

  g_array_append_val (seen->vals, v);
}

static void
finished_cb (DtTrainer    *trainer,
             const GError *error,
             Seen         *seen)
{
  seen->n_finished++;
  g_clear_error (&seen->error);
  seen->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
lesson_config (NnConfig *config)
{
  nn_config_init_defaults (config);
  config->batch_size = BATCH;
}

static DtTrainer *
make_trainer (Seen               *seen,
              const NnConfig     *config,
              int                 epochs,
              const DtFitOptions *options)
{
  DtTrainer *trainer = dt_trainer_new ();

  memset (seen, 0, sizeof *seen);
  seen->vals = g_array_new (FALSE, FALSE, sizeof (DtTestPoint));
  g_signal_connect (trainer, "progress", G_CALLBACK (progress_cb), seen);
  g_signal_connect (trainer, "val-point", G_CALLBACK (val_point_cb), seen);
  g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), seen);
  dt_trainer_set_config (trainer, config, epochs);
  dt_trainer_set_fit_options (trainer, options);
  dt_trainer_load_data (trainer, data_dir);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  return trainer;
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->vals, g_array_unref);
  g_clear_error (&seen->error);
}

static void
train_and_wait (DtTrainer *trainer,
                Seen      *seen)
{
  g_autoptr(GError) error = NULL;
  guint finished = seen->n_finished;

  g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_no_error (error);
  while (seen->n_finished == finished)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (seen->error);
}

/* The core alone: a trainer with the same settings fitting the first n_fit rows. */
static NnNet *
core_reference (const NnDataset *train,
                const NnConfig  *config,
                gsize            n_fit,
                int              epochs)
{
  g_autoptr(NnTrainer) t = nn_trainer_new (config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (t);
  g_assert_true (nn_trainer_fit (t, train->images, train->labels, n_fit, NN_IMAGE_PIXELS,
                                 epochs, NULL, &error));
  g_assert_no_error (error);
  return nn_net_dup (nn_trainer_get_net (t));
}

/* rows [from, to) of the training set evaluated with net */
static void
evaluate_rows (const NnNet     *net,
               const NnDataset *train,
               gsize            from,
               gsize            to,
               double          *loss,
               double          *accuracy)
{
  nn_evaluate (net, train->images + from * NN_IMAGE_PIXELS, train->labels + from, to - from,
               NN_IMAGE_PIXELS, loss, accuracy);
}

/* Keras's validation_split=0.1 on 600 rows (or the first `rows` of them): rows from
 * int(n·0.9) on are held out.  Three Train presses of one epoch: each reports one val point,
 * equal to the held-out rows evaluated with the weights it ends with, and the weights are
 * the core's after fitting the other rows alone. */
static void
check_split (gsize rows)
{
  DtFitOptions options = { rows, 0.1, NN_NO_EARLY_STOPPING };
  gsize n = rows > 0 ? rows : N_TRAIN;
  gsize split_at = (gsize) (n * 0.9);
  NnConfig config;
  Seen seen;
  DtTrainer *trainer;
  const NnDataset *train;
  NnNet *reference;
  NnFitReport report;

  lesson_config (&config);
  trainer = make_trainer (&seen, &config, 1, &options);
  train = dt_trainer_get_train_set (trainer);
  g_assert_cmpuint (train->n, ==, N_TRAIN);
  for (guint epoch = 1; epoch <= 3; epoch++)
    {
      NnNet *net;
      const DtTestPoint *v;
      double loss, accuracy;

      train_and_wait (trainer, &seen);
      g_assert_cmpuint (seen.vals->len, ==, epoch);
      /* batches of the trained rows only */
      g_assert_cmpuint (seen.n_points, ==, epoch * ((split_at + BATCH - 1) / BATCH));
      net = dt_trainer_dup_network (trainer);
      g_assert_nonnull (net);
      evaluate_rows (net, train, split_at, n, &loss, &accuracy);
      v = &g_array_index (seen.vals, DtTestPoint, epoch - 1);
      g_test_message ("rows %zu, epoch %u: val_loss %.6f val_acc %.4f (evaluated %.6f %.4f)",
                      n, epoch, v->loss, v->accuracy, loss, accuracy);
      g_assert_cmpfloat (v->loss, ==, loss);
      g_assert_cmpfloat (v->accuracy, ==, accuracy);
      g_assert_cmpfloat (v->x, ==, (double) epoch);
      nn_net_free (net);
    }
  g_assert_true (dt_trainer_get_fit_report (trainer, &report));
  g_assert_cmpuint (report.n_train, ==, split_at);
  g_assert_cmpuint (report.n_val, ==, n - split_at);

  /* and not one held-out row was trained on: the core fitting the first split_at rows for
   * three epochs ends with the same bits */
  reference = core_reference (train, &config, split_at, 3);
  {
    NnNet *net = dt_trainer_dup_network (trainer);

    g_assert_cmpmem (net->params, net->n_params * sizeof (float), reference->params,
                     reference->n_params * sizeof (float));
    nn_net_free (net);
  }
  nn_net_free (reference);
  seen_clear (&seen);
  g_assert_finalize_object (trainer);
}

static void
test_split (void)
{
  check_split (0);
}

/* train-samples 200 with the split: 180 rows trained on, 20 held out, 400 never seen. */
static void
test_train_samples (void)
{
  check_split (200);
}

/* train-samples alone: the first 100 rows, every one trained on, no val point. */
static void
test_train_samples_only (void)
{
  DtFitOptions options = { 100, 0, NN_NO_EARLY_STOPPING };
  NnConfig config;
  Seen seen;
  DtTrainer *trainer;
  NnNet *net, *reference;

  lesson_config (&config);
  trainer = make_trainer (&seen, &config, 2, &options);
  train_and_wait (trainer, &seen);
  g_assert_cmpuint (seen.n_points, ==, 2 * ((100 + BATCH - 1) / BATCH));
  g_assert_cmpuint (seen.vals->len, ==, 0);
  net = dt_trainer_dup_network (trainer);
  reference = core_reference (dt_trainer_get_train_set (trainer), &config, 100, 2);
  g_assert_cmpmem (net->params, net->n_params * sizeof (float), reference->params,
                   reference->n_params * sizeof (float));
  nn_net_free (net);
  nn_net_free (reference);
  seen_clear (&seen);
  g_assert_finalize_object (trainer);
}

/* A set whose held-out rows are labelled one class off: the better the network learns the
 * rows it trains on, the worse it does on those, the overfitting early stopping is for. */
static char *
make_misleading_dataset (gsize n_rows,
                         gsize first_val)
{
  char *dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  g_autofree char *path = g_build_filename (dir, "train-labels-idx1-ubyte", NULL);
  g_autofree char *bytes = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  g_assert_cmpuint (length, ==, 8 + N_TRAIN);
  for (gsize i = first_val; i < n_rows; i++)
    bytes[8 + i] = (char) ((bytes[8 + i] + 1) % 10);
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  return dir;
}

/* Early stopping with patience 2 on that set (the first 60 rows, the last half held out):
 * the val_loss is lowest early, so the run stops two epochs after its best, long before its
 * 40 epochs, and the weights left are the best epoch's. */
static void
test_early_stopping (void)
{
  DtFitOptions options = { 60, 0.5, 2 };
  g_autofree char *dir = make_misleading_dataset (60, 30);
  char *shared_dir = data_dir;
  NnConfig config;
  Seen seen;
  DtTrainer *trainer;
  NnNet *net;
  NnFitReport report;
  double loss, accuracy, best = G_MAXDOUBLE;
  guint best_index = 0;

  lesson_config (&config);
  data_dir = dir;
  trainer = make_trainer (&seen, &config, 40, &options);
  data_dir = shared_dir;
  train_and_wait (trainer, &seen);
  g_assert_true (dt_trainer_get_fit_report (trainer, &report));
  g_test_message ("stopped early %d after %d epochs; best epoch %d, val_loss %.6f",
                  report.stopped_early, report.epochs_run, report.best_epoch,
                  report.best_val_loss);
  g_assert_true (report.stopped_early);
  g_assert_cmpint (report.epochs_run, <, 40);
  g_assert_cmpuint (seen.vals->len, ==, (guint) report.epochs_run);
  g_assert_cmpint (report.epochs_run, ==, report.best_epoch + options.patience);
  for (guint i = 0; i < seen.vals->len; i++)
    if (g_array_index (seen.vals, DtTestPoint, i).loss < best)
      {
        best = g_array_index (seen.vals, DtTestPoint, i).loss;
        best_index = i;
      }
  g_assert_cmpint (report.best_epoch, ==, (int) best_index + 1);
  g_assert_cmpfloat (report.best_val_loss, ==, best);
  /* the weights published at the end are the best epoch's, not the last one's */
  net = dt_trainer_dup_network (trainer);
  evaluate_rows (net, dt_trainer_get_train_set (trainer), 30, 60, &loss, &accuracy);
  g_assert_cmpfloat (loss, ==, best);
  g_assert_cmpfloat (g_array_index (seen.vals, DtTestPoint, seen.vals->len - 1).loss, >, best);
  nn_net_free (net);
  seen_clear (&seen);
  g_assert_finalize_object (trainer);
  dt_test_remove_dataset (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  g_test_add_func ("/validation/trainer/split", test_split);
  g_test_add_func ("/validation/trainer/train-samples", test_train_samples);
  g_test_add_func ("/validation/trainer/train-samples-only", test_train_samples_only);
  g_test_add_func ("/validation/trainer/early-stopping", test_early_stopping);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return status;
}
