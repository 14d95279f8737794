/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-pages.h"

#include "dt-settings.h"
#include "nn-eval.h"

#define K NN_DATASET_CLASSES

void
dt_test_pages_iterate (void)
{
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until widget has been laid out (shown since the last frame). */
void
dt_test_pages_wait_allocated (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gtk_widget_get_height (widget) <= 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_height (widget), >, 0);
}

/* Runs the main loop until the evaluator has finished one more evaluation than before. */
void
dt_test_pages_wait_for_evaluation (DtTestPages *f,
                                   guint        before)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((dt_evaluator_get_n_done (f->evaluator) <= before ||
          dt_evaluator_get_busy (f->evaluator)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (dt_evaluator_get_n_done (f->evaluator), >, before);
}

void
dt_test_pages_fixture_open (DtTestPages *f,
                            const char  *data_dir,
                            int          epochs)
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
  dt_test_pages_wait_for_evaluation (f, 0);
}

void
dt_test_pages_fixture_close (DtTestPages *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_clear_object (&f->settings);
}

void
dt_test_pages_train (DtTestPages *f)
{
  guint before = dt_evaluator_get_n_done (f->evaluator);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.train", NULL));
  while (dt_trainer_get_running (f->trainer))
    g_main_context_iteration (NULL, TRUE);
  dt_test_pages_wait_for_evaluation (f, before);
}

void
dt_test_pages_show_page (DtTestPages *f,
                         const char  *name)
{
  adw_view_stack_set_visible_child_name (f->stack, name);
  dt_test_pages_iterate ();
}

/* The widget's event controller of the given type (its click gesture, its key controller). */
GtkEventController *
dt_test_pages_controller_of (GtkWidget *widget,
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

void
dt_test_pages_click (GtkWidget *widget,
       double     x,
       double     y)
{
  g_signal_emit_by_name (dt_test_pages_controller_of (widget, GTK_TYPE_GESTURE_CLICK), "pressed", 1, x, y);
}

gboolean
dt_test_pages_press_key (GtkWidget *widget,
           guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (dt_test_pages_controller_of (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed",
                         keyval, 0, 0, &handled);
  return handled;
}

/* Equal as numbers (+0 and −0 alike: the maps store what the sums give). */
void
dt_test_pages_assert_same_values (const float *got,
                    const float *want,
                    int          n)
{
  g_assert_nonnull (got);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat (got[i], ==, want[i]);
}

/* The matrix is nn_eval_set's over the test set for the network evaluated, and its
 * diagonal over n is nn_evaluate's accuracy. */
void
dt_test_pages_assert_matrix_matches (DtTestPages *f)
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

