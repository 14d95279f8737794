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
  GCancellable    *load_cancellable;
};

/* dt-trainer.c */
void dt_trainer_set_data_state (DtTrainer   *self,
                                DtDataState  state);

G_END_DECLS
