/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lesson on DtWindow, end to end on a generated IDX set: a typed learning rate is not
 * lost, Stop works while the preferences are open, the not-learning notice at lr 10, runs
 * that keep their labels and markers, Step and Pause, zoom, model files, the read-out and
 * the CSV's settings.  (test-window.c checks the shortcuts window lists the new keys.) */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-application.h"
#include "dt-compare-dialog.h"
#include "dt-preferences-window.h"
#include "dt-runs-table.h"
#include "dt-settings.h"
#include "dt-settings-panel.h"
#include "dt-wheel.h"
#include "dt-test-data.h"
#include "dt-window.h"
#include "dt-zoom.h"

#define N_TRAIN 3000
#define N_TEST  300

static char *data_dir;

static GSettings *
settings_for (int batch_size,
              int epochs)
{
  GSettings *settings = dt_test_fresh_settings ();

  g_settings_set_string (settings, "data-dir", data_dir);
  g_settings_set_int (settings, "batch-size", batch_size);
  g_settings_set_int (settings, "epochs", epochs);
  return settings;
}

static DtWindow *
open_window (DtApplication *app)
{
  DtWindow *window = dt_window_new (ADW_APPLICATION (app));
  DtTrainer *trainer = dt_window_get_trainer (window);

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (dt_trainer_get_data_state (trainer) != DT_DATA_STATE_READY)
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static void
close_window (DtWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_until_stopped (DtWindow *window)
{
  while (dt_trainer_get_running (dt_window_get_trainer (window)))
    g_main_context_iteration (NULL, TRUE);
  iterate ();
}

static GtkEditable *
panel_entry (DtWindow   *window,
             const char *key)
{
  GtkWidget *todo[512];
  guint n = 0;

  todo[n++] = GTK_WIDGET (dt_window_get_settings_panel (window));
  while (n > 0)
    {
      GtkWidget *w = todo[--n];

      if (g_strcmp0 (gtk_widget_get_name (w), key) == 0)
        return GTK_EDITABLE (w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && n < G_N_ELEMENTS (todo);
           c = gtk_widget_get_next_sibling (c))
        todo[n++] = c;
    }
  g_assert_not_reached ();
}

/* The steps: type 0.05, Escape, Ctrl+Return: the run uses 0.05. */
static void
test_typed_lr (void)
{
  g_autoptr(GSettings) settings = settings_for (8, 1);
  DtWindow *window = open_window (NULL);
  GtkEditable *lr = panel_entry (window, "learning-rate");
  NnConfig config;

  gtk_widget_grab_focus (GTK_WIDGET (lr));
  gtk_editable_set_text (lr, "0.05");
  /* Escape is Stop (nothing runs), then Train, the focus still in the entry */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL) ||
                 !dt_trainer_get_running (dt_window_get_trainer (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  dt_trainer_get_config (dt_window_get_trainer (window), &config, NULL);
  g_assert_cmpfloat (config.hyper.lr, ==, 0.05f);
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 0.05);
  wait_until_stopped (window);

  /* closing the panel (F9) applies what it holds too */
  gtk_editable_set_text (panel_entry (window, "rho"), "0.8");
  g_assert_cmpfloat (g_settings_get_double (settings, "rho"), ==, 0.9);
  g_assert_true (g_settings_get_boolean (settings, "settings-panel"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "view.settings-panel", NULL));
  g_assert_false (g_settings_get_boolean (settings, "settings-panel"));
  g_assert_cmpfloat (g_settings_get_double (settings, "rho"), ==, 0.8);
  close_window (window);
}

/* Preferences is not modal, opens once, says when a Reset is needed (with a Reset right
 * there), and Stop works while it is open. */
static void
test_preferences_open (void)
{
  g_autoptr(GSettings) settings = settings_for (2, 100);
  DtApplication *app = dt_application_new ();
  g_autoptr(GError) error = NULL;
  DtWindow *window;
  DtTrainer *trainer;
  GtkWindow *prefs = NULL;
  GtkWidget *reset_row;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = open_window (app);
  trainer = dt_window_get_trainer (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (app)); w != NULL; w = w->next)
    if (DT_IS_PREFERENCES_WINDOW (w->data))
      {
        g_assert_null (prefs);
        prefs = w->data;
      }
  g_assert_nonnull (prefs);
  g_assert_false (gtk_window_get_modal (prefs));
  g_assert_true (gtk_window_get_transient_for (prefs) == GTK_WINDOW (window));

  /* Stop from the main window, its button as a click would activate it */
  g_assert_true (dt_trainer_get_running (trainer));
  g_assert_true (gtk_widget_get_sensitive (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                               "stop_button"))));
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                                        "stop_button"), "clicked");
  g_assert_false (dt_trainer_get_running (trainer));

  /* hidden units wait for a Reset: the preferences say so, and reset from there */
  reset_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                         DT_TYPE_PREFERENCES_WINDOW,
                                                         "reset_row"));
  g_assert_false (gtk_widget_get_visible (reset_row));
  g_settings_set_int (settings, "hidden-units", 16);
  g_assert_true (gtk_widget_get_visible (reset_row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.reset", NULL));
  g_assert_false (gtk_widget_get_visible (reset_row));
  g_assert_false (dt_trainer_get_needs_reset (trainer));

  gtk_window_destroy (prefs);
  close_window (window);
  g_object_unref (app);
}

/* The window's Stop (its button, Escape) also stops Compare…'s runs, and is enabled while
 * only they train. */
static void
test_stop_compare (void)
{
  g_autoptr(GSettings) settings = settings_for (2, 100);
  GtkWidget *stop_button;
  DtCompareDialog *dialog;
  DtComparison *comparison;
  DtWindow *window;

  window = open_window (NULL);
  stop_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                                           "stop_button"));
  g_assert_false (gtk_widget_get_sensitive (stop_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  dialog = dt_window_get_compare_dialog (window);
  dt_compare_dialog_set_values (dialog, DT_COMPARE_HIDDEN, "8, 16");
  g_assert_true (dt_compare_dialog_start (dialog));
  comparison = dt_compare_dialog_get_comparison (dialog);
  g_assert_true (dt_comparison_get_running (comparison));
  g_assert_false (dt_trainer_get_running (dt_window_get_trainer (window)));
  g_assert_true (gtk_widget_get_sensitive (stop_button));

  g_signal_emit_by_name (stop_button, "clicked");
  g_assert_false (dt_comparison_get_running (comparison));
  g_assert_false (dt_compare_dialog_get_running (dialog));
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (stop_button));

  close_window (window);
}

/* The wheel over the panel's sliders scrolls the panel (dt-wheel.c): a capture-phase scroll
 * controller sits on the panel's scroller, and the pointer over a slider is told from the
 * pointer over its label.  (The event path itself was checked under Xvfb with xdotool: the
 * learning rate stays 0.001 while the panel scrolls.) */
static void
test_wheel (void)
{
  g_autoptr(GSettings) settings = settings_for (32, 1);
  GtkWidget *panel, *scroller, *scale, *label;
  graphene_point_t centre, in_scroller;
  gboolean capture_scroll = FALSE;
  GListModel *controllers;
  DtWindow *window;

  window = open_window (NULL);
  panel = GTK_WIDGET (dt_window_get_settings_panel (window));
  scroller = adw_bin_get_child (ADW_BIN (panel));
  scale = GTK_WIDGET (gtk_widget_get_template_child (panel, DT_TYPE_SETTINGS_PANEL,
                                                     "pace_scale"));
  label = GTK_WIDGET (gtk_widget_get_template_child (panel, DT_TYPE_SETTINGS_PANEL,
                                                     "pace_label"));
  iterate ();
  g_assert_true (gtk_widget_get_mapped (scale));

  controllers = gtk_widget_observe_controllers (scroller);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      capture_scroll |= GTK_IS_EVENT_CONTROLLER_SCROLL (c) &&
                        gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE;
    }
  g_object_unref (controllers);   /* an observer slows the widget down while it lives */
  g_assert_true (capture_scroll);

  centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (scale) / 2.f,
                                gtk_widget_get_height (scale) / 2.f);
  g_assert_true (gtk_widget_compute_point (scale, scroller, &centre, &in_scroller));
  g_assert_true (dt_wheel_is_over_slider (GTK_SCROLLED_WINDOW (scroller), in_scroller.x,
                                          in_scroller.y));
  centre = GRAPHENE_POINT_INIT (2.f, gtk_widget_get_height (label) / 2.f);
  g_assert_true (gtk_widget_compute_point (label, scroller, &centre, &in_scroller));
  g_assert_false (dt_wheel_is_over_slider (GTK_SCROLLED_WINDOW (scroller), in_scroller.x,
                                           in_scroller.y));
  close_window (window);
}

/* lr 10: the notice says so within a few hundred batches, with the likely cause; "Back to
 * lr 0.001" starts a new run with the lesson's rate. */
static void
test_not_learning (void)
{
  g_autoptr(GSettings) settings = settings_for (8, 50);
  DtWindow *window = open_window (NULL);
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtCurveView *curves = dt_window_get_curve_view (window);
  NnConfig config;
  gsize batches;

  g_settings_set_double (settings, "learning-rate", 10);
  /* a few batches per frame, so the count below is the watch's own */
  g_settings_set_int (settings, "pace", 500);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_trainer_get_running (trainer) &&
         dt_window_get_learning_notice (window)[0] == '\0')
    g_main_context_iteration (NULL, TRUE);
  batches = dt_curve_view_get_n_points (curves);
  g_test_message ("after %" G_GSIZE_FORMAT " batches: %s", batches,
                  dt_window_get_learning_notice (window));
  g_assert_cmpstr (dt_window_get_learning_notice (window), !=, "");
  g_assert_cmpuint (batches, <=, 400);
  g_assert_nonnull (strstr (dt_window_get_learning_notice (window), "too large"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back-to-lesson-lr", NULL));
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 0.001);
  g_assert_true (dt_trainer_get_running (trainer));
  dt_trainer_get_config (trainer, &config, NULL);
  g_assert_cmpfloat (config.hyper.lr, ==, 0.001f);
  g_assert_cmpstr (dt_window_get_learning_notice (window), ==, "");
  while (dt_curve_view_get_n_points (curves) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_curve_view_get_n_runs (curves), ==, 2);
  dt_trainer_stop (trainer);
  close_window (window);
}

/* A run whose lr changed mid-run is archived under a label that says so, with its marker;
 * the runs are numbered, and the table lists them with their results. */
static void
test_runs (void)
{
  g_autoptr(GSettings) settings = settings_for (2, 100);
  DtWindow *window = open_window (NULL);
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtCurveView *curves = dt_window_get_curve_view (window);
  g_autofree char *table = NULL;
  g_autofree char *csv_path = g_build_filename (g_get_tmp_dir (), "dt-lesson-runs.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  gsize before;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_curve_view_get_n_points (curves) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_settings_set_double (settings, "learning-rate", 0.01);
  before = dt_curve_view_get_n_points (curves);
  while (dt_curve_view_get_n_points (curves) < before + 10)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_settings_set_int (settings, "epochs", 1);
  g_settings_set_int (settings, "batch-size", 64);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_until_stopped (window);

  table = dt_runs_table_dup_text (DT_RUNS_TABLE (dt_window_get_runs_table (window)));
  g_test_message ("%s", table);
  g_assert_nonnull (strstr (table, "Run 1 · batch 2, then lr → 0.01\t"));
  g_assert_nonnull (strstr (table, "Run 2 · lr 0.01 · batch 64\t"));
  /* the finished run, newest first, has every number */
  {
    g_auto(GStrv) lines = g_strsplit (table, "\n", -1);

    g_assert_nonnull (strstr (lines[1], "Run 2"));
    g_assert_null (strstr (lines[1], "–"));
  }

  g_assert_true (dt_curve_view_export_csv (curves, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "1,\"batch 2, then lr → 0.01\",marker,"));
  g_assert_nonnull (strstr (csv, ",param,,,,lr=0.001\n"));
  g_assert_nonnull (strstr (csv, "2,lr 0.01 · batch 64,param,,,,batch_size=64\n"));
  g_assert_nonnull (strstr (csv, "2,lr 0.01 · batch 64,param,,,,hidden_units=32\n"));
  g_unlink (csv_path);
  /* the read-out shows the finished run's test accuracy */
  g_assert_true (g_str_has_suffix (dt_window_get_readout (window), "%"));
  g_assert_false (dt_trainer_get_running (trainer));
  close_window (window);
}

/* Step: one batch, shown; Pause holds a run, and toggles it on again. */
static void
test_step_pause (void)
{
  g_autoptr(GSettings) settings = settings_for (32, 2);
  DtWindow *window = open_window (NULL);
  DtTrainer *trainer = dt_window_get_trainer (window);
  g_autofree char *summary = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
  while (dt_trainer_get_iterations (trainer) < 1 ||
         dt_curve_view_get_n_points (dt_window_get_curve_view (window)) < 1)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  summary = dt_step_view_dup_summary (dt_window_get_step_view (window));
  g_test_message ("%s", summary);
  g_assert_true (g_str_has_prefix (summary, "Step 1 · batch loss "));
  g_assert_nonnull (strstr (summary, " of 32"));
  g_assert_true (dt_trainer_get_paused (trainer));
  g_assert_true (gtk_widget_get_sensitive (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                               "pause_button"))));

  /* Pause toggles the trainer's pause off, and on again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL));
  g_assert_false (dt_trainer_get_paused (trainer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pause", NULL));
  g_assert_true (dt_trainer_get_paused (trainer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_false (dt_trainer_get_running (trainer));
  close_window (window);
}

/* Zoom is remembered and reaches the whole application's text. */
static void
test_zoom (void)
{
  g_autoptr(GSettings) settings = settings_for (32, 1);
  DtWindow *window = open_window (NULL);
  int dpi_before, dpi_after;

  g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &dpi_before, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 1.25);
  g_assert_cmpfloat (dt_zoom_get (), ==, 1.25);
  g_object_get (gtk_settings_get_default (), "gtk-xft-dpi", &dpi_after, NULL);
  g_assert_cmpint (dpi_after, ==, (int) lround (dpi_before * 1.25));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  g_assert_cmpfloat (dt_zoom_get (), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL));
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 0.9);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL));
  close_window (window);
}

/* Save Model, Reset, Open Model: the same network, its epochs, and its settings (RMSprop form
 * included). */
static void
test_models (void)
{
  g_autoptr(GSettings) settings = settings_for (16, 1);
  DtWindow *window = open_window (NULL);
  DtTrainer *trainer = dt_window_get_trainer (window);
  g_autofree char *dir = g_dir_make_tmp ("dt-lesson-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autofree char *table = NULL;
  NnNet *saved, *opened;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_until_stopped (window);
  saved = dt_trainer_dup_network (trainer);
  g_assert_true (dt_window_save_model (window, path));
  g_settings_set_int (settings, "batch-size", 64);
  g_settings_set_int (settings, "keras-version", 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_true (dt_window_open_model (window, path));
  opened = dt_trainer_dup_network (trainer);
  g_assert_cmpmem (saved->params, saved->n_params * sizeof (float), opened->params,
                   opened->n_params * sizeof (float));
  g_assert_cmpfloat (dt_trainer_get_position (trainer), ==, 1);
  g_assert_cmpint (g_settings_get_int (settings, "batch-size"), ==, 16);
  /* the model file (v2) stores the RMSprop form: Keras 2 again */
  g_assert_cmpint (g_settings_get_int (settings, "keras-version"), ==, 2);
  g_assert_false (dt_window_open_model (window, "/nonexistent.dtmodel"));
  /* training on from the opened network: a new run, named after its file */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  wait_until_stopped (window);
  table = dt_runs_table_dup_text (DT_RUNS_TABLE (dt_window_get_runs_table (window)));
  g_test_message ("%s", table);
  g_assert_nonnull (strstr (table, "Run 2 · batch 16, from lesson.dtmodel"));
  g_assert_cmpfloat (fabs (dt_trainer_get_position (trainer) - 2), <, 1e-9);
  nn_net_free (saved);
  nn_net_free (opened);
  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);

  g_test_add_func ("/lesson/window/typed-lr", test_typed_lr);
  g_test_add_func ("/lesson/window/preferences-open", test_preferences_open);
  g_test_add_func ("/lesson/window/stop-compare", test_stop_compare);
  g_test_add_func ("/lesson/window/wheel", test_wheel);
  g_test_add_func ("/lesson/window/not-learning", test_not_learning);
  g_test_add_func ("/lesson/window/runs", test_runs);
  g_test_add_func ("/lesson/window/step-pause", test_step_pause);
  g_test_add_func ("/lesson/window/zoom", test_zoom);
  g_test_add_func ("/lesson/window/models", test_models);
  ret = g_test_run ();

  dt_test_remove_dataset (data_dir);
  g_rmdir (empty_home);
  g_free (data_dir);
  return ret;
}
