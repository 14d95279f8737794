/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-step-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-format.h"
#include "dt-text.h"
#include "dt-zoom.h"
#include "nn-dataset.h"

/* A cell: the digit, 28 pixels scaled, then one line of text under it. */
#define CELL_GAP       8
#define TEXT_GAP       2
#define MAX_SCALE      4.0   /* the largest digit: 112 pixels */
#define SCALE_STEP     0.25
#define TEXT_SCALE     0.9
#define PAD            12
#define PAPER_ALPHA    0.06  /* the digit's square, in the foreground colour */
#define FRAME_WIDTH    2     /* around a digit whose answer changed */

struct _DtStepView
{
  GtkWidget        parent_instance;

  DtTrainerStep   *step;
  cairo_surface_t *digits;    /* A8, the batch's digits side by side */
};

G_DEFINE_FINAL_TYPE (DtStepView, dt_step_view, GTK_TYPE_WIDGET)

static guint
count_right (const guint8 *answers,
             const guint8 *labels,
             guint         n)
{
  guint right = 0;

  for (guint i = 0; i < n; i++)
    right += answers[i] == labels[i];
  return right;
}

char *
dt_step_view_dup_summary (DtStepView *self)
{
  const DtTrainerStep *s;
  g_autofree char *step = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_return_val_if_fail (DT_IS_STEP_VIEW (self), NULL);

  s = self->step;
  if (s == NULL)
    return g_strdup (_("Step trains one batch and shows it here: its digits, the network's "
                       "answers before and after the update, and the batch's loss."));
  step = dt_format_grouped ((double) s->iteration);
  before = dt_format_metric (s->loss_before);
  after = dt_format_metric (s->loss_after);
  /* Translators: a single training step: its number, the batch's loss before and after the
   * update, and how many of its n digits were right before and after */
  return g_strdup_printf (_("Step %s · batch loss %s → %s · right %u → %u of %u"), step,
                          before, after, count_right (s->before, s->labels, s->n),
                          count_right (s->after, s->labels, s->n), s->n);
}

/* The smallest digit: 28 pixels at 100 %, larger with the zoom (the pane then scrolls). */
static double
min_scale (void)
{
  return MAX (1.0, dt_zoom_get ());
}

/* What the cells need at this width (-1: unwrapped): the widest cell text, a text line,
 * and the height of the summary above the cells. */
static void
measure_texts (DtStepView *self,
               int         width,
               double     *text_w,
               double     *text_h,
               double     *top)
{
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) bold = dt_text_layout_new (pango, TRUE, 1);
  g_autoptr(PangoLayout) text = dt_text_layout_new (pango, FALSE, TEXT_SCALE);
  g_autofree char *summary = dt_step_view_dup_summary (self);
  g_autofree char *widest = NULL;
  double summary_h;
  int name;

  /* the widest a cell's text gets: the widest class name three times */
  dt_class_names_measure (text, &name);
  widest = g_strdup_printf (_("%s: %s → %s"), dt_class_name (name), dt_class_name (name),
                            dt_class_name (name));

  pango_layout_set_width (bold, width < 0 ? -1 : MAX (1, width - 2 * PAD) * PANGO_SCALE);
  pango_layout_set_wrap (bold, PANGO_WRAP_WORD_CHAR);
  dt_text_measure (bold, summary, NULL, &summary_h);
  dt_text_measure (text, widest, text_w, text_h);
  *top = PAD + summary_h + CELL_GAP;
}

static int
columns_at (double scale,
            int    width,
            double text_w)
{
  return MAX (1, (int) ((width - 2 * PAD + CELL_GAP) /
                        (MAX (NN_IMAGE_SIDE * scale, text_w) + CELL_GAP)));
}

/* The largest digit scale at which all cells fit the width and height (at least
 * min_scale ()); a cell is as wide as its digit or its text, whichever is wider. */
static double
cell_scale (DtStepView *self,
            int         width,
            int         height,
            double      text_w,
            double      text_h,
            double      top,
            int        *columns)
{
  double scale, lowest = min_scale ();

  for (scale = MAX (MAX_SCALE, lowest); scale > lowest; scale -= SCALE_STEP)
    {
      double cell_w = MAX (NN_IMAGE_SIDE * scale, text_w) + CELL_GAP;
      double cell_h = NN_IMAGE_SIDE * scale + TEXT_GAP + text_h + CELL_GAP;
      int cols = MAX (1, (int) ((width - 2 * PAD + CELL_GAP) / cell_w));
      int rows = (int) ((self->step->n + cols - 1) / cols);

      if (top + rows * cell_h <= height - PAD)
        break;
    }
  scale = MAX (scale, lowest);
  *columns = columns_at (scale, width, text_w);
  return scale;
}

static void
draw_cell (DtStepView    *self,
           cairo_t       *cr,
           PangoLayout   *text,
           guint          i,
           double         x,
           double         y,
           double         px,
           const GdkRGBA *fg,
           const GdkRGBA *good,
           const GdkRGBA *bad)
{
  const DtTrainerStep *s = self->step;
  double side = NN_IMAGE_SIDE * px;
  gboolean right = s->after[i] == s->labels[i];
  g_autofree char *answer = NULL;

  cairo_save (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, PAPER_ALPHA);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, px, px);
  cairo_rectangle (cr, 0, 0, NN_IMAGE_SIDE, NN_IMAGE_SIDE);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, fg);
  {
    /* the digit's pixels stay square: nearest neighbour, not a blur */
    cairo_pattern_t *mask = cairo_pattern_create_for_surface (self->digits);
    cairo_matrix_t matrix;

    cairo_matrix_init_translate (&matrix, (double) i * NN_IMAGE_SIDE, 0);
    cairo_pattern_set_matrix (mask, &matrix);
    cairo_pattern_set_filter (mask, CAIRO_FILTER_NEAREST);
    cairo_mask (cr, mask);
    cairo_pattern_destroy (mask);
  }
  cairo_restore (cr);
  if (s->before[i] != s->after[i])
    {
      /* the update changed this answer: framed in the colour of where it went */
      gdk_cairo_set_source_rgba (cr, right ? good : bad);
      cairo_set_line_width (cr, FRAME_WIDTH * dt_zoom_get ());
      cairo_rectangle (cr, x - 1, y - 1, side + 2, side + 2);
      cairo_stroke (cr);
    }
  /* Translators: an image of a step: its label (a digit or a piece of clothing), then the
   * answers before → after the update */
  answer = g_strdup_printf (_("%s: %s → %s"), dt_class_name (s->labels[i]),
                            dt_class_name (s->before[i]), dt_class_name (s->after[i]));
  gdk_cairo_set_source_rgba (cr, right ? good : bad);
  dt_text_show (cr, text, answer, x + side / 2, y + side + TEXT_GAP, 0.5, 0);
}

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
dt_step_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DtStepView *self = DT_STEP_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) bold = dt_text_layout_new (gtk_widget_get_pango_context (widget), TRUE,
                                                    1);
  g_autoptr(PangoLayout) text = dt_text_layout_new (gtk_widget_get_pango_context (widget),
                                                    FALSE, TEXT_SCALE);
  g_autofree char *summary = dt_step_view_dup_summary (self);
  GdkRGBA fg, good, bad;
  double text_w, text_h, top, px, cell_w;
  int columns = 1;
  cairo_t *cr;

  if (width <= 2 * PAD || height <= 2 * PAD)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, "success_color", "#26a269", &good);
  lookup_color (widget, "error_color", "#c01c28", &bad);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pango_layout_set_width (bold, (width - 2 * PAD) * PANGO_SCALE);
  pango_layout_set_wrap (bold, PANGO_WRAP_WORD_CHAR);
  gdk_cairo_set_source_rgba (cr, &fg);
  dt_text_show (cr, bold, summary, PAD, PAD, 0, 0);
  measure_texts (self, width, &text_w, &text_h, &top);
  if (self->step != NULL && self->step->n > 0)
    {
      px = cell_scale (self, width, height, text_w, text_h, top, &columns);
      cell_w = MAX (NN_IMAGE_SIDE * px, text_w) + CELL_GAP;
      for (guint i = 0; i < self->step->n; i++)
        draw_cell (self, cr, text, i,
                   PAD + (i % columns) * cell_w + (cell_w - CELL_GAP - NN_IMAGE_SIDE * px) / 2,
                   top + (i / columns) * (NN_IMAGE_SIDE * px + TEXT_GAP + text_h + CELL_GAP),
                   px, &fg, &good, &bad);
    }
  cairo_destroy (cr);
}

static void
dt_step_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  DtStepView *self = DT_STEP_VIEW (widget);
  double text_w, text_h, top, scale = min_scale ();
  int rows, columns, width;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* one cell at the least; eight cells of 56-pixel digits a row at ease */
      measure_texts (self, -1, &text_w, &text_h, &top);
      *minimum = 2 * PAD + (int) ceil (MAX (NN_IMAGE_SIDE * scale, text_w));
      *natural = 2 * PAD + 8 * (int) ceil (MAX (NN_IMAGE_SIDE * 2 * scale, text_w) + CELL_GAP);
      return;
    }
  /* height for width: every cell at the smallest digit, so the pane can scroll to them */
  width = for_size > 0 ? for_size : 8 * NN_IMAGE_SIDE;
  measure_texts (self, width, &text_w, &text_h, &top);
  columns = columns_at (scale, width, text_w);
  rows = self->step == NULL ? 0 : (int) ((self->step->n + columns - 1) / columns);
  *minimum = *natural = (int) ceil (top + rows * (NN_IMAGE_SIDE * scale + TEXT_GAP + text_h +
                                                  CELL_GAP) + PAD);
}

static GtkSizeRequestMode
dt_step_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

void
dt_step_view_set_step (DtStepView          *self,
                       const DtTrainerStep *step)
{
  g_return_if_fail (DT_IS_STEP_VIEW (self));

  g_clear_pointer (&self->step, dt_trainer_step_free);
  g_clear_pointer (&self->digits, cairo_surface_destroy);
  if (step != NULL)
    {
      guint n = step->n;
      int stride;
      guint8 *data;

      self->step = g_new0 (DtTrainerStep, 1);
      *self->step = *step;
      self->step->images = g_memdup2 (step->images, (gsize) n * NN_IMAGE_PIXELS);
      self->step->labels = g_memdup2 (step->labels, n);
      self->step->before = g_memdup2 (step->before, n);
      self->step->after = g_memdup2 (step->after, n);
      self->digits = cairo_image_surface_create (CAIRO_FORMAT_A8, NN_IMAGE_SIDE * MAX (n, 1),
                                                 NN_IMAGE_SIDE);
      stride = cairo_image_surface_get_stride (self->digits);
      data = cairo_image_surface_get_data (self->digits);
      cairo_surface_flush (self->digits);
      for (guint i = 0; i < n; i++)
        for (int r = 0; r < NN_IMAGE_SIDE; r++)
          memcpy (data + r * stride + i * NN_IMAGE_SIDE,
                  step->images + (gsize) i * NN_IMAGE_PIXELS + r * NN_IMAGE_SIDE, NN_IMAGE_SIDE);
      cairo_surface_mark_dirty (self->digits);
    }
  /* the height follows the cells */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  {
    g_autofree char *summary = dt_step_view_dup_summary (self);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    summary, -1);
  }
}

static void
dt_step_view_dispose (GObject *object)
{
  DtStepView *self = DT_STEP_VIEW (object);

  g_clear_pointer (&self->step, dt_trainer_step_free);
  g_clear_pointer (&self->digits, cairo_surface_destroy);
  G_OBJECT_CLASS (dt_step_view_parent_class)->dispose (object);
}

static void
dt_step_view_class_init (DtStepViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_step_view_dispose;
  widget_class->snapshot = dt_step_view_snapshot;
  widget_class->measure = dt_step_view_measure;
  widget_class->get_request_mode = dt_step_view_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "stepview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_step_view_init (DtStepView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The latest step"), -1);
  dt_step_view_set_step (self, NULL);
}

GtkWidget *
dt_step_view_new (void)
{
  return g_object_new (DT_TYPE_STEP_VIEW, NULL);
}
