/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-sketch-panel"

#include "config.h"

#include "dt-sketch-panel-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "nn-preprocess.h"
#include "nn-user-samples.h"

/* The label popover's digit buttons: large enough to hit on a touch screen, in rows of
 * five like a keyboard's number row. */
#define DIGIT_BUTTON_SIZE  44
#define DIGITS_PER_ROW     5
/* [ and ] change the pen by this much of the sheet's side */
#define PEN_STEP           0.01

enum
{
  PROP_0,
  PROP_SAMPLES_DIR,
  N_PROPS
};

enum
{
  SAMPLE_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtSketchPanel, dt_sketch_panel, GTK_TYPE_WIDGET)

static void
sketchpad_changed_cb (DtSketchPanel *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), FALSE);
  /* drawing takes the page back from a test digit shown on it */
  if (!dt_sketchpad_get_empty (self->sketchpad))
    self->has_digit = FALSE;
  dt_sketch_panel_refresh (self);
}

static void
show_feedback (DtSketchPanel *self,
               const char    *text,
               gboolean       error)
{
  gtk_label_set_label (self->feedback_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->feedback_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->feedback_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), TRUE);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_sketchpad_undo (DT_SKETCH_PANEL (widget)->sketchpad);
}

static void
clear_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  dt_sketchpad_clear (DT_SKETCH_PANEL (widget)->sketchpad);
}

static void
pen_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DtSketchpad *pad = DT_SKETCH_PANEL (widget)->sketchpad;
  double step = g_str_equal (action_name, "sketch.thicker") ? PEN_STEP : -PEN_STEP;

  dt_sketchpad_set_pen_width (pad, dt_sketchpad_get_pen_width (pad) + step);
}

static void
add_sample_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DtSketchPanel *self = DT_SKETCH_PANEL (widget);
  g_autoptr(GError) error = NULL;
  int label = g_variant_get_int32 (parameter);

  gtk_popover_popdown (self->add_popover);
  if (label < 0 || label >= NN_DATASET_CLASSES ||
      !dt_sketch_panel_add_sample (self, (guint) label, &error))
    {
      if (error != NULL)
        show_feedback (self, error->message, TRUE);
    }
}

/* In the label popover, typing the digit is the same as clicking it. */
static gboolean
popover_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        DtSketchPanel         *self)
{
  int digit = -1;

  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    digit = (int) (keyval - GDK_KEY_0);
  else if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    digit = (int) (keyval - GDK_KEY_KP_0);
  if (digit < 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "sketch.add-sample", "i", digit);
  return TRUE;
}

static void
build_digit_grid (DtSketchPanel *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  for (int k = 0; k < NN_DATASET_CLASSES; k++)
    {
      int slot = (k + NN_DATASET_CLASSES - 1) % NN_DATASET_CLASSES;
      char text[2] = { (char) ('0' + k), 0 };
      GtkWidget *button = gtk_button_new_with_label (text);
      g_autofree char *name = g_strdup_printf (_("This is a %d"), k);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sketch.add-sample");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", k);
      gtk_widget_set_size_request (button, DIGIT_BUTTON_SIZE, DIGIT_BUTTON_SIZE);
      gtk_widget_add_css_class (button, "title-3");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* 1 2 3 4 5 / 6 7 8 9 0: 0 goes last */
      gtk_grid_attach (self->digit_grid, button, slot % DIGITS_PER_ROW, slot / DIGITS_PER_ROW,
                       1, 1);
    }
  g_signal_connect (keys, "key-pressed", G_CALLBACK (popover_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->add_popover), keys);
}

static void
dt_sketch_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DtSketchPanel *self = DT_SKETCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SAMPLES_DIR:
      g_value_set_string (value, self->samples_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sketch_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DtSketchPanel *self = DT_SKETCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SAMPLES_DIR:
      dt_sketch_panel_set_samples_dir (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sketch_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DT_TYPE_SKETCH_PANEL);
  G_OBJECT_CLASS (dt_sketch_panel_parent_class)->dispose (object);
}

static void
dt_sketch_panel_finalize (GObject *object)
{
  DtSketchPanel *self = DT_SKETCH_PANEL (object);

  g_clear_pointer (&self->net, nn_net_free);
  g_clear_pointer (&self->samples, nn_dataset_free);
  g_free (self->samples_dir);
  G_OBJECT_CLASS (dt_sketch_panel_parent_class)->finalize (object);
}

static void
dt_sketch_panel_class_init (DtSketchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_sketch_panel_get_property;
  object_class->set_property = dt_sketch_panel_set_property;
  object_class->dispose = dt_sketch_panel_dispose;
  object_class->finalize = dt_sketch_panel_finalize;

  properties[PROP_SAMPLES_DIR] =
    g_param_spec_string ("samples-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAMPLE_ADDED] = g_signal_new ("sample-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (DT_TYPE_SKETCHPAD);
  g_type_ensure (DT_TYPE_DIGIT_PREVIEW);
  g_type_ensure (DT_TYPE_PROBABILITY_BARS);
  g_type_ensure (DT_TYPE_SIGNED_IMAGE);
  g_type_ensure (DT_TYPE_ACTIVATION_STRIP);
  g_type_ensure (ADW_TYPE_BUTTON_CONTENT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-sketch-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, content);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, sketchpad);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, preview);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, bars);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, answer_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, feedback_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, add_button);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, add_popover);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, digit_grid);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, evidence_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, hint_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, evidence);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, activations_label);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, activations);
  gtk_widget_class_bind_template_child (widget_class, DtSketchPanel, pen_adjustment);

  gtk_widget_class_install_action (widget_class, "sketch.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "sketch.clear", NULL, clear_action_cb);
  gtk_widget_class_install_action (widget_class, "sketch.add-sample", "i",
                                   add_sample_action_cb);
  gtk_widget_class_install_action (widget_class, "sketch.thinner", NULL, pen_action_cb);
  gtk_widget_class_install_action (widget_class, "sketch.thicker", NULL, pen_action_cb);
  /* The only Undo and Clear keys: they reach the panel from the focused pad or button. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "sketch.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "sketch.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0,
                                       "sketch.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0,
                                       "sketch.thinner", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0,
                                       "sketch.thicker", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sketchpanel");
}

static void
dt_sketch_panel_init (DtSketchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->samples_dir = nn_user_samples_default_dir ();
  g_signal_connect_swapped (self->sketchpad, "changed", G_CALLBACK (sketchpad_changed_cb), self);
  g_signal_connect_swapped (self->bars, "notify::chosen",
                            G_CALLBACK (dt_sketch_panel_update_evidence), self);
  g_object_bind_property (self->sketchpad, "pen-width", self->pen_adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  dt_signed_image_set_legend (self->evidence, _("against"), _("for"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Evidence map: what each pixel adds for (red) or against "
                                    "(blue) the digit"), -1);
  build_digit_grid (self);
  dt_sketch_panel_refresh (self);
}

GtkWidget *
dt_sketch_panel_new (void)
{
  return g_object_new (DT_TYPE_SKETCH_PANEL, NULL);
}

void
dt_sketch_panel_set_samples_dir (DtSketchPanel *self,
                                 const char    *dir)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (DT_IS_SKETCH_PANEL (self));

  if (dir == NULL)
    dir = fallback = nn_user_samples_default_dir ();
  if (g_strcmp0 (dir, self->samples_dir) == 0)
    return;
  g_free (self->samples_dir);
  self->samples_dir = g_strdup (dir);
  g_clear_pointer (&self->samples, nn_dataset_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLES_DIR]);
}

const char *
dt_sketch_panel_get_samples_dir (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);

  return self->samples_dir;
}

gboolean
dt_sketch_panel_add_sample (DtSketchPanel  *self,
                            guint           label,
                            GError        **error)
{
  guint8 bytes[NN_IMAGE_PIXELS];
  NnDataset *samples;
  g_autofree char *text = NULL;

  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), FALSE);
  g_return_val_if_fail (label < NN_DATASET_CLASSES, FALSE);

  if (!self->has_input)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Draw a digit first"));
      return FALSE;
    }
  nn_preprocess_to_bytes (self->input, bytes);
  samples = nn_user_samples_append (self->samples_dir, bytes, (guint8) label, error);
  if (samples == NULL)
    return FALSE;
  g_clear_pointer (&self->samples, nn_dataset_free);
  self->samples = samples;

  /* ready for the next drawing; the note says what happened */
  dt_sketchpad_clear (self->sketchpad);
  text = g_strdup_printf (ngettext ("Added as a %u. %zu drawn digit will join the next "
                                    "training run.",
                                    "Added as a %u. %zu drawn digits will join the next "
                                    "training run.",
                                    samples->n),
                          label, samples->n);
  show_feedback (self, text, FALSE);
  g_signal_emit (self, signals[SAMPLE_ADDED], 0, label);
  return TRUE;
}

NnDataset *
dt_sketch_panel_dup_user_samples (DtSketchPanel  *self,
                                  GError        **error)
{
  NnDataset *copy;

  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);

  if (self->samples == NULL)
    {
      self->samples = nn_user_samples_load (self->samples_dir, error);
      if (self->samples == NULL)
        return NULL;
    }
  if (self->samples->n == 0)
    return NULL;
  copy = nn_dataset_new (0, self->samples->rows, self->samples->cols);
  nn_dataset_append (copy, self->samples, NULL);
  return copy;
}

DtSketchpad *
dt_sketch_panel_get_sketchpad (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return self->sketchpad;
}

DtDigitPreview *
dt_sketch_panel_get_preview (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return self->preview;
}

DtProbabilityBars *
dt_sketch_panel_get_bars (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return self->bars;
}

const char *
dt_sketch_panel_get_status (DtSketchPanel *self)
{
  g_return_val_if_fail (DT_IS_SKETCH_PANEL (self), NULL);
  return gtk_label_get_label (self->status_label);
}
