/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-class-names.h"

#include <glib/gi18n.h>

#include "dt-text.h"
#include "nn-dataset.h"

/* main thread only, like every view that reads it */
static NnDatasetKind current_kind = NN_DATASET_MNIST;

void
dt_class_names_set_kind (NnDatasetKind kind)
{
  current_kind = kind == NN_DATASET_FASHION ? NN_DATASET_FASHION : NN_DATASET_MNIST;
}

NnDatasetKind
dt_class_names_get_kind (void)
{
  return current_kind;
}

const char *
dt_class_name (int label)
{
  if (label < 0 || label >= NN_DATASET_CLASSES)
    return "?";
  return nn_dataset_class_name (current_kind, label);
}

const char *
dt_class_names_prompt (void)
{
  if (current_kind == NN_DATASET_FASHION)
    return _("Draw a piece of clothing: a shirt, trousers, a dress, a bag, a shoe…");
  return _("Draw a digit 0–9");
}

const char *
dt_class_names_dataset (void)
{
  return current_kind == NN_DATASET_FASHION ? "Fashion-MNIST" : "MNIST";
}

double
dt_class_names_measure (PangoLayout *layout,
                        int         *widest)
{
  double longest = 0;

  for (int k = 0; k < NN_DATASET_CLASSES; k++)
    {
      double w;

      dt_text_measure (layout, dt_class_name (k), &w, NULL);
      if (w > longest || k == 0)
        {
          longest = w;
          if (widest != NULL)
            *widest = k;
        }
    }
  return longest;
}
