/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-dataset"

#include "config.h"

#include "nn-dataset-kind.h"

#include <glib/gi18n-lib.h>

#include "nn-dataset.h"

static const char *const digit_names[NN_DATASET_CLASSES] = {
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
};

/* Zalando's labels 0–9, in their order */
static const char *const fashion_names[NN_DATASET_CLASSES] = {
  /* TRANSLATORS: Fashion-MNIST's classes, names of the clothing in its pictures */
  N_("T-shirt/top"), N_("Trouser"), N_("Pullover"), N_("Dress"), N_("Coat"),
  N_("Sandal"), N_("Shirt"), N_("Sneaker"), N_("Bag"), N_("Ankle boot"),
};

gboolean
nn_dataset_kind_from_name (const char    *name,
                           NnDatasetKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (name, "mnist") == 0)
    *kind = NN_DATASET_MNIST;
  else if (g_strcmp0 (name, "fashion") == 0)
    *kind = NN_DATASET_FASHION;
  else
    return FALSE;
  return TRUE;
}

const char *
nn_dataset_kind_name (NnDatasetKind kind)
{
  return kind == NN_DATASET_FASHION ? "fashion" : "mnist";
}

const char *
nn_dataset_class_id (NnDatasetKind kind,
                     int           label)
{
  g_return_val_if_fail (label >= 0 && label < NN_DATASET_CLASSES, "?");

  return kind == NN_DATASET_FASHION ? fashion_names[label] : digit_names[label];
}

const char *
nn_dataset_class_name (NnDatasetKind kind,
                       int           label)
{
  const char *id = nn_dataset_class_id (kind, label);

  return kind == NN_DATASET_FASHION ? _(id) : id;
}

char *
nn_dataset_kind_find_dir (NnDatasetKind   kind,
                          const char     *explicit_dir,
                          GError        **error)
{
  const char *dir = explicit_dir != NULL && *explicit_dir != '\0' ?
                    explicit_dir : NN_FASHION_MNIST_DIR;

  if (kind == NN_DATASET_MNIST)
    return nn_data_find_dir (explicit_dir, error);
  if (nn_data_dir_has_all_files (dir))
    return g_strdup (dir);
  g_set_error (error, NN_DATA_ERROR, NN_DATA_ERROR_NOT_FOUND,
               _("Fashion-MNIST was not found in %s. Install it with: "
                 "apt-get install dataset-fashion-mnist"), dir);
  return NULL;
}
