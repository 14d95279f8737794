/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "nn-dataset.h"
#include "dt-activation-strip.h"
#include "dt-digit-preview.h"
#include "dt-probability-bars.h"
#include "dt-signed-image.h"
#include "dt-sketchpad.h"
#include "nn.h"

G_BEGIN_DECLS

/* The sketchpad side of the window: the drawing sheet with Undo, Clear and the pen's width,
 * the 28×28 input the network receives, its ten probabilities (the untrained network's
 * too, marked as guesses), the hidden units' activations, the evidence map of the answer
 * (or of the digit clicked in the bars), and "Add to Training Set" for a drawing it got
 * wrong.  It classifies with its own copy of the weights (set_network), so it never reads
 * weights a training run is writing.  A test digit sent from the Evaluate page
 * (show_digit) takes the drawing's place until the user draws again.
 *
 * Signal "sample-added" (guint label): a drawing was saved to the user samples; the set
 * (dt_sketch_panel_dup_user_samples) should join the next training run.
 * Actions: sketch.undo (Ctrl+Z), sketch.clear (Delete, BackSpace), sketch.add-sample(i),
 * sketch.thinner ([) and sketch.thicker (]) for the pen. */

#define DT_TYPE_SKETCH_PANEL (dt_sketch_panel_get_type ())
G_DECLARE_FINAL_TYPE (DtSketchPanel, dt_sketch_panel, DT, SKETCH_PANEL, GtkWidget)

GtkWidget         *dt_sketch_panel_new              (void);
/* The trained weights to classify with (copied), or NULL for none. */
void               dt_sketch_panel_set_network      (DtSketchPanel  *self,
                                                     const NnNet    *net);
/* The untrained network's weights (copied): its answers are shown as guesses. */
void               dt_sketch_panel_set_untrained_network (DtSketchPanel *self,
                                                          const NnNet   *net);
/* TRUE when the panel classifies with trained weights. */
gboolean           dt_sketch_panel_get_trained      (DtSketchPanel  *self);
/* Shows test digit `index` (input: 28·28 floats, label its digit) in place of the drawing
 * until the sheet changes; NULL goes back to the drawing. */
void               dt_sketch_panel_show_digit       (DtSketchPanel  *self,
                                                     const float    *input,
                                                     int             label,
                                                     guint           index);
gboolean           dt_sketch_panel_get_showing_digit (DtSketchPanel *self);
/* Where drawn samples are kept; default nn_user_samples_default_dir(). */
void               dt_sketch_panel_set_samples_dir  (DtSketchPanel  *self,
                                                     const char     *dir);
const char        *dt_sketch_panel_get_samples_dir  (DtSketchPanel  *self);
/* Saves the current drawing's 28×28 input with label to the user samples and emits
 * "sample-added"; FALSE with an error when nothing is drawn or saving failed. */
gboolean           dt_sketch_panel_add_sample       (DtSketchPanel  *self,
                                                     guint           label,
                                                     GError        **error);
/* A copy of every saved drawn sample (loaded from the samples dir the first time), or NULL
 * when there are none; transfer full, for dt_trainer_set_extra_samples. */
NnDataset         *dt_sketch_panel_dup_user_samples (DtSketchPanel  *self,
                                                     GError        **error);

DtSketchpad       *dt_sketch_panel_get_sketchpad    (DtSketchPanel  *self);
DtDigitPreview    *dt_sketch_panel_get_preview      (DtSketchPanel  *self);
DtProbabilityBars *dt_sketch_panel_get_bars         (DtSketchPanel  *self);
DtSignedImage     *dt_sketch_panel_get_evidence     (DtSketchPanel  *self);
DtActivationStrip *dt_sketch_panel_get_activations  (DtSketchPanel  *self);
/* The line under the answer ("The network is untrained — press Train first", …). */
const char        *dt_sketch_panel_get_status       (DtSketchPanel  *self);

G_END_DECLS
