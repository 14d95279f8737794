/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtTrainer's lesson controls: the pace, pausing, single steps, and model files. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

#include <glib/gi18n.h>

#include "nn-model-file.h"
#include "nn-npz.h"

void
dt_trainer_set_pace (DtTrainer *self,
                     double     batches_per_second)
{
  g_return_if_fail (DT_IS_TRAINER (self));

  self->pace = MAX (batches_per_second, 0.0);
  dt_trainer_shared_set_pace (self->shared, self->pace);
}

double
dt_trainer_get_pace (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0.0);
  return self->pace;
}

void
dt_trainer_set_paused (DtTrainer *self,
                       gboolean   paused)
{
  g_return_if_fail (DT_IS_TRAINER (self));

  if (self->thread == NULL)
    return;
  dt_trainer_set_paused_flag (self, paused);
}

gboolean
dt_trainer_get_paused (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  return self->paused;
}

gboolean
dt_trainer_step (DtTrainer  *self,
                 GError    **error)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);

  if (self->thread == NULL)
    return dt_trainer_start (self, TRUE, error);
  if (!self->paused)
    dt_trainer_set_paused_flag (self, TRUE);
  dt_trainer_shared_grant_step (self->shared);
  return TRUE;
}

static gboolean
check_idle (DtTrainer  *self,
            GError    **error)
{
  if (self->thread == NULL)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                       _("Stop training before saving or opening a model"));
  return FALSE;
}

gboolean
dt_trainer_save_model (DtTrainer   *self,
                       const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return check_idle (self, error) && nn_model_save (self->nn, path, error);
}

gboolean
dt_trainer_load_model (DtTrainer   *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(NnTrainer) loaded = NULL;
  const NnConfig *config;
  gboolean needed;

  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_idle (self, error) || (loaded = nn_model_load (path, error)) == NULL)
    return FALSE;
  config = nn_trainer_get_config (loaded);
  if (nn_trainer_get_net (loaded)->n_in != NN_IMAGE_PIXELS ||
      nn_trainer_get_net (loaded)->n_out != NN_DATASET_CLASSES)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("“%s” is not a network for 28×28 digits (%d inputs, %d outputs)"), name,
                   nn_trainer_get_net (loaded)->n_in, nn_trainer_get_net (loaded)->n_out);
      return FALSE;
    }
  needed = dt_trainer_get_needs_reset (self);
  /* the run's engine settings stay the app's (engine, threads); the model brings the rest */
  {
    NnConfig c = *config;

    c.dense = nn_trainer_get_config (self->nn)->dense;
    c.n_threads = nn_trainer_get_config (self->nn)->n_threads;
    if (!nn_trainer_configure (loaded, &c, error))
      return FALSE;
  }
  dt_trainer_replace_weights (self, g_steal_pointer (&loaded), needed);
  return TRUE;
}

gboolean
dt_trainer_export_npz (DtTrainer   *self,
                       const char  *path,
                       GError     **error)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return check_idle (self, error) && nn_npz_save (nn_trainer_get_net (self->nn), path, error);
}

gboolean
dt_trainer_import_npz (DtTrainer   *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(NnTrainer) made = NULL;
  NnNet *net = NULL;
  NnConfig c;
  gboolean needed;

  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_idle (self, error) ||
      (net = nn_npz_load (path, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error)) == NULL)
    return FALSE;
  c = *nn_trainer_get_config (self->nn);
  c.n_hidden = net->n_hidden;
  made = nn_trainer_new (&c, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error);
  if (made != NULL)
    nn_net_copy_params (nn_trainer_get_net (made), net);
  nn_net_free (net);
  if (made == NULL)
    return FALSE;
  needed = dt_trainer_get_needs_reset (self);
  /* trained elsewhere: no iterations here, yet these weights are what to draw against */
  self->publish_new_weights = TRUE;
  dt_trainer_replace_weights (self, g_steal_pointer (&made), needed);
  self->publish_new_weights = FALSE;
  return TRUE;
}

void
dt_trainer_get_model_config (DtTrainer *self,
                             NnConfig  *config)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  g_return_if_fail (config != NULL);
  *config = *nn_trainer_get_config (self->nn);
}

guint
dt_trainer_get_n_drains (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0);
  return self->n_drains;
}

guint64
dt_trainer_get_n_batches (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), 0);
  return self->n_batches;
}
