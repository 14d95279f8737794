/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-pool"

#include "config.h"

#include "nn-pool.h"

#include <string.h>

#include "nn-fpu.h"
#include "nn-kernels.h"
#include "nn-private.h"
#include "nn-sync.h"
#include "nn-trainer.h"
#include "nn-way.h"

#define ALIGN_BYTES 128     /* two cache lines: x86 fetches lines in pairs */

/* The first layer's two blocks of pixels (nn-kernels.h) */
#define N_BLOCKS 2

/* A part owns a run of one block's rows of w1 — with two threads, the whole block — and no
 * other part reads or writes them: it computes the block's sums from them, their gradient,
 * their update.  It takes a run of the samples through the second layer. */
typedef struct
{
  int            block;       /* its block: of the first layer's sums and of w1's rows */
  int            k0, k1;      /* its rows of w1 */
  int            nb, rb;      /* the parts of its block, and its rank among them */
  NnSparseBatch  xs;          /* the step's samples: pointers into the training set's non-zeros */
  float         *w2t;         /* (n_out, n_hidden) scratch */
  guint8        *y, *keep, *hit;  /* (B) its samples': labels, not clipped, argmax right */
  gboolean       finite;
} __attribute__ ((aligned (ALIGN_BYTES))) Part;

struct _NnPool
{
  NnNet             *net;
  NnRmsprop         *opt;
  const NnSparseSet *set;       /* the training images' non-zeros */
  const guint8      *labels;    /* the training set's */
  const NnKernels   *k;
  int                n_threads;
  GThread          **threads;   /* n_threads − 1 helpers; part 0 runs on the caller */
  Part              *parts;
  NnNet             *grad;
  /* the step's results, each sample's row written by the part that takes it through the
   * second layer */
  float             *partial[N_BLOCKS];  /* (B, n_hidden) each block's sums */
  float             *half[2];   /* each half batch's gradient of b1, w2 and b2 (layer2_len) */
  float             *h;         /* (B, n_hidden) */
  float             *dh;        /* (B, n_hidden) */
  float             *p;         /* (B, n_out) */
  float             *dlogits;   /* (B, n_out) */
  guint8            *keep;      /* (B) not clipped */
  guint8            *hit;       /* (B) argmax right */
  double            *loss;      /* (B) */
  /* the step, written by the caller before the start signal: the samples, and those of
   * the next step that follow them */
  const guint32     *indices;
  int                count;
  int                next_count;
  int                ahead_count;
  NnRmspropCoefs     coefs;
  gboolean           quit;
  /* two threads: each computes its block's sums for the next step at the end of a step's
   * update (forward_next), and that step then starts from them (forward_done); the sums
   * are for ready_count samples at ready_indices */
  gboolean           forward_next;
  gboolean           forward_done;
  gboolean           forward_ready;
  const guint32     *ready_indices;
  int                ready_count;
  /* the caller wants the coming step's gradient (nn_pool_keep_gradient); the last step's
   * gradient is still in grad, so its w1 rows must be zeroed before they are summed into */
  gboolean           keep_gradient;
  gboolean           gradient_kept;
  /* adaptive: which way the steps run (nn-way.h) */
  gboolean           adaptive;
  NnWay              way;
  gboolean           solo;
  NnJobSignal        start;
  NnBarrier          barrier __attribute__ ((aligned (ALIGN_BYTES)));
};

typedef struct
{
  NnPool *pool;
  int     part;
  int     creator_cpu;
} WorkerArgs;

static int
cut (int count,
     int parts,
     int i)
{
  return (int) ((gint64) count * i / parts);
}

/* The part's block's sums for its run of the `count` samples at indices (all of them when
 * its block has one part): the block's rows of w1 are its own. */
static void
part_forward (NnPool        *pool,
              Part          *t,
              const guint32 *indices,
              int            count)
{
  const NnNet *net = pool->net;
  int b0 = cut (count, t->nb, t->rb), b1 = cut (count, t->nb, t->rb + 1);

  nn_sparse_batch_gather_set (&t->xs, pool->set, indices, count);
  pool->k->layer1_partial (&t->xs, net->w1, net->n_hidden, t->block, b0, b1,
                           pool->partial[t->block]);
}

/* How many of the network's parameters b1, w2 and b2 are: they follow w1 in its block. */
static gsize
layer2_len (const NnNet *net)
{
  return net->n_params - (gsize) (net->b1 - net->params);
}

/* The second layer's gradient (b1, w2 and b2, the block's order) over one half of the
 * batch, samples in order, into that half's sums. */
static void
layer2_half_gradient (NnPool *pool,
                      int     half)
{
  const NnNet *net = pool->net;
  int nh = net->n_hidden, no = net->n_out;
  int s0 = cut (pool->count, 2, half), n = cut (pool->count, 2, half + 1) - s0;
  float *db1 = pool->half[half], *dw2 = db1 + nh, *db2 = dw2 + (gsize) nh * no;

  memset (db1, 0, layer2_len (net) * sizeof (float));
  pool->k->layer2_gradient (pool->h + (gsize) s0 * nh, pool->dlogits + (gsize) s0 * no,
                            pool->keep + s0, pool->dh + (gsize) s0 * nh, n, nh, no, 0, nh, dw2,
                            db1);
  nn_bias2_gradient (pool->dlogits + (gsize) s0 * no, n, no, db2);
}

/* The part's run of samples: the blocks' sums joined (`join`; else h is already there),
 * the second layer, the clipped loss's gradient and the hidden layer's. */
static void
part_layer2 (NnPool   *pool,
             Part     *t,
             int       i,
             gboolean  join)
{
  const NnNet *net = pool->net;
  int nh = net->n_hidden, no = net->n_out;
  int s0 = cut (pool->count, pool->n_threads, i);
  int n = cut (pool->count, pool->n_threads, i + 1) - s0;
  float *h = pool->h + (gsize) s0 * nh, *p = pool->p + (gsize) s0 * no;
  float *dlogits = pool->dlogits + (gsize) s0 * no;
  guint8 *y = t->y;

  /* (a part may have no sample: a last batch of one; its half's gradient is then zero) */
  if (join)
    {
      const float *p0 = pool->partial[0] + (gsize) s0 * nh;
      const float *p1 = pool->partial[1] + (gsize) s0 * nh;

      /* relu((S₀ + S₁) + b1), lane for lane what layer1_forward stores */
      for (int b = 0; b < n; b++)
        for (int j = 0; j < nh; j++)
          {
            gsize at = (gsize) b * nh + j;
            float v = (p0[at] + p1[at]) + net->b1[j];

            h[at] = v > 0.0f ? v : 0.0f;
          }
    }
  for (int b = 0; b < n; b++)
    y[b] = pool->labels[pool->indices[s0 + b]];
  pool->k->layer2_forward (h, net->w2, net->b2, n, nh, no, p);
  t->finite = nn_clip_gradient (p, y, n, no, 1.0f / (float) pool->count, t->keep, dlogits);
  pool->k->hidden_gradient (h, dlogits, t->keep, net->w2, n, no, nh, t->w2t,
                            pool->dh + (gsize) s0 * nh);
  for (int b = 0; b < n; b++)
    {
      const float *row = p + (gsize) b * no;

      pool->loss[s0 + b] = nn_clipped_log_loss (row, y[b], no);
      t->hit[b] = nn_argmax (row, no) == y[b];
    }
  /* the bytes of all the parts' samples share a cache line: written at once, not one by one
   * while another core writes its own */
  memcpy (pool->keep + s0, t->keep, n);
  memcpy (pool->hit + s0, t->hit, n);
  /* two threads: each its half's second-layer gradient, from what it just computed */
  if (join && pool->n_threads == 2)
    layer2_half_gradient (pool, i);
}

static gboolean
all_finite (NnPool *pool)
{
  for (int i = 0; i < pool->n_threads; i++)
    if (!pool->parts[i].finite)
      return FALSE;
  return TRUE;
}

/* The second layer's gradient — each half's sums, then the two added — and the update of
 * w2, b1 and b2.  The halves' sums are there already when two threads took the halves
 * through the second layer (halves_done). */
static void
layer2_update (NnPool   *pool,
               gboolean  halves_done)
{
  NnNet *net = pool->net;
  gsize from = net->b1 - net->params, n = layer2_len (net);
  const float *h0 = pool->half[0], *h1 = pool->half[1];
  float *g = pool->grad->params + from;

  if (!halves_done)
    for (int half = 0; half < 2; half++)
      layer2_half_gradient (pool, half);
  for (gsize j = 0; j < n; j++)
    g[j] = h0[j] + h1[j];
  pool->k->rmsprop (&pool->coefs, net->params + from, pool->opt->accum + from, g, n);
}

/* The next steps' entries, those the part will read: its block's of the next step's
 * samples, and where the step after finds its samples' entries. */
static void
part_prefetch (NnPool *pool,
               Part   *t)
{
  const guint32 *next = pool->indices + pool->count;

  nn_sparse_set_prefetch_offsets (pool->set, next + pool->next_count, pool->ahead_count);
  nn_sparse_set_prefetch (pool->set, next, pool->next_count,
                          pool->n_threads > 1 ? t->block : -1);
}

/* Rows [k0, k1) of w1: their gradient over the batch, samples in order, and their update;
 * part 0 also the second layer's. */
static void
part_update (NnPool *pool,
             Part   *t,
             int     i)
{
  NnNet *net = pool->net;
  NnNet *g = pool->grad;
  float *a = pool->opt->accum;
  int nh = net->n_hidden;
  gsize from = (gsize) t->k0 * nh, n = (gsize) (t->k1 - t->k0) * nh;

  part_prefetch (pool, t);
  if (!all_finite (pool))
    return;
  /* the rows' gradients are zero: the last update consumed them, unless it kept them */
  if (pool->gradient_kept)
    memset (g->params + from, 0, n * sizeof (float));
  pool->k->layer1_backward (&t->xs, pool->dh, pool->keep, nh, t->k0, t->k1, g->w1);
  if (pool->keep_gradient)
    pool->k->rmsprop (&pool->coefs, net->params + from, a + from, g->params + from, n);
  else
    pool->k->rmsprop_consume (&pool->coefs, net->params + from, a + from, g->params + from, n);
  if (i == 0)
    layer2_update (pool, pool->n_threads == 2 && !pool->solo);
  /* shared: the next step's sums of the part's block, while its rows are in its cache and
   * without a barrier of their own */
  if (pool->forward_next)
    part_forward (pool, t, pool->indices + pool->count, pool->next_count);
}

static gpointer
helper_thread_cb (gpointer data)
{
  WorkerArgs *args = data;
  NnPool *pool = args->pool;
  int i = args->part;
  Part *t = &pool->parts[i];
  unsigned int saved = nn_flush_denormals_begin ();
  gint job = 0;

  nn_thread_start_off_cpu (args->creator_cpu);
  g_free (args);
  nn_barrier_wait (&pool->barrier);                   /* running */
  for (;;)
    {
      job = nn_job_signal_wait (&pool->start, job);   /* a step is ready */
      if (g_atomic_int_get (&pool->quit))
        break;
      if (!pool->forward_done)
        {
          part_forward (pool, t, pool->indices, pool->count);
          nn_barrier_wait (&pool->barrier);   /* every block's sums are ready */
        }
      part_layer2 (pool, t, i, TRUE);
      nn_barrier_wait (&pool->barrier);       /* every sample's gradients are ready */
      part_update (pool, t, i);
      nn_barrier_wait (&pool->barrier);       /* every row is updated, the next sums ready */
    }
  nn_flush_denormals_end (saved);
  return NULL;
}

/* Zeroed, aligned, and NULL when the memory is not there (g_aligned_alloc0 aborts): a batch
 * of 60,000 with 4,096 hidden units needs gigabytes, which a caller reports as an error. */
static gpointer
try_aligned0 (gsize n,
              gsize size)
{
  gpointer mem = NULL;

  n = MAX (n, 1);
  if (n > G_MAXSIZE / size || posix_memalign (&mem, ALIGN_BYTES, n * size) != 0)
    return NULL;
  memset (mem, 0, n * size);
  return mem;
}

static float *
aligned_floats (gsize n)
{
  return try_aligned0 (n, sizeof (float));
}

/* Part i of n: block i mod 2 (both blocks' rows when it is alone), a run of that block's
 * rows, and FALSE when the memory for batches of cap is not there (part_clear then frees
 * what was allocated). */
static gboolean
part_init (Part        *t,
           int          i,
           int          n,
           int          cap,
           const NnNet *net)
{
  int ks = nn_sparse_split_pixel (net->n_in);

  t->block = i % N_BLOCKS;
  t->nb = n == 1 ? 1 : (n - 1 - t->block) / N_BLOCKS + 1;
  t->rb = i / N_BLOCKS;
  if (n == 1)
    {
      t->k0 = 0;
      t->k1 = net->n_in;
    }
  else
    {
      int lo = t->block == 0 ? 0 : ks, len = t->block == 0 ? ks : net->n_in - ks;

      t->k0 = lo + cut (len, t->nb, t->rb);
      t->k1 = lo + cut (len, t->nb, t->rb + 1);
    }
  t->w2t = aligned_floats ((gsize) net->n_out * net->n_hidden);
  t->y = try_aligned0 (cap, 1);
  t->keep = try_aligned0 (cap, 1);
  t->hit = try_aligned0 (cap, 1);
  return nn_sparse_batch_try_init (&t->xs, cap, net->n_in) && t->w2t != NULL && t->y != NULL &&
         t->keep != NULL && t->hit != NULL;
}

static void
part_clear (Part *t)
{
  nn_sparse_batch_clear (&t->xs);
  g_aligned_free (t->w2t);
  g_aligned_free (t->y);
  g_aligned_free (t->keep);
  g_aligned_free (t->hit);
}

/* The pool's arrays for the step's results; FALSE when the memory is not there. */
static gboolean
results_init (NnPool *pool,
              int     cap)
{
  gsize nh = pool->net->n_hidden, no = pool->net->n_out;

  for (int b = 0; b < N_BLOCKS; b++)
    pool->partial[b] = aligned_floats (cap * nh);
  for (int i = 0; i < 2; i++)
    pool->half[i] = aligned_floats (layer2_len (pool->net));
  pool->h = aligned_floats (cap * nh);
  pool->dh = aligned_floats (cap * nh);
  pool->p = aligned_floats (cap * no);
  pool->dlogits = aligned_floats (cap * no);
  pool->keep = try_aligned0 (cap, 1);
  pool->hit = try_aligned0 (cap, 1);
  pool->loss = try_aligned0 (cap, sizeof (double));
  return pool->partial[0] != NULL && pool->partial[1] != NULL && pool->half[0] != NULL &&
         pool->half[1] != NULL && pool->h != NULL &&
         pool->dh != NULL && pool->p != NULL && pool->dlogits != NULL &&
         pool->keep != NULL && pool->hit != NULL && pool->loss != NULL;
}

/* Everything nn_pool_new allocates, once no helper thread runs (or none was started). */
static void
release_parts (NnPool *pool)
{
  gpointer results[] = { pool->partial[0], pool->partial[1], pool->half[0], pool->half[1],
                         pool->h, pool->dh, pool->p, pool->dlogits, pool->keep, pool->hit,
                         pool->loss };

  nn_job_signal_clear (&pool->start);
  for (int i = 0; i < pool->n_threads; i++)
    part_clear (&pool->parts[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (results); i++)
    g_aligned_free (results[i]);
  nn_net_free (pool->grad);
  g_aligned_free (pool->parts);
  g_free (pool->threads);
  g_aligned_free (pool);
}

NnPool *
nn_pool_new (NnNet             *net,
             NnRmsprop         *opt,
             const NnSparseSet *set,
             const guint8      *labels,
             int                batch_capacity,
             int                n_threads)
{
  NnPool *pool = g_aligned_alloc0 (1, sizeof (NnPool), ALIGN_BYTES);
  int cap = batch_capacity;
  gboolean fits;

  pool->net = net;
  pool->opt = opt;
  pool->set = set;
  pool->labels = labels;
  pool->k = nn_kernels ();
  pool->adaptive = n_threads == 0;
  nn_way_init (&pool->way);
  /* every part needs a row of w1 of its own */
  pool->n_threads = CLAMP (pool->adaptive ? nn_available_threads () : n_threads, 1,
                           MAX (MIN (nn_sparse_split_pixel (net->n_in), cap), 1));
  nn_barrier_init (&pool->barrier, pool->n_threads);
  nn_job_signal_init (&pool->start);
  pool->grad = nn_net_new (net->n_in, net->n_hidden, net->n_out);
  pool->parts = g_aligned_alloc0 (pool->n_threads, sizeof (Part), ALIGN_BYTES);
  fits = results_init (pool, cap);
  for (int i = 0; i < pool->n_threads; i++)
    fits &= part_init (&pool->parts[i], i, pool->n_threads, cap, net);
  if (!fits)
    {
      release_parts (pool);
      return NULL;
    }
  pool->threads = g_new0 (GThread *, pool->n_threads);
  for (int i = 1; i < pool->n_threads; i++)
    {
      WorkerArgs *args = g_new (WorkerArgs, 1);

      args->pool = pool;
      args->part = i;
      args->creator_cpu = nn_thread_current_cpu ();
      pool->threads[i] = g_thread_new ("nn-part", helper_thread_cb, args);
    }
  /* A new thread can take milliseconds to first run (on a virtual machine, its idle
   * processor must be woken): wait for that here, not at the first step's barrier. */
  if (pool->n_threads > 1)
    nn_barrier_wait (&pool->barrier);
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
      nn_job_signal_park (&pool->start, FALSE);
      nn_job_signal_post (&pool->start);
    }
  for (int i = 1; i < pool->n_threads; i++)
    g_thread_join (pool->threads[i]);
  release_parts (pool);
}

/* Which way the next step runs, and the helpers parked when it is solo. */
static void
choose_way (NnPool *pool)
{
  gboolean solo;

  if (!pool->adaptive || pool->n_threads == 1)
    return;
  solo = nn_way_choose (&pool->way);
  if (solo != pool->solo)
    nn_job_signal_park (&pool->start, solo);
  pool->solo = solo;
}

static void
run_shared (NnPool *pool)
{
  Part *t = &pool->parts[0];

  nn_job_signal_post (&pool->start);
  if (!pool->forward_done)
    {
      part_forward (pool, t, pool->indices, pool->count);
      nn_barrier_wait (&pool->barrier);
    }
  part_layer2 (pool, t, 0, TRUE);
  nn_barrier_wait (&pool->barrier);
  part_update (pool, t, 0);
  nn_barrier_wait (&pool->barrier);
}

/* Every part in turn on this thread, the same results as shared: the first layer's two
 * blocks in one pass (layer1_forward joins them as part_layer2 does). */
static void
run_solo (NnPool *pool)
{
  const NnNet *net = pool->net;

  for (int i = 0; i < pool->n_threads; i++)
    nn_sparse_batch_gather_set (&pool->parts[i].xs, pool->set, pool->indices, pool->count);
  pool->k->layer1_forward (&pool->parts[0].xs, net->w1, net->b1, net->n_hidden, pool->h);
  for (int i = 0; i < pool->n_threads; i++)
    part_layer2 (pool, &pool->parts[i], i, FALSE);
  for (int i = 0; i < pool->n_threads; i++)
    part_update (pool, &pool->parts[i], i);
}

gboolean
nn_pool_step (NnPool        *pool,
              const guint32 *indices,
              int            count,
              int            following,
              double        *loss,
              int           *correct)
{
  gint64 start = g_get_monotonic_time ();
  double sum = 0.0;

  pool->indices = indices;
  pool->count = count;
  pool->next_count = MIN (count, following);
  pool->ahead_count = MIN (count, following - pool->next_count);
  nn_rmsprop_coefs (pool->opt, &pool->coefs);
  choose_way (pool);
  if (pool->n_threads > 1 && !pool->solo)
    {
      /* one part per block (two threads): the next step's sums need only the part's own
       * rows of w1, so it computes them as its update ends */
      pool->forward_done = pool->forward_ready && indices == pool->ready_indices &&
                           count == pool->ready_count;
      pool->forward_next = pool->n_threads == N_BLOCKS && pool->next_count > 0;
      run_shared (pool);
    }
  else
    {
      pool->forward_next = FALSE;
      run_solo (pool);
    }
  pool->forward_ready = pool->forward_next && all_finite (pool);
  pool->ready_indices = indices + count;
  pool->ready_count = pool->next_count;
  pool->gradient_kept = pool->keep_gradient;
  pool->keep_gradient = FALSE;
  if (pool->adaptive && pool->n_threads > 1)
    nn_way_record (&pool->way, g_get_monotonic_time () - start);

  /* the loss over every sample in order, as nn_cross_entropy sums it */
  *correct = 0;
  for (int b = 0; b < count; b++)
    {
      sum += pool->loss[b];
      *correct += pool->hit[b];
    }
  *loss = sum / count;
  if (!all_finite (pool))
    return FALSE;
  pool->opt->iterations++;
  return TRUE;
}

int
nn_available_threads (void)
{
  return CLAMP ((int) g_get_num_processors (), 1, NN_MAX_THREADS);
}

void
nn_pool_keep_gradient (NnPool *pool)
{
  pool->keep_gradient = TRUE;
}

const NnNet *
nn_pool_get_gradient (const NnPool *pool)
{
  return pool->gradient_kept ? pool->grad : NULL;
}
