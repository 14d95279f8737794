/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-sync"

#include "config.h"

#include "nn-sync.h"

#ifdef __linux__
# include <sched.h>
#endif

#define SPINS_BARE         4000    /* a few microseconds of plain re-reads */
#define SPINS_BEFORE_YIELD 20000   /* then pause hints, about 2 ms of them */
#define YIELDS_BEFORE_NAP  200
#define NAP_US             50

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

/* The wait of the n-th check of a condition that is not true yet. */
static void
back_off (guint spins)
{
  /* The first waits re-read the flag without the pause hint: under KVM a loop of pauses
   * makes the hypervisor take the processor away (pause-loop exiting), for half a
   * millisecond each time until it learns better, and most waits here last microseconds. */
  if (spins < SPINS_BARE)
    return;
  if (spins < SPINS_BEFORE_YIELD)
    cpu_relax ();
  else if (spins < SPINS_BEFORE_YIELD + YIELDS_BEFORE_NAP)
    g_thread_yield ();
  else
    g_usleep (NAP_US);
}

void
nn_barrier_init (NnBarrier *b,
                 int        n_threads)
{
  b->count = 0;
  b->generation = 0;
  b->n = n_threads;
}

void
nn_barrier_wait (NnBarrier *b)
{
  gint gen = g_atomic_int_get (&b->generation);

  if (g_atomic_int_add (&b->count, 1) == b->n - 1)
    {
      g_atomic_int_set (&b->count, 0);
      g_atomic_int_inc (&b->generation);
      return;
    }
  for (guint spins = 0; g_atomic_int_get (&b->generation) == gen; spins++)
    back_off (spins);
}

void
nn_job_signal_init (NnJobSignal *s)
{
  s->job = 0;
  s->parked = FALSE;
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
}

void
nn_job_signal_clear (NnJobSignal *s)
{
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
}

void
nn_job_signal_post (NnJobSignal *s)
{
  g_atomic_int_inc (&s->job);
}

gint
nn_job_signal_wait (NnJobSignal *s,
                    gint         seen)
{
  for (guint spins = 0; g_atomic_int_get (&s->job) == seen; spins++)
    {
      if (spins >= SPINS_BEFORE_YIELD && g_atomic_int_get (&s->parked))
        {
          g_mutex_lock (&s->lock);
          while (g_atomic_int_get (&s->parked) && g_atomic_int_get (&s->job) == seen)
            g_cond_wait (&s->cond, &s->lock);
          g_mutex_unlock (&s->lock);
          spins = 0;
          continue;
        }
      back_off (spins);
    }
  return g_atomic_int_get (&s->job);
}

void
nn_job_signal_park (NnJobSignal *s,
                    gboolean     parked)
{
  g_mutex_lock (&s->lock);
  g_atomic_int_set (&s->parked, parked);
  if (!parked)
    g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

int
nn_thread_current_cpu (void)
{
#ifdef __linux__
  return sched_getcpu ();
#else
  return -1;
#endif
}

void
nn_thread_start_off_cpu (int cpu)
{
#ifdef __linux__
  cpu_set_t allowed, others;

  if (cpu < 0 || sched_getaffinity (0, sizeof allowed, &allowed) != 0 ||
      !CPU_ISSET (cpu, &allowed) || CPU_COUNT (&allowed) < 2)
    return;
  others = allowed;
  CPU_CLR (cpu, &others);
  /* moves this thread now; the full set again lets the kernel balance from there */
  if (sched_setaffinity (0, sizeof others, &others) == 0)
    sched_setaffinity (0, sizeof allowed, &allowed);
#endif
}
