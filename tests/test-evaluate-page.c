/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Evaluate page in the window, on a generated IDX set: the click path (matrix cell →
 * gallery → digit → its probabilities and evidence → the Draw page), All Mistakes and the
 * keyboard path, against the numbers of the network it shows. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-pages.h"
#include "nn-eval.h"

#define N_TRAIN 2000
#define N_TEST  300
#define K       NN_DATASET_CLASSES

static char *data_dir;

static void
busiest_mistake (DtTestPages *f,
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
  DtTestPages f = { 0 };
  DtConfusionView *matrix;
  DtDigitGallery *gallery;
  DtEvaluation *ev;
  DtSketchPanel *sketch;
  float p[K], x[NN_IMAGE_PIXELS], evidence[NN_IMAGE_PIXELS];
  double cx, cy;
  int t = -1, a = -1, got_t, got_a, item;
  guint32 index;

  dt_test_pages_fixture_open (&f, data_dir, 1);
  dt_test_pages_show_page (&f, "evaluate");
  ev = dt_evaluator_get_evaluation (f.evaluator);
  g_assert_false (ev->trained);   /* the untrained network's guesses: many mistakes */
  dt_test_pages_assert_matrix_matches (&f);
  matrix = dt_evaluate_page_get_confusion (f.evaluate);
  gallery = dt_evaluate_page_get_gallery (f.evaluate);
  busiest_mistake (&f, &t, &a);

  dt_confusion_view_cell_center (matrix, t, a, &cx, &cy);
  g_assert_true (dt_confusion_view_cell_at (matrix, cx, cy, &got_t, &got_a));
  g_assert_cmpint (got_t, ==, t);
  g_assert_cmpint (got_a, ==, a);
  dt_test_pages_click (GTK_WIDGET (matrix), cx, cy);
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
  dt_test_pages_wait_allocated (dt_digit_gallery_get_area (gallery));
  g_assert_true (dt_digit_gallery_item_center (gallery, 1, &cx, &cy));
  item = dt_digit_gallery_item_at (gallery, cx, cy);
  g_assert_cmpint (item, ==, 1);
  dt_test_pages_click (dt_digit_gallery_get_area (gallery), cx, cy);
  index = dt_digit_gallery_get_item (gallery, 1);
  g_assert_cmpint (dt_evaluate_page_get_digit (f.evaluate), ==, (int) index);
  g_assert_true (dt_probability_bars_get_probabilities (dt_evaluate_page_get_bars (f.evaluate),
                                                        p));
  g_assert_cmpmem (p, sizeof p, ev->test->probs + (gsize) index * K, sizeof p);
  nn_dataset_gather (ev->data->test, &index, 1, x, NULL);
  nn_evidence (ev->net, x, a, evidence);
  dt_test_pages_assert_same_values (dt_signed_image_get_values (dt_evaluate_page_get_evidence (f.evaluate)),
                      evidence, NN_IMAGE_PIXELS);

  /* choosing digit t in the bars (laid out now) shows the evidence for the right answer */
  dt_test_pages_wait_allocated (GTK_WIDGET (dt_evaluate_page_get_bars (f.evaluate)));
  dt_test_pages_click (GTK_WIDGET (dt_evaluate_page_get_bars (f.evaluate)), 5,
         dt_probability_bars_row_center (dt_evaluate_page_get_bars (f.evaluate), t));
  g_assert_cmpint (dt_probability_bars_get_chosen (dt_evaluate_page_get_bars (f.evaluate)), ==,
                   t);
  nn_evidence (ev->net, x, t, evidence);
  dt_test_pages_assert_same_values (dt_signed_image_get_values (dt_evaluate_page_get_evidence (f.evaluate)),
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
  dt_test_pages_fixture_close (&f);
}

/* All Mistakes (Ctrl+M's action): every wrong digit, the most confident first; the arrow
 * keys and Return pick a cell. */
static void
test_mistakes_and_keys (void)
{
  DtTestPages f = { 0 };
  DtConfusionView *matrix;
  DtDigitGallery *gallery;
  DtEvaluation *ev;
  int t, a;

  dt_test_pages_fixture_open (&f, data_dir, 1);
  dt_test_pages_show_page (&f, "evaluate");
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
  g_assert_true (dt_test_pages_press_key (dt_digit_gallery_get_area (gallery), GDK_KEY_Page_Down));
  g_assert_cmpuint (dt_digit_gallery_get_page (gallery), ==, 1);

  /* from no cursor, Down, Right, Right and Return open cell (1, 2) */
  g_assert_true (dt_test_pages_press_key (GTK_WIDGET (matrix), GDK_KEY_Down));
  g_assert_true (dt_test_pages_press_key (GTK_WIDGET (matrix), GDK_KEY_Right));
  g_assert_true (dt_test_pages_press_key (GTK_WIDGET (matrix), GDK_KEY_Right));
  g_assert_true (dt_test_pages_press_key (GTK_WIDGET (matrix), GDK_KEY_Return));
  dt_confusion_view_get_cursor (matrix, &t, &a);
  g_assert_cmpint (t, ==, 1);
  g_assert_cmpint (a, ==, 2);
  g_assert_cmpuint (dt_digit_gallery_get_n_items (gallery), ==, ev->test->confusion[1 * K + 2]);
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
  g_test_add_func ("/evaluate-page/click-path", test_click_path);
  g_test_add_func ("/evaluate-page/mistakes-and-keys", test_mistakes_and_keys);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  g_rmdir (empty_home);
  return status;
}
