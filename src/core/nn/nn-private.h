/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"

G_BEGIN_DECLS

/* Hot loops are compiled for several instruction sets and picked at load time.  The
 * arithmetic per lane is the same in each clone (no FMA contraction in ISO C mode), so the
 * choice changes speed, never results.  Not under a sanitizer: the ifunc resolvers run
 * while the dynamic linker relocates, before the ASan or TSan runtime is ready (TSan
 * crashed there at start-up). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
# define NN_CLONES __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
# define NN_CLONES
#endif

/* The pieces of nn_forward / nn_backward that the sparse-input kernels (nn-sparse.c) share. */

/* h (B, n_hidden) → p (B, n_out) = softmax(h·w2 + b2) */
void nn_layer2_forward  (const NnNet  *net,
                         const float  *h,
                         int           batch,
                         float        *p);
void nn_relu            (float        *h,
                         gsize         n);
/* Fills grad->w2, grad->b2, grad->b1 and dh (B, n_hidden), the gradient at the hidden
 * pre-activations; only grad->w1 is left to the caller.  inv_batch is 1 / the size of the
 * whole batch, which a shard of a batch (nn-pool.c) is only part of. */
void nn_layer2_backward (const NnNet  *net,
                         const float  *h,
                         const float  *p,
                         const guint8 *labels,
                         int           batch,
                         float         inv_batch,
                         NnNet        *grad,
                         float        *dlogits,
                         float        *dh);
/* The RMSprop update of parameters [from, to) without counting a step: shards of the
 * parameter block are updated by different threads, then the step is counted once. */
void nn_rmsprop_update_range (const NnRmsprop *opt,
                              float           *params,
                              const float     *grads,
                              gsize            from,
                              gsize            to);

G_END_DECLS
