/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The lines --json prints: one JSON object per line, written by json-glib, so numbers use
 * '.' whatever the locale (printf's "%f" writes "0,346" under de_DE, which is not JSON). */

/* Adds name: value to the object being built; a value that is not finite becomes null,
 * since JSON has no NaN or infinity. */
void  dt_cli_json_add_number (JsonBuilder *builder,
                              const char  *name,
                              double       value);
/* The same for a whole number. */
void  dt_cli_json_add_int    (JsonBuilder *builder,
                              const char  *name,
                              gint64       value);
/* name: [values…], each as dt_cli_json_add_number() writes it. */
void  dt_cli_json_add_floats (JsonBuilder *builder,
                              const char  *name,
                              const float *values,
                              int          n);
/* Prints the finished object on one line of standard output. */
void  dt_cli_json_print      (JsonBuilder *builder);

G_END_DECLS
