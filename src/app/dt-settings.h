/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-settings.h — the app's GSettings keys turned into what the trainer needs */
#pragma once

#include <gio/gio.h>

#include "dt-lesson-params.h"
#include "dt-trainer-status.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

GSettings *dt_settings_new                      (void);
/* The [min, max] range the schema declares for a numeric key (int, int64 or double).
 * FALSE when the key has no range. */
gboolean   dt_settings_get_range                (GSettings   *settings,
                                                 const char  *key,
                                                 double      *min,
                                                 double      *max);
/* Parses a number typed by a person: "0.001", "1e-8", "1E-08", " 3.5 " (the C locale's
 * point, or a comma as decimal separator).  FALSE when the text is not one number in
 * [min, max] (or not finite). */
gboolean   dt_parse_number                      (const char  *text,
                                                 double       min,
                                                 double       max,
                                                 double      *value);
/* The shortest text that reads back as value: 0.001, 1e-08, 0.9 */
char      *dt_format_number                     (double       value);
/* The shortest decimal that is the same float: a model's lr, the float nearest 0.001, gives
 * 0.001 (not 0.0010000000474974513). */
double     dt_settings_double_from_float        (float        value);
void       dt_settings_get_config               (GSettings   *settings,
                                                 NnConfig    *config,
                                                 int         *epochs);
/* After the Keras version changed: an ε at the other version's default (1e-8 for Keras 2,
 * 1e-7 for Keras 3) becomes this version's; an ε the user chose stays. */
void       dt_settings_follow_keras_epsilon     (GSettings   *settings);
/* lr 0.001, ρ 0.9, ε 1e-8, decay 0, Keras 2, batch 32, epochs 2, hidden 32, seed 1337 */
void       dt_settings_restore_lesson_defaults  (GSettings   *settings);
/* Every setting that shapes a run (for its label and the CSV export). */
void       dt_settings_get_lesson_params        (GSettings   *settings,
                                                 DtLessonParams *params);
/* Whether key is one the trainer takes (the lesson's keys); display keys are not. */
gboolean   dt_settings_is_training_key          (const char  *key);

/* The settings panel's presets; each is applied as one change, so a run marks it once. */
typedef enum
{
  DT_PRESET_LESSON,     /* the lesson's optimizer, batch and epochs (not hidden units, seed) */
  DT_PRESET_KERAS3,     /* Keras 3's RMSprop defaults: lr 0.001, ρ 0.9, ε 1e-7, no decay */
  DT_PRESET_LR_TIMES_10,
  DT_PRESET_LR_DIVIDED_BY_10,
} DtPreset;

/* FALSE when it would change nothing (lr ×10 at the top of its range, …). */
gboolean   dt_settings_apply_preset             (GSettings   *settings,
                                                 DtPreset     preset);

/* train-samples, validation-split and early-stopping as the trainer takes them: patience 0,
 * or any patience without a split, is no early stopping. */
void       dt_settings_get_fit_options          (GSettings   *settings,
                                                 DtFitOptions *options);

G_END_DECLS
