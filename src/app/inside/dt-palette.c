/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-palette"

#include "config.h"

#include "dt-palette.h"

#include <math.h>
#include <string.h>

#include "dt-curve-theme.h"
#include "dt-text.h"
#include "nn-eval.h"
#include "dt-zoom.h"

#define BASE_ALPHA   0.33   /* the input digit under a map: visible, never louder than it */
#define LEGEND_STEPS 64     /* colour stops across the legend's bar */
#define LEGEND_GAP   3.0    /* between the bar and its labels */
#define DIGIT_SIDE   28     /* MNIST's images */
#define ROBUST_PERCENTILE 0.95

void
dt_palette_init_from_widget (DtPalette *palette,
                             GtkWidget *widget)
{
  DtCurveTheme theme;

  dt_curve_theme_init_from_widget (&theme, widget);
  palette->fg = theme.fg;
  palette->dark = theme.dark;
  /* GNOME red 4 / blue 4 on light, red 2 / blue 2 on dark */
  gdk_rgba_parse (&palette->positive, theme.dark ? "#f66151" : "#c01c28");
  gdk_rgba_parse (&palette->negative, theme.dark ? "#62a0ea" : "#1c71d8");
}

void
dt_palette_color (const DtPalette *palette,
                  float            value,
                  float            scale,
                  GdkRGBA         *color)
{
  float a = scale > 0 ? MIN (fabsf (value) / scale, 1.0f) : 0.0f;

  *color = value >= 0 ? palette->positive : palette->negative;
  color->alpha = isfinite (a) ? a : 0.0f;
}

/* src over dst, both straight (not premultiplied) alpha */
static void
over (GdkRGBA       *dst,
      const GdkRGBA *src)
{
  float a = src->alpha + dst->alpha * (1 - src->alpha);

  if (a <= 0)
    {
      *dst = (GdkRGBA) { 0, 0, 0, 0 };
      return;
    }
  dst->red = (src->red * src->alpha + dst->red * dst->alpha * (1 - src->alpha)) / a;
  dst->green = (src->green * src->alpha + dst->green * dst->alpha * (1 - src->alpha)) / a;
  dst->blue = (src->blue * src->alpha + dst->blue * dst->alpha * (1 - src->alpha)) / a;
  dst->alpha = a;
}

static guint32
premultiplied_argb (const GdkRGBA *c)
{
  guint32 a = (guint32) lrintf (CLAMP (c->alpha, 0.0f, 1.0f) * 255);

  return a << 24 | (guint32) lrintf (c->red * a) << 16 | (guint32) lrintf (c->green * a) << 8 |
         (guint32) lrintf (c->blue * a);
}

cairo_surface_t *
dt_palette_image (const DtPalette *palette,
                  const float     *values,
                  const float     *base,
                  int              rows,
                  int              cols,
                  float            scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        GdkRGBA pixel = { 0, 0, 0, 0 }, colour;

        if (base != NULL)
          {
            pixel = palette->fg;
            pixel.alpha *= CLAMP (base[r * cols + c], 0.0f, 1.0f) * BASE_ALPHA;
          }
        dt_palette_color (palette, values[r * cols + c], scale, &colour);
        over (&pixel, &colour);
        ((guint32 *) (data + r * stride))[c] = premultiplied_argb (&pixel);
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
dt_palette_paint_image (cairo_t         *cr,
                        cairo_surface_t *image,
                        double           x,
                        double           y,
                        double           width,
                        double           height)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);

  if (w <= 0 || h <= 0 || width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width / w, height / h);
  cairo_set_source_surface (cr, image, 0, 0);
  /* one value a square, as the network sees its inputs */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
dt_palette_paint_digit (cairo_t       *cr,
                        const guint8  *pixels,
                        double         x,
                        double         y,
                        double         side,
                        const GdkRGBA *ink)
{
  const int n = DIGIT_SIDE;
  cairo_surface_t *mask = cairo_image_surface_create (CAIRO_FORMAT_A8, n, n);
  int stride = cairo_image_surface_get_stride (mask);
  cairo_pattern_t *pattern;
  guint8 *data;

  cairo_surface_flush (mask);
  data = cairo_image_surface_get_data (mask);
  for (int r = 0; r < n; r++)
    memcpy (data + r * stride, pixels + r * n, n);
  cairo_surface_mark_dirty (mask);
  cairo_save (cr);
  cairo_rectangle (cr, x, y, side, side);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, side / n, side / n);
  gdk_cairo_set_source_rgba (cr, ink);
  pattern = cairo_pattern_create_for_surface (mask);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_mask (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
  cairo_surface_destroy (mask);
}

float
dt_palette_robust_scale (const float *values,
                         gsize        n)
{
  static const double fraction[] = { ROBUST_PERCENTILE };
  g_autofree float *magnitudes = g_new (float, MAX (n, 1));
  float largest = 0, scale;
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (values[i] != 0 && isfinite (values[i]))
      {
        magnitudes[m++] = fabsf (values[i]);
        largest = MAX (largest, fabsf (values[i]));
      }
  if (m == 0)
    return 1;
  nn_percentiles (magnitudes, m, fraction, 1, &scale);
  return MAX (scale, largest / 10);
}

char *
dt_palette_format_value (float value)
{
  g_autofree char *text = g_strdup_printf ("%.3g", fabsf (value));

  if (value < 0 && g_strcmp0 (text, "0") != 0)
    return g_strconcat ("−", text, NULL);
  return g_steal_pointer (&text);
}

/* left, "0" and right in a row of width, the "0" centred, with a space's room between. */
static gboolean
labels_fit (PangoLayout *layout,
            const char  *left,
            const char  *right,
            double       width)
{
  double lw, rw, zw, space;

  dt_text_measure (layout, left, &lw, NULL);
  dt_text_measure (layout, right, &rw, NULL);
  dt_text_measure (layout, "0", &zw, NULL);
  dt_text_measure (layout, " ", &space, NULL);
  return MAX (lw, rw) + space <= (width - zw) / 2;
}

void
dt_palette_draw_legend (const DtPalette *palette,
                        cairo_t         *cr,
                        PangoLayout     *layout,
                        double           x,
                        double           y,
                        double           width,
                        double           height,
                        float            scale,
                        const char      *negative_label,
                        const char      *positive_label)
{
  g_autofree char *low = dt_palette_format_value (-scale);
  g_autofree char *high = dt_palette_format_value (scale);
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  double text_h, bar_h;

  dt_text_measure (layout, "0", NULL, &text_h);
  bar_h = height - text_h - LEGEND_GAP;
  if (width < 8 || bar_h < 2)
    return;
  for (int i = 0; i < LEGEND_STEPS; i++)
    {
      float v = scale * (2.0f * (i + 0.5f) / LEGEND_STEPS - 1.0f);
      GdkRGBA c;

      dt_palette_color (palette, v, scale, &c);
      gdk_cairo_set_source_rgba (cr, &c);
      cairo_rectangle (cr, x + width * i / LEGEND_STEPS, y, width / LEGEND_STEPS + 0.5, bar_h);
      cairo_fill (cr);
    }
  cairo_set_source_rgba (cr, palette->fg.red, palette->fg.green, palette->fg.blue,
                         palette->fg.alpha * 0.3);
  cairo_set_line_width (cr, dt_zoom_get ());
  cairo_rectangle (cr, round (x) + 0.5, round (y) + 0.5, round (width) - 1, round (bar_h) - 1);
  cairo_stroke (cr);
  left = negative_label != NULL ? g_strdup_printf ("%s %s", low, negative_label)
                                : g_strdup (low);
  right = positive_label != NULL ? g_strdup_printf ("%s %s", positive_label, high)
                                 : g_strdup (high);
  /* the words go when the three labels would not fit side by side */
  if (!labels_fit (layout, left, right, width))
    {
      g_free (left);
      g_free (right);
      left = g_strdup (low);
      right = g_strdup (high);
    }
  gdk_cairo_set_source_rgba (cr, &palette->fg);
  dt_text_show (cr, layout, left, x, y + bar_h + LEGEND_GAP, 0, 0);
  if (labels_fit (layout, left, right, width))
    dt_text_show (cr, layout, "0", x + width / 2, y + bar_h + LEGEND_GAP, 0.5, 0);
  dt_text_show (cr, layout, right, x + width, y + bar_h + LEGEND_GAP, 1, 0);
}
