/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-kernels"

#include "config.h"

#include "nn-kernels.h"

#include <math.h>
#include <string.h>

#include "nn-math.h"

#define ALWAYS_INLINE static inline __attribute__ ((always_inline))

/* The kernels are written once as inline bodies; each instruction set gets wrappers
 * compiled with its target attribute, into which the bodies inline. */
#if defined(__x86_64__) && defined(__GNUC__)
# define TARGET_AVX2   __attribute__ ((target ("avx2")))
# define TARGET_AVX512 __attribute__ ((target ("avx512f")))
#else
# define TARGET_AVX2
# define TARGET_AVX512
#endif

/* y[0..n) += a·x[0..n), lane by lane */
ALWAYS_INLINE void
axpy (float       *restrict y,
      const float *restrict x,
      float                 a,
      int                   n)
{
  for (int j = 0; j < n; j++)
    y[j] += a * x[j];
}

ALWAYS_INLINE void
relu (float *h,
      int    n)
{
  for (int j = 0; j < n; j++)
    h[j] = h[j] > 0.0f ? h[j] : 0.0f;
}

/* w is the slice's width, a constant where the callers below pass the lesson's, so the
 * compiler keeps a row of the slice in registers. */
ALWAYS_INLINE void
layer1_forward_body (const NnSparseBatch *xs,
                     const float         *w1,
                     const float         *b1,
                     int                  w,
                     float               *h)
{
  const float *scale = nn_byte_scale ();

  for (int b = 0; b < xs->batch; b++)
    {
      float *restrict hb = h + (gsize) b * w;
      const guint16 *index = xs->index[b];
      const guint8 *value = xs->value[b];

      memcpy (hb, b1, w * sizeof (float));
      for (guint32 e = 0; e < xs->count[b]; e++)
        axpy (hb, w1 + (gsize) index[e] * w, scale[value[e]], w);
      relu (hb, w);
    }
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

      memcpy (hb, b1, nh * sizeof (float));
      for (int k = 0; k < n_in; k++)
        if (xb[k] != 0.0f)
          axpy (hb, w1 + (gsize) k * nh, xb[k], nh);
      relu (hb, nh);
    }
}

ALWAYS_INLINE void
layer1_backward_body (const NnSparseBatch *xs,
                      const float         *dh,
                      const guint8        *keep,
                      int                  w,
                      float               *dw1)
{
  const float *scale = nn_byte_scale ();

  memset (dw1, 0, (gsize) xs->n_in * w * sizeof (float));
  for (int b = 0; b < xs->batch; b++)
    {
      const float *dhb = dh + (gsize) b * w;
      const guint16 *index = xs->index[b];
      const guint8 *value = xs->value[b];

      if (!keep[b])
        continue;
      for (guint32 e = 0; e < xs->count[b]; e++)
        axpy (dw1 + (gsize) index[e] * w, dhb, scale[value[e]], w);
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
  for (int b = 0; b < batch; b++)
    {
      float *restrict z = p + (gsize) b * no;
      const float *hb = h + (gsize) b * nh;

      memcpy (z, b2, no * sizeof (float));
      for (int j = 0; j < nh; j++)
        if (hb[j] != 0.0f)
          axpy (z, w2 + (gsize) j * no, hb[j], no);
      nn_softmax_row (z, no);
    }
}

ALWAYS_INLINE void
layer2_backward_body (const float  *h,
                      const float  *dl,
                      const guint8 *keep,
                      const float  *w2,
                      int           batch,
                      int           no,
                      int           w,
                      float        *w2t,
                      float        *dw2,
                      float        *db1,
                      float        *dh)
{
  /* dw2[j, :] = Σ_b h[b, j]·dl[b, :] */
  for (int j = 0; j < w; j++)
    {
      float *restrict row = dw2 + (gsize) j * no;

      memset (row, 0, no * sizeof (float));
      for (int b = 0; b < batch; b++)
        {
          float hv = h[(gsize) b * w + j];

          if (keep[b] && hv != 0.0f)
            axpy (row, dl + (gsize) b * no, hv, no);
        }
    }
  /* dh[b, j] = Σ_o dl[b, o]·w2[j, o], over the slice's units at once from w2 transposed */
  for (int j = 0; j < w; j++)
    for (int o = 0; o < no; o++)
      w2t[(gsize) o * w + j] = w2[(gsize) j * no + o];
  memset (db1, 0, w * sizeof (float));
  for (int b = 0; b < batch; b++)
    {
      float *restrict dhb = dh + (gsize) b * w;
      const float *hb = h + (gsize) b * w;

      memset (dhb, 0, w * sizeof (float));
      if (!keep[b])
        continue;
      for (int o = 0; o < no; o++)
        axpy (dhb, w2t + (gsize) o * w, dl[(gsize) b * no + o], w);
      for (int j = 0; j < w; j++)
        dhb[j] = hb[j] > 0.0f ? dhb[j] : 0.0f;
      for (int j = 0; j < w; j++)
        db1[j] += dhb[j];
    }
}

ALWAYS_INLINE void
rmsprop_body (const NnRmspropCoefs *c,
              NnKeras               form,
              float                *theta,
              float                *accum,
              const float          *grad,
              gsize                 rows,
              gsize                 stride,
              gsize                 cols)
{
  const float rho = c->rho, omr = c->one_minus_rho, lr = c->lr, eps = c->epsilon;

  for (gsize r = 0; r < rows; r++)
    {
      float *restrict th = theta + r * stride;
      float *restrict a = accum + r * stride;
      const float *restrict g = grad + r * stride;

      for (gsize i = 0; i < cols; i++)
        {
          float ai = rho * a[i] + omr * (g[i] * g[i]);

          a[i] = ai;
          if (form == NN_KERAS_3)
            th[i] -= lr * g[i] / sqrtf (ai + eps);
          else
            th[i] -= lr * g[i] / (sqrtf (ai) + eps);
        }
    }
}

/* The per-set wrappers: the lesson's widths (32 units on one thread, 16 on each of two;
 * 64 and 32 for twice the lesson's layer) and its 10 outputs become constants. */
#define NN_WIDTH_CASES(call_w, w)                                                           \
  switch (w)                                                                              \
    {                                                                                     \
    case 16: call_w (16); break;                                                          \
    case 32: call_w (32); break;                                                          \
    case 64: call_w (64); break;                                                          \
    default: call_w (w); break;                                                           \
    }

#define NN_DEFINE_KERNELS(sfx, isa_id, target)                                              \
  static target void                                                                      \
  layer1_forward_##sfx (const NnSparseBatch *xs, const float *w1, const float *b1, int w, \
                        float *h)                                                         \
  {                                                                                       \
    NN_WIDTH_CASES (L1F_CALL, w)                                                          \
  }                                                                                       \
  static target void                                                                      \
  layer1_forward_dense_##sfx (const float *x, int batch, int n_in, const float *w1,       \
                              const float *b1, int nh, float *h)                          \
  {                                                                                       \
    if (nh == 32)                                                                         \
      layer1_forward_dense_body (x, batch, n_in, w1, b1, 32, h);                          \
    else                                                                                  \
      layer1_forward_dense_body (x, batch, n_in, w1, b1, nh, h);                          \
  }                                                                                       \
  static target void                                                                      \
  layer1_backward_##sfx (const NnSparseBatch *xs, const float *dh, const guint8 *keep,    \
                         int w, float *dw1)                                               \
  {                                                                                       \
    NN_WIDTH_CASES (L1B_CALL, w)                                                          \
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
  layer2_backward_##sfx (const float *h, const float *dl, const guint8 *keep,             \
                         const float *w2, int batch, int no, int w, float *w2t,           \
                         float *dw2, float *db1, float *dh)                               \
  {                                                                                       \
    if (no == 10)                                                                         \
      NN_WIDTH_CASES (L2B_CALL, w)                                                        \
    else                                                                                  \
      layer2_backward_body (h, dl, keep, w2, batch, no, w, w2t, dw2, db1, dh);            \
  }                                                                                       \
  static target void                                                                      \
  rmsprop_##sfx (const NnRmspropCoefs *c, float *theta, float *accum, const float *grad,  \
                 gsize rows, gsize stride, gsize cols)                                    \
  {                                                                                       \
    if (c->form == NN_KERAS_3)                                                            \
      rmsprop_body (c, NN_KERAS_3, theta, accum, grad, rows, stride, cols);               \
    else                                                                                  \
      rmsprop_body (c, NN_KERAS_2, theta, accum, grad, rows, stride, cols);               \
  }                                                                                       \
  static const NnKernels kernels_##sfx = {                                                \
    isa_id, layer1_forward_##sfx, layer1_forward_dense_##sfx, layer1_backward_##sfx,      \
    layer2_forward_##sfx, layer2_backward_##sfx, rmsprop_##sfx,                           \
  };

#define L1F_CALL(W) layer1_forward_body (xs, w1, b1, W, h)
#define L1B_CALL(W) layer1_backward_body (xs, dh, keep, W, dw1)
#define L2B_CALL(W) layer2_backward_body (h, dl, keep, w2, batch, 10, W, w2t, dw2, db1, dh)

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

/* q = p_t / Σ_j p_j, the true class's probability as Keras's loss normalises it */
static float
true_class_q (const float *row,
              int          t,
              int          no)
{
  float sum = 0.0f;

  for (int j = 0; j < no; j++)
    sum += row[j];
  return row[t] / sum;
}

gboolean
nn_clip_gradient (const float  *p,
                  const guint8 *labels,
                  int           batch,
                  int           no,
                  float         inv_batch,
                  guint8       *keep,
                  float        *dlogits)
{
  gboolean finite = TRUE;

  for (int b = 0; b < batch; b++)
    {
      const float *row = p + (gsize) b * no;
      float *dl = dlogits + (gsize) b * no;
      float q = true_class_q (row, labels[b], no);

      /* TensorFlow's clip passes the gradient on [min, max], both ends included */
      keep[b] = q >= NN_CLIP_EPSILON && q <= 1.0f - NN_CLIP_EPSILON;
      finite = finite && !isnan (q);
      for (int j = 0; j < no; j++)
        dl[j] = keep[b] ? (row[j] - (j == labels[b] ? 1.0f : 0.0f)) * inv_batch : 0.0f;
    }
  return finite;
}

void
nn_bias2_gradient (const float *dlogits,
                   int          batch,
                   int          no,
                   float       *db2)
{
  memset (db2, 0, no * sizeof (float));
  for (int b = 0; b < batch; b++)
    for (int j = 0; j < no; j++)
      db2[j] += dlogits[(gsize) b * no + j];
}

double
nn_clipped_log_loss (const float *row,
                     int          t,
                     int          no)
{
  float q = true_class_q (row, t, no);

  return -nn_log (CLAMP (q, NN_CLIP_EPSILON, 1.0f - NN_CLIP_EPSILON));
}
