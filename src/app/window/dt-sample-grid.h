/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid.h — a page of MNIST samples, each with its label, its one-hot vector (its
 * cells numbered 0–9) and, once a network exists, the network's guess; filtered by digit
 * and to the network's mistakes, paged ("page 3 of 500") */
#pragma once

#include <gtk/gtk.h>

#include "nn-dataset.h"
#include "dt-evaluator.h"
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
/* The next / previous page of samples (wrapping around); a random order from page 1. */
void       dt_sample_grid_next             (DtSampleGrid *self);
void       dt_sample_grid_previous         (DtSampleGrid *self);
void       dt_sample_grid_shuffle          (DtSampleGrid *self);
/* Pages of the samples that pass the filters, and the one shown (0-based). */
guint      dt_sample_grid_get_page         (DtSampleGrid *self);
guint      dt_sample_grid_get_n_pages      (DtSampleGrid *self);
/* Samples that pass the filters. */
guint      dt_sample_grid_get_n_matching   (DtSampleGrid *self);
/* Only samples of one digit (−1: all digits). */
void       dt_sample_grid_set_digit_filter (DtSampleGrid *self,
                                            int           digit);
int        dt_sample_grid_get_digit_filter (DtSampleGrid *self);
/* Property "mistakes-only": only the samples the network gets wrong, as the evaluator's
 * latest evaluation says (nothing passes until there is one). */
void       dt_sample_grid_set_mistakes_only (DtSampleGrid *self,
                                             gboolean      mistakes_only);
gboolean   dt_sample_grid_get_mistakes_only (DtSampleGrid *self);
/* Where the answers for "mistakes only" come from (nullable). */
void       dt_sample_grid_set_evaluator    (DtSampleGrid *self,
                                            DtEvaluator  *evaluator);
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
/* The markup under a sample, in widget's font, for a cell `width` pixels wide: "5 pred. 3 ✗",
 * narrower "5 → 3 ✗", narrower still "5 ✗" (guess −1: the label alone). */
char      *dt_sample_grid_cell_text        (GtkWidget    *widget,
                                            int           label,
                                            int           guess,
                                            double        width);

G_END_DECLS
