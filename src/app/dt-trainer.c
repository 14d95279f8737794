/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define N_IN              (28 * 28)
#define DRAIN_INTERVAL_US 16000    /* one drain per frame at most */
#define PUBLISH_US        100000   /* weight snapshots at most every 100 ms */
#define EVAL_CHUNK        1000     /* test evaluation checks the cancel flag this often */
#define WORKER_NICE       10

/* The train and test sets, shared read-only by the main thread and a running worker. */
typedef struct
{
  DtDataset *train;
  DtDataset *test;
} DtData;

typedef struct
{
  double x;
  double loss;
  double accuracy;
} TestPoint;

typedef struct
{
  double  x;
  NnHyper hyper;
} HyperMark;

/* Fixed when Train is pressed; read by the worker only. */
typedef struct
{
  DtTrainer *self;
  guint      run_id;
  NnTrainer *nn;          /* owned by self, used by the worker alone while it runs */
  DtData    *data;        /* a reference */
  DtDataset *extra;       /* a copy, or NULL */
  int        epochs;
  int        first_epoch;
  double     x_base;
  double     x_last;
  guint      hyper_seen;
  gint64     last_publish;
  gint       cancel;      /* atomic */
} Job;

struct _DtTrainer
{
  GObject       parent_instance;

  GMainContext *context;

  /* settings (main thread) */
  NnConfig      config;
  int           epochs;

  /* network and run state (main thread; the worker uses nn while running) */
  NnTrainer    *nn;
  GThread      *thread;
  Job          *job;
  guint         run_id;
  double        x;
  gboolean      have_status;
  DtTrainerStatus status;
  guint         n_drains;
  guint64       n_batches;
  gint64        last_network_emit;
  guint         network_serial_seen;
  guint         network_retry_id;

  /* data (main thread) */
  DtData       *data;
  DtDataset    *extra;
  DtDataState   data_state;
  GError       *data_error;
  char         *data_dir;
  char         *loading_dir;
  GCancellable *load_cancellable;

  /* shared with the worker, under lock */
  GMutex        lock;
  GArray       *rec_points;     /* DtTrainerPoint since the last drain */
  GArray       *rec_tests;      /* TestPoint */
  GArray       *rec_marks;      /* HyperMark */
  gboolean      rec_have_status;
  DtTrainerStatus rec_status;
  gboolean      rec_done;
  GError       *rec_error;
  guint         rec_run_id;     /* the run the record belongs to */
  GSource      *pending;
  gint64        last_drain;
  NnHyper       hyper_in;
  guint         hyper_serial;
  NnNet        *snapshot;
  guint         snapshot_serial;
};

G_DEFINE_FINAL_TYPE (DtTrainer, dt_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_DATA_STATE,
  PROP_NEEDS_RESET,
  N_PROPS
};

enum {
  PROGRESS,
  TEST_POINT,
  HYPER_APPLIED,
  FINISHED,
  NETWORK_CHANGED,
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean drain (DtTrainer *self);

static void
dt_data_clear (DtData *data)
{
  g_clear_pointer (&data->train, dt_dataset_free);
  g_clear_pointer (&data->test, dt_dataset_free);
}

static DtData *
dt_data_ref (DtData *data)
{
  return g_atomic_rc_box_acquire (data);
}

static void
dt_data_unref (DtData *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) dt_data_clear);
}

/* ---- worker side ------------------------------------------------------------------------ */

static gboolean
drain_cb (gpointer user_data)
{
  drain (user_data);
  return G_SOURCE_REMOVE;
}

/* Under self->lock.  At most one source is pending; it fires no sooner than one frame after
 * the previous drain, so a burst of batches becomes one update. */
static void
schedule_drain_locked (DtTrainer *self)
{
  gint64 wait;

  if (self->pending != NULL)
    return;
  wait = self->last_drain + DRAIN_INTERVAL_US - g_get_monotonic_time ();
  self->pending = g_timeout_source_new (wait > 0 ? (guint) (wait / 1000) : 0);
  g_source_set_name (self->pending, "[dt-trainer] drain");
  g_source_set_callback (self->pending, drain_cb, self, NULL);
  g_source_attach (self->pending, self->context);
}

static void
publish_snapshot (Job *job)
{
  DtTrainer *self = job->self;
  NnNet *fresh = NULL;

  g_mutex_lock (&self->lock);
  if (self->snapshot != NULL && self->snapshot->n_hidden == job->nn->net->n_hidden)
    nn_net_copy_params (self->snapshot, job->nn->net);
  else
    {
      fresh = self->snapshot;
      self->snapshot = nn_net_dup (job->nn->net);
    }
  self->snapshot_serial++;
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&fresh, nn_net_free);
  job->last_publish = g_get_monotonic_time ();
}

static double
job_done_fraction (Job              *job,
                   const NnProgress *p)
{
  return (double) (p->epoch - job->first_epoch) + (double) p->seen / MAX (p->total, 1);
}

static void
fill_status (Job              *job,
             const NnProgress *p,
             DtTrainerStatus  *st)
{
  int bs = job->nn->config.batch_size;

  st->progress = *p;
  st->n_batches = (int) ((p->total + bs - 1) / bs);
  st->batch = (int) ((p->seen + bs - 1) / bs);
  st->samples_per_second = p->seconds > 0 ? p->seen / p->seconds : 0.0;
  st->eta_seconds = p->seen > 0 ? p->seconds / p->seen * (p->total - p->seen) : 0.0;
  st->x = job->x_last;
  st->fraction = CLAMP (job_done_fraction (job, p) / job->epochs, 0.0, 1.0);
}

static void
on_batch (NnTrainer        *nn,
          const NnProgress *p,
          gpointer          user_data)
{
  Job *job = user_data;
  DtTrainer *self = job->self;
  DtTrainerPoint point;

  job->x_last = job->x_base + job_done_fraction (job, p);
  point = (DtTrainerPoint) { job->x_last, p->batch_loss, p->batch_accuracy };

  g_mutex_lock (&self->lock);
  self->rec_run_id = job->run_id;
  if (self->hyper_serial != job->hyper_seen)
    {
      /* settings changed mid-run: the next batch steps with them */
      HyperMark mark = { job->x_last, self->hyper_in };

      nn->opt.hyper = self->hyper_in;
      job->hyper_seen = self->hyper_serial;
      g_array_append_val (self->rec_marks, mark);
    }
  g_array_append_val (self->rec_points, point);
  fill_status (job, p, &self->rec_status);
  self->rec_have_status = TRUE;
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);

  if (g_get_monotonic_time () - job->last_publish >= PUBLISH_US)
    publish_snapshot (job);
}

/* nn_evaluate over the test set in chunks, so a Stop during it waits for one chunk only. */
static gboolean
evaluate_test (Job    *job,
               double *loss,
               double *accuracy)
{
  const DtDataset *test = job->data->test;
  gsize size = dt_dataset_image_size (test);
  double loss_sum = 0.0, acc_sum = 0.0;

  for (gsize start = 0; start < test->n; start += EVAL_CHUNK)
    {
      DtDataset view = *test;
      double l, a;

      if (g_atomic_int_get (&job->cancel))
        return FALSE;
      view.n = MIN ((gsize) EVAL_CHUNK, test->n - start);
      view.images = test->images + start * size;
      view.labels = test->labels + start;
      nn_evaluate (job->nn->net, &view, &l, &a);
      loss_sum += l * view.n;
      acc_sum += a * view.n;
    }
  *loss = loss_sum / MAX (test->n, 1);
  *accuracy = acc_sum / MAX (test->n, 1);
  return test->n > 0;
}

static void
on_epoch (NnTrainer        *nn,
          const NnProgress *p,
          gpointer          user_data)
{
  Job *job = user_data;
  DtTrainer *self = job->self;
  TestPoint tp = { job->x_last, 0, 0 };

  publish_snapshot (job);
  if (!evaluate_test (job, &tp.loss, &tp.accuracy))
    return;
  g_mutex_lock (&self->lock);
  g_array_append_val (self->rec_tests, tp);
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);
}

static DtDataset *
merge_extra (const DtDataset *train,
             const DtDataset *extra)
{
  DtDataset *merged = dt_dataset_new (0, train->rows, train->cols);

  if (!dt_dataset_append (merged, train, NULL) || !dt_dataset_append (merged, extra, NULL))
    g_clear_pointer (&merged, dt_dataset_free);
  return merged;
}

/* The worker yields the CPU to the interface when both want it: on a two-core machine the
 * main thread and the display server must not wait behind the training loop.  Linux keeps a
 * nice value per thread. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE);
#endif
}

static gpointer
worker_main (gpointer user_data)
{
  Job *job = user_data;
  DtTrainer *self = job->self;
  g_autoptr(DtDataset) merged = NULL;
  const DtDataset *train = job->data->train;
  NnCallbacks cb = { on_batch, on_epoch, job, &job->cancel };
  GError *error = NULL;
  gint64 iterations_before = job->nn->opt.iterations;

  lower_thread_priority ();
  if (job->extra != NULL && (merged = merge_extra (train, job->extra)) != NULL)
    train = merged;
  nn_trainer_fit (job->nn, train, job->epochs, &cb, &error);
  if (job->nn->opt.iterations != iterations_before)
    publish_snapshot (job);

  g_mutex_lock (&self->lock);
  self->rec_done = TRUE;
  self->rec_error = error;
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->data, dt_data_unref);
  g_clear_pointer (&job->extra, dt_dataset_free);
  g_free (job);
}

/* ---- main-thread side ------------------------------------------------------------------- */

/* Joins a worker that has finished or been cancelled. */
static void
join_worker (DtTrainer *self)
{
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  if (self->job != NULL)
    {
      self->x = self->job->x_last;
      g_clear_pointer (&self->job, job_free);
    }
}

static gboolean
network_retry_cb (gpointer user_data)
{
  DtTrainer *self = user_data;

  self->network_retry_id = 0;
  drain (self);
  return G_SOURCE_REMOVE;
}

/* Emits network-changed at most every 100 ms, and always at the end of a run. */
static void
maybe_emit_network (DtTrainer *self,
                    guint      serial,
                    gboolean   force)
{
  gint64 now = g_get_monotonic_time ();

  if (serial == self->network_serial_seen)
    return;
  if (!force && now - self->last_network_emit < PUBLISH_US)
    {
      if (self->network_retry_id == 0)
        self->network_retry_id = g_timeout_add (PUBLISH_US / 1000, network_retry_cb, self);
      return;
    }
  g_clear_handle_id (&self->network_retry_id, g_source_remove);
  self->network_serial_seen = serial;
  self->last_network_emit = now;
  g_signal_emit (self, signals[NETWORK_CHANGED], 0);
}

static void
finish_run (DtTrainer *self,
            GError    *error)
{
  join_worker (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, error);
  g_clear_error (&error);
}

/* Takes everything the worker recorded since the last drain and hands it to the signals. */
static gboolean
drain (DtTrainer *self)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) tests = NULL;
  g_autoptr(GArray) marks = NULL;
  gboolean have_status, done, stale;
  GError *error;
  guint serial;

  g_mutex_lock (&self->lock);
  if (self->pending != NULL)
    {
      g_source_destroy (self->pending);
      g_clear_pointer (&self->pending, g_source_unref);
    }
  points = g_steal_pointer (&self->rec_points);
  tests = g_steal_pointer (&self->rec_tests);
  marks = g_steal_pointer (&self->rec_marks);
  self->rec_points = g_array_new (FALSE, FALSE, sizeof (DtTrainerPoint));
  self->rec_tests = g_array_new (FALSE, FALSE, sizeof (TestPoint));
  self->rec_marks = g_array_new (FALSE, FALSE, sizeof (HyperMark));
  have_status = self->rec_have_status;
  if (have_status)
    self->status = self->rec_status;
  self->rec_have_status = FALSE;
  done = self->rec_done;
  error = g_steal_pointer (&self->rec_error);
  self->rec_done = FALSE;
  stale = self->rec_run_id != self->run_id;
  serial = self->snapshot_serial;
  self->last_drain = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  self->n_drains++;
  if (stale)
    {
      /* left over from a run that was stopped and reset since: not this run's curves */
      g_array_set_size (points, 0);
      g_array_set_size (tests, 0);
      g_array_set_size (marks, 0);
      have_status = FALSE;
    }
  self->n_batches += points->len;
  self->have_status |= have_status;

  for (guint i = 0; i < marks->len; i++)
    {
      HyperMark *m = &g_array_index (marks, HyperMark, i);
      g_signal_emit (self, signals[HYPER_APPLIED], 0, m->x, &m->hyper);
    }
  if (points->len > 0 || have_status)
    g_signal_emit (self, signals[PROGRESS], 0, points->data, points->len);
  for (guint i = 0; i < tests->len; i++)
    {
      TestPoint *t = &g_array_index (tests, TestPoint, i);
      g_signal_emit (self, signals[TEST_POINT], 0, t->x, t->loss, t->accuracy);
    }
  maybe_emit_network (self, serial, done);
  if (done)
    finish_run (self, error);
  return done;
}

/* ---- data loading ----------------------------------------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *dir = task_data;
  DtData *data = g_atomic_rc_box_new0 (DtData);
  GError *error = NULL;

  data->train = dt_dataset_load (dir, "train", &error);
  if (data->train != NULL)
    data->test = dt_dataset_load (dir, "t10k", &error);
  if (data->test == NULL)
    {
      dt_data_unref (data);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, data, (GDestroyNotify) dt_data_unref);
}

static void
set_data_state (DtTrainer   *self,
                DtDataState  state)
{
  self->data_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_STATE]);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DtTrainer *self = DT_TRAINER (source);
  GError *error = NULL;
  DtData *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->data_error, g_error_free);
  g_clear_pointer (&self->data, dt_data_unref);
  g_clear_pointer (&self->data_dir, g_free);
  if (data == NULL)
    {
      self->data_error = error;
      g_clear_pointer (&self->loading_dir, g_free);
      set_data_state (self, DT_DATA_STATE_ERROR);
      return;
    }
  self->data = data;
  self->data_dir = g_steal_pointer (&self->loading_dir);
  set_data_state (self, DT_DATA_STATE_READY);
}

void
dt_trainer_load_data (DtTrainer  *self,
                      const char *data_dir)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  char *dir;

  g_return_if_fail (DT_IS_TRAINER (self));

  dir = dt_data_find_dir (data_dir, &error);
  if (dir == NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      g_clear_pointer (&self->data_error, g_error_free);
      g_clear_pointer (&self->loading_dir, g_free);
      self->data_error = error;
      set_data_state (self, DT_DATA_STATE_MISSING);
      return;
    }
  if (g_strcmp0 (dir, self->loading_dir) == 0 ||
      (self->data_state == DT_DATA_STATE_READY && g_strcmp0 (dir, self->data_dir) == 0))
    {
      g_free (dir);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_free (self->loading_dir);
  self->loading_dir = dir;
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, dt_trainer_load_data);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
  if (self->data_state != DT_DATA_STATE_READY)
    set_data_state (self, DT_DATA_STATE_LOADING);
}

DtDataState
dt_trainer_get_data_state (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), DT_DATA_STATE_NONE);
  return self->data_state;
}

const GError *
dt_trainer_get_data_error (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data_error;
}

const char *
dt_trainer_get_data_dir (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data_dir;
}

const DtDataset *
dt_trainer_get_train_set (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data != NULL ? self->data->train : NULL;
}

const DtDataset *
dt_trainer_get_test_set (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data != NULL ? self->data->test : NULL;
}

void
dt_trainer_set_extra_samples (DtTrainer *self,
                              DtDataset *extra)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  g_clear_pointer (&self->extra, dt_dataset_free);
  self->extra = extra;
}

/* ---- settings --------------------------------------------------------------------------- */

void
dt_trainer_set_config (DtTrainer      *self,
                       const NnConfig *config,
                       int             epochs)
{
  gboolean needs_reset;

  g_return_if_fail (DT_IS_TRAINER (self));
  g_return_if_fail (config != NULL);

  needs_reset = dt_trainer_get_needs_reset (self);
  self->config = *config;
  self->epochs = epochs;

  if (self->thread != NULL && nn_hyper_validate (&config->hyper, NULL))
    {
      g_mutex_lock (&self->lock);
      if (memcmp (&self->hyper_in, &config->hyper, sizeof (NnHyper)) != 0)
        {
          self->hyper_in = config->hyper;
          self->hyper_serial++;
        }
      g_mutex_unlock (&self->lock);
    }
  if (needs_reset != dt_trainer_get_needs_reset (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_RESET]);
}

void
dt_trainer_get_config (DtTrainer *self,
                       NnConfig  *config,
                       int       *epochs)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  if (config != NULL)
    *config = self->config;
  if (epochs != NULL)
    *epochs = self->epochs;
}

gboolean
dt_trainer_get_needs_reset (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  return self->config.n_hidden != self->nn->config.n_hidden ||
         self->config.seed != self->nn->config.seed;
}

/* ---- runs ------------------------------------------------------------------------------- */

gboolean
dt_trainer_train (DtTrainer  *self,
                  GError    **error)
{
  NnConfig check;
  Job *job;

  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);

  if (self->thread != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Training is already running"));
      return FALSE;
    }
  if (self->data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The MNIST data is not loaded yet"));
      return FALSE;
    }
  check = self->nn->config;
  check.batch_size = self->config.batch_size;
  check.hyper = self->config.hyper;
  if (!nn_config_validate (&check, error))
    return FALSE;
  if (self->epochs < 1)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID, _("Epochs must be at least 1 (got %d)"),
                   self->epochs);
      return FALSE;
    }

  self->nn->config.batch_size = check.batch_size;
  self->nn->config.hyper = check.hyper;
  self->nn->opt.hyper = check.hyper;

  job = g_new0 (Job, 1);
  job->self = self;
  job->run_id = ++self->run_id;
  job->nn = self->nn;
  job->data = dt_data_ref (self->data);
  if (self->extra != NULL && self->extra->n > 0)
    {
      job->extra = dt_dataset_new (0, self->extra->rows, self->extra->cols);
      dt_dataset_append (job->extra, self->extra, NULL);
    }
  job->epochs = self->epochs;
  job->first_epoch = self->nn->epochs_done + 1;
  job->x_base = self->x;
  job->x_last = self->x;
  job->last_publish = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  self->hyper_in = check.hyper;
  job->hyper_seen = self->hyper_serial;
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_try_new ("dt-trainer", worker_main, job, error);
  if (self->thread == NULL)
    {
      job_free (job);
      return FALSE;
    }
  self->job = job;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

void
dt_trainer_stop (DtTrainer *self)
{
  g_return_if_fail (DT_IS_TRAINER (self));

  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->job->cancel, 1);
  g_thread_join (g_steal_pointer (&self->thread));
  /* the worker has recorded its last batches and its end: hand them out now */
  drain (self);
}

void
dt_trainer_reset (DtTrainer *self)
{
  gboolean needed;

  g_return_if_fail (DT_IS_TRAINER (self));

  dt_trainer_stop (self);
  needed = dt_trainer_get_needs_reset (self);

  if (self->config.n_hidden != self->nn->config.n_hidden)
    {
      NnConfig c = self->nn->config;
      NnTrainer *fresh;

      c.n_hidden = self->config.n_hidden;
      c.seed = self->config.seed;
      fresh = nn_trainer_new (&c, N_IN, DT_DATASET_CLASSES, NULL);
      if (fresh != NULL)
        {
          nn_trainer_free (self->nn);
          self->nn = fresh;
        }
    }
  else
    {
      self->nn->config.seed = self->config.seed;
      nn_trainer_reset (self->nn);
    }

  self->run_id++;
  self->x = 0.0;
  self->have_status = FALSE;
  memset (&self->status, 0, sizeof self->status);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->snapshot, nn_net_free);
  self->snapshot_serial++;
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[RESET], 0);
  maybe_emit_network (self, self->snapshot_serial, TRUE);
  if (needed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_RESET]);
}

gboolean
dt_trainer_get_running (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  return self->thread != NULL;
}

gboolean
dt_trainer_get_status (DtTrainer       *self,
                       DtTrainerStatus *status)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);
  *status = self->status;
  return self->have_status;
}

double
dt_trainer_get_position (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0.0);
  return self->thread != NULL ? self->status.x : self->x;
}

gint64
dt_trainer_get_iterations (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0);
  if (self->thread != NULL)
    return self->status.progress.iteration;
  return self->nn->opt.iterations;
}

NnNet *
dt_trainer_dup_network (DtTrainer *self)
{
  NnNet *copy = NULL;

  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->snapshot != NULL)
    copy = nn_net_dup (self->snapshot);
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
dt_trainer_get_n_drains (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0);
  return self->n_drains;
}

guint64
dt_trainer_get_n_batches (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0);
  return self->n_batches;
}

/* ---- formatting ------------------------------------------------------------------------- */

/* 12345.6 → "12,346" */
static char *
format_grouped (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", MAX (value, 0.0));
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* Keras prints tiny values in exponent form; so do we, to show the same numbers. */
char *
dt_trainer_format_metric (double value)
{
  return fabs (value) > 1e-3 ? g_strdup_printf ("%.4f", value) : g_strdup_printf ("%.4e", value);
}

char *
dt_trainer_format_status (const DtTrainerStatus *st)
{
  g_autofree char *rate = format_grouped (st->samples_per_second);
  g_autofree char *loss = dt_trainer_format_metric (st->progress.loss);
  g_autofree char *acc = dt_trainer_format_metric (st->progress.accuracy);
  int eta = (int) ceil (st->eta_seconds);

  if (st->eta_seconds < 0)
    /* Translators: the progress line of a finished epoch; keep "loss" and "acc" as Keras
     * prints them */
    return g_strdup_printf (_("Epoch %d/%d · batch %d/%d · %s samples/s · loss %s · acc %s"),
                            st->progress.epoch, st->progress.last_epoch, st->batch,
                            st->n_batches, rate, loss, acc);
  /* Translators: the progress line; keep "loss" and "acc" as Keras prints them */
  return g_strdup_printf (_("Epoch %d/%d · batch %d/%d · %s samples/s · ETA %d:%02d · "
                            "loss %s · acc %s"),
                          st->progress.epoch, st->progress.last_epoch, st->batch, st->n_batches,
                          rate, eta / 60, eta % 60, loss, acc);
}

char *
dt_trainer_format_hyper (const NnHyper *hyper)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "lr %g · ρ %g · ε %g", hyper->lr, hyper->rho, hyper->epsilon);
  if (hyper->decay != 0.0f)
    g_string_append_printf (s, " · decay %g", hyper->decay);
  return g_string_free (s, FALSE);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
dt_trainer_dispose (GObject *object)
{
  DtTrainer *self = DT_TRAINER (object);

  /* cancel and join; the results of the run are dropped with the trainer */
  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->job->cancel, 1);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->job, job_free);
    }
  g_mutex_lock (&self->lock);
  if (self->pending != NULL)
    {
      g_source_destroy (self->pending);
      g_clear_pointer (&self->pending, g_source_unref);
    }
  g_mutex_unlock (&self->lock);
  g_clear_handle_id (&self->network_retry_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (dt_trainer_parent_class)->dispose (object);
}

static void
dt_trainer_finalize (GObject *object)
{
  DtTrainer *self = DT_TRAINER (object);

  g_clear_pointer (&self->nn, nn_trainer_free);
  g_clear_pointer (&self->data, dt_data_unref);
  g_clear_pointer (&self->extra, dt_dataset_free);
  g_clear_pointer (&self->data_error, g_error_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->loading_dir, g_free);
  g_clear_pointer (&self->rec_points, g_array_unref);
  g_clear_pointer (&self->rec_tests, g_array_unref);
  g_clear_pointer (&self->rec_marks, g_array_unref);
  g_clear_pointer (&self->rec_error, g_error_free);
  g_clear_pointer (&self->snapshot, nn_net_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (dt_trainer_parent_class)->finalize (object);
}

static void
dt_trainer_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DtTrainer *self = DT_TRAINER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, dt_trainer_get_running (self));
      break;
    case PROP_DATA_STATE:
      g_value_set_int (value, self->data_state);
      break;
    case PROP_NEEDS_RESET:
      g_value_set_boolean (value, dt_trainer_get_needs_reset (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_trainer_class_init (DtTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_trainer_dispose;
  object_class->finalize = dt_trainer_finalize;
  object_class->get_property = dt_trainer_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_STATE] =
    g_param_spec_int ("data-state", NULL, NULL, DT_DATA_STATE_NONE, DT_DATA_STATE_ERROR,
                      DT_DATA_STATE_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_RESET] =
    g_param_spec_boolean ("needs-reset", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (const DtTrainerPoint *points, guint n_points): the batches since the last update;
   * dt_trainer_get_status() already holds the latest running values */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
  /* (double x, double test_loss, double test_accuracy) at every epoch end */
  signals[TEST_POINT] =
    g_signal_new ("test-point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* (double x, const NnHyper *hyper): settings changed mid-run took effect at x */
  signals[HYPER_APPLIED] =
    g_signal_new ("hyper-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_POINTER);
  /* (const GError *error): NULL when every epoch ran; NN_ERROR_CANCELLED after Stop,
   * NN_ERROR_DIVERGED when the loss stopped being finite */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* a new weight snapshot (or none, after Reset): at most 10 per second */
  signals[NETWORK_CHANGED] =
    g_signal_new ("network-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  /* the weights were re-initialised and the position is 0 again */
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dt_trainer_init (DtTrainer *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  nn_config_init_defaults (&self->config);
  self->epochs = 2;
  self->nn = nn_trainer_new (&self->config, N_IN, DT_DATASET_CLASSES, NULL);
  self->rec_points = g_array_new (FALSE, FALSE, sizeof (DtTrainerPoint));
  self->rec_tests = g_array_new (FALSE, FALSE, sizeof (TestPoint));
  self->rec_marks = g_array_new (FALSE, FALSE, sizeof (HyperMark));
}

DtTrainer *
dt_trainer_new (void)
{
  return g_object_new (DT_TYPE_TRAINER, NULL);
}
