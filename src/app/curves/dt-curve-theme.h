/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-theme.h — the colours the curves are drawn in, taken from the widget's style
 *
 * Text, axes and grid use the theme's foreground with alpha; the series take GNOME palette
 * colours in a shade that keeps its contrast on a light and on a dark background.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-run.h"

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA  fg;               /* theme foreground: text, axes, grid (with alpha) */
  GdkRGBA  bg;               /* background the curves sit on (estimated in the widget) */
  gboolean dark;             /* light text on a dark background */
  gboolean fill_background;  /* exports paint bg; the widget leaves it to its parent */
} DtCurveTheme;

/* Derives bg, dark and the series colours' variant from the foreground colour. */
void dt_curve_theme_init              (DtCurveTheme       *theme,
                                       const GdkRGBA      *fg);
/* The theme of the widget's style: its foreground, and the background it sits on when the
 * style names one.  Outside a window, the foreground the app's style would give. */
void dt_curve_theme_init_from_widget  (DtCurveTheme       *theme,
                                       GtkWidget          *widget);
/* The colour of a run: the current run's accent, or its dimmed palette slot. */
void dt_curve_theme_run_color         (const DtCurveTheme *theme,
                                       const DtCurveRun   *run,
                                       gboolean            current,
                                       GdkRGBA            *color);
void dt_curve_theme_test_color        (const DtCurveTheme *theme,
                                       GdkRGBA            *color);
/* The validation series and the best-epoch marker: teal, apart from the runs' colours. */
void dt_curve_theme_val_color         (const DtCurveTheme *theme,
                                       GdkRGBA            *color);

G_END_DECLS
