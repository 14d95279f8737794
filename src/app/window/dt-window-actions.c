/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtWindow's actions: win.train, win.stop, win.reset, win.clear-history,
 * win.choose-data-folder, win.export-png/svg/csv, and their keyboard bindings. */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include "dt-data-chooser.h"

#include <glib/gi18n.h>

/* The exported picture: pixels for PNG, points for SVG. */
#define EXPORT_WIDTH  1600
#define EXPORT_HEIGHT 1000

void
dt_window_update_actions (DtWindow *self)
{
  gboolean ready = dt_trainer_get_data_state (self->trainer) == DT_DATA_STATE_READY;
  gboolean running = dt_trainer_get_running (self->trainer);
  guint n_runs = dt_curve_view_get_n_runs (self->curve_view);
  gboolean has_curves = n_runs > 0;
  guint earlier = n_runs - (dt_curve_view_get_n_points (self->curve_view) > 0 ? 1 : 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train", ready && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop",
                                 running || dt_window_compare_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-png", has_curves);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-svg", has_curves);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-csv", has_curves);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-history", earlier > 0);
  dt_window_lesson_update_actions (self);
}

void
dt_window_start_run (DtWindow *self,
                     gboolean  step)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean new_run;
  NnConfig config;
  int epochs;

  /* what the panel's entries hold applies first: Ctrl+Return right after typing trains with
   * the typed value, never with the old one */
  if (!dt_settings_panel_commit (self->settings_panel, &message))
    dt_window_toast (self, message);
  new_run = !self->run_begun || dt_curve_view_get_n_points (self->curve_view) == 0;
  if (!self->run_begun)
    dt_curve_view_begin_run (self->curve_view, NULL);
  self->run_begun = TRUE;
  dt_window_lesson_train_started (self, new_run);

  dt_trainer_get_config (self->trainer, &config, &epochs);
  self->marked_hyper = config.hyper;
  dt_curve_view_set_x_max (self->curve_view, dt_trainer_get_position (self->trainer) + epochs);
  if (self->diverged_toast != NULL)
    adw_toast_dismiss (self->diverged_toast);

  dt_window_stall_start (self);
  if (!(step ? dt_trainer_step (self->trainer, &error) : dt_trainer_train (self->trainer, &error)))
    {
      dt_window_stall_stop (self);
      dt_window_toast (self, error->message);
      return;
    }
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  dt_window_set_progress_text (self, _("Starting…"));
  dt_window_update_actions (self);
}

static void
train_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  dt_window_start_run (DT_WINDOW (widget), FALSE);
}

static void
stop_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_trainer_stop (DT_WINDOW (widget)->trainer);
  dt_window_compare_stop (DT_WINDOW (widget));
}

static void
reset_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  g_autofree char *text = NULL;
  NnConfig config;

  dt_trainer_reset (self->trainer);
  self->have_test = FALSE;
  /* the run so far stays on the curves, dimmed; a new one starts (labelled at Train) */
  if (dt_curve_view_get_n_points (self->curve_view) > 0)
    dt_curve_view_begin_run (self->curve_view, NULL);
  self->run_begun = TRUE;
  dt_window_lesson_reset (self);
  if (self->diverged_toast != NULL)
    adw_toast_dismiss (self->diverged_toast);

  dt_trainer_get_config (self->trainer, &config, NULL);
  /* %llu, not G_GUINT64_FORMAT: xgettext cannot see through the macro */
  text = g_strdup_printf (_("New weights from seed %llu (%d hidden units). "
                            "Press Train to start."),
                          (unsigned long long) config.seed, config.n_hidden);
  dt_window_set_progress_text (self, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  dt_window_update_actions (self);
}

static void
clear_history_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  dt_curve_view_clear_history (self->curve_view);
  dt_window_update_actions (self);
}

static void
choose_folder_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  dt_data_chooser_ask (GTK_WINDOW (self), self->settings, &self->chooser);
}

static void
export_chosen_cb (DtWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  gboolean ok = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  g_clear_object (&self->chooser);
  if (path == NULL)
    return;

  switch (self->export_kind)
    {
    case EXPORT_PNG:
      ok = dt_curve_view_export_png (self->curve_view, path, EXPORT_WIDTH, EXPORT_HEIGHT,
                                     &error);
      break;
    case EXPORT_SVG:
      ok = dt_curve_view_export_svg (self->curve_view, path, EXPORT_WIDTH, EXPORT_HEIGHT,
                                     &error);
      break;
    case EXPORT_CSV:
    default:
      ok = dt_curve_view_export_csv (self->curve_view, path, &error);
      break;
    }
  if (ok)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("Saved %s"), name);
      dt_window_toast (self, text);
    }
  else
    dt_window_toast (self, error->message);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  const char *name;
  const char *title;

  if (g_str_equal (action_name, "win.export-png"))
    {
      self->export_kind = EXPORT_PNG;
      name = "digit-trainer-curves.png";
      title = _("Export Curves as PNG");
    }
  else if (g_str_equal (action_name, "win.export-svg"))
    {
      self->export_kind = EXPORT_SVG;
      name = "digit-trainer-curves.svg";
      title = _("Export Curves as SVG");
    }
  else
    {
      self->export_kind = EXPORT_CSV;
      name = "digit-trainer-curves.csv";
      title = _("Export Numbers as CSV");
    }

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
dt_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.train", NULL, train_action_cb);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action_cb);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action_cb);
  gtk_widget_class_install_action (widget_class, "win.clear-history", NULL,
                                   clear_history_action_cb);
  gtk_widget_class_install_action (widget_class, "win.choose-data-folder", NULL,
                                   choose_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-svg", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.train", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reset", NULL);
  dt_window_class_install_lesson_actions (widget_class);
  dt_window_class_install_file_actions (widget_class);
  dt_window_class_install_dataset_actions (widget_class);
}
