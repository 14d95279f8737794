/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dt-idx.h"

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
} DtDataset;

#define DT_DATASET_CLASSES 10

/* "train" → train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz]; "t10k" likewise. */
DtDataset *dt_dataset_load        (const char       *dir,
                                   const char       *prefix,
                                   GError          **error);
DtDataset *dt_dataset_load_files  (const char       *images_path,
                                   const char       *labels_path,
                                   GError          **error);
DtDataset *dt_dataset_new         (gsize             n,
                                   int               rows,
                                   int               cols);
void       dt_dataset_free        (DtDataset        *ds);
/* Appends the items of src (same image size) to ds. */
gboolean   dt_dataset_append      (DtDataset        *ds,
                                   const DtDataset  *src,
                                   GError          **error);
gsize      dt_dataset_image_size  (const DtDataset  *ds);
/* x (count, rows·cols) = images[indices[i]] / 255 */
void       dt_dataset_gather      (const DtDataset  *ds,
                                   const guint32    *indices,
                                   int               count,
                                   float            *x,
                                   guint8           *labels);

/* Where MNIST is looked for: explicit_dir (e.g. --data-dir) when given, then $MNIST_DIR,
 * then $XDG_DATA_HOME/digit-trainer/mnist.  Returns the first that holds all four files,
 * or NULL with an error that says where it looked and how to fetch the data. */
char      *dt_data_find_dir       (const char       *explicit_dir,
                                   GError          **error);
char      *dt_data_default_dir    (void);
/* dir/name, or dir/name.gz when only that exists; NULL when neither does. */
char      *dt_data_find_file      (const char       *dir,
                                   const char       *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtDataset, dt_dataset_free)

G_END_DECLS
