/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which way an adaptive pool (nn-pool.c) runs its next step: shared by its threads, or
 * every part on the calling thread while the helpers sleep ("solo").  Both ways give the
 * same bits, so only the speed changes: a busy machine, or an interface that needs a core,
 * makes the threads wait for each other at every barrier, and one thread is then faster.
 *
 * It starts with NN_WAY_PROBE_STEPS steps shared and as many solo, then keeps to the way
 * whose moving average of step times is lower (a step counts at most twice the average, so
 * that one preemption does not decide), and every NN_WAY_PROBE_EVERY steps measures the
 * other way afresh for up to NN_WAY_PROBE_STEPS steps, stopping early once it is a quarter
 * slower.  The first step of a fit and the first after a change of way are not timed: they
 * pay for waking the helpers (a parked thread can take a hundred microseconds or more), and
 * an average that started there would keep the pool on one thread for the rest of the fit.
 * The choice is plain arithmetic on the times given, so the tests drive it with made-up
 * ones. */
#define NN_WAY_PROBE_EVERY 256
#define NN_WAY_PROBE_STEPS 16

typedef struct
{
  guint64  steps;        /* steps timed or not, so far */
  gboolean solo;         /* the way of the step being run */
  gboolean last_solo;    /* the way of the step before it */
  double   us[2];        /* [solo]: each way's moving average, 0 when unknown */
  gboolean probing;
  gboolean probe_solo;
  int      probe_timed;
} NnWay;

void     nn_way_init   (NnWay  *way);
/* The way of the coming step: TRUE for solo. */
gboolean nn_way_choose (NnWay  *way);
/* The step nn_way_choose chose took `us` microseconds. */
void     nn_way_record (NnWay  *way,
                        double  us);

G_END_DECLS
