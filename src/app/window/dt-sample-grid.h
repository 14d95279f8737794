/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid.h — a page of MNIST samples, each with its label, its one-hot vector and,
 * once a network exists, the network's guess */
#pragma once

#include <gtk/gtk.h>

#include "nn-dataset.h"
#include "dt-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_SAMPLE_GRID (dt_sample_grid_get_type ())
G_DECLARE_FINAL_TYPE (DtSampleGrid, dt_sample_grid, DT, SAMPLE_GRID, GtkWidget)

#define DT_SAMPLE_GRID_N_SAMPLES 12

GtkWidget *dt_sample_grid_new              (void);
/* Shows the trainer's data and predicts with its weight snapshots (nullable). */
void       dt_sample_grid_set_trainer      (DtSampleGrid *self,
                                            DtTrainer    *trainer);
/* Property "show-test-set": the test set instead of the training set. */
gboolean   dt_sample_grid_get_show_test_set (DtSampleGrid *self);
void       dt_sample_grid_set_show_test_set (DtSampleGrid *self,
                                             gboolean      show_test_set);
/* The next page of samples / a random page. */
void       dt_sample_grid_next             (DtSampleGrid *self);
void       dt_sample_grid_shuffle          (DtSampleGrid *self);
/* Index into the set of the i-th sample shown; the network's guess for it (-1: none). */
guint      dt_sample_grid_get_index        (DtSampleGrid *self,
                                            guint         i);
int        dt_sample_grid_get_prediction   (DtSampleGrid *self,
                                            guint         i);
/* Samples shown whose guess is wrong. */
guint      dt_sample_grid_get_n_wrong      (DtSampleGrid *self);

/* The ten one-hot cells of a label: cells[c] is TRUE for c == label only (all FALSE when the
 * label is out of 0..9). */
void       dt_sample_grid_one_hot          (int           label,
                                            gboolean      cells[NN_DATASET_CLASSES]);
/* The lesson's print of y_train[i]: "[0. 0. 0. 0. 0. 1. 0. 0. 0. 0.]" */
char      *dt_sample_grid_one_hot_text     (int           label);

G_END_DECLS
