/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SIGINT (Ctrl+C) and SIGTERM during a training run: the handler only raises a flag that
 * the trainer reads before every batch (NnCallbacks.cancel), so the run stops between
 * batches with its files consistent; a second signal ends the program at once. */

void        dt_cli_stop_install (void);
/* The flag for NnCallbacks.cancel. */
const gint *dt_cli_stop_flag    (void);
/* The signal that asked to stop, or 0. */
int         dt_cli_stop_signal  (void);
/* Says on one line which signal stopped the run (and, with save_path, that this file was
 * left as it was), and returns the exit status a shell expects: 128 + the signal, so
 * 130 for SIGINT and 143 for SIGTERM. */
int         dt_cli_stop_report  (const char *save_path);

G_END_DECLS
