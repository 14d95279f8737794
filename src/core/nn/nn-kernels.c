/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-kernels"

#include "config.h"

#include "nn-kernels.h"

#include <math.h>
#include <string.h>

#include "nn-lanes.h"
#include "nn-math.h"
#include "nn-rmsprop-body.h"

/* The kernels are written once as inline bodies; each instruction set gets wrappers
 * compiled with its target attribute, into which the bodies inline. */
#if defined(__x86_64__) && defined(__GNUC__)
# define TARGET_AVX2   __attribute__ ((target ("avx2")))
# define TARGET_AVX512 __attribute__ ((target ("avx512f")))
#else
# define TARGET_AVX2
# define TARGET_AVX512
#endif

/* The first layer sums each sample's inputs in two blocks of pixels (nn-kernels.h): a
 * block's entries of one sample are a run of its list. */
typedef struct
{
  const guint16 *index;
  const guint8  *value;
  guint32        n;
} Segment;

ALWAYS_INLINE Segment
segment_of (const NnSparseBatch *xs,
            int                  b,
            int                  block)
{
  guint32 from = block == 0 ? 0 : xs->split[b];
  guint32 to = block == 0 ? xs->split[b] : xs->count[b];

  return (Segment) { xs->index[b] + from, xs->value[b] + from, to - from };
}

/* A segment's sum x·w1[k, u0 : u0 + 16·nc + tw] over its entries in increasing k, in two
 * chains from zero: the entries at even positions of the segment into one, those at odd
 * positions into the other, then the two added, into acc (nc ≤ 4 vectors) and tacc (tw < 16
 * units one by one, each with exactly the arithmetic of a lane).  Two chains instead of one
 * let the processor overlap them: a chain waits four cycles per add. */
ALWAYS_INLINE void
segment_sum (Segment      s,
             const float *w1,
             int          w,
             int          u0,
             int          nc,
             int          tw,
             VFloat      *acc,
             float       *tacc)
{
  const float *scale = nn_byte_scale ();
  int ut = u0 + nc * LANES;
  VFloat even[4], odd[4];
  float te[LANES], to[LANES];

  for (int c = 0; c < nc; c++)
    {
      even[c] = (VFloat) { 0 };
      odd[c] = (VFloat) { 0 };
    }
  for (int j = 0; j < tw; j++)
    {
      te[j] = 0.0f;
      to[j] = 0.0f;
    }
  for (guint32 e = 0; e < s.n; e++)
    {
      const float *row = w1 + (gsize) s.index[e] * w;
      float x = scale[s.value[e]];

      for (int c = 0; c < nc; c++)
        if (e % 2 == 0)
          even[c] += x * vload (row + u0 + c * LANES);
        else
          odd[c] += x * vload (row + u0 + c * LANES);
      for (int j = 0; j < tw; j++)
        if (e % 2 == 0)
          te[j] += x * row[ut + j];
        else
          to[j] += x * row[ut + j];
    }
  for (int c = 0; c < nc; c++)
    acc[c] = even[c] + odd[c];
  for (int j = 0; j < tw; j++)
    tacc[j] = te[j] + to[j];
}

/* Two segments' sums over a slice of nc ≤ 2 groups of units (w = nc · LANES), each with
 * the additions segment_sum gives it, but the two interleaved, so that the processor
 * overlaps four chains (eight) instead of two: two blocks of one sample, or one block of
 * two samples. */
ALWAYS_INLINE void
segment_pair_sum (Segment      s0,
                  Segment      s1,
                  const float *w1,
                  int          w,
                  int          nc,
                  VFloat      *sum0,
                  VFloat      *sum1)
{
  const float *scale = nn_byte_scale ();
  const Segment seg[2] = { s0, s1 };
  VFloat *sum[2] = { sum0, sum1 };
  guint32 common = MIN (s0.n, s1.n), e;
  VFloat even[2][2], odd[2][2];

  for (int s = 0; s < 2; s++)
    for (int c = 0; c < nc; c++)
      {
        even[s][c] = (VFloat) { 0 };
        odd[s][c] = (VFloat) { 0 };
      }
  for (e = 0; e + 1 < common; e += 2)
    for (int s = 0; s < 2; s++)
      {
        const float *re = w1 + (gsize) seg[s].index[e] * w;
        const float *ro = w1 + (gsize) seg[s].index[e + 1] * w;
        float xe = scale[seg[s].value[e]], xo = scale[seg[s].value[e + 1]];

        for (int c = 0; c < nc; c++)
          {
            even[s][c] += xe * vload (re + c * LANES);
            odd[s][c] += xo * vload (ro + c * LANES);
          }
      }
  for (int s = 0; s < 2; s++)
    {
      for (guint32 f = e; f < seg[s].n; f++)
        {
          const float *row = w1 + (gsize) seg[s].index[f] * w;
          float x = scale[seg[s].value[f]];

          for (int c = 0; c < nc; c++)
            if (f % 2 == 0)
              even[s][c] += x * vload (row + c * LANES);
            else
              odd[s][c] += x * vload (row + c * LANES);
        }
      for (int c = 0; c < nc; c++)
        sum[s][c] = even[s][c] + odd[s][c];
    }
}

/* h = relu((S₀ + S₁) + b1) for the units u0 … u0 + 16·nc + tw of every sample. */
ALWAYS_INLINE void
layer1_forward_groups (const NnSparseBatch *xs,
                       const float         *w1,
                       const float         *b1,
                       int                  w,
                       int                  u0,
                       int                  nc,
                       int                  tw,
                       float               *h)
{
  for (int b = 0; b < xs->batch; b++)
    {
      float *hb = h + (gsize) b * w;
      VFloat a0[4], a1[4];
      float t0[LANES], t1[LANES];

      segment_sum (segment_of (xs, b, 0), w1, w, u0, nc, tw, a0, t0);
      segment_sum (segment_of (xs, b, 1), w1, w, u0, nc, tw, a1, t1);
      for (int c = 0; c < nc; c++)
        vstore (hb + u0 + c * LANES, vrelu ((a0[c] + a1[c]) + vload (b1 + u0 + c * LANES)));
      for (int j = 0; j < tw; j++)
        hb[u0 + j] = (t0[j] + t1[j]) + b1[u0 + j];
      relu (hb + u0, tw);
    }
}

/* h = relu((S₀ + S₁) + b1), S₀ and S₁ the blocks' segment sums. */
ALWAYS_INLINE void
layer1_forward_body (const NnSparseBatch *xs,
                     const float         *w1,
                     const float         *b1,
                     int                  w,
                     float               *h)
{
  int u0 = 0;

  /* the lesson's 32 units (16, 32: the sums stay in registers): one sample's two blocks
   * interleaved */
  if (w == LANES || w == 2 * LANES)
    {
      for (int b = 0; b < xs->batch; b++)
        {
          VFloat s0[2], s1[2];

          segment_pair_sum (segment_of (xs, b, 0), segment_of (xs, b, 1), w1, w, w / LANES, s0,
                            s1);
          for (int c = 0; c < w / LANES; c++)
            vstore (h + (gsize) b * w + c * LANES,
                    vrelu ((s0[c] + s1[c]) + vload (b1 + c * LANES)));
        }
      return;
    }
  /* wide layers: four groups per pass over the inputs, then one, then the rest one by one
   * (constant counts, so that the sums stay in registers) */
  for (; u0 + 4 * LANES <= w; u0 += 4 * LANES)
    layer1_forward_groups (xs, w1, b1, w, u0, 4, 0, h);
  for (; u0 + LANES <= w; u0 += LANES)
    layer1_forward_groups (xs, w1, b1, w, u0, 1, 0, h);
  if (u0 < w)
    layer1_forward_groups (xs, w1, b1, w, u0, 0, w - u0, h);
}

/* part[b] = S_block for the units u0 … u0 + 16·nc + tw of samples b0 ≤ b < b1. */
ALWAYS_INLINE void
layer1_partial_groups (const NnSparseBatch *xs,
                       const float         *w1,
                       int                  w,
                       int                  block,
                       int                  b0,
                       int                  b1,
                       int                  u0,
                       int                  nc,
                       int                  tw,
                       float               *part)
{
  for (int b = b0; b < b1; b++)
    {
      float *pb = part + (gsize) b * w;
      VFloat a[4];
      float t[LANES];

      segment_sum (segment_of (xs, b, block), w1, w, u0, nc, tw, a, t);
      for (int c = 0; c < nc; c++)
        vstore (pb + u0 + c * LANES, a[c]);
      for (int j = 0; j < tw; j++)
        pb[u0 + j] = t[j];
    }
}

/* part[b] = S_block for samples b0 ≤ b < b1: no bias, no ReLU. */
ALWAYS_INLINE void
layer1_partial_body (const NnSparseBatch *xs,
                     const float         *w1,
                     int                  w,
                     int                  block,
                     int                  b0,
                     int                  b1,
                     float               *part)
{
  int u0 = 0;

  if (w == LANES || w == 2 * LANES)
    {
      int b = b0;
      const Segment none = { NULL, NULL, 0 };

      for (; b < b1; b += 2)
        {
          VFloat s0[2], s1[2];
          gboolean two = b + 1 < b1;

          segment_pair_sum (segment_of (xs, b, block), two ? segment_of (xs, b + 1, block) : none,
                            w1, w, w / LANES, s0, s1);
          for (int c = 0; c < w / LANES; c++)
            {
              vstore (part + (gsize) b * w + c * LANES, s0[c]);
              if (two)
                vstore (part + (gsize) (b + 1) * w + c * LANES, s1[c]);
            }
        }
      return;
    }
  for (; u0 + 4 * LANES <= w; u0 += 4 * LANES)
    layer1_partial_groups (xs, w1, w, block, b0, b1, u0, 4, 0, part);
  for (; u0 + LANES <= w; u0 += LANES)
    layer1_partial_groups (xs, w1, w, block, b0, b1, u0, 1, 0, part);
  if (u0 < w)
    layer1_partial_groups (xs, w1, w, block, b0, b1, u0, 0, w - u0, part);
}

/* The sparse kernels' sums for dense inputs x (B, n_in), zeros skipped: each block's
 * non-zero inputs in two chains by their position among the block's non-zeros. */
ALWAYS_INLINE void
layer1_forward_dense_body (const float *x,
                           int          batch,
                           int          n_in,
                           const float *w1,
                           const float *b1,
                           int          nh,
                           float       *h)
{
  int ks = nn_sparse_split_pixel (n_in);

  for (int b = 0; b < batch; b++)
    {
      float *restrict hb = h + (gsize) b * nh;
      const float *xb = x + (gsize) b * n_in;

      for (int j = 0; j < nh; j++)
        {
          float sum[2];

          for (int block = 0; block < 2; block++)
            {
              float even = 0.0f, odd = 0.0f;
              int seen = 0;

              for (int k = block == 0 ? 0 : ks; k < (block == 0 ? ks : n_in); k++)
                if (xb[k] != 0.0f)
                  {
                    if (seen++ % 2 == 0)
                      even += xb[k] * w1[(gsize) k * nh + j];
                    else
                      odd += xb[k] * w1[(gsize) k * nh + j];
                  }
              sum[block] = even + odd;
            }
          hb[j] = (sum[0] + sum[1]) + b1[j];
        }
      relu (hb, nh);
    }
}

/* The first of sample b's entries (ascending pixels) at pixel k0 or after: found without a
 * search at 0 and at the split pixel, where threads' rows begin. */
ALWAYS_INLINE guint32
first_entry_from (const NnSparseBatch *xs,
                  int                  b,
                  int                  k0)
{
  const guint16 *index = xs->index[b];
  guint32 lo = 0, hi = xs->count[b];

  if (k0 <= 0)
    return 0;
  if (k0 == xs->k_split)
    return xs->split[b];
  while (lo < hi)
    {
      guint32 mid = (lo + hi) / 2;

      if (index[mid] < k0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* dw1[k, u0 : u0 + 16·nc + tw] += x_bk · dh[b, …] for the pixels k0 ≤ k < k1 of every
 * kept sample b, samples in order: the sample's gradient row stays in registers while it is
 * scattered; the last tw units one by one. */
ALWAYS_INLINE void
layer1_backward_lanes (const NnSparseBatch *xs,
                       const float         *dh,
                       const guint8        *keep,
                       int                  w,
                       int                  u0,
                       int                  nc,
                       int                  tw,
                       int                  k0,
                       int                  k1,
                       float               *dw1)
{
  const float *scale = nn_byte_scale ();
  int ut = u0 + nc * LANES;

  for (int b = 0; b < xs->batch; b++)
    {
      const guint16 *index = xs->index[b];
      const guint8 *value = xs->value[b];
      const float *dhb = dh + (gsize) b * w;
      VFloat d[4];

      if (!keep[b])
        continue;
      for (int c = 0; c < nc; c++)
        d[c] = vload (dhb + u0 + c * LANES);
      for (guint32 e = first_entry_from (xs, b, k0);
           e < xs->count[b] && index[e] < k1; e++)
        {
          float *row = dw1 + (gsize) index[e] * w;
          float x = scale[value[e]];

          for (int c = 0; c < nc; c++)
            vstore (row + u0 + c * LANES, vload (row + u0 + c * LANES) + x * d[c]);
          for (int j = 0; j < tw; j++)
            row[ut + j] += x * dhb[ut + j];
        }
    }
}

ALWAYS_INLINE void
layer1_backward_body (const NnSparseBatch *xs,
                      const float         *dh,
                      const guint8        *keep,
                      int                  w,
                      int                  k0,
                      int                  k1,
                      float               *dw1)
{
  int u0 = 0;

  if (w == 2 * LANES || w == 4 * LANES)
    {
      layer1_backward_lanes (xs, dh, keep, w, 0, w / LANES, 0, k0, k1, dw1);
      return;
    }
  for (; u0 + 4 * LANES <= w; u0 += 4 * LANES)
    layer1_backward_lanes (xs, dh, keep, w, u0, 4, 0, k0, k1, dw1);
  for (; u0 + LANES <= w; u0 += LANES)
    layer1_backward_lanes (xs, dh, keep, w, u0, 1, 0, k0, k1, dw1);
  if (u0 < w)
    layer1_backward_lanes (xs, dh, keep, w, u0, 0, w - u0, k0, k1, dw1);
}

/* The second layer skips the hidden units that ReLU zeroed, about half of them, at random:
 * a branch on each unit would be mispredicted half the time and cost more than the sums it
 * saves, so the positions of a run of units that are not zero (NaN counts, as `!= 0`) are
 * listed first without a branch, in increasing order, and the sums then run over the list:
 * the same additions in the same order as a test on each unit. */
#define UNIT_RUN 64

ALWAYS_INLINE int
nonzero_units (const float *v,
               int          n,
               int         *at)
{
  int m = 0;

  for (int j = 0; j < n; j++)
    {
      at[m] = j;
      m += v[j] != 0.0f;
    }
  return m;
}

/* For the units j of v (nh) that are not zero, j increasing: y[0..no) += v_j·x[j, :]
 * (into_rows FALSE), or y[j, 0..no) += v_j·x[0..no) (TRUE). */
ALWAYS_INLINE void
add_nonzero_units (float       *y,
                   const float *v,
                   const float *x,
                   int          nh,
                   int          no,
                   gboolean     into_rows)
{
  for (int j0 = 0; j0 < nh; j0 += UNIT_RUN)
    {
      int at[UNIT_RUN];
      int m = nonzero_units (v + j0, MIN (UNIT_RUN, nh - j0), at);

      for (int i = 0; i < m; i++)
        {
          gsize row = (gsize) (j0 + at[i]) * no;

          if (into_rows)
            axpy (y + row, x, v[j0 + at[i]], no);
          else
            axpy (y, x + row, v[j0 + at[i]], no);
        }
    }
}

ALWAYS_INLINE void
layer2_forward_body (const float *h,
                     const float *w2,
                     const float *b2,
                     int          batch,
                     int          nh,
                     int          no,
                     float       *p)
{
  gsize i = 0, n = (gsize) batch * no;

  for (int b = 0; b < batch; b++)
    {
      float *restrict z = p + (gsize) b * no;

      memcpy (z, b2, no * sizeof (float));
      add_nonzero_units (z, h + (gsize) b * nh, w2, nh, no, FALSE);
    }
  /* nn_softmax_block, its exponentials eight at a time */
  nn_softmax_shift (p, batch, no);
  for (; i + DLANES <= n; i += DLANES)
    expf_lanes (p + i);
  for (; i < n; i++)
    p[i] = nn_expf (p[i]);
  nn_softmax_normalise (p, batch, no);
}

/* dh[b, :] = Σ_o dl[b, o]·w2[:, o] in increasing o, through the ReLU; zero for a sample
 * whose loss was clipped.  w2t (no, nh) is w2 transposed, so that the sum runs over whole
 * rows of units. */
ALWAYS_INLINE void
hidden_gradient_body (const float  *h,
                      const float  *dl,
                      const guint8 *keep,
                      const float  *w2,
                      int           batch,
                      int           no,
                      int           nh,
                      float        *w2t,
                      float        *dh)
{
  for (int j = 0; j < nh; j++)
    for (int o = 0; o < no; o++)
      w2t[(gsize) o * nh + j] = w2[(gsize) j * no + o];
  for (int b = 0; b < batch; b++)
    {
      float *restrict dhb = dh + (gsize) b * nh;
      const float *hb = h + (gsize) b * nh;

      memset (dhb, 0, nh * sizeof (float));
      if (!keep[b])
        continue;
      for (int o = 0; o < no; o++)
        axpy (dhb, w2t + (gsize) o * nh, dl[(gsize) b * no + o], nh);
      for (int j = 0; j < nh; j++)
        dhb[j] = hb[j] > 0.0f ? dhb[j] : 0.0f;
    }
}

/* dw2[j, :] += Σ_b h[b, j]·dl[b, :] and db1[j] += Σ_b dh[b, j] for the units j0 ≤ j < j1,
 * samples in order (each element of dw2 sums over b in increasing order, skipping clipped
 * samples and zero units). */
ALWAYS_INLINE void
layer2_gradient_body (const float  *h,
                      const float  *dl,
                      const guint8 *keep,
                      const float  *dh,
                      int           batch,
                      int           nh,
                      int           no,
                      int           j0,
                      int           j1,
                      float        *dw2,
                      float        *db1)
{
  for (int b = 0; b < batch; b++)
    if (keep[b])
      add_nonzero_units (dw2 + (gsize) j0 * no, h + (gsize) b * nh + j0, dl + (gsize) b * no,
                         j1 - j0, no, TRUE);
  for (int b = 0; b < batch; b++)
    if (keep[b])
      axpy (db1 + j0, dh + (gsize) b * nh + j0, 1.0f, j1 - j0);
}

/* The per-set wrappers: the lesson's 32 hidden units (and 64) and its 10 outputs become
 * constants. */
#define NN_DEFINE_KERNELS(sfx, isa_id, target)                                              \
  static target void                                                                      \
  layer1_forward_##sfx (const NnSparseBatch *xs, const float *w1, const float *b1, int w, \
                        float *h)                                                         \
  {                                                                                       \
    if (w == 32)                                                                          \
      layer1_forward_body (xs, w1, b1, 32, h);                                            \
    else                                                                                  \
      layer1_forward_body (xs, w1, b1, w, h);                                             \
  }                                                                                       \
  static target void                                                                      \
  layer1_partial_##sfx (const NnSparseBatch *xs, const float *w1, int w, int block,       \
                        int b0, int b1, float *part)                                      \
  {                                                                                       \
    if (w == 32)                                                                          \
      layer1_partial_body (xs, w1, 32, block, b0, b1, part);                              \
    else                                                                                  \
      layer1_partial_body (xs, w1, w, block, b0, b1, part);                               \
  }                                                                                       \
  static target void                                                                      \
  layer1_forward_dense_##sfx (const float *x, int batch, int n_in, const float *w1,       \
                              const float *b1, int nh, float *h)                          \
  {                                                                                       \
    layer1_forward_dense_body (x, batch, n_in, w1, b1, nh, h);                            \
  }                                                                                       \
  static target void                                                                      \
  layer1_backward_##sfx (const NnSparseBatch *xs, const float *dh, const guint8 *keep,    \
                         int nh, int k0, int k1, float *dw1)                              \
  {                                                                                       \
    if (nh == 32)                                                                         \
      layer1_backward_body (xs, dh, keep, 32, k0, k1, dw1);                               \
    else                                                                                  \
      layer1_backward_body (xs, dh, keep, nh, k0, k1, dw1);                               \
  }                                                                                       \
  static target void                                                                      \
  layer2_forward_##sfx (const float *h, const float *w2, const float *b2, int batch,      \
                        int nh, int no, float *p)                                         \
  {                                                                                       \
    if (no == 10)                                                                         \
      layer2_forward_body (h, w2, b2, batch, nh, 10, p);                                  \
    else                                                                                  \
      layer2_forward_body (h, w2, b2, batch, nh, no, p);                                  \
  }                                                                                       \
  static target void                                                                      \
  hidden_gradient_##sfx (const float *h, const float *dl, const guint8 *keep,             \
                         const float *w2, int batch, int no, int nh, float *w2t,          \
                         float *dh)                                                       \
  {                                                                                       \
    if (no == 10 && nh == 32)                                                             \
      hidden_gradient_body (h, dl, keep, w2, batch, 10, 32, w2t, dh);                     \
    else                                                                                  \
      hidden_gradient_body (h, dl, keep, w2, batch, no, nh, w2t, dh);                     \
  }                                                                                       \
  static target void                                                                      \
  layer2_gradient_##sfx (const float *h, const float *dl, const guint8 *keep,             \
                         const float *dh, int batch, int nh, int no, int j0, int j1,      \
                         float *dw2, float *db1)                                          \
  {                                                                                       \
    if (no == 10 && nh == 32 && j1 - j0 == 32)                                            \
      layer2_gradient_body (h, dl, keep, dh, batch, 32, 10, 0, 32, dw2, db1);             \
    else if (no == 10 && nh == 32 && j1 - j0 == 16)                                       \
      layer2_gradient_body (h, dl, keep, dh, batch, 32, 10, j0, j0 + 16, dw2, db1);       \
    else                                                                                  \
      layer2_gradient_body (h, dl, keep, dh, batch, nh, no, j0, j1, dw2, db1);            \
  }                                                                                       \
  static target void                                                                      \
  rmsprop_##sfx (const NnRmspropCoefs *c, float *theta, float *accum, const float *grad,  \
                 gsize n)                                                                 \
  {                                                                                       \
    /* not consumed: the gradient is only read */                                         \
    if (c->form == NN_KERAS_3)                                                            \
      rmsprop_body (c, NN_KERAS_3, FALSE, theta, accum, (float *) grad, n);               \
    else                                                                                  \
      rmsprop_body (c, NN_KERAS_2, FALSE, theta, accum, (float *) grad, n);               \
  }                                                                                       \
  static target void                                                                      \
  rmsprop_consume_##sfx (const NnRmspropCoefs *c, float *theta, float *accum,             \
                         float *grad, gsize n)                                            \
  {                                                                                       \
    if (c->form == NN_KERAS_3)                                                            \
      rmsprop_body (c, NN_KERAS_3, TRUE, theta, accum, grad, n);                          \
    else                                                                                  \
      rmsprop_body (c, NN_KERAS_2, TRUE, theta, accum, grad, n);                          \
  }                                                                                       \
  static const NnKernels kernels_##sfx = {                                                \
    isa_id, layer1_forward_##sfx, layer1_partial_##sfx, layer1_forward_dense_##sfx,       \
    layer1_backward_##sfx,                                                                \
    layer2_forward_##sfx, hidden_gradient_##sfx, layer2_gradient_##sfx, rmsprop_##sfx,    \
    rmsprop_consume_##sfx,                                                                \
  };


NN_DEFINE_KERNELS (baseline, NN_ISA_BASELINE, )
NN_DEFINE_KERNELS (avx2, NN_ISA_AVX2, TARGET_AVX2)
NN_DEFINE_KERNELS (avx512, NN_ISA_AVX512, TARGET_AVX512)

static const NnKernels *const all_kernels[NN_N_ISA] = {
  &kernels_baseline, &kernels_avx2, &kernels_avx512,
};
static const char *const isa_names[NN_N_ISA] = { "baseline", "avx2", "avx512" };

const char *
nn_isa_name (NnIsa isa)
{
  g_return_val_if_fail (isa < NN_N_ISA, NULL);
  return isa_names[isa];
}

gboolean
nn_isa_supported (NnIsa isa)
{
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init ();
  switch (isa)
    {
    case NN_ISA_AVX512:
      return __builtin_cpu_supports ("avx512f");
    case NN_ISA_AVX2:
      return __builtin_cpu_supports ("avx2");
    default:
      return isa == NN_ISA_BASELINE;
    }
#else
  /* elsewhere the three tables hold the same portable code */
  return isa < NN_N_ISA;
#endif
}

static NnIsa
choose_isa (void)
{
  const char *forced = g_getenv ("DT_FORCE_ISA");

  if (forced != NULL && *forced != '\0')
    {
      for (int i = 0; i < NN_N_ISA; i++)
        if (g_str_equal (forced, isa_names[i]))
          {
            if (nn_isa_supported (i))
              return i;
            g_message ("DT_FORCE_ISA=%s: this CPU cannot run it; using the best it can", forced);
            break;
          }
      if (!g_str_equal (forced, "avx512") && !g_str_equal (forced, "avx2") &&
          !g_str_equal (forced, "baseline"))
        g_message ("DT_FORCE_ISA=%s is not one of baseline, avx2, avx512", forced);
    }
  for (int i = NN_N_ISA - 1; i > 0; i--)
    if (nn_isa_supported (i))
      return i;
  return NN_ISA_BASELINE;
}

const NnKernels *
nn_kernels_for (NnIsa isa)
{
  return isa < NN_N_ISA && nn_isa_supported (isa) ? all_kernels[isa] : NULL;
}

const NnKernels *
nn_kernels (void)
{
  static const NnKernels *chosen;
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      chosen = all_kernels[choose_isa ()];
      g_once_init_leave (&ready, 1);
    }
  return chosen;
}
