/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-confusion-view"

#include "config.h"

#include "dt-confusion-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "dt-zoom.h"

#define N            DT_CONFUSION_N
#define PAD          6.0     /* between the titles, the digits and the cells */
#define MAX_ALPHA    0.6     /* the strongest fill: text on it stays readable */
#define GRID_ALPHA   0.15f
#define CURSOR_W     2.0
#define SMALL_TEXT   0.8     /* the row share under a count */
#define MIN_CELL     14.0    /* below this no count is written in a cell */
#define NATURAL_CELL 52

struct _DtConfusionView
{
  GtkWidget parent_instance;

  gboolean  has_matrix;
  guint32   m[N * N];
  int       cursor_t;
  int       cursor_a;
};

enum
{
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtConfusionView, dt_confusion_view, GTK_TYPE_WIDGET)

typedef struct
{
  double x0, y0;      /* the top left of the cells */
  double cell;
  double title_h;     /* a line of text */
} Geometry;

static guint32
row_total (DtConfusionView *self,
           int              t)
{
  guint32 sum = 0;

  for (int a = 0; a < N; a++)
    sum += self->m[t * N + a];
  return sum;
}

/* A row's label: the digit, or the clothing's name with its label number, which the
 * columns show when the names do not fit them. */
static char *
row_label (int k)
{
  char digit[2] = { (char) ('0' + k), 0 };

  if (g_str_equal (digit, dt_class_name (k)))
    return g_strdup (digit);
  /* TRANSLATORS: a row of the confusion matrix: class name and label number, "Sneaker 7" */
  return g_strdup_printf (_("%s %d"), dt_class_name (k), k);
}

/* The widest row label. */
static double
widest_row (PangoLayout *layout)
{
  double widest = 0;

  for (int k = 0; k < N; k++)
    {
      g_autofree char *text = row_label (k);
      double w;

      dt_text_measure (layout, text, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

static Geometry
geometry (DtConfusionView *self,
          int              width,
          int              height)
{
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  double line_h, digit_w, acc_w;
  double left, top, right;
  Geometry g;

  dt_text_measure (layout, "100.0 %", &acc_w, &line_h);
  digit_w = widest_row (layout);
  left = line_h + PAD + digit_w + PAD;       /* the rotated title, the row names */
  top = line_h + PAD + line_h + PAD;         /* the title, the column digits */
  right = PAD + acc_w;
  g.title_h = line_h;
  g.cell = floor (MIN ((width - left - right) / N, (height - top) / N));
  g.cell = MAX (g.cell, 1.0);
  g.x0 = floor (left + MAX (0.0, (width - left - right - g.cell * N) / 2));
  g.y0 = top;
  return g;
}

gboolean
dt_confusion_view_cell_at (DtConfusionView *self,
                           double           x,
                           double           y,
                           int             *t,
                           int             *a)
{
  Geometry g;

  g_return_val_if_fail (DT_IS_CONFUSION_VIEW (self), FALSE);
  g = geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
  *a = (int) floor ((x - g.x0) / g.cell);
  *t = (int) floor ((y - g.y0) / g.cell);
  return x >= g.x0 && y >= g.y0 && *a >= 0 && *a < N && *t >= 0 && *t < N;
}

void
dt_confusion_view_cell_center (DtConfusionView *self,
                               int              t,
                               int              a,
                               double          *x,
                               double          *y)
{
  Geometry g;

  g_return_if_fail (DT_IS_CONFUSION_VIEW (self));
  g = geometry (self, gtk_widget_get_width (GTK_WIDGET (self)),
                gtk_widget_get_height (GTK_WIDGET (self)));
  *x = g.x0 + (a + 0.5) * g.cell;
  *y = g.y0 + (t + 0.5) * g.cell;
}

/* The largest share of a row that is a mistake: the off-diagonal colours scale to it, so
 * the worst confusion is always clearly marked. */
static double
largest_mistake_share (DtConfusionView *self)
{
  double largest = 0;

  for (int t = 0; t < N; t++)
    for (int a = 0; a < N; a++)
      if (a != t && row_total (self, t) > 0)
        largest = MAX (largest, (double) self->m[t * N + a] / row_total (self, t));
  return largest;
}

static void
fill_cell (DtConfusionView *self,
           cairo_t         *cr,
           const Geometry  *g,
           int              t,
           int              a,
           const GdkRGBA   *right,
           const GdkRGBA   *wrong,
           double           worst)
{
  guint32 total = row_total (self, t);
  double share = total > 0 ? (double) self->m[t * N + a] / total : 0;
  GdkRGBA c = t == a ? *right : *wrong;

  c.alpha = MAX_ALPHA * (t == a ? share : (worst > 0 ? share / worst : 0));
  gdk_cairo_set_source_rgba (cr, &c);
  cairo_rectangle (cr, g->x0 + a * g->cell, g->y0 + t * g->cell, g->cell, g->cell);
  cairo_fill (cr);
}

static void
write_cell (DtConfusionView *self,
            cairo_t         *cr,
            const Geometry  *g,
            int              t,
            int              a,
            PangoLayout     *big,
            PangoLayout     *small)
{
  guint32 total = row_total (self, t);
  double cx = g->x0 + (a + 0.5) * g->cell, cy = g->y0 + (t + 0.5) * g->cell;
  g_autofree char *count = g_strdup_printf ("%u", self->m[t * N + a]);
  double w, h;

  dt_text_measure (big, count, &w, &h);
  if (w > g->cell - 2 || g->cell < MIN_CELL)
    return;
  if (g->cell < 2.2 * h || total == 0)
    {
      dt_text_show (cr, big, count, cx, cy, 0.5, 0.5);
      return;
    }
  dt_text_show (cr, big, count, cx, cy, 0.5, 0.85);
  {
    /* TRANSLATORS: a cell's share of its row in the confusion matrix, "2.3 %" */
    g_autofree char *share = g_strdup_printf (_("%.1f %%"), 100.0 * self->m[t * N + a] / total);

    dt_text_measure (small, share, &w, NULL);
    if (w <= g->cell - 2)
      dt_text_show (cr, small, share, cx, cy + 0.05 * h, 0.5, 0);
  }
}

static void
draw_titles (DtConfusionView *self,
             cairo_t         *cr,
             const Geometry  *g,
             PangoLayout     *layout,
             const GdkRGBA   *fg)
{
  double side = g->cell * N;
  /* clothing names are wider than a column: the columns then show the label numbers, which
   * the rows' names carry too */
  gboolean names_fit = dt_class_names_measure (layout, NULL) <= g->cell - 2;

  gdk_cairo_set_source_rgba (cr, fg);
  dt_text_show (cr, layout, _("Prediction"), g->x0 + side / 2, 0, 0.5, 0);
  for (int k = 0; k < N; k++)
    {
      char digit[2] = { (char) ('0' + k), 0 };
      g_autofree char *row = row_label (k);

      dt_text_show (cr, layout, names_fit ? dt_class_name (k) : digit,
                    g->x0 + (k + 0.5) * g->cell, g->y0 - PAD, 0.5, 1);
      dt_text_show (cr, layout, row, g->x0 - PAD, g->y0 + (k + 0.5) * g->cell, 1, 0.5);
    }
  /* TRANSLATORS: the per-digit accuracy column of the confusion matrix */
  dt_text_show (cr, layout, _("right"), g->x0 + side + PAD, g->y0 - PAD, 0, 1);
  cairo_save (cr);
  cairo_translate (cr, 0, g->y0 + side / 2);
  cairo_rotate (cr, -G_PI / 2);
  dt_text_show (cr, layout, dt_class_names_get_kind () == NN_DATASET_FASHION
                            ? _("True class") : _("True digit"), 0, 0, 0.5, 0);
  cairo_restore (cr);
}

/* Each row's accuracy beside it. */
static void
draw_accuracies (DtConfusionView *self,
                 cairo_t         *cr,
                 const Geometry  *g,
                 PangoLayout     *layout)
{
  for (int t = 0; t < N; t++)
    {
      guint32 total = row_total (self, t);
      g_autofree char *text = NULL;

      if (total == 0)
        continue;
      text = g_strdup_printf (_("%.1f %%"), 100.0 * self->m[t * N + t] / total);
      dt_text_show (cr, layout, text, g->x0 + g->cell * N + PAD, g->y0 + (t + 0.5) * g->cell,
                    0, 0.5);
    }
}

static void
draw_grid (cairo_t        *cr,
           const Geometry *g,
           const GdkRGBA  *fg)
{
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * GRID_ALPHA);
  cairo_set_line_width (cr, dt_zoom_get ());
  for (int k = 0; k <= N; k++)
    {
      cairo_move_to (cr, g->x0 + k * g->cell + 0.5, g->y0);
      cairo_line_to (cr, g->x0 + k * g->cell + 0.5, g->y0 + N * g->cell);
      cairo_move_to (cr, g->x0, g->y0 + k * g->cell + 0.5);
      cairo_line_to (cr, g->x0 + N * g->cell, g->y0 + k * g->cell + 0.5);
    }
  cairo_stroke (cr);
}

static void
dt_confusion_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  DtConfusionView *self = DT_CONFUSION_VIEW (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) text = dt_text_layout_new (pango, FALSE, 1);
  g_autoptr(PangoLayout) bold = dt_text_layout_new (pango, TRUE, 1);
  g_autoptr(PangoLayout) small = dt_text_layout_new (pango, FALSE, SMALL_TEXT);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  Geometry g = geometry (self, w, h);
  double worst = largest_mistake_share (self);
  DtPalette palette;
  GdkRGBA right;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  dt_palette_init_from_widget (&palette, widget);
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget),
                                       "accent_bg_color", &right))
    gdk_rgba_parse (&right, palette.dark ? "#62a0ea" : "#1c71d8");
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  draw_titles (self, cr, &g, text, &palette.fg);
  for (int t = 0; self->has_matrix && t < N; t++)
    for (int a = 0; a < N; a++)
      fill_cell (self, cr, &g, t, a, &right, &palette.positive, worst);
  draw_grid (cr, &g, &palette.fg);
  gdk_cairo_set_source_rgba (cr, &palette.fg);
  for (int t = 0; self->has_matrix && t < N; t++)
    for (int a = 0; a < N; a++)
      write_cell (self, cr, &g, t, a, t == a ? bold : text, small);
  if (self->has_matrix)
    draw_accuracies (self, cr, &g, text);
  if (self->cursor_t >= 0 && self->cursor_a >= 0)
    {
      cairo_set_line_width (cr, CURSOR_W * dt_zoom_get ());
      cairo_rectangle (cr, g.x0 + self->cursor_a * g.cell + CURSOR_W / 2,
                       g.y0 + self->cursor_t * g.cell + CURSOR_W / 2,
                       g.cell - CURSOR_W, g.cell - CURSOR_W);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
dt_confusion_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  double line_h, acc_w;

  dt_text_measure (layout, "100.0 %", &acc_w, &line_h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (3 * line_h + acc_w + 4 * PAD + N * MIN_CELL);
      *natural = (int) (3 * line_h + acc_w + 4 * PAD + N * NATURAL_CELL);
    }
  else
    {
      *minimum = (int) (2 * line_h + 2 * PAD + N * MIN_CELL);
      *natural = (int) (2 * line_h + 2 * PAD + N * NATURAL_CELL);
    }
}

char *
dt_confusion_view_describe (DtConfusionView *self,
                            int              t,
                            int              a)
{
  guint32 total;

  g_return_val_if_fail (DT_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (t >= 0 && t < N && a >= 0 && a < N, NULL);
  total = row_total (self, t);
  /* TRANSLATORS: one cell of the confusion matrix, e.g. "True 4, predicted 9: 23 of 982
   * (2.3 %)" */
  return g_strdup_printf (_("True %s, predicted %s: %u of %u (%.1f %%)"), dt_class_name (t),
                          dt_class_name (a),
                          self->m[t * N + a], total,
                          total > 0 ? 100.0 * self->m[t * N + a] / total : 0.0);
}

static void
update_description (DtConfusionView *self)
{
  g_autofree char *text = NULL;

  if (!self->has_matrix)
    text = g_strdup (_("Not evaluated yet"));
  else if (self->cursor_t >= 0)
    text = dt_confusion_view_describe (self, self->cursor_t, self->cursor_a);
  else
    text = g_strdup (_("Use the arrow keys to move between cells and Return to show a "
                       "cell's digits"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  DtConfusionView *self)
{
  g_autofree char *text = NULL;
  int t = self->cursor_t, a = self->cursor_a;

  if (!self->has_matrix || (!keyboard && !dt_confusion_view_cell_at (self, x, y, &t, &a)) ||
      t < 0 || a < 0)
    return FALSE;
  text = dt_confusion_view_describe (self, t, a);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
activate (DtConfusionView *self,
          int              t,
          int              a)
{
  dt_confusion_view_set_cursor (self, t, a);
  g_signal_emit (self, signals[CELL_ACTIVATED], 0, t, a);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            DtConfusionView *self)
{
  int t, a;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->has_matrix && dt_confusion_view_cell_at (self, x, y, &t, &a))
    activate (self, t, a);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DtConfusionView       *self)
{
  int t = MAX (self->cursor_t, 0), a = MAX (self->cursor_a, 0);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up: case GDK_KEY_KP_Up: t = MAX (t - 1, 0); break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: t = MIN (t + 1, N - 1); break;
    case GDK_KEY_Left: case GDK_KEY_KP_Left: a = MAX (a - 1, 0); break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: a = MIN (a + 1, N - 1); break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_space:
      if (self->has_matrix)
        activate (self, t, a);
      return TRUE;
    default:
      return FALSE;
    }
  dt_confusion_view_set_cursor (self, t, a);
  return TRUE;
}

static void
dt_confusion_view_class_init (DtConfusionViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = dt_confusion_view_snapshot;
  widget_class->measure = dt_confusion_view_measure;
  signals[CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "confusionview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_confusion_view_init (DtConfusionView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->cursor_t = self->cursor_a = -1;
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Confusion matrix: rows are the true digits, columns the "
                                    "predictions"), -1);
  update_description (self);
}

GtkWidget *
dt_confusion_view_new (void)
{
  return g_object_new (DT_TYPE_CONFUSION_VIEW, NULL);
}

void
dt_confusion_view_set_matrix (DtConfusionView *self,
                              const guint32   *matrix)
{
  g_return_if_fail (DT_IS_CONFUSION_VIEW (self));

  self->has_matrix = matrix != NULL;
  if (matrix != NULL)
    memcpy (self->m, matrix, sizeof self->m);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dt_confusion_view_get_matrix (DtConfusionView *self,
                              guint32         *matrix)
{
  g_return_val_if_fail (DT_IS_CONFUSION_VIEW (self), FALSE);
  if (self->has_matrix)
    memcpy (matrix, self->m, sizeof self->m);
  return self->has_matrix;
}

void
dt_confusion_view_set_cursor (DtConfusionView *self,
                              int              t,
                              int              a)
{
  g_return_if_fail (DT_IS_CONFUSION_VIEW (self));

  self->cursor_t = t >= 0 && t < N && a >= 0 && a < N ? t : -1;
  self->cursor_a = self->cursor_t >= 0 ? a : -1;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dt_confusion_view_get_cursor (DtConfusionView *self,
                              int             *t,
                              int             *a)
{
  g_return_if_fail (DT_IS_CONFUSION_VIEW (self));
  *t = self->cursor_t;
  *a = self->cursor_a;
}
