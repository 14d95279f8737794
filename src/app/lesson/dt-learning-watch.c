/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-lesson"

#include "config.h"

#include "dt-learning-watch.h"

#include <math.h>

/* The lesson's learning rate: a run stuck above it most likely stepped too far, below it
 * too little.  An ε above this (Keras 2: added to √a, which is ~1e-3 here) divides every
 * step by ε rather than by the gradient's size. */
#define LESSON_LR          0.001
#define LARGE_EPSILON      0.01

void
dt_learning_watch_reset (DtLearningWatch *watch)
{
  g_return_if_fail (watch != NULL);
  watch->n = 0;
  watch->start_loss = NAN;
}

/* The mean of the latest `count` values of a ring holding `n` values. */
static double
ring_mean (const double *ring,
           guint         n,
           guint         count)
{
  double sum = 0;

  for (guint i = 0; i < count; i++)
    sum += ring[(n - 1 - i) % DT_WATCH_WINDOW];
  return sum / count;
}

DtLearningState
dt_learning_watch_push (DtLearningWatch *watch,
                        double           loss,
                        double           accuracy)
{
  g_return_val_if_fail (watch != NULL, DT_LEARNING_UNKNOWN);

  if (isfinite (loss) && isfinite (accuracy))
    {
      if (watch->n == 0)
        watch->start_loss = loss;
      watch->loss[watch->n % DT_WATCH_WINDOW] = loss;
      watch->acc[watch->n % DT_WATCH_WINDOW] = accuracy;
      watch->n++;
    }
  if (watch->n >= DT_WATCH_LEAVE_WINDOW && watch->start_loss > 0 &&
      ring_mean (watch->loss, watch->n, DT_WATCH_LEAVE_WINDOW) >
        DT_WATCH_LEAVE_FACTOR * watch->start_loss)
    return DT_LEARNING_DIVERGING;
  if (watch->n < DT_WATCH_WINDOW)
    return DT_LEARNING_UNKNOWN;
  if (ring_mean (watch->loss, watch->n, DT_WATCH_WINDOW) >= DT_CHANCE_LOSS)
    return DT_LEARNING_LOSS_AT_CHANCE;
  if (ring_mean (watch->acc, watch->n, DT_WATCH_WINDOW) <=
        DT_CHANCE_ACCURACY + DT_WATCH_CHANCE_MARGIN)
    return DT_LEARNING_ACCURACY_AT_CHANCE;
  return DT_LEARNING_OK;
}

DtLearningCause
dt_learning_likely_cause (DtLearningState state,
                          double          lr,
                          double          epsilon)
{
  if (state == DT_LEARNING_DIVERGING || lr > LESSON_LR)
    return DT_LEARNING_CAUSE_LR_TOO_LARGE;
  if (lr < LESSON_LR)
    return DT_LEARNING_CAUSE_LR_TOO_SMALL;
  if (epsilon > LARGE_EPSILON)
    return DT_LEARNING_CAUSE_EPSILON_TOO_LARGE;
  return DT_LEARNING_CAUSE_UNKNOWN;
}
