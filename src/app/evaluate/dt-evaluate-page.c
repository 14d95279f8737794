/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-evaluate-page"

#include "config.h"

#include "dt-evaluate-page.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "dt-class-names.h"
#include "dt-format.h"
#include "dt-palette.h"
#include "nn-dataset.h"

#define K                 NN_DATASET_CLASSES
#define GALLERY_PAGE_SIZE 15

struct _DtEvaluatePage
{
  GtkWidget          parent_instance;

  GtkLabel          *state_label;
  DtConfusionView   *confusion;
  DtDigitGallery    *gallery;
  GtkWidget         *detail;
  GtkLabel          *detail_label;
  GtkLabel          *evidence_label;
  DtSignedImage     *evidence;
  DtProbabilityBars *bars;

  DtEvaluator       *evaluator;
  int                cell_t;     /* the gallery's cell; −1: all mistakes */
  int                cell_a;
  int                digit;      /* the test digit in the detail, or −1 */
};

enum
{
  SEND_TO_DRAW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtEvaluatePage, dt_evaluate_page, GTK_TYPE_WIDGET)

static DtEvaluation *
evaluation (DtEvaluatePage *self)
{
  return dt_evaluator_get_evaluation (self->evaluator);
}

static void
update_state (DtEvaluatePage *self)
{
  DtEvaluation *ev = evaluation (self);
  g_autofree char *right = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  double share;

  if (ev == NULL)
    {
      gtk_label_set_label (self->state_label,
                           _("Not evaluated yet: the network is evaluated when the data is "
                             "loaded, after every epoch and when training stops."));
      return;
    }
  right = dt_format_grouped ((double) ev->test->correct);
  total = dt_format_grouped ((double) ev->test->n);
  share = ev->test->n > 0 ? 100.0 * ev->test->correct / ev->test->n : 0;
  if (!ev->trained)
    /* TRANSLATORS: %s of %s test digits right, then the percentage */
    text = g_strdup_printf (_("The untrained network guesses at random: %s of %s right "
                              "(%.2f %%)."), right, total, share);
  else
    /* TRANSLATORS: %.3g is the epochs trained (2, or 1.37 after a Stop), then %s of %s
     * test digits right and the percentage */
    text = g_strdup_printf (_("After %.3g epochs: %s of %s right (%.2f %%)."), ev->x, right,
                            total, share);
  gtk_label_set_label (self->state_label, text);
}

/* The detail of test digit `digit`: its probabilities and the evidence for the answer, or
 * for the digit chosen in the bars. */
static void
update_detail (DtEvaluatePage *self)
{
  DtEvaluation *ev = evaluation (self);
  const NnDataset *test;
  float x[NN_IMAGE_PIXELS], evidence[NN_IMAGE_PIXELS];
  const float *p;
  g_autofree char *title = NULL;
  g_autofree char *for_text = NULL;
  int answer, k;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evaluate.send-to-draw",
                                 ev != NULL && self->digit >= 0);
  gtk_widget_set_visible (self->detail, ev != NULL && self->digit >= 0);
  if (ev == NULL || self->digit < 0)
    return;
  test = ev->data->test;
  p = ev->test->probs + (gsize) self->digit * K;
  answer = ev->test->answers[self->digit];
  k = dt_probability_bars_get_chosen (self->bars);
  k = k >= 0 ? k : answer;
  nn_dataset_gather (test, (guint32[]) { (guint32) self->digit }, 1, x, NULL);
  nn_evidence (ev->net, x, k, evidence);
  dt_probability_bars_set_probabilities (self->bars, p);
  dt_probability_bars_set_untrained (self->bars, !ev->trained);
  dt_signed_image_set_values (self->evidence, evidence, x,
                              dt_palette_robust_scale (evidence, NN_IMAGE_PIXELS));
  /* TRANSLATORS: the selected test digit: its number, label, the prediction, confidence */
  title = g_strdup_printf (_("Test image %d: a %s, predicted %s (%.0f %% sure)"), self->digit,
                           dt_class_name (test->labels[self->digit]), dt_class_name (answer),
                           100.0 * p[answer]);
  gtk_label_set_label (self->detail_label, title);
  /* TRANSLATORS: over an evidence map: what each pixel adds to the logit of class %s (a
   * digit, or a piece of clothing) */
  for_text = g_strdup_printf (_("Evidence for %s"), dt_class_name (k));
  gtk_label_set_label (self->evidence_label, for_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, for_text, -1);
}

static char *
gallery_title (DtEvaluatePage *self,
               guint           n)
{
  if (self->cell_t < 0)
    /* TRANSLATORS: the gallery's title for All Mistakes */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mistake, most confident first",
                                         "All %u mistakes, most confident first", n), n);
  if (self->cell_t == self->cell_a)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u test image %s read right",
                                         "%u test images %s read right", n),
                            n, dt_class_name (self->cell_t));
  /* TRANSLATORS: the gallery's title for a cell: "23 test digits 4 read as 9" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u test image %s read as %s",
                                       "%u test images %s read as %s", n),
                          n, dt_class_name (self->cell_t), dt_class_name (self->cell_a));
}

/* The gallery with the current cell's (or every mistake's) digits of the latest
 * evaluation; the digit in the detail stays selected when it is still among them. */
static void
fill_gallery (DtEvaluatePage *self)
{
  DtEvaluation *ev = evaluation (self);
  g_autofree guint32 *items = NULL;
  g_autofree char *title = NULL;
  gsize n;

  if (ev == NULL)
    {
      dt_digit_gallery_set_items (self->gallery, NULL, NULL, 0, NULL);
      dt_digit_gallery_set_title (self->gallery, _("Test images"));
      return;
    }
  n = nn_eval_select (ev->test, ev->data->test->labels, self->cell_t, self->cell_a,
                      self->cell_t < 0, NULL, 0);
  items = g_new (guint32, MAX (n, 1));
  nn_eval_select (ev->test, ev->data->test->labels, self->cell_t, self->cell_a,
                  self->cell_t < 0, items, n);
  dt_digit_gallery_set_items (self->gallery, ev, items, (guint) n, NULL);
  title = gallery_title (self, (guint) n);
  dt_digit_gallery_set_title (self->gallery, title);
  for (gsize i = 0; i < n; i++)
    if ((int) items[i] == self->digit)
      {
        dt_digit_gallery_select (self->gallery, (guint) i);
        return;
      }
}

static void
updated_cb (DtEvaluatePage *self)
{
  DtEvaluation *ev = evaluation (self);

  dt_confusion_view_set_matrix (self->confusion, ev != NULL ? ev->test->confusion : NULL);
  update_state (self);
  fill_gallery (self);
  update_detail (self);
}

void
dt_evaluate_page_show_cell (DtEvaluatePage *self,
                            int             t,
                            int             a)
{
  g_return_if_fail (DT_IS_EVALUATE_PAGE (self));
  g_return_if_fail (t >= 0 && t < K && a >= 0 && a < K);

  self->cell_t = t;
  self->cell_a = a;
  dt_confusion_view_set_cursor (self->confusion, t, a);
  fill_gallery (self);
}

void
dt_evaluate_page_show_mistakes (DtEvaluatePage *self)
{
  g_return_if_fail (DT_IS_EVALUATE_PAGE (self));

  self->cell_t = self->cell_a = -1;
  dt_confusion_view_set_cursor (self->confusion, -1, -1);
  fill_gallery (self);
}

static void
cell_activated_cb (DtEvaluatePage *self,
                   int             t,
                   int             a)
{
  dt_evaluate_page_show_cell (self, t, a);
}

static void
digit_selected_cb (DtEvaluatePage *self,
                   guint           index)
{
  self->digit = (int) index;
  dt_probability_bars_set_chosen (self->bars, -1);
  update_detail (self);
}

static void
mistakes_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  dt_evaluate_page_show_mistakes (DT_EVALUATE_PAGE (widget));
}

static void
send_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtEvaluatePage *self = DT_EVALUATE_PAGE (widget);

  if (self->digit >= 0)
    g_signal_emit (self, signals[SEND_TO_DRAW], 0, (guint) self->digit);
}

static void
dt_evaluate_page_dispose (GObject *object)
{
  DtEvaluatePage *self = DT_EVALUATE_PAGE (object);
  GtkWidget *child;

  if (self->evaluator != NULL)
    g_signal_handlers_disconnect_by_data (self->evaluator, self);
  g_clear_object (&self->evaluator);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_EVALUATE_PAGE);
  /* the template's root is no bound child: it goes by hand */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dt_evaluate_page_parent_class)->dispose (object);
}

static void
dt_evaluate_page_class_init (DtEvaluatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_evaluate_page_dispose;
  signals[SEND_TO_DRAW] = g_signal_new ("send-to-draw", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);
  g_type_ensure (DT_TYPE_CONFUSION_VIEW);
  g_type_ensure (DT_TYPE_DIGIT_GALLERY);
  g_type_ensure (DT_TYPE_PROBABILITY_BARS);
  g_type_ensure (DT_TYPE_SIGNED_IMAGE);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-evaluate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, confusion);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, gallery);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, detail);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, evidence_label);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, evidence);
  gtk_widget_class_bind_template_child (widget_class, DtEvaluatePage, bars);
  gtk_widget_class_install_action (widget_class, "evaluate.all-mistakes", NULL,
                                   mistakes_action_cb);
  gtk_widget_class_install_action (widget_class, "evaluate.send-to-draw", NULL,
                                   send_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "evaluate.all-mistakes", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "evaluatepage");
}

static void
dt_evaluate_page_init (DtEvaluatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dt_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->cell_t = self->cell_a = -1;
  self->digit = -1;
  /* three rows of five: digits stay large enough to read with the detail open below */
  dt_digit_gallery_set_page_size (self->gallery, GALLERY_PAGE_SIZE);
  dt_signed_image_set_legend (self->evidence, _("against"), _("for"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Evidence map: what each pixel adds for (red) or against "
                                    "(blue) the digit"), -1);
  g_signal_connect_swapped (self->confusion, "cell-activated", G_CALLBACK (cell_activated_cb),
                            self);
  g_signal_connect_swapped (self->gallery, "digit-selected", G_CALLBACK (digit_selected_cb),
                            self);
  g_signal_connect_swapped (self->bars, "notify::chosen", G_CALLBACK (update_detail), self);
}

GtkWidget *
dt_evaluate_page_new (DtEvaluator *evaluator)
{
  DtEvaluatePage *self;

  g_return_val_if_fail (DT_IS_EVALUATOR (evaluator), NULL);

  self = g_object_new (DT_TYPE_EVALUATE_PAGE, NULL);
  self->evaluator = g_object_ref (evaluator);
  g_signal_connect_swapped (evaluator, "updated", G_CALLBACK (updated_cb), self);
  updated_cb (self);
  return GTK_WIDGET (self);
}

DtEvaluator *
dt_evaluate_page_get_evaluator (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return self->evaluator;
}

int
dt_evaluate_page_get_digit (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), -1);
  return self->digit;
}

const char *
dt_evaluate_page_get_state (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return gtk_label_get_label (self->state_label);
}

DtConfusionView *
dt_evaluate_page_get_confusion (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return self->confusion;
}

DtDigitGallery *
dt_evaluate_page_get_gallery (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return self->gallery;
}

DtProbabilityBars *
dt_evaluate_page_get_bars (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return self->bars;
}

DtSignedImage *
dt_evaluate_page_get_evidence (DtEvaluatePage *self)
{
  g_return_val_if_fail (DT_IS_EVALUATE_PAGE (self), NULL);
  return self->evidence;
}
