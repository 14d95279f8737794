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

G_END_DECLS
