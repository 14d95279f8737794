/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtTrainer's lesson controls on a generated IDX set: the pace changes nothing but the time,
 * a single step shows its batch before and after the update, a paused run stops, and model
 * files go out and come back bit for bit. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-trainer.h"

#define N_TRAIN 600
#define N_TEST  100
#define BATCH   8
#define BATCHES (N_TRAIN / BATCH)

static char *data_dir;

typedef struct
{
  guint          n_points;
  guint          n_steps;
  guint          n_finished;
  GArray        *losses;     /* double: every batch's loss, in order */
  DtTrainerStep *step;       /* the latest */
  GError        *error;
} Seen;

static void
progress_cb (DtTrainer            *trainer,
             const DtTrainerPoint *points,
             guint                 n,
             Seen                 *seen)
{
  seen->n_points += n;
  for (guint i = 0; i < n; i++)
    g_array_append_val (seen->losses, points[i].loss);
}

static void
step_cb (DtTrainer           *trainer,
         const DtTrainerStep *step,
         Seen                *seen)
{
  DtTrainerStep *copy = g_new0 (DtTrainerStep, 1);

  *copy = *step;
  copy->images = g_memdup2 (step->images, (gsize) step->n * NN_IMAGE_PIXELS);
  copy->labels = g_memdup2 (step->labels, step->n);
  copy->before = g_memdup2 (step->before, step->n);
  copy->after = g_memdup2 (step->after, step->n);
  g_clear_pointer (&seen->step, dt_trainer_step_free);
  seen->step = copy;
  seen->n_steps++;
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

static DtTrainer *
make_trainer (Seen *seen,
              int   epochs)
{
  DtTrainer *trainer = dt_trainer_new ();
  NnConfig config;

  memset (seen, 0, sizeof *seen);
  seen->losses = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (trainer, "progress", G_CALLBACK (progress_cb), seen);
  g_signal_connect (trainer, "step", G_CALLBACK (step_cb), seen);
  g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), seen);
  nn_config_init_defaults (&config);
  config.batch_size = BATCH;
  dt_trainer_set_config (trainer, &config, epochs);
  dt_trainer_load_data (trainer, data_dir);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  return trainer;
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->losses, g_array_unref);
  g_clear_pointer (&seen->step, dt_trainer_step_free);
  g_clear_error (&seen->error);
}

static void
wait_until_finished (DtTrainer *trainer)
{
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_steps (DtTrainer *trainer,
                Seen      *seen,
                guint      n_steps)
{
  while (seen->n_steps < n_steps)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
nets_equal (const NnNet *a,
            const NnNet *b)
{
  return a->n_params == b->n_params &&
         memcmp (a->params, b->params, a->n_params * sizeof (float)) == 0;
}

/* One epoch at full speed, the given pace, with steps: the weights it ends with. */
static NnNet *
train_epoch (double   pace,
             guint    n_steps,
             gint64  *elapsed)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 1);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  NnNet *net;

  dt_trainer_set_pace (trainer, pace);
  g_assert_cmpfloat (dt_trainer_get_pace (trainer), ==, pace);
  for (guint i = 1; i <= n_steps; i++)
    {
      g_assert_true (dt_trainer_step (trainer, &error));
      g_assert_no_error (error);
      wait_for_steps (trainer, &seen, i);
      g_assert_true (dt_trainer_get_paused (trainer));
      g_assert_cmpuint (seen.n_points, ==, i);
    }
  if (n_steps > 0)
    dt_trainer_set_paused (trainer, FALSE);
  else
    g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_no_error (error);
  wait_until_finished (trainer);
  *elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (seen.error);
  g_assert_cmpuint (seen.n_points, ==, BATCHES);
  g_assert_false (dt_trainer_get_paused (trainer));
  net = dt_trainer_dup_network (trainer);
  g_assert_nonnull (net);
  seen_clear (&seen);
  g_assert_finalize_object (trainer);
  return net;
}

/* The pace only waits: the same seed ends with the same weights, bit for bit, at full
 * speed, at 300 batches a second, and stepped three times then resumed. */
static void
test_pace_same_weights (void)
{
  gint64 fast_us, paced_us, stepped_us;
  NnNet *fast = train_epoch (0, 0, &fast_us);
  NnNet *paced = train_epoch (300, 0, &paced_us);
  NnNet *stepped = train_epoch (0, 3, &stepped_us);

  g_test_message ("%d batches: full speed %" G_GINT64_FORMAT " ms, at 300/s %" G_GINT64_FORMAT
                  " ms", BATCHES, fast_us / 1000, paced_us / 1000);
  g_assert_true (nets_equal (fast, paced));
  g_assert_true (nets_equal (fast, stepped));
  /* and it does wait: the batches start 1/300 s apart at the least */
  g_assert_cmpint (paced_us, >=, (BATCHES - 1) * G_USEC_PER_SEC / 300);
  nn_net_free (fast);
  nn_net_free (paced);
  nn_net_free (stepped);
}

/* A step from a stopped trainer: one batch, its samples and labels from the training set,
 * the answers before (the untrained network) and after (the network it leaves). */
static void
test_step (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 2);
  const NnDataset *train = dt_trainer_get_train_set (trainer);
  g_autoptr(GError) error = NULL;
  NnNet *after;
  guint changed = 0;

  g_assert_true (dt_trainer_step (trainer, &error));
  g_assert_no_error (error);
  g_assert_true (dt_trainer_get_running (trainer));
  g_assert_true (dt_trainer_get_paused (trainer));
  wait_for_steps (trainer, &seen, 1);
  /* let the network snapshot of the step arrive too */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (seen.step->n, ==, BATCH);
  g_assert_cmpint (seen.step->iteration, ==, 1);
  g_assert_cmpuint (seen.n_points, ==, 1);
  /* the loss training reported is the step's loss before the update */
  g_assert_cmpfloat (fabs (g_array_index (seen.losses, double, 0) - seen.step->loss_before), <,
                     1e-5);
  for (guint i = 0; i < seen.step->n; i++)
    {
      const guint8 *img = seen.step->images + (gsize) i * NN_IMAGE_PIXELS;
      gboolean found = FALSE;

      /* every sample is one of the training set's, with its label */
      for (gsize k = 0; k < train->n && !found; k++)
        found = memcmp (train->images + k * NN_IMAGE_PIXELS, img, NN_IMAGE_PIXELS) == 0 &&
                train->labels[k] == seen.step->labels[i];
      g_assert_true (found);
      g_assert_cmpuint (seen.step->before[i], <, 10);
      changed += seen.step->before[i] != seen.step->after[i];
    }
  g_test_message ("step 1: loss %.4f → %.4f, %u answers changed", seen.step->loss_before,
                  seen.step->loss_after, changed);
  /* one RMSprop step at lr 0.001 lowers that batch's loss */
  g_assert_cmpfloat (seen.step->loss_after, <, seen.step->loss_before);

  /* the "after" answers are the published network's */
  after = dt_trainer_dup_network (trainer);
  g_assert_nonnull (after);
  for (guint i = 0; i < seen.step->n; i++)
    {
      float x[NN_IMAGE_PIXELS], p[NN_DATASET_CLASSES];

      for (int j = 0; j < NN_IMAGE_PIXELS; j++)
        x[j] = seen.step->images[(gsize) i * NN_IMAGE_PIXELS + j] / 255.0f;
      nn_predict (after, x, p);
      g_assert_cmpint (nn_argmax (p, NN_DATASET_CLASSES), ==, seen.step->after[i]);
    }
  nn_net_free (after);

  /* a second step, then nothing more while paused */
  g_assert_true (dt_trainer_step (trainer, &error));
  wait_for_steps (trainer, &seen, 2);
  g_assert_cmpint (seen.step->iteration, ==, 2);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.n_points, ==, 2);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, 2);

  seen_clear (&seen);
  g_assert_finalize_object (trainer);
}

/* Pausing holds a running worker; Stop still ends it at once, and a slow pace too. */
static void
test_pause_stop (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 100);
  g_autoptr(GError) error = NULL;
  guint held;
  gint64 start;

  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points == 0)
    g_main_context_iteration (NULL, TRUE);
  dt_trainer_set_paused (trainer, TRUE);
  g_assert_true (dt_trainer_get_paused (trainer));
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  held = seen.n_points;
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.n_points, ==, held);
  g_assert_true (dt_trainer_get_running (trainer));

  start = g_get_monotonic_time ();
  dt_trainer_stop (trainer);
  g_assert_false (dt_trainer_get_running (trainer));
  g_assert_false (dt_trainer_get_paused (trainer));
  g_assert_error (seen.error, NN_ERROR, NN_ERROR_CANCELLED);
  g_test_message ("stopped a paused run in %" G_GINT64_FORMAT " µs",
                  g_get_monotonic_time () - start);

  /* at one batch every 10 s, Stop does not wait for the next one */
  dt_trainer_set_pace (trainer, 0.1);
  g_assert_true (dt_trainer_train (trainer, &error));
  while (seen.n_points == held)
    g_main_context_iteration (NULL, TRUE);
  start = g_get_monotonic_time ();
  dt_trainer_stop (trainer);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (seen.n_finished, ==, 2);

  /* pausing a trainer that is not running does nothing */
  dt_trainer_set_paused (trainer, TRUE);
  g_assert_false (dt_trainer_get_paused (trainer));

  seen_clear (&seen);
  g_assert_finalize_object (trainer);
}

/* Save, Reset, Open: the same weights, the position at the model's epochs; not while
 * running; a file that is not a model is refused. */
static void
test_model_files (void)
{
  Seen seen;
  DtTrainer *trainer = make_trainer (&seen, 1);
  g_autofree char *dir = g_dir_make_tmp ("dt-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.dtmodel", NULL);
  g_autoptr(GError) error = NULL;
  NnNet *saved, *loaded;
  NnConfig config;

  g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_false (dt_trainer_save_model (trainer, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  wait_until_finished (trainer);
  saved = dt_trainer_dup_network (trainer);
  g_assert_true (dt_trainer_save_model (trainer, path, &error));
  g_assert_no_error (error);

  dt_trainer_reset (trainer);
  g_assert_null (dt_trainer_dup_network (trainer));
  g_assert_true (dt_trainer_load_model (trainer, path, &error));
  g_assert_no_error (error);
  loaded = dt_trainer_dup_network (trainer);
  g_assert_nonnull (loaded);
  g_assert_true (nets_equal (saved, loaded));
  g_assert_cmpfloat (dt_trainer_get_position (trainer), ==, 1.0);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, BATCHES);
  dt_trainer_get_model_config (trainer, &config);
  g_assert_cmpint (config.batch_size, ==, BATCH);
  g_assert_cmpint (config.n_hidden, ==, 32);

  /* training continues from the loaded state */
  g_assert_true (dt_trainer_train (trainer, &error));
  wait_until_finished (trainer);
  g_assert_cmpfloat (fabs (dt_trainer_get_position (trainer) - 2.0), <, 1e-9);

  g_assert_true (g_file_set_contents (junk, "not a model", -1, NULL));
  g_assert_false (dt_trainer_load_model (trainer, junk, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  /* a refused file changes nothing */
  g_assert_cmpfloat (fabs (dt_trainer_get_position (trainer) - 2.0), <, 1e-9);

  nn_net_free (saved);
  nn_net_free (loaded);
  g_unlink (path);
  g_unlink (junk);
  g_rmdir (dir);
  seen_clear (&seen);
  g_assert_finalize_object (trainer);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  int ret;

  g_test_init (&argc, &argv, NULL);
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);

  g_test_add_func ("/lesson/trainer/pace-same-weights", test_pace_same_weights);
  g_test_add_func ("/lesson/trainer/step", test_step);
  g_test_add_func ("/lesson/trainer/pause-stop", test_pause_stop);
  g_test_add_func ("/lesson/trainer/model-files", test_model_files);
  ret = g_test_run ();

  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_rmdir (empty_home);
  return ret;
}
