/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer-private.h — DtTrainer's insides, shared by its main-thread, worker and data
 * halves (dt-trainer.c, dt-trainer-worker.c, dt-trainer-data.c) */
#pragma once

#include "dt-trainer.h"

G_BEGIN_DECLS

#define DRAIN_INTERVAL_US 16000    /* one drain per frame at most */
#define PUBLISH_US        100000   /* weight snapshots at most every 100 ms */
#define EVAL_CHUNK        1000     /* test evaluation checks the cancel flag this often */
#define WORKER_NICE       10       /* the worker yields to the interface */

/* The train and test sets, shared read-only by the main thread and a running worker. */
typedef struct
{
  NnDataset *train;
  NnDataset *test;
} DtData;

/* A per-epoch test-set evaluation. */
typedef struct
{
  double x;
  double loss;
  double accuracy;
} TestPoint;

/* Settings changed mid-run, taking effect at x. */
typedef struct
{
  double  x;
  NnHyper hyper;
} HyperMark;

/* Fixed when Train is pressed; read by the worker only. */
typedef struct
{
  DtTrainer *self;
  guint      run_id;
  NnTrainer *nn;          /* owned by self, used by the worker alone while it runs */
  DtData    *data;        /* a reference */
  NnDataset *fit;         /* training set + extras, borrowed from self->fit, or NULL */
  NnDataset *extra;       /* a copy when the worker must build that set, or NULL */
  NnDataset *built;       /* … built here by the worker, handed back at the join */
  guint      generation;  /* self->set_generation at Train */
  gboolean   new_set;     /* another set than the last fit: drop the core's cached copy */
  int        epochs;
  int        first_epoch;
  double     x_base;
  double     x_last;
  guint      hyper_seen;
  gint64     last_publish;
  gint       cancel;      /* atomic */
} Job;

struct _DtTrainer
{
  GObject       parent_instance;

  GMainContext *context;

  /* settings (main thread) */
  NnConfig      config;
  int           epochs;

  /* network and run state (main thread; the worker uses nn while running) */
  NnTrainer    *nn;
  GThread      *thread;
  Job          *job;
  guint         run_id;
  double        x;
  gboolean      have_status;
  DtTrainerStatus status;
  guint         n_drains;
  guint64       n_batches;
  gint64        last_network_emit;
  guint         network_serial_seen;
  guint         network_retry_id;

  /* data (main thread) */
  DtData       *data;
  NnDataset    *extra;
  NnDataset    *fit;            /* data->train + extra, kept while they do not change */
  guint         fit_generation;
  guint         set_generation; /* bumped when the data or the extras change */
  guint         trained_generation;
  DtDataState   data_state;
  GError       *data_error;
  char         *data_dir;
  char         *loading_dir;
  GCancellable *load_cancellable;

  /* shared with the worker, under lock */
  GMutex        lock;
  GArray       *rec_points;     /* DtTrainerPoint since the last drain */
  GArray       *rec_tests;      /* TestPoint */
  GArray       *rec_marks;      /* HyperMark */
  gboolean      rec_have_status;
  DtTrainerStatus rec_status;
  gboolean      rec_done;
  GError       *rec_error;
  guint         rec_run_id;     /* the run the record belongs to */
  GSource      *pending;
  gint64        last_drain;
  NnHyper       hyper_in;
  guint         hyper_serial;
  NnNet        *snapshot;
  guint         snapshot_serial;
};

/* dt-trainer-data.c */
DtData   *dt_trainer_data_ref              (DtData     *data);
void      dt_trainer_data_unref            (DtData     *data);

/* dt-trainer-worker.c: the thread's body and what it calls */
gpointer  dt_trainer_worker_main           (gpointer    job);
void      dt_trainer_job_free              (Job        *job);

/* dt-trainer.c */
gboolean  dt_trainer_drain                 (DtTrainer  *self);
void      dt_trainer_set_data_state        (DtTrainer  *self,
                                            DtDataState state);

G_END_DECLS
