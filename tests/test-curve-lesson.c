/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curve-lesson.c — DtCurveView for a lesson: incremental columns and the 10–90 % band,
 * numbered runs that keep their labels and markers, hidden runs, a run that leaves the loss
 * axis, the log and top-range axes, many test points, the hover over every run, the CSV's
 * settings, and the zoom. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "dt-curve-hover.h"
#include "dt-test-curve.h"
#include "dt-zoom.h"

/* Columns ------------------------------------------------------------------------------ */

/* Updating as points arrive in bursts gives exactly what one update over all of them does. */
static void
test_columns_incremental (void)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  DtCurveDecimation kinds[] = { DT_CURVE_DECIMATE_BAND, DT_CURVE_DECIMATE_MEAN,
                                DT_CURVE_DECIMATE_PERCENTILE };
  DtChartAxis x_axis;

  for (guint i = 1; i <= 7000; i++)
    {
      DtCurvePoint p = { 3.0 * i / 7000, g_rand_double_range (rand, 0.1, 2), 0.5 };

      if (i % 977 == 0)
        p.loss = NAN;
      g_array_append_val (points, p);
    }
  dt_chart_axis_init (&x_axis, 0, 3, 10, FALSE);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      DtCurveColumns once, bursts;
      const GArray *a, *b = NULL;
      gsize n = 0;

      dt_curve_columns_init (&once, kinds[k], DT_CURVE_LOSS);
      dt_curve_columns_init (&bursts, kinds[k], DT_CURVE_LOSS);
      a = dt_curve_columns_update (&once, (DtCurvePoint *) points->data, points->len, &x_axis,
                                   40, 600);
      while (n < points->len)
        {
          gsize burst = g_rand_int_range (rand, 1, 200);

          n = MIN (points->len, n + burst);
          b = dt_curve_columns_update (&bursts, (DtCurvePoint *) points->data, n, &x_axis, 40,
                                       600);
        }
      g_assert_cmpuint (a->len, ==, b->len);
      g_assert_cmpuint (a->len, >=, 595);
      g_assert_cmpint (memcmp (a->data, b->data, a->len * g_array_get_element_size ((GArray *) a)),
                       ==, 0);
      dt_curve_columns_clear (&once);
      dt_curve_columns_clear (&bursts);
    }
}

/* Min/max widens as a column holds more batches of the same noise; the 10–90 % band does
 * not, and it lies inside the min/max envelope. */
static void
test_columns_percentile (void)
{
  double width_minmax[2], width_band[2];
  guint per_column[2] = { 5, 80 };
  DtChartAxis x_axis;

  dt_chart_axis_init (&x_axis, 0, 1, 10, FALSE);
  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
      g_autoptr(GArray) minmax = g_array_new (FALSE, FALSE, sizeof (DtCurveBand));
      g_autoptr(GArray) band = g_array_new (FALSE, FALSE, sizeof (DtCurveBand));
      g_autoptr(GRand) rand = g_rand_new_with_seed (9);
      guint n = 200 * per_column[c];
      double sum_minmax = 0, sum_band = 0;

      for (guint i = 0; i < n; i++)
        {
          DtCurvePoint p = { (i + 0.5) / n, 1 + 0.3 * (g_rand_double (rand) +
                                                       g_rand_double (rand) - 1), 0.5 };
          g_array_append_val (points, p);
        }
      dt_curve_decimate ((DtCurvePoint *) points->data, n, DT_CURVE_LOSS, &x_axis, 0, 200,
                         DT_CURVE_DECIMATE_BAND, minmax);
      dt_curve_decimate ((DtCurvePoint *) points->data, n, DT_CURVE_LOSS, &x_axis, 0, 200,
                         DT_CURVE_DECIMATE_PERCENTILE, band);
      g_assert_cmpuint (band->len, ==, minmax->len);
      for (guint i = 0; i < band->len; i++)
        {
          const DtCurveBand *m = &g_array_index (minmax, DtCurveBand, i);
          const DtCurveBand *b = &g_array_index (band, DtCurveBand, i);

          g_assert_cmpfloat (b->lo, >=, m->lo);
          g_assert_cmpfloat (b->hi, <=, m->hi);
          g_assert_cmpfloat (b->lo, <=, b->hi);
          sum_minmax += m->hi - m->lo;
          sum_band += b->hi - b->lo;
        }
      width_minmax[c] = sum_minmax / band->len;
      width_band[c] = sum_band / band->len;
      g_test_message ("%u batches per column: min/max %.3f wide, 10–90 %% %.3f", per_column[c],
                      width_minmax[c], width_band[c]);
    }
  g_assert_cmpfloat (width_minmax[1], >, 1.5 * width_minmax[0]);
  g_assert_cmpfloat (fabs (width_band[1] - width_band[0]), <, 0.35 * width_band[1]);
}

/* Axes ----------------------------------------------------------------------------------- */

static void
test_axis_log (void)
{
  DtChartAxis axis;
  double ticks[DT_CURVE_MAX_TICKS];
  guint n;

  dt_chart_axis_init_log (&axis, 0.13, 10.3);
  g_assert_true (axis.log);
  g_assert_cmpfloat (axis.min, ==, 0.1);
  g_assert_cmpfloat (axis.max, ==, 20);
  g_assert_cmpfloat_with_epsilon (dt_chart_axis_map (&axis, 0.1), 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (dt_chart_axis_map (&axis, 20), 1, 1e-12);
  /* one decade is one decade wherever it is */
  g_assert_cmpfloat_with_epsilon (dt_chart_axis_map (&axis, 1) - dt_chart_axis_map (&axis, 0.1),
                                  dt_chart_axis_map (&axis, 10) - dt_chart_axis_map (&axis, 1),
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (dt_chart_axis_unmap (&axis, dt_chart_axis_map (&axis, 2.5)),
                                  2.5, 1e-12);
  n = dt_chart_axis_ticks (&axis, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, 8);   /* 0.1 0.2 0.5 1 2 5 10 20: up to three decades, 1-2-5 */
  g_assert_cmpfloat (ticks[0], ==, 0.1);
  /* many decades: powers of ten only */
  dt_chart_axis_init_log (&axis, 1e-4, 50);
  n = dt_chart_axis_ticks (&axis, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (log10 (ticks[i]), round (log10 (ticks[i])), 1e-9);
}

static void
add_diverged_run (DtCurveView *view)
{
  /* lr 10 as the issue saw it: the loss saturates around 10.3, the test loss is 7.9 */
  dt_curve_view_append_batch (view, 1 / 1875.0, 2.3, 0.1);
  for (guint i = 2; i <= 1875; i++)
    dt_curve_view_append_batch (view, i / 1875.0, 10.3, 0.098);
  dt_curve_view_append_test (view, 1, 7.9, 0.098);
}

/* A diverged run leaves a linear loss axis through the top, marked there in its colour;
 * its test dot stays inside the plot, off the legend.  The log axis holds it whole; hiding
 * the run gives the axis back to the others. */
static void
test_view_left_axis (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  cairo_surface_t *surface;
  DtCurveTheme theme;
  GdkRGBA blue, orange;
  g_autofree char *blue_str = NULL, *orange_str = NULL;
  DtCurveGeometry g;
  guint tip = 0;

  dt_curve_view_set_x_max (view, 1);
  add_diverged_run (view);
  surface = dt_test_curve_render (view, 800, 500, &g, NULL);
  g_assert_false (g.loss_y.log);
  g_assert_cmpfloat (g.loss_y.max, <=, 4);
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), TRUE, &blue);
  dt_curve_theme_test_color (&theme, &orange);
  blue_str = gdk_rgba_to_string (&blue);
  orange_str = gdk_rgba_to_string (&orange);
  /* the triangle: blue pixels on the top rows of the loss plot, near where it left */
  for (int y = (int) g.loss.origin.y; y < g.loss.origin.y + 5; y++)
    for (int x = (int) g.loss.origin.x; x < g.loss.origin.x + 20; x++)
      {
        guint8 rgb[3];

        dt_test_curve_get_pixel (surface, x, y, rgb);
        tip += dt_test_curve_pixel_near (rgb, blue_str, 40);
      }
  g_assert_cmpuint (tip, >, 3);
  /* nothing orange above the plot where the test point is (epoch 1, the right edge): it
   * did not land on the legend */
  for (int y = 0; y < g.loss.origin.y - 2; y++)
    for (int x = (int) (g.loss.origin.x + g.loss.size.width) - 12;
         x < MIN (800, g.loss.origin.x + g.loss.size.width + 12); x++)
      {
        guint8 rgb[3];

        dt_test_curve_get_pixel (surface, x, y, rgb);
        g_assert_false (dt_test_curve_pixel_near (rgb, orange_str, 30));
      }
  cairo_surface_destroy (surface);

  dt_curve_view_set_log_loss (view, TRUE);
  surface = dt_test_curve_render (view, 800, 500, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_true (g.loss_y.log);
  g_assert_cmpfloat (g.loss_y.max, >=, 10.3);
  g_assert_cmpfloat (g.loss_y.min, <=, 2.3);
  dt_curve_view_set_log_loss (view, FALSE);

  /* a lesson run after it; hiding the diverged run rescales the axis to the lesson's */
  dt_curve_view_begin_run (view, "lesson defaults");
  dt_test_curve_append_run (view, 1875, 1, 3);
  dt_curve_view_set_run_visible (view, 0, FALSE);
  g_assert_false (dt_curve_view_get_run (view, 0)->visible);
  surface = dt_test_curve_render (view, 800, 500, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.loss_y.max, <=, 3.5);
  g_assert_cmpfloat (g.loss_y.max, >=, 2.3);

  /* the accuracy axis zoomed to its top */
  dt_curve_view_set_accuracy_top (view, TRUE);
  surface = dt_test_curve_render (view, 800, 500, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.acc_y.min, ==, DT_CURVE_ACC_TOP_MIN);
  g_assert_cmpfloat (g.acc_y.max, ==, 1);

  g_assert_finalize_object (view);
}

/* Runs ------------------------------------------------------------------------------------ */

/* Runs are numbered; an archived run keeps its label (with its mid-run change) and its
 * markers; the legend and the hover read every visible run. */
static void
test_view_numbered_runs (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  const DtCurveRun *first;
  g_autofree char *name = NULL;

  g_assert_cmpuint (dt_curve_view_get_run (view, 0)->number, ==, 1);
  dt_curve_view_begin_run (view, "lesson defaults");
  g_assert_cmpuint (dt_curve_view_get_run (view, 0)->number, ==, 1);   /* reused, empty */
  dt_test_curve_append_run (view, 500, 1, 1);
  dt_curve_view_add_marker (view, 0.5, "lr → 0.01");
  dt_curve_view_set_run_label (view, "lesson defaults, then lr → 0.01");
  for (guint i = 2; i <= 4; i++)
    {
      dt_curve_view_begin_run (view, "lesson defaults");
      dt_test_curve_append_run (view, 500, 1, i);
      g_assert_cmpuint (dt_curve_view_get_run (view, i - 1)->number, ==, i);
    }
  first = dt_curve_view_get_run (view, 0);
  g_assert_cmpstr (first->label, ==, "lesson defaults, then lr → 0.01");
  g_assert_cmpuint (first->markers->len, ==, 1);
  g_assert_cmpstr (g_array_index (first->markers, DtCurveMarker, 0).text, ==, "lr → 0.01");
  name = dt_curve_run_dup_name (dt_curve_view_get_run (view, 3), TRUE);
  g_assert_cmpstr (name, ==, "Run 4 · lesson defaults");

  /* clearing starts counting again */
  dt_curve_view_clear (view);
  g_assert_cmpuint (dt_curve_view_get_run (view, 0)->number, ==, 1);
  g_assert_finalize_object (view);
}

static void
test_view_hover_runs (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  g_autofree char *middle = NULL, *end = NULL, *hidden = NULL;

  dt_curve_view_set_x_max (view, 2);
  dt_test_curve_append_run (view, 1000, 2, 1);
  dt_curve_view_append_test (view, 1, 0.30, 0.91);
  dt_curve_view_append_test (view, 2, 0.25, 0.93);
  dt_curve_view_begin_run (view, "lr 0.01");
  dt_test_curve_append_run (view, 1000, 2, 2);
  dt_curve_view_append_test (view, 1, 0.40, 0.89);

  middle = dt_test_curve_hover_text (view, 0.5, 1);
  g_test_message ("%s", middle);
  g_assert_nonnull (strstr (middle, "\nRun 2\t"));
  g_assert_nonnull (strstr (middle, "\nRun 1\t"));
  g_assert_null (strstr (middle, "Test set"));
  /* at an epoch's end, the test values of every run that has one there */
  end = dt_test_curve_hover_text (view, 1, 1);
  g_test_message ("%s", end);
  g_assert_nonnull (strstr (end, "Test set"));
  g_assert_nonnull (strstr (end, "\t0.4000\t89.0%"));
  g_assert_nonnull (strstr (end, "\t0.3000\t91.0%"));
  /* a hidden run is not read */
  dt_curve_view_set_run_visible (view, 0, FALSE);
  hidden = dt_test_curve_hover_text (view, 0.5, 1);
  g_assert_null (strstr (hidden, "\nRun 1\t"));
  g_assert_finalize_object (view);
}

/* Long runs: 90 test points at 800 px are a line, not a bar of dots. */
static void
test_view_test_line (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  DtCurveTheme theme;
  GdkRGBA orange;
  g_autofree char *orange_str = NULL;
  cairo_surface_t *surface;
  DtCurveGeometry g;
  guint on_line = 0;

  dt_curve_view_set_smoothing (view, 0);
  dt_curve_view_set_x_max (view, 90);
  for (guint e = 1; e <= 90; e++)
    {
      dt_curve_view_append_batch (view, e, 0.05, 0.05);
      dt_curve_view_append_test (view, e, 1.0, 0.5);
    }
  surface = dt_test_curve_render (view, 800, 500, &g, NULL);
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_test_color (&theme, &orange);
  orange_str = gdk_rgba_to_string (&orange);
  /* halfway between every pair of test points the line passes */
  for (guint e = 10; e < 80; e += 7)
    {
      double x = dt_chart_axis_to_pixel (&g.x, e + 0.5, g.acc.origin.x, g.acc.size.width, FALSE);
      double y = dt_chart_axis_to_pixel (&g.acc_y, 0.5, g.acc.origin.y, g.acc.size.height, TRUE);
      guint8 rgb[3];

      dt_test_curve_get_pixel (surface, (int) x, (int) round (y), rgb);
      on_line += dt_test_curve_pixel_near (rgb, orange_str, 60);
    }
  g_assert_cmpuint (on_line, >=, 9);
  cairo_surface_destroy (surface);
  g_assert_finalize_object (view);
}

/* The CSV records every setting of every run. */
static void
test_export_params (void)
{
  static const char *const params[] = { "lr=0.01", "batch_size=64", "seed=7", NULL };
  DtCurveView *view = dt_test_curve_view_new ();
  g_autofree char *path = dt_test_curve_tmp_path ("params.csv");
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  dt_curve_view_begin_run (view, "lr 0.01 · batch 64 · seed 7");
  dt_curve_view_set_run_params (view, params);
  dt_curve_view_append_batch (view, 0.5, 1.0, 0.5);
  g_assert_true (dt_curve_view_export_csv (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "\n1,lr 0.01 · batch 64 · seed 7,param,,,,lr=0.01\n"));
  g_assert_nonnull (strstr (csv, ",param,,,,batch_size=64\n"));
  g_assert_nonnull (strstr (csv, ",param,,,,seed=7\n"));
  dt_test_curve_remove_tmp (path);
  g_assert_finalize_object (view);
}

/* Zoom ------------------------------------------------------------------------------------ */

/* The chart's text grows with the zoom (through the widget's Pango context), and so do its
 * lines: the plots move right for wider tick labels and get shorter for taller text, and
 * the current run's line covers about twice the pixels at 200 %. */
static void
test_zoom_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  DtCurveView *view = DT_CURVE_VIEW (dt_curve_view_new ());
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveGeometry g1, g2;
  DtCurveScene scene = { NULL, 800, 500, &model, &theme, 1 };
  GdkRGBA blue;
  g_autofree char *blue_str = NULL;
  guint pixels[2];

  g_object_ref (view);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  dt_curve_view_set_smoothing (view, 0);
  for (guint i = 1; i <= 400; i++)
    dt_curve_view_append_batch (view, i / 400.0, 1.0, 0.5);
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), TRUE, &blue);
  blue_str = gdk_rgba_to_string (&blue);
  dt_curve_view_get_model (view, &model);

  for (guint z = 0; z < 2; z++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
      cairo_t *cr = cairo_create (surface);

      dt_zoom_set (z == 0 ? 1 : 2);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      scene.pango = gtk_widget_get_pango_context (GTK_WIDGET (view));
      scene.zoom = dt_zoom_get ();
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      dt_curve_draw (cr, &scene, DT_CURVE_LAYER_ALL, z == 0 ? &g1 : &g2, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      pixels[z] = dt_test_curve_count_pixels (surface, blue_str, 50);
      cairo_surface_destroy (surface);
    }
  dt_zoom_set (1);
  g_test_message ("plot left %.0f → %.0f px, height %.0f → %.0f, line pixels %u → %u",
                  g1.loss.origin.x, g2.loss.origin.x, g1.loss.size.height, g2.loss.size.height,
                  pixels[0], pixels[1]);
  g_assert_true (g1.valid && g2.valid);
  g_assert_cmpfloat (g2.loss.origin.x, >, g1.loss.origin.x * 1.5);
  g_assert_cmpfloat (g2.loss.size.height, <, g1.loss.size.height);
  g_assert_cmpuint (pixels[1], >, pixels[0] * 3 / 2);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  dt_test_curve_init (&argc, &argv);

  g_test_add_func ("/ui/curve/columns/incremental", test_columns_incremental);
  g_test_add_func ("/ui/curve/columns/percentile", test_columns_percentile);
  g_test_add_func ("/ui/curve/axis/log", test_axis_log);
  g_test_add_func ("/ui/curve/view/left-axis", test_view_left_axis);
  g_test_add_func ("/ui/curve/runs/numbered", test_view_numbered_runs);
  g_test_add_func ("/ui/curve/view/hover-runs", test_view_hover_runs);
  g_test_add_func ("/ui/curve/view/test-line", test_view_test_line);
  g_test_add_func ("/ui/curve/export/params", test_export_params);
  g_test_add_func ("/ui/curve/zoom/chart", test_zoom_chart);

  return g_test_run ();
}
