/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-preferences-window"

#include "config.h"

#include "dt-preferences-window.h"

#include "dt-data-chooser.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "nn-dataset.h"
#include "dt-settings.h"

struct _DtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  DtTrainer            *trainer;     /* weak: whether its network needs a Reset */

  AdwActionRow         *reset_row;
  GtkSpinButton        *hidden_spin;
  GtkSpinButton        *seed_spin;
  GtkSpinButton        *smoothing_spin;
  AdwActionRow         *data_row;

  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

/* The main window's Reset, from here: the settings that need it are changed here. */
static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.reset", NULL);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "prefs.reset", NULL, reset_action_cb);
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

  bind_spin (self, self->hidden_spin, "hidden-units");
  bind_spin (self, self->seed_spin, "seed");
  bind_spin (self, self->smoothing_spin, "smoothing");

  g_signal_connect_swapped (self->settings, "changed::data-dir",
                            G_CALLBACK (data_dir_changed_cb), self);
  data_dir_changed_cb (self);
  /* the dataset's group, after the data folder's page's others */
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (
                              GTK_WIDGET (self->data_row), ADW_TYPE_PREFERENCES_PAGE)),
                            ADW_PREFERENCES_GROUP (dt_data_chooser_new_dataset_group (
                              self->settings)));
}

static void
dt_preferences_window_dispose (GObject *object)
{
  DtPreferencesWindow *self = DT_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_clear_weak_pointer (&self->trainer);
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
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, reset_row);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, hidden_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, smoothing_spin);
  gtk_widget_class_bind_template_child (widget_class, DtPreferencesWindow, data_row);
  /* not kept in the struct: their actions drive them; tests look them up */
  gtk_widget_class_bind_template_child_full (widget_class, "reset_button", FALSE, 0);
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

static void
needs_reset_cb (DtPreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->reset_row),
                          self->trainer != NULL && dt_trainer_get_needs_reset (self->trainer));
}

void
dt_preferences_window_set_trainer (DtPreferencesWindow *self,
                                   DtTrainer           *trainer)
{
  g_return_if_fail (DT_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (trainer == NULL || DT_IS_TRAINER (trainer));

  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  g_set_weak_pointer (&self->trainer, trainer);
  if (trainer != NULL)
    g_signal_connect_swapped (trainer, "notify::needs-reset", G_CALLBACK (needs_reset_cb), self);
  needs_reset_cb (self);
}
