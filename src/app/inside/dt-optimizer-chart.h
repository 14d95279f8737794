/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-optimizer-chart.h — one quantity of one layer over the epochs, as TensorBoard draws
 * distributions: nested bands between the 0–100 %, 7–93 % and 16–84 % percentiles and a
 * line at the median (dt-optimizer-history.h).  Step sizes, √a and the gradient norm span
 * decades and are drawn on a log scale, weights on a linear one.  The √a chart has a line
 * where ε takes over (ε, or √ε for the Keras 3 form), the step chart one at lr_t, so a
 * large ε visibly flattens the steps.  Hover for a measurement's numbers. */
#pragma once

#include <gtk/gtk.h>

#include "dt-optimizer-history.h"

G_BEGIN_DECLS

#define DT_TYPE_OPTIMIZER_CHART (dt_optimizer_chart_get_type ())
G_DECLARE_FINAL_TYPE (DtOptimizerChart, dt_optimizer_chart, DT, OPTIMIZER_CHART, GtkWidget)

/* What a chart shows: a quantity of NnOptimStats, or the whole gradient's norm. */
#define DT_OPTIMIZER_CHART_GRAD_NORM NN_OPTIM_N_QUANTITIES

GtkWidget *dt_optimizer_chart_new             (DtOptimizerHistory *history,
                                               int                 layer,
                                               int                 quantity);
/* The chart's title ("Layer 1: step size"). */
const char *dt_optimizer_chart_get_title      (DtOptimizerChart   *self);
/* The value range on the y axis after the latest layout (tests). */
void       dt_optimizer_chart_get_y_range     (DtOptimizerChart   *self,
                                               double             *lo,
                                               double             *hi);

G_END_DECLS
