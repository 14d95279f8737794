/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-optimizer-chart"

#include "config.h"

#include "dt-optimizer-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-chart-axis.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "dt-zoom.h"

#define PAD          6.0
#define TICK_LEN     3.0
#define MAX_X_TICKS  5
#define GRID_ALPHA   0.12f
#define LOG_SPAN_MAX 1e9     /* a log axis spans at most nine decades below its top */
#define MEDIAN_W     1.5
#define NATURAL_W    320
#define NATURAL_H    170

static const double band_alpha[3] = { 0.12, 0.22, 0.38 };   /* 0–100, 7–93, 16–84 % */
#define DARK_BAND_GAIN 1.6   /* light colours on a dark background need more opacity */

struct _DtOptimizerChart
{
  GtkWidget           parent_instance;

  DtOptimizerHistory *history;
  int                 layer;
  int                 quantity;
  char               *title;
  gboolean            log;
  double              lo, hi;     /* the y range of the latest draw */
};

G_DEFINE_FINAL_TYPE (DtOptimizerChart, dt_optimizer_chart, GTK_TYPE_WIDGET)

typedef struct
{
  double      left, top, width, height;
  DtChartAxis x;
} Plot;

/* A measurement's band b (or its norm, for the gradient-norm chart). */
static double
value (DtOptimizerChart   *self,
       const DtOptimPoint *p,
       int                 band)
{
  if (self->quantity == DT_OPTIMIZER_CHART_GRAD_NORM)
    return p->stats.grad_norm_total;
  return p->stats.bands[self->layer][self->quantity][band];
}

/* The reference line at a measurement: lr_t over the steps, ε's line over √a; NAN for
 * none. */
static double
reference (DtOptimizerChart   *self,
           const DtOptimPoint *p)
{
  if (self->quantity == NN_OPTIM_STEP)
    return p->stats.lr_t;
  if (self->quantity == NN_OPTIM_RMS)
    return p->stats.epsilon_line;
  return NAN;
}

static void
find_range (DtOptimizerChart   *self,
            const DtOptimPoint *points,
            guint               n)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    for (int b = 0; b < NN_OPTIM_N_BANDS; b++)
      {
        double v = value (self, &points[i], b), r = reference (self, &points[i]);

        /* on a log axis the outer bands often reach exact zeros (a blank pixel's weight
         * gets no gradient in a batch): they run off the bottom, and do not set the floor */
        if (isfinite (v) && (!self->log || (v > 0 && b >= 2)))
          lo = MIN (lo, v);
        if (isfinite (v))
          hi = MAX (hi, v);
        if (isfinite (r) && r > 0)
          {
            lo = MIN (lo, r);
            hi = MAX (hi, r);
          }
      }
  if (lo > hi)
    {
      lo = self->log ? 1e-3 : -1;
      hi = 1;
    }
  if (self->log)
    {
      hi = pow (10, ceil (log10 (hi)));
      lo = pow (10, floor (log10 (MAX (lo, hi / LOG_SPAN_MAX))));
      if (lo >= hi)
        lo = hi / 10;
    }
  else
    {
      /* weights: symmetric about zero */
      double m = MAX (fabs (lo), fabs (hi));
      DtChartAxis axis;

      dt_chart_axis_init (&axis, -m, m, 4, TRUE);
      lo = -axis.max;
      hi = axis.max;
    }
  self->lo = lo;
  self->hi = hi;
}

static double
to_y (DtOptimizerChart *self,
      const Plot       *plot,
      double            v)
{
  double f;

  if (self->log)
    f = (log10 (MAX (v, self->lo)) - log10 (self->lo)) / (log10 (self->hi) - log10 (self->lo));
  else
    f = (v - self->lo) / (self->hi - self->lo);
  return plot->top + (1 - CLAMP (f, -0.05, 1.05)) * plot->height;
}

static double
to_x (const Plot *plot,
      double      x)
{
  return plot->left + dt_chart_axis_map (&plot->x, x) * plot->width;
}

/* The y ticks: powers of ten on a log axis (every other one when crowded), 1-2-5 steps on a
 * linear one. */
static void
draw_y_axis (DtOptimizerChart *self,
             cairo_t          *cr,
             PangoLayout      *layout,
             const Plot       *plot,
             const GdkRGBA    *fg)
{
  double ticks[16];
  guint n = 0;
  DtChartAxis axis;

  if (self->log)
    {
      int a = (int) lround (log10 (self->lo)), b = (int) lround (log10 (self->hi));
      int step = b - a > 6 ? 2 : 1;

      for (int e = b; e >= a && n < G_N_ELEMENTS (ticks); e -= step)
        ticks[n++] = pow (10, e);
    }
  else
    {
      dt_chart_axis_init (&axis, self->lo, self->hi, 4, FALSE);
      n = dt_chart_axis_ticks (&axis, ticks, G_N_ELEMENTS (ticks));
    }
  for (guint i = 0; i < n; i++)
    {
      double y = round (to_y (self, plot, ticks[i])) + 0.5;
      g_autofree char *text = self->log ? g_strdup_printf ("%.0e", ticks[i])
                                        : dt_chart_format_tick (ticks[i], axis.step, 1);

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * GRID_ALPHA);
      cairo_move_to (cr, plot->left, y);
      cairo_line_to (cr, plot->left + plot->width, y);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      dt_text_show (cr, layout, text, plot->left - TICK_LEN - 2, y, 1, 0.5);
    }
}

static void
draw_x_axis (cairo_t       *cr,
             PangoLayout   *layout,
             const Plot    *plot,
             const GdkRGBA *fg)
{
  double ticks[MAX_X_TICKS + 2];
  guint n = dt_chart_axis_ticks (&plot->x, ticks, G_N_ELEMENTS (ticks));

  gdk_cairo_set_source_rgba (cr, fg);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = dt_chart_format_tick (ticks[i], plot->x.step, 1);

      dt_text_show (cr, layout, text, to_x (plot, ticks[i]),
                    plot->top + plot->height + TICK_LEN, 0.5, 0);
    }
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.4);
  cairo_rectangle (cr, plot->left + 0.5, plot->top + 0.5, plot->width, plot->height);
  cairo_stroke (cr);
}

/* The area between bands lower and upper (lower and upper tracing both ways). */
static void
fill_band (DtOptimizerChart   *self,
           cairo_t            *cr,
           const Plot         *plot,
           const DtOptimPoint *points,
           guint               n,
           int                 lower,
           int                 upper)
{
  for (guint i = 0; i < n; i++)
    cairo_line_to (cr, to_x (plot, points[i].x), to_y (self, plot, value (self, &points[i],
                                                                            upper)));
  for (guint i = n; i-- > 0;)
    cairo_line_to (cr, to_x (plot, points[i].x), to_y (self, plot, value (self, &points[i],
                                                                            lower)));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_series (DtOptimizerChart   *self,
             cairo_t            *cr,
             const Plot         *plot,
             const DtOptimPoint *points,
             guint               n,
             const GdkRGBA      *colour,
             gboolean            dark)
{
  int median = NN_OPTIM_N_BANDS / 2;

  if (self->quantity != DT_OPTIMIZER_CHART_GRAD_NORM)
    for (int b = 0; b < median; b++)
      {
        cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue,
                               band_alpha[b] * (dark ? DARK_BAND_GAIN : 1));
        fill_band (self, cr, plot, points, n, b, NN_OPTIM_N_BANDS - 1 - b);
      }
  gdk_cairo_set_source_rgba (cr, colour);
  cairo_set_line_width (cr, MEDIAN_W * dt_zoom_get ());
  for (guint i = 0; i < n; i++)
    cairo_line_to (cr, to_x (plot, points[i].x), to_y (self, plot, value (self, &points[i],
                                                                           median)));
  cairo_stroke (cr);
}

/* The dashed reference line (lr_t or ε's), with its name at its right end. */
static void
draw_reference (DtOptimizerChart   *self,
                cairo_t            *cr,
                PangoLayout        *layout,
                const Plot         *plot,
                const DtOptimPoint *points,
                guint               n,
                const GdkRGBA      *colour)
{
  const double dash[] = { 5 * dt_zoom_get (), 3 * dt_zoom_get () };
  double r = n > 0 ? reference (self, &points[n - 1]) : NAN;
  const char *name;

  if (!isfinite (r))
    return;
  gdk_cairo_set_source_rgba (cr, colour);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.5 * dt_zoom_get ());
  for (guint i = 0; i < n; i++)
    {
      double y = to_y (self, plot, reference (self, &points[i]));

      cairo_line_to (cr, i == 0 ? plot->left : to_x (plot, points[i].x), y);
    }
  cairo_line_to (cr, plot->left + plot->width, to_y (self, plot, r));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  name = self->quantity == NN_OPTIM_STEP ? "lr" : r == points[n - 1].stats.epsilon ? "ε" : "√ε";
  dt_text_show (cr, layout, name, plot->left + plot->width - PAD, to_y (self, plot, r) - 1, 1,
                1);
}

static Plot
plot_geometry (DtOptimizerChart   *self,
               PangoLayout        *layout,
               const DtOptimPoint *points,
               guint               n,
               int                 w,
               int                 h)
{
  double label_w, line_h, x_max = n > 0 ? points[n - 1].x : 1;
  Plot plot;

  double last_w;

  /* the widest tick label a side: "1e+01", "−0.25"; the last x label hangs over the end */
  dt_text_measure (layout, self->log ? "1e+00" : "−0.25", &label_w, &line_h);
  dt_text_measure (layout, "0.00", &last_w, NULL);
  plot.left = label_w + TICK_LEN + 4;
  plot.top = line_h + PAD;
  plot.width = MAX (w - plot.left - last_w / 2 - 2, 1);
  plot.height = MAX (h - plot.top - line_h - TICK_LEN - 2, 1);
  dt_chart_axis_init (&plot.x, 0, MAX (x_max, 1e-3), MAX_X_TICKS, TRUE);
  return plot;
}

static void
dt_optimizer_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  DtOptimizerChart *self = DT_OPTIMIZER_CHART (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  g_autoptr(PangoLayout) heading = dt_text_layout_new (pango, TRUE, 1);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  guint n;
  const DtOptimPoint *points = dt_optimizer_history_get_points (self->history, &n);
  DtPalette palette;
  GdkRGBA series, ref;
  Plot plot;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  dt_palette_init_from_widget (&palette, widget);
  gdk_rgba_parse (&series, palette.dark ? "#62a0ea" : "#1c71d8");   /* GNOME blue */
  gdk_rgba_parse (&ref, palette.dark ? "#ffa348" : "#c64600");      /* GNOME orange */
  find_range (self, points, n);
  plot = plot_geometry (self, layout, points, n, w, h);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_cairo_set_source_rgba (cr, &palette.fg);
  dt_text_show (cr, heading, self->title, plot.left, 0, 0, 0);
  cairo_set_line_width (cr, dt_zoom_get ());
  draw_y_axis (self, cr, layout, &plot, &palette.fg);
  draw_x_axis (cr, layout, &plot, &palette.fg);
  cairo_save (cr);
  cairo_rectangle (cr, plot.left, plot.top, plot.width, plot.height);
  cairo_clip (cr);
  if (n > 0)
    draw_series (self, cr, &plot, points, n, &series, palette.dark);
  draw_reference (self, cr, layout, &plot, points, n, &ref);
  cairo_restore (cr);
  cairo_destroy (cr);
}

static void
dt_optimizer_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? NATURAL_W / 2 : NATURAL_H / 2;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? NATURAL_W : NATURAL_H;
}

/* The measurement nearest the pointer, its median and middle band. */
static gboolean
query_tooltip_cb (GtkWidget        *widget,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip,
                  DtOptimizerChart *self)
{
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  guint n, best = 0;
  const DtOptimPoint *points = dt_optimizer_history_get_points (self->history, &n);
  g_autofree char *text = NULL;
  Plot plot;

  if (n == 0)
    return FALSE;
  plot = plot_geometry (self, layout, points, n, gtk_widget_get_width (widget),
                        gtk_widget_get_height (widget));
  for (guint i = 1; i < n && !keyboard; i++)
    if (fabs (to_x (&plot, points[i].x) - x) < fabs (to_x (&plot, points[best].x) - x))
      best = i;
  if (keyboard)
    best = n - 1;
  /* TRANSLATORS: an optimizer chart's tooltip: epoch, step, median and the middle band */
  /* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro */
  text = g_strdup_printf (_("Epoch %.2f (step %lld): median %.3g, 16–84 %%: %.3g to %.3g"),
                          points[best].x, (long long) points[best].iteration,
                          value (self, &points[best], 3),
                          value (self, &points[best], 2), value (self, &points[best], 4));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
history_changed_cb (DtOptimizerChart *self)
{
  guint n;
  const DtOptimPoint *points = dt_optimizer_history_get_points (self->history, &n);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No measurements yet: press Train"));
  else
    /* TRANSLATORS: an optimizer chart's accessible description: its latest median */
    text = g_strdup_printf (_("At epoch %.2f the median is %.3g"), points[n - 1].x,
                            value (self, &points[n - 1], 3));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dt_optimizer_chart_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (dt_optimizer_chart_parent_class)->map (widget);
  gtk_widget_queue_draw (widget);
}

static void
dt_optimizer_chart_dispose (GObject *object)
{
  DtOptimizerChart *self = DT_OPTIMIZER_CHART (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (dt_optimizer_chart_parent_class)->dispose (object);
}

static void
dt_optimizer_chart_finalize (GObject *object)
{
  g_free (DT_OPTIMIZER_CHART (object)->title);
  G_OBJECT_CLASS (dt_optimizer_chart_parent_class)->finalize (object);
}

static void
dt_optimizer_chart_class_init (DtOptimizerChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_optimizer_chart_dispose;
  object_class->finalize = dt_optimizer_chart_finalize;
  widget_class->snapshot = dt_optimizer_chart_snapshot;
  widget_class->measure = dt_optimizer_chart_measure;
  widget_class->map = dt_optimizer_chart_map;
  gtk_widget_class_set_css_name (widget_class, "optimizerchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_optimizer_chart_init (DtOptimizerChart *self)
{
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

static char *
make_title (int layer,
            int quantity)
{
  switch (quantity)
    {
    case NN_OPTIM_STEP:
      /* TRANSLATORS: an optimizer chart's title; %d is the layer, 1 or 2 */
      return g_strdup_printf (_("Layer %d: step size"), layer + 1);
    case NN_OPTIM_RMS:
      /* TRANSLATORS: √a is RMSprop's running root mean square of the gradient */
      return g_strdup_printf (_("Layer %d: √a"), layer + 1);
    case NN_OPTIM_WEIGHT:
      return g_strdup_printf (_("Layer %d: weights"), layer + 1);
    default:
      return g_strdup (_("Gradient norm of each measured batch"));
    }
}

GtkWidget *
dt_optimizer_chart_new (DtOptimizerHistory *history,
                        int                 layer,
                        int                 quantity)
{
  DtOptimizerChart *self;

  g_return_val_if_fail (DT_IS_OPTIMIZER_HISTORY (history), NULL);
  g_return_val_if_fail (layer >= 0 && layer < NN_OPTIM_N_LAYERS, NULL);
  g_return_val_if_fail (quantity >= 0 && quantity <= DT_OPTIMIZER_CHART_GRAD_NORM, NULL);

  self = g_object_new (DT_TYPE_OPTIMIZER_CHART, NULL);
  self->history = g_object_ref (history);
  self->layer = layer;
  self->quantity = quantity;
  self->log = quantity != NN_OPTIM_WEIGHT;
  self->title = make_title (layer, quantity);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title, -1);
  g_signal_connect_swapped (history, "changed", G_CALLBACK (history_changed_cb), self);
  history_changed_cb (self);
  return GTK_WIDGET (self);
}

const char *
dt_optimizer_chart_get_title (DtOptimizerChart *self)
{
  g_return_val_if_fail (DT_IS_OPTIMIZER_CHART (self), NULL);
  return self->title;
}

void
dt_optimizer_chart_get_y_range (DtOptimizerChart *self,
                                double           *lo,
                                double           *hi)
{
  guint n;
  const DtOptimPoint *points;

  g_return_if_fail (DT_IS_OPTIMIZER_CHART (self));
  points = dt_optimizer_history_get_points (self->history, &n);
  find_range (self, points, n);
  *lo = self->lo;
  *hi = self->hi;
}
