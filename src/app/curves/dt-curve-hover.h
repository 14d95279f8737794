/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-hover.h — the crosshair and value box DtCurveView shows under the pointer */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-layout.h"

G_BEGIN_DECLS

/* Draws the crosshair and value box for the pointer at (px, py), if it is over a plot of
 * the geometry the scene was drawn with. */
void dt_curve_hover_draw (cairo_t               *cr,
                          const DtCurveScene    *scene,
                          const DtCurveGeometry *geometry,
                          double                 px,
                          double                 py);

/* What the box says for the pointer at (px, py): its title, then one line per row, the
 * name, loss and accuracy separated by tabs ("Run 3\t0.2341\t93.1%"); NULL when the pointer
 * is not over a plot with data.  For tests. */
char *dt_curve_hover_dup_text (const DtCurveScene    *scene,
                               const DtCurveGeometry *geometry,
                               double                 px,
                               double                 py);

G_END_DECLS
