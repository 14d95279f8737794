/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-files.c — Save Model (Ctrl+S) and Open Model (Ctrl+O): a lesson can start from a
 * trained network, in the format of nn-model-file.h (the CLI's --save and --load). */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-settings.h"

#define MODEL_PATTERN "*.dtmodel"
#define MODEL_NAME    "lesson.dtmodel"

/* The settings follow an opened model (one change): the panel then shows what it was
 * trained with, and its width and seed need no Reset. */
static void
settings_from_model (DtWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *path = NULL;
  NnConfig config;

  dt_trainer_get_model_config (self->trainer, &config);
  g_object_get (self->settings, "settings-schema", &schema, "backend", &backend, "path", &path,
                NULL);
  settings = g_settings_new_full (schema, backend, path);
  g_settings_delay (settings);
  g_settings_set_double (settings, "learning-rate",
                         dt_settings_double_from_float (config.hyper.lr));
  g_settings_set_double (settings, "rho", dt_settings_double_from_float (config.hyper.rho));
  g_settings_set_double (settings, "epsilon",
                         dt_settings_double_from_float (config.hyper.epsilon));
  g_settings_set_double (settings, "decay", dt_settings_double_from_float (config.hyper.decay));
  g_settings_set_int (settings, "keras-version", nn_keras_number (config.hyper.form));
  g_settings_set_int (settings, "batch-size", config.batch_size);
  g_settings_set_int (settings, "hidden-units", config.n_hidden);
  g_settings_set_int64 (settings, "seed", (gint64) config.seed);
  g_settings_apply (settings);
}

static gboolean
open_model (DtWindow *self,
            GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || !dt_trainer_load_model (self->trainer, path, &error))
    {
      dt_window_toast (self, error != NULL ? error->message : _("Not a local file"));
      return FALSE;
    }
  settings_from_model (self);
  /* the run so far stays on the curves; the opened network starts a new one at its epochs */
  if (dt_curve_view_get_n_points (self->curve_view) > 0)
    dt_curve_view_begin_run (self->curve_view, NULL);
  self->run_begun = TRUE;
  self->have_test = FALSE;
  dt_window_lesson_reset (self);
  self->run_origin = g_strdup (name);
  /* Translators: %s is a model file; %g the epochs it was trained for */
  text = g_strdup_printf (_("Opened %s, trained for %g epochs. Train continues from there."),
                          name, dt_trainer_get_position (self->trainer));
  dt_window_set_progress_text (self, text);
  dt_window_toast (self, text);
  dt_window_update_actions (self);
  return TRUE;
}

static gboolean
save_model (DtWindow *self,
            GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;

  if (path != NULL && dt_trainer_save_model (self->trainer, path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Saved %s"), name);

      dt_window_toast (self, text);
      return TRUE;
    }
  dt_window_toast (self, error != NULL ? error->message : _("Not a local file"));
  return FALSE;
}

static void
model_chosen_cb (DtWindow             *self,
                 int                   response,
                 GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (self->model_save)
    save_model (self, file);
  else
    open_model (self, file);
}

static void
model_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  self->model_save = g_str_equal (action_name, "win.save-model");
  gtk_file_filter_set_name (filter, _("Digit Trainer models"));
  gtk_file_filter_add_pattern (filter, MODEL_PATTERN);
  g_clear_object (&self->chooser);
  self->chooser = self->model_save
    ? gtk_file_chooser_native_new (_("Save the Model"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"))
    : gtk_file_chooser_native_new (_("Open a Model"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (self->model_save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), MODEL_NAME);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (model_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

gboolean
dt_window_open_model (DtWindow    *self,
                      const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_return_val_if_fail (DT_IS_WINDOW (self), FALSE);
  return open_model (self, file);
}

gboolean
dt_window_save_model (DtWindow   *self,
                      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_return_val_if_fail (DT_IS_WINDOW (self), FALSE);
  return save_model (self, file);
}

void
dt_window_class_install_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, model_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, model_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-model", NULL);
}
