/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-pool"

#include "config.h"

#include "nn-pool.h"

#include <math.h>
#include <string.h>

#include "nn-fpu.h"
#include "nn-private.h"

/* A batch of 32 takes tens of microseconds, so threads meet at spinning barriers (three a
 * batch) rather than sleeping on a condition; a thread that waits long yields its core. */
#define SPINS_BEFORE_YIELD 4000

typedef struct
{
  gint count;
  gint generation;
  int  n;
} Barrier;

static void
barrier_wait (Barrier *b)
{
  gint gen = g_atomic_int_get (&b->generation);

  if (g_atomic_int_add (&b->count, 1) == b->n - 1)
    {
      g_atomic_int_set (&b->count, 0);
      g_atomic_int_inc (&b->generation);
      return;
    }
  for (guint spins = 0; g_atomic_int_get (&b->generation) == gen; spins++)
    if (spins > SPINS_BEFORE_YIELD)
      g_thread_yield ();
}

typedef struct
{
  NnSparseBatch  xs;
  float         *h;        /* (B, n_hidden) */
  float         *p;        /* (B, n_out) */
  float         *dlogits;  /* (B, n_out) */
  float         *dh;       /* (B, n_hidden) */
  guint8        *y;        /* (B) */
  NnNet         *grad;
  double         loss_sum; /* Σ over the shard's samples */
  int            correct;
} Shard;

struct _NnPool
{
  NnNet             *net;
  NnRmsprop         *opt;
  const NnSparseSet *set;       /* the training images' non-zeros */
  const guint8      *labels;    /* the training set's */
  int                n_threads;
  GThread          **threads;   /* n_threads − 1 helpers; shard 0 runs on the caller */
  Shard             *shards;
  Barrier            barrier;
  /* the job, written by the caller before the start barrier */
  const guint32     *indices;
  int                count;
  gboolean           quit;
};

typedef struct
{
  NnPool *pool;
  int     shard;
} WorkerArgs;

static void
shard_bounds (int  total,
              int  parts,
              int  i,
              int *from,
              int *to)
{
  *from = (int) ((gint64) total * i / parts);
  *to = (int) ((gint64) total * (i + 1) / parts);
}

static void
shard_compute (NnPool *pool,
               int     i)
{
  Shard *s = &pool->shards[i];
  const NnNet *net = pool->net;
  int from, to, n;

  shard_bounds (pool->count, pool->n_threads, i, &from, &to);
  n = to - from;
  s->loss_sum = 0.0;
  s->correct = 0;
  if (n == 0)
    {
      memset (s->grad->params, 0, net->n_params * sizeof (float));
      return;
    }
  for (int b = 0; b < n; b++)
    s->y[b] = pool->labels[pool->indices[from + b]];
  nn_sparse_batch_gather_set (&s->xs, pool->set, pool->indices + from, n);
  nn_forward_sparse (net, &s->xs, s->h, s->p);
  s->loss_sum = nn_cross_entropy (s->p, s->y, n, net->n_out, &s->correct) * n;
  nn_backward_sparse_part (net, &s->xs, s->h, s->p, s->y, 1.0f / (float) pool->count,
                           s->grad, s->dlogits, s->dh);
}

static gboolean
batch_finite (NnPool *pool)
{
  double sum = 0.0;

  for (int i = 0; i < pool->n_threads; i++)
    sum += pool->shards[i].loss_sum;
  return isfinite (sum);
}

/* Sums the shards' gradients into shard 0's block over this thread's parameter range, in
 * shard order, then applies RMSprop to that range. */
static void
shard_update (NnPool *pool,
              int     i)
{
  float *sum = pool->shards[0].grad->params;
  int from, to;

  if (!batch_finite (pool))
    return;
  shard_bounds ((int) pool->net->n_params, pool->n_threads, i, &from, &to);
  for (int k = 1; k < pool->n_threads; k++)
    {
      const float *g = pool->shards[k].grad->params;
      for (int j = from; j < to; j++)
        sum[j] += g[j];
    }
  nn_rmsprop_update_range (pool->opt, pool->net->params, sum, from, to);
}

static gpointer
shard_thread_cb (gpointer data)
{
  WorkerArgs *args = data;
  NnPool *pool = args->pool;
  int i = args->shard;
  unsigned int saved = nn_flush_denormals_begin ();

  g_free (args);
  for (;;)
    {
      barrier_wait (&pool->barrier);          /* a job is ready */
      if (g_atomic_int_get (&pool->quit))
        break;
      shard_compute (pool, i);
      barrier_wait (&pool->barrier);          /* every gradient is ready */
      shard_update (pool, i);
      barrier_wait (&pool->barrier);          /* the parameters are updated */
    }
  nn_flush_denormals_end (saved);
  return NULL;
}

NnPool *
nn_pool_new (NnNet             *net,
             NnRmsprop         *opt,
             const NnSparseSet *set,
             const guint8      *labels,
             int                batch_capacity,
             int                n_threads)
{
  NnPool *pool = g_new0 (NnPool, 1);
  int cap = batch_capacity;

  pool->net = net;
  pool->opt = opt;
  pool->set = set;
  pool->labels = labels;
  pool->n_threads = n_threads;
  pool->barrier.n = n_threads;
  pool->shards = g_new0 (Shard, n_threads);
  for (int i = 0; i < n_threads; i++)
    {
      Shard *s = &pool->shards[i];

      nn_sparse_batch_init (&s->xs, cap, net->n_in);
      s->h = g_new (float, (gsize) cap * net->n_hidden);
      s->p = g_new (float, (gsize) cap * net->n_out);
      s->dlogits = g_new (float, (gsize) cap * net->n_out);
      s->dh = g_new (float, (gsize) cap * net->n_hidden);
      s->y = g_new (guint8, cap);
      s->grad = nn_net_new (net->n_in, net->n_hidden, net->n_out);
    }
  pool->threads = g_new0 (GThread *, n_threads);
  for (int i = 1; i < n_threads; i++)
    {
      WorkerArgs *args = g_new (WorkerArgs, 1);

      args->pool = pool;
      args->shard = i;
      pool->threads[i] = g_thread_new ("nn-shard", shard_thread_cb, args);
    }
  return pool;
}

void
nn_pool_free (NnPool *pool)
{
  if (pool == NULL)
    return;
  g_atomic_int_set (&pool->quit, TRUE);
  barrier_wait (&pool->barrier);
  for (int i = 1; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);
  for (int i = 0; i < pool->n_threads; i++)
    {
      Shard *s = &pool->shards[i];

      nn_sparse_batch_clear (&s->xs);
      g_free (s->h);
      g_free (s->p);
      g_free (s->dlogits);
      g_free (s->dh);
      g_free (s->y);
      nn_net_free (s->grad);
    }
  g_free (pool->shards);
  g_free (pool->threads);
  g_free (pool);
}

gboolean
nn_pool_step (NnPool        *pool,
              const guint32 *indices,
              int            count,
              double        *loss,
              int           *correct)
{
  gboolean finite;

  pool->indices = indices;
  pool->count = count;
  barrier_wait (&pool->barrier);
  shard_compute (pool, 0);
  barrier_wait (&pool->barrier);
  shard_update (pool, 0);
  barrier_wait (&pool->barrier);

  finite = batch_finite (pool);
  *loss = 0.0;
  *correct = 0;
  for (int i = 0; i < pool->n_threads; i++)
    {
      *loss += pool->shards[i].loss_sum;
      *correct += pool->shards[i].correct;
    }
  *loss /= count;
  if (finite)
    pool->opt->iterations++;
  return finite;
}

const NnNet *
nn_pool_get_gradient (const NnPool *pool)
{
  return pool->shards[0].grad;
}
