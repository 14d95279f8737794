/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-activation-strip.h — the hidden layer's H activations for one input, as a strip of
 * cells (wrapped into rows when H is large): the brighter, the more active; a unit the ReLU
 * switched off is an empty cell.  Hover for a unit's value. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_ACTIVATION_STRIP (dt_activation_strip_get_type ())
G_DECLARE_FINAL_TYPE (DtActivationStrip, dt_activation_strip, DT, ACTIVATION_STRIP, GtkWidget)

GtkWidget   *dt_activation_strip_new        (void);
/* n activations (≥ 0, copied), or NULL. */
void         dt_activation_strip_set_values (DtActivationStrip *self,
                                             const float       *values,
                                             int                n);
const float *dt_activation_strip_get_values (DtActivationStrip *self,
                                             int               *n);
/* Units with a positive activation. */
int          dt_activation_strip_get_n_active (DtActivationStrip *self);

G_END_DECLS
