/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The worker half of DtTrainer: runs on the training thread, never touches the interface
 * nor emits signals; everything it tells the main thread goes through the shared state. */
#define G_LOG_DOMAIN "dt-trainer"

#include "config.h"

#include "dt-trainer-worker.h"

#include <math.h>
#include <string.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define EVAL_CHUNK  1000     /* test evaluation checks the cancel flag this often */
#define WORKER_NICE 10       /* the worker yields to the interface */
#define DT_TRAINER_OPTIM_SEED 11   /* which parameters the optimizer measurements sample */

static void
publish_snapshot (DtTrainerJob *job)
{
  dt_trainer_shared_publish (job->shared, nn_trainer_get_net (job->nn));
  job->last_publish = g_get_monotonic_time ();
}

static double
job_done_fraction (DtTrainerJob     *job,
                   const NnProgress *p)
{
  return (double) (p->epoch - job->first_epoch) + (double) p->seen / MAX (p->total, 1);
}

static void
fill_status (DtTrainerJob     *job,
             const NnProgress *p,
             DtTrainerStatus  *st)
{
  int bs = nn_trainer_get_config (job->nn)->batch_size;

  st->progress = *p;
  st->n_batches = (int) ((p->total + bs - 1) / bs);
  st->batch = (int) ((p->seen + bs - 1) / bs);
  st->samples_per_second = p->seconds > 0 ? p->seen / p->seconds : 0.0;
  st->eta_seconds = p->seen > 0 ? p->seconds / p->seen * (p->total - p->seen) : 0.0;
  st->x = job->x_last;
  st->fraction = CLAMP (job_done_fraction (job, p) / job->epochs, 0.0, 1.0);
}

/* Steps between optimizer measurements: about DT_TRAINER_OPTIM_PER_EPOCH an epoch. */
static int
optim_every (DtTrainerJob    *job,
             const NnDataset *train)
{
  gsize bs = (gsize) nn_trainer_get_config (job->nn)->batch_size;

  return (int) MAX ((train->n + bs - 1) / bs / DT_TRAINER_OPTIM_PER_EPOCH, 1);
}

/* What RMSprop did at this step, for the Optimizer page: a fixed sample of each layer's
 * parameters (nn-optim-stats.h), so a measurement costs tens of microseconds whatever the
 * network's width, in the RMSprop form the run uses. */
static void
measure_optimizer (DtTrainerJob     *job,
                   NnTrainer        *nn,
                   const NnProgress *p)
{
  DtOptimPoint point = { job->x_last, p->iteration, { { { { 0 } } } } };
  const float *grads = nn_trainer_get_gradient (nn);
  const NnRmsprop *opt = nn_trainer_get_optimizer (nn);

  if (grads == NULL)    /* the first step of a fit: nobody asked to keep its gradient */
    return;
  if (job->optim == NULL)
    job->optim = nn_optim_sampler_new (nn_trainer_get_net (nn), NN_OPTIM_DEFAULT_SAMPLE,
                                       DT_TRAINER_OPTIM_SEED);
  nn_optim_sampler_measure (job->optim, nn_trainer_get_net (nn), grads, opt,
                            opt->hyper.form == NN_KERAS_3 ? NN_STEP_FORM_KERAS3
                                                          : NN_STEP_FORM_KERAS2,
                            &point.stats);
  dt_trainer_shared_add_optim (job->shared, &point);
}

/* A granted step has trained: its samples and the answers before (job->before) and after. */
static void
record_step (DtTrainerJob     *job,
             NnTrainer        *nn,
             const NnProgress *p)
{
  const NnNet *after = nn_trainer_get_net (nn);
  DtTrainerStep *step = g_new0 (DtTrainerStep, 1);
  const guint32 *indices;
  double acc;
  int count;

  indices = nn_trainer_get_batch (nn, &count);
  step->n = (guint) count;
  step->images = g_new (guint8, (gsize) count * NN_IMAGE_PIXELS);
  step->labels = g_new (guint8, count);
  step->before = g_new (guint8, count);
  step->after = g_new (guint8, count);
  for (int i = 0; i < count; i++)
    {
      const guint8 *img = job->train->images + (gsize) indices[i] * NN_IMAGE_PIXELS;
      float x[NN_IMAGE_PIXELS], prob[NN_DATASET_CLASSES];

      memcpy (step->images + (gsize) i * NN_IMAGE_PIXELS, img, NN_IMAGE_PIXELS);
      step->labels[i] = job->train->labels[indices[i]];
      for (int j = 0; j < NN_IMAGE_PIXELS; j++)
        x[j] = img[j] / 255.0f;
      nn_predict (job->before, x, prob);
      step->before[i] = (guint8) nn_argmax (prob, NN_DATASET_CLASSES);
      nn_predict (after, x, prob);
      step->after[i] = (guint8) nn_argmax (prob, NN_DATASET_CLASSES);
    }
  nn_evaluate (job->before, step->images, step->labels, step->n, NN_IMAGE_PIXELS,
               &step->loss_before, &acc);
  nn_evaluate (after, step->images, step->labels, step->n, NN_IMAGE_PIXELS, &step->loss_after,
               &acc);
  step->iteration = p->iteration;
  step->x = job->x_last;
  g_clear_pointer (&job->before, nn_net_free);
  dt_trainer_shared_add_step (job->shared, step);
}

/* Waits as the pace says before the next batch; a granted step keeps the weights it starts
 * from, for the answers before the update. */
static void
wait_turn (DtTrainerJob *job)
{
  if (dt_trainer_shared_wait_turn (job->shared, &job->cancel, &job->last_turn))
    job->before = nn_net_dup (nn_trainer_get_net (job->nn));
}

static void
batch_done_cb (NnTrainer        *nn,
               const NnProgress *p,
               gpointer          user_data)
{
  DtTrainerJob *job = user_data;
  DtTrainerPoint point;
  DtTrainerStatus status;
  NnHyper hyper;

  job->x_last = job->x_base + job_done_fraction (job, p);
  point = (DtTrainerPoint) { job->x_last, p->batch_loss, p->batch_accuracy };
  fill_status (job, p, &status);
  if (job->optim_every > 0 && p->iteration % job->optim_every == 0)
    measure_optimizer (job, nn, p);
  if (job->optim_every > 0 && (p->iteration + 1) % job->optim_every == 0)
    nn_trainer_keep_gradient (nn);
  /* settings changed mid-run: the next batch steps with them */
  if (dt_trainer_shared_add_batch (job->shared, job->run_id, &point, &status, &job->hyper_seen,
                                   &hyper))
    nn_trainer_set_hyper (nn, &hyper, NULL);

  if (g_get_monotonic_time () - job->last_publish >= DT_TRAINER_PUBLISH_US)
    publish_snapshot (job);
  if (job->before != NULL)
    {
      /* the stepped weights are what the sketchpad and the samples should show now */
      publish_snapshot (job);
      record_step (job, nn, p);
    }
  /* the pace holds the next batch; after the fit's last one there is none to hold */
  if (p->epoch < p->last_epoch || p->seen < p->total)
    wait_turn (job);
}

/* nn_evaluate over the test set in chunks, so a Stop during it waits for one chunk only. */
static gboolean
evaluate_test (DtTrainerJob *job,
               double       *loss,
               double       *accuracy)
{
  const NnDataset *test = job->data->test;
  gsize size = nn_dataset_image_size (test);
  double loss_sum = 0.0, acc_sum = 0.0;

  for (gsize start = 0; start < test->n; start += EVAL_CHUNK)
    {
      gsize n = MIN ((gsize) EVAL_CHUNK, test->n - start);
      double l, a;

      if (g_atomic_int_get (&job->cancel))
        return FALSE;
      nn_evaluate (nn_trainer_get_net (job->nn), test->images + start * size,
                   test->labels + start, n, size, &l, &a);
      loss_sum += l * n;
      acc_sum += a * n;
    }
  *loss = loss_sum / MAX (test->n, 1);
  *accuracy = acc_sum / MAX (test->n, 1);
  return test->n > 0;
}

static void
epoch_done_cb (NnTrainer        *nn,
               const NnProgress *p,
               gpointer          user_data)
{
  DtTrainerJob *job = user_data;
  DtTestPoint tp = { job->x_last, 0, 0 };

  publish_snapshot (job);
  if (!isnan (p->val_loss))
    {
      DtTestPoint vp = { job->x_last, p->val_loss, p->val_accuracy };

      dt_trainer_shared_add_val (job->shared, &vp);
    }
  if (evaluate_test (job, &tp.loss, &tp.accuracy))
    dt_trainer_shared_add_test (job->shared, &tp);
}

static NnDataset *
merge_extra (const NnDataset *train,
             const NnDataset *extra)
{
  NnDataset *merged = nn_dataset_new (0, train->rows, train->cols);

  if (!nn_dataset_append (merged, train, NULL) || !nn_dataset_append (merged, extra, NULL))
    g_clear_pointer (&merged, nn_dataset_free);
  return merged;
}

/* The worker yields the CPU to the interface when both want it: on a two-core machine the
 * main thread and the display server must not wait behind the training loop.  Linux keeps a
 * nice value per thread. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE);
#endif
}

/* Keras's fit(x[:train_samples], validation_split=F) with EarlyStopping, as the CLI does it.
 * Without a split the plain fit runs its epochs in one go (the validated fit is one fit per
 * epoch, and a fit's first step has no kept gradient for the optimizer measurements). */
static void
fit (DtTrainerJob      *job,
     const NnDataset   *train,
     const NnCallbacks *cb,
     GError           **error)
{
  const DtFitOptions *o = &job->options;
  gsize n = o->train_samples > 0 ? MIN (train->n, o->train_samples) : train->n;

  if (o->validation_split > 0 || o->patience != NN_NO_EARLY_STOPPING)
    nn_trainer_fit_validated (job->nn, train->images, train->labels, n,
                              nn_dataset_image_size (train), job->epochs, o->validation_split,
                              o->patience, cb, &job->report, error);
  else if (nn_trainer_fit (job->nn, train->images, train->labels, n,
                           nn_dataset_image_size (train), job->epochs, cb, error))
    job->report = (NnFitReport) { n, 0, job->epochs, 0, NAN, FALSE };
}

gpointer
dt_trainer_worker_thread_cb (gpointer user_data)
{
  DtTrainerJob *job = user_data;
  const NnDataset *train = job->data->train;
  NnCallbacks cb = { batch_done_cb, epoch_done_cb, job, &job->cancel };
  GError *error = NULL;
  gint64 iterations_before = nn_trainer_get_iterations (job->nn);

  lower_thread_priority ();
  if (job->fit != NULL)
    train = job->fit;
  else if (job->extra != NULL && (job->built = merge_extra (train, job->extra)) != NULL)
    train = job->built;
  /* a new set may sit where a freed one was: the core must not take it for the old one */
  if (job->new_set || job->built != NULL)
    nn_trainer_forget_data (job->nn);
  job->optim_every = optim_every (job, train);
  job->train = train;
  job->last_turn = g_get_monotonic_time ();
  wait_turn (job);
  fit (job, train, &cb, &error);
  if (nn_trainer_get_iterations (job->nn) != iterations_before)
    publish_snapshot (job);

  dt_trainer_shared_finish (job->shared, error);
  return NULL;
}

void
dt_trainer_job_free (DtTrainerJob *job)
{
  g_clear_pointer (&job->data, dt_trainer_data_unref);
  g_clear_pointer (&job->extra, nn_dataset_free);
  g_clear_pointer (&job->built, nn_dataset_free);
  g_clear_pointer (&job->optim, nn_optim_sampler_free);
  g_clear_pointer (&job->before, nn_net_free);
  g_free (job);
}
