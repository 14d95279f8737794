/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-cache"

#include "config.h"

#include "dt-curve-cache.h"

static GskRenderNode *
draw_node (const DtCurveScene *scene,
           DtCurveLayers       layers)
{
  GskRenderNode *node =
    gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, scene->width, scene->height));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  dt_curve_draw (cr, scene, layers, NULL, NULL);
  cairo_destroy (cr);
  return node;
}

void
dt_curve_cache_snapshot (DtCurveCache       *cache,
                         GtkSnapshot        *snapshot,
                         const DtCurveScene *scene,
                         guint               history_generation,
                         guint               generation)
{
  DtCurveGeometry geometry;
  gboolean resized, has_data;

  dt_curve_layout (scene, &geometry);
  resized = cache->width != scene->width || cache->height != scene->height ||
            !gdk_rgba_equal (&cache->fg, &scene->theme->fg) ||
            !dt_curve_geometry_equal (&cache->geometry, &geometry);
  has_data = dt_curve_model_has_data (scene->model);

  if (resized || cache->background_node == NULL ||
      cache->background_generation != history_generation ||
      cache->background_has_data != has_data)
    {
      g_clear_pointer (&cache->background_node, gsk_render_node_unref);
      cache->background_node = draw_node (scene, DT_CURVE_LAYER_BACKGROUND);
      cache->background_generation = history_generation;
      cache->n_background_draws++;
      cache->background_has_data = has_data;
    }
  if (resized || cache->current_node == NULL || cache->current_generation != generation)
    {
      g_clear_pointer (&cache->current_node, gsk_render_node_unref);
      cache->current_node = draw_node (scene, DT_CURVE_LAYER_CURRENT);
      cache->current_generation = generation;
      cache->n_current_draws++;
    }
  cache->width = scene->width;
  cache->height = scene->height;
  cache->fg = scene->theme->fg;
  cache->geometry = geometry;

  gtk_snapshot_append_node (snapshot, cache->background_node);
  gtk_snapshot_append_node (snapshot, cache->current_node);
}

void
dt_curve_cache_clear (DtCurveCache *cache)
{
  g_clear_pointer (&cache->background_node, gsk_render_node_unref);
  g_clear_pointer (&cache->current_node, gsk_render_node_unref);
}
