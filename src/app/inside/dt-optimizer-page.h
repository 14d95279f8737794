/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-optimizer-page.h — the Optimizer page: what RMSprop does to each layer over the
 * epochs (step sizes, √a, weights; dt-optimizer-chart.h) and the gradient norm, from the
 * measurements the trainer's worker takes (dt-optimizer-history.h). */
#pragma once

#include <gtk/gtk.h>

#include "dt-optimizer-chart.h"
#include "dt-optimizer-history.h"

G_BEGIN_DECLS

#define DT_TYPE_OPTIMIZER_PAGE (dt_optimizer_page_get_type ())
G_DECLARE_FINAL_TYPE (DtOptimizerPage, dt_optimizer_page, DT, OPTIMIZER_PAGE, GtkWidget)

GtkWidget          *dt_optimizer_page_new         (DtTrainer       *trainer);
DtOptimizerHistory *dt_optimizer_page_get_history (DtOptimizerPage *self);
/* The chart of a layer's quantity, or (quantity DT_OPTIMIZER_CHART_GRAD_NORM) the norm's. */
DtOptimizerChart   *dt_optimizer_page_get_chart   (DtOptimizerPage *self,
                                                   int              layer,
                                                   int              quantity);

G_END_DECLS
