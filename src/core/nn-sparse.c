/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-sparse"

#include "config.h"

#include "nn-sparse.h"

#include <string.h>

#include "nn-private.h"


void
nn_sparse_batch_init (NnSparseBatch *sb,
                      int            capacity,
                      int            n_in)
{
  sb->capacity = capacity;
  sb->n_in = n_in;
  sb->batch = 0;
  sb->row_start = g_new0 (guint32, capacity + 1);
  sb->index = g_new (guint32, (gsize) capacity * n_in);
  sb->value = g_new (float, (gsize) capacity * n_in);
}

void
nn_sparse_batch_clear (NnSparseBatch *sb)
{
  g_clear_pointer (&sb->row_start, g_free);
  g_clear_pointer (&sb->index, g_free);
  g_clear_pointer (&sb->value, g_free);
  sb->capacity = sb->batch = 0;
}

void
nn_sparse_batch_gather (NnSparseBatch *sb,
                        const guint8  *images,
                        const guint32 *indices,
                        int            count)
{
  static float scale[256];
  static gsize scale_ready = 0;
  guint32 nnz = 0;

  g_return_if_fail (count <= sb->capacity);

  /* v / 255 exactly as the lesson's x / 255 computes it, looked up */
  if (g_once_init_enter (&scale_ready))
    {
      for (int v = 0; v < 256; v++)
        scale[v] = (float) v / 255.0f;
      g_once_init_leave (&scale_ready, 1);
    }

  for (int b = 0; b < count; b++)
    {
      const guint8 *img = images + (gsize) indices[b] * sb->n_in;
      int k = 0;

      sb->row_start[b] = nnz;
      /* MNIST is mostly long runs of zeros: skip them eight bytes at a time, then record
       * the eight without branching (the slot is overwritten when the byte was zero) */
      for (; k + 8 <= sb->n_in; k += 8)
        {
          guint64 word;

          memcpy (&word, img + k, 8);
          if (word == 0)
            continue;
          for (int i = k; i < k + 8; i++)
            {
              sb->index[nnz] = (guint32) i;
              sb->value[nnz] = scale[img[i]];
              nnz += img[i] != 0;
            }
        }
      for (; k < sb->n_in; k++)
        {
          sb->index[nnz] = (guint32) k;
          sb->value[nnz] = scale[img[k]];
          nnz += img[k] != 0;
        }
    }
  sb->row_start[count] = nnz;
  sb->batch = count;
}

/* y[0..n) += a·x[0..n) */
static inline void
axpy (float       *restrict y,
      const float *restrict x,
      float                 a,
      int                   n)
{
  for (int j = 0; j < n; j++)
    y[j] += a * x[j];
}

/* h_b = b1 + Σ_k x_bk · w1[k, :] over the non-zero k.  Inlined into callers with a
 * constant n_hidden, the row fits in registers. */
static inline __attribute__ ((always_inline)) void
layer1_forward_rows (const NnSparseBatch *xs,
                     const float         *w1,
                     const float         *b1,
                     int                  nh,
                     float               *h)
{
  for (int b = 0; b < xs->batch; b++)
    {
      float *restrict hb = h + (gsize) b * nh;

      memcpy (hb, b1, nh * sizeof (float));
      for (guint32 e = xs->row_start[b]; e < xs->row_start[b + 1]; e++)
        axpy (hb, w1 + (gsize) xs->index[e] * nh, xs->value[e], nh);
    }
}

NN_CLONES static void
layer1_forward_32 (const NnSparseBatch *xs, const float *w1, const float *b1, float *h)
{
  layer1_forward_rows (xs, w1, b1, 32, h);
}

NN_CLONES static void
layer1_forward_any (const NnSparseBatch *xs, const float *w1, const float *b1, int nh, float *h)
{
  layer1_forward_rows (xs, w1, b1, nh, h);
}

/* dw1[k, :] = Σ_b x_bk · dh_b, scattered from the non-zero k of each sample in turn */
static inline __attribute__ ((always_inline)) void
layer1_backward_rows (const NnSparseBatch *xs,
                      const float         *dh,
                      int                  nh,
                      float               *dw1)
{
  memset (dw1, 0, (gsize) xs->n_in * nh * sizeof (float));
  for (int b = 0; b < xs->batch; b++)
    {
      const float *dhb = dh + (gsize) b * nh;

      for (guint32 e = xs->row_start[b]; e < xs->row_start[b + 1]; e++)
        axpy (dw1 + (gsize) xs->index[e] * nh, dhb, xs->value[e], nh);
    }
}

NN_CLONES static void
layer1_backward_32 (const NnSparseBatch *xs, const float *dh, float *dw1)
{
  layer1_backward_rows (xs, dh, 32, dw1);
}

NN_CLONES static void
layer1_backward_any (const NnSparseBatch *xs, const float *dh, int nh, float *dw1)
{
  layer1_backward_rows (xs, dh, nh, dw1);
}

void
nn_forward_sparse (const NnNet         *net,
                   const NnSparseBatch *xs,
                   float               *h,
                   float               *p)
{
  g_return_if_fail (xs->n_in == net->n_in);

  if (net->n_hidden == 32)
    layer1_forward_32 (xs, net->w1, net->b1, h);
  else
    layer1_forward_any (xs, net->w1, net->b1, net->n_hidden, h);
  nn_relu (h, (gsize) xs->batch * net->n_hidden);
  nn_layer2_forward (net, h, xs->batch, p);
}

void
nn_backward_sparse (const NnNet         *net,
                    const NnSparseBatch *xs,
                    const float         *h,
                    const float         *p,
                    const guint8        *labels,
                    NnNet               *grad,
                    float               *dlogits,
                    float               *dh)
{
  nn_layer2_backward (net, h, p, labels, xs->batch, grad, dlogits, dh);
  if (net->n_hidden == 32)
    layer1_backward_32 (xs, dh, grad->w1);
  else
    layer1_backward_any (xs, dh, net->n_hidden, grad->w1);
}
