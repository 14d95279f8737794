/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn"

#include "config.h"

#include "nn.h"

#include <float.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "nn-gemm.h"
#include "nn-private.h"
#include "nn-rng.h"

gsize
nn_param_count (int n_in,
                int n_hidden,
                int n_out)
{
  return (gsize) n_in * n_hidden + n_hidden + (gsize) n_hidden * n_out + n_out;
}

static void
nn_net_set_views (NnNet *net)
{
  net->w1 = net->params;
  net->b1 = net->w1 + (gsize) net->n_in * net->n_hidden;
  net->w2 = net->b1 + net->n_hidden;
  net->b2 = net->w2 + (gsize) net->n_hidden * net->n_out;
}

NnNet *
nn_net_new (int n_in,
            int n_hidden,
            int n_out)
{
  NnNet *net;

  g_return_val_if_fail (n_in > 0 && n_hidden > 0 && n_out > 0, NULL);

  net = g_new0 (NnNet, 1);
  net->n_in = n_in;
  net->n_hidden = n_hidden;
  net->n_out = n_out;
  net->n_params = nn_param_count (n_in, n_hidden, n_out);
  net->params = g_new0 (float, net->n_params);
  nn_net_set_views (net);
  return net;
}

NnNet *
nn_net_dup (const NnNet *net)
{
  NnNet *copy = nn_net_new (net->n_in, net->n_hidden, net->n_out);

  nn_net_copy_params (copy, net);
  return copy;
}

void
nn_net_copy_params (NnNet       *dst,
                    const NnNet *src)
{
  g_return_if_fail (dst->n_params == src->n_params);

  memcpy (dst->params, src->params, src->n_params * sizeof (float));
}

void
nn_net_free (NnNet *net)
{
  if (net == NULL)
    return;
  g_free (net->params);
  g_free (net);
}

float
nn_glorot_limit (int fan_in,
                 int fan_out)
{
  return sqrtf (6.0f / (float) (fan_in + fan_out));
}

static void
fill_uniform (NnRng *rng,
              float *w,
              gsize  n,
              float  limit)
{
  for (gsize i = 0; i < n; i++)
    w[i] = (2.0f * nn_rng_uniform (rng) - 1.0f) * limit;
}

void
nn_net_init_glorot (NnNet   *net,
                    guint64  seed)
{
  NnRng rng;

  nn_rng_seed (&rng, seed, NN_RNG_STREAM_INIT);
  memset (net->params, 0, net->n_params * sizeof (float));
  fill_uniform (&rng, net->w1, (gsize) net->n_in * net->n_hidden,
                nn_glorot_limit (net->n_in, net->n_hidden));
  fill_uniform (&rng, net->w2, (gsize) net->n_hidden * net->n_out,
                nn_glorot_limit (net->n_hidden, net->n_out));
}

/* out (B, n) = bias broadcast over rows; the GEMM then accumulates into it with beta = 1. */
static void
broadcast_rows (float       *out,
                const float *bias,
                int          batch,
                int          n)
{
  for (int b = 0; b < batch; b++)
    memcpy (out + (gsize) b * n, bias, n * sizeof (float));
}

void
nn_softmax_rows (float *z,
                 int    batch,
                 int    n)
{
  for (int b = 0; b < batch; b++)
    {
      float *row = z + (gsize) b * n;
      float max = row[0];
      float sum = 0.0f;

      for (int j = 1; j < n; j++)
        max = MAX (max, row[j]);
      for (int j = 0; j < n; j++)
        {
          row[j] = expf (row[j] - max);
          sum += row[j];
        }
      for (int j = 0; j < n; j++)
        row[j] /= sum;
    }
}

void
nn_layer2_forward (const NnNet *net,
                   const float *h,
                   int          batch,
                   float       *p)
{
  broadcast_rows (p, net->b2, batch, net->n_out);
  nn_gemm (FALSE, FALSE, batch, net->n_out, net->n_hidden,
           1.0f, h, net->n_hidden, net->w2, net->n_out, 1.0f, p, net->n_out);
  nn_softmax_rows (p, batch, net->n_out);
}

void
nn_relu (float *h,
         gsize  n)
{
  for (gsize i = 0; i < n; i++)
    h[i] = h[i] > 0.0f ? h[i] : 0.0f;
}

void
nn_forward (const NnNet *net,
            const float *x,
            int          batch,
            float       *h,
            float       *p)
{
  broadcast_rows (h, net->b1, batch, net->n_hidden);
  nn_gemm (FALSE, FALSE, batch, net->n_hidden, net->n_in,
           1.0f, x, net->n_in, net->w1, net->n_hidden, 1.0f, h, net->n_hidden);
  nn_relu (h, (gsize) batch * net->n_hidden);
  nn_layer2_forward (net, h, batch, p);
}

int
nn_argmax (const float *v,
           int          n)
{
  int best = 0;

  for (int j = 1; j < n; j++)
    if (v[j] > v[best])
      best = j;
  return best;
}

double
nn_cross_entropy (const float  *p,
                  const guint8 *labels,
                  int           batch,
                  int           n_out,
                  int          *n_correct)
{
  double sum = 0.0;
  int correct = 0;

  for (int b = 0; b < batch; b++)
    {
      const float *row = p + (gsize) b * n_out;
      float pt = CLAMP (row[labels[b]], NN_CLIP_EPSILON, 1.0f - NN_CLIP_EPSILON);

      sum -= logf (pt);
      correct += nn_argmax (row, n_out) == labels[b];
    }
  if (n_correct != NULL)
    *n_correct = correct;
  return batch > 0 ? sum / batch : 0.0;
}

/* bias gradient: column sums of d (B, n) */
static void
column_sums (const float *d,
             int          batch,
             int          n,
             float       *out)
{
  memset (out, 0, n * sizeof (float));
  for (int b = 0; b < batch; b++)
    for (int j = 0; j < n; j++)
      out[j] += d[(gsize) b * n + j];
}

void
nn_layer2_backward (const NnNet  *net,
                    const float  *h,
                    const float  *p,
                    const guint8 *labels,
                    int           batch,
                    float         inv_batch,
                    NnNet        *grad,
                    float        *dlogits,
                    float        *dh)
{
  int nh = net->n_hidden;
  int no = net->n_out;

  /* softmax + cross-entropy, fused: dL/dz = (p − onehot) / B */
  for (int b = 0; b < batch; b++)
    for (int j = 0; j < no; j++)
      dlogits[b * no + j] = (p[b * no + j] - (j == labels[b] ? 1.0f : 0.0f)) * inv_batch;

  /* dW2 (nh, no) = hᵀ·dlogits;  db2 = Σ_b dlogits */
  nn_gemm (TRUE, FALSE, nh, no, batch, 1.0f, h, nh, dlogits, no, 0.0f, grad->w2, no);
  column_sums (dlogits, batch, no, grad->b2);

  /* dh (B, nh) = dlogits·W2ᵀ, through the ReLU (h > 0 ⇔ pre-activation > 0);  db1 = Σ_b dh */
  nn_gemm (FALSE, TRUE, batch, nh, no, 1.0f, dlogits, no, net->w2, no, 0.0f, dh, nh);
  for (gsize i = 0; i < (gsize) batch * nh; i++)
    dh[i] = h[i] > 0.0f ? dh[i] : 0.0f;
  column_sums (dh, batch, nh, grad->b1);
}

void
nn_backward (const NnNet  *net,
             const float  *x,
             const float  *h,
             const float  *p,
             const guint8 *labels,
             int           batch,
             NnNet        *grad,
             float        *dlogits,
             float        *dh)
{
  nn_layer2_backward (net, h, p, labels, batch, 1.0f / (float) batch, grad, dlogits, dh);
  /* dW1 (n_in, nh) = xᵀ·dh */
  nn_gemm (TRUE, FALSE, net->n_in, net->n_hidden, batch,
           1.0f, x, net->n_in, dh, net->n_hidden, 0.0f, grad->w1, net->n_hidden);
}

void
nn_rmsprop_init (NnRmsprop     *opt,
                 const NnHyper *hyper,
                 gsize          n)
{
  opt->hyper = *hyper;
  opt->iterations = 0;
  opt->n = n;
  opt->accum = g_new0 (float, n);
}

void
nn_rmsprop_clear (NnRmsprop *opt)
{
  g_clear_pointer (&opt->accum, g_free);
  opt->n = 0;
}

NN_CLONES void
nn_rmsprop_update_range (const NnRmsprop *opt,
                         float           *params,
                         const float     *grads,
                         gsize            from,
                         gsize            to)
{
  const float rho = opt->hyper.rho;
  const float one_minus_rho = 1.0f - rho;
  const float eps = opt->hyper.epsilon;
  float lr = opt->hyper.lr;
  float *restrict a = opt->accum;
  float *restrict theta = params;
  const float *restrict g = grads;

  if (opt->hyper.decay > 0.0f)
    lr = lr * (1.0f / (1.0f + opt->hyper.decay * (float) opt->iterations));

  for (gsize i = from; i < to; i++)
    {
      float ai = rho * a[i] + one_minus_rho * (g[i] * g[i]);

      a[i] = ai;
      theta[i] -= lr * g[i] / (sqrtf (ai) + eps);
    }
}

void
nn_rmsprop_step (NnRmsprop   *opt,
                 float       *params,
                 const float *grads)
{
  nn_rmsprop_update_range (opt, params, grads, 0, opt->n);
  opt->iterations++;
}

gboolean
nn_hyper_validate (const NnHyper *hyper,
                   GError       **error)
{
  if (!(hyper->lr > 0.0f && hyper->lr <= 10.0f))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Learning rate must be greater than 0 and at most 10 (got %g)"), hyper->lr);
      return FALSE;
    }
  if (!(hyper->rho >= 0.0f && hyper->rho < 1.0f))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Rho must be at least 0 and less than 1 (got %g)"), hyper->rho);
      return FALSE;
    }
  /* a subnormal ε reads as 0 while fit() flushes denormals (nn-fpu.h): the smallest
   * normal float is the least the engine represents */
  if (!(hyper->epsilon >= FLT_MIN && hyper->epsilon <= 1.0f))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Epsilon must be between %g and 1 (got %g)"), FLT_MIN, hyper->epsilon);
      return FALSE;
    }
  if (!(hyper->decay >= 0.0f && hyper->decay <= 1.0f))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Decay must be between 0 and 1 (got %g)"), hyper->decay);
      return FALSE;
    }
  return TRUE;
}
