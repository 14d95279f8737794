/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-digit-gallery"

#include "config.h"

#include "dt-digit-gallery.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-class-names.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "dt-zoom.h"

#define GAP           8.0     /* between cells */
#define MAX_SIDE      96.0    /* digits grow no larger … */
#define MIN_SIDE      12.0    /* … nor smaller; below this nothing is drawn */
#define PAPER_ALPHA   0.06f   /* the square a digit sits on */
#define WRONG_FRAME_W 2.0
#define SELECTED_W    3.0

struct _DtDigitGallery
{
  GtkWidget       parent_instance;

  GtkLabel       *title;
  GtkLabel       *page_label;
  GtkDrawingArea *area;
  GtkWidget      *header;

  DtEvaluation   *ev;
  GArray         *items;       /* guint32 indices into ev->data->test */
  GArray         *values;      /* float, or empty: captions say true → prediction */
  guint           page_size;
  guint           page;
  int             selected;    /* item, or −1 */
};

enum
{
  DIGIT_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtDigitGallery, dt_digit_gallery, GTK_TYPE_WIDGET)

typedef struct
{
  int    cols;
  double side;
  double pitch;      /* from one column to the next: the digit or its caption, and a gap */
  double cell_h;
  double x0;
  double text_h;
} Layout;

/* The widest caption a cell may need. */
static double
caption_width (DtDigitGallery *self,
               PangoLayout    *layout)
{
  g_autofree char *widest = NULL;
  double w;
  int name;

  if (self->values->len > 0)
    widest = dt_palette_format_value (-88.8f);
  else
    {
      dt_class_names_measure (layout, &name);
      widest = g_strdup_printf (_("%s → %s · %.0f %%"), dt_class_name (name),
                                dt_class_name (name), 100.0);
    }
  dt_text_measure (layout, widest, &w, NULL);
  return w;
}

static Layout
compute_layout (DtDigitGallery *self,
                int             width,
                int             height)
{
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  guint n = MAX (self->page_size, 1);
  double text_w = caption_width (self, layout);
  Layout best = { 1, 0, 0, 0, 0, 0 };

  dt_text_measure (layout, "0", NULL, &best.text_h);
  for (guint cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double by_w = (width + GAP) / cols - GAP;
      double by_h = (height - GAP * (rows - 1)) / rows - best.text_h - 2;
      double side = MIN (MIN (by_w, by_h), MAX_SIDE);

      /* more columns only while every caption still fits under its digit */
      if (cols > 1 && by_w < text_w)
        break;
      if (side > best.side + 0.5)
        {
          best.cols = (int) cols;
          best.side = side;
        }
    }
  best.side = floor (best.side);
  best.pitch = MAX (best.side, ceil (text_w)) + GAP;
  best.cell_h = best.side + best.text_h + 2;
  best.x0 = MAX (0.0, floor ((width - (best.cols * best.pitch - GAP)) / 2 +
                             (best.pitch - GAP - best.side) / 2));
  return best;
}

static guint
first_on_page (DtDigitGallery *self)
{
  return self->page * self->page_size;
}

static guint
n_on_page (DtDigitGallery *self)
{
  guint first = first_on_page (self);

  return first < self->items->len ? MIN (self->page_size, self->items->len - first) : 0;
}

static const NnDataset *
test_set (DtDigitGallery *self)
{
  return self->ev != NULL ? self->ev->data->test : NULL;
}

/* "4 → 9 · 97 %", or the caller's value */
static char *
caption (DtDigitGallery *self,
         guint           item)
{
  guint32 i = g_array_index (self->items, guint32, item);
  const NnEvalResult *r = self->ev->test;
  int answer = r->answers[i];

  if (self->values->len > 0)
    return dt_palette_format_value (g_array_index (self->values, float, item));
  /* TRANSLATORS: under a test image: its label → the network's prediction · confidence */
  return g_strdup_printf (_("%s → %s · %.0f %%"), dt_class_name (test_set (self)->labels[i]),
                          dt_class_name (answer),
                          100.0 * r->probs[(gsize) i * r->n_out + answer]);
}

static void
draw_item (DtDigitGallery *self,
           cairo_t        *cr,
           PangoLayout    *layout,
           const Layout   *l,
           guint           k,
           const DtPalette *palette)
{
  const NnDataset *set = test_set (self);
  guint item = first_on_page (self) + k;
  guint32 i = g_array_index (self->items, guint32, item);
  double x = l->x0 + (k % l->cols) * l->pitch, y = (k / l->cols) * (l->cell_h + GAP);
  gboolean wrong = self->values->len == 0 && self->ev->test->answers[i] != set->labels[i];
  g_autofree char *text = caption (self, item);
  GdkRGBA paper = palette->fg;

  paper.alpha *= PAPER_ALPHA;
  gdk_cairo_set_source_rgba (cr, &paper);
  cairo_rectangle (cr, x, y, l->side, l->side);
  cairo_fill (cr);
  dt_palette_paint_digit (cr, set->images + (gsize) i * nn_dataset_image_size (set), x, y,
                          l->side, &palette->fg);
  cairo_set_line_width (cr, (wrong ? WRONG_FRAME_W : 1) * dt_zoom_get ());
  if (wrong)
    {
      gdk_cairo_set_source_rgba (cr, &palette->positive);
      cairo_rectangle (cr, x + 1, y + 1, l->side - 2, l->side - 2);
      cairo_stroke (cr);
    }
  if ((int) item == self->selected)
    {
      gdk_cairo_set_source_rgba (cr, &palette->fg);
      cairo_set_line_width (cr, SELECTED_W * dt_zoom_get ());
      cairo_rectangle (cr, x - SELECTED_W, y - SELECTED_W, l->side + 2 * SELECTED_W,
                       l->cell_h + 2 * SELECTED_W);
      cairo_stroke (cr);
    }
  gdk_cairo_set_source_rgba (cr, &palette->fg);
  pango_layout_set_width (layout, (int) (l->pitch * PANGO_SCALE));
  dt_text_show (cr, layout, text, x + l->side / 2, y + l->side + 2, 0.5, 0);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  DtDigitGallery *self = user_data;
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  Layout l = compute_layout (self, width, height);
  DtPalette palette;

  if (self->ev == NULL || l.side < MIN_SIDE)
    return;
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  dt_palette_init_from_widget (&palette, GTK_WIDGET (self));
  for (guint k = 0; k < n_on_page (self); k++)
    draw_item (self, cr, layout, &l, k, &palette);
}

int
dt_digit_gallery_item_at (DtDigitGallery *self,
                          double          x,
                          double          y)
{
  Layout l;
  int col, row;
  guint k;

  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), -1);
  l = compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self->area)),
                      gtk_widget_get_height (GTK_WIDGET (self->area)));
  col = (int) floor ((x - l.x0 + (l.pitch - l.side) / 2) / l.pitch);
  row = (int) floor (y / (l.cell_h + GAP));
  if (col < 0 || col >= l.cols || row < 0 || l.side < MIN_SIDE)
    return -1;
  k = (guint) (row * l.cols + col);
  return k < n_on_page (self) ? (int) (first_on_page (self) + k) : -1;
}

gboolean
dt_digit_gallery_item_center (DtDigitGallery *self,
                              guint           i,
                              double         *x,
                              double         *y)
{
  Layout l;
  guint k;

  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), FALSE);
  if (i < first_on_page (self) || i >= first_on_page (self) + n_on_page (self))
    return FALSE;
  k = i - first_on_page (self);
  l = compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self->area)),
                      gtk_widget_get_height (GTK_WIDGET (self->area)));
  *x = l.x0 + (k % l.cols) * l.pitch + l.side / 2;
  *y = (k / l.cols) * (l.cell_h + GAP) + l.side / 2;
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget      *area,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip,
                  DtDigitGallery *self)
{
  int item = keyboard ? self->selected : dt_digit_gallery_item_at (self, x, y);
  guint32 i;
  g_autofree char *text = NULL;

  if (item < 0 || self->ev == NULL)
    return FALSE;
  i = g_array_index (self->items, guint32, item);
  /* TRANSLATORS: a test digit's tooltip: its number in the test set, label, prediction */
  text = g_strdup_printf (_("Test image %u: a %s, predicted %s"), i,
                          dt_class_name (test_set (self)->labels[i]),
                          dt_class_name (self->ev->test->answers[i]));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- state ------------------------------------------------------------------------------ */

static void
update_page (DtDigitGallery *self)
{
  guint n_pages = dt_digit_gallery_get_n_pages (self);
  g_autofree char *text = NULL;

  /* TRANSLATORS: the gallery's page: "page 1 of 3" */
  text = g_strdup_printf (_("%u of %u"), MIN (self->page + 1, n_pages), n_pages);
  gtk_label_set_label (self->page_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.previous", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.next",
                                 self->page + 1 < n_pages);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
set_page (DtDigitGallery *self,
          guint           page)
{
  guint n_pages = dt_digit_gallery_get_n_pages (self);

  self->page = MIN (page, n_pages > 0 ? n_pages - 1 : 0);
  update_page (self);
}

void
dt_digit_gallery_select (DtDigitGallery *self,
                         guint           i)
{
  g_return_if_fail (DT_IS_DIGIT_GALLERY (self));
  g_return_if_fail (i < self->items->len);

  self->selected = (int) i;
  set_page (self, i / self->page_size);
  g_signal_emit (self, signals[DIGIT_SELECTED], 0, g_array_index (self->items, guint32, i));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            DtDigitGallery  *self)
{
  int item = dt_digit_gallery_item_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  if (item >= 0)
    dt_digit_gallery_select (self, (guint) item);
}

/* Arrows move within the page's grid, Page Up/Down turn pages, Return selects again. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DtDigitGallery        *self)
{
  Layout l = compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self->area)),
                             gtk_widget_get_height (GTK_WIDGET (self->area)));
  int n = (int) self->items->len, i = MAX (self->selected, (int) first_on_page (self));

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: i--; break;
    case GDK_KEY_Right: i++; break;
    case GDK_KEY_Up: i -= l.cols; break;
    case GDK_KEY_Down: i += l.cols; break;
    case GDK_KEY_Page_Up: i -= (int) self->page_size; break;
    case GDK_KEY_Page_Down: i += (int) self->page_size; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_space: break;
    default: return FALSE;
    }
  dt_digit_gallery_select (self, (guint) CLAMP (i, 0, n - 1));
  return TRUE;
}

static void
previous_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DtDigitGallery *self = DT_DIGIT_GALLERY (widget);

  if (self->page > 0)
    set_page (self, self->page - 1);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DtDigitGallery *self = DT_DIGIT_GALLERY (widget);

  set_page (self, self->page + 1);
}

static void
dt_digit_gallery_dispose (GObject *object)
{
  DtDigitGallery *self = DT_DIGIT_GALLERY (object);
  GtkWidget *child;

  g_clear_pointer (&self->ev, dt_evaluation_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DT_TYPE_DIGIT_GALLERY);
  /* the template's root is no bound child: it goes by hand */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (dt_digit_gallery_parent_class)->dispose (object);
}

static void
dt_digit_gallery_finalize (GObject *object)
{
  DtDigitGallery *self = DT_DIGIT_GALLERY (object);

  g_array_unref (self->items);
  g_array_unref (self->values);
  G_OBJECT_CLASS (dt_digit_gallery_parent_class)->finalize (object);
}

static void
dt_digit_gallery_class_init (DtDigitGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_digit_gallery_dispose;
  object_class->finalize = dt_digit_gallery_finalize;
  signals[DIGIT_SELECTED] = g_signal_new ("digit-selected", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/digittrainer/DigitTrainer/ui/dt-digit-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, DtDigitGallery, title);
  gtk_widget_class_bind_template_child (widget_class, DtDigitGallery, page_label);
  gtk_widget_class_bind_template_child (widget_class, DtDigitGallery, area);
  gtk_widget_class_install_action (widget_class, "gallery.previous", NULL, previous_action_cb);
  gtk_widget_class_install_action (widget_class, "gallery.next", NULL, next_action_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "digitgallery");
}

static void
dt_digit_gallery_init (DtDigitGallery *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->header = gtk_widget_get_parent (GTK_WIDGET (self->title));
  self->items = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->values = g_array_new (FALSE, FALSE, sizeof (float));
  self->page_size = DT_DIGIT_GALLERY_PAGE_SIZE;
  self->selected = -1;
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), keys);
  g_signal_connect (self->area, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  update_page (self);
}

GtkWidget *
dt_digit_gallery_new (void)
{
  return g_object_new (DT_TYPE_DIGIT_GALLERY, NULL);
}

void
dt_digit_gallery_set_items (DtDigitGallery *self,
                            DtEvaluation   *ev,
                            const guint32  *indices,
                            guint           n,
                            const float    *values)
{
  g_return_if_fail (DT_IS_DIGIT_GALLERY (self));

  if (ev != NULL)
    dt_evaluation_ref (ev);
  g_clear_pointer (&self->ev, dt_evaluation_unref);
  self->ev = ev;
  g_array_set_size (self->items, 0);
  g_array_set_size (self->values, 0);
  if (ev != NULL)
    {
      g_array_append_vals (self->items, indices, n);
      if (values != NULL)
        g_array_append_vals (self->values, values, n);
    }
  self->selected = -1;
  self->page = 0;
  update_page (self);
}

void
dt_digit_gallery_set_title (DtDigitGallery *self,
                            const char     *title)
{
  g_return_if_fail (DT_IS_DIGIT_GALLERY (self));
  gtk_label_set_label (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
}

const char *
dt_digit_gallery_get_title (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), NULL);
  return gtk_label_get_label (self->title);
}

void
dt_digit_gallery_set_page_size (DtDigitGallery *self,
                                guint           page_size)
{
  g_return_if_fail (DT_IS_DIGIT_GALLERY (self));
  g_return_if_fail (page_size > 0);
  self->page_size = page_size;
  set_page (self, 0);
}

void
dt_digit_gallery_set_show_header (DtDigitGallery *self,
                                  gboolean        show)
{
  g_return_if_fail (DT_IS_DIGIT_GALLERY (self));
  gtk_widget_set_visible (self->header, show);
}

guint
dt_digit_gallery_get_n_items (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), 0);
  return self->items->len;
}

guint32
dt_digit_gallery_get_item (DtDigitGallery *self,
                           guint           i)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), 0);
  g_return_val_if_fail (i < self->items->len, 0);
  return g_array_index (self->items, guint32, i);
}

guint
dt_digit_gallery_get_page (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), 0);
  return self->page;
}

guint
dt_digit_gallery_get_n_pages (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), 0);
  return MAX ((self->items->len + self->page_size - 1) / self->page_size, 1);
}

int
dt_digit_gallery_get_selected (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), -1);
  return self->selected;
}

GtkWidget *
dt_digit_gallery_get_area (DtDigitGallery *self)
{
  g_return_val_if_fail (DT_IS_DIGIT_GALLERY (self), NULL);
  return GTK_WIDGET (self->area);
}
