/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <math.h>

#include "nn-dataset-kind.h"
#include "nn-trainer.h"

G_BEGIN_DECLS

/* digit-trainer-cli's command line: the options, their parsing and their checks. */

#define EXIT_USAGE  2
#define MAX_EPOCHS  1000
#define MAX_THREADS NN_MAX_THREADS

/* Options the user did not give keep these values, so that --load keeps the model's own.
 * They must lie outside what a user would type: with -1 and NAN, "--epochs -1",
 * "--batch-size -1" or "--lr nan" silently meant "the default" instead of being refused. */
#define UNSET_INT    G_MININT
#define UNSET_INT64  G_MININT64
#define UNSET_DOUBLE (-INFINITY)

typedef struct
{
  int       epochs;
  int       batch_size;
  double    lr;
  double    rho;
  double    epsilon;
  double    decay;
  int       hidden;
  gint64    seed;
  char     *data_dir;
  int       threads;
  char     *save;
  char     *load;
  char     *classify;
  gboolean  no_shuffle;
  gboolean  summary;
  gboolean  json;
  gboolean  confusion;
  gboolean  quiet;
  char     *engine;
  char     *dataset;
  char     *sweep;
  char     *export_npz;
  char     *load_npz;
  char     *keras_script;
  int       keras;
  double    validation_split;
  int       train_samples;
  int       early_stopping;
} DtCliOptions;

void          dt_cli_options_init       (DtCliOptions        *o);
void          dt_cli_options_clear      (DtCliOptions        *o);
/* Progress bars and the lesson's lines: neither --json nor --quiet. */
gboolean      dt_cli_human_output       (const DtCliOptions  *o);
/* The options the user gave, over config. */
void          dt_cli_apply_options      (const DtCliOptions  *o,
                                         NnConfig            *config);
/* --dataset (checked when parsed) */
NnDatasetKind dt_cli_dataset_kind       (const DtCliOptions  *o);
/* Parses and checks the command line; on a usage error says why and returns FALSE. */
gboolean      dt_cli_parse_command_line (DtCliOptions        *o,
                                         int                 *argc,
                                         char              ***argv);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtCliOptions, dt_cli_options_clear)

G_END_DECLS
