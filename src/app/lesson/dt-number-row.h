/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-number-row.h — one setting as a slider and an exact entry, bound to a GSettings key
 *
 * The slider spans the key's range on a linear or logarithmic scale (lr and ε span ten
 * decades); the entry takes any exact value in the range.  What the user chose is never
 * silently dropped: the entry is applied on Enter, when it loses the focus, and when the
 * panel closes (dt_number_row_commit); a slider is applied when it rests for a moment, so
 * dragging marks a running run once, not at every pixel.  Text that is not a number in range
 * stays in the entry, marked as an error with the reason beside it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  DT_SCALE_LINEAR,
  DT_SCALE_LOG,        /* min > 0 */
  DT_SCALE_LOG_ZERO,   /* a log scale from the range's smallest positive step, 0 at the left */
} DtScaleKind;

/* The slider's positions run from 0 to 1. */
double dt_scale_position_to_value (DtScaleKind kind,
                                   double      min,
                                   double      max,
                                   double      position);
double dt_scale_value_to_position (DtScaleKind kind,
                                   double      min,
                                   double      max,
                                   double      value);

typedef struct _DtNumberRow DtNumberRow;

/* Binds scale and entry (borrowed: they must outlive the row) to key; `integer` keys (int
 * in the schema) round.  `mark` (may be NaN) puts a tick on the slider at that value (the
 * lesson's). */
DtNumberRow *dt_number_row_new     (GSettings   *settings,
                                    const char  *key,
                                    DtScaleKind  kind,
                                    gboolean     integer,
                                    double       mark,
                                    GtkScale    *scale,
                                    GtkEntry    *entry,
                                    GtkLabel    *problem);
void         dt_number_row_free    (DtNumberRow *row);
/* Applies what the entry or the slider holds and the key does not yet.  FALSE when the
 * entry holds text that cannot be applied (it stays, marked). */
gboolean     dt_number_row_commit  (DtNumberRow *row);
/* The entry's text when it cannot be applied, else NULL. */
const char  *dt_number_row_get_invalid_text (DtNumberRow *row);
const char  *dt_number_row_get_key (DtNumberRow *row);

G_END_DECLS
