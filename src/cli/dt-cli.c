/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "dt-cli-classify.h"
#include "dt-cli-image.h"
#include "dt-cli-json.h"
#include "dt-cli-keras.h"
#include "dt-cli-progress.h"
#include "dt-cli-stop.h"
#include "dt-cli-summary.h"
#include "dt-format.h"
#include "dt-progbar.h"
#include "nn-gemm.h"
#include "nn-model-file.h"
#include "nn-npz.h"
#include "nn-preprocess.h"
#include "nn-trainer.h"

#define EXIT_USAGE  2
#define MAX_EPOCHS  1000
#define MAX_THREADS NN_MAX_THREADS
#define PREAMBLE_LABELS 3    /* the lesson prints y_train[:3] */

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
  gboolean  quiet;
  char     *engine;
  char     *dataset;
  char     *export_npz;
  char     *load_npz;
  char     *keras_script;
  int       keras;
  double    validation_split;
  int       train_samples;
  int       early_stopping;
} CliOptions;

static void
cli_options_init (CliOptions *o)
{
  *o = (CliOptions) {
    .epochs = UNSET_INT, .batch_size = UNSET_INT, .hidden = UNSET_INT, .threads = UNSET_INT,
    .keras = UNSET_INT, .train_samples = UNSET_INT, .early_stopping = UNSET_INT,
    .validation_split = UNSET_DOUBLE,
    .lr = UNSET_DOUBLE, .rho = UNSET_DOUBLE, .epsilon = UNSET_DOUBLE, .decay = UNSET_DOUBLE,
    .seed = UNSET_INT64,
  };
}

static void
cli_options_clear (CliOptions *o)
{
  g_clear_pointer (&o->data_dir, g_free);
  g_clear_pointer (&o->save, g_free);
  g_clear_pointer (&o->load, g_free);
  g_clear_pointer (&o->classify, g_free);
  g_clear_pointer (&o->engine, g_free);
  g_clear_pointer (&o->dataset, g_free);
  g_clear_pointer (&o->export_npz, g_free);
  g_clear_pointer (&o->load_npz, g_free);
  g_clear_pointer (&o->keras_script, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptions, cli_options_clear)

static gboolean
human_output (const CliOptions *o)
{
  return !o->json && !o->quiet;
}

/* The lesson prints X_train[1].shape and y_train[:3] before training. */
static void
print_lesson_preamble (const NnDataset *train)
{
  gsize shown = MIN (train->n, PREAMBLE_LABELS);

  g_print ("(%zu,)\n", nn_dataset_image_size (train));
  for (gsize i = 0; i < shown; i++)
    {
      g_print (i == 0 ? "[[" : " [");
      for (int c = 0; c < NN_DATASET_CLASSES; c++)
        g_print (c == 0 ? "%d." : " %d.", c == train->labels[i]);
      g_print (i + 1 == shown ? "]]\n" : "]\n");
    }
}

/* --keras: the RMSprop form; a new form brings its own default ε unless --epsilon is given. */
static void
apply_keras (const CliOptions *o,
             NnConfig         *config)
{
  NnKeras form;

  if (o->keras == UNSET_INT || !nn_keras_from_number (o->keras, &form))
    return;
  if (form != config->hyper.form)
    config->hyper.epsilon = nn_hyper_defaults (form).epsilon;
  config->hyper.form = form;
}

static void
apply_options (const CliOptions *o,
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
validate_fit_options (const CliOptions *o,
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
static gboolean
validate_options (const CliOptions *o,
                  GError          **error)
{
  NnDatasetKind kind;
  NnConfig config;

  nn_config_init_defaults (&config);
  apply_options (o, &config);
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
  if (!validate_fit_options (o, error))
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
static NnDatasetKind
dataset_kind (const CliOptions *o)
{
  NnDatasetKind kind = NN_DATASET_MNIST;

  if (o->dataset != NULL)
    nn_dataset_kind_from_name (o->dataset, &kind);
  return kind;
}

static NnTrainer *
make_trainer (const CliOptions *o,
              GError          **error)
{
  g_autoptr (NnTrainer) t = NULL;
  const NnNet *net;
  NnConfig config;

  if (o->load == NULL)
    {
      nn_config_init_defaults (&config);
      apply_options (o, &config);
      if (o->load_npz != NULL)
        return dt_cli_trainer_from_npz (o->load_npz, &config, o->hidden != UNSET_INT, error);
      return nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error);
    }

  t = nn_model_load (o->load, error);
  if (t == NULL)
    return NULL;
  net = nn_trainer_get_net (t);
  if (net->n_in != NN_IMAGE_PIXELS || net->n_out != NN_DATASET_CLASSES ||
      (o->hidden != UNSET_INT && o->hidden != net->n_hidden))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("%s holds a %d→%d→%d network; this run needs 784→%d→10"),
                   o->load, net->n_in, net->n_hidden, net->n_out,
                   o->hidden != UNSET_INT ? o->hidden : net->n_hidden);
      return NULL;
    }
  /* explicit options override what the model file stored */
  config = *nn_trainer_get_config (t);
  apply_options (o, &config);
  if (!nn_trainer_configure (t, &config, error))
    return NULL;
  return g_steal_pointer (&t);
}

/* --keras-script: the lesson for these settings, loading the weights this run exports or
 * loaded, if any. */
static gboolean
write_keras_script (const CliOptions *o,
                    const NnTrainer  *trainer,
                    GError          **error)
{
  NnKerasScript k = {
    nn_trainer_get_config (trainer), o->epochs != UNSET_INT ? o->epochs : NN_LESSON_EPOCHS,
    dataset_kind (o) == NN_DATASET_FASHION ? "fashion_mnist" : "mnist",
    o->train_samples != UNSET_INT ? (gsize) o->train_samples : 0,
    o->validation_split != UNSET_DOUBLE ? o->validation_split : 0.0,
    o->early_stopping != UNSET_INT ? o->early_stopping : NN_NO_EARLY_STOPPING,
    o->export_npz != NULL ? o->export_npz : o->load_npz,
  };

  return dt_cli_write_keras_script (o->keras_script, &k, error);
}

static int
run (const CliOptions *o,
     gint64            t_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) train = NULL;
  g_autoptr(NnDataset) test = NULL;
  g_autoptr(NnTrainer) trainer = NULL;
  g_autofree char *dir = NULL;
  DtCliProgress rs = { .human = human_output (o), .json = o->json,
                       .validating = o->validation_split > 0.0 };
  NnCallbacks cb = { dt_cli_progress_batch_cb, dt_cli_progress_epoch_cb, &rs,
                     dt_cli_stop_flag () };
  int epochs = o->epochs != UNSET_INT ? o->epochs : NN_LESSON_EPOCHS;
  double test_loss, test_acc;
  gint64 t_eval;

  /* Ctrl+C stops before the next batch, and nothing is saved after it */
  dt_cli_stop_install ();
  trainer = make_trainer (o, &error);
  if (trainer == NULL)
    goto fail;
  /* the sparse engine shares batches between its own threads; BLAS only sees the tiny
   * second layer, where one thread is fastest */
  nn_blas_set_threads (nn_trainer_get_config (trainer)->dense ?
                       MAX (nn_trainer_get_config (trainer)->n_threads, 1) : 1);
  dir = nn_dataset_kind_find_dir (dataset_kind (o), o->data_dir, &error);
  if (dir == NULL)
    goto fail;
  train = nn_dataset_load (dir, "train", &error);
  if (train == NULL)
    goto fail;
  test = nn_dataset_load (dir, "t10k", &error);
  if (test == NULL)
    goto fail;

  if (o->train_samples != UNSET_INT)
    train->n = MIN (train->n, (gsize) o->train_samples);
  if (human_output (o))
    {
      print_lesson_preamble (train);
      g_print ("%s\n", _("Training ------------"));
    }
  if (epochs > 0 &&
      !dt_cli_fit (trainer, train, epochs,
                   o->validation_split != UNSET_DOUBLE ? o->validation_split : 0.0,
                   o->early_stopping != UNSET_INT ? o->early_stopping : NN_NO_EARLY_STOPPING,
                   &cb, &error))
    goto fail;
  if (dt_cli_stop_signal () != 0 ||
      (o->save != NULL && !nn_model_save (trainer, o->save, &error)) ||
      (o->export_npz != NULL && !nn_npz_save (nn_trainer_get_net (trainer), o->export_npz,
                                              &error)) ||
      (o->keras_script != NULL && !write_keras_script (o, trainer, &error)))
    goto fail;

  if (human_output (o))
    g_print ("\n%s\n", _("Testing ------------"));
  t_eval = g_get_monotonic_time ();
  nn_evaluate (nn_trainer_get_net (trainer), NN_DATASET_ARRAYS (test), &test_loss, &test_acc);
  if (human_output (o))
    {
      static const char *const names[] = { "loss", "acc" };
      double values[2] = { test_loss, test_acc };
      DtProgbar bar;

      dt_progbar_init (&bar, stdout, test->n, isatty (STDOUT_FILENO));
      bar.start = t_eval;
      dt_progbar_update (&bar, test->n, names, values, 0, TRUE);
    }
  dt_cli_print_test_result (o->json, test_loss, test_acc,
                            (g_get_monotonic_time () - t_eval) / 1e6, rs.train_seconds,
                            (g_get_monotonic_time () - t_start) / 1e6);
  /* a signal after the save: the model is whole, the exit status still says it came */
  return dt_cli_stop_signal () != 0 ? dt_cli_stop_report (NULL) : EXIT_SUCCESS;

fail:
  if (rs.mid_line)
    g_print ("\n");
  if (dt_cli_stop_signal () != 0)
    return dt_cli_stop_report (o->save);
  /* a run stopped by divergence keeps its partial results out of the way: say why */
  g_printerr ("digit-trainer-cli: %s\n", error->message);
  return EXIT_FAILURE;
}

/* --classify: the same preprocessing as the app's sketchpad, then one forward pass. */
static int
classify (const CliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) trainer = NULL;
  float input[NN_IMAGE_PIXELS];
  float p[NN_DATASET_CLASSES];
  int best;

  if (!dt_cli_image_load_input (o->classify, input, &error))
    goto fail;
  trainer = make_trainer (o, &error);
  if (trainer == NULL)
    goto fail;
  best = nn_preprocess_classify (nn_trainer_get_net (trainer), input, p);
  dt_cli_print_classification (dataset_kind (o), o->json, p, best);
  return EXIT_SUCCESS;

fail:
  g_printerr ("digit-trainer-cli: %s\n", error->message);
  return EXIT_FAILURE;
}

static GOptionContext *
new_option_context (CliOptions *o)
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
static gboolean
parse_command_line (CliOptions   *o,
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
static int
print_summary (const CliOptions *o)
{
  g_autofree char *text = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  apply_options (o, &config);
  text = dt_cli_summary (NN_IMAGE_PIXELS, config.n_hidden, NN_DATASET_CLASSES);
  g_print ("%s", text);
  return EXIT_SUCCESS;
}

static void
setup_translations (void)
{
  const char *localedir = g_getenv ("DT_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* DT_LOCALEDIR lets tests and `meson devenv` use the catalogues built in the build tree */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  gint64 t_start = g_get_monotonic_time ();
  g_auto(CliOptions) o = { 0 };

  cli_options_init (&o);
  setup_translations ();
  if (!parse_command_line (&o, &argc, &argv))
    return EXIT_USAGE;
  if (o.summary)
    return print_summary (&o);
  if (o.classify != NULL)
    return classify (&o);
  return run (&o, t_start);
}
