/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window.h — the trainer window: Train/Stop, live curves, samples, the Draw page */
#pragma once

#include <adwaita.h>

#include "dt-compare-dialog.h"
#include "dt-curve-view.h"
#include "dt-sample-grid.h"
#include "dt-settings-panel.h"
#include "dt-sketch-panel.h"
#include "dt-step-view.h"
#include "dt-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_WINDOW (dt_window_get_type ())
G_DECLARE_FINAL_TYPE (DtWindow, dt_window, DT, WINDOW, AdwApplicationWindow)

DtWindow     *dt_window_new                  (AdwApplication *application);
DtTrainer    *dt_window_get_trainer          (DtWindow       *self);
DtCurveView  *dt_window_get_curve_view       (DtWindow       *self);
DtSampleGrid *dt_window_get_sample_grid      (DtWindow       *self);
/* The box on the Draw page that holds the sketchpad panel. */
GtkBox       *dt_window_get_sketch_slot      (DtWindow       *self);
/* Puts a widget into the Draw page, replacing what is there (the window's own sketch
 * panel, or the placeholder). */
void          dt_window_set_sketch_panel     (DtWindow       *self,
                                              GtkWidget      *panel);
/* The sketchpad on the Draw page, classifying with the trainer's latest weights. */
DtSketchPanel *dt_window_get_sketch_panel    (DtWindow       *self);
const char   *dt_window_get_progress_text    (DtWindow       *self);
/* The longest gap between two frames seen while the last run trained (µs). */
gint64        dt_window_get_longest_stall    (DtWindow       *self);
/* The median cost of a frame (update to the end of its paint) while it trained (µs). */
gint64        dt_window_get_median_frame     (DtWindow       *self);
/* "lr → 0.01, ρ → 0.95": the marker text for a mid-run change; NULL when nothing changed. */
char         *dt_window_format_hyper_change  (const NnHyper  *before,
                                              const NnHyper  *after);
/* Shows a message over the window. */
void          dt_window_toast                (DtWindow       *self,
                                              const char     *message);
/* What Open Model and Save Model do with the chosen file (tests call them directly): TRUE
 * when it worked; a failure is shown over the window.  Only while no run is going. */
gboolean      dt_window_open_model           (DtWindow       *self,
                                              const char     *path);
gboolean      dt_window_save_model           (DtWindow       *self,
                                              const char     *path);
/* Export/Import Weights as NumPy's .npz and Copy as Keras Code, without their dialogs (a
 * toast says what happened: an import of a wrong file shows its error and changes nothing).
 * The code is the lesson's Keras script for the current settings (newly allocated). */
gboolean      dt_window_export_npz           (DtWindow       *self,
                                              const char     *path);
gboolean      dt_window_import_npz           (DtWindow       *self,
                                              const char     *path);
char         *dt_window_dup_keras_code       (DtWindow       *self);
/* The lesson's parts, for tests: the settings panel, the runs table, the not-learning
 * notice's text ("" while hidden), the step view, the read-out ("94.7%"). */
DtSettingsPanel *dt_window_get_settings_panel (DtWindow      *self);
GtkWidget     *dt_window_get_runs_table      (DtWindow       *self);
const char    *dt_window_get_learning_notice (DtWindow       *self);
DtStepView    *dt_window_get_step_view       (DtWindow       *self);
const char    *dt_window_get_readout         (DtWindow       *self);
/* The window's Compare… dialog (made on first use, hidden when closed; win.compare shows
 * it). */
DtCompareDialog *dt_window_get_compare_dialog (DtWindow      *self);

G_END_DECLS
