/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-sketchpad"

#include "config.h"

#include "dt-sketchpad.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "nn-preprocess.h"

/* Size requests: a sheet a finger can still draw on, and a comfortable one. */
#define MIN_SIDE             120
#define NATURAL_SIDE         320
/* Pointer samples closer than this (pixels) add nothing but work. */
#define MIN_SAMPLE_DISTANCE  0.5

typedef struct
{
  double x;
  double y;
} DtPoint;

struct _DtSketchpad
{
  GtkWidget        parent_instance;

  GPtrArray       *strokes;         /* finished strokes: GArray of DtPoint, sheet coords */
  GArray          *widths;          /* double: the pen width each finished stroke had */
  double           pen_width;       /* for the next stroke, a fraction of the side */
  GArray          *active;          /* the stroke being drawn, or NULL */
  double           drag_x;          /* where the drag began, widget coords */
  double           drag_y;

  cairo_surface_t *surface;         /* finished strokes, A8, surface_side device pixels */
  int              surface_side;
  guint            tick_id;         /* pending frame-rate "changed" while drawing */
  gboolean         was_empty;
};

enum
{
  PROP_0,
  PROP_EMPTY,
  PROP_PEN_WIDTH,
  N_PROPS
};

enum
{
  CHANGED,
  STROKE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtSketchpad, dt_sketchpad, GTK_TYPE_WIDGET)

/* The sheet: the largest square centred in the widget. */
static void
sheet_rect (DtSketchpad *self,
            double      *ox,
            double      *oy,
            double      *side)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *side = MIN (w, h);
  *ox = (w - *side) / 2;
  *oy = (h - *side) / 2;
}

/* Quadratic curves through the midpoints of consecutive samples, with the samples as
 * control points: smooth at any pointer speed, and exact at both ends.  One sample is a
 * dot (the round cap of a zero-length line). */
static void
trace_stroke (cairo_t      *cr,
              const GArray *pts,
              double        side)
{
  const DtPoint *p = (const DtPoint *) pts->data;
  guint n = pts->len;
  double mx, my;

  if (n == 0)
    return;
  cairo_move_to (cr, p[0].x * side, p[0].y * side);
  if (n < 3)
    {
      cairo_line_to (cr, p[n - 1].x * side, p[n - 1].y * side);
      return;
    }
  mx = (p[0].x + p[1].x) / 2;
  my = (p[0].y + p[1].y) / 2;
  cairo_line_to (cr, mx * side, my * side);
  for (guint i = 1; i + 1 < n; i++)
    {
      double nx = (p[i].x + p[i + 1].x) / 2, ny = (p[i].y + p[i + 1].y) / 2;

      /* the quadratic (m, p[i], n) as a cubic */
      cairo_curve_to (cr,
                      (mx + 2 * p[i].x) / 3 * side, (my + 2 * p[i].y) / 3 * side,
                      (nx + 2 * p[i].x) / 3 * side, (ny + 2 * p[i].y) / 3 * side,
                      nx * side, ny * side);
      mx = nx;
      my = ny;
    }
  cairo_line_to (cr, p[n - 1].x * side, p[n - 1].y * side);
}

static void
stroke_with_pen (cairo_t      *cr,
                 const GArray *pts,
                 double        width,
                 double        side)
{
  cairo_set_line_width (cr, width * side);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  trace_stroke (cr, pts, side);
  cairo_stroke (cr);
}

/* Every stroke (and the one in progress) onto an A8 surface of side × side pixels. */
static void
render_all (DtSketchpad     *self,
            cairo_surface_t *surface,
            int              side,
            gboolean         with_active)
{
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  for (guint i = 0; i < self->strokes->len; i++)
    stroke_with_pen (cr, g_ptr_array_index (self->strokes, i),
                     g_array_index (self->widths, double, i), side);
  if (with_active && self->active != NULL)
    stroke_with_pen (cr, self->active, self->pen_width, side);
  cairo_destroy (cr);
}

static void
drop_surface (DtSketchpad *self)
{
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface_side = 0;
}

/* After a resize the backing surface is re-rendered from the strokes at the new size. */
static void
ensure_surface (DtSketchpad *self,
                int          device_side)
{
  if (self->surface != NULL && self->surface_side == device_side)
    return;
  drop_surface (self);
  self->surface = cairo_image_surface_create (CAIRO_FORMAT_A8, device_side, device_side);
  self->surface_side = device_side;
  render_all (self, self->surface, device_side, FALSE);
}

static void
dt_sketchpad_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DtSketchpad *self = DT_SKETCHPAD (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  double ox, oy, side;
  GdkRGBA ink;
  cairo_t *cr;

  sheet_rect (self, &ox, &oy, &side);
  if (side < 1)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  ensure_surface (self, (int) (side * scale));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (ox, oy, side, side));
  cairo_translate (cr, ox, oy);
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_save (cr);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_mask_surface (cr, self->surface, 0, 0);
  cairo_restore (cr);
  if (self->active != NULL)
    stroke_with_pen (cr, self->active, self->pen_width, side);
  cairo_destroy (cr);
}

static void
dt_sketchpad_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = MIN_SIDE;
  *natural = NATURAL_SIDE;
}

/* "empty" is notified only when it changes. */
static void
notify_empty (DtSketchpad *self)
{
  gboolean empty = dt_sketchpad_get_empty (self);

  if (empty != self->was_empty)
    {
      self->was_empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
}

static void
emit_changed_now (DtSketchpad *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  notify_empty (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
changed_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  DtSketchpad *self = DT_SKETCHPAD (widget);

  self->tick_id = 0;
  notify_empty (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* While drawing, "changed" goes out once per frame however fast the pointer moves. */
static void
queue_changed (DtSketchpad *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), changed_tick_cb,
                                                  NULL, NULL);
}

static void
append_widget_point (DtSketchpad *self,
                     double       x,
                     double       y)
{
  double ox, oy, side;
  DtPoint p;

  sheet_rect (self, &ox, &oy, &side);
  if (side < 1 || self->active == NULL)
    return;
  p.x = (x - ox) / side;
  p.y = (y - oy) / side;
  if (self->active->len > 0)
    {
      const DtPoint *last = &g_array_index (self->active, DtPoint, self->active->len - 1);

      if (hypot (p.x - last->x, p.y - last->y) * side < MIN_SAMPLE_DISTANCE)
        return;
    }
  g_array_append_val (self->active, p);
  queue_changed (self);
}

static void
finish_stroke (DtSketchpad *self)
{
  GArray *stroke = g_steal_pointer (&self->active);

  if (stroke == NULL)
    return;
  g_ptr_array_add (self->strokes, stroke);
  g_array_append_val (self->widths, self->pen_width);
  if (self->surface != NULL)
    {
      cairo_t *cr = cairo_create (self->surface);

      stroke_with_pen (cr, stroke, self->pen_width, self->surface_side);
      cairo_destroy (cr);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_changed_now (self);
  g_signal_emit (self, signals[STROKE_FINISHED], 0);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               DtSketchpad    *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  finish_stroke (self);
  self->active = g_array_new (FALSE, FALSE, sizeof (DtPoint));
  self->drag_x = x;
  self->drag_y = y;
  append_widget_point (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                DtSketchpad    *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  double x = self->drag_x + dx;
  double y = self->drag_y + dy;
  GdkEventType type = event != NULL ? gdk_event_get_event_type (event) : GDK_EVENT_LAST;

  /* GTK merges the motion of one frame into its last event; the history keeps the points in
   * between, without which a quick zig-zag would be drawn as one straight line.  History
   * positions are in surface coordinates: shift them as the event's own position. */
  if (type == GDK_MOTION_NOTIFY || type == GDK_TOUCH_UPDATE)
    {
      const GdkAxisFlags xy = GDK_AXIS_FLAG_X | GDK_AXIS_FLAG_Y;
      g_autofree GdkTimeCoord *history = NULL;
      guint n = 0;
      double ex, ey;

      history = gdk_event_get_history (event, &n);
      if (history != NULL && gdk_event_get_position (event, &ex, &ey))
        for (guint i = 0; i < n; i++)
          if ((history[i].flags & xy) == xy)
            append_widget_point (self, history[i].axes[GDK_AXIS_X] - ex + x,
                                 history[i].axes[GDK_AXIS_Y] - ey + y);
    }
  append_widget_point (self, x, y);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             DtSketchpad    *self)
{
  append_widget_point (self, self->drag_x + dx, self->drag_y + dy);
  finish_stroke (self);
}

static void
dt_sketchpad_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DtSketchpad *self = DT_SKETCHPAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, dt_sketchpad_get_empty (self));
      break;
    case PROP_PEN_WIDTH:
      g_value_set_double (value, self->pen_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_sketchpad_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  if (prop_id == PROP_PEN_WIDTH)
    dt_sketchpad_set_pen_width (DT_SKETCHPAD (object), g_value_get_double (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
dt_sketchpad_dispose (GObject *object)
{
  DtSketchpad *self = DT_SKETCHPAD (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  G_OBJECT_CLASS (dt_sketchpad_parent_class)->dispose (object);
}

static void
dt_sketchpad_finalize (GObject *object)
{
  DtSketchpad *self = DT_SKETCHPAD (object);

  g_ptr_array_unref (self->strokes);
  g_array_unref (self->widths);
  g_clear_pointer (&self->active, g_array_unref);
  drop_surface (self);
  G_OBJECT_CLASS (dt_sketchpad_parent_class)->finalize (object);
}

static void
dt_sketchpad_class_init (DtSketchpadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_sketchpad_get_property;
  object_class->set_property = dt_sketchpad_set_property;
  object_class->dispose = dt_sketchpad_dispose;
  object_class->finalize = dt_sketchpad_finalize;
  widget_class->snapshot = dt_sketchpad_snapshot;
  widget_class->measure = dt_sketchpad_measure;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEN_WIDTH] =
    g_param_spec_double ("pen-width", NULL, NULL, DT_SKETCHPAD_PEN_WIDTH_MIN,
                         DT_SKETCHPAD_PEN_WIDTH_MAX, DT_SKETCHPAD_PEN_WIDTH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STROKE_FINISHED] = g_signal_new ("stroke-finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "sketchpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_sketchpad_init (DtSketchpad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->widths = g_array_new (FALSE, FALSE, sizeof (double));
  self->pen_width = DT_SKETCHPAD_PEN_WIDTH;
  self->was_empty = TRUE;

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Drawing area"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Draw a digit with the mouse, a pen or a finger"),
                                  -1);
}

GtkWidget *
dt_sketchpad_new (void)
{
  return g_object_new (DT_TYPE_SKETCHPAD, NULL);
}

void
dt_sketchpad_clear (DtSketchpad *self)
{
  g_return_if_fail (DT_IS_SKETCHPAD (self));

  if (dt_sketchpad_get_empty (self))
    return;
  g_ptr_array_set_size (self->strokes, 0);
  g_array_set_size (self->widths, 0);
  g_clear_pointer (&self->active, g_array_unref);
  drop_surface (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_changed_now (self);
}

gboolean
dt_sketchpad_undo (DtSketchpad *self)
{
  g_return_val_if_fail (DT_IS_SKETCHPAD (self), FALSE);

  if (self->strokes->len == 0)
    return FALSE;
  g_ptr_array_set_size (self->strokes, self->strokes->len - 1);
  g_array_set_size (self->widths, self->strokes->len);
  drop_surface (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_changed_now (self);
  return TRUE;
}

guint
dt_sketchpad_get_n_strokes (DtSketchpad *self)
{
  g_return_val_if_fail (DT_IS_SKETCHPAD (self), 0);

  return self->strokes->len;
}

gboolean
dt_sketchpad_get_empty (DtSketchpad *self)
{
  g_return_val_if_fail (DT_IS_SKETCHPAD (self), TRUE);

  return self->strokes->len == 0 && (self->active == NULL || self->active->len == 0);
}

void
dt_sketchpad_add_stroke (DtSketchpad  *self,
                         const double *xy,
                         guint         n_points)
{
  g_return_if_fail (DT_IS_SKETCHPAD (self));
  g_return_if_fail (xy != NULL && n_points > 0);

  finish_stroke (self);
  self->active = g_array_sized_new (FALSE, FALSE, sizeof (DtPoint), n_points);
  g_array_append_vals (self->active, xy, n_points);
  finish_stroke (self);
}

void
dt_sketchpad_set_pen_width (DtSketchpad *self,
                            double       width)
{
  g_return_if_fail (DT_IS_SKETCHPAD (self));

  width = CLAMP (width, DT_SKETCHPAD_PEN_WIDTH_MIN, DT_SKETCHPAD_PEN_WIDTH_MAX);
  if (width == self->pen_width)
    return;
  self->pen_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEN_WIDTH]);
}

double
dt_sketchpad_get_pen_width (DtSketchpad *self)
{
  g_return_val_if_fail (DT_IS_SKETCHPAD (self), DT_SKETCHPAD_PEN_WIDTH);
  return self->pen_width;
}

guint8 *
dt_sketchpad_render_ink (DtSketchpad *self,
                         int          side)
{
  cairo_surface_t *surface;
  const guint8 *data;
  guint8 *ink;
  int stride;

  g_return_val_if_fail (DT_IS_SKETCHPAD (self), NULL);
  g_return_val_if_fail (side > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, side, side);
  render_all (self, surface, side, TRUE);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  ink = g_new (guint8, (gsize) side * side);
  for (int y = 0; y < side; y++)
    memcpy (ink + (gsize) y * side, data + (gsize) y * stride, side);
  cairo_surface_destroy (surface);
  return ink;
}

gboolean
dt_sketchpad_get_input (DtSketchpad *self,
                        float       *input)
{
  g_autofree guint8 *ink = NULL;

  g_return_val_if_fail (DT_IS_SKETCHPAD (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (dt_sketchpad_get_empty (self))
    {
      memset (input, 0, sizeof (float) * NN_IMAGE_PIXELS);
      return FALSE;
    }
  ink = dt_sketchpad_render_ink (self, DT_SKETCHPAD_INPUT_SIDE);
  return nn_preprocess_u8 (ink, DT_SKETCHPAD_INPUT_SIDE, DT_SKETCHPAD_INPUT_SIDE,
                           DT_SKETCHPAD_INPUT_SIDE, input);
}
