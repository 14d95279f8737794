/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-painter.c — fonts, colours and text placement for the curve drawing code */
#define G_LOG_DOMAIN "dt-curve-painter"

#include "config.h"

#include "dt-curve-painter.h"

#include <math.h>

#include "dt-curve-run.h"
#include "dt-text.h"

/* Markers and value labels sit on the curves: a smaller font keeps them out of the way. */
#define SMALL_SCALE  0.9
/* Padding around the chart, in text lines. */
#define PAD_LINES    0.75
/* A halo reaches this far around its text, and hides most of what is under it. */
#define HALO_X       3
#define HALO_Y       1
#define HALO_ALPHA   0.85

void
dt_curve_painter_set_color (cairo_t       *cr,
                            const GdkRGBA *rgba,
                            double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
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
  dt_curve_painter_set_color (p->cr, color, alpha);
  dt_text_show (p->cr, layout, text, x, y, xalign, yalign);
}

void
dt_curve_painter_fill_halo (DtCurvePainter *p,
                            double          x,
                            double          y,
                            double          w,
                            double          h)
{
  dt_curve_painter_set_color (p->cr, &p->theme->bg, HALO_ALPHA);
  cairo_rectangle (p->cr, x - DT_CURVE_PX (p, HALO_X), y - DT_CURVE_PX (p, HALO_Y),
                   w + 2 * DT_CURVE_PX (p, HALO_X), h + 2 * DT_CURVE_PX (p, HALO_Y));
  cairo_fill (p->cr);
}

void
dt_curve_painter_init (DtCurvePainter     *p,
                       cairo_t            *cr,
                       PangoContext       *pango,
                       const DtCurveTheme *theme,
                       double              zoom)
{
  p->cr = cr;
  p->theme = theme;
  p->zoom = zoom > 0 ? zoom : 1;
  p->text = dt_text_layout_new (pango, FALSE, 1);
  p->bold = dt_text_layout_new (pango, TRUE, 1);
  p->small = dt_text_layout_new (pango, FALSE, SMALL_SCALE);
  dt_text_measure (p->text, "0", NULL, &p->line);
  p->pad = round (PAD_LINES * p->line);
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
