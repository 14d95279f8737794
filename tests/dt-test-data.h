/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes a tiny learnable MNIST look-alike (raw IDX: digit d is a bright band at rows
 * 2d…2d+5 plus noise) into a new temporary folder and returns its path.  n_train and
 * n_test items. */
char *dt_test_make_dataset    (guint       n_train,
                               guint       n_test);
/* Deletes the folder made above. */
void  dt_test_remove_dataset  (const char *dir);
/* Sets $XDG_DATA_HOME to a new empty folder and unsets $MNIST_DIR, so that the default
 * MNIST lookup cannot find this machine's real data.  Returns the folder, for g_rmdir. */
char *dt_test_hide_real_mnist (void);

/* The app's settings with every key at its default (a new handle on the memory backend). */
GSettings *dt_test_fresh_settings (void);

G_END_DECLS
