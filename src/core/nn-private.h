/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"

G_BEGIN_DECLS

/* Hot loops are compiled for several instruction sets and picked at load time.  The
 * arithmetic per lane is the same in each clone (no FMA contraction in ISO C mode), so the
 * choice changes speed, never results. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
# define NN_CLONES __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
# define NN_CLONES
#endif

/* The pieces nn_forward / nn_backward share with the sparse-input kernels (nn-sparse.c). */

/* h (B, n_hidden) → p (B, n_out) = softmax(h·w2 + b2) */
void nn_layer2_forward  (const NnNet  *net,
                         const float  *h,
                         int           batch,
                         float        *p);
void nn_relu            (float        *h,
                         gsize         n);
/* Fills grad->w2, grad->b2, grad->b1 and dh (B, n_hidden), the gradient at the hidden
 * pre-activations; only grad->w1 is left to the caller. */
void nn_layer2_backward (const NnNet  *net,
                         const float  *h,
                         const float  *p,
                         const guint8 *labels,
                         int           batch,
                         NnNet        *grad,
                         float        *dlogits,
                         float        *dh);

G_END_DECLS
