/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-legend"

#include "config.h"

#include "dt-curve-legend.h"

#include <glib/gi18n.h>

#include "dt-text.h"

/* A swatch is a short stroke or a dot this wide, then a gap before its text; items are
 * further apart than a swatch is from its own text, so each reads as one. */
#define SWATCH_WIDTH        22
#define SWATCH_GAP          6
#define ITEM_SPACING        18
#define SWATCH_DOT_RADIUS   4.5
/* Extra pixels between wrapped legend lines. */
#define ROW_GAP             4
/* The per-batch swatch is a thin, faint line like the raw trace; an earlier run's is a bit
 * stronger than its dimmed curve, so its colour can be told. */
#define RAW_SWATCH_WIDTH    1.5
#define RAW_SWATCH_ALPHA    0.65
#define EARLIER_SWATCH_WIDTH 2
#define EARLIER_SWATCH_ALPHA (DT_CURVE_EARLIER_ALPHA + 0.2)
#define TEXT_ALPHA          0.8

typedef enum { SWATCH_NONE, SWATCH_LINE, SWATCH_DOT, SWATCH_VAL } SwatchKind;

typedef struct
{
  SwatchKind  kind;
  char       *text;
  GdkRGBA     color;
  double      alpha;
  double      line_width;
  gboolean    bold;
} LegendItem;

static void
draw_swatch (DtCurvePainter   *p,
             const LegendItem *item,
             double            x,
             double            cy)
{
  cairo_t *cr = p->cr;

  if (item->kind == SWATCH_LINE)
    {
      dt_curve_painter_set_color (cr, &item->color, item->alpha);
      cairo_set_line_width (cr, DT_CURVE_PX (p, item->line_width));
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + DT_CURVE_PX (p, SWATCH_WIDTH), cy);
      cairo_stroke (cr);
    }
  else if (item->kind == SWATCH_VAL)
    {
      /* as the series: a dashed line through a square */
      const double dash[] = { DT_CURVE_PX (p, 5), DT_CURVE_PX (p, 3) };
      double s = DT_CURVE_PX (p, SWATCH_DOT_RADIUS) * 0.9;

      dt_curve_painter_set_color (cr, &item->color, item->alpha);
      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, DT_CURVE_PX (p, item->line_width));
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + DT_CURVE_PX (p, SWATCH_WIDTH), cy);
      cairo_stroke (cr);
      cairo_restore (cr);
      cairo_rectangle (cr, x + DT_CURVE_PX (p, SWATCH_WIDTH) / 2 - s, cy - s, 2 * s, 2 * s);
      cairo_fill (cr);
    }
  else if (item->kind == SWATCH_DOT)
    {
      dt_curve_painter_set_color (cr, &item->color, item->alpha);
      cairo_arc (cr, x + DT_CURVE_PX (p, SWATCH_WIDTH) / 2, cy,
                 DT_CURVE_PX (p, SWATCH_DOT_RADIUS), 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* "Run 2 · lr 0.01 — test 94.7 %": an earlier run, with how it ended (test accuracy, or
 * the training accuracy when it has no test point). */
static char *
earlier_run_text (const DtCurveRun *run)
{
  g_autofree char *name = dt_curve_run_dup_name (run, TRUE);

  if (run->test->len > 0)
    /* Translators: an earlier run in the legend, then its final test accuracy */
    return g_strdup_printf (_("%s — test %.1f%%"), name,
                            100 * g_array_index (run->test, DtCurvePoint, run->test->len - 1).acc);
  if (run->smooth->len > 0)
    /* Translators: an earlier run in the legend, then its final (smoothed) training accuracy */
    return g_strdup_printf (_("%s — train %.1f%%"), name,
                            100 * g_array_index (run->smooth, DtCurvePoint,
                                                 run->smooth->len - 1).acc);
  return g_steal_pointer (&name);
}

static gboolean
any_validation (const DtCurveModel *model)
{
  for (guint r = 0; r < model->n_runs; r++)
    if (model->runs[r]->visible && model->runs[r]->val->len > 0)
      return TRUE;
  return FALSE;
}

/* The current run's label (bold), what its lines and dots mean, then the earlier runs,
 * newest first.  Returns how many items there are. */
static guint
collect_items (DtCurvePainter     *p,
               const DtCurveModel *model,
               LegendItem         *items,
               guint               n_items)
{
  const DtCurveRun *current = model->n_runs > 0 ? model->runs[model->n_runs - 1] : NULL;
  GdkRGBA blue = { 0, 0, 0, 1 }, orange, color;
  guint n = 0;

  if (current)
    dt_curve_theme_run_color (p->theme, current, TRUE, &blue);
  dt_curve_theme_test_color (p->theme, &orange);

  if (current && (current->label[0] || current->number > 0))
    items[n++] = (LegendItem) { SWATCH_NONE, dt_curve_run_dup_name (current, TRUE),
                                p->theme->fg, 1, 0, TRUE };
  items[n++] = (LegendItem) { SWATCH_LINE, g_strdup (_("Training, smoothed")), blue, 1,
                              DT_CURVE_CURRENT_LINE_WIDTH, FALSE };
  items[n++] = (LegendItem) { SWATCH_LINE, g_strdup (_("Per batch 10–90 %")), blue,
                              p->high_contrast ? 1 : RAW_SWATCH_ALPHA,
                              RAW_SWATCH_WIDTH * (p->high_contrast ? 2 : 1), FALSE };
  items[n++] = (LegendItem) { SWATCH_DOT, g_strdup (_("Test set")), orange, 1, 0, FALSE };
  if (any_validation (model))
    {
      dt_curve_theme_val_color (p->theme, &color);
      items[n++] = (LegendItem) { SWATCH_VAL, g_strdup (_("Validation")), color, 1, 2, FALSE };
    }
  for (guint r = model->n_runs > 0 ? model->n_runs - 1 : 0; r-- > 0 && n < n_items;)
    {
      const DtCurveRun *run = model->runs[r];

      if (!run->visible)
        continue;
      dt_curve_theme_run_color (p->theme, run, FALSE, &color);
      items[n++] = (LegendItem) { SWATCH_LINE, earlier_run_text (run), color,
                                  EARLIER_SWATCH_ALPHA, EARLIER_SWATCH_WIDTH, FALSE };
    }
  return n;
}

double
dt_curve_legend_flow (DtCurvePainter     *p,
                      const DtCurveModel *model,
                      double              x0,
                      double              y0,
                      double              width,
                      gboolean            draw)
{
  LegendItem items[5 + DT_CURVE_MAX_EARLIER_RUNS];
  guint n = collect_items (p, model, items, G_N_ELEMENTS (items));
  double x = x0, y = y0;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *layout = items[i].bold ? p->bold : p->text;
      double swatch = items[i].kind == SWATCH_NONE ? 0
                      : DT_CURVE_PX (p, SWATCH_WIDTH + SWATCH_GAP);
      double w, h;

      pango_layout_set_width (layout, MAX (1, width - swatch) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      dt_text_measure (layout, items[i].text, &w, &h);
      if (x > x0 && x + swatch + w > x0 + width)
        {
          x = x0;
          y += p->line + DT_CURVE_PX (p, ROW_GAP);
        }
      if (draw)
        {
          draw_swatch (p, &items[i], x, y + h / 2);
          dt_curve_painter_draw_text (p, layout, items[i].text, x + swatch, y, 0, 0, &p->theme->fg,
                                      items[i].bold ? 1 : TEXT_ALPHA);
        }
      pango_layout_set_width (layout, -1);
      x += swatch + w + DT_CURVE_PX (p, ITEM_SPACING);
      g_free (items[i].text);
    }

  return y - y0 + p->line;
}
