/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

/* Keras 2's Progbar (verbose=1), byte for byte:
 *
 *   60000/60000 [==============================] - 0s - loss: 0.3506 - acc: 0.9025
 *
 * On a terminal the line is redrawn in place (at most every 50 ms, as Keras does); elsewhere
 * only the final line is written. */
typedef struct
{
  FILE    *out;
  gsize    target;
  gboolean interactive;
  gint64   start;
  gint64   last_update;
  gsize    prev_width;
} DtProgbar;

void  dt_progbar_init   (DtProgbar  *bar,
                         FILE       *out,
                         gsize       target,
                         gboolean    interactive);
/* names/values: n metrics to show after the time, e.g. {"loss", "acc"} */
void  dt_progbar_update (DtProgbar         *bar,
                         gsize              current,
                         const char *const *names,
                         const double      *values,
                         int                n,
                         gboolean           force);
/* The line Keras prints for `current` of `target` after `seconds`; exposed for the tests. */
char *dt_progbar_format (gsize              current,
                         gsize              target,
                         double             seconds,
                         gboolean           eta,
                         const char *const *names,
                         const double      *values,
                         int                n);

G_END_DECLS
