/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-comparison.h — "Compare…": one setting at up to six values, trained concurrently
 *
 * Each run is the core's per-run engine on its own thread, as the CLI's --sweep runs it: a
 * new NnTrainer from the same seed with one thread (as many runs as cores is what uses
 * them), nn_trainer_fit_validated() over the shared, read-only training set with the
 * window's fit options, the test set evaluated after every epoch.  A run therefore ends
 * with the same bits as the same settings trained alone.  Runs beyond the number of cores
 * wait for a free one.  Progress is collected under one lock and handed to the main thread
 * every DT_COMPARISON_DRAIN_MS; every function and signal belongs to the main thread.
 *
 * Signals (run is the value's index):
 *   progress (guint run, const DtTrainerPoint *points, guint n): batches, x in epochs
 *   test-point, val-point (guint run, double x, double loss, double accuracy)
 *   run-finished (guint run, const NnProgress *last, double seconds, const GError *error)
 *   finished (): every run has ended (or Stop)
 */
#pragma once

#include <gio/gio.h>

#include "dt-trainer-shared.h"
#include "dt-trainer-status.h"

G_BEGIN_DECLS

#define DT_COMPARISON_MAX_RUNS 6
#define DT_COMPARISON_DRAIN_MS 50

typedef enum
{
  DT_COMPARE_LR,
  DT_COMPARE_RHO,
  DT_COMPARE_EPSILON,
  DT_COMPARE_DECAY,
  DT_COMPARE_BATCH_SIZE,
  DT_COMPARE_HIDDEN,
  DT_COMPARE_N_PARAMS
} DtCompareParam;

/* "lr", "rho", "epsilon", "decay", "batch-size", "hidden": the CLI's --sweep names. */
const char *dt_compare_param_name    (DtCompareParam  param);
/* The values a lesson compares first, e.g. "1e-4, 1e-3, 1e-2, 1e-1" for lr. */
const char *dt_compare_param_preset  (DtCompareParam  param);
/* config with param at value. */
void        dt_compare_param_apply   (DtCompareParam  param,
                                      double          value,
                                      NnConfig       *config);
/* "1e-4, 0.001 ,1e-2" → values (1 to DT_COMPARISON_MAX_RUNS of them, each valid in base's
 * settings; whole numbers for sizes).  Returns how many, 0 with an error. */
int         dt_compare_parse_values  (DtCompareParam  param,
                                      const char     *text,
                                      const NnConfig *base,
                                      double         *values,
                                      GError        **error);

#define DT_TYPE_COMPARISON (dt_comparison_get_type ())
G_DECLARE_FINAL_TYPE (DtComparison, dt_comparison, DT, COMPARISON, GObject)

/* data: a reference is taken.  base: the settings every run starts from (n_threads is set
 * to 1 for each). */
DtComparison *dt_comparison_new           (DtData             *data,
                                           const NnConfig     *base,
                                           int                 epochs,
                                           const DtFitOptions *options,
                                           DtCompareParam      param,
                                           const double       *values,
                                           int                 n_values);
/* At most `threads` runs at once (0: one per core). */
gboolean      dt_comparison_start         (DtComparison       *self,
                                           int                 threads,
                                           GError            **error);
/* Cancels every run within one batch and waits for them; "finished" follows. */
void          dt_comparison_stop          (DtComparison       *self);
gboolean      dt_comparison_get_running   (DtComparison       *self);
int           dt_comparison_get_n_runs    (DtComparison       *self);
double        dt_comparison_get_value     (DtComparison       *self,
                                           int                 run);
DtCompareParam dt_comparison_get_param    (DtComparison       *self);
/* The weights run ended with (a copy, nn_net_free it), or NULL before it ended. */
NnNet        *dt_comparison_dup_network   (DtComparison       *self,
                                           int                 run);

G_END_DECLS
