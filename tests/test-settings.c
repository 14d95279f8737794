/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settings: schema ranges and defaults, number parsing, the preferences window's bindings.
 * (The learning rate, ρ, ε, decay, batch size and epochs moved to the window's settings
 * panel: test-lesson-panel.c tests their entries as this file once did here.) */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "dt-preferences-window.h"
#include "dt-settings.h"
#include "dt-test-data.h"

static void
test_settings_defaults (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  g_autofree char *data_dir = NULL;
  NnConfig config;
  int epochs;

  dt_settings_get_config (settings, &config, &epochs);
  g_assert_cmpfloat (config.hyper.lr, ==, 0.001f);
  g_assert_cmpfloat (config.hyper.rho, ==, 0.9f);
  g_assert_cmpfloat (config.hyper.epsilon, ==, 1e-8f);
  g_assert_cmpfloat (config.hyper.decay, ==, 0.0f);
  g_assert_cmpint (config.hyper.form, ==, NN_KERAS_2);
  g_assert_cmpint (config.batch_size, ==, 32);
  g_assert_cmpint (config.n_hidden, ==, 32);
  g_assert_cmpuint (config.seed, ==, 1337);
  g_assert_cmpint (epochs, ==, 2);
  g_assert_cmpfloat (g_settings_get_double (settings, "smoothing"), ==, 0.9);
  data_dir = g_settings_get_string (settings, "data-dir");
  g_assert_cmpstr (data_dir, ==, "");
}

static void
test_settings_ranges (void)
{
  static const struct { const char *key; double min, max; } ranges[] = {
    { "learning-rate", 1e-6, 10 },
    { "rho", 0, 0.999 },
    { "epsilon", 1e-10, 1 },
    { "decay", 0, 1 },
    { "batch-size", 1, 1024 },
    { "epochs", 1, 100 },
    { "hidden-units", 1, 1024 },
    { "seed", 0, 9007199254740991.0 },
    { "smoothing", 0, 0.99 },
  };
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  double min, max;

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_assert_true (dt_settings_get_range (settings, ranges[i].key, &min, &max));
      g_assert_cmpfloat (min, ==, ranges[i].min);
      g_assert_cmpfloat (max, ==, ranges[i].max);
    }
  g_assert_false (dt_settings_get_range (settings, "data-dir", &min, &max));
  /* the schema refuses what the range excludes */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_autoptr(GSettingsSchemaKey) eps = NULL;
    g_autoptr(GVariant) tiny = g_variant_ref_sink (g_variant_new_double (1e-11));
    g_autoptr(GVariant) ok = g_variant_ref_sink (g_variant_new_double (1e-10));

    g_object_get (settings, "settings-schema", &schema, NULL);
    eps = g_settings_schema_get_key (schema, "epsilon");
    g_assert_false (g_settings_schema_key_range_check (eps, tiny));
    g_assert_true (g_settings_schema_key_range_check (eps, ok));
  }
}

static void
test_settings_parse (void)
{
  static const struct { const char *text; double value; } good[] = {
    { "1e-8", 1e-8 }, { "1E-08", 1e-8 }, { " 0.001 ", 0.001 }, { "1,5e-3", 1.5e-3 },
    { "1", 1.0 }, { "1e-10", 1e-10 }, { ".5", 0.5 },
  };
  static const char *const bad[] = {
    "", " ", "abc", "1e-11", "2", "nan", "inf", "-1e-8", "1e-8x", "1 2", "e-8", "0x1p-3z",
  };
  double v;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (dt_parse_number (good[i].text, 1e-10, 1.0, &v));
      g_assert_cmpfloat (v, ==, good[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      v = 42.0;
      g_assert_false (dt_parse_number (bad[i], 1e-10, 1.0, &v));
      g_assert_cmpfloat (v, ==, 42.0);
    }
  g_assert_false (dt_parse_number (NULL, 0, 1, &v));
}

static void
test_settings_format (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 1e-8, "1e-08" }, { 0.001, "0.001" }, { 10, "10" }, { 1337, "1337" }, { 2.5, "2.5" },
    { 0.0123456, "0.0123456" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = dt_format_number (cases[i].value);

      g_assert_cmpstr (s, ==, cases[i].text);
    }
}

static void
test_settings_restore (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  NnConfig config;
  int epochs;

  g_settings_set_double (settings, "learning-rate", 0.5);
  g_settings_set_double (settings, "epsilon", 1e-3);
  g_settings_set_int (settings, "batch-size", 128);
  g_settings_set_int (settings, "hidden-units", 64);
  g_settings_set_int64 (settings, "seed", 7);
  g_settings_set_int (settings, "epochs", 9);
  g_settings_set_double (settings, "smoothing", 0.5);
  g_settings_set_int (settings, "keras-version", 3);
  dt_settings_restore_lesson_defaults (settings);
  g_assert_cmpint (g_settings_get_int (settings, "keras-version"), ==, 2);
  dt_settings_get_config (settings, &config, &epochs);
  g_assert_cmpfloat (config.hyper.lr, ==, 0.001f);
  g_assert_cmpfloat (config.hyper.epsilon, ==, 1e-8f);
  g_assert_cmpint (config.batch_size, ==, 32);
  g_assert_cmpint (config.n_hidden, ==, 32);
  g_assert_cmpuint (config.seed, ==, 1337);
  g_assert_cmpint (epochs, ==, 2);
  /* a display preference is not part of the lesson */
  g_assert_cmpfloat (g_settings_get_double (settings, "smoothing"), ==, 0.5);
}

static gpointer
child (GtkWidget  *prefs,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (prefs, DT_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_preferences_bounds (void)
{
  static const char *const spins[][2] = {
    { "hidden_spin", "hidden-units" }, { "seed_spin", "seed" }, { "smoothing_spin", "smoothing" },
  };
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  GtkWidget *prefs = dt_preferences_window_new (settings);

  g_object_ref (prefs);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkAdjustment *adj = gtk_spin_button_get_adjustment (child (prefs, spins[i][0]));
      double min, max;

      g_assert_true (dt_settings_get_range (settings, spins[i][1], &min, &max));
      g_assert_cmpfloat (gtk_adjustment_get_lower (adj), ==, min);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adj), ==, max);
    }
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static void
test_preferences_binding (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  GtkWidget *prefs = dt_preferences_window_new (settings);
  GtkSpinButton *hidden, *seed, *smoothing;

  g_object_ref (prefs);
  hidden = child (prefs, "hidden_spin");
  seed = child (prefs, "seed_spin");
  smoothing = child (prefs, "smoothing_spin");
  g_assert_cmpfloat (gtk_spin_button_get_value (hidden), ==, 32);
  g_assert_cmpfloat (gtk_spin_button_get_value (seed), ==, 1337);
  g_assert_cmpfloat (gtk_spin_button_get_value (smoothing), ==, 0.9);

  /* widget → settings */
  gtk_spin_button_set_value (hidden, 64);
  g_assert_cmpint (g_settings_get_int (settings, "hidden-units"), ==, 64);
  gtk_spin_button_set_value (seed, 4242);
  g_assert_cmpint (g_settings_get_int64 (settings, "seed"), ==, 4242);
  /* out of range is clamped by the schema's bounds, never stored */
  gtk_spin_button_set_value (hidden, 5000);
  g_assert_cmpint (g_settings_get_int (settings, "hidden-units"), ==, 1024);

  /* settings → widget */
  g_settings_set_double (settings, "smoothing", 0.5);
  g_assert_cmpfloat (gtk_spin_button_get_value (smoothing), ==, 0.5);
  g_settings_set_int (settings, "hidden-units", 100);
  g_assert_cmpfloat (gtk_spin_button_get_value (hidden), ==, 100);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

/* Restore Lesson Defaults brings back every lesson setting, those of the panel included. */
static void
test_preferences_restore (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  GtkWidget *prefs = dt_preferences_window_new (settings);

  g_object_ref (prefs);
  g_settings_set_double (settings, "epsilon", 1e-3);
  g_settings_set_int (settings, "keras-version", 3);
  g_settings_set_int (settings, "hidden-units", 64);
  g_signal_emit_by_name (child (prefs, "restore_button"), "clicked");
  g_assert_cmpfloat (g_settings_get_double (settings, "epsilon"), ==, 1e-8);
  g_assert_cmpint (g_settings_get_int (settings, "keras-version"), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (prefs, "hidden_spin")), ==, 32);
  /* without a trainer, nothing waits for a Reset */
  g_assert_false (gtk_widget_get_visible (child (prefs, "reset_row")));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

/* The data-folder buttons and Restore are actions: a button's sensitivity is its action's
 * enabled state. */
static void
test_preferences_data_folder (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  GtkWidget *prefs = dt_preferences_window_new (settings);
  GtkWidget *choose, *use_default;
  g_autofree char *dir = NULL;

  g_object_ref (prefs);
  choose = child (prefs, "data_choose");
  use_default = child (prefs, "data_default");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (choose)), ==,
                   "prefs.choose-data-folder");
  g_assert_true (gtk_widget_get_sensitive (choose));
  /* the default lookup is in use: nothing to clear */
  g_assert_false (gtk_widget_get_sensitive (use_default));

  g_settings_set_string (settings, "data-dir", "/nowhere/mnist");
  g_assert_true (gtk_widget_get_sensitive (use_default));
  g_signal_emit_by_name (use_default, "clicked");
  dir = g_settings_get_string (settings, "data-dir");
  g_assert_cmpstr (dir, ==, "");
  g_assert_false (gtk_widget_get_sensitive (use_default));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  g_test_add_func ("/settings/defaults", test_settings_defaults);
  g_test_add_func ("/settings/ranges", test_settings_ranges);
  g_test_add_func ("/settings/parse", test_settings_parse);
  g_test_add_func ("/settings/format", test_settings_format);
  g_test_add_func ("/settings/restore", test_settings_restore);
  g_test_add_func ("/settings/preferences/bounds", test_preferences_bounds);
  g_test_add_func ("/settings/preferences/binding", test_preferences_binding);
  g_test_add_func ("/settings/preferences/restore", test_preferences_restore);
  g_test_add_func ("/settings/preferences/data-folder", test_preferences_data_folder);
  return g_test_run ();
}
