/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-user-samples"

#include "config.h"

#include "nn-user-samples.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define SIDE NN_IMAGE_SIDE

char *
nn_user_samples_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "digit-trainer", "user-samples", NULL);
}

static gboolean
check_shape (const NnIdx  *images,
             const NnIdx  *labels,
             const char   *dir,
             GError      **error)
{
  if (images->rank != 3 || images->dims[1] != SIDE || images->dims[2] != SIDE)
    {
      g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_MISMATCH,
                   _("The drawn samples in %s are not 28×28 images"), dir);
      return FALSE;
    }
  for (gsize i = 0; i < labels->n_items; i++)
    if (labels->data[i] >= NN_DATASET_CLASSES)
      {
        g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_CORRUPT,
                     _("Drawn sample %zu in %s has label %u, not a digit 0–9"),
                     i + 1, dir, labels->data[i]);
        return FALSE;
      }
  return TRUE;
}

NnDataset *
nn_user_samples_load (const char  *dir,
                      GError     **error)
{
  g_autofree char *ipath = g_build_filename (dir, NN_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *lpath = g_build_filename (dir, NN_USER_SAMPLES_LABELS, NULL);
  g_autoptr(NnIdx) images = NULL;
  g_autoptr(NnIdx) labels = NULL;
  NnDataset *ds;
  gsize n;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (ipath, G_FILE_TEST_EXISTS) || !g_file_test (lpath, G_FILE_TEST_EXISTS))
    return nn_dataset_new (0, SIDE, SIDE);
  images = nn_idx_load (ipath, NN_IDX_MAGIC_IMAGES, error);
  if (images == NULL)
    return NULL;
  labels = nn_idx_load (lpath, NN_IDX_MAGIC_LABELS, error);
  if (labels == NULL || !check_shape (images, labels, dir, error))
    return NULL;

  /* a torn pair (see the header) keeps the samples that have both halves */
  n = MIN (images->n_items, labels->n_items);
  ds = nn_dataset_new (n, SIDE, SIDE);
  memcpy (ds->images, images->data, n * SIDE * SIDE);
  memcpy (ds->labels, labels->data, n);
  return ds;
}

gboolean
nn_user_samples_save (const char       *dir,
                      const NnDataset  *samples,
                      GError          **error)
{
  g_autofree char *ipath = g_build_filename (dir, NN_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *lpath = g_build_filename (dir, NN_USER_SAMPLES_LABELS, NULL);
  guint32 idims[3] = { (guint32) samples->n, SIDE, SIDE };
  guint32 ldims[1] = { (guint32) samples->n };

  g_return_val_if_fail (dir != NULL && samples != NULL, FALSE);
  g_return_val_if_fail (samples->n > 0 && samples->rows == SIDE && samples->cols == SIDE,
                        FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return nn_idx_save (ipath, 3, idims, samples->images, error) &&
         nn_idx_save (lpath, 1, ldims, samples->labels, error);
}

NnDataset *
nn_user_samples_append (const char    *dir,
                        const guint8  *image,
                        guint8         label,
                        GError       **error)
{
  g_autoptr(NnDataset) ds = NULL;
  g_autoptr(NnDataset) one = NULL;

  g_return_val_if_fail (dir != NULL && image != NULL, NULL);
  g_return_val_if_fail (label < NN_DATASET_CLASSES, NULL);

  ds = nn_user_samples_load (dir, error);
  if (ds == NULL)
    return NULL;
  one = nn_dataset_new (1, SIDE, SIDE);
  memcpy (one->images, image, SIDE * SIDE);
  one->labels[0] = label;
  if (!nn_dataset_append (ds, one, error) || !nn_user_samples_save (dir, ds, error))
    return NULL;
  return g_steal_pointer (&ds);
}
