/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-zoom.h — the presentation zoom: one factor for the whole application, for projectors
 *
 * How every widget follows it:
 * - Text.  The zoom multiplies the resolution GTK lays text out at (GtkSettings:gtk-xft-dpi,
 *   from the desktop's own value), so every font grows with it: labels, buttons, sizes that
 *   CSS gives in pt, and any text a drawn widget lays out in its widget's Pango context
 *   (gtk_widget_get_pango_context (), gtk_widget_create_pango_layout (), dt-text.h).  Such
 *   widgets get a style change (css-changed) and should drop what they cached and redraw.
 * - Lines, markers, gaps.  A drawn widget multiplies its pixel constants (line widths, dot
 *   radii, dash lengths, padding) by dt_zoom_get () when it draws; nothing else is needed,
 *   since the style change above already makes it redraw.
 * Icons and the window's own size do not change. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_ZOOM_MIN 0.5
#define DT_ZOOM_MAX 3.0

/* 1 is 100 %; clamped to [DT_ZOOM_MIN, DT_ZOOM_MAX]. */
void   dt_zoom_set   (double factor);
double dt_zoom_get   (void);
/* The next zoom level in (direction > 0) or out (< 0) from factor: 100, 110, 125, 150, 175,
 * 200, 250, 300 % and 90, 75, 50 % below 100. */
double dt_zoom_step  (double factor,
                      int    direction);

G_END_DECLS
