/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which way an adaptive pool (nn-pool.c) runs its next step: shared by its threads, or
 * every part on the calling thread while the helpers sleep ("solo").  Both ways give the
 * same bits, so only the speed changes: a busy machine, or an interface that needs a core,
 * makes the threads wait for each other at every barrier, and one thread is then faster.
 *
 * It starts with NN_WAY_PROBE_STEPS steps shared and as many solo and takes the faster;
 * then every NN_WAY_PROBE_EVERY steps the period's steps join its way's figure, it measures
 * the other way for up to NN_WAY_PROBE_STEPS steps (stopping early once that is a quarter
 * slower than its figure), and keeps the faster for the next period.  A figure is a plain
 * mean of step times, stalls and all, older blocks weighing less: in the window, the
 * interface and the display server take a core now and then, each time holding one thread
 * while the other waits at a barrier, and shared steps then cost three times what they
 * cost in the terminal; a mean that left out the long steps as outliers, or a short probe
 * that happened to miss them, chose sharing and halved the window's training rate.  The
 * first step of a fit and the first after a change of way are not timed: they pay for
 * waking the helpers (a parked thread can take a hundred microseconds or more), and a
 * figure that counted them kept the pool on one thread for the rest of the fit.  The choice
 * is plain arithmetic on the times given, so the tests drive it with made-up ones. */
#define NN_WAY_PROBE_EVERY 256
#define NN_WAY_PROBE_STEPS 16

typedef struct
{
  guint64  steps;        /* steps timed or not, so far */
  gboolean solo;         /* the way of the step being run */
  gboolean last_solo;    /* the way of the step before it */
  gboolean probing;      /* the step runs the way not taken, measured afresh */
  double   total[2];     /* [solo]: each way's timed steps, older blocks weighing less: */
  double   weight[2];    /* their total time and their count */
  double   sum[2];       /* [solo]: the way's block of steps being timed: total, count */
  int      n[2];
} NnWay;

void     nn_way_init   (NnWay  *way);
/* The way of the coming step: TRUE for solo. */
gboolean nn_way_choose (NnWay  *way);
/* The step nn_way_choose chose took `us` microseconds. */
void     nn_way_record (NnWay  *way,
                        double  us);

G_END_DECLS
