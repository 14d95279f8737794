/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-test-net.h — a small network and MNIST-shaped items for the evaluation and optimizer
 * tests, and the reference a percentile is checked against */
#pragma once

#include <glib.h>

#include "nn.h"

G_BEGIN_DECLS

#define DT_TEST_N_IN  784
#define DT_TEST_N_OUT 10

/* A glorot network with non-zero biases (so the bias terms of the evidence matter) and n
 * random items with labels, about a quarter of their pixels inked. */
typedef struct
{
  NnNet  *net;
  guint8 *images;
  guint8 *labels;
  gsize   n;
} DtTestNet;

void  dt_test_net_init          (DtTestNet   *f,
                                 int          n_hidden,
                                 gsize        n,
                                 guint64      seed);
void  dt_test_net_clear         (DtTestNet   *f);
/* x (784) = item i's pixels / 255 */
void  dt_test_net_input         (const DtTestNet *f,
                                 gsize        i,
                                 float       *x);
/* The fraction percentile of sorted[0 … n − 1], NumPy's linear interpolation. */
float dt_test_percentile        (const float *sorted,
                                 gsize        n,
                                 double       fraction);
/* qsort's comparison of floats */
int   dt_test_compare_floats    (const void  *a,
                                 const void  *b);

G_END_DECLS
