/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "nn-trainer.h"

G_BEGIN_DECLS

/* The .dtmodel format (version 2), all integers and floats little-endian:
 *
 *   offset  size  field
 *        0     8  magic "DTMODEL\0"
 *        8     4  u32 format version (1)
 *       12     4  u32 n_in
 *       16     4  u32 n_hidden
 *       20     4  u32 n_out
 *       24     4  f32 learning rate
 *       28     4  f32 rho
 *       32     4  f32 epsilon
 *       36     4  f32 decay
 *       40     4  u32 batch size
 *       44     4  u32 flags (bit 0: shuffle)
 *       48     8  u64 seed
 *       56     8  u64 RMSprop iterations
 *       64     4  u32 epochs completed
 *       68     4  u32 RMSprop form: 2 (Keras 2) or 3 (Keras 3); version 1 had 0 here and
 *                 loads as Keras 2
 *       72     8  u64 shuffle generator state
 *       80     8  u64 shuffle generator increment
 *       88   4·P  f32 parameters, P = nn_param_count(n_in, n_hidden, n_out), in NnNet order
 *   88+4P   4·P  f32 RMSprop accumulators, same order
 *   88+8P    32  SHA-256 of every byte before it
 *
 * The shuffle order itself is not stored: every epoch shuffles 0, 1, 2, … with the stored
 * generator, so a model saved at an epoch's end and loaded continues exactly as if training
 * had never stopped.  (A model saved after a cancelled, partial epoch repeats that epoch
 * with the next shuffle.) */

#define NN_MODEL_MAGIC        "DTMODEL"
#define NN_MODEL_MAGIC_LEN    8     /* with its NUL */
#define NN_MODEL_VERSION      2
#define NN_MODEL_VERSION_MIN  1     /* the oldest version that loads */
#define NN_MODEL_HEADER_SIZE  88
#define NN_MODEL_CHECKSUM_LEN 32    /* SHA-256 */

/* The offsets of the table above. */
typedef enum
{
  NN_MODEL_OFFSET_VERSION    = 8,
  NN_MODEL_OFFSET_N_IN       = 12,
  NN_MODEL_OFFSET_N_HIDDEN   = 16,
  NN_MODEL_OFFSET_N_OUT      = 20,
  NN_MODEL_OFFSET_LR         = 24,
  NN_MODEL_OFFSET_RHO        = 28,
  NN_MODEL_OFFSET_EPSILON    = 32,
  NN_MODEL_OFFSET_DECAY      = 36,
  NN_MODEL_OFFSET_BATCH_SIZE = 40,
  NN_MODEL_OFFSET_FLAGS      = 44,
  NN_MODEL_OFFSET_SEED       = 48,
  NN_MODEL_OFFSET_ITERATIONS = 56,
  NN_MODEL_OFFSET_EPOCHS     = 64,
  NN_MODEL_OFFSET_FORM       = 68,
  NN_MODEL_OFFSET_RNG_STATE  = 72,
  NN_MODEL_OFFSET_RNG_INC    = 80,
} NnModelOffset;

#define NN_MODEL_FLAG_SHUFFLE 1u

gboolean   nn_model_save (const NnTrainer  *trainer,
                          const char       *path,
                          GError          **error);
NnTrainer *nn_model_load (const char       *path,
                          GError          **error);
/* The same, on bytes in memory (used by the file functions and the tests). */
GBytes    *nn_model_serialize   (const NnTrainer  *trainer);
NnTrainer *nn_model_deserialize (const guint8     *data,
                                 gsize             len,
                                 const char       *name,
                                 GError          **error);

G_END_DECLS
