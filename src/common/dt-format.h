/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-format.h — numbers written the way Keras prints them, for the CLI and the app alike */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* value rounded to a whole number, with commas between groups of three digits:
 * 1234567.4 → "1,234,567" (Keras's model summary, our samples per second).  Negative
 * values give "0". */
char *dt_format_grouped (double value);
/* A loss or accuracy: "0.3506", or "1.2076e-04" at or below 1e-3, as Keras's progress bar
 * prints metrics — with '.' in every locale, as Python does. */
char *dt_format_metric  (double value);
/* value with `decimals` (0–9) digits after a '.', in every locale: what Python's print of
 * a rounded float shows ("0.1813"). */
char *dt_format_fixed   (double value,
                         int    decimals);

G_END_DECLS
