/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer-worker.h — one Train press, run on DtTrainer's worker thread
 *
 * The job is filled in by the main thread before the thread starts; from then until the
 * join it is the worker's, except `cancel`.  The worker reaches the main thread only
 * through the shared state (dt-trainer-shared.h). */
#pragma once

#include "dt-trainer-shared.h"

G_BEGIN_DECLS

typedef struct
{
  DtTrainerShared *shared;       /* the trainer's; it outlives the worker */
  guint            run_id;
  NnTrainer       *nn;           /* the trainer's, used by the worker alone while it runs */
  DtData          *data;         /* a reference */
  NnDataset       *fit;          /* training set + extras, borrowed from the trainer, or NULL */
  NnDataset       *extra;        /* a copy when the worker must build that set, or NULL */
  NnDataset       *built;        /* … built here by the worker, handed back at the join */
  guint            generation;   /* the trainer's set generation at Train */
  gboolean         new_set;      /* another set than the last fit: drop the core's index */
  int              epochs;
  DtFitOptions     options;      /* rows, validation split, early stopping */
  NnFitReport      report;       /* how the fit went, read by the main thread after the join */
  int              first_epoch;
  double           x_base;       /* the position when Train was pressed */
  double           x_last;       /* … and after the latest batch */
  guint            hyper_seen;   /* the serial of the settings the worker steps with */
  int              optim_every;  /* the worker measures the optimizer every this many steps */
  NnOptimSampler  *optim;        /* made by the worker for the network it trains */
  gint64           last_publish;
  const NnDataset *train;        /* the set being fitted (a step copies its images) */
  gint64           last_turn;    /* when the latest batch was let through (pace) */
  NnNet           *before;       /* the weights before a granted step, while it trains */
  gint             cancel;       /* atomic; non-zero stops the fit within one batch */
} DtTrainerJob;

/* The thread's body: job is a DtTrainerJob; returns NULL. */
gpointer dt_trainer_worker_thread_cb (gpointer      job);
void     dt_trainer_job_free         (DtTrainerJob *job);

G_END_DECLS
