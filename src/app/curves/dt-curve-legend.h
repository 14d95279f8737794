/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-legend.h — the legend above the plots (internal to the curve drawing code) */
#pragma once

#include "dt-curve-painter.h"
#include "dt-curve-run.h"

G_BEGIN_DECLS

/* Lays the legend out left to right from (x0, y0) in `width` pixels, wrapping lines, and
 * draws it when asked.  Returns its height, so layout and drawing agree. */
double dt_curve_legend_flow (DtCurvePainter     *p,
                             const DtCurveModel *model,
                             double              x0,
                             double              y0,
                             double              width,
                             gboolean            draw);

G_END_DECLS
