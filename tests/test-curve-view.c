/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curve-view.c — DtCurveView: ticks, mapping, smoothing, decimation, runs, exports */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-curve-hover.h"
#include "dt-curve-view-private.h"

/* Helpers ----------------------------------------------------------------------------- */

static DtCurveView *
new_view (void)
{
  return g_object_ref_sink (DT_CURVE_VIEW (dt_curve_view_new ()));
}

static char *
tmp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-curve-view-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_tmp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

/* A realistic run: loss decays 2.3 → 0.2, accuracy climbs 0.1 → 0.95, with noise. */
static void
append_lesson_run (DtCurveView *view,
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

static void
get_pixel (cairo_surface_t *surface,
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

static gboolean
pixel_near (const guint8 *rgb,
            const char   *color,
            int           tolerance)
{
  GdkRGBA c;

  g_assert_true (gdk_rgba_parse (&c, color));
  return abs (rgb[0] - (int) round (c.red * 255)) <= tolerance &&
         abs (rgb[1] - (int) round (c.green * 255)) <= tolerance &&
         abs (rgb[2] - (int) round (c.blue * 255)) <= tolerance;
}

static guint
count_pixels_near (cairo_surface_t *surface,
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

        get_pixel (surface, x, y, rgb);
        n += pixel_near (rgb, color, tolerance);
      }
  return n;
}

static cairo_surface_t *
render (DtCurveView      *view,
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

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* Axis -------------------------------------------------------------------------------- */

static void
assert_ticks (double        min,
              double        max,
              guint         max_intervals,
              const double *expected,
              guint         n_expected)
{
  DtChartAxis axis;
  double ticks[64];
  guint n;

  dt_chart_axis_init (&axis, min, max, max_intervals, FALSE);
  n = dt_chart_axis_ticks (&axis, ticks, G_N_ELEMENTS (ticks));
  g_assert_cmpuint (n, ==, n_expected);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (ticks[i], expected[i], fabs (expected[i]) * 1e-9 + 1e-15);
}

static void
test_axis_nice_ticks (void)
{
  const double loss[] = { 0, 0.1, 0.2, 0.3 };
  const double epochs[] = { 0, 0.5, 1, 1.5, 2 };
  const double tiny[] = { 1e-9, 1.5e-9, 2e-9, 2.5e-9, 3e-9 };
  const double negative[] = { -20, -10, 0, 10, 20, 30 };
  DtChartAxis axis;
  double ticks[64];

  assert_ticks (0, 0.37, 5, loss, G_N_ELEMENTS (loss));
  assert_ticks (0, 2, 5, epochs, G_N_ELEMENTS (epochs));
  assert_ticks (1e-9, 3e-9, 5, tiny, G_N_ELEMENTS (tiny));
  assert_ticks (-23, 37, 6, negative, G_N_ELEMENTS (negative));

  /* 1-2-5 steps only. */
  g_assert_cmpfloat (dt_chart_nice_ceil (0.074), ==, 0.1);
  g_assert_cmpfloat (dt_chart_nice_ceil (0.3 / 0.1), ==, 5);
  g_assert_cmpfloat (dt_chart_nice_ceil (1.7), ==, 2);
  g_assert_cmpfloat (dt_chart_nice_ceil (7), ==, 10);
  g_assert_cmpfloat (dt_chart_nice_ceil (20), ==, 20);
  g_assert_cmpfloat (dt_chart_nice_step (2, 10), ==, 0.2);
  g_assert_cmpfloat (dt_chart_nice_step (0, 10), ==, 0);

  /* Snapping the maximum to a tick frames the data: 0..3.7 → 0..4. */
  dt_chart_axis_init (&axis, 0, 3.7, 5, TRUE);
  g_assert_cmpfloat (axis.step, ==, 1);
  g_assert_cmpfloat (axis.max, ==, 4);

  /* Degenerate ranges still give a band with the value inside. */
  dt_chart_axis_init (&axis, 0.5, 0.5, 5, FALSE);
  g_assert_cmpfloat (axis.min, <, 0.5);
  g_assert_cmpfloat (axis.max, >, 0.5);
  g_assert_cmpuint (dt_chart_axis_ticks (&axis, ticks, G_N_ELEMENTS (ticks)), >=, 2);
  dt_chart_axis_init (&axis, 0, 0, 5, FALSE);
  g_assert_cmpfloat (axis.min, ==, -1);
  g_assert_cmpfloat (axis.max, ==, 1);
  dt_chart_axis_init (&axis, NAN, INFINITY, 5, FALSE);
  g_assert_cmpfloat (axis.min, ==, 0);
  g_assert_cmpfloat (axis.max, ==, 1);
  dt_chart_axis_init (&axis, 3, 1, 4, FALSE);
  g_assert_cmpfloat (axis.min, ==, 1);
  g_assert_cmpfloat (axis.max, ==, 3);

  /* The tick buffer bound is respected. */
  dt_chart_axis_init (&axis, 0, 100, 100, FALSE);
  g_assert_cmpuint (dt_chart_axis_ticks (&axis, ticks, 3), ==, 3);
}

static void
test_axis_labels (void)
{
  const struct { double value, step, scale; const char *expected; } cases[] = {
    { 0.1 + 0.2, 0.1, 1, "0.3" },
    { 0, 0.1, 1, "0" },
    { 1.5, 0.5, 1, "1.5" },
    { 1, 0.5, 1, "1.0" },
    { 2, 1, 1, "2" },
    { 0.6, 0.2, 100, "60" },
    { 0.95, 0.05, 100, "95" },
    { 0.025, 0.005, 1, "0.025" },
    { 2e-9, 5e-10, 1, "0.0000000020" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = dt_chart_format_tick (cases[i].value, cases[i].step, cases[i].scale);

      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
test_axis_mapping (void)
{
  DtChartAxis axis;

  dt_chart_axis_init (&axis, 0, 4, 4, FALSE);
  g_assert_cmpfloat (dt_chart_axis_map (&axis, 1), ==, 0.25);
  g_assert_cmpfloat (dt_chart_axis_map (&axis, 5), ==, 1.25);
  g_assert_cmpfloat (dt_chart_axis_unmap (&axis, 0.75), ==, 3);
  /* x grows to the right from the plot's left edge … */
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 0, 10, 400, FALSE), ==, 10);
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 1, 10, 400, FALSE), ==, 110);
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 4, 10, 400, FALSE), ==, 410);
  /* … and y grows upwards: the minimum sits on the plot's bottom edge. */
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 0, 10, 100, TRUE), ==, 110);
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 4, 10, 100, TRUE), ==, 10);
  g_assert_cmpfloat (dt_chart_axis_to_pixel (&axis, 3, 10, 100, TRUE), ==, 35);
}

/* Smoothing --------------------------------------------------------------------------- */

static void
test_ema_debiased (void)
{
  const double ramp[] = { 1, 2, 3 };
  const double gaps[] = { NAN, 2, NAN, 4 };
  double constant[10], out[10];

  /* s = 0.5: biased 0.5, 1.25, 2.125 over weights 0.5, 0.75, 0.875. */
  dt_curve_ema_debiased (ramp, 3, 0.5, out);
  g_assert_cmpfloat_with_epsilon (out[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[1], 1.25 / 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[2], 2.125 / 0.875, 1e-12);

  /* Debiasing keeps a constant series constant instead of rising from 0. */
  for (guint i = 0; i < G_N_ELEMENTS (constant); i++)
    constant[i] = 2.3;
  dt_curve_ema_debiased (constant, 10, 0.9, out);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 2.3, 1e-12);

  /* Smoothing 0 is the raw series. */
  dt_curve_ema_debiased (ramp, 3, 0, out);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (out[i], ==, ramp[i]);

  /* Non-finite values are skipped. */
  dt_curve_ema_debiased (gaps, 4, 0.5, out);
  g_assert_true (isnan (out[0]));
  g_assert_cmpfloat_with_epsilon (out[1], 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[2], 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[3], 2.5 / 0.75, 1e-12);
}

static void
test_view_smoothing (void)
{
  DtCurveView *view = new_view ();
  const DtCurveRun *run;
  guint notified = 0;

  g_signal_connect (view, "notify::smoothing", G_CALLBACK (count_cb), &notified);
  g_assert_cmpfloat (dt_curve_view_get_smoothing (view), ==, 0.9);

  dt_curve_view_append_batch (view, 0.1, 1, 0.2);
  dt_curve_view_append_batch (view, 0.2, 2, 0.4);
  dt_curve_view_append_batch (view, 0.3, 3, 0.6);
  run = dt_curve_view_get_run (view, 0);
  g_assert_cmpfloat_with_epsilon (g_array_index (run->smooth, DtCurvePoint, 2).loss,
                                  (0.081 * 1 + 0.09 * 2 + 0.1 * 3) / (1 - 0.729), 1e-12);

  /* Changing the factor recomputes the smoothed series already drawn. */
  dt_curve_view_set_smoothing (view, 0.5);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (run->smooth, DtCurvePoint, 2).loss,
                                  2.125 / 0.875, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (run->smooth, DtCurvePoint, 2).acc,
                                  0.2 * 2.125 / 0.875, 1e-12);
  dt_curve_view_set_smoothing (view, 0.5);
  g_assert_cmpuint (notified, ==, 1);

  /* New points continue from the recomputed state. */
  dt_curve_view_append_batch (view, 0.4, 4, 0.8);
  g_assert_cmpfloat_with_epsilon (g_array_index (run->smooth, DtCurvePoint, 3).loss,
                                  (0.5 * 2.125 + 0.5 * 4) / 0.9375, 1e-12);

  /* Out-of-range values are clamped to the property's range. */
  dt_curve_view_set_smoothing (view, 5);
  g_assert_cmpfloat (dt_curve_view_get_smoothing (view), ==, 0.99);
  g_object_set (view, "smoothing", 0.0, NULL);
  g_assert_cmpfloat (g_array_index (run->smooth, DtCurvePoint, 3).loss, ==, 4);

  g_assert_finalize_object (view);
}

/* Decimation -------------------------------------------------------------------------- */

static void
test_decimate (void)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));
  g_autoptr(GArray) bands = g_array_new (FALSE, FALSE, sizeof (DtCurveBand));
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (DtCurveVertex));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  DtChartAxis x_axis;
  gboolean spike_kept = FALSE;
  double last_px = -1;

  for (guint i = 1; i <= 10000; i++)
    {
      DtCurvePoint p = { 2.0 * i / 10000, g_rand_double_range (rand, 0.1, 0.5), 0.9 };

      if (i == 5003)
        p.loss = 9;   /* one diverging batch must stay visible */
      g_array_append_val (points, p);
    }
  dt_chart_axis_init (&x_axis, 0, 2, 10, FALSE);

  /* One band per pixel column, spanning that column's minimum to maximum. */
  g_assert_cmpuint (dt_curve_decimate ((DtCurvePoint *) points->data, points->len,
                                       DT_CURVE_LOSS, &x_axis, 50, 500, DT_CURVE_DECIMATE_BAND,
                                       bands),
                    ==, bands->len);
  g_assert_cmpuint (bands->len, <=, 501);
  g_assert_cmpuint (bands->len, >=, 495);
  for (guint i = 0; i < bands->len; i++)
    {
      const DtCurveBand *b = &g_array_index (bands, DtCurveBand, i);

      spike_kept |= b->hi == 9;
      g_assert_cmpfloat (b->lo, >=, 0.1);
      g_assert_cmpfloat (b->lo, <=, b->hi);
      /* 20 uniform samples per inner column: the envelope is wide, not a single value. */
      if (i > 0 && i + 1 < bands->len)
        g_assert_cmpfloat (b->hi - b->lo, >, 0.1);
      g_assert_cmpfloat (b->px, >, last_px);
      g_assert_cmpfloat (b->px, >=, 50);
      g_assert_cmpfloat (b->px, <=, 551);
      last_px = b->px;
    }
  g_assert_true (spike_kept);

  /* The mean variant gives one vertex per column. */
  dt_curve_decimate ((DtCurvePoint *) points->data, points->len, DT_CURVE_ACCURACY,
                     &x_axis, 0, 500, DT_CURVE_DECIMATE_MEAN, out);
  g_assert_cmpuint (out->len, <=, 501);
  g_assert_cmpfloat_with_epsilon (g_array_index (out, DtCurveVertex, 100).value, 0.9, 1e-12);

  /* Sparse data is not merged at all, and NaN points are skipped. */
  g_array_set_size (points, 10);
  for (guint i = 0; i < 10; i++)
    g_array_index (points, DtCurvePoint, i).x = 0.2 * i;
  g_array_index (points, DtCurvePoint, 4).loss = NAN;
  g_array_set_size (bands, 0);
  dt_curve_decimate ((DtCurvePoint *) points->data, points->len, DT_CURVE_LOSS,
                     &x_axis, 0, 500, DT_CURVE_DECIMATE_BAND, bands);
  g_assert_cmpuint (bands->len, ==, 9);
  g_assert_cmpfloat (g_array_index (bands, DtCurveBand, 4).lo, ==,
                     g_array_index (points, DtCurvePoint, 5).loss);
}

/* A 10,000-batch run drawn at 800 px needs at most two vertices per column: the raw
 * envelope's two edges, and one for the smoothed line. */
static void
test_view_decimation (void)
{
  DtCurveView *view = new_view ();
  DtCurveDrawStats stats;
  DtCurveGeometry geometry;
  cairo_surface_t *surface;

  dt_curve_view_set_x_max (view, 2);
  append_lesson_run (view, 10000, 2, 7);
  g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 10000);

  surface = render (view, 800, 400, &geometry, &stats);
  g_assert_true (geometry.valid);
  g_assert_cmpuint (stats.plot_columns, >, 500);
  g_assert_cmpuint (stats.plot_columns, <, 800);
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpuint (stats.raw_vertices[k], >=, stats.plot_columns);
      g_assert_cmpuint (stats.raw_vertices[k], <=, 2 * (stats.plot_columns + 1));
      g_assert_cmpuint (stats.smooth_vertices[k], >=, stats.plot_columns - 1);
      g_assert_cmpuint (stats.smooth_vertices[k], <=, stats.plot_columns + 1);
    }
  cairo_surface_destroy (surface);

  g_assert_finalize_object (view);
}

/* Axes that do not jump: the x axis spans the planned epochs from the first batch, noisy
 * batches and a diverging run do not stretch the loss axis, accuracy stays 0–100 %. */
static void
test_view_axes (void)
{
  DtCurveView *view = new_view ();
  DtCurveGeometry g;
  cairo_surface_t *surface;

  dt_curve_view_set_x_max (view, 2);
  g_assert_cmpfloat (dt_curve_view_get_x_max (view), ==, 2);
  dt_curve_view_append_batch (view, 1 / 1875.0, 2.3, 0.1);
  surface = render (view, 800, 400, &g, NULL);
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
  surface = render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.loss_y.max, <=, 4);

  /* A diverging run climbs off the top instead of squashing every other run. */
  for (guint i = 3; i < 600; i++)
    dt_curve_view_append_batch (view, i / 1875.0, 2.3 * exp (i / 30.0), 0.1);
  dt_curve_view_append_batch (view, 600 / 1875.0, NAN, NAN);
  surface = render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.loss_y.max, <=, 4);

  /* Without planned epochs the axis fits the data: 2.5 epochs → a nice 3. */
  dt_curve_view_set_x_max (view, 0);
  dt_curve_view_append_batch (view, 2.5, 0.3, 0.9);
  surface = render (view, 800, 400, &g, NULL);
  cairo_surface_destroy (surface);
  g_assert_cmpfloat (g.x.max, >=, 2.5);
  g_assert_cmpfloat (g.x.max, <=, 3);

  g_assert_finalize_object (view);
}

/* Runs -------------------------------------------------------------------------------- */

static void
test_view_runs (void)
{
  DtCurveView *view = new_view ();
  gboolean used[DT_CURVE_MAX_EARLIER_RUNS] = { FALSE };

  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 0);

  /* A run counts once it has a point; beginning again before that replaces it. */
  dt_curve_view_begin_run (view, "never started");
  dt_curve_view_add_marker (view, 0, "lr → 0.1");
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 0);

  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *label = g_strdup_printf ("run %u", i);

      dt_curve_view_begin_run (view, label);
      g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 0);
      append_lesson_run (view, 50 * i, 1, i);
      g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 50 * i);
      g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, MIN (i, 5));
    }

  /* Four earlier runs, oldest first (run 1 dropped), then the current one. */
  for (guint r = 0; r < 5; r++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (view, r);
      g_autofree char *label = g_strdup_printf ("run %u", r + 2);

      g_assert_cmpstr (run->label, ==, label);
      g_assert_cmpuint (run->batch->len, ==, 50 * (r + 2));
      if (r < 4)
        {
          /* Every kept earlier run has its own colour. */
          g_assert_cmpuint (run->palette_index, <, DT_CURVE_MAX_EARLIER_RUNS);
          g_assert_false (used[run->palette_index]);
          used[run->palette_index] = TRUE;
        }
    }

  dt_curve_view_set_run_label (view, "lr 0.01 · ρ 0.9 · ε 1e-08");
  g_assert_cmpstr (dt_curve_view_get_run (view, 4)->label, ==, "lr 0.01 · ρ 0.9 · ε 1e-08");

  g_assert_finalize_object (view);
}

/* The current run is drawn on top, in full colour; earlier runs underneath, dimmed. */
static void
test_view_run_order (void)
{
  DtCurveView *view = new_view ();
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

  surface = render (view, 600, 400, &g, NULL);
  x = (int) (g.acc.origin.x + g.acc.size.width / 2);
  y = (int) floor (dt_chart_axis_to_pixel (&g.acc_y, 0.5, g.acc.origin.y, g.acc.size.height,
                                           TRUE));
  get_pixel (surface, x, y, rgb);
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 1), TRUE, &current);
  current_str = gdk_rgba_to_string (&current);
  g_test_message ("pixel %d,%d = %02x%02x%02x, current run %s", x, y, rgb[0], rgb[1], rgb[2],
                  current_str);
  g_assert_true (pixel_near (rgb, current_str, 40));
  cairo_surface_destroy (surface);

  /* With an empty current run, the earlier run alone shows, blended with the background. */
  dt_curve_view_clear_history (view);
  dt_curve_view_begin_run (view, "next");
  surface = render (view, 600, 400, &g, NULL);
  x = (int) (g.acc.origin.x + g.acc.size.width / 2);
  y = (int) floor (dt_chart_axis_to_pixel (&g.acc_y, 0.5, g.acc.origin.y, g.acc.size.height,
                                           TRUE));
  get_pixel (surface, x, y, rgb);
  g_test_message ("pixel %d,%d = %02x%02x%02x", x, y, rgb[0], rgb[1], rgb[2]);
  g_assert_cmpuint (dt_curve_view_get_n_runs (view), ==, 1);
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), FALSE, &earlier);
  earlier_str = gdk_rgba_to_string (&earlier);
  g_assert_false (pixel_near (rgb, earlier_str, 10));
  g_assert_false (pixel_near (rgb, "#ffffff", 10));
  g_assert_cmpint (rgb[1], >, (int) (earlier.green * 255));   /* lighter than the full colour */
  cairo_surface_destroy (surface);

  g_assert_finalize_object (view);
}

static void
test_view_clear (void)
{
  DtCurveView *view = new_view ();

  dt_curve_view_begin_run (view, "a");
  append_lesson_run (view, 100, 1, 1);
  dt_curve_view_begin_run (view, "b");
  append_lesson_run (view, 120, 1, 2);
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

/* Exports ----------------------------------------------------------------------------- */

/* Splits one CSV line (RFC 4180 quoting) into fields. */
static GPtrArray *
csv_split (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *c = line;; c++)
    {
      if (quoted && *c == '"' && c[1] == '"')
        {
          g_string_append_c (field, '"');
          c++;
        }
      else if (*c == '"')
        quoted = !quoted;
      else if ((*c == ',' && !quoted) || *c == '\0')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          if (*c == '\0')
            break;
          field = g_string_new (NULL);
        }
      else
        g_string_append_c (field, *c);
    }
  return fields;
}

static void
test_export_csv (void)
{
  DtCurveView *view = new_view ();
  g_autofree char *path = tmp_path ("curves.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_batch[2] = { 0, 0 }, n_test = 0, n_marker = 0;

  dt_curve_view_begin_run (view, "lr 0.01, \"fast\"");
  dt_curve_view_append_batch (view, 0.5, 1.25, 0.5);
  dt_curve_view_append_batch (view, 1, 0.75, 0.625);
  dt_curve_view_begin_run (view, "lr 0.001 · ρ 0.9 · ε 1e-08");
  append_lesson_run (view, 300, 1, 3);
  dt_curve_view_append_test (view, 1, 0.3125, 0.9375);
  dt_curve_view_add_marker (view, 0.25, "lr → 0.002");

  g_assert_true (dt_curve_view_export_csv (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "run,label,kind,epoch,loss,accuracy,note");

  for (guint i = 1; lines[i] && lines[i][0]; i++)
    {
      g_autoptr(GPtrArray) f = csv_split (lines[i]);
      const char *kind;
      guint run;

      g_assert_cmpuint (f->len, ==, 7);
      run = atoi (g_ptr_array_index (f, 0));
      kind = g_ptr_array_index (f, 2);
      g_assert_cmpstr (g_ptr_array_index (f, 1), ==,
                       run == 1 ? "lr 0.01, \"fast\"" : "lr 0.001 · ρ 0.9 · ε 1e-08");
      if (g_str_equal (kind, "batch"))
        {
          const DtCurvePoint *p = &g_array_index (dt_curve_view_get_run (view, run - 1)->batch,
                                                  DtCurvePoint, n_batch[run - 1]++);
          double x = g_ascii_strtod (g_ptr_array_index (f, 3), NULL);
          double loss = g_ascii_strtod (g_ptr_array_index (f, 4), NULL);
          double acc = g_ascii_strtod (g_ptr_array_index (f, 5), NULL);

          g_assert_cmpfloat_with_epsilon (x, p->x, 1e-8);
          g_assert_cmpfloat_with_epsilon (loss, p->loss, 1e-8 * p->loss);
          g_assert_cmpfloat_with_epsilon (acc, p->acc, 1e-8);
        }
      else if (g_str_equal (kind, "test"))
        {
          n_test++;
          g_assert_cmpuint (run, ==, 2);
          g_assert_cmpstr (g_ptr_array_index (f, 3), ==, "1");
          g_assert_cmpstr (g_ptr_array_index (f, 4), ==, "0.3125");
          g_assert_cmpstr (g_ptr_array_index (f, 5), ==, "0.9375");
        }
      else
        {
          g_assert_cmpstr (kind, ==, "marker");
          n_marker++;
          g_assert_cmpstr (g_ptr_array_index (f, 3), ==, "0.25");
          g_assert_cmpstr (g_ptr_array_index (f, 4), ==, "");
          g_assert_cmpstr (g_ptr_array_index (f, 6), ==, "lr → 0.002");
        }
    }
  g_assert_cmpuint (n_batch[0], ==, 2);
  g_assert_cmpuint (n_batch[1], ==, 300);
  g_assert_cmpuint (n_test, ==, 1);
  g_assert_cmpuint (n_marker, ==, 1);

  remove_tmp (path);
  g_assert_finalize_object (view);
}

static void
test_export_png (void)
{
  DtCurveView *view = new_view ();
  g_autofree char *path = tmp_path ("curves.png");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  DtCurveTheme theme;
  GdkRGBA blue;
  g_autofree char *blue_str = NULL;
  guint empty_blue, full_blue, background;

  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), TRUE, &blue);
  blue_str = gdk_rgba_to_string (&blue);

  /* Empty: axes and hint only, no curve colour anywhere but the legend swatch. */
  g_assert_true (dt_curve_view_export_png (view, path, 640, 320, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 320);
  empty_blue = count_pixels_near (image, blue_str, 30);
  cairo_surface_destroy (image);

  dt_curve_view_set_x_max (view, 2);
  append_lesson_run (view, 3750, 2, 5);
  dt_curve_view_append_test (view, 1, 0.3, 0.92);
  dt_curve_view_append_test (view, 2, 0.2, 0.95);
  g_assert_true (dt_curve_view_export_png (view, path, 640, 320, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  full_blue = count_pixels_near (image, blue_str, 30);
  background = count_pixels_near (image, "#ffffff", 0);
  cairo_surface_destroy (image);

  /* Two smoothed lines across ~560 px each, at least 2 px thick. */
  g_assert_cmpuint (full_blue, >, empty_blue + 1500);
  /* Mostly background still: the chart is not a smear. */
  g_assert_cmpuint (background, >, 640 * 320 / 2);

  remove_tmp (path);
  g_assert_finalize_object (view);
}

typedef struct
{
  guint    depth;
  char    *root;
  guint    n_paths;
} SvgScan;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  SvgScan *scan = data;

  if (scan->depth++ == 0)
    scan->root = g_strdup (element);
  scan->n_paths += g_str_equal (element, "path");
}

static void
svg_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  ((SvgScan *) data)->depth--;
}

static void
test_export_svg (void)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, NULL, NULL, NULL };
  DtCurveView *view = new_view ();
  g_autofree char *path = tmp_path ("curves.svg");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgScan scan = { 0 };
  const char *xml;
  gsize length;

  append_lesson_run (view, 2000, 1, 9);
  dt_curve_view_add_marker (view, 0.5, "ρ → 0.95");
  g_assert_true (dt_curve_view_export_svg (view, path, 800, 400, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));

  xml = contents;
  g_assert_true (g_str_has_prefix (xml, "<?xml") || g_str_has_prefix (xml, "<svg"));
  /* Well-formed XML whose root is <svg>, with drawn paths in it. */
  if (g_str_has_prefix (xml, "<?xml"))
    xml = strstr (xml, "?>") + 2;
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, length - (xml - contents), &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_cmpstr (scan.root, ==, "svg");
  g_assert_cmpuint (scan.depth, ==, 0);
  g_assert_cmpuint (scan.n_paths, >, 10);
  g_assert_nonnull (strstr (contents, "width=\"800"));
  g_free (scan.root);

  remove_tmp (path);
  g_assert_finalize_object (view);
}

static void
test_export_errors (void)
{
  DtCurveView *view = new_view ();
  g_autoptr(GError) error = NULL;

  append_lesson_run (view, 100, 1, 1);

  g_assert_false (dt_curve_view_export_png (view, "/nonexistent-dir/curves.png", 320, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_svg (view, "/nonexistent-dir/curves.svg", 320, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_csv (view, "/nonexistent-dir/curves.csv", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_png (view, "/tmp/never.png", 0, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test ("/tmp/never.png", G_FILE_TEST_EXISTS));

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
  append_lesson_run (view, 1875, 1, 11);
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
  DtCurveView *view = new_view ();
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

  append_lesson_run (view, 1000, 1, 4);
  plain = render (view, 700, 400, &g, NULL);
  hovered = render (view, 700, 400, &g, NULL);
  runs[0] = dt_curve_view_get_run (view, 0);
  model = (DtCurveModel) { (DtCurveRun *const *) runs, 1, 0 };
  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });

  /* Outside the plots: nothing. */
  cr = cairo_create (hovered);
  dt_curve_hover_draw (cr, &scene, &g, 2, 2);
  cairo_surface_flush (hovered);
  g_assert_cmpuint (count_pixels_near (hovered, "#000000", 60), ==,
                    count_pixels_near (plain, "#000000", 60));

  /* Over the loss plot: a dark value box appears. */
  px = g.loss.origin.x + g.loss.size.width / 3;
  py = g.loss.origin.y + g.loss.size.height / 2;
  dt_curve_hover_draw (cr, &scene, &g, px, py);
  cairo_destroy (cr);
  cairo_surface_flush (hovered);
  dark_plain = count_pixels_near (plain, "#2e2e2e", 40);
  dark_box = count_pixels_near (hovered, "#2e2e2e", 40);
  g_assert_cmpuint (dark_box, >, dark_plain + 2000);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);
  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  gtk_init ();

  g_test_add_func ("/ui/curve/axis/nice-ticks", test_axis_nice_ticks);
  g_test_add_func ("/ui/curve/axis/labels", test_axis_labels);
  g_test_add_func ("/ui/curve/axis/mapping", test_axis_mapping);
  g_test_add_func ("/ui/curve/smoothing/ema-debiased", test_ema_debiased);
  g_test_add_func ("/ui/curve/smoothing/property", test_view_smoothing);
  g_test_add_func ("/ui/curve/decimation/minmax", test_decimate);
  g_test_add_func ("/ui/curve/decimation/view", test_view_decimation);
  g_test_add_func ("/ui/curve/view/axes", test_view_axes);
  g_test_add_func ("/ui/curve/runs/kept", test_view_runs);
  g_test_add_func ("/ui/curve/runs/order", test_view_run_order);
  g_test_add_func ("/ui/curve/runs/clear", test_view_clear);
  g_test_add_func ("/ui/curve/export/csv", test_export_csv);
  g_test_add_func ("/ui/curve/export/png", test_export_png);
  g_test_add_func ("/ui/curve/export/svg", test_export_svg);
  g_test_add_func ("/ui/curve/export/errors", test_export_errors);
  g_test_add_func ("/ui/curve/view/window", test_view_in_window);
  g_test_add_func ("/ui/curve/view/hover", test_hover_overlay);

  return g_test_run ();
}
