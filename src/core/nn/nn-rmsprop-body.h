/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The RMSprop update's body, inlined into each instruction set's clone (nn-kernels.c). */

#include <math.h>

#include "nn-kernels.h"
#include "nn-lanes.h"


/* RMSprop on n parameters; with `consume`, each gradient is zeroed once read, so that the
 * next step's sums start from zero without another pass over the block. */
ALWAYS_INLINE void
rmsprop_run (const NnRmspropCoefs *c,
             NnKeras               form,
             gboolean              consume,
             float       *restrict th,
             float       *restrict a,
             float       *restrict g,
             gsize                 n)
{
  const float rho = c->rho, omr = c->one_minus_rho, lr = c->lr, eps = c->epsilon;

  for (gsize i = 0; i < n; i++)
    {
      float gi = g[i];
      float ai = rho * a[i] + omr * (gi * gi);

      a[i] = ai;
      if (form == NN_KERAS_3)
        th[i] -= lr * gi / sqrtf (ai + eps);
      else
        th[i] -= lr * gi / (sqrtf (ai) + eps);
      if (consume)
        g[i] = 0.0f;
    }
}

/* TRUE when the LANES gradients at g are all +0 (bit pattern 0; not −0): the lanes ORed
 * together by halving, in registers (a copy to the stack read back word by word stalls on
 * store forwarding). */
/* GCC spells a lane shuffle __builtin_shuffle (v, mask), Clang (the fuzzing build)
 * __builtin_shufflevector (v, v, indices…); both give the same lanes. */
#if defined(__clang__)
#define LANE_SHUFFLE(v, ...) __builtin_shufflevector ((v), (v), __VA_ARGS__)
#else
#define LANE_SHUFFLE(v, ...) __builtin_shuffle ((v), (VInt) { __VA_ARGS__ })
#endif

ALWAYS_INLINE gboolean
all_plus_zero (const float *g)
{
  VInt v = (VInt) vload (g);

  v |= LANE_SHUFFLE (v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  v |= LANE_SHUFFLE (v, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
  v |= LANE_SHUFFLE (v, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
  v |= LANE_SHUFFLE (v, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
  return v[0] == 0;
}

/* Most rows of w1 get no gradient in a step (no sample of the batch has that pixel lit), and
 * for g = +0 the update leaves θ as it is: lr_t·(+0) is +0 (lr_t > 0, finite), divided by a
 * denominator ≥ ε > 0 it stays +0, and θ − (+0) is θ for every θ, −0 and NaN included.  So a
 * run of LANES zero gradients only decays its accumulators, by the same expression as the
 * full update with g = +0, and skips the square roots and divisions: the same bits. */
ALWAYS_INLINE void
rmsprop_body (const NnRmspropCoefs *c,
              NnKeras               form,
              gboolean              consume,
              float       *restrict th,
              float       *restrict a,
              float       *restrict g,
              gsize                 n)
{
  const VFloat rho = (VFloat) { 0 } + c->rho;
  const VFloat decayed_zero = ((VFloat) { 0 } + c->one_minus_rho) * ((VFloat) { 0 } * 0.0f);
  gsize i = 0;

  for (; i + LANES <= n; i += LANES)
    if (all_plus_zero (g + i))
      vstore (a + i, rho * vload (a + i) + decayed_zero);
    else
      rmsprop_run (c, form, consume, th + i, a + i, g + i, LANES);
  rmsprop_run (c, form, consume, th + i, a + i, g + i, n - i);
}
