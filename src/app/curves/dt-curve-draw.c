/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-draw"

#include "config.h"

#include "dt-curve-draw.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-curve-legend.h"
#include "dt-curve-painter.h"
#include "dt-curve-val.h"
#include "dt-text.h"

/* Grid lines are faint, the epoch boundaries a bit stronger, the axes stronger still. */
#define GRID_ALPHA          0.10
#define EPOCH_LINE_ALPHA    0.18
#define SUB_EPOCH_ALPHA     0.07
/* A tick this close to a whole number is an epoch boundary. */
#define WHOLE_SLACK         1e-9
#define AXIS_ALPHA          0.40
/* Titles read before tick labels. */
#define TITLE_ALPHA         0.9
#define TICK_LABEL_ALPHA    0.7
#define HINT_ALPHA          0.55

/* Grid and axes ----------------------------------------------------------------------- */

static void
draw_grid (DtCurvePainter        *p,
           const DtCurveGeometry *g)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  cairo_t *cr = p->cr;
  double ticks[DT_CURVE_MAX_TICKS];
  guint n;

  cairo_set_line_width (cr, DT_CURVE_PX (p, 1));
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      const graphene_rect_t *r = plots[k];

      n = dt_chart_axis_ticks (y_axes[k], ticks, G_N_ELEMENTS (ticks));
      dt_curve_painter_set_color (cr, &p->theme->fg, GRID_ALPHA);
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
          gboolean whole = fabs (ticks[i] - round (ticks[i])) < WHOLE_SLACK && ticks[i] > 0;

          dt_curve_painter_set_color (cr, &p->theme->fg,
                                      whole ? EPOCH_LINE_ALPHA : SUB_EPOCH_ALPHA);
          cairo_move_to (cr, x, r->origin.y);
          cairo_line_to (cr, x, r->origin.y + r->size.height);
          cairo_stroke (cr);
        }

      /* Axis lines: left and bottom of each plot. */
      dt_curve_painter_set_color (cr, &p->theme->fg, AXIS_ALPHA);
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
  double ticks[DT_CURVE_MAX_TICKS], last_right = -G_MAXDOUBLE;
  guint n;

  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      const graphene_rect_t *r = plots[k];
      double last_top = G_MAXDOUBLE;

      dt_curve_painter_draw_text (p, p->bold, titles[k], r->origin.x,
                                  r->origin.y - DT_CURVE_PX (p, DT_CURVE_TEXT_GAP), 0, 1, fg,
                                  TITLE_ALPHA);
      n = dt_chart_axis_ticks (y_axes[k], ticks, G_N_ELEMENTS (ticks));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *s = k ? dt_chart_format_tick (ticks[i], y_axes[k]->step, 100)
                                  : dt_curve_format_loss_tick (y_axes[k], ticks[i]);
          g_autofree char *label = k ? g_strdup_printf ("%s%%", s) : g_steal_pointer (&s);
          double y = dt_chart_axis_to_pixel (y_axes[k], ticks[i], r->origin.y,
                                             r->size.height, TRUE);

          /* Skip a label that would overlap the one below it. */
          if (y + p->line / 2 > last_top)
            continue;
          dt_curve_painter_draw_text (p, p->text, label,
                                      r->origin.x - DT_CURVE_PX (p, DT_CURVE_LABEL_GAP), y, 1,
                                      0.5, fg, TICK_LABEL_ALPHA);
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

      dt_text_measure (p->text, label, &w, NULL);
      if (x - w / 2 < last_right + DT_CURVE_PX (p, DT_CURVE_LABEL_GAP))
        continue;
      dt_curve_painter_draw_text (p, p->text, label, x,
                                  g->acc.origin.y + g->acc.size.height +
                                    DT_CURVE_PX (p, DT_CURVE_TEXT_GAP),
                                  0.5, 0, fg, TICK_LABEL_ALPHA);
      last_right = x + w / 2;
    }
  dt_curve_painter_draw_text (p, p->bold, _("Epoch"), g->acc.origin.x + g->acc.size.width / 2,
                              g->acc.origin.y + g->acc.size.height +
                                DT_CURVE_PX (p, DT_CURVE_TEXT_GAP) + p->line,
                              0.5, 0, fg, TITLE_ALPHA);
}

/* Layers ------------------------------------------------------------------------------ */

/* The legend, grid, axes and earlier runs: what changes only with the history. */
static void
draw_background (DtCurvePainter        *p,
                 const DtCurveModel    *model,
                 const DtCurveGeometry *g,
                 int                    width)
{
  dt_curve_legend_flow (p, model, p->pad, p->pad, width - 2 * p->pad, TRUE);
  draw_grid (p, g);
  draw_axis_labels (p, g);
  for (guint r = 0; r + 1 < model->n_runs; r++)
    if (model->runs[r]->visible)
      {
        dt_curve_series_draw_markers (p, model->runs[r], FALSE, g);
        dt_curve_series_draw_run (p, model->runs[r], FALSE, g, NULL);
      }
}

/* The current run's markers, test points and latest test values, over its curves. */
static void
draw_current_marks (DtCurvePainter        *p,
                    const DtCurveModel    *model,
                    const DtCurveGeometry *g)
{
  const DtCurveRun *run = model->runs[model->n_runs - 1];

  if (!run->visible)
    return;
  dt_curve_series_draw_markers (p, run, TRUE, g);
  dt_curve_val_draw (p, run, TRUE, g);
  dt_curve_val_draw_best (p, run, g);
  dt_curve_series_draw_tests (p, run, TRUE, g);
  dt_curve_series_draw_test_values (p, run, g);
}

/* The empty state: the axes say what will appear, the hint says how. */
static void
draw_empty_hint (DtCurvePainter        *p,
                 const DtCurveGeometry *g,
                 int                    width,
                 int                    height)
{
  PangoLayout *hint = p->bold;
  double cy = g->valid ? g->loss.origin.y + g->loss.size.height / 2 : height / 2.0;
  PangoRectangle ink;

  pango_layout_set_width (hint, MAX (1, width - 2 * p->pad) * PANGO_SCALE);
  pango_layout_set_wrap (hint, PANGO_WRAP_WORD);
  pango_layout_set_alignment (hint, PANGO_ALIGN_CENTER);
  pango_layout_set_text (hint, _("Press Train to see the network learn"), -1);
  pango_layout_get_pixel_extents (hint, NULL, &ink);
  cairo_move_to (p->cr, p->pad, round (cy - ink.height / 2.0));
  dt_curve_painter_set_color (p->cr, &p->theme->fg, HINT_ALPHA);
  pango_cairo_show_layout (p->cr, hint);
}

void
dt_curve_draw_span (cairo_t               *cr,
                    const DtCurveScene    *scene,
                    const DtCurveGeometry *geometry,
                    double                 x0,
                    double                 x1)
{
  const DtCurveModel *model = scene->model;
  DtCurvePainter p = { 0 };

  if (!geometry->valid || model->n_runs == 0 || !model->runs[model->n_runs - 1]->visible)
    return;
  cairo_save (cr);
  dt_curve_painter_init (&p, cr, scene->pango, scene->theme, scene->zoom);
  p.high_contrast = model->high_contrast;
  dt_curve_series_draw_curves (&p, model->runs[model->n_runs - 1], TRUE, geometry, x0, x1,
                               NULL);
  dt_curve_painter_clear (&p);
  cairo_restore (cr);
}

void
dt_curve_draw (cairo_t            *cr,
               const DtCurveScene *scene,
               DtCurveLayers       layers,
               DtCurveGeometry    *geometry,
               DtCurveDrawStats   *stats)
{
  const DtCurveModel *model = scene->model;
  DtCurveGeometry g = { 0 };
  DtCurvePainter p = { 0 };
  gboolean background = (layers & DT_CURVE_LAYER_BACKGROUND) != 0;
  gboolean curves = (layers & DT_CURVE_LAYER_CURRENT_CURVES) != 0 && model->n_runs > 0 &&
                    model->runs[model->n_runs - 1]->visible;
  gboolean marks = (layers & DT_CURVE_LAYER_CURRENT_MARKS) != 0 && model->n_runs > 0;

  if (stats)
    *stats = (DtCurveDrawStats) { 0 };
  if (geometry)
    *geometry = g;
  if (scene->width <= 0 || scene->height <= 0)
    return;

  cairo_save (cr);
  if (scene->theme->fill_background && background)
    {
      dt_curve_painter_set_color (cr, &scene->theme->bg, 1);
      cairo_paint (cr);
    }

  dt_curve_painter_init (&p, cr, scene->pango, scene->theme, scene->zoom);
  p.high_contrast = model->high_contrast;
  if (dt_curve_layout_with_painter (&p, model, scene->width, scene->height, &g))
    {
      /* Earlier runs (with the grid and text) underneath, the current run on top. */
      if (background)
        draw_background (&p, model, &g, scene->width);
      if (curves)
        dt_curve_series_draw_curves (&p, model->runs[model->n_runs - 1], TRUE, &g,
                                     -G_MAXDOUBLE / 4, G_MAXDOUBLE / 4, stats);
      if (marks)
        draw_current_marks (&p, model, &g);
      if (stats)
        stats->plot_columns = (guint) ceil (g.loss.size.width);
    }
  if (background && !dt_curve_model_has_data (model))
    draw_empty_hint (&p, &g, scene->width, scene->height);

  dt_curve_painter_clear (&p);
  cairo_restore (cr);

  if (geometry)
    *geometry = g;
}
