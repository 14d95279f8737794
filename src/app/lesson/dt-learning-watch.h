/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-learning-watch.h — is the network learning?  Read from the batch losses and accuracies
 * alone (pure functions: no GTK, no trainer), so the window can say when it is not, and why.
 *
 * Guessing among ten digits gives a loss of ln 10 ≈ 2.30 and an accuracy of 10 %.  A run is
 * not learning when, over a sustained stretch of DT_WATCH_WINDOW batches, its mean loss stays
 * at or above that or its mean accuracy at chance; or, sooner, when its loss climbs out of
 * the chart (DT_WATCH_LEAVE_FACTOR times where it started, the loss axis's top).  A lesson
 * run at lr 0.001 is below chance within a few dozen batches. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DT_CHANCE_LOSS          2.302585092994046   /* ln 10 */
#define DT_CHANCE_ACCURACY      0.1
#define DT_WATCH_WINDOW         200    /* batches: "a sustained stretch" */
#define DT_WATCH_CHANCE_MARGIN  0.05   /* accuracy up to 15 % is still chance */
#define DT_WATCH_LEAVE_WINDOW   20     /* batches whose mean loss must have left … */
#define DT_WATCH_LEAVE_FACTOR   1.5    /* … this many times the starting loss */

typedef enum
{
  DT_LEARNING_UNKNOWN,          /* too few batches to tell */
  DT_LEARNING_OK,
  DT_LEARNING_DIVERGING,        /* the loss climbed out of the chart */
  DT_LEARNING_LOSS_AT_CHANCE,   /* the loss stayed at or above ln 10 */
  DT_LEARNING_ACCURACY_AT_CHANCE,
} DtLearningState;

typedef enum
{
  DT_LEARNING_CAUSE_LR_TOO_LARGE,
  DT_LEARNING_CAUSE_LR_TOO_SMALL,
  DT_LEARNING_CAUSE_EPSILON_TOO_LARGE,
  DT_LEARNING_CAUSE_UNKNOWN,
} DtLearningCause;

typedef struct
{
  double loss[DT_WATCH_WINDOW];   /* the latest batches, a ring */
  double acc[DT_WATCH_WINDOW];
  guint  n;                       /* finite batches seen (the ring holds the latest) */
  double start_loss;              /* the first finite batch loss */
} DtLearningWatch;

void            dt_learning_watch_reset  (DtLearningWatch *watch);
/* Takes one batch (non-finite values are ignored) and says how the run is doing. */
DtLearningState dt_learning_watch_push   (DtLearningWatch *watch,
                                          double           loss,
                                          double           accuracy);
/* The likely cause of a run that is not learning, from its settings: a learning rate far
 * from the lesson's 0.001, or (Keras 2) an ε that swamps the step. */
DtLearningCause dt_learning_likely_cause (DtLearningState  state,
                                          double           lr,
                                          double           epsilon);

G_END_DECLS
