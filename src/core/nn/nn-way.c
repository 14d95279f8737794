/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-way"

#include "config.h"

#include "nn-way.h"

#include <string.h>

#define PROBE_MIN    4          /* steps a probe times before it may stop early */
#define PROBE_SLOWER 1.25       /* … when it is this many times slower than the other way */
#define KEEP         0.75       /* the weight a way's figure keeps at each new block */

void
nn_way_init (NnWay *way)
{
  memset (way, 0, sizeof *way);
}

/* The mean step time of the way's block so far, 0 when none was timed. */
static double
block_mean (const NnWay *way,
            gboolean     solo)
{
  return way->n[solo] > 0 ? way->sum[solo] / way->n[solo] : 0.0;
}

static void
block_start (NnWay    *way,
             gboolean  solo)
{
  way->sum[solo] = 0.0;
  way->n[solo] = 0;
}

/* A way's figure: the mean of its timed steps, each block's weighing KEEP times less at
 * each new one, so that a short probe that missed the interface's turn does not wipe out a
 * period that met it; 0 when none was timed. */
static double
figure (const NnWay *way,
        gboolean     solo)
{
  return way->weight[solo] > 0.0 ? way->total[solo] / way->weight[solo] : 0.0;
}

/* The block just timed joins its way's figure. */
static void
block_end (NnWay    *way,
           gboolean  solo)
{
  way->total[solo] = KEEP * way->total[solo] + way->sum[solo];
  way->weight[solo] = KEEP * way->weight[solo] + way->n[solo];
}

/* The way with the lower figure (shared when neither is known). */
static gboolean
faster_is_solo (const NnWay *way)
{
  double shared = figure (way, FALSE), solo = figure (way, TRUE);

  return solo > 0.0 && (shared == 0.0 || solo < shared);
}

gboolean
nn_way_choose (NnWay *way)
{
  guint64 s = way->steps;

  /* the first steps of a fit: each way in turn, then the faster */
  if (s < 2 * NN_WAY_PROBE_STEPS)
    return way->solo = s >= NN_WAY_PROBE_STEPS;
  if (s == 2 * NN_WAY_PROBE_STEPS)
    {
      block_end (way, FALSE);
      block_end (way, TRUE);
      way->solo = faster_is_solo (way);
      block_start (way, way->solo);
      return way->solo;
    }
  if (s % NN_WAY_PROBE_EVERY == 0)
    {
      /* the period's steps join its way's figure, stalls and all; then the other way */
      block_end (way, way->solo);
      way->probing = TRUE;
      way->solo = !way->solo;
      block_start (way, way->solo);
      return way->solo;
    }
  if (way->probing &&
      (way->n[way->solo] >= NN_WAY_PROBE_STEPS ||
       (way->n[way->solo] >= PROBE_MIN &&
        block_mean (way, way->solo) > PROBE_SLOWER * figure (way, !way->solo))))
    {
      way->probing = FALSE;
      block_end (way, way->solo);
      way->solo = faster_is_solo (way);
      block_start (way, way->solo);
    }
  return way->solo;
}

void
nn_way_record (NnWay  *way,
               double  us)
{
  gboolean first = way->steps == 0 || way->solo != way->last_solo;

  way->steps++;
  way->last_solo = way->solo;
  if (first)
    return;
  way->sum[way->solo] += us;
  way->n[way->solo]++;
}
