/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-inside — what watching the network costs the training loop, on the real MNIST.
 *
 *   build/tests/bench-inside [REPEAT]
 *
 * prints the median samples/s of the lesson (2 epochs) with a batch callback that does what
 * the app's worker does without the Optimizer page's measurements, then with them every N
 * steps (N as the app picks it, and denser), the cost of one measurement on a sample of
 * each layer and on every parameter, and the time of the Evaluate page's pass over the
 * 10,000 test digits for 32 and 128 hidden units. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "nn-dataset.h"
#include "nn-eval.h"
#include "nn-optim-stats.h"
#include "nn-trainer.h"

#define DEFAULT_REPEAT 5
#define APP_PER_EPOCH  25   /* DT_TRAINER_OPTIM_PER_EPOCH */

typedef struct
{
  NnOptimSampler *sampler;
  int             every;     /* 0: no measurement */
  gint64          spent;     /* µs inside the measurements */
  guint           n;
} Watch;

static void
batch_cb (NnTrainer        *t,
          const NnProgress *p,
          gpointer          user_data)
{
  Watch *w = user_data;
  NnOptimStats stats;
  gint64 start;

  if (w->every == 0 || p->iteration % w->every != 0)
    return;
  start = g_get_monotonic_time ();
  if (w->sampler == NULL)
    w->sampler = nn_optim_sampler_new (nn_trainer_get_net (t), NN_OPTIM_DEFAULT_SAMPLE, 11);
  nn_optim_sampler_measure (w->sampler, nn_trainer_get_net (t), nn_trainer_get_gradient (t),
                            nn_trainer_get_optimizer (t), NN_STEP_FORM_KERAS2, &stats);
  w->spent += g_get_monotonic_time () - start;
  w->n++;
}

/* One lesson run; returns samples/s of the training loop. */
static double
run (const NnDataset *train,
     int              every,
     double          *per_measure_us)
{
  g_autoptr(NnTrainer) t = NULL;
  Watch w = { NULL, every, 0, 0 };
  NnCallbacks cb = { batch_cb, NULL, &w, NULL };
  NnConfig config;
  gint64 start;
  double seconds;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
  start = g_get_monotonic_time ();
  if (!nn_trainer_fit (t, NN_DATASET_ARRAYS (train), NN_LESSON_EPOCHS, &cb, NULL))
    g_error ("the lesson did not train");
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (per_measure_us != NULL)
    *per_measure_us = w.n > 0 ? (double) w.spent / w.n : 0;
  nn_optim_sampler_free (w.sampler);
  return NN_LESSON_EPOCHS * train->n / seconds;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

/* Median over repeat runs, interleaved with the baseline so that a busy machine hurts
 * both alike. */
static void
bench_training (const NnDataset *train,
                int              repeat)
{
  int batches = (int) ((train->n + NN_LESSON_BATCH_SIZE - 1) / NN_LESSON_BATCH_SIZE);
  int app_every = MAX (batches / APP_PER_EPOCH, 1);
  const int everies[] = { app_every, 10, 1 };
  g_autofree double *base = g_new (double, repeat);
  double base_median = 0;

  for (guint e = 0; e < G_N_ELEMENTS (everies); e++)
    {
      g_autofree double *with = g_new (double, repeat);
      g_autofree double *cost = g_new (double, repeat);

      for (int r = 0; r < repeat; r++)
        {
          if (e == 0)
            base[r] = run (train, 0, NULL);
          with[r] = run (train, everies[e], &cost[r]);
        }
      if (e == 0)
        {
          base_median = median (base, repeat);
          printf ("no measurements:                      %9.0f samples/s\n", base_median);
        }
      printf ("optimizer every %4d steps (%s): %9.0f samples/s  (%+.2f %%), %.1f µs each\n",
              everies[e], e == 0 ? "the app" : "denser ", median (with, repeat),
              100.0 * (median (with, repeat) / base_median - 1), median (cost, repeat));
    }
}

/* One measurement's cost on a sample and on every parameter, for H hidden units. */
static void
bench_measurement (int n_hidden)
{
  NnNet *net = nn_net_new (NN_IMAGE_PIXELS, n_hidden, NN_DATASET_CLASSES);
  NnHyper hyper = NN_HYPER_KERAS_DEFAULTS;
  g_autofree float *g = g_new (float, net->n_params);
  const guint sizes[] = { NN_OPTIM_DEFAULT_SAMPLE, G_MAXUINT };
  NnRmsprop opt;
  NnOptimStats stats;

  nn_net_init_glorot (net, 1);
  nn_rmsprop_init (&opt, &hyper, net->n_params);
  opt.iterations = 1;
  for (gsize i = 0; i < net->n_params; i++)
    {
      g[i] = net->params[i] * 0.01f;
      opt.accum[i] = g[i] * g[i] * 0.1f;
    }
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(NnOptimSampler) sampler = nn_optim_sampler_new (net, sizes[s], 11);
      const int reps = 200;
      gint64 start = g_get_monotonic_time ();

      for (int i = 0; i < reps; i++)
        nn_optim_sampler_measure (sampler, net, g, &opt, NN_STEP_FORM_KERAS2, &stats);
      printf ("one measurement, H = %3d, %-22s %7.1f µs\n", n_hidden,
              s == 0 ? "1,024-parameter sample:" : "every parameter:",
              (double) (g_get_monotonic_time () - start) / reps);
    }
  nn_rmsprop_clear (&opt);
  nn_net_free (net);
}

static void
bench_evaluation (const NnDataset *test,
                  int              n_hidden)
{
  NnNet *net = nn_net_new (NN_IMAGE_PIXELS, n_hidden, NN_DATASET_CLASSES);
  g_autoptr(NnEvalResult) r = nn_eval_result_new (test->n, n_hidden, NN_DATASET_CLASSES);
  double best = G_MAXDOUBLE;

  nn_net_init_glorot (net, 1);
  for (int i = 0; i < 5; i++)
    {
      gint64 start = g_get_monotonic_time ();

      nn_eval_set (net, NN_DATASET_ARRAYS (test), r, NULL);
      best = MIN (best, (g_get_monotonic_time () - start) / 1e3);
    }
  printf ("Evaluate pass over %zu test digits, H = %3d: %6.1f ms (confusion matrix, answers, "
          "top %d digits per unit)\n", test->n, n_hidden, best, NN_EVAL_TOP_K);
  nn_net_free (net);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) train = NULL;
  g_autoptr(NnDataset) test = NULL;
  g_autofree char *dir = nn_data_find_dir (NULL, &error);
  int repeat = argc > 1 ? atoi (argv[1]) : DEFAULT_REPEAT;

  if (dir == NULL || (train = nn_dataset_load (dir, "train", &error)) == NULL ||
      (test = nn_dataset_load (dir, "t10k", &error)) == NULL)
    {
      fprintf (stderr, "bench-inside: %s\n", error->message);
      return 1;
    }
  bench_measurement (32);
  bench_measurement (128);
  bench_evaluation (test, 32);
  bench_evaluation (test, 128);
  bench_training (train, MAX (repeat, 1));
  return 0;
}
