/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-trainer.h"

G_BEGIN_DECLS

/* The lesson's Keras script, written for a run's settings: the same data, network,
 * RMSprop, epochs, batch size, seed, shuffling, validation split and early stopping, in the
 * spelling of the RMSprop form (config->hyper.form): Keras 2's RMSprop(lr=…, rho=…,
 * epsilon=…, decay=…) and np_utils, or Keras 3's RMSprop(learning_rate=…, rho=…,
 * epsilon=…), to_categorical and Input.  Numbers are written as the shortest decimal that
 * reads back as the float the engine uses, so the script holds the values that were set.
 * With npz_path it loads those weights (nn-npz.h) with model.set_weights() instead of
 * training; otherwise NPZ = None and it trains. */
typedef struct
{
  const NnConfig *config;
  int             epochs;
  const char     *dataset;           /* Keras's module: "mnist" or "fashion_mnist" */
  gsize           train_samples;     /* 0: all */
  double          validation_split;  /* 0: none */
  int             patience;          /* NN_NO_EARLY_STOPPING (−1) or ≥ 0 */
  const char     *npz_path;          /* or NULL */
} NnKerasScript;

char *nn_keras_script (const NnKerasScript *script);

G_END_DECLS
