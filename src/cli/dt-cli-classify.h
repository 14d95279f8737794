/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-dataset-kind.h"

G_BEGIN_DECLS

/* --classify's answer: one line per class with its probability and a bar, then the
 * answer, named as kind names its classes (digits, or Fashion-MNIST's clothes); or with
 * json one object with the probabilities, the answer's label, and for Fashion-MNIST its
 * English class name. */
void dt_cli_print_classification (NnDatasetKind  kind,
                                  gboolean       json,
                                  const float   *p,
                                  int            best);

G_END_DECLS
