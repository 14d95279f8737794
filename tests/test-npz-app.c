/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Carrying the model from the window: Export Weights as NumPy gives a file whose forward pass
 * in NumPy (/usr/bin/python3, test-npz.py --forward) matches the app's test accuracy to the
 * sample; Import Weights makes that file the network to draw against and evaluate (width from
 * the file); wrong files are refused with an error and change nothing; Copy as Keras Code puts
 * a script on the clipboard that compiles and holds the values set, in either spelling.
 *
 *   test-npz-app [GTest options] PYTHON TEST-NPZ.PY */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-pages.h"
#include "dt-test-util.h"
#include "nn-eval.h"
#include "nn-npz.h"

static const char *python;
static const char *helper;
static char *tmp_root;
static char *set_dir;

static char *
run_python (const char *arg1,
            const char *arg2,
            const char *arg3)
{
  const char *argv[] = { python, helper, arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
record_test_cb (DtTrainer *trainer,
                double     x,
                double     loss,
                double     accuracy,
                double    *last)
{
  *last = accuracy;
}

/* The network's accuracy on the test set, as the engine computes it. */
static double
engine_accuracy (DtTrainer *trainer)
{
  NnNet *net = dt_trainer_dup_network (trainer);
  const NnDataset *test = dt_trainer_get_test_set (trainer);
  double loss = 0, accuracy = 0;

  g_assert_nonnull (net);
  nn_evaluate (net, NN_DATASET_ARRAYS (test), &loss, &accuracy);
  nn_net_free (net);
  return accuracy;
}

static void
test_export_import (void)
{
  g_autofree char *npz = g_build_filename (tmp_root, "app.npz", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  DtTestPages f;
  double app_accuracy = -1;
  guint correct, n;

  dt_test_pages_fixture_open (&f, set_dir, 1);
  g_settings_set_int (f.settings, "hidden-units", 48);
  /* the width applies at a Reset */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.reset", NULL));
  g_signal_connect (f.trainer, "test-point", G_CALLBACK (record_test_cb), &app_accuracy);
  dt_test_pages_train (&f);
  /* a set that is learnt in part: wrong arrays could not hit the same count by chance */
  g_assert_cmpfloat (app_accuracy, >, 0.3);
  g_assert_cmpfloat (app_accuracy, <, 0.95);

  g_assert_true (dt_window_export_npz (f.window, npz));
  out = run_python ("--forward", npz, set_dir);
  fields = g_strsplit (g_strstrip (out), " ", 2);
  correct = (guint) g_ascii_strtoull (fields[0], NULL, 10);
  n = (guint) g_ascii_strtoull (fields[1], NULL, 10);
  g_test_message ("NumPy: %u of %u; the app's test accuracy %.6f", correct, n, app_accuracy);
  g_assert_cmpuint (n, ==, dt_trainer_get_test_set (f.trainer)->n);
  g_assert_cmpuint (correct, ==, (guint) (app_accuracy * n + 0.5));
  dt_test_pages_fixture_close (&f);

  /* a new window with the lesson's width and fresh weights: the file's network comes in */
  dt_test_pages_fixture_open (&f, set_dir, 1);
  g_assert_cmpint (g_settings_get_int (f.settings, "hidden-units"), ==, 32);
  g_assert_null (dt_trainer_dup_network (f.trainer));   /* untrained: nothing published */
  g_assert_true (dt_window_import_npz (f.window, npz));
  g_assert_cmpint (g_settings_get_int (f.settings, "hidden-units"), ==, 48);
  g_assert_false (dt_trainer_get_needs_reset (f.trainer));
  g_assert_cmpfloat (engine_accuracy (f.trainer), ==, app_accuracy);
  dt_test_pages_fixture_close (&f);
}

/* Wrong files: an error toast, no crash, the network as it was. */
static void
test_import_refused (void)
{
  g_autofree char *text = g_build_filename (tmp_root, "text.npz", NULL);
  g_autofree char *nine = NULL;
  g_autofree char *missing = g_build_filename (tmp_root, "missing.npz", NULL);
  NnNet *net = nn_net_new (784, 16, 9);
  g_autoptr(GBytes) bytes = NULL;
  DtTestPages f;

  nn_net_init_glorot (net, 3);
  bytes = nn_npz_to_bytes (net);
  nn_net_free (net);
  nine = dt_test_write_file (tmp_root, "nine.npz", g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes));
  g_assert_true (g_file_set_contents (text, "not a zip\n", -1, NULL));

  dt_test_pages_fixture_open (&f, set_dir, 1);
  g_assert_false (dt_window_import_npz (f.window, nine));
  g_assert_false (dt_window_import_npz (f.window, text));
  g_assert_false (dt_window_import_npz (f.window, missing));
  g_assert_null (dt_trainer_dup_network (f.trainer));
  g_assert_cmpint (g_settings_get_int (f.settings, "hidden-units"), ==, 32);
  dt_test_pages_fixture_close (&f);
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

static void
test_keras_code (void)
{
  DtTestPages f;
  GSettings *settings;

  dt_test_pages_fixture_open (&f, set_dir, 1);
  settings = f.settings;

  g_settings_set_double (settings, "learning-rate", 0.01);
  g_settings_set_double (settings, "rho", 0.8);
  g_settings_set_double (settings, "epsilon", 1e-6);
  g_settings_set_int (settings, "batch-size", 64);
  g_settings_set_int (settings, "hidden-units", 48);
  g_settings_set_int (settings, "epochs", 3);
  for (int form = 2; form <= 3; form++)
    {
      g_autofree char *name = g_strdup_printf ("lesson%d.py", form);
      g_autofree char *path = NULL;
      g_autofree char *code = NULL;
      const char *argv[] = { python, "-m", "py_compile", NULL, NULL };
      g_autofree char *err = NULL;
      int status;

      g_settings_set_int (settings, "keras-version", form);
      g_settings_set_double (settings, "epsilon", 1e-6);
      g_settings_set_double (settings, "decay", form == 2 ? 1e-4 : 0.0);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.copy-keras-code",
                                                 NULL));
      code = clipboard_text (GTK_WIDGET (f.window));
      path = dt_test_write_file (tmp_root, name, (const guint8 *) code, strlen (code));
      argv[3] = path;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   NULL, &err, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("py_compile failed on %s:\n%s", path, err);
      dt_test_assert_contains (code, form == 2
                               ? "RMSprop(lr=0.01, rho=0.8, epsilon=1e-06, decay=0.0001)"
                               : "RMSprop(learning_rate=0.01, rho=0.8, epsilon=1e-06)");
      dt_test_assert_contains (code, "Dense(48");
      dt_test_assert_contains (code, "batch_size=64");
      dt_test_assert_contains (code, "epochs=3");
      dt_test_assert_contains (code, "model.set_weights(");
    }
  dt_test_pages_fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  g_autofree char *out = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  dt_test_init_with_args (&argc, &argv, 2, "PYTHON TEST-NPZ.PY");
  gtk_disable_setlocale ();
  adw_init ();
  python = argv[1];
  helper = argv[2];
  tmp_root = dt_test_make_tmp_root ("dt-test-npz-app-XXXXXX");
  set_dir = dt_test_make_dir (tmp_root, "set");
  out = run_python ("--make-set", set_dir, NULL);

  g_test_add_func ("/npz-app/export-import", test_export_import);
  g_test_add_func ("/npz-app/import-refused", test_import_refused);
  g_test_add_func ("/npz-app/keras-code", test_keras_code);
  return dt_test_run_and_remove (tmp_root);
}
