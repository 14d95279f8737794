/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-draw"

#include "config.h"

#include "dt-curve-draw.h"
#include "dt-curve-painter.h"

#include <glib/gi18n.h>
#include <math.h>

/* Pixels of plot per tick interval: enough for a label plus air on a projector. */
#define X_PX_PER_TICK    90
#define Y_PX_PER_TICK    26

/* Layout ------------------------------------------------------------------------------ */

static double
data_x_max (const DtCurveModel *model)
{
  double x_max = model->x_max;

  for (guint r = 0; r < model->n_runs; r++)
    {
      const DtCurveRun *run = model->runs[r];

      if (run->batch->len > 0)
        x_max = MAX (x_max, g_array_index (run->batch, DtCurvePoint, run->batch->len - 1).x);
      for (guint i = 0; i < run->test->len; i++)
        x_max = MAX (x_max, g_array_index (run->test, DtCurvePoint, i).x);
      for (guint i = 0; i < run->markers->len; i++)
        x_max = MAX (x_max, g_array_index (run->markers, DtCurveMarker, i).x);
    }

  return isfinite (x_max) && x_max > 0 ? x_max : 1;
}

/* The loss axis runs from 0 to a nice value above the smoothed and test losses.  Raw
 * per-batch spikes are not allowed to stretch it (they are clipped instead), so one noisy
 * batch cannot squash the curve everyone is watching.  Nor can a diverging run (lr too
 * large): the axis stops at 1.5 × the largest starting loss, and a run climbing past that
 * leaves through the top, which is exactly what divergence should look like. */
static double
data_loss_max (const DtCurveModel *model)
{
  double max = 0, start = 0;

  for (guint r = 0; r < model->n_runs; r++)
    {
      const DtCurveRun *run = model->runs[r];
      const GArray *series[] = { run->smooth, run->test };

      for (guint i = 0; i < run->smooth->len; i++)
        {
          double v = g_array_index (run->smooth, DtCurvePoint, i).loss;

          if (isfinite (v))
            {
              /* The first smoothed value is the first finite batch loss (debiasing). */
              start = MAX (start, v);
              break;
            }
        }
      for (guint s = 0; s < G_N_ELEMENTS (series); s++)
        for (guint i = 0; i < series[s]->len; i++)
          {
            double v = g_array_index (series[s], DtCurvePoint, i).loss;

            if (isfinite (v))
              max = MAX (max, v);
          }
    }

  if (start > 0)
    max = MIN (max, 1.5 * start);
  return max > 0 ? max * 1.04 : 1;
}

static double legend_flow (DtCurvePainter *p, const DtCurveModel *model, double x0, double y0,
                           double width, gboolean draw);

static gboolean
layout_plots (DtCurvePainter     *p,
              const DtCurveModel *model,
              int                 width,
              int                 height,
              DtCurveGeometry    *g,
              double             *legend_y)
{
  double pad = p->pad, line = p->line;
  double top, gap, bottom, plot_h, left, right, label_w = 0;
  double ticks[32];
  guint n;

  *legend_y = pad;
  top = pad + legend_flow (p, model, pad, pad, width - 2 * pad, FALSE) + 0.5 * line;
  top += line + 4;                      /* "Loss" title */
  gap = 0.6 * line + line + 4;          /* air, then the "Accuracy" title */
  bottom = 4 + line + line + pad;       /* x tick labels, "Epoch", padding */
  plot_h = floor ((height - top - gap - bottom) / 2);
  if (plot_h < 24 || width < 160)
    return FALSE;

  dt_chart_axis_init (&g->loss_y, 0, data_loss_max (model),
                      CLAMP (plot_h / Y_PX_PER_TICK, 2, 8), TRUE);
  /* Accuracy keeps the full 0–100 % scale.  Zooming to the visible range would show the
   * late gains (93 % → 96 %) larger, but the axis would move under the learner while they
   * watch, runs with different settings would stop being comparable, and the lesson of the
   * first epoch — from chance (10 %) to 90 % within a few hundred batches — is the big
   * jump.  The exact late values are on the test labels and the hover box. */
  dt_chart_axis_init (&g->acc_y, 0, 1, CLAMP (plot_h / (Y_PX_PER_TICK - 2), 2, 10), FALSE);

  /* The left margin fits the widest y label of either plot. */
  n = dt_chart_axis_ticks (&g->loss_y, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = dt_chart_format_tick (ticks[i], g->loss_y.step, 1);
      double w;

      dt_curve_painter_text_size (p->text, s, &w, NULL);
      label_w = MAX (label_w, w);
    }
  {
    g_autofree char *s = dt_chart_format_tick (1, g->acc_y.step, 100);
    g_autofree char *pct = g_strdup_printf ("%s%%", s);
    double w;

    dt_curve_painter_text_size (p->text, pct, &w, NULL);
    label_w = MAX (label_w, w);
  }
  left = pad + label_w + 8;
  right = width - pad - line;           /* room for half of the last x label */
  if (right - left < 80)
    return FALSE;

  g->loss = GRAPHENE_RECT_INIT (left, top, right - left, plot_h);
  g->acc = GRAPHENE_RECT_INIT (left, top + plot_h + gap, right - left, plot_h);
  dt_chart_axis_init (&g->x, 0, data_x_max (model),
                      CLAMP ((right - left) / X_PX_PER_TICK, 2, 20), TRUE);
  g->valid = TRUE;

  return TRUE;
}

/* Legend ------------------------------------------------------------------------------ */

typedef enum { SWATCH_NONE, SWATCH_LINE, SWATCH_DOT } SwatchKind;

typedef struct
{
  SwatchKind  kind;
  const char *text;
  GdkRGBA     color;
  double      alpha;
  double      line_width;
  gboolean    bold;
} LegendItem;

static void
draw_swatch (DtCurvePainter *p,
             SwatchKind      kind,
             double          x,
             double          cy,
             const GdkRGBA  *color,
             double          alpha,
             double          line_width)
{
  cairo_t *cr = p->cr;

  if (kind == SWATCH_LINE)
    {
      dt_curve_painter_set_color (cr, color, alpha);
      cairo_set_line_width (cr, line_width);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + 22, cy);
      cairo_stroke (cr);
    }
  else if (kind == SWATCH_DOT)
    {
      dt_curve_painter_set_color (cr, color, alpha);
      cairo_arc (cr, x + 11, cy, 4.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* Lays the legend out left to right, wrapping lines; draws it when asked.  Returns its
 * height, so layout and drawing agree. */
static double
legend_flow (DtCurvePainter     *p,
             const DtCurveModel *model,
             double              x0,
             double              y0,
             double              width,
             gboolean            draw)
{
  const DtCurveRun *current = model->n_runs > 0 ? model->runs[model->n_runs - 1] : NULL;
  GdkRGBA blue = { 0, 0, 0, 1 }, orange, color;
  double x = x0, y = y0, spacing = 18;
  LegendItem items[4 + DT_CURVE_MAX_EARLIER_RUNS];
  guint n = 0;

  if (current)
    dt_curve_theme_run_color (p->theme, current, TRUE, &blue);
  dt_curve_theme_test_color (p->theme, &orange);

  if (current && current->label[0])
    items[n++] = (LegendItem) { SWATCH_NONE, current->label, p->theme->fg, 1, 0, TRUE };
  items[n++] = (LegendItem) { SWATCH_LINE, _("Training, smoothed"), blue, 1, 2.5, FALSE };
  items[n++] = (LegendItem) { SWATCH_LINE, _("Per batch"), blue, 0.65, 1.5, FALSE };
  items[n++] = (LegendItem) { SWATCH_DOT, _("Test set"), orange, 1, 0, FALSE };
  for (guint r = model->n_runs > 0 ? model->n_runs - 1 : 0; r-- > 0 && n < G_N_ELEMENTS (items);)
    {
      const DtCurveRun *run = model->runs[r];

      dt_curve_theme_run_color (p->theme, run, FALSE, &color);
      items[n++] = (LegendItem) { SWATCH_LINE, run->label[0] ? run->label : _("Earlier run"),
                                         color, EARLIER_ALPHA + 0.2, 2, FALSE };
    }

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = items[i].bold ? p->bold : p->text;
      double swatch = items[i].kind == SWATCH_NONE ? 0 : 22 + 6;
      double w, h;

      pango_layout_set_width (layout, MAX (1, width - swatch) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      dt_curve_painter_text_size (layout, items[i].text, &w, &h);
      if (x > x0 && x + swatch + w > x0 + width)
        {
          x = x0;
          y += p->line + 4;
        }
      if (draw)
        {
          draw_swatch (p, items[i].kind, x, y + h / 2, &items[i].color, items[i].alpha,
                       items[i].line_width);
          dt_curve_painter_draw_text (p, layout, items[i].text, x + swatch, y, 0, 0, &p->theme->fg,
                                      items[i].bold ? 1 : 0.8);
        }
      pango_layout_set_width (layout, -1);
      x += swatch + w + spacing;
    }

  return y - y0 + p->line;
}

/* Grid and axes ----------------------------------------------------------------------- */

static void
draw_grid (DtCurvePainter        *p,
           const DtCurveGeometry *g)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  cairo_t *cr = p->cr;
  double ticks[32];
  guint n;

  cairo_set_line_width (cr, 1);
  for (guint k = 0; k < 2; k++)
    {
      const graphene_rect_t *r = plots[k];

      n = dt_chart_axis_ticks (y_axes[k], ticks, G_N_ELEMENTS (ticks));
      dt_curve_painter_set_color (cr, &p->theme->fg, 0.10);
      for (guint i = 0; i < n; i++)
        {
          double y = round (dt_chart_axis_to_pixel (y_axes[k], ticks[i], r->origin.y,
                                                    r->size.height, TRUE)) + 0.5;

          cairo_move_to (cr, r->origin.x, y);
          cairo_line_to (cr, r->origin.x + r->size.width, y);
        }
      cairo_stroke (cr);

      n = dt_chart_axis_ticks (&g->x, ticks, G_N_ELEMENTS (ticks));
      for (guint i = 0; i < n; i++)
        {
          double x = round (dt_chart_axis_to_pixel (&g->x, ticks[i], r->origin.x,
                                                    r->size.width, FALSE)) + 0.5;
          /* Epoch boundaries are the interesting verticals: draw them stronger. */
          gboolean whole = fabs (ticks[i] - round (ticks[i])) < 1e-9 && ticks[i] > 0;

          dt_curve_painter_set_color (cr, &p->theme->fg, whole ? 0.18 : 0.07);
          cairo_move_to (cr, x, r->origin.y);
          cairo_line_to (cr, x, r->origin.y + r->size.height);
          cairo_stroke (cr);
        }

      /* Axis lines: left and bottom of each plot. */
      dt_curve_painter_set_color (cr, &p->theme->fg, 0.40);
      cairo_move_to (cr, r->origin.x + 0.5, r->origin.y);
      cairo_line_to (cr, r->origin.x + 0.5, r->origin.y + r->size.height + 0.5);
      cairo_line_to (cr, r->origin.x + r->size.width, r->origin.y + r->size.height + 0.5);
      cairo_stroke (cr);
    }
}

static void
draw_axis_labels (DtCurvePainter        *p,
                  const DtCurveGeometry *g)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  const char *titles[] = { _("Loss"), _("Accuracy") };
  const GdkRGBA *fg = &p->theme->fg;
  double ticks[32], last_right = -G_MAXDOUBLE;
  guint n;

  for (guint k = 0; k < 2; k++)
    {
      const graphene_rect_t *r = plots[k];
      double last_top = G_MAXDOUBLE;

      dt_curve_painter_draw_text (p, p->bold, titles[k], r->origin.x, r->origin.y - 4, 0, 1, fg,
                                  0.9);
      n = dt_chart_axis_ticks (y_axes[k], ticks, G_N_ELEMENTS (ticks));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *s = dt_chart_format_tick (ticks[i], y_axes[k]->step, k ? 100 : 1);
          g_autofree char *label = k ? g_strdup_printf ("%s%%", s) : g_steal_pointer (&s);
          double y = dt_chart_axis_to_pixel (y_axes[k], ticks[i], r->origin.y,
                                             r->size.height, TRUE);

          /* Skip a label that would overlap the one below it. */
          if (y + p->line / 2 > last_top)
            continue;
          dt_curve_painter_draw_text (p, p->text, label, r->origin.x - 8, y, 1, 0.5, fg, 0.7);
          last_top = y - p->line / 2;
        }
    }

  n = dt_chart_axis_ticks (&g->x, ticks, G_N_ELEMENTS (ticks));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = dt_chart_format_tick (ticks[i], g->x.step, 1);
      double x = dt_chart_axis_to_pixel (&g->x, ticks[i], g->acc.origin.x, g->acc.size.width,
                                         FALSE);
      double w;

      dt_curve_painter_text_size (p->text, label, &w, NULL);
      if (x - w / 2 < last_right + 8)
        continue;
      dt_curve_painter_draw_text (p, p->text, label, x, g->acc.origin.y + g->acc.size.height + 4,
                                  0.5, 0, fg, 0.7);
      last_right = x + w / 2;
    }
  dt_curve_painter_draw_text (p, p->bold, _("Epoch"), g->acc.origin.x + g->acc.size.width / 2,
                              g->acc.origin.y + g->acc.size.height + 4 + p->line, 0.5, 0, fg, 0.9);
}

/* Entry points ------------------------------------------------------------------------ */

gboolean
dt_curve_model_has_data (const DtCurveModel *model)
{
  for (guint r = 0; r < model->n_runs; r++)
    if (model->runs[r]->batch->len > 0 || model->runs[r]->test->len > 0)
      return TRUE;
  return FALSE;
}

gboolean
dt_curve_layout (PangoContext       *pango,
                 int                 width,
                 int                 height,
                 const DtCurveModel *model,
                 const DtCurveTheme *theme,
                 DtCurveGeometry    *geometry)
{
  DtCurvePainter p = { 0 };
  double legend_y;

  *geometry = (DtCurveGeometry) { 0 };
  if (width <= 0 || height <= 0)
    return FALSE;

  dt_curve_painter_init (&p, NULL, pango, theme);
  layout_plots (&p, model, width, height, geometry, &legend_y);
  dt_curve_painter_clear (&p);

  return geometry->valid;
}

gboolean
dt_curve_geometry_equal (const DtCurveGeometry *a,
                         const DtCurveGeometry *b)
{
  const DtChartAxis *axes_a[] = { &a->x, &a->loss_y, &a->acc_y };
  const DtChartAxis *axes_b[] = { &b->x, &b->loss_y, &b->acc_y };

  if (a->valid != b->valid ||
      !graphene_rect_equal (&a->loss, &b->loss) || !graphene_rect_equal (&a->acc, &b->acc))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (axes_a); i++)
    if (axes_a[i]->min != axes_b[i]->min || axes_a[i]->max != axes_b[i]->max ||
        axes_a[i]->step != axes_b[i]->step)
      return FALSE;
  return TRUE;
}

void
dt_curve_draw (cairo_t            *cr,
               PangoContext       *pango,
               int                 width,
               int                 height,
               const DtCurveModel *model,
               const DtCurveTheme *theme,
               DtCurveLayers       layers,
               DtCurveGeometry    *geometry,
               DtCurveDrawStats   *stats)
{
  DtCurveGeometry g = { 0 };
  DtCurvePainter p = { 0 };
  gboolean background = (layers & DT_CURVE_LAYER_BACKGROUND) != 0;
  gboolean current = (layers & DT_CURVE_LAYER_CURRENT) != 0 && model->n_runs > 0;
  double legend_y;

  if (stats)
    *stats = (DtCurveDrawStats) { 0 };
  if (geometry)
    *geometry = g;
  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);
  if (theme->fill_background && background)
    {
      dt_curve_painter_set_color (cr, &theme->bg, 1);
      cairo_paint (cr);
    }

  dt_curve_painter_init (&p, cr, pango, theme);
  if (layout_plots (&p, model, width, height, &g, &legend_y))
    {
      /* Earlier runs (with the grid and text) underneath, the current run on top. */
      if (background)
        {
          legend_flow (&p, model, p.pad, legend_y, width - 2 * p.pad, TRUE);
          draw_grid (&p, &g);
          draw_axis_labels (&p, &g);
          for (guint r = 0; r + 1 < model->n_runs; r++)
            {
              dt_curve_series_draw_markers (&p, model->runs[r], FALSE, &g);
              dt_curve_series_draw_run (&p, model->runs[r], FALSE, &g, NULL);
            }
        }
      if (current)
        {
          const DtCurveRun *run = model->runs[model->n_runs - 1];

          dt_curve_series_draw_markers (&p, run, TRUE, &g);
          dt_curve_series_draw_run (&p, run, TRUE, &g, stats);
          dt_curve_series_draw_test_values (&p, run, &g);
        }

      if (stats)
        stats->plot_columns = (guint) ceil (g.loss.size.width);
    }

  if (background && !dt_curve_model_has_data (model))
    {
      /* The empty state: the axes say what will appear, the hint says how. */
      PangoLayout *hint = p.bold;
      double cy = g.valid ? g.loss.origin.y + g.loss.size.height / 2 : height / 2.0;
      PangoRectangle ink;

      pango_layout_set_width (hint, MAX (1, width - 2 * p.pad) * PANGO_SCALE);
      pango_layout_set_wrap (hint, PANGO_WRAP_WORD);
      pango_layout_set_alignment (hint, PANGO_ALIGN_CENTER);
      pango_layout_set_text (hint, _("Press Train to see the network learn"), -1);
      pango_layout_get_pixel_extents (hint, NULL, &ink);
      cairo_move_to (cr, p.pad, round (cy - ink.height / 2.0));
      dt_curve_painter_set_color (cr, &theme->fg, 0.55);
      pango_cairo_show_layout (cr, hint);
    }

  dt_curve_painter_clear (&p);
  cairo_restore (cr);

  if (geometry)
    *geometry = g;
}
