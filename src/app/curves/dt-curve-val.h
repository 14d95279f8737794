/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-val.h — a run's validation series and its best epoch, drawn into the plots
 * (internal to the curve drawing code) */
#pragma once

#include "dt-curve-layout.h"
#include "dt-curve-painter.h"

G_BEGIN_DECLS

/* Validation loss and accuracy as a dashed line with square marks, in their own colour for
 * the current run (an earlier run's in its colour, dimmed). */
void dt_curve_val_draw       (DtCurvePainter        *p,
                              const DtCurveRun      *run,
                              gboolean               current,
                              const DtCurveGeometry *g);
/* The best epoch (lowest val_loss): a line through both plots and "best" beside the
 * point, for the current run. */
void dt_curve_val_draw_best  (DtCurvePainter        *p,
                              const DtCurveRun      *run,
                              const DtCurveGeometry *g);

G_END_DECLS
