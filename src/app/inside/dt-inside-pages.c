/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-inside-pages"

#include "config.h"

#include "dt-inside-pages.h"

#include <glib/gi18n.h>

#include "dt-evaluate-page.h"
#include "dt-inside-page.h"
#include "dt-optimizer-page.h"

#define ACTIONS_KEY "dt-inside-pages-actions"

typedef struct
{
  GtkWindow       *window;      /* weak: the window owns everything here */
  AdwViewStack    *stack;
  DtSketchPanel   *sketch;
  DtOptimizerPage *optimizer;
  GtkFileChooserNative *chooser;
} Pages;

static void
pages_free (Pages *pages)
{
  if (pages->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (pages->chooser));
  g_clear_object (&pages->chooser);
  g_free (pages);
}

void
dt_inside_pages_push_network (DtTrainer     *trainer,
                              DtSketchPanel *sketch)
{
  NnNet *net = dt_trainer_dup_network (trainer);

  if (net != NULL)
    dt_sketch_panel_set_network (sketch, net);
  else if ((net = dt_trainer_dup_untrained_network (trainer)) != NULL)
    dt_sketch_panel_set_untrained_network (sketch, net);
  g_clear_pointer (&net, nn_net_free);
}

static void
send_to_draw_cb (DtEvaluatePage *page,
                 guint           index,
                 Pages          *pages)
{
  DtEvaluation *ev = dt_evaluator_get_evaluation (dt_evaluate_page_get_evaluator (page));
  float x[NN_IMAGE_PIXELS];

  if (ev == NULL || index >= ev->data->test->n)
    return;
  nn_dataset_gather (ev->data->test, &index, 1, x, NULL);
  dt_sketch_panel_show_digit (pages->sketch, x, ev->data->test->labels[index], index);
  adw_view_stack_set_visible_child_name (pages->stack, "draw");
}

static void
add_page (AdwViewStack *stack,
          GtkWidget    *child,
          const char   *name,
          const char   *title,
          const char   *icon)
{
  AdwViewStackPage *page = adw_view_stack_add_titled (stack, child, name, title);

  adw_view_stack_page_set_use_underline (page, TRUE);
  adw_view_stack_page_set_icon_name (page, icon);
}

static void
export_chosen_cb (Pages *pages,
                  int    response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (pages->chooser));
  path = g_file_get_path (file);
  if (!dt_optimizer_history_export_csv (dt_optimizer_page_get_history (pages->optimizer), path,
                                        &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (pages->window, _("Export Failed"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
export_activate_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Pages *pages = user_data;

  if (pages->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (pages->chooser));
  g_clear_object (&pages->chooser);
  pages->chooser = gtk_file_chooser_native_new (_("Export Optimizer Statistics"),
                                                pages->window, GTK_FILE_CHOOSER_ACTION_SAVE,
                                                _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (pages->chooser),
                                     "digit-trainer-optimizer.csv");
  g_signal_connect_swapped (pages->chooser, "response", G_CALLBACK (export_chosen_cb), pages);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (pages->chooser));
}

static void
history_changed_cb (DtOptimizerHistory *history,
                    GSimpleAction      *export_action)
{
  guint n;

  dt_optimizer_history_get_points (history, &n);
  g_simple_action_set_enabled (export_action, n > 0);
}

static void
add_export_action (Pages *pages)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("export-csv", NULL);
  DtOptimizerHistory *history = dt_optimizer_page_get_history (pages->optimizer);

  g_signal_connect (action, "activate", G_CALLBACK (export_activate_cb), pages);
  g_signal_connect_object (history, "changed", G_CALLBACK (history_changed_cb), action, 0);
  history_changed_cb (history, action);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (pages->window), "optimizer",
                                  G_ACTION_GROUP (group));
  /* GTK 4.8 has no getter for an inserted group */
  g_object_set_data_full (G_OBJECT (pages->window), ACTIONS_KEY, g_object_ref (group),
                          g_object_unref);
}

void
dt_inside_pages_add (GtkWindow     *window,
                     AdwViewStack  *stack,
                     DtTrainer     *trainer,
                     DtSketchPanel *sketch,
                     DtSampleGrid  *samples)
{
  g_autoptr(DtEvaluator) evaluator = dt_evaluator_new (trainer);
  Pages *pages = g_new0 (Pages, 1);
  GtkWidget *evaluate = dt_evaluate_page_new (evaluator);

  pages->window = window;
  pages->stack = stack;
  pages->sketch = sketch;
  pages->optimizer = DT_OPTIMIZER_PAGE (dt_optimizer_page_new (trainer));
  /* the pages live as long as the window; so does this */
  g_object_set_data_full (G_OBJECT (evaluate), "dt-inside-pages", pages,
                          (GDestroyNotify) pages_free);
  add_page (stack, evaluate, "evaluate", _("E_valuate"), "view-grid-symbolic");
  add_page (stack, dt_inside_page_new (evaluator), "inside", _("_Inside"),
            "edit-find-symbolic");
  add_page (stack, GTK_WIDGET (pages->optimizer), "optimizer", _("_Optimizer"),
            "applications-science-symbolic");
  g_signal_connect (evaluate, "send-to-draw", G_CALLBACK (send_to_draw_cb), pages);
  dt_sample_grid_set_evaluator (samples, evaluator);
  add_export_action (pages);
  dt_inside_pages_push_network (trainer, sketch);
}

GActionGroup *
dt_inside_pages_get_actions (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), ACTIONS_KEY);
}
