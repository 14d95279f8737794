/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn.h"

G_BEGIN_DECLS

/* A network as NumPy and Keras hold it: an uncompressed .npz (numpy.savez's format, a ZIP of
 * .npy files, nn-zip.h) with four float32 arrays in Keras's get_weights() order and layout,
 * which NnNet's own layout already is (nn.h):
 *
 *   dense_1/kernel  (n_in, n_hidden)     dense_1/bias  (n_hidden,)
 *   dense_2/kernel  (n_hidden, n_out)    dense_2/bias  (n_out,)
 *
 * numpy.load(FILE)["dense_1/kernel"] reads them; model.set_weights() of the lesson's
 * Sequential takes them in this order.  The names are Keras 2's layer names (Keras 3 calls
 * the layers dense and dense_1; the order is what set_weights() uses).
 *
 * Loading takes the same four arrays from any .npz (numpy.savez or savez_compressed; other
 * arrays are ignored): little-endian float32 ('<f4'), C order, shapes as above with n_in and
 * n_out as asked and a hidden size up to NN_MAX_HIDDEN.  Anything else is refused with a
 * G_IO_ERROR_INVALID_DATA that names the array and what is wrong with it. */

#define NN_NPZ_N_ARRAYS 4

extern const char *const nn_npz_names[NN_NPZ_N_ARRAYS];

GBytes  *nn_npz_to_bytes   (const NnNet   *net);
gboolean nn_npz_save       (const NnNet   *net,
                            const char    *path,
                            GError       **error);
NnNet   *nn_npz_from_data  (const guint8  *data,
                            gsize          len,
                            int            n_in,
                            int            n_out,
                            GError       **error);
NnNet   *nn_npz_load       (const char    *path,
                            int            n_in,
                            int            n_out,
                            GError       **error);

G_END_DECLS
