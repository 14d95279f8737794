/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-keras.h"

#include <glib/gi18n.h>
#include <string.h>

#include "nn-dataset.h"
#include "nn-file.h"
#include "nn-npz.h"

NnTrainer *
dt_cli_trainer_from_npz (const char *path,
                         NnConfig   *config,
                         gboolean    hidden_given,
                         GError    **error)
{
  g_autoptr(NnTrainer) t = NULL;
  NnNet *net = nn_npz_load (path, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error);

  if (net == NULL)
    return NULL;
  if (hidden_given && config->n_hidden != net->n_hidden)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("%s holds a %d→%d→%d network; this run needs 784→%d→10"),
                   path, net->n_in, net->n_hidden, net->n_out, config->n_hidden);
      nn_net_free (net);
      return NULL;
    }
  config->n_hidden = net->n_hidden;
  t = nn_trainer_new (config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error);
  if (t != NULL)
    nn_net_copy_params (nn_trainer_get_net (t), net);
  nn_net_free (net);
  return g_steal_pointer (&t);
}

gboolean
dt_cli_write_keras_script (const char          *path,
                           const NnKerasScript *script,
                           GError             **error)
{
  g_autofree char *text = nn_keras_script (script);

  if (g_str_equal (path, "-"))
    {
      g_print ("%s", text);
      return TRUE;
    }
  return nn_file_replace (path, text, strlen (text), error);
}
