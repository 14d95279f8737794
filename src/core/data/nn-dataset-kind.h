/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which set of 28×28 images with ten classes is trained on: MNIST's digits or Zalando's
 * Fashion-MNIST, a drop-in replacement in the same IDX files (Debian installs it from
 * dataset-fashion-mnist under NN_FASHION_MNIST_DIR).  The network and the engine are the
 * same; only where the files are and what the ten labels mean differ. */
typedef enum
{
  NN_DATASET_MNIST,
  NN_DATASET_FASHION,
} NnDatasetKind;

#define NN_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

/* "mnist" or "fashion" (as --dataset spells them); FALSE for anything else. */
gboolean    nn_dataset_kind_from_name (const char     *name,
                                       NnDatasetKind  *kind);
const char *nn_dataset_kind_name      (NnDatasetKind   kind);
/* The translated name of class label (0–9) of kind: "7" for MNIST, "Sneaker" for
 * Fashion-MNIST (the names and order of Zalando's README). */
const char *nn_dataset_class_name     (NnDatasetKind   kind,
                                       int             label);
/* The same, untranslated (for --json). */
const char *nn_dataset_class_id       (NnDatasetKind   kind,
                                       int             label);
/* The folder holding the four IDX files: explicit_dir when given (any such folder works,
 * as with MNIST), else MNIST's lookup (nn_data_find_dir()) or NN_FASHION_MNIST_DIR. */
char       *nn_dataset_kind_find_dir  (NnDatasetKind   kind,
                                       const char     *explicit_dir,
                                       GError        **error);

G_END_DECLS
