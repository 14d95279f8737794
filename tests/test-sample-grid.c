/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtSampleGrid: one-hot cells, paging, the test-set toggle, predictions once trained. */
#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "dt-sample-grid.h"
#include "dt-test-data.h"

static char *data_dir;

static void
test_one_hot_cells (void)
{
  for (int label = 0; label < NN_DATASET_CLASSES; label++)
    {
      gboolean cells[NN_DATASET_CLASSES];
      guint lit = 0;

      dt_sample_grid_one_hot (label, cells);
      for (int c = 0; c < NN_DATASET_CLASSES; c++)
        {
          g_assert_true (cells[c] == (c == label));
          lit += cells[c];
        }
      g_assert_cmpuint (lit, ==, 1);
    }
  for (int bad = -1; bad <= NN_DATASET_CLASSES; bad += NN_DATASET_CLASSES + 1)
    {
      gboolean cells[NN_DATASET_CLASSES];

      dt_sample_grid_one_hot (bad, cells);
      for (int c = 0; c < NN_DATASET_CLASSES; c++)
        g_assert_false (cells[c]);
    }
}

static void
test_one_hot_text (void)
{
  g_autofree char *five = dt_sample_grid_one_hot_text (5);
  g_autofree char *zero = dt_sample_grid_one_hot_text (0);

  /* the lesson's print(y_train[:3]) rows */
  g_assert_cmpstr (five, ==, "[0. 0. 0. 0. 0. 1. 0. 0. 0. 0.]");
  g_assert_cmpstr (zero, ==, "[1. 0. 0. 0. 0. 0. 0. 0. 0. 0.]");
}

/* The line under a sample gives way as the cell narrows (a zoomed window): the prediction
 * keeps its digit as long as "5 → 3 ✗" fits, and the mark alone after that. */
static void
test_cell_text (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new (NULL));
  g_autofree char *wide = dt_sample_grid_cell_text (label, 5, 3, 1000);
  g_autofree char *compact = NULL, *mark = NULL, *unknown = NULL;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (label, NULL);
  int wide_w, compact_w;

  g_assert_nonnull (strstr (wide, "pred. 3 ✗"));
  pango_layout_set_markup (layout, wide, -1);
  pango_layout_get_pixel_size (layout, &wide_w, NULL);
  compact = dt_sample_grid_cell_text (label, 5, 3, wide_w - 1);
  g_assert_null (strstr (compact, "pred."));
  g_assert_nonnull (strstr (compact, "→ 3 ✗"));
  pango_layout_set_markup (layout, compact, -1);
  pango_layout_get_pixel_size (layout, &compact_w, NULL);
  g_assert_cmpint (compact_w, <, wide_w);
  mark = dt_sample_grid_cell_text (label, 5, 5, 1);
  g_assert_null (strstr (mark, "→"));
  g_assert_nonnull (strstr (mark, "✓"));
  unknown = dt_sample_grid_cell_text (label, 5, -1, 1);
  g_assert_cmpstr (unknown, ==, "<b>5</b>");
  g_object_unref (label);
}

static void
wait_for_data (DtTrainer *trainer)
{
  dt_trainer_load_data (trainer, data_dir);
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
}

static void
test_grid_pages (void)
{
  DtTrainer *trainer = dt_trainer_new ();
  GtkWidget *window = gtk_window_new ();
  DtSampleGrid *grid = DT_SAMPLE_GRID (dt_sample_grid_new ());

  g_object_ref (grid);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 500);
  dt_sample_grid_set_trainer (grid, trainer);
  /* no data yet: Next is disabled and does nothing */
  gtk_widget_activate_action (GTK_WIDGET (grid), "samples.next", NULL);
  g_assert_cmpuint (dt_sample_grid_get_index (grid, 0), ==, 0);

  wait_for_data (trainer);
  for (guint i = 0; i < DT_SAMPLE_GRID_N_SAMPLES; i++)
    {
      g_assert_cmpuint (dt_sample_grid_get_index (grid, i), ==, i);
      g_assert_cmpint (dt_sample_grid_get_prediction (grid, i), ==, -1);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "samples.next", NULL));
  g_assert_cmpuint (dt_sample_grid_get_index (grid, 0), ==, DT_SAMPLE_GRID_N_SAMPLES);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "samples.shuffle", NULL));
  for (guint i = 0; i < DT_SAMPLE_GRID_N_SAMPLES; i++)
    g_assert_cmpuint (dt_sample_grid_get_index (grid, i), <, 600);

  /* the toggle's action flips the property and starts the test set at its first page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "samples.show-test-set", NULL));
  g_assert_true (dt_sample_grid_get_show_test_set (grid));
  g_assert_cmpuint (dt_sample_grid_get_index (grid, 0), ==, 0);

  /* drawn in a real window without warnings */
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (grid);
  g_assert_finalize_object (trainer);
}

static void
finished_cb (DtTrainer    *trainer,
             const GError *error,
             gboolean     *done)
{
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_grid_predictions (void)
{
  DtTrainer *trainer = dt_trainer_new ();
  DtSampleGrid *grid = g_object_ref_sink (DT_SAMPLE_GRID (dt_sample_grid_new ()));
  g_autoptr(GError) error = NULL;
  const NnDataset *train;
  gboolean done = FALSE;
  guint wrong = 0;

  dt_sample_grid_set_trainer (grid, trainer);
  wait_for_data (trainer);
  g_signal_connect (trainer, "finished", G_CALLBACK (finished_cb), &done);
  g_assert_true (dt_trainer_train (trainer, &error));
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* network-changed reached the grid: every sample has a guess */
  train = dt_trainer_get_train_set (trainer);
  for (guint i = 0; i < DT_SAMPLE_GRID_N_SAMPLES; i++)
    {
      int guess = dt_sample_grid_get_prediction (grid, i);

      g_assert_cmpint (guess, >=, 0);
      g_assert_cmpint (guess, <, 10);
      wrong += guess != train->labels[dt_sample_grid_get_index (grid, i)];
    }
  g_assert_cmpuint (dt_sample_grid_get_n_wrong (grid), ==, wrong);
  /* the generated digits are easy: after 2 epochs nearly all are right */
  g_assert_cmpuint (wrong, <=, 2);

  /* Reset: untrained again, no guesses */
  dt_trainer_reset (trainer);
  g_assert_cmpint (dt_sample_grid_get_prediction (grid, 0), ==, -1);

  g_assert_finalize_object (grid);
  g_assert_finalize_object (trainer);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
  data_dir = dt_test_make_dataset (600, 100);

  g_test_add_func ("/samples/one-hot/cells", test_one_hot_cells);
  g_test_add_func ("/samples/one-hot/text", test_one_hot_text);
  g_test_add_func ("/samples/cell-text", test_cell_text);
  g_test_add_func ("/samples/grid/pages", test_grid_pages);
  g_test_add_func ("/samples/grid/predictions", test_grid_predictions);
  ret = g_test_run ();

  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return ret;
}
