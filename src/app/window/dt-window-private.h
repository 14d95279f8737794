/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window-private.h — DtWindow's insides, shared by dt-window.c, dt-window-actions.c and
 * dt-window-state.c */
#pragma once

#include "dt-sketch-panel.h"
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

/* dt-window-actions.c */
void dt_window_class_install_actions (GtkWidgetClass *widget_class);
/* Enables the actions that make sense now (data loaded, running, curves present). */
void dt_window_update_actions        (DtWindow       *self);

/* dt-window.c */
/* "train_button", "stop_button" or "reset_button" */
GtkWidget *dt_window_get_button      (DtWindow       *self,
                                      const char     *name);
void dt_window_set_progress_text     (DtWindow       *self,
                                      const char     *text);
/* Starts / stops measuring the longest gap between frames (a tick callback). */
void dt_window_stall_start           (DtWindow       *self);
void dt_window_stall_stop            (DtWindow       *self);

/* dt-window-state.c: size, maximized state and pane position across runs (GSettings) */
void dt_window_restore_state         (DtWindow       *self);
void dt_window_save_state            (DtWindow       *self);

G_END_DECLS
