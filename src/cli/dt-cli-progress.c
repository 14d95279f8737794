/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-progress.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dt-cli-confusion.h"
#include "dt-cli-json.h"
#include "dt-format.h"

#define PREAMBLE_LABELS 3    /* the lesson prints y_train[:3] */

/* The metric names Keras 2.0.8 prints, in its order: params['metrics'] lists the training
 * metrics, then the same prefixed with val_. */
static const char *const metric_names[] = { "loss", "acc", "val_loss", "val_acc" };

void
dt_cli_progress_batch_cb (NnTrainer        *trainer,
                          const NnProgress *p,
                          gpointer          user_data)
{
  DtCliProgress *cp = user_data;
  double values[2] = { p->loss, p->accuracy };

  if (!cp->human)
    return;
  if (cp->bar_epoch != p->epoch)
    {
      cp->bar_epoch = p->epoch;
      g_print ("Epoch %d/%d\n", p->epoch, p->last_epoch);
      dt_progbar_init (&cp->bar, stdout, p->total, isatty (STDOUT_FILENO));
    }
  /* Keras's ProgbarLogger leaves the last batch to on_epoch_end, after the validation */
  if (cp->validating && p->seen >= p->total)
    {
      cp->mid_line = cp->bar.interactive;
      return;
    }
  dt_progbar_update (&cp->bar, p->seen, metric_names, values, 2, FALSE);
  cp->mid_line = cp->bar.interactive && p->seen < p->total;
}

static void
print_json_epoch (const NnProgress *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  dt_cli_json_add_int (b, "epoch", p->epoch);
  dt_cli_json_add_number (b, "loss", p->loss);
  dt_cli_json_add_number (b, "accuracy", p->accuracy);
  if (!isnan (p->val_loss))
    {
      dt_cli_json_add_number (b, "val_loss", p->val_loss);
      dt_cli_json_add_number (b, "val_accuracy", p->val_accuracy);
    }
  dt_cli_json_add_number (b, "seconds", p->seconds);
  dt_cli_json_add_number (b, "samples_per_second",
                          p->seconds > 0 ? p->total / p->seconds : 0.0);
  json_builder_end_object (b);
  dt_cli_json_print (b);
}

void
dt_cli_progress_epoch_cb (NnTrainer        *trainer,
                          const NnProgress *p,
                          gpointer          user_data)
{
  DtCliProgress *cp = user_data;

  cp->train_seconds += p->seconds;
  if (cp->json)
    print_json_epoch (p);
  if (cp->human && cp->validating)
    {
      double values[4] = { p->loss, p->accuracy, p->val_loss, p->val_accuracy };

      dt_progbar_update (&cp->bar, p->total, metric_names, values, 4, TRUE);
      cp->mid_line = FALSE;
    }
}

gboolean
dt_cli_fit (NnTrainer         *trainer,
            const NnDataset   *train,
            int                epochs,
            double             fraction,
            int                patience,
            const NnCallbacks *cb,
            GError           **error)
{
  DtCliProgress *cp = cb->user_data;
  gsize split_at = nn_validation_split_at (train->n, fraction);
  g_autofree char *best = NULL;
  NnFitReport report;

  if (fraction <= 0.0)
    return nn_trainer_fit (trainer, NN_DATASET_ARRAYS (train), epochs, cb, error);
  /* Keras 2.0.8's _fit_loop says this before the first epoch */
  if (cp->human)
    g_print ("Train on %zu samples, validate on %zu samples\n", split_at, train->n - split_at);
  if (!nn_trainer_fit_validated (trainer, NN_DATASET_ARRAYS (train), epochs, fraction, patience,
                                 cb, &report, error))
    return FALSE;
  if (patience == NN_NO_EARLY_STOPPING || !cp->human)
    return TRUE;
  /* Keras's EarlyStopping(verbose=1) reports a stop this way */
  if (report.stopped_early)
    g_print ("Epoch %05d: early stopping\n", nn_trainer_get_epochs_done (trainer));
  best = dt_format_metric (report.best_val_loss);
  g_print (_("Restored the weights of epoch %d (lowest val_loss %s)\n"), report.best_epoch, best);
  return TRUE;
}

static double
peak_rss_mb (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;   /* ru_maxrss is in kilobytes on Linux */
}

void
dt_cli_print_test_result (gboolean          json,
                          double            loss,
                          double            accuracy,
                          double            seconds,
                          double            train_seconds,
                          double            total_seconds,
                          const guint32    *confusion)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      dt_cli_json_add_number (b, "test_loss", loss);
      dt_cli_json_add_number (b, "test_accuracy", accuracy);
      dt_cli_json_add_number (b, "seconds", seconds);
      dt_cli_json_add_number (b, "train_seconds", train_seconds);
      dt_cli_json_add_number (b, "total_seconds", total_seconds);
      dt_cli_json_add_number (b, "peak_rss_mb", peak_rss_mb ());
      dt_cli_confusion_add_json (b, confusion);
      json_builder_end_object (b);
      dt_cli_json_print (b);
    }
  else
    {
      /* the lesson's print('test loss: ', loss): Python writes '.' in every locale */
      g_autofree char *loss_text = dt_format_fixed (loss, 4);
      g_autofree char *acc_text = dt_format_fixed (accuracy, 4);

      g_print ("%s  %s\n", _("test loss:"), loss_text);
      g_print ("%s  %s\n", _("test accuracy:"), acc_text);
      if (confusion != NULL)
        {
          g_autofree char *table = dt_cli_confusion_text (confusion);

          g_print ("%s", table);
        }
    }
}

/* The lesson prints X_train[1].shape and y_train[:3] before training. */
void
dt_cli_print_preamble (const NnDataset *train)
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

void
dt_cli_print_test_bar (gsize  n,
                       gint64 start)
{
  static const char *const names[] = { "loss", "acc" };
  double values[2] = { 0, 0 };
  DtProgbar bar;

  /* Keras 2.0.8's evaluate() bar shows no metrics, only the count and the time */
  dt_progbar_init (&bar, stdout, n, isatty (STDOUT_FILENO));
  bar.start = start;
  dt_progbar_update (&bar, n, names, values, 0, TRUE);
}
