/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curve-view.c — DtCurveView: stable axes, runs, drawing on screen, hover */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "dt-curve-hover.h"
#include "dt-test-curve.h"

/* Axes -------------------------------------------------------------------------------- */

/* Axes that do not jump: the x axis spans the planned epochs from the first batch, noisy
 * batches and a diverging run do not stretch the loss axis, accuracy stays 0–100 %. */
static void
test_view_axes (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  DtCurveGeometry g;
  cairo_surface_t *surface;

  dt_curve_view_set_x_max (view, 2);
  g_assert_cmpfloat (dt_curve_view_get_x_max (view), ==, 2);
  dt_curve_view_append_batch (view, 1 / 1875.0, 2.3, 0.1);
  surface = dt_test_curve_render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.x.min, ==, 0);
  g_assert_cmpfloat (g.x.max, ==, 2);
  g_assert_cmpfloat (g.loss_y.min, ==, 0);
  g_assert_cmpfloat (g.loss_y.max, >=, 2.3);
  g_assert_cmpfloat (g.loss_y.max, <=, 3);
  g_assert_cmpfloat (g.acc_y.min, ==, 0);
  g_assert_cmpfloat (g.acc_y.max, ==, 1);

  /* One wild batch this early moves the debiased EMA a lot; the axis still holds. */
  dt_curve_view_append_batch (view, 2 / 1875.0, 40, 0.1);
  surface = dt_test_curve_render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.loss_y.max, <=, 4);

  /* A diverging run climbs off the top instead of squashing every other run. */
  for (guint i = 3; i < 600; i++)
    dt_curve_view_append_batch (view, i / 1875.0, 2.3 * exp (i / 30.0), 0.1);
  dt_curve_view_append_batch (view, 600 / 1875.0, NAN, NAN);
  surface = dt_test_curve_render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.loss_y.max, <=, 4);

  /* Without planned epochs the axis fits the data: 2.5 epochs → a nice 3. */
  dt_curve_view_set_x_max (view, 0);
  dt_curve_view_append_batch (view, 2.5, 0.3, 0.9);
  surface = dt_test_curve_render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.x.max, >=, 2.5);
  g_assert_cmpfloat (g.x.max, <=, 3);

  g_assert_finalize_object (view);
}

/* Runs -------------------------------------------------------------------------------- */

static void
test_view_runs (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  gboolean used[DT_CURVE_MAX_EARLIER_RUNS] = { FALSE };

  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 0);

  /* A run counts once it has a point; beginning again before that replaces it. */
  dt_curve_view_begin_run (view, "never started");
  dt_curve_view_add_marker (view, 0, "lr → 0.1");
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 0);

  for (guint i = 1; i <= DT_CURVE_MAX_EARLIER_RUNS + 2; i++)
    {
      g_autofree char *label = g_strdup_printf ("run %u", i);

      dt_curve_view_begin_run (view, label);
      g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 0);
      dt_test_curve_append_run (view, 50 * i, 1, i);
      g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 50 * i);
      g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==,
                        MIN (i, DT_CURVE_MAX_EARLIER_RUNS + 1));
    }

  /* The earlier runs kept, oldest first (run 1 dropped), then the current one. */
  for (guint r = 0; r < DT_CURVE_MAX_EARLIER_RUNS + 1; r++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (view, r);
      g_autofree char *label = g_strdup_printf ("run %u", r + 2);

      g_assert_cmpstr (run->label, ==, label);
      g_assert_cmpuint (run->batch->len, ==, 50 * (r + 2));
      if (r < DT_CURVE_MAX_EARLIER_RUNS)
        {
          /* Every kept earlier run has its own colour. */
          g_assert_cmpuint (run->palette_index, <, DT_CURVE_MAX_EARLIER_RUNS);
          g_assert_false (used[run->palette_index]);
          used[run->palette_index] = TRUE;
        }
    }

  dt_curve_view_set_run_label (view, "lr 0.01 · ρ 0.9 · ε 1e-08");
  g_assert_cmpstr (dt_curve_view_get_run (view, DT_CURVE_MAX_EARLIER_RUNS)->label, ==,
                   "lr 0.01 · ρ 0.9 · ε 1e-08");

  g_assert_finalize_object (view);
}

/* The current run is drawn on top, in full colour; earlier runs underneath, dimmed. */
static void
test_view_run_order (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  DtCurveGeometry g;
  DtCurveTheme theme;
  GdkRGBA current, earlier;
  g_autofree char *current_str = NULL, *earlier_str = NULL;
  cairo_surface_t *surface;
  guint8 rgb[3];
  int x, y;

  dt_curve_view_set_smoothing (view, 0);
  dt_curve_view_set_x_max (view, 1);
  /* Both runs lie on the same flat line. */
  for (guint i = 1; i <= 400; i++)
    dt_curve_view_append_batch (view, i / 400.0, 1.0, 0.5);
  dt_curve_view_begin_run (view, "current");
  for (guint i = 1; i <= 400; i++)
    dt_curve_view_append_batch (view, i / 400.0, 1.0, 0.5);

  surface = dt_test_curve_render (view, 600, 400, &g, NULL);
  x = (int) (g.acc.origin.x + g.acc.size.width / 2);
  y = (int) floor (dt_chart_axis_to_pixel (&g.acc_y, 0.5, g.acc.origin.y, g.acc.size.height,
                                           TRUE));
  dt_test_curve_get_pixel (surface, x, y, rgb);
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 1), TRUE, &current);
  current_str = gdk_rgba_to_string (&current);
  g_test_message ("pixel %d,%d = %02x%02x%02x, current run %s", x, y, rgb[0], rgb[1], rgb[2],
                  current_str);
  g_assert_true (dt_test_curve_pixel_near (rgb, current_str, 40));
  cairo_surface_destroy (surface);

  /* With an empty current run, the earlier run alone shows, blended with the background. */
  dt_curve_view_clear_history (view);
  dt_curve_view_begin_run (view, "next");
  surface = dt_test_curve_render (view, 600, 400, &g, NULL);
  x = (int) (g.acc.origin.x + g.acc.size.width / 2);
  y = (int) floor (dt_chart_axis_to_pixel (&g.acc_y, 0.5, g.acc.origin.y, g.acc.size.height,
                                           TRUE));
  dt_test_curve_get_pixel (surface, x, y, rgb);
  g_test_message ("pixel %d,%d = %02x%02x%02x", x, y, rgb[0], rgb[1], rgb[2]);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 1);
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), FALSE, &earlier);
  earlier_str = gdk_rgba_to_string (&earlier);
  g_assert_false (dt_test_curve_pixel_near (rgb, earlier_str, 10));
  g_assert_false (dt_test_curve_pixel_near (rgb, "#ffffff", 10));
  g_assert_cmpint (rgb[1], >, (int) (earlier.green * 255));   /* lighter than the full colour */
  cairo_surface_destroy (surface);

  g_assert_finalize_object (view);
}

static void
test_view_clear (void)
{
  DtCurveView *view = dt_test_curve_view_new ();

  dt_curve_view_begin_run (view, "a");
  dt_test_curve_append_run (view, 100, 1, 1);
  dt_curve_view_begin_run (view, "b");
  dt_test_curve_append_run (view, 120, 1, 2);
  dt_curve_view_append_test (view, 1, 0.3, 0.9);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 2);

  dt_curve_view_clear_history (view);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 1);
  g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 120);
  g_assert_cmpstr (dt_curve_view_get_run (view, 0)->label, ==, "b");
  g_assert_cmpuint (dt_curve_view_get_run (view, 0)->test->len, ==, 1);

  dt_curve_view_clear (view);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 0);
  g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 0);

  /* Still usable afterwards. */
  dt_curve_view_append_batch (view, 0.01, 2.3, 0.1);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 1);

  g_assert_finalize_object (view);
}

/* On screen --------------------------------------------------------------------------- */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_view_in_window (void)
{
  GtkWidget *window = gtk_window_new ();
  DtCurveView *view = DT_CURVE_VIEW (dt_curve_view_new ());
  g_autofree char *description = NULL;
  guint background_before, current_before, background_after, current_after;

  g_object_ref (view);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (200);

  /* Empty, then a burst of appends as the trainer's frame-rate drain delivers them. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >, 0);
  dt_curve_view_set_x_max (view, 2);
  dt_curve_view_begin_run (view, "lr 0.001 · ρ 0.9 · ε 1e-08");
  dt_test_curve_append_run (view, 1875, 1, 11);
  dt_curve_view_append_test (view, 1, 0.31, 0.912);
  iterate_for (200);

  description = dt_curve_view_dup_description (view);
  g_assert_nonnull (strstr (description, "Epoch 1.00"));
  g_assert_nonnull (strstr (description, "91.2%"));
  g_assert_false (dt_curve_view_get_hover (view, NULL, NULL));

  /* Another burst inside the same axes: the current run's layer is redrawn once or twice
   * (one frame per burst, not one per batch) and the background not at all. */
  dt_curve_view_get_draw_counts (view, &background_before, &current_before);
  g_assert_cmpuint (current_before, >=, 2);
  for (guint i = 1; i <= 500; i++)
    dt_curve_view_append_batch (view, 1 + i / 1875.0, 0.3, 0.9);
  iterate_for (200);
  dt_curve_view_get_draw_counts (view, &background_after, &current_after);
  g_assert_cmpuint (background_after, ==, background_before);
  g_assert_cmpuint (current_after, >=, current_before + 1);
  g_assert_cmpuint (current_after, <=, current_before + 2);

  /* A new run changes the legend, so the background follows. */
  dt_curve_view_begin_run (view, "lr 0.01 · ρ 0.9 · ε 1e-08");
  iterate_for (100);
  dt_curve_view_get_draw_counts (view, &background_after, &current_after);
  g_assert_cmpuint (background_after, ==, background_before + 1);
  g_clear_pointer (&description, g_free);
  description = dt_curve_view_dup_description (view);
  g_assert_nonnull (strstr (description, "1 earlier run"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

static void
test_hover_overlay (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  cairo_surface_t *plain, *hovered;
  DtCurveGeometry g;
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveScene scene = { gtk_widget_get_pango_context (GTK_WIDGET (view)), 700, 400, &model,
                         &theme };
  const DtCurveRun *runs[1];
  cairo_t *cr;
  double px, py;
  guint dark_box, dark_plain;

  dt_test_curve_append_run (view, 1000, 1, 4);
  plain = dt_test_curve_render (view, 700, 400, &g, NULL);
  hovered = dt_test_curve_render (view, 700, 400, &g, NULL);
  runs[0] = dt_curve_view_get_run (view, 0);
  model = (DtCurveModel) { (DtCurveRun *const *) runs, 1, 0 };
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });

  /* Outside the plots: nothing. */
  cr = cairo_create (hovered);
  dt_curve_hover_draw (cr, &scene, &g, 2, 2);
  cairo_surface_flush (hovered);
  g_assert_cmpuint (dt_test_curve_count_pixels (hovered, "#000000", 60), ==,
                    dt_test_curve_count_pixels (plain, "#000000", 60));

  /* Over the loss plot: a dark value box appears. */
  px = g.loss.origin.x + g.loss.size.width / 3;
  py = g.loss.origin.y + g.loss.size.height / 2;
  dt_curve_hover_draw (cr, &scene, &g, px, py);
  cairo_destroy (cr);
  cairo_surface_flush (hovered);
  dark_plain = dt_test_curve_count_pixels (plain, "#2e2e2e", 40);
  dark_box = dt_test_curve_count_pixels (hovered, "#2e2e2e", 40);
  g_assert_cmpuint (dark_box, >, dark_plain + 2000);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);
  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  dt_test_curve_init (&argc, &argv);

  g_test_add_func ("/ui/curve/view/axes", test_view_axes);
  g_test_add_func ("/ui/curve/runs/kept", test_view_runs);
  g_test_add_func ("/ui/curve/runs/order", test_view_run_order);
  g_test_add_func ("/ui/curve/runs/clear", test_view_clear);
  g_test_add_func ("/ui/curve/view/window", test_view_in_window);
  g_test_add_func ("/ui/curve/view/hover", test_hover_overlay);

  return g_test_run ();
}
