/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lesson's network, with Keras semantics:
 *
 *   Dense(n_in → n_hidden) → ReLU → Dense(n_hidden → n_out) → softmax
 *
 * Layout (row-major, batch-major, contiguous float).  All parameters live in one block, in
 * this order, so that gradients and optimizer state mirror it and an update is one loop:
 *
 *   w1  (n_in, n_hidden)   the Keras kernel layout: h = x·w1 + b1
 *   b1  (n_hidden)
 *   w2  (n_hidden, n_out)
 *   b2  (n_out)
 *
 * For 784 → 32 → 10 that is 25,450 floats.
 *
 * Initialisation: glorot_uniform kernels, U(−l, l) with l = √(6 / (fan_in + fan_out)),
 * drawn in block order from PCG32 (nn-rng.h) stream NN_RNG_STREAM_INIT; biases are zero.
 *
 * Loss: categorical cross-entropy, probabilities clipped to [1e-7, 1 − 1e-7] as Keras's
 * backend does, mean over the batch.  Its gradient with respect to the logits is the fused
 * softmax + cross-entropy form (p − onehot) / B, which is what TensorFlow computes when the
 * output layer is a softmax.  Accuracy: argmax(p) == label, first maximum wins.
 *
 * RMSprop, Keras 2 form, with t = iterations done before this step:
 *
 *   lr_t = lr / (1 + decay·t)
 *   a   ← ρ·a + (1 − ρ)·g²
 *   θ   ← θ − lr_t·g / (√a + ε)
 */

#define NN_CLIP_EPSILON  1e-7f
#define NN_LESSON_HIDDEN 32      /* the lesson's Dense(32) */

typedef struct
{
  int    n_in;
  int    n_hidden;
  int    n_out;
  gsize  n_params;
  float *params;      /* the one block, n_params floats */
  float *w1;          /* views into params */
  float *b1;
  float *w2;
  float *b2;
} NnNet;

typedef struct
{
  float lr;
  float rho;
  float epsilon;
  float decay;
} NnHyper;

#define NN_HYPER_KERAS_DEFAULTS ((NnHyper) { 0.001f, 0.9f, 1e-8f, 0.0f })

typedef struct
{
  NnHyper  hyper;
  gint64   iterations;   /* steps taken so far */
  gsize    n;
  float   *accum;        /* n floats, mirrors NnNet.params */
} NnRmsprop;

gsize   nn_param_count        (int n_in,
                               int n_hidden,
                               int n_out);
NnNet  *nn_net_new            (int n_in,
                               int n_hidden,
                               int n_out);
NnNet  *nn_net_dup            (const NnNet *net);
void    nn_net_copy_params    (NnNet       *dst,
                               const NnNet *src);
void    nn_net_free           (NnNet       *net);
void    nn_net_init_glorot    (NnNet       *net,
                               guint64      seed);
float   nn_glorot_limit       (int          fan_in,
                               int          fan_out);

/* x (B, n_in) → h (B, n_hidden) after ReLU, p (B, n_out) softmax probabilities. */
void    nn_forward            (const NnNet *net,
                               const float *x,
                               int          batch,
                               float       *h,
                               float       *p);
/* logits (B, n) → probabilities, in place, with the row maximum subtracted first. */
void    nn_softmax_rows       (float       *z,
                               int          batch,
                               int          n);
/* Mean clipped cross-entropy of p (B, n_out) against labels (B); *n_correct counts argmax hits. */
double  nn_cross_entropy      (const float  *p,
                               const guint8 *labels,
                               int           batch,
                               int           n_out,
                               int          *n_correct);
int     nn_argmax             (const float  *v,
                               int           n);
/* Gradients of the mean loss with respect to every parameter, written into grad (same
 * shapes as net).  dlogits (B, n_out) and dh (B, n_hidden) are scratch. */
void    nn_backward           (const NnNet  *net,
                               const float  *x,
                               const float  *h,
                               const float  *p,
                               const guint8 *labels,
                               int           batch,
                               NnNet        *grad,
                               float        *dlogits,
                               float        *dh);

void    nn_rmsprop_init       (NnRmsprop     *opt,
                               const NnHyper *hyper,
                               gsize          n);
void    nn_rmsprop_clear      (NnRmsprop     *opt);
void    nn_rmsprop_step       (NnRmsprop     *opt,
                               float         *params,
                               const float   *grads);

/* Returns FALSE and sets error (G_IO_ERROR_INVALID_ARGUMENT) naming the bad value. */
gboolean nn_hyper_validate    (const NnHyper *hyper,
                               GError       **error);

G_END_DECLS
