/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-painter.h — shared state and text helpers of the curve drawing code (internal) */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-theme.h"

G_BEGIN_DECLS

/* The raw trace is a texture behind the smoothed line; dark backgrounds need a bit more, and
 * a washed-out projector much more (the high-contrast band). */
#define DT_CURVE_RAW_ALPHA(theme)    ((theme)->dark ? 0.40 : 0.30)
#define DT_CURVE_RAW_ALPHA_HIGH      0.70
/* Earlier runs are dimmed and thinner, under the current run. */
#define DT_CURVE_EARLIER_ALPHA       0.60
#define DT_CURVE_CURRENT_LINE_WIDTH  2.5
#define DT_CURVE_EARLIER_LINE_WIDTH  1.75

typedef struct
{
  cairo_t            *cr;
  PangoLayout        *text;     /* tick labels, legend */
  PangoLayout        *bold;     /* titles */
  PangoLayout        *small;    /* markers, value labels */
  const DtCurveTheme *theme;
  double              zoom;     /* dt-zoom.h: every pixel length below is multiplied by it */
  gboolean            high_contrast;   /* the per-batch band drawn stronger */
  double              line;     /* height of one line of `text` */
  double              pad;
  GArray             *scratch;  /* DtCurveVertex, reused between series */
  GArray             *band;     /* DtCurveBand, likewise */
} DtCurvePainter;

/* A length in pixels at the painter's zoom. */
#define DT_CURVE_PX(p, length) ((length) * (p)->zoom)

/* zoom <= 0 counts as 1. */
void   dt_curve_painter_init             (DtCurvePainter        *p,
                                          cairo_t               *cr,
                                          PangoContext          *pango,
                                          const DtCurveTheme    *theme,
                                          double                 zoom);
void   dt_curve_painter_clear            (DtCurvePainter        *p);
void   dt_curve_painter_set_color        (cairo_t               *cr,
                                          const GdkRGBA         *rgba,
                                          double                 alpha);
/* Draws text with its box aligned at (x, y): xalign/yalign 0 = left/top, 1 = right/bottom. */
void   dt_curve_painter_draw_text        (DtCurvePainter        *p,
                                          PangoLayout           *layout,
                                          const char            *text,
                                          double                 x,
                                          double                 y,
                                          double                 xalign,
                                          double                 yalign,
                                          const GdkRGBA         *color,
                                          double                 alpha);
/* A background-coloured box behind a label that sits on top of curves. */
void   dt_curve_painter_fill_halo        (DtCurvePainter        *p,
                                          double                 x,
                                          double                 y,
                                          double                 w,
                                          double                 h);

G_END_DECLS
