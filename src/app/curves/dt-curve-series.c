/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-series.c — draws one run: per-batch band, smoothed line, test points, markers */
#define G_LOG_DOMAIN "dt-curve-series"

#include "config.h"

#include "dt-curve-series.h"

#include <math.h>

#include "dt-curve-val.h"
#include "dt-text.h"

/* Test points: the current run's dot sits on a halo in the background colour; an earlier
 * run's is a ring, so it does not hide the current run's curves. */
#define TEST_DOT_RADIUS      5
#define TEST_HALO_RADIUS     7
#define TEST_RING_RADIUS     4
#define TEST_RING_ALPHA      (DT_CURVE_EARLIER_ALPHA + 0.15)
/* Curves may stroke this far outside their plot (half a line at 0 % or 100 %). */
#define CLIP_MARGIN          3
/* Marker lines: dashed and thin, fainter for earlier runs.  Their texts sit this far right
 * of the line (or left near the plot's edge), in up to MARKER_ROWS rows. */
#define MARKER_LINE_WIDTH    1.25
#define MARKER_ALPHA         0.55
#define MARKER_EARLIER_ALPHA 0.25
#define MARKER_TEXT_OFFSET   5
#define MARKER_TEXT_SPACING  6   /* two texts in a row at least this far apart */
#define MARKER_TEXT_TOP      3   /* below the plot's top edge */
#define MARKER_ROW_GAP       2
#define MARKER_ROWS          3
#define MARKER_TEXT_ALPHA    0.85
/* The latest test values sit this far beside and above (loss) or below (accuracy) their
 * dot, inside the plot. */
#define VALUE_OFFSET_X       10
#define VALUE_OFFSET_Y       8
/* Test points closer than this (pixels) are drawn as a line, with a dot at the last one. */
#define TEST_LINE_SPACING    (4 * TEST_HALO_RADIUS)
#define TEST_LINE_WIDTH      2
/* Where a run leaves the top of a linear loss axis: a triangle this big, its height beside. */
#define LEAVE_SIZE           6
#define LEAVE_TEXT_OFFSET    4

/* The first item at or right of px in columns sorted by px (DtCurveVertex and DtCurveBand
 * both start with their px). */
static guint
first_at (const GArray *items,
          double        px)
{
  gsize size = g_array_get_element_size ((GArray *) items);
  guint lo = 0, hi = items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (*(const double *) (items->data + (gsize) mid * size) < px)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
stroke_vertices (DtCurvePainter        *p,
                 const GArray          *vertices,
                 guint                  from,
                 guint                  to,
                 const DtChartAxis     *y_axis,
                 const graphene_rect_t *r)
{
  const DtCurveVertex *v = (const DtCurveVertex *) vertices->data;

  for (guint i = from; i < to; i++)
    {
      double y = dt_chart_axis_to_pixel (y_axis, v[i].value, r->origin.y, r->size.height, TRUE);

      if (i == from)
        cairo_move_to (p->cr, v[i].px, y);
      else
        cairo_line_to (p->cr, v[i].px, y);
    }
  /* A lone point still deserves a visible dot. */
  if (to == from + 1)
    cairo_rel_line_to (p->cr, 0.01, 0);
  cairo_stroke (p->cr);
}

/* The raw series as one filled envelope between the per-column minimum and maximum: cheap
 * to fill (a simple polygon, unlike a zigzag line that overlaps itself) and at least a pixel
 * thick, so sparse data still shows as a faint line. */
static void
fill_band (DtCurvePainter        *p,
           const GArray          *bands,
           guint                  from,
           guint                  to,
           const DtChartAxis     *y_axis,
           const graphene_rect_t *r)
{
  const DtCurveBand *b = (const DtCurveBand *) bands->data;
  cairo_t *cr = p->cr;

  if (to <= from)
    return;

  /* A faint texture: the fast rasteriser is indistinguishable here and several times
   * cheaper on a zigzag polygon of thousands of edges. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  for (guint i = from; i < to; i++)
    {
      double top = dt_chart_axis_to_pixel (y_axis, b[i].hi, r->origin.y, r->size.height, TRUE);
      double bottom = dt_chart_axis_to_pixel (y_axis, b[i].lo, r->origin.y, r->size.height, TRUE);
      double mid = (top + bottom) / 2;

      cairo_line_to (cr, b[i].px, MIN (top, mid - 0.5));
    }
  for (guint i = to; i-- > from;)
    {
      double top = dt_chart_axis_to_pixel (y_axis, b[i].hi, r->origin.y, r->size.height, TRUE);
      double bottom = dt_chart_axis_to_pixel (y_axis, b[i].lo, r->origin.y, r->size.height, TRUE);
      double mid = (top + bottom) / 2;

      cairo_line_to (cr, b[i].px, MAX (bottom, mid + 0.5));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A value's pixel in a plot, held inside it (a test dot of a run that left the axis sits
 * on its edge rather than over the legend); *outside says whether it was above. */
static double
plot_y (const DtChartAxis     *y_axis,
        double                 v,
        const graphene_rect_t *r,
        gboolean              *outside)
{
  double y = dt_chart_axis_to_pixel (y_axis, v, r->origin.y, r->size.height, TRUE);

  *outside = y < r->origin.y;
  return CLAMP (y, r->origin.y, r->origin.y + r->size.height);
}

/* An upward triangle with its tip at (x, y): "it went up and out of the plot here". */
static void
fill_up_triangle (DtCurvePainter *p,
                  double          x,
                  double          y)
{
  double s = DT_CURVE_PX (p, LEAVE_SIZE);

  cairo_move_to (p->cr, x, y);
  cairo_line_to (p->cr, x + s * 0.6, y + s);
  cairo_line_to (p->cr, x - s * 0.6, y + s);
  cairo_close_path (p->cr);
  cairo_fill (p->cr);
}

static void
draw_test_dot (DtCurvePainter *p,
               double          cx,
               double          cy,
               gboolean        above,
               const GdkRGBA  *color,
               gboolean        current)
{
  cairo_t *cr = p->cr;

  if (above)
    {
      dt_curve_painter_set_color (cr, color, current ? 1 : TEST_RING_ALPHA);
      fill_up_triangle (p, cx, cy);
    }
  else if (current)
    {
      /* A halo in the background colour lifts the dot off the lines it sits on. */
      dt_curve_painter_set_color (cr, &p->theme->bg, 1);
      cairo_arc (cr, cx, cy, DT_CURVE_PX (p, TEST_HALO_RADIUS), 0, 2 * G_PI);
      cairo_fill (cr);
      dt_curve_painter_set_color (cr, color, 1);
      cairo_arc (cr, cx, cy, DT_CURVE_PX (p, TEST_DOT_RADIUS), 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    {
      dt_curve_painter_set_color (cr, color, TEST_RING_ALPHA);
      cairo_set_line_width (cr, DT_CURVE_PX (p, DT_CURVE_EARLIER_LINE_WIDTH));
      cairo_arc (cr, cx, cy, DT_CURVE_PX (p, TEST_RING_RADIUS), 0, 2 * G_PI);
      cairo_stroke (cr);
    }
}

/* Dots while they can be told apart; past that (a 90-epoch run) a line, with a dot at the
 * latest point. */
static void
draw_test_points (DtCurvePainter        *p,
                  const DtCurveRun      *run,
                  DtCurveMetric          metric,
                  const DtChartAxis     *x_axis,
                  const DtChartAxis     *y_axis,
                  const graphene_rect_t *r,
                  const GdkRGBA         *color,
                  gboolean               current)
{
  const DtCurvePoint *t = (const DtCurvePoint *) run->test->data;
  guint n = run->test->len;
  gboolean as_line = FALSE;

  if (n >= 2)
    as_line = (dt_chart_axis_to_pixel (x_axis, t[n - 1].x, 0, r->size.width, FALSE) -
               dt_chart_axis_to_pixel (x_axis, t[0].x, 0, r->size.width, FALSE)) / (n - 1) <
              DT_CURVE_PX (p, TEST_LINE_SPACING);
  if (as_line)
    {
      gboolean above;

      cairo_new_path (p->cr);
      for (guint i = 0; i < n; i++)
        cairo_line_to (p->cr,
                       dt_chart_axis_to_pixel (x_axis, t[i].x, r->origin.x, r->size.width, FALSE),
                       plot_y (y_axis, dt_curve_point_get (&t[i], metric), r, &above));
      dt_curve_painter_set_color (p->cr, color, current ? 1 : TEST_RING_ALPHA);
      cairo_set_line_width (p->cr, DT_CURVE_PX (p, TEST_LINE_WIDTH));
      cairo_stroke (p->cr);
    }
  for (guint i = as_line ? n - 1 : 0; i < n; i++)
    {
      double v = dt_curve_point_get (&t[i], metric);
      double cx = dt_chart_axis_to_pixel (x_axis, t[i].x, r->origin.x, r->size.width, FALSE);
      gboolean above;
      double cy;

      if (!isfinite (v) || !isfinite (cx))
        continue;
      cy = plot_y (y_axis, v, r, &above);
      draw_test_dot (p, cx, cy, above, color, current);
    }
}

/* On a linear loss axis, a run that climbed above it (lr far too large) gets a triangle at
 * the top edge where it left and, beside it, how high it went. */
static void
draw_left_axis (DtCurvePainter        *p,
                const DtCurveRun      *run,
                const DtCurveGeometry *g,
                const GdkRGBA         *color)
{
  const graphene_rect_t *r = &g->loss;
  g_autofree char *text = NULL;
  double x = NAN, w, h;

  if (g->loss_y.log || !(run->max_loss > g->loss_y.max))
    return;
  for (guint i = 0; i < run->smooth->len && isnan (x); i++)
    if (g_array_index (run->smooth, DtCurvePoint, i).loss > g->loss_y.max)
      x = g_array_index (run->smooth, DtCurvePoint, i).x;
  for (guint i = 0; i < run->test->len && isnan (x); i++)
    if (g_array_index (run->test, DtCurvePoint, i).loss > g->loss_y.max)
      x = g_array_index (run->test, DtCurvePoint, i).x;
  if (isnan (x))
    return;
  x = dt_chart_axis_to_pixel (&g->x, x, r->origin.x, r->size.width, FALSE);
  dt_curve_painter_set_color (p->cr, color, 1);
  fill_up_triangle (p, x, r->origin.y);
  text = g_strdup_printf ("↑ %.3g", run->max_loss);
  dt_text_measure (p->small, text, &w, &h);
  x += DT_CURVE_PX (p, LEAVE_SIZE + LEAVE_TEXT_OFFSET);
  x = MIN (x, r->origin.x + r->size.width - w);
  dt_curve_painter_fill_halo (p, x, r->origin.y + 1, w, h);
  dt_curve_painter_draw_text (p, p->small, text, x, r->origin.y + 1, 0, 0, color, 1);
}

void
dt_curve_series_draw_tests (DtCurvePainter        *p,
                            const DtCurveRun      *run,
                            gboolean               current,
                            const DtCurveGeometry *g)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  GdkRGBA color, orange;

  dt_curve_theme_run_color (p->theme, run, current, &color);
  dt_curve_theme_test_color (p->theme, &orange);
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    draw_test_points (p, run, k, &g->x, y_axes[k], plots[k], current ? &orange : &color,
                      current);
  draw_left_axis (p, run, g, &color);
}

double
dt_curve_series_get_reach (const DtCurveRun      *run,
                           const DtCurveGeometry *g)
{
  const GArray *items = dt_curve_run_columns (run, DT_CURVE_COLUMNS_RAW_LOSS, &g->x,
                                              g->loss.origin.x, g->loss.size.width);

  if (items->len == 0)
    return -G_MAXDOUBLE;
  return g_array_index (items, DtCurveBand, items->len - 1).px;
}

/* One series' items between x0 and x1, with a few columns either side so lines and joins
 * cross the span's edges as they would without them. */
static void
span_range (const GArray *items,
            double        x0,
            double        x1,
            double        margin,
            guint        *from,
            guint        *to)
{
  *from = first_at (items, x0 - margin);
  *to = first_at (items, x1 + margin);
}

void
dt_curve_series_draw_curves (DtCurvePainter        *p,
                             const DtCurveRun      *run,
                             gboolean               current,
                             const DtCurveGeometry *g,
                             double                 x0,
                             double                 x1,
                             DtCurveDrawStats      *stats)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  double width = DT_CURVE_PX (p, current ? DT_CURVE_CURRENT_LINE_WIDTH
                                         : DT_CURVE_EARLIER_LINE_WIDTH);
  double margin = 2 * width + 2, clip = DT_CURVE_PX (p, CLIP_MARGIN);
  cairo_t *cr = p->cr;
  GdkRGBA color;
  guint from, to;

  dt_curve_theme_run_color (p->theme, run, current, &color);
  /* One vertex per pixel column: a bevel is as round as a round join at this size, and
   * several times cheaper to stroke (four earlier 30-epoch runs: 36 → 9 ms at 1500 px). */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      const graphene_rect_t *r = plots[k];
      const GArray *items;
      double left = MAX (x0, r->origin.x), right = MIN (x1, r->origin.x + r->size.width + clip);

      if (right <= left)
        continue;
      cairo_save (cr);
      /* Clip a little outside the plot so lines at 0 % / 100 % are not cut in half. */
      cairo_rectangle (cr, left, r->origin.y - clip, right - left, r->size.height + 2 * clip);
      cairo_clip (cr);

      if (current)
        {
          items = dt_curve_run_columns (run, k == 0 ? DT_CURVE_COLUMNS_RAW_LOSS
                                                    : DT_CURVE_COLUMNS_RAW_ACC,
                                        &g->x, r->origin.x, r->size.width);
          span_range (items, x0, x1, margin, &from, &to);
          dt_curve_painter_set_color (cr, &color, p->high_contrast ? DT_CURVE_RAW_ALPHA_HIGH
                                                                   : DT_CURVE_RAW_ALPHA (p->theme));
          fill_band (p, items, from, to, y_axes[k], r);
          if (stats)
            stats->raw_vertices[k] += 2 * (to - from);
        }

      items = dt_curve_run_columns (run, k == 0 ? DT_CURVE_COLUMNS_SMOOTH_LOSS
                                                : DT_CURVE_COLUMNS_SMOOTH_ACC,
                                    &g->x, r->origin.x, r->size.width);
      span_range (items, x0, x1, margin, &from, &to);
      dt_curve_painter_set_color (cr, &color, current ? 1 : DT_CURVE_EARLIER_ALPHA);
      cairo_set_line_width (cr, width);
      if (to > from)
        stroke_vertices (p, items, from, to, y_axes[k], r);
      if (stats && current)
        stats->smooth_vertices[k] += to - from;
      cairo_restore (cr);
    }
}

void
dt_curve_series_draw_run (DtCurvePainter        *p,
                          const DtCurveRun      *run,
                          gboolean               current,
                          const DtCurveGeometry *g,
                          DtCurveDrawStats      *stats)
{
  dt_curve_series_draw_curves (p, run, current, g, -G_MAXDOUBLE / 4, G_MAXDOUBLE / 4, stats);
  dt_curve_val_draw (p, run, current, g);
  dt_curve_series_draw_tests (p, run, current, g);
}

/* Markers run through both plots, in the run's colour (an earlier run keeps its markers);
 * the current run's text sits at the top of the loss plot, stacked when two markers are too
 * close to share a line. */
void
dt_curve_series_draw_markers (DtCurvePainter        *p,
                              const DtCurveRun      *run,
                              gboolean               current,
                              const DtCurveGeometry *g)
{
  const double dash[] = { DT_CURVE_PX (p, 5), DT_CURVE_PX (p, 4) };   /* on, off */
  double row_right[MARKER_ROWS];
  double top = g->loss.origin.y, bottom = g->acc.origin.y + g->acc.size.height;
  cairo_t *cr = p->cr;
  GdkRGBA color = p->theme->fg;

  if (!current)
    dt_curve_theme_run_color (p->theme, run, FALSE, &color);
  for (guint row = 0; row < MARKER_ROWS; row++)
    row_right[row] = -G_MAXDOUBLE;
  for (guint i = 0; i < run->markers->len; i++)
    {
      const DtCurveMarker *m = &g_array_index (run->markers, DtCurveMarker, i);
      double x = round (dt_chart_axis_to_pixel (&g->x, m->x, g->loss.origin.x,
                                                g->loss.size.width, FALSE)) + 0.5;
      double w, h, tx;

      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, DT_CURVE_PX (p, MARKER_LINE_WIDTH));
      dt_curve_painter_set_color (cr, &color, current ? MARKER_ALPHA : MARKER_EARLIER_ALPHA);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, g->loss.origin.y + g->loss.size.height);
      cairo_move_to (cr, x, g->acc.origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (!current || !m->text[0])
        continue;

      dt_text_measure (p->small, m->text, &w, &h);
      tx = x + DT_CURVE_PX (p, MARKER_TEXT_OFFSET);
      if (tx + w > g->loss.origin.x + g->loss.size.width)
        tx = x - DT_CURVE_PX (p, MARKER_TEXT_OFFSET) - w;
      for (guint row = 0; row < MARKER_ROWS; row++)
        if (tx > row_right[row] + DT_CURVE_PX (p, MARKER_TEXT_SPACING))
          {
            double ty = top + DT_CURVE_PX (p, MARKER_TEXT_TOP) +
                        row * (h + DT_CURVE_PX (p, MARKER_ROW_GAP));

            dt_curve_painter_fill_halo (p, tx, ty, w, h);
            dt_curve_painter_draw_text (p, p->small, m->text, tx, ty, 0, 0, &p->theme->fg,
                                        MARKER_TEXT_ALPHA);
            row_right[row] = tx + w;
            break;
          }
    }
}

/* The latest test result of the current run, written next to its dot: the number a
 * teacher points at. */
void
dt_curve_series_draw_test_values (DtCurvePainter        *p,
                                  const DtCurveRun      *run,
                                  const DtCurveGeometry *g)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  const DtCurvePoint *t;

  if (run->test->len == 0)
    return;
  t = &g_array_index (run->test, DtCurvePoint, run->test->len - 1);

  for (guint k = 0; k < 2; k++)
    {
      const graphene_rect_t *r = plots[k];
      double v = dt_curve_point_get (t, k);
      g_autofree char *label = NULL;
      double cx, cy, w, h, tx, ty;

      if (!isfinite (v))
        continue;
      label = k ? g_strdup_printf ("%.1f%%", 100 * v) : g_strdup_printf ("%.3f", v);
      cx = dt_chart_axis_to_pixel (&g->x, t->x, r->origin.x, r->size.width, FALSE);
      cy = dt_chart_axis_to_pixel (y_axes[k], v, r->origin.y, r->size.height, TRUE);
      cy = CLAMP (cy, r->origin.y, r->origin.y + r->size.height);
      dt_text_measure (p->small, label, &w, &h);
      tx = cx + DT_CURVE_PX (p, VALUE_OFFSET_X);
      /* It may reach into the padding right of the plot, but not to the widget's edge. */
      if (tx + w > r->origin.x + r->size.width + p->pad - 2)
        tx = cx - DT_CURVE_PX (p, VALUE_OFFSET_X) - w;
      /* Below the dot for accuracy (curves hug the top), above it for loss (they hug 0). */
      ty = k ? cy + DT_CURVE_PX (p, VALUE_OFFSET_Y) : cy - DT_CURVE_PX (p, VALUE_OFFSET_Y) - h;
      ty = CLAMP (ty, r->origin.y + 1, r->origin.y + r->size.height - h - 1);
      dt_curve_painter_fill_halo (p, tx, ty, w, h);
      dt_curve_painter_draw_text (p, p->small, label, tx, ty, 0, 0, &p->theme->fg, 1);
    }
}
