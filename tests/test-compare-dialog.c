/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Compare… dialog end to end on a generated IDX set (under Xvfb): its presets, refused
 * values, runs drawn live on the curve view and listed with their results, Stop. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "dt-compare-dialog.h"
#include "dt-curve-view-private.h"
#include "dt-runs-table.h"
#include "dt-test-data.h"

static char *data_dir;

typedef struct
{
  GSettings       *settings;
  DtTrainer       *trainer;
  DtCurveView     *view;
  GtkWidget       *table;
  DtCompareDialog *dialog;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  unused)
{
  f->settings = dt_test_fresh_settings ();
  g_settings_set_int (f->settings, "batch-size", 8);
  g_settings_set_double (f->settings, "validation-split", 0.1);
  f->trainer = dt_trainer_new ();
  dt_trainer_load_data (f->trainer, data_dir);
  while (dt_trainer_get_data_state (f->trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  f->view = DT_CURVE_VIEW (g_object_ref_sink (dt_curve_view_new ()));
  f->table = g_object_ref_sink (dt_runs_table_new (f->view));
  f->dialog = dt_compare_dialog_new (NULL, f->settings, f->trainer, f->view);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  unused)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_assert_finalize_object (f->table);
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->trainer);
  g_object_unref (f->settings);
}

static void
wait_finished (DtComparison *c)
{
  while (dt_comparison_get_running (c))
    g_main_context_iteration (NULL, TRUE);
}

/* Two learning rates: two runs on the curves, labelled, with a validation series and their
 * results in the runs table. */
static void
test_compare (Fixture       *f,
              gconstpointer  unused)
{
  g_autofree char *table = NULL;
  DtComparison *c;

  dt_compare_dialog_set_values (f->dialog, DT_COMPARE_LR, "1e-3, 1e-2");
  g_assert_true (dt_compare_dialog_start (f->dialog));
  c = dt_compare_dialog_get_comparison (f->dialog);
  g_assert_true (dt_comparison_get_running (c));
  wait_finished (c);
  g_assert_cmpuint (dt_curve_view_get_n_runs (f->view), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (f->view, i);

      g_assert_cmpstr (run->label, ==, i == 0 ? "lr 0.001" : "lr 0.01");
      /* 2 epochs of 540 rows in batches of 8 */
      g_assert_cmpuint (run->batch->len, ==, 2 * 68);
      g_assert_cmpuint (run->val->len, ==, 2);
      g_assert_cmpuint (run->test->len, ==, 2);
      g_assert_true (run->has_result);
    }
  table = dt_runs_table_dup_text (DT_RUNS_TABLE (f->table));
  g_test_message ("%s", table);
  g_assert_nonnull (strstr (table, "Run 2 · lr 0.01\t"));
  g_assert_nonnull (strstr (table, "Run 1 · lr 0.001\t"));
}

/* Each setting's preset fills the field and is accepted; a bad value is refused, said in
 * the dialog, and starts nothing. */
static void
test_presets_and_refusal (Fixture       *f,
                          gconstpointer  unused)
{
  /* ε's preset: five runs from 1e-8 to 1 */
  dt_compare_dialog_set_values (f->dialog, DT_COMPARE_EPSILON, NULL);
  g_assert_true (dt_compare_dialog_start (f->dialog));
  dt_compare_dialog_stop (f->dialog);
  g_assert_cmpuint (dt_curve_view_get_n_runs (f->view), ==, 5);
  g_assert_cmpstr (dt_curve_view_get_run (f->view, 0)->label, ==, "ε 1e-08");
  g_assert_cmpstr (dt_curve_view_get_run (f->view, 4)->label, ==, "ε 1");
  dt_compare_dialog_set_values (f->dialog, DT_COMPARE_BATCH_SIZE, "8, 12.5");
  g_assert_false (dt_compare_dialog_start (f->dialog));
  dt_compare_dialog_set_values (f->dialog, DT_COMPARE_LR, "1e-3, 1e-2, 1e-1, 1, 2, 3, 4");
  g_assert_false (dt_compare_dialog_start (f->dialog));
  g_assert_cmpuint (dt_curve_view_get_n_runs (f->view), ==, 5);
}

/* Stop All ends every run at once; what they learned stays on the curves. */
static void
test_stop (Fixture       *f,
           gconstpointer  unused)
{
  DtComparison *c;

  g_settings_set_int (f->settings, "epochs", 100);
  dt_compare_dialog_set_values (f->dialog, DT_COMPARE_HIDDEN, "8, 16, 32");
  g_assert_true (dt_compare_dialog_start (f->dialog));
  c = dt_compare_dialog_get_comparison (f->dialog);
  while (dt_curve_view_get_n_points (f->view) == 0 &&
         dt_curve_view_get_run (f->view, 0)->batch->len == 0)
    g_main_context_iteration (NULL, TRUE);
  dt_compare_dialog_stop (f->dialog);
  g_assert_false (dt_comparison_get_running (c));
  g_assert_cmpuint (dt_curve_view_get_run (f->view, 0)->batch->len, >, 0);
  g_assert_cmpuint (dt_curve_view_get_run (f->view, 0)->batch->len, <, 100 * 68);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();
  data_dir = dt_test_make_dataset (600, 100);
  g_test_add ("/compare/dialog/compare", Fixture, NULL, fixture_set_up, test_compare,
              fixture_tear_down);
  g_test_add ("/compare/dialog/presets-refusal", Fixture, NULL, fixture_set_up,
              test_presets_and_refusal, fixture_tear_down);
  g_test_add ("/compare/dialog/stop", Fixture, NULL, fixture_set_up, test_stop,
              fixture_tear_down);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return status;
}
