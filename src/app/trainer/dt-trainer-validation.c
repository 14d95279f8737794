/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtTrainer's fit options: Keras's validation split, the first N training rows and early
 * stopping, passed to the core's nn_trainer_fit_validated() as the CLI passes them. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-private.h"

#include <math.h>

static guint val_point_signal;

void
dt_trainer_validation_class_init (GObjectClass *object_class)
{
  /* x (epochs since Reset), val_loss, val_accuracy: the held-out rows after an epoch */
  val_point_signal = g_signal_new ("val-point", G_TYPE_FROM_CLASS (object_class),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                   G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

void
dt_trainer_validation_prepare_job (DtTrainer    *self,
                                   DtTrainerJob *job)
{
  if (self->fit_options.patience < 0)
    self->fit_options.patience = NN_NO_EARLY_STOPPING;
  job->options = self->fit_options;
  job->report = (NnFitReport) { 0, 0, 0, 0, NAN, FALSE };
}

void
dt_trainer_validation_emit (DtTrainer             *self,
                            const DtTrainerRecord *record)
{
  for (guint i = 0; i < record->vals->len; i++)
    {
      const DtTestPoint *v = &g_array_index (record->vals, DtTestPoint, i);

      g_signal_emit (self, val_point_signal, 0, v->x, v->loss, v->accuracy);
    }
}

void
dt_trainer_set_fit_options (DtTrainer          *self,
                            const DtFitOptions *options)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  g_return_if_fail (options != NULL);

  self->fit_options = *options;
}

void
dt_trainer_get_fit_options (DtTrainer    *self,
                            DtFitOptions *options)
{
  g_return_if_fail (DT_IS_TRAINER (self));
  g_return_if_fail (options != NULL);

  *options = self->fit_options;
}

gboolean
dt_trainer_get_fit_report (DtTrainer   *self,
                           NnFitReport *report)
{
  g_return_val_if_fail (DT_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  *report = self->fit_report;
  return self->fit_report.epochs_run > 0 || self->fit_report.n_train > 0;
}
