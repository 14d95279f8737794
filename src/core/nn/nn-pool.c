/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-pool"

#include "config.h"

#include "nn-pool.h"

#include <string.h>

#include "nn-fpu.h"
#include "nn-kernels.h"
#include "nn-private.h"

/* A batch of 32 takes a few tens of microseconds, so threads meet at spinning barriers
 * (three a step) rather than sleeping on a condition.  A thread that waits longer — the
 * caller is in its batch callback, or evaluating the test set at an epoch's end — first
 * yields its core, then sleeps in short naps, so a waiting helper never holds a core that
 * the application's interface needs. */
#define SPINS_BEFORE_YIELD 2000
#define YIELDS_BEFORE_NAP  200
#define NAP_US             50
#define LINE_FLOATS        16      /* floats in a 64-byte cache line */

typedef struct
{
  gint count;
  gint generation;
  int  n;
} Barrier;

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

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
    {
      if (spins < SPINS_BEFORE_YIELD)
        cpu_relax ();
      else if (spins < SPINS_BEFORE_YIELD + YIELDS_BEFORE_NAP)
        g_thread_yield ();
      else
        g_usleep (NAP_US);
    }
}

/* What one thread owns and its scratch: the second layer is computed by every thread. */
typedef struct
{
  int       j0, j1;     /* its hidden units */
  float    *p;          /* (B, n_out) */
  float    *dlogits;    /* (B, n_out) */
  guint8   *keep;       /* (B) */
  float    *w2t;        /* (n_out, j1 − j0) */
  gboolean  finite;
} Slice;

struct _NnPool
{
  NnNet             *net;
  NnRmsprop         *opt;
  const NnSparseSet *set;       /* the training images' non-zeros */
  const guint8      *labels;    /* the training set's */
  const NnKernels   *k;
  int                n_threads;
  GThread          **threads;   /* n_threads − 1 helpers; slice 0 runs on the caller */
  Slice             *slices;
  Barrier            barrier;
  NnNet             *grad;      /* every thread writes its slice's gradients */
  float             *h;         /* (B, n_hidden), every thread writes its columns */
  float             *dh;        /* (B, n_hidden), likewise */
  /* the step, written by the caller before the start barrier */
  NnSparseBatch      xs;
  guint8            *y;         /* (B) */
  NnRmspropCoefs     coefs;
  gboolean           quit;
};

typedef struct
{
  NnPool *pool;
  int     slice;
} WorkerArgs;

static void
slice_forward (NnPool *pool,
               Slice  *s)
{
  const NnNet *net = pool->net;

  pool->k->layer1_forward (&pool->xs, net->w1, net->b1, net->n_hidden, s->j0, s->j1, pool->h);
}

/* The RMSprop update of the slice's first layer: w1's columns and b1's entries. */
static void
slice_update (NnPool *pool,
              Slice  *s)
{
  NnNet *net = pool->net;
  float *a = pool->opt->accum;
  const float *g = pool->grad->params;
  gsize nh = net->n_hidden, w = s->j1 - s->j0;
  gsize o_w1 = s->j0, o_b1 = net->b1 - net->params + s->j0;

  pool->k->rmsprop (&pool->coefs, net->params + o_w1, a + o_w1, g + o_w1, net->n_in, nh, w);
  pool->k->rmsprop (&pool->coefs, net->params + o_b1, a + o_b1, g + o_b1, 1, w, w);
}

/* The second layer's update, w2 and b2 (330 parameters for the lesson), by the calling
 * thread once every thread is done: until then every thread reads all of w2 and b2 for its
 * copy of the forward pass. */
static void
layer2_update (NnPool *pool)
{
  NnNet *net = pool->net;
  gsize from = net->w2 - net->params, n = net->n_params - from;

  pool->k->rmsprop (&pool->coefs, net->params + from, pool->opt->accum + from,
                    pool->grad->params + from, 1, n, n);
}

/* After the barrier: the second layer and the loss's gradient in full, then the slice's
 * backward pass and update. */
static void
slice_backward (NnPool *pool,
                Slice  *s,
                gboolean first)
{
  NnNet *net = pool->net;
  int batch = pool->xs.batch, nh = net->n_hidden, no = net->n_out;

  pool->k->layer2_forward (pool->h, net->w2, net->b2, batch, nh, no, s->p);
  s->finite = nn_clip_gradient (s->p, pool->y, batch, no, 1.0f / (float) batch, s->keep,
                                s->dlogits);
  if (!s->finite)
    return;
  if (first)
    nn_bias2_gradient (s->dlogits, batch, no, pool->grad->b2);
  pool->k->layer2_backward (pool->h, s->dlogits, s->keep, net->w2, batch, nh, no, s->j0, s->j1,
                            s->w2t, pool->grad->w2, pool->grad->b1, pool->dh);
  pool->k->layer1_backward (&pool->xs, pool->dh, s->keep, nh, s->j0, s->j1, pool->grad->w1);
  slice_update (pool, s);
}

static gpointer
helper_thread_cb (gpointer data)
{
  WorkerArgs *args = data;
  NnPool *pool = args->pool;
  Slice *s = &pool->slices[args->slice];
  unsigned int saved = nn_flush_denormals_begin ();

  g_free (args);
  for (;;)
    {
      barrier_wait (&pool->barrier);          /* a step is ready */
      if (g_atomic_int_get (&pool->quit))
        break;
      slice_forward (pool, s);
      barrier_wait (&pool->barrier);          /* the hidden layer is complete */
      slice_backward (pool, s, FALSE);
      barrier_wait (&pool->barrier);          /* every slice is updated */
    }
  nn_flush_denormals_end (saved);
  return NULL;
}

static float *
aligned_floats (gsize n)
{
  return g_aligned_alloc0 (MAX (n, 1), sizeof (float), LINE_FLOATS * sizeof (float));
}

static void
slices_init (NnPool *pool,
             int     cap)
{
  const NnNet *net = pool->net;

  pool->slices = g_new0 (Slice, pool->n_threads);
  for (int i = 0; i < pool->n_threads; i++)
    {
      Slice *s = &pool->slices[i];

      s->j0 = (int) ((gint64) net->n_hidden * i / pool->n_threads);
      s->j1 = (int) ((gint64) net->n_hidden * (i + 1) / pool->n_threads);
      s->p = aligned_floats ((gsize) cap * net->n_out);
      s->dlogits = aligned_floats ((gsize) cap * net->n_out);
      s->keep = g_new0 (guint8, cap);
      s->w2t = aligned_floats ((gsize) net->n_out * (s->j1 - s->j0));
    }
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
  pool->k = nn_kernels ();
  pool->n_threads = CLAMP (n_threads, 1, net->n_hidden);
  pool->barrier.n = pool->n_threads;
  pool->grad = nn_net_new (net->n_in, net->n_hidden, net->n_out);
  pool->h = aligned_floats ((gsize) cap * net->n_hidden);
  pool->dh = aligned_floats ((gsize) cap * net->n_hidden);
  pool->y = g_new0 (guint8, cap);
  nn_sparse_batch_init (&pool->xs, cap, net->n_in);
  slices_init (pool, cap);
  pool->threads = g_new0 (GThread *, pool->n_threads);
  for (int i = 1; i < pool->n_threads; i++)
    {
      WorkerArgs *args = g_new (WorkerArgs, 1);

      args->pool = pool;
      args->slice = i;
      pool->threads[i] = g_thread_new ("nn-slice", helper_thread_cb, args);
    }
  return pool;
}

void
nn_pool_free (NnPool *pool)
{
  if (pool == NULL)
    return;
  if (pool->n_threads > 1)
    {
      g_atomic_int_set (&pool->quit, TRUE);
      barrier_wait (&pool->barrier);
    }
  for (int i = 1; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);
  for (int i = 0; i < pool->n_threads; i++)
    {
      Slice *s = &pool->slices[i];

      g_aligned_free (s->p);
      g_aligned_free (s->dlogits);
      g_free (s->keep);
      g_aligned_free (s->w2t);
    }
  nn_sparse_batch_clear (&pool->xs);
  nn_net_free (pool->grad);
  g_aligned_free (pool->h);
  g_aligned_free (pool->dh);
  g_free (pool->y);
  g_free (pool->slices);
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
  gboolean shared = pool->n_threads > 1;
  Slice *s = &pool->slices[0];

  for (int b = 0; b < count; b++)
    pool->y[b] = pool->labels[indices[b]];
  nn_sparse_batch_gather_set (&pool->xs, pool->set, indices, count);
  nn_rmsprop_coefs (pool->opt, &pool->coefs);

  if (shared)
    barrier_wait (&pool->barrier);
  slice_forward (pool, s);
  if (shared)
    barrier_wait (&pool->barrier);
  slice_backward (pool, s, TRUE);
  /* the loss from this thread's copy of the probabilities, while the others update */
  *loss = nn_cross_entropy (s->p, pool->y, count, pool->net->n_out, correct);
  if (shared)
    barrier_wait (&pool->barrier);

  if (!s->finite)
    return FALSE;
  layer2_update (pool);
  pool->opt->iterations++;
  return TRUE;
}
