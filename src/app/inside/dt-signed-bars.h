/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-signed-bars.h — ten signed values as bars from a centre line, one row per digit 0–9:
 * right and red for positive, left and blue for negative (dt-palette.h), each value
 * written at its bar's end.  The Inside page's "weights of a unit to each digit". */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_SIGNED_BARS (dt_signed_bars_get_type ())
G_DECLARE_FINAL_TYPE (DtSignedBars, dt_signed_bars, DT, SIGNED_BARS, GtkWidget)

#define DT_SIGNED_BARS_N 10

GtkWidget *dt_signed_bars_new        (void);
/* values (10, copied) on a symmetric scale (> 0; 0 picks their largest |value|), or NULL. */
void       dt_signed_bars_set_values (DtSignedBars *self,
                                      const float  *values,
                                      float         scale);
gboolean   dt_signed_bars_get_values (DtSignedBars *self,
                                      float        *values);

G_END_DECLS
