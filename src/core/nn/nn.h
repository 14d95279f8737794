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
 * Loss: categorical cross-entropy as Keras's TensorFlow backend builds it, mean over the
 * batch of B samples:
 *
 *   q = p / Σ_j p_j;   qc = clip(q, ε, 1 − ε) with ε = 1e-7;   L_b = −Σ_j y_j·log qc_j
 *
 * Its gradient, worked out exactly.  For a one-hot y with true class t only qc_t carries
 * loss, L_b = −log qc_t.  The clip passes the gradient where ε ≤ q_t ≤ 1 − ε (TensorFlow's
 * clip_by_value gradient includes both ends) and none outside, so:
 *
 *   q_t clipped:    ∂L_b/∂q = 0, and the sample contributes nothing at all;
 *   q_t unclipped:  ∂L_b/∂q_t = −1/q_t.  Through q = p/S, S = Σ p, ∂q_t/∂p_j = (δ_tj − q_t)/S:
 *                   g_j = ∂L_b/∂p_j = (q_t − δ_tj)/(q_t·S) = 1/S − δ_tj/(q_t·S).
 *                   Through the softmax, ∂p_j/∂z_i = p_j·(δ_ij − p_i):
 *                   ∂L_b/∂z_i = p_i·(g_i − Σ_j g_j·p_j), and Σ_j g_j·p_j = S/S − p_t/(q_t·S)
 *                   = 1 − 1 = 0 (the normalisation's own gradient cancels), so
 *                   ∂L_b/∂z_i = p_i·g_i = q_i − δ_it.
 *
 * S = 1 up to rounding (p comes out of a softmax), so q − y is p − y to a few ulp, and the
 * engine computes, per sample, (p − onehot)/B when its q_t lies in [1e-7, 1 − 1e-7] and
 * exactly 0 otherwise (nn_clip_gradient).  What follows, and tests/test-keras.c checks (with
 * test-nn.c's finite differences of the clipped loss): a
 * sample whose q_t < 1e-7 leaves every gradient of its batch of B bit for bit as the other
 * B − 1 samples give it with the same 1/B factor, which is (B − 1)/B times their own mean
 * gradient as a batch of B − 1 (equal up to rounding of that factor).  Keras 3's
 * categorical_crossentropy uses the same clip in its NumPy, JAX, PyTorch and TensorFlow
 * backends.  Accuracy: argmax(p) == label, first maximum wins.
 *
 * RMSprop, with t = iterations done before this step, in either form learners meet
 * (NnKeras; the model file, the CLI's --keras and the app's setting name it):
 *
 *   Keras 2 (the lesson; default):  a ← ρ·a + (1 − ρ)·g²;  θ ← θ − lr_t·g / (√a + ε),
 *                                   lr_t = lr / (1 + decay·t), ε default 1e-8
 *   Keras 3:                        v ← ρ·v + (1 − ρ)·g²;  θ ← θ − lr·g / √(v + ε),
 *                                   ε default 1e-7, no decay (refused)
 *
 * Keras 2 computes 1 − ρ in float32 from ρ as a float32 variable (1 − 0.9f = 0.10000002);
 * Keras 3 computes it in Python from the ρ the user typed (1 − 0.9 = 0.1, then float32), so
 * the Keras 3 form takes 1 − ρ from ρ's shortest decimal.  ε is added outside the root in
 * Keras 2 and inside it in Keras 3, so it damps the steps where √a < ε in one and where
 * v < ε in the other: Keras 3's ε plays the part of the square of Keras 2's, and the same
 * number means different things (1e-8 inside the root acts like 1e-4 outside it).
 *
 * Every result that feeds training or a printed figure is computed in a fixed order with
 * lane-wise arithmetic and the exp/log of nn-math.h (nn-kernels.h), so a seed gives the
 * same bits on every x86-64 CPU.  Only the dense engine's first layer goes through BLAS.
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

/* The RMSprop form (above).  Zero is Keras 2, so a zero-filled NnHyper is the lesson's. */
typedef enum
{
  NN_KERAS_2,
  NN_KERAS_3,
} NnKeras;

typedef struct
{
  float   lr;
  float   rho;
  float   epsilon;
  float   decay;
  NnKeras form;
} NnHyper;

#define NN_HYPER_KERAS_DEFAULTS  ((NnHyper) { 0.001f, 0.9f, 1e-8f, 0.0f, NN_KERAS_2 })
#define NN_HYPER_KERAS3_DEFAULTS ((NnHyper) { 0.001f, 0.9f, 1e-7f, 0.0f, NN_KERAS_3 })

typedef struct
{
  NnHyper  hyper;
  gint64   iterations;   /* steps taken so far */
  gsize    n;
  float   *accum;        /* n floats, mirrors NnNet.params */
} NnRmsprop;

/* The Keras major version of a form (2, 3), and the form of one (FALSE for others). */
int      nn_keras_number      (NnKeras       form);
gboolean nn_keras_from_number (int           number,
                               NnKeras      *form);
/* The shortest decimal that reads back as v ("0.9" for 0.9f, "1e-08" for 1e-8f), with '.'
 * in every locale, written into buf (G_ASCII_DTOSTR_BUF_SIZE bytes suffice). */
const char *nn_typed_decimal_text (float  v,
                                   char  *buf,
                                   gsize  size);
/* The defaults of a form: Keras 2's or Keras 3's. */
NnHyper  nn_hyper_defaults    (NnKeras       form);

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
/* Gradients of the mean clipped loss with respect to every parameter, written into grad
 * (same shapes as net).  dlogits (B, n_out) and dh (B, n_hidden) are scratch.  The first
 * layer's goes through BLAS (the dense engine); the rest is nn-kernels.h's. */
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
