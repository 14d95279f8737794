/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curve-data.c — the data behind DtCurveView: axis ticks, smoothing, decimation */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "dt-test-curve.h"

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
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

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
  DtCurveView *view = dt_test_curve_view_new ();
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
  DtCurveView *view = dt_test_curve_view_new ();
  DtCurveDrawStats stats;
  DtCurveGeometry geometry;
  cairo_surface_t *surface;

  dt_curve_view_set_x_max (view, 2);
  dt_test_curve_append_run (view, 10000, 2, 7);
  g_assert_cmpuint (dt_curve_view_get_n_points (view), ==, 10000);

  surface = dt_test_curve_render (view, 800, 400, &geometry, &stats);
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

int
main (int    argc,
      char **argv)
{
  dt_test_curve_init (&argc, &argv);

  g_test_add_func ("/ui/curve/axis/nice-ticks", test_axis_nice_ticks);
  g_test_add_func ("/ui/curve/axis/labels", test_axis_labels);
  g_test_add_func ("/ui/curve/axis/mapping", test_axis_mapping);
  g_test_add_func ("/ui/curve/smoothing/ema-debiased", test_ema_debiased);
  g_test_add_func ("/ui/curve/smoothing/property", test_view_smoothing);
  g_test_add_func ("/ui/curve/decimation/minmax", test_decimate);
  g_test_add_func ("/ui/curve/decimation/view", test_view_decimation);

  return g_test_run ();
}
