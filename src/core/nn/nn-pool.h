/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"
#include "nn-sparse.h"

G_BEGIN_DECLS

/* Data parallelism for one fit: every batch is cut into n_threads contiguous shards whose
 * gradients are computed at once on as many threads, summed in shard order, and applied by
 * the same threads over disjoint ranges of the parameter block.  The sum's order is fixed,
 * so a seed and a thread count give bit-identical weights; a different thread count
 * rounds differently.  The pool borrows the network, the optimizer and the training set's
 * non-zeros for its lifetime; it knows nothing of the trainer that owns them. */
typedef struct _NnPool NnPool;

NnPool  *nn_pool_new        (NnNet             *net,
                             NnRmsprop         *opt,
                             const NnSparseSet *set,
                             const guint8      *labels,
                             int                batch_capacity,
                             int                n_threads);
void     nn_pool_free       (NnPool            *pool);
/* One training step on the batch picked by indices; FALSE (and no update) when the loss is
 * not finite.  *loss is the batch's mean loss, *correct its argmax hits. */
gboolean nn_pool_step       (NnPool            *pool,
                             const guint32     *indices,
                             int                count,
                             double            *loss,
                             int               *correct);
/* The summed gradient the latest step applied (shard 0's block). */
const NnNet *nn_pool_get_gradient (const NnPool *pool);

G_END_DECLS
