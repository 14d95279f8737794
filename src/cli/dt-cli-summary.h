/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keras's model.summary() for Dense → Activation → Dense → Activation. */
char *dt_cli_summary (int n_in,
                      int n_hidden,
                      int n_out);

G_END_DECLS
