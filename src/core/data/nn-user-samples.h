/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-dataset.h"

G_BEGIN_DECLS

/* Digits the user drew and labelled ("Add to training set"), kept as an IDX pair beside the
 * MNIST data so they survive a restart:
 *
 *   $XDG_DATA_HOME/digit-trainer/user-samples/user-images-idx3-ubyte   (n, 28, 28)
 *   $XDG_DATA_HOME/digit-trainer/user-samples/user-labels-idx1-ubyte   (n)
 *
 * Each file is replaced atomically; the images file is written first, so a crash between
 * the two renames leaves one image too many, and loading keeps only the labelled prefix. */

#define NN_USER_SAMPLES_IMAGES "user-images-idx3-ubyte"
#define NN_USER_SAMPLES_LABELS "user-labels-idx1-ubyte"

/* $XDG_DATA_HOME/digit-trainer/user-samples */
char      *nn_user_samples_default_dir (void);

/* The samples in dir: an empty set (n = 0) when none were saved yet; NULL with an error
 * when the files exist but cannot be read or are not 28×28 digits. */
NnDataset *nn_user_samples_load        (const char       *dir,
                                        GError          **error);
/* Writes samples (28×28, n ≥ 1) to dir, creating it. */
gboolean   nn_user_samples_save        (const char       *dir,
                                        const NnDataset  *samples,
                                        GError          **error);
/* Loads what dir holds, adds one 28×28 image (784 bytes) with its label, saves, and
 * returns the new set (NULL with an error when reading or writing failed). */
NnDataset *nn_user_samples_append      (const char       *dir,
                                        const guint8     *image,
                                        guint8            label,
                                        GError          **error);

G_END_DECLS
