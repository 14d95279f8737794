/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-curve-theme"

#include "config.h"

#include "dt-curve-theme.h"

#include <adwaita.h>

/* Above this luminance the foreground is light text, so the background is dark. */
#define LIGHT_TEXT_LUMINANCE  0.5
/* A style's background colour counts only when it is (nearly) opaque. */
#define OPAQUE_ALPHA          0.9

/* GNOME palette: a darker shade where the background is light, a lighter one where it is
 * dark, so every series keeps its contrast in both styles. */
static const struct { const char *light, *dark; } palette[] = {
  { "#9141ac", "#c061cb" },   /* purple */
  { "#26a269", "#57e389" },   /* green */
  { "#865e3c", "#cdab8f" },   /* brown */
  { "#c01c28", "#f66151" },   /* red */
  { "#c88800", "#f6d32d" },   /* yellow */
  { "#d6388c", "#f48fc1" },   /* pink */
};
G_STATIC_ASSERT (G_N_ELEMENTS (palette) >= DT_CURVE_MAX_EARLIER_RUNS);

void
dt_curve_theme_init (DtCurveTheme  *theme,
                     const GdkRGBA *fg)
{
  double luminance = 0.2126 * fg->red + 0.7152 * fg->green + 0.0722 * fg->blue;

  theme->fg = *fg;
  theme->dark = luminance > LIGHT_TEXT_LUMINANCE;
  /* Adwaita's view backgrounds; only used for halos and exports. */
  gdk_rgba_parse (&theme->bg, theme->dark ? "#1e1e1e" : "#ffffff");
  theme->fill_background = FALSE;
}

void
dt_curve_theme_init_from_widget (DtCurveTheme *theme,
                                 GtkWidget    *widget)
{
  GtkStyleContext *context = NULL;
  GdkRGBA fg, bg;

  if (gtk_widget_get_root (widget) != NULL)
    {
      context = gtk_widget_get_style_context (widget);
      gtk_style_context_get_color (context, &fg);
    }
  else
    {
      /* Outside a window (an export from a widget never shown) CSS gives the initial white;
       * use the foreground the app's style would give instead. */
      gboolean dark = FALSE;

      if (adw_is_initialized ())
        dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      else
        g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark,
                      NULL);
      gdk_rgba_parse (&fg, dark ? "#ffffff" : "rgba(0,0,0,0.8)");
    }
  dt_curve_theme_init (theme, &fg);

  /* Halos behind labels and dots should match what the widget sits on: libadwaita calls it
   * window_bg_color, GTK's own Adwaita theme_bg_color. */
  if (context != NULL &&
      (gtk_style_context_lookup_color (context, "window_bg_color", &bg) ||
       gtk_style_context_lookup_color (context, "theme_bg_color", &bg)) &&
      bg.alpha > OPAQUE_ALPHA)
    theme->bg = bg;
}

void
dt_curve_theme_run_color (const DtCurveTheme *theme,
                          const DtCurveRun   *run,
                          gboolean            current,
                          GdkRGBA            *color)
{
  if (current)
    gdk_rgba_parse (color, theme->dark ? "#62a0ea" : "#1c71d8");   /* blue */
  else
    {
      guint slot = run->palette_index % G_N_ELEMENTS (palette);

      gdk_rgba_parse (color, theme->dark ? palette[slot].dark : palette[slot].light);
    }
}

void
dt_curve_theme_test_color (const DtCurveTheme *theme,
                           GdkRGBA            *color)
{
  gdk_rgba_parse (color, theme->dark ? "#ffa348" : "#e66100");     /* orange */
}

void
dt_curve_theme_val_color (const DtCurveTheme *theme,
                          GdkRGBA            *color)
{
  gdk_rgba_parse (color, theme->dark ? "#5fd3c8" : "#0f7b73");     /* teal */
}
