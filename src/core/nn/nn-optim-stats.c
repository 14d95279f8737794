/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-optim-stats"

#include "config.h"

#include "nn-optim-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn-eval.h"
#include "nn-rng.h"

#define NORM_LANES 8   /* independent partial sums: the loop vectorises, the sum stays exact
                        * enough (float lanes, summed in double) */

const double nn_optim_band_fractions[NN_OPTIM_N_BANDS] = {
  0.0, 0.07, 0.16, 0.5, 0.84, 0.93, 1.0,
};

typedef struct
{
  gsize    start;      /* the layer's parameters in the block: [start, end) */
  gsize    end;
  guint32 *sample;     /* offsets from start, ascending; NULL: every parameter */
  gsize    n_sample;
} Layer;

struct _NnOptimSampler
{
  gsize  n_params;
  Layer  layers[NN_OPTIM_N_LAYERS];
  float *values[NN_OPTIM_N_QUANTITIES];   /* scratch, the largest sample long */
};

float
nn_optim_lr_t (const NnHyper *hyper,
               gint64         t)
{
  /* as nn_rmsprop_update_range computes it */
  if (hyper->decay > 0.0f)
    return hyper->lr * (1.0f / (1.0f + hyper->decay * (float) t));
  return hyper->lr;
}

void
nn_optim_step_sizes (NnStepForm   form,
                     float        lr_t,
                     float        epsilon,
                     const float *g,
                     const float *a,
                     gsize        n,
                     float       *out)
{
  if (form == NN_STEP_FORM_KERAS3)
    for (gsize i = 0; i < n; i++)
      out[i] = lr_t * fabsf (g[i]) / sqrtf (a[i] + epsilon);
  else
    for (gsize i = 0; i < n; i++)
      out[i] = lr_t * fabsf (g[i]) / (sqrtf (a[i]) + epsilon);
}

static int
compare_offsets (const void *a,
                 const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : (x > y);
}

/* n_sample distinct offsets in [0, n), ascending: the first n_sample of a partial
 * Fisher–Yates shuffle, sorted so that the measurement walks memory forwards. */
static guint32 *
draw_sample (NnRng *rng,
             gsize  n,
             gsize  n_sample)
{
  g_autofree guint32 *all = g_new (guint32, n);
  guint32 *sample;

  for (gsize i = 0; i < n; i++)
    all[i] = (guint32) i;
  for (gsize i = 0; i < n_sample; i++)
    {
      gsize j = i + nn_rng_bounded (rng, (guint32) (n - i));
      guint32 t = all[i];

      all[i] = all[j];
      all[j] = t;
    }
  sample = g_memdup2 (all, sizeof (guint32) * n_sample);
  qsort (sample, n_sample, sizeof (guint32), compare_offsets);
  return sample;
}

NnOptimSampler *
nn_optim_sampler_new (const NnNet *net,
                      guint        max_sample,
                      guint64      seed)
{
  NnOptimSampler *s;
  gsize layer1 = (gsize) net->n_in * net->n_hidden + net->n_hidden;
  gsize largest = 0;
  NnRng rng;

  g_return_val_if_fail (max_sample >= 1, NULL);

  s = g_new0 (NnOptimSampler, 1);
  s->n_params = net->n_params;
  s->layers[0] = (Layer) { 0, layer1, NULL, layer1 };
  s->layers[1] = (Layer) { layer1, net->n_params, NULL, net->n_params - layer1 };
  nn_rng_seed (&rng, seed, 0);
  for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
    {
      Layer *layer = &s->layers[l];
      gsize n = layer->end - layer->start;

      if (n > max_sample)
        {
          layer->sample = draw_sample (&rng, n, max_sample);
          layer->n_sample = max_sample;
        }
      largest = MAX (largest, layer->n_sample);
    }
  for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
    s->values[q] = g_new (float, MAX (largest, 1));
  return s;
}

void
nn_optim_sampler_free (NnOptimSampler *s)
{
  if (s == NULL)
    return;
  for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
    g_free (s->layers[l].sample);
  for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
    g_free (s->values[q]);
  g_free (s);
}

gsize
nn_optim_sampler_size (const NnOptimSampler *s,
                       int                   layer)
{
  g_return_val_if_fail (layer >= 0 && layer < NN_OPTIM_N_LAYERS, 0);
  return s->layers[layer].n_sample;
}

static double
sum_of_squares (const float *g,
                gsize        n)
{
  float lanes[NORM_LANES] = { 0 };
  double sum = 0.0;
  gsize i = 0;

  for (; i + NORM_LANES <= n; i += NORM_LANES)
    for (int k = 0; k < NORM_LANES; k++)
      lanes[k] += g[i + k] * g[i + k];
  for (; i < n; i++)
    sum += (double) g[i] * g[i];
  for (int k = 0; k < NORM_LANES; k++)
    sum += lanes[k];
  return sum;
}

/* The layer's sampled gradients, accumulators and weights into the scratch arrays (step
 * sizes computed in place of the gradients, √a in place of a); non-finite triples are
 * left out.  Returns how many there are. */
static gsize
gather_layer (NnOptimSampler     *s,
              const Layer        *layer,
              const float        *params,
              const float        *grads,
              const float        *accum,
              NnStepForm          form,
              const NnOptimStats *stats)
{
  float *step = s->values[NN_OPTIM_STEP];
  float *rms = s->values[NN_OPTIM_RMS];
  float *weight = s->values[NN_OPTIM_WEIGHT];
  gsize n = 0;

  for (gsize i = 0; i < layer->n_sample; i++)
    {
      gsize at = layer->start + (layer->sample != NULL ? layer->sample[i] : i);

      if (!isfinite (grads[at]) || !isfinite (accum[at]) || !isfinite (params[at]))
        continue;
      step[n] = grads[at];
      rms[n] = accum[at];
      weight[n] = params[at];
      n++;
    }
  nn_optim_step_sizes (form, stats->lr_t, stats->epsilon, step, rms, n, step);
  for (gsize i = 0; i < n; i++)
    rms[i] = sqrtf (rms[i]);
  return n;
}

void
nn_optim_sampler_measure (NnOptimSampler  *s,
                          const NnNet     *net,
                          const float     *grads,
                          const NnRmsprop *opt,
                          NnStepForm       form,
                          NnOptimStats    *stats)
{
  double total = 0.0;

  g_return_if_fail (net->n_params == s->n_params && opt->n == s->n_params);

  memset (stats, 0, sizeof *stats);
  /* the step just taken was the (iterations)th: t = iterations − 1 steps came before it */
  stats->lr_t = nn_optim_lr_t (&opt->hyper, MAX (opt->iterations - 1, 0));
  stats->epsilon = opt->hyper.epsilon;
  stats->epsilon_line = form == NN_STEP_FORM_KERAS3 ? sqrtf (opt->hyper.epsilon)
                                                    : opt->hyper.epsilon;
  for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
    {
      const Layer *layer = &s->layers[l];
      double sq = sum_of_squares (grads + layer->start, layer->end - layer->start);
      gsize n = gather_layer (s, layer, net->params, grads, opt->accum, form, stats);

      stats->grad_norm[l] = (float) sqrt (sq);
      total += sq;
      if (n == 0)
        continue;
      for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
        nn_percentiles (s->values[q], n, nn_optim_band_fractions, NN_OPTIM_N_BANDS,
                        stats->bands[l][q]);
    }
  stats->grad_norm_total = (float) sqrt (total);
}
