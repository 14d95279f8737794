/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtWindow's validation: the fit options from the settings to the trainer, the validation
 * points to the curves, and an early stop said on the status line; and "Compare…". */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-compare-dialog.h"
#include "dt-settings.h"

static void
push_fit_options_cb (DtWindow *self)
{
  DtFitOptions options;

  dt_settings_get_fit_options (self->settings, &options);
  dt_trainer_set_fit_options (self->trainer, &options);
}

static void
val_point_cb (DtWindow  *self,
              double     x,
              double     loss,
              double     accuracy,
              DtTrainer *trainer)
{
  dt_curve_view_append_val (self->curve_view, x, loss, accuracy);
}

/* Runs after the window's own "finished" handler, so its line replaces the "Done" one. */
static void
finished_cb (DtWindow     *self,
             const GError *error,
             DtTrainer    *trainer)
{
  g_autofree char *best_loss = NULL;
  g_autofree char *text = NULL;
  NnFitReport report;
  DtFitOptions options;
  DtTrainerStatus st;

  if (error != NULL || !dt_trainer_get_fit_report (trainer, &report) || !report.stopped_early ||
      !dt_trainer_get_status (trainer, &st))
    return;
  dt_trainer_get_fit_options (trainer, &options);
  best_loss = dt_trainer_format_metric (report.best_val_loss);
  /* Translators: the status line after Keras's EarlyStopping ended a run: the epoch it
   * stopped at, the patience, the best epoch and its validation loss */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Stopped early at epoch %d: val_loss did not improve for "
                                       "%d epoch. The weights of epoch %d (val_loss %s) are "
                                       "restored.",
                                       "Stopped early at epoch %d: val_loss did not improve for "
                                       "%d epochs. The weights of epoch %d (val_loss %s) are "
                                       "restored.", options.patience),
                          st.progress.epoch, options.patience, report.best_epoch, best_loss);
  dt_window_set_progress_text (self, text);
}

void
dt_window_validation_init (DtWindow *self)
{
  const char *keys[] = { "train-samples", "validation-split", "early-stopping" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", keys[i], NULL);

      g_signal_connect_swapped (self->settings, signal, G_CALLBACK (push_fit_options_cb), self);
    }
  push_fit_options_cb (self);
  g_signal_connect_swapped (self->trainer, "val-point", G_CALLBACK (val_point_cb), self);
  g_signal_connect_swapped (self->trainer, "finished", G_CALLBACK (finished_cb), self);
}

/* ---- Compare… ---------------------------------------------------------------------------- */

#define COMPARE_DIALOG_KEY "dt-compare-dialog"

static void
destroy_dialog (gpointer dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));   /* nothing when already destroyed */
  g_object_unref (dialog);
}

/* One dialog per window, kept while hidden, so its runs go on when it is closed. */
DtCompareDialog *
dt_window_get_compare_dialog (DtWindow *self)
{
  DtCompareDialog *dialog = g_object_get_data (G_OBJECT (self), COMPARE_DIALOG_KEY);

  if (dialog == NULL)
    {
      dialog = dt_compare_dialog_new (GTK_WINDOW (self), self->settings, self->trainer,
                                      self->curve_view);
      /* the window destroys it with itself */
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      g_signal_connect_object (dialog, "notify::running", G_CALLBACK (dt_window_update_actions),
                               self, G_CONNECT_SWAPPED);
      /* GTK owns the new window's only reference: this one keeps the dialog for as long as
       * the window, even after destroy-with-parent has run */
      g_object_set_data_full (G_OBJECT (self), COMPARE_DIALOG_KEY, g_object_ref (dialog),
                              destroy_dialog);
    }
  return dialog;
}

/* Whether Compare…'s runs train: the window's Stop stops them as well as its own run. */
gboolean
dt_window_compare_running (DtWindow *self)
{
  DtCompareDialog *dialog = g_object_get_data (G_OBJECT (self), COMPARE_DIALOG_KEY);

  return dialog != NULL && dt_compare_dialog_get_running (dialog);
}

void
dt_window_compare_stop (DtWindow *self)
{
  DtCompareDialog *dialog = g_object_get_data (G_OBJECT (self), COMPARE_DIALOG_KEY);

  if (dialog != NULL)
    dt_compare_dialog_stop (dialog);
}

static void
compare_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (dt_window_get_compare_dialog (DT_WINDOW (widget))));
}

void
dt_window_class_install_compare_action (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.compare",
                                       NULL);
}
