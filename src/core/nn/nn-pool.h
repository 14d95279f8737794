/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "nn.h"
#include "nn-sparse.h"

G_BEGIN_DECLS

/* The sparse engine's training step, on one thread or shared by several.  The first layer
 * sums each sample's inputs in two blocks of pixels (nn-kernels.h), and each thread owns
 * one block's rows of w1 (with more than two threads, a run of them): it alone reads and
 * writes them — its block's sums over the batch, the rows' gradient over the batch, samples
 * in order, and their RMSprop update — so no row of w1 moves between cores.  After a
 * barrier, each thread joins the blocks' sums for a run of the samples and takes them
 * through the second layer, the clipped loss's gradient, the hidden layer's gradient and
 * (two threads: one half of the batch each) the second layer's gradient over its half;
 * after a second barrier, each updates its rows, part 0 also w2, b1 and b2 (the halves'
 * sums added), and with two threads each then computes its block's sums for the next step
 * while its rows are in its cache: two barriers a step.  Every sum keeps one order whatever
 * the number of threads, so any number of threads gives the same bits as one.  The pool
 * borrows the network, the optimizer and the training set's non-zeros for its lifetime;
 * it knows nothing of the trainer that owns them. */
typedef struct _NnPool NnPool;

/* n_threads − 1 helper threads are started (none for 1).  n_threads 0 makes the pool
 * adaptive: one thread per core the process may use (nn_available_threads), shared while
 * that is faster than the calling thread alone, both timed as the steps run.  Returns NULL
 * when the memory for batches of batch_capacity is not there. */
NnPool  *nn_pool_new        (NnNet             *net,
                             NnRmsprop         *opt,
                             const NnSparseSet *set,
                             const guint8      *labels,
                             int                batch_capacity,
                             int                n_threads);
void     nn_pool_free       (NnPool            *pool);
/* One training step on the batch picked by indices; FALSE (and no update) when the loss is
 * not finite.  *loss is the batch's mean loss, *correct its argmax hits.  `following`
 * samples of the next steps follow at indices + count (batches of `count` but the last):
 * each thread asks the memory system for the entries of those it will take at the next
 * step while this step ends, and for where the step after finds its entries. */
gboolean nn_pool_step       (NnPool            *pool,
                             const guint32     *indices,
                             int                count,
                             int                following,
                             double            *loss,
                             int               *correct);
/* The next step leaves its whole gradient in place (the update otherwise consumes w1's
 * rows as it goes), for nn_pool_get_gradient after it. */
void         nn_pool_keep_gradient (NnPool       *pool);
/* The gradient the latest step applied, or NULL when it was not kept. */
const NnNet *nn_pool_get_gradient  (const NnPool *pool);

/* The cores this process may run on, at most NN_MAX_THREADS. */
int      nn_available_threads (void);

G_END_DECLS
