/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The network's maths: gradients against finite differences, the sparse kernels, RMSprop by
 * hand, glorot_uniform, softmax, the clipped loss, BLAS against the naive GEMM, PCG32.
 * (test-nn-fit.c trains.) */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn.h"
#include "nn-dataset.h"
#include "nn-gemm.h"
#include "nn-rng.h"
#include "nn-sparse.h"

/* A small network with inputs that are partly zero, like MNIST's. */
typedef struct
{
  NnNet  *net;
  int     batch;
  float  *x;        /* (batch, n_in) */
  guint8 *images;   /* the same inputs as bytes: x = images / 255 */
  guint8  labels[8];
} Fixture;

static void
fixture_init (Fixture *f,
              int      n_in,
              int      n_hidden,
              int      n_out,
              int      batch,
              guint64  seed)
{
  NnRng rng;

  nn_rng_seed (&rng, seed, 99);
  f->net = nn_net_new (n_in, n_hidden, n_out);
  nn_net_init_glorot (f->net, seed);
  /* non-zero biases, so their gradients are exercised too */
  for (int j = 0; j < n_hidden; j++)
    f->net->b1[j] = 0.1f * (nn_rng_uniform (&rng) - 0.3f);
  for (int j = 0; j < n_out; j++)
    f->net->b2[j] = 0.1f * (nn_rng_uniform (&rng) - 0.5f);
  f->batch = batch;
  f->x = g_new (float, (gsize) batch * n_in);
  f->images = g_new (guint8, (gsize) batch * n_in);
  for (int i = 0; i < batch * n_in; i++)
    {
      f->images[i] = nn_rng_bounded (&rng, 3) == 0 ? 0 : (guint8) nn_rng_bounded (&rng, 256);
      f->x[i] = (float) f->images[i] / 255.0f;
    }
  for (int b = 0; b < batch; b++)
    f->labels[b] = (guint8) nn_rng_bounded (&rng, n_out);
}

static void
fixture_clear (Fixture *f)
{
  nn_net_free (f->net);
  g_free (f->x);
  g_free (f->images);
}

static double
batch_loss (Fixture *f)
{
  g_autofree float *h = g_new (float, (gsize) f->batch * f->net->n_hidden);
  g_autofree float *p = g_new (float, (gsize) f->batch * f->net->n_out);

  nn_forward (f->net, f->x, f->batch, h, p);
  return nn_cross_entropy (p, f->labels, f->batch, f->net->n_out, NULL);
}

static NnNet *
analytic_gradient (Fixture  *f,
                   gboolean  sparse)
{
  NnNet *net = f->net;
  NnNet *grad = nn_net_new (net->n_in, net->n_hidden, net->n_out);
  g_autofree float *h = g_new (float, (gsize) f->batch * net->n_hidden);
  g_autofree float *p = g_new (float, (gsize) f->batch * net->n_out);
  g_autofree float *dl = g_new (float, (gsize) f->batch * net->n_out);
  g_autofree float *dh = g_new (float, (gsize) f->batch * net->n_hidden);

  if (sparse)
    {
      NnSparseBatch xs;
      g_autofree guint32 *idx = g_new (guint32, f->batch);

      for (int b = 0; b < f->batch; b++)
        idx[b] = (guint32) b;
      nn_sparse_batch_init (&xs, f->batch, net->n_in);
      nn_sparse_batch_gather (&xs, f->images, idx, f->batch);
      nn_forward_sparse (net, &xs, h, p);
      nn_backward_sparse (net, &xs, h, p, f->labels, grad, dl, dh);
      nn_sparse_batch_clear (&xs);
    }
  else
    {
      nn_forward (net, f->x, f->batch, h, p);
      nn_backward (net, f->x, h, p, f->labels, f->batch, grad, dl, dh);
    }
  return grad;
}

/* Makes sample 0 confidently wrong: its class 3 gets a logit 40 below the others, so its
 * probability (~4e-18) is clipped; no other sample has that label. */
static void
fixture_clip_first (Fixture *f)
{
  f->net->b2[3] = -40.0f;
  f->labels[0] = 3;
  for (int b = 1; b < f->batch; b++)
    if (f->labels[b] == 3)
      f->labels[b] = (guint8) (b % 3);
}

/* Every parameter's analytic gradient against a central difference of the loss; with
 * `clip`, of the clipped loss, where sample 0 lies on the clip's flat part. */
static void
check_gradient (gboolean sparse,
                gboolean clip)
{
  Fixture f;
  NnNet *grad;
  const float step = 1e-3f;
  gsize nonzero = 0;
  double max_abs = 0.0;

  fixture_init (&f, 13, 6, 4, 5, 7);
  if (clip)
    fixture_clip_first (&f);
  grad = analytic_gradient (&f, sparse);

  for (gsize i = 0; i < f.net->n_params; i++)
    {
      float saved = f.net->params[i];
      double up, down, numeric, analytic = grad->params[i];

      f.net->params[i] = saved + step;
      up = batch_loss (&f);
      f.net->params[i] = saved - step;
      down = batch_loss (&f);
      f.net->params[i] = saved;
      numeric = (up - down) / (2.0 * step);

      if (fabs (analytic - numeric) > 2e-3 + 0.02 * fabs (numeric))
        g_error ("parameter %zu: analytic %.6g, numeric %.6g", i, analytic, numeric);
      nonzero += fabs (analytic) > 1e-6;
      max_abs = MAX (max_abs, fabs (analytic));
    }

  /* guard: a backward pass that returned zeros would pass the comparison above only if the
   * loss were flat, which it is not here */
  g_assert_cmpuint (nonzero, >, f.net->n_params / 2);
  g_assert_cmpfloat (max_abs, >, 1e-2);

  nn_net_free (grad);
  fixture_clear (&f);
}

static void
test_gradient_dense (void)
{
  check_gradient (FALSE, FALSE);
}

static void
test_gradient_sparse (void)
{
  check_gradient (TRUE, FALSE);
}

static void
test_gradient_clipped (void)
{
  check_gradient (FALSE, TRUE);
  check_gradient (TRUE, TRUE);
}

static void
test_sparse_matches_dense (void)
{
  Fixture f;
  NnNet *dense, *sparse;

  fixture_init (&f, NN_IMAGE_PIXELS, NN_LESSON_HIDDEN, NN_DATASET_CLASSES, 8, 3);
  dense = analytic_gradient (&f, FALSE);
  sparse = analytic_gradient (&f, TRUE);
  for (gsize i = 0; i < dense->n_params; i++)
    g_assert_cmpfloat_with_epsilon (dense->params[i], sparse->params[i],
                                    1e-6 + 1e-4 * fabsf (dense->params[i]));
  nn_net_free (dense);
  nn_net_free (sparse);
  fixture_clear (&f);
}

/* The training set's precomputed non-zeros give exactly the batch a direct search gives. */
static void
test_sparse_set_gather (void)
{
  Fixture f;
  NnSparseBatch direct, cached;
  NnSparseSet *set;
  const guint32 picks[5] = { 4, 0, 4, 2, 1 };

  fixture_init (&f, 37, 3, 2, 5, 9);
  set = nn_sparse_set_new (f.images, 5, 37);
  nn_sparse_batch_init (&direct, 5, 37);
  nn_sparse_batch_init (&cached, 5, 37);
  nn_sparse_batch_gather (&direct, f.images, picks, 5);
  nn_sparse_batch_gather_set (&cached, set, picks, 5);
  g_assert_cmpint (direct.batch, ==, 5);
  g_assert_cmpint (cached.batch, ==, 5);
  /* every non-zero pixel, and only those, in increasing order, with its byte */
  for (int b = 0; b < 5; b++)
    {
      const guint8 *img = f.images + picks[b] * 37;
      guint32 e = 0;

      g_assert_cmpuint (direct.count[b], ==, cached.count[b]);
      g_assert_cmpmem (direct.index[b], direct.count[b] * sizeof (guint16),
                       cached.index[b], cached.count[b] * sizeof (guint16));
      g_assert_cmpmem (direct.value[b], direct.count[b], cached.value[b], cached.count[b]);
      for (int k = 0; k < 37; k++)
        if (img[k] != 0)
          {
            g_assert_cmpuint (direct.index[b][e], ==, k);
            g_assert_cmpuint (direct.value[b][e], ==, img[k]);
            e++;
          }
      g_assert_cmpuint (e, ==, direct.count[b]);
      g_assert_cmpuint (e, >, 0);
      g_assert_cmpuint (e, <, 37);
    }
  g_assert_cmpfloat (nn_byte_scale ()[255], ==, 1.0f);
  g_assert_cmpfloat (nn_byte_scale ()[7], ==, 7.0f / 255.0f);
  nn_sparse_batch_clear (&direct);
  nn_sparse_batch_clear (&cached);
  nn_sparse_set_unref (set);
  fixture_clear (&f);
}

/* Two RMSprop steps worked out by hand (in double) from the Keras 2 update rule. */
static void
check_rmsprop (float decay)
{
  NnHyper hyper = NN_HYPER_KERAS_DEFAULTS;
  NnRmsprop opt;
  float theta[4] = { 0.5f, -0.25f, 0.0f, 1.0f };
  const float g1[4] = { 0.2f, -0.01f, 3.0f, 0.0f };
  const float g2[4] = { -0.1f, -0.02f, 3.0f, 1e-4f };
  double a[4] = { 0 }, expect[4];

  hyper.decay = decay;
  nn_rmsprop_init (&opt, &hyper, 4);
  for (int i = 0; i < 4; i++)
    expect[i] = theta[i];

  for (int t = 0; t < 2; t++)
    {
      const float *g = t == 0 ? g1 : g2;
      double lr = 0.001 / (1.0 + decay * t);

      for (int i = 0; i < 4; i++)
        {
          a[i] = 0.9 * a[i] + 0.1 * (double) g[i] * g[i];
          expect[i] -= lr * g[i] / (sqrt (a[i]) + 1e-8);
        }
      nn_rmsprop_step (&opt, theta, g);
      for (int i = 0; i < 4; i++)
        {
          g_assert_cmpfloat_with_epsilon (theta[i], expect[i], 3e-7);
          g_assert_cmpfloat_with_epsilon (opt.accum[i], a[i], 1e-6 * a[i] + 1e-12);
        }
      if (t == 0)
        {
          /* with the defaults a first step moves lr/√0.1 ≈ 0.0031623 against the gradient */
          g_assert_cmpfloat_with_epsilon (theta[0], 0.5f - 0.0031623f, 1e-6);
          g_assert_cmpfloat_with_epsilon (theta[1], -0.25f + 0.0031623f, 1e-6);
          g_assert_cmpfloat_with_epsilon (theta[2], -0.0031623f, 1e-6);
          g_assert_cmpfloat (theta[3], ==, 1.0f);   /* zero gradient: no move */
        }
    }
  g_assert_cmpint (opt.iterations, ==, 2);
  nn_rmsprop_clear (&opt);
}

static void
test_rmsprop_no_decay (void)
{
  check_rmsprop (0.0f);
}

static void
test_rmsprop_decay (void)
{
  /* the second step uses lr / (1 + 0.5·1) = 0.000667 */
  check_rmsprop (0.5f);
}

static void
test_glorot (void)
{
  const int n_in = NN_IMAGE_PIXELS, n_hidden = NN_LESSON_HIDDEN, n_out = NN_DATASET_CLASSES;
  NnNet *net = nn_net_new (n_in, n_hidden, n_out);
  NnNet *again = nn_net_new (n_in, n_hidden, n_out);
  float l1 = sqrtf (6.0f / (n_in + n_hidden));
  float l2 = sqrtf (6.0f / (n_hidden + n_out));
  double sum = 0.0, sq = 0.0, max = 0.0;
  gsize n1 = (gsize) n_in * n_hidden;

  /* √(6 / (784 + 32)) */
  g_assert_cmpfloat_with_epsilon (nn_glorot_limit (n_in, n_hidden), 0.0857492926f, 1e-7);
  nn_net_init_glorot (net, 1337);
  for (gsize i = 0; i < n1; i++)
    {
      g_assert_cmpfloat (fabsf (net->w1[i]), <=, l1);
      sum += net->w1[i];
      sq += (double) net->w1[i] * net->w1[i];
      max = MAX (max, fabsf (net->w1[i]));
    }
  /* uniform on [−l, l]: mean 0, variance l²/3, and the extremes nearly reached */
  g_assert_cmpfloat (fabs (sum / n1), <, 0.01 * l1);
  g_assert_cmpfloat (fabs (sq / n1 - l1 * l1 / 3.0) / (l1 * l1 / 3.0), <, 0.03);
  g_assert_cmpfloat (max, >, 0.999 * l1);
  for (int i = 0; i < n_hidden * n_out; i++)
    g_assert_cmpfloat (fabsf (net->w2[i]), <=, l2);
  for (int i = 0; i < n_hidden; i++)
    g_assert_cmpfloat (net->b1[i], ==, 0.0f);
  for (int i = 0; i < n_out; i++)
    g_assert_cmpfloat (net->b2[i], ==, 0.0f);

  nn_net_init_glorot (again, 1337);
  g_assert_true (memcmp (net->params, again->params, net->n_params * sizeof (float)) == 0);
  nn_net_init_glorot (again, 1338);
  g_assert_false (memcmp (net->params, again->params, net->n_params * sizeof (float)) == 0);
  nn_net_free (net);
  nn_net_free (again);
}

static void
test_softmax_stable (void)
{
  float z[2][3] = { { 1000.0f, 1001.0f, 1002.0f }, { -1000.0f, -1001.0f, -1002.0f } };
  float ref[3] = { 0.0f, 1.0f, 2.0f };
  float ref_neg[3] = { 0.0f, -1.0f, -2.0f };

  nn_softmax_rows (&z[0][0], 2, 3);
  nn_softmax_rows (ref, 1, 3);
  nn_softmax_rows (ref_neg, 1, 3);
  for (int j = 0; j < 3; j++)
    {
      g_assert_true (isfinite (z[0][j]) && isfinite (z[1][j]));
      g_assert_cmpfloat_with_epsilon (z[0][j], ref[j], 1e-6);
      g_assert_cmpfloat_with_epsilon (z[1][j], ref_neg[j], 1e-6);
    }
  g_assert_cmpfloat_with_epsilon (ref[0] + ref[1] + ref[2], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (ref[2], 0.66524096f, 1e-6);
}

static void
test_cross_entropy_clipping (void)
{
  const float p[3][3] = { { 0.0f, 1.0f, 0.0f }, { 1.0f, 0.0f, 0.0f }, { 0.2f, 0.5f, 0.3f } };
  const guint8 wrong[1] = { 0 }, right[1] = { 1 }, third[1] = { 2 };
  guint8 labels[3] = { 1, 1, 0 };
  int correct;

  /* p = 0 is clipped to 1e-7: −log(1e-7) = 16.118, not infinity */
  g_assert_cmpfloat_with_epsilon (nn_cross_entropy (p[0], wrong, 1, 3, NULL), 16.1180957, 1e-4);
  /* p = 1 is clipped to 1 − 1e-7 */
  g_assert_cmpfloat (nn_cross_entropy (p[0], right, 1, 3, NULL), >, 0.0);
  g_assert_cmpfloat (nn_cross_entropy (p[0], right, 1, 3, NULL), <, 2e-7);
  g_assert_cmpfloat_with_epsilon (nn_cross_entropy (p[2], third, 1, 3, NULL), -log (0.3), 1e-6);
  /* mean over the batch, and accuracy by argmax */
  g_assert_cmpfloat_with_epsilon (nn_cross_entropy (&p[0][0], labels, 3, 3, &correct),
                                  (-log (1 - 1e-7) + 16.1180957 - log (0.2)) / 3, 1e-4);
  g_assert_cmpint (correct, ==, 1);
}

static void
fill_random (NnRng *rng,
             float *v,
             int    n)
{
  for (int i = 0; i < n; i++)
    v[i] = 2.0f * nn_rng_uniform (rng) - 1.0f;
}

static void
test_gemm_blas_vs_naive (void)
{
  const int shapes[][3] = { { 1, 1, 1 }, { 7, 13, 29 }, { 33, 17, 785 }, { 32, 10, 32 },
                            { 3, 64, 5 }, { 784, 32, 32 } };
  NnRng rng;

  nn_rng_seed (&rng, 5, 5);
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int ta = 0; ta < 2; ta++)
      for (int tb = 0; tb < 2; tb++)
        {
          int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
          int lda = ta ? m : k, ldb = tb ? k : n;
          g_autofree float *a = g_new (float, m * k);
          g_autofree float *b = g_new (float, k * n);
          g_autofree float *c1 = g_new (float, m * n);
          g_autofree float *c2 = g_new (float, m * n);

          fill_random (&rng, a, m * k);
          fill_random (&rng, b, k * n);
          fill_random (&rng, c1, m * n);
          memcpy (c2, c1, m * n * sizeof (float));
          nn_gemm (ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c1, n);
          nn_gemm_naive (ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c2, n);
          for (int i = 0; i < m * n; i++)
            g_assert_cmpfloat_with_epsilon (c1[i], c2[i], 1e-5 * (1 + sqrt (k)));
        }
}

static void
test_rng_reference (void)
{
  /* the first outputs of the PCG reference demo (pcg32-demo, seed 42, stream 54) */
  const guint32 expected[] = { 0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b,
                               0xcbed606e };
  NnRng rng;

  nn_rng_seed (&rng, 42, 54);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmphex (nn_rng_next (&rng), ==, expected[i]);
}

static void
test_shuffle_is_permutation (void)
{
  guint32 items[1000];
  gboolean seen[1000] = { 0 };
  NnRng rng;
  int moved = 0;

  for (int i = 0; i < 1000; i++)
    items[i] = (guint32) i;
  nn_rng_seed (&rng, 1, NN_RNG_STREAM_SHUFFLE);
  nn_rng_shuffle (&rng, items, 1000);
  for (int i = 0; i < 1000; i++)
    {
      g_assert_false (seen[items[i]]);
      seen[items[i]] = TRUE;
      moved += items[i] != (guint32) i;
    }
  g_assert_cmpint (moved, >, 900);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/gradient/dense", test_gradient_dense);
  g_test_add_func ("/nn/gradient/sparse", test_gradient_sparse);
  g_test_add_func ("/nn/gradient/clipped-sample", test_gradient_clipped);
  g_test_add_func ("/nn/gradient/sparse-matches-dense", test_sparse_matches_dense);
  g_test_add_func ("/nn/sparse/set-gather", test_sparse_set_gather);
  g_test_add_func ("/nn/rmsprop/two-steps", test_rmsprop_no_decay);
  g_test_add_func ("/nn/rmsprop/two-steps-decay", test_rmsprop_decay);
  g_test_add_func ("/nn/init/glorot", test_glorot);
  g_test_add_func ("/nn/softmax/stable", test_softmax_stable);
  g_test_add_func ("/nn/loss/clipping", test_cross_entropy_clipping);
  g_test_add_func ("/nn/gemm/blas-vs-naive", test_gemm_blas_vs_naive);
  g_test_add_func ("/nn/rng/reference", test_rng_reference);
  g_test_add_func ("/nn/rng/shuffle", test_shuffle_is_permutation);
  return g_test_run ();
}
