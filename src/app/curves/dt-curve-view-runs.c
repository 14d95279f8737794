/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-view-runs.c — DtCurveView's runs: starting, numbering, filling, hiding, ending */
#define G_LOG_DOMAIN "dt-curve-view"

#include "config.h"

#include "dt-curve-view-private.h"

#include <math.h>

DtCurveRun *
dt_curve_view_current_run (DtCurveView *self)
{
  return g_ptr_array_index (self->runs, self->runs->len - 1);
}

/* The run with `handle` while it is kept, else NULL. */
static DtCurveRun *
run_by_handle (DtCurveView *self,
               guint        handle)
{
  for (guint i = 0; handle != 0 && i < self->runs->len; i++)
    if (((DtCurveRun *) g_ptr_array_index (self->runs, i))->handle == handle)
      return g_ptr_array_index (self->runs, i);
  return NULL;
}

/* New data in run: the current run's layers, or the background an earlier run is part of. */
static void
run_changed (DtCurveView *self,
             DtCurveRun  *run)
{
  if (run != dt_curve_view_current_run (self))
    self->history_generation++;
  dt_curve_view_data_changed (self);
}

/* A palette slot no kept earlier run uses, so colours stay put as runs age. */
static guint
free_palette_slot (DtCurveView *self)
{
  for (guint slot = 0;; slot++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i + 1 < self->runs->len; i++)
        used |= ((DtCurveRun *) g_ptr_array_index (self->runs, i))->palette_index == slot;
      if (!used)
        return slot;
    }
}

void
dt_curve_view_begin_run (DtCurveView *self,
                         const char  *label)
{
  DtCurveRun *run;
  guint number;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  run = dt_curve_view_current_run (self);
  if (!dt_curve_run_has_points (run))
    {
      /* Nothing worth keeping: reuse the slot and its number (markers of an unstarted run
       * go too). */
      number = run->number;
      g_ptr_array_remove_index (self->runs, self->runs->len - 1);
    }
  else
    {
      /* Drop the oldest first, so its colour is free for the run that joins the history. */
      if (self->runs->len > DT_CURVE_MAX_EARLIER_RUNS)
        g_ptr_array_remove_index (self->runs, 0);
      run->palette_index = free_palette_slot (self);
      number = self->next_number++;
    }
  run = dt_curve_run_new (label, self->smoothing);
  run->number = number;
  g_ptr_array_add (self->runs, run);
  dt_curve_view_history_changed (self);
}

void
dt_curve_view_set_run_label (DtCurveView *self,
                             const char  *label)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  if (g_strcmp0 (dt_curve_view_current_run (self)->label, label ? label : "") == 0)
    return;
  dt_curve_run_set_label (dt_curve_view_current_run (self), label);
  dt_curve_view_history_changed (self);
}

void
dt_curve_view_set_run_params (DtCurveView       *self,
                              const char *const *params)
{
  DtCurveRun *run;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  run = dt_curve_view_current_run (self);
  g_strfreev (run->params);
  run->params = g_strdupv ((char **) params);
}

static void
set_result (DtCurveView *self,
            DtCurveRun  *run,
            double       train_loss,
            double       train_accuracy,
            double       seconds)
{
  run->has_result = TRUE;
  run->train_loss = train_loss;
  run->train_acc = train_accuracy;
  run->seconds = seconds;
  g_signal_emit_by_name (self, "runs-changed");
}

void
dt_curve_view_set_run_result (DtCurveView *self,
                              double       train_loss,
                              double       train_accuracy,
                              double       seconds)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  set_result (self, dt_curve_view_current_run (self), train_loss, train_accuracy, seconds);
}

void
dt_curve_view_set_run_visible (DtCurveView *self,
                               guint        index,
                               gboolean     visible)
{
  DtCurveRun *run;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));
  g_return_if_fail (index < self->runs->len);

  run = g_ptr_array_index (self->runs, index);
  if (run->visible == !!visible)
    return;
  run->visible = !!visible;
  dt_curve_view_history_changed (self);
}

static void
append_batch (DtCurveView *self,
              DtCurveRun  *run,
              double       epoch_x,
              double       loss,
              double       accuracy)
{
  dt_curve_run_append_batch (run, epoch_x, loss, accuracy);
  run_changed (self, run);
  /* its first point makes the current run one of the runs (the table lists it) */
  if (run->batch->len == 1 && run->test->len == 0)
    g_signal_emit_by_name (self, "runs-changed");
}

void
dt_curve_view_append_batch (DtCurveView *self,
                            double       epoch_x,
                            double       loss,
                            double       accuracy)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  append_batch (self, dt_curve_view_current_run (self), epoch_x, loss, accuracy);
}

void
dt_curve_view_append_test (DtCurveView *self,
                           double       epoch_x,
                           double       test_loss,
                           double       test_accuracy)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  dt_curve_run_append_test (dt_curve_view_current_run (self), epoch_x, test_loss,
                            test_accuracy);
  dt_curve_view_data_changed (self);
}

void
dt_curve_view_append_val (DtCurveView *self,
                          double       epoch_x,
                          double       val_loss,
                          double       val_accuracy)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  dt_curve_run_append_val (dt_curve_view_current_run (self), epoch_x, val_loss, val_accuracy);
  dt_curve_view_data_changed (self);
}

/* ---- run handles ------------------------------------------------------------------------- */

guint
dt_curve_view_add_run (DtCurveView *self,
                       const char  *label)
{
  DtCurveRun *current, *run;
  guint number;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), 0);

  /* an unstarted current run gives its number to the new run, so the numbers follow the
   * order the runs began in */
  current = dt_curve_view_current_run (self);
  number = dt_curve_run_has_points (current) ? self->next_number++ : current->number;
  if (!dt_curve_run_has_points (current))
    current->number = self->next_number++;
  while (self->runs->len > DT_CURVE_MAX_EARLIER_RUNS)
    g_ptr_array_remove_index (self->runs, 0);
  run = dt_curve_run_new (label, self->smoothing);
  run->number = number;
  run->handle = ++self->next_handle;
  run->palette_index = free_palette_slot (self);
  g_ptr_array_insert (self->runs, self->runs->len - 1, run);
  dt_curve_view_history_changed (self);
  return run->handle;
}

gboolean
dt_curve_view_run_append_batches (DtCurveView        *self,
                                  guint               handle,
                                  const DtCurvePoint *points,
                                  guint               n_points)
{
  DtCurveRun *run;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);

  if ((run = run_by_handle (self, handle)) == NULL)
    return FALSE;
  for (guint i = 0; i < n_points; i++)
    dt_curve_run_append_batch (run, points[i].x, points[i].loss, points[i].acc);
  if (n_points > 0)
    run_changed (self, run);
  return TRUE;
}

gboolean
dt_curve_view_run_append_epoch (DtCurveView *self,
                                guint        handle,
                                gboolean     validation,
                                double       epoch_x,
                                double       loss,
                                double       accuracy)
{
  DtCurveRun *run;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);

  if ((run = run_by_handle (self, handle)) == NULL)
    return FALSE;
  if (validation)
    dt_curve_run_append_val (run, epoch_x, loss, accuracy);
  else
    dt_curve_run_append_test (run, epoch_x, loss, accuracy);
  run_changed (self, run);
  return TRUE;
}

gboolean
dt_curve_view_run_set_result (DtCurveView *self,
                              guint        handle,
                              double       train_loss,
                              double       train_accuracy,
                              double       seconds)
{
  DtCurveRun *run;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);

  if ((run = run_by_handle (self, handle)) == NULL)
    return FALSE;
  set_result (self, run, train_loss, train_accuracy, seconds);
  return TRUE;
}

double
dt_curve_view_get_best_x (DtCurveView *self)
{
  const DtCurvePoint *best;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), NAN);

  best = dt_curve_run_best_val (dt_curve_view_current_run (self));
  return best != NULL ? best->x : NAN;
}

void
dt_curve_view_add_marker (DtCurveView *self,
                          double       epoch_x,
                          const char  *text)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  dt_curve_run_add_marker (dt_curve_view_current_run (self), epoch_x, text);
  dt_curve_view_data_changed (self);
}

void
dt_curve_view_clear_history (DtCurveView *self)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  if (self->runs->len == 1)
    return;
  g_ptr_array_remove_range (self->runs, 0, self->runs->len - 1);
  dt_curve_view_history_changed (self);
}

void
dt_curve_view_clear (DtCurveView *self)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  g_ptr_array_set_size (self->runs, 0);
  g_ptr_array_add (self->runs, dt_curve_run_new (NULL, self->smoothing));
  self->next_number = 1;
  dt_curve_view_current_run (self)->number = self->next_number++;
  dt_curve_view_history_changed (self);
}

guint
dt_curve_view_get_n_runs (DtCurveView *self)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), 0);

  return self->runs->len - (dt_curve_run_has_points (dt_curve_view_current_run (self)) ? 0 : 1);
}

gsize
dt_curve_view_get_n_points (DtCurveView *self)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), 0);

  return dt_curve_view_current_run (self)->batch->len;
}

const DtCurveRun *
dt_curve_view_get_run (DtCurveView *self,
                       guint        index)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), NULL);
  g_return_val_if_fail (index < self->runs->len, NULL);

  return g_ptr_array_index (self->runs, index);
}
