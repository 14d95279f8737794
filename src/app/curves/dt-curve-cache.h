/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-cache.h — DtCurveView's drawing, cached as render nodes (internal)
 *
 * Every node paints an image drawn once (not a recording GTK would replay at each frame).
 * The background (legend, grid, text, earlier runs) is redrawn only when the history, the
 * size, the colours or the axes change.  The current run's curves are cut into blocks of
 * DT_CURVE_BLOCK_PX pixel columns: a run only grows to the right, so a block its curves have
 * passed is final and kept; a frame redraws the block or two where the run is growing, and
 * the frame's damage is that small too.  The run's markers, test points and values are one
 * more node, redrawn when they change.  Hovering redraws just the overlay the view puts on
 * top.  So a frame costs the same with four 30-epoch runs on the chart as with none.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-draw.h"

G_BEGIN_DECLS

#define DT_CURVE_BLOCK_PX 128

typedef struct
{
  GskRenderNode *node;
  gboolean       final;     /* the run has grown past it: never redrawn */
} DtCurveBlock;

typedef struct
{
  GskRenderNode   *background_node;
  GskRenderNode   *marks_node;
  GArray          *blocks;                 /* DtCurveBlock, left to right */
  guint            background_generation;  /* the history generation it shows */
  guint            current_generation;     /* the data generation the blocks show */
  guint64          marks_key;              /* what the marks node shows */
  gboolean         background_has_data;    /* or it shows the empty hint */
  int              width;
  int              height;
  double           zoom;
  int              scale;                  /* the display's scale factor */
  GdkRGBA          fg;
  DtCurveGeometry  geometry;               /* the layout the nodes were drawn with */
  guint            n_background_draws;
  guint            n_current_draws;        /* frames that redrew any of the current run */
} DtCurveCache;

/* Redraws what the scene made stale, at the display's scale, and appends every node.
 * history_generation changes with what the background shows (runs, labels, smoothing,
 * options, x axis), generation with any data. */
void dt_curve_cache_snapshot  (DtCurveCache       *cache,
                               GtkSnapshot        *snapshot,
                               const DtCurveScene *scene,
                               int                 scale,
                               guint               history_generation,
                               guint               generation);
/* Drops every node: the next snapshot redraws everything (style, fonts, dispose). */
void dt_curve_cache_clear     (DtCurveCache       *cache);

G_END_DECLS
