/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sketch-panel-answer.c — what DtSketchPanel shows of the network's reading of the input:
 * the answer and its probabilities (the untrained network's too, marked as guesses), the
 * hidden units' activations and the evidence map of the answer or of the digit chosen in
 * the bars.  The input is the drawing, or a test digit the Evaluate page sent. */
#define G_LOG_DOMAIN "dt-sketch-panel"

#include "config.h"

#include "dt-sketch-panel-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-palette.h"
#include "nn-eval.h"
#include "nn-preprocess.h"

/* The input the panel reads: the test digit shown, else the drawing's; NULL for none. */
static const float *
current_input (DtSketchPanel *self)
{
  if (self->has_digit)
    return self->digit;
  return self->has_input ? self->input : NULL;
}

void
dt_sketch_panel_update_evidence (DtSketchPanel *self)
{
  const float *x = current_input (self);
  float evidence[NN_IMAGE_PIXELS];
  g_autofree char *title = NULL;
  int k;

  if (x == NULL || self->net == NULL)
    {
      dt_signed_image_set_values (self->evidence, NULL, NULL, 0);
      gtk_label_set_label (self->evidence_label, _("Evidence"));
      return;
    }
  k = dt_probability_bars_get_chosen (self->bars);
  if (k < 0)
    k = dt_probability_bars_get_winner (self->bars);
  nn_evidence (self->net, x, k, evidence);
  dt_signed_image_set_values (self->evidence, evidence, x,
                              dt_palette_robust_scale (evidence, NN_IMAGE_PIXELS));
  /* TRANSLATORS: over an evidence map: what each pixel adds to the logit of class %s (a
   * digit, or a piece of clothing) */
  title = g_strdup_printf (_("Evidence for %s"), dt_class_name (k));
  gtk_label_set_label (self->evidence_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
}

static void
show_hidden (DtSketchPanel *self,
             const float   *x)
{
  g_autofree float *h = NULL;
  g_autofree char *text = NULL;

  if (x == NULL || self->net == NULL)
    {
      dt_activation_strip_set_values (self->activations, NULL, 0);
      gtk_label_set_label (self->activations_label, _("Hidden layer"));
      return;
    }
  h = g_new (float, self->net->n_hidden);
  nn_eval_forward_one (self->net, x, h, NULL);
  dt_activation_strip_set_values (self->activations, h, self->net->n_hidden);
  /* TRANSLATORS: over the strip of hidden activations: units active of all units */
  text = g_strdup_printf (_("Hidden units: %d of %d active"),
                          dt_activation_strip_get_n_active (self->activations),
                          self->net->n_hidden);
  gtk_label_set_label (self->activations_label, text);
}

/* The status line for an answer. */
static char *
answer_text (DtSketchPanel *self,
             int            best,
             double         sure)
{
  g_autofree char *reading = NULL;

  if (!self->trained)
    /* TRANSLATORS: the untrained network's answer; %s is a digit or a piece of clothing,
     * %.0f its probability */
    reading = g_strdup_printf (_("Untrained, it guesses %s (%.0f %% sure): press Train to "
                                 "teach it"), dt_class_name (best), sure);
  else
    /* TRANSLATORS: %s is a digit or a piece of clothing, %.0f its probability in percent */
    reading = g_strdup_printf (_("It looks like a %s (%.0f %% sure)"), dt_class_name (best),
                               sure);
  if (!self->has_digit)
    return g_steal_pointer (&reading);
  /* TRANSLATORS: a test digit sent from the Evaluate page: its number and label, then what
   * the network reads */
  return g_strdup_printf (_("Test image %u, a %s. %s"), self->digit_index,
                          dt_class_name (self->digit_label), reading);
}

static void
set_answer (DtSketchPanel *self,
            const char    *answer,
            const char    *status,
            gboolean       guess)
{
  gtk_label_set_label (self->answer_label, answer);
  gtk_label_set_label (self->status_label, status);
  if (guess)
    gtk_widget_add_css_class (GTK_WIDGET (self->answer_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->answer_label), "dim-label");
}

static void
update_actions (DtSketchPanel *self)
{
  /* the drawn samples are digits, for MNIST's training set */
  gboolean can_add = self->has_input && dt_class_names_get_kind () == NN_DATASET_MNIST;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sketch.undo",
                                 dt_sketchpad_get_n_strokes (self->sketchpad) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sketch.clear",
                                 !dt_sketchpad_get_empty (self->sketchpad));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sketch.add-sample", can_add);
  /* the menu button opens the label popover rather than naming the action */
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), can_add);
}

void
dt_sketch_panel_refresh (DtSketchPanel *self)
{
  const float *x;
  float p[NN_DATASET_CLASSES];

  self->has_input = dt_sketchpad_get_input (self->sketchpad, self->input);
  gtk_label_set_label (self->hint_label, dt_class_names_prompt ());
  x = current_input (self);
  dt_digit_preview_set_input (self->preview, x);
  update_actions (self);
  show_hidden (self, x);
  if (x != NULL && self->net != NULL)
    {
      int best = nn_preprocess_classify (self->net, x, p);
      g_autofree char *answer = g_strdup (dt_class_name (best));
      g_autofree char *status = answer_text (self, best, 100.0 * p[best]);

      dt_probability_bars_set_probabilities (self->bars, p);
      dt_probability_bars_set_untrained (self->bars, !self->trained);
      set_answer (self, answer, status, !self->trained);
      dt_sketch_panel_update_evidence (self);
      return;
    }
  dt_probability_bars_set_probabilities (self->bars, NULL);
  dt_sketch_panel_update_evidence (self);
  if (self->net == NULL)
    set_answer (self, "", _("The network is untrained — press Train first"), FALSE);
  else if (dt_sketchpad_get_empty (self->sketchpad))
    set_answer (self, "", dt_class_names_prompt (), FALSE);
  else
    set_answer (self, "", _("Keep drawing: that is too little ink for a digit"), FALSE);
}

static void
take_network (DtSketchPanel *self,
              const NnNet   *net,
              gboolean       trained)
{
  g_return_if_fail (net == NULL || net->n_in == NN_IMAGE_PIXELS);

  if (net != NULL && self->net != NULL && self->net->n_hidden == net->n_hidden &&
      self->net->n_out == net->n_out)
    nn_net_copy_params (self->net, net);
  else
    {
      g_clear_pointer (&self->net, nn_net_free);
      if (net != NULL)
        self->net = nn_net_dup (net);
    }
  self->trained = trained;
  dt_sketch_panel_refresh (self);
}

void
dt_sketch_panel_set_network (DtSketchPanel *self,
                             const NnNet   *net)
{
  g_return_if_fail (DT_IS_SKETCH_PANEL (self));
  take_network (self, net, TRUE);
}

void
dt_sketch_panel_set_untrained_network (DtSketchPanel *self,
                                       const NnNet   *net)
{
  g_return_if_fail (DT_IS_SKETCH_PANEL (self));
  take_network (self, net, FALSE);
}

gboolean
dt_sketch_panel_get_trained (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), FALSE);
  return self->net != NULL && self->trained;
}

void
dt_sketch_panel_show_digit (DtSketchPanel *self,
                            const float   *input,
                            int            label,
                            guint          index)
{
  g_return_if_fail (DT_IS_SKETCH_PANEL (self));

  self->has_digit = input != NULL;
  if (input != NULL)
    memcpy (self->digit, input, sizeof self->digit);
  self->digit_label = label;
  self->digit_index = index;
  dt_probability_bars_set_chosen (self->bars, -1);
  dt_sketch_panel_refresh (self);
}

gboolean
dt_sketch_panel_get_showing_digit (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), FALSE);
  return self->has_digit;
}

DtSignedImage *
dt_sketch_panel_get_evidence (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return self->evidence;
}

DtActivationStrip *
dt_sketch_panel_get_activations (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return self->activations;
}
