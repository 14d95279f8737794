/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtWindow end to end on a generated IDX set: empty and error states, Train until done,
 * Stop and close mid-run, divergence, Reset, the shortcuts window. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dt-application.h"
#include "dt-settings.h"
#include "dt-test-data.h"
#include "nn-user-samples.h"
#include "dt-window.h"

#define N_TRAIN 3000
#define N_TEST  300
/* the whole Xvfb screen the tests run on */
#define SCREEN_W 1280
#define SCREEN_H 800

static char *data_dir;

static GSettings *
settings_for (const char *dir,
              int         batch_size,
              int         epochs)
{
  GSettings *settings = dt_settings_new ();

  dt_settings_restore_lesson_defaults (settings);
  g_settings_set_string (settings, "data-dir", dir);
  g_settings_set_int (settings, "batch-size", batch_size);
  g_settings_set_int (settings, "epochs", epochs);
  return settings;
}

static gpointer
child (DtWindow   *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_page (DtWindow *window)
{
  return gtk_stack_get_visible_child_name (child (window, "main_stack"));
}

static DtWindow *
open_window (void)
{
  DtWindow *window = dt_window_new (NULL);

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), SCREEN_W, SCREEN_H);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
wait_for_data (DtWindow *window)
{
  DtTrainer *trainer = dt_window_get_trainer (window);

  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpstr (visible_page (window), ==, "main");
}

static void
close_window (DtWindow *window)
{
  DtTrainer *trainer = dt_window_get_trainer (window);

  g_object_add_weak_pointer (G_OBJECT (trainer), (gpointer *) &trainer);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  /* the trainer (and its worker) went with the window */
  g_assert_null (trainer);
}

static void
test_window_empty_state (void)
{
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "dt-nowhere", NULL);
  g_autoptr(GSettings) settings = settings_for (nowhere, 32, 2);
  DtWindow *window = open_window ();
  const char *detail;

  g_assert_cmpstr (visible_page (window), ==, "empty");
  detail = gtk_label_get_label (child (window, "empty_detail"));
  /* says where it looked and how to fetch */
  g_assert_nonnull (strstr (detail, nowhere));
  g_assert_nonnull (strstr (detail, "fetch-mnist.sh"));
  g_assert_false (gtk_widget_get_sensitive (child (window, "train_button")));

  /* choosing a folder (what the file chooser stores) loads it */
  g_settings_set_string (settings, "data-dir", data_dir);
  g_assert_cmpstr (visible_page (window), ==, "loading");
  wait_for_data (window);
  g_assert_true (gtk_widget_get_sensitive (child (window, "train_button")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "stop_button")));
  close_window (window);
}

static void
test_window_corrupt (void)
{
  g_autofree char *dir = dt_test_make_dataset (20, 10);
  g_autofree char *path = g_build_filename (dir, "t10k-labels-idx1-ubyte", NULL);
  g_autoptr(GSettings) settings = NULL;
  DtWindow *window;

  g_assert_true (g_file_set_contents (path, "\0\0\x08\x01\0\0\0\x05", 8, NULL));
  settings = settings_for (dir, 32, 2);
  window = open_window ();
  while (dt_trainer_get_data_state (dt_window_get_trainer (window)) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (visible_page (window), ==, "error");
  g_assert_cmpstr (gtk_label_get_label (child (window, "error_detail")), ==,
                   dt_trainer_get_data_error (dt_window_get_trainer (window))->message);
  g_assert_false (gtk_widget_get_sensitive (child (window, "train_button")));
  close_window (window);
  dt_test_remove_dataset (dir);
}

static void
test_window_train (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 8, 2);
  DtWindow *window = open_window ();
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtCurveView *curves = dt_window_get_curve_view (window);
  g_autofree char *expected = NULL;
  DtTrainerStatus st;
  NnNet *net;
  int batches = N_TRAIN / 8;

  wait_for_data (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  g_assert_true (dt_trainer_get_running (trainer));
  g_assert_false (gtk_widget_get_sensitive (child (window, "train_button")));
  g_assert_true (gtk_widget_get_sensitive (child (window, "stop_button")));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);

  /* curve points: every batch, one run */
  g_assert_cmpuint (dt_curve_view_get_n_points (curves), ==, 2 * batches);
  g_assert_cmpuint (dt_curve_view_get_n_runs (curves), ==, 1);
  g_assert_cmpfloat (dt_curve_view_get_x_max (curves), ==, 2.0);
  /* final metrics */
  g_assert_true (dt_trainer_get_status (trainer, &st));
  g_assert_cmpfloat (st.progress.accuracy, >, 0.9);
  g_assert_cmpfloat (st.progress.loss, <, 0.5);
  /* the progress line, with the CLI's numbers */
  expected = g_strdup_printf ("Done — Epoch 2/2 · batch %d/%d · ", batches, batches);
  g_assert_true (g_str_has_prefix (dt_window_get_progress_text (window), expected));
  g_test_message ("%s", dt_window_get_progress_text (window));
  g_assert_nonnull (strstr (dt_window_get_progress_text (window), " samples/s · loss "));
  g_assert_nonnull (strstr (dt_window_get_progress_text (window), " · test acc "));
  g_assert_true (gtk_widget_get_sensitive (child (window, "train_button")));
  g_assert_false (gtk_widget_get_sensitive (child (window, "stop_button")));
  g_test_message ("longest stall %" G_GINT64_FORMAT " µs", dt_window_get_longest_stall (window));

  net = dt_trainer_dup_network (trainer);
  g_assert_nonnull (net);
  nn_net_free (net);

  /* Reset: the run becomes an earlier run; Train starts a second one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_null (dt_trainer_dup_network (trainer));
  g_assert_cmpuint (dt_curve_view_get_n_points (curves), ==, 0);
  g_assert_cmpuint (dt_curve_view_get_n_runs (curves), ==, 1);
  g_settings_set_int (settings, "epochs", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_curve_view_get_n_points (curves), ==, batches);
  g_assert_cmpuint (dt_curve_view_get_n_runs (curves), ==, 2);

  close_window (window);
}

static void
test_window_stop_and_close (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 2, 100);
  DtWindow *window = open_window ();
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtCurveView *curves = dt_window_get_curve_view (window);
  gsize stopped_points;

  wait_for_data (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_curve_view_get_n_points (curves) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  g_assert_false (dt_trainer_get_running (trainer));
  g_test_message ("%s", dt_window_get_progress_text (window));
  g_assert_true (g_str_has_prefix (dt_window_get_progress_text (window), "Stopped — Epoch "));
  g_assert_nonnull (strstr (dt_window_get_progress_text (window), "/100 · batch "));
  stopped_points = dt_curve_view_get_n_points (curves);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, (gint64) stopped_points);

  /* Train continues the same run on the curves */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_curve_view_get_n_points (curves) == stopped_points)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_curve_view_get_n_runs (curves), ==, 1);

  /* and the window closes mid-run: the worker is cancelled and joined */
  g_assert_true (dt_trainer_get_running (trainer));
  close_window (window);
}

/* Settings changed mid-run take effect from the next batch and are marked on the curves. */
static void
test_window_hyper_midrun (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 2, 100);
  DtWindow *window = open_window ();
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtCurveView *curves = dt_window_get_curve_view (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  gsize before;

  wait_for_data (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_curve_view_get_n_points (curves) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_settings_set_double (settings, "learning-rate", 0.01);
  before = dt_curve_view_get_n_points (curves);
  while (dt_curve_view_get_n_points (curves) < before + 10)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));

  csv_path = g_build_filename (g_get_tmp_dir (), "dt-test-curves.csv", NULL);
  g_assert_true (dt_curve_view_export_csv (curves, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, ",marker,"));
  g_assert_nonnull (strstr (csv, "lr → 0.01"));
  g_unlink (csv_path);
  g_assert_false (dt_trainer_get_running (trainer));
  close_window (window);
}

static void
test_window_diverged (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 32, 2);
  DtWindow *window = open_window ();
  g_autoptr(GError) error = NULL;

  wait_for_data (window);
  g_set_error_literal (&error, NN_ERROR, NN_ERROR_DIVERGED,
                       "Training diverged at step 12: the loss is not a finite number.");
  g_signal_emit_by_name (dt_window_get_trainer (window), "finished", error);
  g_assert_cmpstr (dt_window_get_progress_text (window), ==, error->message);
  close_window (window);
}

static void
test_window_needs_reset (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 32, 2);
  DtWindow *window = open_window ();
  GtkRevealer *revealer;

  wait_for_data (window);
  revealer = child (window, "reset_revealer");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_settings_set_int (settings, "hidden-units", 16);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_settings_set_int64 (settings, "seed", 99);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_settings_set_int64 (settings, "seed", 1337);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  close_window (window);
}

static void
test_window_sketch_slot (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 32, 2);
  DtWindow *window = open_window ();
  GtkWidget *panel = gtk_label_new ("sketchpad");
  GtkBox *slot = dt_window_get_sketch_slot (window);
  DtSketchPanel *sketch = dt_window_get_sketch_panel (window);

  /* the window's own sketchpad replaced the placeholder */
  g_assert_nonnull (sketch);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (sketch)) == GTK_WIDGET (slot));
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (slot)) == GTK_WIDGET (sketch));
  g_assert_null (gtk_widget_get_next_sibling (GTK_WIDGET (sketch)));

  /* the slot takes any widget in its place */
  dt_window_set_sketch_panel (window, panel);
  g_assert_null (dt_window_get_sketch_panel (window));
  g_assert_true (gtk_widget_get_parent (panel) == GTK_WIDGET (slot));
  g_assert_true (gtk_widget_get_first_child (GTK_WIDGET (slot)) == panel);
  g_assert_null (gtk_widget_get_next_sibling (panel));
  wait_for_data (window);
  close_window (window);
}

/* the user-samples pair and its folders, so the temporary home can be removed */
static void
remove_user_samples (const char *dir)
{
  g_autofree char *images = g_build_filename (dir, NN_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *labels = g_build_filename (dir, NN_USER_SAMPLES_LABELS, NULL);
  g_autofree char *parent = g_path_get_dirname (dir);

  g_assert_cmpint (g_unlink (images), ==, 0);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  g_rmdir (dir);
  g_rmdir (parent);
}

/* The Draw page end to end: the untrained network's guesses until the first run (marked as
 * such), trained answers after it, a drawn sample joining the next run's training set,
 * untrained again after Reset. */
static void
test_window_sketch_panel (void)
{
  g_autoptr(GSettings) settings = settings_for (data_dir, 32, 1);
  DtWindow *window = open_window ();
  DtTrainer *trainer = dt_window_get_trainer (window);
  DtSketchPanel *sketch = dt_window_get_sketch_panel (window);
  DtSketchpad *pad = dt_sketch_panel_get_sketchpad (sketch);
  DtProbabilityBars *bars = dt_sketch_panel_get_bars (sketch);
  g_autofree char *samples_dir = g_strdup (dt_sketch_panel_get_samples_dir (sketch));
  static const double one[] = { 0.5, 0.15, 0.48, 0.5, 0.47, 0.85 };
  g_autoptr(GError) error = NULL;
  DtTrainerStatus st;

  wait_for_data (window);
  dt_sketchpad_add_stroke (pad, one, 3);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), >=, 0);
  g_assert_false (dt_sketch_panel_get_trained (sketch));
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch),
                                   "Untrained, it guesses "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_probability_bars_get_winner (bars), >=, 0);
  g_assert_true (dt_sketch_panel_get_trained (sketch));

  /* "Add to Training Set": the next run trains on one more sample */
  g_assert_true (dt_sketch_panel_add_sample (sketch, 1, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dt_trainer_get_status (trainer, &st));
  g_assert_cmpuint (st.progress.total, ==, N_TRAIN + 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  dt_sketchpad_add_stroke (pad, one, 3);
  g_assert_false (dt_sketch_panel_get_trained (sketch));
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch),
                                   "Untrained, it guesses "));

  close_window (window);
  remove_user_samples (samples_dir);
}

static void
test_window_hyper_change_text (void)
{
  NnHyper a = NN_HYPER_KERAS_DEFAULTS;
  NnHyper b = a;
  g_autofree char *none = dt_window_format_hyper_change (&a, &b);
  g_autofree char *lr = NULL;
  g_autofree char *two = NULL;

  g_assert_null (none);
  b.lr = 0.01f;
  lr = dt_window_format_hyper_change (&a, &b);
  g_assert_cmpstr (lr, ==, "lr → 0.01");
  b.rho = 0.95f;
  two = dt_window_format_hyper_change (&a, &b);
  g_assert_cmpstr (two, ==, "lr → 0.01, ρ → 0.95");
}

/* The application: its actions and accelerators, one window however often it is activated. */
static void
test_window_application (void)
{
  static const char *const expected[][2] = {
    { "app.quit", "<Control>q" },
    { "app.preferences", "<Control>comma" },
    { "win.show-help-overlay", "<Control>question" },
  };
  g_autoptr(GSettings) settings = settings_for (data_dir, 32, 2);
  DtApplication *app = dt_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  /* no session bus in the test: register without uniqueness */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    expected[i][0]);
      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, expected[i][1]);
    }
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DT_IS_WINDOW (window));
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* Preferences opens over the window */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  g_object_ref (window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_finalize_object (window);
  /* a registered GApplication keeps a reference of its own until g_application_run's
   * shutdown, which this test does not go through */
  g_object_unref (app);
}

/* Every accelerator the app sets is listed in the shortcuts window. */
static void
test_window_help_overlay (void)
{
  static const char *const accels[] = {
    "&lt;Control&gt;Return", "Escape", "&lt;Control&gt;r", "&lt;Control&gt;comma",
    "&lt;Control&gt;question", "&lt;Control&gt;q",
    /* the lesson's: pause, step, the settings panel, zoom, model files */
    "&lt;Control&gt;p", "&lt;Control&gt;&lt;Shift&gt;Return", "F9", "&lt;Control&gt;plus",
    "&lt;Control&gt;minus", "&lt;Control&gt;0", "&lt;Control&gt;o", "&lt;Control&gt;s",
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GtkBuilder) builder = NULL;

  bytes = g_resources_lookup_data ("/io/github/digittrainer/DigitTrainer/gtk/help-overlay.ui",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (bytes);
  /* the resource is stripped of blanks but keeps its text */
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    g_assert_nonnull (strstr (text, accels[i]));
  builder = gtk_builder_new_from_resource (
    "/io/github/digittrainer/DigitTrainer/gtk/help-overlay.ui");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
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

  g_test_add_func ("/window/empty-state", test_window_empty_state);
  g_test_add_func ("/window/corrupt", test_window_corrupt);
  g_test_add_func ("/window/train", test_window_train);
  g_test_add_func ("/window/stop-and-close", test_window_stop_and_close);
  g_test_add_func ("/window/hyper-midrun", test_window_hyper_midrun);
  g_test_add_func ("/window/diverged", test_window_diverged);
  g_test_add_func ("/window/needs-reset", test_window_needs_reset);
  g_test_add_func ("/window/sketch-slot", test_window_sketch_slot);
  g_test_add_func ("/window/sketch-panel", test_window_sketch_panel);
  g_test_add_func ("/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/window/application", test_window_application);
  g_test_add_func ("/window/hyper-change-text", test_window_hyper_change_text);
  ret = g_test_run ();

  dt_test_remove_dataset (data_dir);
  g_rmdir (empty_home);
  g_free (data_dir);
  return ret;
}
