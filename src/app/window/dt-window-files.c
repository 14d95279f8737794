/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-files.c — Save Model (Ctrl+S) and Open Model (Ctrl+O): a lesson can start from a
 * trained network, in the format of nn-model-file.h (the CLI's --save and --load); and the
 * weights carried to and from Keras: Export/Import Weights as NumPy's .npz (nn-npz.h, the
 * CLI's --export-npz and --load-npz) and Copy as Keras Code (nn-keras-script.h). */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-class-names.h"
#include "dt-settings.h"
#include "nn-keras-script.h"
#include "nn-validation.h"

#define MODEL_PATTERN "*.dtmodel"
#define MODEL_NAME    "lesson.dtmodel"
#define NPZ_PATTERN   "*.npz"
#define NPZ_NAME      "weights.npz"

/* What the file chooser is for. */
typedef enum
{
  FILE_OPEN_MODEL,
  FILE_SAVE_MODEL,
  FILE_IMPORT_NPZ,
  FILE_EXPORT_NPZ,
} FileKind;

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

/* After a network came from a file: the run so far stays on the curves; the file's network
 * starts a new one, labelled with the file's name. */
static void
adopt_network (DtWindow   *self,
               const char *name,
               const char *text)
{
  if (dt_curve_view_get_n_points (self->curve_view) > 0)
    dt_curve_view_begin_run (self->curve_view, NULL);
  self->run_begun = TRUE;
  self->have_test = FALSE;
  dt_window_lesson_reset (self);
  self->run_origin = g_strdup (name);
  dt_window_set_progress_text (self, text);
  dt_window_toast (self, text);
  dt_window_update_actions (self);
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
  /* Translators: %s is a model file; %g the epochs it was trained for */
  text = g_strdup_printf (_("Opened %s, trained for %g epochs. Train continues from there."),
                          name, dt_trainer_get_position (self->trainer));
  adopt_network (self, name, text);
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

static gboolean
export_npz (DtWindow *self,
            GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;

  if (path != NULL && dt_trainer_export_npz (self->trainer, path, &error))
    {
      /* Translators: %s is a .npz file */
      g_autofree char *text = g_strdup_printf (_("Exported the weights to %s"), name);

      g_free (self->npz_path);
      self->npz_path = g_steal_pointer (&path);
      dt_window_toast (self, text);
      return TRUE;
    }
  dt_window_toast (self, error != NULL ? error->message : _("Not a local file"));
  return FALSE;
}

static gboolean
import_npz (DtWindow *self,
            GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  NnConfig config;

  if (path == NULL || !dt_trainer_import_npz (self->trainer, path, &error))
    {
      dt_window_toast (self, error != NULL ? error->message : _("Not a local file"));
      return FALSE;
    }
  /* the width is the file's: the settings follow, so no Reset is asked for */
  dt_trainer_get_model_config (self->trainer, &config);
  g_settings_set_int (self->settings, "hidden-units", config.n_hidden);
  g_free (self->npz_path);
  self->npz_path = g_steal_pointer (&path);
  /* Translators: %s is a .npz file; %d the hidden units its weights have */
  text = g_strdup_printf (_("Imported the weights of %s (%d hidden units): draw and evaluate "
                            "with them, or Train on from them."), name, config.n_hidden);
  adopt_network (self, name, text);
  return TRUE;
}

static gboolean
use_file (DtWindow *self,
          FileKind  kind,
          GFile    *file)
{
  switch (kind)
    {
    case FILE_SAVE_MODEL:
      return save_model (self, file);
    case FILE_IMPORT_NPZ:
      return import_npz (self, file);
    case FILE_EXPORT_NPZ:
      return export_npz (self, file);
    case FILE_OPEN_MODEL:
    default:
      return open_model (self, file);
    }
}

static void
file_chosen_cb (DtWindow             *self,
                int                   response,
                GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    use_file (self, self->file_kind, file);
}

static void
file_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  static const struct
  {
    const char *action, *title, *accept, *filter, *pattern, *name;
  } kinds[] = {
    [FILE_OPEN_MODEL] = { "win.open-model", N_("Open a Model"), N_("_Open"),
                          N_("Digit Trainer models"), MODEL_PATTERN, NULL },
    [FILE_SAVE_MODEL] = { "win.save-model", N_("Save the Model"), N_("_Save"),
                          N_("Digit Trainer models"), MODEL_PATTERN, MODEL_NAME },
    [FILE_IMPORT_NPZ] = { "win.import-npz", N_("Import Weights from NumPy"), N_("_Import"),
                          N_("NumPy archives (.npz)"), NPZ_PATTERN, NULL },
    [FILE_EXPORT_NPZ] = { "win.export-npz", N_("Export Weights as NumPy"), N_("_Export"),
                          N_("NumPy archives (.npz)"), NPZ_PATTERN, NPZ_NAME },
  };
  DtWindow *self = DT_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  FileKind kind = FILE_OPEN_MODEL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (action_name, kinds[i].action))
      kind = i;
  self->file_kind = kind;
  gtk_file_filter_set_name (filter, _(kinds[kind].filter));
  gtk_file_filter_add_pattern (filter, kinds[kind].pattern);
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_(kinds[kind].title), GTK_WINDOW (self),
                                               kinds[kind].name != NULL
                                               ? GTK_FILE_CHOOSER_ACTION_SAVE
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _(kinds[kind].accept), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (kinds[kind].name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), kinds[kind].name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (file_chosen_cb), self);
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

gboolean
dt_window_export_npz (DtWindow   *self,
                      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_return_val_if_fail (DT_IS_WINDOW (self), FALSE);
  return export_npz (self, file);
}

gboolean
dt_window_import_npz (DtWindow   *self,
                      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_return_val_if_fail (DT_IS_WINDOW (self), FALSE);
  return import_npz (self, file);
}

/* The lesson's script for the settings as they are now (not as the last run had them: what
 * the learner sees in the panel), loading the .npz last exported or imported. */
char *
dt_window_dup_keras_code (DtWindow *self)
{
  NnConfig config;
  NnKerasScript script = { &config, 0, "mnist", 0, 0.0, NN_NO_EARLY_STOPPING, NULL };

  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);

  dt_settings_get_config (self->settings, &config, &script.epochs);
  if (dt_trainer_get_dataset (self->trainer) == NN_DATASET_FASHION)
    script.dataset = "fashion_mnist";
  script.npz_path = self->npz_path;
  return nn_keras_script (&script);
}

static void
copy_keras_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  g_autofree char *code = dt_window_dup_keras_code (self);
  g_autofree char *text = NULL;
  NnConfig config;

  dt_settings_get_config (self->settings, &config, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), code);
  /* Translators: %d is Keras's major version, 2 or 3 */
  text = g_strdup_printf (_("Copied the lesson as Keras %d code for the current settings"),
                          nn_keras_number (config.hyper.form));
  dt_window_toast (self, text);
}

void
dt_window_files_dispose (DtWindow *self)
{
  g_clear_pointer (&self->npz_path, g_free);
}

void
dt_window_class_install_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, file_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, file_action_cb);
  gtk_widget_class_install_action (widget_class, "win.import-npz", NULL, file_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-npz", NULL, file_action_cb);
  gtk_widget_class_install_action (widget_class, "win.copy-keras-code", NULL,
                                   copy_keras_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-model", NULL);
}
