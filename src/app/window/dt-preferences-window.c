/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-preferences-window"

#include "config.h"

#include "dt-preferences-window.h"

#include "dt-data-chooser.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "nn-dataset.h"
#include "dt-settings.h"

/* A number typed as text (lr, ε span many decades, which a spin button cannot): stored only
 * through its Apply action or Enter, and only when it parses and lies in the schema's range.
 * The action is enabled while there is something valid to apply. */
typedef struct
{
  DtPreferencesWindow *self;
  const char          *key;
  GtkEntry            *entry;
  const char          *apply_action;
  AdwActionRow        *row;
  double               min;
  double               max;
} NumberEntry;

struct _DtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwActionRow         *lr_row;
  GtkEntry             *lr_entry;
  AdwActionRow         *epsilon_row;
  GtkEntry             *epsilon_entry;
  GtkSpinButton        *rho_spin;
  GtkSpinButton        *decay_spin;
  GtkSpinButton        *batch_spin;
  GtkSpinButton        *epochs_spin;
  GtkSpinButton        *hidden_spin;
  GtkSpinButton        *seed_spin;
  GtkSpinButton        *smoothing_spin;
  AdwActionRow         *data_row;
  AdwComboRow          *keras_row;

  NumberEntry           lr;
  NumberEntry           epsilon;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- number entries --------------------------------------------------------------------- */

static gboolean
number_entry_parse (NumberEntry *ne,
                    double      *value)
{
  return dt_parse_number (gtk_editable_get_text (GTK_EDITABLE (ne->entry)), ne->min, ne->max,
                          value);
}

static void
number_entry_changed_cb (NumberEntry *ne)
{
  double stored = g_settings_get_double (ne->self->settings, ne->key);
  double value;
  gboolean valid = number_entry_parse (ne, &value);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (ne->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (ne->entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (ne->entry), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (ne->self), ne->apply_action,
                                 valid && value != stored);
}

static void
number_entry_apply_cb (NumberEntry *ne)
{
  double value;

  if (!number_entry_parse (ne, &value))
    {
      gtk_widget_error_bell (GTK_WIDGET (ne->entry));
      return;
    }
  g_settings_set_double (ne->self->settings, ne->key, value);
}

static void
number_entry_key_changed_cb (NumberEntry *ne)
{
  g_autofree char *text = dt_format_number (g_settings_get_double (ne->self->settings, ne->key));

  gtk_editable_set_text (GTK_EDITABLE (ne->entry), text);
  number_entry_changed_cb (ne);
}

static void
number_entry_setup (DtPreferencesWindow *self,
                    NumberEntry         *ne,
                    const char          *key,
                    AdwActionRow        *row,
                    GtkEntry            *entry,
                    const char          *apply_action)
{
  g_autofree char *detailed = g_strconcat ("changed::", key, NULL);
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *subtitle = NULL;

  *ne = (NumberEntry) { self, key, entry, apply_action, row, 0.0, G_MAXDOUBLE };
  dt_settings_get_range (self->settings, key, &ne->min, &ne->max);
  lo = dt_format_number (ne->min);
  hi = dt_format_number (ne->max);
  /* Translators: the allowed range of a setting, e.g. "From 1e-06 to 10" */
  subtitle = g_strdup_printf (_("From %s to %s"), lo, hi);
  adw_action_row_set_subtitle (row, subtitle);

  g_signal_connect_swapped (entry, "changed", G_CALLBACK (number_entry_changed_cb), ne);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (number_entry_apply_cb), ne);
  g_signal_connect_swapped (self->settings, detailed, G_CALLBACK (number_entry_key_changed_cb),
                            ne);
  number_entry_key_changed_cb (ne);
}

/* ---- spin buttons ----------------------------------------------------------------------- */

static void
bind_spin (DtPreferencesWindow *self,
           GtkSpinButton       *spin,
           const char          *key)
{
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  double min, max;

  /* the schema is the one place that knows the limits */
  if (dt_settings_get_range (self->settings, key, &min, &max))
    {
      gtk_adjustment_set_lower (adj, min);
      gtk_adjustment_set_upper (adj, max);
    }
  g_settings_bind (self->settings, key, adj, "value", G_SETTINGS_BIND_DEFAULT);
}

/* ---- Keras version: the combo row's position 0, 1 is the key's 2, 3 --------------------- */

static gboolean
keras_to_row_cb (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_uint (value, (guint) (g_variant_get_int32 (variant) - 2));
  return TRUE;
}

static GVariant *
keras_from_row_cb (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  return g_variant_new_int32 ((gint32) g_value_get_uint (value) + 2);
}

/* AdwComboRow's drop-down arrow is an image of its own, which a screen reader would meet
 * without a name. */
static void
name_keras_arrow (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Choose a Keras version"), -1);
      name_keras_arrow (child);
    }
}

/* ---- data folder ------------------------------------------------------------------------ */

static void
data_dir_changed_cb (DtPreferencesWindow *self)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "data-dir");
  g_autofree char *fallback = nn_data_default_dir ();
  g_autofree char *text = NULL;

  if (*dir != '\0')
    adw_action_row_set_subtitle (self->data_row, dir);
  else
    {
      /* Translators: %s is a folder */
      text = g_strdup_printf (_("Default: $MNIST_DIR, then %s"), fallback);
      adw_action_row_set_subtitle (self->data_row, text);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.default-data-folder", *dir != '\0');
}

/* ---- actions ---------------------------------------------------------------------------- */

static void
apply_number_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (widget);

  number_entry_apply_cb (g_str_equal (action_name, self->lr.apply_action) ? &self->lr
                                                                          : &self->epsilon);
}

static void
choose_data_folder_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (widget);

  dt_data_chooser_ask (GTK_WINDOW (self), self->settings, &self->chooser);
}

static void
default_data_folder_action_cb (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  g_settings_reset (DT_PREFERENCES_WINDOW (widget)->settings, "data-dir");
}

static void
restore_defaults_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (widget);

  dt_settings_restore_lesson_defaults (self->settings);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Lesson defaults restored")));
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "prefs.apply-learning-rate", NULL,
                                   apply_number_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.apply-epsilon", NULL,
                                   apply_number_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.choose-data-folder", NULL,
                                   choose_data_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.default-data-folder", NULL,
                                   default_data_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.restore-lesson-defaults", NULL,
                                   restore_defaults_action_cb);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
dt_preferences_window_constructed (GObject *object)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (dt_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = dt_settings_new ();

  number_entry_setup (self, &self->lr, "learning-rate", self->lr_row, self->lr_entry,
                      "prefs.apply-learning-rate");
  number_entry_setup (self, &self->epsilon, "epsilon", self->epsilon_row, self->epsilon_entry,
                      "prefs.apply-epsilon");
  bind_spin (self, self->rho_spin, "rho");
  bind_spin (self, self->decay_spin, "decay");
  bind_spin (self, self->batch_spin, "batch-size");
  bind_spin (self, self->epochs_spin, "epochs");
  bind_spin (self, self->hidden_spin, "hidden-units");
  bind_spin (self, self->seed_spin, "seed");
  bind_spin (self, self->smoothing_spin, "smoothing");
  g_settings_bind_with_mapping (self->settings, "keras-version", self->keras_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, keras_to_row_cb, keras_from_row_cb,
                                NULL, NULL);
  g_signal_connect (self->settings, "changed::keras-version",
                    G_CALLBACK (dt_settings_follow_keras_epsilon), NULL);
  name_keras_arrow (GTK_WIDGET (self->keras_row));

  g_signal_connect_swapped (self->settings, "changed::data-dir",
                            G_CALLBACK (data_dir_changed_cb), self);
  data_dir_changed_cb (self);
}

static void
dt_preferences_window_dispose (GObject *object)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      g_signal_handlers_disconnect_by_data (self->settings, &self->lr);
      g_signal_handlers_disconnect_by_data (self->settings, &self->epsilon);
      g_signal_handlers_disconnect_by_func (self->settings, dt_settings_follow_keras_epsilon,
                                            NULL);
    }
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dt_preferences_window_parent_class)->dispose (object);
}

static void
dt_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_preferences_window_class_init (DtPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dt_preferences_window_constructed;
  object_class->dispose = dt_preferences_window_dispose;
  object_class->set_property = dt_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, lr_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, lr_entry);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, epsilon_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, epsilon_entry);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, rho_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, decay_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, hidden_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, smoothing_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, data_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, keras_row);
  /* not kept in the struct: their actions drive them; tests look them up */
  gtk_widget_class_bind_template_child_full (widget_class, "lr_apply", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "epsilon_apply", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "data_choose", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "data_default", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "restore_button", FALSE, 0);

  install_actions (widget_class);
}

static void
dt_preferences_window_init (DtPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
}

GtkWidget *
dt_preferences_window_new (GSettings *settings)
{
  return g_object_new (DT_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
