/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer-private.h — DtTrainer's insides, for its main-thread halves (dt-trainer.c,
 * dt-trainer-data.c).  The worker sees only its job and the shared state. */
#pragma once

#include "dt-trainer.h"
#include "dt-trainer-shared.h"
#include "dt-trainer-worker.h"

G_BEGIN_DECLS

struct _DtTrainer
{
  GObject          parent_instance;

  /* settings */
  NnConfig         config;
  int              epochs;
  DtFitOptions     fit_options;    /* dt-trainer-validation.c */
  NnFitReport      fit_report;     /* of the latest run, once it has finished */

  /* network and run state; the worker uses nn while it runs */
  NnTrainer       *nn;
  GThread         *thread;
  DtTrainerJob    *job;
  DtTrainerShared *shared;
  guint            run_id;
  double           x;
  gboolean         have_status;
  DtTrainerStatus  status;
  guint            n_drains;
  guint64          n_batches;
  gint64           last_network_emit;
  guint            network_serial_seen;
  guint            network_retry_id;
  gboolean         paused;
  double           pace;
  gboolean         publish_new_weights;  /* imported weights: published though untrained */

  /* data */
  DtData          *data;
  NnDataset       *extra;
  NnDataset       *fit;            /* data->train + extra, kept while they do not change */
  guint            fit_generation;
  guint            set_generation; /* bumped when the data or the extras change */
  guint            trained_generation;
  DtDataState      data_state;
  GError          *data_error;
  char            *data_dir;
  char            *loading_dir;
  NnDatasetKind    data_kind;      /* of data (MNIST until another has loaded) */
  NnDatasetKind    loading_kind;
  GCancellable    *load_cancellable;
};

/* dt-trainer.c */
void     dt_trainer_set_data_state  (DtTrainer   *self,
                                     DtDataState  state);
/* Pauses or resumes the worker and notifies "paused". */
void     dt_trainer_set_paused_flag (DtTrainer   *self,
                                     gboolean     paused);
/* Starts a run; with step, paused after its first batch (a single step). */
gboolean dt_trainer_start           (DtTrainer   *self,
                                     gboolean     step,
                                     GError     **error);
/* After new weights (nn, or the trainer's own re-initialised when NULL; takes nn): a new
 * run id, the position at nn's epochs, a snapshot for trained weights, "reset" and
 * network-changed; notifies needs-reset when it differs from `needed`. */
void     dt_trainer_replace_weights (DtTrainer   *self,
                                     NnTrainer   *nn,
                                     gboolean     needed);

/* dt-trainer-validation.c */
void     dt_trainer_validation_class_init  (GObjectClass          *object_class);
/* Fills the job's fit options (and a report that says "nothing yet"). */
void     dt_trainer_validation_prepare_job (DtTrainer             *self,
                                            DtTrainerJob          *job);
/* Emits "val-point" for each validation point of the record. */
void     dt_trainer_validation_emit        (DtTrainer             *self,
                                            const DtTrainerRecord *record);

G_END_DECLS
