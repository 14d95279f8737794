/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The progress line and run labels, with the numbers the CLI prints. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dt-format.h"

char *
dt_trainer_format_metric (double value)
{
  return dt_format_metric (value);
}

char *
dt_trainer_format_status (const DtTrainerStatus *st)
{
  g_autofree char *rate = dt_format_grouped (st->samples_per_second);
  g_autofree char *loss = dt_format_metric (st->progress.loss);
  g_autofree char *acc = dt_format_metric (st->progress.accuracy);
  int eta = (int) ceil (st->eta_seconds);

  if (st->eta_seconds < 0)
    /* Translators: the progress line of a finished epoch; keep "loss" and "acc" as Keras
     * prints them */
    return g_strdup_printf (_("Epoch %d/%d · batch %d/%d · %s samples/s · loss %s · acc %s"),
                            st->progress.epoch, st->progress.last_epoch, st->batch,
                            st->n_batches, rate, loss, acc);
  /* Translators: the progress line; keep "loss" and "acc" as Keras prints them */
  return g_strdup_printf (_("Epoch %d/%d · batch %d/%d · %s samples/s · ETA %d:%02d · "
                            "loss %s · acc %s"),
                          st->progress.epoch, st->progress.last_epoch, st->batch, st->n_batches,
                          rate, eta / 60, eta % 60, loss, acc);
}

char *
dt_trainer_format_hyper (const NnHyper *hyper)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "lr %g · ρ %g · ε %g", hyper->lr, hyper->rho, hyper->epsilon);
  if (hyper->decay != 0.0f)
    g_string_append_printf (s, " · decay %g", hyper->decay);
  if (hyper->form != NN_KERAS_2)
    g_string_append_printf (s, " · Keras %d", nn_keras_number (hyper->form));
  return g_string_free (s, FALSE);
}
