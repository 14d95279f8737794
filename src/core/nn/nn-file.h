/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reading and writing the files Digit Trainer keeps (models, data sets, drawn samples) so
 * that a careless path or a crash cannot hang it or lose a file. */

/* Opens path for reading when it is a regular file of at most max_size bytes, and returns
 * its descriptor (close it) and size.  A device (/dev/zero never ends), a FIFO (it blocks
 * until someone writes), a socket or a folder is refused with a G_FILE_ERROR naming the
 * file and what it is; so is a bigger file.  Opening never blocks. */
int      nn_file_open_regular (const char  *path,
                               goffset      max_size,
                               goffset     *size,
                               GError     **error);
/* The whole of such a file, in a buffer with a NUL after its length bytes. */
gboolean nn_file_read_regular (const char  *path,
                               gsize        max_size,
                               char       **contents,
                               gsize       *length,
                               GError     **error);

/* Replaces path with the len bytes of data, atomically and durably: they are written to a
 * temporary file in the same folder (".NAME.dt-tmp-XXXXXX", locked while it is written),
 * flushed to the disk (fsync) and renamed over path, then the folder is flushed.  A crash,
 * kill -9 or power cut at any moment leaves the old file or the new one, never a partial
 * or empty one.  Temporaries that a killed save left in that folder — ours by name, and
 * locked by no one — are deleted first, so none piles up.  On error (a full disk, a
 * read-only or missing folder) path is untouched and no temporary remains. */
gboolean nn_file_replace      (const char  *path,
                               const void  *data,
                               gsize        len,
                               GError     **error);

G_END_DECLS
