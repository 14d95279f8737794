/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-text.h — text in the custom-drawn widgets: layouts in the widget's font, their size,
 * and text placed by its box, drawn with Cairo or appended to a GtkSnapshot
 *
 * A layout is made once per draw and reused for every label: setting new text on it is
 * cheaper than a new layout per label, and measuring and drawing then agree.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A layout in the context's font (gtk_widget_get_pango_context() for a widget), bold or
 * not, its size multiplied by `scale` (1 keeps it; an absolute pixel size stays absolute). */
PangoLayout *dt_text_layout_new  (PangoContext  *pango,
                                  gboolean       bold,
                                  double         scale);
/* Sets text on the layout and gives its size in pixels; width or height may be NULL. */
void         dt_text_measure     (PangoLayout   *layout,
                                  const char    *text,
                                  double        *width,
                                  double        *height);
/* Draws text in the Cairo source with its box aligned at (x, y) — xalign, yalign 0 for the
 * left or top edge, 1 for the right or bottom one — moved to whole pixels, so it is crisp. */
void         dt_text_show        (cairo_t       *cr,
                                  PangoLayout   *layout,
                                  const char    *text,
                                  double         x,
                                  double         y,
                                  double         xalign,
                                  double         yalign);
/* Appends text in `color` with its box aligned at (x, y) as above, at that exact position. */
void         dt_text_append      (GtkSnapshot   *snapshot,
                                  PangoLayout   *layout,
                                  const char    *text,
                                  double         x,
                                  double         y,
                                  double         xalign,
                                  double         yalign,
                                  const GdkRGBA *color);

G_END_DECLS
