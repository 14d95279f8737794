/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-columns.c — series decimated to pixel columns, incrementally (no GTK)
 *
 * Training only moves forward, so a series' x grows and its points fall into columns left
 * to right: every column but the last is final once a point lands further right.  The
 * columns keep what they computed and read only the new points and the open column at each
 * update; a 30-epoch run of 56,000 batches costs a frame the same as a short one. */
#define G_LOG_DOMAIN "dt-curve-run"

#include "config.h"

#include "dt-curve-run.h"

#include <math.h>
#include <stdlib.h>

void
dt_curve_columns_init (DtCurveColumns    *columns,
                       DtCurveDecimation  kind,
                       DtCurveMetric      metric)
{
  gsize size = kind == DT_CURVE_DECIMATE_MEAN ? sizeof (DtCurveVertex) : sizeof (DtCurveBand);

  *columns = (DtCurveColumns) { 0 };
  columns->kind = kind;
  columns->metric = metric;
  columns->items = g_array_new (FALSE, FALSE, size);
  columns->values = g_array_new (FALSE, FALSE, sizeof (double));
  dt_curve_columns_reset (columns);
}

void
dt_curve_columns_clear (DtCurveColumns *columns)
{
  g_clear_pointer (&columns->items, g_array_unref);
  g_clear_pointer (&columns->values, g_array_unref);
}

void
dt_curve_columns_reset (DtCurveColumns *columns)
{
  g_array_set_size (columns->items, 0);
  columns->next = 0;
  columns->open_column = G_MININT64;
  columns->has_open = FALSE;
  columns->width = -1;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The q-quantile of sorted values, interpolated between neighbours. */
static double
quantile (const double *v,
          guint         n,
          double        q)
{
  double pos = q * (n - 1);
  guint lo = (guint) floor (pos);

  if (lo + 1 >= n)
    return v[n - 1];
  return v[lo] + (pos - lo) * (v[lo + 1] - v[lo]);
}

/* Appends the column made of points[from, to) (its finite values). */
static void
append_column (DtCurveColumns     *columns,
               const DtCurvePoint *points,
               gsize               from,
               gsize               to,
               gint64              column)
{
  double px = columns->px0 + column + 0.5;
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE, sum = 0;
  guint count = 0;

  g_array_set_size (columns->values, 0);
  for (gsize i = from; i < to; i++)
    {
      double v = dt_curve_point_get (&points[i], columns->metric);

      if (!isfinite (v) || !isfinite (points[i].x))
        continue;
      min = MIN (min, v);
      max = MAX (max, v);
      sum += v;
      count++;
      if (columns->kind == DT_CURVE_DECIMATE_PERCENTILE)
        g_array_append_val (columns->values, v);
    }
  if (count == 0)
    return;
  if (columns->kind == DT_CURVE_DECIMATE_MEAN)
    g_array_append_vals (columns->items, &(DtCurveVertex) { px, sum / count }, 1);
  else if (columns->kind == DT_CURVE_DECIMATE_BAND)
    g_array_append_vals (columns->items, &(DtCurveBand) { px, min, max }, 1);
  else
    {
      double *v = (double *) columns->values->data;

      qsort (v, count, sizeof (double), compare_doubles);
      g_array_append_vals (columns->items,
                           &(DtCurveBand) { px, quantile (v, count, DT_CURVE_BAND_LOW),
                                            quantile (v, count, DT_CURVE_BAND_HIGH) }, 1);
    }
}

const GArray *
dt_curve_columns_update (DtCurveColumns     *columns,
                         const DtCurvePoint *points,
                         gsize               n,
                         const DtChartAxis  *x_axis,
                         double              px0,
                         double              width)
{
  if (columns->x_min != x_axis->min || columns->x_max != x_axis->max ||
      columns->px0 != px0 || columns->width != width || n < columns->next)
    {
      dt_curve_columns_reset (columns);
      columns->x_min = x_axis->min;
      columns->x_max = x_axis->max;
      columns->px0 = px0;
      columns->width = width;
    }
  /* the open column is made again from all its points, old and new */
  if (columns->has_open)
    g_array_set_size (columns->items, columns->items->len - 1);
  columns->has_open = FALSE;

  for (gsize i = columns->next; i < n; i++)
    {
      double v = dt_curve_point_get (&points[i], columns->metric);
      double px;
      gint64 column;

      if (!isfinite (v) || !isfinite (points[i].x))
        continue;
      px = dt_chart_axis_to_pixel (x_axis, points[i].x, 0, width, FALSE);
      column = (gint64) floor (CLAMP (px, -1, width + 1));
      if (column == columns->open_column)
        continue;
      if (columns->open_column != G_MININT64)
        append_column (columns, points, columns->next, i, columns->open_column);
      columns->next = i;
      columns->open_column = column;
    }
  if (columns->open_column != G_MININT64)
    {
      guint before = columns->items->len;

      append_column (columns, points, columns->next, n, columns->open_column);
      columns->has_open = columns->items->len > before;
    }
  return columns->items;
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
  DtCurveColumns columns;
  const GArray *items;
  gsize added;

  dt_curve_columns_init (&columns, kind, metric);
  items = dt_curve_columns_update (&columns, points, n, x_axis, px0, width);
  g_array_append_vals (out, items->data, items->len);
  added = items->len;
  dt_curve_columns_clear (&columns);
  return added;
}
