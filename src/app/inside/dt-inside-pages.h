/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-inside-pages.h — puts the Evaluate, Inside and Optimizer pages into the window
 *
 * dt_inside_pages_add () appends the three pages to the window's view stack after the Draw
 * page and connects them: one DtEvaluator for the trainer feeds the Evaluate and Inside
 * pages and the sample grid's "mistakes only"; Evaluate's "Show on Draw Page" shows the
 * digit on the sketch panel and switches to it; the sketch panel gets the untrained
 * network's weights while there is no snapshot; and the window gets the action
 * optimizer.export-csv (the Export menu's "Optimizer Statistics as CSV…"). */
#pragma once

#include <adwaita.h>

#include "dt-sample-grid.h"
#include "dt-sketch-panel.h"
#include "dt-trainer.h"

G_BEGIN_DECLS

void dt_inside_pages_add (GtkWindow     *window,
                          AdwViewStack  *stack,
                          DtTrainer     *trainer,
                          DtSketchPanel *sketch,
                          DtSampleGrid  *samples);
/* The window's "optimizer" action group (export-csv), or NULL. */
GActionGroup *dt_inside_pages_get_actions (GtkWindow *window);
/* The sketch panel's weights: the latest snapshot, else the untrained network's; nothing
 * changes while a run starts and has published none yet. */
void dt_inside_pages_push_network (DtTrainer     *trainer,
                                   DtSketchPanel *sketch);

G_END_DECLS
