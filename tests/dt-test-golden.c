/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-golden.h"

#include <string.h>

#include "nn-kernels.h"

static void
checksum_floats (GChecksum   *sum,
                 const float *v,
                 gsize        n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &v[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      g_checksum_update (sum, (const guint8 *) &bits, sizeof bits);
    }
}

char *
dt_test_trainer_sha256 (const NnTrainer *trainer)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const NnNet *net = nn_trainer_get_net (trainer);

  checksum_floats (sum, net->params, net->n_params);
  checksum_floats (sum, nn_trainer_get_optimizer (trainer)->accum, net->n_params);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
dt_test_golden_setup (void)
{
  const char *forced = g_getenv ("DT_FORCE_ISA");
  const char *running = nn_isa_name (nn_kernels ()->isa);

  g_test_message ("kernels: %s (DT_FORCE_ISA=%s), OPENBLAS_CORETYPE=%s", running,
                  forced != NULL ? forced : "",
                  g_getenv ("OPENBLAS_CORETYPE") != NULL ? g_getenv ("OPENBLAS_CORETYPE") : "");
  if (forced != NULL && *forced != '\0' && !g_str_equal (forced, running))
    {
      g_autofree char *why = g_strdup_printf ("this CPU cannot run the %s kernels", forced);

      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}
