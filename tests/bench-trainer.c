/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app's training worker alone, against the loop the terminal program runs, run by hand:
 *
 *   build/tests/bench-trainer [EPOCHS] [ROUNDS]
 *
 * Loads MNIST as the app does, then alternately trains EPOCHS epochs (default 5) through
 * DtTrainer — the worker thread with its batch callbacks, locked records, snapshots and the
 * main loop draining them, but no window — and straight through nn_trainer_fit, as
 * digit-trainer-cli does, ROUNDS times (default 3), and prints each one's samples per
 * second in its last epoch (the figure the app's status line shows) and their medians.
 * The worker lowers its own priority (nice 10): run it on an otherwise idle machine. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dt-trainer.h"

static void
quit_cb (DtTrainer *trainer,
         GError    *error,
         gpointer   user_data)
{
  g_main_loop_quit (user_data);
}

static double
worker_rate (DtTrainer *trainer,
             int        epochs)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  DtTrainerStatus st;
  NnConfig config;
  gulong id;

  nn_config_init_defaults (&config);
  dt_trainer_set_config (trainer, &config, epochs);
  dt_trainer_reset (trainer);
  id = g_signal_connect (trainer, "finished", G_CALLBACK (quit_cb), loop);
  if (!dt_trainer_train (trainer, &error))
    g_error ("%s", error->message);
  g_main_loop_run (loop);
  g_signal_handler_disconnect (trainer, id);
  return dt_trainer_get_status (trainer, &st) ? st.samples_per_second : 0.0;
}

static void
epoch_cb (NnTrainer        *trainer,
          const NnProgress *p,
          gpointer          user_data)
{
  *(double *) user_data = p->total / p->seconds;
}

static double
direct_rate (const NnDataset *train,
             int              epochs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  double rate = 0.0;
  NnCallbacks cb = { NULL, epoch_cb, &rate, NULL };
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  if (t == NULL || !nn_trainer_fit (t, NN_DATASET_ARRAYS (train), epochs, &cb, &error))
    g_error ("%s", error->message);
  return rate;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  int epochs = argc > 1 ? atoi (argv[1]) : 5;
  int rounds = argc > 2 ? atoi (argv[2]) : 3;
  g_autoptr(DtTrainer) trainer = dt_trainer_new ();
  g_autofree double *worker = g_new0 (double, MAX (rounds, 1));
  g_autofree double *direct = g_new0 (double, MAX (rounds, 1));

  if (epochs < 1 || rounds < 1)
    {
      fprintf (stderr, "usage: bench-trainer [EPOCHS] [ROUNDS]\n");
      return 2;
    }
  dt_trainer_load_data (trainer, NULL);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  if (dt_trainer_get_data_state (trainer) != DT_DATA_STATE_READY)
    g_error ("MNIST: %s", dt_trainer_get_data_error (trainer)->message);

  for (int r = 0; r < rounds; r++)
    {
      worker[r] = worker_rate (trainer, epochs);
      direct[r] = direct_rate (dt_trainer_get_train_set (trainer), epochs);
      printf ("round %d: worker %.0f samples/s, fit %.0f samples/s\n", r + 1, worker[r],
              direct[r]);
    }
  qsort (worker, rounds, sizeof (double), compare_doubles);
  qsort (direct, rounds, sizeof (double), compare_doubles);
  printf ("median: worker %.0f samples/s, fit %.0f samples/s (%.0f %%)\n", worker[rounds / 2],
          direct[rounds / 2], 100.0 * worker[rounds / 2] / direct[rounds / 2]);
  return 0;
}
