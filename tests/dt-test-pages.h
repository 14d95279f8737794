/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-test-pages.h — a window opened on a generated IDX set for the tests of the Evaluate,
 * Inside and Optimizer pages, and the ways those tests click, type and wait.  Clicks and
 * keys go to the widgets' own event controllers, so the code a pointer or a key runs is the
 * code tested. */
#pragma once

#include <adwaita.h>

#include "dt-evaluate-page.h"
#include "dt-inside-page.h"
#include "dt-optimizer-page.h"
#include "dt-window.h"

G_BEGIN_DECLS

typedef struct
{
  GSettings        *settings;
  DtWindow         *window;
  DtTrainer        *trainer;
  AdwViewStack     *stack;
  DtEvaluatePage   *evaluate;
  DtInsidePage     *inside;
  DtOptimizerPage  *optimizer;
  DtEvaluator      *evaluator;
} DtTestPages;

/* A 1280 × 800 window on data_dir with the lesson's settings and `epochs`, its data loaded
 * and its untrained network evaluated. */
void                dt_test_pages_fixture_open          (DtTestPages *f,
                                                         const char  *data_dir,
                                                         int          epochs);
void                dt_test_pages_fixture_close         (DtTestPages *f);
/* Trains until done, and until the evaluation that follows. */
void                dt_test_pages_train                 (DtTestPages *f);
void                dt_test_pages_show_page             (DtTestPages *f,
                                                         const char  *name);
/* Runs the main loop until the evaluator has finished more than `before` evaluations. */
void                dt_test_pages_wait_for_evaluation   (DtTestPages *f,
                                                         guint        before);
/* Runs the main loop until widget has been laid out. */
void                dt_test_pages_wait_allocated        (GtkWidget   *widget);
void                dt_test_pages_iterate               (void);
/* The widget's event controller of a type; a press of its click gesture at (x, y); a key
 * to its key controller (TRUE when handled). */
GtkEventController *dt_test_pages_controller_of         (GtkWidget   *widget,
                                                         GType        type);
void                dt_test_pages_click                 (GtkWidget   *widget,
                                                         double       x,
                                                         double       y);
gboolean            dt_test_pages_press_key             (GtkWidget   *widget,
                                                         guint        keyval);
/* Equal as numbers (+0 and −0 alike: the maps store what the sums give). */
void                dt_test_pages_assert_same_values    (const float *got,
                                                         const float *want,
                                                         int          n);
/* The matrix shown is nn_eval_set's over the test set for the network evaluated, and its
 * diagonal over n is nn_evaluate's accuracy. */
void                dt_test_pages_assert_matrix_matches (DtTestPages *f);

G_END_DECLS
