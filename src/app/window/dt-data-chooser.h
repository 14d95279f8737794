/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-data-chooser.h — the "Choose the MNIST Folder" dialog, shared by the window's empty
 * state and the preferences */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A modal folder chooser over parent, not yet shown; the caller owns it. */
GtkFileChooserNative *dt_data_chooser_new   (GtkWindow            *parent);
/* From a "response" handler: stores the chosen folder in the "data-dir" key when the user
 * accepted one. */
void                  dt_data_chooser_store (GtkFileChooserNative *chooser,
                                             int                   response,
                                             GSettings            *settings);

G_END_DECLS
