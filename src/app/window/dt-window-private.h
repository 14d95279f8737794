/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-private.h — DtWindow's insides, shared by dt-window.c, dt-window-actions.c and
 * dt-window-state.c */
#pragma once

#include "dt-learning-watch.h"
#include "dt-lesson-params.h"
#include "dt-runs-table.h"
#include "dt-settings-panel.h"
#include "dt-sketch-panel.h"
#include "dt-step-view.h"
#include "dt-window.h"

G_BEGIN_DECLS

#define STALL_LIMIT_US   50000    /* a frame this much later than the last one is counted slow */
#define TEXT_INTERVAL_US 100000   /* the progress text changes at 10 Hz at most */

typedef enum
{
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_CSV,
} ExportKind;

struct _DtWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  GtkPaned             *paned;
  GtkBox               *curve_box;
  DtSampleGrid         *sample_grid;
  GtkLabel             *empty_detail;
  GtkLabel             *error_detail;
  GtkRevealer          *reset_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkBox               *sketch_slot;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *header_bar;
  GtkWidget            *sketch_placeholder;
  /* template: the lesson (dt-window-lesson.c) */
  AdwFlap              *flap;
  DtSettingsPanel      *settings_panel;
  GtkRevealer          *learning_revealer;
  GtkLabel             *learning_label;
  GtkStack             *side_stack;
  DtStepView           *step_view;
  GtkLabel             *readout_value;
  GtkLabel             *readout_caption;

  DtCurveView          *curve_view;
  DtSketchPanel        *sketch_panel;   /* in sketch_slot; NULL once replaced */
  GSettings            *settings;
  DtTrainer            *trainer;
  GtkFileChooserNative *chooser;
  ExportKind            export_kind;
  gboolean              run_begun;
  AdwToast             *diverged_toast;
  NnHyper               marked_hyper;   /* the settings the curves show as current */
  gboolean              have_test;
  double                test_loss;
  double                test_accuracy;

  gint64                last_text_update;  /* the progress text follows at 10 Hz */

  /* the lesson (dt-window-lesson.c) */
  GtkExpander          *runs_expander;
  GSimpleActionGroup   *view_actions;      /* "view.": display settings as actions */
  DtLearningWatch       watch;
  DtLearningState       learning_state;    /* what the notice says (OK: none) */
  DtLessonParams        run_params;        /* the current run's settings when it began */
  DtLessonParams        applied_params;    /* … and as it last trained */
  GPtrArray            *run_changes;       /* the current run's mid-run changes, as marked */
  char                 *run_origin;        /* the model file the run started from, or NULL */
  gint64                train_started;     /* when this Train press began (µs) */
  double                run_seconds;       /* the run's training time before this press */
  int                   file_kind;         /* what the file chooser is for (dt-window-files.c) */
  char                 *npz_path;          /* the .npz last exported or imported, or NULL */

  /* the dataset (dt-window-dataset.c) */
  NnDatasetKind         wanted_kind;       /* as set */
  NnDatasetKind         shown_kind;        /* whose labels the views show */
  char                 *empty_title;       /* the empty page's MNIST texts */
  char                 *empty_description;
  GtkWidget            *back_to_mnist;     /* on the empty page, for a missing Fashion-MNIST */

  /* main-loop stall measurement while training */
  guint                 tick_id;
  gint64                last_tick;
  gint64                longest_stall;
  guint                 n_frames;
  guint                 n_slow_frames;
  GdkFrameClock        *frame_clock;       /* while measuring: */
  gulong                frame_begin_id;
  gulong                frame_end_id;
  gint64                frame_start;       /* when the current frame began */
  GArray               *frame_costs;       /* gint64 µs per frame */
};

/* dt-window-dataset.c */
void dt_window_load_data             (DtWindow       *self);
void dt_window_dataset_update        (DtWindow       *self);
void dt_window_dataset_dispose       (DtWindow       *self);
void dt_window_class_install_dataset_actions (GtkWidgetClass *widget_class);
/* the drawn samples into the trainer's training set (for MNIST only) */
void dt_window_push_user_samples     (DtWindow       *self);

/* dt-window-actions.c */
void dt_window_class_install_actions (GtkWidgetClass *widget_class);
/* Train (or, with step, Step from a stopped trainer): applies the panel, labels or marks
 * the run, and starts the trainer. */
void dt_window_start_run             (DtWindow       *self,
                                      gboolean        step);
/* Enables the actions that make sense now (data loaded, running, curves present). */
void dt_window_update_actions        (DtWindow       *self);

/* dt-window.c */
/* "train_button", "stop_button" or "reset_button" */
GtkWidget *dt_window_get_button      (DtWindow       *self,
                                      const char     *name);
void dt_window_set_progress_text     (DtWindow       *self,
                                      const char     *text);
/* dt-window-stall.c: starts / stops measuring the longest gap between frames (a tick
 * callback) and the cost of each frame; stop prints them when DT_STALL_REPORT=1. */
void dt_window_stall_start           (DtWindow       *self);
void dt_window_stall_stop            (DtWindow       *self);
/* Stops measuring without a report and frees what it kept (dispose). */
void dt_window_stall_clear           (DtWindow       *self);

/* dt-window-lesson.c: the lesson on the window — its actions, the settings panel, runs,
 * the not-learning notice, the read-out, the step view, zoom; model files */
void dt_window_lesson_init           (DtWindow       *self);
void dt_window_lesson_dispose        (DtWindow       *self);
void dt_window_class_install_lesson_actions (GtkWidgetClass *widget_class);
/* Train pressed: pending panel edits apply; a new run is labelled, a continued one marks
 * what changed since it last trained.  FALSE when nothing may start. */
void dt_window_lesson_train_started  (DtWindow       *self,
                                      gboolean        new_run);
/* Reset: a new run; the notice, the read-out and the step view start over. */
void dt_window_lesson_reset          (DtWindow       *self);
/* A mid-run change took effect (its marker text). */
void dt_window_lesson_change         (DtWindow       *self,
                                      const char     *text);
/* The batches since the last update, the test point, and the end of a press. */
void dt_window_lesson_progress       (DtWindow       *self,
                                      const DtTrainerPoint *points,
                                      guint           n_points);
void dt_window_lesson_test_point     (DtWindow       *self,
                                      double          loss,
                                      double          accuracy);
void dt_window_lesson_finished       (DtWindow       *self);
/* The read-out follows the training values until the run's first test (at 10 Hz). */
void dt_window_lesson_update_readout (DtWindow       *self);
/* Enables the lesson's actions as the trainer's state allows. */
void dt_window_lesson_update_actions (DtWindow       *self);

/* dt-window-files.c: Save and Open a model (Ctrl+S, Ctrl+O) */
void dt_window_class_install_file_actions (GtkWidgetClass *widget_class);
void dt_window_files_dispose         (DtWindow       *self);

/* dt-window-state.c: size, maximized state and pane position across runs (GSettings) */
void dt_window_restore_state         (DtWindow       *self);
void dt_window_save_state            (DtWindow       *self);

/* dt-window-validation.c: train-samples, validation split and early stopping; Compare… */
void dt_window_validation_init       (DtWindow       *self);
void dt_window_class_install_compare_action (GtkWidgetClass *widget_class);
gboolean dt_window_compare_running   (DtWindow       *self);
void dt_window_compare_stop          (DtWindow       *self);

G_END_DECLS
