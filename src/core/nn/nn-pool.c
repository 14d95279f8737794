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
#define SPINS_BEFORE_YIELD 20000
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

/* What one thread owns and its scratch.  With several threads, a slice keeps its first
 * layer — w1's columns as rows of w floats, then its entries of b1 — in blocks of its own,
 * for the parameters, their RMSprop state and their gradients: neighbouring slices of the
 * network's w1 would share cache lines (and the pairs of lines that x86 fetches together),
 * and two cores writing them step after step would pass the lines back and forth.  One
 * thread works in the network's own arrays, which have that layout for the whole layer. */
typedef struct
{
  int       j0, j1, w;  /* its hidden units */
  float    *wb;         /* ((n_in + 1) · w): w1's columns, then b1's entries */
  float    *ab;         /* the same for the RMSprop state */
  float    *gb;         /* the same for the gradients */
  float    *gw2;        /* (w, n_out): the gradient of its rows of w2 */
  float    *h;          /* (B, w) */
  float    *dh;         /* (B, w) */
  float    *hfull;      /* (B, n_hidden): every slice's h, for the second layer */
  float    *p;          /* (B, n_out) */
  float    *dlogits;    /* (B, n_out) */
  guint8   *keep;       /* (B) */
  float    *w2t;        /* (n_out, w) */
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
  gboolean           own_blocks; /* the slices' first layers live in their own blocks */
  gboolean           reload;     /* the network was handed out: read it back first */
  GThread          **threads;   /* n_threads − 1 helpers; slice 0 runs on the caller */
  Slice             *slices;
  Barrier            barrier;
  float             *grad;      /* one thread: the gradient block, in NnNet order */
  float             *db2;       /* (n_out) */
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
  gsize n_in = pool->net->n_in;

  pool->k->layer1_forward (&pool->xs, s->wb, s->wb + n_in * s->w, s->w, s->h);
}

/* Every slice's h side by side, in the order of the hidden units. */
static void
gather_hidden (NnPool *pool,
               Slice  *s)
{
  int nh = pool->net->n_hidden;

  for (int b = 0; b < pool->xs.batch; b++)
    for (int i = 0; i < pool->n_threads; i++)
      {
        const Slice *o = &pool->slices[i];

        memcpy (s->hfull + (gsize) b * nh + o->j0, o->h + (gsize) b * o->w, o->w * sizeof (float));
      }
}

/* After the barrier: the second layer and the loss's gradient in full, then the slice's
 * backward pass and the update of its first layer. */
static void
slice_backward (NnPool *pool,
                Slice  *s)
{
  NnNet *net = pool->net;
  int batch = pool->xs.batch, nh = net->n_hidden, no = net->n_out;
  gsize n_in = net->n_in, block = (n_in + 1) * s->w;

  if (pool->n_threads > 1)
    gather_hidden (pool, s);
  pool->k->layer2_forward (s->hfull, net->w2, net->b2, batch, nh, no, s->p);
  s->finite = nn_clip_gradient (s->p, pool->y, batch, no, 1.0f / (float) batch, s->keep,
                                s->dlogits);
  if (!s->finite)
    return;
  pool->k->layer2_backward (s->h, s->dlogits, s->keep, net->w2 + (gsize) s->j0 * no, batch, no,
                            s->w, s->w2t, s->gw2, s->gb + n_in * s->w, s->dh);
  pool->k->layer1_backward (&pool->xs, s->dh, s->keep, s->w, s->gb);
  pool->k->rmsprop (&pool->coefs, s->wb, s->ab, s->gb, 1, block, block);
}

/* The second layer's update, w2 and b2 (330 parameters for the lesson), by the calling
 * thread once every thread is done: until then every thread reads all of w2 and b2 for its
 * copy of the forward pass. */
static void
layer2_update (NnPool *pool)
{
  NnNet *net = pool->net;
  gsize no = net->n_out;
  float *a = pool->opt->accum;

  nn_bias2_gradient (pool->slices[0].dlogits, pool->xs.batch, (int) no, pool->db2);
  for (int i = 0; i < pool->n_threads; i++)
    {
      const Slice *s = &pool->slices[i];
      gsize at = net->w2 - net->params + s->j0 * no, n = s->w * no;

      pool->k->rmsprop (&pool->coefs, net->params + at, a + at, s->gw2, 1, n, n);
    }
  pool->k->rmsprop (&pool->coefs, net->b2, a + (net->b2 - net->params), pool->db2, 1, no, no);
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
      barrier_wait (&pool->barrier);          /* every slice's h is ready */
      slice_backward (pool, s);
      barrier_wait (&pool->barrier);          /* every slice is updated */
    }
  nn_flush_denormals_end (saved);
  return NULL;
}

static float *
aligned_floats (gsize n)
{
  return g_aligned_alloc0 (MAX (n, 1), sizeof (float), 2 * LINE_FLOATS * sizeof (float));
}

/* Copies the first layer of every slice between the network's layout (w1 rows of n_hidden,
 * then b1) and the slices' blocks (rows of w). */
static void
copy_blocks (NnPool   *pool,
             gboolean  to_slices)
{
  const NnNet *net = pool->net;
  gsize nh = net->n_hidden;

  for (int i = 0; i < pool->n_threads; i++)
    {
      Slice *s = &pool->slices[i];

      for (int k = 0; k <= net->n_in; k++)
        {
          gsize at = k * nh + s->j0, mine = k * s->w, bytes = s->w * sizeof (float);

          if (to_slices)
            {
              memcpy (s->wb + mine, net->params + at, bytes);
              memcpy (s->ab + mine, pool->opt->accum + at, bytes);
            }
          else
            {
              memcpy (net->params + at, s->wb + mine, bytes);
              memcpy (pool->opt->accum + at, s->ab + mine, bytes);
            }
        }
    }
}

static void
slices_init (NnPool *pool,
             int     cap)
{
  NnNet *net = pool->net;
  gsize n_in = net->n_in, nh = net->n_hidden, no = net->n_out;

  pool->slices = g_new0 (Slice, pool->n_threads);
  for (int i = 0; i < pool->n_threads; i++)
    {
      Slice *s = &pool->slices[i];

      s->j0 = (int) ((gint64) nh * i / pool->n_threads);
      s->j1 = (int) ((gint64) nh * (i + 1) / pool->n_threads);
      s->w = s->j1 - s->j0;
      if (pool->own_blocks)
        {
          s->wb = aligned_floats ((n_in + 1) * s->w);
          s->ab = aligned_floats ((n_in + 1) * s->w);
          s->gb = aligned_floats ((n_in + 1) * s->w);
          s->hfull = aligned_floats ((gsize) cap * nh);
        }
      else
        {
          /* w1 then b1 is the slice layout already */
          s->wb = net->params;
          s->ab = pool->opt->accum;
          s->gb = pool->grad;
        }
      s->gw2 = aligned_floats ((gsize) s->w * no);
      s->h = aligned_floats ((gsize) cap * s->w);
      s->dh = aligned_floats ((gsize) cap * s->w);
      if (!pool->own_blocks)
        s->hfull = s->h;
      s->p = aligned_floats ((gsize) cap * no);
      s->dlogits = aligned_floats ((gsize) cap * no);
      s->keep = g_new0 (guint8, cap);
      s->w2t = aligned_floats (no * s->w);
    }
  if (pool->own_blocks)
    copy_blocks (pool, TRUE);
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

  pool->net = net;
  pool->opt = opt;
  pool->set = set;
  pool->labels = labels;
  pool->k = nn_kernels ();
  pool->n_threads = CLAMP (n_threads, 1, net->n_hidden);
  pool->own_blocks = pool->n_threads > 1;
  pool->barrier.n = pool->n_threads;
  pool->grad = aligned_floats ((gsize) (net->n_in + 1) * net->n_hidden);
  pool->db2 = aligned_floats (net->n_out);
  pool->y = g_new0 (guint8, batch_capacity);
  nn_sparse_batch_init (&pool->xs, batch_capacity, net->n_in);
  slices_init (pool, batch_capacity);
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
nn_pool_sync (NnPool *pool)
{
  if (pool == NULL || !pool->own_blocks)
    return;
  if (!pool->reload)
    copy_blocks (pool, FALSE);
  pool->reload = TRUE;
}

static void
slice_free (NnPool *pool,
            Slice  *s)
{
  if (pool->own_blocks)
    {
      g_aligned_free (s->wb);
      g_aligned_free (s->ab);
      g_aligned_free (s->gb);
      g_aligned_free (s->hfull);
    }
  g_aligned_free (s->gw2);
  g_aligned_free (s->h);
  g_aligned_free (s->dh);
  g_aligned_free (s->p);
  g_aligned_free (s->dlogits);
  g_free (s->keep);
  g_aligned_free (s->w2t);
}

void
nn_pool_free (NnPool *pool)
{
  if (pool == NULL)
    return;
  nn_pool_sync (pool);
  if (pool->n_threads > 1)
    {
      g_atomic_int_set (&pool->quit, TRUE);
      barrier_wait (&pool->barrier);
    }
  for (int i = 1; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);
  for (int i = 0; i < pool->n_threads; i++)
    slice_free (pool, &pool->slices[i]);
  nn_sparse_batch_clear (&pool->xs);
  g_aligned_free (pool->grad);
  g_aligned_free (pool->db2);
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

  if (pool->reload)
    {
      copy_blocks (pool, TRUE);
      pool->reload = FALSE;
    }
  for (int b = 0; b < count; b++)
    pool->y[b] = pool->labels[indices[b]];
  nn_sparse_batch_gather_set (&pool->xs, pool->set, indices, count);
  nn_rmsprop_coefs (pool->opt, &pool->coefs);

  if (shared)
    barrier_wait (&pool->barrier);
  slice_forward (pool, s);
  if (shared)
    barrier_wait (&pool->barrier);
  slice_backward (pool, s);
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
