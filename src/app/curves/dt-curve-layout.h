/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-layout.h — where the curves go: plot rectangles and axes for a size
 *
 * The widget keeps the layout it drew with to map the pointer for hovering, and redraws its
 * cached layers only when the layout changes; the PNG/SVG exports lay out the same way.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-chart-axis.h"
#include "dt-curve-painter.h"
#include "dt-curve-run.h"
#include "dt-curve-theme.h"

G_BEGIN_DECLS

/* Distances the layout reserves and the drawing keeps, in pixels. */
#define DT_CURVE_TEXT_GAP   4   /* a plot to its title, and to its x tick labels */
#define DT_CURVE_LABEL_GAP  8   /* a y tick label to its plot; two x tick labels apart */
/* Room for the ticks of any axis the layout makes. */
#define DT_CURVE_MAX_TICKS  32

/* What one drawing of the curves shows, in which font and colours, at which size. */
typedef struct
{
  PangoContext       *pango;
  int                 width;
  int                 height;
  const DtCurveModel *model;
  const DtCurveTheme *theme;
  double              zoom;     /* line widths, markers and gaps (dt-zoom.h); 0 counts as 1 */
} DtCurveScene;

typedef struct
{
  gboolean        valid;
  graphene_rect_t loss;      /* plot areas in widget coordinates */
  graphene_rect_t acc;
  DtChartAxis     x;
  DtChartAxis     loss_y;
  DtChartAxis     acc_y;
} DtCurveGeometry;

/* Computes the plot rectangles and axes a drawing of the scene would use; FALSE when the
 * area is too small for plots. */
gboolean dt_curve_layout               (const DtCurveScene    *scene,
                                        DtCurveGeometry       *geometry);
gboolean dt_curve_geometry_equal       (const DtCurveGeometry *a,
                                        const DtCurveGeometry *b);
/* A loss tick's label: as dt_chart_format_tick on a linear axis, %g on a log one. */
char    *dt_curve_format_loss_tick     (const DtChartAxis     *axis,
                                        double                 value);
/* The same with the painter's fonts, for the drawing code; the legend goes above the plots
 * at (p->pad, p->pad). */
gboolean dt_curve_layout_with_painter  (DtCurvePainter        *p,
                                        const DtCurveModel    *model,
                                        int                    width,
                                        int                    height,
                                        DtCurveGeometry       *geometry);

G_END_DECLS
