/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-preferences-window.h — the training settings, bound to GSettings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DT_TYPE_PREFERENCES_WINDOW (dt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, DT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *dt_preferences_window_new (GSettings *settings);

G_END_DECLS
