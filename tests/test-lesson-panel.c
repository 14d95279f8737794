/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The settings panel: every row's slider and exact entry bound to its key, typed values
 * applied on Enter, on leaving the field and on closing (never silently dropped), what
 * cannot be applied marked and said, the log sliders, the Keras form, the presets and the
 * pace.  (The entries' checks that test-settings.c made on the preferences window, which no
 * longer holds these settings, are here.) */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-number-row.h"
#include "dt-settings-panel.h"
#include "dt-settings.h"
#include "dt-test-data.h"

/* The panel in a window of its own, with a button to take the focus away. */
typedef struct
{
  GtkWidget       *window;
  DtSettingsPanel *panel;
  GtkWidget       *elsewhere;
  GSettings       *settings;
} Fixture;

static void
iterate (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  f->settings = dt_test_fresh_settings ();
  f->window = gtk_window_new ();
  f->panel = DT_SETTINGS_PANEL (dt_settings_panel_new ());
  f->elsewhere = gtk_button_new_with_label ("elsewhere");
  g_object_ref (f->panel);
  dt_settings_panel_set_settings (f->panel, f->settings);
  gtk_widget_set_vexpand (GTK_WIDGET (f->panel), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->panel));
  gtk_box_append (GTK_BOX (box), f->elsewhere);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 1400);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->panel);
  g_clear_object (&f->settings);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEditable *
entry_for (Fixture    *f,
           const char *key)
{
  GtkWidget *entry = find_named (GTK_WIDGET (f->panel), key);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

/* The slider of a row: under the line with the title and the entry. */
static GtkRange *
scale_for (Fixture    *f,
           const char *key)
{
  GtkWidget *top = gtk_widget_get_parent (GTK_WIDGET (entry_for (f, key)));

  return GTK_RANGE (gtk_widget_get_next_sibling (top));
}

/* The reason a typed value was not applied, under the slider. */
static GtkWidget *
problem_for (Fixture    *f,
             const char *key)
{
  return gtk_widget_get_next_sibling (GTK_WIDGET (scale_for (f, key)));
}

static void
test_entries (Fixture       *f,
              gconstpointer  data)
{
  GtkEditable *eps = entry_for (f, "epsilon");
  GtkEditable *lr = entry_for (f, "learning-rate");

  g_assert_cmpstr (gtk_editable_get_text (eps), ==, "1e-08");
  g_assert_cmpstr (gtk_editable_get_text (lr), ==, "0.001");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (eps), "error"));
  g_assert_false (gtk_widget_get_visible (problem_for (f, "epsilon")));

  /* invalid text: red, said, Enter stores nothing, and the text stays */
  gtk_editable_set_text (eps, "1e-8x");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (eps), "error"));
  g_assert_true (gtk_widget_get_visible (problem_for (f, "epsilon")));
  g_signal_emit_by_name (eps, "activate");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1e-8);
  g_assert_cmpstr (gtk_editable_get_text (eps), ==, "1e-8x");

  /* below the schema's range: invalid too */
  gtk_editable_set_text (eps, "1e-11");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (eps), "error"));

  /* the whole real range is reachable: 1e-10 … 1 */
  gtk_editable_set_text (eps, "1e-10");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (eps), "error"));
  g_signal_emit_by_name (eps, "activate");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1e-10);
  gtk_editable_set_text (eps, "1");
  g_signal_emit_by_name (eps, "activate");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1.0);

  /* the learning rate through the same path */
  gtk_editable_set_text (lr, "11");
  g_signal_emit_by_name (lr, "activate");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.001);
  gtk_editable_set_text (lr, "2e-2");
  g_signal_emit_by_name (lr, "activate");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.02);

  /* whole numbers only where the key is an int */
  gtk_editable_set_text (entry_for (f, "batch-size"), "12.5");
  g_assert_true (gtk_widget_get_visible (problem_for (f, "batch-size")));
  gtk_editable_set_text (entry_for (f, "batch-size"), "64");
  g_signal_emit_by_name (entry_for (f, "batch-size"), "activate");
  g_assert_cmpint (g_settings_get_int (f->settings, "batch-size"), ==, 64);

  /* the lesson preset rewrites the entries */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.preset", "s",
                                             "lesson"));
  g_assert_cmpstr (gtk_editable_get_text (eps), ==, "1e-08");
  g_assert_cmpstr (gtk_editable_get_text (lr), ==, "0.001");
  g_assert_cmpint (g_settings_get_int (f->settings, "batch-size"), ==, 32);
}

/* The case: type 0.05 and go elsewhere (no Enter): it applies. */
static void
test_focus_out (Fixture       *f,
                gconstpointer  data)
{
  GtkEditable *lr = entry_for (f, "learning-rate");

  gtk_widget_grab_focus (GTK_WIDGET (lr));
  iterate ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (lr)) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (f->window)),
                                         GTK_WIDGET (lr)));
  gtk_editable_set_text (lr, "0.05");
  iterate ();
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.001);
  gtk_widget_grab_focus (f->elsewhere);
  iterate ();
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.05);
}

/* Closing applies what the entries hold; what cannot apply is named, and kept. */
static void
test_commit (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *message = NULL;

  gtk_editable_set_text (entry_for (f, "rho"), "0.95");
  gtk_editable_set_text (entry_for (f, "decay"), "0.001");
  g_assert_true (dt_settings_panel_commit (f->panel, NULL));
  g_assert_cmpfloat (g_settings_get_double (f->settings, "rho"), ==, 0.95);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "decay"), ==, 0.001);

  gtk_editable_set_text (entry_for (f, "epochs"), "lots");
  g_assert_false (dt_settings_panel_commit (f->panel, &message));
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "Epochs “lots”"));
  g_assert_cmpint (g_settings_get_int (f->settings, "epochs"), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (entry_for (f, "epochs")), ==, "lots");
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A log slider: 0.01 sits a decade right of 0.001; the entry follows at once, the key once
 * the slider rests (a drag marks a running run once). */
static void
test_slider (Fixture       *f,
             gconstpointer  data)
{
  GtkRange *scale = scale_for (f, "learning-rate");
  double at_lesson = gtk_range_get_value (scale);
  double decade = 1000 * dt_scale_value_to_position (DT_SCALE_LOG, 1e-6, 10, 1e-2) - at_lesson;

  g_assert_cmpfloat_with_epsilon (at_lesson,
                                  1000 * dt_scale_value_to_position (DT_SCALE_LOG, 1e-6, 10,
                                                                     1e-3), 1e-9);
  g_assert_cmpfloat_with_epsilon (decade, 1000.0 / 7, 1e-6);   /* 1e-6 … 10: seven decades */
  gtk_range_set_value (scale, at_lesson + decade);
  g_assert_cmpstr (gtk_editable_get_text (entry_for (f, "learning-rate")), ==, "0.01");
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.001);
  wait_ms (600);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.01);

  /* decay's left end is 0 */
  gtk_range_set_value (scale_for (f, "decay"), 500);
  g_assert_true (dt_settings_panel_commit (f->panel, NULL));
  g_assert_cmpfloat (g_settings_get_double (f->settings, "decay"), >, 0);
  gtk_range_set_value (scale_for (f, "decay"), 0);
  g_assert_true (dt_settings_panel_commit (f->panel, NULL));
  g_assert_cmpfloat (g_settings_get_double (f->settings, "decay"), ==, 0);
}

static void
test_keras (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *decay_row = gtk_widget_get_ancestor (GTK_WIDGET (entry_for (f, "decay")),
                                                  GTK_TYPE_LIST_BOX_ROW);

  g_assert_true (gtk_widget_get_sensitive (decay_row));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.preset", "s",
                                             "keras3"));
  g_assert_cmpint (g_settings_get_int (f->settings, "keras-version"), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (entry_for (f, "epsilon")), ==, "1e-07");
  /* Keras 3 has no decay: its row says so and cannot be changed */
  g_assert_false (gtk_widget_get_sensitive (decay_row));
  g_settings_set_int (f->settings, "keras-version", 2);
  g_assert_true (gtk_widget_get_sensitive (decay_row));
  /* lr ×10 and ÷10 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.preset", "s",
                                             "lr-up"));
  g_assert_cmpstr (gtk_editable_get_text (entry_for (f, "learning-rate")), ==, "0.01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.preset", "s",
                                             "lr-down"));
  g_assert_cmpfloat (g_settings_get_double (f->settings, "learning-rate"), ==, 0.001);
}

/* The form's toggle is the key keras-version (2/3), which the trainer's config follows (main's
 * Preferences row, now here); ε at one form's default follows to the other's, a chosen ε
 * stays; the Keras 3 preset gives form 3, ε 1e-7 and no decay. */
static void
test_keras_form (Fixture       *f,
                 gconstpointer  data)
{
  GtkToggleButton *keras2 = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child
    (GTK_WIDGET (f->panel), DT_TYPE_SETTINGS_PANEL, "keras2_button"));
  GtkToggleButton *keras3 = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child
    (GTK_WIDGET (f->panel), DT_TYPE_SETTINGS_PANEL, "keras3_button"));
  NnConfig config;

  g_assert_true (gtk_toggle_button_get_active (keras2));
  gtk_toggle_button_set_active (keras3, TRUE);
  g_assert_cmpint (g_settings_get_int (f->settings, "keras-version"), ==, 3);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1e-7);
  dt_settings_get_config (f->settings, &config, NULL);
  g_assert_cmpint (config.hyper.form, ==, NN_KERAS_3);
  g_assert_cmpfloat (config.hyper.epsilon, ==, 1e-7f);

  gtk_toggle_button_set_active (keras2, TRUE);
  g_assert_cmpint (g_settings_get_int (f->settings, "keras-version"), ==, 2);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1e-8);
  g_settings_set_double (f->settings, "epsilon", 1.0);
  gtk_toggle_button_set_active (keras3, TRUE);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "epsilon"), ==, 1.0);

  /* the preset from Keras 2 with a decay and a chosen ε */
  g_settings_set_int (f->settings, "keras-version", 2);
  g_settings_set_double (f->settings, "decay", 0.01);
  g_assert_true (gtk_toggle_button_get_active (keras2));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "panel.preset", "s",
                                             "keras3"));
  g_assert_true (gtk_toggle_button_get_active (keras3));
  dt_settings_get_config (f->settings, &config, NULL);
  g_assert_cmpint (config.hyper.form, ==, NN_KERAS_3);
  g_assert_cmpfloat (config.hyper.epsilon, ==, 1e-7f);
  g_assert_cmpfloat (config.hyper.decay, ==, 0);
}

/* The pace: full speed at the right end, 2 batches a second at the left; a two-epoch run at
 * 50 a second takes 75 s. */
static void
test_pace (Fixture       *f,
           gconstpointer  data)
{
  const int stops[] = DT_PACE_STOPS;
  GtkWidget *label = NULL;
  GtkRange *pace = NULL;

  /* the first scale in the panel is the pace's */
  {
    GPtrArray *todo = g_ptr_array_new ();

    g_ptr_array_add (todo, f->panel);
    while (todo->len > 0 && pace == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (todo, 0);

        if (GTK_IS_SCALE (w))
          pace = GTK_RANGE (w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
             c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (todo, c);
      }
    g_ptr_array_unref (todo);
  }
  g_assert_nonnull (pace);
  label = gtk_widget_get_prev_sibling (GTK_WIDGET (pace));
  g_assert_cmpfloat (gtk_range_get_value (pace), ==, G_N_ELEMENTS (stops) - 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Full speed");
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    if (stops[i] == 50)
      gtk_range_set_value (pace, i);
  g_assert_cmpint (g_settings_get_int (f->settings, "pace"), ==, 50);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "50 batches a second");
  dt_settings_panel_set_train_size (f->panel, 60000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (
                     GTK_WIDGET (pace)))), ==, "2 epochs in about 1:15");
  g_settings_set_int (f->settings, "pace", 2);
  g_assert_cmpfloat (gtk_range_get_value (pace), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  g_test_add ("/lesson/panel/entries", Fixture, NULL, fixture_set_up, test_entries,
              fixture_tear_down);
  g_test_add ("/lesson/panel/focus-out", Fixture, NULL, fixture_set_up, test_focus_out,
              fixture_tear_down);
  g_test_add ("/lesson/panel/commit", Fixture, NULL, fixture_set_up, test_commit,
              fixture_tear_down);
  g_test_add ("/lesson/panel/slider", Fixture, NULL, fixture_set_up, test_slider,
              fixture_tear_down);
  g_test_add ("/lesson/panel/keras", Fixture, NULL, fixture_set_up, test_keras,
              fixture_tear_down);
  g_test_add ("/lesson/panel/keras-form", Fixture, NULL, fixture_set_up, test_keras_form,
              fixture_tear_down);
  g_test_add ("/lesson/panel/pace", Fixture, NULL, fixture_set_up, test_pace,
              fixture_tear_down);
  return g_test_run ();
}
