/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-lesson-params.h — everything that shapes a run, and how a run is named after what
 * differs from the lesson (pure functions: GLib only)
 *
 * The lesson is Keras's MNIST example: lr 0.001, ρ 0.9, ε 1e-8, decay 0, batches of 32, two
 * epochs, 32 hidden units, seed 1337, RMSprop in its Keras 2 form.  A run that keeps all of
 * that is "lesson defaults"; one that does not is named by its differences ("lr 0.01 ·
 * batch 64 · seed 7"), then by what changed while it trained ("then lr → 0.001"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double  lr;
  double  rho;
  double  epsilon;
  double  decay;
  int     batch_size;
  int     epochs;
  int     hidden_units;
  guint64 seed;
  int     keras_version;   /* 2 (the lesson) or 3 */
  /* beyond the lesson: what it learns from and what it holds out (0 = all, none, off) */
  gboolean fashion;        /* Fashion-MNIST instead of MNIST */
  int     train_samples;
  double  validation_split;
  int     patience;        /* early stopping */
} DtLessonParams;

void   dt_lesson_params_init_defaults (DtLessonParams       *params);
/* "lr 0.01 · batch 64 · Keras 3", the settings that differ from the lesson's (epochs, which
 * only say how long one press of Train runs, do not name a run); "lesson defaults" when none
 * does.  `changes` (may be NULL) are the mid-run changes in order, as the curves mark them
 * ("lr → 0.01"): they follow as "then lr → 0.01". */
char  *dt_lesson_params_describe      (const DtLessonParams *params,
                                       const char *const    *changes);
/* Every setting as "name=value" (lr, rho, epsilon, decay, batch_size, epochs, hidden_units,
 * seed, keras, dataset, train_samples, validation_split, early_stopping), in the C locale,
 * for the CSV export. */
char **dt_lesson_params_to_strv       (const DtLessonParams *params);

G_END_DECLS
