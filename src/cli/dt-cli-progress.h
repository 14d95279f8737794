/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dt-progbar.h"
#include "nn-dataset.h"
#include "nn-trainer.h"
#include "nn-validation.h"

G_BEGIN_DECLS

/* What a fit prints: Keras 2.0.8's "Epoch i/n" and progress bar on a terminal, or one
 * --json object per epoch.  With a validation split the epoch's last line waits for the
 * validation, which Keras appends to it: " - val_loss: 0.1234 - val_acc: 0.9650". */
typedef struct
{
  gboolean  human;          /* progress bars (neither --json nor --quiet) */
  gboolean  json;
  gboolean  validating;     /* the fit evaluates held-out rows at every epoch's end */
  DtProgbar bar;
  int       bar_epoch;
  gboolean  mid_line;       /* a terminal's progress line is being redrawn */
  double    train_seconds;
} DtCliProgress;

void dt_cli_progress_batch_cb (NnTrainer        *trainer,
                               const NnProgress *p,
                               gpointer          user_data);
void dt_cli_progress_epoch_cb (NnTrainer        *trainer,
                               const NnProgress *p,
                               gpointer          user_data);

/* model.fit() over train, with validation_split = fraction (0: none) and EarlyStopping
 * (patience, or NN_NO_EARLY_STOPPING); cb->user_data is a DtCliProgress. */
gboolean dt_cli_fit               (NnTrainer         *trainer,
                                   const NnDataset   *train,
                                   int                epochs,
                                   double             fraction,
                                   int                patience,
                                   const NnCallbacks *cb,
                                   GError           **error);

/* The lesson prints X_train[1].shape and y_train[:3] before training. */
void     dt_cli_print_preamble    (const NnDataset   *train);
/* model.evaluate()'s bar over the n test samples, begun at start (monotonic µs). */
void     dt_cli_print_test_bar    (gsize              n,
                                   gint64             start);
/* The lesson's "test loss:" and "test accuracy:" lines, or --json's last object. */
void     dt_cli_print_test_result (gboolean           json,
                                   double             loss,
                                   double             accuracy,
                                   double             seconds,
                                   double             train_seconds,
                                   double             total_seconds,
                                   const guint32     *confusion);

G_END_DECLS
