/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-zoom.h"

#include <math.h>

/* GtkSettings:gtk-xft-dpi is in 1/1024 dots per inch; -1 means "unset", i.e. 96 dpi. */
#define DPI_UNIT     1024
#define DEFAULT_DPI  96
/* Two zoom levels closer than this are the same level. */
#define LEVEL_SLACK  1e-3

static const double levels[] = { 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0 };

static double zoom = 1.0;
static int    base_dpi;      /* the desktop's resolution, before the zoom; 0: not read yet */
static int    applied_dpi;   /* what the zoom last set */

/* The desktop may change its resolution (text scaling) while the app runs: a value the zoom
 * did not set becomes the new base. */
static void
dpi_changed_cb (GtkSettings *settings)
{
  int dpi;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi == applied_dpi)
    return;
  base_dpi = dpi > 0 ? dpi : DEFAULT_DPI * DPI_UNIT;
  dt_zoom_set (zoom);
}

void
dt_zoom_set (double factor)
{
  GtkSettings *settings = gtk_settings_get_default ();

  zoom = CLAMP (isfinite (factor) ? factor : 1.0, DT_ZOOM_MIN, DT_ZOOM_MAX);
  if (settings == NULL)
    return;
  if (base_dpi == 0)
    {
      int dpi;

      g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
      base_dpi = dpi > 0 ? dpi : DEFAULT_DPI * DPI_UNIT;
      g_signal_connect (settings, "notify::gtk-xft-dpi", G_CALLBACK (dpi_changed_cb), NULL);
    }
  applied_dpi = (int) lround (base_dpi * zoom);
  g_object_set (settings, "gtk-xft-dpi", applied_dpi, NULL);
}

double
dt_zoom_get (void)
{
  return zoom;
}

double
dt_zoom_step (double factor,
              int    direction)
{
  if (direction > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
        if (levels[i] > factor + LEVEL_SLACK)
          return levels[i];
      return DT_ZOOM_MAX;
    }
  for (guint i = G_N_ELEMENTS (levels); i-- > 0;)
    if (levels[i] < factor - LEVEL_SLACK)
      return levels[i];
  return DT_ZOOM_MIN;
}
