/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer-status.h — the records DtTrainer hands out, which its worker also fills in */
#pragma once

#include <glib.h>

#include "nn-optim-stats.h"
#include "nn-trainer.h"
#include "nn-validation.h"

G_BEGIN_DECLS

/* One training batch as the curves draw it. */
typedef struct
{
  double x;          /* epochs done since Reset */
  double loss;       /* this batch alone */
  double accuracy;
} DtTrainerPoint;

/* What the progress line shows; the numbers are the CLI's. */
typedef struct
{
  NnProgress progress;          /* latest running values (epoch, batch, loss, acc, …) */
  int        batch;             /* 1-based batch within the epoch */
  int        n_batches;         /* batches per epoch */
  double     samples_per_second;
  double     eta_seconds;       /* to the end of this epoch, as Keras shows it; < 0: none */
  double     x;
  double     fraction;          /* of this Train press, 0..1 */
} DtTrainerStatus;

/* What RMSprop did at one step (nn-optim-stats.h), measured on the worker every few batches. */
typedef struct
{
  double       x;           /* epochs done since Reset, as DtTrainerPoint's */
  gint64       iteration;   /* the step measured */
  NnOptimStats stats;
} DtOptimPoint;

/* One batch trained as a single step (Step): its samples, and what the network answered for
 * each of them before and after the update. */
typedef struct
{
  guint   n;             /* samples in the batch */
  guint8 *images;        /* n × NN_IMAGE_PIXELS bytes, as in the training set */
  guint8 *labels;        /* n */
  guint8 *before;        /* n answers (argmax) before the update … */
  guint8 *after;         /* … and after it */
  double  loss_before;   /* the batch's mean loss before the update … */
  double  loss_after;    /* … and after it */
  gint64  iteration;     /* optimizer steps done, this one included */
  double  x;             /* epochs done since Reset */
} DtTrainerStep;

void dt_trainer_step_free (DtTrainerStep *step);

/* What a Train press fits on, as Keras's fit() arguments (nn-validation.h): the first
 * train_samples rows of the training arrays (0: all of them), of which the last
 * validation_split is held out and evaluated after every epoch; with patience ≥ 0, early
 * stopping on val_loss with the best weights restored. */
typedef struct
{
  gsize  train_samples;      /* 0 = every row */
  double validation_split;   /* 0 ≤ F < 1 */
  int    patience;           /* NN_NO_EARLY_STOPPING (−1) = off */
} DtFitOptions;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtTrainerStep, dt_trainer_step_free)

G_END_DECLS
