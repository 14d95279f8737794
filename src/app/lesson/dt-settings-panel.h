/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-settings-panel.h — the lesson's settings on the window: pace, RMSprop, batches, presets
 *
 * Every number is a slider with an exact entry (dt-number-row.h), bound to the app's
 * GSettings; the RMSprop form (Keras 2 or 3) is the key keras-version.  Nothing typed is
 * lost: entries apply on Enter, on leaving them and when the panel closes
 * (dt_settings_panel_commit). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DT_TYPE_SETTINGS_PANEL (dt_settings_panel_get_type ())
G_DECLARE_FINAL_TYPE (DtSettingsPanel, dt_settings_panel, DT, SETTINGS_PANEL, AdwBin)

/* The pace's stops, slowest first; 0 is full speed (batches per second). */
#define DT_PACE_STOPS { 2, 5, 10, 20, 50, 100, 200, 0 }

GtkWidget *dt_settings_panel_new             (void);
/* Binds the panel to settings (once). */
void       dt_settings_panel_set_settings    (DtSettingsPanel *self,
                                              GSettings       *settings);
/* Applies every entry and slider the settings do not hold yet.  FALSE when some text could
 * not be applied (it stays in its entry, marked); *message (may be NULL) then says which. */
gboolean   dt_settings_panel_commit          (DtSettingsPanel *self,
                                              char           **message);
/* Training samples per epoch, for the pace's "2 epochs in about 1:15". */
void       dt_settings_panel_set_train_size  (DtSettingsPanel *self,
                                              gsize            n);

G_END_DECLS
