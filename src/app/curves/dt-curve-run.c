/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-run"

#include "config.h"

#include "dt-curve-run.h"

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

DtCurveRun *
dt_curve_run_new (const char *label,
                  double      smoothing)
{
  DtCurveRun *run = g_new0 (DtCurveRun, 1);

  run->label = g_strdup (label ? label : "");
  run->batch = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->smooth = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->test = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  run->markers = g_array_new (FALSE, FALSE, sizeof (DtCurveMarker));
  g_array_set_clear_func (run->markers, marker_clear);
  run->smoothing = smoothing;

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
  g_array_unref (run->markers);
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
}

void
dt_curve_run_append_test (DtCurveRun *run,
                          double      x,
                          double      loss,
                          double      acc)
{
  DtCurvePoint point = { x, loss, acc };

  g_array_append_val (run->test, point);
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
  for (guint i = 0; i < run->batch->len; i++)
    {
      smooth[i].x = raw[i].x;
      smooth[i].loss = ema_push (&run->ema_loss, smoothing, raw[i].loss);
      smooth[i].acc = ema_push (&run->ema_acc, smoothing, raw[i].acc);
    }
}

gboolean
dt_curve_run_has_points (const DtCurveRun *run)
{
  return run->batch->len > 0 || run->test->len > 0;
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

typedef struct
{
  gint64 column;
  gsize  count;
  double min, max, sum;
} Bucket;

/* The bucket's column as a band (its minimum and maximum) or as a vertex (its mean). */
static gsize
bucket_flush (const Bucket      *b,
              double             px0,
              DtCurveDecimation  kind,
              GArray            *out)
{
  double px = px0 + b->column + 0.5;

  if (b->count == 0)
    return 0;
  if (kind == DT_CURVE_DECIMATE_BAND)
    g_array_append_vals (out, &(DtCurveBand) { px, b->min, b->max }, 1);
  else
    g_array_append_vals (out, &(DtCurveVertex) { px, b->sum / b->count }, 1);
  return 1;
}

gsize
dt_curve_decimate (const DtCurvePoint *points,
                   gsize               n,
                   DtCurveMetric       metric,
                   const DtChartAxis  *x_axis,
                   double              px0,
                   double              width,
                   DtCurveDecimation   kind,
                   GArray             *out)
{
  Bucket b = { G_MININT64, 0 };
  gsize added = 0;

  for (gsize i = 0; i < n; i++)
    {
      double value = dt_curve_point_get (&points[i], metric);
      double px;
      gint64 column;

      if (!isfinite (value) || !isfinite (points[i].x))
        continue;

      px = dt_chart_axis_to_pixel (x_axis, points[i].x, 0, width, FALSE);
      column = (gint64) floor (CLAMP (px, -1, width + 1));
      if (column != b.column)
        {
          added += bucket_flush (&b, px0, kind, out);
          b = (Bucket) { column, 0, value, value, 0 };
        }
      b.count++;
      b.sum += value;
      b.min = MIN (b.min, value);
      b.max = MAX (b.max, value);
    }
  added += bucket_flush (&b, px0, kind, out);

  return added;
}
