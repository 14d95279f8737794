/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-state.c — DtWindow's size, maximized state and pane position, kept in GSettings
 * between runs. */
#define G_LOG_DOMAIN "dt-window"

#include "config.h"

#include "dt-window-private.h"

#include "dt-settings.h"

void
dt_window_restore_state (DtWindow *self)
{
  int position = g_settings_get_int (self->settings, "pane-position");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  /* -1: the user never moved the divider, so the layout decides */
  if (position >= 0)
    gtk_paned_set_position (self->paned, position);
}

/* Out-of-range values would make g_settings_set_int() fail loudly: keep to the schema. */
static void
set_int_clamped (GSettings  *settings,
                 const char *key,
                 int         value)
{
  double min, max;

  if (dt_settings_get_range (settings, key, &min, &max))
    value = CLAMP (value, (int) min, (int) max);
  g_settings_set_int (settings, key, value);
}

void
dt_window_save_state (DtWindow *self)
{
  gboolean position_set = FALSE;
  int width = 0, height = 0;

  /* GTK keeps the default size at the user's last unmaximized size */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    {
      set_int_clamped (self->settings, "window-width", width);
      set_int_clamped (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_object_get (self->paned, "position-set", &position_set, NULL);
  if (position_set)
    set_int_clamped (self->settings, "pane-position", gtk_paned_get_position (self->paned));
}
