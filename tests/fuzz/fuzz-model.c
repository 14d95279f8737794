/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model-file parser (nn_model_deserialize).  The trailing SHA-256 is recomputed first,
 * so mutations reach the header fields, the counters and the values behind the checksum.
 *
 * What must hold: a model that loads writes back the same bytes (but for flag bits other
 * than shuffle and the reserved field, which are not kept); and a small one trains one
 * epoch on a few samples, after which what it saves loads again — unless training left a
 * value that is not a finite number, which the loader refuses by design. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-util.h"
#include "nn-model-file.h"

#define MAX_FIT_PARAMS 4096   /* train only small networks: a fuzzer wants many runs a second */
#define FIT_SAMPLES    3

static void
reseal (guint8 *d,
        gsize   len)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize dlen = NN_MODEL_CHECKSUM_LEN;

  g_checksum_update (sum, d, len - NN_MODEL_CHECKSUM_LEN);
  g_checksum_get_digest (sum, d + len - NN_MODEL_CHECKSUM_LEN, &dlen);
}

static void
assert_writes_back (const NnTrainer *t,
                    const guint8    *d,
                    gsize            len)
{
  g_autoptr(GBytes) again = nn_model_serialize (t);
  g_autofree guint8 *expected = g_memdup2 (d, len);
  guint32 flags, version, form;

  memcpy (&flags, expected + NN_MODEL_OFFSET_FLAGS, sizeof flags);
  flags &= GUINT32_TO_LE (NN_MODEL_FLAG_SHUFFLE);
  memcpy (expected + NN_MODEL_OFFSET_FLAGS, &flags, sizeof flags);
  /* a version-1 file is written back as the current version, naming its form (Keras 2) */
  version = GUINT32_TO_LE (NN_MODEL_VERSION);
  form = GUINT32_TO_LE ((guint32) nn_keras_number (nn_trainer_get_optimizer (t)->hyper.form));
  memcpy (expected + NN_MODEL_OFFSET_VERSION, &version, sizeof version);
  memcpy (expected + NN_MODEL_OFFSET_FORM, &form, sizeof form);
  reseal (expected, len);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again), expected, len);
}

static gboolean
all_finite (const NnTrainer *t)
{
  const NnNet *net = nn_trainer_get_net (t);
  const NnRmsprop *opt = nn_trainer_get_optimizer (t);

  for (gsize i = 0; i < net->n_params; i++)
    if (!isfinite (net->params[i]) || !isfinite (opt->accum[i]) || opt->accum[i] < 0)
      return FALSE;
  return TRUE;
}

/* One epoch on a few samples made of the input's bytes; then the model must save and load. */
static void
fit_and_reload (NnTrainer    *t,
                const guint8 *d,
                gsize         len)
{
  const NnNet *net = nn_trainer_get_net (t);
  g_autofree guint8 *images = g_malloc ((gsize) FIT_SAMPLES * net->n_in);
  guint8 labels[FIT_SAMPLES];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(NnTrainer) back = NULL;

  for (gsize i = 0; i < (gsize) FIT_SAMPLES * net->n_in; i++)
    images[i] = d[i % len];
  for (int i = 0; i < FIT_SAMPLES; i++)
    labels[i] = (guint8) (i % net->n_out);
  if (!nn_trainer_fit (t, images, labels, FIT_SAMPLES, net->n_in, 1, NULL, &error))
    return;   /* diverged, or the counters are full: reported, nothing to save */
  saved = nn_model_serialize (t);
  back = nn_model_deserialize (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved),
                               "fitted.dtmodel", &error);
  if (back == NULL)
    g_assert_false (all_finite (t));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = NULL;
  g_autofree guint8 *d = g_memdup2 (data, size);

  if (size >= NN_MODEL_HEADER_SIZE + NN_MODEL_CHECKSUM_LEN)
    reseal (d, size);
  t = nn_model_deserialize (d, size, "fuzz.dtmodel", &error);
  if (t == NULL)
    {
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "fuzz.dtmodel"));
      return 0;
    }
  assert_writes_back (t, d, size);
  if (nn_trainer_get_net (t)->n_params <= MAX_FIT_PARAMS)
    fit_and_reload (t, d, size);
  return 0;
}
