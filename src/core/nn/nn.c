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
#include "nn-kernels.h"
#include "nn-math.h"
#include "nn-private.h"
#include "nn-rng.h"

/* Parameter blocks start on a pair of cache lines (x86 fetches lines in pairs), so that
 * threads updating neighbouring runs of w1's rows (nn-pool.c) share no line where the
 * runs meet when a row fills whole lines, as the lesson's 32 units do. */
#define BLOCK_ALIGN 128

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
  net->params = g_aligned_alloc0 (net->n_params, sizeof (float), BLOCK_ALIGN);
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
  g_aligned_free (net->params);
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

void
nn_softmax_rows (float *z,
                 int    batch,
                 int    n)
{
  nn_softmax_block (z, batch, n);
}

void
nn_layer2_forward (const NnNet *net,
                   const float *h,
                   int          batch,
                   float       *p)
{
  nn_kernels ()->layer2_forward (h, net->w2, net->b2, batch, net->n_hidden, net->n_out, p);
}

void
nn_forward (const NnNet *net,
            const float *x,
            int          batch,
            float       *h,
            float       *p)
{
  nn_kernels ()->layer1_forward_dense (x, batch, net->n_in, net->w1, net->b1, net->n_hidden, h);
  nn_layer2_forward (net, h, batch, p);
}

void
nn_forward_gemm (const NnNet *net,
                 const float *x,
                 int          batch,
                 float       *h,
                 float       *p)
{
  int nh = net->n_hidden;

  for (int b = 0; b < batch; b++)
    memcpy (h + (gsize) b * nh, net->b1, nh * sizeof (float));
  nn_gemm (FALSE, FALSE, batch, nh, net->n_in, 1.0f, x, net->n_in, net->w1, nh, 1.0f, h, nh);
  for (gsize i = 0; i < (gsize) batch * nh; i++)
    h[i] = h[i] > 0.0f ? h[i] : 0.0f;
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

      sum += nn_clipped_log_loss (row, labels[b], n_out);
      correct += nn_argmax (row, n_out) == labels[b];
    }
  if (n_correct != NULL)
    *n_correct = correct;
  return batch > 0 ? sum / batch : 0.0;
}

gboolean
nn_layer2_backward (const NnNet  *net,
                    const float  *h,
                    const float  *p,
                    const guint8 *labels,
                    int           batch,
                    float         inv_batch,
                    NnNet        *grad,
                    float        *dlogits,
                    float        *dh,
                    guint8       *keep)
{
  int nh = net->n_hidden;
  int no = net->n_out;
  g_autofree float *w2t = g_new (float, (gsize) nh * no);
  const NnKernels *k = nn_kernels ();
  gboolean finite = nn_clip_gradient (p, labels, batch, no, inv_batch, keep, dlogits);

  /* b1, w2 and b2 follow each other in the block */
  memset (grad->b1, 0, (nh + (gsize) nh * no + no) * sizeof (float));
  nn_bias2_gradient (dlogits, batch, no, grad->b2);
  k->hidden_gradient (h, dlogits, keep, net->w2, batch, no, nh, w2t, dh);
  k->layer2_gradient (h, dlogits, keep, dh, batch, nh, no, 0, nh, grad->w2, grad->b1);
  return finite;
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
  g_autofree guint8 *keep = g_new (guint8, batch);

  nn_layer2_backward (net, h, p, labels, batch, 1.0f / (float) batch, grad, dlogits, dh, keep);
  /* dW1 (n_in, nh) = xᵀ·dh; a clipped sample's dh row is zero */
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
  opt->accum = g_aligned_alloc0 (MAX (n, 1), sizeof (float), BLOCK_ALIGN);
}

void
nn_rmsprop_clear (NnRmsprop *opt)
{
  g_clear_pointer (&opt->accum, g_aligned_free);
  opt->n = 0;
}

const char *
nn_typed_decimal_text (float  v,
                       char  *buf,
                       gsize  size)
{
  char format[8];

  for (int digits = 1; digits <= 9; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, (int) size, format, v);
      if ((float) g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

/* The double nearest the shortest decimal that reads back as v: the number a person typed
 * (0.9 for 0.9f), which is what Keras 3 computes 1 − ρ from. */
static double
typed_decimal (float v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (nn_typed_decimal_text (v, buf, sizeof buf), NULL);
}

/* Keras 3's 1 − ρ, remembered per thread: formatting a number every step would cost more
 * than the step's update. */
static float
keras3_one_minus_rho (float rho)
{
  static _Thread_local float last_rho = -1.0f;
  static _Thread_local float last_value;

  if (rho != last_rho)
    {
      last_value = (float) (1.0 - typed_decimal (rho));
      last_rho = rho;
    }
  return last_value;
}

void
nn_rmsprop_coefs (const NnRmsprop *opt,
                  NnRmspropCoefs  *c)
{
  const NnHyper *hp = &opt->hyper;

  c->form = hp->form;
  c->rho = hp->rho;
  c->epsilon = hp->epsilon;
  c->lr = hp->lr;
  if (hp->form == NN_KERAS_3)
    c->one_minus_rho = keras3_one_minus_rho (hp->rho);
  else
    {
      c->one_minus_rho = 1.0f - hp->rho;
      if (hp->decay > 0.0f)
        c->lr = hp->lr * (1.0f / (1.0f + hp->decay * (float) opt->iterations));
    }
}

void
nn_rmsprop_step (NnRmsprop   *opt,
                 float       *params,
                 const float *grads)
{
  NnRmspropCoefs c;

  nn_rmsprop_coefs (opt, &c);
  nn_kernels ()->rmsprop (&c, params, opt->accum, grads, opt->n);
  opt->iterations++;
}

int
nn_keras_number (NnKeras form)
{
  return form == NN_KERAS_3 ? 3 : 2;
}

gboolean
nn_keras_from_number (int      number,
                      NnKeras *form)
{
  if (number != 2 && number != 3)
    return FALSE;
  *form = number == 3 ? NN_KERAS_3 : NN_KERAS_2;
  return TRUE;
}

NnHyper
nn_hyper_defaults (NnKeras form)
{
  return form == NN_KERAS_3 ? NN_HYPER_KERAS3_DEFAULTS : NN_HYPER_KERAS_DEFAULTS;
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
  /* Keras 3's optimizers refuse decay too: a learning-rate schedule replaced it */
  if (hyper->form == NN_KERAS_3 && hyper->decay != 0.0f)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Keras 3’s RMSprop has no decay: set decay to 0 or use Keras 2 (got %g)"),
                   hyper->decay);
      return FALSE;
    }
  if (hyper->form != NN_KERAS_2 && hyper->form != NN_KERAS_3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The RMSprop form must be Keras 2 or Keras 3 (got %d)"), (int) hyper->form);
      return FALSE;
    }
  return TRUE;
}
