/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-preferences-window.h — the settings a lesson sets once (hidden units, seed, the MNIST
 * folder, smoothing), bound to GSettings; the rest is in the window's settings panel */
#pragma once

#include <adwaita.h>

#include "dt-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_PREFERENCES_WINDOW (dt_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DtPreferencesWindow, dt_preferences_window, DT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *dt_preferences_window_new          (GSettings           *settings);
/* The trainer whose network the hidden units and seed apply to at Reset: while they wait
 * for it, the window says so with a Reset button (the transient parent's win.reset). */
void       dt_preferences_window_set_trainer  (DtPreferencesWindow *self,
                                               DtTrainer           *trainer);

G_END_DECLS
