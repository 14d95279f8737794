/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-way"

#include "config.h"

#include "nn-way.h"

#include <string.h>

#define PROBE_MIN    4          /* steps a probe times before it may stop early */
#define PROBE_SLOWER 1.25       /* … when it is this many times slower than the other way */
#define AVERAGE_OF   8          /* the moving average's weight: 1 / AVERAGE_OF per step */
#define OUTLIER      2.0        /* a step counts at most this many times the average */

void
nn_way_init (NnWay *way)
{
  memset (way, 0, sizeof *way);
}

gboolean
nn_way_choose (NnWay *way)
{
  double *us = way->us;
  gboolean best;

  /* the first steps of a fit: each way in turn */
  if (way->steps < 2 * NN_WAY_PROBE_STEPS)
    return way->solo = way->steps >= NN_WAY_PROBE_STEPS;
  best = us[TRUE] < us[FALSE];
  if (way->steps % NN_WAY_PROBE_EVERY == 0)
    {
      /* afresh: the old average of the way not taken may date from a busy moment */
      way->probing = TRUE;
      way->probe_solo = !best;
      way->probe_timed = 0;
      us[!best] = 0.0;
    }
  else if (way->probing &&
           (way->probe_timed >= NN_WAY_PROBE_STEPS ||
            (way->probe_timed >= PROBE_MIN &&
             us[way->probe_solo] > PROBE_SLOWER * us[!way->probe_solo])))
    way->probing = FALSE;
  return way->solo = way->probing ? way->probe_solo : us[TRUE] < us[FALSE];
}

void
nn_way_record (NnWay  *way,
               double  us)
{
  double *avg = &way->us[way->solo];
  gboolean first = way->steps == 0 || way->solo != way->last_solo;

  way->steps++;
  way->last_solo = way->solo;
  if (first)
    return;
  if (*avg == 0.0)
    *avg = us;
  else
    *avg += (MIN (us, OUTLIER * *avg) - *avg) / AVERAGE_OF;
  if (way->probing && way->solo == way->probe_solo)
    way->probe_timed++;
}
