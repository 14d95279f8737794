/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-class-names.h — what the ten labels mean in the data the window trains on
 *
 * One dataset for the whole application, like the zoom (dt-zoom.h): the window sets it when
 * a set has loaded (and resets the network then), and every view that shows a label — the
 * samples, the Draw page, the Evaluate and Inside pages, the step view — writes
 * dt_class_name (label) where it would write the digit.  For MNIST that is the digit itself,
 * so the digit lesson reads as before; for Fashion-MNIST it is the clothing's translated
 * name (nn-dataset-kind.h).  The views redraw on the reset and network-changed a dataset
 * change brings. */
#pragma once

#include <pango/pango.h>

#include "nn-dataset-kind.h"

G_BEGIN_DECLS

void          dt_class_names_set_kind (NnDatasetKind kind);
NnDatasetKind dt_class_names_get_kind (void);
/* "7", or "Sneaker" (translated); "?" outside 0–9 */
const char   *dt_class_name           (int           label);
/* What the Draw page asks for: "Draw a digit 0–9" or "Draw a piece of clothing: …" */
const char   *dt_class_names_prompt   (void);
/* The dataset's name for titles: "MNIST" or "Fashion-MNIST" */
const char   *dt_class_names_dataset  (void);
/* The widest class name in layout (its label in *widest when not NULL): a drawn widget's
 * column of labels. */
double        dt_class_names_measure  (PangoLayout  *layout,
                                       int          *widest);

G_END_DECLS
