/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-layout"

#include "config.h"

#include "dt-curve-layout.h"

#include <math.h>

#include "dt-curve-legend.h"
#include "dt-text.h"

/* Pixels of plot per tick interval: enough for a label plus air on a projector.  Accuracy
 * labels are short, so its axis may be a little denser. */
#define X_PX_PER_TICK      90
#define LOSS_PX_PER_TICK   26
#define ACC_PX_PER_TICK    24
/* Tick intervals per axis: at least two, so every axis shows a scale … */
#define MIN_INTERVALS      2
/* … and at most this many, so labels stay readable on a large window. */
#define X_MAX_INTERVALS    20
#define LOSS_MAX_INTERVALS 8
#define ACC_MAX_INTERVALS  10
/* Below these sizes (pixels) there is no room for plots: only the empty hint is drawn. */
#define MIN_PLOT_HEIGHT    24
#define MIN_PLOT_WIDTH     80
#define MIN_WIDTH          160
/* Air between the legend and the loss plot, and between the two plots, in text lines. */
#define LEGEND_AIR         0.5
#define PLOT_AIR           0.6
/* The loss axis tops out at this many times the largest starting loss (see
 * data_loss_max), and leaves this much headroom above the highest value. */
#define LOSS_START_FACTOR  1.5
#define LOSS_HEADROOM      1.04
/* The lowest bottom of a logarithmic loss axis. */
#define LOG_LOSS_FLOOR     1e-4

static double
data_x_max (const DtCurveModel *model)
{
  double x_max = model->x_max;

  for (guint r = 0; r < model->n_runs; r++)
    {
      const DtCurveRun *run = model->runs[r];

      if (!run->visible)
        continue;
      if (run->batch->len > 0)
        x_max = MAX (x_max, g_array_index (run->batch, DtCurvePoint, run->batch->len - 1).x);
      for (guint i = 0; i < run->test->len; i++)
        x_max = MAX (x_max, g_array_index (run->test, DtCurvePoint, i).x);
      for (guint i = 0; i < run->val->len; i++)
        x_max = MAX (x_max, g_array_index (run->val, DtCurvePoint, i).x);
      for (guint i = 0; i < run->markers->len; i++)
        x_max = MAX (x_max, g_array_index (run->markers, DtCurveMarker, i).x);
    }

  return isfinite (x_max) && x_max > 0 ? x_max : 1;
}

/* The loss axis runs from 0 to a nice value above the visible runs' smoothed and test
 * losses.  Raw per-batch spikes are not allowed to stretch it (they are clipped instead), so
 * one noisy batch cannot squash the curve everyone is watching.  Nor can a diverging run (lr
 * too large): the axis stops at 1.5 × the largest starting loss; a run climbing past that
 * leaves through the top, where the drawing marks how high it went (and the logarithmic
 * axis, data_loss_range, holds it whole).  Each run keeps its own extremes as points
 * arrive, so this costs nothing per frame. */
static double
data_loss_max (const DtCurveModel *model)
{
  double max = 0, start = 0;

  for (guint r = 0; r < model->n_runs; r++)
    {
      const DtCurveRun *run = model->runs[r];

      if (!run->visible)
        continue;
      if (isfinite (run->start_loss))
        start = MAX (start, run->start_loss);
      max = MAX (max, run->max_loss);
    }

  if (start > 0)
    max = MIN (max, LOSS_START_FACTOR * start);
  return max > 0 ? max * LOSS_HEADROOM : 1;
}

/* A logarithmic loss axis spans every visible run, however high it went. */
static void
data_loss_range (const DtCurveModel *model,
                 double             *min,
                 double             *max)
{
  *min = G_MAXDOUBLE;
  *max = 0;
  for (guint r = 0; r < model->n_runs; r++)
    if (model->runs[r]->visible && model->runs[r]->max_loss > 0)
      {
        *min = MIN (*min, model->runs[r]->min_loss);
        *max = MAX (*max, model->runs[r]->max_loss);
      }
  *min = MAX (*min, LOG_LOSS_FLOOR);
}

/* The widest y tick label of either plot, so the left margin fits them all. */
static double
y_labels_width (DtCurvePainter        *p,
                const DtCurveGeometry *g)
{
  g_autofree char *top = dt_chart_format_tick (1, g->acc_y.step, 100);
  g_autofree char *percent = g_strdup_printf ("%s%%", top);
  double ticks[DT_CURVE_MAX_TICKS], label_w, w;
  guint n = dt_chart_axis_ticks (&g->loss_y, ticks, G_N_ELEMENTS (ticks));

  dt_text_measure (p->text, percent, &label_w, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = dt_curve_format_loss_tick (&g->loss_y, ticks[i]);

      dt_text_measure (p->text, s, &w, NULL);
      label_w = MAX (label_w, w);
    }
  return label_w;
}

gboolean
dt_curve_layout_with_painter (DtCurvePainter     *p,
                              const DtCurveModel *model,
                              int                 width,
                              int                 height,
                              DtCurveGeometry    *g)
{
  double pad = p->pad, line = p->line, z = p->zoom;
  double text_gap = DT_CURVE_PX (p, DT_CURVE_TEXT_GAP);
  double legend_h, top, gap, bottom, plot_h, left, right;

  legend_h = dt_curve_legend_flow (p, model, pad, pad, width - 2 * pad, FALSE);
  top = pad + legend_h + LEGEND_AIR * line + line + text_gap;   /* "Loss" title */
  gap = PLOT_AIR * line + line + text_gap;                      /* "Accuracy" title */
  bottom = text_gap + line + line + pad;                        /* ticks, "Epoch" */
  plot_h = floor ((height - top - gap - bottom) / 2);
  if (plot_h < MIN_PLOT_HEIGHT * z || width < MIN_WIDTH * z)
    return FALSE;

  if (model->log_loss)
    {
      double min, max;

      data_loss_range (model, &min, &max);
      dt_chart_axis_init_log (&g->loss_y, min, max > 0 ? max * LOSS_HEADROOM : 1);
    }
  else
    dt_chart_axis_init (&g->loss_y, 0, data_loss_max (model),
                        CLAMP (plot_h / (LOSS_PX_PER_TICK * z), MIN_INTERVALS,
                               LOSS_MAX_INTERVALS), TRUE);
  /* Accuracy keeps the full 0–100 % scale unless asked for its top range (a fixed 80–100 %,
   * never one that follows the data).  Zooming to the visible range would show the late
   * gains (93 % → 96 %) larger, but the axis would move under the learner while they watch,
   * runs with different settings would stop being comparable, and the lesson of the first
   * epoch — from chance (10 %) to 90 % within a few hundred batches — is the big jump.  The
   * exact late values are on the test labels, the read-out and the hover box. */
  dt_chart_axis_init (&g->acc_y, model->accuracy_top ? DT_CURVE_ACC_TOP_MIN : 0, 1,
                      CLAMP (plot_h / (ACC_PX_PER_TICK * z), MIN_INTERVALS, ACC_MAX_INTERVALS),
                      FALSE);

  left = pad + y_labels_width (p, g) + DT_CURVE_PX (p, DT_CURVE_LABEL_GAP);
  right = width - pad - line;           /* room for half of the last x label */
  if (right - left < MIN_PLOT_WIDTH * z)
    return FALSE;

  g->loss = GRAPHENE_RECT_INIT (left, top, right - left, plot_h);
  g->acc = GRAPHENE_RECT_INIT (left, top + plot_h + gap, right - left, plot_h);
  dt_chart_axis_init (&g->x, 0, data_x_max (model),
                      CLAMP ((right - left) / (X_PX_PER_TICK * z), MIN_INTERVALS,
                             X_MAX_INTERVALS), TRUE);
  g->valid = TRUE;

  return TRUE;
}

gboolean
dt_curve_layout (const DtCurveScene *scene,
                 DtCurveGeometry    *geometry)
{
  DtCurvePainter p = { 0 };

  *geometry = (DtCurveGeometry) { 0 };
  if (scene->width <= 0 || scene->height <= 0)
    return FALSE;

  dt_curve_painter_init (&p, NULL, scene->pango, scene->theme, scene->zoom);
  dt_curve_layout_with_painter (&p, scene->model, scene->width, scene->height, geometry);
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
        axes_a[i]->step != axes_b[i]->step || axes_a[i]->log != axes_b[i]->log)
      return FALSE;
  return TRUE;
}

char *
dt_curve_format_loss_tick (const DtChartAxis *axis,
                           double             value)
{
  if (axis->log)
    return g_strdup_printf ("%g", value);
  return dt_chart_format_tick (value, axis->step, 1);
}
