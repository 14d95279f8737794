/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-weight-grid"

#include "config.h"

#include "dt-weight-grid.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-palette.h"
#include "nn-eval.h"
#include "dt-zoom.h"

#define SIDE        NN_EVAL_IMAGE_SIDE
#define PIXELS      (SIDE * SIDE)
#define MAX_COLUMNS 16
#define GAP         4.0
#define MIN_CELL    28.0    /* one screen pixel a weight */
#define MAX_CELL    64.0
#define NATURAL_WIDTH 540.0
#define SELECTED_W  3.0

struct _DtWeightGrid
{
  GtkWidget  parent_instance;

  int        n_units;
  float     *images;      /* (n_units, PIXELS) */
  float     *scales;      /* (n_units): each unit's own largest |weight| */
  float      shared;      /* the layer's largest |weight| */
  gboolean   per_unit;
  int        selected;
  GPtrArray *surfaces;    /* cairo_surface_t per unit, built on demand */
};

enum
{
  PROP_0,
  PROP_SELECTED,
  PROP_PER_UNIT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtWeightGrid, dt_weight_grid, GTK_TYPE_WIDGET)

static int
columns_for (int n_units)
{
  /* twice as wide as tall: 32 units → 8 × 4, 128 → 16 × 8 */
  return CLAMP ((int) ceil (sqrt (2.0 * n_units)), 1, MAX_COLUMNS);
}

/* A unit's square: as large as the grid's natural width allows for its columns, the same
 * at every window size, so the grid's height is known before it is laid out (a scrolled
 * window then shows it whole when there is room). */
static double
cell_size (int n_units)
{
  int cols = columns_for (MAX (n_units, 1));

  return CLAMP (floor ((NATURAL_WIDTH - GAP * (cols - 1)) / cols), MIN_CELL, MAX_CELL);
}

/* The square drawn: cell_size, or smaller when the grid has less than its natural width. */
static double
drawn_cell (DtWeightGrid *self)
{
  int cols = columns_for (MAX (self->n_units, 1));
  double fit = floor ((gtk_widget_get_width (GTK_WIDGET (self)) + GAP) / cols) - GAP;

  return MAX (MIN (cell_size (self->n_units), fit), 1.0);
}

int
dt_weight_grid_get_columns (DtWeightGrid *self)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), 1);
  return columns_for (MAX (self->n_units, 1));
}

static double
origin_x (DtWeightGrid *self,
          double        cell)
{
  int cols = columns_for (MAX (self->n_units, 1));

  return MAX (0.0, floor ((gtk_widget_get_width (GTK_WIDGET (self)) -
                           (cols * (cell + GAP) - GAP)) / 2));
}

int
dt_weight_grid_unit_at (DtWeightGrid *self,
                        double        x,
                        double        y)
{
  double cell = drawn_cell (self);
  double ox = origin_x (self, cell);
  int cols = dt_weight_grid_get_columns (self);
  int c = (int) floor ((x - ox) / (cell + GAP)), r = (int) floor (y / (cell + GAP));
  int unit = r * cols + c;

  if (x < ox || c < 0 || c >= cols || r < 0 || unit >= self->n_units)
    return -1;
  return unit;
}

gboolean
dt_weight_grid_unit_center (DtWeightGrid *self,
                            int           unit,
                            double       *x,
                            double       *y)
{
  double cell = drawn_cell (self);
  int cols = dt_weight_grid_get_columns (self);

  if (unit < 0 || unit >= self->n_units)
    return FALSE;
  *x = origin_x (self, cell) + (unit % cols) * (cell + GAP) + cell / 2;
  *y = (unit / cols) * (cell + GAP) + cell / 2;
  return TRUE;
}

float
dt_weight_grid_get_scale (DtWeightGrid *self,
                          int           unit)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), 1);
  g_return_val_if_fail (unit >= 0 && unit < self->n_units, 1);
  return self->per_unit && self->scales[unit] > 0 ? self->scales[unit]
                                                  : MAX (self->shared, 1e-12f);
}

static void
dt_weight_grid_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DtWeightGrid *self = DT_WEIGHT_GRID (widget);
  double cell = drawn_cell (self);
  double ox = origin_x (self, cell);
  int cols = dt_weight_grid_get_columns (self);
  DtPalette palette;
  GdkRGBA frame;
  cairo_t *cr;

  if (self->n_units == 0)
    return;
  dt_palette_init_from_widget (&palette, widget);
  frame = palette.fg;
  frame.alpha *= 0.25f;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                  gtk_widget_get_width (widget),
                                  gtk_widget_get_height (widget)));
  cairo_set_line_width (cr, dt_zoom_get ());
  for (int u = 0; u < self->n_units; u++)
    {
      double x = ox + (u % cols) * (cell + GAP), y = (u / cols) * (cell + GAP);

      if (g_ptr_array_index (self->surfaces, u) == NULL)
        g_ptr_array_index (self->surfaces, u) =
          dt_palette_image (&palette, self->images + (gsize) u * PIXELS, NULL, SIDE, SIDE,
                            dt_weight_grid_get_scale (self, u));
      dt_palette_paint_image (cr, g_ptr_array_index (self->surfaces, u), x, y, cell, cell);
      gdk_cairo_set_source_rgba (cr, u == self->selected ? &palette.fg : &frame);
      cairo_set_line_width (cr, (u == self->selected ? SELECTED_W : 1) * dt_zoom_get ());
      cairo_rectangle (cr, x - 0.5, y - 0.5, cell + 1, cell + 1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
dt_weight_grid_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  DtWeightGrid *self = DT_WEIGHT_GRID (widget);
  int n = MAX (self->n_units, 1), cols = columns_for (n), rows = (n + cols - 1) / cols;
  double cell = cell_size (n);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* narrower windows draw the squares smaller */
      *minimum = (int) (cols * (MIN_CELL + GAP) - GAP);
      *natural = (int) (cols * (cell + GAP) - GAP);
    }
  else
    *minimum = *natural = (int) (rows * (cell + GAP) - GAP);
}

static void
drop_surfaces (DtWeightGrid *self)
{
  for (guint u = 0; u < self->surfaces->len; u++)
    g_clear_pointer (&g_ptr_array_index (self->surfaces, u), cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_description (DtWeightGrid *self)
{
  g_autofree char *text = NULL;

  if (self->selected >= 0)
    /* TRANSLATORS: the weight grid's accessible description: the unit selected */
    text = g_strdup_printf (_("Unit %d selected; the arrow keys move to another unit"),
                            self->selected);
  else
    text = g_strdup (_("Click a unit, or use the arrow keys, to see it in detail"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            DtWeightGrid    *self)
{
  int unit = dt_weight_grid_unit_at (self, x, y);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (unit >= 0)
    dt_weight_grid_set_selected (self, unit);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DtWeightGrid          *self)
{
  int cols = dt_weight_grid_get_columns (self), u = MAX (self->selected, 0);

  if (self->n_units == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left: u--; break;
    case GDK_KEY_Right: u++; break;
    case GDK_KEY_Up: u -= cols; break;
    case GDK_KEY_Down: u += cols; break;
    case GDK_KEY_Home: u = 0; break;
    case GDK_KEY_End: u = self->n_units - 1; break;
    default: return FALSE;
    }
  dt_weight_grid_set_selected (self, CLAMP (u, 0, self->n_units - 1));
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  DtWeightGrid *self)
{
  int u = keyboard ? self->selected : dt_weight_grid_unit_at (self, x, y);
  const float *img;
  float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *text = NULL;

  if (u < 0)
    return FALSE;
  img = self->images + (gsize) u * PIXELS;
  for (int j = 0; j < PIXELS; j++)
    {
      lo = MIN (lo, img[j]);
      hi = MAX (hi, img[j]);
    }
  low = dt_palette_format_value (lo);
  high = dt_palette_format_value (hi);
  /* TRANSLATORS: a hidden unit's tooltip: its number, its smallest and largest weight */
  text = g_strdup_printf (_("Unit %d: weights from %s to %s"), u, low, high);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
dt_weight_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DtWeightGrid *self = DT_WEIGHT_GRID (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    case PROP_PER_UNIT_SCALE:
      g_value_set_boolean (value, self->per_unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_weight_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DtWeightGrid *self = DT_WEIGHT_GRID (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      dt_weight_grid_set_selected (self, g_value_get_int (value));
      break;
    case PROP_PER_UNIT_SCALE:
      dt_weight_grid_set_per_unit_scale (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_weight_grid_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dt_weight_grid_parent_class)->css_changed (widget, change);
  drop_surfaces (DT_WEIGHT_GRID (widget));   /* light or dark */
}

static void
dt_weight_grid_finalize (GObject *object)
{
  DtWeightGrid *self = DT_WEIGHT_GRID (object);

  g_ptr_array_unref (self->surfaces);
  g_free (self->images);
  g_free (self->scales);
  G_OBJECT_CLASS (dt_weight_grid_parent_class)->finalize (object);
}

static void
dt_weight_grid_class_init (DtWeightGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_weight_grid_get_property;
  object_class->set_property = dt_weight_grid_set_property;
  object_class->finalize = dt_weight_grid_finalize;
  widget_class->snapshot = dt_weight_grid_snapshot;
  widget_class->measure = dt_weight_grid_measure;
  widget_class->css_changed = dt_weight_grid_css_changed;
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PER_UNIT_SCALE] =
    g_param_spec_boolean ("per-unit-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "weightgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_weight_grid_init (DtWeightGrid *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->selected = -1;
  self->surfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First-layer weights of every hidden unit"), -1);
  update_description (self);
}

GtkWidget *
dt_weight_grid_new (void)
{
  return g_object_new (DT_TYPE_WEIGHT_GRID, NULL);
}

void
dt_weight_grid_set_network (DtWeightGrid *self,
                            const NnNet  *net)
{
  int n = net != NULL ? net->n_hidden : 0;

  g_return_if_fail (DT_IS_WEIGHT_GRID (self));

  if (n != self->n_units)
    {
      self->n_units = n;
      self->images = g_renew (float, self->images, (gsize) MAX (n, 1) * PIXELS);
      self->scales = g_renew (float, self->scales, MAX (n, 1));
      g_ptr_array_set_size (self->surfaces, 0);
      g_ptr_array_set_size (self->surfaces, n);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      if (self->selected >= n)
        dt_weight_grid_set_selected (self, n > 0 ? 0 : -1);
    }
  for (int u = 0; u < n; u++)
    {
      nn_unit_weight_image (net, u, self->images + (gsize) u * PIXELS);
      self->scales[u] = nn_max_abs (self->images + (gsize) u * PIXELS, PIXELS);
    }
  self->shared = n > 0 ? nn_max_abs (net->w1, (gsize) net->n_in * n) : 0;
  drop_surfaces (self);
}

int
dt_weight_grid_get_n_units (DtWeightGrid *self)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), 0);
  return self->n_units;
}

const float *
dt_weight_grid_get_image (DtWeightGrid *self,
                          int           unit)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), NULL);
  g_return_val_if_fail (unit >= 0 && unit < self->n_units, NULL);
  return self->images + (gsize) unit * PIXELS;
}

void
dt_weight_grid_set_per_unit_scale (DtWeightGrid *self,
                                   gboolean      per_unit)
{
  g_return_if_fail (DT_IS_WEIGHT_GRID (self));

  per_unit = !!per_unit;
  if (per_unit == self->per_unit)
    return;
  self->per_unit = per_unit;
  drop_surfaces (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PER_UNIT_SCALE]);
}

gboolean
dt_weight_grid_get_per_unit_scale (DtWeightGrid *self)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), FALSE);
  return self->per_unit;
}

void
dt_weight_grid_set_selected (DtWeightGrid *self,
                             int           unit)
{
  g_return_if_fail (DT_IS_WEIGHT_GRID (self));

  unit = unit >= 0 && unit < self->n_units ? unit : -1;
  if (unit == self->selected)
    return;
  self->selected = unit;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

int
dt_weight_grid_get_selected (DtWeightGrid *self)
{
  g_return_val_if_fail (DT_IS_WEIGHT_GRID (self), -1);
  return self->selected;
}
