/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* IDX files (LeCun's MNIST format): a big-endian header — two zero bytes, a type byte
 * (0x08 = unsigned byte), the rank — then one big-endian guint32 per dimension, then the
 * data.  Files may be raw or gzip-compressed; the two load identically. */

#define NN_IDX_MAGIC_IMAGES 0x00000803u
#define NN_IDX_MAGIC_LABELS 0x00000801u
#define NN_IDX_MAX_BYTES    ((gsize) 1 << 31)   /* refuse anything claiming more */
#define NN_IDX_MAX_RANK     3                   /* images: items × rows × columns */

#define NN_DATA_ERROR (nn_data_error_quark ())

typedef enum
{
  NN_DATA_ERROR_NOT_FOUND,
  NN_DATA_ERROR_CORRUPT,
  NN_DATA_ERROR_MISMATCH,
} NnDataError;

typedef struct
{
  guint32  magic;
  int      rank;
  guint32  dims[NN_IDX_MAX_RANK];
  gsize    n_items;      /* dims[0] */
  gsize    item_size;    /* product of the other dimensions (1 for labels) */
  guint8  *data;         /* n_items × item_size bytes */
} NnIdx;

GQuark   nn_data_error_quark (void);

NnIdx   *nn_idx_load         (const char     *path,
                              guint32         expected_magic,
                              GError        **error);
void     nn_idx_free         (NnIdx          *idx);
/* Writes an IDX file of unsigned bytes (rank 1 or 3), gzip-compressed when the path ends
 * in ".gz"; atomic (written beside, then renamed). */
gboolean nn_idx_save         (const char     *path,
                              int             rank,
                              const guint32  *dims,
                              const guint8   *data,
                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnIdx, nn_idx_free)

G_END_DECLS
