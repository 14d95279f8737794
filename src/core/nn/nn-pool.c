/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-pool"

#include "config.h"

#include "nn-pool.h"

#include <math.h>
#include <string.h>

#include "nn-fpu.h"
#include "nn-kernels.h"
#include "nn-private.h"
#include "nn-sync.h"
#include "nn-trainer.h"

#define ALIGN_BYTES 128     /* two cache lines: x86 fetches lines in pairs */

/* The cost model that balances the pixels between threads: an RMSprop update of one row
 * of w1 costs about as much as ROW_COST scattered gradient rows when the row has a
 * gradient, IDLE_ROW_COST when no sample of the batch lit its pixel (the update then only
 * decays the accumulators, nn-kernels.c), and the second layer's gradient and update,
 * which the last thread does, about TAIL_COST per hidden unit. */
#define ROW_COST      8.0
#define IDLE_ROW_COST 2.5
#define TAIL_COST     80.0

/* An adaptive pool times its steps both ways — shared by its threads, or every part on
 * the calling thread while the helpers sleep — and runs the faster way: it keeps a moving
 * average of each way's step time (a step counts at most OUTLIER times the average, so
 * that one preemption does not decide), switches when the other way's average is lower,
 * and every PROBE_EVERY steps tries the other way for up to PROBE_STEPS steps to refresh
 * its average, stopping early when it is already twice as slow.  Both ways give the same
 * bits, so only the speed changes: a busy machine, or an interface that needs a core, makes
 * the threads wait for each other at every barrier, and one thread is then faster. */
#define PROBE_EVERY 256
#define PROBE_STEPS 16
#define AVERAGE_OF  8          /* the moving average's weight: 1 / AVERAGE_OF per step */
#define OUTLIER     2.0

typedef struct
{
  int            k0, k1;      /* its rows of w1 */
  NnSparseBatch  xs;          /* its samples: pointers into the training set's non-zeros */
  const guint32 *next;        /* its samples of the next step */
  int            next_n;
  const guint32 *ahead;       /* its samples of the step after */
  int            ahead_n;
  guint8        *y;           /* (B) labels */
  guint8        *keep;        /* (B) not clipped */
  guint8        *hit;         /* (B) argmax right */
  double        *loss;        /* (B) */
  float         *h;           /* (B, n_hidden) */
  float         *dh;          /* (B, n_hidden) */
  float         *p;           /* (B, n_out) */
  float         *dlogits;     /* (B, n_out) */
  float         *w2t;         /* (n_out, n_hidden) scratch */
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
  /* the step, written by the caller before the start barrier: the samples, and those of
   * the next step that follow them */
  const guint32     *indices;
  int                count;
  int                next_count;
  int                ahead_count;
  NnRmspropCoefs     coefs;
  gboolean           quit;
  /* the caller wants the coming step's gradient (nn_pool_keep_gradient); the last step's
   * gradient is still in grad, so its w1 rows must be zeroed before they are summed into */
  gboolean           keep_gradient;
  gboolean           gradient_kept;
  /* adaptive: which way the coming steps run, and the probes' timings */
  gboolean           adaptive;
  gboolean           solo;
  guint64            steps;
  double             step_us[2];        /* [solo]: each way's moving average, 0 if unknown */
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

/* The part's run of `n` samples at `from`. */
static const guint32 *
part_run (const guint32 *from,
          int            n,
          int            parts,
          int            i,
          int           *count)
{
  int n0 = cut (n, parts, i);

  *count = cut (n, parts, i + 1) - n0;
  return from + n0;
}

/* The part's samples of this step, found in the training set's non-zeros, and those of
 * the next two steps. */
static void
part_gather (NnPool *pool,
             Part   *t,
             int     i)
{
  int count = pool->count, parts = pool->n_threads, n;
  const guint32 *mine = part_run (pool->indices, count, parts, i, &n);

  nn_sparse_batch_gather_set (&t->xs, pool->set, mine, n);
  for (int b = 0; b < n; b++)
    t->y[b] = pool->labels[mine[b]];
  t->next = part_run (pool->indices + count, pool->next_count, parts, i, &t->next_n);
  t->ahead = part_run (pool->indices + count + pool->next_count, pool->ahead_count, parts, i,
                       &t->ahead_n);
}

/* The part's samples: forward, the clipped loss's gradient, the hidden layer's. */
static void
part_forward (NnPool *pool,
              Part   *t,
              int     i)
{
  const NnNet *net = pool->net;
  int nh = net->n_hidden, no = net->n_out, n;

  part_gather (pool, t, i);
  n = t->xs.batch;
  t->finite = TRUE;
  if (n == 0)
    return;
  pool->k->layer1_forward (&t->xs, net->w1, net->b1, nh, t->h);
  pool->k->layer2_forward (t->h, net->w2, net->b2, n, nh, no, t->p);
  t->finite = nn_clip_gradient (t->p, t->y, n, no, 1.0f / (float) pool->count, t->keep,
                                t->dlogits);
  pool->k->hidden_gradient (t->h, t->dlogits, t->keep, net->w2, n, no, nh, t->w2t, t->dh);
  for (int b = 0; b < n; b++)
    {
      const float *row = t->p + (gsize) b * no;

      t->loss[b] = nn_clipped_log_loss (row, t->y[b], no);
      t->hit[b] = nn_argmax (row, no) == t->y[b];
    }
}

static gboolean
all_finite (NnPool *pool)
{
  for (int i = 0; i < pool->n_threads; i++)
    if (!pool->parts[i].finite)
      return FALSE;
  return TRUE;
}

/* The second layer's gradient over every part's samples in order, and the update of b1,
 * w2 and b2 (contiguous in the block, after w1). */
static void
layer2_update (NnPool *pool)
{
  NnNet *net = pool->net;
  NnNet *g = pool->grad;
  int nh = net->n_hidden, no = net->n_out;
  gsize from = net->b1 - net->params, n = net->n_params - from;

  memset (g->params + from, 0, n * sizeof (float));
  for (int i = 0; i < pool->n_threads; i++)
    {
      const Part *o = &pool->parts[i];

      pool->k->layer2_gradient (o->h, o->dlogits, o->keep, o->dh, o->xs.batch, nh, no, g->w2,
                                g->b1);
      nn_bias2_gradient (o->dlogits, o->xs.batch, no, g->b2);
    }
  pool->k->rmsprop (&pool->coefs, net->params + from, pool->opt->accum + from,
                    g->params + from, n);
}

/* Rows [k0, k1) of w1: their gradient over every part's samples in order and their
 * update; the last part also the second layer's. */
static void
part_update (NnPool *pool,
             Part   *t,
             gboolean last)
{
  NnNet *net = pool->net;
  NnNet *g = pool->grad;
  float *a = pool->opt->accum;
  int nh = net->n_hidden;
  gsize from = (gsize) t->k0 * nh, n = (gsize) (t->k1 - t->k0) * nh;

  nn_sparse_set_prefetch_offsets (pool->set, t->ahead, t->ahead_n);
  nn_sparse_set_prefetch (pool->set, t->next, t->next_n);
  if (!all_finite (pool))
    return;
  /* the rows' gradients are zero: the last update consumed them, unless it kept them */
  if (pool->gradient_kept)
    memset (g->params + from, 0, n * sizeof (float));
  for (int i = 0; i < pool->n_threads; i++)
    {
      const Part *o = &pool->parts[i];

      pool->k->layer1_backward (&o->xs, o->dh, o->keep, nh, t->k0, t->k1, g->w1);
    }
  if (pool->keep_gradient)
    pool->k->rmsprop (&pool->coefs, net->params + from, a + from, g->params + from, n);
  else
    pool->k->rmsprop_consume (&pool->coefs, net->params + from, a + from, g->params + from, n);
  if (last)
    layer2_update (pool);
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
      part_forward (pool, t, i);
      nn_barrier_wait (&pool->barrier);       /* every sample's gradients are ready */
      part_update (pool, t, i == pool->n_threads - 1);
      nn_barrier_wait (&pool->barrier);       /* every row is updated */
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

/* Pixel k's expected work per step: its scattered gradient rows (one per sample that lights
 * it) and its row's update, which is cheap when no sample of the batch lights it. */
static double
pixel_cost (const NnSparseSet *set,
            int                k,
            int                batch)
{
  double lit = (double) set->pixel_count[k] / MAX (set->n, 1);
  double idle = pow (1.0 - lit, batch);

  return batch * lit + IDLE_ROW_COST * idle + ROW_COST * (1.0 - idle);
}

/* Cuts the pixels into runs of about equal work: each row's expected scattered gradients
 * per batch and its update, and the second layer's work for the last part. */
static void
split_pixels (NnPool *pool,
              int     batch)
{
  const NnNet *net = pool->net;
  double total = TAIL_COST * net->n_hidden, done = 0.0;
  int k = 0;

  for (int i = 0; i < net->n_in; i++)
    total += pixel_cost (pool->set, i, batch);
  for (int i = 0; i < pool->n_threads; i++)
    {
      Part *t = &pool->parts[i];

      t->k0 = k;
      while (k < net->n_in && (i == pool->n_threads - 1 || done < total * (i + 1) /
                                                           pool->n_threads))
        done += pixel_cost (pool->set, k++, batch);
      t->k1 = k;
    }
}

/* A part's arrays for up to cap samples, each in lines of its own; FALSE when the memory is
 * not there (part_clear then frees what was allocated). */
static gboolean
part_init (Part *t,
           int   cap,
           int   n_in,
           int   nh,
           int   no)
{
  gboolean ok = nn_sparse_batch_try_init (&t->xs, cap, n_in);

  t->y = try_aligned0 (cap, 1);
  t->keep = try_aligned0 (cap, 1);
  t->hit = try_aligned0 (cap, 1);
  t->loss = try_aligned0 (cap, sizeof (double));
  t->h = aligned_floats ((gsize) cap * nh);
  t->dh = aligned_floats ((gsize) cap * nh);
  t->p = aligned_floats ((gsize) cap * no);
  t->dlogits = aligned_floats ((gsize) cap * no);
  t->w2t = aligned_floats ((gsize) no * nh);
  return ok && t->y != NULL && t->keep != NULL && t->hit != NULL && t->loss != NULL &&
         t->h != NULL && t->dh != NULL && t->p != NULL && t->dlogits != NULL && t->w2t != NULL;
}

static void
part_clear (Part *t)
{
  nn_sparse_batch_clear (&t->xs);
  g_aligned_free (t->y);
  g_aligned_free (t->keep);
  g_aligned_free (t->hit);
  g_aligned_free (t->loss);
  g_aligned_free (t->h);
  g_aligned_free (t->dh);
  g_aligned_free (t->p);
  g_aligned_free (t->dlogits);
  g_aligned_free (t->w2t);
}

/* Everything nn_pool_new allocates, once no helper thread runs (or none was started). */
static void
release_parts (NnPool *pool)
{
  nn_job_signal_clear (&pool->start);
  for (int i = 0; i < pool->n_threads; i++)
    part_clear (&pool->parts[i]);
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
  gboolean fits = TRUE;

  pool->net = net;
  pool->opt = opt;
  pool->set = set;
  pool->labels = labels;
  pool->k = nn_kernels ();
  pool->adaptive = n_threads == 0;
  pool->n_threads = CLAMP (pool->adaptive ? nn_available_threads () : n_threads, 1,
                           MIN (cap, net->n_in));
  nn_barrier_init (&pool->barrier, pool->n_threads);
  nn_job_signal_init (&pool->start);
  pool->grad = nn_net_new (net->n_in, net->n_hidden, net->n_out);
  pool->parts = g_aligned_alloc0 (pool->n_threads, sizeof (Part), ALIGN_BYTES);
  for (int i = 0; i < pool->n_threads; i++)
    fits &= part_init (&pool->parts[i],
                       cut (cap, pool->n_threads, i + 1) - cut (cap, pool->n_threads, i),
                       net->n_in, net->n_hidden, net->n_out);
  if (!fits)
    {
      release_parts (pool);
      return NULL;
    }
  split_pixels (pool, cap);
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

/* Which way the next step runs (see PROBE_EVERY), and the helpers parked when it is solo. */
static void
choose_way (NnPool *pool)
{
  guint64 phase = pool->steps % PROBE_EVERY;
  const double *us = pool->step_us;
  gboolean best, solo;

  if (!pool->adaptive || pool->n_threads == 1)
    return;
  best = us[TRUE] > 0.0 && us[TRUE] < us[FALSE];
  solo = best;
  /* probe the other way: the first steps of a fit shared, then solo, then periodically */
  if (us[!best] == 0.0 || (phase < PROBE_STEPS && us[!best] < 2.0 * us[best]))
    solo = !best;
  if (us[FALSE] == 0.0)
    solo = FALSE;
  if (solo != pool->solo)
    nn_job_signal_park (&pool->start, solo);
  pool->solo = solo;
}

static void
time_way (NnPool *pool,
          gint64  us)
{
  double *avg = &pool->step_us[pool->solo];

  if (*avg == 0.0)
    *avg = us;
  else
    *avg += (MIN (us, OUTLIER * *avg) - *avg) / AVERAGE_OF;
}

static void
run_shared (NnPool *pool)
{
  nn_job_signal_post (&pool->start);
  part_forward (pool, &pool->parts[0], 0);
  nn_barrier_wait (&pool->barrier);
  part_update (pool, &pool->parts[0], FALSE);
  nn_barrier_wait (&pool->barrier);
}

/* Every part in turn on this thread: the same work in the same order as shared. */
static void
run_solo (NnPool *pool)
{
  for (int i = 0; i < pool->n_threads; i++)
    part_forward (pool, &pool->parts[i], i);
  for (int i = 0; i < pool->n_threads; i++)
    part_update (pool, &pool->parts[i], i == pool->n_threads - 1);
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
    run_shared (pool);
  else
    run_solo (pool);
  pool->steps++;
  pool->gradient_kept = pool->keep_gradient;
  pool->keep_gradient = FALSE;
  if (pool->adaptive)
    time_way (pool, g_get_monotonic_time () - start);

  /* the loss over every sample in order, as nn_cross_entropy sums it */
  *correct = 0;
  for (int i = 0; i < pool->n_threads; i++)
    for (int b = 0; b < pool->parts[i].xs.batch; b++)
      {
        sum += pool->parts[i].loss[b];
        *correct += pool->parts[i].hit[b];
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
