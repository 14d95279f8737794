/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-rng"

#include "config.h"

#include "nn-rng.h"

void
nn_rng_seed (NnRng   *rng,
             guint64  seed,
             guint64  stream)
{
  /* pcg32_srandom_r from the reference implementation */
  rng->state = 0u;
  rng->inc = (stream << 1u) | 1u;
  nn_rng_next (rng);
  rng->state += seed;
  nn_rng_next (rng);
}

guint32
nn_rng_next (NnRng *rng)
{
  guint64 old = rng->state;
  guint32 xorshifted;
  guint32 rot;

  rng->state = old * G_GUINT64_CONSTANT (6364136223846793005) + rng->inc;
  xorshifted = (guint32) (((old >> 18u) ^ old) >> 27u);
  rot = (guint32) (old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

/* Uniform in [0, bound) without modulo bias (pcg32_boundedrand_r). */
guint32
nn_rng_bounded (NnRng   *rng,
                guint32  bound)
{
  guint32 threshold;

  g_return_val_if_fail (bound > 0, 0);

  threshold = (-bound) % bound;
  for (;;)
    {
      guint32 r = nn_rng_next (rng);
      if (r >= threshold)
        return r % bound;
    }
}

/* Uniform in [0, 1) with 24 random bits: every value is exactly representable. */
float
nn_rng_uniform (NnRng *rng)
{
  return (float) (nn_rng_next (rng) >> 8) * (1.0f / 16777216.0f);
}

/* Fisher–Yates, from the last element down. */
void
nn_rng_shuffle (NnRng   *rng,
                guint32 *items,
                gsize    n)
{
  for (gsize i = n; i > 1; i--)
    {
      guint32 j = nn_rng_bounded (rng, (guint32) i);
      guint32 tmp = items[i - 1];
      items[i - 1] = items[j];
      items[j] = tmp;
    }
}
