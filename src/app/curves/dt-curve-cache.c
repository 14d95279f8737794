/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-cache"

#include "config.h"

#include "dt-curve-cache.h"

#include <math.h>

/* A block is final once the run's last column lies this far right of it: the smoothed
 * line's round joins and caps, and the band's last edge, reach no further back. */
#define FINAL_MARGIN(zoom) (2 * DT_CURVE_CURRENT_LINE_WIDTH * (zoom) + 4)
/* The curves may stroke a little outside their plots (dt-curve-series.c's clip). */
#define PLOT_SLACK 4

/* What a node shows: layers of the scene, or (span) the current run's curves in [x0, x1). */
typedef struct
{
  const DtCurveScene    *scene;
  DtCurveLayers          layers;
  const DtCurveGeometry *span;
  double                 x0, x1;
} NodeContent;

/* Draws the content into an image of `bounds` (at the display's scale) once, and returns a
 * node that only paints that image.  A Cairo node records its drawing and replays it every
 * time a frame renders it, so four 30-epoch runs would be stroked again at every frame; an
 * image is painted, and only where the frame changed. */
static GskRenderNode *
image_node (const graphene_rect_t *bounds,
            int                    scale,
            const NodeContent     *content)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                       (int) ceil (bounds->size.width * scale),
                                                       (int) ceil (bounds->size.height * scale));
  GskRenderNode *node = gsk_cairo_node_new (bounds);
  cairo_t *cr;

  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  cairo_translate (cr, -bounds->origin.x, -bounds->origin.y);
  if (content->span != NULL)
    dt_curve_draw_span (cr, content->scene, content->span, content->x0, content->x1);
  else
    dt_curve_draw (cr, content->scene, content->layers, NULL, NULL);
  cairo_destroy (cr);

  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_source_surface (cr, image, bounds->origin.x, bounds->origin.y);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return node;
}

static GskRenderNode *
draw_node (const DtCurveScene *scene,
           int                 scale,
           DtCurveLayers       layers)
{
  NodeContent content = { scene, layers, NULL, 0, 0 };

  return image_node (&GRAPHENE_RECT_INIT (0, 0, scene->width, scene->height), scale, &content);
}

static void
clear_blocks (DtCurveCache *cache)
{
  if (cache->blocks == NULL)
    return;
  for (guint i = 0; i < cache->blocks->len; i++)
    g_clear_pointer (&g_array_index (cache->blocks, DtCurveBlock, i).node,
                     gsk_render_node_unref);
  g_array_set_size (cache->blocks, 0);
}

/* The current run's curves in columns [x0, x1), over the height of both plots. */
static GskRenderNode *
draw_block (const DtCurveScene    *scene,
            int                    scale,
            const DtCurveGeometry *g,
            double                 x0,
            double                 x1)
{
  double slack = PLOT_SLACK * (scene->zoom > 0 ? scene->zoom : 1);
  double top = floor (g->loss.origin.y - slack);
  double bottom = ceil (g->acc.origin.y + g->acc.size.height + slack);
  NodeContent content = { scene, 0, g, x0, x1 };

  return image_node (&GRAPHENE_RECT_INIT (x0, top, x1 - x0, bottom - top), scale, &content);
}

/* Redraws the blocks the run has grown into since they were drawn; TRUE if any. */
static gboolean
update_blocks (DtCurveCache       *cache,
               const DtCurveScene *scene,
               int                 scale)
{
  const DtCurveGeometry *g = &cache->geometry;
  const DtCurveModel *model = scene->model;
  double zoom = scene->zoom > 0 ? scene->zoom : 1, reach = -G_MAXDOUBLE;
  guint n_blocks = (guint) ceil ((double) scene->width / DT_CURVE_BLOCK_PX);
  gboolean drew = FALSE;

  if (model->n_runs > 0 && g->valid)
    reach = dt_curve_series_get_reach (model->runs[model->n_runs - 1], g);
  if (cache->blocks->len != n_blocks)
    {
      clear_blocks (cache);
      g_array_set_size (cache->blocks, n_blocks);
    }
  for (guint b = 0; b < n_blocks; b++)
    {
      DtCurveBlock *block = &g_array_index (cache->blocks, DtCurveBlock, b);
      double x0 = (double) b * DT_CURVE_BLOCK_PX, x1 = x0 + DT_CURVE_BLOCK_PX;

      if (block->final && block->node != NULL)
        continue;
      g_clear_pointer (&block->node, gsk_render_node_unref);
      block->final = FALSE;
      /* nothing there yet, or nothing to draw at all */
      if (!g->valid || reach + FINAL_MARGIN (zoom) < x0)
        continue;
      block->node = draw_block (scene, scale, g, x0, x1);
      block->final = reach > x1 + FINAL_MARGIN (zoom);
      drew = TRUE;
    }
  return drew;
}

/* What the marks node shows: the current run, its test points and markers, and — while it
 * is above a linear loss axis, where its height is written — its data. */
static guint64
marks_key (const DtCurveScene    *scene,
           const DtCurveGeometry *g,
           guint                  generation)
{
  const DtCurveModel *model = scene->model;
  const DtCurveRun *run;

  if (model->n_runs == 0)
    return 0;
  run = model->runs[model->n_runs - 1];
  if (!g->loss_y.log && run->max_loss > g->loss_y.max)
    return ((guint64) generation << 32) | 1;
  return ((guint64) run->number << 48) ^ ((guint64) run->test->len << 24) ^
         ((guint64) run->val->len << 36) ^ run->markers->len ^
         ((guint64) run->visible << 60);
}

void
dt_curve_cache_snapshot (DtCurveCache       *cache,
                         GtkSnapshot        *snapshot,
                         const DtCurveScene *scene,
                         int                 scale,
                         guint               history_generation,
                         guint               generation)
{
  DtCurveGeometry geometry;
  gboolean resized, has_data, drew = FALSE;
  guint64 key;

  if (cache->blocks == NULL)
    cache->blocks = g_array_new (FALSE, TRUE, sizeof (DtCurveBlock));
  dt_curve_layout (scene, &geometry);
  resized = cache->width != scene->width || cache->height != scene->height ||
            cache->zoom != scene->zoom || cache->scale != scale ||
            !gdk_rgba_equal (&cache->fg, &scene->theme->fg) ||
            !dt_curve_geometry_equal (&cache->geometry, &geometry);
  has_data = dt_curve_model_has_data (scene->model);
  cache->width = scene->width;
  cache->height = scene->height;
  cache->zoom = scene->zoom;
  cache->scale = scale;
  cache->fg = scene->theme->fg;
  cache->geometry = geometry;

  if (resized || cache->background_node == NULL ||
      cache->background_generation != history_generation ||
      cache->background_has_data != has_data)
    {
      g_clear_pointer (&cache->background_node, gsk_render_node_unref);
      cache->background_node = draw_node (scene, scale, DT_CURVE_LAYER_BACKGROUND);
      cache->background_generation = history_generation;
      cache->n_background_draws++;
      cache->background_has_data = has_data;
      /* a new run, new smoothing or new options: the current run's nodes go too */
      clear_blocks (cache);
      g_clear_pointer (&cache->marks_node, gsk_render_node_unref);
      cache->current_generation = generation - 1;
    }
  if (cache->current_generation != generation)
    {
      drew = update_blocks (cache, scene, scale);
      cache->current_generation = generation;
    }
  key = marks_key (scene, &geometry, generation);
  if (cache->marks_node == NULL || cache->marks_key != key)
    {
      g_clear_pointer (&cache->marks_node, gsk_render_node_unref);
      cache->marks_node = draw_node (scene, scale, DT_CURVE_LAYER_CURRENT_MARKS);
      cache->marks_key = key;
      drew = TRUE;
    }
  cache->n_current_draws += drew;

  gtk_snapshot_append_node (snapshot, cache->background_node);
  for (guint b = 0; b < cache->blocks->len; b++)
    if (g_array_index (cache->blocks, DtCurveBlock, b).node != NULL)
      gtk_snapshot_append_node (snapshot, g_array_index (cache->blocks, DtCurveBlock, b).node);
  gtk_snapshot_append_node (snapshot, cache->marks_node);
}

void
dt_curve_cache_clear (DtCurveCache *cache)
{
  g_clear_pointer (&cache->background_node, gsk_render_node_unref);
  g_clear_pointer (&cache->marks_node, gsk_render_node_unref);
  clear_blocks (cache);
  g_clear_pointer (&cache->blocks, g_array_unref);
}
