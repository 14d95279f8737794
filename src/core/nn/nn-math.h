/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* exp and log for the results that feed training and the printed figures.  glibc picks its
 * expf/logf among several variants at load time (FMA or not), and nothing promises that
 * they round alike; these use only +, −, × and ÷ in double precision, which every x86-64
 * clone (baseline, AVX2, AVX-512, scalar or vector lanes) computes the same way, so a
 * softmax gives the same bits on every machine.  Both are accurate to about 1e-14
 * relative before the final rounding, so nn_expf is glibc's correctly rounded expf
 * except in rare ties.  Inline; nn-lanes.h has the same steps on eight lanes. */

#define NN_LN2_HI    0x1.62e42fefa3800p-1    /* ln 2 in two parts: k·NN_LN2_HI is exact */
#define NN_LN2_LO    0x1.ef35793c76730p-45
#define NN_INV_LN2   0x1.71547652b82fep0
#define NN_ROUND_BIG 0x1.8p52                /* x + this − this rounds x to an integer */

/* For x (a double, or a vector of them: nn-lanes.h runs the same steps on eight lanes):
 * x = k·ln 2 + r with |r| ≤ ln 2 / 2, the low bits of t holding k, and poly = e^r by its
 * Taylor series to r¹¹/11! (the next term is below 7e-15). */
#define NN_EXP_SERIES(x, t, poly)                                   \
  G_STMT_START {                                                    \
    __typeof__ (x) k_, r_;                                          \
                                                                    \
    (t) = (x) * NN_INV_LN2 + NN_ROUND_BIG;                          \
    k_ = (t) - NN_ROUND_BIG;                                        \
    r_ = ((x) - k_ * NN_LN2_HI) - k_ * NN_LN2_LO;                   \
    (poly) = r_ * 0.0 + 1.0 / 39916800.0;                           \
    (poly) = (poly) * r_ + 1.0 / 3628800.0;                         \
    (poly) = (poly) * r_ + 1.0 / 362880.0;                          \
    (poly) = (poly) * r_ + 1.0 / 40320.0;                           \
    (poly) = (poly) * r_ + 1.0 / 5040.0;                            \
    (poly) = (poly) * r_ + 1.0 / 720.0;                             \
    (poly) = (poly) * r_ + 1.0 / 120.0;                             \
    (poly) = (poly) * r_ + 1.0 / 24.0;                              \
    (poly) = (poly) * r_ + 1.0 / 6.0;                               \
    (poly) = (poly) * r_ + 0.5;                                     \
    (poly) = (poly) * r_ + 1.0;                                     \
    (poly) = (poly) * r_ + 1.0;                                     \
  } G_STMT_END

/* e^x rounded to float.  x below −150 gives 0 (or, in flush-to-zero mode, anything below
 * the smallest normal float does), above 89 +inf; NaN stays NaN. */
static inline float
nn_expf (float xf)
{
  double x = xf;
  double t, poly;
  guint64 bits;
  double scale;

  x = x < -150.0 ? -150.0 : x;
  x = x > 89.0 ? 89.0 : x;
  NN_EXP_SERIES (x, t, poly);
  /* 2^k from k's bits: k + 1023 lies in [806, 1152], a normal double's exponent */
  memcpy (&bits, &t, sizeof bits);
  bits = (bits + 1023) << 52;
  memcpy (&scale, &bits, sizeof scale);
  return (float) (poly * scale);
}

/* ln x for a positive, finite, normal x (the loss takes it of probabilities clipped to
 * [1e-7, 1 − 1e-7]).  x = 2^e·m with m in [√½, √2), ln m = 2·atanh s, s = (m − 1)/(m + 1),
 * |s| < 0.172: the series to s¹⁵ leaves an error below 4e-14. */
static inline double
nn_log (double x)
{
  guint64 bits;
  int e;
  double m, s, s2, series;

  memcpy (&bits, &x, sizeof bits);
  e = (int) ((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & G_GUINT64_CONSTANT (0x000fffffffffffff)) | G_GUINT64_CONSTANT (0x3ff0000000000000);
  memcpy (&m, &bits, sizeof m);
  if (m > G_SQRT2)
    {
      m *= 0.5;
      e++;
    }
  s = (m - 1.0) / (m + 1.0);
  s2 = s * s;
  series = 1.0 / 15.0;
  series = series * s2 + 1.0 / 13.0;
  series = series * s2 + 1.0 / 11.0;
  series = series * s2 + 1.0 / 9.0;
  series = series * s2 + 1.0 / 7.0;
  series = series * s2 + 1.0 / 5.0;
  series = series * s2 + 1.0 / 3.0;
  series = series * s2 + 1.0;
  return 2.0 * s * series + e * NN_LN2_HI + e * NN_LN2_LO;
}

/* The two ends of a softmax over z (batch, n), in place: each row's maximum subtracted
 * before the exponentials, and each divided by the row's sum of them (in order) after. */
static inline void
nn_softmax_shift (float *z,
                  int    batch,
                  int    n)
{
  for (int b = 0; b < batch; b++)
    {
      float *row = z + (gsize) b * n;
      float max = row[0];

      for (int j = 1; j < n; j++)
        max = row[j] > max ? row[j] : max;
      for (int j = 0; j < n; j++)
        row[j] -= max;
    }
}

static inline void
nn_softmax_normalise (float *z,
                      int    batch,
                      int    n)
{
  for (int b = 0; b < batch; b++)
    {
      float *row = z + (gsize) b * n;
      float sum = 0.0f;

      for (int j = 0; j < n; j++)
        sum += row[j];
      for (int j = 0; j < n; j++)
        row[j] /= sum;
    }
}

/* z (batch, n) → softmax of every row, in place: the row's maximum subtracted, the
 * exponentials summed in order, each divided by the sum.  (The kernels compute the
 * exponentials eight lanes at a time, nn-lanes.h, with the same bits.) */
static inline void
nn_softmax_block (float *z,
                  int    batch,
                  int    n)
{
  nn_softmax_shift (z, batch, n);
  for (gsize i = 0; i < (gsize) batch * n; i++)
    z[i] = nn_expf (z[i]);
  nn_softmax_normalise (z, batch, n);
}

G_END_DECLS
