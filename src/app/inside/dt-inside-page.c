/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-inside-page"

#include "config.h"

#include "dt-inside-page.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "nn-eval.h"

struct _DtInsidePage
{
  GtkWidget       parent_instance;

  GtkCheckButton *per_unit_check;
  GtkLabel       *state_label;
  DtWeightGrid   *grid;
  GtkDrawingArea *legend;
  DtLayer2Map    *layer2;
  GtkLabel       *unit_label;
  DtSignedImage  *unit_image;
  DtSignedBars   *unit_bars;
  DtDigitGallery *top_gallery;

  DtEvaluator    *evaluator;
  DtTrainer      *trainer;
  NnNet          *net;        /* the weights shown, or NULL */
  gboolean        trained;
  gboolean        stale;      /* the weights changed while the page was off screen */
  guint           n_updates;
};

G_DEFINE_FINAL_TYPE (DtInsidePage, dt_inside_page, GTK_TYPE_WIDGET)

static int
selected_unit (DtInsidePage *self)
{
  return dt_weight_grid_get_selected (self->grid);
}

/* The selected unit's 16 most exciting test digits, from an evaluation of the same layer
 * width (after a Reset to another width the old evaluation does not fit). */
static void
update_top_digits (DtInsidePage *self)
{
  DtEvaluation *ev = dt_evaluator_get_evaluation (self->evaluator);
  int u = selected_unit (self);

  if (ev == NULL || u < 0 || self->net == NULL || ev->net->n_hidden != self->net->n_hidden)
    {
      dt_digit_gallery_set_items (self->top_gallery, NULL, NULL, 0, NULL);
      return;
    }
  dt_digit_gallery_set_items (self->top_gallery, ev,
                              ev->test->top_index + (gsize) u * NN_EVAL_TOP_K,
                              (guint) ev->test->top_k,
                              ev->test->top_value + (gsize) u * NN_EVAL_TOP_K);
}

static void
update_unit (DtInsidePage *self)
{
  int u = selected_unit (self);
  float out[NN_DATASET_CLASSES];
  g_autofree char *title = NULL;

  if (self->net == NULL || u < 0)
    {
      gtk_label_set_label (self->unit_label, "");
      dt_signed_image_set_values (self->unit_image, NULL, NULL, 0);
      dt_signed_bars_set_values (self->unit_bars, NULL, 0);
      update_top_digits (self);
      return;
    }
  /* TRANSLATORS: the title of the selected hidden unit's detail */
  title = g_strdup_printf (_("Unit %d"), u);
  gtk_label_set_label (self->unit_label, title);
  dt_signed_image_set_values (self->unit_image, dt_weight_grid_get_image (self->grid, u), NULL,
                              dt_weight_grid_get_scale (self->grid, u));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unit_image),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
  nn_unit_output_weights (self->net, u, out);
  /* one scale for every unit's bars, so their votes compare */
  dt_signed_bars_set_values (self->unit_bars, out,
                             nn_max_abs (self->net->w2,
                                         (gsize) self->net->n_hidden * self->net->n_out));
  update_top_digits (self);
}

static void
update_state (DtInsidePage *self)
{
  g_autofree char *text = NULL;

  if (self->net == NULL)
    text = g_strdup (_("No network yet: load the MNIST data first."));
  else if (!self->trained)
    /* TRANSLATORS: %d is the number of hidden units */
    text = g_strdup_printf (_("Untrained: the %d units' weights are still the random ones they "
                              "started with. Press Train and watch them change."),
                            self->net->n_hidden);
  else
    text = g_strdup_printf (_("%d hidden units. Each square is one unit's 784 weights as a "
                              "28 × 28 image: red pixels excite it, blue ones hold it back."),
                            self->net->n_hidden);
  gtk_label_set_label (self->state_label, text);
}

/* Takes the newest weights from the trainer and shows them. */
static void
refresh (DtInsidePage *self)
{
  NnNet *net = dt_trainer_dup_network (self->trainer);

  self->stale = FALSE;
  self->trained = net != NULL;
  if (net == NULL)
    net = dt_trainer_dup_untrained_network (self->trainer);
  if (net == NULL && self->net != NULL)
    return;   /* a run began and has published nothing yet: keep what is shown */
  g_clear_pointer (&self->net, nn_net_free);
  self->net = net;
  self->n_updates++;
  dt_weight_grid_set_network (self->grid, net);
  dt_layer2_map_set_network (self->layer2, net);
  if (selected_unit (self) < 0 && net != NULL)
    dt_weight_grid_set_selected (self->grid, 0);
  update_state (self);
  update_unit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend));
}

static void
network_changed_cb (DtInsidePage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    self->stale = TRUE;
}

static void
dt_inside_page_map (GtkWidget *widget)
{
  DtInsidePage *self = DT_INSIDE_PAGE (widget);

  GTK_WIDGET_CLASS (dt_inside_page_parent_class)->map (widget);
  if (self->stale)
    refresh (self);
}

static void
legend_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  DtInsidePage *self = user_data;
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (area));
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  DtPalette palette;
  float scale;

  if (dt_weight_grid_get_n_units (self->grid) == 0)
    return;
  dt_palette_init_from_widget (&palette, GTK_WIDGET (area));
  scale = dt_weight_grid_get_per_unit_scale (self->grid) ? 1.0f
                                                         : dt_weight_grid_get_scale (self->grid, 0);
  if (dt_weight_grid_get_per_unit_scale (self->grid))
    /* TRANSLATORS: the legend's ends when each unit has its own scale */
    dt_palette_draw_legend (&palette, cr, layout, 0, 0, width, height, scale,
                            _("(each unit’s largest)"), NULL);
  else
    dt_palette_draw_legend (&palette, cr, layout, 0, 0, width, height, scale, NULL, NULL);
}

static void
selected_cb (DtInsidePage *self)
{
  dt_layer2_map_set_selected (self->layer2, selected_unit (self));
  update_unit (self);
}

static void
layer2_selected_cb (DtInsidePage *self)
{
  int u = dt_layer2_map_get_selected (self->layer2);

  if (u >= 0)
    dt_weight_grid_set_selected (self->grid, u);
}

static void
per_unit_cb (DtInsidePage *self)
{
  update_unit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->legend));
}

static void
dt_inside_page_dispose (GObject *object)
{
  DtInsidePage *self = DT_INSIDE_PAGE (object);
  GtkWidget *child;

  if (self->trainer != NULL)
    g_signal_handlers_disconnect_by_data (self->trainer, self);
  if (self->evaluator != NULL)
    g_signal_handlers_disconnect_by_data (self->evaluator, self);
  g_clear_object (&self->trainer);
  g_clear_object (&self->evaluator);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_INSIDE_PAGE);
  /* the template's root is no bound child: it goes by hand */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dt_inside_page_parent_class)->dispose (object);
}

static void
dt_inside_page_finalize (GObject *object)
{
  g_clear_pointer (&DT_INSIDE_PAGE (object)->net, nn_net_free);
  G_OBJECT_CLASS (dt_inside_page_parent_class)->finalize (object);
}

static void
dt_inside_page_class_init (DtInsidePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_inside_page_dispose;
  object_class->finalize = dt_inside_page_finalize;
  widget_class->map = dt_inside_page_map;
  g_type_ensure (DT_TYPE_WEIGHT_GRID);
  g_type_ensure (DT_TYPE_LAYER2_MAP);
  g_type_ensure (DT_TYPE_SIGNED_IMAGE);
  g_type_ensure (DT_TYPE_SIGNED_BARS);
  g_type_ensure (DT_TYPE_DIGIT_GALLERY);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-inside-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, per_unit_check);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, grid);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, legend);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, layer2);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, unit_image);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, unit_bars);
  gtk_widget_class_bind_template_child (widget_class, DtInsidePage, top_gallery);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "insidepage");
}

static void
dt_inside_page_init (DtInsidePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->legend, legend_draw_cb, self, NULL);
  dt_digit_gallery_set_page_size (self->top_gallery, NN_EVAL_TOP_K);
  dt_digit_gallery_set_show_header (self->top_gallery, FALSE);
  dt_digit_gallery_set_title (self->top_gallery, _("The 16 test images that excite it most"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unit_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The selected unit's weights, large"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unit_bars),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The selected unit's weights to each class"), -1);
  g_object_bind_property (self->per_unit_check, "active", self->grid, "per-unit-scale",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->grid, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->grid, "notify::per-unit-scale", G_CALLBACK (per_unit_cb),
                            self);
  g_signal_connect_swapped (self->layer2, "notify::selected", G_CALLBACK (layer2_selected_cb),
                            self);
}

GtkWidget *
dt_inside_page_new (DtEvaluator *evaluator)
{
  DtInsidePage *self;

  g_return_val_if_fail (DT_IS_EVALUATOR (evaluator), NULL);

  self = g_object_new (DT_TYPE_INSIDE_PAGE, NULL);
  self->evaluator = g_object_ref (evaluator);
  self->trainer = g_object_ref (dt_evaluator_get_trainer (evaluator));
  g_signal_connect_swapped (self->trainer, "network-changed", G_CALLBACK (network_changed_cb),
                            self);
  g_signal_connect_swapped (self->trainer, "notify::data-state",
                            G_CALLBACK (network_changed_cb), self);
  g_signal_connect_swapped (evaluator, "updated", G_CALLBACK (update_top_digits), self);
  refresh (self);
  return GTK_WIDGET (self);
}

guint
dt_inside_page_get_n_updates (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), 0);
  return self->n_updates;
}

DtWeightGrid *
dt_inside_page_get_grid (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), NULL);
  return self->grid;
}

DtLayer2Map *
dt_inside_page_get_layer2 (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), NULL);
  return self->layer2;
}

DtSignedImage *
dt_inside_page_get_unit_image (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), NULL);
  return self->unit_image;
}

DtSignedBars *
dt_inside_page_get_unit_bars (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), NULL);
  return self->unit_bars;
}

DtDigitGallery *
dt_inside_page_get_top_digits (DtInsidePage *self)
{
  g_return_val_if_fail (DT_IS_INSIDE_PAGE (self), NULL);
  return self->top_gallery;
}
