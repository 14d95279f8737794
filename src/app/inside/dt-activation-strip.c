/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-activation-strip"

#include "config.h"

#include "dt-activation-strip.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-palette.h"

#define MIN_CELL     6.0     /* a unit's cell: no narrower … */
#define MAX_CELL     20.0    /* … and no wider; */
#define CELL_H       14.0    /* its height is fixed, so more width never means more height */
#define GAP          1.0
#define OUTLINE_ALPHA 0.3f
#define NATURAL_UNITS 32

struct _DtActivationStrip
{
  GtkWidget parent_instance;

  GArray   *values;   /* float */
  float     max;
};

G_DEFINE_FINAL_TYPE (DtActivationStrip, dt_activation_strip, GTK_TYPE_WIDGET)

/* Cells a row and their side for width w. */
static void
layout (DtActivationStrip *self,
        double             w,
        int               *cols,
        double            *cell)
{
  int n = MAX ((int) self->values->len, 1);

  *cols = MIN (n, MAX ((int) floor ((w + GAP) / (MIN_CELL + GAP)), 1));
  *cell = MIN (floor ((w + GAP) / *cols) - GAP, MAX_CELL);
}

static void
dt_activation_strip_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  DtActivationStrip *self = DT_ACTIVATION_STRIP (widget);
  int n = (int) self->values->len, cols;
  double cell;
  DtPalette palette;
  GdkRGBA outline;

  if (n == 0)
    return;
  layout (self, gtk_widget_get_width (widget), &cols, &cell);
  dt_palette_init_from_widget (&palette, widget);
  outline = palette.fg;
  outline.alpha *= OUTLINE_ALPHA;
  for (int u = 0; u < n; u++)
    {
      float v = g_array_index (self->values, float, u);
      graphene_rect_t r = GRAPHENE_RECT_INIT ((u % cols) * (cell + GAP),
                                              (u / cols) * (CELL_H + GAP), cell, CELL_H);
      GdkRGBA c;
      GskRoundedRect rr;
      float widths[4] = { 1, 1, 1, 1 };

      dt_palette_color (&palette, v, self->max, &c);
      gtk_snapshot_append_color (snapshot, &c, &r);
      gsk_rounded_rect_init_from_rect (&rr, &r, 0);
      gtk_snapshot_append_border (snapshot, &rr, widths,
                                  (GdkRGBA[]) { outline, outline, outline, outline });
    }
}

static GtkSizeRequestMode
dt_activation_strip_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dt_activation_strip_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  DtActivationStrip *self = DT_ACTIVATION_STRIP (widget);
  int n = MAX ((int) self->values->len, NATURAL_UNITS), cols;
  double cell;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (4 * (MIN_CELL + GAP));
      *natural = (int) (MIN (n, NATURAL_UNITS) * (MIN_CELL + GAP));
      return;
    }
  /* without a width, the rows of the narrowest one */
  layout (self, for_size > 0 ? for_size : 4 * (MIN_CELL + GAP), &cols, &cell);
  *minimum = *natural = (int) (((MAX ((int) self->values->len, 1) + cols - 1) / cols) *
                               (CELL_H + GAP));
}

static gboolean
query_tooltip_cb (GtkWidget         *widget,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip,
                  DtActivationStrip *self)
{
  int cols, u;
  double cell;
  g_autofree char *text = NULL;

  if (keyboard || self->values->len == 0)
    return FALSE;
  layout (self, gtk_widget_get_width (widget), &cols, &cell);
  u = (int) (y / (CELL_H + GAP)) * cols + (int) (x / (cell + GAP));
  if (x < 0 || (int) (x / (cell + GAP)) >= cols || u < 0 || u >= (int) self->values->len)
    return FALSE;
  /* TRANSLATORS: a hidden unit's activation for the drawn digit */
  text = g_strdup_printf (_("Unit %d: %.2f"), u, g_array_index (self->values, float, u));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
dt_activation_strip_finalize (GObject *object)
{
  g_array_unref (DT_ACTIVATION_STRIP (object)->values);
  G_OBJECT_CLASS (dt_activation_strip_parent_class)->finalize (object);
}

static void
dt_activation_strip_class_init (DtActivationStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dt_activation_strip_finalize;
  widget_class->snapshot = dt_activation_strip_snapshot;
  widget_class->measure = dt_activation_strip_measure;
  widget_class->get_request_mode = dt_activation_strip_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "activationstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_activation_strip_init (DtActivationStrip *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (float));
  self->max = 1;
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hidden units' activations"), -1);
}

GtkWidget *
dt_activation_strip_new (void)
{
  return g_object_new (DT_TYPE_ACTIVATION_STRIP, NULL);
}

void
dt_activation_strip_set_values (DtActivationStrip *self,
                                const float       *values,
                                int                n)
{
  guint before;
  g_autofree char *text = NULL;

  g_return_if_fail (DT_IS_ACTIVATION_STRIP (self));

  before = self->values->len;
  g_array_set_size (self->values, 0);
  if (values != NULL)
    g_array_append_vals (self->values, values, n);
  self->max = 0;
  for (guint u = 0; u < self->values->len; u++)
    self->max = MAX (self->max, g_array_index (self->values, float, u));
  self->max = self->max > 0 ? self->max : 1;
  /* TRANSLATORS: the activation strip's accessible description */
  text = g_strdup_printf (_("%d of %u units active"), dt_activation_strip_get_n_active (self),
                          self->values->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  if (before != self->values->len)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const float *
dt_activation_strip_get_values (DtActivationStrip *self,
                                int               *n)
{
  g_return_val_if_fail (DT_IS_ACTIVATION_STRIP (self), NULL);
  *n = (int) self->values->len;
  return self->values->len > 0 ? (const float *) self->values->data : NULL;
}

int
dt_activation_strip_get_n_active (DtActivationStrip *self)
{
  int n = 0;

  g_return_val_if_fail (DT_IS_ACTIVATION_STRIP (self), 0);
  for (guint u = 0; u < self->values->len; u++)
    n += g_array_index (self->values, float, u) > 0;
  return n;
}
