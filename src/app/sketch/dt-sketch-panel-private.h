/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sketch-panel-private.h — DtSketchPanel's insides, shared by dt-sketch-panel.c (the
 * widget, its actions, the drawn samples) and dt-sketch-panel-answer.c (what the network
 * makes of the drawing: the answer, the evidence map, the hidden units) */
#pragma once

#include "dt-activation-strip.h"
#include "dt-signed-image.h"
#include "dt-sketch-panel.h"

G_BEGIN_DECLS

struct _DtSketchPanel
{
  GtkWidget          parent_instance;

  GtkWidget         *content;
  DtSketchpad       *sketchpad;
  DtDigitPreview    *preview;
  DtProbabilityBars *bars;
  GtkLabel          *answer_label;
  GtkLabel          *status_label;
  GtkLabel          *feedback_label;
  GtkMenuButton     *add_button;
  GtkPopover        *add_popover;
  GtkGrid           *digit_grid;

  GtkLabel          *evidence_label;
  GtkLabel          *hint_label;
  DtSignedImage     *evidence;
  GtkLabel          *activations_label;
  DtActivationStrip *activations;
  GtkAdjustment     *pen_adjustment;

  NnNet             *net;             /* our own copy, or NULL */
  gboolean           trained;         /* FALSE: net is the untrained network */
  char              *samples_dir;
  NnDataset         *samples;         /* loaded on first use */
  gboolean           has_input;
  float              input[NN_IMAGE_PIXELS];
  /* a test digit sent from the Evaluate page, shown until the user draws */
  gboolean           has_digit;
  float              digit[NN_IMAGE_PIXELS];
  int                digit_label;
  guint              digit_index;
};

/* dt-sketch-panel-answer.c */
/* Reads the drawing (or the test digit shown) and shows the network's answer for it. */
void dt_sketch_panel_refresh         (DtSketchPanel *self);
/* The evidence map for the digit chosen in the bars, or for the answer. */
void dt_sketch_panel_update_evidence (DtSketchPanel *self);

G_END_DECLS
