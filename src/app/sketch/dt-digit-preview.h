/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The 28×28 input the network receives, drawn large with square, crisp pixels
 * (CAIRO_FILTER_NEAREST) in the theme's foreground colour, with a frame showing the
 * 28×28 border and a faint 20×20 box where MNIST puts the ink. */

#define DT_TYPE_DIGIT_PREVIEW (dt_digit_preview_get_type ())
G_DECLARE_FINAL_TYPE (DtDigitPreview, dt_digit_preview, DT, DIGIT_PREVIEW, GtkWidget)

GtkWidget   *dt_digit_preview_new       (void);
/* input: 28·28 floats in [0, 1], copied; NULL shows an empty frame. */
void         dt_digit_preview_set_input (DtDigitPreview *self,
                                         const float    *input);
/* The input shown, or NULL when empty. */
const float *dt_digit_preview_get_input (DtDigitPreview *self);

G_END_DECLS
