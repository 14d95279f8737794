/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-cache.h — DtCurveView's drawing, cached as two render nodes (internal)
 *
 * The background (legend, grid, text, earlier runs) is redrawn only when the history, the
 * size, the colours or the axes change; the current run when it grows.  Hovering redraws
 * just the small overlay the view puts on top.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-draw.h"

G_BEGIN_DECLS

typedef struct
{
  GskRenderNode   *background_node;
  GskRenderNode   *current_node;
  guint            background_generation;  /* the history generation it shows */
  guint            current_generation;     /* the data generation it shows */
  gboolean         background_has_data;    /* or it shows the empty hint */
  int              width;
  int              height;
  GdkRGBA          fg;
  DtCurveGeometry  geometry;               /* the layout both nodes were drawn with */
  guint            n_background_draws;
  guint            n_current_draws;
} DtCurveCache;

/* Redraws the layers the scene made stale and appends both.  history_generation changes
 * with what the background shows (runs, labels, smoothing, x axis), generation with any
 * data. */
void dt_curve_cache_snapshot  (DtCurveCache       *cache,
                               GtkSnapshot        *snapshot,
                               const DtCurveScene *scene,
                               guint               history_generation,
                               guint               generation);
/* Drops both nodes: the next snapshot redraws everything (style, fonts, dispose). */
void dt_curve_cache_clear     (DtCurveCache       *cache);

G_END_DECLS
