/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IDX loader (nn_idx_load), raw and gzip.  The first byte chooses:
 *
 *   bit 0   expect labels (0x801) or images (0x803);
 *   bit 1   load the rest as it is (raw, or gzip when it starts with the gzip magic), or
 *           also gzip it — in two members, split where the second byte says — so that
 *           mutations of the IDX fields reach the parser behind the decompressor.
 *
 * What must hold: a file that loads holds n_items × item_size readable bytes, and the gzip
 * form of an input loads exactly as the raw form does (both refuse it, or both give the
 * same items). */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "fuzz-util.h"
#include "nn-idx.h"

#define GZIP_WINDOW (15 + 16)   /* zlib's window bits, + 16: a gzip wrapper */

static void
gzip_append (GByteArray   *out,
             const guint8 *data,
             gsize         len)
{
  z_stream z = { 0 };
  guint8 chunk[4096];
  int ret;

  g_assert_cmpint (deflateInit2 (&z, 1, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY), ==,
                   Z_OK);
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) len;
  do
    {
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      ret = deflate (&z, Z_FINISH);
      g_assert_cmpint (ret, !=, Z_STREAM_ERROR);
      g_byte_array_append (out, chunk, (guint) (sizeof chunk - z.avail_out));
    }
  while (ret != Z_STREAM_END);
  deflateEnd (&z);
}

static NnIdx *
load (const guint8 *data,
      gsize         len,
      guint32       magic)
{
  g_autoptr(GError) error = NULL;
  NnIdx *idx = nn_idx_load (fuzz_memfd_path (data, len), magic, &error);
  guint sum = 0;

  if (idx == NULL)
    {
      g_assert_nonnull (error);
      return NULL;
    }
  g_assert_cmpuint (idx->n_items, ==, idx->dims[0]);
  /* every byte is there (AddressSanitizer checks the reads) */
  for (gsize i = 0; i < idx->n_items * idx->item_size; i++)
    sum += idx->data[i];
  (void) sum;
  return idx;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(NnIdx) raw = NULL;
  g_autoptr(NnIdx) gz = NULL;
  g_autoptr(GByteArray) members = NULL;
  guint32 magic;
  gsize split;

  if (size < 2)
    return 0;
  magic = (data[0] & 1) ? NN_IDX_MAGIC_LABELS : NN_IDX_MAGIC_IMAGES;
  raw = load (data + 2, size - 2, magic);
  if ((data[0] & 2) == 0 || (size > 3 && data[2] == 0x1f && data[3] == 0x8b))
    return 0;

  split = data[1] % (size - 1);
  members = g_byte_array_new ();
  gzip_append (members, data + 2, split);
  gzip_append (members, data + 2 + split, size - 2 - split);
  gz = load (members->data, members->len, magic);
  g_assert_true ((raw == NULL) == (gz == NULL));
  if (raw != NULL)
    {
      g_assert_cmpint (raw->rank, ==, gz->rank);
      g_assert_cmpmem (raw->dims, sizeof raw->dims, gz->dims, sizeof gz->dims);
      g_assert_cmpmem (raw->data, raw->n_items * raw->item_size, gz->data,
                       gz->n_items * gz->item_size);
    }
  return 0;
}
