/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-digit-preview"

#include "config.h"

#include "dt-digit-preview.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "nn-preprocess.h"

#define SIDE NN_IMAGE_SIDE
/* MNIST fits each digit in a 20 × 20 box centred (by mass) in the 28 × 28 image. */
#define MNIST_BOX        20
#define MNIST_BOX_OFFSET ((SIDE - MNIST_BOX) / 2)
/* The frame shows the input's border; the box inside it is fainter. */
#define FRAME_ALPHA      0.3f
#define BOX_ALPHA        0.12f
/* Size requests, in input pixels drawn this many screen pixels wide. */
#define MIN_CELL         2
#define NATURAL_CELL     5

struct _DtDigitPreview
{
  GtkWidget        parent_instance;

  gboolean         has_input;
  float            input[NN_IMAGE_PIXELS];
  cairo_surface_t *pixels;          /* A8, SIDE × SIDE, built from input on demand */
};

G_DEFINE_FINAL_TYPE (DtDigitPreview, dt_digit_preview, GTK_TYPE_WIDGET)

static cairo_surface_t *
make_pixels (const float *input)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, SIDE, SIDE);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      data[y * stride + x] = (guint8) lrintf (CLAMP (input[y * SIDE + x], 0.0f, 1.0f) * 255);
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
append_frame (GtkSnapshot   *snapshot,
              double         x,
              double         y,
              double         size,
              const GdkRGBA *colour)
{
  GskRoundedRect rect;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, size, size), 0);
  gtk_snapshot_append_border (snapshot, &rect, widths, colours);
}

static void
dt_digit_preview_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DtDigitPreview *self = DT_DIGIT_PREVIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  /* whole device pixels per input pixel when there is room, so every square is the same */
  int scale = gtk_widget_get_scale_factor (widget);
  double cell = MIN (w, h) >= SIDE ? floor (MIN (w, h) * scale / (double) SIDE) / scale
                                   : MIN (w, h) / (double) SIDE;
  double size = cell * SIDE;
  double ox = floor ((w - size) / 2), oy = floor ((h - size) / 2);
  GdkRGBA fg, frame, box;
  cairo_t *cr;

  if (size < 1)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  frame = box = fg;
  frame.alpha *= FRAME_ALPHA;
  box.alpha *= BOX_ALPHA;

  if (self->has_input)
    {
      cairo_pattern_t *mask;

      if (self->pixels == NULL)
        self->pixels = make_pixels (self->input);
      mask = cairo_pattern_create_for_surface (self->pixels);
      cairo_pattern_set_filter (mask, CAIRO_FILTER_NEAREST);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (ox, oy, size, size));
      cairo_translate (cr, ox, oy);
      cairo_scale (cr, cell, cell);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_mask (cr, mask);
      cairo_pattern_destroy (mask);
      cairo_destroy (cr);
    }
  append_frame (snapshot, ox + MNIST_BOX_OFFSET * cell, oy + MNIST_BOX_OFFSET * cell,
                MNIST_BOX * cell, &box);
  append_frame (snapshot, ox, oy, size, &frame);
}

static void
dt_digit_preview_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = SIDE * MIN_CELL;
  *natural = SIDE * NATURAL_CELL;
}

static void
dt_digit_preview_finalize (GObject *object)
{
  DtDigitPreview *self = DT_DIGIT_PREVIEW (object);

  g_clear_pointer (&self->pixels, cairo_surface_destroy);
  G_OBJECT_CLASS (dt_digit_preview_parent_class)->finalize (object);
}

static void
dt_digit_preview_class_init (DtDigitPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dt_digit_preview_finalize;
  widget_class->snapshot = dt_digit_preview_snapshot;
  widget_class->measure = dt_digit_preview_measure;
  gtk_widget_class_set_css_name (widget_class, "digitpreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_digit_preview_init (DtDigitPreview *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the network sees: the drawing as 28 × 28 pixels"),
                                  -1);
}

GtkWidget *
dt_digit_preview_new (void)
{
  return g_object_new (DT_TYPE_DIGIT_PREVIEW, NULL);
}

void
dt_digit_preview_set_input (DtDigitPreview *self,
                            const float    *input)
{
  g_return_if_fail (DT_IS_DIGIT_PREVIEW (self));

  if (input == NULL && !self->has_input)
    return;
  if (input != NULL && self->has_input && memcmp (input, self->input, sizeof self->input) == 0)
    return;
  self->has_input = input != NULL;
  if (input != NULL)
    memcpy (self->input, input, sizeof self->input);
  g_clear_pointer (&self->pixels, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const float *
dt_digit_preview_get_input (DtDigitPreview *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_PREVIEW (self), NULL);

  return self->has_input ? self->input : NULL;
}
