/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-chart-axis.h — value axes with nice 1-2-5 ticks (pure functions, no GTK)
 *
 * An axis maps a value range [min, max] to [0, 1]; ticks are multiples of a step that is
 * 1, 2 or 5 times a power of ten, so labels read "0, 0.1, 0.2" and never "0, 0.13, 0.26".
 * A logarithmic axis maps log10 of the value instead, from and to 1, 2 or 5 times a power
 * of ten, with its ticks there: "0.1, 0.2, 0.5, 1, 2".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double min;
  double max;
  double step;   /* distance between ticks; 0 when the axis is invalid (1 when log) */
  gboolean log;  /* logarithmic: min > 0 */
} DtChartAxis;

/* Smallest 1-2-5 step that cuts `range` into at most `max_intervals` intervals. */
double   dt_chart_nice_step      (double             range,
                                  guint              max_intervals);
/* Smallest 1-2-5 number (1, 2, 5, 10, 20 …) that is >= value; value must be > 0. */
double   dt_chart_nice_ceil      (double             value);
/* Sets up an axis over [min, max] with at most max_intervals tick intervals.  A degenerate
 * range (min == max) is widened around the value; non-finite input gives [0, 1].  With
 * snap_max the maximum is raised to the next tick so the top gridline frames the data. */
void     dt_chart_axis_init      (DtChartAxis       *axis,
                                  double             min,
                                  double             max,
                                  guint              max_intervals,
                                  gboolean           snap_max);
/* A logarithmic axis over [min, max] (both > 0; a non-positive min becomes max / 10),
 * widened to 1-2-5 values; its ticks are 1-2-5 values over up to three decades, powers of
 * ten over more. */
void     dt_chart_axis_init_log  (DtChartAxis       *axis,
                                  double             min,
                                  double             max);
/* Writes the ticks inside [min, max] (at most n_ticks) and returns how many there are. */
guint    dt_chart_axis_ticks     (const DtChartAxis *axis,
                                  double            *ticks,
                                  guint              n_ticks);
/* value → [0, 1] (values outside the range map outside [0, 1]). */
double   dt_chart_axis_map       (const DtChartAxis *axis,
                                  double             value);
/* [0, 1] → value. */
double   dt_chart_axis_unmap     (const DtChartAxis *axis,
                                  double             fraction);
/* value → pixel on a span of `length` pixels starting at `start`; inverted spans grow
 * upwards (screen y), so min lands on start + length. */
double   dt_chart_axis_to_pixel  (const DtChartAxis *axis,
                                  double             value,
                                  double             start,
                                  double             length,
                                  gboolean           inverted);
/* A tick label: value printed with just enough decimals for the step, times `scale`
 * (100 for percent); exact zero prints as "0".  (A log axis's ticks print with %g.) */
char    *dt_chart_format_tick    (double             value,
                                  double             step,
                                  double             scale);

G_END_DECLS
