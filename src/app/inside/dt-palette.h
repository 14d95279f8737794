/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-palette.h — the diverging palette of the Inside, Evaluate and Draw pages' maps
 *
 * Signed values (weights, evidence) are drawn red for positive and blue for negative, with
 * an opacity that grows with |value| / scale: zero is the background itself, so the scale
 * is symmetric about zero and the maps read the same on a light and on a dark style.  The
 * red and blue are GNOME's, a darker shade on light backgrounds and a lighter one on dark
 * backgrounds.  An optional grey base (an input digit) is drawn under the colours in the
 * theme's foreground. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA  fg;         /* the theme's text colour */
  GdkRGBA  positive;   /* red */
  GdkRGBA  negative;   /* blue */
  gboolean dark;
} DtPalette;

void             dt_palette_init_from_widget (DtPalette       *palette,
                                              GtkWidget       *widget);
/* The colour of value on a scale (> 0): the sign's colour with alpha |value| / scale,
 * at most 1. */
void             dt_palette_color            (const DtPalette *palette,
                                              float            value,
                                              float            scale,
                                              GdkRGBA         *color);
/* rows × cols values (row-major) as an ARGB32 image, one pixel each, over base (nullable,
 * rows × cols in [0, 1]) drawn in the foreground at a third of its opacity. */
cairo_surface_t *dt_palette_image            (const DtPalette *palette,
                                              const float     *values,
                                              const float     *base,
                                              int              rows,
                                              int              cols,
                                              float            scale);
/* Paints image into the rectangle (x, y, width, height) with crisp (nearest) pixels. */
void             dt_palette_paint_image      (cairo_t         *cr,
                                              cairo_surface_t *image,
                                              double           x,
                                              double           y,
                                              double           width,
                                              double           height);
/* A 28 × 28 digit of bytes (0 paper … 255 ink) painted in ink into the square (x, y, side)
 * with crisp pixels: the theme's text colour on its background, in either style. */
void             dt_palette_paint_digit      (cairo_t         *cr,
                                              const guint8    *pixels,
                                              double           x,
                                              double           y,
                                              double           side,
                                              const GdkRGBA   *ink);
/* A horizontal legend in (x, y, width, height): a bar from −scale (blue) through 0 to
 * +scale (red) with the three values under it, in the layout's font; labels name the ends
 * when given ("against", "for"). */
void             dt_palette_draw_legend      (const DtPalette *palette,
                                              cairo_t         *cr,
                                              PangoLayout     *layout,
                                              double           x,
                                              double           y,
                                              double           width,
                                              double           height,
                                              float            scale,
                                              const char      *negative_label,
                                              const char      *positive_label);
/* A scale for a map whose few extreme values would wash the rest out (an evidence map): the
 * 95th percentile of the non-zero |values|, never below a tenth of the largest; 1 when all
 * are zero. */
float            dt_palette_robust_scale     (const float     *values,
                                              gsize            n);
/* "0.42" with three significant digits, "−" for negatives. */
char            *dt_palette_format_value     (float            value);

G_END_DECLS
