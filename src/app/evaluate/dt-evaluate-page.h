/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-evaluate-page.h — the Evaluate page: how good the network is and where it fails
 *
 * The confusion matrix of the test set (dt-confusion-view.h), updated with every
 * evaluation (dt-evaluator.h); clicking a cell, or All Mistakes (Ctrl+M), fills the
 * gallery with those test digits, the most confidently wrong first; selecting a digit shows
 * its ten probabilities and the evidence map of the answer (or of the digit chosen in the
 * bars).  Show on Draw Page emits "send-to-draw" (guint index into the test set).
 * Actions: evaluate.all-mistakes, evaluate.send-to-draw. */
#pragma once

#include <gtk/gtk.h>

#include "dt-confusion-view.h"
#include "dt-digit-gallery.h"
#include "dt-evaluator.h"
#include "dt-probability-bars.h"
#include "dt-signed-image.h"

G_BEGIN_DECLS

#define DT_TYPE_EVALUATE_PAGE (dt_evaluate_page_get_type ())
G_DECLARE_FINAL_TYPE (DtEvaluatePage, dt_evaluate_page, DT, EVALUATE_PAGE, GtkWidget)

GtkWidget         *dt_evaluate_page_new            (DtEvaluator    *evaluator);
DtEvaluator       *dt_evaluate_page_get_evaluator  (DtEvaluatePage *self);
/* The gallery shows the test digits of one cell, or every mistake. */
void               dt_evaluate_page_show_cell      (DtEvaluatePage *self,
                                                    int             true_digit,
                                                    int             prediction);
void               dt_evaluate_page_show_mistakes  (DtEvaluatePage *self);
/* The test digit whose detail is shown, or −1. */
int                dt_evaluate_page_get_digit      (DtEvaluatePage *self);
/* The line under the title: what was evaluated and how many digits it read right. */
const char        *dt_evaluate_page_get_state      (DtEvaluatePage *self);
DtConfusionView   *dt_evaluate_page_get_confusion  (DtEvaluatePage *self);
DtDigitGallery    *dt_evaluate_page_get_gallery    (DtEvaluatePage *self);
DtProbabilityBars *dt_evaluate_page_get_bars       (DtEvaluatePage *self);
DtSignedImage     *dt_evaluate_page_get_evidence   (DtEvaluatePage *self);

G_END_DECLS
