/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-options.h"

#include <glib/gi18n.h>

#include "dt-cli-sweep.h"
#include "nn-validation.h"

void
dt_cli_options_init (DtCliOptions *o)
{
  *o = (DtCliOptions) {
    .epochs = UNSET_INT, .batch_size = UNSET_INT, .hidden = UNSET_INT, .threads = UNSET_INT,
    .keras = UNSET_INT, .train_samples = UNSET_INT, .early_stopping = UNSET_INT,
    .validation_split = UNSET_DOUBLE,
    .lr = UNSET_DOUBLE, .rho = UNSET_DOUBLE, .epsilon = UNSET_DOUBLE, .decay = UNSET_DOUBLE,
    .seed = UNSET_INT64,
  };
}

void
dt_cli_options_clear (DtCliOptions *o)
{
  g_clear_pointer (&o->data_dir, g_free);
  g_clear_pointer (&o->save, g_free);
  g_clear_pointer (&o->load, g_free);
  g_clear_pointer (&o->classify, g_free);
  g_clear_pointer (&o->engine, g_free);
  g_clear_pointer (&o->dataset, g_free);
  g_clear_pointer (&o->sweep, g_free);
  g_clear_pointer (&o->export_npz, g_free);
  g_clear_pointer (&o->load_npz, g_free);
  g_clear_pointer (&o->keras_script, g_free);
}

gboolean
dt_cli_human_output (const DtCliOptions *o)
{
  return !o->json && !o->quiet;
}

/* --keras: the RMSprop form; a new form brings its own default ε unless --epsilon is given. */
static void
apply_keras (const DtCliOptions *o,
             NnConfig         *config)
{
  NnKeras form;

  if (o->keras == UNSET_INT || !nn_keras_from_number (o->keras, &form))
    return;
  if (form != config->hyper.form)
    config->hyper.epsilon = nn_hyper_defaults (form).epsilon;
  config->hyper.form = form;
}

void
dt_cli_apply_options (const DtCliOptions *o,
               NnConfig         *config)
{
  if (o->batch_size != UNSET_INT)
    config->batch_size = o->batch_size;
  if (o->hidden != UNSET_INT)
    config->n_hidden = o->hidden;
  if (o->seed != UNSET_INT64)
    config->seed = (guint64) o->seed;
  apply_keras (o, config);
  if (o->lr != UNSET_DOUBLE)
    config->hyper.lr = (float) o->lr;
  if (o->rho != UNSET_DOUBLE)
    config->hyper.rho = (float) o->rho;
  if (o->epsilon != UNSET_DOUBLE)
    config->hyper.epsilon = (float) o->epsilon;
  if (o->decay != UNSET_DOUBLE)
    config->hyper.decay = (float) o->decay;
  if (o->no_shuffle)
    config->shuffle = FALSE;
  if (o->engine != NULL)
    config->dense = g_str_equal (o->engine, "blas");
  if (o->threads > 0)
    config->n_threads = o->threads;
}

/* --validation-split, --train-samples, --early-stopping */
static gboolean
validate_fit_options (const DtCliOptions *o,
                      GError          **error)
{
  if (o->validation_split != UNSET_DOUBLE &&
      !(o->validation_split >= 0.0 && o->validation_split < 1.0))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("--validation-split must be at least 0 and below 1 (got %g)"),
                   o->validation_split);
      return FALSE;
    }
  if (o->train_samples != UNSET_INT && o->train_samples < 1)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("--train-samples must be at least 1 (got %d)"), o->train_samples);
      return FALSE;
    }
  if (o->early_stopping != UNSET_INT &&
      (o->early_stopping < 0 || o->validation_split == UNSET_DOUBLE ||
       o->validation_split <= 0.0))
    {
      g_set_error_literal (error, NN_ERROR, NN_ERROR_INVALID,
                           _("--early-stopping needs a patience of at least 0 and a "
                             "--validation-split above 0"));
      return FALSE;
    }
  return TRUE;
}

/* Everything the user can get wrong on the command line, checked before any work. */
/* --sweep's name and values, each checked with the other options */
static gboolean
validate_sweep (const DtCliOptions *o,
                const NnConfig     *config,
                GError            **error)
{
  DtSweep sweep;
  gboolean ok;

  if (o->sweep == NULL)
    return TRUE;
  ok = dt_cli_sweep_parse (o->sweep, config, &sweep, error);
  dt_cli_sweep_clear (&sweep);
  return ok;
}

static gboolean
validate_options (const DtCliOptions *o,
                  GError          **error)
{
  NnDatasetKind kind;
  NnConfig config;

  nn_config_init_defaults (&config);
  dt_cli_apply_options (o, &config);
  if (o->epochs != UNSET_INT && (o->epochs < 0 || o->epochs > MAX_EPOCHS))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Epochs must be between 0 and %d (got %d)"), MAX_EPOCHS, o->epochs);
      return FALSE;
    }
  if (o->threads != UNSET_INT && (o->threads < 1 || o->threads > MAX_THREADS))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Threads must be between 1 and %d (got %d)"), MAX_THREADS, o->threads);
      return FALSE;
    }
  if (o->engine != NULL && !g_str_equal (o->engine, "sparse") && !g_str_equal (o->engine, "blas"))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("Engine must be “sparse” or “blas” (got “%s”)"), o->engine);
      return FALSE;
    }
  if (o->dataset != NULL && !nn_dataset_kind_from_name (o->dataset, &kind))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("--dataset must be “mnist” or “fashion” (got “%s”)"), o->dataset);
      return FALSE;
    }
  if (o->keras != UNSET_INT && o->keras != 2 && o->keras != 3)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("--keras must be 2 or 3 (got %d)"), o->keras);
      return FALSE;
    }
  if (!validate_fit_options (o, error) || !validate_sweep (o, &config, error))
    return FALSE;
  if (o->seed != UNSET_INT64 && o->seed < 0)
    {
      g_set_error_literal (error, NN_ERROR, NN_ERROR_INVALID, _("The seed must not be negative"));
      return FALSE;
    }
  /* batch size, hidden units and the RMSprop values, with their ranges in the message */
  return nn_config_validate (&config, error);
}

/* --dataset, checked by validate_options() */
NnDatasetKind
dt_cli_dataset_kind (const DtCliOptions *o)
{
  NnDatasetKind kind = NN_DATASET_MNIST;

  if (o->dataset != NULL)
    nn_dataset_kind_from_name (o->dataset, &kind);
  return kind;
}

static GOptionContext *
new_option_context (DtCliOptions *o)
{
  /* g_option_context_add_main_entries copies the entries */
  const GOptionEntry entries[] = {
    { "epochs", 0, 0, G_OPTION_ARG_INT, &o->epochs,
      N_("Epochs to train (default 2)"), N_("N") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &o->batch_size,
      N_("Samples per step (default 32)"), N_("N") },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &o->lr,
      N_("RMSprop learning rate (default 0.001)"), N_("RATE") },
    { "rho", 0, 0, G_OPTION_ARG_DOUBLE, &o->rho,
      N_("RMSprop rho, in [0, 1) (default 0.9)"), N_("RHO") },
    { "epsilon", 0, 0, G_OPTION_ARG_DOUBLE, &o->epsilon,
      N_("RMSprop epsilon (default 1e-8)"), N_("EPS") },
    { "decay", 0, 0, G_OPTION_ARG_DOUBLE, &o->decay,
      N_("Learning-rate decay per step (default 0)"), N_("DECAY") },
    { "hidden", 0, 0, G_OPTION_ARG_INT, &o->hidden,
      N_("Hidden units (default 32)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &o->seed,
      N_("Seed for weights and shuffling (default 1337)"), N_("SEED") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->data_dir,
      N_("Folder holding the MNIST IDX files"), N_("DIR") },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &o->dataset,
      N_("mnist (default) or fashion (Fashion-MNIST, from Debian's dataset-fashion-mnist "
         "unless --data-dir is given)"), N_("mnist|fashion") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o->threads,
      N_("Threads sharing each batch (default: one per core, while faster than one)"),
      N_("N") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &o->save,
      N_("Save the trained model to FILE"), N_("FILE") },
    { "load", 0, 0, G_OPTION_ARG_FILENAME, &o->load,
      N_("Continue from the model in FILE"), N_("FILE") },
    { "classify", 0, 0, G_OPTION_ARG_FILENAME, &o->classify,
      N_("Classify the digit in a PNG image with the --load model"), N_("IMAGE") },
    { "sweep", 0, 0, G_OPTION_ARG_STRING, &o->sweep,
      N_("Train one run per value side by side, one per core, e.g. lr=1e-4,1e-3,1e-2 "
         "(lr, rho, epsilon, decay, batch-size or hidden; up to 6 values)"), N_("NAME=VALUES") },
    { "export-npz", 0, 0, G_OPTION_ARG_FILENAME, &o->export_npz,
      N_("Save the trained weights as NumPy arrays in Keras's get_weights() order"),
      N_("FILE") },
    { "load-npz", 0, 0, G_OPTION_ARG_FILENAME, &o->load_npz,
      N_("Start from the weights in a .npz file (e.g. from Keras via numpy.savez)"),
      N_("FILE") },
    { "keras-script", 0, 0, G_OPTION_ARG_FILENAME, &o->keras_script,
      N_("Write the lesson's Keras script for these settings to FILE (- for the terminal)"),
      N_("FILE") },
    { "no-shuffle", 0, 0, G_OPTION_ARG_NONE, &o->no_shuffle,
      N_("Keep the training order fixed"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &o->summary,
      N_("Print the model summary and exit"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json,
      N_("Print one JSON object per epoch and one for the test"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
      N_("Print only the test result"), NULL },
    { "confusion", 0, 0, G_OPTION_ARG_NONE, &o->confusion,
      N_("Print the test set's confusion matrix (rows: true digit, columns: prediction)"),
      NULL },
    { "keras", 0, 0, G_OPTION_ARG_INT, &o->keras,
      N_("RMSprop as Keras 2 writes it (default, the lesson's: ε outside the root, "
         "ε 1e-8) or Keras 3 (ε inside the root, ε 1e-7, no decay)"), N_("2|3") },
    { "validation-split", 0, 0, G_OPTION_ARG_DOUBLE, &o->validation_split,
      N_("Hold out the last fraction F of the training set and evaluate it after every epoch, "
         "as Keras's validation_split"), N_("F") },
    { "train-samples", 0, 0, G_OPTION_ARG_INT, &o->train_samples,
      N_("Use only the first N training samples"), N_("N") },
    { "early-stopping", 0, 0, G_OPTION_ARG_INT, &o->early_stopping,
      N_("Stop after PATIENCE epochs without a lower val_loss and keep the best weights"),
      N_("PATIENCE") },
    { "engine", 0, 0, G_OPTION_ARG_STRING, &o->engine,
      N_("First-layer engine: sparse (default, fastest) or blas (dense GEMMs)"), N_("ENGINE") },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("Train the Keras MNIST lesson's network (784→32→10, RMSprop) and evaluate it."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Parses and checks the command line; on a usage error says why and returns FALSE. */
gboolean
dt_cli_parse_command_line (DtCliOptions   *o,
                    int          *argc,
                    char       ***argv)
{
  g_autoptr(GOptionContext) context = new_option_context (o);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error) || !validate_options (o, &error))
    {
      g_printerr ("digit-trainer-cli: %s\n", error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return FALSE;
    }
  if (o->classify != NULL && o->load == NULL && o->load_npz == NULL)
    {
      g_printerr ("digit-trainer-cli: %s\n",
                  _("--classify needs a trained model: add --load MODEL"));
      return FALSE;
    }
  if (o->sweep != NULL && (o->load != NULL || o->load_npz != NULL || o->save != NULL ||
                           o->export_npz != NULL || o->keras_script != NULL))
    {
      /* a sweep trains new networks from the options and keeps none */
      g_printerr ("digit-trainer-cli: %s\n",
                  _("--sweep takes no --load, --load-npz, --save, --export-npz or --keras-script"));
      return FALSE;
    }
  if (o->load != NULL && o->load_npz != NULL)
    {
      g_printerr ("digit-trainer-cli: %s\n", _("Give --load or --load-npz, not both"));
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr (_("digit-trainer-cli: unexpected argument “%s”\n"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

/* --summary: Keras's model.summary() for the network the options describe. */