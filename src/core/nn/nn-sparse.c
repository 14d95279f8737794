/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-sparse"

#include "config.h"

#include "nn-sparse.h"

#include <string.h>
#ifdef __linux__
# include <sys/mman.h>
#endif

#include "nn-kernels.h"
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
  sb->index = g_try_new0 (const guint16 *, capacity);
  sb->value = g_try_new0 (const guint8 *, capacity);
  sb->count = g_try_new0 (guint32, capacity);
  sb->split = g_try_new0 (guint32, capacity);
  sb->k_split = nn_sparse_split_pixel (n_in);
  sb->own_index = NULL;
  sb->own_value = NULL;
  if (sb->index != NULL && sb->value != NULL && sb->count != NULL && sb->split != NULL)
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
  g_clear_pointer (&sb->index, g_free);
  g_clear_pointer (&sb->value, g_free);
  g_clear_pointer (&sb->count, g_free);
  g_clear_pointer (&sb->split, g_free);
  g_clear_pointer (&sb->own_index, g_free);
  g_clear_pointer (&sb->own_value, g_free);
  sb->capacity = sb->batch = 0;
}

const float *
nn_byte_scale (void)
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

/* How many of the ascending positions pos[0 … n − 1] lie before k. */
static guint32
entries_before (const guint16 *pos,
                int            n,
                int            k)
{
  int e = 0;

  while (e < n && pos[e] < k)
    e++;
  return (guint32) e;
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
  gsize nnz = 0;

  g_return_if_fail (count <= sb->capacity && sb->n_in <= G_MAXUINT16 + 1);

  if (sb->own_index == NULL)
    {
      sb->own_index = g_new (guint16, (gsize) sb->capacity * sb->n_in);
      sb->own_value = g_new (guint8, (gsize) sb->capacity * sb->n_in);
    }
  for (int b = 0; b < count; b++)
    {
      const guint8 *img = images + (gsize) indices[b] * sb->n_in;
      guint16 *pos = sb->own_index + nnz;
      int found = nonzero_positions (img, sb->n_in, pos);

      for (int e = 0; e < found; e++)
        sb->own_value[nnz + e] = img[pos[e]];
      sb->index[b] = pos;
      sb->value[b] = sb->own_value + nnz;
      sb->count[b] = found;
      sb->split[b] = entries_before (pos, found, sb->k_split);
      nnz += found;
    }
  sb->batch = count;
}

/* The set's entries lie on huge pages where the system gives them on request (Debian's
 * default, transparent huge pages on madvise): a batch reads 32 images' entries scattered
 * over tens of megabytes, and with 4 KB pages nearly each of those reads walks the page
 * tables (the TLB covers a few megabytes) while 2 MB pages cover the whole set. */
#define HUGE_PAGE ((gsize) 2 << 20)

/* n elements of size bytes in an aligned block, the first `keep` bytes copied from old
 * (freed, with g_aligned_free) */
static gpointer
entries_renew (gpointer old,
               gsize    keep,
               gsize    n,
               gsize    size)
{
  gsize bytes = n * size;
  gboolean huge = bytes >= HUGE_PAGE;
  gpointer mem;

  if (huge)
    bytes = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
  mem = g_aligned_alloc (bytes, 1, huge ? HUGE_PAGE : 64);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (huge)
    madvise (mem, bytes, MADV_HUGEPAGE);
#endif
  if (old != NULL)
    memcpy (mem, old, keep);
  g_aligned_free (old);
  return mem;
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
  g_atomic_ref_count_init (&set->ref_count);
  set->n = n;
  set->n_in = n_in;
  set->pixel_count = g_new0 (guint32, n_in);
  set->offsets = g_new (gsize, n + 1);
  set->split = g_new (guint32, MAX (n, 1));
  /* a quarter of the pixels is a generous first guess for handwriting */
  cap = MAX (n * n_in / 4, 16);
  set->index = entries_renew (NULL, 0, cap, sizeof (guint16));
  set->value = entries_renew (NULL, 0, cap, sizeof (guint8));
  pos = g_new (guint16, n_in);

  for (gsize i = 0; i < n; i++)
    {
      const guint8 *img = images + i * n_in;
      int found = nonzero_positions (img, n_in, pos);

      if (nnz + found > cap)
        {
          cap = MAX (cap * 2, nnz + found);
          set->index = entries_renew (set->index, nnz * sizeof (guint16), cap, sizeof (guint16));
          set->value = entries_renew (set->value, nnz, cap, sizeof (guint8));
        }
      set->offsets[i] = nnz;
      set->split[i] = entries_before (pos, found, nn_sparse_split_pixel (n_in));
      for (int e = 0; e < found; e++)
        {
          set->index[nnz + e] = pos[e];
          set->value[nnz + e] = img[pos[e]];
          set->pixel_count[pos[e]]++;
        }
      nnz += found;
    }
  /* the unused tail is address space only: its pages were never touched */
  set->offsets[n] = nnz;
  return set;
}

NnSparseSet *
nn_sparse_set_ref (NnSparseSet *set)
{
  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
nn_sparse_set_unref (NnSparseSet *set)
{
  if (set == NULL || !g_atomic_ref_count_dec (&set->ref_count))
    return;
  g_free (set->offsets);
  g_free (set->pixel_count);
  g_free (set->split);
  g_aligned_free (set->index);
  g_aligned_free (set->value);
  g_free (set);
}

void
nn_sparse_set_prefetch (const NnSparseSet *set,
                        const guint32     *indices,
                        int                count,
                        int                block)
{
  for (int b = 0; b < count; b++)
    {
      gsize from = set->offsets[indices[b]];
      gsize to = set->offsets[indices[b] + 1];

      if (block == 0)
        to = from + set->split[indices[b]];
      else if (block == 1)
        from += set->split[indices[b]];
      for (gsize e = from; e < to; e += PREFETCH_STRIDE)
        {
          __builtin_prefetch (set->index + e);
          __builtin_prefetch (set->value + e);
        }
    }
}

void
nn_sparse_set_prefetch_offsets (const NnSparseSet *set,
                                const guint32     *indices,
                                int                count)
{
  for (int b = 0; b < count; b++)
    {
      __builtin_prefetch (set->offsets + indices[b]);
      __builtin_prefetch (set->split + indices[b]);
    }
}

void
nn_sparse_batch_gather_set (NnSparseBatch     *sb,
                            const NnSparseSet *set,
                            const guint32     *indices,
                            int                count)
{
  g_return_if_fail (count <= sb->capacity && set->n_in == sb->n_in);

  for (int b = 0; b < count; b++)
    {
      gsize from = set->offsets[indices[b]];

      sb->index[b] = set->index + from;
      sb->value[b] = set->value + from;
      sb->count[b] = (guint32) (set->offsets[indices[b] + 1] - from);
      sb->split[b] = set->split[indices[b]];
    }
  sb->batch = count;
}

void
nn_forward_sparse (const NnNet         *net,
                   const NnSparseBatch *xs,
                   float               *h,
                   float               *p)
{
  g_return_if_fail (xs->n_in == net->n_in);

  nn_kernels ()->layer1_forward (xs, net->w1, net->b1, net->n_hidden, h);
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
  g_autofree guint8 *keep = g_new (guint8, MAX (xs->batch, 1));

  nn_layer2_backward (net, h, p, labels, xs->batch, inv_batch, grad, dlogits, dh, keep);
  memset (grad->w1, 0, (gsize) net->n_in * net->n_hidden * sizeof (float));
  nn_kernels ()->layer1_backward (xs, dh, keep, net->n_hidden, 0, net->n_in, grad->w1);
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
