/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-view-private.h — DtCurveView internals shared by its files and its tests */
#pragma once

#include "dt-chart-axis.h"
#include "dt-curve-cache.h"
#include "dt-curve-draw.h"
#include "dt-curve-run.h"
#include "dt-curve-view.h"

G_BEGIN_DECLS

struct _DtCurveView
{
  GtkWidget        parent_instance;

  GPtrArray       *runs;          /* DtCurveRun: earlier runs oldest first, current last */
  guint            next_number;   /* the number the next run will get */
  guint            next_handle;   /* the last handle dt_curve_view_add_run gave */
  double           smoothing;
  double           x_max;
  gboolean         log_loss;
  gboolean         accuracy_top;
  gboolean         high_contrast;

  guint            generation;          /* bumped by every change */
  guint            history_generation;  /* bumped by changes to what the background shows */
  DtCurveCache     cache;

  gboolean         hovering;
  double           hover_x;
  double           hover_y;

  guint            a11y_idle_id;
};

/* dt-curve-view.c: data changed (one redraw, the accessible description later); history
 * changed (the background too, and "runs-changed"). */
void              dt_curve_view_data_changed     (DtCurveView      *self);
void              dt_curve_view_history_changed  (DtCurveView      *self);
/* dt-curve-view-runs.c */
DtCurveRun       *dt_curve_view_current_run      (DtCurveView      *self);

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
