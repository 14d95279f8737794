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

/* The first layer for `nc` groups of 16 units starting at unit u0 of a slice w wide, and
 * `tw` more units one by one (a width that is not a multiple of 16), the sums of every
 * sample kept in registers over its non-zero inputs, in increasing k, in two halves: the
 * inputs at even positions of the sample's list into one sum that starts from b1, those at
 * odd positions into another, then the two added.  Two chains of additions instead of one
 * let the processor overlap them: a chain waits four cycles per add.  A unit done one by
 * one gets exactly the arithmetic of a lane. */
ALWAYS_INLINE void
layer1_forward_lanes (const NnSparseBatch *xs,
                      const float         *w1,
                      const float         *b1,
                      int                  w,
                      int                  u0,
                      int                  nc,
                      int                  tw,
                      float               *h)
{
  const float *scale = nn_byte_scale ();
  int ut = u0 + nc * LANES;

  for (int b = 0; b < xs->batch; b++)
    {
      const guint16 *index = xs->index[b];
      const guint8 *value = xs->value[b];
      float *hb = h + (gsize) b * w;
      VFloat even[4], odd[4];
      float te[LANES], to[LANES];

      for (int c = 0; c < nc; c++)
        {
          even[c] = vload (b1 + u0 + c * LANES);
          odd[c] = (VFloat) { 0 };
        }
      for (int j = 0; j < tw; j++)
        {
          te[j] = b1[ut + j];
          to[j] = 0.0f;
        }
      for (guint32 e = 0; e < xs->count[b]; e++)
        {
          const float *row = w1 + (gsize) index[e] * w;
          float x = scale[value[e]];

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
        vstore (hb + u0 + c * LANES, vrelu (even[c] + odd[c]));
      for (int j = 0; j < tw; j++)
        hb[ut + j] = te[j] + to[j];
      relu (hb + ut, tw);
    }
}

/* w a constant for the lesson's 32 units, so that the groups' sums stay in registers. */
ALWAYS_INLINE void
layer1_forward_body (const NnSparseBatch *xs,
                     const float         *w1,
                     const float         *b1,
                     int                  w,
                     float               *h)
{
  int u0 = 0;

  if (w == 2 * LANES || w == 4 * LANES)
    {
      layer1_forward_lanes (xs, w1, b1, w, 0, w / LANES, 0, h);
      return;
    }
  /* wide layers: four groups per pass over the inputs */
  for (; u0 + 4 * LANES <= w; u0 += 4 * LANES)
    layer1_forward_lanes (xs, w1, b1, w, u0, 4, 0, h);
  for (; u0 + LANES <= w; u0 += LANES)
    layer1_forward_lanes (xs, w1, b1, w, u0, 1, 0, h);
  if (u0 < w)
    layer1_forward_lanes (xs, w1, b1, w, u0, 0, w - u0, h);
}

ALWAYS_INLINE void
layer1_forward_dense_body (const float *x,
                           int          batch,
                           int          n_in,
                           const float *w1,
                           const float *b1,
                           int          nh,
                           float       *h)
{
  for (int b = 0; b < batch; b++)
    {
      float *restrict hb = h + (gsize) b * nh;
      const float *xb = x + (gsize) b * n_in;

      for (int j = 0; j < nh; j++)
        {
          float even = b1[j], odd = 0.0f;
          int seen = 0;

          for (int k = 0; k < n_in; k++)
            if (xb[k] != 0.0f)
              {
                if (seen++ % 2 == 0)
                  even += xb[k] * w1[(gsize) k * nh + j];
                else
                  odd += xb[k] * w1[(gsize) k * nh + j];
              }
          hb[j] = even + odd;
        }
      relu (hb, nh);
    }
}

/* The first of a sample's entries (ascending pixels) at pixel k0 or after. */
ALWAYS_INLINE guint32
first_entry_from (const guint16 *index,
                  guint32        n,
                  int            k0)
{
  guint32 lo = 0, hi = n;

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
      for (guint32 e = first_entry_from (index, xs->count[b], k0);
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

/* dw2[j, :] += Σ_b h[b, j]·dl[b, :] and db1 += Σ_b dh[b, :], samples in order (each
 * element of dw2 sums over b in increasing order, skipping clipped samples and zero units). */
ALWAYS_INLINE void
layer2_gradient_body (const float  *h,
                      const float  *dl,
                      const guint8 *keep,
                      const float  *dh,
                      int           batch,
                      int           nh,
                      int           no,
                      float        *dw2,
                      float        *db1)
{
  for (int b = 0; b < batch; b++)
    if (keep[b])
      add_nonzero_units (dw2, h + (gsize) b * nh, dl + (gsize) b * no, nh, no, TRUE);
  for (int b = 0; b < batch; b++)
    if (keep[b])
      axpy (db1, dh + (gsize) b * nh, 1.0f, nh);
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
                         const float *dh, int batch, int nh, int no, float *dw2,          \
                         float *db1)                                                      \
  {                                                                                       \
    if (no == 10 && nh == 32)                                                             \
      layer2_gradient_body (h, dl, keep, dh, batch, 32, 10, dw2, db1);                    \
    else                                                                                  \
      layer2_gradient_body (h, dl, keep, dh, batch, nh, no, dw2, db1);                    \
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
    isa_id, layer1_forward_##sfx, layer1_forward_dense_##sfx, layer1_backward_##sfx,      \
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
