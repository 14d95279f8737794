/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Draw, Evaluate and Inside pages ask of DtTrainer besides its snapshots (main
 * thread). */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

NnNet *
dt_trainer_dup_untrained_network (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);

  /* no step since Reset: the engine's weights are the seed's, and no worker writes them */
  if (self->thread != NULL || nn_trainer_get_iterations (self->nn) != 0)
    return NULL;
  return nn_net_dup (nn_trainer_get_net (self->nn));
}

DtData *
dt_trainer_ref_data (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data != NULL ? dt_trainer_data_ref (self->data) : NULL;
}
