/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-signed-image.h — one 28 × 28 map of signed values in the diverging palette, with its
 * legend: a hidden unit's first-layer weights, or an evidence map over the input digit
 * (dt-palette.h).  Nothing is drawn but an empty frame until values are set. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_SIGNED_IMAGE (dt_signed_image_get_type ())
G_DECLARE_FINAL_TYPE (DtSignedImage, dt_signed_image, DT, SIGNED_IMAGE, GtkWidget)

#define DT_SIGNED_IMAGE_SIDE 28

GtkWidget   *dt_signed_image_new         (void);
/* values (28 × 28, copied) on a symmetric scale (> 0; 0 picks their largest |value|), over
 * base (nullable, 28 × 28 in [0, 1], copied); NULL values clears the map. */
void         dt_signed_image_set_values  (DtSignedImage *self,
                                          const float   *values,
                                          const float   *base,
                                          float          scale);
/* The values shown, or NULL. */
const float *dt_signed_image_get_values  (DtSignedImage *self);
float        dt_signed_image_get_scale   (DtSignedImage *self);
/* What the legend's ends say ("against", "for"); NULL for plain numbers. */
void         dt_signed_image_set_legend  (DtSignedImage *self,
                                          const char    *negative,
                                          const char    *positive);

G_END_DECLS
