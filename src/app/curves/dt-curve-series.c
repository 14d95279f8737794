/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-series.c — draws one run: raw envelope, smoothed line, test points, markers */
#define G_LOG_DOMAIN "dt-curve-series"

#include "config.h"

#include "dt-curve-series.h"

#include <math.h>

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

static void
stroke_vertices (DtCurvePainter        *p,
                 const GArray          *vertices,
                 const DtChartAxis     *y_axis,
                 const graphene_rect_t *r)
{
  const DtCurveVertex *v = (const DtCurveVertex *) vertices->data;

  for (guint i = 0; i < vertices->len; i++)
    {
      double y = dt_chart_axis_to_pixel (y_axis, v[i].value, r->origin.y, r->size.height, TRUE);

      if (i == 0)
        cairo_move_to (p->cr, v[i].px, y);
      else
        cairo_line_to (p->cr, v[i].px, y);
    }
  /* A lone point still deserves a visible dot. */
  if (vertices->len == 1)
    cairo_rel_line_to (p->cr, 0.01, 0);
  cairo_stroke (p->cr);
}

/* The raw series as one filled envelope between the per-column minimum and maximum: cheap
 * to fill (a simple polygon, unlike a zigzag line that overlaps itself) and at least a pixel
 * thick, so sparse data still shows as a faint line. */
static void
fill_band (DtCurvePainter        *p,
           const GArray          *bands,
           const DtChartAxis     *y_axis,
           const graphene_rect_t *r)
{
  const DtCurveBand *b = (const DtCurveBand *) bands->data;
  cairo_t *cr = p->cr;
  guint n = bands->len;

  if (n == 0)
    return;

  /* A faint texture: the fast rasteriser is indistinguishable here and several times
   * cheaper on a zigzag polygon of thousands of edges. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  for (guint i = 0; i < n; i++)
    {
      double top = dt_chart_axis_to_pixel (y_axis, b[i].hi, r->origin.y, r->size.height, TRUE);
      double bottom = dt_chart_axis_to_pixel (y_axis, b[i].lo, r->origin.y, r->size.height, TRUE);
      double mid = (top + bottom) / 2;

      cairo_line_to (cr, b[i].px, MIN (top, mid - 0.5));
    }
  for (guint i = n; i-- > 0;)
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
  cairo_t *cr = p->cr;

  for (guint i = 0; i < run->test->len; i++)
    {
      const DtCurvePoint *t = &g_array_index (run->test, DtCurvePoint, i);
      double v = dt_curve_point_get (t, metric);
      double cx = dt_chart_axis_to_pixel (x_axis, t->x, r->origin.x, r->size.width, FALSE);
      double cy = dt_chart_axis_to_pixel (y_axis, v, r->origin.y, r->size.height, TRUE);

      if (!isfinite (cy) || !isfinite (cx))
        continue;
      if (current)
        {
          /* A halo in the background colour lifts the dot off the lines it sits on. */
          dt_curve_painter_set_color (cr, &p->theme->bg, 1);
          cairo_arc (cr, cx, cy, TEST_HALO_RADIUS, 0, 2 * G_PI);
          cairo_fill (cr);
          dt_curve_painter_set_color (cr, color, 1);
          cairo_arc (cr, cx, cy, TEST_DOT_RADIUS, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      else
        {
          dt_curve_painter_set_color (cr, color, TEST_RING_ALPHA);
          cairo_set_line_width (cr, DT_CURVE_EARLIER_LINE_WIDTH);
          cairo_arc (cr, cx, cy, TEST_RING_RADIUS, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
    }
}

void
dt_curve_series_draw_run (DtCurvePainter        *p,
                          const DtCurveRun      *run,
                          gboolean               current,
                          const DtCurveGeometry *g,
                          DtCurveDrawStats      *stats)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  cairo_t *cr = p->cr;
  GdkRGBA color, orange;

  dt_curve_theme_run_color (p->theme, run, current, &color);
  dt_curve_theme_test_color (p->theme, &orange);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint k = 0; k < 2; k++)
    {
      const graphene_rect_t *r = plots[k];

      cairo_save (cr);
      /* Clip a little outside the plot so lines at 0 % / 100 % are not cut in half. */
      cairo_rectangle (cr, r->origin.x, r->origin.y - CLIP_MARGIN, r->size.width + CLIP_MARGIN,
                       r->size.height + CLIP_MARGIN);
      cairo_clip (cr);

      if (current)
        {
          g_array_set_size (p->band, 0);
          dt_curve_decimate ((const DtCurvePoint *) run->batch->data, run->batch->len, k,
                             &g->x, r->origin.x, r->size.width, DT_CURVE_DECIMATE_BAND, p->band);
          dt_curve_painter_set_color (cr, &color, DT_CURVE_RAW_ALPHA (p->theme));
          fill_band (p, p->band, y_axes[k], r);
          if (stats)
            stats->raw_vertices[k] = 2 * p->band->len;
        }

      g_array_set_size (p->scratch, 0);
      dt_curve_decimate ((const DtCurvePoint *) run->smooth->data, run->smooth->len, k,
                         &g->x, r->origin.x, r->size.width, DT_CURVE_DECIMATE_MEAN, p->scratch);
      dt_curve_painter_set_color (cr, &color, current ? 1 : DT_CURVE_EARLIER_ALPHA);
      cairo_set_line_width (cr, current ? DT_CURVE_CURRENT_LINE_WIDTH
                                        : DT_CURVE_EARLIER_LINE_WIDTH);
      stroke_vertices (p, p->scratch, y_axes[k], r);
      if (stats && current)
        stats->smooth_vertices[k] = p->scratch->len;

      cairo_restore (cr);

      /* Unclipped: a test dot at the last epoch sits on the plot's right edge. */
      draw_test_points (p, run, k, &g->x, y_axes[k], r, current ? &orange : &color, current);
    }
}

/* Markers run through both plots; their text sits at the top of the loss plot, stacked
 * when two markers are too close to share a line. */
void
dt_curve_series_draw_markers (DtCurvePainter        *p,
                              const DtCurveRun      *run,
                              gboolean               current,
                              const DtCurveGeometry *g)
{
  static const double dash[] = { 5, 4 };   /* pixels on, off */
  double row_right[MARKER_ROWS];
  double top = g->loss.origin.y, bottom = g->acc.origin.y + g->acc.size.height;
  cairo_t *cr = p->cr;

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
      cairo_set_line_width (cr, MARKER_LINE_WIDTH);
      dt_curve_painter_set_color (cr, &p->theme->fg, current ? MARKER_ALPHA : MARKER_EARLIER_ALPHA);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, g->loss.origin.y + g->loss.size.height);
      cairo_move_to (cr, x, g->acc.origin.y);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (!current || !m->text[0])
        continue;

      dt_text_measure (p->small, m->text, &w, &h);
      tx = x + MARKER_TEXT_OFFSET;
      if (tx + w > g->loss.origin.x + g->loss.size.width)
        tx = x - MARKER_TEXT_OFFSET - w;
      for (guint row = 0; row < MARKER_ROWS; row++)
        if (tx > row_right[row] + MARKER_TEXT_SPACING)
          {
            double ty = top + MARKER_TEXT_TOP + row * (h + MARKER_ROW_GAP);

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
      dt_text_measure (p->small, label, &w, &h);
      tx = cx + VALUE_OFFSET_X;
      /* It may reach into the padding right of the plot, but not to the widget's edge. */
      if (tx + w > r->origin.x + r->size.width + p->pad - 2)
        tx = cx - VALUE_OFFSET_X - w;
      /* Below the dot for accuracy (curves hug the top), above it for loss (they hug 0). */
      ty = k ? cy + VALUE_OFFSET_Y : cy - VALUE_OFFSET_Y - h;
      ty = CLAMP (ty, r->origin.y + 1, r->origin.y + r->size.height - h - 1);
      dt_curve_painter_fill_halo (p, tx, ty, w, h);
      dt_curve_painter_draw_text (p, p->small, label, tx, ty, 0, 0, &p->theme->fg, 1);
    }
}
