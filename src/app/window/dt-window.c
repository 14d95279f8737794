/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "dt-inside-pages.h"
#include "dt-mnist-download.h"
#include "dt-settings.h"

#define SKETCH_MARGIN 18   /* around the Draw page's panel: the HIG's large spacing */

G_DEFINE_FINAL_TYPE (DtWindow, dt_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
dt_window_get_button (DtWindow   *self,
                      const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), DT_TYPE_WINDOW, name));
}

void
dt_window_toast (DtWindow   *self,
                 const char *message)
{
  g_return_if_fail (DT_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
dt_window_set_progress_text (DtWindow   *self,
                             const char *text)
{
  gtk_label_set_label (self->progress_label, text);
}

/* ---- settings → trainer ----------------------------------------------------------------- */

static void
push_config (DtWindow *self)
{
  NnConfig config;
  int epochs;

  dt_settings_get_config (self->settings, &config, &epochs);
  dt_trainer_set_config (self->trainer, &config, epochs);
}

static void
settings_changed_cb (DtWindow   *self,
                     const char *key)
{
  if (g_strcmp0 (key, "data-dir") == 0 || g_strcmp0 (key, "dataset") == 0)
    dt_window_load_data (self);
  else if (dt_settings_is_training_key (key))
    push_config (self);
}

/* ---- trainer → window ------------------------------------------------------------------- */

static void
progress_cb (DtWindow             *self,
             const DtTrainerPoint *points,
             guint                 n_points,
             DtTrainer            *trainer)
{
  DtTrainerStatus st;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n_points; i++)
    dt_curve_view_append_batch (self->curve_view, points[i].x, points[i].loss, points[i].accuracy);
  dt_window_lesson_progress (self, points, n_points);
  if (!dt_trainer_get_status (trainer, &st))
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, st.fraction);
  /* numbers that change 60 times a second cannot be read: the text follows at 10 Hz */
  if (g_get_monotonic_time () - self->last_text_update < TEXT_INTERVAL_US)
    return;
  self->last_text_update = g_get_monotonic_time ();
  text = dt_trainer_format_status (&st);
  if (dt_trainer_get_paused (trainer))
    {
      /* Translators: %s is the progress line of a paused run */
      g_autofree char *paused = g_strdup_printf (_("Paused — %s"), text);

      g_free (text);
      text = g_steal_pointer (&paused);
    }
  dt_window_set_progress_text (self, text);
  dt_window_lesson_update_readout (self);
  dt_window_update_actions (self);
}

static void
test_point_cb (DtWindow  *self,
               double     x,
               double     loss,
               double     accuracy,
               DtTrainer *trainer)
{
  dt_curve_view_append_test (self->curve_view, x, loss, accuracy);
  dt_window_lesson_test_point (self, loss, accuracy);
  self->have_test = TRUE;
  self->test_loss = loss;
  self->test_accuracy = accuracy;
}

static void
hyper_applied_cb (DtWindow      *self,
                  double         x,
                  const NnHyper *hyper,
                  DtTrainer     *trainer)
{
  g_autofree char *text = dt_window_format_hyper_change (&self->marked_hyper, hyper);

  if (text != NULL)
    {
      dt_curve_view_add_marker (self->curve_view, x, text);
      dt_window_lesson_change (self, text);
    }
  self->marked_hyper = *hyper;
}

static void
show_diverged (DtWindow     *self,
               const GError *error)
{
  g_autofree char *title = NULL;

  if (self->diverged_toast != NULL)
    adw_toast_dismiss (self->diverged_toast);
  title = g_markup_escape_text (_("Training diverged: the loss is no longer a number. "
                                  "Try a smaller learning rate, then Reset."), -1);
  self->diverged_toast = adw_toast_new (title);
  adw_toast_set_timeout (self->diverged_toast, 0);
  adw_toast_set_button_label (self->diverged_toast, _("_Preferences"));
  adw_toast_set_action_name (self->diverged_toast, "app.preferences");
  g_object_add_weak_pointer (G_OBJECT (self->diverged_toast), (gpointer *) &self->diverged_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->diverged_toast);
  dt_window_set_progress_text (self, error->message);
}

static void
finished_cb (DtWindow     *self,
             const GError *error,
             DtTrainer    *trainer)
{
  DtTrainerStatus st;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;

  dt_window_stall_stop (self);
  dt_window_lesson_finished (self);
  dt_window_update_actions (self);
  if (g_error_matches (error, NN_ERROR, NN_ERROR_DIVERGED))
    {
      show_diverged (self, error);
      return;
    }
  if (!dt_trainer_get_status (trainer, &st))
    return;
  line = dt_trainer_format_status (&st);
  if (g_error_matches (error, NN_ERROR, NN_ERROR_CANCELLED))
    {
      st.eta_seconds = -1;
      g_clear_pointer (&line, g_free);
      line = dt_trainer_format_status (&st);
      /* Translators: %s is the progress line */
      text = g_strdup_printf (_("Stopped — %s. Train continues from here."), line);
    }
  else if (error != NULL)
    text = g_strdup (error->message);
  else
    {
      st.eta_seconds = -1;
      g_clear_pointer (&line, g_free);
      line = dt_trainer_format_status (&st);
      if (self->have_test)
        {
          g_autofree char *tl = dt_trainer_format_metric (self->test_loss);
          g_autofree char *ta = dt_trainer_format_metric (self->test_accuracy);

          /* Translators: %s is the progress line, then the test-set loss and accuracy */
          text = g_strdup_printf (_("Done — %s · test loss %s · test acc %s"), line, tl, ta);
        }
      else
        /* Translators: %s is the progress line */
        text = g_strdup_printf (_("Done — %s"), line);
    }
  dt_window_set_progress_text (self, text);
}

/* ---- sketchpad -------------------------------------------------------------------------- */

/* The panel gets its own copy of the weights the worker last published (the untrained ones
 * before the first step), so it never reads weights a run is writing. */
static void
push_network_to_sketch (DtWindow *self)
{
  if (self->sketch_panel != NULL)
    dt_inside_pages_push_network (self->trainer, self->sketch_panel);
}

static void
sample_added_cb (DtWindow      *self,
                 guint          label,
                 DtSketchPanel *panel)
{
  dt_window_push_user_samples (self);
}

static void
setup_sketch_panel (DtWindow *self)
{
  self->sketch_panel = DT_SKETCH_PANEL (dt_sketch_panel_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->sketch_panel), SKETCH_MARGIN);
  gtk_widget_set_margin_end (GTK_WIDGET (self->sketch_panel), SKETCH_MARGIN);
  gtk_widget_set_margin_top (GTK_WIDGET (self->sketch_panel), SKETCH_MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->sketch_panel), SKETCH_MARGIN);
  dt_window_set_sketch_panel (self, GTK_WIDGET (self->sketch_panel));
  g_signal_connect_object (self->sketch_panel, "sample-added", G_CALLBACK (sample_added_cb),
                           self, G_CONNECT_SWAPPED);
  dt_window_push_user_samples (self);
  push_network_to_sketch (self);
}

static void
network_changed_cb (DtWindow  *self,
                    DtTrainer *trainer)
{
  /* the sample grid listens itself; here the action states and the sketchpad */
  dt_window_update_actions (self);
  push_network_to_sketch (self);
}

static void
needs_reset_cb (DtWindow *self)
{
  gtk_revealer_set_reveal_child (self->reset_revealer,
                                 dt_trainer_get_needs_reset (self->trainer));
}

/* Train/Draw only make sense once there is data; when the header is too narrow for the
 * switcher, it moves to the bottom bar. */
static void
update_switcher_cb (DtWindow *self)
{
  gboolean ready = dt_trainer_get_data_state (self->trainer) == DT_DATA_STATE_READY;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, ready);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    ready && adw_view_switcher_title_get_title_visible (
                                               self->switcher_title));
}

static void
data_state_cb (DtWindow *self)
{
  const GError *error = dt_trainer_get_data_error (self->trainer);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean ready = FALSE;

  switch (dt_trainer_get_data_state (self->trainer))
    {
    case DT_DATA_STATE_NONE:
    case DT_DATA_STATE_LOADING:
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      break;
    case DT_DATA_STATE_READY:
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      ready = TRUE;
      break;
    case DT_DATA_STATE_MISSING:
      gtk_label_set_label (self->empty_detail, error != NULL ? error->message : "");
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      break;
    case DT_DATA_STATE_ERROR:
    default:
      gtk_label_set_label (self->error_detail, error != NULL ? error->message : "");
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      break;
    }
  update_switcher_cb (self);
  dt_window_update_actions (self);
  /* with the data in, Return starts training: Train takes the focus the disabled button
   * could not hold */
  if (ready && (focus == NULL || gtk_widget_is_ancestor (focus, self->header_bar)))
    gtk_widget_grab_focus (dt_window_get_button (self, "train_button"));
  dt_window_dataset_update (self);
}

/* Download MNIST filled the default folder, which the lookup finds: load again. */
static void
mnist_downloaded_cb (DtWindow *self)
{
  dt_window_load_data (self);
}

static void
running_cb (DtWindow *self)
{
  gboolean running = dt_trainer_get_running (self->trainer);
  GtkWidget *from = dt_window_get_button (self, running ? "train_button" : "stop_button");
  GtkWidget *to = dt_window_get_button (self, running ? "stop_button" : "train_button");
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  gboolean had_focus = focus == NULL || focus == from;

  dt_window_update_actions (self);
  /* the button that turns insensitive hands its focus to its partner, not to whatever
   * widget comes next */
  if (had_focus)
    gtk_widget_grab_focus (to);
}

/* ---- public ----------------------------------------------------------------------------- */

DtTrainer *
dt_window_get_trainer (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->trainer;
}

DtCurveView *
dt_window_get_curve_view (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->curve_view;
}

DtSampleGrid *
dt_window_get_sample_grid (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->sample_grid;
}

GtkBox *
dt_window_get_sketch_slot (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->sketch_slot;
}

void
dt_window_set_sketch_panel (DtWindow  *self,
                            GtkWidget *panel)
{
  GtkWidget *old;

  g_return_if_fail (DT_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (panel));

  while ((old = gtk_widget_get_first_child (GTK_WIDGET (self->sketch_slot))) != NULL)
    {
      if (old == GTK_WIDGET (self->sketch_panel))
        self->sketch_panel = NULL;
      gtk_box_remove (self->sketch_slot, old);
    }
  self->sketch_placeholder = NULL;
  gtk_widget_set_vexpand (panel, TRUE);
  gtk_box_append (self->sketch_slot, panel);
}

DtSketchPanel *
dt_window_get_sketch_panel (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return self->sketch_panel;
}

const char *
dt_window_get_progress_text (DtWindow *self)
{
  g_return_val_if_fail (DT_IS_WINDOW (self), NULL);
  return gtk_label_get_label (self->progress_label);
}

/* ---- GObject ---------------------------------------------------------------------------- */

/* Unmap comes both from closing the window and from Quit destroying it: what the panel holds
 * applies, like closing the panel, and the window's state is kept. */
static void
dt_window_unmap (GtkWidget *widget)
{
  DtWindow *self = DT_WINDOW (widget);
  g_autofree char *message = NULL;

  dt_settings_panel_commit (self->settings_panel, &message);
  dt_window_save_state (self);
  GTK_WIDGET_CLASS (dt_window_parent_class)->unmap (widget);
}

static void
dt_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      g_value_set_boolean (value, self->trainer != NULL && dt_trainer_get_paused (self->trainer));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DtWindow *self = DT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      dt_trainer_set_paused (self->trainer, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_window_dispose (GObject *object)
{
  DtWindow *self = DT_WINDOW (object);

  dt_window_stall_clear (self);
  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* cancels and joins a running worker (the sample grid holds the trainer too) */
  if (self->trainer != NULL)
    dt_trainer_stop (self->trainer);
  self->sketch_panel = NULL;   /* goes with the template */
  dt_window_lesson_dispose (self);
  dt_window_dataset_dispose (self);
  dt_window_files_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_WINDOW);
  g_clear_object (&self->trainer);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dt_window_parent_class)->dispose (object);
}

static void
dt_window_class_init (DtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_window_dispose;
  object_class->get_property = dt_window_get_property;
  object_class->set_property = dt_window_set_property;
  widget_class->unmap = dt_window_unmap;

  /* Whether the run is paused (the action win.pause toggles it); FALSE when none runs. */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DT_TYPE_SAMPLE_GRID);
  g_type_ensure (DT_TYPE_MNIST_DOWNLOAD);
  g_type_ensure (DT_TYPE_SETTINGS_PANEL);
  g_type_ensure (DT_TYPE_STEP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, curve_box);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, sample_grid);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, empty_detail);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, error_detail);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, reset_revealer);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, sketch_slot);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, sketch_placeholder);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, settings_panel);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, learning_revealer);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, learning_label);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, step_view);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, readout_value);
  gtk_widget_class_bind_template_child (widget_class, DtWindow, readout_caption);
  /* not kept in the struct: their actions drive them; tests look them up */
  gtk_widget_class_bind_template_child_full (widget_class, "train_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "stop_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "reset_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, mnist_downloaded_cb);
  gtk_widget_class_bind_template_child_full (widget_class, "pause_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "step_button", FALSE, 0);

  dt_window_class_install_actions (widget_class);
  dt_window_class_install_compare_action (widget_class);
}

static void
dt_window_init (DtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

  self->curve_view = DT_CURVE_VIEW (dt_curve_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->curve_view), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->curve_view), TRUE);
  gtk_box_append (self->curve_box, GTK_WIDGET (self->curve_view));

  self->settings = dt_settings_new ();
  dt_window_restore_state (self);
  self->trainer = dt_trainer_new ();
  push_config (self);
  g_settings_bind (self->settings, "smoothing", self->curve_view, "smoothing",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);

  g_signal_connect_swapped (self->trainer, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect_swapped (self->trainer, "test-point", G_CALLBACK (test_point_cb), self);
  g_signal_connect_swapped (self->trainer, "hyper-applied", G_CALLBACK (hyper_applied_cb), self);
  g_signal_connect_swapped (self->trainer, "finished", G_CALLBACK (finished_cb), self);
  g_signal_connect_swapped (self->trainer, "network-changed", G_CALLBACK (network_changed_cb),
                            self);
  g_signal_connect_swapped (self->trainer, "notify::needs-reset", G_CALLBACK (needs_reset_cb),
                            self);
  g_signal_connect_swapped (self->trainer, "notify::data-state", G_CALLBACK (data_state_cb),
                            self);
  g_signal_connect_swapped (self->trainer, "notify::running", G_CALLBACK (running_cb), self);
  dt_sample_grid_set_trainer (self->sample_grid, self->trainer);
  setup_sketch_panel (self);
  dt_inside_pages_add (GTK_WINDOW (self), self->view_stack, self->trainer, self->sketch_panel,
                       self->sample_grid);
  dt_window_lesson_init (self);
  dt_window_validation_init (self);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (update_switcher_cb), self);

  dt_window_set_progress_text (self,
                               _("Press Train to teach the network with the lesson's settings."));
  dt_window_load_data (self);
  data_state_cb (self);
}

DtWindow *
dt_window_new (AdwApplication *application)
{
  return g_object_new (DT_TYPE_WINDOW, "application", application, NULL);
}
