/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-window.h — the trainer window: Train/Stop, live curves, samples, the Draw page */
#pragma once

#include <adwaita.h>

#include "dt-curve-view.h"
#include "dt-sample-grid.h"
#include "dt-sketch-panel.h"
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

G_END_DECLS
