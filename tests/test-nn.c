/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn.h"
#include "nn-dataset.h"
#include "nn-gemm.h"
#include "nn-rng.h"
#include "nn-sparse.h"
#include "nn-trainer.h"

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

/* Every parameter's analytic gradient against a central difference of the loss. */
static void
check_gradient (gboolean sparse)
{
  Fixture f;
  NnNet *grad;
  const float step = 1e-3f;
  gsize nonzero = 0;
  double max_abs = 0.0;

  fixture_init (&f, 13, 6, 4, 5, 7);
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
  check_gradient (FALSE);
}

static void
test_gradient_sparse (void)
{
  check_gradient (TRUE);
}

static void
test_sparse_matches_dense (void)
{
  Fixture f;
  NnNet *dense, *sparse;

  fixture_init (&f, 784, 32, 10, 8, 3);
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
  g_assert_cmpmem (direct.row_start, 6 * sizeof (guint32), cached.row_start, 6 * sizeof (guint32));
  g_assert_cmpuint (direct.row_start[5], >, 0);
  g_assert_cmpuint (direct.row_start[5], <, 5 * 37);
  g_assert_cmpmem (direct.index, direct.row_start[5] * sizeof (guint32),
                   cached.index, cached.row_start[5] * sizeof (guint32));
  g_assert_cmpmem (direct.value, direct.row_start[5] * sizeof (float),
                   cached.value, cached.row_start[5] * sizeof (float));
  /* every non-zero pixel, and only those, with the value byte / 255 */
  for (int b = 0; b < 5; b++)
    {
      const guint8 *img = f.images + picks[b] * 37;
      guint32 e = direct.row_start[b];

      for (int k = 0; k < 37; k++)
        if (img[k] != 0)
          {
            g_assert_cmpuint (direct.index[e], ==, k);
            g_assert_cmpfloat (direct.value[e], ==, (float) img[k] / 255.0f);
            e++;
          }
      g_assert_cmpuint (e, ==, direct.row_start[b + 1]);
    }
  nn_sparse_batch_clear (&direct);
  nn_sparse_batch_clear (&cached);
  nn_sparse_set_free (set);
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
  NnNet *net = nn_net_new (784, 32, 10);
  NnNet *again = nn_net_new (784, 32, 10);
  float l1 = sqrtf (6.0f / (784 + 32));
  float l2 = sqrtf (6.0f / (32 + 10));
  double sum = 0.0, sq = 0.0, max = 0.0;
  gsize n1 = 784 * 32;

  g_assert_cmpfloat_with_epsilon (nn_glorot_limit (784, 32), 0.0857492926f, 1e-7);
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
  for (int i = 0; i < 32 * 10; i++)
    g_assert_cmpfloat (fabsf (net->w2[i]), <=, l2);
  for (int i = 0; i < 32; i++)
    g_assert_cmpfloat (net->b1[i], ==, 0.0f);
  for (int i = 0; i < 10; i++)
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

/* A synthetic 28×28 set where the label decides which quarter of the image has ink. */
static NnDataset *
synthetic_set (gsize   n,
               guint64 seed)
{
  NnDataset *ds = nn_dataset_new (n, 28, 28);
  NnRng rng;

  nn_rng_seed (&rng, seed, 7);
  for (gsize i = 0; i < n; i++)
    {
      guint8 *img = ds->images + i * 784;
      guint8 label = (guint8) nn_rng_bounded (&rng, 10);

      ds->labels[i] = label;
      for (int k = 0; k < 784; k++)
        if ((k / 28) / 3 == label || nn_rng_bounded (&rng, 20) == 0)
          img[k] = (guint8) (128 + nn_rng_bounded (&rng, 128));
    }
  return ds;
}

static NnTrainer *
train_threads (guint64 seed,
               int     epochs,
               gsize   n,
               int     n_threads)
{
  g_autoptr(NnDataset) train = synthetic_set (n, 11);
  g_autoptr(GError) error = NULL;
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.seed = seed;
  config.n_threads = n_threads;
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_no_error (error);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), epochs, NULL, &error));
  g_assert_no_error (error);
  return t;
}

static NnTrainer *
train_steps (guint64 seed,
             int     epochs,
             gsize   n)
{
  return train_threads (seed, epochs, n, 1);
}

/* Shards of each batch on several threads: bit-identical for a given thread count, and
 * equal to one thread up to rounding.  3233 samples leave a last batch of one sample, so a
 * shard is empty there. */
static void
test_threads (void)
{
  g_autoptr(NnTrainer) one = train_threads (1337, 2, 3233, 1);
  g_autoptr(NnTrainer) two = train_threads (1337, 2, 3233, 2);
  g_autoptr(NnTrainer) two_again = train_threads (1337, 2, 3233, 2);
  g_autoptr(NnTrainer) three = train_threads (1337, 2, 3233, 3);
  double max_diff = 0.0;

  g_assert_cmpint (nn_trainer_get_optimizer (two)->iterations, ==, 2 * 102);
  g_assert_true (memcmp (nn_trainer_get_net (two)->params, nn_trainer_get_net (two_again)->params, nn_trainer_get_net (two)->n_params * 4) == 0);
  g_assert_true (memcmp (nn_trainer_get_optimizer (two)->accum, nn_trainer_get_optimizer (two_again)->accum, nn_trainer_get_net (two)->n_params * 4) == 0);
  for (gsize i = 0; i < nn_trainer_get_net (one)->n_params; i++)
    {
      max_diff = MAX (max_diff, fabsf (nn_trainer_get_net (one)->params[i] - nn_trainer_get_net (two)->params[i]));
      max_diff = MAX (max_diff, fabsf (nn_trainer_get_net (one)->params[i] - nn_trainer_get_net (three)->params[i]));
    }
  g_assert_cmpfloat (max_diff, <, 2e-4);
}

static void
test_determinism (void)
{
  /* 3200 samples in batches of 32, two epochs: 200 steps */
  g_autoptr(NnTrainer) a = train_steps (1337, 2, 3200);
  g_autoptr(NnTrainer) b = train_steps (1337, 2, 3200);
  g_autoptr(NnTrainer) c = train_steps (1338, 2, 3200);

  g_assert_cmpint (nn_trainer_get_optimizer (a)->iterations, ==, 200);
  g_assert_true (memcmp (nn_trainer_get_net (a)->params, nn_trainer_get_net (b)->params, nn_trainer_get_net (a)->n_params * 4) == 0);
  g_assert_true (memcmp (nn_trainer_get_optimizer (a)->accum, nn_trainer_get_optimizer (b)->accum, nn_trainer_get_net (a)->n_params * 4) == 0);
  g_assert_false (memcmp (nn_trainer_get_net (a)->params, nn_trainer_get_net (c)->params, nn_trainer_get_net (a)->n_params * 4) == 0);
}

static void
test_dense_engine_agrees (void)
{
  g_autoptr(NnDataset) train = synthetic_set (640, 11);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) sparse = NULL;
  g_autoptr(NnTrainer) dense = NULL;
  NnConfig config;
  double max_diff = 0.0;

  nn_config_init_defaults (&config);
  sparse = nn_trainer_new (&config, 784, 10, &error);
  config.dense = TRUE;
  dense = nn_trainer_new (&config, 784, 10, &error);
  g_assert_true (nn_trainer_fit (sparse, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_true (nn_trainer_fit (dense, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  for (gsize i = 0; i < nn_trainer_get_net (sparse)->n_params; i++)
    max_diff = MAX (max_diff, fabsf (nn_trainer_get_net (sparse)->params[i] - nn_trainer_get_net (dense)->params[i]));
  /* 20 steps of at most ~0.0032 each; the engines differ only in rounding */
  g_assert_cmpfloat (max_diff, <, 1e-4);
}

/* nn_trainer_configure() switches the engine between fits: that must work, and a set kept for
 * the sparse engine must not be consulted by the dense one. */
static void
test_switch_engine (void)
{
  g_autoptr(NnDataset) train = synthetic_set (640, 11);
  g_autoptr(NnDataset) other = synthetic_set (96, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  config.dense = TRUE;
  g_assert_true (nn_trainer_configure (t, &config, &error));
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (other), 1, NULL, &error));
  g_assert_no_error (error);
  config.dense = FALSE;
  g_assert_true (nn_trainer_configure (t, &config, &error));
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 20 + 3 + 20);
}

typedef struct
{
  gint cancel;
  int  batches;
  int  stop_after;
} CancelState;

static void
cancel_on_batch (NnTrainer        *t,
                 const NnProgress *p,
                 gpointer          user_data)
{
  CancelState *s = user_data;

  if (++s->batches == s->stop_after)
    g_atomic_int_set (&s->cancel, 1);
}

static void
test_cancel_and_continue (void)
{
  g_autoptr(NnDataset) train = synthetic_set (320, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  g_autoptr(NnTrainer) whole = NULL;
  CancelState s = { 0, 0, 4 };
  NnCallbacks cb = { cancel_on_batch, NULL, &s, &s.cancel };
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 2, &cb, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_CANCELLED);
  g_clear_error (&error);
  /* stopped cleanly after the batch that asked: weights and state kept */
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 4);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 0);

  s.cancel = 0;
  s.stop_after = -1;
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, &cb, &error));
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 14);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 1);

  /* a fresh trainer is not equal to one that was interrupted (the order restarted) but
   * both learned: their training loss went down */
  whole = nn_trainer_new (&config, 784, 10, &error);
  g_assert_true (nn_trainer_fit (whole, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_cmpint (nn_trainer_get_optimizer (whole)->iterations, ==, 10);
}

typedef struct
{
  gsize  seen[4];
  int    epochs;
  double last_loss;
} EpochLog;

static void
log_batch (NnTrainer        *t,
           const NnProgress *p,
           gpointer          user_data)
{
  g_assert_cmpuint (p->seen, <=, p->total);
  g_assert_true (p->loss > 0 && p->accuracy >= 0 && p->accuracy <= 1);
}

static void
log_epoch (NnTrainer        *t,
           const NnProgress *p,
           gpointer          user_data)
{
  EpochLog *log = user_data;

  log->seen[log->epochs++] = p->seen;
  log->last_loss = p->loss;
}

static void
test_partial_last_batch (void)
{
  g_autoptr(NnDataset) train = synthetic_set (70, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  EpochLog log = { { 0 }, 0, 0 };
  NnCallbacks cb = { log_batch, log_epoch, &log, NULL };
  NnConfig config;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 2, &cb, &error));
  /* 32 + 32 + 6: the last 6 are a batch of their own, not dropped */
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 6);
  g_assert_cmpint (log.epochs, ==, 2);
  g_assert_cmpuint (log.seen[0], ==, 70);
  g_assert_cmpuint (log.seen[1], ==, 70);
}

/* A set changed in place is seen anew after nn_trainer_forget_data: here its images are
 * blanked, so the first layer's weights can no longer move. */
static void
test_forget_data (void)
{
  g_autoptr(NnDataset) train = synthetic_set (320, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  g_autofree float *w1 = NULL;
  NnConfig config;
  gsize n_w1 = 784 * 32;

  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, 784, 10, &error);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_true (nn_trainer_has_data_index (t));

  memset (train->images, 0, train->n * 784);
  nn_trainer_forget_data (t);
  g_assert_false (nn_trainer_has_data_index (t));
  w1 = g_memdup2 (nn_trainer_get_net (t)->w1, n_w1 * sizeof (float));
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_cmpmem (w1, n_w1 * sizeof (float), nn_trainer_get_net (t)->w1, n_w1 * sizeof (float));
}

static void
test_learns_synthetic (void)
{
  g_autoptr(NnTrainer) t = train_steps (1337, 3, 3200);
  g_autoptr(NnDataset) test = synthetic_set (1000, 12);
  double loss, accuracy;

  nn_evaluate (nn_trainer_get_net (t), NN_DATASET_ARRAYS (test), &loss, &accuracy);
  g_assert_cmpfloat (accuracy, >, 0.95);
  g_assert_cmpfloat (loss, <, 0.3);
}

static void
check_divergence (int n_threads)
{
  g_autoptr(NnDataset) train = synthetic_set (64, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  config.n_threads = n_threads;
  t = nn_trainer_new (&config, 784, 10, &error);
  /* weights this large overflow the logits to ±inf, and inf − inf is NaN */
  for (gsize i = 0; i < nn_trainer_get_net (t)->n_params; i++)
    nn_trainer_get_net (t)->params[i] = (i % 2 ? 1e30f : -1e30f);
  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "learning rate"));
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 0);
  g_assert_cmpfloat (nn_trainer_get_net (t)->params[1], ==, 1e30f);   /* no update from a NaN batch */
}

static void
test_divergence (void)
{
  check_divergence (1);
  check_divergence (2);
}

static void
test_invalid_config (void)
{
  NnConfig config;
  g_autoptr(GError) error = NULL;
  const NnHyper bad[] = {
    { 0.0f, 0.9f, 1e-8f, 0.0f }, { -1.0f, 0.9f, 1e-8f, 0.0f }, { 0.001f, 1.0f, 1e-8f, 0.0f },
    { 0.001f, -0.1f, 1e-8f, 0.0f }, { 0.001f, 0.9f, 0.0f, 0.0f }, { 0.001f, 0.9f, 1e-8f, -1.0f },
    { NAN, 0.9f, 1e-8f, 0.0f },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      nn_config_init_defaults (&config);
      config.hyper = bad[i];
      g_assert_null (nn_trainer_new (&config, 784, 10, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  nn_config_init_defaults (&config);
  config.batch_size = 0;
  g_assert_null (nn_trainer_new (&config, 784, 10, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/gradient/dense", test_gradient_dense);
  g_test_add_func ("/nn/gradient/sparse", test_gradient_sparse);
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
  g_test_add_func ("/nn/fit/determinism", test_determinism);
  g_test_add_func ("/nn/fit/dense-engine-agrees", test_dense_engine_agrees);
  g_test_add_func ("/nn/fit/threads", test_threads);
  g_test_add_func ("/nn/fit/switch-engine", test_switch_engine);
  g_test_add_func ("/nn/fit/cancel-and-continue", test_cancel_and_continue);
  g_test_add_func ("/nn/fit/partial-last-batch", test_partial_last_batch);
  g_test_add_func ("/nn/fit/learns", test_learns_synthetic);
  g_test_add_func ("/nn/fit/forget-data", test_forget_data);
  g_test_add_func ("/nn/fit/divergence", test_divergence);
  g_test_add_func ("/nn/fit/invalid-config", test_invalid_config);
  return g_test_run ();
}
