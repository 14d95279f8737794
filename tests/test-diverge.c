/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn-dataset.h"
#include "nn-trainer.h"

/* A NaN or infinite loss stops nn_trainer_fit with NN_ERROR_DIVERGED, before the step that
 * would have written NaN into the weights: the weights and optimizer state stay as they
 * were, no further callback runs, and the message says what to do without printing "nan". */

#define N 40

static NnDataset *
make_dataset (void)
{
  NnDataset *ds = nn_dataset_new (N, NN_IMAGE_SIDE, NN_IMAGE_SIDE);

  for (gsize i = 0; i < N; i++)
    {
      ds->labels[i] = (guint8) (i % NN_DATASET_CLASSES);
      for (gsize k = 0; k < NN_IMAGE_PIXELS; k++)
        ds->images[i * NN_IMAGE_PIXELS + k] = (guint8) ((i * 13 + k * 7) % 256);
    }
  return ds;
}

static NnTrainer *
make_trainer (void)
{
  g_autoptr(GError) error = NULL;
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.batch_size = 8;            /* 5 batches per epoch */
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  return t;
}

typedef struct
{
  int     batches;
  int     epochs;
  gint64  poison_at;     /* after this iteration, set every weight to `poison` */
  float   poison;
  float  *snapshot;      /* the parameters right after poisoning */
  float  *accum;
} Watch;

/* The bytes of the parameter block, and of the RMSprop accumulators that mirror it. */
static gsize
params_size (NnTrainer *t)
{
  return nn_trainer_get_net (t)->n_params * sizeof (float);
}

static void
batch_cb (NnTrainer        *t,
          const NnProgress *p,
          gpointer          user_data)
{
  Watch *w = user_data;
  NnNet *net = nn_trainer_get_net (t);

  g_assert_true (isfinite (p->loss));
  g_assert_true (isfinite (p->batch_loss));
  w->batches++;
  if (p->iteration == w->poison_at)
    {
      for (gsize i = 0; i < net->n_params; i++)
        net->params[i] = w->poison;
      w->snapshot = g_memdup2 (net->params, params_size (t));
      w->accum = g_memdup2 (nn_trainer_get_optimizer (t)->accum, params_size (t));
    }
}

static void
epoch_cb (NnTrainer        *t,
          const NnProgress *p,
          gpointer          user_data)
{
  Watch *w = user_data;

  g_assert_true (isfinite (p->loss));
  w->epochs++;
}

static void
assert_diverged_message (const GError *error)
{
  g_autofree char *lower = NULL;

  g_assert_error (error, NN_ERROR, NN_ERROR_DIVERGED);
  g_test_message ("%s", error->message);
  lower = g_ascii_strdown (error->message, -1);
  g_assert_nonnull (strstr (lower, "diverged"));
  g_assert_nonnull (strstr (lower, "learning rate"));
  g_assert_null (strstr (lower, "nan"));
}

/* Weights of 1e30 overflow the logits at the very first batch. */
static void
test_huge_weights (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = make_dataset ();
  g_autoptr(NnTrainer) t = make_trainer ();
  g_autofree float *before = NULL;
  g_autofree float *accum_before = NULL;
  Watch w = { .poison_at = -1 };
  NnCallbacks cb = { batch_cb, epoch_cb, &w, NULL };
  NnNet *net = nn_trainer_get_net (t);
  float *accum = nn_trainer_get_optimizer (t)->accum;

  for (gsize i = 0; i < net->n_params; i++)
    net->params[i] = 1e30f;
  before = g_memdup2 (net->params, params_size (t));
  accum_before = g_memdup2 (accum, params_size (t));

  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (ds), 2, &cb, &error));
  assert_diverged_message (error);
  g_assert_nonnull (strstr (error->message, "step 1"));
  g_assert_cmpint (w.batches, ==, 0);
  g_assert_cmpint (w.epochs, ==, 0);
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 0);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 0);
  g_assert_cmpmem (net->params, params_size (t), before, params_size (t));
  g_assert_cmpmem (accum, params_size (t), accum_before, params_size (t));
}

/* Training goes well for a while, then the weights blow up (here: poisoned from the batch
 * callback after step 7, in epoch 2): fit stops at step 8 and keeps those weights. */
static void
check_poisoned_mid_run (float poison)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = make_dataset ();
  g_autoptr(NnTrainer) t = make_trainer ();
  Watch w = { .poison_at = 7, .poison = poison };
  NnCallbacks cb = { batch_cb, epoch_cb, &w, NULL };

  g_assert_false (nn_trainer_fit (t, NN_DATASET_ARRAYS (ds), 3, &cb, &error));
  assert_diverged_message (error);
  g_assert_nonnull (strstr (error->message, "step 8"));
  g_assert_cmpint (w.batches, ==, 7);
  g_assert_cmpint (w.epochs, ==, 1);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 1);
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 7);
  g_assert_nonnull (w.snapshot);
  g_assert_cmpmem (nn_trainer_get_net (t)->params, params_size (t), w.snapshot, params_size (t));
  g_assert_cmpmem (nn_trainer_get_optimizer (t)->accum, params_size (t),
                   w.accum, params_size (t));
  g_free (w.snapshot);
  g_free (w.accum);

  /* the trainer is still usable: a reset starts over and trains */
  nn_trainer_reset (t);
  g_clear_error (&error);
  g_assert_true (nn_trainer_fit (t, NN_DATASET_ARRAYS (ds), 1, NULL, &error));
  g_assert_no_error (error);
}

static void
test_poisoned_mid_run (void)
{
  check_poisoned_mid_run (1e30f);
  check_poisoned_mid_run (INFINITY);
  check_poisoned_mid_run (NAN);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/diverge/huge-weights", test_huge_weights);
  g_test_add_func ("/nn/diverge/poisoned-mid-run", test_poisoned_mid_run);
  return g_test_run ();
}
