/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-accessible.h — accessible names that GTK 4.8 gets wrong on its own */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives every button under root (root included) whose label has a mnemonic the plain label
 * text as its one accessible name.  Call after gtk_widget_init_template. */
void dt_accessible_fix_mnemonic_buttons (GtkWidget *root);

G_END_DECLS
