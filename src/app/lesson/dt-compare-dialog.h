/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-compare-dialog.h — "Compare…": one setting at up to six values, trained at once
 *
 * A window beside the main one (not modal: the curves stay usable).  It reads the other
 * settings from GSettings as Train does, the data from the trainer, runs a DtComparison and
 * draws each run live on the curve view through its run handle; the runs table lists them. */
#pragma once

#include <adwaita.h>

#include "dt-comparison.h"
#include "dt-curve-view.h"
#include "dt-trainer.h"

G_BEGIN_DECLS

#define DT_TYPE_COMPARE_DIALOG (dt_compare_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DtCompareDialog, dt_compare_dialog, DT, COMPARE_DIALOG, AdwWindow)

DtCompareDialog *dt_compare_dialog_new          (GtkWindow       *parent,
                                                 GSettings       *settings,
                                                 DtTrainer       *trainer,
                                                 DtCurveView     *view);
/* Starts comparing what the fields say; FALSE (the reason shown in the dialog) when they
 * or the data do not allow it. */
gboolean         dt_compare_dialog_start        (DtCompareDialog *self);
void             dt_compare_dialog_stop         (DtCompareDialog *self);
/* Whether its runs train (the property "running"); the main window's Stop stops them too. */
gboolean         dt_compare_dialog_get_running  (DtCompareDialog *self);
/* The comparison running or last run, or NULL. */
DtComparison    *dt_compare_dialog_get_comparison (DtCompareDialog *self);
/* Selects the setting (its preset values fill the field) and, unless NULL, the values. */
void             dt_compare_dialog_set_values   (DtCompareDialog *self,
                                                 DtCompareParam   param,
                                                 const char      *values);

G_END_DECLS
