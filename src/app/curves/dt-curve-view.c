/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-view"

#include "config.h"

#include "dt-curve-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-curve-hover.h"
#include "dt-curve-view-private.h"
#include "dt-zoom.h"

/* The "smoothing" property: its default, and a maximum short of 1, where the average would
 * stop taking in new values. */
#define DEFAULT_SMOOTHING  0.9
#define MAX_SMOOTHING      0.99
/* Size requests: two readable plots, a wide natural size for a classroom projector. */
#define MIN_WIDTH          320
#define NATURAL_WIDTH      640
#define MIN_HEIGHT         260
#define NATURAL_HEIGHT     420

enum {
  PROP_0,
  PROP_SMOOTHING,
  PROP_X_MAX,
  PROP_LOG_LOSS,
  PROP_ACCURACY_TOP,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

enum {
  RUNS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DtCurveView, dt_curve_view, GTK_TYPE_WIDGET)

void
dt_curve_view_get_model (DtCurveView  *self,
                         DtCurveModel *model)
{
  *model = (DtCurveModel) { (DtCurveRun *const *) self->runs->pdata, self->runs->len,
                            self->x_max, self->log_loss, self->accuracy_top,
                            self->high_contrast };
}

/* Accessibility ----------------------------------------------------------------------- */

static gboolean
update_accessible_cb (gpointer data)
{
  DtCurveView *self = data;
  g_autofree char *description = dt_curve_view_dup_description (self);

  self->a11y_idle_id = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return G_SOURCE_REMOVE;
}

/* Data changed: queue one redraw.  Bursts of appends cost one frame, and the accessible
 * description follows in one low-priority idle. */
void
dt_curve_view_data_changed (DtCurveView *self)
{
  self->generation++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->a11y_idle_id == 0)
    self->a11y_idle_id = g_idle_add_full (G_PRIORITY_LOW, update_accessible_cb, self, NULL);
}

/* The runs, their labels or the smoothing changed: the background must be redrawn too. */
void
dt_curve_view_history_changed (DtCurveView *self)
{
  self->history_generation++;
  dt_curve_view_data_changed (self);
  g_signal_emit (self, signals[RUNS_CHANGED], 0);
}

/* Drawing ----------------------------------------------------------------------------- */

static void
dt_curve_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DtCurveView *self = DT_CURVE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveScene scene = { gtk_widget_get_pango_context (widget), width, height, &model, &theme,
                         dt_zoom_get () };

  if (width <= 0 || height <= 0)
    return;

  dt_curve_theme_init_from_widget (&theme, widget);
  dt_curve_view_get_model (self, &model);
  dt_curve_cache_snapshot (&self->cache, snapshot, &scene, gtk_widget_get_scale_factor (widget),
                           self->history_generation, self->generation);

  if (self->hovering && self->cache.geometry.valid)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));

      dt_curve_hover_draw (cr, &scene, &self->cache.geometry, self->hover_x, self->hover_y);
      cairo_destroy (cr);
    }
}

static void
invalidate_drawing (DtCurveView *self)
{
  dt_curve_cache_clear (&self->cache);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dt_curve_view_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (dt_curve_view_parent_class)->css_changed (widget, change);
  invalidate_drawing (DT_CURVE_VIEW (widget));
}

static void
dt_curve_view_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (dt_curve_view_parent_class)->system_setting_changed (widget, setting);
  /* Fonts and DPI change the layout. */
  invalidate_drawing (DT_CURVE_VIEW (widget));
}

static void
dt_curve_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
}

/* Hover ------------------------------------------------------------------------------- */

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           DtCurveView              *self)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion,
          DtCurveView              *self)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
dt_curve_view_get_draw_counts (DtCurveView *self,
                               guint       *background,
                               guint       *current)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  *background = self->cache.n_background_draws;
  *current = self->cache.n_current_draws;
}

gboolean
dt_curve_view_get_hover (DtCurveView *self,
                         double      *x,
                         double      *y)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);

  if (x)
    *x = self->hover_x;
  if (y)
    *y = self->hover_y;
  return self->hovering;
}

/* GObject ----------------------------------------------------------------------------- */

static void
dt_curve_view_dispose (GObject *object)
{
  DtCurveView *self = DT_CURVE_VIEW (object);

  g_clear_handle_id (&self->a11y_idle_id, g_source_remove);
  dt_curve_cache_clear (&self->cache);

  G_OBJECT_CLASS (dt_curve_view_parent_class)->dispose (object);
}

static void
dt_curve_view_finalize (GObject *object)
{
  DtCurveView *self = DT_CURVE_VIEW (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (dt_curve_view_parent_class)->finalize (object);
}

static void
dt_curve_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DtCurveView *self = DT_CURVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    case PROP_X_MAX:
      g_value_set_double (value, self->x_max);
      break;
    case PROP_LOG_LOSS:
      g_value_set_boolean (value, self->log_loss);
      break;
    case PROP_ACCURACY_TOP:
      g_value_set_boolean (value, self->accuracy_top);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_curve_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DtCurveView *self = DT_CURVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SMOOTHING:
      dt_curve_view_set_smoothing (self, g_value_get_double (value));
      break;
    case PROP_X_MAX:
      dt_curve_view_set_x_max (self, g_value_get_double (value));
      break;
    case PROP_LOG_LOSS:
      dt_curve_view_set_log_loss (self, g_value_get_boolean (value));
      break;
    case PROP_ACCURACY_TOP:
      dt_curve_view_set_accuracy_top (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      dt_curve_view_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_curve_view_class_init (DtCurveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dt_curve_view_dispose;
  object_class->finalize = dt_curve_view_finalize;
  object_class->get_property = dt_curve_view_get_property;
  object_class->set_property = dt_curve_view_set_property;

  widget_class->snapshot = dt_curve_view_snapshot;
  widget_class->measure = dt_curve_view_measure;
  widget_class->css_changed = dt_curve_view_css_changed;
  widget_class->system_setting_changed = dt_curve_view_system_setting_changed;

  /**
   * DtCurveView:smoothing:
   *
   * The EMA factor of the smoothed lines: 0 draws the raw values, 0.99 is very smooth.
   */
  properties[PROP_SMOOTHING] =
    g_param_spec_double ("smoothing", NULL, NULL, 0, MAX_SMOOTHING, DEFAULT_SMOOTHING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DtCurveView:x-max:
   *
   * The x axis spans at least this many epochs (the planned ones); 0 fits the data.
   */
  properties[PROP_X_MAX] =
    g_param_spec_double ("x-max", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Display options (the View menu): a logarithmic loss axis over every visible run, the
   * accuracy axis from 80 %, a stronger per-batch band for projectors. */
  properties[PROP_LOG_LOSS] =
    g_param_spec_boolean ("log-loss", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCURACY_TOP] =
    g_param_spec_boolean ("accuracy-top", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The runs, their labels, results or visibility changed (the runs table follows). */
  signals[RUNS_CHANGED] =
    g_signal_new ("runs-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "curveview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_curve_view_init (DtCurveView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_curve_run_free);
  self->smoothing = DEFAULT_SMOOTHING;
  self->next_number = 1;
  g_ptr_array_add (self->runs, dt_curve_run_new (NULL, self->smoothing));
  dt_curve_view_current_run (self)->number = self->next_number++;

  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Training curves"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No training data yet."),
                                  -1);
}

/* Public API -------------------------------------------------------------------------- */

GtkWidget *
dt_curve_view_new (void)
{
  return g_object_new (DT_TYPE_CURVE_VIEW, NULL);
}

double
dt_curve_view_get_smoothing (DtCurveView *self)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), 0);

  return self->smoothing;
}

void
dt_curve_view_set_smoothing (DtCurveView *self,
                             double       smoothing)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  smoothing = CLAMP (smoothing, 0, MAX_SMOOTHING);
  if (smoothing == self->smoothing)
    return;

  self->smoothing = smoothing;
  for (guint i = 0; i < self->runs->len; i++)
    dt_curve_run_set_smoothing (g_ptr_array_index (self->runs, i), smoothing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMOOTHING]);
  dt_curve_view_history_changed (self);
}

double
dt_curve_view_get_x_max (DtCurveView *self)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), 0);

  return self->x_max;
}

void
dt_curve_view_set_x_max (DtCurveView *self,
                         double       epochs)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  if (!isfinite (epochs) || epochs < 0)
    epochs = 0;
  if (epochs == self->x_max)
    return;

  self->x_max = epochs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_MAX]);
  dt_curve_view_history_changed (self);
}

/* The three display options share a setter: store, notify, redraw everything. */
static void
set_option (DtCurveView *self,
            gboolean    *field,
            gboolean     value,
            guint        prop)
{
  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  dt_curve_view_history_changed (self);
}

void
dt_curve_view_set_log_loss (DtCurveView *self,
                            gboolean     log_loss)
{
  set_option (self, &self->log_loss, log_loss, PROP_LOG_LOSS);
}

void
dt_curve_view_set_accuracy_top (DtCurveView *self,
                                gboolean     accuracy_top)
{
  set_option (self, &self->accuracy_top, accuracy_top, PROP_ACCURACY_TOP);
}

void
dt_curve_view_set_high_contrast (DtCurveView *self,
                                 gboolean     high_contrast)
{
  set_option (self, &self->high_contrast, high_contrast, PROP_HIGH_CONTRAST);
}
