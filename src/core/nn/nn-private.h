/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"

G_BEGIN_DECLS

/* The pieces of nn_forward / nn_backward that the sparse-input kernels (nn-sparse.c) share. */

/* h (B, n_hidden) → p (B, n_out) = softmax(h·w2 + b2) */
void nn_layer2_forward  (const NnNet  *net,
                         const float  *h,
                         int           batch,
                         float        *p);
/* x (B, n_in) → h, p as nn_forward, with the first layer through BLAS (the dense engine). */
void nn_forward_gemm    (const NnNet  *net,
                         const float  *x,
                         int           batch,
                         float        *h,
                         float        *p);
/* Fills grad->w2, grad->b2, grad->b1 and dh (B, n_hidden), the gradient at the hidden
 * pre-activations, and keep (B), 1 for the samples whose loss was not clipped; only
 * grad->w1 is left to the caller.  inv_batch is 1 / the size of the batch the mean is
 * over.  FALSE when the loss is not finite (the gradients are then meaningless). */
gboolean nn_layer2_backward (const NnNet  *net,
                             const float  *h,
                             const float  *p,
                             const guint8 *labels,
                             int           batch,
                             float         inv_batch,
                             NnNet        *grad,
                             float        *dlogits,
                             float        *dh,
                             guint8       *keep);

G_END_DECLS
