/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-draw.h — draws DtCurveView's model with Cairo and Pango
 *
 * One drawing function serves the widget (through a Cairo render node) and the PNG/SVG
 * exports, so what is exported is what is on screen.  Layout (plot rectangles and axes) is
 * returned so the widget can map the pointer for hovering.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-run.h"
#include "dt-curve-theme.h"

G_BEGIN_DECLS

typedef struct
{
  DtCurveRun *const *runs;   /* oldest first; the current run is the last one */
  guint              n_runs;
  double             x_max;  /* planned epochs, 0 = fit the data */
} DtCurveModel;

typedef struct
{
  gboolean        valid;
  graphene_rect_t loss;      /* plot areas in widget coordinates */
  graphene_rect_t acc;
  DtChartAxis     x;
  DtChartAxis     loss_y;
  DtChartAxis     acc_y;
} DtCurveGeometry;

typedef struct
{
  gsize raw_vertices[2];     /* current run, per plot (loss, accuracy) */
  gsize smooth_vertices[2];
  guint plot_columns;        /* pixel columns of one plot */
} DtCurveDrawStats;

typedef enum
{
  DT_CURVE_LAYER_BACKGROUND = 1 << 0,   /* legend, grid, axes, earlier runs, empty hint */
  DT_CURVE_LAYER_CURRENT    = 1 << 1,   /* the current run: it alone changes while training */
  DT_CURVE_LAYER_ALL        = DT_CURVE_LAYER_BACKGROUND | DT_CURVE_LAYER_CURRENT,
} DtCurveLayers;

/* Computes the plot rectangles and axes a draw of this size would use; FALSE when the area
 * is too small for plots. */
gboolean dt_curve_layout            (PangoContext          *pango,
                                     int                    width,
                                     int                    height,
                                     const DtCurveModel    *model,
                                     const DtCurveTheme    *theme,
                                     DtCurveGeometry       *geometry);
gboolean dt_curve_geometry_equal    (const DtCurveGeometry *a,
                                     const DtCurveGeometry *b);
/* Whether any run has a batch or test point (otherwise the empty state is drawn). */
gboolean dt_curve_model_has_data    (const DtCurveModel    *model);
/* Draws the given layers (all but the hover overlay) into a width × height area at the
 * origin. */
void     dt_curve_draw              (cairo_t               *cr,
                                     PangoContext          *pango,
                                     int                    width,
                                     int                    height,
                                     const DtCurveModel    *model,
                                     const DtCurveTheme    *theme,
                                     DtCurveLayers          layers,
                                     DtCurveGeometry       *geometry,
                                     DtCurveDrawStats      *stats);
/* Draws the crosshair and value box for the pointer at (px, py), if it is over a plot. */
void     dt_curve_draw_hover        (cairo_t               *cr,
                                     PangoContext          *pango,
                                     int                    width,
                                     int                    height,
                                     const DtCurveModel    *model,
                                     const DtCurveTheme    *theme,
                                     const DtCurveGeometry *geometry,
                                     double                 px,
                                     double                 py);

G_END_DECLS
