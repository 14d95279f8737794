/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The lane-wise building blocks of the kernels (nn-kernels.c), inlined into each
 * instruction set's clone: every lane computes what a scalar computes for the same element,
 * so the clones give the same bits. */

#include <glib.h>
#include <string.h>

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
