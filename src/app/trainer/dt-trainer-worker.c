/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The worker half of DtTrainer: runs on the training thread, never calls GTK nor emits
 * signals; everything it tells the main thread goes through the record under self->lock. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

static gboolean
drain_cb (gpointer user_data)
{
  dt_trainer_drain (user_data);
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
  NnNet *old = NULL;

  /* the main thread only ever copies the snapshot under the lock, never reads it in place */
  g_mutex_lock (&self->lock);
  if (self->snapshot != NULL && self->snapshot->n_hidden == nn_trainer_get_net (job->nn)->n_hidden)
    nn_net_copy_params (self->snapshot, nn_trainer_get_net (job->nn));
  else
    {
      old = self->snapshot;
      self->snapshot = nn_net_dup (nn_trainer_get_net (job->nn));
    }
  self->snapshot_serial++;
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&old, nn_net_free);
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
  int bs = nn_trainer_get_config (job->nn)->batch_size;

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

      nn_trainer_set_hyper (nn, &self->hyper_in, NULL);
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
  const NnDataset *test = job->data->test;
  gsize size = nn_dataset_image_size (test);
  double loss_sum = 0.0, acc_sum = 0.0;

  for (gsize start = 0; start < test->n; start += EVAL_CHUNK)
    {
      gsize n = MIN ((gsize) EVAL_CHUNK, test->n - start);
      double l, a;

      if (g_atomic_int_get (&job->cancel))
        return FALSE;
      nn_evaluate (nn_trainer_get_net (job->nn), test->images + start * size,
                   test->labels + start, n, size, &l, &a);
      loss_sum += l * n;
      acc_sum += a * n;
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

static NnDataset *
merge_extra (const NnDataset *train,
             const NnDataset *extra)
{
  NnDataset *merged = nn_dataset_new (0, train->rows, train->cols);

  if (!nn_dataset_append (merged, train, NULL) || !nn_dataset_append (merged, extra, NULL))
    g_clear_pointer (&merged, nn_dataset_free);
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

gpointer
dt_trainer_worker_main (gpointer user_data)
{
  Job *job = user_data;
  DtTrainer *self = job->self;
  const NnDataset *train = job->data->train;
  NnCallbacks cb = { on_batch, on_epoch, job, &job->cancel };
  GError *error = NULL;
  gint64 iterations_before = nn_trainer_get_iterations (job->nn);

  lower_thread_priority ();
  if (job->fit != NULL)
    train = job->fit;
  else if (job->extra != NULL && (job->built = merge_extra (train, job->extra)) != NULL)
    train = job->built;
  /* a new set may sit where a freed one was: the core must not take it for the old one */
  if (job->new_set || job->built != NULL)
    nn_trainer_forget_data (job->nn);
  nn_trainer_fit (job->nn, NN_DATASET_ARRAYS (train), job->epochs, &cb, &error);
  if (nn_trainer_get_iterations (job->nn) != iterations_before)
    publish_snapshot (job);

  g_mutex_lock (&self->lock);
  self->rec_done = TRUE;
  self->rec_error = error;
  schedule_drain_locked (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

void
dt_trainer_job_free (Job *job)
{
  g_clear_pointer (&job->data, dt_trainer_data_unref);
  g_clear_pointer (&job->extra, nn_dataset_free);
  g_clear_pointer (&job->built, nn_dataset_free);
  g_free (job);
}
