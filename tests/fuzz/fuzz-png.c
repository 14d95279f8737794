/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --classify's PNG path (dt_cli_image_load_input): the file as the CLI reads it.  Every
 * chunk's CRC is recomputed first (as far as the lengths allow), so mutations reach the
 * header and the image data instead of stopping at libpng's CRC check.
 *
 * What must hold: a picture is read or refused with an error — never a crash, a hang or a
 * decompression bomb (the size is checked before decoding) — and what is read is 784
 * values in [0, 1]. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <zlib.h>

#include "dt-cli-image.h"
#include "fuzz-util.h"
#include "nn-dataset.h"

#define PNG_SIGNATURE_LEN 8
#define CHUNK_OVERHEAD    12   /* length, type, CRC */

static void
fix_crcs (guint8 *d,
          gsize   len)
{
  gsize pos = PNG_SIGNATURE_LEN;

  while (pos + CHUNK_OVERHEAD <= len)
    {
      guint32 n, crc;

      memcpy (&n, d + pos, sizeof n);
      n = GUINT32_FROM_BE (n);
      if (n > len - pos - CHUNK_OVERHEAD)
        break;
      crc = GUINT32_TO_BE ((guint32) crc32 (0, d + pos + 4, 4 + n));
      memcpy (d + pos + 8 + n, &crc, sizeof crc);
      pos += CHUNK_OVERHEAD + n;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *d = g_memdup2 (data, size);
  float input[NN_IMAGE_PIXELS];

  fix_crcs (d, size);
  if (!dt_cli_image_load_input (fuzz_memfd_path (d, size), input, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  for (int i = 0; i < NN_IMAGE_PIXELS; i++)
    g_assert_true (isfinite (input[i]) && input[i] >= 0.0f && input[i] <= 1.0f);
  return 0;
}
