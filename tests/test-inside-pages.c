/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Inside and Optimizer pages and what the other pages gained, in the window on a
 * generated IDX set: the matrix after training, the weight images against the block's
 * layout, a clicked unit's detail, the untrained network on the Draw page, 128 hidden
 * units, the optimizer's history and CSV, the samples' filters, the new keys. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-pages.h"
#include "dt-inside-pages.h"
#include "nn-eval.h"

#define N_TRAIN 2000
#define N_TEST  300
#define K       NN_DATASET_CLASSES

static char *data_dir;

/* After training: the matrix follows the trained network; the Inside page shows its
 * weights, pixel (r, c) of unit h being w1[(28r + c)·H + h]; a clicked unit's detail. */
static void
test_trained_and_inside (void)
{
  DtTestPages f = { 0 };
  DtWeightGrid *grid;
  DtEvaluation *ev;
  NnNet *net;
  float out[K], bars[K];
  double cx, cy;

  dt_test_pages_fixture_open (&f, data_dir, 2);
  dt_test_pages_train (&f);
  ev = dt_evaluator_get_evaluation (f.evaluator);
  g_assert_true (ev->trained);
  g_assert_cmpfloat (ev->x, ==, 2.0);
  dt_test_pages_show_page (&f, "evaluate");
  dt_test_pages_assert_matrix_matches (&f);
  g_test_message ("%s", dt_evaluate_page_get_state (f.evaluate));
  g_assert_true (g_str_has_prefix (dt_evaluate_page_get_state (f.evaluate), "After 2 epochs: "));

  dt_test_pages_show_page (&f, "inside");
  grid = dt_inside_page_get_grid (f.inside);
  net = dt_trainer_dup_network (f.trainer);
  g_assert_cmpint (dt_weight_grid_get_n_units (grid), ==, net->n_hidden);
  g_assert_cmpint (dt_weight_grid_get_columns (grid), ==, 8);   /* 32 units: 4 × 8 */
  for (int h = 0; h < net->n_hidden; h += 7)
    for (int r = 0; r < 28; r += 3)
      for (int c = 0; c < 28; c += 5)
        g_assert_cmpfloat (dt_weight_grid_get_image (grid, h)[r * 28 + c], ==,
                           net->w1[(28 * r + c) * net->n_hidden + h]);
  g_assert_true (dt_weight_grid_unit_center (grid, 5, &cx, &cy));
  dt_test_pages_click (GTK_WIDGET (grid), cx, cy);
  g_assert_cmpint (dt_weight_grid_get_selected (grid), ==, 5);
  g_assert_cmpint (dt_layer2_map_get_selected (dt_inside_page_get_layer2 (f.inside)), ==, 5);
  nn_unit_output_weights (net, 5, out);
  g_assert_true (dt_signed_bars_get_values (dt_inside_page_get_unit_bars (f.inside), bars));
  g_assert_cmpmem (bars, sizeof bars, out, sizeof out);
  dt_test_pages_assert_same_values (dt_signed_image_get_values (dt_inside_page_get_unit_image (f.inside)),
                      dt_weight_grid_get_image (grid, 5), NN_IMAGE_PIXELS);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (dt_inside_page_get_top_digits (f.inside)), ==,
                    NN_EVAL_TOP_K);
  g_assert_cmpuint (dt_digit_gallery_get_item (dt_inside_page_get_top_digits (f.inside), 0), ==,
                    ev->test->top_index[5 * NN_EVAL_TOP_K]);
  /* the arrow keys move to the next unit; the shared scale is the layer's largest weight */
  g_assert_true (dt_test_pages_press_key (GTK_WIDGET (grid), GDK_KEY_Right));
  g_assert_cmpint (dt_weight_grid_get_selected (grid), ==, 6);
  g_assert_cmpfloat (dt_weight_grid_get_scale (grid, 6), ==,
                     nn_max_abs (net->w1, (gsize) 784 * net->n_hidden));
  dt_weight_grid_set_per_unit_scale (grid, TRUE);
  g_assert_cmpfloat (dt_weight_grid_get_scale (grid, 6), ==,
                     nn_max_abs (dt_weight_grid_get_image (grid, 6), 784));
  nn_net_free (net);
  dt_test_pages_fixture_close (&f);
}

/* The Draw page before training: the untrained network's guess, dimmed, with its hidden
 * units and evidence; after training the answer is trained. */
static void
test_untrained_draw (void)
{
  static const double one[] = { 0.5, 0.15, 0.48, 0.5, 0.47, 0.85 };
  DtTestPages f = { 0 };
  DtSketchPanel *sketch;
  DtProbabilityBars *bars;
  int n;

  dt_test_pages_fixture_open (&f, data_dir, 1);
  sketch = dt_window_get_sketch_panel (f.window);
  bars = dt_sketch_panel_get_bars (sketch);
  dt_sketchpad_add_stroke (dt_sketch_panel_get_sketchpad (sketch), one, 3);
  g_assert_false (dt_sketch_panel_get_trained (sketch));
  g_assert_cmpint (dt_probability_bars_get_winner (bars), >=, 0);
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch), "Untrained, it guesses"));
  g_assert_nonnull (dt_activation_strip_get_values (dt_sketch_panel_get_activations (sketch), &n));
  g_assert_cmpint (n, ==, NN_LESSON_HIDDEN);
  g_assert_nonnull (dt_signed_image_get_values (dt_sketch_panel_get_evidence (sketch)));
  dt_test_pages_train (&f);
  g_assert_true (dt_sketch_panel_get_trained (sketch));
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch), "It looks like a "));
  dt_test_pages_fixture_close (&f);
}

/* 128 hidden units after Reset: 16 units a row, every page follows. */
static void
test_wide_layer (void)
{
  DtTestPages f = { 0 };
  DtWeightGrid *grid;
  guint before;

  dt_test_pages_fixture_open (&f, data_dir, 1);
  g_settings_set_int (f.settings, "hidden-units", 128);
  before = dt_evaluator_get_n_done (f.evaluator);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.reset", NULL));
  dt_test_pages_wait_for_evaluation (&f, before);
  dt_test_pages_train (&f);
  dt_test_pages_show_page (&f, "inside");
  grid = dt_inside_page_get_grid (f.inside);
  g_assert_cmpint (dt_weight_grid_get_n_units (grid), ==, 128);
  g_assert_cmpint (dt_weight_grid_get_columns (grid), ==, 16);
  g_assert_cmpint (dt_evaluator_get_evaluation (f.evaluator)->net->n_hidden, ==, 128);
  dt_test_pages_show_page (&f, "evaluate");
  dt_test_pages_assert_matrix_matches (&f);
  g_settings_reset (f.settings, "hidden-units");
  dt_test_pages_fixture_close (&f);
}

/* The Optimizer page's history and its CSV: a row a measurement, percentiles ascending. */
static void
test_optimizer (void)
{
  DtTestPages f = { 0 };
  DtOptimizerHistory *history;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) head = NULL;
  g_auto(GStrv) row = NULL;
  GActionGroup *group;
  double lo, hi;
  guint n;

  dt_test_pages_fixture_open (&f, data_dir, 2);
  history = dt_optimizer_page_get_history (f.optimizer);
  group = dt_inside_pages_get_actions (GTK_WINDOW (f.window));
  g_assert_nonnull (group);
  g_assert_false (g_action_group_get_action_enabled (group, "export-csv"));
  dt_test_pages_train (&f);
  dt_optimizer_history_get_points (history, &n);
  /* 63 batches an epoch, a measurement every 63 / 25 = 2 steps */
  g_assert_cmpuint (n, ==, 2 * 63 / 2);
  g_assert_true (g_action_group_get_action_enabled (group, "export-csv"));
  dt_test_pages_show_page (&f, "optimizer");
  dt_optimizer_chart_get_y_range (dt_optimizer_page_get_chart (f.optimizer, 1, NN_OPTIM_RMS),
                                  &lo, &hi);
  g_assert_cmpfloat (lo, >, 0);
  g_assert_cmpfloat (hi, >, lo);

  csv = dt_optimizer_history_to_csv (history);
  lines = g_strsplit (g_strchomp (csv), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 1);
  head = g_strsplit (lines[0], ",", -1);
  row = g_strsplit (lines[n], ",", -1);
  g_assert_cmpuint (g_strv_length (head), ==, 7 + 2 * 3 * 7);
  g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (head));
  g_assert_cmpstr (head[7], ==, "layer1_step_p0");
  g_assert_cmpstr (head[7 + 2 * 3 * 7 - 1], ==, "layer2_weight_p100");
  g_assert_cmpfloat (g_ascii_strtod (row[0], NULL), ==, 2.0);
  for (int b = 1; b < 7; b++)
    g_assert_cmpfloat (g_ascii_strtod (row[7 + b], NULL), >=,
                       g_ascii_strtod (row[7 + b - 1], NULL));

  /* the file Export writes is that CSV */
  path = g_build_filename (g_get_tmp_dir (), "dt-test-optimizer.csv", NULL);
  g_assert_true (dt_optimizer_history_export_csv (history, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_free (csv);
  csv = dt_optimizer_history_to_csv (history);
  g_assert_cmpstr (written, ==, csv);
  g_unlink (path);

  /* Reset starts the history afresh */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.reset", NULL));
  dt_optimizer_history_get_points (history, &n);
  g_assert_cmpuint (n, ==, 0);
  dt_test_pages_fixture_close (&f);
}

/* The samples: a digit filter, the mistakes of the latest evaluation, pages both ways. */
static void
test_sample_filters (void)
{
  DtTestPages f = { 0 };
  DtSampleGrid *grid;
  const NnDataset *test;
  DtEvaluation *ev;
  guint n_pages;

  dt_test_pages_fixture_open (&f, data_dir, 1);
  grid = dt_window_get_sample_grid (f.window);
  dt_sample_grid_set_show_test_set (grid, TRUE);
  test = dt_trainer_get_test_set (f.trainer);
  g_assert_cmpuint (dt_sample_grid_get_n_pages (grid), ==, (N_TEST + 11) / 12);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "samples.previous", NULL));
  g_assert_cmpuint (dt_sample_grid_get_page (grid), ==, dt_sample_grid_get_n_pages (grid) - 1);

  dt_sample_grid_set_digit_filter (grid, 3);
  g_assert_cmpuint (dt_sample_grid_get_n_matching (grid), ==, N_TEST / 10);
  for (guint i = 0; i < DT_SAMPLE_GRID_N_SAMPLES; i++)
    g_assert_cmpint (test->labels[dt_sample_grid_get_index (grid, i)], ==, 3);

  /* the untrained network's mistakes among the 3s, each shown with its wrong guess */
  ev = dt_evaluator_get_evaluation (f.evaluator);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "samples.mistakes-only", NULL));
  g_assert_true (dt_sample_grid_get_mistakes_only (grid));
  g_assert_cmpuint (dt_sample_grid_get_n_matching (grid), ==,
                    N_TEST / 10 - ev->test->confusion[3 * K + 3]);
  for (guint i = 0; i < MIN (dt_sample_grid_get_n_matching (grid), 12); i++)
    g_assert_cmpint (dt_sample_grid_get_prediction (grid, i), !=, 3);
  n_pages = dt_sample_grid_get_n_pages (grid);
  g_assert_cmpuint (n_pages, >=, 1);

  /* the training set's mistakes come from an evaluation that includes it */
  dt_sample_grid_set_show_test_set (grid, FALSE);
  dt_test_pages_wait_for_evaluation (&f, dt_evaluator_get_n_done (f.evaluator));
  g_assert_nonnull (dt_evaluator_get_evaluation (f.evaluator)->train);
  g_assert_cmpuint (dt_sample_grid_get_n_matching (grid), >, 0);
  for (guint i = 0; i < MIN (dt_sample_grid_get_n_matching (grid), 12); i++)
    g_assert_cmpint (dt_sample_grid_get_prediction (grid, i), !=, 3);
  dt_test_pages_fixture_close (&f);
}

/* The trigger of the widget's own shortcut for action_name, or NULL. */
static char *
trigger_of (GtkWidget  *widget,
            const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                           action_name))
            return gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
        }
    }
  return NULL;
}

/* The new keys are bound where they act, and the shortcuts window lists them. */
static void
test_shortcuts (void)
{
  static const char *const listed[] = {
    "&lt;Control&gt;m", "Left Right Up Down", "Page_Up Page_Down", "bracketleft bracketright",
  };
  DtTestPages f = { 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mistakes = NULL;
  g_autofree char *thinner = NULL;
  g_autofree char *thicker = NULL;
  DtSketchPanel *sketch;
  DtSketchpad *pad;

  bytes = g_resources_lookup_data ("/io/github/digittrainer/DigitTrainer/gtk/help-overlay.ui",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    g_assert_nonnull (strstr (text, listed[i]));

  dt_test_pages_fixture_open (&f, data_dir, 1);
  sketch = dt_window_get_sketch_panel (f.window);
  pad = dt_sketch_panel_get_sketchpad (sketch);
  mistakes = trigger_of (GTK_WIDGET (f.evaluate), "evaluate.all-mistakes");
  thinner = trigger_of (GTK_WIDGET (sketch), "sketch.thinner");
  thicker = trigger_of (GTK_WIDGET (sketch), "sketch.thicker");
  g_assert_cmpstr (mistakes, ==, "<Control>m");
  g_assert_cmpstr (thinner, ==, "bracketleft");
  g_assert_cmpstr (thicker, ==, "bracketright");
  g_assert_cmpfloat (dt_sketchpad_get_pen_width (pad), ==, DT_SKETCHPAD_PEN_WIDTH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sketch), "sketch.thinner", NULL));
  g_assert_cmpfloat (fabs (dt_sketchpad_get_pen_width (pad) - (DT_SKETCHPAD_PEN_WIDTH - 0.01)),
                     <, 1e-12);
  dt_test_pages_fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  g_test_add_func ("/inside-pages/trained-and-inside", test_trained_and_inside);
  g_test_add_func ("/inside-pages/untrained-draw", test_untrained_draw);
  g_test_add_func ("/inside-pages/wide-layer", test_wide_layer);
  g_test_add_func ("/inside-pages/optimizer", test_optimizer);
  g_test_add_func ("/inside-pages/sample-filters", test_sample_filters);
  g_test_add_func ("/inside-pages/shortcuts", test_shortcuts);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_rmdir (empty_home);
  return status;
}
