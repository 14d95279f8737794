/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-series.h — one run drawn into the plots: raw envelope, smoothed line, test
 * points, markers and the latest test values (internal to the curve drawing code) */
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

/* The run's curves and test points in both plots; stats (may be NULL) counts the current
 * run's vertices. */
void dt_curve_series_draw_run          (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g,
                                        DtCurveDrawStats      *stats);
/* Vertical lines through both plots where hyperparameters changed; the current run's
 * carry their text. */
void dt_curve_series_draw_markers      (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        gboolean               current,
                                        const DtCurveGeometry *g);
/* The latest test loss and accuracy written next to their dots. */
void dt_curve_series_draw_test_values  (DtCurvePainter        *p,
                                        const DtCurveRun      *run,
                                        const DtCurveGeometry *g);

G_END_DECLS
