/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-run"

#include "config.h"

#include "dt-curve-run.h"

#include <glib/gi18n.h>
#include <math.h>

static double
ema_push (DtCurveEma *ema,
          double      smoothing,
          double      value)
{
  if (isfinite (value))
    {
      ema->acc = smoothing * ema->acc + (1 - smoothing) * value;
      /* weight = 1 − s^n, kept by the same recurrence so it never underflows oddly. */
      ema->weight = smoothing * ema->weight + (1 - smoothing);
    }
  return ema->weight > 0 ? ema->acc / ema->weight : NAN;
}

void
dt_curve_ema_debiased (const double *values,
                       gsize         n,
                       double        smoothing,
                       double       *out)
{
  DtCurveEma ema = { 0, 0 };

  for (gsize i = 0; i < n; i++)
    out[i] = ema_push (&ema, smoothing, values[i]);
}

static void
marker_clear (gpointer data)
{
  DtCurveMarker *marker = data;

  g_clear_pointer (&marker->text, g_free);
}

static const struct { DtCurveDecimation kind; DtCurveMetric metric; } column_kinds[] = {
  [DT_CURVE_COLUMNS_RAW_LOSS] = { DT_CURVE_DECIMATE_PERCENTILE, DT_CURVE_LOSS },
  [DT_CURVE_COLUMNS_RAW_ACC] = { DT_CURVE_DECIMATE_PERCENTILE, DT_CURVE_ACCURACY },
  [DT_CURVE_COLUMNS_SMOOTH_LOSS] = { DT_CURVE_DECIMATE_MEAN, DT_CURVE_LOSS },
  [DT_CURVE_COLUMNS_SMOOTH_ACC] = { DT_CURVE_DECIMATE_MEAN, DT_CURVE_ACCURACY },
};

/* The loss range the axes need, kept as values arrive (NaN-free). */
static void
track_loss (DtCurveRun *run,
            double      loss,
            gboolean    smoothed)
{
  if (!isfinite (loss))
    return;
  if (smoothed && isnan (run->start_loss))
    run->start_loss = loss;
  run->max_loss = MAX (run->max_loss, loss);
  if (loss > 0)
    run->min_loss = MIN (run->min_loss, loss);
}

static void
reset_loss_range (DtCurveRun *run)
{
  run->start_loss = NAN;
  run->max_loss = 0;
  run->min_loss = G_MAXDOUBLE;
}

DtCurveRun *
dt_curve_run_new (const char *label,
                  double      smoothing)
{
  DtCurveRun *run = g_new0 (DtCurveRun, 1);

  run->label = g_strdup (label ? label : "");
  run->batch = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->smooth = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->test = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->val = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->markers = g_array_new (FALSE, FALSE, sizeof (DtCurveMarker));
  g_array_set_clear_func (run->markers, marker_clear);
  run->smoothing = smoothing;
  run->visible = TRUE;
  reset_loss_range (run);
  for (guint i = 0; i < DT_CURVE_N_COLUMNS; i++)
    dt_curve_columns_init (&run->columns[i], column_kinds[i].kind, column_kinds[i].metric);

  return run;
}

void
dt_curve_run_free (DtCurveRun *run)
{
  if (run == NULL)
    return;

  g_free (run->label);
  g_array_unref (run->batch);
  g_array_unref (run->smooth);
  g_array_unref (run->test);
  g_array_unref (run->val);
  g_array_unref (run->markers);
  g_strfreev (run->params);
  for (guint i = 0; i < DT_CURVE_N_COLUMNS; i++)
    dt_curve_columns_clear (&run->columns[i]);
  g_free (run);
}

void
dt_curve_run_set_label (DtCurveRun *run,
                        const char *label)
{
  g_free (run->label);
  run->label = g_strdup (label ? label : "");
}

void
dt_curve_run_append_batch (DtCurveRun *run,
                           double      x,
                           double      loss,
                           double      acc)
{
  DtCurvePoint raw = { x, loss, acc };
  DtCurvePoint smooth = { x, 0, 0 };

  smooth.loss = ema_push (&run->ema_loss, run->smoothing, loss);
  smooth.acc = ema_push (&run->ema_acc, run->smoothing, acc);
  g_array_append_val (run->batch, raw);
  g_array_append_val (run->smooth, smooth);
  track_loss (run, smooth.loss, TRUE);
}

void
dt_curve_run_append_test (DtCurveRun *run,
                          double      x,
                          double      loss,
                          double      acc)
{
  DtCurvePoint point = { x, loss, acc };

  g_array_append_val (run->test, point);
  track_loss (run, loss, FALSE);
}

void
dt_curve_run_append_val (DtCurveRun *run,
                         double      x,
                         double      loss,
                         double      acc)
{
  DtCurvePoint point = { x, loss, acc };

  g_array_append_val (run->val, point);
  track_loss (run, loss, FALSE);
}

const DtCurvePoint *
dt_curve_run_best_val (const DtCurveRun *run)
{
  const DtCurvePoint *best = NULL;

  for (guint i = 0; i < run->val->len; i++)
    {
      const DtCurvePoint *v = &g_array_index (run->val, DtCurvePoint, i);

      /* min_delta 0: only a strictly lower loss is an improvement */
      if (isfinite (v->loss) && (best == NULL || v->loss < best->loss))
        best = v;
    }
  return best;
}

void
dt_curve_run_add_marker (DtCurveRun *run,
                         double      x,
                         const char *text)
{
  DtCurveMarker marker = { x, g_strdup (text ? text : "") };

  g_array_append_val (run->markers, marker);
}

void
dt_curve_run_set_smoothing (DtCurveRun *run,
                            double      smoothing)
{
  const DtCurvePoint *raw = (const DtCurvePoint *) run->batch->data;
  DtCurvePoint *smooth = (DtCurvePoint *) run->smooth->data;

  run->smoothing = smoothing;
  run->ema_loss = (DtCurveEma) { 0, 0 };
  run->ema_acc = (DtCurveEma) { 0, 0 };
  reset_loss_range (run);
  for (guint i = 0; i < run->batch->len; i++)
    {
      smooth[i].x = raw[i].x;
      smooth[i].loss = ema_push (&run->ema_loss, smoothing, raw[i].loss);
      smooth[i].acc = ema_push (&run->ema_acc, smoothing, raw[i].acc);
      track_loss (run, smooth[i].loss, TRUE);
    }
  for (guint i = 0; i < run->test->len; i++)
    track_loss (run, g_array_index (run->test, DtCurvePoint, i).loss, FALSE);
  for (guint i = 0; i < run->val->len; i++)
    track_loss (run, g_array_index (run->val, DtCurvePoint, i).loss, FALSE);
  dt_curve_columns_reset (&run->columns[DT_CURVE_COLUMNS_SMOOTH_LOSS]);
  dt_curve_columns_reset (&run->columns[DT_CURVE_COLUMNS_SMOOTH_ACC]);
}

const GArray *
dt_curve_run_columns (const DtCurveRun   *run,
                      DtCurveColumnsKind  which,
                      const DtChartAxis  *x_axis,
                      double              px0,
                      double              width)
{
  /* the columns are a cache: updating them leaves the run's data as it was */
  DtCurveColumns *columns = (DtCurveColumns *) &run->columns[which];
  const GArray *points = which == DT_CURVE_COLUMNS_RAW_LOSS || which == DT_CURVE_COLUMNS_RAW_ACC
                         ? run->batch : run->smooth;

  return dt_curve_columns_update (columns, (const DtCurvePoint *) points->data, points->len,
                                  x_axis, px0, width);
}

char *
dt_curve_run_dup_name (const DtCurveRun *run,
                       gboolean          with_label)
{
  /* Translators: a run on the curves, numbered from 1 */
  g_autofree char *name = g_strdup_printf (_("Run %u"), run->number);

  if (!with_label || run->label[0] == '\0')
    return g_steal_pointer (&name);
  return g_strconcat (name, " · ", run->label, NULL);
}

gboolean
dt_curve_run_has_points (const DtCurveRun *run)
{
  return run->batch->len > 0 || run->test->len > 0 || run->val->len > 0;
}

gboolean
dt_curve_model_has_data (const DtCurveModel *model)
{
  for (guint r = 0; r < model->n_runs; r++)
    if (dt_curve_run_has_points (model->runs[r]))
      return TRUE;
  return FALSE;
}

gssize
dt_curve_run_find_batch (const DtCurveRun *run,
                         double            x)
{
  const DtCurvePoint *p = (const DtCurvePoint *) run->batch->data;
  gsize lo = 0, hi = run->batch->len;

  if (hi == 0)
    return -1;

  /* First point with p.x >= x, then pick the nearer of it and its predecessor. */
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (p[mid].x < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == run->batch->len)
    return lo - 1;
  if (lo > 0 && x - p[lo - 1].x <= p[lo].x - x)
    return lo - 1;
  return lo;
}
