/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

#include <glib/gi18n.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (DtTrainer, dt_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_DATA_STATE,
  PROP_NEEDS_RESET,
  PROP_PAUSED,
  N_PROPS
};

enum {
  PROGRESS,
  TEST_POINT,
  HYPER_APPLIED,
  FINISHED,
  NETWORK_CHANGED,
  OPTIMIZER_STATS,
  RESET,
  STEP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void drain_record (DtTrainer *self);

/* Joins a worker that has finished or been cancelled. */
static void
join_worker (DtTrainer *self)
{
  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  if (self->job != NULL)
    {
      self->x = self->job->x_last;
      self->fit_report = self->job->report;
      if (self->job->built != NULL)
        {
          /* keep the merged set for the next Train; the old one goes only now, so the
           * new one never took its address */
          NnDataset *old = self->fit;

          self->fit = g_steal_pointer (&self->job->built);
          self->fit_generation = self->job->generation;
          g_clear_pointer (&old, nn_dataset_free);
        }
      g_clear_pointer (&self->job, dt_trainer_job_free);
    }
}

/* The worker's report is waiting (scheduled by dt-trainer-shared.c). */
static gboolean
drain_cb (gpointer user_data)
{
  drain_record (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
network_retry_cb (gpointer user_data)
{
  DtTrainer *self = user_data;

  self->network_retry_id = 0;
  drain_record (self);
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
  if (!force && now - self->last_network_emit < DT_TRAINER_PUBLISH_US)
    {
      if (self->network_retry_id == 0)
        self->network_retry_id = g_timeout_add (DT_TRAINER_PUBLISH_US / 1000, network_retry_cb,
                                                self);
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
  dt_trainer_set_paused_flag (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, error);
  g_clear_error (&error);
}

static void
emit_record (DtTrainer             *self,
             const DtTrainerRecord *record)
{
  GArray *points = record->points;

  for (guint i = 0; i < record->marks->len; i++)
    {
      DtHyperMark *m = &g_array_index (record->marks, DtHyperMark, i);
      g_signal_emit (self, signals[HYPER_APPLIED], 0, m->x, &m->hyper);
    }
  if (points->len > 0 || record->have_status)
    g_signal_emit (self, signals[PROGRESS], 0, points->data, points->len);
  if (record->optim->len > 0)
    g_signal_emit (self, signals[OPTIMIZER_STATS], 0, record->optim->data, record->optim->len);
  for (guint i = 0; i < record->tests->len; i++)
    {
      DtTestPoint *t = &g_array_index (record->tests, DtTestPoint, i);
      g_signal_emit (self, signals[TEST_POINT], 0, t->x, t->loss, t->accuracy);
    }
  dt_trainer_validation_emit (self, record);
  if (record->step != NULL)
    g_signal_emit (self, signals[STEP], 0, record->step);
}

/* Takes everything the worker recorded since the last drain and hands it to the signals. */
static void
drain_record (DtTrainer *self)
{
  DtTrainerRecord record;

  dt_trainer_shared_take (self->shared, &record);
  self->n_drains++;
  if (record.run_id != self->run_id)
    {
      /* left over from a run that was stopped and reset since: not this run's curves */
      g_array_set_size (record.points, 0);
      g_array_set_size (record.tests, 0);
      g_array_set_size (record.vals, 0);
      g_array_set_size (record.marks, 0);
      g_array_set_size (record.optim, 0);
      g_clear_pointer (&record.step, dt_trainer_step_free);
      record.have_status = FALSE;
    }
  if (record.have_status)
    self->status = record.status;
  self->n_batches += record.points->len;
  self->have_status |= record.have_status;

  emit_record (self, &record);
  maybe_emit_network (self, record.snapshot_serial, record.done);
  if (record.done)
    finish_run (self, g_steal_pointer (&record.error));
  dt_trainer_record_clear (&record);
}

void
dt_trainer_set_data_state (DtTrainer   *self,
                           DtDataState  state)
{
  self->data_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_STATE]);
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
    dt_trainer_shared_set_hyper (self->shared, &config->hyper);
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
  const NnConfig *engine = nn_trainer_get_config (self->nn);

  return self->config.n_hidden != engine->n_hidden || self->config.seed != engine->seed;
}

/* ---- runs ------------------------------------------------------------------------------- */

/* The engine's settings for the next run: batch size and hyperparameters now, size and
 * seed only at Reset.  FALSE with an error when a run cannot start. */
static gboolean
prepare_run (DtTrainer  *self,
             NnConfig   *check,
             GError    **error)
{
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
  *check = *nn_trainer_get_config (self->nn);
  check->batch_size = self->config.batch_size;
  check->hyper = self->config.hyper;
  if (!nn_config_validate (check, error))
    return FALSE;
  if (self->epochs < 1)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID, _("Epochs must be at least 1 (got %d)"),
                   self->epochs);
      return FALSE;
    }
  return nn_trainer_configure (self->nn, check, error);
}

/* What the worker needs for one Train press, taken from the trainer now. */
static DtTrainerJob *
new_job (DtTrainer     *self,
         const NnHyper *hyper)
{
  DtTrainerJob *job = g_new0 (DtTrainerJob, 1);

  job->shared = self->shared;
  job->run_id = ++self->run_id;
  job->nn = self->nn;
  job->data = dt_trainer_data_ref (self->data);
  job->generation = self->set_generation;
  job->new_set = self->set_generation != self->trained_generation;
  self->trained_generation = self->set_generation;
  if (self->extra != NULL && self->extra->n > 0)
    {
      if (self->fit != NULL && self->fit_generation == self->set_generation)
        job->fit = self->fit;
      else
        {
          /* merged on the worker: 47 MB are not copied on the main thread */
          job->extra = nn_dataset_new (0, self->extra->rows, self->extra->cols);
          nn_dataset_append (job->extra, self->extra, NULL);
        }
    }
  job->epochs = self->epochs;
  dt_trainer_validation_prepare_job (self, job);
  job->first_epoch = nn_trainer_get_epochs_done (self->nn) + 1;
  job->x_base = self->x;
  job->x_last = self->x;
  job->last_publish = g_get_monotonic_time ();
  job->hyper_seen = dt_trainer_shared_start_run (self->shared, hyper);
  return job;
}

void
dt_trainer_set_paused_flag (DtTrainer *self,
                            gboolean   paused)
{
  dt_trainer_shared_set_paused (self->shared, paused);
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
dt_trainer_start (DtTrainer  *self,
                  gboolean    step,
                  GError    **error)
{
  NnConfig check;
  DtTrainerJob *job;

  if (!prepare_run (self, &check, error))
    return FALSE;
  /* before the worker exists, so its first batch already obeys */
  dt_trainer_set_paused_flag (self, step);
  if (step)
    dt_trainer_shared_grant_step (self->shared);
  job = new_job (self, &check.hyper);
  self->thread = g_thread_try_new ("dt-trainer", dt_trainer_worker_thread_cb, job, error);
  if (self->thread == NULL)
    {
      dt_trainer_job_free (job);
      dt_trainer_set_paused_flag (self, FALSE);
      return FALSE;
    }
  self->job = job;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

gboolean
dt_trainer_train (DtTrainer  *self,
                  GError    **error)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  return dt_trainer_start (self, FALSE, error);
}

void
dt_trainer_stop (DtTrainer *self)
{
  g_return_if_fail (DT_IS_TRAINER (self));

  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->job->cancel, 1);
  dt_trainer_shared_wake (self->shared);
  g_thread_join (g_steal_pointer (&self->thread));
  /* the worker has recorded its last batches and its end: hand them out now */
  drain_record (self);
}

void
dt_trainer_replace_weights (DtTrainer *self,
                            NnTrainer *nn,
                            gboolean   needed)
{
  guint serial;

  if (nn != NULL)
    {
      nn_trainer_free (self->nn);
      self->nn = nn;
    }
  self->run_id++;
  self->x = nn_trainer_get_epochs_done (self->nn);
  self->have_status = FALSE;
  memset (&self->status, 0, sizeof self->status);
  /* trained weights (a loaded model) are published at once for the sketchpad and the
   * samples; new ones have nothing to show */
  if (nn_trainer_get_iterations (self->nn) > 0 || self->publish_new_weights)
    serial = dt_trainer_shared_publish (self->shared, nn_trainer_get_net (self->nn));
  else
    serial = dt_trainer_shared_drop_snapshot (self->shared);

  g_signal_emit (self, signals[RESET], 0);
  maybe_emit_network (self, serial, TRUE);
  if (needed != dt_trainer_get_needs_reset (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_RESET]);
}

void
dt_trainer_reset (DtTrainer *self)
{
  NnTrainer *fresh = NULL;
  gboolean needed;

  g_return_if_fail (DT_IS_TRAINER (self));

  dt_trainer_stop (self);
  needed = dt_trainer_get_needs_reset (self);

  if (self->config.n_hidden != nn_trainer_get_config (self->nn)->n_hidden)
    {
      NnConfig c = *nn_trainer_get_config (self->nn);

      c.n_hidden = self->config.n_hidden;
      c.seed = self->config.seed;
      fresh = nn_trainer_new (&c, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
    }
  else
    {
      NnConfig c = *nn_trainer_get_config (self->nn);

      c.seed = self->config.seed;
      nn_trainer_configure (self->nn, &c, NULL);
      nn_trainer_reset (self->nn);
    }
  dt_trainer_replace_weights (self, fresh, needed);
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
  return nn_trainer_get_iterations (self->nn);
}

NnNet *
dt_trainer_dup_network (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return dt_trainer_shared_dup_snapshot (self->shared);
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
      dt_trainer_shared_wake (self->shared);
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->job, dt_trainer_job_free);
    }
  dt_trainer_shared_cancel_drain (self->shared);
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
  g_clear_pointer (&self->data, dt_trainer_data_unref);
  g_clear_pointer (&self->extra, nn_dataset_free);
  g_clear_pointer (&self->fit, nn_dataset_free);
  g_clear_pointer (&self->data_error, g_error_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->loading_dir, g_free);
  /* the worker was joined in dispose */
  g_clear_pointer (&self->shared, dt_trainer_shared_free);

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
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
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
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
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
  /* (const DtOptimPoint *points, guint n_points): optimizer measurements since the last
   * update, every few batches (dt-trainer-status.h) */
  signals[OPTIMIZER_STATS] =
    g_signal_new ("optimizer-stats", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_UINT);
  /* new weights (re-initialised, or loaded from a model file); the position starts again
   * at their epochs */
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  dt_trainer_validation_class_init (object_class);
  /* (const DtTrainerStep *step): a single step (dt_trainer_step) has trained */
  signals[STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

/* The window's training threads: the engine's own choice when the machine has more than two
 * cores, one on two.  There the interface and the display server take a core now and then
 * (a third of one while the curves move), and two training threads, which meet twice a
 * batch, each time wait for the one they displaced: ten epochs in the window trained at
 * 0.44–0.46 million samples/s on two threads against 0.97–1.0 million on one
 * (build-aux/bench-app.sh, 2-core machine). */
static int
worker_threads (void)
{
  return g_get_num_processors () > 2 ? NN_THREADS_AUTO : 1;
}

static void
dt_trainer_init (DtTrainer *self)
{
  self->shared = dt_trainer_shared_new (drain_cb, self);
  nn_config_init_defaults (&self->config);
  self->config.n_threads = worker_threads ();
  self->epochs = NN_LESSON_EPOCHS;
  self->fit_options.patience = NN_NO_EARLY_STOPPING;
  self->nn = nn_trainer_new (&self->config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
}

DtTrainer *
dt_trainer_new (void)
{
  return g_object_new (DT_TYPE_TRAINER, NULL);
}
