/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Evaluate, Inside and Optimizer pages in the window, on a generated IDX set: the click
 * paths (matrix cell → gallery → digit → Draw page), keyboard paths, the numbers the pages
 * show against the network they show, the untrained network on the Draw page, 128 hidden
 * units, and the optimizer's CSV.  Clicks and keys are delivered to the widgets' own event
 * controllers, so the code a pointer or a key runs is the code tested. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-evaluate-page.h"
#include "dt-inside-page.h"
#include "dt-inside-pages.h"
#include "dt-optimizer-page.h"
#include "dt-settings.h"
#include "dt-test-data.h"
#include "dt-window.h"
#include "nn-eval.h"

#define N_TRAIN 2000
#define N_TEST  300
#define K       NN_DATASET_CLASSES

static char *data_dir;

typedef struct
{
  GSettings        *settings;
  DtWindow         *window;
  DtTrainer        *trainer;
  AdwViewStack     *stack;
  DtEvaluatePage   *evaluate;
  DtInsidePage     *inside;
  DtOptimizerPage  *optimizer;
  DtEvaluator      *evaluator;
} Fixture;

static void
iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until widget has been laid out (shown since the last frame). */
static void
wait_allocated (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gtk_widget_get_height (widget) <= 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_height (widget), >, 0);
}

/* Runs the main loop until the evaluator has finished one more evaluation than before. */
static void
wait_for_evaluation (Fixture *f,
                     guint    before)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((dt_evaluator_get_n_done (f->evaluator) <= before ||
          dt_evaluator_get_busy (f->evaluator)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_evaluator_get_n_done (f->evaluator), >, before);
}

static void
fixture_open (Fixture *f,
              int      epochs)
{
  f->settings = dt_settings_new ();
  dt_settings_restore_lesson_defaults (f->settings);
  g_settings_set_string (f->settings, "data-dir", data_dir);
  g_settings_set_int (f->settings, "epochs", epochs);
  f->window = g_object_ref (dt_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  f->trainer = dt_window_get_trainer (f->window);
  f->stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                            DT_TYPE_WINDOW, "view_stack"));
  f->evaluate = DT_EVALUATE_PAGE (adw_view_stack_get_child_by_name (f->stack, "evaluate"));
  f->inside = DT_INSIDE_PAGE (adw_view_stack_get_child_by_name (f->stack, "inside"));
  f->optimizer = DT_OPTIMIZER_PAGE (adw_view_stack_get_child_by_name (f->stack, "optimizer"));
  g_assert_nonnull (f->evaluate);
  g_assert_nonnull (f->inside);
  g_assert_nonnull (f->optimizer);
  f->evaluator = dt_evaluate_page_get_evaluator (f->evaluate);
  while (dt_trainer_get_data_state (f->trainer) != DT_DATA_STATE_READY)
    g_main_context_iteration (NULL, TRUE);
  /* the data's arrival has the untrained network evaluated */
  wait_for_evaluation (f, 0);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->settings);
}

static void
train (Fixture *f)
{
  guint before = dt_evaluator_get_n_done (f->evaluator);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  while (dt_trainer_get_running (f->trainer))
    g_main_context_iteration (NULL, TRUE);
  wait_for_evaluation (f, before);
}

static void
show_page (Fixture    *f,
           const char *name)
{
  adw_view_stack_set_visible_child_name (f->stack, name);
  iterate ();
}

/* The widget's event controller of the given type (its click gesture, its key controller). */
static GtkEventController *
controller_of (GtkWidget *widget,
               GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return GTK_EVENT_CONTROLLER (c);
    }
  g_assert_not_reached ();
}

static void
click (GtkWidget *widget,
       double     x,
       double     y)
{
  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_GESTURE_CLICK), "pressed", 1, x, y);
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, 0, &handled);
  return handled;
}

/* Equal as numbers (+0 and −0 alike: the maps store what the sums give). */
static void
assert_same_values (const float *got,
                    const float *want,
                    int          n)
{
  g_assert_nonnull (got);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat (got[i], ==, want[i]);
}

/* The matrix is nn_eval_set's over the test set for the network evaluated, and its
 * diagonal over n is nn_evaluate's accuracy. */
static void
assert_matrix_matches (Fixture *f)
{
  DtEvaluation *ev = dt_evaluator_get_evaluation (f->evaluator);
  const NnDataset *test = dt_trainer_get_test_set (f->trainer);
  g_autoptr(NnEvalResult) r = nn_eval_result_new (test->n, ev->net->n_hidden, K);
  guint32 shown[K * K];
  double loss, accuracy;

  g_assert_true (dt_confusion_view_get_matrix (dt_evaluate_page_get_confusion (f->evaluate),
                                               shown));
  g_assert_true (nn_eval_set (ev->net, NN_DATASET_ARRAYS (test), r, NULL));
  g_assert_cmpmem (shown, sizeof shown, r->confusion, sizeof shown);
  nn_evaluate (ev->net, NN_DATASET_ARRAYS (test), &loss, &accuracy);
  g_assert_cmpfloat ((double) r->correct / test->n, ==, accuracy);
}

/* A cell with some mistakes in it, of the matrix shown. */
static void
busiest_mistake (Fixture *f,
                 int     *t,
                 int     *a)
{
  guint32 m[K * K], best = 0;

  g_assert_true (dt_confusion_view_get_matrix (dt_evaluate_page_get_confusion (f->evaluate),
                                               m));
  for (int i = 0; i < K; i++)
    for (int j = 0; j < K; j++)
      if (i != j && m[i * K + j] > best)
        {
          best = m[i * K + j];
          *t = i;
          *a = j;
        }
  g_assert_cmpuint (best, >, 1);
}

/* Matrix cell → gallery → digit → its probabilities and evidence → the Draw page. */
static void
test_click_path (void)
{
  Fixture f = { 0 };
  DtConfusionView *matrix;
  DtDigitGallery *gallery;
  DtEvaluation *ev;
  DtSketchPanel *sketch;
  float p[K], x[NN_IMAGE_PIXELS], evidence[NN_IMAGE_PIXELS];
  double cx, cy;
  int t = -1, a = -1, got_t, got_a, item;
  guint32 index;

  fixture_open (&f, 1);
  show_page (&f, "evaluate");
  ev = dt_evaluator_get_evaluation (f.evaluator);
  g_assert_false (ev->trained);   /* the untrained network's guesses: many mistakes */
  assert_matrix_matches (&f);
  matrix = dt_evaluate_page_get_confusion (f.evaluate);
  gallery = dt_evaluate_page_get_gallery (f.evaluate);
  busiest_mistake (&f, &t, &a);

  dt_confusion_view_cell_center (matrix, t, a, &cx, &cy);
  g_assert_true (dt_confusion_view_cell_at (matrix, cx, cy, &got_t, &got_a));
  g_assert_cmpint (got_t, ==, t);
  g_assert_cmpint (got_a, ==, a);
  click (GTK_WIDGET (matrix), cx, cy);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (gallery), ==,
                    ev->test->confusion[t * K + a]);
  for (guint i = 0; i < dt_digit_gallery_get_n_items (gallery); i++)
    {
      guint32 j = dt_digit_gallery_get_item (gallery, i);

      g_assert_cmpint (ev->data->test->labels[j], ==, t);
      g_assert_cmpint (ev->test->answers[j], ==, a);
    }
  g_test_message ("%s", dt_digit_gallery_get_title (gallery));

  /* the second digit of the gallery, clicked where it is drawn */
  wait_allocated (dt_digit_gallery_get_area (gallery));
  g_assert_true (dt_digit_gallery_item_center (gallery, 1, &cx, &cy));
  item = dt_digit_gallery_item_at (gallery, cx, cy);
  g_assert_cmpint (item, ==, 1);
  click (dt_digit_gallery_get_area (gallery), cx, cy);
  index = dt_digit_gallery_get_item (gallery, 1);
  g_assert_cmpint (dt_evaluate_page_get_digit (f.evaluate), ==, (int) index);
  g_assert_true (dt_probability_bars_get_probabilities (dt_evaluate_page_get_bars (f.evaluate),
                                                        p));
  g_assert_cmpmem (p, sizeof p, ev->test->probs + (gsize) index * K, sizeof p);
  nn_dataset_gather (ev->data->test, &index, 1, x, NULL);
  nn_evidence (ev->net, x, a, evidence);
  assert_same_values (dt_signed_image_get_values (dt_evaluate_page_get_evidence (f.evaluate)),
                      evidence, NN_IMAGE_PIXELS);

  /* choosing digit t in the bars (laid out now) shows the evidence for the right answer */
  wait_allocated (GTK_WIDGET (dt_evaluate_page_get_bars (f.evaluate)));
  click (GTK_WIDGET (dt_evaluate_page_get_bars (f.evaluate)), 5,
         dt_probability_bars_row_center (dt_evaluate_page_get_bars (f.evaluate), t));
  g_assert_cmpint (dt_probability_bars_get_chosen (dt_evaluate_page_get_bars (f.evaluate)), ==,
                   t);
  nn_evidence (ev->net, x, t, evidence);
  assert_same_values (dt_signed_image_get_values (dt_evaluate_page_get_evidence (f.evaluate)),
                      evidence, NN_IMAGE_PIXELS);

  /* Show on Draw Page: the digit, read the same way, on the Draw page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.evaluate), "evaluate.send-to-draw",
                                             NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f.stack), ==, "draw");
  sketch = dt_window_get_sketch_panel (f.window);
  g_assert_true (dt_sketch_panel_get_showing_digit (sketch));
  g_assert_true (dt_probability_bars_get_probabilities (dt_sketch_panel_get_bars (sketch), p));
  for (int k = 0; k < K; k++)
    g_assert_cmpfloat (fabsf (p[k] - ev->test->probs[(gsize) index * K + k]), <, 1e-5f);
  g_assert_cmpmem (dt_digit_preview_get_input (dt_sketch_panel_get_preview (sketch)),
                   sizeof x, x, sizeof x);
  fixture_close (&f);
}

/* All Mistakes (Ctrl+M's action): every wrong digit, the most confident first; the arrow
 * keys and Return pick a cell. */
static void
test_mistakes_and_keys (void)
{
  Fixture f = { 0 };
  DtConfusionView *matrix;
  DtDigitGallery *gallery;
  DtEvaluation *ev;
  int t, a;

  fixture_open (&f, 1);
  show_page (&f, "evaluate");
  ev = dt_evaluator_get_evaluation (f.evaluator);
  matrix = dt_evaluate_page_get_confusion (f.evaluate);
  gallery = dt_evaluate_page_get_gallery (f.evaluate);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.evaluate), "evaluate.all-mistakes",
                                             NULL));
  g_assert_cmpuint (dt_digit_gallery_get_n_items (gallery), ==, ev->test->n - ev->test->correct);
  for (guint i = 1; i < dt_digit_gallery_get_n_items (gallery); i++)
    {
      guint32 j = dt_digit_gallery_get_item (gallery, i), k = dt_digit_gallery_get_item (gallery,
                                                                                        i - 1);

      g_assert_cmpint (ev->test->answers[j], !=, ev->data->test->labels[j]);
      g_assert_cmpfloat (ev->test->probs[j * K + ev->test->answers[j]], <=,
                         ev->test->probs[k * K + ev->test->answers[k]]);
    }
  /* Page Down in the gallery turns to its second page */
  g_assert_true (press_key (dt_digit_gallery_get_area (gallery), GDK_KEY_Page_Down));
  g_assert_cmpuint (dt_digit_gallery_get_page (gallery), ==, 1);

  /* from no cursor, Down, Right, Right and Return open cell (1, 2) */
  g_assert_true (press_key (GTK_WIDGET (matrix), GDK_KEY_Down));
  g_assert_true (press_key (GTK_WIDGET (matrix), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (matrix), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (matrix), GDK_KEY_Return));
  dt_confusion_view_get_cursor (matrix, &t, &a);
  g_assert_cmpint (t, ==, 1);
  g_assert_cmpint (a, ==, 2);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (gallery), ==, ev->test->confusion[1 * K + 2]);
  fixture_close (&f);
}

/* After training: the matrix follows the trained network; the Inside page shows its
 * weights, pixel (r, c) of unit h being w1[(28r + c)·H + h]; a clicked unit's detail. */
static void
test_trained_and_inside (void)
{
  Fixture f = { 0 };
  DtWeightGrid *grid;
  DtEvaluation *ev;
  NnNet *net;
  float out[K], bars[K];
  double cx, cy;

  fixture_open (&f, 2);
  train (&f);
  ev = dt_evaluator_get_evaluation (f.evaluator);
  g_assert_true (ev->trained);
  g_assert_cmpfloat (ev->x, ==, 2.0);
  show_page (&f, "evaluate");
  assert_matrix_matches (&f);
  g_test_message ("%s", dt_evaluate_page_get_state (f.evaluate));
  g_assert_true (g_str_has_prefix (dt_evaluate_page_get_state (f.evaluate), "After 2 epochs: "));

  show_page (&f, "inside");
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
  click (GTK_WIDGET (grid), cx, cy);
  g_assert_cmpint (dt_weight_grid_get_selected (grid), ==, 5);
  g_assert_cmpint (dt_layer2_map_get_selected (dt_inside_page_get_layer2 (f.inside)), ==, 5);
  nn_unit_output_weights (net, 5, out);
  g_assert_true (dt_signed_bars_get_values (dt_inside_page_get_unit_bars (f.inside), bars));
  g_assert_cmpmem (bars, sizeof bars, out, sizeof out);
  assert_same_values (dt_signed_image_get_values (dt_inside_page_get_unit_image (f.inside)),
                      dt_weight_grid_get_image (grid, 5), NN_IMAGE_PIXELS);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (dt_inside_page_get_top_digits (f.inside)), ==,
                    NN_EVAL_TOP_K);
  g_assert_cmpuint (dt_digit_gallery_get_item (dt_inside_page_get_top_digits (f.inside), 0), ==,
                    ev->test->top_index[5 * NN_EVAL_TOP_K]);
  /* the arrow keys move to the next unit; the shared scale is the layer's largest weight */
  g_assert_true (press_key (GTK_WIDGET (grid), GDK_KEY_Right));
  g_assert_cmpint (dt_weight_grid_get_selected (grid), ==, 6);
  g_assert_cmpfloat (dt_weight_grid_get_scale (grid, 6), ==,
                     nn_max_abs (net->w1, (gsize) 784 * net->n_hidden));
  dt_weight_grid_set_per_unit_scale (grid, TRUE);
  g_assert_cmpfloat (dt_weight_grid_get_scale (grid, 6), ==,
                     nn_max_abs (dt_weight_grid_get_image (grid, 6), 784));
  nn_net_free (net);
  fixture_close (&f);
}

/* The Draw page before training: the untrained network's guess, dimmed, with its hidden
 * units and evidence; after training the answer is trained. */
static void
test_untrained_draw (void)
{
  static const double one[] = { 0.5, 0.15, 0.48, 0.5, 0.47, 0.85 };
  Fixture f = { 0 };
  DtSketchPanel *sketch;
  DtProbabilityBars *bars;
  int n;

  fixture_open (&f, 1);
  sketch = dt_window_get_sketch_panel (f.window);
  bars = dt_sketch_panel_get_bars (sketch);
  dt_sketchpad_add_stroke (dt_sketch_panel_get_sketchpad (sketch), one, 3);
  g_assert_false (dt_sketch_panel_get_trained (sketch));
  g_assert_cmpint (dt_probability_bars_get_winner (bars), >=, 0);
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch), "Untrained, it guesses"));
  g_assert_nonnull (dt_activation_strip_get_values (dt_sketch_panel_get_activations (sketch), &n));
  g_assert_cmpint (n, ==, NN_LESSON_HIDDEN);
  g_assert_nonnull (dt_signed_image_get_values (dt_sketch_panel_get_evidence (sketch)));
  train (&f);
  g_assert_true (dt_sketch_panel_get_trained (sketch));
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (sketch), "It looks like a "));
  fixture_close (&f);
}

/* 128 hidden units after Reset: 16 units a row, every page follows. */
static void
test_wide_layer (void)
{
  Fixture f = { 0 };
  DtWeightGrid *grid;
  guint before;

  fixture_open (&f, 1);
  g_settings_set_int (f.settings, "hidden-units", 128);
  before = dt_evaluator_get_n_done (f.evaluator);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.reset", NULL));
  wait_for_evaluation (&f, before);
  train (&f);
  show_page (&f, "inside");
  grid = dt_inside_page_get_grid (f.inside);
  g_assert_cmpint (dt_weight_grid_get_n_units (grid), ==, 128);
  g_assert_cmpint (dt_weight_grid_get_columns (grid), ==, 16);
  g_assert_cmpint (dt_evaluator_get_evaluation (f.evaluator)->net->n_hidden, ==, 128);
  show_page (&f, "evaluate");
  assert_matrix_matches (&f);
  g_settings_reset (f.settings, "hidden-units");
  fixture_close (&f);
}

/* The Optimizer page's history and its CSV: a row a measurement, percentiles ascending. */
static void
test_optimizer (void)
{
  Fixture f = { 0 };
  DtOptimizerHistory *history;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) head = NULL;
  g_auto(GStrv) row = NULL;
  GActionGroup *group;
  double lo, hi;
  guint n;

  fixture_open (&f, 2);
  history = dt_optimizer_page_get_history (f.optimizer);
  group = dt_inside_pages_get_actions (GTK_WINDOW (f.window));
  g_assert_nonnull (group);
  g_assert_false (g_action_group_get_action_enabled (group, "export-csv"));
  train (&f);
  dt_optimizer_history_get_points (history, &n);
  /* 63 batches an epoch, a measurement every 63 / 25 = 2 steps */
  g_assert_cmpuint (n, ==, 2 * 63 / 2);
  g_assert_true (g_action_group_get_action_enabled (group, "export-csv"));
  show_page (&f, "optimizer");
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

  /* Reset starts the history afresh */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.reset", NULL));
  dt_optimizer_history_get_points (history, &n);
  g_assert_cmpuint (n, ==, 0);
  fixture_close (&f);
}

/* The samples: a digit filter, the mistakes of the latest evaluation, pages both ways. */
static void
test_sample_filters (void)
{
  Fixture f = { 0 };
  DtSampleGrid *grid;
  const NnDataset *test;
  DtEvaluation *ev;
  guint n_pages;

  fixture_open (&f, 1);
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
  wait_for_evaluation (&f, dt_evaluator_get_n_done (f.evaluator));
  g_assert_nonnull (dt_evaluator_get_evaluation (f.evaluator)->train);
  g_assert_cmpuint (dt_sample_grid_get_n_matching (grid), >, 0);
  for (guint i = 0; i < MIN (dt_sample_grid_get_n_matching (grid), 12); i++)
    g_assert_cmpint (dt_sample_grid_get_prediction (grid, i), !=, 3);
  fixture_close (&f);
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
  Fixture f = { 0 };
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

  fixture_open (&f, 1);
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
  fixture_close (&f);
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
  g_test_add_func ("/inside-pages/click-path", test_click_path);
  g_test_add_func ("/inside-pages/mistakes-and-keys", test_mistakes_and_keys);
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
