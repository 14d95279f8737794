/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GConverter that decodes a whole gzip file as gunzip does: every member in turn (what
 * `cat a.gz b.gz` and some compressors make; GZlibDecompressor stops after the first), and
 * nothing else — bytes after the last member that do not start another are an error
 * (G_IO_ERROR_INVALID_DATA), as trailing bytes after a raw IDX file are. */

#define NN_TYPE_GUNZIP (nn_gunzip_get_type ())

G_DECLARE_FINAL_TYPE (NnGunzip, nn_gunzip, NN, GUNZIP, GObject)

NnGunzip *nn_gunzip_new (void);

G_END_DECLS
