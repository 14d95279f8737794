/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtTrainer: the worker thread, coalesced progress, stop/continue, snapshots, data loading. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-trainer.h"

#define N_TRAIN  6000
#define N_TEST   500
#define FRAME_US 16000   /* the trainer drains at most once per frame */

static char *data_dir;
static GThread *main_thread;

typedef struct
{
  guint    n_progress;
  guint    n_points;
  guint    n_tests;
  guint    n_network;
  guint    n_finished;
  guint    n_marks;
  double   last_x;
  gboolean monotonic;
  double   test_loss;
  double   test_accuracy;
  NnHyper  mark_hyper;
  GError  *error;
} Seen;

static void
progress_cb (DtTrainer            *trainer,
             const DtTrainerPoint *points,
             guint                 n,
             Seen                 *seen)
{
  g_assert_true (g_thread_self () == main_thread);
  seen->n_progress++;
  seen->n_points += n;
  for (guint i = 0; i < n; i++)
    {
      if (points[i].x <= seen->last_x)
        seen->monotonic = FALSE;
      seen->last_x = points[i].x;
      g_assert_true (isfinite (points[i].loss));
      g_assert_cmpfloat (points[i].accuracy, >=, 0.0);
      g_assert_cmpfloat (points[i].accuracy, <=, 1.0);
    }
}

static void
test_point_cb (DtTrainer *trainer,
               double     x,
               double     loss,
               double     accuracy,
               Seen      *seen)
{
  g_assert_true (g_thread_self () == main_thread);
  seen->n_tests++;
  seen->test_loss = loss;
  seen->test_accuracy = accuracy;
  g_assert_cmpfloat (fabs (x - round (x)), <, 1e-9);
}

static void
network_cb (DtTrainer *trainer,
            Seen      *seen)
{
  g_assert_true (g_thread_self () == main_thread);
  seen->n_network++;
}

static void
finished_cb (DtTrainer    *trainer,
             const GError *error,
             Seen         *seen)
{
  g_assert_true (g_thread_self () == main_thread);
  g_assert_false (dt_trainer_get_running (trainer));
  seen->n_finished++;
  g_clear_error (&seen->error);
  seen->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
hyper_cb (DtTrainer     *trainer,
          double         x,
          const NnHyper *hyper,
          Seen          *seen)
{
  seen->n_marks++;
  seen->mark_hyper = *hyper;
}

static DtTrainer *
make_trainer (Seen *seen,
              int   batch_size,
              int   epochs)
{
  DtTrainer *trainer = dt_trainer_new ();
  NnConfig config;

  memset (seen, 0, sizeof *seen);
  seen->monotonic = TRUE;
  seen->last_x = -1.0;
  g_signal_connect (trainer, "progress", G_CALLBACK (progress_cb), seen);
  g_signal_connect (trainer, "test-point", G_CALLBACK (test_point_cb), seen);
  g_signal_connect (trainer, "network-changed", G_CALLBACK (network_cb), seen);
  g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), seen);
  g_signal_connect (trainer, "hyper-applied", G_CALLBACK (hyper_cb), seen);

  nn_config_init_defaults (&config);
  config.batch_size = batch_size;
  dt_trainer_set_config (trainer, &config, epochs);

  dt_trainer_load_data (trainer, data_dir);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_LOADING);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpuint (dt_trainer_get_train_set (trainer)->n, ==, N_TRAIN);
  g_assert_cmpuint (dt_trainer_get_test_set (trainer)->n, ==, N_TEST);
  return trainer;
}

static void
wait_until_finished (DtTrainer *trainer)
{
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_trainer_format (void)
{
  DtTrainerStatus st = { 0 };
  NnHyper hyper = NN_HYPER_KERAS_DEFAULTS;
  g_autofree char *line = NULL;
  g_autofree char *label = NULL;

  st.progress.epoch = 1;
  st.progress.last_epoch = 2;
  st.progress.loss = 0.35061;
  st.progress.accuracy = 0.90249;
  st.batch = 937;
  st.n_batches = 1875;
  st.samples_per_second = 12345.4;
  st.eta_seconds = 61.2;
  line = dt_trainer_format_status (&st);
  g_assert_cmpstr (line, ==,
                   "Epoch 1/2 · batch 937/1875 · 12,345 samples/s · ETA 1:02 · "
                   "loss 0.3506 · acc 0.9025");
  label = dt_trainer_format_hyper (&hyper);
  g_assert_cmpstr (label, ==, "lr 0.001 · ρ 0.9 · ε 1e-08");
}

static void
test_trainer_train (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 8, 2);
  g_autoptr(GError) error = NULL;
  DtTrainerStatus st;
  NnNet *net;
  guint64 expected = 2 * (N_TRAIN / 8);
  gint64 start, elapsed;

  g_assert_null (dt_trainer_dup_network (trainer));
  g_assert_false (dt_trainer_get_status (trainer, &st));
  start = g_get_monotonic_time ();
  g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (dt_trainer_get_running (trainer));
  /* a second Train while running is refused */
  g_assert_false (dt_trainer_train (trainer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  wait_until_finished (trainer);
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpuint (seen.n_finished, ==, 1);
  g_assert_no_error (seen.error);
  g_assert_cmpuint (seen.n_points, ==, expected);
  g_assert_cmpuint (dt_trainer_get_n_batches (trainer), ==, expected);
  /* coalesced: far fewer main-loop updates than batches */
  g_test_message ("%u drains for %" G_GUINT64_FORMAT " batches in %" G_GINT64_FORMAT " ms",
                  dt_trainer_get_n_drains (trainer), expected, elapsed / 1000);
  /* At most one drain per frame plus the last ones, however slow the machine (or a
   * sanitizer) makes the batches.  A drain waits for a whole millisecond count, so drains
   * are at least a frame less 1 ms apart.  How many batches a drain carries depends on the
   * speed alone (under TSan a batch takes longer than a frame): not asserted. */
  g_assert_cmpuint (dt_trainer_get_n_drains (trainer), <=, elapsed / (FRAME_US - 1000) + 5);
  g_assert_cmpuint (seen.n_progress, <=, dt_trainer_get_n_drains (trainer));
  g_assert_true (seen.monotonic);
  g_assert_cmpfloat (fabs (seen.last_x - 2.0), <, 1e-9);
  g_assert_cmpfloat (fabs (dt_trainer_get_position (trainer) - 2.0), <, 1e-9);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, (gint64) expected);

  g_assert_true (dt_trainer_get_status (trainer, &st));
  g_assert_cmpint (st.progress.epoch, ==, 2);
  g_assert_cmpint (st.progress.last_epoch, ==, 2);
  g_assert_cmpint (st.batch, ==, st.n_batches);
  g_assert_cmpint (st.n_batches, ==, N_TRAIN / 8);
  g_assert_cmpfloat (st.fraction, ==, 1.0);
  g_assert_cmpfloat (st.progress.loss, <, 0.5);
  g_assert_cmpfloat (st.progress.accuracy, >, 0.9);
  g_assert_cmpuint (seen.n_tests, ==, 2);
  g_assert_cmpfloat (seen.test_accuracy, >, 0.9);
  g_assert_cmpfloat (seen.test_loss, <, 0.5);

  g_assert_cmpuint (seen.n_network, >=, 1);
  net = dt_trainer_dup_network (trainer);
  g_assert_nonnull (net);
  g_assert_cmpint (net->n_hidden, ==, 32);
  nn_net_free (net);

  /* Reset: untrained again, position 0 */
  dt_trainer_reset (trainer);
  g_assert_null (dt_trainer_dup_network (trainer));
  g_assert_cmpfloat (dt_trainer_get_position (trainer), ==, 0.0);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, 0);

  g_clear_error (&seen.error);
  g_assert_finalize_object (trainer);
}

static gboolean
nets_equal (const NnNet *a,
            const NnNet *b)
{
  return a->n_params == b->n_params &&
         memcmp (a->params, b->params, a->n_params * sizeof (float)) == 0;
}

static void
test_trainer_stop_continue (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 4, 50);
  g_autoptr(GError) error = NULL;
  NnNet *stopped, *fresh, *again;
  gint64 it_stop, it_again;
  double x_stop;
  NnConfig config;

  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points == 0)
    g_main_context_iteration (NULL, TRUE);
  dt_trainer_stop (trainer);

  g_assert_false (dt_trainer_get_running (trainer));
  g_assert_cmpuint (seen.n_finished, ==, 1);
  g_assert_error (seen.error, NN_ERROR, NN_ERROR_CANCELLED);
  it_stop = dt_trainer_get_iterations (trainer);
  x_stop = dt_trainer_get_position (trainer);
  g_assert_cmpint (it_stop, >, 0);
  g_assert_cmpint (it_stop, <, 50 * N_TRAIN / 4);
  /* every batch that changed the weights reached the main thread */
  g_assert_cmpuint (seen.n_points, ==, (guint) it_stop);
  g_assert_cmpfloat (fabs (seen.last_x - x_stop), <, 1e-9);

  /* the weights are kept: the snapshot is the trained net, not the initial one */
  stopped = dt_trainer_dup_network (trainer);
  g_assert_nonnull (stopped);
  dt_trainer_get_config (trainer, &config, NULL);
  fresh = nn_net_new (NN_IMAGE_PIXELS, 32, 10);
  nn_net_init_glorot (fresh, config.seed);
  g_assert_false (nets_equal (stopped, fresh));

  /* Train continues from there: iterations and x keep growing */
  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points <= (guint) it_stop)
    g_main_context_iteration (NULL, TRUE);
  dt_trainer_stop (trainer);
  it_again = dt_trainer_get_iterations (trainer);
  g_assert_cmpint (it_again, >, it_stop);
  g_assert_cmpuint (seen.n_points, ==, (guint) it_again);
  g_assert_true (seen.monotonic);
  g_assert_cmpfloat (dt_trainer_get_position (trainer), >, x_stop);
  again = dt_trainer_dup_network (trainer);
  g_assert_false (nets_equal (stopped, again));

  nn_net_free (stopped);
  nn_net_free (fresh);
  nn_net_free (again);
  g_clear_error (&seen.error);
  g_assert_finalize_object (trainer);
}

static void
test_trainer_hyper_midrun (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 4, 50);
  g_autoptr(GError) error = NULL;
  NnConfig config;
  int epochs;

  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points == 0)
    g_main_context_iteration (NULL, TRUE);

  dt_trainer_get_config (trainer, &config, &epochs);
  config.hyper.lr = 0.01f;
  config.seed = 7;
  dt_trainer_set_config (trainer, &config, epochs);
  g_assert_true (dt_trainer_get_needs_reset (trainer));
  while (seen.n_marks == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (seen.mark_hyper.lr, ==, 0.01f);
  dt_trainer_stop (trainer);

  dt_trainer_reset (trainer);
  g_assert_false (dt_trainer_get_needs_reset (trainer));
  g_clear_error (&seen.error);
  g_assert_finalize_object (trainer);
}

/* Closing mid-run: dispose cancels and joins; nothing leaks, nothing arrives afterwards. */
static void
test_trainer_dispose_running (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 4, 50);
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (trainer);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Closing while the data loads: the trainer goes at once, the late result is dropped. */
static void
test_trainer_dispose_loading (void)
{
  DtTrainer *trainer = dt_trainer_new ();

  dt_trainer_load_data (trainer, data_dir);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_LOADING);
  g_assert_finalize_object (trainer);
  for (int i = 0; i < 100; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static void
test_trainer_extra_samples (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 10, 1);
  g_autoptr(GError) error = NULL;
  NnDataset *extra = nn_dataset_new (20, 28, 28);

  memset (extra->images, 200, 20 * NN_IMAGE_PIXELS);
  memset (extra->labels, 3, 20);
  dt_trainer_set_extra_samples (trainer, extra);
  g_assert_true (dt_trainer_train (trainer, &error));
  wait_until_finished (trainer);
  g_assert_no_error (seen.error);
  /* 6000 + 20 samples in batches of 10 */
  g_assert_cmpuint (seen.n_points, ==, (N_TRAIN + 20) / 10);

  /* the same extras again: the merged set is reused */
  g_assert_true (dt_trainer_train (trainer, &error));
  wait_until_finished (trainer);
  g_assert_cmpuint (seen.n_points, ==, 2 * (N_TRAIN + 20) / 10);

  /* other extras, as many: a new set, trained on */
  extra = nn_dataset_new (20, 28, 28);
  memset (extra->images, 90, 20 * NN_IMAGE_PIXELS);
  memset (extra->labels, 7, 20);
  dt_trainer_set_extra_samples (trainer, extra);
  g_assert_true (dt_trainer_train (trainer, &error));
  wait_until_finished (trainer);
  g_assert_no_error (seen.error);
  g_assert_cmpuint (seen.n_points, ==, 3 * (N_TRAIN + 20) / 10);

  /* and none */
  dt_trainer_set_extra_samples (trainer, NULL);
  g_assert_true (dt_trainer_train (trainer, &error));
  wait_until_finished (trainer);
  g_assert_cmpuint (seen.n_points, ==, 3 * (N_TRAIN + 20) / 10 + N_TRAIN / 10);
  g_assert_finalize_object (trainer);
}

static void
test_trainer_data_missing (void)
{
  DtTrainer *trainer = dt_trainer_new ();
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "dt-no-such-dir", NULL);
  const GError *error;

  dt_trainer_load_data (trainer, nowhere);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_MISSING);
  error = dt_trainer_get_data_error (trainer);
  g_assert_error (error, NN_DATA_ERROR, NN_DATA_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_assert_null (dt_trainer_get_train_set (trainer));
  g_assert_false (dt_trainer_train (trainer, NULL));
  g_assert_finalize_object (trainer);
}

static void
test_trainer_data_corrupt (void)
{
  DtTrainer *trainer = dt_trainer_new ();
  g_autofree char *dir = dt_test_make_dataset (20, 10);
  g_autofree char *path = g_build_filename (dir, "train-images-idx3-ubyte", NULL);

  g_assert_true (g_file_set_contents (path, "not an idx file", -1, NULL));
  dt_trainer_load_data (trainer, dir);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_ERROR);
  g_assert_error (dt_trainer_get_data_error (trainer), NN_DATA_ERROR, NN_DATA_ERROR_CORRUPT);
  g_assert_finalize_object (trainer);
  dt_test_remove_dataset (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = NULL;
  int ret;

  /* the default lookup must not find the real MNIST of this machine */
  empty_home = dt_test_hide_real_mnist ();

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);

  g_test_add_func ("/trainer/format", test_trainer_format);
  g_test_add_func ("/trainer/train", test_trainer_train);
  g_test_add_func ("/trainer/stop-continue", test_trainer_stop_continue);
  g_test_add_func ("/trainer/hyper-midrun", test_trainer_hyper_midrun);
  g_test_add_func ("/trainer/dispose-running", test_trainer_dispose_running);
  g_test_add_func ("/trainer/dispose-loading", test_trainer_dispose_loading);
  g_test_add_func ("/trainer/extra-samples", test_trainer_extra_samples);
  g_test_add_func ("/trainer/data-missing", test_trainer_data_missing);
  g_test_add_func ("/trainer/data-corrupt", test_trainer_data_corrupt);
  ret = g_test_run ();

  dt_test_remove_dataset (data_dir);
  g_rmdir (empty_home);
  g_free (data_dir);
  return ret;
}
