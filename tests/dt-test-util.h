/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

/* Helpers shared by the data, model and CLI tests. */

/* g_test_init() for a program that takes n_args arguments after the GTest ones (e.g. the
 * CLI's path); without them it prints "usage: PROGRAM [GTest options] usage" and exits. */
void        dt_test_init_with_args   (int          *argc,
                                      char       ***argv,
                                      int           n_args,
                                      const char   *usage);
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
/* Fails the test, showing haystack, when it does not contain needle. */
void        dt_test_assert_contains  (const char   *haystack,
                                      const char   *needle);
/* path's contents (the test fails when it cannot be read). */
GBytes     *dt_test_read_file        (const char   *path);
/* path holds exactly these bytes: nothing was lost or half-written. */
void        dt_test_assert_file_is   (const char   *path,
                                      GBytes       *expected);
/* How many temporaries of a save (".NAME.dt-tmp-XXXXXX", nn-file.h) dir holds. */
guint       dt_test_count_temporaries (const char  *dir);
/* A valid PNG declaring width × height pixels, 1-bit grey, all black: a decompression bomb
 * (20000 × 20000 takes about 50 KB and would decode to 1.6 GB as ARGB). */
GBytes     *dt_test_png_bomb         (guint32       width,
                                      guint32       height);
/* Rewrites the last 32 bytes of data as the SHA-256 of the bytes before them, as a model
 * file's checksum is: a test (or fuzzer) changes one field and only that is wrong. */
void        dt_test_reseal_sha256    (guint8       *data,
                                      gsize         len);
/* Parses one line of the CLI's --json output with json-glib.  The line must be an object
 * and exactly what json-glib writes for it (so no spaces, no NaN or infinity, no
 * "0,346" from a comma-decimal locale, no duplicate keys).  Returns the object, or NULL
 * (with a test message saying why) when the line is not such an object. */
JsonObject *dt_test_parse_json_line  (const char   *line);
/* The number at key; a missing key or one that is not a number fails the test. */
double      dt_test_json_number      (JsonObject   *object,
                                      const char   *key);

/* A finished command: exit status (-1 when a signal ended it, then signal says which),
 * its output and errors. */
typedef struct
{
  int      status;
  int      signal;
  gboolean timed_out;   /* killed after DtTestCliOptions.timeout_s */
  char    *out;
  char    *err;
} DtTestRun;

/* How dt_test_run_cli_full() runs the CLI. */
typedef struct
{
  const char        *xdg_data_home;   /* see dt_test_run_cli_valist() */
  const char        *locale;          /* LC_ALL; NULL: C.UTF-8 */
  guint64            address_space;   /* ulimit -v, in bytes; 0: no limit */
  const char * const *env;            /* more "NAME=VALUE", NULL-terminated; or NULL */
  int                timeout_s;       /* kill -9 after this long; 0: 60 s */
} DtTestCliOptions;

void        dt_test_run_clear        (DtTestRun    *run);
/* Runs cli with the NULL-terminated arguments in argv (argv[0] is not the program) as
 * options say, and logs what it printed. */
void        dt_test_run_cli_full     (DtTestRun              *run,
                                      const char             *cli,
                                      const DtTestCliOptions *options,
                                      const char * const     *argv);
/* Runs cli with the NULL-terminated arguments in args, in the C.UTF-8 locale, and logs what
 * it printed.  With xdg_data_home, XDG_DATA_HOME is set to it and MNIST_DIR unset, so that
 * the run cannot find the real data. */
void        dt_test_run_cli_valist   (DtTestRun    *run,
                                      const char   *cli,
                                      const char   *xdg_data_home,
                                      va_list       args);
/* The same with the arguments after xdg_data_home, ending with NULL. */
void        dt_test_run_cli          (DtTestRun    *run,
                                      const char   *cli,
                                      const char   *xdg_data_home,
                                      ...) G_GNUC_NULL_TERMINATED;
/* TRUE when available.  Otherwise the test is skipped saying why (`why`, e.g. "MNIST is
 * not fetched") — or, with $CI set, fails: CI installs and fetches everything, so there a
 * missing tool or file is a set-up bug, not a reason to skip. */
gboolean    dt_test_require          (gboolean      available,
                                      const char   *why);
/* dt_test_require() for a locale that must be generated (e.g. "de_DE.UTF-8"). */
gboolean    dt_test_require_locale   (const char   *locale);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DtTestRun, dt_test_run_clear)

G_END_DECLS
