/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-signed-bars"

#include "config.h"

#include "dt-signed-bars.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-palette.h"
#include "dt-text.h"
#include "nn-eval.h"
#include "dt-zoom.h"

#define N             DT_SIGNED_BARS_N
#define GAP           6.0
#define BAR_FRACTION  0.6     /* of a row's height */
#define AXIS_ALPHA    0.4f
#define ROW_LINES     1.3     /* a row's natural height, in text lines */

struct _DtSignedBars
{
  GtkWidget parent_instance;

  gboolean  has_values;
  float     values[N];
  float     scale;
};

G_DEFINE_FINAL_TYPE (DtSignedBars, dt_signed_bars, GTK_TYPE_WIDGET)

static void
draw_row (DtSignedBars    *self,
          cairo_t         *cr,
          PangoLayout     *layout,
          const DtPalette *palette,
          int              k,
          double           centre,
          double           half,
          double           row)
{
  float v = self->values[k];
  double len = half * CLAMP (v / self->scale, -1.0f, 1.0f);
  double yc = (k + 0.5) * row, bar_h = row * BAR_FRACTION;
  g_autofree char *text = dt_palette_format_value (v);
  GdkRGBA colour = v >= 0 ? palette->positive : palette->negative;

  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_rectangle (cr, MIN (centre, centre + len), yc - bar_h / 2, ABS (len), bar_h);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, &palette->fg);
  /* the value beside the bar's end, inside the row's half that has room */
  if (v >= 0)
    dt_text_show (cr, layout, text, centre - GAP, yc, 1, 0.5);
  else
    dt_text_show (cr, layout, text, centre + GAP, yc, 0, 0.5);
}

static void
dt_signed_bars_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  DtSignedBars *self = DT_SIGNED_BARS (widget);
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 0.85);
  g_autoptr(PangoLayout) digits = dt_text_layout_new (pango, FALSE, 1);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double digit_w, row = h / (double) N, centre, half;
  DtPalette palette;
  GdkRGBA axis;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  digit_w = dt_class_names_measure (digits, NULL);
  centre = digit_w + GAP + (w - digit_w - GAP) / 2;
  half = (w - digit_w - GAP) / 2;
  dt_palette_init_from_widget (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_cairo_set_source_rgba (cr, &palette.fg);
  for (int k = 0; k < N; k++)
    {
      dt_text_show (cr, digits, dt_class_name (k), 0, (k + 0.5) * row, 0, 0.5);
    }
  for (int k = 0; self->has_values && k < N; k++)
    draw_row (self, cr, layout, &palette, k, centre, half, row);
  axis = palette.fg;
  axis.alpha *= AXIS_ALPHA;
  gdk_cairo_set_source_rgba (cr, &axis);
  cairo_set_line_width (cr, dt_zoom_get ());
  cairo_move_to (cr, floor (centre) + 0.5, 0);
  cairo_line_to (cr, floor (centre) + 0.5, h);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
dt_signed_bars_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = dt_text_layout_new (pango, FALSE, 1);
  double w, h;

  dt_text_measure (layout, "−0.000", &w, &h);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (4 * w);
      *natural = (int) (6 * w);
    }
  else
    {
      *minimum = (int) (N * h);
      *natural = (int) (N * h * ROW_LINES);
    }
}

static void
dt_signed_bars_class_init (DtSignedBarsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = dt_signed_bars_snapshot;
  widget_class->measure = dt_signed_bars_measure;
  gtk_widget_class_set_css_name (widget_class, "signedbars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dt_signed_bars_init (DtSignedBars *self)
{
  self->scale = 1;
}

GtkWidget *
dt_signed_bars_new (void)
{
  return g_object_new (DT_TYPE_SIGNED_BARS, NULL);
}

static void
update_description (DtSignedBars *self)
{
  GString *s = g_string_new (NULL);

  for (int k = 0; self->has_values && k < N; k++)
    {
      g_autofree char *value = dt_palette_format_value (self->values[k]);

      g_string_append_printf (s, "%s%s: %s", k > 0 ? "; " : "", dt_class_name (k), value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  s->str, -1);
  g_string_free (s, TRUE);
}

void
dt_signed_bars_set_values (DtSignedBars *self,
                           const float  *values,
                           float         scale)
{
  g_return_if_fail (DT_IS_SIGNED_BARS (self));

  self->has_values = values != NULL;
  if (values != NULL)
    {
      memcpy (self->values, values, sizeof self->values);
      if (!(scale > 0))
        scale = nn_max_abs (values, N);
      self->scale = scale > 0 ? scale : 1;
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
dt_signed_bars_get_values (DtSignedBars *self,
                           float        *values)
{
  g_return_val_if_fail (DT_IS_SIGNED_BARS (self), FALSE);
  if (self->has_values)
    memcpy (values, self->values, sizeof self->values);
  return self->has_values;
}
