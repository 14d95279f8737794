/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-text.h"

#include <math.h>

PangoLayout *
dt_text_layout_new (PangoContext *pango,
                    gboolean      bold,
                    double        scale)
{
  PangoLayout *layout;
  const PangoFontDescription *base;
  PangoFontDescription *font;

  g_return_val_if_fail (PANGO_IS_CONTEXT (pango), NULL);

  layout = pango_layout_new (pango);
  /* The plain font is the context's own: nothing to override. */
  if (!bold && scale == 1)
    return layout;

  base = pango_context_get_font_description (pango);
  font = pango_font_description_copy (base);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (scale != 1)
    {
      double size = pango_font_description_get_size (base) * scale;

      if (pango_font_description_get_size_is_absolute (base))
        pango_font_description_set_absolute_size (font, size);
      else
        pango_font_description_set_size (font, (int) size);
    }
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

void
dt_text_measure (PangoLayout *layout,
                 const char  *text,
                 double      *width,
                 double      *height)
{
  int w, h;

  g_return_if_fail (PANGO_IS_LAYOUT (layout));
  g_return_if_fail (text != NULL);

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

void
dt_text_show (cairo_t     *cr,
              PangoLayout *layout,
              const char  *text,
              double       x,
              double       y,
              double       xalign,
              double       yalign)
{
  double w, h;

  dt_text_measure (layout, text, &w, &h);
  cairo_move_to (cr, round (x - xalign * w), round (y - yalign * h));
  pango_cairo_show_layout (cr, layout);
}

void
dt_text_append (GtkSnapshot   *snapshot,
                PangoLayout   *layout,
                const char    *text,
                double         x,
                double         y,
                double         xalign,
                double         yalign,
                const GdkRGBA *color)
{
  double w, h;

  dt_text_measure (layout, text, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - xalign * w, y - yalign * h));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}
