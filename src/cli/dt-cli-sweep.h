/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-dataset.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

/* --sweep NAME=V1,V2,…: the same run with one setting changed, up to DT_SWEEP_MAX values,
 * trained concurrently — one run per core, each run on one thread, so a run gives the
 * same bits as when it runs alone (the engine's sums do not depend on its thread count). */

#define DT_SWEEP_MAX 6

typedef struct
{
  char   *name;                  /* lr, rho, epsilon, decay, batch-size or hidden */
  double  values[DT_SWEEP_MAX];
  char   *texts[DT_SWEEP_MAX];   /* as the user wrote them, for the table */
  int     n;
} DtSweep;

typedef struct
{
  const NnDataset *train;
  const NnDataset *test;
  int              epochs;
  double           fraction;     /* validation split, 0: none */
  int              patience;     /* NN_NO_EARLY_STOPPING or ≥ 0 */
  gboolean         json;
  const gint      *cancel;
  int              n_workers;    /* runs at a time; 0: one per core */
} DtSweepRun;

gboolean dt_cli_sweep_parse (const char        *spec,
                             const NnConfig    *base,
                             DtSweep           *sweep,
                             GError           **error);
void     dt_cli_sweep_clear (DtSweep           *sweep);
/* Trains every run, then prints the table (or one --json object per run, in order). */
gboolean dt_cli_sweep_run   (const DtSweep     *sweep,
                             const NnConfig    *base,
                             const DtSweepRun  *run,
                             GError           **error);

G_END_DECLS
