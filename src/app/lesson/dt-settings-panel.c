/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-settings-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-accessible.h"
#include "dt-number-row.h"
#include "dt-settings.h"
#include "dt-wheel.h"
#include "dt-zoom.h"

/* MNIST's training set, until the window says how large the loaded one is. */
#define DEFAULT_TRAIN_SIZE 60000
/* The panel's width at 100 %: a column of sliders and their hints (it grows with the zoom). */
#define PANEL_WIDTH        340

static const int pace_stops[] = DT_PACE_STOPS;

/* The rows built in code: one per number setting. */
typedef enum
{
  ROW_LR,
  ROW_RHO,
  ROW_EPSILON,
  ROW_DECAY,
  ROW_BATCH,
  ROW_EPOCHS,
  ROW_VAL_SPLIT,
  ROW_TRAIN_SAMPLES,
  ROW_PATIENCE,
  N_ROWS
} RowId;

typedef enum
{
  GROUP_OPTIMIZER,
  GROUP_BATCHES,
  GROUP_VALIDATION,
} RowGroup;

typedef struct
{
  const char  *key;
  const char  *title;       /* with its mnemonic */
  const char  *hint;
  DtScaleKind  kind;
  gboolean     integer;
  double       mark;        /* the lesson's value */
  RowGroup     group;
} RowSpec;

struct _DtSettingsPanel
{
  AdwBin          parent_instance;

  /* template */
  AdwClamp        *clamp;
  GtkLabel        *pace_label;
  GtkScale        *pace_scale;
  GtkLabel        *pace_hint;
  AdwPreferencesGroup *optimizer_group;
  AdwPreferencesGroup *batches_group;
  AdwPreferencesGroup *validation_group;
  GtkToggleButton *keras2_button;
  GtkToggleButton *keras3_button;

  GSettings       *settings;
  DtNumberRow     *rows[N_ROWS];
  GtkLabel        *hints[N_ROWS];
  GtkWidget       *row_widgets[N_ROWS];
  gsize            train_size;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (DtSettingsPanel, dt_settings_panel, ADW_TYPE_BIN)

static RowSpec
row_spec (RowId id)
{
  switch (id)
    {
    case ROW_LR:
      return (RowSpec) { "learning-rate", _("Le_arning rate"),
                         _("The step size. The lesson: 0.001."), DT_SCALE_LOG, FALSE, 0.001,
                         GROUP_OPTIMIZER };
    case ROW_RHO:
      return (RowSpec) { "rho", _("ρ (r_ho)"),
                         _("How slowly the average of squared gradients forgets. The lesson: "
                           "0.9."), DT_SCALE_LINEAR, FALSE, 0.9, GROUP_OPTIMIZER };
    case ROW_EPSILON:
      return (RowSpec) { "epsilon", _("ε (e_psilon)"), NULL, DT_SCALE_LOG, FALSE, 1e-8,
                         GROUP_OPTIMIZER };
    case ROW_DECAY:
      return (RowSpec) { "decay", _("Deca_y"), NULL, DT_SCALE_LOG_ZERO, FALSE, NAN,
                         GROUP_OPTIMIZER };
    case ROW_BATCH:
      return (RowSpec) { "batch-size", _("_Batch size"), _("Samples per step. The lesson: 32."),
                         DT_SCALE_LOG, TRUE, 32, GROUP_BATCHES };
    case ROW_EPOCHS:
      return (RowSpec) { "epochs", _("Epo_chs"),
                         _("Passes over the training set per Train. The lesson: 2."),
                         DT_SCALE_LOG, TRUE, 2, GROUP_BATCHES };
    /* no mnemonics below: the Train page has no letter left in these titles */
    case ROW_VAL_SPLIT:
      return (RowSpec) { "validation-split", _("Validation split"),
                         _("The last fraction of the training samples, held out and evaluated "
                           "after every epoch. 0 holds none out."), DT_SCALE_LINEAR, FALSE,
                         NAN, GROUP_VALIDATION };
    case ROW_TRAIN_SAMPLES:
      return (RowSpec) { "train-samples", _("Training samples"),
                         _("Train on the first this many samples only; few samples overfit. "
                           "0 uses all."), DT_SCALE_LOG_ZERO, TRUE, NAN, GROUP_VALIDATION };
    case ROW_PATIENCE:
    default:
      return (RowSpec) { "early-stopping", _("Early stopping patience"),
                         _("Stop after this many epochs without a lower validation loss and "
                           "restore the best epoch's weights. 0 is off; needs a split."),
                         DT_SCALE_LINEAR, TRUE, NAN, GROUP_VALIDATION };
    }
}

/* A row: its title with the entry beside it, the slider, the reason a typed value was not
 * applied (hidden while there is none), and what the setting does. */
static void
add_row (DtSettingsPanel *self,
         RowId            id)
{
  RowSpec spec = row_spec (id);
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new_with_mnemonic (spec.title);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, NULL);
  GtkWidget *problem = gtk_label_new (NULL);
  GtkWidget *hint = gtk_label_new (spec.hint);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 gtk_label_get_text (GTK_LABEL (title)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 8, "margin-bottom", 8,
                NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), spec.integer ? GTK_INPUT_PURPOSE_DIGITS
                                                               : GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_tooltip_text (entry, _("Type an exact value; it applies on Enter or when you "
                                        "leave the field"));
  /* the entry is named by its mnemonic label; the slider needs its own name */
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (title)), -1);
  gtk_widget_set_hexpand (scale, TRUE);
  for (GtkWidget **label = (GtkWidget *[]) { problem, hint, NULL }; *label != NULL; label++)
    {
      gtk_label_set_xalign (GTK_LABEL (*label), 0);
      gtk_label_set_wrap (GTK_LABEL (*label), TRUE);
      gtk_widget_add_css_class (*label, "caption");
    }
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_visible (problem, FALSE);

  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), entry);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), scale);
  gtk_box_append (GTK_BOX (box), problem);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (spec.group == GROUP_BATCHES ? self->batches_group
                             : spec.group == GROUP_VALIDATION ? self->validation_group
                             : self->optimizer_group, row);

  gtk_widget_set_name (entry, spec.key);
  self->hints[id] = GTK_LABEL (hint);
  self->row_widgets[id] = row;
  self->rows[id] = dt_number_row_new (self->settings, spec.key, spec.kind, spec.integer,
                                      spec.mark, GTK_SCALE (scale), GTK_ENTRY (entry),
                                      GTK_LABEL (problem));
}

/* ---- pace -------------------------------------------------------------------------------- */

static guint
pace_stop_of (int pace)
{
  for (guint i = 0; i < G_N_ELEMENTS (pace_stops); i++)
    if (pace_stops[i] == pace)
      return i;
  /* a pace set elsewhere: the nearest stop below it */
  for (guint i = G_N_ELEMENTS (pace_stops) - 1; i-- > 0;)
    if (pace >= pace_stops[i])
      return i;
  return pace > 0 ? 0 : G_N_ELEMENTS (pace_stops) - 1;
}

/* "50 batches a second" and how long the set epochs then take. */
static void
update_pace_text (DtSettingsPanel *self)
{
  int pace = g_settings_get_int (self->settings, "pace");
  int batch = g_settings_get_int (self->settings, "batch-size");
  int epochs = g_settings_get_int (self->settings, "epochs");
  double batches = ceil ((double) self->train_size / MAX (batch, 1)) * epochs;
  g_autofree char *text = NULL;
  g_autofree char *hint = NULL;

  if (pace <= 0)
    {
      gtk_label_set_label (self->pace_label, _("Full speed"));
      gtk_label_set_label (self->pace_hint, _("As fast as the computer trains"));
      return;
    }
  /* Translators: the training pace */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d batch a second",
                                       "%d batches a second", pace), pace);
  gtk_label_set_label (self->pace_label, text);
  {
    int seconds = (int) ceil (batches / pace);

    /* Translators: how long the set epochs take at the chosen pace, e.g. "2 epochs in about
     * 1:15" (minutes:seconds) */
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d epoch in about %d:%02d",
                                         "%d epochs in about %d:%02d", epochs),
                            epochs, seconds / 60, seconds % 60);
  }
  gtk_label_set_label (self->pace_hint, hint);
}

static void
pace_scale_changed_cb (DtSettingsPanel *self)
{
  guint stop = (guint) CLAMP (lround (gtk_range_get_value (GTK_RANGE (self->pace_scale))), 0,
                              (long) G_N_ELEMENTS (pace_stops) - 1);

  if (!self->syncing)
    g_settings_set_int (self->settings, "pace", pace_stops[stop]);
}

static void
pace_changed_cb (DtSettingsPanel *self)
{
  self->syncing = TRUE;
  gtk_range_set_value (GTK_RANGE (self->pace_scale),
                       pace_stop_of (g_settings_get_int (self->settings, "pace")));
  self->syncing = FALSE;
  update_pace_text (self);
}

/* ---- the RMSprop form ------------------------------------------------------------------ */

/* Keras 3 puts ε inside the root and has no decay: the rows say so. */
static void
keras_changed_cb (DtSettingsPanel *self)
{
  gboolean keras3 = g_settings_get_int (self->settings, "keras-version") == 3;

  self->syncing = TRUE;
  gtk_toggle_button_set_active (keras3 ? self->keras3_button : self->keras2_button, TRUE);
  self->syncing = FALSE;
  gtk_label_set_label (self->hints[ROW_EPSILON],
                       keras3 ? _("Inside the root, θ −= lr·g / √(a + ε). Keras 3: 1e-7.")
                              : _("Added to the root, θ −= lr·g / (√a + ε). The lesson: "
                                  "1e-8."));
  gtk_label_set_label (self->hints[ROW_DECAY],
                       keras3 ? _("Keras 3's RMSprop has no decay.")
                              : _("lr / (1 + decay · steps); 0 keeps it constant."));
  gtk_widget_set_sensitive (self->row_widgets[ROW_DECAY], !keras3);
}

/* The button that becomes active says the form (a group turns the other one off first, so
 * only the active one's "toggled" is the choice).  Choosing the other form takes its ε along
 * when ε was at this form's default (1e-8 and 1e-7); an ε the user chose stays. */
static void
keras_toggled_cb (GtkToggleButton *button,
                  DtSettingsPanel *self)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  g_settings_set_int (self->settings, "keras-version", button == self->keras3_button ? 3 : 2);
  dt_settings_follow_keras_epsilon (self->settings);
}

/* ---- actions ------------------------------------------------------------------------------ */

static void
preset_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DtSettingsPanel *self = DT_SETTINGS_PANEL (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  DtPreset preset = g_str_equal (name, "lesson") ? DT_PRESET_LESSON
                    : g_str_equal (name, "keras3") ? DT_PRESET_KERAS3
                    : g_str_equal (name, "lr-up") ? DT_PRESET_LR_TIMES_10
                    : DT_PRESET_LR_DIVIDED_BY_10;

  if (self->settings != NULL && !dt_settings_apply_preset (self->settings, preset))
    gtk_widget_error_bell (widget);
}

/* ---- public ----------------------------------------------------------------------------- */

void
dt_settings_panel_set_settings (DtSettingsPanel *self,
                                GSettings       *settings)
{
  g_return_if_fail (DT_IS_SETTINGS_PANEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  for (RowId id = 0; id < N_ROWS; id++)
    add_row (self, id);
  g_signal_connect_swapped (settings, "changed::keras-version", G_CALLBACK (keras_changed_cb),
                            self);
  g_signal_connect (self->keras2_button, "toggled", G_CALLBACK (keras_toggled_cb), self);
  g_signal_connect (self->keras3_button, "toggled", G_CALLBACK (keras_toggled_cb), self);
  keras_changed_cb (self);

  gtk_range_set_range (GTK_RANGE (self->pace_scale), 0, G_N_ELEMENTS (pace_stops) - 1);
  gtk_range_set_increments (GTK_RANGE (self->pace_scale), 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (pace_stops); i++)
    gtk_scale_add_mark (self->pace_scale, i, GTK_POS_BOTTOM, NULL);
  g_signal_connect_swapped (self->pace_scale, "value-changed",
                            G_CALLBACK (pace_scale_changed_cb), self);
  g_signal_connect_swapped (settings, "changed::pace", G_CALLBACK (pace_changed_cb), self);
  g_signal_connect_swapped (settings, "changed::batch-size", G_CALLBACK (update_pace_text),
                            self);
  g_signal_connect_swapped (settings, "changed::epochs", G_CALLBACK (update_pace_text), self);
  pace_changed_cb (self);
}

gboolean
dt_settings_panel_commit (DtSettingsPanel  *self,
                          char            **message)
{
  g_autoptr(GString) refused = g_string_new (NULL);

  g_return_val_if_fail (DT_IS_SETTINGS_PANEL (self), FALSE);

  for (RowId id = 0; id < N_ROWS && self->rows[id] != NULL; id++)
    if (!dt_number_row_commit (self->rows[id]))
      {
        RowSpec spec = row_spec (id);
        g_auto(GStrv) parts = g_strsplit (spec.title, "_", -1);
        g_autofree char *title = g_strjoinv ("", parts);   /* without its mnemonic mark */

        g_string_append_printf (refused, "%s%s “%s”", refused->len > 0 ? ", " : "", title,
                                dt_number_row_get_invalid_text (self->rows[id]));
      }
  if (refused->len == 0)
    return TRUE;
  if (message != NULL)
    /* Translators: %s lists the settings whose typed text is not a valid value */
    *message = g_strdup_printf (_("Not applied, not a valid value: %s"), refused->str);
  return FALSE;
}

void
dt_settings_panel_set_train_size (DtSettingsPanel *self,
                                  gsize            n)
{
  g_return_if_fail (DT_IS_SETTINGS_PANEL (self));

  self->train_size = n > 0 ? n : DEFAULT_TRAIN_SIZE;
  if (self->settings != NULL)
    update_pace_text (self);
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
dt_settings_panel_dispose (GObject *object)
{
  DtSettingsPanel *self = DT_SETTINGS_PANEL (object);

  for (RowId id = 0; id < N_ROWS; id++)
    g_clear_pointer (&self->rows[id], dt_number_row_free);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_SETTINGS_PANEL);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dt_settings_panel_parent_class)->dispose (object);
}

/* The zoom (dt-zoom.h) makes every text larger: the column widens with it. */
static void
dt_settings_panel_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  DtSettingsPanel *self = DT_SETTINGS_PANEL (widget);
  int width = (int) (PANEL_WIDTH * dt_zoom_get ());

  GTK_WIDGET_CLASS (dt_settings_panel_parent_class)->css_changed (widget, change);
  if (adw_clamp_get_maximum_size (self->clamp) != width)
    {
      adw_clamp_set_maximum_size (self->clamp, width);
      adw_clamp_set_tightening_threshold (self->clamp, width);
    }
}

static void
dt_settings_panel_class_init (DtSettingsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_settings_panel_dispose;
  widget_class->css_changed = dt_settings_panel_css_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-settings-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, clamp);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, pace_label);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, pace_scale);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, pace_hint);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, optimizer_group);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, batches_group);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, validation_group);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, keras2_button);
  gtk_widget_class_bind_template_child (widget_class, DtSettingsPanel, keras3_button);
  gtk_widget_class_install_action (widget_class, "panel.preset", "s", preset_action_cb);
}

static void
dt_settings_panel_init (DtSettingsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the bin's child, not a bound template child: AdwBin unparents it itself */
  dt_wheel_scrolls_past_sliders (GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self))));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->train_size = DEFAULT_TRAIN_SIZE;
}

GtkWidget *
dt_settings_panel_new (void)
{
  return g_object_new (DT_TYPE_SETTINGS_PANEL, NULL);
}
