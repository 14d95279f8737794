/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-sample-grid"

#include "config.h"

#include "dt-sample-grid.h"

#include <glib/gi18n.h>

#include "dt-accessible.h"
#include "nn-trainer.h"

#define N              DT_SAMPLE_GRID_N_SAMPLES
#define GAP            8.0
#define TEXT_H         18.0
#define MAX_SIDE       140.0

struct _DtSampleGrid
{
  GtkWidget       parent_instance;

  GtkLabel       *title;
  GtkDrawingArea *area;

  DtTrainer      *trainer;
  gulong          data_handler;
  gulong          network_handler;
  gboolean        show_test_set;
  guint           indices[N];
  int             predictions[N];
  GRand          *rand;
};

G_DEFINE_FINAL_TYPE (DtSampleGrid, dt_sample_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_TEST_SET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cell geometry for the current allocation. */
typedef struct
{
  int    cols;
  double side;      /* the image's side */
  double cell_w;
  double cell_h;
  double x0;
} Layout;

void
dt_sample_grid_one_hot (int      label,
                        gboolean cells[DT_DATASET_CLASSES])
{
  for (int c = 0; c < DT_DATASET_CLASSES; c++)
    cells[c] = c == label;
}

char *
dt_sample_grid_one_hot_text (int label)
{
  gboolean cells[DT_DATASET_CLASSES];
  GString *s = g_string_new ("[");

  dt_sample_grid_one_hot (label, cells);
  for (int c = 0; c < DT_DATASET_CLASSES; c++)
    g_string_append_printf (s, c == 0 ? "%d." : " %d.", cells[c] ? 1 : 0);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static const DtDataset *
current_set (DtSampleGrid *self)
{
  if (self->trainer == NULL)
    return NULL;
  return self->show_test_set ? dt_trainer_get_test_set (self->trainer)
                             : dt_trainer_get_train_set (self->trainer);
}

static guint
n_shown (DtSampleGrid *self)
{
  const DtDataset *set = current_set (self);

  return set != NULL ? (guint) MIN ((gsize) N, set->n) : 0;
}

/* What a screen reader says for the drawing: each sample's label and the network's guess. */
static void
update_description (DtSampleGrid *self)
{
  const DtDataset *set = current_set (self);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_shown (self); i++)
    {
      int label = set->labels[self->indices[i]];

      if (s->len > 0)
        g_string_append (s, "; ");
      if (self->predictions[i] < 0)
        g_string_append_printf (s, "%d", label);
      else if (self->predictions[i] == label)
        /* Translators: a sample's label, guessed right, for screen readers */
        g_string_append_printf (s, _("%d, guessed right"), label);
      else
        /* Translators: a sample's label and the network's wrong guess, for screen readers */
        g_string_append_printf (s, _("%d, guessed %d"), label, self->predictions[i]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, s->str, -1);
  g_string_free (s, TRUE);
}

static void
update_predictions (DtSampleGrid *self)
{
  const DtDataset *set = current_set (self);
  NnNet *net = self->trainer != NULL ? dt_trainer_dup_network (self->trainer) : NULL;
  guint n = n_shown (self);

  for (guint i = 0; i < N; i++)
    self->predictions[i] = -1;
  if (net != NULL && set != NULL && dt_dataset_image_size (set) == (gsize) net->n_in)
    {
      g_autofree float *x = g_new (float, net->n_in);
      g_autofree float *p = g_new (float, net->n_out);

      for (guint i = 0; i < n; i++)
        {
          dt_dataset_gather (set, &self->indices[i], 1, x, NULL);
          nn_predict (net, x, p);
          self->predictions[i] = nn_argmax (p, net->n_out);
        }
    }
  g_clear_pointer (&net, nn_net_free);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
set_first_page (DtSampleGrid *self,
                guint         start)
{
  const DtDataset *set = current_set (self);
  gsize n = set != NULL ? MAX (set->n, 1) : 1;

  for (guint i = 0; i < N; i++)
    self->indices[i] = (guint) ((start + i) % n);
  update_predictions (self);
}

void
dt_sample_grid_next (DtSampleGrid *self)
{
  g_return_if_fail (DT_IS_SAMPLE_GRID (self));
  set_first_page (self, self->indices[N - 1] + 1);
}

void
dt_sample_grid_shuffle (DtSampleGrid *self)
{
  const DtDataset *set;

  g_return_if_fail (DT_IS_SAMPLE_GRID (self));

  set = current_set (self);
  if (set == NULL || set->n == 0)
    return;
  for (guint i = 0; i < N; i++)
    self->indices[i] = (guint) g_rand_int_range (self->rand, 0, (gint32) MIN (set->n, G_MAXINT32));
  update_predictions (self);
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
  return i < n_shown (self) ? self->predictions[i] : -1;
}

guint
dt_sample_grid_get_n_wrong (DtSampleGrid *self)
{
  const DtDataset *set;
  guint wrong = 0;

  g_return_val_if_fail (DT_IS_SAMPLE_GRID (self), 0);
  set = current_set (self);
  for (guint i = 0; i < n_shown (self); i++)
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
  set_first_page (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TEST_SET]);
}

static void
data_state_cb (DtSampleGrid *self)
{
  gboolean ready = current_set (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.next", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "samples.shuffle", ready);
  set_first_page (self, 0);
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
                                                        G_CALLBACK (update_predictions), self);
    }
  data_state_cb (self);
}

/* ---- drawing ---------------------------------------------------------------------------- */

static Layout
compute_layout (int width,
                int height)
{
  static const int choices[] = { 2, 3, 4, 6, 12 };
  Layout best = { 4, 0, 0, 0, 0 };

  for (guint c = 0; c < G_N_ELEMENTS (choices); c++)
    {
      int cols = choices[c];
      int rows = (N + cols - 1) / cols;
      double by_w = (width - GAP * (cols - 1)) / cols;
      /* a cell is the image, a text line and a one-hot row about a tenth of the side high */
      double by_h = ((height - GAP * (rows - 1)) / rows - TEXT_H - 4.0) / 1.14;
      double side = MIN (MIN (by_w, by_h), MAX_SIDE);

      if (side > best.side)
        {
          best.cols = cols;
          best.side = side;
        }
    }
  best.side = floor (MAX (best.side, 8.0));
  best.cell_w = best.side;
  best.cell_h = best.side * 1.14 + TEXT_H + 4.0;
  best.x0 = floor ((width - (best.cols * best.cell_w + (best.cols - 1) * GAP)) / 2.0);
  best.x0 = MAX (best.x0, 0.0);
  return best;
}

static void
draw_image (cairo_t      *cr,
            const guint8 *pixels,
            int           rows,
            int           cols,
            double        x,
            double        y,
            double        side)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        guint8 v = pixels[r * cols + c];
        ((guint32 *) (data + r * stride))[c] = 0xff000000u | (v << 16) | (v << 8) | v;
      }
  cairo_surface_mark_dirty (surface);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, side / cols, side / rows);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* crisp pixels at any size, as the network sees them */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, cols, rows);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
draw_one_hot (cairo_t       *cr,
              const GdkRGBA *fg,
              const GdkRGBA *accent,
              int            label,
              double         x,
              double         y,
              double         width)
{
  gboolean cells[DT_DATASET_CLASSES];
  double w = width / DT_DATASET_CLASSES;

  dt_sample_grid_one_hot (label, cells);
  cairo_set_line_width (cr, 1.0);
  for (int c = 0; c < DT_DATASET_CLASSES; c++)
    {
      double cx = x + c * w;

      cairo_rectangle (cr, floor (cx) + 0.5, floor (y) + 0.5, floor (w) - 1.0, floor (w) - 1.0);
      if (cells[c])
        {
          gdk_cairo_set_source_rgba (cr, accent);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.45);
      cairo_stroke (cr);
    }
}

static void
draw_text (cairo_t       *cr,
           GtkWidget     *widget,
           const char    *markup,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_cell (DtSampleGrid    *self,
           cairo_t         *cr,
           const DtDataset *set,
           guint            i,
           double           x,
           double           y,
           double           side,
           const GdkRGBA   *fg)
{
  static const GdkRGBA bad = { 0.88, 0.11, 0.14, 1.0 };    /* GNOME red 3 */
  static const GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 }; /* GNOME blue 3 */
  guint idx = self->indices[i];
  int label = set->labels[idx];
  int guess = self->predictions[i];
  g_autofree char *text = NULL;

  draw_image (cr, set->images + (gsize) idx * dt_dataset_image_size (set), set->rows, set->cols,
              x, y, side);
  /* a hairline keeps the black square apart from a dark background */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.3);
  cairo_rectangle (cr, floor (x) - 0.5, floor (y) - 0.5, side + 1.0, side + 1.0);
  cairo_stroke (cr);
  if (guess >= 0 && guess != label)
    {
      /* a wrong guess gets a red frame */
      cairo_set_line_width (cr, 3.0);
      gdk_cairo_set_source_rgba (cr, &bad);
      cairo_rectangle (cr, x + 1.5, y + 1.5, side - 3.0, side - 3.0);
      cairo_stroke (cr);
    }

  if (guess < 0)
    text = g_markup_printf_escaped ("<b>%d</b>", label);
  else if (guess == label)
    text = g_markup_printf_escaped (
      /* Translators: under a sample: its label, then the network's prediction ("pred." as in
       * the lessons' y_pred), right */
      _("<b>%d</b>  <span foreground=\"#26a269\">pred. %d ✓</span>"), label, guess);
  else
    text = g_markup_printf_escaped (
      /* Translators: under a sample: its label, then the network's prediction, wrong */
      _("<b>%d</b>  <span foreground=\"#e01b24\">pred. %d ✗</span>"), label, guess);
  draw_text (cr, GTK_WIDGET (self), text, fg, x - GAP / 2, y + side + 1.0, side + GAP);
  draw_one_hot (cr, fg, &accent, label, x, y + side + TEXT_H + 2.0, side);
}

static void
area_draw (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  DtSampleGrid *self = user_data;
  const DtDataset *set = current_set (self);
  GdkRGBA fg;
  Layout l;

  if (set == NULL || set->n == 0 || width < 8 || height < 8)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  l = compute_layout (width, height);
  for (guint i = 0; i < n_shown (self); i++)
    {
      double x = l.x0 + (i % l.cols) * (l.cell_w + GAP);
      double y = (i / l.cols) * (l.cell_h + GAP);

      draw_cell (self, cr, set, i, x, y, l.side, &fg);
    }
}

static gboolean
area_query_tooltip (GtkWidget    *area,
                    int           x,
                    int           y,
                    gboolean      keyboard,
                    GtkTooltip   *tooltip,
                    DtSampleGrid *self)
{
  const DtDataset *set = current_set (self);
  Layout l;
  int col, row;
  guint i;
  g_autofree char *one_hot = NULL;
  g_autofree char *text = NULL;

  if (set == NULL || keyboard)
    return FALSE;
  l = compute_layout (gtk_widget_get_width (area), gtk_widget_get_height (area));
  col = (int) floor ((x - l.x0) / (l.cell_w + GAP));
  row = (int) floor (y / (l.cell_h + GAP));
  if (x < l.x0 || col < 0 || col >= l.cols || row < 0)
    return FALSE;
  i = (guint) (row * l.cols + col);
  if (i >= n_shown (self))
    return FALSE;

  one_hot = dt_sample_grid_one_hot_text (set->labels[self->indices[i]]);
  if (self->predictions[i] >= 0)
    text = g_strdup_printf (_("Sample %u: label %d\nOne-hot: %s\nNetwork's guess: %d"),
                            self->indices[i], set->labels[self->indices[i]], one_hot,
                            self->predictions[i]);
  else
    text = g_strdup_printf (_("Sample %u: label %d\nOne-hot: %s"),
                            self->indices[i], set->labels[self->indices[i]], one_hot);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- GObject ---------------------------------------------------------------------------- */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dt_sample_grid_next (DT_SAMPLE_GRID (widget));
}

static void
shuffle_action (GtkWidget  *widget,
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-sample-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, title);
  gtk_widget_class_bind_template_child (widget_class, DtSampleGrid, area);

  gtk_widget_class_install_action (widget_class, "samples.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "samples.shuffle", NULL, shuffle_action);
  gtk_widget_class_install_property_action (widget_class, "samples.show-test-set",
                                            "show-test-set");

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
  for (guint i = 0; i < N; i++)
    {
      self->indices[i] = i;
      self->predictions[i] = -1;
    }
  gtk_drawing_area_set_draw_func (self->area, area_draw, self, NULL);
  g_signal_connect (self->area, "query-tooltip", G_CALLBACK (area_query_tooltip), self);
  data_state_cb (self);
}

GtkWidget *
dt_sample_grid_new (void)
{
  return g_object_new (DT_TYPE_SAMPLE_GRID, NULL);
}
