/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Optimizer page shows, as numbers: step sizes against the steps RMSprop really
 * took (one thread and two), the Keras 3 form by hand, the sampler's bands against a sorted
 * copy, the gradient norms against a double-precision sum. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn-eval.h"
#include "nn-optim-stats.h"
#include "nn-rng.h"
#include "nn-trainer.h"

#include "dt-test-net.h"

#define N_IN      DT_TEST_N_IN
#define N_OUT     DT_TEST_N_OUT

typedef DtTestNet Fixture;

/* Keras 2: the step size is the |Δθ| nn_rmsprop_step takes; Keras 3 by hand. */
static void
test_step_sizes (void)
{
  enum { N = 257 };
  NnHyper hyper = { 0.01f, 0.9f, 1e-3f, 0.05f };
  NnRmsprop opt;
  float theta[N], before[N], g[N], step[N];
  NnRng rng;

  nn_rng_seed (&rng, 12, 1);
  nn_rmsprop_init (&opt, &hyper, N);
  opt.iterations = 6;
  for (int i = 0; i < N; i++)
    {
      theta[i] = before[i] = nn_rng_uniform (&rng) - 0.5f;
      g[i] = (nn_rng_uniform (&rng) - 0.5f) * (i % 3 == 0 ? 1e-4f : 1.0f);
      opt.accum[i] = i % 5 == 0 ? 0.0f : nn_rng_uniform (&rng) * 1e-2f;
    }
  nn_rmsprop_step (&opt, theta, g);
  nn_optim_step_sizes (NN_STEP_FORM_KERAS2, nn_optim_lr_t (&hyper, opt.iterations - 1),
                       hyper.epsilon, g, opt.accum, N, step);
  for (int i = 0; i < N; i++)
    {
      float taken = fabsf (before[i] - theta[i]);

      g_assert_cmpfloat (fabsf (step[i] - taken), <=, 1e-6f * fabsf (before[i]) + 1e-9f);
    }
  g_assert_cmpfloat (nn_optim_lr_t (&hyper, 6), ==, 0.01f * (1.0f / (1.0f + 0.05f * 6)));

  nn_optim_step_sizes (NN_STEP_FORM_KERAS3, 0.5f, 0.25f, (float[]) { -3.0f }, (float[]) { 0.75f },
                       1, step);
  g_assert_cmpfloat (step[0], ==, 1.5f);   /* 0.5·3 / √(0.75 + 0.25) */
  nn_optim_step_sizes (NN_STEP_FORM_KERAS2, 0.5f, 0.25f, (float[]) { -3.0f }, (float[]) { 0.25f },
                       1, step);
  g_assert_cmpfloat (step[0], ==, 2.0f);   /* 0.5·3 / (√0.25 + 0.25) */
  nn_rmsprop_clear (&opt);
}

typedef struct
{
  NnOptimSampler *sampler;
  float          *before;     /* the weights before the step being measured */
  int             checked;
} StepCheck;

/* In the batch callback: the measured step sizes are the |Δθ| of the step just taken. */
static void
check_step_cb (NnTrainer        *t,
               const NnProgress *p,
               gpointer          user_data)
{
  StepCheck *c = user_data;
  const NnNet *net = nn_trainer_get_net (t);
  const NnRmsprop *opt = nn_trainer_get_optimizer (t);
  g_autofree float *step = g_new (float, net->n_params);
  NnOptimStats stats;
  double norm = 0.0;

  if (p->iteration > 1)
    {
      nn_optim_step_sizes (NN_STEP_FORM_KERAS2, nn_optim_lr_t (&opt->hyper, opt->iterations - 1),
                           opt->hyper.epsilon, nn_trainer_get_gradient (t), opt->accum,
                           net->n_params, step);
      /* θ − step is rounded to θ's precision once, and the difference once more */
      for (gsize i = 0; i < net->n_params; i++)
        g_assert_cmpfloat (fabsf (step[i] - fabsf (c->before[i] - net->params[i])), <=,
                           2.4e-7f * (fabsf (c->before[i]) + fabsf (net->params[i])) + 1e-12f);
      nn_optim_sampler_measure (c->sampler, net, nn_trainer_get_gradient (t), opt,
                                NN_STEP_FORM_KERAS2, &stats);
      for (gsize i = 0; i < net->n_params; i++)
        norm += (double) nn_trainer_get_gradient (t)[i] * nn_trainer_get_gradient (t)[i];
      g_assert_cmpfloat (fabs (stats.grad_norm_total - sqrt (norm)), <=, 1e-5 * sqrt (norm));
      g_assert_cmpfloat (stats.grad_norm_total, >, 0);
      c->checked++;
    }
  memcpy (c->before, net->params, net->n_params * sizeof (float));
  nn_trainer_keep_gradient (t);   /* the sparse engine's update would consume w1's */
}

/* The trainer's gradient is the one its step applied, with one thread and with two. */
static void
test_trainer_gradient (void)
{
  for (int threads = 1; threads <= 2; threads++)
    {
      Fixture f;
      g_autoptr(GError) error = NULL;
      g_autoptr(NnTrainer) t = NULL;
      NnConfig config;
      StepCheck check = { 0 };
      NnCallbacks cb = { check_step_cb, NULL, &check, NULL };

      dt_test_net_init (&f, 16, 200, 13);
      nn_config_init_defaults (&config);
      config.n_hidden = 16;
      config.n_threads = threads;
      config.hyper.epsilon = 1e-3f;
      t = nn_trainer_new (&config, N_IN, N_OUT, &error);
      g_assert_no_error (error);
      check.sampler = nn_optim_sampler_new (nn_trainer_get_net (t), 512, 1);
      check.before = g_new (float, nn_trainer_get_net (t)->n_params);
      g_assert_true (nn_trainer_fit (t, f.images, f.labels, f.n, N_IN, 1, &cb, &error));
      g_assert_no_error (error);
      g_assert_cmpint (check.checked, ==, (200 + 31) / 32 - 1);
      nn_optim_sampler_free (check.sampler);
      g_free (check.before);
      dt_test_net_clear (&f);
    }
}

/* Bands from every parameter when the layer fits the sample, from a fixed sample of
 * distinct parameters otherwise; √a, weights and steps land in their layers. */
static void
test_sampler (void)
{
  NnNet *net = nn_net_new (N_IN, 8, N_OUT);
  NnHyper hyper = NN_HYPER_KERAS_DEFAULTS;
  g_autofree float *g = g_new (float, net->n_params);
  g_autofree float *sorted = NULL;
  g_autoptr(NnOptimSampler) all = nn_optim_sampler_new (net, 100000, 1);
  g_autoptr(NnOptimSampler) few = nn_optim_sampler_new (net, 50, 1);
  gsize layer1 = (gsize) N_IN * 8 + 8, layer2 = net->n_params - layer1;
  NnOptimStats stats, sampled;
  NnRmsprop opt;

  nn_net_init_glorot (net, 5);
  nn_rmsprop_init (&opt, &hyper, net->n_params);
  opt.iterations = 1;
  for (gsize i = 0; i < net->n_params; i++)
    {
      g[i] = i < layer1 ? 1e-3f : 2.0f;        /* the layers are told apart by scale */
      opt.accum[i] = i < layer1 ? 4.0f : 9.0f;
    }
  g_assert_cmpuint (nn_optim_sampler_size (all, 0), ==, layer1);
  g_assert_cmpuint (nn_optim_sampler_size (few, 0), ==, 50);
  g_assert_cmpuint (nn_optim_sampler_size (few, 1), ==, 50);
  nn_optim_sampler_measure (all, net, g, &opt, NN_STEP_FORM_KERAS2, &stats);
  nn_optim_sampler_measure (few, net, g, &opt, NN_STEP_FORM_KERAS2, &sampled);
  g_assert_cmpfloat (stats.bands[0][NN_OPTIM_RMS][3], ==, 2.0f);
  g_assert_cmpfloat (stats.bands[1][NN_OPTIM_RMS][0], ==, 3.0f);
  g_assert_cmpfloat (fabsf (stats.bands[1][NN_OPTIM_STEP][6] - 1e-3f * 2 / 3), <, 1e-9f);
  g_assert_cmpfloat (fabsf (stats.grad_norm[1] - 2.0f * sqrtf (layer2)), <, 1e-3f);
  g_assert_cmpfloat (stats.epsilon_line, ==, hyper.epsilon);

  /* the full layer-1 weights' percentiles, as a sorted copy gives them */
  sorted = g_memdup2 (net->params, layer1 * sizeof (float));
  qsort (sorted, layer1, sizeof (float), dt_test_compare_floats);
  for (int b = 0; b < NN_OPTIM_N_BANDS; b++)
    g_assert_cmpfloat (stats.bands[0][NN_OPTIM_WEIGHT][b], ==,
                       dt_test_percentile (sorted, layer1, nn_optim_band_fractions[b]));
  /* a sample lies within the whole and is near it in the middle; norms stay exact */
  g_assert_cmpfloat (sampled.bands[0][NN_OPTIM_WEIGHT][0], >=, sorted[0]);
  g_assert_cmpfloat (sampled.bands[0][NN_OPTIM_WEIGHT][6], <=, sorted[layer1 - 1]);
  g_assert_cmpfloat (sampled.bands[0][NN_OPTIM_WEIGHT][0], <, sampled.bands[0][NN_OPTIM_WEIGHT][6]);
  g_assert_cmpfloat (sampled.grad_norm_total, ==, stats.grad_norm_total);

  nn_optim_sampler_measure (all, net, g, &opt, NN_STEP_FORM_KERAS3, &stats);
  g_assert_cmpfloat (stats.epsilon_line, ==, sqrtf (hyper.epsilon));
  nn_rmsprop_clear (&opt);
  nn_net_free (net);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn-optim/step-sizes", test_step_sizes);
  g_test_add_func ("/nn-optim/trainer-gradient", test_trainer_gradient);
  g_test_add_func ("/nn-optim/sampler", test_sampler);
  return g_test_run ();
}
