/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The trainer's fields, for the files of src/core/nn/ alone (the trainer and the model
 * file).  Everything else goes through nn-trainer.h. */

#include "nn-trainer.h"
#include "nn-pool.h"
#include "nn-rng.h"
#include "nn-sparse.h"

G_BEGIN_DECLS

struct _NnTrainer
{
  NnConfig   config;
  NnNet     *net;
  NnNet     *grad;
  NnRmsprop  opt;
  NnRng      shuffle_rng;
  int        epochs_done;
  /* scratch for one batch */
  int        scratch_batch;
  float     *x;                 /* (B, n_in), dense engine only */
  NnSparseSet *sparse_set;      /* the training images as non-zeros, built at the first fit */
  const guint8 *sparse_set_of;  /* … from these images, */
  gsize      sparse_set_n;      /* this many */
  NnPool    *pool;              /* the sparse engine's steps, during a fit */
  float     *h;                 /* (B, n_hidden) */
  float     *p;                 /* (B, n_out) */
  float     *dlogits;           /* (B, n_out) */
  float     *dh;                /* (B, n_hidden) */
  guint8    *y;                 /* (B) */
  guint32   *order;             /* sample order, reshuffled in place every epoch */
  gsize      order_n;
  const guint32 *batch;          /* the batch just trained, during its batch callback */
  int        batch_count;
};

G_END_DECLS
