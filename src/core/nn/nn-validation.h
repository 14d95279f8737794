/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-trainer.h"

G_BEGIN_DECLS

/* Keras's fit(validation_split=F) and its EarlyStopping callback.
 *
 * Split: Keras 2 takes the held-out rows from the END of the arrays as given, before any
 * shuffling: split_at = int(n · (1 − F)) in double precision, rows [0, split_at) are trained
 * on (shuffled every epoch as usual) and rows [split_at, n) are only evaluated, with the
 * weights as they are at the end of every epoch.  F = 0 holds nothing out.
 *
 * Early stopping (patience ≥ 0): monitor val_loss, mode "min", min_delta 0.  An epoch
 * improves when its val_loss is below the best so far; after `patience` epochs in a row
 * without improvement training stops, as Keras ≥ 2.1.2 counts (wait += 1, then
 * wait ≥ patience).  Keras 2.0.8, the lesson's version, tested wait ≥ patience before
 * counting and so stopped one epoch later, and it had no restore_best_weights: here, as
 * with Keras 3's EarlyStopping(restore_best_weights=True), the weights of the best epoch are
 * put back at the end of the fit whether or not it stopped early.  The optimizer state and
 * the shuffle generator stay as the last epoch left them, as in Keras. */

#define NN_NO_EARLY_STOPPING (-1)

typedef struct
{
  gsize  n_train;        /* rows trained on: split_at */
  gsize  n_val;          /* rows held out */
  int    epochs_run;     /* epochs this fit ran (fewer than asked when it stopped early) */
  int    best_epoch;     /* the trainer's epoch number with the lowest val_loss; 0 if none */
  double best_val_loss;  /* NAN without validation */
  gboolean stopped_early;
} NnFitReport;

/* int(n · (1 − fraction)), as Keras computes it; fraction in [0, 1). */
gsize    nn_validation_split_at   (gsize               n,
                                   double              fraction);
/* nn_trainer_fit() over the first split_at rows, evaluating the rest after every epoch
 * (NnProgress.val_loss / val_accuracy in callbacks->on_epoch).  patience is
 * NN_NO_EARLY_STOPPING or ≥ 0, and needs fraction > 0.  report may be NULL. */
gboolean nn_trainer_fit_validated (NnTrainer          *trainer,
                                   const guint8       *images,
                                   const guint8       *labels,
                                   gsize               n,
                                   gsize               stride,
                                   int                 epochs,
                                   double              fraction,
                                   int                 patience,
                                   const NnCallbacks  *callbacks,
                                   NnFitReport        *report,
                                   GError            **error);

G_END_DECLS
