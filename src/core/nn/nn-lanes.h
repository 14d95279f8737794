/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The lane-wise building blocks of the kernels (nn-kernels.c), inlined into each
 * instruction set's clone: every lane computes what a scalar computes for the same element,
 * so the clones give the same bits. */

#include <glib.h>
#include <string.h>

#include "nn-math.h"

#define ALWAYS_INLINE static inline __attribute__ ((always_inline))

/* The 64-byte vectors below never cross a call: every helper that takes or returns one is
 * inlined, so the warning about their calling convention does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* y[0..n) += a·x[0..n), lane by lane */
ALWAYS_INLINE void
axpy (float       *restrict y,
      const float *restrict x,
      float                 a,
      int                   n)
{
  for (int j = 0; j < n; j++)
    y[j] += a * x[j];
}

ALWAYS_INLINE void
relu (float *h,
      int    n)
{
  for (int j = 0; j < n; j++)
    h[j] = h[j] > 0.0f ? h[j] : 0.0f;
}

/* Sixteen floats, one AVX-512 register, two AVX2 or four SSE ones: GCC's vector extension
 * spells out the lane-wise arithmetic that the compiler does not always find on its own (a
 * slice of 16 units came out as 16 scalar chains), and lowers it to whatever the target
 * offers.  Every lane computes what the scalar tails below compute for the same unit. */
#define LANES 16
typedef float   VFloat __attribute__ ((vector_size (LANES * sizeof (float))));
typedef gint32  VInt   __attribute__ ((vector_size (LANES * sizeof (gint32))));

ALWAYS_INLINE VFloat
vload (const float *p)
{
  VFloat v;

  memcpy (&v, p, sizeof v);
  return v;
}

ALWAYS_INLINE void
vstore (float  *p,
        VFloat  v)
{
  memcpy (p, &v, sizeof v);
}

ALWAYS_INLINE VFloat
vrelu (VFloat v)
{
  VInt keep = v > 0.0f;

  return (VFloat) ((VInt) v & keep);
}

/* Eight doubles: nn_expf's steps (nn-math.h) on eight lanes at once.  GCC does not
 * vectorise the scalar function (its selects and bit tricks), and the softmax's 320
 * exponentials a step cost as much as the second layer's sums. */
#define DLANES 8
typedef double  VDouble  __attribute__ ((vector_size (DLANES * sizeof (double))));
typedef guint64 VULong   __attribute__ ((vector_size (DLANES * sizeof (guint64))));
typedef float   VFloat8  __attribute__ ((vector_size (DLANES * sizeof (float))));

typedef gint32  VInt8    __attribute__ ((vector_size (DLANES * sizeof (gint32))));

/* where ? a : b, lane by lane */
ALWAYS_INLINE VFloat8
vselect8 (VInt8   where,
          VFloat8 a,
          VFloat8 b)
{
  return (VFloat8) (((VInt8) a & where) | ((VInt8) b & ~where));
}

/* z[0..8) = nn_expf (z[0..8)) */
ALWAYS_INLINE void
expf_lanes (float *z)
{
  VFloat8 xf;
  VDouble x, t, poly;
  VULong bits;

  memcpy (&xf, z, sizeof xf);
  /* the clamps of nn_expf, in float: −150 and 89 are floats, so comparing before the
   * conversion to double picks the same lanes (NaN is in neither) */
  xf = vselect8 (xf < -150.0f, (VFloat8) { 0 } - 150.0f, xf);
  xf = vselect8 (xf > 89.0f, (VFloat8) { 0 } + 89.0f, xf);
  x = __builtin_convertvector (xf, VDouble);
  NN_EXP_SERIES (x, t, poly);
  bits = ((VULong) t + 1023) << 52;
  xf = __builtin_convertvector (poly * (VDouble) bits, VFloat8);
  memcpy (z, &xf, sizeof xf);
}

