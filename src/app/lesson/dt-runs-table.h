/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-runs-table.h — the runs on the curves as a small table: each run's number and colour,
 * what it changed, its final training and test loss and accuracy, its time, and whether it
 * is shown */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-view.h"

G_BEGIN_DECLS

#define DT_TYPE_RUNS_TABLE (dt_runs_table_get_type ())
G_DECLARE_FINAL_TYPE (DtRunsTable, dt_runs_table, DT, RUNS_TABLE, GtkWidget)

/* Follows view's runs ("runs-changed"); the view must outlive the table. */
GtkWidget *dt_runs_table_new       (DtCurveView *view);
/* The table's cells as text, a row per line, cells separated by tabs (for tests). */
char      *dt_runs_table_dup_text  (DtRunsTable *self);

G_END_DECLS
