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

void
dt_curve_view_set_run_result (DtCurveView *self,
                              double       train_loss,
                              double       train_accuracy,
                              double       seconds)
{
  DtCurveRun *run;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  run = dt_curve_view_current_run (self);
  run->has_result = TRUE;
  run->train_loss = train_loss;
  run->train_acc = train_accuracy;
  run->seconds = seconds;
  g_signal_emit_by_name (self, "runs-changed");
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

void
dt_curve_view_append_batch (DtCurveView *self,
                            double       epoch_x,
                            double       loss,
                            double       accuracy)
{
  DtCurveRun *run;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  run = dt_curve_view_current_run (self);
  dt_curve_run_append_batch (run, epoch_x, loss, accuracy);
  dt_curve_view_data_changed (self);
  /* its first point makes the current run one of the runs (the table lists it) */
  if (run->batch->len == 1 && run->test->len == 0)
    g_signal_emit_by_name (self, "runs-changed");
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
