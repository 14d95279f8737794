/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-draw.h — draws DtCurveView's model with Cairo and Pango
 *
 * One drawing function serves the widget (through Cairo render nodes) and the PNG/SVG
 * exports, so what is exported is what is on screen.  The layout (plot rectangles and axes)
 * is returned so the widget can map the pointer for hovering.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-layout.h"
#include "dt-curve-series.h"

G_BEGIN_DECLS

typedef enum
{
  DT_CURVE_LAYER_BACKGROUND     = 1 << 0,   /* legend, grid, axes, earlier runs, empty hint */
  DT_CURVE_LAYER_CURRENT_CURVES = 1 << 1,   /* the current run's band and smoothed line */
  DT_CURVE_LAYER_CURRENT_MARKS  = 1 << 2,   /* … its markers, test points and values */
  DT_CURVE_LAYER_CURRENT        = DT_CURVE_LAYER_CURRENT_CURVES | DT_CURVE_LAYER_CURRENT_MARKS,
  DT_CURVE_LAYER_ALL            = DT_CURVE_LAYER_BACKGROUND | DT_CURVE_LAYER_CURRENT,
} DtCurveLayers;

/* Draws the given layers of the scene (all but the hover overlay) into its width × height
 * at the origin; geometry and stats (either may be NULL) report the layout and what the
 * current run took. */
void dt_curve_draw      (cairo_t               *cr,
                         const DtCurveScene    *scene,
                         DtCurveLayers          layers,
                         DtCurveGeometry       *geometry,
                         DtCurveDrawStats      *stats);
/* The current run's curves between pixel columns x0 and x1 only, in a layout already made
 * for the scene (dt_curve_layout): what the widget redraws as a run grows. */
void dt_curve_draw_span (cairo_t               *cr,
                         const DtCurveScene    *scene,
                         const DtCurveGeometry *geometry,
                         double                 x0,
                         double                 x1);

G_END_DECLS
