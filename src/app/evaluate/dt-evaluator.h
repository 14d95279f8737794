/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-evaluator.h — the network's answers over the test set, kept up to date off the main
 * loop
 *
 * A DtEvaluator follows a DtTrainer.  After every epoch, when training stops, after Reset
 * and when the data is loaded it copies the latest weight snapshot (or, before any step,
 * the untrained weights) and runs nn_eval_set() over the 10,000 test digits on a GTask
 * thread: the confusion matrix, every digit's answer and probabilities, the digits that
 * excite each hidden unit most (nn-eval.h).  One evaluation runs at a time; a request
 * while one runs is served once it ends, with the newest weights.  The training set's
 * answers are added when asked for (the samples' "mistakes only" filter).  The result
 * arrives as "updated" on the main thread. */
#pragma once

#include <gio/gio.h>

#include "dt-trainer.h"
#include "nn-eval.h"

G_BEGIN_DECLS

/* One evaluation: read-only once made, shared by reference. */
typedef struct
{
  DtData       *data;        /* the sets it ran over */
  NnNet        *net;         /* the weights it evaluated */
  gboolean      trained;     /* FALSE: the untrained network's guesses */
  double        x;           /* epochs trained since Reset */
  NnEvalResult *test;        /* over data->test */
  NnEvalResult *train;       /* over data->train, or NULL when nobody asked */
} DtEvaluation;

DtEvaluation *dt_evaluation_ref   (DtEvaluation *evaluation);
void          dt_evaluation_unref (DtEvaluation *evaluation);

#define DT_TYPE_EVALUATOR (dt_evaluator_get_type ())
G_DECLARE_FINAL_TYPE (DtEvaluator, dt_evaluator, DT, EVALUATOR, GObject)

DtEvaluator  *dt_evaluator_new            (DtTrainer   *trainer);
DtTrainer    *dt_evaluator_get_trainer    (DtEvaluator *self);
/* The latest evaluation (borrowed; ref it to keep it past the next "updated"), or NULL. */
DtEvaluation *dt_evaluator_get_evaluation (DtEvaluator *self);
/* Evaluate now (with the newest weights); what the trainer's signals do. */
void          dt_evaluator_request        (DtEvaluator *self);
/* Whether evaluations include the training set's answers (60,000 more digits). */
void          dt_evaluator_set_want_train (DtEvaluator *self,
                                           gboolean     want);
/* TRUE while an evaluation runs or waits. */
gboolean      dt_evaluator_get_busy       (DtEvaluator *self);
/* Tests and measurement: evaluations finished, and the longest one in µs. */
guint         dt_evaluator_get_n_done     (DtEvaluator *self);
gint64        dt_evaluator_get_longest_us (DtEvaluator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DtEvaluation, dt_evaluation_unref)

G_END_DECLS
