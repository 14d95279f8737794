/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-sweep.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-cli-json.h"
#include "dt-format.h"
#include "nn-validation.h"

typedef struct
{
  NnConfig          config;
  const DtSweepRun *run;
  const NnTrainer  *index;     /* holds the training images' index, which the runs share */
  double            loss, accuracy, val_loss, val_accuracy, test_loss, test_accuracy;
  double            seconds;
  GError           *error;
} SweepJob;

static const char *const sweep_names[] = { "lr", "rho", "epsilon", "decay", "batch-size",
                                           "hidden" };

/* config with the swept setting at value */
static void
set_value (NnConfig   *config,
           const char *name,
           double      value)
{
  if (g_str_equal (name, "lr"))
    config->hyper.lr = (float) value;
  else if (g_str_equal (name, "rho"))
    config->hyper.rho = (float) value;
  else if (g_str_equal (name, "epsilon"))
    config->hyper.epsilon = (float) value;
  else if (g_str_equal (name, "decay"))
    config->hyper.decay = (float) value;
  else if (g_str_equal (name, "batch-size"))
    config->batch_size = (int) value;
  else
    config->n_hidden = (int) value;
}

static gboolean
sweep_error (GError    **error,
             const char *spec)
{
  g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
               _("--sweep takes NAME=V1,V2,… with NAME one of lr, rho, epsilon, decay, "
                 "batch-size, hidden and 1 to %d values (got “%s”)"), DT_SWEEP_MAX, spec);
  return FALSE;
}

gboolean
dt_cli_sweep_parse (const char *spec,
                    const NnConfig *base,
                    DtSweep    *sweep,
                    GError    **error)
{
  const char *eq = strchr (spec, '=');
  g_auto(GStrv) parts = NULL;

  memset (sweep, 0, sizeof *sweep);
  if (eq == NULL)
    return sweep_error (error, spec);
  sweep->name = g_strndup (spec, eq - spec);
  if (!g_strv_contains (sweep_names, sweep->name))
    return sweep_error (error, spec);
  parts = g_strsplit (eq + 1, ",", -1);
  if (g_strv_length (parts) < 1 || g_strv_length (parts) > DT_SWEEP_MAX)
    return sweep_error (error, spec);
  for (int i = 0; parts[i] != NULL; i++)
    {
      char *end;
      double v = g_ascii_strtod (g_strstrip (parts[i]), &end);
      NnConfig config = *base;

      if (end == parts[i] || *end != '\0' || !isfinite (v))
        return sweep_error (error, spec);
      set_value (&config, sweep->name, v);
      /* whole numbers for sizes; every value in its range, with the range in the message */
      if ((strstr (sweep->name, "batch") || strstr (sweep->name, "hidden")) &&
          (v != floor (v) || fabs (v) > G_MAXINT))
        return sweep_error (error, spec);
      if (!nn_config_validate (&config, error))
        return FALSE;
      sweep->values[sweep->n] = v;
      sweep->texts[sweep->n++] = g_strdup (parts[i]);
    }
  return TRUE;
}

void
dt_cli_sweep_clear (DtSweep *sweep)
{
  g_clear_pointer (&sweep->name, g_free);
  for (int i = 0; i < sweep->n; i++)
    g_clear_pointer (&sweep->texts[i], g_free);
  sweep->n = 0;
}

static void
job_epoch_cb (NnTrainer        *trainer,
              const NnProgress *p,
              gpointer          user_data)
{
  SweepJob *job = user_data;

  job->loss = p->loss;
  job->accuracy = p->accuracy;
  job->val_loss = p->val_loss;
  job->val_accuracy = p->val_accuracy;
}

/* One run, on a worker thread of the pool: the trainer is its own, the data shared. */
static void
job_run_cb (gpointer data,
            gpointer user_data)
{
  SweepJob *job = data;
  const DtSweepRun *r = job->run;
  g_autoptr(NnTrainer) t = NULL;
  NnCallbacks cb = { NULL, job_epoch_cb, job, r->cancel };
  gint64 start = g_get_monotonic_time ();

  t = nn_trainer_new (&job->config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &job->error);
  if (t == NULL)
    return;
  nn_trainer_share_data_index (t, job->index);
  if (r->epochs > 0 &&
      !nn_trainer_fit_validated (t, NN_DATASET_ARRAYS (r->train), r->epochs, r->fraction,
                                 r->patience, &cb, NULL, &job->error))
    return;
  nn_evaluate (nn_trainer_get_net (t), NN_DATASET_ARRAYS (r->test), &job->test_loss,
               &job->test_accuracy);
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
}

static void
print_json (const DtSweep  *sweep,
            int             i,
            const SweepJob *job)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "setting");
  json_builder_add_string_value (b, sweep->name);
  dt_cli_json_add_number (b, "value", sweep->values[i]);
  dt_cli_json_add_number (b, "loss", job->loss);
  dt_cli_json_add_number (b, "accuracy", job->accuracy);
  if (!isnan (job->val_loss))
    {
      dt_cli_json_add_number (b, "val_loss", job->val_loss);
      dt_cli_json_add_number (b, "val_accuracy", job->val_accuracy);
    }
  dt_cli_json_add_number (b, "test_loss", job->test_loss);
  dt_cli_json_add_number (b, "test_accuracy", job->test_accuracy);
  dt_cli_json_add_number (b, "seconds", job->seconds);
  json_builder_end_object (b);
  dt_cli_json_print (b);
}

/* One cell: the figure as Keras prints metrics, "-" when there is none. */
static void
print_cell (double value)
{
  g_autofree char *text = isnan (value) ? g_strdup ("-") : dt_format_metric (value);

  g_print ("  %10s", text);
}

static void
print_table (const DtSweep  *sweep,
             const SweepJob *jobs)
{
  int width = (int) strlen (sweep->name);

  for (int i = 0; i < sweep->n; i++)
    width = MAX (width, (int) strlen (sweep->texts[i]));
  g_print ("%-*s  %10s  %10s  %10s  %10s  %10s  %10s  %8s\n", width, sweep->name, "loss",
           "acc", "val_loss", "val_acc", "test_loss", "test_acc", "seconds");
  for (int i = 0; i < sweep->n; i++)
    {
      const SweepJob *job = &jobs[i];
      g_autofree char *seconds = dt_format_fixed (job->seconds, 1);

      g_print ("%-*s", width, sweep->texts[i]);
      print_cell (job->loss);
      print_cell (job->accuracy);
      print_cell (job->val_loss);
      print_cell (job->val_accuracy);
      print_cell (job->test_loss);
      print_cell (job->test_accuracy);
      g_print ("  %8s\n", seconds);
    }
}

gboolean
dt_cli_sweep_run (const DtSweep    *sweep,
                  const NnConfig   *base,
                  const DtSweepRun *run,
                  GError          **error)
{
  g_autofree SweepJob *jobs = g_new0 (SweepJob, sweep->n);
  int workers = run->n_workers > 0 ? run->n_workers : (int) g_get_num_processors ();
  g_autoptr(NnTrainer) index = nn_trainer_new (base, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, NULL);
  GThreadPool *pool;
  gboolean ok = TRUE;

  /* every run trains on the same images: they are searched for non-zero pixels once, here,
   * not once per run (a fifth of a lesson run's work) */
  if (index != NULL && run->fraction >= 0.0 && run->fraction < 1.0)
    nn_trainer_index_data (index, run->train->images,
                           nn_validation_split_at (run->train->n, run->fraction));
  pool = g_thread_pool_new (job_run_cb, NULL, MAX (workers, 1), TRUE, NULL);
  for (int i = 0; i < sweep->n; i++)
    {
      jobs[i] = (SweepJob) { *base, run, index, NAN, NAN, NAN, NAN, NAN, NAN, 0.0, NULL };
      set_value (&jobs[i].config, sweep->name, sweep->values[i]);
      /* each run on one thread: as many runs as cores is what uses them */
      jobs[i].config.n_threads = 1;
      g_thread_pool_push (pool, &jobs[i], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);   /* waits for every run */
  for (int i = 0; i < sweep->n && ok; i++)
    if (jobs[i].error != NULL)
      {
        g_propagate_prefixed_error (error, g_steal_pointer (&jobs[i].error), "%s=%s: ",
                                    sweep->name, sweep->texts[i]);
        ok = FALSE;
      }
  for (int i = 0; i < sweep->n; i++)
    g_clear_error (&jobs[i].error);
  if (!ok)
    return FALSE;
  if (run->json)
    for (int i = 0; i < sweep->n; i++)
      print_json (sweep, i, &jobs[i]);
  else
    print_table (sweep, jobs);
  return TRUE;
}
