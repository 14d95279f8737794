/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-inside-page.h — the Inside page: what the hidden units learned
 *
 * Every hidden unit's first-layer weights as a 28 × 28 image (dt-weight-grid.h) and the
 * second layer as a units × digits heat map (dt-layer2-map.h), from the trainer's weight
 * snapshots as they are published (the untrained weights before the first step).  While
 * the page is not on screen it only notes that the weights changed.  The selected unit is
 * shown large with its weights to each digit and the 16 test digits that excite it most
 * (from the latest evaluation, dt-evaluator.h). */
#pragma once

#include <gtk/gtk.h>

#include "dt-digit-gallery.h"
#include "dt-evaluator.h"
#include "dt-layer2-map.h"
#include "dt-signed-bars.h"
#include "dt-signed-image.h"
#include "dt-weight-grid.h"

G_BEGIN_DECLS

#define DT_TYPE_INSIDE_PAGE (dt_inside_page_get_type ())
G_DECLARE_FINAL_TYPE (DtInsidePage, dt_inside_page, DT, INSIDE_PAGE, GtkWidget)

GtkWidget      *dt_inside_page_new            (DtEvaluator  *evaluator);
DtWeightGrid   *dt_inside_page_get_grid       (DtInsidePage *self);
DtLayer2Map    *dt_inside_page_get_layer2     (DtInsidePage *self);
DtSignedImage  *dt_inside_page_get_unit_image (DtInsidePage *self);
DtSignedBars   *dt_inside_page_get_unit_bars  (DtInsidePage *self);
DtDigitGallery *dt_inside_page_get_top_digits (DtInsidePage *self);
/* Weight updates taken from the trainer (tests and measurement). */
guint           dt_inside_page_get_n_updates  (DtInsidePage *self);

G_END_DECLS
