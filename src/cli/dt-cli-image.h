/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A PNG of any size turned into the network's 28×28 input.  The picture may be dark ink on
 * light paper, light ink on dark paper, or ink on a transparent background: the paper is
 * the median of the border pixels, and ink is how far a pixel is from it, so a grey or
 * yellowed scan works too.  Then nn_preprocess_float() does what it does for drawings.
 *
 * Returns FALSE with an error when the file cannot be read as a PNG (G_FILE_ERROR: also a
 * device or FIFO, and a picture over 4096 pixels a side, refused from its header before
 * anything is decoded) or holds no digit (G_IO_ERROR_INVALID_DATA). */
gboolean dt_cli_image_load_input (const char  *path,
                                  float       *input,
                                  GError     **error);

G_END_DECLS
