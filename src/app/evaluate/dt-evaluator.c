/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-evaluator"

#include "config.h"

#include "dt-evaluator.h"

/* One evaluation on its way: filled in on the thread, handed back by the task. */
typedef struct
{
  DtEvaluation *ev;
  gint          cancel;        /* atomic: the evaluator went away */
  gint64        start;
} EvalJob;

struct _DtEvaluator
{
  GObject       parent_instance;

  DtTrainer    *trainer;
  DtEvaluation *evaluation;
  EvalJob      *job;           /* the running evaluation (its task's data), or NULL */
  gboolean      pending;       /* asked for while one ran */
  gboolean      want_train;
  guint         n_done;
  gint64        longest_us;
};

enum
{
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtEvaluator, dt_evaluator, G_TYPE_OBJECT)

static void
evaluation_clear (DtEvaluation *ev)
{
  g_clear_pointer (&ev->data, dt_trainer_data_unref);
  g_clear_pointer (&ev->net, nn_net_free);
  g_clear_pointer (&ev->test, nn_eval_result_free);
  g_clear_pointer (&ev->train, nn_eval_result_free);
}

DtEvaluation *
dt_evaluation_ref (DtEvaluation *ev)
{
  return g_atomic_rc_box_acquire (ev);
}

void
dt_evaluation_unref (DtEvaluation *ev)
{
  g_atomic_rc_box_release_full (ev, (GDestroyNotify) evaluation_clear);
}

/* ---- the thread ------------------------------------------------------------------------- */

static void
job_free (EvalJob *job)
{
  g_clear_pointer (&job->ev, dt_evaluation_unref);
  g_free (job);
}

static gboolean
eval_set (const DtEvaluation *ev,
          const NnDataset    *set,
          NnEvalResult      **out,
          const gint         *cancel)
{
  *out = nn_eval_result_new (set->n, ev->net->n_hidden, ev->net->n_out);
  return nn_eval_set (ev->net, NN_DATASET_ARRAYS (set), *out, cancel);
}

static void
evaluate_thread_cb (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  EvalJob *job = task_data;
  DtEvaluation *ev = job->ev;
  gboolean want_train = ev->train != NULL;

  /* ev->train only says "wanted" until here */
  g_clear_pointer (&ev->train, nn_eval_result_free);
  if (!eval_set (ev, ev->data->test, &ev->test, &job->cancel) ||
      (want_train && !eval_set (ev, ev->data->train, &ev->train, &job->cancel)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- the main thread -------------------------------------------------------------------- */

static void start (DtEvaluator *self);

/* The task holds no reference on the evaluator (a closed window must not wait for it): the
 * callback finds it through a weak reference, or drops the result. */
static void
evaluate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(DtEvaluator) self = g_weak_ref_get (weak);
  EvalJob *job = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), NULL);

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;
  self->job = NULL;
  if (ok)
    {
      g_clear_pointer (&self->evaluation, dt_evaluation_unref);
      self->evaluation = dt_evaluation_ref (job->ev);
      self->n_done++;
      self->longest_us = MAX (self->longest_us, g_get_monotonic_time () - job->start);
      g_signal_emit (self, signals[UPDATED], 0);
    }
  if (self->pending)
    start (self);
}

/* The weights to evaluate: the latest snapshot, else the untrained network's. */
static NnNet *
dup_weights (DtEvaluator *self,
             gboolean    *trained)
{
  NnNet *net = dt_trainer_dup_network (self->trainer);

  *trained = net != NULL;
  if (net == NULL)
    net = dt_trainer_dup_untrained_network (self->trainer);
  return net;
}

static void
start (DtEvaluator *self)
{
  g_autoptr(GTask) task = NULL;
  DtEvaluation *ev;
  EvalJob *job;
  GWeakRef *weak;
  DtData *data;
  gboolean trained;
  NnNet *net;

  self->pending = FALSE;
  data = dt_trainer_ref_data (self->trainer);
  net = data != NULL ? dup_weights (self, &trained) : NULL;
  if (net == NULL)
    {
      /* no data, or a run began and has not published yet: its end asks again */
      g_clear_pointer (&data, dt_trainer_data_unref);
      return;
    }
  ev = g_atomic_rc_box_new0 (DtEvaluation);
  ev->data = data;
  ev->net = net;
  ev->trained = trained;
  ev->x = dt_trainer_get_position (self->trainer);
  /* a placeholder: the thread evaluates the training set too */
  if (self->want_train)
    ev->train = nn_eval_result_new (0, net->n_hidden, net->n_out);
  job = g_new0 (EvalJob, 1);
  job->ev = ev;
  job->start = g_get_monotonic_time ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, NULL, evaluate_done_cb, weak);
  g_task_set_source_tag (task, dt_evaluator_request);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->job = job;
  g_task_run_in_thread (task, evaluate_thread_cb);
}

void
dt_evaluator_request (DtEvaluator *self)
{
  g_return_if_fail (DT_IS_EVALUATOR (self));

  if (self->job != NULL)
    self->pending = TRUE;
  else
    start (self);
}

static void
data_state_cb (DtEvaluator *self)
{
  if (dt_trainer_get_data_state (self->trainer) == DT_DATA_STATE_READY)
    dt_evaluator_request (self);
}

static void
dt_evaluator_dispose (GObject *object)
{
  DtEvaluator *self = DT_EVALUATOR (object);

  if (self->job != NULL)
    g_atomic_int_set (&self->job->cancel, 1);
  self->job = NULL;
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_object (&self->trainer);
  g_clear_pointer (&self->evaluation, dt_evaluation_unref);
  G_OBJECT_CLASS (dt_evaluator_parent_class)->dispose (object);
}

static void
dt_evaluator_class_init (DtEvaluatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dt_evaluator_dispose;
  /* a new evaluation: dt_evaluator_get_evaluation () */
  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dt_evaluator_init (DtEvaluator *self)
{
}

DtEvaluator *
dt_evaluator_new (DtTrainer *trainer)
{
  DtEvaluator *self;

  g_return_val_if_fail (DT_IS_TRAINER (trainer), NULL);

  self = g_object_new (DT_TYPE_EVALUATOR, NULL);
  self->trainer = g_object_ref (trainer);
  /* after every epoch, when a run ends or stops, after Reset, when data arrives */
  g_signal_connect_swapped (trainer, "test-point", G_CALLBACK (dt_evaluator_request), self);
  g_signal_connect_swapped (trainer, "finished", G_CALLBACK (dt_evaluator_request), self);
  g_signal_connect_swapped (trainer, "reset", G_CALLBACK (dt_evaluator_request), self);
  g_signal_connect_swapped (trainer, "notify::data-state", G_CALLBACK (data_state_cb), self);
  data_state_cb (self);
  return self;
}

DtTrainer *
dt_evaluator_get_trainer (DtEvaluator *self)
{
  g_return_val_if_fail (DT_IS_EVALUATOR (self), NULL);
  return self->trainer;
}

DtEvaluation *
dt_evaluator_get_evaluation (DtEvaluator *self)
{
  g_return_val_if_fail (DT_IS_EVALUATOR (self), NULL);
  return self->evaluation;
}

void
dt_evaluator_set_want_train (DtEvaluator *self,
                             gboolean     want)
{
  g_return_if_fail (DT_IS_EVALUATOR (self));

  want = !!want;
  if (self->want_train == want)
    return;
  self->want_train = want;
  if (want && (self->evaluation == NULL || self->evaluation->train == NULL))
    dt_evaluator_request (self);
}

gboolean
dt_evaluator_get_busy (DtEvaluator *self)
{
  g_return_val_if_fail (DT_IS_EVALUATOR (self), FALSE);
  return self->job != NULL || self->pending;
}

guint
dt_evaluator_get_n_done (DtEvaluator *self)
{
  g_return_val_if_fail (DT_IS_EVALUATOR (self), 0);
  return self->n_done;
}

gint64
dt_evaluator_get_longest_us (DtEvaluator *self)
{
  g_return_val_if_fail (DT_IS_EVALUATOR (self), 0);
  return self->longest_us;
}
