/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-net.h"

#include "nn-rng.h"

#define INK_ONE_IN 4   /* a quarter of the pixels have ink, like MNIST's fifth */

void
dt_test_net_init (DtTestNet *f,
                  int        n_hidden,
                  gsize      n,
                  guint64    seed)
{
  NnRng rng;

  nn_rng_seed (&rng, seed, 7);
  f->net = nn_net_new (DT_TEST_N_IN, n_hidden, DT_TEST_N_OUT);
  nn_net_init_glorot (f->net, seed);
  for (int u = 0; u < n_hidden; u++)
    f->net->b1[u] = 0.2f * (nn_rng_uniform (&rng) - 0.5f);
  for (int k = 0; k < DT_TEST_N_OUT; k++)
    f->net->b2[k] = 0.2f * (nn_rng_uniform (&rng) - 0.5f);
  f->n = n;
  f->images = g_new0 (guint8, n * DT_TEST_N_IN);
  f->labels = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      f->labels[i] = (guint8) nn_rng_bounded (&rng, DT_TEST_N_OUT);
      for (int j = 0; j < DT_TEST_N_IN; j++)
        if (nn_rng_bounded (&rng, INK_ONE_IN) == 0)
          f->images[i * DT_TEST_N_IN + j] = (guint8) (1 + nn_rng_bounded (&rng, 255));
    }
}

void
dt_test_net_clear (DtTestNet *f)
{
  nn_net_free (f->net);
  g_free (f->images);
  g_free (f->labels);
}

void
dt_test_net_input (const DtTestNet *f,
                   gsize            i,
                   float           *x)
{
  for (int j = 0; j < DT_TEST_N_IN; j++)
    x[j] = f->images[i * DT_TEST_N_IN + j] / 255.0f;
}

float
dt_test_percentile (const float *sorted,
                    gsize        n,
                    double       fraction)
{
  double rank = fraction * (double) (n - 1);
  gsize lo = (gsize) rank;

  if ((double) lo == rank || lo + 1 >= n)
    return sorted[lo];
  return sorted[lo] + (float) (rank - lo) * (sorted[lo + 1] - sorted[lo]);
}

int
dt_test_compare_floats (const void *a,
                        const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;

  return x < y ? -1 : (x > y);
}
