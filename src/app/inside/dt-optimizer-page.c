/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-optimizer-page"

#include "config.h"

#include "dt-optimizer-page.h"

#include <glib/gi18n.h>

#define MARGIN 18
#define N_CHARTS (NN_OPTIM_N_LAYERS * NN_OPTIM_N_QUANTITIES)

struct _DtOptimizerPage
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  DtOptimizerHistory *history;
  DtOptimizerChart   *charts[N_CHARTS];
  DtOptimizerChart   *norm;
};

G_DEFINE_FINAL_TYPE (DtOptimizerPage, dt_optimizer_page, GTK_TYPE_WIDGET)

static GtkWidget *
wrapped_label (const char *text,
               const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
build_content (DtOptimizerPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_set_margin_start (box, MARGIN);
  gtk_widget_set_margin_end (box, MARGIN);
  gtk_widget_set_margin_top (box, MARGIN);
  gtk_widget_set_margin_bottom (box, MARGIN);
  gtk_box_append (GTK_BOX (box), wrapped_label (_("What RMSprop does to each layer"),
                                                "title-4"));
  gtk_box_append (GTK_BOX (box), wrapped_label (
    _("Each step moves a weight by lr · g / (√a + ε), where √a is the running root mean "
      "square of its gradient g. The bands hold 100 %, 86 % and 68 % of a layer's "
      "parameters, the line is their median. Where √a falls below the ε line, ε sets the "
      "step: a large ε flattens the steps; a small ρ lets √a follow every batch, so the "
      "steps get jumpy. A pixel that is blank in a batch gets no gradient: its weight's step "
      "is zero, and the bands run off the bottom of the log scale."), "dim-label"));
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_widget_set_margin_top (grid, 6);
  for (int l = 0; l < NN_OPTIM_N_LAYERS; l++)
    for (int q = 0; q < NN_OPTIM_N_QUANTITIES; q++)
      {
        GtkWidget *chart = dt_optimizer_chart_new (self->history, l, q);

        gtk_widget_set_hexpand (chart, TRUE);
        gtk_widget_set_vexpand (chart, TRUE);
        self->charts[l * NN_OPTIM_N_QUANTITIES + q] = DT_OPTIMIZER_CHART (chart);
        gtk_grid_attach (GTK_GRID (grid), chart, q, l, 1, 1);
      }
  self->norm = DT_OPTIMIZER_CHART (dt_optimizer_chart_new (self->history, 0,
                                                           DT_OPTIMIZER_CHART_GRAD_NORM));
  gtk_widget_set_vexpand (GTK_WIDGET (self->norm), TRUE);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->norm), 0, NN_OPTIM_N_LAYERS,
                   NN_OPTIM_N_QUANTITIES, 1);
  gtk_box_append (GTK_BOX (box), grid);
  return box;
}

static void
dt_optimizer_page_dispose (GObject *object)
{
  DtOptimizerPage *self = DT_OPTIMIZER_PAGE (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (dt_optimizer_page_parent_class)->dispose (object);
}

static void
dt_optimizer_page_class_init (DtOptimizerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_optimizer_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "optimizerpage");
}

static void
dt_optimizer_page_init (DtOptimizerPage *self)
{
  self->history = dt_optimizer_history_new ();
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), build_content (self));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
dt_optimizer_page_new (DtTrainer *trainer)
{
  DtOptimizerPage *self;

  g_return_val_if_fail (DT_IS_TRAINER (trainer), NULL);

  self = g_object_new (DT_TYPE_OPTIMIZER_PAGE, NULL);
  dt_optimizer_history_follow (self->history, trainer);
  return GTK_WIDGET (self);
}

DtOptimizerHistory *
dt_optimizer_page_get_history (DtOptimizerPage *self)
{
  g_return_val_if_fail (DT_IS_OPTIMIZER_PAGE (self), NULL);
  return self->history;
}

DtOptimizerChart *
dt_optimizer_page_get_chart (DtOptimizerPage *self,
                             int              layer,
                             int              quantity)
{
  g_return_val_if_fail (DT_IS_OPTIMIZER_PAGE (self), NULL);
  if (quantity == DT_OPTIMIZER_CHART_GRAD_NORM)
    return self->norm;
  g_return_val_if_fail (layer >= 0 && layer < NN_OPTIM_N_LAYERS, NULL);
  g_return_val_if_fail (quantity >= 0 && quantity < NN_OPTIM_N_QUANTITIES, NULL);
  return self->charts[layer * NN_OPTIM_N_QUANTITIES + quantity];
}
