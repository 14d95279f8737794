/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtComparison: the runs of "Compare…" on a thread pool, their progress drained on the main
 * thread.  The workers see only their job and the shared record, never the GObject. */
#define G_LOG_DOMAIN "dt-comparison"

#include "config.h"

#include "dt-comparison.h"

#include <math.h>
#include <string.h>

#include "nn-validation.h"

typedef struct
{
  GArray     *points;     /* DtTrainerPoint since the last drain */
  GArray     *tests;      /* DtTestPoint */
  GArray     *vals;       /* DtTestPoint */
  gboolean    done;
  GError     *error;
  NnProgress  last;       /* after its latest batch (an epoch's end holds the val figures) */
  double      seconds;
  NnNet      *net;        /* the weights it ended with */
} RunRecord;

/* What the workers and the main thread share: freed only after the pool has gone. */
typedef struct
{
  GMutex    lock;
  gint      cancel;       /* atomic: Stop */
  RunRecord runs[DT_COMPARISON_MAX_RUNS];
} Shared;

typedef struct
{
  Shared   *shared;
  int       index;
  NnConfig  config;
  DtData   *data;
  int       epochs;
  DtFitOptions options;
} Job;

struct _DtComparison
{
  GObject        parent_instance;

  DtData        *data;
  NnConfig       base;
  int            epochs;
  DtFitOptions   options;
  DtCompareParam param;
  double         values[DT_COMPARISON_MAX_RUNS];
  int            n_runs;

  Job            jobs[DT_COMPARISON_MAX_RUNS];
  Shared        *shared;
  GThreadPool   *pool;
  guint          drain_id;
  gboolean       reported[DT_COMPARISON_MAX_RUNS];
};

G_DEFINE_FINAL_TYPE (DtComparison, dt_comparison, G_TYPE_OBJECT)

enum { PROGRESS, TEST_POINT, VAL_POINT, RUN_FINISHED, FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- worker threads ---------------------------------------------------------------------- */

static void
batch_cb (NnTrainer        *trainer,
          const NnProgress *p,
          gpointer          user_data)
{
  Job *job = user_data;
  RunRecord *r = &job->shared->runs[job->index];
  /* epochs since the start, as DtTrainer counts x */
  DtTrainerPoint point = { (p->epoch - 1) + (double) p->seen / MAX (p->total, 1),
                           p->batch_loss, p->batch_accuracy };

  g_mutex_lock (&job->shared->lock);
  g_array_append_val (r->points, point);
  r->last = *p;
  g_mutex_unlock (&job->shared->lock);
}

static void
epoch_cb (NnTrainer        *trainer,
          const NnProgress *p,
          gpointer          user_data)
{
  Job *job = user_data;
  RunRecord *r = &job->shared->runs[job->index];
  DtTestPoint test = { p->epoch, NAN, NAN };
  DtTestPoint val = { p->epoch, p->val_loss, p->val_accuracy };
  const NnDataset *set = job->data->test;

  if (set->n > 0)
    nn_evaluate (nn_trainer_get_net (trainer), NN_DATASET_ARRAYS (set), &test.loss,
                 &test.accuracy);
  g_mutex_lock (&job->shared->lock);
  r->last = *p;
  if (set->n > 0)
    g_array_append_val (r->tests, test);
  if (!isnan (val.loss))
    g_array_append_val (r->vals, val);
  g_mutex_unlock (&job->shared->lock);
}

/* One run: its own trainer from the seed, the shared data read-only. */
static void
run_job_cb (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  RunRecord *r = &job->shared->runs[job->index];
  const NnDataset *train = job->data->train;
  NnCallbacks cb = { batch_cb, epoch_cb, job, &job->shared->cancel };
  gint64 start = g_get_monotonic_time ();
  GError *error = NULL;
  NnNet *net = NULL;
  NnTrainer *t = nn_trainer_new (&job->config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);

  if (t != NULL)
    {
      gsize n = job->options.train_samples > 0 ? MIN (train->n, job->options.train_samples)
                                               : train->n;

      nn_trainer_fit_validated (t, train->images, train->labels, n,
                                nn_dataset_image_size (train), job->epochs,
                                job->options.validation_split, job->options.patience, &cb,
                                NULL, &error);
      net = nn_net_dup (nn_trainer_get_net (t));
      nn_trainer_free (t);
    }
  g_mutex_lock (&job->shared->lock);
  r->seconds = (g_get_monotonic_time () - start) / 1e6;
  r->net = net;
  r->error = error;
  r->done = TRUE;
  g_mutex_unlock (&job->shared->lock);
}

/* ---- main thread ------------------------------------------------------------------------- */

static GArray *
take_array (GArray **array)
{
  GArray *taken = *array;

  *array = g_array_new (FALSE, FALSE, g_array_get_element_size (taken));
  return taken;
}

static void
emit_points (DtComparison *self,
             guint         run,
             guint         signal,
             GArray       *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      const DtTestPoint *t = &g_array_index (points, DtTestPoint, i);

      g_signal_emit (self, signals[signal], 0, run, t->x, t->loss, t->accuracy);
    }
}

/* Hands run i's news to the signals; TRUE once it has ended. */
static gboolean
drain_run (DtComparison *self,
           int           i)
{
  RunRecord *r = &self->shared->runs[i];
  g_autoptr(GArray) points = NULL, tests = NULL, vals = NULL;
  NnProgress last;
  gboolean done;

  g_mutex_lock (&self->shared->lock);
  points = take_array (&r->points);
  tests = take_array (&r->tests);
  vals = take_array (&r->vals);
  done = r->done;
  last = r->last;
  g_mutex_unlock (&self->shared->lock);

  if (points->len > 0)
    g_signal_emit (self, signals[PROGRESS], 0, (guint) i, points->data, points->len);
  emit_points (self, i, VAL_POINT, vals);
  emit_points (self, i, TEST_POINT, tests);
  if (done && !self->reported[i])
    {
      self->reported[i] = TRUE;
      g_signal_emit (self, signals[RUN_FINISHED], 0, (guint) i, &last, r->seconds, r->error);
    }
  return done;
}

static void
finish (DtComparison *self)
{
  g_clear_handle_id (&self->drain_id, g_source_remove);
  if (self->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
drain_cb (gpointer user_data)
{
  DtComparison *self = user_data;
  gboolean all_done = TRUE;

  g_object_ref (self);
  for (int i = 0; i < self->n_runs; i++)
    all_done &= drain_run (self, i);
  if (all_done && self->pool != NULL)
    {
      self->drain_id = 0;
      finish (self);
      g_object_unref (self);
      return G_SOURCE_REMOVE;
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

gboolean
dt_comparison_start (DtComparison  *self,
                     int            threads,
                     GError       **error)
{
  g_return_val_if_fail (DT_IS_COMPARISON (self), FALSE);
  g_return_val_if_fail (self->pool == NULL && self->shared == NULL, FALSE);

  threads = threads > 0 ? threads : (int) g_get_num_processors ();
  self->shared = g_new0 (Shared, 1);
  g_mutex_init (&self->shared->lock);
  self->pool = g_thread_pool_new (run_job_cb, NULL, MAX (threads, 1), TRUE, error);
  if (self->pool == NULL)
    return FALSE;
  for (int i = 0; i < self->n_runs; i++)
    {
      RunRecord *r = &self->shared->runs[i];

      r->points = g_array_new (FALSE, FALSE, sizeof (DtTrainerPoint));
      r->tests = g_array_new (FALSE, FALSE, sizeof (DtTestPoint));
      r->vals = g_array_new (FALSE, FALSE, sizeof (DtTestPoint));
      self->jobs[i] = (Job) { self->shared, i, self->base, self->data, self->epochs,
                              self->options };
      dt_compare_param_apply (self->param, self->values[i], &self->jobs[i].config);
      /* one thread a run: the runs share the cores */
      self->jobs[i].config.n_threads = 1;
      g_thread_pool_push (self->pool, &self->jobs[i], NULL);
    }
  self->drain_id = g_timeout_add (DT_COMPARISON_DRAIN_MS, drain_cb, self);
  return TRUE;
}

void
dt_comparison_stop (DtComparison *self)
{
  g_return_if_fail (DT_IS_COMPARISON (self));

  if (self->pool == NULL)
    return;
  g_atomic_int_set (&self->shared->cancel, 1);
  /* the runs still waiting start, see the flag and end at once */
  g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
  for (int i = 0; i < self->n_runs; i++)
    drain_run (self, i);
  finish (self);
}

gboolean
dt_comparison_get_running (DtComparison *self)
{
  g_return_val_if_fail (DT_IS_COMPARISON (self), FALSE);
  return self->pool != NULL;
}

int
dt_comparison_get_n_runs (DtComparison *self)
{
  g_return_val_if_fail (DT_IS_COMPARISON (self), 0);
  return self->n_runs;
}

double
dt_comparison_get_value (DtComparison *self,
                         int           run)
{
  g_return_val_if_fail (DT_IS_COMPARISON (self), NAN);
  g_return_val_if_fail (run >= 0 && run < self->n_runs, NAN);
  return self->values[run];
}

DtCompareParam
dt_comparison_get_param (DtComparison *self)
{
  g_return_val_if_fail (DT_IS_COMPARISON (self), DT_COMPARE_LR);
  return self->param;
}

NnNet *
dt_comparison_dup_network (DtComparison *self,
                           int           run)
{
  NnNet *net = NULL;

  g_return_val_if_fail (DT_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (run >= 0 && run < self->n_runs, NULL);

  if (self->shared == NULL)
    return NULL;
  g_mutex_lock (&self->shared->lock);
  if (self->shared->runs[run].net != NULL)
    net = nn_net_dup (self->shared->runs[run].net);
  g_mutex_unlock (&self->shared->lock);
  return net;
}

static void
shared_free (Shared *shared,
             int     n_runs)
{
  for (int i = 0; i < n_runs; i++)
    {
      RunRecord *r = &shared->runs[i];

      g_clear_pointer (&r->points, g_array_unref);
      g_clear_pointer (&r->tests, g_array_unref);
      g_clear_pointer (&r->vals, g_array_unref);
      g_clear_error (&r->error);
      g_clear_pointer (&r->net, nn_net_free);
    }
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

static void
dt_comparison_dispose (GObject *object)
{
  DtComparison *self = DT_COMPARISON (object);

  if (self->pool != NULL)
    {
      g_atomic_int_set (&self->shared->cancel, 1);
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  g_clear_handle_id (&self->drain_id, g_source_remove);
  G_OBJECT_CLASS (dt_comparison_parent_class)->dispose (object);
}

static void
dt_comparison_finalize (GObject *object)
{
  DtComparison *self = DT_COMPARISON (object);

  if (self->shared != NULL)
    shared_free (self->shared, self->n_runs);
  g_clear_pointer (&self->data, dt_trainer_data_unref);
  G_OBJECT_CLASS (dt_comparison_parent_class)->finalize (object);
}

static void
dt_comparison_class_init (DtComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = dt_comparison_dispose;
  object_class->finalize = dt_comparison_finalize;
  signals[PROGRESS] = g_signal_new ("progress", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_POINTER, G_TYPE_UINT);
  signals[TEST_POINT] = g_signal_new ("test-point", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                      NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_DOUBLE,
                                      G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[VAL_POINT] = g_signal_new ("val-point", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE,
                                     G_TYPE_DOUBLE);
  signals[RUN_FINISHED] = g_signal_new ("run-finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_POINTER,
                                        G_TYPE_DOUBLE, G_TYPE_POINTER);
  signals[FINISHED] = g_signal_new ("finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void
dt_comparison_init (DtComparison *self)
{
}

DtComparison *
dt_comparison_new (DtData             *data,
                   const NnConfig     *base,
                   int                 epochs,
                   const DtFitOptions *options,
                   DtCompareParam      param,
                   const double       *values,
                   int                 n_values)
{
  DtComparison *self;

  g_return_val_if_fail (data != NULL && base != NULL && options != NULL, NULL);
  g_return_val_if_fail (n_values >= 1 && n_values <= DT_COMPARISON_MAX_RUNS, NULL);

  self = g_object_new (DT_TYPE_COMPARISON, NULL);
  self->data = dt_trainer_data_ref (data);
  self->base = *base;
  self->epochs = epochs;
  self->options = *options;
  self->param = param;
  self->n_runs = n_values;
  memcpy (self->values, values, n_values * sizeof (double));
  return self;
}
