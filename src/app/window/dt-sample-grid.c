/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid.c — DtSampleGrid: the training or the test set, the network's guesses for
 * the samples shown, and the widget itself.  Which samples are shown (filters, paging,
 * shuffling) is in dt-sample-grid-pages.c, the drawing in dt-sample-grid-draw.c. */
#define G_LOG_DOMAIN "dt-sample-grid"

#include "config.h"

#include "dt-sample-grid-private.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "dt-class-names.h"
#include "nn-trainer.h"

#define N DT_SAMPLE_GRID_N_SAMPLES

G_DEFINE_FINAL_TYPE (DtSampleGrid, dt_sample_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_TEST_SET,
  PROP_MISTAKES_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
dt_sample_grid_one_hot (int      label,
                        gboolean cells[NN_DATASET_CLASSES])
{
  for (int c = 0; c < NN_DATASET_CLASSES; c++)
    cells[c] = c == label;
}

char *
dt_sample_grid_one_hot_text (int label)
{
  gboolean cells[NN_DATASET_CLASSES];
  GString *s = g_string_new ("[");

  dt_sample_grid_one_hot (label, cells);
  for (int c = 0; c < NN_DATASET_CLASSES; c++)
    g_string_append_printf (s, c == 0 ? "%d." : " %d.", cells[c] ? 1 : 0);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

const NnDataset *
dt_sample_grid_current_set (DtSampleGrid *self)
{
  if (self->trainer == NULL)
    return NULL;
  return self->show_test_set ? dt_trainer_get_test_set (self->trainer)
                             : dt_trainer_get_train_set (self->trainer);
}

guint
dt_sample_grid_n_shown (DtSampleGrid *self)
{
  guint first = self->page * N;

  if (dt_sample_grid_current_set (self) == NULL || first >= self->order->len)
    return 0;
  return MIN (N, self->order->len - first);
}

/* What a screen reader says for the drawing: each sample's label and the network's guess. */
static void
update_description (DtSampleGrid *self)
{
  const NnDataset *set = dt_sample_grid_current_set (self);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < dt_sample_grid_n_shown (self); i++)
    {
      int label = set->labels[self->indices[i]];

      if (s->len > 0)
        g_string_append (s, "; ");
      if (self->predictions[i] < 0)
        g_string_append (s, dt_class_name (label));
      else if (self->predictions[i] == label)
        /* Translators: a sample's label, guessed right, for screen readers */
        g_string_append_printf (s, _("%s, guessed right"), dt_class_name (label));
      else
        /* Translators: a sample's label and the network's wrong guess, for screen readers */
        g_string_append_printf (s, _("%s, guessed %s"), dt_class_name (label),
                                dt_class_name (self->predictions[i]));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
  g_string_free (s, TRUE);
}

/* The guesses of the latest snapshot; with "mistakes only", those of the evaluation that
 * chose the samples, so that every sample shown is a mistake. */
void
dt_sample_grid_update_predictions (DtSampleGrid *self)
{
  const NnDataset *set = dt_sample_grid_current_set (self);
  const guint8 *answers = self->mistakes_only ? dt_sample_grid_set_answers (self) : NULL;
  NnNet *net = self->trainer != NULL && answers == NULL ? dt_trainer_dup_network (self->trainer)
                                                        : NULL;
  guint n = dt_sample_grid_n_shown (self);

  for (guint i = 0; i < N; i++)
    self->predictions[i] = i < n && answers != NULL ? answers[self->indices[i]] : -1;
  if (net != NULL && set != NULL && nn_dataset_image_size (set) == (gsize) net->n_in)
    {
      g_autofree float *x = g_new (float, net->n_in);
      g_autofree float *p = g_new (float, net->n_out);

      for (guint i = 0; i < n; i++)
        {
          nn_dataset_gather (set, &self->indices[i], 1, x, NULL);
          nn_predict (net, x, p);
          self->predictions[i] = nn_argmax (p, net->n_out);
        }
    }
  g_clear_pointer (&net, nn_net_free);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
network_changed_cb (DtSampleGrid *self)
{
  dt_sample_grid_update_predictions (self);
}

guint
dt_sample_grid_get_index (DtSampleGrid *self,
                          guint         i)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 0);
  g_return_val_if_fail (i < N, 0);
  return self->indices[i];
}

int
dt_sample_grid_get_prediction (DtSampleGrid *self,
                               guint         i)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), -1);
  g_return_val_if_fail (i < N, -1);
  return i < dt_sample_grid_n_shown (self) ? self->predictions[i] : -1;
}

guint
dt_sample_grid_get_n_wrong (DtSampleGrid *self)
{
  const NnDataset *set;
  guint wrong = 0;

  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 0);
  set = dt_sample_grid_current_set (self);
  for (guint i = 0; i < dt_sample_grid_n_shown (self); i++)
    if (self->predictions[i] >= 0 && self->predictions[i] != set->labels[self->indices[i]])
      wrong++;
  return wrong;
}

gboolean
dt_sample_grid_get_show_test_set (DtSampleGrid *self)
{
  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), FALSE);
  return self->show_test_set;
}

static void
update_title (DtSampleGrid *self)
{
  gtk_label_set_label (self->title, self->show_test_set ? _("Test samples")
                                                        : _("Training samples"));
}

void
dt_sample_grid_set_show_test_set (DtSampleGrid *self,
                                  gboolean      show_test_set)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));

  show_test_set = !!show_test_set;
  if (self->show_test_set == show_test_set)
    return;
  self->show_test_set = show_test_set;
  update_title (self);
  if (self->evaluator != NULL)
    dt_evaluator_set_want_train (self->evaluator, self->mistakes_only && !show_test_set);
  dt_sample_grid_rebuild_order (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TEST_SET]);
}

static void
data_state_cb (DtSampleGrid *self)
{
  dt_sample_grid_update_filter_names (self);
  dt_sample_grid_rebuild_order (self);
}

void
dt_sample_grid_set_trainer (DtSampleGrid *self,
                            DtTrainer    *trainer)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));
  g_return_if_fail (trainer == NULL || DT_IS_TRAINER (trainer));

  if (self->trainer == trainer)
    return;
  if (self->trainer != NULL)
    {
      g_clear_signal_handler (&self->data_handler, self->trainer);
      g_clear_signal_handler (&self->network_handler, self->trainer);
    }
  g_set_object (&self->trainer, trainer);
  if (trainer != NULL)
    {
      self->data_handler = g_signal_connect_swapped (trainer, "notify::data-state",
                                                     G_CALLBACK (data_state_cb), self);
      self->network_handler = g_signal_connect_swapped (trainer, "network-changed",
                                                        G_CALLBACK (network_changed_cb), self);
    }
  data_state_cb (self);
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dt_sample_grid_next (DT_SAMPLE_GRID (widget));
}

static void
shuffle_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  dt_sample_grid_shuffle (DT_SAMPLE_GRID (widget));
}

static void
dt_sample_grid_dispose (GObject *object)
{
  DtSampleGrid *self = DT_SAMPLE_GRID (object);
  GtkWidget *child;

  dt_sample_grid_set_trainer (self, NULL);
  if (self->evaluator != NULL)
    g_clear_signal_handler (&self->evaluation_handler, self->evaluator);
  g_clear_object (&self->evaluator);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_SAMPLE_GRID);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (dt_sample_grid_parent_class)->dispose (object);
}

static void
dt_sample_grid_finalize (GObject *object)
{
  DtSampleGrid *self = DT_SAMPLE_GRID (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->order, g_array_unref);

  G_OBJECT_CLASS (dt_sample_grid_parent_class)->finalize (object);
}

static void
dt_sample_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DtSampleGrid *self = DT_SAMPLE_GRID (object);

  switch (prop_id)
    {
    case PROP_SHOW_TEST_SET:
      g_value_set_boolean (value, self->show_test_set);
      break;
    case PROP_MISTAKES_ONLY:
      g_value_set_boolean (value, self->mistakes_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sample_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DtSampleGrid *self = DT_SAMPLE_GRID (object);

  switch (prop_id)
    {
    case PROP_SHOW_TEST_SET:
      dt_sample_grid_set_show_test_set (self, g_value_get_boolean (value));
      break;
    case PROP_MISTAKES_ONLY:
      dt_sample_grid_set_mistakes_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sample_grid_class_init (DtSampleGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_sample_grid_dispose;
  object_class->finalize = dt_sample_grid_finalize;
  object_class->get_property = dt_sample_grid_get_property;
  object_class->set_property = dt_sample_grid_set_property;

  properties[PROP_SHOW_TEST_SET] =
    g_param_spec_boolean ("show-test-set", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISTAKES_ONLY] =
    g_param_spec_boolean ("mistakes-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-sample-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, title);
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, area);

  gtk_widget_class_install_action (widget_class, "samples.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "samples.shuffle", NULL, shuffle_action_cb);
  gtk_widget_class_install_property_action (widget_class, "samples.show-test-set",
                                            "show-test-set");
  dt_sample_grid_class_init_filters (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dt-sample-grid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dt_sample_grid_init (DtSampleGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->rand = g_rand_new ();
  dt_sample_grid_init_filters (self);
  for (guint i = 0; i < N; i++)
    {
      self->indices[i] = i;
      self->predictions[i] = -1;
    }
  gtk_drawing_area_set_draw_func (self->area, dt_sample_grid_draw_cb, self, NULL);
  g_signal_connect (self->area, "query-tooltip", G_CALLBACK (dt_sample_grid_query_tooltip_cb),
                    self);
  data_state_cb (self);
}

GtkWidget *
dt_sample_grid_new (void)
{
  return g_object_new (DT_TYPE_SAMPLE_GRID, NULL);
}
