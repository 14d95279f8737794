/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-view-private.h — DtCurveView internals shared by its files and its tests */
#pragma once

#include "dt-chart-axis.h"
#include "dt-curve-draw.h"
#include "dt-curve-run.h"
#include "dt-curve-view.h"

G_BEGIN_DECLS

/* The view's runs as the drawing code sees them. */
void              dt_curve_view_get_model        (DtCurveView      *self,
                                                  DtCurveModel     *model);
/* Draws the curves as the PNG export does (theme colours, background filled) and reports
 * the layout and how many vertices the current run needed. */
void              dt_curve_view_draw             (DtCurveView      *self,
                                                  cairo_t          *cr,
                                                  int               width,
                                                  int               height,
                                                  DtCurveGeometry  *geometry,
                                                  DtCurveDrawStats *stats);
/* Run `index`, oldest first; the current run is index get_n_runs () − 1 once it has data. */
const DtCurveRun *dt_curve_view_get_run          (DtCurveView      *self,
                                                  guint             index);
/* The accessible description as it is (or is about to be) published. */
char             *dt_curve_view_dup_description  (DtCurveView      *self);
/* The pointer position the hover overlay follows; FALSE when the pointer is outside. */
gboolean          dt_curve_view_get_hover        (DtCurveView      *self,
                                                  double           *x,
                                                  double           *y);

/* How often snapshot redrew each cached layer (background, current run). */
void              dt_curve_view_get_draw_counts  (DtCurveView      *self,
                                                  guint            *background,
                                                  guint            *current);

G_END_DECLS
