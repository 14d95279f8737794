/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
 * Algorithms for Random Number Generation"), the XSH-RR 64/32 variant with the reference
 * seeding procedure.  Digit Trainer documents its generator so that a seed names one exact
 * set of initial weights and one exact shuffle order on every machine:
 *
 *   init weights:  stream NN_RNG_STREAM_INIT,    seeded with the user seed
 *   shuffle:       stream NN_RNG_STREAM_SHUFFLE, seeded with the user seed
 */
typedef struct
{
  guint64 state;
  guint64 inc;
} NnRng;

#define NN_RNG_STREAM_INIT    1u
#define NN_RNG_STREAM_SHUFFLE 2u

void    nn_rng_seed    (NnRng   *rng,
                        guint64  seed,
                        guint64  stream);
guint32 nn_rng_next    (NnRng   *rng);
guint32 nn_rng_bounded (NnRng   *rng,
                        guint32  bound);
float   nn_rng_uniform (NnRng   *rng);
void    nn_rng_shuffle (NnRng   *rng,
                        guint32 *items,
                        gsize    n);

G_END_DECLS
