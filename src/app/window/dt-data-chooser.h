/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-data-chooser.h — the "Choose the MNIST Folder" dialog, shared by the window's empty
 * state and the preferences, and the preferences' choice of dataset */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows a modal folder chooser over parent that stores the folder the user accepts in
 * settings' "data-dir" key.  *chooser holds the open dialog (any dialog there before is
 * dropped) and is cleared when it answers; the caller destroys one still open in its
 * dispose. */
void dt_data_chooser_ask (GtkWindow             *parent,
                          GSettings             *settings,
                          GtkFileChooserNative **chooser);

/* A preferences group with one row that chooses settings' "dataset" (MNIST or
 * Fashion-MNIST) and says what a change does, or that Fashion-MNIST is not installed. */
GtkWidget *dt_data_chooser_new_dataset_group (GSettings *settings);

G_END_DECLS
