/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-step-view.h — one training step up close: the batch's digits, what the network
 * answered for each before and after the update, and the batch's loss before and after */
#pragma once

#include <gtk/gtk.h>

#include "dt-trainer-status.h"

G_BEGIN_DECLS

#define DT_TYPE_STEP_VIEW (dt_step_view_get_type ())
G_DECLARE_FINAL_TYPE (DtStepView, dt_step_view, DT, STEP_VIEW, GtkWidget)

GtkWidget *dt_step_view_new       (void);
/* Shows a copy of step (NULL: none yet). */
void       dt_step_view_set_step  (DtStepView          *self,
                                   const DtTrainerStep *step);
/* The line above the digits, as drawn ("Step 12 · batch loss 2.2843 → 1.5594 · …"). */
char      *dt_step_view_dup_summary (DtStepView        *self);

G_END_DECLS
