/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-user-samples"

#include "config.h"

#include "dt-user-samples.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define SIDE 28

char *
dt_user_samples_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "digit-trainer", "user-samples", NULL);
}

static gboolean
check_shape (const DtIdx  *images,
             const DtIdx  *labels,
             const char   *dir,
             GError      **error)
{
  if (images->rank != 3 || images->dims[1] != SIDE || images->dims[2] != SIDE)
    {
      g_set_error (error, DT_DATA_ERROR, DT_DATA_ERROR_MISMATCH,
                   _("The drawn samples in %s are not 28×28 images"), dir);
      return FALSE;
    }
  for (gsize i = 0; i < labels->n_items; i++)
    if (labels->data[i] >= DT_DATASET_CLASSES)
      {
        g_set_error (error, DT_DATA_ERROR, DT_DATA_ERROR_CORRUPT,
                     _("Drawn sample %zu in %s has label %u, not a digit 0–9"),
                     i + 1, dir, labels->data[i]);
        return FALSE;
      }
  return TRUE;
}

DtDataset *
dt_user_samples_load (const char  *dir,
                      GError     **error)
{
  g_autofree char *ipath = g_build_filename (dir, DT_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *lpath = g_build_filename (dir, DT_USER_SAMPLES_LABELS, NULL);
  g_autoptr(DtIdx) images = NULL;
  g_autoptr(DtIdx) labels = NULL;
  DtDataset *ds;
  gsize n;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (ipath, G_FILE_TEST_EXISTS) || !g_file_test (lpath, G_FILE_TEST_EXISTS))
    return dt_dataset_new (0, SIDE, SIDE);
  images = dt_idx_load (ipath, DT_IDX_MAGIC_IMAGES, error);
  if (images == NULL)
    return NULL;
  labels = dt_idx_load (lpath, DT_IDX_MAGIC_LABELS, error);
  if (labels == NULL || !check_shape (images, labels, dir, error))
    return NULL;

  /* a torn pair (see the header) keeps the samples that have both halves */
  n = MIN (images->n_items, labels->n_items);
  ds = dt_dataset_new (n, SIDE, SIDE);
  memcpy (ds->images, images->data, n * SIDE * SIDE);
  memcpy (ds->labels, labels->data, n);
  return ds;
}

gboolean
dt_user_samples_save (const char       *dir,
                      const DtDataset  *samples,
                      GError          **error)
{
  g_autofree char *ipath = g_build_filename (dir, DT_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *lpath = g_build_filename (dir, DT_USER_SAMPLES_LABELS, NULL);
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
  return dt_idx_save (ipath, 3, idims, samples->images, error) &&
         dt_idx_save (lpath, 1, ldims, samples->labels, error);
}

DtDataset *
dt_user_samples_append (const char    *dir,
                        const guint8  *image,
                        guint8         label,
                        GError       **error)
{
  g_autoptr(DtDataset) ds = NULL;
  g_autoptr(DtDataset) one = NULL;

  g_return_val_if_fail (dir != NULL && image != NULL, NULL);
  g_return_val_if_fail (label < DT_DATASET_CLASSES, NULL);

  ds = dt_user_samples_load (dir, error);
  if (ds == NULL)
    return NULL;
  one = dt_dataset_new (1, SIDE, SIDE);
  memcpy (one->images, image, SIDE * SIDE);
  one->labels[0] = label;
  if (!dt_dataset_append (ds, one, error) || !dt_user_samples_save (dir, ds, error))
    return NULL;
  return g_steal_pointer (&ds);
}
