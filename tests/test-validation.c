/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keras's validation_split and EarlyStopping (nn-validation.h): which rows are held out,
 * that none of them is trained on, that val_loss is those rows' evaluation, and that early
 * stopping stops where the rule says and puts the best epoch's weights back. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "nn-validation.h"

#define N_IN      64
#define N_OUT     10
#define N_ROWS    400
#define MAX_EPOCH 40

typedef struct
{
  guint8 *images;
  guint8 *labels;
} Arrays;

/* Random pixels and random labels: nothing to learn, so a 256-unit network memorises the
 * training rows and its val_loss soon climbs (what early stopping is for). */
static Arrays
make_arrays (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  Arrays a = { g_malloc (N_ROWS * N_IN), g_malloc (N_ROWS) };

  for (int i = 0; i < N_ROWS * N_IN; i++)
    a.images[i] = g_rand_boolean (rand) ? (guint8) g_rand_int_range (rand, 0, 256) : 0;
  for (int i = 0; i < N_ROWS; i++)
    a.labels[i] = (guint8) g_rand_int_range (rand, 0, N_OUT);
  return a;
}

static void
free_arrays (Arrays *a)
{
  g_free (a->images);
  g_free (a->labels);
}

static NnTrainer *
make_trainer (int   hidden,
              float lr)
{
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.n_hidden = hidden;
  config.hyper.lr = lr;
  config.n_threads = 1;
  t = nn_trainer_new (&config, N_IN, N_OUT, NULL);
  g_assert_nonnull (t);
  return t;
}

/* The values Python 3 prints for int(n * (1. - f)), as Keras 2.0.8's fit() computes
 * split_at: 1000 · (1 − 0.8) is 199.99999999999997 in doubles, so Keras holds out 801. */
static void
test_split_at (void)
{
  static const struct { gsize n; double f; gsize at; } cases[] = {
    { 60000, 0.1, 54000 }, { 1000, 0.2, 800 }, { 1000, 0.8, 199 }, { 60000, 0.9, 5999 },
    { 1000, 0.33, 669 }, { 7, 0.5, 3 }, { 999, 0.01, 989 }, { 500, 0.0, 500 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (nn_validation_split_at (cases[i].n, cases[i].f), ==, cases[i].at);
}

typedef struct
{
  int     n_epochs;
  double  val_loss[MAX_EPOCH + 1];
  double  val_acc[MAX_EPOCH + 1];
  NnNet  *weights[MAX_EPOCH + 1];   /* after each epoch */
} Epochs;

static void
record_epoch_cb (NnTrainer        *trainer,
                 const NnProgress *p,
                 gpointer          user_data)
{
  Epochs *e = user_data;

  g_assert_cmpint (p->epoch, ==, e->n_epochs + 1);
  g_assert_cmpint (p->epoch, <=, MAX_EPOCH);
  e->n_epochs = p->epoch;
  e->val_loss[p->epoch] = p->val_loss;
  e->val_acc[p->epoch] = p->val_accuracy;
  e->weights[p->epoch] = nn_net_dup (nn_trainer_get_net (trainer));
}

static void
clear_epochs (Epochs *e)
{
  for (int i = 0; i <= MAX_EPOCH; i++)
    g_clear_pointer (&e->weights[i], nn_net_free);
}

static void
assert_same_params (const NnNet *a,
                    const NnNet *b)
{
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpmem (a->params, a->n_params * sizeof (float),
                   b->params, b->n_params * sizeof (float));
}

/* The held-out rows change nothing in training: a fit that holds out the last 25 % gives
 * the weights of a plain fit over the first 75 %, even when those rows are rewritten. */
static void
test_held_out_rows_untrained (void)
{
  Arrays a = make_arrays (7), b = make_arrays (7);
  g_autoptr(NnTrainer) plain = make_trainer (32, 0.001f);
  g_autoptr(NnTrainer) held = make_trainer (32, 0.001f);
  g_autoptr(NnTrainer) other = make_trainer (32, 0.001f);
  gsize at = nn_validation_split_at (N_ROWS, 0.25);
  NnFitReport r;

  g_assert_cmpuint (at, ==, 300);
  for (gsize i = at; i < N_ROWS; i++)
    {
      b.labels[i] = (guint8) ((b.labels[i] + 3) % N_OUT);
      memset (b.images + i * N_IN, 255, N_IN);
    }
  g_assert_true (nn_trainer_fit (plain, a.images, a.labels, at, N_IN, 3, NULL, NULL));
  g_assert_true (nn_trainer_fit_validated (held, a.images, a.labels, N_ROWS, N_IN, 3, 0.25,
                                           NN_NO_EARLY_STOPPING, NULL, &r, NULL));
  g_assert_true (nn_trainer_fit_validated (other, b.images, b.labels, N_ROWS, N_IN, 3, 0.25,
                                           NN_NO_EARLY_STOPPING, NULL, NULL, NULL));
  g_assert_cmpuint (r.n_train, ==, 300);
  g_assert_cmpuint (r.n_val, ==, 100);
  g_assert_cmpint (r.epochs_run, ==, 3);
  g_assert_false (r.stopped_early);
  assert_same_params (nn_trainer_get_net (plain), nn_trainer_get_net (held));
  assert_same_params (nn_trainer_get_net (plain), nn_trainer_get_net (other));
  free_arrays (&a);
  free_arrays (&b);
}

/* Every epoch's val_loss is an evaluation of rows [split_at, n) with that epoch's weights;
 * the last one's with the final weights. */
static void
test_val_loss_is_evaluation (void)
{
  Arrays a = make_arrays (11);
  g_autoptr(NnTrainer) t = make_trainer (32, 0.001f);
  Epochs e = { 0 };
  NnCallbacks cb = { NULL, record_epoch_cb, &e, NULL };
  gsize at = nn_validation_split_at (N_ROWS, 0.3);

  g_assert_true (nn_trainer_fit_validated (t, a.images, a.labels, N_ROWS, N_IN, 4, 0.3,
                                           NN_NO_EARLY_STOPPING, &cb, NULL, NULL));
  g_assert_cmpint (e.n_epochs, ==, 4);
  for (int i = 1; i <= 4; i++)
    {
      double loss, acc;

      nn_evaluate (e.weights[i], a.images + at * N_IN, a.labels + at, N_ROWS - at, N_IN,
                   &loss, &acc);
      g_assert_cmpfloat (e.val_loss[i], ==, loss);
      g_assert_cmpfloat (e.val_acc[i], ==, acc);
    }
  assert_same_params (e.weights[4], nn_trainer_get_net (t));
  clear_epochs (&e);
  free_arrays (&a);
}

/* The epoch EarlyStopping(monitor='val_loss', patience) stops after, from a run's losses. */
static int
expected_stop (const Epochs *e,
               int           patience,
               int          *best_epoch)
{
  int wait = 0;

  *best_epoch = 1;
  for (int i = 2; i <= e->n_epochs; i++)
    {
      if (e->val_loss[i] < e->val_loss[*best_epoch])
        {
          *best_epoch = i;
          wait = 0;
        }
      else if (++wait >= patience)
        return i;
    }
  return e->n_epochs;
}

static void
test_early_stopping (void)
{
  Arrays a = make_arrays (3);
  g_autoptr(NnTrainer) t = make_trainer (256, 0.01f);
  Epochs e = { 0 };
  NnCallbacks cb = { NULL, record_epoch_cb, &e, NULL };
  NnFitReport r;
  int best, stop;

  g_assert_true (nn_trainer_fit_validated (t, a.images, a.labels, N_ROWS, N_IN, MAX_EPOCH, 0.2,
                                           2, &cb, &r, NULL));
  stop = expected_stop (&e, 2, &best);
  /* random labels: the validation loss climbs long before 40 epochs */
  g_assert_true (r.stopped_early);
  g_assert_cmpint (r.epochs_run, ==, stop);
  g_assert_cmpint (e.n_epochs, ==, stop);
  g_assert_cmpint (stop, ==, best + 2);
  g_assert_cmpint (r.best_epoch, ==, best);
  g_assert_cmpfloat (r.best_val_loss, ==, e.val_loss[best]);
  assert_same_params (nn_trainer_get_net (t), e.weights[best]);
  clear_epochs (&e);
  free_arrays (&a);
}

static void
test_bad_arguments (void)
{
  Arrays a = make_arrays (5);
  g_autoptr(NnTrainer) t = make_trainer (32, 0.001f);
  static const struct { double f; int patience; } bad[] = {
    { 1.0, NN_NO_EARLY_STOPPING }, { -0.1, NN_NO_EARLY_STOPPING }, { NAN, NN_NO_EARLY_STOPPING },
    { 0.0, 3 }, { 0.2, -5 }, { 0.999, NN_NO_EARLY_STOPPING },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (nn_trainer_fit_validated (t, a.images, a.labels, N_ROWS, N_IN, 1, bad[i].f,
                                                bad[i].patience, NULL, NULL, &error));
      g_assert_error (error, NN_ERROR, NN_ERROR_INVALID);
    }
  /* nothing was trained */
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 0);
  free_arrays (&a);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/validation/split-at", test_split_at);
  g_test_add_func ("/validation/held-out-rows-untrained", test_held_out_rows_untrained);
  g_test_add_func ("/validation/val-loss-is-evaluation", test_val_loss_is_evaluation);
  g_test_add_func ("/validation/early-stopping", test_early_stopping);
  g_test_add_func ("/validation/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
