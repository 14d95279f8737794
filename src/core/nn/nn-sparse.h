/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn.h"

G_BEGIN_DECLS

/* The first layer's input is mostly zero (about 81 % of MNIST's pixels are 0), so the
 * training loop keeps a batch as its non-zero entries and runs the first layer as row
 * updates over those only: five times fewer operations than the dense GEMM, with the same
 * mathematics.  Sums run over k in increasing order within each sample, and lanes are
 * independent, so results do not depend on the vector width the CPU offers.
 *
 * Sample b's non-zeros are index[b][0 … count[b] − 1] (ascending pixel positions) with the
 * pixel bytes value[b][…]; the network sees byte / 255 (nn_byte_scale).  A batch taken
 * from an NnSparseSet points into the set: nothing is copied.
 *
 * The first layer sums each sample's inputs in two blocks of pixels, those before
 * nn_sparse_split_pixel (n_in) and those from it on (nn-kernels.h): split[b] is how many of
 * sample b's entries lie in the first, so that a thread that owns one block's rows of w1
 * finds its entries without a search. */
typedef struct
{
  int             capacity;     /* samples */
  int             n_in;
  int             batch;        /* samples held now */
  const guint16 **index;        /* (capacity) */
  const guint8  **value;        /* (capacity) */
  guint32        *count;        /* (capacity) */
  guint32        *split;        /* (capacity): entries before the split pixel */
  int             k_split;      /* nn_sparse_split_pixel (n_in) */
  guint16        *own_index;    /* (capacity × n_in), made by the first nn_sparse_batch_gather */
  guint8         *own_value;
} NnSparseBatch;

/* The first pixel of the first layer's second block: n_in / 2, a property of the input
 * size alone, so that every machine, thread count and engine sums in the same blocks. */
static inline int
nn_sparse_split_pixel (int n_in)
{
  return n_in / 2;
}

/* v / 255 for every byte v, exactly as the lesson's x / 255 computes it */
const float *nn_byte_scale  (void);
void nn_sparse_batch_init   (NnSparseBatch       *sb,
                             int                  capacity,
                             int                  n_in);
/* The same, FALSE (and sb cleared) when the memory is not there: a batch of 60,000 is
 * 376 MB. */
gboolean nn_sparse_batch_try_init (NnSparseBatch  *sb,
                                   int             capacity,
                                   int             n_in);
void nn_sparse_batch_clear  (NnSparseBatch       *sb);
/* Batch of `count` images (bytes, n_in each) picked by indices, copied into the batch. */
void nn_sparse_batch_gather (NnSparseBatch       *sb,
                             const guint8        *images,
                             const guint32       *indices,
                             int                  count);
/* A whole image set kept as non-zeros once, so that each epoch's batches are copied rather
 * than searched: image i's entries are [offsets[i], offsets[i + 1]) of index and value
 * (raw bytes).  About 2.7 bytes per MNIST pixel that is not zero: 27 MB for the 60,000
 * training images. */
typedef struct
{
  gsize    n;
  int      n_in;
  gsize   *offsets;      /* (n + 1) */
  guint32 *pixel_count;  /* (n_in): how many images have pixel k non-zero */
  guint32 *split;        /* (n): image i's entries before the split pixel */
  guint16 *index;
  guint8  *value;
  gatomicrefcount ref_count;  /* read-only once built: trainers on the same images share it */
} NnSparseSet;

NnSparseSet *nn_sparse_set_new          (const guint8        *images,
                                         gsize                n,
                                         int                  n_in);
NnSparseSet *nn_sparse_set_ref          (NnSparseSet         *set);
/* Drops a reference; the last frees the set. */
void         nn_sparse_set_unref        (NnSparseSet         *set);
/* The same batch nn_sparse_batch_gather would build from the images set was made from, as
 * pointers into the set (which must outlive the batch's use). */
void         nn_sparse_batch_gather_set (NnSparseBatch       *sb,
                                         const NnSparseSet   *set,
                                         const guint32       *indices,
                                         int                  count);

/* Asks the memory system for these images' entries ahead of their use: a batch is
 * scattered over 27 MB, and fetching it while the previous batch computes hides the
 * latency.  block 0 or 1 asks for one block's entries only (the thread that reads them),
 * −1 for all. */
void         nn_sparse_set_prefetch     (const NnSparseSet   *set,
                                         const guint32       *indices,
                                         int                  count,
                                         int                  block);
/* The same for where these images' entries lie (their offsets and splits), a step further
 * ahead: nn_sparse_set_prefetch otherwise waits on those scattered reads itself. */
void         nn_sparse_set_prefetch_offsets (const NnSparseSet *set,
                                             const guint32     *indices,
                                             int                count);

/* Same as nn_forward with x given as a sparse batch. */
void nn_forward_sparse      (const NnNet         *net,
                             const NnSparseBatch *xs,
                             float               *h,
                             float               *p);
/* Same as nn_backward with x given as a sparse batch. */
void nn_backward_sparse     (const NnNet         *net,
                             const NnSparseBatch *xs,
                             const float         *h,
                             const float         *p,
                             const guint8        *labels,
                             NnNet               *grad,
                             float               *dlogits,
                             float               *dh);
/* The same with the mean over a batch of 1 / inv_batch samples, of which xs may be part. */
void nn_backward_sparse_part (const NnNet         *net,
                              const NnSparseBatch *xs,
                              const float         *h,
                              const float         *p,
                              const guint8        *labels,
                              float                inv_batch,
                              NnNet               *grad,
                              float               *dlogits,
                              float               *dh);

G_END_DECLS
