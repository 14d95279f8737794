/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-hover.c — the crosshair and value box DtCurveView shows under the pointer */
#define G_LOG_DOMAIN "dt-curve-hover"

#include "config.h"

#include "dt-curve-hover.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-text.h"

/* The value box: padding, corner radius, space between its columns and between its lines,
 * and its distance from the crosshair and from the widget's edges. */
#define BOX_PAD         8
#define BOX_RADIUS      6
#define COLUMN_GAP      12
#define LINE_GAP        2
#define BOX_OFFSET      14
#define BOX_MARGIN      2
/* Dark and translucent with white text, like GTK tooltips in both styles; labels and raw
 * values dimmer than the smoothed values they explain. */
#define BOX_ALPHA       0.82
#define NAME_ALPHA      0.8
#define RAW_TEXT_ALPHA  0.7
#define CROSSHAIR_ALPHA 0.5
/* The dots on the smoothed curves sit on a halo in the background colour; a value this far
 * outside its plot (clipped there) gets none. */
#define DOT_RADIUS      4
#define DOT_HALO_RADIUS 6
#define DOT_SLACK       4

typedef struct
{
  const char *name;
  char       *value;
  char       *raw;
} Row;

static char *
format_value (double   v,
              gboolean percent)
{
  if (!isfinite (v))
    return g_strdup ("–");
  return percent ? g_strdup_printf ("%.1f%%", 100 * v) : g_strdup_printf ("%.4f", v);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* White text on the dark box. */
static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           double       alpha)
{
  cairo_set_source_rgba (cr, 1, 1, 1, alpha);
  dt_text_show (cr, layout, text, x, y, xalign, 0);
}

static double
text_width (PangoLayout *layout,
            const char  *text)
{
  double w;

  dt_text_measure (layout, text, &w, NULL);
  return w;
}

/* A tooltip-style box (dark translucent, white text, like GTK tooltips in both styles):
 * a bold epoch line, then one row per metric with the smoothed and the raw value. */
static void
draw_box (cairo_t      *cr,
          PangoContext *pango,
          int           width,
          int           height,
          double        anchor_x,
          double        py,
          const char   *title,
          const Row    *rows,
          guint         n_rows)
{
  g_autoptr(PangoLayout) text = dt_text_layout_new (pango, FALSE, 1);
  g_autoptr(PangoLayout) bold = dt_text_layout_new (pango, TRUE, 1);
  double col[3] = { 0, 0, 0 }, line, box_w, box_h, x, y;

  dt_text_measure (text, "0", NULL, &line);
  line += LINE_GAP;

  for (guint i = 0; i < n_rows; i++)
    {
      col[0] = MAX (col[0], text_width (text, rows[i].name));
      col[1] = MAX (col[1], text_width (bold, rows[i].value));
      col[2] = MAX (col[2], text_width (text, rows[i].raw));
    }
  box_w = MAX (col[0] + col[1] + col[2] + 2 * COLUMN_GAP, text_width (bold, title)) + 2 * BOX_PAD;
  box_h = line * (n_rows + 1) + 2 * BOX_PAD - LINE_GAP;

  /* Right of the crosshair, or left of it when that would leave the widget. */
  x = anchor_x + BOX_OFFSET;
  if (x + box_w > width - BOX_MARGIN)
    x = anchor_x - BOX_OFFSET - box_w;
  x = MAX (x, BOX_MARGIN);
  y = CLAMP (py - box_h / 2, BOX_MARGIN, MAX (BOX_MARGIN, height - box_h - BOX_MARGIN));

  rounded_rect (cr, x, y, box_w, box_h, BOX_RADIUS);
  cairo_set_source_rgba (cr, 0, 0, 0, BOX_ALPHA);
  cairo_fill (cr);

  show_text (cr, bold, title, x + BOX_PAD, y + BOX_PAD, 0, 1);
  for (guint i = 0; i < n_rows; i++)
    {
      double ry = y + BOX_PAD + line * (i + 1);
      double cx = x + BOX_PAD;

      show_text (cr, text, rows[i].name, cx, ry, 0, NAME_ALPHA);
      cx += col[0] + COLUMN_GAP;
      /* Right-align the numbers so decimal points line up. */
      show_text (cr, bold, rows[i].value, cx + col[1], ry, 1, 1);
      cx += col[1] + COLUMN_GAP;
      show_text (cr, text, rows[i].raw, cx, ry, 0, RAW_TEXT_ALPHA);
    }
}

/* A vertical line through both plots at x. */
static void
draw_crosshair (cairo_t               *cr,
                const DtCurveTheme    *theme,
                const DtCurveGeometry *g,
                double                 x)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };

  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, theme->fg.red, theme->fg.green, theme->fg.blue, CROSSHAIR_ALPHA);
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      cairo_move_to (cr, x, plots[k]->origin.y);
      cairo_line_to (cr, x, plots[k]->origin.y + plots[k]->size.height);
    }
  cairo_stroke (cr);
}

/* A dot on each smoothed curve where the crosshair crosses it. */
static void
draw_dots (cairo_t               *cr,
           const DtCurveTheme    *theme,
           const DtCurveRun      *run,
           const DtCurveGeometry *g,
           double                 x,
           const DtCurvePoint    *smooth)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  GdkRGBA color;

  dt_curve_theme_run_color (theme, run, TRUE, &color);
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      double v = dt_curve_point_get (smooth, k);
      double y = dt_chart_axis_to_pixel (y_axes[k], v, plots[k]->origin.y,
                                         plots[k]->size.height, TRUE);

      if (!isfinite (v) || y < plots[k]->origin.y - DOT_SLACK ||
          y > plots[k]->origin.y + plots[k]->size.height + DOT_SLACK)
        continue;
      cairo_set_source_rgba (cr, theme->bg.red, theme->bg.green, theme->bg.blue, 1);
      cairo_arc (cr, x, y, DOT_HALO_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* The box: the epoch, then loss and accuracy, smoothed and of the batch under the pointer. */
static void
draw_values (cairo_t            *cr,
             const DtCurveScene *scene,
             double              x,
             double              py,
             const DtCurvePoint *raw,
             const DtCurvePoint *smooth)
{
  g_autofree char *epoch = g_strdup_printf ("%.3f", raw->x);
  /* Translators: the hover box title, %s is a fractional epoch like 1.250 */
  g_autofree char *title = g_strdup_printf (_("Epoch %s"), epoch);
  Row rows[2];

  rows[0] = (Row) { _("Loss"), format_value (smooth->loss, FALSE), NULL };
  rows[1] = (Row) { _("Accuracy"), format_value (smooth->acc, TRUE), NULL };
  for (guint k = 0; k < G_N_ELEMENTS (rows); k++)
    {
      g_autofree char *v = format_value (dt_curve_point_get (raw, k), k == DT_CURVE_ACCURACY);

      /* Translators: the raw value of one batch, shown after the smoothed value */
      rows[k].raw = g_strdup_printf (_("batch %s"), v);
    }

  draw_box (cr, scene->pango, scene->width, scene->height, x, py, title, rows,
            G_N_ELEMENTS (rows));
  for (guint k = 0; k < G_N_ELEMENTS (rows); k++)
    {
      g_free (rows[k].value);
      g_free (rows[k].raw);
    }
}

void
dt_curve_hover_draw (cairo_t               *cr,
                     const DtCurveScene    *scene,
                     const DtCurveGeometry *g,
                     double                 px,
                     double                 py)
{
  const DtCurveModel *model = scene->model;
  const DtCurveRun *run;
  double x;
  gssize i;

  if (!g->valid || model->n_runs == 0)
    return;
  if (px < g->loss.origin.x || px > g->loss.origin.x + g->loss.size.width ||
      py < g->loss.origin.y || py > g->acc.origin.y + g->acc.size.height)
    return;

  run = model->runs[model->n_runs - 1];
  i = dt_curve_run_find_batch (run, dt_chart_axis_unmap (&g->x, (px - g->loss.origin.x) /
                                                                g->loss.size.width));
  if (i < 0)
    return;
  x = round (dt_chart_axis_to_pixel (&g->x, g_array_index (run->batch, DtCurvePoint, i).x,
                                     g->loss.origin.x, g->loss.size.width, FALSE)) + 0.5;

  cairo_save (cr);
  draw_crosshair (cr, scene->theme, g, x);
  draw_dots (cr, scene->theme, run, g, x, &g_array_index (run->smooth, DtCurvePoint, i));
  draw_values (cr, scene, x, py, &g_array_index (run->batch, DtCurvePoint, i),
               &g_array_index (run->smooth, DtCurvePoint, i));
  cairo_restore (cr);
}
