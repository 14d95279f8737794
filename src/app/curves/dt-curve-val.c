/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-val"

#include "config.h"

#include "dt-curve-val.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-text.h"

/* Lengths at 100 % zoom (DT_CURVE_PX scales them). */
#define VAL_LINE_WIDTH     2
#define VAL_DASH_ON        6
#define VAL_DASH_OFF       3
#define VAL_SQUARE         4.5    /* half the side of a point's square */
#define BEST_LINE_WIDTH    1.5
#define BEST_ALPHA         0.85
#define BEST_RING_RADIUS   8
#define BEST_TEXT_OFFSET   6
#define BEST_TEXT_TOP      3

static double
val_y (const DtChartAxis     *axis,
       double                 v,
       const graphene_rect_t *r)
{
  double y = dt_chart_axis_to_pixel (axis, v, r->origin.y, r->size.height, TRUE);

  return CLAMP (y, r->origin.y, r->origin.y + r->size.height);
}

static void
draw_metric (DtCurvePainter        *p,
             const DtCurveRun      *run,
             DtCurveMetric          metric,
             const DtChartAxis     *x_axis,
             const DtChartAxis     *y_axis,
             const graphene_rect_t *r)
{
  const DtCurvePoint *v = (const DtCurvePoint *) run->val->data;
  const double dash[] = { DT_CURVE_PX (p, VAL_DASH_ON), DT_CURVE_PX (p, VAL_DASH_OFF) };
  double s = DT_CURVE_PX (p, VAL_SQUARE);
  cairo_t *cr = p->cr;

  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, DT_CURVE_PX (p, VAL_LINE_WIDTH));
  cairo_new_path (cr);
  for (guint i = 0; i < run->val->len; i++)
    if (isfinite (dt_curve_point_get (&v[i], metric)))
      cairo_line_to (cr, dt_chart_axis_to_pixel (x_axis, v[i].x, r->origin.x, r->size.width,
                                                 FALSE),
                     val_y (y_axis, dt_curve_point_get (&v[i], metric), r));
  cairo_stroke (cr);
  cairo_restore (cr);
  for (guint i = 0; i < run->val->len; i++)
    {
      double value = dt_curve_point_get (&v[i], metric);
      double cx = dt_chart_axis_to_pixel (x_axis, v[i].x, r->origin.x, r->size.width, FALSE);

      if (!isfinite (value) || !isfinite (cx))
        continue;
      cairo_rectangle (cr, cx - s, val_y (y_axis, value, r) - s, 2 * s, 2 * s);
    }
  cairo_fill (cr);
}

void
dt_curve_val_draw (DtCurvePainter        *p,
                   const DtCurveRun      *run,
                   gboolean               current,
                   const DtCurveGeometry *g)
{
  GdkRGBA color;

  if (run->val->len == 0)
    return;
  if (current)
    dt_curve_theme_val_color (p->theme, &color);
  else
    dt_curve_theme_run_color (p->theme, run, FALSE, &color);
  dt_curve_painter_set_color (p->cr, &color, current ? 1 : DT_CURVE_EARLIER_ALPHA);
  draw_metric (p, run, DT_CURVE_LOSS, &g->x, &g->loss_y, &g->loss);
  draw_metric (p, run, DT_CURVE_ACCURACY, &g->x, &g->acc_y, &g->acc);
}

void
dt_curve_val_draw_best (DtCurvePainter        *p,
                        const DtCurveRun      *run,
                        const DtCurveGeometry *g)
{
  const DtCurvePoint *best = dt_curve_run_best_val (run);
  const graphene_rect_t *r = &g->loss;
  g_autofree char *text = NULL;
  double x, y, w, h, tx;
  cairo_t *cr = p->cr;
  GdkRGBA color;

  if (best == NULL)
    return;
  x = round (dt_chart_axis_to_pixel (&g->x, best->x, r->origin.x, r->size.width, FALSE)) + 0.5;
  y = val_y (&g->loss_y, best->loss, r);
  dt_curve_theme_val_color (p->theme, &color);
  dt_curve_painter_set_color (cr, &color, BEST_ALPHA);
  cairo_set_line_width (cr, DT_CURVE_PX (p, BEST_LINE_WIDTH));
  cairo_move_to (cr, x, r->origin.y);
  cairo_line_to (cr, x, r->origin.y + r->size.height);
  cairo_move_to (cr, x, g->acc.origin.y);
  cairo_line_to (cr, x, g->acc.origin.y + g->acc.size.height);
  cairo_stroke (cr);
  dt_curve_painter_set_color (cr, &color, 1);
  cairo_arc (cr, x, y, DT_CURVE_PX (p, BEST_RING_RADIUS), 0, 2 * G_PI);
  cairo_stroke (cr);

  /* Translators: beside the best-epoch marker on the curves: the lowest validation loss */
  text = g_strdup_printf (_("best · val_loss %.4f"), best->loss);
  dt_text_measure (p->small, text, &w, &h);
  tx = x + DT_CURVE_PX (p, BEST_TEXT_OFFSET);
  if (tx + w > r->origin.x + r->size.width)
    tx = x - DT_CURVE_PX (p, BEST_TEXT_OFFSET) - w;
  /* at the top of the plot, clear of the curves and the latest test value near the ring */
  y = r->origin.y + DT_CURVE_PX (p, BEST_TEXT_TOP);
  dt_curve_painter_fill_halo (p, tx, y, w, h);
  dt_curve_painter_draw_text (p, p->small, text, tx, y, 0, 0, &color, 1);
}
