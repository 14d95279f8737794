/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stdarg.h>

G_BEGIN_DECLS

/* Helpers shared by the data, model and CLI tests. */

/* Removes path and, when it is a folder, everything below it (symlinks are not followed). */
gboolean    dt_test_rm_rf            (const char   *path);
/* A new temporary folder from a g_dir_make_tmp() template, for a test program's files. */
char       *dt_test_make_tmp_root    (const char   *tmpl);
/* g_test_run(), then removes root and everything below it; a root that cannot be removed
 * fails the run. */
int         dt_test_run_and_remove   (const char   *root);
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

/* A finished command: exit status (-1 when a signal ended it), its output and errors. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} DtTestRun;

void        dt_test_run_clear        (DtTestRun    *run);
/* Runs cli with the NULL-terminated arguments in args, in the C.UTF-8 locale, and logs what
 * it printed.  With xdg_data_home, XDG_DATA_HOME is set to it and MNIST_DIR unset, so that
 * the run cannot find the real data. */
void        dt_test_run_cli_valist   (DtTestRun    *run,
                                      const char   *cli,
                                      const char   *xdg_data_home,
                                      va_list       args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtTestRun, dt_test_run_clear)

G_END_DECLS
