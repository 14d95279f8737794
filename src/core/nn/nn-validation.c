/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-validation"

#include "config.h"

#include "nn-validation.h"

#include <glib/gi18n-lib.h>
#include <math.h>

typedef struct
{
  const NnCallbacks *user;
  int                last_epoch;   /* the whole fit's, not the one-epoch fit's */
  const guint8      *val_images;
  const guint8      *val_labels;
  gsize              n_val;
  gsize              stride;
  NnProgress         last;         /* the epoch just finished */
} ValFit;

static void
val_batch_cb (NnTrainer        *trainer,
              const NnProgress *progress,
              gpointer          user_data)
{
  ValFit *vf = user_data;
  NnProgress p = *progress;

  p.last_epoch = vf->last_epoch;
  vf->user->on_batch (trainer, &p, vf->user->user_data);
}

static void
val_epoch_cb (NnTrainer        *trainer,
              const NnProgress *progress,
              gpointer          user_data)
{
  ValFit *vf = user_data;

  vf->last = *progress;
  vf->last.last_epoch = vf->last_epoch;
  if (vf->n_val > 0)
    nn_evaluate (nn_trainer_get_net (trainer), vf->val_images, vf->val_labels, vf->n_val,
                 vf->stride, &vf->last.val_loss, &vf->last.val_accuracy);
  if (vf->user != NULL && vf->user->on_epoch != NULL)
    vf->user->on_epoch (trainer, &vf->last, vf->user->user_data);
}

gsize
nn_validation_split_at (gsize  n,
                        double fraction)
{
  /* Python's int() truncates toward zero, as the cast does */
  return (gsize) ((double) n * (1.0 - fraction));
}

static gboolean
check_arguments (gsize    n,
                 double   fraction,
                 int      patience,
                 GError **error)
{
  if (!(fraction >= 0.0 && fraction < 1.0))
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("The validation split must be at least 0 and below 1 (got %g)"), fraction);
      return FALSE;
    }
  if (patience != NN_NO_EARLY_STOPPING && (patience < 0 || fraction <= 0.0))
    {
      g_set_error_literal (error, NN_ERROR, NN_ERROR_INVALID,
                           _("Early stopping needs a validation split and a patience ≥ 0"));
      return FALSE;
    }
  if (nn_validation_split_at (n, fraction) == 0 && n > 0)
    {
      g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
                   _("A validation split of %g leaves no sample of %zu to train on"),
                   fraction, n);
      return FALSE;
    }
  return TRUE;
}

/* One epoch's val_loss against the best: keeps the best weights, says whether to stop. */
static gboolean
early_stop_after (NnTrainer   *trainer,
                  const ValFit *vf,
                  int          patience,
                  NnNet       *best,
                  int         *wait,
                  NnFitReport *r)
{
  if (vf->n_val == 0)
    return FALSE;
  if (r->best_epoch == 0 || vf->last.val_loss < r->best_val_loss)
    {
      r->best_epoch = vf->last.epoch;
      r->best_val_loss = vf->last.val_loss;
      *wait = 0;
      if (best != NULL)
        nn_net_copy_params (best, nn_trainer_get_net (trainer));
      return FALSE;
    }
  *wait += 1;
  return patience != NN_NO_EARLY_STOPPING && *wait >= patience;
}

gboolean
nn_trainer_fit_validated (NnTrainer          *trainer,
                          const guint8       *images,
                          const guint8       *labels,
                          gsize               n,
                          gsize               stride,
                          int                 epochs,
                          double              fraction,
                          int                 patience,
                          const NnCallbacks  *callbacks,
                          NnFitReport        *report,
                          GError            **error)
{
  gsize split_at;
  ValFit vf;
  NnCallbacks one;
  NnFitReport r;
  NnNet *best = NULL;
  gboolean ok = TRUE;
  int wait = 0;

  g_return_val_if_fail (trainer != NULL, FALSE);
  /* before any pointer into the arrays is formed: a NaN split has no row to point at */
  if (!check_arguments (n, fraction, patience, error))
    return FALSE;
  split_at = nn_validation_split_at (n, fraction);
  vf = (ValFit) { callbacks, nn_trainer_get_epochs_done (trainer) + MAX (epochs, 0),
                  images + split_at * stride, labels + split_at, n - split_at, stride };
  one = (NnCallbacks) { NULL, val_epoch_cb, &vf, callbacks != NULL ? callbacks->cancel : NULL };
  r = (NnFitReport) { split_at, n - split_at, 0, 0, NAN, FALSE };
  if (callbacks != NULL && callbacks->on_batch != NULL)
    one.on_batch = val_batch_cb;
  if (patience != NN_NO_EARLY_STOPPING)
    best = nn_net_dup (nn_trainer_get_net (trainer));
  /* one fit per epoch: the trainer continues bit for bit across fits (nn-trainer.h) */
  for (int e = 0; e < epochs && ok; e++)
    {
      ok = nn_trainer_fit (trainer, images, labels, split_at, stride, 1, &one, error);
      if (!ok)
        break;
      r.epochs_run++;
      r.stopped_early = early_stop_after (trainer, &vf, patience, best, &wait, &r);
      if (r.stopped_early)
        break;
    }
  if (ok && best != NULL && r.best_epoch > 0)
    nn_net_copy_params (nn_trainer_get_net (trainer), best);
  g_clear_pointer (&best, nn_net_free);
  if (report != NULL)
    *report = r;
  return ok;
}
