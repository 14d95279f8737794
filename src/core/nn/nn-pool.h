/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"
#include "nn-sparse.h"

G_BEGIN_DECLS

/* The sparse engine's training step, on one thread or shared by several.  Each thread owns
 * a slice of the hidden units: its columns of w1, its entries of b1, its rows of w2 and the
 * RMSprop state of those.  A step runs the first layer for every slice at once, meets at
 * one barrier, then every thread computes the small second layer and the softmax from the
 * whole hidden vector and goes on to the backward pass and the update of its own slice
 * alone; once all are done, the calling thread updates w2 and b2, which every thread's
 * forward pass read.  No gradient is summed across threads and each
 * unit's arithmetic does not depend on the slicing, so any number of threads gives the
 * same bits as one.  The pool borrows the network, the optimizer and the training set's
 * non-zeros for its lifetime; it knows nothing of the trainer that owns them. */
typedef struct _NnPool NnPool;

/* n_threads − 1 helper threads are started (none for 1); more threads than hidden units
 * are not used. */
NnPool  *nn_pool_new        (NnNet             *net,
                             NnRmsprop         *opt,
                             const NnSparseSet *set,
                             const guint8      *labels,
                             int                batch_capacity,
                             int                n_threads);
/* Writes the network and the optimizer state back to where the pool borrowed them from
 * (the free does too).  The slices of several threads keep their first layer in blocks of
 * their own; after a sync the next step reads the network again, so a caller may change
 * it in between. */
void     nn_pool_sync       (NnPool            *pool);
void     nn_pool_free       (NnPool            *pool);
/* One training step on the batch picked by indices; FALSE (and no update) when the loss is
 * not finite.  *loss is the batch's mean loss, *correct its argmax hits. */
gboolean nn_pool_step       (NnPool            *pool,
                             const guint32     *indices,
                             int                count,
                             double            *loss,
                             int               *correct);

G_END_DECLS
