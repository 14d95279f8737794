/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Helpers shared by the data, model and CLI tests. */

/* Removes path and, when it is a folder, everything below it (symlinks are not followed). */
gboolean    dt_test_rm_rf            (const char   *path);
/* Makes dir/name (and its parents); returns the path. */
char       *dt_test_make_dir         (const char   *dir,
                                      const char   *name);
/* Writes len bytes to dir/name; returns the path. */
char       *dt_test_write_file       (const char   *dir,
                                      const char   *name,
                                      const guint8 *data,
                                      gsize         len);
GBytes     *dt_test_gzip             (const guint8 *data,
                                      gsize         len);
/* Parses one line holding a flat JSON object of string keys and number values, strictly
 * (RFC 8259 number grammar: no NaN, Infinity, leading '+' or bare '.').  Returns a table of
 * key → double *, or NULL when the line is not such an object. */
GHashTable *dt_test_parse_flat_json  (const char   *line);

G_END_DECLS
