/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-signed-image"

#include "config.h"

#include "dt-signed-image.h"

#include <string.h>

#include "dt-palette.h"
#include "dt-text.h"
#include "nn-eval.h"
#include "dt-zoom.h"

#define SIDE          DT_SIGNED_IMAGE_SIDE
#define PIXELS        (SIDE * SIDE)
#define LEGEND_H_TEXT 2.2    /* the legend: its bar and labels, in text lines */
#define LEGEND_GAP    6.0
#define FRAME_ALPHA   0.3f
#define MIN_CELL      2      /* size requests, in screen pixels per value */
#define NATURAL_CELL  5

struct _DtSignedImage
{
  GtkWidget        parent_instance;

  gboolean         has_values;
  gboolean         has_base;
  float            values[PIXELS];
  float            base[PIXELS];
  float            scale;
  char            *negative_label;
  char            *positive_label;
  cairo_surface_t *image;     /* built on demand; dropped when the values or style change */
};

G_DEFINE_FINAL_TYPE (DtSignedImage, dt_signed_image, GTK_TYPE_WIDGET)

static void
dt_signed_image_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  DtSignedImage *self = DT_SIGNED_IMAGE (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double line_h, legend_h, side, ox;
  DtPalette palette;
  GdkRGBA frame;
  cairo_t *cr;

  dt_text_measure (layout, "0", NULL, &line_h);
  legend_h = line_h * LEGEND_H_TEXT;
  side = MIN (w, h - legend_h - LEGEND_GAP);
  /* whole pixels per value when there is room, so every square is the same */
  if (side >= SIDE)
    side = floor (side / SIDE) * SIDE;
  if (side < SIDE / 2.0)
    return;
  ox = floor ((w - side) / 2);
  dt_palette_init_from_widget (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (self->has_values)
    {
      if (self->image == NULL)
        self->image = dt_palette_image (&palette, self->values,
                                        self->has_base ? self->base : NULL, SIDE, SIDE,
                                        self->scale);
      dt_palette_paint_image (cr, self->image, ox, 0, side, side);
      dt_palette_draw_legend (&palette, cr, layout, ox, side + LEGEND_GAP, side, legend_h,
                              self->scale, self->negative_label, self->positive_label);
    }
  frame = palette.fg;
  frame.alpha *= FRAME_ALPHA;
  gdk_cairo_set_source_rgba (cr, &frame);
  cairo_set_line_width (cr, dt_zoom_get ());
  cairo_rectangle (cr, ox + 0.5, 0.5, side - 1, side - 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
dt_signed_image_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  double line_h;
  int extra;

  dt_text_measure (layout, "0", NULL, &line_h);
  extra = orientation == GTK_ORIENTATION_VERTICAL ? (int) (line_h * LEGEND_H_TEXT + LEGEND_GAP)
                                                  : 0;
  *minimum = SIDE * MIN_CELL + extra;
  *natural = SIDE * NATURAL_CELL + extra;
}

static void
drop_image (DtSignedImage *self)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dt_signed_image_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dt_signed_image_parent_class)->css_changed (widget, change);
  /* the palette follows the style: light or dark */
  drop_image (DT_SIGNED_IMAGE (widget));
}

static void
dt_signed_image_finalize (GObject *object)
{
  DtSignedImage *self = DT_SIGNED_IMAGE (object);

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_free (self->negative_label);
  g_free (self->positive_label);
  G_OBJECT_CLASS (dt_signed_image_parent_class)->finalize (object);
}

static void
dt_signed_image_class_init (DtSignedImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dt_signed_image_finalize;
  widget_class->snapshot = dt_signed_image_snapshot;
  widget_class->measure = dt_signed_image_measure;
  widget_class->css_changed = dt_signed_image_css_changed;
  gtk_widget_class_set_css_name (widget_class, "signedimage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_signed_image_init (DtSignedImage *self)
{
  self->scale = 1.0f;
}

GtkWidget *
dt_signed_image_new (void)
{
  return g_object_new (DT_TYPE_SIGNED_IMAGE, NULL);
}

void
dt_signed_image_set_values (DtSignedImage *self,
                            const float   *values,
                            const float   *base,
                            float          scale)
{
  g_return_if_fail (DT_IS_SIGNED_IMAGE (self));

  self->has_values = values != NULL;
  self->has_base = values != NULL && base != NULL;
  if (values != NULL)
    {
      memcpy (self->values, values, sizeof self->values);
      if (base != NULL)
        memcpy (self->base, base, sizeof self->base);
      if (!(scale > 0))
        scale = nn_max_abs (values, PIXELS);
      self->scale = scale > 0 ? scale : 1.0f;
    }
  drop_image (self);
}

const float *
dt_signed_image_get_values (DtSignedImage *self)
{
  g_return_val_if_fail (DT_IS_SIGNED_IMAGE (self), NULL);
  return self->has_values ? self->values : NULL;
}

float
dt_signed_image_get_scale (DtSignedImage *self)
{
  g_return_val_if_fail (DT_IS_SIGNED_IMAGE (self), 0);
  return self->scale;
}

void
dt_signed_image_set_legend (DtSignedImage *self,
                            const char    *negative,
                            const char    *positive)
{
  g_return_if_fail (DT_IS_SIGNED_IMAGE (self));
  g_free (self->negative_label);
  g_free (self->positive_label);
  self->negative_label = g_strdup (negative);
  self->positive_label = g_strdup (positive);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
