/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-dataset"

#include "config.h"

#include "nn-dataset.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const file_names[] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

NnDataset *
nn_dataset_new (gsize n,
                int   rows,
                int   cols)
{
  NnDataset *ds = g_new0 (NnDataset, 1);

  ds->n = n;
  ds->rows = rows;
  ds->cols = cols;
  ds->images = g_malloc0 (MAX (n, 1) * rows * cols);
  ds->labels = g_malloc0 (MAX (n, 1));
  return ds;
}

void
nn_dataset_free (NnDataset *ds)
{
  if (ds == NULL)
    return;
  g_free (ds->images);
  g_free (ds->labels);
  g_free (ds);
}

gsize
nn_dataset_image_size (const NnDataset *ds)
{
  return (gsize) ds->rows * ds->cols;
}

NnDataset *
nn_dataset_load_files (const char  *images_path,
                       const char  *labels_path,
                       GError     **error)
{
  g_autoptr(NnIdx) images = NULL;
  g_autoptr(NnIdx) labels = NULL;
  g_autofree char *ibase = g_path_get_basename (images_path);
  g_autofree char *lbase = g_path_get_basename (labels_path);
  NnDataset *ds;

  images = nn_idx_load (images_path, NN_IDX_MAGIC_IMAGES, error);
  if (images == NULL)
    return NULL;
  labels = nn_idx_load (labels_path, NN_IDX_MAGIC_LABELS, error);
  if (labels == NULL)
    return NULL;

  if (images->n_items != labels->n_items)
    {
      g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_MISMATCH,
                   _("%s holds %zu images but %s holds %zu labels"),
                   ibase, images->n_items, lbase, labels->n_items);
      return NULL;
    }
  for (gsize i = 0; i < labels->n_items; i++)
    if (labels->data[i] >= NN_DATASET_CLASSES)
      {
        g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_CORRUPT,
                     _("%s: label %u of item %zu is not a digit 0–9"),
                     lbase, labels->data[i], i);
        return NULL;
      }
  if (images->dims[1] != NN_IMAGE_SIDE || images->dims[2] != NN_IMAGE_SIDE)
    {
      g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_MISMATCH,
                   _("%s holds %u×%u images; Digit Trainer needs 28×28"),
                   ibase, images->dims[1], images->dims[2]);
      return NULL;
    }

  ds = g_new0 (NnDataset, 1);
  ds->n = images->n_items;
  ds->rows = (int) images->dims[1];
  ds->cols = (int) images->dims[2];
  ds->images = g_steal_pointer (&images->data);
  ds->labels = g_steal_pointer (&labels->data);
  return ds;
}

char *
nn_data_find_file (const char *dir,
                   const char *name)
{
  g_autofree char *raw = g_build_filename (dir, name, NULL);
  g_autofree char *gz = g_strconcat (raw, ".gz", NULL);

  if (g_file_test (raw, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&raw);
  if (g_file_test (gz, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&gz);
  return NULL;
}

NnDataset *
nn_dataset_load (const char  *dir,
                 const char  *prefix,
                 GError     **error)
{
  g_autofree char *iname = g_strdup_printf ("%s-images-idx3-ubyte", prefix);
  g_autofree char *lname = g_strdup_printf ("%s-labels-idx1-ubyte", prefix);
  g_autofree char *ipath = nn_data_find_file (dir, iname);
  g_autofree char *lpath = nn_data_find_file (dir, lname);

  if (ipath == NULL || lpath == NULL)
    {
      g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_NOT_FOUND,
                   _("%s[.gz] is missing from %s"), ipath == NULL ? iname : lname, dir);
      return NULL;
    }
  return nn_dataset_load_files (ipath, lpath, error);
}

gboolean
nn_dataset_append (NnDataset        *ds,
                   const NnDataset  *src,
                   GError          **error)
{
  gsize isz = nn_dataset_image_size (ds);

  if (src->rows != ds->rows || src->cols != ds->cols)
    {
      g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_MISMATCH,
                   _("Cannot add %d×%d images to a set of %d×%d images"),
                   src->rows, src->cols, ds->rows, ds->cols);
      return FALSE;
    }
  ds->images = g_realloc (ds->images, (ds->n + src->n) * isz);
  ds->labels = g_realloc (ds->labels, ds->n + src->n);
  memcpy (ds->images + ds->n * isz, src->images, src->n * isz);
  memcpy (ds->labels + ds->n, src->labels, src->n);
  ds->n += src->n;
  return TRUE;
}

void
nn_dataset_gather (const NnDataset *ds,
                   const guint32   *indices,
                   int              count,
                   float           *x,
                   guint8          *labels)
{
  gsize isz = nn_dataset_image_size (ds);

  for (int i = 0; i < count; i++)
    {
      const guint8 *src = ds->images + (gsize) indices[i] * isz;
      float *dst = x + (gsize) i * isz;

      /* divide, as the lesson's x / 255 does, rather than multiply by a rounded 1/255 */
      for (gsize k = 0; k < isz; k++)
        dst[k] = (float) src[k] / 255.0f;
      if (labels != NULL)
        labels[i] = ds->labels[indices[i]];
    }
}

char *
nn_data_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "digit-trainer", "mnist", NULL);
}

gboolean
nn_data_dir_has_all_files (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      g_autofree char *path = nn_data_find_file (dir, file_names[i]);
      if (path == NULL)
        return FALSE;
    }
  return TRUE;
}

char *
nn_data_find_dir (const char  *explicit_dir,
                  GError     **error)
{
  g_autoptr(GString) looked = g_string_new (NULL);
  g_autofree char *fallback = nn_data_default_dir ();
  const char *candidates[3];
  guint n = 0;

  const char *env = g_getenv ("MNIST_DIR");

  if (explicit_dir != NULL && *explicit_dir != '\0')
    candidates[n++] = explicit_dir;
  if (env != NULL && *env != '\0')
    candidates[n++] = env;
  candidates[n++] = fallback;

  for (guint i = 0; i < n; i++)
    {
      if (nn_data_dir_has_all_files (candidates[i]))
        return g_strdup (candidates[i]);
      g_string_append_printf (looked, "\n  %s", candidates[i]);
    }

  g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_NOT_FOUND,
               _("MNIST was not found. Looked for train-images-idx3-ubyte, "
                 "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte "
                 "(raw or .gz) in:%s\n"
                 "Fetch it with: digit-trainer-fetch-mnist \"%s\"\n"
                 "(in a source checkout: build-aux/fetch-mnist.sh \"%s\")"),
               looked->str, fallback, fallback);
  return NULL;
}
