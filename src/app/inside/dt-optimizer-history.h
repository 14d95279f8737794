/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-optimizer-history.h — the optimizer measurements of the current run (since Reset), as
 * the trainer's "optimizer-stats" signal delivers them, for the Optimizer page's charts and
 * its CSV export.  "changed" says a point came or the history was cleared. */
#pragma once

#include <gio/gio.h>

#include "dt-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_OPTIMIZER_HISTORY (dt_optimizer_history_get_type ())
G_DECLARE_FINAL_TYPE (DtOptimizerHistory, dt_optimizer_history, DT, OPTIMIZER_HISTORY,
                      GObject)

DtOptimizerHistory *dt_optimizer_history_new        (void);
/* Follows trainer: appends its measurements, clears at Reset. */
void                dt_optimizer_history_follow     (DtOptimizerHistory *self,
                                                     DtTrainer          *trainer);
void                dt_optimizer_history_append     (DtOptimizerHistory *self,
                                                     const DtOptimPoint *points,
                                                     guint               n_points);
void                dt_optimizer_history_clear      (DtOptimizerHistory *self);
const DtOptimPoint *dt_optimizer_history_get_points (DtOptimizerHistory *self,
                                                     guint              *n_points);
/* One row per measurement: epoch, step, lr_t, epsilon, the gradient norms, then for each
 * layer and quantity the seven percentiles (layer1_step_p0 … layer2_weight_p100); numbers
 * in the C locale. */
char               *dt_optimizer_history_to_csv     (DtOptimizerHistory *self);
gboolean            dt_optimizer_history_export_csv (DtOptimizerHistory *self,
                                                     const char         *path,
                                                     GError            **error);

G_END_DECLS
