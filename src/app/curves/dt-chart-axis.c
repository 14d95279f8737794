/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-chart-axis"

#include "config.h"

#include "dt-chart-axis.h"

#include <math.h>

/* Floating-point slack: a quotient this close to a whole number counts as that number, so
 * 0.3 / 0.1 = 2.9999999999999996 is 3 and 1.0000000000000002 stays 1. */
#define ROUNDING_SLACK  1e-9
/* Ticks and labels closer than this fraction of a step to a value count as on it. */
#define TICK_SLACK      1e-6
/* A range narrower than this (relative to its values, or at all) is flat … */
#define FLAT_RELATIVE   1e-12
#define FLAT_ABSOLUTE   1e-300
/* … and is widened by this fraction of its value on either side (±1 around 0). */
#define FLAT_PAD        0.1
/* The most decimals a tick label shows. */
#define MAX_DECIMALS    12

double
dt_chart_nice_ceil (double value)
{
  double magnitude, fraction;

  if (!(value > 0) || !isfinite (value))
    return 1;

  magnitude = pow (10, floor (log10 (value)));
  fraction = value / magnitude;

  /* With a hair of tolerance, 0.3 / 0.1 still counts as 3 → 5. */
  if (fraction <= 1 + ROUNDING_SLACK)
    return magnitude;
  if (fraction <= 2 + ROUNDING_SLACK)
    return 2 * magnitude;
  if (fraction <= 5 + ROUNDING_SLACK)
    return 5 * magnitude;
  return 10 * magnitude;
}

double
dt_chart_nice_step (double range,
                    guint  max_intervals)
{
  if (!(range > 0) || !isfinite (range))
    return 0;
  return dt_chart_nice_ceil (range / MAX (max_intervals, 1));
}

void
dt_chart_axis_init (DtChartAxis *axis,
                    double       min,
                    double       max,
                    guint        max_intervals,
                    gboolean     snap_max)
{
  g_return_if_fail (axis != NULL);

  if (!isfinite (min) || !isfinite (max))
    {
      min = 0;
      max = 1;
    }
  if (min > max)
    {
      double tmp = min;
      min = max;
      max = tmp;
    }
  if (max - min <= fabs (max) * FLAT_RELATIVE || max - min < FLAT_ABSOLUTE)
    {
      /* A flat series still needs a visible band around it. */
      double pad = fabs (min) > 0 ? fabs (min) * FLAT_PAD : 1;
      min -= pad;
      max += pad;
    }

  axis->min = min;
  axis->max = max;
  axis->log = FALSE;
  axis->step = dt_chart_nice_step (max - min, max_intervals);

  if (snap_max)
    {
      double snapped = ceil (max / axis->step - ROUNDING_SLACK) * axis->step;
      /* Snapping may add one interval; re-derive the step if that broke the budget. */
      axis->max = snapped;
      axis->step = dt_chart_nice_step (axis->max - axis->min, max_intervals);
      axis->max = ceil (axis->max / axis->step - ROUNDING_SLACK) * axis->step;
    }
}

/* The largest 1-2-5 number (…, 0.5, 1, 2, 5, 10, …) that is <= value; value must be > 0. */
static double
nice_floor (double value)
{
  double magnitude = pow (10, floor (log10 (value)));
  double fraction = value / magnitude;

  if (fraction >= 5 - ROUNDING_SLACK)
    return 5 * magnitude;
  if (fraction >= 2 - ROUNDING_SLACK)
    return 2 * magnitude;
  return magnitude;
}

void
dt_chart_axis_init_log (DtChartAxis *axis,
                        double       min,
                        double       max)
{
  g_return_if_fail (axis != NULL);

  if (!isfinite (max) || !(max > 0))
    max = 1;
  if (!isfinite (min) || !(min > 0) || min >= max)
    min = max / 10;
  axis->min = nice_floor (min);
  axis->max = dt_chart_nice_ceil (max);
  if (axis->max <= axis->min)
    axis->max = axis->min * 10;
  axis->step = 1;
  axis->log = TRUE;
}

/* 1, 2, 5 × powers of ten inside the axis; only the powers when those would be too many. */
static guint
log_ticks (const DtChartAxis *axis,
           double            *ticks,
           guint              n_ticks)
{
  static const double mantissas[] = { 1, 2, 5 };
  int first = (int) floor (log10 (axis->min)), last = (int) ceil (log10 (axis->max));
  gboolean all = (guint) (last - first) * 3 <= n_ticks && last - first <= 3;
  guint n = 0;

  for (int e = first; e <= last; e++)
    for (guint m = 0; m < (all ? G_N_ELEMENTS (mantissas) : 1) && n < n_ticks; m++)
      {
        double v = mantissas[m] * pow (10, e);

        if (v >= axis->min * (1 - TICK_SLACK) && v <= axis->max * (1 + TICK_SLACK))
          ticks[n++] = v;
      }
  return n;
}

guint
dt_chart_axis_ticks (const DtChartAxis *axis,
                     double            *ticks,
                     guint              n_ticks)
{
  double first, eps;
  guint n = 0;

  g_return_val_if_fail (axis != NULL, 0);

  if (axis->log)
    return log_ticks (axis, ticks, n_ticks);
  if (!(axis->step > 0))
    return 0;

  eps = axis->step * TICK_SLACK;
  first = ceil ((axis->min - eps) / axis->step);
  for (double i = first; n < n_ticks; i++)
    {
      /* Multiply rather than accumulate so 0.1 steps print as 0.3, not 0.30000000000000004. */
      double value = i * axis->step;

      if (value > axis->max + eps)
        break;
      if (fabs (value) < eps)
        value = 0;
      ticks[n++] = value;
    }

  return n;
}

double
dt_chart_axis_map (const DtChartAxis *axis,
                   double             value)
{
  g_return_val_if_fail (axis != NULL, 0);

  if (!(axis->max > axis->min))
    return 0;
  if (axis->log)
    return value > 0 ? log10 (value / axis->min) / log10 (axis->max / axis->min) : -1;
  return (value - axis->min) / (axis->max - axis->min);
}

double
dt_chart_axis_unmap (const DtChartAxis *axis,
                     double             fraction)
{
  g_return_val_if_fail (axis != NULL, 0);

  if (axis->log)
    return axis->min * pow (axis->max / axis->min, fraction);
  return axis->min + fraction * (axis->max - axis->min);
}

double
dt_chart_axis_to_pixel (const DtChartAxis *axis,
                        double             value,
                        double             start,
                        double             length,
                        gboolean           inverted)
{
  double f = dt_chart_axis_map (axis, value);

  return inverted ? start + (1 - f) * length : start + f * length;
}

/* Digits after the decimal point needed to tell ticks `step` apart. */
static int
step_decimals (double step)
{
  if (!(step > 0) || !isfinite (step))
    return 0;
  return CLAMP ((int) ceil (-log10 (step) - ROUNDING_SLACK), 0, MAX_DECIMALS);
}

char *
dt_chart_format_tick (double value,
                      double step,
                      double scale)
{
  int decimals = step_decimals (step * scale);

  if (fabs (value) < step * TICK_SLACK)
    return g_strdup ("0");
  return g_strdup_printf ("%.*f", decimals, value * scale);
}
