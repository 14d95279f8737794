/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer-shared.h — what DtTrainer's main thread and its worker share
 *
 * The worker sees this and its job (dt-trainer-worker.h), never the DtTrainer.  What it
 * reports goes into one record under a lock; a report schedules at most one pending source
 * on the trainer's main context, no sooner than a frame after the previous drain, and that
 * source calls the trainer's drain function, which takes the record.  The settings changed
 * mid-run and the latest weight snapshot pass through here too.  The trainer owns the
 * shared state and joins its worker before freeing it. */
#pragma once

#include <glib.h>

#include "dt-trainer-status.h"
#include "nn-dataset.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

#define DT_TRAINER_PUBLISH_US 100000   /* weight snapshots at most every 100 ms */
#define DT_TRAINER_OPTIM_PER_EPOCH 25  /* optimizer measurements per epoch, about */

/* The train and test sets, read-only, shared by the main thread and a running worker:
 * refcounted, since a new load may replace them while a run still uses the old ones. */
typedef struct
{
  NnDataset *train;
  NnDataset *test;
} DtData;

/* Takes train and test. */
DtData          *dt_trainer_data_new             (NnDataset             *train,
                                                  NnDataset             *test);
DtData          *dt_trainer_data_ref             (DtData                *data);
void             dt_trainer_data_unref           (DtData                *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtData, dt_trainer_data_unref)

/* A per-epoch test-set evaluation. */
typedef struct
{
  double x;
  double loss;
  double accuracy;
} DtTestPoint;

/* Settings changed mid-run, taking effect at x. */
typedef struct
{
  double  x;
  NnHyper hyper;
} DtHyperMark;

/* What the worker reported since the last drain. */
typedef struct
{
  GArray          *points;          /* DtTrainerPoint */
  GArray          *tests;           /* DtTestPoint */
  GArray          *vals;            /* DtTestPoint: the held-out rows, per epoch */
  GArray          *marks;           /* DtHyperMark */
  GArray          *optim;           /* DtOptimPoint */
  gboolean         have_status;
  DtTrainerStatus  status;          /* after the latest batch, when have_status */
  guint            run_id;          /* the run the latest batch belonged to */
  gboolean         done;            /* the worker has returned … */
  GError          *error;           /* … with this error, or NULL when every epoch ran */
  guint            snapshot_serial; /* counts the snapshots published or dropped */
  DtTrainerStep   *step;            /* the latest single step, or NULL */
} DtTrainerRecord;

typedef struct _DtTrainerShared DtTrainerShared;

/* Main thread.  drain runs on the thread-default main context of the caller, with
 * drain_data, whenever the worker has reported something. */
DtTrainerShared *dt_trainer_shared_new           (GSourceFunc            drain,
                                                  gpointer               drain_data);
/* Only once no worker uses it any more (after the join). */
void             dt_trainer_shared_free          (DtTrainerShared       *shared);
/* Moves the record out (free it with dt_trainer_record_clear; its error is the caller's)
 * and forgets any pending drain. */
void             dt_trainer_shared_take          (DtTrainerShared       *shared,
                                                  DtTrainerRecord       *record);
void             dt_trainer_record_clear         (DtTrainerRecord       *record);
/* No drain will run after this (dispose). */
void             dt_trainer_shared_cancel_drain  (DtTrainerShared       *shared);
/* The settings a new run starts with; returns the serial its worker has then seen. */
guint            dt_trainer_shared_start_run     (DtTrainerShared       *shared,
                                                  const NnHyper         *hyper);
/* New settings for a running worker, from its next batch on (nothing when unchanged). */
void             dt_trainer_shared_set_hyper     (DtTrainerShared       *shared,
                                                  const NnHyper         *hyper);
/* A copy of the latest snapshot (free with nn_net_free), or NULL. */
NnNet           *dt_trainer_shared_dup_snapshot  (DtTrainerShared       *shared);
/* Forgets the snapshot (weights re-initialised); returns the new snapshot serial. */
guint            dt_trainer_shared_drop_snapshot (DtTrainerShared       *shared);

/* The pace of a running worker (dt-trainer.h): batches per second, 0 for full speed. */
void             dt_trainer_shared_set_pace      (DtTrainerShared       *shared,
                                                  double                 batches_per_second);
/* Paused, the worker waits before its next batch until it is resumed, granted a step or
 * cancelled. */
void             dt_trainer_shared_set_paused    (DtTrainerShared       *shared,
                                                  gboolean               paused);
/* Pauses (if running) and lets exactly one more batch through. */
void             dt_trainer_shared_grant_step    (DtTrainerShared       *shared);
/* Wakes a waiting worker, to see its cancel flag (call after setting it). */
void             dt_trainer_shared_wake          (DtTrainerShared       *shared);

/* Worker thread. */

/* Waits until the next batch may start: at once at full speed, 1/pace seconds after
 * *last_turn otherwise, or — paused — until resumed or granted a step.  Returns TRUE when
 * the next batch is a granted step.  Stops waiting when *cancel is set.  Sets *last_turn to
 * the time it returned. */
gboolean         dt_trainer_shared_wait_turn     (DtTrainerShared       *shared,
                                                  const gint            *cancel,
                                                  gint64                *last_turn);
/* Hands a single step's record to the main thread (takes step). */
void             dt_trainer_shared_add_step      (DtTrainerShared       *shared,
                                                  DtTrainerStep         *step);

/* Records a batch and its status for run_id.  When the settings changed since *hyper_seen,
 * records where they took effect, updates *hyper_seen and returns TRUE with the new
 * settings in *hyper, for the worker to step with from the next batch. */
gboolean         dt_trainer_shared_add_batch     (DtTrainerShared       *shared,
                                                  guint                  run_id,
                                                  const DtTrainerPoint  *point,
                                                  const DtTrainerStatus *status,
                                                  guint                 *hyper_seen,
                                                  NnHyper               *hyper);
void             dt_trainer_shared_add_test      (DtTrainerShared       *shared,
                                                  const DtTestPoint     *test);
/* A per-epoch evaluation of the held-out validation rows. */
void             dt_trainer_shared_add_val       (DtTrainerShared       *shared,
                                                  const DtTestPoint     *val);
void             dt_trainer_shared_add_optim     (DtTrainerShared       *shared,
                                                  const DtOptimPoint    *point);
/* Copies net into the snapshot the main thread reads; returns the new snapshot serial. */
guint            dt_trainer_shared_publish       (DtTrainerShared       *shared,
                                                  const NnNet           *net);
/* The run has ended; takes error (NULL when every epoch ran). */
void             dt_trainer_shared_finish        (DtTrainerShared       *shared,
                                                  GError                *error);

G_END_DECLS
