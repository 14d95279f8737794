/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-trainer"

#include "config.h"

#include "nn-trainer.h"
#include "nn-trainer-private.h"

/* The set is searched for non-zero pixels once, not every epoch.  It is rebuilt when the
 * caller passes other images (a set that grew is reallocated, so its pointer changes too). */
void
nn_trainer_index_data (NnTrainer    *t,
                       const guint8 *images,
                       gsize         n)
{
  if (t->config.dense || (t->sparse_set != NULL && t->sparse_set_of == images &&
                          t->sparse_set_n == n))
    return;
  nn_sparse_set_unref (t->sparse_set);
  t->sparse_set = nn_sparse_set_new (images, n, t->net->n_in);
  t->sparse_set_of = images;
  t->sparse_set_n = n;
}

void
nn_trainer_forget_data (NnTrainer *t)
{
  g_clear_pointer (&t->sparse_set, nn_sparse_set_unref);
  t->sparse_set_of = NULL;
  t->sparse_set_n = 0;
}

gboolean
nn_trainer_has_data_index (const NnTrainer *t)
{
  return t->sparse_set != NULL;
}

void
nn_trainer_share_data_index (NnTrainer       *t,
                             const NnTrainer *from)
{
  if (from == NULL || t->config.dense || from->sparse_set == NULL || from->net->n_in != t->net->n_in)
    return;
  nn_sparse_set_unref (t->sparse_set);
  t->sparse_set = nn_sparse_set_ref (from->sparse_set);
  t->sparse_set_of = from->sparse_set_of;
  t->sparse_set_n = from->sparse_set_n;
}
