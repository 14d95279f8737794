/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-probability-bars"

#include "config.h"

#include "dt-probability-bars.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-text.h"

#define N DT_PROBABILITY_BARS_N

/* Rows: a bar takes part of its row's height, up to a maximum, so bars stay bars on a tall
 * window; it is drawn only when there is some width for it. */
#define BAR_ROW_FRACTION   0.6
#define BAR_MAX_HEIGHT     18.0
#define MIN_BAR_WIDTH      4
/* Between the digit, its bar and its value. */
#define COLUMN_GAP         8
/* The answer stands out: other digits and values are dimmed, bars filled faintly over a
 * fainter track. */
#define DIM_ALPHA          0.55f
#define TRACK_ALPHA        0.08f
#define FILL_ALPHA         0.45f
/* Size requests: room for the three columns, and rows tall enough for a line of text. */
#define MIN_WIDTH          140
#define NATURAL_WIDTH      240
#define MIN_ROW_HEIGHT     18
#define NATURAL_ROW_HEIGHT 24

#define UNTRAINED_ALPHA    0.55f   /* the untrained network's bars: there, but not to be trusted */
#define CHOSEN_FRAME_ALPHA 0.6f

struct _DtProbabilityBars
{
  GtkWidget parent_instance;

  gboolean  has_values;
  float     p[N];
  int       winner;
  int       chosen;
  gboolean  untrained;
};

enum
{
  PROP_0,
  PROP_CHOSEN,
  PROP_UNTRAINED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DtProbabilityBars, dt_probability_bars, GTK_TYPE_WIDGET)

static GdkRGBA
theme_colour (GtkWidget  *widget,
              const char *name,
              GdkRGBA     fallback)
{
  GdkRGBA c;

  if (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &c))
    return c;
  return fallback;
}

static void
append_frame (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              const GdkRGBA         *fg)
{
  GdkRGBA c = *fg;
  GskRoundedRect r;
  float widths[4] = { 1, 1, 1, 1 };

  c.alpha *= CHOSEN_FRAME_ALPHA;
  gsk_rounded_rect_init_from_rect (&r, rect, 3);
  gtk_snapshot_append_border (snapshot, &r, widths, (GdkRGBA[]) { c, c, c, c });
}

static void
dt_probability_bars_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  DtProbabilityBars *self = DT_PROBABILITY_BARS (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) text = dt_text_layout_new (pango, FALSE, 1);
  g_autoptr(PangoLayout) bold = dt_text_layout_new (pango, TRUE, 1);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double row = h / (double) N;
  double label_w, value_w, bar_x, bar_w, bar_h;
  GdkRGBA fg, dim, track, fill, accent;

  /* columns: class name (the digit, or the clothing) | bar | "100.0 %" */
  label_w = dt_class_names_measure (text, NULL);
  dt_text_measure (text, "100.0 %", &value_w, NULL);
  label_w += COLUMN_GAP;
  value_w += COLUMN_GAP;
  bar_x = label_w;
  bar_w = w - label_w - value_w;
  bar_h = MIN (row * BAR_ROW_FRACTION, BAR_MAX_HEIGHT);
  if (w <= 0 || h <= 0 || bar_w < MIN_BAR_WIDTH)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = track = fill = fg;
  dim.alpha *= DIM_ALPHA;
  track.alpha *= TRACK_ALPHA;
  fill.alpha *= FILL_ALPHA;
  accent = theme_colour (widget, "accent_bg_color", fg);
  if (self->untrained)
    {
      accent.alpha *= UNTRAINED_ALPHA;
      fill.alpha *= UNTRAINED_ALPHA;
    }

  for (int k = 0; k < N; k++)
    {
      double yc = (k + 0.5) * row;
      gboolean win = self->has_values && k == self->winner;
      graphene_rect_t bar = GRAPHENE_RECT_INIT (bar_x, yc - bar_h / 2, bar_w, bar_h);
      g_autofree char *value = NULL;

      dt_text_append (snapshot, win ? bold : text, dt_class_name (k), 0, yc, 0, 0.5,
                      win ? &fg : &dim);
      if (k == self->chosen)
        append_frame (snapshot, &GRAPHENE_RECT_INIT (0, k * row, w, row), &fg);
      gtk_snapshot_append_color (snapshot, &track, &bar);
      if (!self->has_values)
        continue;
      bar.size.width = bar_w * CLAMP (self->p[k], 0.0f, 1.0f);
      gtk_snapshot_append_color (snapshot, win ? &accent : &fill, &bar);
      value = g_strdup_printf ("%.1f %%", 100.0 * self->p[k]);
      dt_text_append (snapshot, win ? bold : text, value, w, yc, 1, 0.5, win ? &fg : &dim);
    }
}

static void
dt_probability_bars_measure (GtkWidget      *widget,
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
      *minimum = N * MIN_ROW_HEIGHT;
      *natural = N * NATURAL_ROW_HEIGHT;
    }
}

static void
dt_probability_bars_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DtProbabilityBars *self = DT_PROBABILITY_BARS (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_int (value, self->chosen);
      break;
    case PROP_UNTRAINED:
      g_value_set_boolean (value, self->untrained);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_probability_bars_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DtProbabilityBars *self = DT_PROBABILITY_BARS (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      dt_probability_bars_set_chosen (self, g_value_get_int (value));
      break;
    case PROP_UNTRAINED:
      dt_probability_bars_set_untrained (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dt_probability_bars_class_init (DtProbabilityBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dt_probability_bars_get_property;
  object_class->set_property = dt_probability_bars_set_property;
  widget_class->snapshot = dt_probability_bars_snapshot;
  widget_class->measure = dt_probability_bars_measure;
  properties[PROP_CHOSEN] =
    g_param_spec_int ("chosen", NULL, NULL, -1, N - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNTRAINED] =
    g_param_spec_boolean ("untrained", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "probabilitybars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

/* A click on a row chooses its digit (or unchooses it). */
static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            DtProbabilityBars *self)
{
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  int k = h > 0 ? (int) (y / (h / (double) N)) : -1;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (k >= 0 && k < N)
    dt_probability_bars_set_chosen (self, k == self->chosen ? -1 : k);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DtProbabilityBars     *self)
{
  int k = self->chosen >= 0 ? self->chosen : MAX (self->winner, 0);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    k = (int) (keyval - GDK_KEY_0);
  else if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    k = (int) (keyval - GDK_KEY_KP_0);
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    k = self->chosen >= 0 ? MAX (k - 1, 0) : k;
  else if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    k = self->chosen >= 0 ? MIN (k + 1, N - 1) : k;
  else if (keyval == GDK_KEY_Escape && self->chosen >= 0)
    k = -1;
  else
    return FALSE;
  dt_probability_bars_set_chosen (self, k);
  return TRUE;
}

static void
update_description (DtProbabilityBars *self)
{
  g_autofree char *text = NULL;

  if (!self->has_values)
    text = g_strdup (_("No prediction yet"));
  else if (self->chosen >= 0)
    /* TRANSLATORS: accessible description of the probability bars with a digit chosen */
    text = g_strdup_printf (_("The network's prediction is %s, with probability %.0f %%; "
                              "%s is chosen, with probability %.0f %%"),
                            dt_class_name (self->winner), 100.0 * self->p[self->winner],
                            dt_class_name (self->chosen),
                            100.0 * self->p[self->chosen]);
  else
    /* TRANSLATORS: accessible description of the probability bars */
    text = g_strdup_printf (_("The network's prediction is %s, with probability %.0f %%"),
                            dt_class_name (self->winner), 100.0 * self->p[self->winner]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
dt_probability_bars_init (DtProbabilityBars *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Click a digit (or type it) to see the evidence for it"));
  self->winner = -1;
  self->chosen = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Probability of each class"), -1);
  update_description (self);
}

GtkWidget *
dt_probability_bars_new (void)
{
  return g_object_new (DT_TYPE_PROBABILITY_BARS, NULL);
}

void
dt_probability_bars_set_probabilities (DtProbabilityBars *self,
                                       const float       *p)
{
  g_return_if_fail (DT_IS_PROBABILITY_BARS (self));

  if (p == NULL && !self->has_values)
    return;
  if (p != NULL && self->has_values && memcmp (p, self->p, sizeof self->p) == 0)
    return;
  self->has_values = p != NULL;
  self->winner = -1;
  if (p != NULL)
    {
      memcpy (self->p, p, sizeof self->p);
      self->winner = 0;
      for (int k = 1; k < N; k++)
        if (p[k] > p[self->winner])
          self->winner = k;
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dt_probability_bars_get_probabilities (DtProbabilityBars *self,
                                       float             *p)
{
  g_return_val_if_fail (DT_IS_PROBABILITY_BARS (self), FALSE);

  if (self->has_values)
    memcpy (p, self->p, sizeof self->p);
  else
    memset (p, 0, sizeof self->p);
  return self->has_values;
}

int
dt_probability_bars_get_winner (DtProbabilityBars *self)
{
  g_return_val_if_fail (DT_IS_PROBABILITY_BARS (self), -1);

  return self->winner;
}

void
dt_probability_bars_set_chosen (DtProbabilityBars *self,
                                int                digit)
{
  g_return_if_fail (DT_IS_PROBABILITY_BARS (self));

  digit = digit >= 0 && digit < N ? digit : -1;
  if (digit == self->chosen)
    return;
  self->chosen = digit;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

int
dt_probability_bars_get_chosen (DtProbabilityBars *self)
{
  g_return_val_if_fail (DT_IS_PROBABILITY_BARS (self), -1);
  return self->chosen;
}

void
dt_probability_bars_set_untrained (DtProbabilityBars *self,
                                   gboolean           untrained)
{
  g_return_if_fail (DT_IS_PROBABILITY_BARS (self));

  untrained = !!untrained;
  if (untrained == self->untrained)
    return;
  self->untrained = untrained;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNTRAINED]);
}

double
dt_probability_bars_row_center (DtProbabilityBars *self,
                                int                digit)
{
  g_return_val_if_fail (DT_IS_PROBABILITY_BARS (self), 0);
  return (digit + 0.5) * gtk_widget_get_height (GTK_WIDGET (self)) / (double) N;
}
