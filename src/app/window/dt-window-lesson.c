/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-lesson.c — the lesson on DtWindow: the settings panel, pace, pause and Step, the
 * runs (their labels, changes and results), the not-learning notice, the read-out, zoom and
 * the display options. */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-format.h"
#include "dt-settings.h"
#include "dt-zoom.h"

/* The lesson's learning rate, which "Back to lr 0.001" restores. */
#define LESSON_LR 0.001
/* The runs table shows about five runs before it scrolls. */
#define RUNS_MAX_HEIGHT 180

/* Display settings the "view." actions toggle, and what each drives. */
static const char *const view_keys[] = {
  "settings-panel", "loss-log-scale", "accuracy-top", "high-contrast-band", "runs-table",
};

/* ---- runs -------------------------------------------------------------------------------- */

/* "lr → 0.01, ρ → 0.95": what changed, for a marker on the curves; NULL if nothing did */
char *
dt_window_format_hyper_change (const NnHyper *before,
                               const NnHyper *after)
{
  GString *s = g_string_new (NULL);
  const struct { const char *name; float a, b; } fields[] = {
    { "lr", before->lr, after->lr },
    { "ρ", before->rho, after->rho },
    { "ε", before->epsilon, after->epsilon },
    { "decay", before->decay, after->decay },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].a != fields[i].b)
      g_string_append_printf (s, "%s%s → %g", s->len > 0 ? ", " : "", fields[i].name,
                              fields[i].b);
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}


static void
relabel_run (DtWindow *self)
{
  g_autofree char *label = NULL;

  g_ptr_array_add (self->run_changes, NULL);
  label = dt_lesson_params_describe (&self->run_params,
                                     (const char *const *) self->run_changes->pdata);
  g_ptr_array_remove_index (self->run_changes, self->run_changes->len - 1);
  if (self->run_origin != NULL)
    {
      /* Translators: a run's label, then the model file it started from */
      g_autofree char *from = g_strdup_printf (_("%s, from %s"), label, self->run_origin);

      g_free (label);
      label = g_steal_pointer (&from);
    }
  dt_curve_view_set_run_label (self->curve_view, label);
}

void
dt_window_lesson_change (DtWindow   *self,
                         const char *text)
{
  g_ptr_array_add (self->run_changes, g_strdup (text));
  relabel_run (self);
  /* a new learning rate gets its own chance before it is judged */
  dt_learning_watch_reset (&self->watch);
}

/* Settings changed between two presses of Train on one run: marked like a mid-run change. */
static void
mark_changes_since (DtWindow             *self,
                    const DtLessonParams *now)
{
  const DtLessonParams *was = &self->applied_params;
  NnHyper a = { was->lr, was->rho, was->epsilon, was->decay };
  NnHyper b = { now->lr, now->rho, now->epsilon, now->decay };
  g_autofree char *hyper = dt_window_format_hyper_change (&a, &b);
  g_autoptr(GString) text = g_string_new (hyper);
  double x = dt_trainer_get_position (self->trainer);

  if (now->batch_size != was->batch_size)
    {
      /* Translators: a change marked on the curves: the new batch size */
      g_autofree char *batch = g_strdup_printf (_("batch → %d"), now->batch_size);

      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", batch);
    }
  if (now->keras_version != was->keras_version)
    g_string_append_printf (text, "%sKeras → %d", text->len > 0 ? ", " : "",
                            now->keras_version);
  if (text->len == 0)
    return;
  dt_curve_view_add_marker (self->curve_view, x, text->str);
  dt_window_lesson_change (self, text->str);
}

void
dt_window_lesson_train_started (DtWindow *self,
                                gboolean  new_run)
{
  DtLessonParams now;

  dt_settings_get_lesson_params (self->settings, &now);
  if (new_run)
    {
      g_auto(GStrv) params = dt_lesson_params_to_strv (&now);

      self->run_params = now;
      g_ptr_array_set_size (self->run_changes, 0);
      dt_curve_view_set_run_params (self->curve_view, (const char *const *) params);
      relabel_run (self);
    }
  else
    mark_changes_since (self, &now);
  self->applied_params = now;
  self->train_started = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->side_stack, "samples");
}

void
dt_window_lesson_reset (DtWindow *self)
{
  g_clear_pointer (&self->run_origin, g_free);
  g_ptr_array_set_size (self->run_changes, 0);
  self->run_seconds = 0;
  dt_learning_watch_reset (&self->watch);
  self->learning_state = DT_LEARNING_OK;
  gtk_revealer_set_reveal_child (self->learning_revealer, FALSE);
  gtk_label_set_label (self->readout_value, "");
  gtk_label_set_label (self->readout_caption, "");
  dt_step_view_set_step (self->step_view, NULL);
  gtk_stack_set_visible_child_name (self->side_stack, "samples");
}

void
dt_window_lesson_finished (DtWindow *self)
{
  DtTrainerStatus st;

  if (self->train_started == 0 || !dt_trainer_get_status (self->trainer, &st))
    return;
  self->run_seconds += (g_get_monotonic_time () - self->train_started) / 1e6;
  self->train_started = 0;
  dt_curve_view_set_run_result (self->curve_view, st.progress.loss, st.progress.accuracy,
                                self->run_seconds);
}

/* ---- the read-out ----------------------------------------------------------------------- */

static void
set_readout (DtWindow   *self,
             double      loss,
             double      accuracy,
             gboolean    test)
{
  g_autofree char *value = g_strdup_printf ("%.1f%%", 100 * accuracy);
  g_autofree char *metric = dt_format_metric (loss);
  /* Translators: under the large read-out: what the percentage is, then the loss */
  g_autofree char *caption = g_strdup_printf (test ? _("test accuracy · loss %s")
                                                   : _("training accuracy · loss %s"), metric);

  gtk_label_set_label (self->readout_value, value);
  gtk_label_set_label (self->readout_caption, caption);
}

void
dt_window_lesson_test_point (DtWindow *self,
                             double    loss,
                             double    accuracy)
{
  set_readout (self, loss, accuracy, TRUE);
}

/* ---- not learning ------------------------------------------------------------------------ */

static char *
learning_text (DtWindow        *self,
               DtLearningState  state)
{
  double lr = g_settings_get_double (self->settings, "learning-rate");
  double epsilon = g_settings_get_double (self->settings, "epsilon");
  g_autofree char *lr_text = dt_format_number (lr);
  g_autofree char *eps_text = dt_format_number (epsilon);
  g_autofree char *what = NULL;
  g_autofree char *why = NULL;

  if (state == DT_LEARNING_DIVERGING)
    what = g_strdup (_("The network is not learning: its loss climbed out of the chart."));
  else if (state == DT_LEARNING_LOSS_AT_CHANCE)
    /* Translators: %u batches; ln 10 is the loss of guessing one digit in ten */
    what = g_strdup_printf (_("The network is not learning: over %u batches its loss stayed at "
                              "or above chance (ln 10 ≈ 2.30)."), DT_WATCH_WINDOW);
  else
    what = g_strdup_printf (_("The network is not learning: over %u batches it answered no "
                              "better than chance (10 %%)."), DT_WATCH_WINDOW);
  switch (dt_learning_likely_cause (state, lr, epsilon))
    {
    case DT_LEARNING_CAUSE_LR_TOO_LARGE:
      /* Translators: %s is the learning rate */
      why = g_strdup_printf (_("The learning rate %s is likely too large: every step "
                               "overshoots."), lr_text);
      break;
    case DT_LEARNING_CAUSE_LR_TOO_SMALL:
      /* Translators: %s is the learning rate */
      why = g_strdup_printf (_("The learning rate %s is likely too small: the weights hardly "
                               "move."), lr_text);
      break;
    case DT_LEARNING_CAUSE_EPSILON_TOO_LARGE:
      /* Translators: %s is ε */
      why = g_strdup_printf (_("ε = %s is likely too large: it swamps every step (the lesson "
                               "uses 1e-8)."), eps_text);
      break;
    case DT_LEARNING_CAUSE_UNKNOWN:
    default:
      why = g_strdup (_("Try the lesson's settings, then Reset."));
      break;
    }
  return g_strdup_printf ("%s %s", what, why);
}

static void
show_learning (DtWindow        *self,
               DtLearningState  state)
{
  g_autofree char *text = NULL;

  if (state == self->learning_state)
    return;
  self->learning_state = state;
  if (state == DT_LEARNING_OK)
    return;
  text = learning_text (self, state);
  gtk_label_set_label (self->learning_label, text);
  gtk_revealer_set_reveal_child (self->learning_revealer, TRUE);
}

void
dt_window_lesson_progress (DtWindow             *self,
                           const DtTrainerPoint *points,
                           guint                 n_points)
{
  DtLearningState state = DT_LEARNING_UNKNOWN;

  for (guint i = 0; i < n_points; i++)
    state = dt_learning_watch_push (&self->watch, points[i].loss, points[i].accuracy);
  /* once said, the notice stays until Reset or a change; a recovery clears nothing */
  if (state != DT_LEARNING_UNKNOWN && state != DT_LEARNING_OK)
    show_learning (self, state);
}

void
dt_window_lesson_update_readout (DtWindow *self)
{
  DtTrainerStatus st;

  /* until the run's first test, the training values */
  if (!self->have_test && dt_trainer_get_status (self->trainer, &st))
    set_readout (self, st.progress.loss, st.progress.accuracy, FALSE);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
step_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);

  if (dt_trainer_get_running (self->trainer))
    dt_trainer_step (self->trainer, NULL);
  else
    /* from a stopped trainer a step starts a run, as Train does, paused after one batch */
    dt_window_start_run (self, TRUE);
  dt_window_update_actions (self);
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  double zoom = g_settings_get_double (self->settings, "zoom");

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom = dt_zoom_step (zoom, 1);
  else if (g_str_equal (action_name, "win.zoom-out"))
    zoom = dt_zoom_step (zoom, -1);
  else
    zoom = 1.0;
  g_settings_set_double (self->settings, "zoom", zoom);
}

/* "Back to lr 0.001": the lesson's learning rate (and ε, when that was the trouble), new
 * weights, and a new run. */
static void
back_to_lesson_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DtWindow *self = DT_WINDOW (widget);
  double epsilon = g_settings_get_double (self->settings, "epsilon");
  double lr = g_settings_get_double (self->settings, "learning-rate");

  dt_trainer_stop (self->trainer);
  if (dt_learning_likely_cause (self->learning_state, lr, epsilon) ==
      DT_LEARNING_CAUSE_EPSILON_TOO_LARGE)
    g_settings_reset (self->settings, "epsilon");
  g_settings_set_double (self->settings, "learning-rate", LESSON_LR);
  gtk_widget_activate_action (widget, "win.reset", NULL);
  gtk_widget_activate_action (widget, "win.train", NULL);
}

static void
dismiss_learning_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (DT_WINDOW (widget)->learning_revealer, FALSE);
}

static void
show_samples_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (DT_WINDOW (widget)->side_stack, "samples");
}

void
dt_window_lesson_update_actions (DtWindow *self)
{
  gboolean ready = dt_trainer_get_data_state (self->trainer) == DT_DATA_STATE_READY;
  gboolean running = dt_trainer_get_running (self->trainer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pause", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-to-lesson-lr", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-model", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-npz", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-npz", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-model",
                                 !running && dt_trainer_get_iterations (self->trainer) > 0);
}

void
dt_window_class_install_lesson_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.pause", "paused");
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_action_cb);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back-to-lesson-lr", NULL,
                                   back_to_lesson_action_cb);
  gtk_widget_class_install_action (widget_class, "win.dismiss-learning", NULL,
                                   dismiss_learning_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-samples", NULL,
                                   show_samples_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.pause",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.step", NULL);
  for (guint i = 0; i < 3; i++)
    {
      const guint in[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
      const guint out[] = { GDK_KEY_minus, GDK_KEY_underscore, GDK_KEY_KP_Subtract };
      const guint reset[] = { GDK_KEY_0, GDK_KEY_KP_0, GDK_KEY_KP_Insert };

      gtk_widget_class_add_binding_action (widget_class, in[i], GDK_CONTROL_MASK, "win.zoom-in",
                                           NULL);
      gtk_widget_class_add_binding_action (widget_class, out[i], GDK_CONTROL_MASK,
                                           "win.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, reset[i], GDK_CONTROL_MASK,
                                           "win.zoom-reset", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "view.settings-panel", NULL);
}

/* ---- for tests -------------------------------------------------------------------------- */

DtSettingsPanel *
dt_window_get_settings_panel (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->settings_panel;
}

GtkWidget *
dt_window_get_runs_table (DtWindow *self)
{
  GtkWidget *scroller;

  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  scroller = gtk_widget_get_first_child (gtk_expander_get_child (self->runs_expander));
  /* the scrolled window put the table in a viewport */
  return gtk_viewport_get_child (GTK_VIEWPORT (
    gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))));
}

const char *
dt_window_get_learning_notice (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return gtk_revealer_get_reveal_child (self->learning_revealer)
         ? gtk_label_get_label (self->learning_label) : "";
}

DtStepView *
dt_window_get_step_view (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->step_view;
}

const char *
dt_window_get_readout (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return gtk_label_get_label (self->readout_value);
}

/* ---- settings and trainer ---------------------------------------------------------------- */

static void
zoom_changed_cb (DtWindow *self)
{
  dt_zoom_set (g_settings_get_double (self->settings, "zoom"));
}

static void
pace_changed_cb (DtWindow *self)
{
  dt_trainer_set_pace (self->trainer, g_settings_get_int (self->settings, "pace"));
}

/* The panel closing applies what it holds; what cannot be applied is said, not dropped. */
static void
flap_revealed_cb (DtWindow *self)
{
  g_autofree char *message = NULL;

  if (!adw_flap_get_reveal_flap (self->flap) &&
      !dt_settings_panel_commit (self->settings_panel, &message))
    dt_window_toast (self, message);
}

static void
step_cb (DtWindow            *self,
         const DtTrainerStep *step,
         DtTrainer           *trainer)
{
  dt_step_view_set_step (self->step_view, step);
  gtk_stack_set_visible_child_name (self->side_stack, "step");
}

static void
paused_cb (DtWindow *self)
{
  g_object_notify (G_OBJECT (self), "paused");
  /* going on after a pause shows the samples again */
  if (!dt_trainer_get_paused (self->trainer) && dt_trainer_get_running (self->trainer))
    gtk_stack_set_visible_child_name (self->side_stack, "samples");
  dt_window_update_actions (self);
}

static void
data_loaded_cb (DtWindow *self)
{
  const NnDataset *train = dt_trainer_get_train_set (self->trainer);

  if (train != NULL)
    dt_settings_panel_set_train_size (self->settings_panel, train->n);
}

static void
setup_view_actions (DtWindow *self)
{
  self->view_actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, view_keys[i]);

      g_action_map_add_action (G_ACTION_MAP (self->view_actions), action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "view",
                                  G_ACTION_GROUP (self->view_actions));
  g_settings_bind (self->settings, "settings-panel", self->flap, "reveal-flap",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "loss-log-scale", self->curve_view, "log-loss",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "accuracy-top", self->curve_view, "accuracy-top",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "high-contrast-band", self->curve_view, "high-contrast",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "runs-table", self->runs_expander, "expanded",
                   G_SETTINGS_BIND_DEFAULT);
}

void
dt_window_lesson_init (DtWindow *self)
{
  GtkWidget *table = dt_runs_table_new (self->curve_view);
  GtkWidget *scroller, *box, *clear;

  self->run_changes = g_ptr_array_new_with_free_func (g_free);
  dt_learning_watch_reset (&self->watch);
  self->learning_state = DT_LEARNING_OK;

  /* the runs table under the curves */
  self->runs_expander = GTK_EXPANDER (gtk_expander_new_with_mnemonic (_("R_uns")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->runs_expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (gtk_expander_get_label_widget (
                                    self->runs_expander))), -1);
  gtk_widget_set_margin_top (table, 6);
  /* on a small screen (or zoomed) the table scrolls rather than push the window's height */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), RUNS_MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), table);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), scroller);
  clear = gtk_button_new_with_label (_("Clear Earlier Runs"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "win.clear-history");
  gtk_widget_set_halign (clear, GTK_ALIGN_END);
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_tooltip_text (clear, _("Keep only the current run on the curves"));
  gtk_box_append (GTK_BOX (box), clear);
  gtk_expander_set_child (self->runs_expander, box);
  gtk_box_append (self->curve_box, GTK_WIDGET (self->runs_expander));

  dt_settings_panel_set_settings (self->settings_panel, self->settings);
  setup_view_actions (self);
  g_signal_connect_swapped (self->flap, "notify::reveal-flap", G_CALLBACK (flap_revealed_cb),
                            self);
  g_signal_connect_swapped (self->settings, "changed::zoom", G_CALLBACK (zoom_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::pace", G_CALLBACK (pace_changed_cb), self);
  g_signal_connect_swapped (self->trainer, "step", G_CALLBACK (step_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::paused", G_CALLBACK (paused_cb), self);
  g_signal_connect_swapped (self->trainer, "notify::data-state", G_CALLBACK (data_loaded_cb),
                            self);
  zoom_changed_cb (self);
  pace_changed_cb (self);
}

void
dt_window_lesson_dispose (DtWindow *self)
{
  g_clear_pointer (&self->run_changes, g_ptr_array_unref);
  g_clear_pointer (&self->run_origin, g_free);
  g_clear_object (&self->view_actions);
}
