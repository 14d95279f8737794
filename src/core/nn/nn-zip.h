/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The little of the ZIP format a NumPy .npz needs (APPNOTE.TXT 6.3).
 *
 * Writing: stored (uncompressed) entries, as numpy.savez writes them, each a local header,
 * its bytes and a central-directory record, dated 1980-01-01 so that the same arrays give
 * the same file.  The format is a few fixed little-endian records and a CRC-32, so it is
 * written here rather than adding libzip or libarchive to the core's dependencies (neither
 * is one today; GIO's zlib converter only deflates).
 *
 * Reading: stored or deflated entries (numpy.savez_compressed), found through the central
 * directory, with ZIP64 sizes in its extra field (numpy forces ZIP64 on every entry), each
 * checked against its CRC-32.  Multi-disk archives, encryption and entries above 4 GiB are
 * refused. */

typedef struct _NnZipWriter NnZipWriter;

NnZipWriter *nn_zip_writer_new    (void);
void         nn_zip_writer_add    (NnZipWriter  *zip,
                                   const char   *name,
                                   const void   *data,
                                   gsize         len);
/* The whole archive; frees the writer. */
GBytes      *nn_zip_writer_finish (NnZipWriter  *zip);

/* Calls func for every entry of the archive in data (in central-directory order) with its
 * decompressed bytes; stops at the first error (a damaged archive or func's own). */
typedef gboolean (*NnZipEntryFunc) (const char   *name,
                                    GBytes       *contents,
                                    gpointer      user_data,
                                    GError      **error);
gboolean     nn_zip_foreach       (const guint8  *data,
                                   gsize          len,
                                   NnZipEntryFunc func,
                                   gpointer       user_data,
                                   GError       **error);

guint32      nn_crc32             (const guint8 *data,
                                   gsize         len);

G_END_DECLS
