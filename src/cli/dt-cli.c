/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "dt-cli-classify.h"
#include "dt-cli-confusion.h"
#include "dt-cli-image.h"
#include "dt-cli-json.h"
#include "dt-cli-keras.h"
#include "dt-cli-options.h"
#include "dt-cli-progress.h"
#include "dt-cli-stop.h"
#include "dt-cli-sweep.h"
#include "dt-cli-summary.h"
#include "dt-format.h"
#include "dt-progbar.h"
#include "nn-gemm.h"
#include "nn-model-file.h"
#include "nn-npz.h"
#include "nn-preprocess.h"
#include "nn-trainer.h"

static NnTrainer *
make_trainer (const DtCliOptions *o,
              GError          **error)
{
  g_autoptr (NnTrainer) t = NULL;
  const NnNet *net;
  NnConfig config;

  if (o->load == NULL)
    {
      nn_config_init_defaults (&config);
      dt_cli_apply_options (o, &config);
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
  dt_cli_apply_options (o, &config);
  if (!nn_trainer_configure (t, &config, error))
    return NULL;
  return g_steal_pointer (&t);
}

/* The training set (its first --train-samples) and the test set of --dataset. */
static gboolean
load_sets (const DtCliOptions *o,
           NnDataset       **train,
           NnDataset       **test,
           GError          **error)
{
  g_autofree char *dir = nn_dataset_kind_find_dir (dt_cli_dataset_kind (o), o->data_dir, error);

  if (dir == NULL || (*train = nn_dataset_load (dir, "train", error)) == NULL ||
      (*test = nn_dataset_load (dir, "t10k", error)) == NULL)
    return FALSE;
  if (o->train_samples != UNSET_INT)
    (*train)->n = MIN ((*train)->n, (gsize) o->train_samples);
  return TRUE;
}

/* --sweep: the runs side by side, one per core; a table or one --json object each. */
static int
run_sweep (const DtCliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) train = NULL;
  g_autoptr(NnDataset) test = NULL;
  DtSweep sweep = { 0 };
  NnConfig config;
  DtSweepRun r = {
    NULL, NULL, o->epochs != UNSET_INT ? o->epochs : NN_LESSON_EPOCHS,
    o->validation_split != UNSET_DOUBLE ? o->validation_split : 0.0,
    o->early_stopping != UNSET_INT ? o->early_stopping : NN_NO_EARLY_STOPPING,
    o->json, dt_cli_stop_flag (), o->threads != UNSET_INT ? o->threads : 0,
  };
  gboolean ok;

  dt_cli_stop_install ();
  nn_blas_set_threads (1);
  nn_config_init_defaults (&config);
  dt_cli_apply_options (o, &config);
  ok = load_sets (o, &train, &test, &error) &&
       dt_cli_sweep_parse (o->sweep, &config, &sweep, &error);
  r.train = train, r.test = test;
  ok = ok && dt_cli_sweep_run (&sweep, &config, &r, &error);
  dt_cli_sweep_clear (&sweep);
  if (dt_cli_stop_signal () != 0)
    return dt_cli_stop_report (NULL);
  if (ok)
    return EXIT_SUCCESS;
  g_printerr ("digit-trainer-cli: %s\n", error->message);
  return EXIT_FAILURE;
}

/* --keras-script: the lesson for these settings, loading the weights this run exports or
 * loaded, if any. */
static gboolean
write_keras_script (const DtCliOptions *o,
                    const NnTrainer  *trainer,
                    GError          **error)
{
  NnKerasScript k = {
    nn_trainer_get_config (trainer), o->epochs != UNSET_INT ? o->epochs : NN_LESSON_EPOCHS,
    dt_cli_dataset_kind (o) == NN_DATASET_FASHION ? "fashion_mnist" : "mnist",
    o->train_samples != UNSET_INT ? (gsize) o->train_samples : 0,
    o->validation_split != UNSET_DOUBLE ? o->validation_split : 0.0,
    o->early_stopping != UNSET_INT ? o->early_stopping : NN_NO_EARLY_STOPPING,
    o->export_npz != NULL ? o->export_npz : o->load_npz,
  };

  return dt_cli_write_keras_script (o->keras_script, &k, error);
}

static int
run (const DtCliOptions *o,
     gint64            t_start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) train = NULL;
  g_autoptr(NnDataset) test = NULL;
  g_autoptr(NnTrainer) trainer = NULL;
  DtCliProgress rs = { .human = dt_cli_human_output (o), .json = o->json,
                       .validating = o->validation_split > 0.0 };
  NnCallbacks cb = { dt_cli_progress_batch_cb, dt_cli_progress_epoch_cb, &rs,
                     dt_cli_stop_flag () };
  int epochs = o->epochs != UNSET_INT ? o->epochs : NN_LESSON_EPOCHS;
  double test_loss, test_acc;
  gint64 t_eval;
  g_autofree guint32 *confusion = NULL;

  /* Ctrl+C stops before the next batch, and nothing is saved after it */
  dt_cli_stop_install ();
  trainer = make_trainer (o, &error);
  if (trainer == NULL)
    goto fail;
  /* the sparse engine shares batches between its own threads; BLAS only sees the tiny
   * second layer, where one thread is fastest */
  nn_blas_set_threads (nn_trainer_get_config (trainer)->dense ?
                       MAX (nn_trainer_get_config (trainer)->n_threads, 1) : 1);
  if (!load_sets (o, &train, &test, &error))
    goto fail;
  if (dt_cli_human_output (o))
    {
      dt_cli_print_preamble (train);
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

  if (dt_cli_human_output (o))
    g_print ("\n%s\n", _("Testing ------------"));
  t_eval = g_get_monotonic_time ();
  nn_evaluate (nn_trainer_get_net (trainer), NN_DATASET_ARRAYS (test), &test_loss, &test_acc);
  if (dt_cli_human_output (o))
    dt_cli_print_test_bar (test->n, t_eval);
  if (o->confusion)
    confusion = dt_cli_confusion_compute (nn_trainer_get_net (trainer), test);
  dt_cli_print_test_result (o->json, test_loss, test_acc,
                            (g_get_monotonic_time () - t_eval) / 1e6, rs.train_seconds,
                            (g_get_monotonic_time () - t_start) / 1e6, confusion);
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
classify (const DtCliOptions *o)
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
  dt_cli_print_classification (dt_cli_dataset_kind (o), o->json, p, best);
  return EXIT_SUCCESS;

fail:
  g_printerr ("digit-trainer-cli: %s\n", error->message);
  return EXIT_FAILURE;
}

static int
print_summary (const DtCliOptions *o)
{
  g_autofree char *text = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);
  dt_cli_apply_options (o, &config);
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
  g_auto(DtCliOptions) o = { 0 };

  dt_cli_options_init (&o);
  setup_translations ();
  if (!dt_cli_parse_command_line (&o, &argc, &argv))
    return EXIT_USAGE;
  if (o.summary)
    return print_summary (&o);
  if (o.classify != NULL)
    return classify (&o);
  if (o.sweep != NULL)
    return run_sweep (&o);
  return run (&o, t_start);
}
