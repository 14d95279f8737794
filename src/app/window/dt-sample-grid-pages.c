/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid-pages.c — which samples DtSampleGrid shows: the set's samples that pass the
 * digit filter and "mistakes only", in order or shuffled, a page of twelve at a time. */
#define G_LOG_DOMAIN "dt-sample-grid"

#include "config.h"

#include "dt-sample-grid-private.h"

#include <glib/gi18n.h>

#include "dt-class-names.h"
#include "dt-format.h"

#define N DT_SAMPLE_GRID_N_SAMPLES

const guint8 *
dt_sample_grid_set_answers (DtSampleGrid *self)
{
  DtEvaluation *ev = self->evaluator != NULL ? dt_evaluator_get_evaluation (self->evaluator)
                                             : NULL;
  const NnDataset *set = dt_sample_grid_current_set (self);
  const NnEvalResult *r;

  if (ev == NULL || set == NULL)
    return NULL;
  r = self->show_test_set ? ev->test : ev->train;
  /* an evaluation of other data (a reload) does not answer for this set */
  if (r == NULL || r->n != set->n ||
      set != (self->show_test_set ? ev->data->test : ev->data->train))
    return NULL;
  return r->answers;
}

static void
update_page_label (DtSampleGrid *self)
{
  guint n_pages = dt_sample_grid_get_n_pages (self);
  g_autofree char *page = dt_format_grouped (MIN (self->page + 1, n_pages));
  g_autofree char *pages = dt_format_grouped (n_pages);
  g_autofree char *text = NULL;

  if (self->order->len == 0)
    text = g_strdup (self->mistakes_only && dt_sample_grid_set_answers (self) == NULL
                     ? _("waiting for an evaluation") : _("no samples"));
  else
    /* TRANSLATORS: the sample grid's page, "page 3 of 5,000" */
    text = g_strdup_printf (_("page %s of %s"), page, pages);
  gtk_label_set_label (self->page_label, text);
}

void
dt_sample_grid_show_page (DtSampleGrid *self,
                          int           page)
{
  guint n_pages = dt_sample_grid_get_n_pages (self);
  guint first;

  self->page = (guint) ((page % (int) n_pages + (int) n_pages) % (int) n_pages);
  first = self->page * N;
  for (guint i = 0; i < N; i++)
    self->indices[i] = first + i < self->order->len
                       ? g_array_index (self->order, guint32, first + i) : 0;
  update_page_label (self);
  dt_sample_grid_update_predictions (self);
}

void
dt_sample_grid_rebuild_order (DtSampleGrid *self)
{
  const NnDataset *set = dt_sample_grid_current_set (self);
  const guint8 *answers = self->mistakes_only ? dt_sample_grid_set_answers (self) : NULL;
  gboolean ready = set != NULL;

  g_array_set_size (self->order, 0);
  for (gsize i = 0; set != NULL && i < set->n; i++)
    {
      guint32 index = (guint32) i;

      if ((self->digit >= 0 && set->labels[i] != self->digit) ||
          (self->mistakes_only && (answers == NULL || answers[i] == set->labels[i])))
        continue;
      g_array_append_val (self->order, index);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.next", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.previous", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.shuffle", ready);
  dt_sample_grid_show_page (self, 0);
}

void
dt_sample_grid_next (DtSampleGrid *self)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));
  dt_sample_grid_show_page (self, (int) self->page + 1);
}

void
dt_sample_grid_previous (DtSampleGrid *self)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));
  dt_sample_grid_show_page (self, (int) self->page - 1);
}

void
dt_sample_grid_shuffle (DtSampleGrid *self)
{
  guint32 *v;

  g_return_if_fail (DT_IS_SAMPLE_GRID (self));

  v = (guint32 *) self->order->data;
  for (guint i = self->order->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (self->rand, 0, (gint32) i);
      guint32 t = v[i - 1];

      v[i - 1] = v[j];
      v[j] = t;
    }
  dt_sample_grid_show_page (self, 0);
}

guint
dt_sample_grid_get_page (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 0);
  return self->page;
}

guint
dt_sample_grid_get_n_pages (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 1);
  return MAX ((self->order->len + N - 1) / N, 1);
}

guint
dt_sample_grid_get_n_matching (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 0);
  return self->order->len;
}

void
dt_sample_grid_set_digit_filter (DtSampleGrid *self,
                                 int           digit)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));

  digit = digit >= 0 && digit < NN_DATASET_CLASSES ? digit : -1;
  if (digit == self->digit)
    return;
  self->digit = digit;
  gtk_drop_down_set_selected (self->digit_filter, (guint) (digit + 1));
  dt_sample_grid_rebuild_order (self);
}

int
dt_sample_grid_get_digit_filter (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), -1);
  return self->digit;
}

static void
want_train_answers (DtSampleGrid *self)
{
  if (self->evaluator != NULL)
    dt_evaluator_set_want_train (self->evaluator, self->mistakes_only && !self->show_test_set);
}

void
dt_sample_grid_set_mistakes_only (DtSampleGrid *self,
                                  gboolean      mistakes_only)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));

  mistakes_only = !!mistakes_only;
  if (mistakes_only == self->mistakes_only)
    return;
  self->mistakes_only = mistakes_only;
  want_train_answers (self);
  dt_sample_grid_rebuild_order (self);
  g_object_notify (G_OBJECT (self), "mistakes-only");   /* the toggle's action follows */
}

gboolean
dt_sample_grid_get_mistakes_only (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), FALSE);
  return self->mistakes_only;
}

static void
evaluation_cb (DtSampleGrid *self)
{
  if (self->mistakes_only)
    dt_sample_grid_rebuild_order (self);
}

void
dt_sample_grid_set_evaluator (DtSampleGrid *self,
                              DtEvaluator  *evaluator)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));
  g_return_if_fail (evaluator == NULL || DT_IS_EVALUATOR (evaluator));

  if (self->evaluator != NULL)
    g_clear_signal_handler (&self->evaluation_handler, self->evaluator);
  g_set_object (&self->evaluator, evaluator);
  if (evaluator != NULL)
    self->evaluation_handler = g_signal_connect_swapped (evaluator, "updated",
                                                         G_CALLBACK (evaluation_cb), self);
  want_train_answers (self);
  dt_sample_grid_rebuild_order (self);
}

static void
digit_selected_cb (DtSampleGrid *self)
{
  guint selected = gtk_drop_down_get_selected (self->digit_filter);

  dt_sample_grid_set_digit_filter (self, selected == GTK_INVALID_LIST_POSITION ||
                                         selected == 0 ? -1 : (int) selected - 1);
}

static void
previous_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  dt_sample_grid_previous (DT_SAMPLE_GRID (widget));
}

/* The filter's choices follow the dataset's class names (a new list only when they
 * changed: a new list drops the choice). */
void
dt_sample_grid_update_filter_names (DtSampleGrid *self)
{
  GListModel *model = gtk_drop_down_get_model (self->digit_filter);
  g_autoptr(GtkStringList) names = NULL;

  gtk_label_set_text_with_mnemonic (self->filter_label,
                                    dt_class_names_get_kind () == NN_DATASET_FASHION
                                    /* Translators: the sample filter's label for Fashion-MNIST,
                                     * whose labels are kinds of clothing */
                                    ? _("Cate_gory") : _("Di_git"));
  if (model != NULL && g_list_model_get_n_items (model) == NN_DATASET_CLASSES + 1 &&
      g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), 1), dt_class_name (0)))
    return;
  names = gtk_string_list_new (NULL);
  /* TRANSLATORS: the digit filter's first choice: no filter */
  gtk_string_list_append (names, _("All"));
  for (int k = 0; k < NN_DATASET_CLASSES; k++)
    gtk_string_list_append (names, dt_class_name (k));
  gtk_drop_down_set_model (self->digit_filter, G_LIST_MODEL (names));
}

void
dt_sample_grid_init_filters (DtSampleGrid *self)
{
  self->digit = -1;
  self->order = g_array_new (FALSE, FALSE, sizeof (guint32));
  dt_sample_grid_update_filter_names (self);
  /* GTK 4.8 leaves the drop-down's own button unnamed: a screen reader would say
   * "toggle button" */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->digit_filter));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Digit filter"), -1);
  g_signal_connect_swapped (self->digit_filter, "notify::selected",
                            G_CALLBACK (digit_selected_cb), self);
}

void
dt_sample_grid_class_init_filters (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "samples.previous", NULL, previous_action_cb);
  gtk_widget_class_install_property_action (widget_class, "samples.mistakes-only",
                                            "mistakes-only");
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, page_label);
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, digit_filter);
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, filter_label);
}
