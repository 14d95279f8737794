/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nn-optim-stats.h — what RMSprop does to each layer, measured between steps
 *
 * For each layer (layer 1 = w1 and b1, layer 2 = w2 and b2) the distribution of three
 * quantities over its parameters, as TensorBoard's percentile bands (0, 7, 16, 50, 84, 93
 * and 100 %):
 *
 *   step    the size of the parameter's latest step, |Δθ|
 *   rms     the optimizer's root mean square of the gradient, √a
 *   weight  the parameter's value
 *
 * and the gradient's Euclidean norm per layer and in all.  The step size follows the form
 * of the update (a parameter, so a second RMSprop form can be measured the same way):
 *
 *   Keras 2   θ ← θ − lr_t·g / (√a + ε)       step = lr_t·|g| / (√a + ε)
 *   Keras 3   θ ← θ − lr_t·g / √(a + ε)       step = lr_t·|g| / √(a + ε)
 *
 * with a the accumulator after the step (the one the update divided by) and lr_t =
 * lr / (1 + decay·t), t the steps taken before it.  ε matters where √a is small next to
 * ε (Keras 2) or √ε (Keras 3): the measurement says which line that is.
 *
 * A layer of more than max_sample parameters is measured on a fixed sample of that many
 * (drawn once from PCG32), so a measurement costs the same whatever the hidden width; the
 * gradient norms are always exact. */
#pragma once

#include <glib.h>

#include "nn.h"

G_BEGIN_DECLS

typedef enum
{
  NN_STEP_FORM_KERAS2,   /* lr_t·g / (√a + ε): the lesson's (nn.h) */
  NN_STEP_FORM_KERAS3,   /* lr_t·g / √(a + ε) */
} NnStepForm;

typedef enum
{
  NN_OPTIM_STEP,
  NN_OPTIM_RMS,
  NN_OPTIM_WEIGHT,
  NN_OPTIM_N_QUANTITIES
} NnOptimQuantity;

#define NN_OPTIM_N_LAYERS 2
#define NN_OPTIM_N_BANDS  7
#define NN_OPTIM_DEFAULT_SAMPLE 1024

/* 0, 0.07, 0.16, 0.5, 0.84, 0.93, 1: TensorBoard's bands (±1σ, ±1.5σ of a normal, and
 * the extremes) */
extern const double nn_optim_band_fractions[NN_OPTIM_N_BANDS];

typedef struct
{
  float bands[NN_OPTIM_N_LAYERS][NN_OPTIM_N_QUANTITIES][NN_OPTIM_N_BANDS];
  float grad_norm[NN_OPTIM_N_LAYERS];
  float grad_norm_total;
  float lr_t;
  float epsilon;
  float epsilon_line;    /* where ε meets √a: ε (Keras 2) or √ε (Keras 3) */
} NnOptimStats;

typedef struct _NnOptimSampler NnOptimSampler;

/* lr_t = lr / (1 + decay·t) for the step that followed t earlier steps. */
float           nn_optim_lr_t            (const NnHyper        *hyper,
                                          gint64                t);
/* out[i] = the step size of parameter i (see the forms above), for n parameters with
 * gradients g and accumulators a after the step. */
void            nn_optim_step_sizes      (NnStepForm            form,
                                          float                 lr_t,
                                          float                 epsilon,
                                          const float          *g,
                                          const float          *a,
                                          gsize                 n,
                                          float                *out);

/* A sampler for networks of net's shape; max_sample ≥ 1 parameters per layer at most. */
NnOptimSampler *nn_optim_sampler_new     (const NnNet          *net,
                                          guint                 max_sample,
                                          guint64               seed);
void            nn_optim_sampler_free    (NnOptimSampler       *sampler);
/* How many parameters of layer (0 or 1) a measurement looks at. */
gsize           nn_optim_sampler_size    (const NnOptimSampler *sampler,
                                          int                   layer);
/* Measures the step just taken: net after it, grads (net->n_params) the gradient it
 * applied, opt its optimizer (accumulators after the step, iterations counting it). */
void            nn_optim_sampler_measure (NnOptimSampler       *sampler,
                                          const NnNet          *net,
                                          const float          *grads,
                                          const NnRmsprop      *opt,
                                          NnStepForm            form,
                                          NnOptimStats         *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnOptimSampler, nn_optim_sampler_free)

G_END_DECLS
