/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-painter.c — fonts, colours and text placement for the curve drawing code */
#define G_LOG_DOMAIN "dt-curve-painter"

#include "config.h"

#include "dt-curve-painter.h"

#include <math.h>

void
dt_curve_painter_set_color (cairo_t       *cr,
                            const GdkRGBA *rgba,
                            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

void
dt_curve_painter_text_size (PangoLayout *layout,
                            const char  *text,
                            double      *width,
                            double      *height)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

void
dt_curve_painter_draw_text (DtCurvePainter *p,
                            PangoLayout    *layout,
                            const char     *text,
                            double          x,
                            double          y,
                            double          xalign,
                            double          yalign,
                            const GdkRGBA  *color,
                            double          alpha)
{
  double w, h;

  dt_curve_painter_text_size (layout, text, &w, &h);
  cairo_move_to (p->cr, round (x - xalign * w), round (y - yalign * h));
  dt_curve_painter_set_color (p->cr, color, alpha);
  pango_cairo_show_layout (p->cr, layout);
}

void
dt_curve_painter_fill_halo (DtCurvePainter *p,
                            double          x,
                            double          y,
                            double          w,
                            double          h)
{
  dt_curve_painter_set_color (p->cr, &p->theme->bg, 0.85);
  cairo_rectangle (p->cr, x - 3, y - 1, w + 6, h + 2);
  cairo_fill (p->cr);
}

void
dt_curve_painter_init (DtCurvePainter     *p,
                       cairo_t            *cr,
                       PangoContext       *pango,
                       const DtCurveTheme *theme)
{
  const PangoFontDescription *base = pango_context_get_font_description (pango);
  g_autoptr(PangoFontDescription) bold = pango_font_description_copy (base);
  g_autoptr(PangoFontDescription) small = pango_font_description_copy (base);

  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  /* The widget's font may carry an absolute (pixel) size; keep its kind when scaling. */
  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (small, pango_font_description_get_size (base) * 0.9);
  else
    pango_font_description_set_size (small, pango_font_description_get_size (base) * 0.9);

  p->cr = cr;
  p->theme = theme;
  p->text = pango_layout_new (pango);
  p->bold = pango_layout_new (pango);
  pango_layout_set_font_description (p->bold, bold);
  p->small = pango_layout_new (pango);
  pango_layout_set_font_description (p->small, small);
  dt_curve_painter_text_size (p->text, "0", NULL, &p->line);
  p->pad = round (0.75 * p->line);
  p->scratch = g_array_new (FALSE, FALSE, sizeof (DtCurveVertex));
  p->band = g_array_new (FALSE, FALSE, sizeof (DtCurveBand));
}

void
dt_curve_painter_clear (DtCurvePainter *p)
{
  g_clear_object (&p->text);
  g_clear_object (&p->bold);
  g_clear_object (&p->small);
  g_clear_pointer (&p->scratch, g_array_unref);
  g_clear_pointer (&p->band, g_array_unref);
}
