/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nn-eval.h — what a network answers over a labelled set and what its weights and one
 * forward pass show: the confusion matrix, the test digits that excite each hidden unit,
 * per-unit weight images, the evidence map of an input, percentiles.  Plain functions on
 * raw arrays (layouts as in nn.h); no GTK, no main loop, safe on any thread as long as no
 * one writes the network meanwhile. */
#pragma once

#include <glib.h>

#include "nn.h"

G_BEGIN_DECLS

/* The lesson's input is a 28 × 28 image: pixel (r, c) is input 28·r + c. */
#define NN_EVAL_IMAGE_SIDE 28
#define NN_EVAL_TOP_K      16   /* test digits kept per hidden unit, most exciting first */

/* A network's answers over a set of n items, filled by nn_eval_set(). */
typedef struct
{
  gsize    n;
  int      n_hidden;
  int      n_out;
  guint8  *answers;     /* (n) argmax of each item's probabilities, first maximum wins */
  float   *probs;       /* (n, n_out) softmax probabilities */
  guint32 *confusion;   /* (n_out, n_out): row = true label, column = answer */
  gsize    correct;     /* the confusion matrix's diagonal sum */
  int      top_k;       /* items kept per hidden unit: MIN (NN_EVAL_TOP_K, n) */
  guint32 *top_index;   /* (n_hidden, NN_EVAL_TOP_K) items with the highest activation … */
  float   *top_value;   /* (n_hidden, NN_EVAL_TOP_K) … and those activations, descending */
} NnEvalResult;

NnEvalResult *nn_eval_result_new      (gsize               n,
                                       int                 n_hidden,
                                       int                 n_out);
void          nn_eval_result_free     (NnEvalResult       *result);

/* Runs net over n images (stride = net->n_in bytes each) with their labels, in the same
 * batches and through the same sparse forward pass as nn_evaluate(), so the diagonal of
 * the confusion matrix divided by n is nn_evaluate()'s accuracy exactly.  result must have
 * been made for n, net->n_hidden and net->n_out.  cancel (nullable) is read atomically
 * between batches; FALSE when it stopped the run (the result is then incomplete). */
gboolean      nn_eval_set             (const NnNet        *net,
                                       const guint8       *images,
                                       const guint8       *labels,
                                       gsize               n,
                                       gsize               stride,
                                       NnEvalResult       *result,
                                       const gint         *cancel);
/* matrix (n_classes, n_classes) = counts of (labels[i], answers[i]); labels or answers
 * outside 0 … n_classes − 1 are not counted. */
void          nn_confusion_count      (const guint8       *labels,
                                       const guint8       *answers,
                                       gsize               n,
                                       int                 n_classes,
                                       guint32            *matrix);
/* The items of result whose label is true_label and answer is answer (−1: any), only the
 * wrong ones when mistakes_only, ordered by the confidence of the answer, highest first
 * (ties by index).  Writes at most max_out indices to out; returns how many match in all. */
gsize         nn_eval_select          (const NnEvalResult *result,
                                       const guint8       *labels,
                                       int                 true_label,
                                       int                 answer,
                                       gboolean            mistakes_only,
                                       guint32            *out,
                                       gsize               max_out);

/* image (n_in) = the first-layer weights of hidden unit `unit`: image[28·r + c] =
 * w1[(28·r + c)·n_hidden + unit]. */
void          nn_unit_weight_image    (const NnNet        *net,
                                       int                 unit,
                                       float              *image);
/* out (n_out) = unit's weights to each output: w2[unit·n_out + k]. */
void          nn_unit_output_weights  (const NnNet        *net,
                                       int                 unit,
                                       float              *out);
/* The largest |v[i]| (0 for n == 0): the shared scale of a diverging palette. */
float         nn_max_abs              (const float        *v,
                                       gsize               n);

/* One input x (n_in floats) through the network in plain loops: h (n_hidden) after the
 * ReLU and, when z is not NULL, the logits z (n_out) before the softmax. */
void          nn_eval_forward_one     (const NnNet        *net,
                                       const float        *x,
                                       float              *h,
                                       float              *z);
/* The evidence map of input x for output k: evidence[j] = x_j · Σ_h w1[j,h]·[h active]·w2[h,k],
 * each input pixel's share of logit k, where unit h is active when its pre-activation is
 * positive.  Returns the rest of the logit, Σ_h [h active]·b1[h]·w2[h,k] + b2[k], so that
 * Σ_j evidence[j] + the returned value = z_k up to float rounding. */
float         nn_evidence             (const NnNet        *net,
                                       const float        *x,
                                       int                 k,
                                       float              *evidence);

/* out[i] = the fractions[i] percentile of v[0 … n − 1] with linear interpolation between
 * order statistics (rank fractions[i]·(n − 1), NumPy's default); fractions ascend in
 * [0, 1].  v is reordered (by nth-element selection of the order statistics needed, a few
 * passes over v in all, no sort).
 * n must be > 0 and v free of NaN. */
void          nn_percentiles          (float              *v,
                                       gsize               n,
                                       const double       *fractions,
                                       int                 n_fractions,
                                       float              *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnEvalResult, nn_eval_result_free)

G_END_DECLS
