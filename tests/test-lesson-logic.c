/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lesson's pure parts: the not-learning watch on made-up batches, run labels and the
 * CSV's settings, the settings panel's presets, the zoom levels. */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>

#include "dt-learning-watch.h"
#include "dt-lesson-params.h"
#include "dt-settings.h"
#include "dt-test-data.h"
#include "dt-zoom.h"

/* Feeds n batches of loss / accuracy (with a little alternating noise); returns the state
 * after the last and the first batch at which it was `wanted` (0 when never). */
static DtLearningState
feed (DtLearningWatch *watch,
      guint            n,
      double           loss,
      double           acc,
      DtLearningState  wanted,
      guint           *first)
{
  DtLearningState state = DT_LEARNING_UNKNOWN;

  for (guint i = 0; i < n; i++)
    {
      double noise = (i % 2 ? 1 : -1) * 0.02;

      state = dt_learning_watch_push (watch, loss + noise, CLAMP (acc + noise, 0, 1));
      if (state == wanted && first != NULL && *first == 0)
        *first = watch->n;
    }
  return state;
}

/* The lesson's run: 2.3 falling fast below chance; never reported. */
static void
test_watch_learning (void)
{
  DtLearningWatch watch;
  DtLearningState state = DT_LEARNING_UNKNOWN;

  dt_learning_watch_reset (&watch);
  for (guint i = 0; i < 2000; i++)
    {
      double loss = 0.25 + 2.05 * exp (-(double) i / 60);
      double acc = 0.93 - 0.83 * exp (-(double) i / 60);

      state = dt_learning_watch_push (&watch, loss, acc);
      g_assert_cmpint (state, !=, DT_LEARNING_DIVERGING);
      g_assert_cmpint (state, !=, DT_LEARNING_LOSS_AT_CHANCE);
      g_assert_cmpint (state, !=, DT_LEARNING_ACCURACY_AT_CHANCE);
      if (i + 1 < DT_WATCH_WINDOW)
        g_assert_cmpint (state, ==, DT_LEARNING_UNKNOWN);
    }
  g_assert_cmpint (state, ==, DT_LEARNING_OK);
}

/* lr 10 as the issue saw it: the loss jumps to ~10.3 and stays, every answer is "4". */
static void
test_watch_saturated (void)
{
  DtLearningWatch watch;
  guint first = 0;

  dt_learning_watch_reset (&watch);
  dt_learning_watch_push (&watch, 2.31, 0.09);
  g_assert_cmpint (feed (&watch, 30, 10.3, 0.098, DT_LEARNING_DIVERGING, &first), ==,
                   DT_LEARNING_DIVERGING);
  /* as soon as 20 batches have left the axis: within a few dozen batches */
  g_assert_cmpuint (first, ==, DT_WATCH_LEAVE_WINDOW);
  g_assert_cmpint (dt_learning_likely_cause (DT_LEARNING_DIVERGING, 10, 1e-8), ==,
                   DT_LEARNING_CAUSE_LR_TOO_LARGE);
}

/* Stuck at chance without leaving the axis (lr far too small): reported after the window. */
static void
test_watch_stuck (void)
{
  DtLearningWatch watch;
  guint first = 0;

  dt_learning_watch_reset (&watch);
  g_assert_cmpint (feed (&watch, DT_WATCH_WINDOW + 50, 2.31, 0.11,
                         DT_LEARNING_LOSS_AT_CHANCE, &first), ==, DT_LEARNING_LOSS_AT_CHANCE);
  g_assert_cmpuint (first, ==, DT_WATCH_WINDOW);
  g_assert_cmpint (dt_learning_likely_cause (DT_LEARNING_LOSS_AT_CHANCE, 1e-6, 1e-8), ==,
                   DT_LEARNING_CAUSE_LR_TOO_SMALL);

  /* below chance loss but accuracy at chance: the accuracy says so */
  dt_learning_watch_reset (&watch);
  first = 0;
  g_assert_cmpint (feed (&watch, DT_WATCH_WINDOW, 2.1, 0.12, DT_LEARNING_ACCURACY_AT_CHANCE,
                         &first), ==, DT_LEARNING_ACCURACY_AT_CHANCE);
  g_assert_cmpuint (first, ==, DT_WATCH_WINDOW);
  g_assert_cmpint (dt_learning_likely_cause (DT_LEARNING_ACCURACY_AT_CHANCE, 0.001, 1), ==,
                   DT_LEARNING_CAUSE_EPSILON_TOO_LARGE);
  g_assert_cmpint (dt_learning_likely_cause (DT_LEARNING_ACCURACY_AT_CHANCE, 0.001, 1e-8), ==,
                   DT_LEARNING_CAUSE_UNKNOWN);

  /* a run that recovers is fine again once its window has moved on */
  g_assert_cmpint (feed (&watch, DT_WATCH_WINDOW, 0.4, 0.9, DT_LEARNING_OK, NULL), ==,
                   DT_LEARNING_OK);
  /* NaN and infinity are not batches */
  g_assert_cmpint (dt_learning_watch_push (&watch, NAN, 0.5), ==, DT_LEARNING_OK);
  g_assert_cmpint (dt_learning_watch_push (&watch, INFINITY, 0.5), ==, DT_LEARNING_OK);
  g_assert_cmpuint (watch.n, ==, 2 * DT_WATCH_WINDOW);
}

static void
test_params_describe (void)
{
  static const char *const changes[] = { "lr → 0.01", "ρ → 0.95", NULL };
  DtLessonParams p;
  g_autofree char *lesson = NULL, *lr = NULL, *all = NULL, *changed = NULL, *joined = NULL;
  g_auto(GStrv) strv = NULL;

  dt_lesson_params_init_defaults (&p);
  lesson = dt_lesson_params_describe (&p, NULL);
  g_assert_cmpstr (lesson, ==, "lesson defaults");
  changed = dt_lesson_params_describe (&p, changes);
  g_assert_cmpstr (changed, ==, "lesson defaults, then lr → 0.01, ρ → 0.95");

  p.lr = 0.01;
  lr = dt_lesson_params_describe (&p, NULL);
  g_assert_cmpstr (lr, ==, "lr 0.01");

  /* what differs, batch, hidden units and seed included; epochs do not name a run */
  p.epochs = 30;
  p.batch_size = 64;
  p.hidden_units = 128;
  p.seed = 7;
  p.keras_version = 3;
  p.epsilon = 1e-7;
  all = dt_lesson_params_describe (&p, NULL);
  g_assert_cmpstr (all, ==, "Keras 3 · lr 0.01 · ε 1e-07 · batch 64 · hidden 128 · seed 7");

  /* beyond the lesson: the dataset, the samples trained on, validation and early stopping */
  {
    DtLessonParams overfit;
    g_autofree char *label = NULL;
    g_auto(GStrv) items = NULL;
    g_autofree char *csv = NULL;

    dt_lesson_params_init_defaults (&overfit);
    overfit.fashion = TRUE;
    overfit.hidden_units = 512;
    overfit.train_samples = 1000;
    overfit.validation_split = 0.2;
    overfit.patience = 4;
    label = dt_lesson_params_describe (&overfit, NULL);
    g_assert_cmpstr (label, ==, "Fashion-MNIST · hidden 512 · samples 1000 · val 0.2 · patience 4");
    items = dt_lesson_params_to_strv (&overfit);
    csv = g_strjoinv (";", items);
    g_assert_nonnull (strstr (csv, ";dataset=fashion;train_samples=1000;validation_split=0.2;"
                                   "early_stopping=4"));
  }

  strv = dt_lesson_params_to_strv (&p);
  joined = g_strjoinv (";", strv);
  g_assert_cmpstr (joined, ==,
                   "lr=0.01;rho=0.9;epsilon=1e-07;decay=0;batch_size=64;epochs=30;"
                   "hidden_units=128;seed=7;keras=3;dataset=mnist;train_samples=0;"
                   "validation_split=0;early_stopping=0");
}

typedef struct
{
  guint  n_changed;
  double lr_seen;
  double epsilon_seen;
} Changes;

static void
changed_cb (GSettings  *settings,
            const char *key,
            Changes    *c)
{
  /* every key already has its new value when the first one is announced */
  if (c->n_changed++ == 0)
    {
      c->lr_seen = g_settings_get_double (settings, "learning-rate");
      c->epsilon_seen = g_settings_get_double (settings, "epsilon");
    }
}

static void
test_presets (void)
{
  g_autoptr(GSettings) settings = dt_test_fresh_settings ();
  DtLessonParams p;
  Changes c = { 0 };

  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LR_TIMES_10));
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 0.01);
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LR_TIMES_10));
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LR_TIMES_10));
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 1);
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LR_TIMES_10));
  /* the top of the range */
  g_assert_false (dt_settings_apply_preset (settings, DT_PRESET_LR_TIMES_10));
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 10);
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LR_DIVIDED_BY_10));
  g_assert_cmpfloat (g_settings_get_double (settings, "learning-rate"), ==, 1);

  /* Keras 3 in one change */
  g_settings_set_double (settings, "decay", 0.01);
  g_signal_connect (settings, "changed", G_CALLBACK (changed_cb), &c);
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_KERAS3));
  g_assert_cmpuint (c.n_changed, >=, 1);
  g_assert_cmpfloat (c.lr_seen, ==, 0.001);
  g_assert_cmpfloat (c.epsilon_seen, ==, 1e-7);
  dt_settings_get_lesson_params (settings, &p);
  g_assert_cmpint (p.keras_version, ==, 3);
  g_assert_cmpfloat (p.epsilon, ==, 1e-7);
  g_assert_cmpfloat (p.decay, ==, 0);
  g_assert_cmpfloat (p.rho, ==, 0.9);

  /* the lesson's values, but hidden units and seed (they need a Reset) stay */
  g_settings_set_int (settings, "hidden-units", 64);
  g_settings_set_int (settings, "batch-size", 128);
  g_assert_true (dt_settings_apply_preset (settings, DT_PRESET_LESSON));
  dt_settings_get_lesson_params (settings, &p);
  g_assert_cmpint (p.keras_version, ==, 2);
  g_assert_cmpfloat (p.epsilon, ==, 1e-8);
  g_assert_cmpint (p.batch_size, ==, 32);
  g_assert_cmpint (p.hidden_units, ==, 64);
  g_assert_true (dt_settings_is_training_key ("keras-version"));
  g_assert_false (dt_settings_is_training_key ("zoom"));
}

static void
test_zoom_levels (void)
{
  g_assert_cmpfloat (dt_zoom_step (1.0, 1), ==, 1.1);
  g_assert_cmpfloat (dt_zoom_step (1.0, -1), ==, 0.9);
  g_assert_cmpfloat (dt_zoom_step (1.3, 1), ==, 1.5);
  g_assert_cmpfloat (dt_zoom_step (1.3, -1), ==, 1.25);
  g_assert_cmpfloat (dt_zoom_step (DT_ZOOM_MAX, 1), ==, DT_ZOOM_MAX);
  g_assert_cmpfloat (dt_zoom_step (DT_ZOOM_MIN, -1), ==, DT_ZOOM_MIN);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/watch/learning", test_watch_learning);
  g_test_add_func ("/lesson/watch/saturated", test_watch_saturated);
  g_test_add_func ("/lesson/watch/stuck", test_watch_stuck);
  g_test_add_func ("/lesson/params/describe", test_params_describe);
  g_test_add_func ("/lesson/settings/presets", test_presets);
  g_test_add_func ("/lesson/zoom/levels", test_zoom_levels);
  return g_test_run ();
}
