/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-model-file"

#include "config.h"

#include "nn-model-file.h"
#include "nn-file.h"
#include "nn-trainer-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define MAX_IO_UNITS (1 << 16)   /* n_in and n_out: far beyond any image or class count */

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

static void
put_f32 (GByteArray *out,
         float       v)
{
  guint32 bits;

  memcpy (&bits, &v, sizeof bits);
  put_u32 (out, bits);
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

static float
get_f32 (const guint8 *p)
{
  guint32 bits = get_u32 (p);
  float v;

  memcpy (&v, &bits, sizeof v);
  return v;
}

static void
put_floats (GByteArray  *out,
            const float *v,
            gsize        n)
{
  for (gsize i = 0; i < n; i++)
    put_f32 (out, v[i]);
}

static void
get_floats (const guint8 *p,
            float        *v,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    v[i] = get_f32 (p + sizeof (float) * i);
}

static void
sha256 (const guint8 *data,
        gsize         len,
        guint8        digest[NN_MODEL_CHECKSUM_LEN])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize dlen = NN_MODEL_CHECKSUM_LEN;

  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, digest, &dlen);
}

GBytes *
nn_model_serialize (const NnTrainer *t)
{
  GByteArray *out = g_byte_array_new ();
  const NnNet *net = t->net;
  guint8 digest[NN_MODEL_CHECKSUM_LEN];

  /* in the order of the table in nn-model-file.h */
  g_byte_array_append (out, (const guint8 *) NN_MODEL_MAGIC, NN_MODEL_MAGIC_LEN);
  put_u32 (out, NN_MODEL_VERSION);
  put_u32 (out, net->n_in);
  put_u32 (out, net->n_hidden);
  put_u32 (out, net->n_out);
  put_f32 (out, t->opt.hyper.lr);
  put_f32 (out, t->opt.hyper.rho);
  put_f32 (out, t->opt.hyper.epsilon);
  put_f32 (out, t->opt.hyper.decay);
  put_u32 (out, t->config.batch_size);
  put_u32 (out, t->config.shuffle ? NN_MODEL_FLAG_SHUFFLE : 0);
  put_u64 (out, t->config.seed);
  put_u64 (out, (guint64) t->opt.iterations);
  put_u32 (out, t->epochs_done);
  put_u32 (out, (guint32) nn_keras_number (t->opt.hyper.form));
  put_u64 (out, t->shuffle_rng.state);
  put_u64 (out, t->shuffle_rng.inc);
  g_assert (out->len == NN_MODEL_HEADER_SIZE);
  put_floats (out, net->params, net->n_params);
  put_floats (out, t->opt.accum, net->n_params);
  sha256 (out->data, out->len, digest);
  g_byte_array_append (out, digest, NN_MODEL_CHECKSUM_LEN);
  return g_byte_array_free_to_bytes (out);
}

static gboolean
bad (GError    **error,
     const char *name,
     const char *reason)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("%s is not a usable Digit Trainer model: %s"), name, reason);
  return FALSE;
}

/* The bytes a model of these dimensions takes: header, parameters and accumulators,
 * checksum. */
static gsize
model_size (int n_in,
            int n_hidden,
            int n_out)
{
  return NN_MODEL_HEADER_SIZE + 2 * sizeof (float) * nn_param_count (n_in, n_hidden, n_out) +
         NN_MODEL_CHECKSUM_LEN;
}

/* Version 2's RMSprop form; version 1 files are Keras 2, the only form there was. */
static gboolean
read_form (const guint8  *d,
           const char    *name,
           NnHyper       *hyper,
           GError       **error)
{
  guint32 number = get_u32 (d + NN_MODEL_OFFSET_FORM);

  if (number > G_MAXINT || !nn_keras_from_number ((int) number, &hyper->form))
    {
      g_autofree char *r = g_strdup_printf (_("its RMSprop form %u is neither Keras 2 nor 3"),
                                            number);
      return bad (error, name, r);
    }
  return TRUE;
}

static gboolean
check_header (const guint8 *d,
              gsize         len,
              const char   *name,
              NnConfig     *config,
              int          *n_in,
              int          *n_out,
              GError      **error)
{
  guint32 version;
  guint8 digest[NN_MODEL_CHECKSUM_LEN];
  gsize expected;

  if (len < NN_MODEL_MAGIC_LEN || memcmp (d, NN_MODEL_MAGIC, NN_MODEL_MAGIC_LEN) != 0)
    return bad (error, name, len < NN_MODEL_MAGIC_LEN ? _("the file is too short")
                                                      : _("wrong magic number"));
  if (len < NN_MODEL_HEADER_SIZE + NN_MODEL_CHECKSUM_LEN)
    return bad (error, name, _("the file is truncated"));
  version = get_u32 (d + NN_MODEL_OFFSET_VERSION);
  if (version < NN_MODEL_VERSION_MIN || version > NN_MODEL_VERSION)
    {
      g_autofree char *r = g_strdup_printf (_("format version %u is not supported"), version);
      return bad (error, name, r);
    }
  *n_in = (int) get_u32 (d + NN_MODEL_OFFSET_N_IN);
  config->n_hidden = (int) get_u32 (d + NN_MODEL_OFFSET_N_HIDDEN);
  *n_out = (int) get_u32 (d + NN_MODEL_OFFSET_N_OUT);
  if (*n_in < 1 || *n_in > MAX_IO_UNITS || *n_out < 1 || *n_out > MAX_IO_UNITS ||
      config->n_hidden < 1 || config->n_hidden > NN_MAX_HIDDEN)
    return bad (error, name, _("its dimensions are out of range"));
  expected = model_size (*n_in, config->n_hidden, *n_out);
  if (len != expected)
    return bad (error, name, len < expected ? _("the file is truncated")
                                            : _("there is trailing data"));
  sha256 (d, len - NN_MODEL_CHECKSUM_LEN, digest);
  if (memcmp (digest, d + len - NN_MODEL_CHECKSUM_LEN, NN_MODEL_CHECKSUM_LEN) != 0)
    return bad (error, name, _("the checksum does not match (the file is damaged)"));

  /* PCG32 needs an odd increment (nn_rng_seed makes it so): with an even one the generator
   * can stick, and the shuffle waited for ever for a number in range (found by fuzz-model) */
  if ((get_u64 (d + NN_MODEL_OFFSET_RNG_INC) & 1) == 0)
    return bad (error, name, _("its shuffle generator state is invalid"));

  /* counters no trainer can reach: more would overflow once training continues */
  if (get_u64 (d + NN_MODEL_OFFSET_ITERATIONS) > NN_MAX_ITERATIONS ||
      get_u32 (d + NN_MODEL_OFFSET_EPOCHS) > NN_MAX_EPOCHS_DONE)
    return bad (error, name, _("its iteration or epoch count is out of range"));

  config->hyper.lr = get_f32 (d + NN_MODEL_OFFSET_LR);
  config->hyper.rho = get_f32 (d + NN_MODEL_OFFSET_RHO);
  config->hyper.epsilon = get_f32 (d + NN_MODEL_OFFSET_EPSILON);
  config->hyper.decay = get_f32 (d + NN_MODEL_OFFSET_DECAY);
  config->batch_size = (int) get_u32 (d + NN_MODEL_OFFSET_BATCH_SIZE);
  config->shuffle = (get_u32 (d + NN_MODEL_OFFSET_FLAGS) & NN_MODEL_FLAG_SHUFFLE) != 0;
  config->seed = get_u64 (d + NN_MODEL_OFFSET_SEED);
  return version == 1 || read_form (d, name, &config->hyper, error);
}

/* Why the weights or RMSprop state are not what training produces, or NULL: a weight that
 * is not finite, or an accumulator — a running mean of squares — that is negative or not
 * finite.  Such a model would print "nan" losses and blame the learning rate. */
static const char *
implausible_values (const NnTrainer *t)
{
  for (gsize i = 0; i < t->net->n_params; i++)
    {
      if (!isfinite (t->net->params[i]))
        return _("a weight is not a finite number");
      if (!(t->opt.accum[i] >= 0.0f && isfinite (t->opt.accum[i])))
        return _("an RMSprop accumulator is negative or not a finite number");
    }
  return NULL;
}

NnTrainer *
nn_model_deserialize (const guint8  *d,
                      gsize          len,
                      const char    *name,
                      GError       **error)
{
  g_autoptr(GError) local = NULL;
  const guint8 *params;
  const char *reason;
  NnConfig config;
  NnTrainer *t;
  int n_in, n_out;

  nn_config_init_defaults (&config);
  if (!check_header (d, len, name, &config, &n_in, &n_out, error))
    return NULL;
  t = nn_trainer_new (&config, n_in, n_out, &local);
  if (t == NULL)
    {
      bad (error, name, local->message);
      return NULL;
    }

  t->opt.iterations = (gint64) get_u64 (d + NN_MODEL_OFFSET_ITERATIONS);
  t->epochs_done = (int) get_u32 (d + NN_MODEL_OFFSET_EPOCHS);
  t->shuffle_rng.state = get_u64 (d + NN_MODEL_OFFSET_RNG_STATE);
  t->shuffle_rng.inc = get_u64 (d + NN_MODEL_OFFSET_RNG_INC);
  /* only now: d may be NULL with len 0, and NULL + offset is undefined (UBSan, fuzz-model) */
  params = d + NN_MODEL_HEADER_SIZE;
  get_floats (params, t->net->params, t->net->n_params);
  get_floats (params + sizeof (float) * t->net->n_params, t->opt.accum, t->net->n_params);
  reason = implausible_values (t);
  if (reason != NULL)
    {
      bad (error, name, reason);
      nn_trainer_free (t);
      return NULL;
    }
  return t;
}

gboolean
nn_model_save (const NnTrainer  *t,
               const char       *path,
               GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *reason = implausible_values (t);
  gsize len;
  const char *data;

  /* what the loader would refuse is not written: every saved model loads */
  if (reason != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s was not saved: %s"),
                   path, reason);
      return FALSE;
    }
  bytes = nn_model_serialize (t);
  data = g_bytes_get_data (bytes, &len);

  /* a temporary file, fsync, rename: a crash never leaves half a model behind */
  return nn_file_replace (path, data, len, error);
}

NnTrainer *
nn_model_load (const char  *path,
               GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);
  gsize len;

  /* a regular file no larger than the largest model the header check lets through: not
   * /dev/zero, which never ends, nor a FIFO, which blocks */
  if (!nn_file_read_regular (path, model_size (MAX_IO_UNITS, NN_MAX_HIDDEN, MAX_IO_UNITS),
                             &contents, &len, error))
    return NULL;
  return nn_model_deserialize ((const guint8 *) contents, len, name, error);
}
