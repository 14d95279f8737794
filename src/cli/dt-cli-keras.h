/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-keras-script.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

/* --load-npz: a trainer with config's settings whose network is the one in the .npz
 * (nn-npz.h), its hidden size taken from the file; refused when config->n_hidden was set
 * (hidden_given) to another size. */
NnTrainer *dt_cli_trainer_from_npz (const char          *path,
                                    NnConfig            *config,
                                    gboolean             hidden_given,
                                    GError             **error);
/* --keras-script: the script written to path, or to standard output for "-". */
gboolean   dt_cli_write_keras_script (const char          *path,
                                      const NnKerasScript *script,
                                      GError             **error);

G_END_DECLS
