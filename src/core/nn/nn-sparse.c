/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-sparse"

#include "config.h"

#include "nn-sparse.h"

#include <string.h>

#include "nn-private.h"

/* nn_sparse_set_prefetch steps over a sample's entries one cache line of index at a time */
#define PREFETCH_STRIDE (64 / sizeof (guint16))
/* nonzero_positions reads eight pixels at once */
#define WORD_LEN        ((int) sizeof (guint64))

gboolean
nn_sparse_batch_try_init (NnSparseBatch *sb,
                          int            capacity,
                          int            n_in)
{
  sb->capacity = capacity;
  sb->n_in = n_in;
  sb->batch = 0;
  sb->row_start = g_try_new0 (guint32, capacity + 1);
  sb->index = g_try_new (guint32, (gsize) capacity * n_in);
  sb->value = g_try_new (float, (gsize) capacity * n_in);
  if (sb->row_start != NULL && sb->index != NULL && sb->value != NULL)
    return TRUE;
  nn_sparse_batch_clear (sb);
  return FALSE;
}

void
nn_sparse_batch_init (NnSparseBatch *sb,
                      int            capacity,
                      int            n_in)
{
  if (!nn_sparse_batch_try_init (sb, capacity, n_in))
    g_error ("out of memory for a sparse batch of %d × %d", capacity, n_in);
}

void
nn_sparse_batch_clear (NnSparseBatch *sb)
{
  g_clear_pointer (&sb->row_start, g_free);
  g_clear_pointer (&sb->index, g_free);
  g_clear_pointer (&sb->value, g_free);
  sb->capacity = sb->batch = 0;
}

/* v / 255 exactly as the lesson's x / 255 computes it, looked up */
static const float *
byte_scale (void)
{
  static float scale[256];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (int v = 0; v < 256; v++)
        scale[v] = (float) v / 255.0f;
      g_once_init_leave (&ready, 1);
    }
  return scale;
}

/* Writes the positions of img's non-zero bytes to out, in increasing order; returns how
 * many.  MNIST is mostly long runs of zeros: they are skipped eight bytes at a time, and in
 * the other words only the non-zero bytes are visited (one bit per byte in `mask`). */
static int
nonzero_positions (const guint8 *img,
                   int           n,
                   guint16      *out)
{
  int count = 0;
  int k = 0;

  for (; k + WORD_LEN <= n; k += WORD_LEN)
    {
      guint64 word, mask;

      memcpy (&word, img + k, WORD_LEN);
      if (word == 0)
        continue;
      /* high bit of each byte set iff the byte is non-zero */
      mask = (((word & G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f)) +
               G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f)) | word) &
             G_GUINT64_CONSTANT (0x8080808080808080);
      while (mask != 0)
        {
          out[count++] = (guint16) (k + (__builtin_ctzll (mask) >> 3));
          mask &= mask - 1;
        }
    }
  for (; k < n; k++)
    if (img[k] != 0)
      out[count++] = (guint16) k;
  return count;
}

void
nn_sparse_batch_gather (NnSparseBatch *sb,
                        const guint8  *images,
                        const guint32 *indices,
                        int            count)
{
  const float *scale = byte_scale ();
  g_autofree guint16 *pos = g_new (guint16, sb->n_in);
  guint32 nnz = 0;

  g_return_if_fail (count <= sb->capacity && sb->n_in <= G_MAXUINT16 + 1);

  for (int b = 0; b < count; b++)
    {
      const guint8 *img = images + (gsize) indices[b] * sb->n_in;
      int found = nonzero_positions (img, sb->n_in, pos);

      sb->row_start[b] = nnz;
      for (int e = 0; e < found; e++)
        {
          sb->index[nnz + e] = pos[e];
          sb->value[nnz + e] = scale[img[pos[e]]];
        }
      nnz += found;
    }
  sb->row_start[count] = nnz;
  sb->batch = count;
}

NnSparseSet *
nn_sparse_set_new (const guint8 *images,
                   gsize         n,
                   int           n_in)
{
  NnSparseSet *set;
  g_autofree guint16 *pos = NULL;
  gsize nnz = 0, cap;

  g_return_val_if_fail (n_in > 0 && n_in <= G_MAXUINT16 + 1, NULL);

  set = g_new0 (NnSparseSet, 1);
  set->n = n;
  set->n_in = n_in;
  set->offsets = g_new (gsize, n + 1);
  /* a quarter of the pixels is a generous first guess for handwriting */
  cap = MAX (n * n_in / 4, 16);
  set->index = g_new (guint16, cap);
  set->value = g_new (guint8, cap);
  pos = g_new (guint16, n_in);

  for (gsize i = 0; i < n; i++)
    {
      const guint8 *img = images + i * n_in;
      int found = nonzero_positions (img, n_in, pos);

      if (nnz + found > cap)
        {
          cap = MAX (cap * 2, nnz + found);
          set->index = g_renew (guint16, set->index, cap);
          set->value = g_renew (guint8, set->value, cap);
        }
      set->offsets[i] = nnz;
      for (int e = 0; e < found; e++)
        {
          set->index[nnz + e] = pos[e];
          set->value[nnz + e] = img[pos[e]];
        }
      nnz += found;
    }
  set->offsets[n] = nnz;
  /* give back the unused tail */
  set->index = g_renew (guint16, set->index, MAX (nnz, 1));
  set->value = g_renew (guint8, set->value, MAX (nnz, 1));
  return set;
}

void
nn_sparse_set_free (NnSparseSet *set)
{
  if (set == NULL)
    return;
  g_free (set->offsets);
  g_free (set->index);
  g_free (set->value);
  g_free (set);
}

void
nn_sparse_set_prefetch (const NnSparseSet *set,
                        const guint32     *indices,
                        int                count)
{
  for (int b = 0; b < count; b++)
    {
      gsize from = set->offsets[indices[b]];
      gsize to = set->offsets[indices[b] + 1];

      for (gsize e = from; e < to; e += PREFETCH_STRIDE)
        {
          __builtin_prefetch (set->index + e);
          __builtin_prefetch (set->value + e);
        }
    }
}

void
nn_sparse_batch_gather_set (NnSparseBatch     *sb,
                            const NnSparseSet *set,
                            const guint32     *indices,
                            int                count)
{
  const float *scale = byte_scale ();
  guint32 nnz = 0;

  g_return_if_fail (count <= sb->capacity && set->n_in == sb->n_in);

  for (int b = 0; b < count; b++)
    {
      gsize from = set->offsets[indices[b]];
      int found = (int) (set->offsets[indices[b] + 1] - from);

      sb->row_start[b] = nnz;
      for (int e = 0; e < found; e++)
        {
          sb->index[nnz + e] = set->index[from + e];
          sb->value[nnz + e] = scale[set->value[from + e]];
        }
      nnz += found;
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

/* The lesson's width as a constant, so the compiler keeps a row in registers. */
NN_CLONES static void
layer1_forward_lesson (const NnSparseBatch *xs,
                       const float         *w1,
                       const float         *b1,
                       float               *h)
{
  layer1_forward_rows (xs, w1, b1, NN_LESSON_HIDDEN, h);
}

NN_CLONES static void
layer1_forward_any (const NnSparseBatch *xs,
                    const float         *w1,
                    const float         *b1,
                    int                  nh,
                    float               *h)
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
layer1_backward_lesson (const NnSparseBatch *xs,
                        const float         *dh,
                        float               *dw1)
{
  layer1_backward_rows (xs, dh, NN_LESSON_HIDDEN, dw1);
}

NN_CLONES static void
layer1_backward_any (const NnSparseBatch *xs,
                     const float         *dh,
                     int                  nh,
                     float               *dw1)
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

  if (net->n_hidden == NN_LESSON_HIDDEN)
    layer1_forward_lesson (xs, net->w1, net->b1, h);
  else
    layer1_forward_any (xs, net->w1, net->b1, net->n_hidden, h);
  nn_relu (h, (gsize) xs->batch * net->n_hidden);
  nn_layer2_forward (net, h, xs->batch, p);
}

void
nn_backward_sparse_part (const NnNet         *net,
                         const NnSparseBatch *xs,
                         const float         *h,
                         const float         *p,
                         const guint8        *labels,
                         float                inv_batch,
                         NnNet               *grad,
                         float               *dlogits,
                         float               *dh)
{
  nn_layer2_backward (net, h, p, labels, xs->batch, inv_batch, grad, dlogits, dh);
  if (net->n_hidden == NN_LESSON_HIDDEN)
    layer1_backward_lesson (xs, dh, grad->w1);
  else
    layer1_backward_any (xs, dh, net->n_hidden, grad->w1);
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
  nn_backward_sparse_part (net, xs, h, p, labels, 1.0f / (float) xs->batch, grad, dlogits, dh);
}
