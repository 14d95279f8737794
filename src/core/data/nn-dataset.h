/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-idx.h"

G_BEGIN_DECLS

/* A set of 28×28 grey images with labels 0–9, kept as bytes (the 60,000 training images
 * take 47 MB this way, not 188 MB of floats); batches become floats ÷ 255 on the fly. */
typedef struct
{
  gsize    n;
  int      rows;
  int      cols;
  guint8  *images;    /* n × rows × cols */
  guint8  *labels;    /* n */
} NnDataset;

#define NN_DATASET_CLASSES 10
#define NN_IMAGE_SIDE      28                              /* MNIST images are SIDE × SIDE */
#define NN_IMAGE_PIXELS    (NN_IMAGE_SIDE * NN_IMAGE_SIDE) /* the network's 784 inputs */

/* A set's arrays as nn_trainer_fit() and nn_evaluate() take them:
 * images, labels, n, stride. */
#define NN_DATASET_ARRAYS(ds) \
  (ds)->images, (ds)->labels, (ds)->n, nn_dataset_image_size (ds)

/* "train" → train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz]; "t10k" likewise. */
NnDataset *nn_dataset_load        (const char       *dir,
                                   const char       *prefix,
                                   GError          **error);
NnDataset *nn_dataset_load_files  (const char       *images_path,
                                   const char       *labels_path,
                                   GError          **error);
NnDataset *nn_dataset_new         (gsize             n,
                                   int               rows,
                                   int               cols);
void       nn_dataset_free        (NnDataset        *ds);
/* Appends the items of src (same image size) to ds. */
gboolean   nn_dataset_append      (NnDataset        *ds,
                                   const NnDataset  *src,
                                   GError          **error);
gsize      nn_dataset_image_size  (const NnDataset  *ds);
/* x (count, rows·cols) = images[indices[i]] / 255 */
void       nn_dataset_gather      (const NnDataset  *ds,
                                   const guint32    *indices,
                                   int               count,
                                   float            *x,
                                   guint8           *labels);

/* Where MNIST is looked for: explicit_dir (e.g. --data-dir) when given, then $MNIST_DIR,
 * then $XDG_DATA_HOME/digit-trainer/mnist.  Returns the first that holds all four files,
 * or NULL with an error that says where it looked and how to fetch the data. */
char      *nn_data_find_dir       (const char       *explicit_dir,
                                   GError          **error);
char      *nn_data_default_dir    (void);
/* TRUE when dir holds the four IDX files (raw or .gz). */
gboolean   nn_data_dir_has_all_files (const char     *dir);
/* dir/name, or dir/name.gz when only that exists; NULL when neither does. */
char      *nn_data_find_file      (const char       *dir,
                                   const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnDataset, nn_dataset_free)

G_END_DECLS
