/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the threads of nn-pool.c meet.  A training step of the lesson takes a few tens of
 * microseconds, far less than a sleep and a wake-up cost, so a waiting thread spins first
 * (with the processor's pause hint); one that waits longer yields its core, then naps in
 * short sleeps, so that a helper never holds a core that the application's interface or
 * another program needs.  Helpers that the pool does not use for a while are parked: they
 * sleep on a condition until the next job. */

typedef struct
{
  gint count;
  gint generation;
  int  n;
} NnBarrier;

void nn_barrier_init      (NnBarrier   *b,
                           int          n_threads);
/* Returns once all n_threads threads have called it. */
void nn_barrier_wait      (NnBarrier   *b);

typedef struct
{
  gint   job;       /* bumped for every job */
  gint   parked;
  GMutex lock;
  GCond  cond;
} NnJobSignal;

void nn_job_signal_init   (NnJobSignal *s);
void nn_job_signal_clear  (NnJobSignal *s);
/* Starts a job: every thread waiting with the previous count returns. */
void nn_job_signal_post   (NnJobSignal *s);
/* Waits until the job count differs from `seen`; returns the new count. */
gint nn_job_signal_wait   (NnJobSignal *s,
                           gint         seen);
/* Parked waiters sleep on the condition instead of spinning or napping. */
void nn_job_signal_park   (NnJobSignal *s,
                           gboolean     parked);

/* The processor the calling thread runs on (-1 when unknown). */
int  nn_thread_current_cpu    (void);
/* Moves the calling thread off `cpu` if it may run elsewhere.  A new thread starts on its
 * creator's processor, and the kernel takes tens of milliseconds to spread the two: until
 * then every barrier waits for the other to be scheduled. */
void nn_thread_start_off_cpu  (int          cpu);

G_END_DECLS
