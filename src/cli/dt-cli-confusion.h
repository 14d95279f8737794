/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-cli-confusion.h — --confusion: the test set's confusion matrix, as a table after
 * "test accuracy:" and as a JSON array in --json's test line */
#pragma once

#include <json-glib/json-glib.h>

#include "nn-dataset.h"
#include "nn.h"

G_BEGIN_DECLS

/* matrix (NN_DATASET_CLASSES²) of net over set: row = true digit, column = prediction;
 * the diagonal over set->n is nn_evaluate()'s accuracy exactly (nn-eval.h). */
guint32 *dt_cli_confusion_compute (const NnNet     *net,
                                   const NnDataset *set);
/* The table: a header line, one row per true digit with its total and accuracy, a totals
 * row; columns right-aligned to the widest count. */
char    *dt_cli_confusion_text    (const guint32   *matrix);
/* Adds "confusion": [[…], …] (rows: true digit) to the object builder is in; nothing for
 * NULL. */
void     dt_cli_confusion_add_json (JsonBuilder    *builder,
                                    const guint32  *matrix);

G_END_DECLS
