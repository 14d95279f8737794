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
/* Dark and translucent with white text, like GTK tooltips in both styles; names dimmer
 * than the values they explain. */
#define BOX_ALPHA       0.82
#define NAME_ALPHA      0.8
#define CROSSHAIR_ALPHA 0.5
/* The dots on the smoothed curves sit on a halo in the background colour; a value this far
 * outside its plot (clipped there) gets none. */
#define DOT_RADIUS      4
#define DOT_HALO_RADIUS 6
#define DOT_SLACK       4

/* One row of the box: a run (its colour swatch and name, or a section title), then its
 * loss and accuracy. */
typedef struct
{
  char     *name;
  char     *loss;
  char     *acc;
  GdkRGBA   color;
  gboolean  swatch;
  gboolean  heading;
} Row;

/* Runs closer than this to the pointer (pixels) show their test values. */
#define TEST_SNAP       8
#define SWATCH_SIZE     10
#define SWATCH_GAP      6
#define MAX_ROWS        (3 * (DT_CURVE_MAX_EARLIER_RUNS + 1) + 3)

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
 * a bold epoch line, then one row per run with its loss and accuracy, right-aligned. */
static void
draw_box (cairo_t            *cr,
          const DtCurveScene *scene,
          double              anchor_x,
          double              py,
          const char         *title,
          const Row          *rows,
          guint               n_rows)
{
  double z = scene->zoom > 0 ? scene->zoom : 1;
  g_autoptr(PangoLayout) text = dt_text_layout_new (scene->pango, FALSE, 1);
  g_autoptr(PangoLayout) bold = dt_text_layout_new (scene->pango, TRUE, 1);
  double col[3] = { 0, 0, 0 }, swatch = (SWATCH_SIZE + SWATCH_GAP) * z;
  double pad = BOX_PAD * z, gap = COLUMN_GAP * z, line, box_w, box_h, x, y;

  dt_text_measure (text, "0", NULL, &line);
  line += LINE_GAP * z;

  for (guint i = 0; i < n_rows; i++)
    {
      col[0] = MAX (col[0], text_width (rows[i].heading ? bold : text, rows[i].name) +
                            (rows[i].swatch ? swatch : 0));
      col[1] = MAX (col[1], text_width (bold, rows[i].loss));
      col[2] = MAX (col[2], text_width (bold, rows[i].acc));
    }
  box_w = MAX (col[0] + col[1] + col[2] + 2 * gap, text_width (bold, title)) + 2 * pad;
  box_h = line * (n_rows + 1) + 2 * pad - LINE_GAP * z;

  /* Right of the crosshair, or left of it when that would leave the widget. */
  x = anchor_x + BOX_OFFSET * z;
  if (x + box_w > scene->width - BOX_MARGIN)
    x = anchor_x - BOX_OFFSET * z - box_w;
  x = MAX (x, BOX_MARGIN);
  y = CLAMP (py - box_h / 2, BOX_MARGIN, MAX (BOX_MARGIN, scene->height - box_h - BOX_MARGIN));

  rounded_rect (cr, x, y, box_w, box_h, BOX_RADIUS * z);
  cairo_set_source_rgba (cr, 0, 0, 0, BOX_ALPHA);
  cairo_fill (cr);

  show_text (cr, bold, title, x + pad, y + pad, 0, 1);
  for (guint i = 0; i < n_rows; i++)
    {
      double ry = y + pad + line * (i + 1);
      double cx = x + pad;

      if (rows[i].swatch)
        {
          gdk_cairo_set_source_rgba (cr, &rows[i].color);
          cairo_rectangle (cr, cx, ry + (line - SWATCH_SIZE * z) / 2 - LINE_GAP * z / 2,
                           SWATCH_SIZE * z, SWATCH_SIZE * z);
          cairo_fill (cr);
          cx += swatch;
        }
      show_text (cr, rows[i].heading ? bold : text, rows[i].name, cx, ry, 0,
                 rows[i].heading ? 1 : NAME_ALPHA);
      cx = x + pad + col[0] + gap;
      /* Right-align the numbers so decimal points line up. */
      show_text (cr, bold, rows[i].loss, cx + col[1], ry, 1, 1);
      cx += col[1] + gap;
      show_text (cr, bold, rows[i].acc, cx + col[2], ry, 1, 1);
    }
}

/* A vertical line through both plots at x. */
static void
draw_crosshair (cairo_t               *cr,
                const DtCurveScene    *scene,
                const DtCurveGeometry *g,
                double                 x)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtCurveTheme *theme = scene->theme;

  cairo_set_line_width (cr, scene->zoom > 0 ? scene->zoom : 1);
  cairo_set_source_rgba (cr, theme->fg.red, theme->fg.green, theme->fg.blue, CROSSHAIR_ALPHA);
  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      cairo_move_to (cr, x, plots[k]->origin.y);
      cairo_line_to (cr, x, plots[k]->origin.y + plots[k]->size.height);
    }
  cairo_stroke (cr);
}

/* A dot on each of a run's smoothed curves where the crosshair crosses it. */
static void
draw_dots (cairo_t               *cr,
           const DtCurveScene    *scene,
           const DtCurveGeometry *g,
           double                 x,
           const DtCurvePoint    *smooth,
           const GdkRGBA         *color)
{
  const graphene_rect_t *plots[] = { &g->loss, &g->acc };
  const DtChartAxis *y_axes[] = { &g->loss_y, &g->acc_y };
  const DtCurveTheme *theme = scene->theme;
  double z = scene->zoom > 0 ? scene->zoom : 1;

  for (guint k = 0; k < G_N_ELEMENTS (plots); k++)
    {
      double v = dt_curve_point_get (smooth, k);
      double y = dt_chart_axis_to_pixel (y_axes[k], v, plots[k]->origin.y,
                                         plots[k]->size.height, TRUE);

      if (!isfinite (v) || y < plots[k]->origin.y - DOT_SLACK ||
          y > plots[k]->origin.y + plots[k]->size.height + DOT_SLACK)
        continue;
      cairo_set_source_rgba (cr, theme->bg.red, theme->bg.green, theme->bg.blue, 1);
      cairo_arc (cr, x, y, DOT_HALO_RADIUS * z, 0, 2 * G_PI);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_arc (cr, x, y, DOT_RADIUS * z, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/* The per-epoch point (test or validation) nearest to pixel px, if one lies within
 * TEST_SNAP pixels. */
static const DtCurvePoint *
near_point (const GArray          *points,
            const DtCurveGeometry *g,
            double                 px,
            double                 zoom)
{
  for (guint i = 0; i < points->len; i++)
    {
      const DtCurvePoint *t = &g_array_index (points, DtCurvePoint, i);
      double tx = dt_chart_axis_to_pixel (&g->x, t->x, g->loss.origin.x, g->loss.size.width,
                                          FALSE);

      if (fabs (tx - px) <= TEST_SNAP * zoom)
        return t;
    }
  return NULL;
}

static Row
run_row (const DtCurveScene *scene,
         const DtCurveRun   *run,
         gboolean            current,
         const DtCurvePoint *values)
{
  Row row = { dt_curve_run_dup_name (run, FALSE), format_value (values->loss, FALSE),
              format_value (values->acc, TRUE), { 0 }, TRUE, FALSE };

  dt_curve_theme_run_color (scene->theme, run, current, &row.color);
  return row;
}

/* Near an epoch's end, under a heading, each visible run's test (or validation) values
 * there; returns the new row count. */
static guint
add_epoch_rows (const DtCurveScene    *scene,
                const DtCurveGeometry *g,
                double                 px,
                gboolean               val,
                const char            *heading,
                Row                   *rows,
                guint                  n)
{
  const DtCurveModel *model = scene->model;
  double z = scene->zoom > 0 ? scene->zoom : 1;
  guint first = n;

  for (guint r = model->n_runs; r-- > 0;)
    {
      const DtCurveRun *run = model->runs[r];
      const DtCurvePoint *t = run->visible ? near_point (val ? run->val : run->test, g, px, z)
                                           : NULL;

      if (t == NULL)
        continue;
      if (n == first)
        rows[n++] = (Row) { g_strdup (heading), g_strdup (""), g_strdup (""), { 0 }, FALSE,
                            TRUE };
      rows[n++] = run_row (scene, run, r + 1 == model->n_runs, t);
    }
  return n;
}

/* Every visible run at the epoch under the pointer (its smoothed values), then — near an
 * epoch's end — each run's test and validation values there. */
static guint
collect_rows (const DtCurveScene    *scene,
              const DtCurveGeometry *g,
              double                 px,
              double                 epoch,
              cairo_t               *cr,
              Row                   *rows)
{
  const DtCurveModel *model = scene->model;
  double z = scene->zoom > 0 ? scene->zoom : 1;
  /* a run has nothing to say this far (in epochs) beyond either of its ends */
  double snap = (g->x.max - g->x.min) * TEST_SNAP * z / g->loss.size.width;
  guint n = 0;

  rows[n++] = (Row) { g_strdup (""), g_strdup (_("Loss")), g_strdup (_("Accuracy")),
                      { 0 }, FALSE, TRUE };
  for (guint r = model->n_runs; r-- > 0;)
    {
      const DtCurveRun *run = model->runs[r];
      gssize i = run->visible ? dt_curve_run_find_batch (run, epoch) : -1;
      const DtCurvePoint *p;

      if (i < 0)
        continue;
      p = &g_array_index (run->smooth, DtCurvePoint, i);
      if (fabs (p->x - epoch) > snap && (i == 0 || i + 1 == (gssize) run->smooth->len))
        continue;
      rows[n] = run_row (scene, run, r + 1 == model->n_runs, p);
      if (cr != NULL)
        draw_dots (cr, scene, g, px, p, &rows[n].color);
      n++;
    }
  n = add_epoch_rows (scene, g, px, FALSE, _("Test set"), rows, n);
  return add_epoch_rows (scene, g, px, TRUE, _("Validation"), rows, n);
}

static void
rows_clear (Row   *rows,
            guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      g_free (rows[i].name);
      g_free (rows[i].loss);
      g_free (rows[i].acc);
    }
}

/* The pointer's epoch, the title and the rows (dots drawn on cr unless NULL); 0 rows when
 * the pointer is not over a plot with data. */
static guint
hover_rows (const DtCurveScene    *scene,
            const DtCurveGeometry *g,
            double                 px,
            double                 py,
            cairo_t               *cr,
            char                 **title,
            Row                   *rows)
{
  const DtCurveModel *model = scene->model;
  g_autofree char *epoch_text = NULL;
  double epoch;

  if (!g->valid || model->n_runs == 0 || !dt_curve_model_has_data (model))
    return 0;
  if (px < g->loss.origin.x || px > g->loss.origin.x + g->loss.size.width ||
      py < g->loss.origin.y || py > g->acc.origin.y + g->acc.size.height)
    return 0;

  epoch = dt_chart_axis_unmap (&g->x, (px - g->loss.origin.x) / g->loss.size.width);
  epoch_text = g_strdup_printf ("%.3f", epoch);
  /* Translators: the hover box title, %s is a fractional epoch like 1.250 */
  *title = g_strdup_printf (_("Epoch %s"), epoch_text);
  return collect_rows (scene, g, px, epoch, cr, rows);
}

void
dt_curve_hover_draw (cairo_t               *cr,
                     const DtCurveScene    *scene,
                     const DtCurveGeometry *g,
                     double                 px,
                     double                 py)
{
  Row rows[MAX_ROWS];
  g_autofree char *title = NULL;
  double x = round (px) + 0.5;
  guint n;

  cairo_save (cr);
  if (g->valid && px >= g->loss.origin.x && px <= g->loss.origin.x + g->loss.size.width &&
      py >= g->loss.origin.y && py <= g->acc.origin.y + g->acc.size.height &&
      dt_curve_model_has_data (scene->model))
    draw_crosshair (cr, scene, g, x);
  n = hover_rows (scene, g, x, py, cr, &title, rows);
  if (n > 1)
    draw_box (cr, scene, x, py, title, rows, n);
  rows_clear (rows, n);
  cairo_restore (cr);
}

char *
dt_curve_hover_dup_text (const DtCurveScene    *scene,
                         const DtCurveGeometry *g,
                         double                 px,
                         double                 py)
{
  Row rows[MAX_ROWS];
  g_autofree char *title = NULL;
  GString *s;
  guint n = hover_rows (scene, g, round (px) + 0.5, py, NULL, &title, rows);

  if (n <= 1)
    {
      rows_clear (rows, n);
      return NULL;
    }
  s = g_string_new (title);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "\n%s\t%s\t%s", rows[i].name, rows[i].loss, rows[i].acc);
  rows_clear (rows, n);
  return g_string_free (s, FALSE);
}
