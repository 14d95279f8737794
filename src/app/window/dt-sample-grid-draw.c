/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid-draw.c — DtSampleGrid's cells: their layout for the allocated size, each
 * image with its label, the network's guess and the one-hot row, and the tooltip over a
 * cell. */
#define G_LOG_DOMAIN "dt-sample-grid"

#include "config.h"

#include "dt-sample-grid-private.h"
#include "dt-zoom.h"

#include <glib/gi18n.h>

#include "dt-class-names.h"

#define GAP              8.0    /* between cells, both ways */
#define TEXT_H (18.0 * dt_zoom_get ())   /* the text line under an image: label and guess */
#define PAD              1.0    /* air around the text line */
#define MAX_SIDE         140.0  /* images grow no larger than this… */
#define MIN_SIDE         8.0    /* …nor smaller; below this nothing is drawn */
/* A cell's height per pixel of image side: the image itself (1), the one-hot row under the
 * text, ten square cells across the image's width (0.1), and room below that row (0.04).
 * The text line and its pads come on top. */
#define CELL_H_PER_SIDE  1.14
#define HAIRLINE_ALPHA   0.3    /* the frame that sets a black image off a dark background */
#define ONE_HOT_ALPHA    0.45   /* the outlines of the one-hot cells */
#define WRONG_FRAME_W    3.0    /* the red frame of a wrong guess */
#define MIN_INDEX_CELL   8.0    /* one-hot cells this wide (pixels) get their index written */
#define INDEX_TEXT       0.72   /* … in a font this share of the cell */
#define INDEX_ALPHA      0.6

/* Cell geometry for the current allocation. */
typedef struct
{
  int    cols;
  double side;      /* the image's side */
  double cell_w;
  double cell_h;
  double x0;
} Layout;

static Layout
compute_layout (int width,
                int height)
{
  /* column counts that fill every row of the twelve samples */
  static const int choices[] = { 2, 3, 4, 6, 12 };
  Layout best = { 4, 0, 0, 0, 0 };

  for (guint c = 0; c < G_N_ELEMENTS (choices); c++)
    {
      int cols = choices[c];
      int rows = (DT_SAMPLE_GRID_N_SAMPLES + cols - 1) / cols;
      double by_w = (width - GAP * (cols - 1)) / cols;
      /* a cell is the image, a text line and a one-hot row about a tenth of the side high */
      double by_h = ((height - GAP * (rows - 1)) / rows - TEXT_H - 4 * PAD) / CELL_H_PER_SIDE;
      double side = MIN (MIN (by_w, by_h), MAX_SIDE);

      if (side > best.side)
        {
          best.cols = cols;
          best.side = side;
        }
    }
  best.side = floor (MAX (best.side, MIN_SIDE));
  best.cell_w = best.side;
  /* the text line with a pad either side, two more under the one-hot row */
  best.cell_h = best.side * CELL_H_PER_SIDE + TEXT_H + 4 * PAD;
  best.x0 = floor ((width - (best.cols * best.cell_w + (best.cols - 1) * GAP)) / 2.0);
  best.x0 = MAX (best.x0, 0.0);
  return best;
}

static void
draw_image (cairo_t      *cr,
            const guint8 *pixels,
            int           rows,
            int           cols,
            double        x,
            double        y,
            double        side)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        guint8 v = pixels[r * cols + c];
        ((guint32 *) (data + r * stride))[c] = 0xff000000u | (v << 16) | (v << 8) | v;
      }
  cairo_surface_mark_dirty (surface);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, side / cols, side / rows);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* crisp pixels at any size, as the network sees them */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, cols, rows);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

/* The label's one-hot row: ten cells, the label's lit in the accent colour, each numbered
 * 0–9 when there is room for a digit, so nobody has to count cells. */
static void
draw_one_hot (cairo_t       *cr,
              GtkWidget     *widget,
              const GdkRGBA *fg,
              int            label,
              double         x,
              double         y,
              double         width)
{
  gboolean cells[NN_DATASET_CLASSES];
  double w = width / NN_DATASET_CLASSES;
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  PangoLayout *layout = NULL;
  GdkRGBA accent, on_accent;

  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  if (!gtk_style_context_lookup_color (style, "accent_fg_color", &on_accent))
    gdk_rgba_parse (&on_accent, "#ffffff");
  if (floor (w) - 1 >= MIN_INDEX_CELL)
    {
      PangoFontDescription *font = pango_font_description_new ();

      layout = gtk_widget_create_pango_layout (widget, NULL);
      pango_font_description_set_absolute_size (font, (floor (w) - 1) * INDEX_TEXT * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
    }
  dt_sample_grid_one_hot (label, cells);
  cairo_set_line_width (cr, dt_zoom_get ());
  for (int c = 0; c < NN_DATASET_CLASSES; c++)
    {
      double cx = floor (x + c * w), side = floor (w) - 1.0;

      cairo_rectangle (cr, cx + 0.5, floor (y) + 0.5, side, side);
      if (cells[c])
        {
          gdk_cairo_set_source_rgba (cr, &accent);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * ONE_HOT_ALPHA);
      cairo_stroke (cr);
      if (layout != NULL)
        {
          char digit[2] = { (char) ('0' + c), 0 };
          int tw, th;

          pango_layout_set_text (layout, digit, 1);
          pango_layout_get_pixel_size (layout, &tw, &th);
          if (cells[c])
            gdk_cairo_set_source_rgba (cr, &on_accent);
          else
            cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * INDEX_ALPHA);
          cairo_move_to (cr, cx + 0.5 + (side - tw) / 2, floor (y) + 0.5 + (side - th) / 2);
          pango_cairo_show_layout (cr, layout);
        }
    }
  g_clear_object (&layout);
}

static void
draw_text (cairo_t       *cr,
           GtkWidget     *widget,
           const char    *markup,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/* Whether markup, laid out in layout's font, is at most width pixels wide. */
static gboolean
fits (PangoLayout *layout,
      const char  *markup,
      double       width)
{
  int text_w;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &text_w, NULL);
  return text_w <= width;
}

/* The line under a sample: its label, and the network's prediction if any.  When that does
 * not fit (a zoomed window, a small screen), "5 → 3 ✗" without the word; when even that
 * does not (Fashion-MNIST's names), the label keeps its place with only the mark (the red
 * frame and the tooltip say the rest). */
char *
dt_sample_grid_cell_text (GtkWidget *widget,
                          int        label,
                          int        guess,
                          double     width)
{
  g_autoptr(PangoLayout) layout = NULL;
  const char *name = dt_class_name (label);
  gboolean right = guess == label;
  char *text;

  if (guess < 0)
    return g_markup_printf_escaped ("<b>%s</b>", name);
  layout = gtk_widget_create_pango_layout (widget, NULL);
  text = right
         ? g_markup_printf_escaped (
             /* Translators: under a sample: its label, then the network's prediction ("pred."
              * as in the lessons' y_pred), right */
             _("<b>%s</b>  <span foreground=\"#26a269\">pred. %s ✓</span>"), name,
             dt_class_name (guess))
         : g_markup_printf_escaped (
             /* Translators: under a sample: its label, then the network's prediction, wrong */
             _("<b>%s</b>  <span foreground=\"#e01b24\">pred. %s ✗</span>"), name,
             dt_class_name (guess));
  if (fits (layout, text, width))
    return text;
  g_free (text);
  /* narrower (a zoomed window, a small screen): the prediction without the word */
  text = g_markup_printf_escaped (right
                                  ? "<b>%s</b> <span foreground=\"#26a269\">→ %s ✓</span>"
                                  : "<b>%s</b> <span foreground=\"#e01b24\">→ %s ✗</span>",
                                  name, dt_class_name (guess));
  if (fits (layout, text, width))
    return text;
  g_free (text);
  return g_markup_printf_escaped (right
                                  ? "<b>%s</b>  <span foreground=\"#26a269\">✓</span>"
                                  : "<b>%s</b>  <span foreground=\"#e01b24\">✗</span>",
                                  name);
}

static void
draw_cell (DtSampleGrid    *self,
           cairo_t         *cr,
           const NnDataset *set,
           guint            i,
           double           x,
           double           y,
           double           side,
           const GdkRGBA   *fg)
{
  static const GdkRGBA bad = { 0.88, 0.11, 0.14, 1.0 };    /* GNOME red 3 */
  guint idx = self->indices[i];
  int label = set->labels[idx];
  int guess = self->predictions[i];
  g_autofree char *text = NULL;

  draw_image (cr, set->images + (gsize) idx * nn_dataset_image_size (set), set->rows, set->cols,
              x, y, side);
  /* a hairline keeps the black square apart from a dark background */
  cairo_set_line_width (cr, dt_zoom_get ());
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * HAIRLINE_ALPHA);
  cairo_rectangle (cr, floor (x) - 0.5, floor (y) - 0.5, side + 1.0, side + 1.0);
  cairo_stroke (cr);
  if (guess >= 0 && guess != label)
    {
      /* a wrong guess gets a red frame */
      cairo_set_line_width (cr, WRONG_FRAME_W * dt_zoom_get ());
      gdk_cairo_set_source_rgba (cr, &bad);
      cairo_rectangle (cr, x + WRONG_FRAME_W / 2, y + WRONG_FRAME_W / 2, side - WRONG_FRAME_W,
                       side - WRONG_FRAME_W);
      cairo_stroke (cr);
    }

  text = dt_sample_grid_cell_text (GTK_WIDGET (self), label, guess, side + GAP);
  draw_text (cr, GTK_WIDGET (self), text, fg, x - GAP / 2, y + side + PAD, side + GAP);
  draw_one_hot (cr, GTK_WIDGET (self), fg, label, x, y + side + TEXT_H + 2 * PAD, side);
}

void
dt_sample_grid_draw_cb (GtkDrawingArea *area,
                        cairo_t        *cr,
                        int             width,
                        int             height,
                        gpointer        user_data)
{
  DtSampleGrid *self = user_data;
  const NnDataset *set = dt_sample_grid_current_set (self);
  GdkRGBA fg;
  Layout l;

  if (set == NULL || set->n == 0 || width < MIN_SIDE || height < MIN_SIDE)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  l = compute_layout (width, height);
  for (guint i = 0; i < dt_sample_grid_n_shown (self); i++)
    {
      double x = l.x0 + (i % l.cols) * (l.cell_w + GAP);
      double y = (i / l.cols) * (l.cell_h + GAP);

      draw_cell (self, cr, set, i, x, y, l.side, &fg);
    }
}

gboolean
dt_sample_grid_query_tooltip_cb (GtkWidget    *area,
                                 int           x,
                                 int           y,
                                 gboolean      keyboard,
                                 GtkTooltip   *tooltip,
                                 DtSampleGrid *self)
{
  const NnDataset *set = dt_sample_grid_current_set (self);
  Layout l;
  int col, row;
  guint i;
  g_autofree char *one_hot = NULL;
  g_autofree char *text = NULL;

  if (set == NULL || keyboard)
    return FALSE;
  l = compute_layout (gtk_widget_get_width (area), gtk_widget_get_height (area));
  col = (int) floor ((x - l.x0) / (l.cell_w + GAP));
  row = (int) floor (y / (l.cell_h + GAP));
  if (x < l.x0 || col < 0 || col >= l.cols || row < 0)
    return FALSE;
  i = (guint) (row * l.cols + col);
  if (i >= dt_sample_grid_n_shown (self))
    return FALSE;

  one_hot = dt_sample_grid_one_hot_text (set->labels[self->indices[i]]);
  if (self->predictions[i] >= 0)
    text = g_strdup_printf (_("Sample %u: label %s\nOne-hot: %s\nNetwork's guess: %s"),
                            self->indices[i], dt_class_name (set->labels[self->indices[i]]),
                            one_hot, dt_class_name (self->predictions[i]));
  else
    text = g_strdup_printf (_("Sample %u: label %s\nOne-hot: %s"),
                            self->indices[i], dt_class_name (set->labels[self->indices[i]]),
                            one_hot);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
