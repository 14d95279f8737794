/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keras exactly: the clipped loss's gradient, both RMSprop forms by hand, exp and log
 * against libm, and the kernels of every instruction set against each other.
 * (test-nn.c checks the gradients against finite differences.) */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn.h"
#include "nn-kernels.h"
#include "nn-lanes.h"
#include "nn-math.h"
#include "nn-rng.h"
#include "nn-sparse.h"

#define N_IN     50
#define N_HIDDEN 20      /* a group of 16 units and 4 done one by one */
#define N_OUT    10
#define BATCH    8

typedef struct
{
  NnNet  *net;
  guint8  images[BATCH * N_IN];
  guint8  labels[BATCH];
} Batch;

/* A network whose class 7 is 40 logits down, and a batch whose sample `clipped` alone has
 * the label 7: its probability (~1e-17) lies far below the clip's 1e-7. */
static void
batch_init (Batch *b,
            int    clipped)
{
  NnRng rng;

  nn_rng_seed (&rng, 21, 3);
  b->net = nn_net_new (N_IN, N_HIDDEN, N_OUT);
  nn_net_init_glorot (b->net, 21);
  for (int j = 0; j < N_HIDDEN; j++)
    b->net->b1[j] = 0.05f;
  b->net->b2[7] = -40.0f;
  for (int i = 0; i < BATCH * N_IN; i++)
    b->images[i] = nn_rng_bounded (&rng, 4) == 0 ? (guint8) nn_rng_bounded (&rng, 256) : 0;
  for (int i = 0; i < BATCH; i++)
    b->labels[i] = i == clipped ? 7 : (guint8) nn_rng_bounded (&rng, 7);
}

/* The gradient of the samples `indices` with the mean's factor inv_batch. */
static NnNet *
gradient_of (Batch         *b,
             const guint32 *indices,
             int            count,
             float          inv_batch)
{
  NnNet *grad = nn_net_new (N_IN, N_HIDDEN, N_OUT);
  float h[BATCH * N_HIDDEN], p[BATCH * N_OUT], dl[BATCH * N_OUT], dh[BATCH * N_HIDDEN];
  guint8 labels[BATCH];
  NnSparseBatch xs;

  for (int i = 0; i < count; i++)
    labels[i] = b->labels[indices[i]];
  nn_sparse_batch_init (&xs, BATCH, N_IN);
  nn_sparse_batch_gather (&xs, b->images, indices, count);
  nn_forward_sparse (b->net, &xs, h, p);
  nn_backward_sparse_part (b->net, &xs, h, p, labels, inv_batch, grad, dl, dh);
  nn_sparse_batch_clear (&xs);
  return grad;
}

/* A sample clipped at the bottom contributes nothing: the batch's gradient is, bit for
 * bit, what the other samples give with the same 1/B, and (B − 1)/B times their own mean. */
static void
test_clipped_sample_removed (void)
{
  const guint32 all[BATCH] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  const guint32 rest[BATCH - 1] = { 0, 1, 2, 4, 5, 6, 7 };
  Batch b;
  NnNet *with, *without, *own_mean;
  double max_abs = 0.0;

  batch_init (&b, 3);
  with = gradient_of (&b, all, BATCH, 1.0f / BATCH);
  without = gradient_of (&b, rest, BATCH - 1, 1.0f / BATCH);
  own_mean = gradient_of (&b, rest, BATCH - 1, 1.0f / (BATCH - 1));
  for (gsize i = 0; i < with->n_params; i++)
    {
      g_assert_cmpfloat (with->params[i], ==, without->params[i]);
      g_assert_cmpfloat_with_epsilon (with->params[i],
                                      own_mean->params[i] * (BATCH - 1) / (double) BATCH,
                                      1e-7 + 1e-6 * fabsf (with->params[i]));
      max_abs = MAX (max_abs, fabsf (with->params[i]));
    }
  /* guard: the gradient is not zero, and the clipped sample alone gives none */
  g_assert_cmpfloat (max_abs, >, 1e-2);
  nn_net_free (own_mean);
  own_mean = gradient_of (&b, all + 3, 1, 1.0f / BATCH);
  for (gsize i = 0; i < own_mean->n_params; i++)
    g_assert_cmpfloat (own_mean->params[i], ==, 0.0f);
  nn_net_free (with);
  nn_net_free (without);
  nn_net_free (own_mean);
  nn_net_free (b.net);
}

/* One step of each form from zero state, with lr 0.001 and ρ 0.9, worked out by hand. */
static void
test_rmsprop_first_steps (void)
{
  struct
  {
    NnKeras form;
    float   epsilon;
    float   accum;     /* (1 − ρ)·g² for g = 1: 1 − 0.9f in float (Keras 2), 0.1f (Keras 3) */
    double  theta;     /* 1 − step */
  } cases[] = {
    /* Keras 2: lr/(√0.10000002 + 1e-8) = 0.0031622739 */
    { NN_KERAS_2, 1e-8f, 1.0f - 0.9f, 1.0 - 0.001 / (sqrt (0.10000002384185791) + 1e-8) },
    /* Keras 3: lr/√(0.1 + 1e-7) = 0.0031622761 */
    { NN_KERAS_3, 1e-7f, 0.1f, 1.0 - 0.001 / sqrt (0.10000000149011612 + 1e-7) },
    /* ε = 1: Keras 2 divides by √0.1 + 1 = 1.3162, Keras 3 by √1.1 = 1.0488 */
    { NN_KERAS_2, 1.0f, 1.0f - 0.9f, 1.0 - 0.00075974693 },
    { NN_KERAS_3, 1.0f, 0.1f, 1.0 - 0.00095346259 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NnHyper hyper = nn_hyper_defaults (cases[i].form);
      NnRmsprop opt;
      float theta[2] = { 1.0f, 1.0f };
      const float g[2] = { 1.0f, 0.0f };

      hyper.epsilon = cases[i].epsilon;
      nn_rmsprop_init (&opt, &hyper, 2);
      nn_rmsprop_step (&opt, theta, g);
      g_assert_cmpfloat (opt.accum[0], ==, cases[i].accum);
      g_assert_cmpfloat_with_epsilon (theta[0], cases[i].theta, 1.2e-7);
      g_assert_cmpfloat (theta[1], ==, 1.0f);
      g_assert_cmpfloat (opt.accum[1], ==, 0.0f);
      nn_rmsprop_clear (&opt);
    }
  g_assert_cmpfloat (1.0f - 0.9f, !=, 0.1f);
}

static void
test_keras_defaults (void)
{
  NnHyper k2 = nn_hyper_defaults (NN_KERAS_2), k3 = nn_hyper_defaults (NN_KERAS_3);
  g_autoptr(GError) error = NULL;
  NnKeras form;

  g_assert_cmpfloat (k2.epsilon, ==, 1e-8f);
  g_assert_cmpfloat (k3.epsilon, ==, 1e-7f);
  g_assert_cmpint (nn_keras_number (k3.form), ==, 3);
  g_assert_true (nn_keras_from_number (2, &form) && form == NN_KERAS_2);
  g_assert_false (nn_keras_from_number (4, &form));
  /* Keras 3 has no decay: refused with a message; Keras 2 takes it */
  k3.decay = 0.01f;
  g_assert_false (nn_hyper_validate (&k3, &error));
  g_assert_nonnull (strstr (error->message, "Keras 3"));
  k2.decay = 0.01f;
  g_assert_true (nn_hyper_validate (&k2, NULL));
}

/* nn_expf is exp rounded to float, bar rare ties; nn_log is log to 1e-13. */
static void
test_exp_log (void)
{
  int off_by_one = 0, n = 0;

  for (double x = -103.0; x < 88.0; x += 0.00123)
    {
      float got = nn_expf ((float) x), want = (float) exp ((float) x);

      n++;
      if (got != want)
        {
          off_by_one++;
          g_assert_cmpfloat (fabsf (got - want), <=, nextafterf (want, INFINITY) - want);
        }
    }
  g_test_message ("nn_expf: %d of %d differ from exp by one ulp", off_by_one, n);
  g_assert_cmpint (off_by_one, <, n / 100000 + 1);
  g_assert_cmpfloat (nn_expf (-200.0f), ==, 0.0f);
  g_assert_cmpfloat (nn_expf (0.0f), ==, 1.0f);
  g_assert_true (isnan (nn_expf (NAN)));
  for (double x = 1e-7; x <= 1.0; x *= 1.0137)
    g_assert_cmpfloat_with_epsilon (nn_log (x), log (x), 1e-13 * fabs (log (x)) + 1e-15);
  g_assert_cmpfloat (nn_log (1.0), ==, 0.0);
}

/* Every instruction set this CPU runs gives the same bits, kernel by kernel. */
static void
test_isa_agree (void)
{
  Batch b;
  const NnKernels *base = nn_kernels_for (NN_ISA_BASELINE);
  const guint32 all[BATCH] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  NnSparseBatch xs;
  NnRmspropCoefs c = { NN_KERAS_2, 0.9f, 1.0f - 0.9f, 0.001f, 1e-8f };
  float h0[BATCH * N_HIDDEN], p0[BATCH * N_OUT], dl[BATCH * N_OUT], dh0[BATCH * N_HIDDEN];
  float w2t[N_OUT * N_HIDDEN];
  guint8 keep[BATCH];
  NnNet *g0 = nn_net_new (N_IN, N_HIDDEN, N_OUT), *t0;
  int tested = 0;

  batch_init (&b, 2);
  nn_sparse_batch_init (&xs, BATCH, N_IN);
  nn_sparse_batch_gather (&xs, b.images, all, BATCH);
  base->layer1_forward (&xs, b.net->w1, b.net->b1, N_HIDDEN, h0);
  base->layer2_forward (h0, b.net->w2, b.net->b2, BATCH, N_HIDDEN, N_OUT, p0);
  nn_clip_gradient (p0, b.labels, BATCH, N_OUT, 1.0f / BATCH, keep, dl);
  base->hidden_gradient (h0, dl, keep, b.net->w2, BATCH, N_OUT, N_HIDDEN, w2t, dh0);
  base->layer2_gradient (h0, dl, keep, dh0, BATCH, N_HIDDEN, N_OUT, 0, N_HIDDEN, g0->w2, g0->b1);
  base->layer1_backward (&xs, dh0, keep, N_HIDDEN, 0, N_IN, g0->w1);
  t0 = nn_net_dup (b.net);
  for (int isa = NN_ISA_AVX2; isa < NN_N_ISA; isa++)
    {
      const NnKernels *k = nn_kernels_for (isa);
      float h[BATCH * N_HIDDEN], p[BATCH * N_OUT], dh[BATCH * N_HIDDEN];
      g_autofree float *accum0 = g_new0 (float, t0->n_params);
      g_autofree float *accum = g_new0 (float, t0->n_params);
      NnNet *g = nn_net_new (N_IN, N_HIDDEN, N_OUT), *t = nn_net_dup (b.net);

      if (k == NULL)
        {
          g_test_message ("%s: not on this CPU", nn_isa_name (isa));
          nn_net_free (g);
          nn_net_free (t);
          continue;
        }
      tested++;
      k->layer1_forward (&xs, b.net->w1, b.net->b1, N_HIDDEN, h);
      k->layer2_forward (h, b.net->w2, b.net->b2, BATCH, N_HIDDEN, N_OUT, p);
      k->hidden_gradient (h, dl, keep, b.net->w2, BATCH, N_OUT, N_HIDDEN, w2t, dh);
      k->layer2_gradient (h, dl, keep, dh, BATCH, N_HIDDEN, N_OUT, 0, N_HIDDEN, g->w2, g->b1);
      k->layer1_backward (&xs, dh, keep, N_HIDDEN, 0, N_IN, g->w1);
      g_assert_cmpmem (h, sizeof h, h0, sizeof h0);
      g_assert_cmpmem (p, sizeof p, p0, sizeof p0);
      g_assert_cmpmem (dh, sizeof dh, dh0, sizeof dh0);
      g_assert_cmpmem (g->params, g->n_params * 4, g0->params, g0->n_params * 4);
      memcpy (t0->params, b.net->params, t0->n_params * sizeof (float));
      base->rmsprop (&c, t0->params, accum0, g0->params, t0->n_params);
      k->rmsprop (&c, t->params, accum, g0->params, t->n_params);
      g_assert_cmpmem (t->params, t->n_params * 4, t0->params, t0->n_params * 4);
      g_assert_cmpmem (accum, t->n_params * 4, accum0, t0->n_params * 4);
      nn_net_free (g);
      nn_net_free (t);
    }
  g_test_message ("%d instruction sets besides the baseline compared", tested);
  nn_sparse_batch_clear (&xs);
  nn_net_free (g0);
  nn_net_free (t0);
  nn_net_free (b.net);
}

/* A batch given in two runs of samples, and w1's rows in two runs of pixels, accumulates
 * to the same bits as in one go: what lets threads share a batch (nn-pool.c). */
static void
test_runs_accumulate (void)
{
  Batch b;
  const NnKernels *k = nn_kernels ();
  const guint32 all[BATCH] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  NnSparseBatch xs, second;
  float h[BATCH * N_HIDDEN], p[BATCH * N_OUT], dl[BATCH * N_OUT], dh[BATCH * N_HIDDEN];
  float w2t[N_OUT * N_HIDDEN];
  guint8 keep[BATCH];
  NnNet *whole = nn_net_new (N_IN, N_HIDDEN, N_OUT), *halves = nn_net_new (N_IN, N_HIDDEN, N_OUT);
  double max_abs = 0.0;

  batch_init (&b, 2);
  nn_sparse_batch_init (&xs, BATCH, N_IN);
  nn_sparse_batch_gather (&xs, b.images, all, BATCH);
  k->layer1_forward (&xs, b.net->w1, b.net->b1, N_HIDDEN, h);
  k->layer2_forward (h, b.net->w2, b.net->b2, BATCH, N_HIDDEN, N_OUT, p);
  nn_clip_gradient (p, b.labels, BATCH, N_OUT, 1.0f / BATCH, keep, dl);
  k->hidden_gradient (h, dl, keep, b.net->w2, BATCH, N_OUT, N_HIDDEN, w2t, dh);
  k->layer2_gradient (h, dl, keep, dh, BATCH, N_HIDDEN, N_OUT, 0, N_HIDDEN, whole->w2, whole->b1);
  k->layer1_backward (&xs, dh, keep, N_HIDDEN, 0, N_IN, whole->w1);

  second = xs;
  xs.batch = 3;
  second.index += 3;
  second.value += 3;
  second.count += 3;
  second.split += 3;
  second.batch = BATCH - 3;
  /* the second run of samples in two runs of units */
  k->layer2_gradient (h, dl, keep, dh, 3, N_HIDDEN, N_OUT, 0, N_HIDDEN, halves->w2, halves->b1);
  for (int j0 = 0; j0 < N_HIDDEN; j0 += 7)
    k->layer2_gradient (h + 3 * N_HIDDEN, dl + 3 * N_OUT, keep + 3, dh + 3 * N_HIDDEN,
                        BATCH - 3, N_HIDDEN, N_OUT, j0, MIN (j0 + 7, N_HIDDEN), halves->w2,
                        halves->b1);
  for (int k0 = 0; k0 < N_IN; k0 += 20)
    {
      k->layer1_backward (&xs, dh, keep, N_HIDDEN, k0, MIN (k0 + 20, N_IN), halves->w1);
      k->layer1_backward (&second, dh + 3 * N_HIDDEN, keep + 3, N_HIDDEN, k0,
                          MIN (k0 + 20, N_IN), halves->w1);
    }
  /* b2's gradient is not the kernels' */
  g_assert_cmpmem (halves->params, (halves->n_params - N_OUT) * 4, whole->params,
                   (whole->n_params - N_OUT) * 4);
  for (gsize i = 0; i < whole->n_params; i++)
    max_abs = MAX (max_abs, fabsf (whole->params[i]));
  g_assert_cmpfloat (max_abs, >, 1e-3);
  xs.batch = BATCH;
  nn_sparse_batch_clear (&xs);
  nn_net_free (whole);
  nn_net_free (halves);
  nn_net_free (b.net);
}

/* The first layer's two blocks of pixels, summed apart for runs of samples and joined as
 * relu((S₀ + S₁) + b1), give layer1_forward's bits, for every instruction set and for the widths
 * that take different paths (16 and 32 units in registers, 20: a group and a tail; 80:
 * groups of four and one); the dense kernel gives them too. */
static void
test_blocks_join (void)
{
  const int widths[] = { 16, 20, 32, 80 };
  const guint32 all[BATCH] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  Batch b;
  NnSparseBatch xs;
  float x[BATCH * N_IN];

  batch_init (&b, -1);
  nn_sparse_batch_init (&xs, BATCH, N_IN);
  nn_sparse_batch_gather (&xs, b.images, all, BATCH);
  /* the test batch has inputs on both sides of the split */
  g_assert_cmpint (xs.k_split, ==, N_IN / 2);
  for (int i = 0; i < BATCH; i++)
    g_assert_true (xs.split[i] > 0 && xs.split[i] < xs.count[i]);
  for (int i = 0; i < BATCH * N_IN; i++)
    x[i] = nn_byte_scale ()[b.images[i]];
  for (NnIsa isa = 0; isa < NN_N_ISA; isa++)
    {
      const NnKernels *k = nn_kernels_for (isa);

      if (k == NULL)
        continue;
      for (gsize w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          int nh = widths[w];
          NnNet *net = nn_net_new (N_IN, nh, N_OUT);
          g_autofree float *h = g_new (float, BATCH * nh);
          g_autofree float *dense = g_new (float, BATCH * nh);
          g_autofree float *joined = g_new (float, BATCH * nh);
          g_autofree float *s0 = g_new (float, BATCH * nh);
          g_autofree float *s1 = g_new (float, BATCH * nh);
          int positive = 0;

          nn_net_init_glorot (net, 5 + nh);
          for (int j = 0; j < nh; j++)
            net->b1[j] = 0.01f * (j % 3);
          k->layer1_forward (&xs, net->w1, net->b1, nh, h);
          k->layer1_forward_dense (x, BATCH, N_IN, net->w1, net->b1, nh, dense);
          /* block 0 in one run, block 1 in three runs of samples (one of one sample) */
          k->layer1_partial (&xs, net->w1, nh, 0, 0, BATCH, s0);
          k->layer1_partial (&xs, net->w1, nh, 1, 0, 3, s1);
          k->layer1_partial (&xs, net->w1, nh, 1, 3, 4, s1);
          k->layer1_partial (&xs, net->w1, nh, 1, 4, BATCH, s1);
          for (int i = 0; i < BATCH * nh; i++)
            {
              float v = (s0[i] + s1[i]) + net->b1[i % nh];

              joined[i] = v > 0.0f ? v : 0.0f;
              positive += joined[i] > 0.0f;
            }
          g_test_message ("%s, %d units: %d of %d positive", nn_isa_name (isa), nh, positive,
                          BATCH * nh);
          g_assert_cmpint (positive, >, 0);
          g_assert_cmpint (positive, <, BATCH * nh);
          g_assert_cmpmem (joined, BATCH * nh * sizeof (float), h, BATCH * nh * sizeof (float));
          g_assert_cmpmem (dense, BATCH * nh * sizeof (float), h, BATCH * nh * sizeof (float));
          nn_net_free (net);
        }
    }
  nn_sparse_batch_clear (&xs);
  nn_net_free (b.net);
}

/* The kernels' exponentials, eight lanes at a time, give nn_expf's bits for every input:
 * the clamps' edges, infinities, NaN, signed zeros, subnormals and a spread of values. */
static void
test_exp_lanes (void)
{
  const float edges[] = { -INFINITY, INFINITY, NAN, -NAN, 0.0f, -0.0f, 1e-45f, -1e-45f, 1e-38f,
                          -150.0f, -150.00002f, -149.99998f, -103.9f, -87.3f, 88.72f, 89.0f,
                          89.00001f, 88.99999f, 1e30f, -1e30f, 0.5f, -0.5f, 1.0f, -1.0f };
  NnRng rng;
  int n = 0;

  nn_rng_seed (&rng, 3, 0);
  for (int round = 0; round < 20000; round++)
    {
      float in[DLANES], lanes[DLANES];

      for (int j = 0; j < DLANES; j++)
        in[j] = round < 3 ? edges[(round * DLANES + j) % G_N_ELEMENTS (edges)]
                          : (nn_rng_uniform (&rng) - 0.75f) * (round % 2 ? 240.0f : 20.0f);
      memcpy (lanes, in, sizeof lanes);
      expf_lanes (lanes);
      for (int j = 0; j < DLANES; j++, n++)
        {
          float want = nn_expf (in[j]);

          g_assert_cmpmem (&lanes[j], sizeof (float), &want, sizeof want);
        }
    }
  g_assert_cmpint (n, ==, 20000 * DLANES);
}

/* RMSprop skips the square roots of a run of 16 gradients that are all +0 and only decays
 * their accumulators: it must give the bits of the full update, which a call on one
 * parameter at a time computes (a run shorter than 16 takes the full path), for θ = −0,
 * θ = NaN, huge accumulators, runs of −0 (not skipped: θ − (−0) turns −0 into +0) and runs
 * with one gradient set, in both forms, consumed or not, on every instruction set. */
static void
test_rmsprop_zero_runs (void)
{
  enum { N = 16 * 6 + 5 };
  const NnRmspropCoefs forms[] = {
    { NN_KERAS_2, 0.9f, 1.0f - 0.9f, 0.001f, 1e-8f },
    { NN_KERAS_3, 0.9f, 0.1f, 0.25f, 1e-7f },
    { NN_KERAS_2, 0.0f, 1.0f, 10.0f, 1.0f },
  };
  float theta0[N], accum0[N], grad0[N];
  NnRng rng;
  int skipped = 0;

  nn_rng_seed (&rng, 7, 0);
  for (int i = 0; i < N; i++)
    {
      theta0[i] = nn_rng_uniform (&rng) - 0.5f;
      accum0[i] = i % 7 == 0 ? 0.0f : nn_rng_uniform (&rng) * (i % 5 == 0 ? 1e30f : 1.0f);
      grad0[i] = 0.0f;
    }
  theta0[3] = -0.0f;
  theta0[5] = NAN;
  theta0[40] = -0.0f;                 /* in the run of −0 gradients */
  for (int i = 32; i < 48; i++)
    grad0[i] = -0.0f;
  grad0[50] = 1e-3f;                  /* one gradient in a run */
  for (int i = 80; i < N; i++)
    grad0[i] = nn_rng_uniform (&rng) - 0.5f;
  for (int isa = 0; isa < NN_N_ISA; isa++)
    for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
      for (int consume = 0; consume < 2; consume++)
        {
          const NnKernels *k = nn_kernels_for (isa);
          float theta[N], accum[N], grad[N], theta1[N], accum1[N], grad1[N];

          if (k == NULL)
            continue;
          memcpy (theta, theta0, sizeof theta);
          memcpy (accum, accum0, sizeof accum);
          memcpy (grad, grad0, sizeof grad);
          memcpy (theta1, theta0, sizeof theta);
          memcpy (accum1, accum0, sizeof accum);
          memcpy (grad1, grad0, sizeof grad);
          if (consume)
            k->rmsprop_consume (&forms[f], theta, accum, grad, N);
          else
            k->rmsprop (&forms[f], theta, accum, grad, N);
          for (int i = 0; i < N; i++)
            if (consume)
              k->rmsprop_consume (&forms[f], theta1 + i, accum1 + i, grad1 + i, 1);
            else
              k->rmsprop (&forms[f], theta1 + i, accum1 + i, grad1 + i, 1);
          g_assert_cmpmem (theta, sizeof theta, theta1, sizeof theta1);
          g_assert_cmpmem (accum, sizeof accum, accum1, sizeof accum1);
          g_assert_cmpmem (grad, sizeof grad, grad1, sizeof grad1);
          g_assert_true (signbit (theta[40]) == 0 && signbit (theta[3]) != 0);
          g_assert_true (isnan (theta[5]));
          g_assert_cmpfloat (accum[1], <, accum0[1]);
          skipped++;
        }
  g_assert_cmpint (skipped, >=, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/keras/clipped-sample-removed", test_clipped_sample_removed);
  g_test_add_func ("/nn/keras/rmsprop-first-steps", test_rmsprop_first_steps);
  g_test_add_func ("/nn/keras/defaults", test_keras_defaults);
  g_test_add_func ("/nn/math/exp-log", test_exp_log);
  g_test_add_func ("/nn/math/exp-lanes", test_exp_lanes);
  g_test_add_func ("/nn/kernels/isa-agree", test_isa_agree);
  g_test_add_func ("/nn/kernels/runs-accumulate", test_runs_accumulate);
  g_test_add_func ("/nn/kernels/blocks-join", test_blocks_join);
  g_test_add_func ("/nn/kernels/rmsprop-zero-runs", test_rmsprop_zero_runs);
  return g_test_run ();
}
