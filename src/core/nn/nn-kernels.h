/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"
#include "nn-sparse.h"

G_BEGIN_DECLS

/* The hot loops of training and evaluation, compiled for three instruction sets.  Every
 * result is a sum in a fixed order (written at each kernel) of lane-wise IEEE operations,
 * with no FMA contraction and no libm call, so the three give the same bits; the choice
 * changes speed, never results.  The set is picked once, at the first call of
 * nn_kernels(): the best the CPU offers, or the one DT_FORCE_ISA names (baseline, avx2,
 * avx512), which the golden tests use to run each.
 *
 * No result depends on how a batch is cut into runs of samples or of pixels, so any number
 * of threads gives the same bits as one. */

typedef enum
{
  NN_ISA_BASELINE,
  NN_ISA_AVX2,
  NN_ISA_AVX512,
  NN_N_ISA
} NnIsa;

/* One RMSprop step's constants, worked out once per step (nn_rmsprop_coefs). */
typedef struct
{
  NnKeras form;
  float   rho;
  float   one_minus_rho;
  float   lr;          /* lr_t */
  float   epsilon;
} NnRmspropCoefs;

/* Shapes as in nn.h: h, dh (B, nh), w1 (n_in, nh), w2 (nh, no), p, dlogits (B, no).  The
 * batch-wise kernels take any run of samples (a sub-batch of xs and the matching rows), so
 * that threads can share a batch by sample (nn-pool.c); every sum that runs over samples
 * runs over all of them in order on one thread. */
typedef struct
{
  NnIsa isa;
  /* h = relu(x·w1 + b1) for the sparse batch xs.  Each unit sums a sample's non-zero
   * inputs in two blocks of pixels, k < nn_sparse_split_pixel (n_in) and the others, so
   * that two threads can each own one block's rows of w1: a block's sum S runs over its
   * inputs in increasing k in two halves from zero (even and odd positions among the
   * block's entries) then added, and h = relu((S₀ + S₁) + b1). */
  void (*layer1_forward)  (const NnSparseBatch *xs,
                           const float         *w1,
                           const float         *b1,
                           int                  nh,
                           float               *h);
  /* One block's sums S for samples b0 ≤ b < b1 into rows b of part (B, nh): relu((S₀ +
   * S₁) + b1) is then what layer1_forward gives. */
  void (*layer1_partial)  (const NnSparseBatch *xs,
                           const float         *w1,
                           int                  nh,
                           int                  block,
                           int                  b0,
                           int                  b1,
                           float               *part);
  /* The same for dense inputs x (B, n_in), skipping zeros: bit for bit what the sparse
   * kernel gives for x = bytes / 255. */
  void (*layer1_forward_dense) (const float      *x,
                                int               batch,
                                int               n_in,
                                const float      *w1,
                                const float      *b1,
                                int               nh,
                                float            *h);
  /* Rows k0 ≤ k < k1 of dw1 += Σ_b x_bᵀ·dh_b, samples in order, skipping those whose
   * `keep` is 0 (their dh is zero).  The accumulating kernels let a batch come in runs of
   * samples, in order; the caller zeroes the sums first. */
  void (*layer1_backward) (const NnSparseBatch *xs,
                           const float         *dh,
                           const guint8        *keep,
                           int                  nh,
                           int                  k0,
                           int                  k1,
                           float               *dw1);
  /* p (B, no) = softmax(b2 + h·w2), the sum over hidden units in increasing order. */
  void (*layer2_forward)  (const float         *h,
                           const float         *w2,
                           const float         *b2,
                           int                  batch,
                           int                  nh,
                           int                  no,
                           float               *p);
  /* dh = relu'(h) ⊙ dlogits·w2ᵀ, per sample (the sum over outputs in order); zero where
   * keep is 0.  w2t (no, nh) is scratch. */
  void (*hidden_gradient) (const float         *h,
                           const float         *dlogits,
                           const guint8        *keep,
                           const float         *w2,
                           int                  batch,
                           int                  no,
                           int                  nh,
                           float               *w2t,
                           float               *dh);
  /* dw2 += Σ_b h_bᵀ·dlogits_b and db1 += Σ_b dh_b, samples in order, for the hidden
   * units j0 ≤ j < j1 (rows of dw2, entries of db1) alone: threads can share the units. */
  void (*layer2_gradient) (const float         *h,
                           const float         *dlogits,
                           const guint8        *keep,
                           const float         *dh,
                           int                  batch,
                           int                  nh,
                           int                  no,
                           int                  j0,
                           int                  j1,
                           float               *dw2,
                           float               *db1);
  /* RMSprop on n parameters. */
  void (*rmsprop)         (const NnRmspropCoefs *c,
                           float                *theta,
                           float                *accum,
                           const float          *grad,
                           gsize                 n);
  /* The same, zeroing each gradient once read: the next step's sums start from zero. */
  void (*rmsprop_consume) (const NnRmspropCoefs *c,
                           float                *theta,
                           float                *accum,
                           float                *grad,
                           gsize                 n);
} NnKernels;

const NnKernels *nn_kernels          (void);
/* isa's kernels, or NULL when this CPU cannot run them (the tests compare the sets). */
const NnKernels *nn_kernels_for      (NnIsa        isa);
/* TRUE when this CPU can run isa's kernels. */
gboolean         nn_isa_supported    (NnIsa        isa);
const char      *nn_isa_name         (NnIsa        isa);

/* dlogits (B, no) = keep_b · (p_b − onehot_b) · inv_batch, the gradient of the clipped
 * loss (nn.h); keep (B) gets 1 for a sample whose true-class q lies in [1e-7, 1 − 1e-7],
 * else 0.  FALSE when some q is not a number (the loss is not finite). */
gboolean         nn_clip_gradient    (const float  *p,
                                      const guint8 *labels,
                                      int           batch,
                                      int           no,
                                      float         inv_batch,
                                      guint8       *keep,
                                      float        *dlogits);
/* db2 (no) += Σ_b dlogits_b, samples in order. */
void             nn_bias2_gradient   (const float  *dlogits,
                                      int           batch,
                                      int           no,
                                      float        *db2);
/* −ln clip(q_t, 1e-7, 1 − 1e-7) for one row of probabilities (no) and its label. */
double           nn_clipped_log_loss (const float  *row,
                                      int           t,
                                      int           no);
/* The constants of the optimizer's next step. */
void             nn_rmsprop_coefs    (const NnRmsprop *opt,
                                      NnRmspropCoefs  *c);

G_END_DECLS
