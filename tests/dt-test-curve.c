/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-curve.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "dt-curve-hover.h"

void
dt_test_curve_init (int    *argc,
                    char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (argc, argv, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
}

DtCurveView *
dt_test_curve_view_new (void)
{
  return g_object_ref_sink (DT_CURVE_VIEW (dt_curve_view_new ()));
}

char *
dt_test_curve_tmp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-curve-view-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

void
dt_test_curve_remove_tmp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

void
dt_test_curve_append_run (DtCurveView *view,
                          guint        n_batches,
                          double       epochs,
                          guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 1; i <= n_batches; i++)
    {
      double x = epochs * i / n_batches;
      double loss = (0.2 + 2.1 * exp (-6 * x)) * exp (g_rand_double_range (rand, -0.3, 0.3));
      double acc = CLAMP (0.95 - 0.85 * exp (-7 * x) + g_rand_double_range (rand, -0.05, 0.05),
                          0, 1);

      dt_curve_view_append_batch (view, x, loss, acc);
    }
}

void
dt_test_curve_get_pixel (cairo_surface_t *surface,
                         int              x,
                         int              y,
                         guint8          *rgb)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);

  rgb[0] = (pixel >> 16) & 0xff;
  rgb[1] = (pixel >> 8) & 0xff;
  rgb[2] = pixel & 0xff;
}

gboolean
dt_test_curve_pixel_near (const guint8 *rgb,
                          const char   *color,
                          int           tolerance)
{
  GdkRGBA c;

  g_assert_true (gdk_rgba_parse (&c, color));
  return abs (rgb[0] - (int) round (c.red * 255)) <= tolerance &&
         abs (rgb[1] - (int) round (c.green * 255)) <= tolerance &&
         abs (rgb[2] - (int) round (c.blue * 255)) <= tolerance;
}

guint
dt_test_curve_count_pixels (cairo_surface_t *surface,
                            const char      *color,
                            int              tolerance)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 rgb[3];

        dt_test_curve_get_pixel (surface, x, y, rgb);
        n += dt_test_curve_pixel_near (rgb, color, tolerance);
      }
  return n;
}

cairo_surface_t *
dt_test_curve_render (DtCurveView      *view,
                      int               width,
                      int               height,
                      DtCurveGeometry  *geometry,
                      DtCurveDrawStats *stats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  dt_curve_view_draw (view, cr, width, height, geometry, stats);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

char *
dt_test_curve_hover_text (DtCurveView *view,
                          double       epoch,
                          double       zoom)
{
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveScene scene = { gtk_widget_get_pango_context (GTK_WIDGET (view)), 800, 500, &model,
                         &theme, zoom };
  DtCurveGeometry g;

  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_view_get_model (view, &model);
  g_assert_true (dt_curve_layout (&scene, &g));
  return dt_curve_hover_dup_text (&scene, &g,
                                  dt_chart_axis_to_pixel (&g.x, epoch, g.loss.origin.x,
                                                          g.loss.size.width, FALSE),
                                  g.loss.origin.y + 10);
}
