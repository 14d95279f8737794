/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn.h"
#include "nn-dataset.h"

G_BEGIN_DECLS

/* Turns a drawing into the 28×28 input the network was trained on, the way MNIST itself
 * was made (LeCun, Cortes, Burges):
 *
 *   1. crop to the bounding box of the ink (values above NN_PREPROCESS_NOISE);
 *   2. scale with area averaging (a box filter with fractional coverage) so the longer side
 *      is exactly 20 px, preserving the aspect ratio, giving anti-aliased grey levels;
 *   3. place that 20×20 box in 28×28 shifted by a whole number of pixels so the
 *      intensity-weighted centre of mass lands on (14, 14), in 0-based pixel indices
 *      (row = Σ v·row / Σ v, likewise the column).
 *
 * Measured on the 60,000 MNIST training images: the mean centre of mass is (13.996, 14.007)
 * with standard deviation 0.289 on both axes — exactly 1/√12, the spread of a rounding
 * error.  So MNIST was shifted by whole pixels (round(14 − com)), not resampled at sub-pixel
 * offsets; an integer shift reproduces both the mean and the spread and keeps the
 * anti-aliased edges as sharp as the training data (a bilinear shift would blur every digit
 * a little and shrink the spread to 0).  When the shift would push ink out of the 28×28
 * frame (a very lopsided drawing) it is clamped so nothing is cut off.
 *
 * Canvases hold ink intensity: 0 is paper, higher is ink, any width × height.  The output
 * is scaled so the strongest ink becomes 1 (a faint pencil scan looks like a pen stroke),
 * and every value is in [0, 1]. */

#define NN_PREPROCESS_BOX    20     /* the longer side of the ink after scaling */
#define NN_PREPROCESS_CENTRE 14.0   /* where the centre of mass lands, 0-based */
#define NN_PREPROCESS_NOISE  0.1f   /* ink at or below this (of full scale) is paper noise */

/* A canvas with less ink than this fraction of its area, in full-ink pixel units, counts as
 * empty (a stray click), and so does one whose ink is fainter than 4 × the noise level. */
#define NN_PREPROCESS_MIN_INK_FRACTION 1e-4

/* canvas (height, stride) floats, ink = high values (any scale ≥ 0; full ink is the
 * canvas's maximum) → out (28, 28) in [0, 1].  Returns FALSE and leaves out zeroed when the
 * canvas is empty or nearly so.  stride is in floats, ≥ width. */
gboolean nn_preprocess_float (const float  *canvas,
                              int           width,
                              int           height,
                              int           stride,
                              float        *out);
/* The same for 8-bit ink (0 = paper, 255 = ink), stride in bytes. */
gboolean nn_preprocess_u8    (const guint8 *canvas,
                              int           width,
                              int           height,
                              int           stride,
                              float        *out);

/* Intensity-weighted centre of mass of a (height, width) image, 0-based pixel indices.
 * Returns FALSE for an all-zero image. */
gboolean nn_preprocess_centre_of_mass (const float *image,
                                       int          width,
                                       int          height,
                                       double      *row,
                                       double      *col);

/* Rounds a 28×28 input to bytes (÷255 gives it back to within 1/510), the form NnDataset
 * stores. */
void     nn_preprocess_to_bytes (const float *input,
                                 guint8      *bytes);

/* probs (n_out) = the network's answer for a preprocessed input (28·28 floats); returns the
 * winning digit.  net must take 784 inputs. */
int      nn_preprocess_classify (const NnNet *net,
                                 const float *input,
                                 float       *probs);

G_END_DECLS
