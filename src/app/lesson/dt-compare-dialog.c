/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-compare-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-settings.h"

struct _DtCompareDialog
{
  AdwWindow     parent_instance;

  /* template */
  AdwComboRow  *param_row;
  AdwEntryRow  *values_row;
  GtkLabel     *problem_label;
  GtkLabel     *status_label;

  GSettings    *settings;
  DtTrainer    *trainer;     /* weak */
  DtCurveView  *view;        /* weak */
  DtComparison *comparison;
  guint         handles[DT_COMPARISON_MAX_RUNS];
  guint         n_done;
  gboolean      running;     /* as last notified */
};

G_DEFINE_FINAL_TYPE (DtCompareDialog, dt_compare_dialog, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_RUNNING, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* How a run's setting reads in its label, as the lesson's run labels write settings. */
static const char *const short_names[DT_COMPARE_N_PARAMS] = {
  "lr", "ρ", "ε", "decay", "batch", "hidden",
};

static void
show_problem (DtCompareDialog *self,
              const char      *text)
{
  gtk_label_set_label (self->problem_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text != NULL);
}

static void
update_actions (DtCompareDialog *self)
{
  gboolean running = self->comparison != NULL && dt_comparison_get_running (self->comparison);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.start", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.stop", running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->param_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->values_row), !running);
  /* the main window's Stop follows this */
  if (running != self->running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
update_status (DtCompareDialog *self,
               gboolean         stopped)
{
  DtComparison *c = self->comparison;
  guint n = (guint) dt_comparison_get_n_runs (c);
  g_autofree char *text = NULL;

  if (stopped)
    text = g_strdup (_("Stopped. The runs keep what they learned on the curves."));
  else if (!dt_comparison_get_running (c))
    /* Translators: %s is a setting, as in "lr" */
    text = g_strdup_printf (_("Done: the runs of %s are in the runs table, with their final "
                              "figures."), short_names[dt_comparison_get_param (c)]);
  else
    /* Translators: Compare…'s progress */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Training %u run: %u done.",
                                         "Training %u runs at once: %u done.", n), n,
                            self->n_done);
  gtk_label_set_label (self->status_label, text);
}

/* ---- the comparison's signals ------------------------------------------------------------ */

static void
progress_cb (DtCompareDialog      *self,
             guint                 run,
             const DtTrainerPoint *points,
             guint                 n)
{
  g_autoptr(GArray) converted = g_array_sized_new (FALSE, FALSE, sizeof (DtCurvePoint), n);

  if (self->view == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      DtCurvePoint p = { points[i].x, points[i].loss, points[i].accuracy };

      g_array_append_val (converted, p);
    }
  dt_curve_view_run_append_batches (self->view, self->handles[run],
                                    (const DtCurvePoint *) converted->data, n);
}

static void
test_point_cb (DtCompareDialog *self,
               guint            run,
               double           x,
               double           loss,
               double           accuracy)
{
  if (self->view != NULL)
    dt_curve_view_run_append_epoch (self->view, self->handles[run], FALSE, x, loss, accuracy);
}

static void
val_point_cb (DtCompareDialog *self,
              guint            run,
              double           x,
              double           loss,
              double           accuracy)
{
  if (self->view != NULL)
    dt_curve_view_run_append_epoch (self->view, self->handles[run], TRUE, x, loss, accuracy);
}

static void
run_finished_cb (DtCompareDialog  *self,
                 guint             run,
                 const NnProgress *last,
                 double            seconds,
                 const GError     *error)
{
  self->n_done++;
  if (self->view != NULL && last->epoch > 0)
    dt_curve_view_run_set_result (self->view, self->handles[run], last->loss, last->accuracy,
                                  seconds);
  if (error != NULL && !g_error_matches (error, NN_ERROR, NN_ERROR_CANCELLED))
    show_problem (self, error->message);
  update_status (self, FALSE);
}

static void
finished_cb (DtCompareDialog *self)
{
  update_actions (self);
  update_status (self, FALSE);
}

/* ---- starting ---------------------------------------------------------------------------- */

static DtComparison *
new_comparison (DtCompareDialog *self,
                DtCompareParam   param,
                const double    *values,
                int              n,
                GError         **error)
{
  g_autoptr(DtData) data = NULL;
  NnConfig config;
  DtFitOptions options;
  int epochs;

  if (self->trainer == NULL || (data = dt_trainer_ref_data (self->trainer)) == NULL)
    {
      g_set_error_literal (error, NN_ERROR, NN_ERROR_INVALID,
                           _("The training set is not loaded yet."));
      return NULL;
    }
  dt_settings_get_config (self->settings, &config, &epochs);
  dt_settings_get_fit_options (self->settings, &options);
  return dt_comparison_new (data, &config, epochs, &options, param, values, n);
}

static void
add_runs (DtCompareDialog *self)
{
  DtComparison *c = self->comparison;
  DtCompareParam param = dt_comparison_get_param (c);

  for (int i = 0; i < dt_comparison_get_n_runs (c); i++)
    {
      g_autofree char *value = dt_format_number (dt_comparison_get_value (c, i));
      g_autofree char *label = g_strdup_printf ("%s %s", short_names[param], value);

      self->handles[i] = dt_curve_view_add_run (self->view, label);
    }
}

gboolean
dt_compare_dialog_start (DtCompareDialog *self)
{
  DtCompareParam param = adw_combo_row_get_selected (self->param_row);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->values_row));
  double values[DT_COMPARISON_MAX_RUNS];
  g_autoptr(GError) error = NULL;
  NnConfig base;
  int n, epochs;

  g_return_val_if_fail (DT_IS_COMPARE_DIALOG (self), FALSE);

  dt_settings_get_config (self->settings, &base, &epochs);
  if ((n = dt_compare_parse_values (param, text, &base, values, &error)) == 0 ||
      self->view == NULL)
    {
      show_problem (self, error != NULL ? error->message : NULL);
      return FALSE;
    }
  g_clear_object (&self->comparison);
  if ((self->comparison = new_comparison (self, param, values, n, &error)) == NULL)
    {
      show_problem (self, error->message);
      return FALSE;
    }
  show_problem (self, NULL);
  g_signal_connect_swapped (self->comparison, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect_swapped (self->comparison, "test-point", G_CALLBACK (test_point_cb), self);
  g_signal_connect_swapped (self->comparison, "val-point", G_CALLBACK (val_point_cb), self);
  g_signal_connect_swapped (self->comparison, "run-finished", G_CALLBACK (run_finished_cb),
                            self);
  g_signal_connect_swapped (self->comparison, "finished", G_CALLBACK (finished_cb), self);
  add_runs (self);
  dt_curve_view_set_x_max (self->view, MAX (dt_curve_view_get_x_max (self->view), epochs));
  self->n_done = 0;
  if (!dt_comparison_start (self->comparison, 0, &error))
    {
      show_problem (self, error->message);
      return FALSE;
    }
  update_actions (self);
  update_status (self, FALSE);
  return TRUE;
}

gboolean
dt_compare_dialog_get_running (DtCompareDialog *self)
{
  g_return_val_if_fail (DT_IS_COMPARE_DIALOG (self), FALSE);
  return self->running;
}

void
dt_compare_dialog_stop (DtCompareDialog *self)
{
  g_return_if_fail (DT_IS_COMPARE_DIALOG (self));

  if (self->comparison == NULL || !dt_comparison_get_running (self->comparison))
    return;
  dt_comparison_stop (self->comparison);
  update_status (self, TRUE);
}

DtComparison *
dt_compare_dialog_get_comparison (DtCompareDialog *self)
{
  g_return_val_if_fail (DT_IS_COMPARE_DIALOG (self), NULL);
  return self->comparison;
}

void
dt_compare_dialog_set_values (DtCompareDialog *self,
                              DtCompareParam   param,
                              const char      *values)
{
  g_return_if_fail (DT_IS_COMPARE_DIALOG (self));
  g_return_if_fail (param < DT_COMPARE_N_PARAMS);

  adw_combo_row_set_selected (self->param_row, param);
  if (values != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->values_row), values);
}

static void
param_changed_cb (DtCompareDialog *self)
{
  DtCompareParam param = adw_combo_row_get_selected (self->param_row);

  if (param < DT_COMPARE_N_PARAMS)
    gtk_editable_set_text (GTK_EDITABLE (self->values_row), dt_compare_param_preset (param));
  show_problem (self, NULL);
}

static void
start_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  if (!dt_compare_dialog_start (DT_COMPARE_DIALOG (widget)))
    gtk_widget_error_bell (widget);
}

static void
stop_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_compare_dialog_stop (DT_COMPARE_DIALOG (widget));
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
dt_compare_dialog_dispose (GObject *object)
{
  DtCompareDialog *self = DT_COMPARE_DIALOG (object);

  if (self->comparison != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->comparison, self);
      dt_comparison_stop (self->comparison);
      g_clear_object (&self->comparison);
    }
  g_clear_weak_pointer (&self->trainer);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_COMPARE_DIALOG);
  G_OBJECT_CLASS (dt_compare_dialog_parent_class)->dispose (object);
}

static void
dt_compare_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, DT_COMPARE_DIALOG (object)->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_compare_dialog_class_init (DtCompareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_compare_dialog_dispose;
  object_class->get_property = dt_compare_dialog_get_property;
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-compare-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DtCompareDialog, param_row);
  gtk_widget_class_bind_template_child (widget_class, DtCompareDialog, values_row);
  gtk_widget_class_bind_template_child (widget_class, DtCompareDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DtCompareDialog, status_label);
  gtk_widget_class_install_action (widget_class, "compare.start", NULL, start_action_cb);
  gtk_widget_class_install_action (widget_class, "compare.stop", NULL, stop_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dt_compare_dialog_init (DtCompareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->param_row, "notify::selected", G_CALLBACK (param_changed_cb),
                            self);
  param_changed_cb (self);
  update_actions (self);
}

DtCompareDialog *
dt_compare_dialog_new (GtkWindow   *parent,
                       GSettings   *settings,
                       DtTrainer   *trainer,
                       DtCurveView *view)
{
  DtCompareDialog *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (DT_IS_TRAINER (trainer), NULL);
  g_return_val_if_fail (DT_IS_CURVE_VIEW (view), NULL);

  self = g_object_new (DT_TYPE_COMPARE_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  g_set_weak_pointer (&self->trainer, trainer);
  g_set_weak_pointer (&self->view, view);
  return self;
}
