/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nn_trainer_fit and nn_evaluate on synthetic sets: determinism, the two engines, threads,
 * cancel, partial batches, divergence and refused settings.  (test-nn.c holds the maths.) */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn.h"
#include "nn-dataset.h"
#include "nn-rng.h"
#include "nn-trainer.h"

#include "dt-test-golden.h"

#define SYNTHETIC_STREAM 7    /* the generator stream of synthetic_set */
#define INK_BAND_ROWS    3    /* rows of ink per label */
#define NOISE_ONE_IN     20   /* stray ink: about one pixel in this many */

/* A synthetic 28×28 set where the label decides which band of rows has ink. */
static NnDataset *
synthetic_set (gsize   n,
               guint64 seed)
{
  NnDataset *ds = nn_dataset_new (n, NN_IMAGE_SIDE, NN_IMAGE_SIDE);
  NnRng rng;

  nn_rng_seed (&rng, seed, SYNTHETIC_STREAM);
  for (gsize i = 0; i < n; i++)
    {
      guint8 *img = ds->images + i * NN_IMAGE_PIXELS;
      guint8 label = (guint8) nn_rng_bounded (&rng, NN_DATASET_CLASSES);

      ds->labels[i] = label;
      for (int k = 0; k < NN_IMAGE_PIXELS; k++)
        if ((k / NN_IMAGE_SIDE) / INK_BAND_ROWS == label ||
            nn_rng_bounded (&rng, NOISE_ONE_IN) == 0)
          img[k] = (guint8) (128 + nn_rng_bounded (&rng, 128));
    }
  return ds;
}

/* A trainer for MNIST-shaped data with config (the lesson's settings when NULL). */
static NnTrainer *
new_trainer (const NnConfig *config)
{
  g_autoptr(GError) error = NULL;
  NnConfig defaults;
  NnTrainer *t;

  if (config == NULL)
    {
      nn_config_init_defaults (&defaults);
      config = &defaults;
    }
  t = nn_trainer_new (config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  return t;
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
  t = new_trainer (&config);
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

static gint64
iterations (const NnTrainer *t)
{
  return nn_trainer_get_optimizer (t)->iterations;
}

/* Bit for bit the same weights; the same RMSprop accumulators. */
static gboolean
same_params (const NnTrainer *a,
             const NnTrainer *b)
{
  const NnNet *na = nn_trainer_get_net (a);

  return memcmp (na->params, nn_trainer_get_net (b)->params, na->n_params * sizeof (float)) == 0;
}

static gboolean
same_accum (const NnTrainer *a,
            const NnTrainer *b)
{
  gsize bytes = nn_trainer_get_net (a)->n_params * sizeof (float);

  return memcmp (nn_trainer_get_optimizer (a)->accum, nn_trainer_get_optimizer (b)->accum,
                 bytes) == 0;
}

static double
max_param_diff (const NnTrainer *a,
                const NnTrainer *b)
{
  const NnNet *na = nn_trainer_get_net (a);
  const NnNet *nb = nn_trainer_get_net (b);
  double max_diff = 0.0;

  for (gsize i = 0; i < na->n_params; i++)
    max_diff = MAX (max_diff, fabsf (na->params[i] - nb->params[i]));
  return max_diff;
}

/* Threads share each batch by sample and by pixel: any number of them gives the same bits
 * as one, including more threads than cores (5, 7, 8 is the most the engine takes) and the
 * adaptive default, which runs its first 16 steps shared and the next 16 on one thread.
 * 3233 samples leave a last batch of one sample, fewer samples than threads. */
static void
test_threads (void)
{
  g_autoptr(NnTrainer) one = train_threads (1337, 2, 3233, 1);
  const int counts[] = { 2, 3, 5, 7, 8, NN_THREADS_AUTO };

  g_assert_cmpint (iterations (one), ==, 2 * 102);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(NnTrainer) many = train_threads (1337, 2, 3233, counts[i]);

      g_test_message ("%d threads", counts[i]);
      g_assert_cmpint (iterations (many), ==, 2 * 102);
      g_assert_true (same_params (one, many));
      g_assert_true (same_accum (one, many));
    }
}

/* The weights after 200 steps of the default settings (1 to 3 threads, and the adaptive
 * default), the same on every
 * machine: meson runs this with each instruction set forced and several OpenBLAS cores. */
#define GOLDEN_200_STEPS "b756d6254ae99919423d8ed4dffa9ad5906965481f6aa15e7b530c2c402782af"

static void
test_golden (void)
{
  if (!dt_test_golden_setup ())
    return;
  for (int threads = NN_THREADS_AUTO; threads <= 3; threads++)
    {
      g_autoptr(NnTrainer) t = train_threads (1337, 1, 6400, threads);
      g_autofree char *sha = dt_test_trainer_sha256 (t);

      g_test_message ("%d threads: %s", threads, sha);
      g_assert_cmpint (iterations (t), ==, 200);
      g_assert_cmpstr (sha, ==, GOLDEN_200_STEPS);
    }
}

static void
test_determinism (void)
{
  /* 3200 samples in batches of 32, two epochs: 200 steps */
  g_autoptr(NnTrainer) a = train_steps (1337, 2, 3200);
  g_autoptr(NnTrainer) b = train_steps (1337, 2, 3200);
  g_autoptr(NnTrainer) c = train_steps (1338, 2, 3200);

  g_assert_cmpint (iterations (a), ==, 200);
  g_assert_true (same_params (a, b));
  g_assert_true (same_accum (a, b));
  g_assert_false (same_params (a, c));
}

static void
test_dense_engine_agrees (void)
{
  g_autoptr(NnDataset) train = synthetic_set (640, 11);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) sparse = NULL;
  g_autoptr(NnTrainer) dense = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  sparse = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  config.dense = TRUE;
  dense = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_true (nn_trainer_fit (sparse, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_true (nn_trainer_fit (dense, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  /* 20 steps of at most ~0.0032 each; the engines differ only in rounding */
  g_assert_cmpfloat (max_param_diff (sparse, dense), <, 1e-4);
}

/* nn_trainer_configure() switches the engine between fits: that must work, and a set kept for
 * the sparse engine must not be consulted by the dense one. */
static void
test_switch_engine (void)
{
  g_autoptr(NnDataset) train = synthetic_set (640, 11);
  g_autoptr(NnDataset) other = synthetic_set (96, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = new_trainer (NULL);
  NnConfig config = *nn_trainer_get_config (t);

  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  config.dense = TRUE;
  g_assert_true (nn_trainer_configure (t, &config, &error));
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (other), 1, NULL, &error));
  g_assert_no_error (error);
  config.dense = FALSE;
  g_assert_true (nn_trainer_configure (t, &config, &error));
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (iterations (t), ==, 20 + 3 + 20);
}

typedef struct
{
  gint cancel;
  int  batches;
  int  stop_after;
} CancelState;

static void
cancel_batch_cb (NnTrainer        *t,
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
  g_autoptr(NnTrainer) t = new_trainer (NULL);
  g_autoptr(NnTrainer) whole = NULL;
  CancelState s = { 0, 0, 4 };
  NnCallbacks cb = { cancel_batch_cb, NULL, &s, &s.cancel };

  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 2, &cb, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_CANCELLED);
  g_clear_error (&error);
  /* stopped cleanly after the batch that asked: weights and state kept */
  g_assert_cmpint (iterations (t), ==, 4);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 0);

  s.cancel = 0;
  s.stop_after = -1;
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, &cb, &error));
  g_assert_cmpint (iterations (t), ==, 14);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 1);

  /* a fresh trainer is not equal to one that was interrupted (the order restarted) but
   * both learned: their training loss went down */
  whole = new_trainer (NULL);
  g_assert_true (nn_trainer_fit (whole, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_cmpint (iterations (whole), ==, 10);
}

typedef struct
{
  gsize  seen[4];
  int    epochs;
  double last_loss;
} EpochLog;

static void
log_batch_cb (NnTrainer        *t,
              const NnProgress *p,
              gpointer          user_data)
{
  g_assert_cmpuint (p->seen, <=, p->total);
  g_assert_true (p->loss > 0 && p->accuracy >= 0 && p->accuracy <= 1);
}

static void
log_epoch_cb (NnTrainer        *t,
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
  g_autoptr(NnTrainer) t = new_trainer (NULL);
  EpochLog log = { { 0 }, 0, 0 };
  NnCallbacks cb = { log_batch_cb, log_epoch_cb, &log, NULL };

  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 2, &cb, &error));
  /* 32 + 32 + 6: the last 6 are a batch of their own, not dropped */
  g_assert_cmpint (iterations (t), ==, 6);
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
  g_autoptr(NnTrainer) t = new_trainer (NULL);
  g_autofree float *w1 = NULL;
  gsize w1_bytes = NN_IMAGE_PIXELS * NN_LESSON_HIDDEN * sizeof (float);

  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_true (nn_trainer_has_data_index (t));

  memset (train->images, 0, train->n * NN_IMAGE_PIXELS);
  nn_trainer_forget_data (t);
  g_assert_false (nn_trainer_has_data_index (t));
  w1 = g_memdup2 (nn_trainer_get_net (t)->w1, w1_bytes);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_cmpmem (w1, w1_bytes, nn_trainer_get_net (t)->w1, w1_bytes);
}

/* A trainer that shares another's index trains on that index, not on the images as they
 * are now (they are blanked after indexing here), and gives the bits of a trainer that built
 * its own from the same images; the index outlives the trainer it came from. */
static void
test_share_data_index (void)
{
  g_autoptr(NnDataset) train = synthetic_set (320, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) own = new_trainer (NULL);
  g_autoptr(NnTrainer) shared = new_trainer (NULL);
  NnTrainer *from = new_trainer (NULL);
  const NnNet *a, *b;

  g_assert_true (nn_trainer_fit (own, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  nn_trainer_share_data_index (shared, NULL);
  g_assert_false (nn_trainer_has_data_index (shared));
  nn_trainer_index_data (from, train->images, train->n);
  g_assert_true (nn_trainer_has_data_index (from));
  nn_trainer_share_data_index (shared, from);
  nn_trainer_free (from);
  g_assert_true (nn_trainer_has_data_index (shared));
  memset (train->images, 0, train->n * NN_IMAGE_PIXELS);
  g_assert_true (nn_trainer_fit (shared, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_no_error (error);
  a = nn_trainer_get_net (own);
  b = nn_trainer_get_net (shared);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float), b->params,
                   b->n_params * sizeof (float));
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
  NnNet *net;

  nn_config_init_defaults (&config);
  config.n_threads = n_threads;
  t = new_trainer (&config);
  net = nn_trainer_get_net (t);
  /* weights this large overflow the logits to ±inf, and inf − inf is NaN */
  for (gsize i = 0; i < net->n_params; i++)
    net->params[i] = (i % 2 ? 1e30f : -1e30f);
  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (train), 1, NULL, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, "learning rate"));
  g_assert_cmpint (iterations (t), ==, 0);
  g_assert_cmpfloat (net->params[1], ==, 1e30f);   /* no update from a NaN batch */
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
      g_assert_null (nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  nn_config_init_defaults (&config);
  config.batch_size = 0;
  g_assert_null (nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error));
  g_assert_error (error, NN_ERROR, NN_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/fit/determinism", test_determinism);
  g_test_add_func ("/nn/fit/golden", test_golden);
  g_test_add_func ("/nn/fit/dense-engine-agrees", test_dense_engine_agrees);
  g_test_add_func ("/nn/fit/threads", test_threads);
  g_test_add_func ("/nn/fit/switch-engine", test_switch_engine);
  g_test_add_func ("/nn/fit/cancel-and-continue", test_cancel_and_continue);
  g_test_add_func ("/nn/fit/partial-last-batch", test_partial_last_batch);
  g_test_add_func ("/nn/fit/learns", test_learns_synthetic);
  g_test_add_func ("/nn/fit/forget-data", test_forget_data);
  g_test_add_func ("/nn/fit/share-data-index", test_share_data_index);
  g_test_add_func ("/nn/fit/divergence", test_divergence);
  g_test_add_func ("/nn/fit/invalid-config", test_invalid_config);
  return g_test_run ();
}
