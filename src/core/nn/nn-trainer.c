/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-trainer"

#include "config.h"

#include "nn-trainer.h"
#include "nn-trainer-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "nn-fpu.h"
#include "nn-private.h"

G_DEFINE_QUARK (nn-error-quark, nn_error)

#define EVAL_BATCH 256   /* nn_evaluate's batch: big enough to amortise, small enough to cache */

/* The training arrays of one fit. */
typedef struct
{
  const guint8 *images;   /* (n, stride) */
  const guint8 *labels;   /* (n) */
  gsize         n;
  gsize         stride;
} NnBatchSource;

void
nn_config_init_defaults (NnConfig *config)
{
  config->n_hidden = NN_LESSON_HIDDEN;
  config->batch_size = NN_LESSON_BATCH_SIZE;
  config->shuffle = TRUE;
  config->seed = NN_LESSON_SEED;
  config->hyper = NN_HYPER_KERAS_DEFAULTS;
  config->dense = FALSE;
  config->n_threads = NN_THREADS_AUTO;
}

gboolean
nn_config_validate (const NnConfig  *config,
                    GError         **error)
{
  if (config->n_hidden < 1 || config->n_hidden > NN_MAX_HIDDEN)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Hidden units must be between 1 and %d (got %d)"),
                   NN_MAX_HIDDEN, config->n_hidden);
      return FALSE;
    }
  if (config->batch_size < 1 || config->batch_size > NN_MAX_BATCH_SIZE)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Batch size must be between 1 and %d (got %d)"),
                   NN_MAX_BATCH_SIZE, config->batch_size);
      return FALSE;
    }
  if (config->n_threads != NN_THREADS_AUTO &&
      (config->n_threads < 1 || config->n_threads > NN_MAX_THREADS))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Threads must be between 1 and %d (got %d)"),
                   NN_MAX_THREADS, config->n_threads);
      return FALSE;
    }
  return nn_hyper_validate (&config->hyper, error);
}

static void
free_scratch (NnTrainer *t)
{
  g_clear_pointer (&t->x, g_free);
  g_clear_pointer (&t->h, g_free);
  g_clear_pointer (&t->p, g_free);
  g_clear_pointer (&t->dlogits, g_free);
  g_clear_pointer (&t->dh, g_free);
  g_clear_pointer (&t->y, g_free);
  t->scratch_batch = 0;
}

/* The largest batch with the largest hidden layer needs gigabytes of scratch: when they are
 * not there that is an error the caller reports, not an abort. */
static gboolean
no_memory (const NnTrainer  *t,
           int               batch,
           GError          **error)
{
  const NnNet *net = t->net;
  /* the input (dense engine), hidden and output planes, in floats */
  g_autofree char *size = g_format_size ((gsize) batch * sizeof (float) *
                                         ((t->config.dense ? (gsize) net->n_in : 0) +
                                          2 * (gsize) (net->n_hidden + net->n_out)));

  g_set_error (error, NN_ERROR, NN_ERROR_NO_MEMORY,
               _("Not enough memory for batches of %d with %d hidden units (%s); try a "
                 "smaller batch size"), batch, net->n_hidden, size);
  return FALSE;
}

/* The dense engine's batch arrays; the sparse engine's pool keeps its own. */
static gboolean
ensure_scratch (NnTrainer  *t,
                int         batch,
                GError    **error)
{
  const NnNet *net = t->net;
  gsize b = (gsize) batch;
  gboolean ok;

  if (!t->config.dense)
    {
      free_scratch (t);
      return TRUE;
    }
  if (t->scratch_batch >= batch)
    return TRUE;
  free_scratch (t);
  ok = (t->x = g_try_new (float, b * net->n_in)) != NULL &&
       (t->h = g_try_new (float, b * net->n_hidden)) != NULL &&
       (t->p = g_try_new (float, b * net->n_out)) != NULL &&
       (t->dlogits = g_try_new (float, b * net->n_out)) != NULL &&
       (t->dh = g_try_new (float, b * net->n_hidden)) != NULL &&
       (t->y = g_try_new (guint8, b)) != NULL;
  if (!ok)
    {
      free_scratch (t);
      return no_memory (t, batch, error);
    }
  t->scratch_batch = batch;
  return TRUE;
}

NnTrainer *
nn_trainer_new (const NnConfig  *config,
                int              n_in,
                int              n_out,
                GError         **error)
{
  NnTrainer *t;

  if (!nn_config_validate (config, error))
    return NULL;

  t = g_new0 (NnTrainer, 1);
  t->config = *config;
  t->net = nn_net_new (n_in, config->n_hidden, n_out);
  t->grad = nn_net_new (n_in, config->n_hidden, n_out);
  nn_rmsprop_init (&t->opt, &config->hyper, t->net->n_params);
  nn_trainer_reset (t);
  return t;
}

void
nn_trainer_free (NnTrainer *t)
{
  if (t == NULL)
    return;
  free_scratch (t);
  nn_net_free (t->net);
  nn_net_free (t->grad);
  nn_rmsprop_clear (&t->opt);
  nn_sparse_set_unref (t->sparse_set);
  g_free (t->order);
  g_free (t);
}

void
nn_trainer_reset (NnTrainer *t)
{
  nn_net_init_glorot (t->net, t->config.seed);
  memset (t->opt.accum, 0, t->opt.n * sizeof (float));
  t->opt.iterations = 0;
  t->opt.hyper = t->config.hyper;
  nn_rng_seed (&t->shuffle_rng, t->config.seed, NN_RNG_STREAM_SHUFFLE);
  t->epochs_done = 0;
  g_clear_pointer (&t->order, g_free);
  t->order_n = 0;
}

gboolean
nn_trainer_configure (NnTrainer       *t,
                      const NnConfig  *config,
                      GError         **error)
{
  g_return_val_if_fail (t != NULL && config != NULL, FALSE);

  if (config->n_hidden != t->config.n_hidden)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Hidden units cannot change without a new network (%d, asked for %d)"),
                   t->config.n_hidden, config->n_hidden);
      return FALSE;
    }
  if (!nn_config_validate (config, error))
    return FALSE;
  t->config = *config;
  t->opt.hyper = config->hyper;
  return TRUE;
}

gboolean
nn_trainer_set_hyper (NnTrainer      *t,
                      const NnHyper  *hyper,
                      GError        **error)
{
  g_return_val_if_fail (t != NULL && hyper != NULL, FALSE);

  if (!nn_hyper_validate (hyper, error))
    return FALSE;
  t->config.hyper = *hyper;
  t->opt.hyper = *hyper;
  return TRUE;
}

const NnConfig *
nn_trainer_get_config (const NnTrainer *t)
{
  return &t->config;
}

NnNet *
nn_trainer_get_net (const NnTrainer *t)
{
  return t->net;
}

NnRmsprop *
nn_trainer_get_optimizer (const NnTrainer *t)
{
  /* the optimizer is the trainer's, like the network it points to */
  return (NnRmsprop *) &t->opt;
}

void
nn_trainer_keep_gradient (NnTrainer *t)
{
  if (t->pool != NULL)
    nn_pool_keep_gradient (t->pool);
}

const float *
nn_trainer_get_gradient (const NnTrainer *t)
{
  const NnNet *g;

  if (t->pool == NULL)
    return t->grad->params;
  g = nn_pool_get_gradient (t->pool);
  return g != NULL ? g->params : NULL;
}

const NnRng *
nn_trainer_get_shuffle_rng (const NnTrainer *t)
{
  return &t->shuffle_rng;
}

gint64
nn_trainer_get_iterations (const NnTrainer *t)
{
  return t->opt.iterations;
}

int
nn_trainer_get_epochs_done (const NnTrainer *t)
{
  return t->epochs_done;
}

void
nn_trainer_set_epochs_done (NnTrainer *t,
                            int        epochs_done)
{
  g_return_if_fail (epochs_done >= 0 && epochs_done <= NN_MAX_EPOCHS_DONE);
  t->epochs_done = epochs_done;
}

const guint32 *
nn_trainer_get_batch (const NnTrainer *t,
                      int             *count)
{
  g_return_val_if_fail (t != NULL && count != NULL, NULL);
  *count = t->batch_count;
  return t->batch;
}

/* The sample order array; every epoch starts it from 0, 1, 2, … (see run_epoch). */
static void
ensure_order (NnTrainer *t,
              gsize      n)
{
  if (t->order_n == n)
    return;
  g_free (t->order);
  t->order = g_new (guint32, n);
  for (gsize i = 0; i < n; i++)
    t->order[i] = (guint32) i;
  t->order_n = n;
}

/* x (count, n_in) = images[indices[i]] / 255, y = their labels */
static void
gather_dense (const NnBatchSource *train,
              const guint32       *indices,
              int                  count,
              float               *x,
              guint8              *y)
{
  for (int i = 0; i < count; i++)
    {
      const guint8 *img = train->images + (gsize) indices[i] * train->stride;

      for (gsize j = 0; j < train->stride; j++)
        x[(gsize) i * train->stride + j] = img[j] / 255.0f;
      y[i] = train->labels[indices[i]];
    }
}

static gboolean
diverged (NnTrainer  *t,
          GError    **error)
{
  /* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro */
  g_set_error (error, NN_ERROR, NN_ERROR_DIVERGED,
               _("Training diverged at step %lld: the loss is not a "
                 "finite number. Try a smaller learning rate (now %g)."),
               (long long) t->opt.iterations + 1, t->opt.hyper.lr);
  return FALSE;
}

/* One step on the samples `indices`; `following` samples of the next steps follow them. */
static gboolean
train_batch (NnTrainer            *t,
             const NnBatchSource  *train,
             const guint32        *indices,
             int                   count,
             int                   following,
             double               *loss,
             int                  *correct,
             GError              **error)
{
  NnNet *net = t->net;

  if (!t->config.dense)
    return nn_pool_step (t->pool, indices, count, following, loss, correct) ||
           diverged (t, error);

  gather_dense (train, indices, count, t->x, t->y);
  nn_forward_gemm (net, t->x, count, t->h, t->p);
  *loss = nn_cross_entropy (t->p, t->y, count, net->n_out, correct);
  if (!isfinite (*loss))
    return diverged (t, error);
  nn_backward (net, t->x, t->h, t->p, t->y, count, t->grad, t->dlogits, t->dh);
  nn_rmsprop_step (&t->opt, net->params, t->grad->params);
  return TRUE;
}

static gboolean
run_epoch (NnTrainer            *t,
           const NnBatchSource  *train,
           NnProgress           *prog,
           const NnCallbacks    *cb,
           GError              **error)
{
  gint64 start = g_get_monotonic_time ();
  double loss_sum = 0.0;
  gsize correct_sum = 0;
  int bs = t->config.batch_size;

  /* Each epoch shuffles 0, 1, 2, … afresh rather than the previous epoch's order (Keras 2
   * shuffles its index array in place; both give uniform permutations).  The order then
   * depends on the generator state alone, which the model file stores, so a saved and
   * reloaded trainer continues bit for bit like one that never stopped. */
  if (t->config.shuffle)
    {
      for (gsize i = 0; i < train->n; i++)
        t->order[i] = (guint32) i;
      nn_rng_shuffle (&t->shuffle_rng, t->order, train->n);
    }

  prog->seen = 0;
  for (gsize start_i = 0; start_i < train->n; start_i += bs)
    {
      int count = (int) MIN ((gsize) bs, train->n - start_i);
      double loss;
      int correct;

      if (cb != NULL && cb->cancel != NULL && g_atomic_int_get (cb->cancel))
        {
          g_set_error_literal (error, NN_ERROR, NN_ERROR_CANCELLED, _("Training was stopped"));
          return FALSE;
        }
      if (!train_batch (t, train, t->order + start_i, count,
                        (int) MIN (2 * (gsize) bs, train->n - start_i - count), &loss, &correct,
                        error))
        return FALSE;

      loss_sum += loss * count;
      correct_sum += correct;
      prog->seen += count;
      prog->iteration = t->opt.iterations;
      prog->loss = loss_sum / prog->seen;
      prog->accuracy = (double) correct_sum / prog->seen;
      prog->batch_loss = loss;
      prog->batch_accuracy = (double) correct / count;
      prog->seconds = (g_get_monotonic_time () - start) / 1e6;
      if (cb != NULL && cb->on_batch != NULL)
        {
          t->batch = t->order + start_i;
          t->batch_count = count;
          cb->on_batch (t, prog, cb->user_data);
          t->batch = NULL;
          t->batch_count = 0;
        }
    }
  return TRUE;
}

static gboolean
fit_epochs (NnTrainer            *t,
            const NnBatchSource  *train,
            int                   epochs,
            const NnCallbacks    *cb,
            GError              **error)
{
  NnProgress prog = { .val_loss = NAN, .val_accuracy = NAN };

  prog.total = train->n;
  prog.last_epoch = t->epochs_done + epochs;
  for (int e = 0; e < epochs; e++)
    {
      prog.epoch = t->epochs_done + 1;
      if (!run_epoch (t, train, &prog, cb, error))
        return FALSE;
      t->epochs_done++;
      if (cb != NULL && cb->on_epoch != NULL)
        cb->on_epoch (t, &prog, cb->user_data);
    }
  return TRUE;
}

/* A fit of `epochs` over n samples keeps the counters within NN_MAX_EPOCHS_DONE and
 * NN_MAX_ITERATIONS (the steps are at most 2³¹ epochs × 2³² batches: no overflow). */
static gboolean
counters_have_room (const NnTrainer  *t,
                    gsize             n,
                    int               epochs,
                    GError          **error)
{
  guint64 batches = (n + (gsize) t->config.batch_size - 1) / (gsize) t->config.batch_size;
  guint64 steps = (guint64) MAX (epochs, 0) * batches;

  if (t->epochs_done >= 0 && t->epochs_done <= NN_MAX_EPOCHS_DONE &&
      epochs <= NN_MAX_EPOCHS_DONE - t->epochs_done &&
      t->opt.iterations >= 0 && t->opt.iterations <= NN_MAX_ITERATIONS &&
      steps <= (guint64) (NN_MAX_ITERATIONS - t->opt.iterations))
    return TRUE;
  g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
               _("This model has trained %d epochs (%lld steps); %d more would pass the most "
                 "it can count (%d epochs, %lld steps)"),
               t->epochs_done, (long long) t->opt.iterations, epochs, NN_MAX_EPOCHS_DONE,
               (long long) NN_MAX_ITERATIONS);
  return FALSE;
}

gboolean
nn_trainer_fit (NnTrainer          *t,
                const guint8       *images,
                const guint8       *labels,
                gsize               n,
                gsize               stride,
                int                 epochs,
                const NnCallbacks  *cb,
                GError            **error)
{
  NnBatchSource train = { images, labels, n, stride };
  unsigned int saved;
  gboolean ok;

  g_return_val_if_fail (t != NULL && images != NULL && labels != NULL, FALSE);

  if (stride != (gsize) t->net->n_in || n == 0 || n > G_MAXUINT32)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("The training set does not fit this network (%zu items of %zu values, "
                     "the network takes %d)"),
                   n, stride, t->net->n_in);
      return FALSE;
    }
  if (!nn_config_validate (&t->config, error) || !nn_hyper_validate (&t->opt.hyper, error) ||
      !counters_have_room (t, n, epochs, error))
    return FALSE;

  if (!ensure_scratch (t, t->config.batch_size, error))
    return FALSE;
  ensure_order (t, n);
  nn_trainer_index_data (t, images, n);

  if (!t->config.dense)
    {
      t->pool = nn_pool_new (t->net, &t->opt, t->sparse_set, labels, t->config.batch_size,
                             t->config.n_threads);
      if (t->pool == NULL)
        return no_memory (t, t->config.batch_size, error);
    }
  saved = nn_flush_denormals_begin ();
  ok = fit_epochs (t, &train, epochs, cb, error);
  g_clear_pointer (&t->pool, nn_pool_free);
  nn_flush_denormals_end (saved);
  return ok;
}

void
nn_evaluate (const NnNet  *net,
             const guint8 *images,
             const guint8 *labels,
             gsize         n,
             gsize         stride,
             double       *loss,
             double       *accuracy)
{
  int bmax = (int) MIN ((gsize) EVAL_BATCH, MAX (n, 1));
  g_autofree float *h = NULL;
  g_autofree float *p = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree guint32 *idx = NULL;
  NnSparseBatch xs;
  double loss_sum = 0.0;
  gsize correct_sum = 0;

  g_return_if_fail (stride == (gsize) net->n_in);

  h = g_new (float, (gsize) bmax * net->n_hidden);
  p = g_new (float, (gsize) bmax * net->n_out);
  y = g_new (guint8, bmax);
  idx = g_new (guint32, bmax);
  nn_sparse_batch_init (&xs, bmax, net->n_in);
  for (gsize start = 0; start < n; start += bmax)
    {
      int count = (int) MIN ((gsize) bmax, n - start);
      int correct;

      for (int i = 0; i < count; i++)
        {
          idx[i] = (guint32) (start + i);
          y[i] = labels[start + i];
        }
      nn_sparse_batch_gather (&xs, images, idx, count);
      nn_forward_sparse (net, &xs, h, p);
      loss_sum += nn_cross_entropy (p, y, count, net->n_out, &correct) * count;
      correct_sum += correct;
    }
  nn_sparse_batch_clear (&xs);
  *loss = n > 0 ? loss_sum / n : 0.0;
  *accuracy = n > 0 ? (double) correct_sum / n : 0.0;
}

void
nn_predict (const NnNet *net,
            const float *x,
            float       *p)
{
  g_autofree float *h = g_new (float, net->n_hidden);

  nn_forward (net, x, 1, h, p);
}
