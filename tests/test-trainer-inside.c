/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What DtTrainer gives the Draw, Evaluate, Inside and Optimizer pages: the optimizer's
 * measurements from the worker, and the untrained network's weights. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dt-test-data.h"
#include "dt-trainer.h"

#define N_TRAIN 3200   /* 100 batches of 32: a measurement every 4 steps, 25 an epoch */
#define N_TEST  100

static char *data_dir;

typedef struct
{
  guint    n;
  double   last_x;
  gint64   last_iteration;
  gboolean on_main;
  float    epsilon;
} OptimSeen;

static void
optimizer_cb (DtTrainer          *trainer,
              const DtOptimPoint *points,
              guint               n,
              OptimSeen          *seen)
{
  for (guint i = 0; i < n; i++)
    {
      const NnOptimStats *s = &points[i].stats;

      g_assert_cmpfloat (points[i].x, >, seen->last_x);
      g_assert_cmpint (points[i].iteration, >, seen->last_iteration);
      seen->last_x = points[i].x;
      seen->last_iteration = points[i].iteration;
      seen->epsilon = s->epsilon;
      g_assert_cmpfloat (s->grad_norm_total, >, 0);
      for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
        for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
          for (int b = 1; b < NN_OPTIM_N_BANDS; b++)
            {
              g_assert_true (isfinite (s->bands[l][q][b]));
              g_assert_cmpfloat (s->bands[l][q][b], >=, s->bands[l][q][b - 1]);
            }
    }
  seen->on_main = seen->on_main && g_main_context_is_owner (g_main_context_default ());
  seen->n += n;
}

static void
finished_cb (DtTrainer    *trainer,
             const GError *error,
             gboolean     *done)
{
  g_assert_no_error (error);
  *done = TRUE;
}

static void
train_and_wait (DtTrainer *trainer)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gulong id = g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), &done);

  g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_no_error (error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (trainer, id);
}

static DtTrainer *
new_loaded_trainer (void)
{
  DtTrainer *trainer = dt_trainer_new ();
  NnConfig config;

  nn_config_init_defaults (&config);
  config.hyper.epsilon = 1e-4f;
  dt_trainer_set_config (trainer, &config, 2);
  dt_trainer_load_data (trainer, data_dir);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  return trainer;
}

/* Measured on the worker every few steps, drained on the main thread, in order. */
static void
test_optimizer_stats (void)
{
  DtTrainer *trainer = new_loaded_trainer ();
  OptimSeen seen = { 0, -1, 0, TRUE, 0 };

  g_signal_connect (trainer, "optimizer-stats", G_CALLBACK (optimizer_cb), &seen);
  train_and_wait (trainer);
  /* 200 steps, one measurement every 100 / 25 = 4 steps */
  g_assert_cmpuint (seen.n, ==, 50);
  g_assert_cmpint (seen.last_iteration, ==, 200);
  g_assert_cmpfloat (seen.last_x, ==, 2.0);
  g_assert_true (seen.on_main);
  g_assert_cmpfloat (seen.epsilon, ==, 1e-4f);

  /* after Reset a run measures from the start again */
  dt_trainer_reset (trainer);
  seen.last_x = -1;
  seen.last_iteration = 0;
  train_and_wait (trainer);
  g_assert_cmpuint (seen.n, ==, 100);
  g_assert_finalize_object (trainer);
}

/* The seed's weights until the first step; none while a run writes them or after it. */
static void
test_untrained_network (void)
{
  DtTrainer *trainer = new_loaded_trainer ();
  NnNet *untrained = dt_trainer_dup_untrained_network (trainer);
  NnNet *seed = nn_net_new (NN_IMAGE_PIXELS, NN_LESSON_HIDDEN, NN_DATASET_CLASSES);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  nn_net_init_glorot (seed, NN_LESSON_SEED);
  g_assert_nonnull (untrained);
  g_assert_null (dt_trainer_dup_network (trainer));
  g_assert_cmpmem (untrained->params, untrained->n_params * sizeof (float), seed->params,
                   seed->n_params * sizeof (float));
  g_clear_pointer (&untrained, nn_net_free);

  g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), &done);
  g_assert_true (dt_trainer_train (trainer, &error));
  g_assert_null (dt_trainer_dup_untrained_network (trainer));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (dt_trainer_dup_untrained_network (trainer));

  dt_trainer_reset (trainer);
  untrained = dt_trainer_dup_untrained_network (trainer);
  g_assert_nonnull (untrained);
  g_assert_cmpmem (untrained->params, untrained->n_params * sizeof (float), seed->params,
                   seed->n_params * sizeof (float));
  nn_net_free (untrained);
  nn_net_free (seed);
  g_assert_finalize_object (trainer);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  int status;

  g_test_init (&argc, &argv, NULL);
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  g_test_add_func ("/trainer-inside/optimizer-stats", test_optimizer_stats);
  g_test_add_func ("/trainer-inside/untrained-network", test_untrained_network);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_rmdir (empty_home);
  return status;
}
