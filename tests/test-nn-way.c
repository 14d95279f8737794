/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which way an adaptive pool runs its steps (nn-way.h), driven with made-up step times. */
#include "config.h"

#include <glib.h>

#include "nn-way.h"

#define WAKE_US 5000.0  /* the first step of a fit, or after a change of way */

typedef struct
{
  NnWay    way;
  gboolean last;
  int      solo_steps;
} Sim;

static void
sim_init (Sim *s)
{
  nn_way_init (&s->way);
  s->last = FALSE;
  s->solo_steps = 0;
}

/* n steps where a shared step takes shared_us (every stall_every-th shared step stall_us
 * instead, when stall_every > 0) and a solo one solo_us, but the first and each first
 * after a change take WAKE_US; returns how many ran solo. */
static int
sim_run_stalls (Sim    *s,
                int     n,
                double  shared_us,
                double  solo_us,
                int     stall_every,
                double  stall_us)
{
  int solo_steps = 0;

  for (int i = 0; i < n; i++)
    {
      gboolean first = s->way.steps == 0;
      gboolean solo = nn_way_choose (&s->way);
      double us = solo ? solo_us : shared_us;

      if (!solo && stall_every > 0 && s->way.steps % stall_every == 0)
        us = stall_us;
      if (first || solo != s->last)
        us = WAKE_US;
      s->last = solo;
      solo_steps += solo;
      nn_way_record (&s->way, us);
    }
  s->solo_steps += solo_steps;
  return solo_steps;
}

static int
sim_run (Sim    *s,
         int     n,
         double  shared_us,
         double  solo_us)
{
  return sim_run_stalls (s, n, shared_us, solo_us, 0, 0.0);
}

/* The first steps are shared, the next as many solo; then the faster way. */
static void
test_start (void)
{
  Sim s;

  sim_init (&s);
  g_assert_cmpint (sim_run (&s, NN_WAY_PROBE_STEPS, 20.0, 30.0), ==, 0);
  g_assert_cmpint (sim_run (&s, NN_WAY_PROBE_STEPS, 20.0, 30.0), ==, NN_WAY_PROBE_STEPS);
  g_assert_cmpint (sim_run (&s, NN_WAY_PROBE_EVERY - 2 * NN_WAY_PROBE_STEPS, 20.0, 30.0), ==,
                   0);

  /* and solo when it is the faster */
  sim_init (&s);
  sim_run (&s, 2 * NN_WAY_PROBE_STEPS, 60.0, 30.0);
  g_assert_cmpint (sim_run (&s, 100, 60.0, 30.0), ==, 100);
}

/* Waking the helpers costs the first shared step hundreds of times a step: that step is not
 * counted, so the pool shares (it once ran on one thread for the whole fit). */
static void
test_wake_not_counted (void)
{
  Sim s;
  int solo;

  sim_init (&s);
  solo = sim_run (&s, 10000, 20.0, 28.0);
  g_test_message ("%d of 10000 steps solo", solo);
  g_assert_cmpint (solo, <, 10000 / 20);
}

/* A busy spell makes shared steps slow, and the pool runs solo; once it passes, the probes
 * find sharing faster again and the pool shares within a few dozen periods (a few epochs'
 * worth of milliseconds): the spell's figure fades, it does not hold the pool back. */
static void
test_busy_spell (void)
{
  Sim s;
  int periods = 0;

  sim_init (&s);
  sim_run (&s, 1000, 20.0, 30.0);
  sim_run (&s, 600, 200.0, 30.0);
  /* solo by now, all but the probes */
  g_assert_cmpint (sim_run (&s, NN_WAY_PROBE_EVERY, 200.0, 30.0), >,
                   NN_WAY_PROBE_EVERY - NN_WAY_PROBE_STEPS);
  while (sim_run (&s, NN_WAY_PROBE_EVERY, 20.0, 30.0) > NN_WAY_PROBE_STEPS)
    {
      periods++;
      g_assert_cmpint (periods, <, 40);
    }
  g_test_message ("shared again after %d periods", periods);
  g_assert_cmpint (sim_run (&s, 4 * NN_WAY_PROBE_EVERY, 20.0, 30.0), <,
                   4 * NN_WAY_PROBE_STEPS);
}

/* In the window the interface takes a core now and then, and a shared step that waits for
 * it is long: one in ten taking 500 µs makes sharing slower on the whole than one thread,
 * though most shared steps are faster; the pool keeps to one thread. */
static void
test_stalls_count (void)
{
  Sim s;
  int solo;

  sim_init (&s);
  solo = sim_run_stalls (&s, 20000, 20.0, 30.0, 10, 500.0);
  g_test_message ("%d of 20000 steps solo", solo);
  g_assert_cmpint (solo, >, 20000 * 9 / 10);

  /* rare stalls (one in 500) leave sharing the faster */
  sim_init (&s);
  solo = sim_run_stalls (&s, 20000, 20.0, 30.0, 500, 500.0);
  g_test_message ("rare stalls: %d of 20000 steps solo", solo);
  g_assert_cmpint (solo, <, 20000 / 10);
}

/* A probe of the slower way stops early: a few steps every period, not sixteen. */
static void
test_probe_stops_early (void)
{
  Sim s;
  int solo;

  sim_init (&s);
  sim_run (&s, NN_WAY_PROBE_EVERY, 20.0, 30.0);
  solo = sim_run (&s, 10 * NN_WAY_PROBE_EVERY, 20.0, 30.0);
  g_test_message ("%d solo steps in 10 periods", solo);
  g_assert_cmpint (solo, >=, 10 * 5);     /* each probe: the untimed step and four timed */
  g_assert_cmpint (solo, <=, 10 * 7);

  /* one that is only slightly slower runs its full length */
  sim_init (&s);
  sim_run (&s, NN_WAY_PROBE_EVERY, 20.0, 21.0);
  g_assert_cmpint (sim_run (&s, NN_WAY_PROBE_EVERY, 20.0, 21.0), ==, NN_WAY_PROBE_STEPS + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/way/start", test_start);
  g_test_add_func ("/nn/way/wake-not-counted", test_wake_not_counted);
  g_test_add_func ("/nn/way/busy-spell", test_busy_spell);
  g_test_add_func ("/nn/way/stalls-count", test_stalls_count);
  g_test_add_func ("/nn/way/probe-stops-early", test_probe_stops_early);
  return g_test_run ();
}
