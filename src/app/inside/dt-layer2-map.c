/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-layer2-map"

#include "config.h"

#include "dt-layer2-map.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "nn-eval.h"
#include "dt-zoom.h"

#define N_DIGITS     10
#define PAD          6.0
#define MIN_COLUMN   3.0     /* screen pixels a unit, at the least … */
#define MAX_COLUMN   28.0    /* … and at the most */
#define ROW_LINES    1.15    /* a row's height, in text lines */
#define SELECTED_W   2.0

struct _DtLayer2Map
{
  GtkWidget        parent_instance;

  int              n_units;
  float           *w2;          /* (n_units, N_DIGITS) */
  float            scale;
  int              selected;
  cairo_surface_t *image;       /* N_DIGITS × n_units, one pixel a weight */
};

enum
{
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtLayer2Map, dt_layer2_map, GTK_TYPE_WIDGET)

typedef struct
{
  double x0;
  double column;
  double row;
} Geometry;

static Geometry
geometry (DtLayer2Map *self)
{
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  double digit_w, line_h;
  Geometry g;

  dt_text_measure (layout, "8", &digit_w, &line_h);
  digit_w = dt_class_names_measure (layout, NULL);
  g.x0 = digit_w + PAD;
  g.row = ceil (line_h * ROW_LINES);
  g.column = CLAMP (floor ((gtk_widget_get_width (GTK_WIDGET (self)) - g.x0) /
                           MAX (self->n_units, 1)), MIN_COLUMN, MAX_COLUMN);
  return g;
}

gboolean
dt_layer2_map_cell_at (DtLayer2Map *self,
                       double       x,
                       double       y,
                       int         *unit,
                       int         *digit)
{
  Geometry g = geometry (self);

  *unit = (int) floor ((x - g.x0) / g.column);
  *digit = (int) floor (y / g.row);
  return x >= g.x0 && *unit >= 0 && *unit < self->n_units && *digit >= 0 &&
         *digit < N_DIGITS;
}

static cairo_surface_t *
transposed_image (DtLayer2Map     *self,
                  const DtPalette *palette)
{
  g_autofree float *t = g_new (float, (gsize) N_DIGITS * self->n_units);

  for (int u = 0; u < self->n_units; u++)
    for (int k = 0; k < N_DIGITS; k++)
      t[k * self->n_units + u] = self->w2[u * N_DIGITS + k];
  return dt_palette_image (palette, t, NULL, N_DIGITS, self->n_units, self->scale);
}

static void
dt_layer2_map_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DtLayer2Map *self = DT_LAYER2_MAP (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  Geometry g = geometry (self);
  DtPalette palette;
  cairo_t *cr;

  if (self->n_units == 0)
    return;
  dt_palette_init_from_widget (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                  gtk_widget_get_width (widget),
                                  gtk_widget_get_height (widget)));
  gdk_cairo_set_source_rgba (cr, &palette.fg);
  for (int k = 0; k < N_DIGITS; k++)
    {
      dt_text_show (cr, layout, dt_class_name (k), g.x0 - PAD, (k + 0.5) * g.row, 1, 0.5);
    }
  if (self->image == NULL)
    self->image = transposed_image (self, &palette);
  dt_palette_paint_image (cr, self->image, g.x0, 0, g.column * self->n_units,
                          g.row * N_DIGITS);
  cairo_set_source_rgba (cr, palette.fg.red, palette.fg.green, palette.fg.blue,
                         palette.fg.alpha * 0.25);
  cairo_set_line_width (cr, dt_zoom_get ());
  cairo_rectangle (cr, g.x0 - 0.5, -0.5 + 1, g.column * self->n_units + 1, g.row * N_DIGITS);
  cairo_stroke (cr);
  if (self->selected >= 0)
    {
      gdk_cairo_set_source_rgba (cr, &palette.fg);
      cairo_set_line_width (cr, SELECTED_W * dt_zoom_get ());
      cairo_rectangle (cr, g.x0 + self->selected * g.column - SELECTED_W / 2, SELECTED_W / 2,
                       g.column + SELECTED_W, g.row * N_DIGITS - SELECTED_W);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
dt_layer2_map_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  DtLayer2Map *self = DT_LAYER2_MAP (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  double digit_w, line_h;

  dt_text_measure (layout, "8", &digit_w, &line_h);
  digit_w = dt_class_names_measure (layout, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = (int) (ceil (line_h * ROW_LINES) * N_DIGITS + 1);
  else
    {
      *minimum = (int) (digit_w + PAD + MIN_COLUMN * MAX (self->n_units, 1));
      *natural = (int) (digit_w + PAD + 16 * MAX (self->n_units, 1));
    }
}

static gboolean
query_tooltip_cb (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  DtLayer2Map *self)
{
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  int unit, digit;

  if (keyboard || !dt_layer2_map_cell_at (self, x, y, &unit, &digit))
    return FALSE;
  value = dt_palette_format_value (self->w2[unit * N_DIGITS + digit]);
  /* TRANSLATORS: a second-layer weight's tooltip: from hidden unit %d to class %s (a digit
   * or a piece of clothing) */
  text = g_strdup_printf (_("Unit %d → %s: weight %s"), unit, dt_class_name (digit), value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            DtLayer2Map     *self)
{
  int unit, digit;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (dt_layer2_map_cell_at (self, x, y, &unit, &digit))
    dt_layer2_map_set_selected (self, unit);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DtLayer2Map           *self)
{
  int u = MAX (self->selected, 0);

  if (self->n_units == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Left)
    u--;
  else if (keyval == GDK_KEY_Right)
    u++;
  else
    return FALSE;
  dt_layer2_map_set_selected (self, CLAMP (u, 0, self->n_units - 1));
  return TRUE;
}

static void
dt_layer2_map_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  if (prop_id == PROP_SELECTED)
    g_value_set_int (value, DT_LAYER2_MAP (object)->selected);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dt_layer2_map_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  if (prop_id == PROP_SELECTED)
    dt_layer2_map_set_selected (DT_LAYER2_MAP (object), g_value_get_int (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
drop_image (DtLayer2Map *self)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dt_layer2_map_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dt_layer2_map_parent_class)->css_changed (widget, change);
  drop_image (DT_LAYER2_MAP (widget));
}

static void
dt_layer2_map_finalize (GObject *object)
{
  DtLayer2Map *self = DT_LAYER2_MAP (object);

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_free (self->w2);
  G_OBJECT_CLASS (dt_layer2_map_parent_class)->finalize (object);
}

static void
dt_layer2_map_class_init (DtLayer2MapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_layer2_map_get_property;
  object_class->set_property = dt_layer2_map_set_property;
  object_class->finalize = dt_layer2_map_finalize;
  widget_class->snapshot = dt_layer2_map_snapshot;
  widget_class->measure = dt_layer2_map_measure;
  widget_class->css_changed = dt_layer2_map_css_changed;
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "layer2map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_layer2_map_init (DtLayer2Map *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->selected = -1;
  self->scale = 1;
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Second-layer weights: each hidden unit's vote for each "
                                    "digit"), -1);
}

GtkWidget *
dt_layer2_map_new (void)
{
  return g_object_new (DT_TYPE_LAYER2_MAP, NULL);
}

void
dt_layer2_map_set_network (DtLayer2Map *self,
                           const NnNet *net)
{
  int n = net != NULL ? net->n_hidden : 0;

  g_return_if_fail (DT_IS_LAYER2_MAP (self));
  g_return_if_fail (net == NULL || net->n_out == N_DIGITS);

  if (n != self->n_units)
    {
      self->n_units = n;
      self->w2 = g_renew (float, self->w2, (gsize) MAX (n, 1) * N_DIGITS);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      if (self->selected >= n)
        dt_layer2_map_set_selected (self, -1);
    }
  if (n > 0)
    {
      memcpy (self->w2, net->w2, sizeof (float) * n * N_DIGITS);
      self->scale = MAX (nn_max_abs (self->w2, (gsize) n * N_DIGITS), 1e-12f);
    }
  drop_image (self);
}

void
dt_layer2_map_set_selected (DtLayer2Map *self,
                            int          unit)
{
  g_return_if_fail (DT_IS_LAYER2_MAP (self));

  unit = unit >= 0 && unit < self->n_units ? unit : -1;
  if (unit == self->selected)
    return;
  self->selected = unit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

int
dt_layer2_map_get_selected (DtLayer2Map *self)
{
  g_return_val_if_fail (DT_IS_LAYER2_MAP (self), -1);
  return self->selected;
}
