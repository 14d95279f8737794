/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn.h"
#include "nn-rng.h"

G_BEGIN_DECLS

/* Keras's fit() and evaluate() for NnNet: a trainer owns the network, its gradients, the
 * RMSprop state, the shuffle generator and the batch scratch, so a fit can stop and later
 * continue exactly where it left off.  Not thread-safe: one thread uses a trainer at a time. */

#define NN_ERROR (nn_error_quark ())

typedef enum
{
  NN_ERROR_CANCELLED,
  NN_ERROR_DIVERGED,
  NN_ERROR_INVALID,
  NN_ERROR_NO_MEMORY,
} NnError;

#define NN_MAX_HIDDEN     4096
#define NN_MAX_BATCH_SIZE 60000
#define NN_MAX_THREADS    8
#define NN_THREADS_AUTO   0     /* as many threads as cores, while they are faster than one */
/* The most epochs and optimizer steps a trainer counts: half their types, far beyond any
 * run (2⁶² steps take millennia).  A fit that would pass them is refused and a model file
 * holding more is not loaded, so the counters never overflow and every saved model loads. */
#define NN_MAX_EPOCHS_DONE (G_MAXINT / 2)
#define NN_MAX_ITERATIONS  (G_MAXINT64 / 2)

/* The lesson's settings (its Keras script seeds NumPy with 1337). */
#define NN_LESSON_BATCH_SIZE 32
#define NN_LESSON_SEED       1337
#define NN_LESSON_EPOCHS     2

typedef struct
{
  int      n_hidden;     /* NN_LESSON_HIDDEN */
  int      batch_size;   /* NN_LESSON_BATCH_SIZE */
  gboolean shuffle;      /* TRUE */
  guint64  seed;         /* NN_LESSON_SEED */
  NnHyper  hyper;        /* Keras defaults */
  gboolean dense;        /* FALSE: sparse-input first layer (nn-sparse.h); TRUE: BLAS GEMMs */
  int      n_threads;    /* sparse engine: threads sharing each batch (NN_THREADS_AUTO) */
} NnConfig;

/* Fills config with the values in the comments above. */
void nn_config_init_defaults (NnConfig *config);

typedef struct
{
  int     epoch;            /* 1-based, counted over the trainer's life */
  int     last_epoch;       /* the epoch this fit() ends on */
  gsize   seen;             /* samples done in this epoch */
  gsize   total;            /* samples in an epoch */
  gint64  iteration;        /* optimizer steps taken since the weights were initialised */
  double  loss;             /* running mean over this epoch, as Keras's progress bar shows */
  double  accuracy;
  double  batch_loss;       /* this batch alone */
  double  batch_accuracy;
  double  seconds;          /* time spent in this epoch so far */
  /* At an epoch's end under nn_trainer_fit_validated() (nn-validation.h): the held-out
   * rows evaluated with the epoch's final weights.  NAN everywhere else. */
  double  val_loss;
  double  val_accuracy;
} NnProgress;

typedef struct _NnTrainer NnTrainer;

/* Called on the thread running fit(), after every batch / at every epoch end.  The batch
 * callback may call nn_trainer_set_hyper(); the next batch uses the new values. */
typedef void (*NnBatchFunc) (NnTrainer        *trainer,
                             const NnProgress *progress,
                             gpointer          user_data);
typedef void (*NnEpochFunc) (NnTrainer        *trainer,
                             const NnProgress *progress,
                             gpointer          user_data);

typedef struct
{
  NnBatchFunc  on_batch;
  NnEpochFunc  on_epoch;
  gpointer     user_data;
  const gint  *cancel;      /* read atomically before every batch; non-zero stops the fit */
} NnCallbacks;

GQuark          nn_error_quark             (void);
gboolean        nn_config_validate         (const NnConfig     *config,
                                            GError            **error);
NnTrainer      *nn_trainer_new             (const NnConfig     *config,
                                            int                 n_in,
                                            int                 n_out,
                                            GError            **error);
void            nn_trainer_free            (NnTrainer          *trainer);
/* New weights from config.seed, zeroed optimizer state and counters. */
void            nn_trainer_reset           (NnTrainer          *trainer);
/* Takes the settings that can change between fits: batch size, shuffle, seed (used by the
 * next reset), hyperparameters, engine and threads.  n_hidden must stay as it is (a new
 * size needs a new trainer).  On error nothing changes. */
gboolean        nn_trainer_configure       (NnTrainer          *trainer,
                                            const NnConfig     *config,
                                            GError            **error);
/* The hyperparameters of the next step: from a batch callback, a change mid-fit. */
gboolean        nn_trainer_set_hyper       (NnTrainer          *trainer,
                                            const NnHyper      *hyper,
                                            GError            **error);
/* Runs `epochs` more epochs over n images of `stride` bytes (stride must be the network's
 * n_in) with their labels.  On cancel or divergence returns FALSE with NN_ERROR_CANCELLED
 * or NN_ERROR_DIVERGED; the weights and optimizer state are kept either way.  The arrays
 * must stay unchanged until the fit returns. */
gboolean        nn_trainer_fit             (NnTrainer          *trainer,
                                            const guint8       *images,
                                            const guint8       *labels,
                                            gsize               n,
                                            gsize               stride,
                                            int                 epochs,
                                            const NnCallbacks  *callbacks,
                                            GError            **error);
/* Forgets what the trainer derived from the training set of the last fit (its index of
 * non-zero pixels, kept across fits of the same set).  Call it when that set was changed in
 * place or freed: a new set could otherwise be taken for the old one at the same address. */
void            nn_trainer_forget_data     (NnTrainer          *trainer);
/* TRUE while the trainer keeps such an index. */
gboolean        nn_trainer_has_data_index  (const NnTrainer    *trainer);
/* Builds that index for the first n images (n_in bytes each) unless the trainer holds it
 * already, as every fit does first; nothing for the dense engine. */
void            nn_trainer_index_data      (NnTrainer          *trainer,
                                            const guint8       *images,
                                            gsize               n);
/* Takes `from`'s index (and what it was built from), shared read-only: runs that train on
 * the same images at the same time, as a sweep's, search them for non-zero pixels once.
 * Call it before the trainer's first fit, while `from` is not fitting; nothing when `from`
 * (which may be NULL) has no index. */
void            nn_trainer_share_data_index (NnTrainer         *trainer,
                                             const NnTrainer   *from);

/* What a trainer holds, for the thread that uses it.  The settings are read-only (change
 * them with nn_trainer_configure()).  The network and the optimizer state stay the trainer's
 * but may be read and written between fits or from a batch callback: a test poisons the
 * weights this way, and nn_trainer_get_net() is what callers evaluate or copy. */
const NnConfig *nn_trainer_get_config      (const NnTrainer    *trainer);
NnNet          *nn_trainer_get_net         (const NnTrainer    *trainer);
NnRmsprop      *nn_trainer_get_optimizer   (const NnTrainer    *trainer);
/* The gradient the latest step applied (net->n_params floats, in the block's order), for a
 * batch callback to look at: valid until the next step.  The sparse engine's update
 * consumes the first layer's gradient as it goes, so there it is NULL unless a batch
 * callback asked for the coming step's with nn_trainer_keep_gradient(). */
void            nn_trainer_keep_gradient   (NnTrainer          *trainer);
const float    *nn_trainer_get_gradient    (const NnTrainer    *trainer);
/* The generator that shuffles each epoch (its state is part of a model file). */
const NnRng    *nn_trainer_get_shuffle_rng (const NnTrainer    *trainer);
/* Optimizer steps taken since the weights were initialised (the optimizer's count). */
gint64          nn_trainer_get_iterations  (const NnTrainer    *trainer);
/* Epochs completed since the weights were initialised; the next fit numbers its epochs
 * from here.  Tests set it to build a state to save and load. */
int             nn_trainer_get_epochs_done (const NnTrainer    *trainer);
void            nn_trainer_set_epochs_done (NnTrainer          *trainer,
                                            int                 epochs_done);
/* From a batch callback: the indices (into the images given to fit()) of the samples of the
 * batch just trained, in their order, with their number in *count; NULL (and 0) outside a
 * batch callback. */
const guint32  *nn_trainer_get_batch       (const NnTrainer    *trainer,
                                            int                *count);

/* Mean loss and accuracy of net over n images (stride = net->n_in bytes each) and their
 * labels, in batches of up to 256. */
void            nn_evaluate                (const NnNet        *net,
                                            const guint8       *images,
                                            const guint8       *labels,
                                            gsize               n,
                                            gsize               stride,
                                            double             *loss,
                                            double             *accuracy);
/* p (n_out) = the network's probabilities for one input x (n_in floats in [0, 1]). */
void            nn_predict                 (const NnNet        *net,
                                            const float        *x,
                                            float              *p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnTrainer, nn_trainer_free)

G_END_DECLS
