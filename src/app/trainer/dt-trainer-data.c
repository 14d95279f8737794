/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data half of DtTrainer: MNIST or Fashion-MNIST loaded once per folder on a GTask
 * thread. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

#include <glib/gi18n.h>

static void
load_thread_cb (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *dir = task_data;
  g_autoptr(NnDataset) train = NULL;
  NnDataset *test = NULL;
  GError *error = NULL;

  train = nn_dataset_load (dir, "train", &error);
  if (train != NULL)
    test = nn_dataset_load (dir, "t10k", &error);
  if (test == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, dt_trainer_data_new (g_steal_pointer (&train), test),
                         (GDestroyNotify) dt_trainer_data_unref);
}

/* The task holds no reference on the trainer (a window closed mid-load must not wait for a
 * 55 MB read): the callback finds it through a weak reference, or drops the result. */
static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(DtTrainer) self = g_weak_ref_get (weak);
  GError *error = NULL;
  DtData *data;

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL)
    return;
  data = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->data_error, g_error_free);
  g_clear_pointer (&self->data, dt_trainer_data_unref);
  g_clear_pointer (&self->data_dir, g_free);
  if (data == NULL)
    {
      self->data_error = error;
      g_clear_pointer (&self->loading_dir, g_free);
      dt_trainer_set_data_state (self, DT_DATA_STATE_ERROR);
      return;
    }
  self->data = data;
  self->set_generation++;
  self->data_dir = g_steal_pointer (&self->loading_dir);
  self->data_kind = self->loading_kind;
  dt_trainer_set_data_state (self, DT_DATA_STATE_READY);
}

void
dt_trainer_load_data (DtTrainer  *self,
                      const char *data_dir)
{
  dt_trainer_load_dataset (self, NN_DATASET_MNIST, data_dir);
}

void
dt_trainer_load_dataset (DtTrainer     *self,
                         NnDatasetKind  kind,
                         const char    *data_dir)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  GWeakRef *weak;
  char *dir;

  g_return_if_fail (DT_IS_TRAINER (self));

  dir = nn_dataset_kind_find_dir (kind, data_dir, &error);
  if (dir == NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
      g_clear_pointer (&self->data_error, g_error_free);
      g_clear_pointer (&self->loading_dir, g_free);
      self->data_error = error;
      dt_trainer_set_data_state (self, DT_DATA_STATE_MISSING);
      return;
    }
  if ((g_strcmp0 (dir, self->loading_dir) == 0 && kind == self->loading_kind) ||
      (self->data_state == DT_DATA_STATE_READY && g_strcmp0 (dir, self->data_dir) == 0 &&
       kind == self->data_kind))
    {
      g_free (dir);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_free (self->loading_dir);
  self->loading_dir = dir;
  self->loading_kind = kind;
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->load_cancellable, load_done_cb, weak);
  g_task_set_source_tag (task, dt_trainer_load_data);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread_cb);
  if (self->data_state != DT_DATA_STATE_READY)
    dt_trainer_set_data_state (self, DT_DATA_STATE_LOADING);
}

DtDataState
dt_trainer_get_data_state (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), DT_DATA_STATE_NONE);
  return self->data_state;
}

const GError *
dt_trainer_get_data_error (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data_error;
}

const char *
dt_trainer_get_data_dir (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data_dir;
}

NnDatasetKind
dt_trainer_get_dataset (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NN_DATASET_MNIST);
  return self->data_kind;
}

const NnDataset *
dt_trainer_get_train_set (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data != NULL ? self->data->train : NULL;
}

const NnDataset *
dt_trainer_get_test_set (DtTrainer *self)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), NULL);
  return self->data != NULL ? self->data->test : NULL;
}

void
dt_trainer_set_extra_samples (DtTrainer *self,
                              NnDataset *extra)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  g_clear_pointer (&self->extra, nn_dataset_free);
  self->extra = extra;
  self->set_generation++;
}
