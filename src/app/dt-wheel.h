/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-wheel.h — the mouse wheel scrolls a panel of sliders instead of moving the slider that
 * happens to pass under the pointer (a value changed by scrolling past it is a value nobody
 * chose).  Dragging, clicking and the keyboard still move a slider. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Wheel events over a GtkRange inside sw scroll sw; elsewhere sw scrolls as usual. */
void     dt_wheel_scrolls_past_sliders (GtkScrolledWindow *sw);
/* Whether (x, y), in sw's coordinates, is over a slider: where the wheel scrolls sw. */
gboolean dt_wheel_is_over_slider       (GtkScrolledWindow *sw,
                                        double             x,
                                        double             y);

G_END_DECLS
