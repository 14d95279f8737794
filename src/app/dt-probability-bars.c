/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-probability-bars"

#include "config.h"

#include "dt-probability-bars.h"

#include <glib/gi18n.h>
#include <string.h>

#define N DT_PROBABILITY_BARS_N

struct _DtProbabilityBars
{
  GtkWidget parent_instance;

  gboolean  has_values;
  float     p[N];
  int       winner;
};

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

/* text at (x, y) in colour, right-aligned to x when align_right; returns its width */
static int
append_text (GtkWidget     *widget,
             GtkSnapshot   *snapshot,
             const char    *text,
             gboolean       bold,
             double         x,
             double         y_centre,
             gboolean       align_right,
             const GdkRGBA *colour)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (align_right ? x - w : x, y_centre - h / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
  return w;
}

static int
text_width (GtkWidget  *widget,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  g_object_unref (layout);
  return w;
}

static void
dt_probability_bars_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  DtProbabilityBars *self = DT_PROBABILITY_BARS (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double row = h / (double) N;
  /* columns: digit | bar | "100.0 %" */
  int label_w = text_width (widget, "8") + 8;
  int value_w = text_width (widget, "100.0 %") + 8;
  double bar_x = label_w, bar_w = w - label_w - value_w;
  double bar_h = MIN (row * 0.6, 18.0);
  GdkRGBA fg, dim, track, fill, accent;

  if (w <= 0 || h <= 0 || bar_w < 4)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  dim = track = fill = fg;
  dim.alpha *= 0.55f;
  track.alpha *= 0.08f;
  fill.alpha *= 0.45f;
  accent = theme_colour (widget, "accent_bg_color", fg);

  for (int k = 0; k < N; k++)
    {
      double yc = (k + 0.5) * row;
      gboolean win = self->has_values && k == self->winner;
      char digit[2] = { (char) ('0' + k), 0 };
      graphene_rect_t bar = GRAPHENE_RECT_INIT (bar_x, yc - bar_h / 2, bar_w, bar_h);

      append_text (widget, snapshot, digit, win, 0, yc, FALSE, win ? &fg : &dim);
      gtk_snapshot_append_color (snapshot, &track, &bar);
      if (!self->has_values)
        continue;
      bar.size.width = bar_w * CLAMP (self->p[k], 0.0f, 1.0f);
      gtk_snapshot_append_color (snapshot, win ? &accent : &fill, &bar);
      {
        g_autofree char *value = g_strdup_printf ("%.1f %%", 100.0 * self->p[k]);
        append_text (widget, snapshot, value, win, w, yc, TRUE, win ? &fg : &dim);
      }
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
      *minimum = 140;
      *natural = 240;
    }
  else
    {
      *minimum = N * 18;
      *natural = N * 24;
    }
}

static void
dt_probability_bars_class_init (DtProbabilityBarsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = dt_probability_bars_snapshot;
  widget_class->measure = dt_probability_bars_measure;
  gtk_widget_class_set_css_name (widget_class, "probabilitybars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
update_description (DtProbabilityBars *self)
{
  g_autofree char *text = NULL;

  if (!self->has_values)
    text = g_strdup (_("No prediction yet"));
  else
    /* TRANSLATORS: accessible description of the probability bars */
    text = g_strdup_printf (_("The network's prediction is %d, with probability %.0f %%"),
                            self->winner, 100.0 * self->p[self->winner]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
dt_probability_bars_init (DtProbabilityBars *self)
{
  self->winner = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Probability of each digit"), -1);
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
