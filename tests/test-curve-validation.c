/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtCurveView's validation series (under Xvfb): the points and the best epoch (lowest
 * val_loss), drawn in their own colour with zoom-scaled lines and a marker at the best
 * epoch, in the hover box, the CSV export and the runs table. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-curve-hover.h"
#include "dt-curve-theme.h"
#include "dt-runs-table.h"
#include "dt-test-curve.h"
#include "dt-zoom.h"

#define WIDTH  800
#define HEIGHT 500

/* val_loss is lowest at epoch 3, then it climbs: the network overfits. */
static const double val_loss[] = { 0.50, 0.30, 0.25, 0.28, 0.35 };
static const double val_acc[] = { 0.85, 0.90, 0.92, 0.91, 0.90 };

static DtCurveView *
view_with_validation (void)
{
  DtCurveView *view = dt_test_curve_view_new ();

  dt_curve_view_set_x_max (view, 5);
  dt_test_curve_append_run (view, 500, 5, 3);
  for (guint e = 0; e < G_N_ELEMENTS (val_loss); e++)
    {
      dt_curve_view_append_test (view, e + 1, val_loss[e] - 0.05, val_acc[e] + 0.01);
      dt_curve_view_append_val (view, e + 1, val_loss[e], val_acc[e]);
    }
  return view;
}

static char *
val_color (DtCurveView *view)
{
  DtCurveTheme theme;
  GdkRGBA color;

  dt_curve_theme_init_from_widget (&theme, GTK_WIDGET (view));
  dt_curve_theme_val_color (&theme, &color);
  return gdk_rgba_to_string (&color);
}

/* The view drawn at a zoom, as the widget draws it. */
static cairo_surface_t *
render_zoomed (DtCurveView     *view,
               double           zoom,
               DtCurveGeometry *g)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveScene scene = { NULL, WIDTH, HEIGHT, &model, &theme, 1 };

  dt_zoom_set (zoom);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dt_curve_theme_init_from_widget (&theme, GTK_WIDGET (view));
  dt_curve_view_get_model (view, &model);
  scene.pango = gtk_widget_get_pango_context (GTK_WIDGET (view));
  scene.zoom = dt_zoom_get ();
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  dt_curve_draw (cr, &scene, DT_CURVE_LAYER_ALL, g, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  dt_zoom_set (1);
  return surface;
}

/* Pixels of the colour in pixel column x between y0 and y1. */
static guint
column_count (cairo_surface_t *surface,
              int              x,
              double           y0,
              double           y1,
              const char      *color)
{
  guint n = 0;

  for (int y = (int) ceil (y0); y < (int) y1; y++)
    {
      guint8 rgb[3];

      dt_test_curve_get_pixel (surface, x, y, rgb);
      n += dt_test_curve_pixel_near (rgb, color, 40);
    }
  return n;
}

static void
test_series_and_best (void)
{
  DtCurveView *view = view_with_validation ();
  const DtCurveRun *run = dt_curve_view_get_run (view, 0);
  const DtCurvePoint *best = dt_curve_run_best_val (run);

  g_assert_cmpuint (run->val->len, ==, G_N_ELEMENTS (val_loss));
  g_assert_cmpuint (run->test->len, ==, G_N_ELEMENTS (val_loss));
  g_assert_nonnull (best);
  g_assert_cmpfloat (best->x, ==, 3);
  g_assert_cmpfloat (best->loss, ==, 0.25);
  g_assert_cmpfloat (dt_curve_view_get_best_x (view), ==, 3);
  /* a new run has no validation yet */
  dt_curve_view_begin_run (view, "next");
  g_assert_true (isnan (dt_curve_view_get_best_x (view)));
  g_assert_finalize_object (view);
}

/* The best-epoch marker is a line of the validation colour through the loss plot at epoch
 * 3, and not at epoch 4; the series' lines get wider with the zoom. */
static void
test_drawn (void)
{
  GtkWidget *window = gtk_window_new ();
  DtCurveView *view = view_with_validation ();
  g_autofree char *color = val_color (view);
  DtCurveGeometry g1, g2;
  cairo_surface_t *s1, *s2;
  guint at_best, at_other, total[2];
  int x_best, x_other;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  s1 = render_zoomed (view, 1, &g1);
  s2 = render_zoomed (view, 2, &g2);
  x_best = (int) round (dt_chart_axis_to_pixel (&g1.x, 3, g1.loss.origin.x, g1.loss.size.width,
                                                 FALSE));
  x_other = (int) round (dt_chart_axis_to_pixel (&g1.x, 4, g1.loss.origin.x,
                                                  g1.loss.size.width, FALSE));
  if (g_getenv ("DT_TEST_SAVE_PNG") != NULL)
    cairo_surface_write_to_png (s1, g_getenv ("DT_TEST_SAVE_PNG"));
  at_best = column_count (s1, x_best, g1.loss.origin.y, g1.loss.origin.y + g1.loss.size.height,
                          color);
  at_other = column_count (s1, x_other, g1.loss.origin.y,
                           g1.loss.origin.y + g1.loss.size.height, color);
  total[0] = dt_test_curve_count_pixels (s1, color, 40);
  total[1] = dt_test_curve_count_pixels (s2, color, 40);
  g_test_message ("validation colour %s: column at epoch 3 %u px, at epoch 4 %u px of %.0f; "
                  "all %u px at 100 %%, %u at 200 %%", color, at_best, at_other,
                  g1.loss.size.height, total[0], total[1]);
  g_assert_cmpuint (at_best, >, g1.loss.size.height * 0.6);
  g_assert_cmpuint (at_other, <, g1.loss.size.height * 0.2);
  g_assert_cmpuint (total[1], >, total[0] * 1.4);
  cairo_surface_destroy (s1);
  cairo_surface_destroy (s2);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

/* The hover box lists the validation values at an epoch's end, after the test set's. */
static void
test_hover (void)
{
  DtCurveView *view = view_with_validation ();
  g_autofree char *at_end = dt_test_curve_hover_text (view, 3, 1);
  g_autofree char *between = dt_test_curve_hover_text (view, 2.5, 1);

  g_test_message ("%s", at_end);
  g_assert_nonnull (strstr (at_end, "Test set"));
  g_assert_nonnull (strstr (at_end, "\nValidation\t\t\nRun 1\t0.2500\t92.0%"));
  g_assert_null (strstr (between, "Validation"));
  g_assert_finalize_object (view);
}

/* CSV: a "val" line per epoch and a "best" line at epoch 3. */
static void
test_csv (void)
{
  DtCurveView *view = view_with_validation ();
  g_autofree char *path = dt_test_curve_tmp_path ("val.csv");
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dt_curve_view_export_csv (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\n1,,val,1,0.5,0.85,\n"));
  g_assert_nonnull (strstr (csv, "\n1,,val,5,0.35,0.9,\n"));
  g_assert_nonnull (strstr (csv, "\n1,,best,3,0.25,0.92,\n"));
  dt_test_curve_remove_tmp (path);
  g_assert_finalize_object (view);
}

/* The runs table grows validation columns: the latest val loss and acc and the best epoch. */
static void
test_runs_table (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  GtkWidget *table = dt_runs_table_new (view);
  g_autofree char *before = NULL, *after = NULL;

  g_object_ref_sink (table);
  dt_test_curve_append_run (view, 100, 5, 3);
  dt_curve_view_set_run_result (view, 0.2, 0.95, 3);
  before = dt_runs_table_dup_text (DT_RUNS_TABLE (table));
  g_assert_null (strstr (before, "Val loss"));
  for (guint e = 0; e < G_N_ELEMENTS (val_loss); e++)
    dt_curve_view_append_val (view, e + 1, val_loss[e], val_acc[e]);
  dt_curve_view_set_run_result (view, 0.2, 0.95, 3);
  after = dt_runs_table_dup_text (DT_RUNS_TABLE (table));
  g_test_message ("%s", after);
  g_assert_true (g_str_has_prefix (after, "Run\tTrain loss\tTrain acc\tVal loss\tVal acc\t"
                                          "Best epoch\tTest loss\tTest acc\tTime\n"));
  g_assert_nonnull (strstr (after, "\t0.2000\t95.0%\t0.3500\t90.0%\t3\t"));
  g_assert_finalize_object (table);
  g_assert_finalize_object (view);
}

/* Compare…'s runs through handles: numbered (Run 1, 2, 3) in the order they began, each filled live in a
 * colour of its own while the current run stays empty and last; their results go to the
 * runs table; a handle whose run was cleared does nothing. */
static void
test_run_handles (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  GtkWidget *table = dt_runs_table_new (view);
  guint handles[3];
  g_autofree char *text = NULL;
  guint generation;

  g_object_ref_sink (table);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *label = g_strdup_printf ("lr 1e-%u", i + 2);

      handles[i] = dt_curve_view_add_run (view, label);
      g_assert_cmpuint (handles[i], !=, 0);
      g_assert_cmpuint (dt_curve_view_get_run (view, i)->number, ==, i + 1);
    }
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 3);
  generation = view->history_generation;
  for (guint b = 1; b <= 100; b++)
    for (guint i = 0; i < 3; i++)
      {
        DtCurvePoint p = { b / 100.0, 2.0 / (1 + b * (i + 1)), 0.5 + 0.004 * b };

        g_assert_true (dt_curve_view_run_append_batches (view, handles[i], &p, 1));
      }
  /* an earlier run's new points redraw the background it is drawn in */
  g_assert_cmpuint (view->history_generation, >, generation);
  for (guint i = 0; i < 3; i++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (view, i);

      g_assert_cmpuint (run->handle, ==, handles[i]);
      g_assert_cmpuint (run->batch->len, ==, 100);
      for (guint j = 0; j < i; j++)
        g_assert_cmpuint (run->palette_index, !=, dt_curve_view_get_run (view, j)->palette_index);
      g_assert_true (dt_curve_view_run_append_epoch (view, handles[i], TRUE, 1, 0.3 + i, 0.9));
      g_assert_true (dt_curve_view_run_append_epoch (view, handles[i], FALSE, 1, 0.2 + i, 0.91));
      g_assert_true (dt_curve_view_run_set_result (view, handles[i], 0.1 * (i + 1), 0.95, 2));
    }
  /* the current run is still empty, and numbered after them */
  g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 0);
  g_assert_cmpuint (dt_curve_view_current_run (view)->number, ==, 4);
  text = dt_runs_table_dup_text (DT_RUNS_TABLE (table));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Run 3 · lr 1e-4\t0.3000\t95.0%\t2.3000\t90.0%\t1\t2.2000\t"
                                  "91.0%\t2.0 s\n"));
  g_assert_nonnull (strstr (text, "Run 1 · lr 1e-2\t0.1000"));
  dt_curve_view_clear (view);
  g_assert_false (dt_curve_view_run_append_epoch (view, handles[0], TRUE, 2, 0.1, 0.9));
  g_assert_finalize_object (table);
  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  dt_test_curve_init (&argc, &argv);

  g_test_add_func ("/validation/curve/series-best", test_series_and_best);
  g_test_add_func ("/validation/curve/drawn", test_drawn);
  g_test_add_func ("/validation/curve/hover", test_hover);
  g_test_add_func ("/validation/curve/csv", test_csv);
  g_test_add_func ("/validation/curve/runs-table", test_runs_table);
  g_test_add_func ("/compare/curve/handles", test_run_handles);
  return g_test_run ();
}
