/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-trainer.h — trains the network on a worker thread while the main loop stays free
 *
 * A DtTrainer lives on the main thread and owns one joinable GThread that runs
 * nn_trainer_fit().  The worker never touches the interface and never emits signals: it
 * writes into one mutex-guarded record (batch points since the last drain, the latest
 * running values, test points, the end of the run; dt-trainer-shared.h) and schedules at
 * most one pending main-loop source, which drains the record at frame rate and emits the
 * signals below.  Every function and signal here belongs to the main thread.
 *
 * Signals: progress, test-point, val-point, hyper-applied, finished, network-changed,
 * optimizer-stats and reset (their arguments are described where they are made).
 *
 * x positions are in epochs of training done since the last Reset (fractional), so a run
 * that is stopped and continued keeps one monotonic axis.
 */
#pragma once

#include <gio/gio.h>

#include "dt-trainer-shared.h"
#include "dt-trainer-status.h"
#include "nn-dataset.h"
#include "nn-dataset-kind.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_TRAINER (dt_trainer_get_type ())
G_DECLARE_FINAL_TYPE (DtTrainer, dt_trainer, DT, TRAINER, GObject)

typedef enum
{
  DT_DATA_STATE_NONE,      /* nothing asked yet */
  DT_DATA_STATE_LOADING,
  DT_DATA_STATE_READY,
  DT_DATA_STATE_MISSING,   /* no folder holds the four files; see dt_trainer_get_data_error */
  DT_DATA_STATE_ERROR,     /* a folder was found but its files do not load */
} DtDataState;

DtTrainer       *dt_trainer_new                (void);

/* Data: loads train + test from data_dir (NULL or "" = the default lookup) on a worker
 * thread.  A folder already loaded is not loaded again. */
void             dt_trainer_load_data          (DtTrainer        *self,
                                                const char       *data_dir);
/* The same for either dataset (nn-dataset-kind.h: data_dir NULL or "" = where it is
 * installed).  The network stays: the window resets it when the kind changes. */
void             dt_trainer_load_dataset       (DtTrainer        *self,
                                                NnDatasetKind     kind,
                                                const char       *data_dir);
/* The kind of the loaded set (MNIST before any). */
NnDatasetKind    dt_trainer_get_dataset        (DtTrainer        *self);
DtDataState      dt_trainer_get_data_state     (DtTrainer        *self);
const GError    *dt_trainer_get_data_error     (DtTrainer        *self);
/* The folder the data came from, or NULL. */
const char      *dt_trainer_get_data_dir       (DtTrainer        *self);
/* Valid until the next notify::data-state; NULL unless the state is READY. */
const NnDataset *dt_trainer_get_train_set      (DtTrainer        *self);
const NnDataset *dt_trainer_get_test_set       (DtTrainer        *self);
/* The loaded train and test sets (dt-trainer-shared.h), a new reference for a thread that
 * reads them while a new load may replace them, or NULL. */
DtData          *dt_trainer_ref_data           (DtTrainer        *self);
/* Samples appended to the training set from the next Train on (transfer full, nullable;
 * NULL drops the extras). */
void             dt_trainer_set_extra_samples  (DtTrainer        *self,
                                                NnDataset        *extra);

/* Settings.  hyper and batch_size apply from the next Train; hyper also mid-run, from the
 * next batch ("hyper-applied" says where).  n_hidden and seed apply at the next Reset
 * (property "needs-reset"). */
void             dt_trainer_set_config         (DtTrainer        *self,
                                                const NnConfig   *config,
                                                int               epochs);
void             dt_trainer_get_config         (DtTrainer        *self,
                                                NnConfig         *config,
                                                int              *epochs);
gboolean         dt_trainer_get_needs_reset    (DtTrainer        *self);

/* What the next Train fits on (dt-trainer-status.h): the first rows only, a validation
 * split evaluated after every epoch ("val-point": x, val_loss, val_accuracy), early
 * stopping.  Applies from the next Train, as the CLI's --train-samples,
 * --validation-split and --early-stopping.  Out-of-range values fail that Train. */
void             dt_trainer_set_fit_options    (DtTrainer          *self,
                                                const DtFitOptions *options);
void             dt_trainer_get_fit_options    (DtTrainer          *self,
                                                DtFitOptions       *options);
/* How the latest finished run's fit went: rows trained on and held out, epochs run, the
 * best epoch (lowest val_loss, the trainer's epoch number; 0 without validation) and
 * whether early stopping ended it (then the best epoch's weights were restored).  FALSE
 * before any run finished. */
gboolean         dt_trainer_get_fit_report     (DtTrainer          *self,
                                                NnFitReport        *report);

/* Runs `epochs` more epochs from the current weights and optimizer state.  FALSE with an
 * error when the data is not loaded, a run is going, or the settings are invalid. */
gboolean         dt_trainer_train              (DtTrainer        *self,
                                                GError          **error);
/* Cancels within one batch and joins; the weights and the batches done are kept. */
void             dt_trainer_stop               (DtTrainer        *self);
/* Stops, then new weights from the seed (and the hidden width) of the settings. */
void             dt_trainer_reset              (DtTrainer        *self);
gboolean         dt_trainer_get_running        (DtTrainer        *self);
/* The lesson's pace: at most `batches_per_second` batches a second (0: full speed), from
 * the next batch of a running worker on.  Waiting never changes what is computed: the same
 * seed gives the same weights at any pace. */
void             dt_trainer_set_pace           (DtTrainer        *self,
                                                double            batches_per_second);
double           dt_trainer_get_pace           (DtTrainer        *self);
/* A paused run holds before its next batch (still running: Stop ends it).  Ignored when no
 * run is going; a run's end unpauses (property "paused"). */
void             dt_trainer_set_paused         (DtTrainer        *self,
                                                gboolean          paused);
gboolean         dt_trainer_get_paused         (DtTrainer        *self);
/* Trains exactly one batch, then holds paused; starts a run (of the set epochs) when none is
 * going.  The "step" signal shows the batch: its samples and the answers before and after
 * the update.  FALSE with an error when no run can start (see dt_trainer_train). */
gboolean         dt_trainer_step               (DtTrainer        *self,
                                                GError          **error);

/* Model files (nn-model-file.h), only while no run is going (G_IO_ERROR_BUSY otherwise).
 * Loading replaces the network, its optimizer state and counters (and its hidden width and
 * seed, see dt_trainer_get_model_config); the position becomes the model's epochs. */
gboolean         dt_trainer_save_model         (DtTrainer        *self,
                                                const char       *path,
                                                GError          **error);
gboolean         dt_trainer_load_model         (DtTrainer        *self,
                                                const char       *path,
                                                GError          **error);
/* NumPy's .npz in Keras's get_weights() order (nn-npz.h), only while no run is going.
 * Export writes the current weights; import makes them the network (hidden width from the
 * file, the other settings as they are; fresh optimizer state and counters, position 0) and
 * publishes them at once for drawing and evaluating.  A file of the wrong shapes or dtype is
 * a G_IO_ERROR_INVALID_DATA that says what is wrong. */
gboolean         dt_trainer_export_npz         (DtTrainer        *self,
                                                const char       *path,
                                                GError          **error);
gboolean         dt_trainer_import_npz         (DtTrainer        *self,
                                                const char       *path,
                                                GError          **error);
/* The settings the network was made and last trained with (for the settings to follow a
 * loaded model). */
void             dt_trainer_get_model_config   (DtTrainer        *self,
                                                NnConfig         *config);

/* Latest values; FALSE before the first batch since Reset. */
gboolean         dt_trainer_get_status         (DtTrainer        *self,
                                                DtTrainerStatus  *status);
/* Epochs done since Reset (the x of the next point). */
double           dt_trainer_get_position       (DtTrainer        *self);
gint64           dt_trainer_get_iterations     (DtTrainer        *self);

/* A new copy (free with nn_net_free) of the latest weights the worker published, or NULL
 * while untrained.  The copy is never being written by anyone. */
NnNet           *dt_trainer_dup_network        (DtTrainer        *self);
/* A copy of the weights as the seed made them while no run has trained them since Reset
 * (what the network answers before it learns), else NULL. */
NnNet           *dt_trainer_dup_untrained_network (DtTrainer     *self);

/* Debugging and tests: how many times progress was drained / batches seen since creation. */
guint            dt_trainer_get_n_drains       (DtTrainer        *self);
guint64          dt_trainer_get_n_batches      (DtTrainer        *self);

/* "Epoch 1/2 · batch 937/1875 · 12,345 samples/s · ETA 0:01 · loss 0.3506 · acc 0.9025"
 * (without the ETA when status->eta_seconds < 0) */
char            *dt_trainer_format_status      (const DtTrainerStatus *status);
/* 0.3506, or 1.2076e-07 below 1e-3, as Keras prints metrics */
char            *dt_trainer_format_metric      (double            value);
/* "lr 0.001 · ρ 0.9 · ε 1e-08" (and " · decay …" when non-zero) */
char            *dt_trainer_format_hyper       (const NnHyper    *hyper);

G_END_DECLS
