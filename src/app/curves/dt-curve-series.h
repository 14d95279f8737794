/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-series.h — one run drawn into the plots: per-batch band, smoothed line, test
 * points, markers, where it left the loss axis, and the latest test values (internal to the
 * curve drawing code) */
#pragma once

#include "dt-curve-layout.h"
#include "dt-curve-painter.h"

G_BEGIN_DECLS

/* What drawing the current run took: the vertices decimation kept. */
typedef struct
{
  gsize raw_vertices[2];     /* current run, per plot (loss, accuracy) */
  gsize smooth_vertices[2];
  guint plot_columns;        /* pixel columns of one plot */
} DtCurveDrawStats;

/* The run's band (current run only) and smoothed line in both plots, between pixel x0 and
 * x1 (drawn as if the whole run were, clipped there: spans drawn apart join seamlessly);
 * stats (may be NULL) counts the current run's vertices. */
void dt_curve_series_draw_curves       (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g,
                                        double                 x0,
                                        double                 x1,
                                        DtCurveDrawStats      *stats);
/* Its test points (dots, or a line when there are too many to tell apart) and, on a linear
 * loss axis, where it left the axis and how high it went. */
void dt_curve_series_draw_tests        (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g);
/* Both of the above over the whole plots. */
void dt_curve_series_draw_run          (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g,
                                        DtCurveDrawStats      *stats);
/* Vertical lines through both plots where hyperparameters changed, in the run's colour;
 * the current run's carry their text. */
void dt_curve_series_draw_markers      (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g);
/* The latest test loss and accuracy written next to their dots. */
void dt_curve_series_draw_test_values  (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        const DtCurveGeometry *g);
/* How far right (pixels) the run's curves reach: drawing left of it minus this margin is
 * final while the run grows. */
double dt_curve_series_get_reach       (const DtCurveRun      *run,
                                        const DtCurveGeometry *g);

G_END_DECLS
