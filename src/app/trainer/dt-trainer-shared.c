/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state DtTrainer's two threads share, and the lock around it. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-shared.h"

#include <string.h>

#define DRAIN_INTERVAL_US 16000    /* one drain per frame at most */

struct _DtTrainerShared
{
  GMutex           lock;

  /* fixed at creation */
  GMainContext    *context;         /* where the drain source runs */
  GSourceFunc      drain;
  gpointer         drain_data;

  /* under lock */
  DtTrainerRecord  record;          /* since the last drain */
  GSource         *pending;         /* the one scheduled drain, or NULL */
  gint64           last_drain;
  NnHyper          hyper_in;        /* the settings the worker should step with … */
  guint            hyper_serial;    /* … bumped whenever they change */
  NnNet           *snapshot;        /* the latest published weights, or NULL */
  guint            snapshot_serial;
  GCond            turn;            /* signalled when the pace, pause or steps change */
  double           pace;            /* batches per second, 0: full speed */
  gboolean         paused;
  guint            steps;           /* batches granted while paused */
};

/* ---- the data sets ---------------------------------------------------------------------- */

static void
data_clear (DtData *data)
{
  g_clear_pointer (&data->train, nn_dataset_free);
  g_clear_pointer (&data->test, nn_dataset_free);
}

DtData *
dt_trainer_data_new (NnDataset *train,
                     NnDataset *test)
{
  DtData *data = g_atomic_rc_box_new0 (DtData);

  data->train = train;
  data->test = test;
  return data;
}

DtData *
dt_trainer_data_ref (DtData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
dt_trainer_data_unref (DtData *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) data_clear);
}

/* ---- main thread ------------------------------------------------------------------------ */

static void
record_init (DtTrainerRecord *record)
{
  record->points = g_array_new (FALSE, FALSE, sizeof (DtTrainerPoint));
  record->tests = g_array_new (FALSE, FALSE, sizeof (DtTestPoint));
  record->vals = g_array_new (FALSE, FALSE, sizeof (DtTestPoint));
  record->marks = g_array_new (FALSE, FALSE, sizeof (DtHyperMark));
  record->optim = g_array_new (FALSE, FALSE, sizeof (DtOptimPoint));
}

void
dt_trainer_record_clear (DtTrainerRecord *record)
{
  g_clear_pointer (&record->points, g_array_unref);
  g_clear_pointer (&record->tests, g_array_unref);
  g_clear_pointer (&record->vals, g_array_unref);
  g_clear_pointer (&record->marks, g_array_unref);
  g_clear_pointer (&record->optim, g_array_unref);
  g_clear_pointer (&record->step, dt_trainer_step_free);
}

void
dt_trainer_step_free (DtTrainerStep *step)
{
  if (step == NULL)
    return;
  g_free (step->images);
  g_free (step->labels);
  g_free (step->before);
  g_free (step->after);
  g_free (step);
}

DtTrainerShared *
dt_trainer_shared_new (GSourceFunc drain,
                       gpointer    drain_data)
{
  DtTrainerShared *shared = g_new0 (DtTrainerShared, 1);

  g_mutex_init (&shared->lock);
  g_cond_init (&shared->turn);
  shared->context = g_main_context_ref_thread_default ();
  shared->drain = drain;
  shared->drain_data = drain_data;
  record_init (&shared->record);
  return shared;
}

void
dt_trainer_shared_free (DtTrainerShared *shared)
{
  if (shared == NULL)
    return;
  dt_trainer_shared_cancel_drain (shared);
  dt_trainer_record_clear (&shared->record);
  g_clear_pointer (&shared->record.error, g_error_free);
  g_clear_pointer (&shared->snapshot, nn_net_free);
  g_main_context_unref (shared->context);
  g_cond_clear (&shared->turn);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

static void
cancel_drain_locked (DtTrainerShared *shared)
{
  if (shared->pending == NULL)
    return;
  g_source_destroy (shared->pending);
  g_clear_pointer (&shared->pending, g_source_unref);
}

void
dt_trainer_shared_cancel_drain (DtTrainerShared *shared)
{
  g_mutex_lock (&shared->lock);
  cancel_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_take (DtTrainerShared *shared,
                        DtTrainerRecord *record)
{
  DtTrainerRecord *r = &shared->record;

  g_mutex_lock (&shared->lock);
  cancel_drain_locked (shared);
  *record = *r;
  record->snapshot_serial = shared->snapshot_serial;
  /* the run id stays: it names the run of the latest batch until another batch comes */
  record_init (r);
  r->have_status = FALSE;
  r->done = FALSE;
  r->error = NULL;
  r->step = NULL;
  shared->last_drain = g_get_monotonic_time ();
  g_mutex_unlock (&shared->lock);
}

guint
dt_trainer_shared_start_run (DtTrainerShared *shared,
                             const NnHyper   *hyper)
{
  guint serial;

  g_mutex_lock (&shared->lock);
  shared->hyper_in = *hyper;
  serial = shared->hyper_serial;
  g_mutex_unlock (&shared->lock);
  return serial;
}

void
dt_trainer_shared_set_hyper (DtTrainerShared *shared,
                             const NnHyper   *hyper)
{
  g_mutex_lock (&shared->lock);
  if (memcmp (&shared->hyper_in, hyper, sizeof (NnHyper)) != 0)
    {
      shared->hyper_in = *hyper;
      shared->hyper_serial++;
    }
  g_mutex_unlock (&shared->lock);
}

NnNet *
dt_trainer_shared_dup_snapshot (DtTrainerShared *shared)
{
  NnNet *copy = NULL;

  /* the snapshot is only ever copied under the lock, never read in place */
  g_mutex_lock (&shared->lock);
  if (shared->snapshot != NULL)
    copy = nn_net_dup (shared->snapshot);
  g_mutex_unlock (&shared->lock);
  return copy;
}

guint
dt_trainer_shared_drop_snapshot (DtTrainerShared *shared)
{
  guint serial;

  g_mutex_lock (&shared->lock);
  g_clear_pointer (&shared->snapshot, nn_net_free);
  serial = ++shared->snapshot_serial;
  g_mutex_unlock (&shared->lock);
  return serial;
}

void
dt_trainer_shared_set_pace (DtTrainerShared *shared,
                            double           batches_per_second)
{
  g_mutex_lock (&shared->lock);
  shared->pace = MAX (batches_per_second, 0.0);
  g_cond_broadcast (&shared->turn);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_set_paused (DtTrainerShared *shared,
                              gboolean         paused)
{
  g_mutex_lock (&shared->lock);
  shared->paused = paused;
  shared->steps = 0;
  g_cond_broadcast (&shared->turn);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_grant_step (DtTrainerShared *shared)
{
  g_mutex_lock (&shared->lock);
  shared->paused = TRUE;
  shared->steps++;
  g_cond_broadcast (&shared->turn);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_wake (DtTrainerShared *shared)
{
  g_mutex_lock (&shared->lock);
  g_cond_broadcast (&shared->turn);
  g_mutex_unlock (&shared->lock);
}

/* ---- worker thread ---------------------------------------------------------------------- */

gboolean
dt_trainer_shared_wait_turn (DtTrainerShared *shared,
                             const gint      *cancel,
                             gint64          *last_turn)
{
  gboolean step = FALSE;

  g_mutex_lock (&shared->lock);
  /* The main thread broadcasts under this lock after every change (cancel included), so no
   * wake-up falls between a check and the wait that follows it. */
  while (!g_atomic_int_get (cancel))
    {
      gint64 due;

      if (shared->paused)
        {
          if (shared->steps > 0)
            {
              shared->steps--;
              step = TRUE;
              break;
            }
          g_cond_wait (&shared->turn, &shared->lock);
          continue;
        }
      if (shared->pace <= 0)
        break;
      due = *last_turn + (gint64) (G_USEC_PER_SEC / shared->pace);
      if (g_get_monotonic_time () >= due)
        break;
      g_cond_wait_until (&shared->turn, &shared->lock, due);
    }
  g_mutex_unlock (&shared->lock);
  *last_turn = g_get_monotonic_time ();
  return step;
}

/* At most one source is pending; it fires no sooner than one frame after the previous
 * drain, so a burst of batches becomes one update. */
static void
schedule_drain_locked (DtTrainerShared *shared)
{
  gint64 wait;

  if (shared->pending != NULL)
    return;
  wait = shared->last_drain + DRAIN_INTERVAL_US - g_get_monotonic_time ();
  shared->pending = g_timeout_source_new (wait > 0 ? (guint) (wait / 1000) : 0);
  g_source_set_name (shared->pending, "[dt-trainer] drain");
  g_source_set_callback (shared->pending, shared->drain, shared->drain_data, NULL);
  g_source_attach (shared->pending, shared->context);
}

gboolean
dt_trainer_shared_add_batch (DtTrainerShared       *shared,
                             guint                  run_id,
                             const DtTrainerPoint  *point,
                             const DtTrainerStatus *status,
                             guint                 *hyper_seen,
                             NnHyper               *hyper)
{
  DtTrainerRecord *r = &shared->record;
  gboolean changed;

  g_mutex_lock (&shared->lock);
  r->run_id = run_id;
  changed = shared->hyper_serial != *hyper_seen;
  if (changed)
    {
      DtHyperMark mark = { point->x, shared->hyper_in };

      *hyper = shared->hyper_in;
      *hyper_seen = shared->hyper_serial;
      g_array_append_val (r->marks, mark);
    }
  g_array_append_val (r->points, *point);
  r->status = *status;
  r->have_status = TRUE;
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
  return changed;
}

void
dt_trainer_shared_add_test (DtTrainerShared   *shared,
                            const DtTestPoint *test)
{
  g_mutex_lock (&shared->lock);
  g_array_append_val (shared->record.tests, *test);
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_add_val (DtTrainerShared   *shared,
                           const DtTestPoint *val)
{
  g_mutex_lock (&shared->lock);
  g_array_append_val (shared->record.vals, *val);
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_add_optim (DtTrainerShared    *shared,
                             const DtOptimPoint *point)
{
  /* the batch that comes with it schedules the drain */
  g_mutex_lock (&shared->lock);
  g_array_append_val (shared->record.optim, *point);
  g_mutex_unlock (&shared->lock);
}

guint
dt_trainer_shared_publish (DtTrainerShared *shared,
                           const NnNet     *net)
{
  NnNet *old = NULL;
  guint serial;

  g_mutex_lock (&shared->lock);
  if (shared->snapshot != NULL && shared->snapshot->n_hidden == net->n_hidden)
    nn_net_copy_params (shared->snapshot, net);
  else
    {
      old = shared->snapshot;
      shared->snapshot = nn_net_dup (net);
    }
  serial = ++shared->snapshot_serial;
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);

  /* freed outside the lock, which the main thread may be waiting for */
  g_clear_pointer (&old, nn_net_free);
  return serial;
}

void
dt_trainer_shared_finish (DtTrainerShared *shared,
                          GError          *error)
{
  g_mutex_lock (&shared->lock);
  shared->record.done = TRUE;
  shared->record.error = error;
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
}

void
dt_trainer_shared_add_step (DtTrainerShared *shared,
                            DtTrainerStep   *step)
{
  g_mutex_lock (&shared->lock);
  g_clear_pointer (&shared->record.step, dt_trainer_step_free);
  shared->record.step = step;
  schedule_drain_locked (shared);
  g_mutex_unlock (&shared->lock);
}
