/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"
#include "nn-trainer.h"

/* A tiny generated problem: 4×4 "images" whose label is the brightest quarter, so that a
 * few epochs move every parameter and the RMSprop accumulators. */
#define SIDE 4
#define N_IN (SIDE * SIDE)

static NnDataset *
make_dataset (gsize   n,
              guint32 seed)
{
  NnDataset *ds = nn_dataset_new (n, SIDE, SIDE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < n; i++)
    {
      guint8 *img = ds->images + i * N_IN;
      guint8 label = (guint8) g_rand_int_range (rand, 0, NN_DATASET_CLASSES);

      for (int k = 0; k < N_IN; k++)
        img[k] = (guint8) g_rand_int_range (rand, 0, 100);
      img[label % N_IN] = 255;
      ds->labels[i] = label;
    }
  return ds;
}

static NnTrainer *
make_trainer (gboolean shuffle)
{
  g_autoptr(GError) error = NULL;
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.n_hidden = 8;
  config.batch_size = 7;           /* 50 samples: a last partial batch of 1 */
  config.shuffle = shuffle;
  config.seed = 20240229;
  config.hyper.lr = 0.004f;
  config.hyper.rho = 0.85f;
  config.hyper.epsilon = 1e-7f;
  config.hyper.decay = 0.01f;
  t = nn_trainer_new (&config, N_IN, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  return t;
}

static void
fit (NnTrainer       *t,
     const NnDataset *ds,
     int              epochs)
{
  g_autoptr(GError) error = NULL;

  nn_trainer_fit (t, NN_DATASET_ARRAYS (ds), epochs, NULL, &error);
  g_assert_no_error (error);
}

/* Bytes in a model file of n_params parameters: header, parameters and RMSprop
 * accumulators, checksum. */
static gsize
model_size (gsize n_params)
{
  return NN_MODEL_HEADER_SIZE + 2 * sizeof (float) * n_params + NN_MODEL_CHECKSUM_LEN;
}

static void
assert_floats_identical (const float *a,
                         const float *b,
                         gsize        n)
{
  /* bit for bit: memcmp, not a tolerance */
  g_assert_cmpmem (a, n * sizeof (float), b, n * sizeof (float));
}

static void
assert_trainers_identical (const NnTrainer *a,
                           const NnTrainer *b)
{
  const NnNet *na = nn_trainer_get_net (a), *nb = nn_trainer_get_net (b);
  const NnRmsprop *oa = nn_trainer_get_optimizer (a), *ob = nn_trainer_get_optimizer (b);
  const NnConfig *ca = nn_trainer_get_config (a), *cb = nn_trainer_get_config (b);
  const NnRng *ra = nn_trainer_get_shuffle_rng (a), *rb = nn_trainer_get_shuffle_rng (b);

  g_assert_cmpint (na->n_in, ==, nb->n_in);
  g_assert_cmpint (na->n_hidden, ==, nb->n_hidden);
  g_assert_cmpint (na->n_out, ==, nb->n_out);
  g_assert_cmpuint (na->n_params, ==, nb->n_params);
  assert_floats_identical (na->params, nb->params, na->n_params);
  assert_floats_identical (oa->accum, ob->accum, na->n_params);
  g_assert_cmpmem (&oa->hyper, sizeof (NnHyper), &ob->hyper, sizeof (NnHyper));
  g_assert_cmpint (oa->iterations, ==, ob->iterations);
  g_assert_cmpint (nn_trainer_get_epochs_done (a), ==, nn_trainer_get_epochs_done (b));
  g_assert_cmpint (ca->n_hidden, ==, cb->n_hidden);
  g_assert_cmpint (ca->batch_size, ==, cb->batch_size);
  g_assert_cmpint (ca->shuffle, ==, cb->shuffle);
  g_assert_cmpuint (ca->seed, ==, cb->seed);
  g_assert_cmpuint (ra->state, ==, rb->state);
  g_assert_cmpuint (ra->inc, ==, rb->inc);
}

static NnTrainer *
round_trip_bytes (const NnTrainer *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = nn_model_serialize (t);
  NnTrainer *back;

  back = nn_model_deserialize (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               "memory.dtmodel", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

/* deserialize must refuse these bytes with a message naming the file and, when given,
 * containing `reason` */
static void
assert_rejected (const guint8 *data,
                 gsize         len,
                 const char   *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = nn_model_deserialize (data, len, "broken.dtmodel", &error);

  g_assert_null (t);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, "broken.dtmodel"));
  if (reason != NULL && strstr (error->message, reason) == NULL)
    g_error ("expected “%s” in: %s", reason, error->message);
}

/* Rewrites the trailing SHA-256 so that only the change under test is wrong. */
static void
reseal (guint8 *data,
        gsize   len)
{
  dt_test_reseal_sha256 (data, len);
}

static guint32
f32_bits (float v)
{
  guint32 bits;

  memcpy (&bits, &v, sizeof bits);
  return bits;
}

/* orig with the u32 at offset set to value and the checksum resealed must be refused with
 * reason. */
static void
assert_field_rejected (const guint8 *orig,
                       gsize         len,
                       gsize         offset,
                       guint32       value,
                       const char   *reason)
{
  g_autofree guint8 *d = g_memdup2 (orig, len);
  guint32 le = GUINT32_TO_LE (value);

  memcpy (d + offset, &le, sizeof le);
  reseal (d, len);
  assert_rejected (d, len, reason);
}

/* ---- round trips ---------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  g_autoptr(NnDataset) ds = make_dataset (50, 1);
  g_autoptr(NnTrainer) t = make_trainer (TRUE);
  g_autoptr(NnTrainer) back = NULL;
  g_autoptr(NnTrainer) fresh = NULL;

  fit (t, ds, 3);
  g_assert_cmpint (nn_trainer_get_optimizer (t)->iterations, ==, 3 * 8);
  g_assert_cmpint (nn_trainer_get_epochs_done (t), ==, 3);
  back = round_trip_bytes (t);
  assert_trainers_identical (t, back);
  g_assert_cmpfloat (nn_trainer_get_config (back)->hyper.lr, ==, 0.004f);
  g_assert_cmpfloat (nn_trainer_get_config (back)->hyper.rho, ==, 0.85f);
  g_assert_cmpfloat (nn_trainer_get_config (back)->hyper.epsilon, ==, 1e-7f);
  g_assert_cmpfloat (nn_trainer_get_config (back)->hyper.decay, ==, 0.01f);

  /* an untrained model too (zero accumulators, no iterations) */
  fresh = make_trainer (FALSE);
  g_clear_pointer (&back, nn_trainer_free);
  back = round_trip_bytes (fresh);
  assert_trainers_identical (fresh, back);
  g_assert_false (nn_trainer_get_config (back)->shuffle);
}

static void
test_round_trip_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "lesson.dtmodel", NULL);
  g_autoptr(NnTrainer) t = NULL;
  g_autoptr(NnTrainer) back = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  NnConfig config;

  /* the lesson's own network, 25,450 parameters */
  g_assert_no_error (error);
  nn_config_init_defaults (&config);
  t = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < nn_trainer_get_net (t)->n_params; i++)
    nn_trainer_get_optimizer (t)->accum[i] = (float) i * 1e-6f;
  /* beyond 32 bits */
  nn_trainer_get_optimizer (t)->iterations = G_GINT64_CONSTANT (5000000000);
  nn_trainer_set_epochs_done (t, 7);

  nn_model_save (t, path, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  expected = nn_model_serialize (t);
  g_assert_cmpuint (len, ==, model_size (25450));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpmem (contents, NN_MODEL_MAGIC_LEN, "DTMODEL", NN_MODEL_MAGIC_LEN);

  back = nn_model_load (path, &error);
  g_assert_no_error (error);
  assert_trainers_identical (t, back);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Saving writes beside and renames: no temporary is left, and a file already there is
 * replaced whole, never rewritten in place (a hard link to it keeps the old content). */
static void
test_save_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "model.dtmodel", NULL);
  g_autofree char *link_path = g_build_filename (dir, "old-link", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "no-such-dir", "model.dtmodel", NULL);
  g_autoptr(NnTrainer) t = make_trainer (TRUE);
  g_autoptr(GBytes) expected = nn_model_serialize (t);
  g_autofree char *big = g_malloc (100000);
  g_autofree char *contents = NULL;
  g_autofree char *old = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  gsize len;
  int n_files = 0;

  g_assert_no_error (error);
  memset (big, 'x', 100000);
  g_file_set_contents (path, big, 100000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (link (path, link_path), ==, 0);

  nn_model_save (t, path, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_file_get_contents (link_path, &old, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (old, len, big, 100000);

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_true (g_str_equal (name, "model.dtmodel") || g_str_equal (name, "old-link"));
      n_files++;
    }
  g_assert_cmpint (n_files, ==, 2);

  /* a folder that does not exist is an error, not a crash */
  g_assert_false (nn_model_save (t, bad_path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_unlink (link_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- damaged files ------------------------------------------------------------------ */

static void
test_truncated (void)
{
  g_autoptr(NnTrainer) t = make_trainer (TRUE);
  g_autoptr(GBytes) bytes = nn_model_serialize (t);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize p = nn_trainer_get_net (t)->n_params;
  const gsize cuts[] = { 0, 1, 7, 8, 12, 50, NN_MODEL_HEADER_SIZE - 1, NN_MODEL_HEADER_SIZE,
                         NN_MODEL_HEADER_SIZE + 31, NN_MODEL_HEADER_SIZE + 32,
                         NN_MODEL_HEADER_SIZE + sizeof (float) * p,
                         NN_MODEL_HEADER_SIZE + 2 * sizeof (float) * p,
                         len - NN_MODEL_CHECKSUM_LEN, len - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, cuts[i] + 1);

      g_test_message ("truncated at %zu of %zu bytes", cuts[i], len);
      /* a truncation must never be called a wrong magic number when the magic is there */
      assert_rejected (copy, cuts[i], cuts[i] >= 8 ? "trunc" : NULL);
    }
}

/* Every single-bit flip, anywhere in the file (header, parameters, accumulators, checksum),
 * is rejected. */
static void
test_bit_flips (void)
{
  g_autoptr(NnDataset) ds = make_dataset (50, 2);
  g_autoptr(NnTrainer) t = make_trainer (TRUE);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;
  guint n_flips = 0;

  fit (t, ds, 1);
  bytes = nn_model_serialize (t);
  len = g_bytes_get_size (bytes);
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  for (gsize byte = 0; byte < len; byte++)
    for (int bit = 0; bit < 8; bit++)
      {
        copy[byte] ^= (guint8) (1u << bit);
        assert_rejected (copy, len, NULL);
        copy[byte] ^= (guint8) (1u << bit);
        n_flips++;
      }
  g_test_message ("%u single-bit flips rejected", n_flips);
  g_assert_cmpuint (n_flips, ==, 8 * model_size (nn_trainer_get_net (t)->n_params));

  /* and the undamaged bytes still load */
  nn_trainer_free (round_trip_bytes (t));
}

static void
test_bad_header_fields (void)
{
  g_autoptr(NnTrainer) t = make_trainer (TRUE);
  g_autoptr(GBytes) bytes = nn_model_serialize (t);
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  g_autofree guint8 *d = g_memdup2 (orig, len);
  g_autofree guint8 *longer = g_malloc0 (len + 4);

  /* wrong magic, checksum resealed */
  memcpy (d, "DTMODEX", NN_MODEL_MAGIC_LEN);
  reseal (d, len);
  assert_rejected (d, len, "magic");
  memcpy (d, orig, len);
  memcpy (d, "\x89PNG\r\n\x1a\n", NN_MODEL_MAGIC_LEN);
  assert_rejected (d, len, "magic");

  /* a future version, and one before the first */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_VERSION, 3, "version 3");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_VERSION, 0, "version 0");

  /* an RMSprop form that is not Keras 2 or 3; Keras 3 with this trainer's decay */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_FORM, 4, "RMSprop form 4");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_FORM, 0, "RMSprop form 0");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_FORM, 3, "Keras 3");

  /* dimensions that disagree with the body: n_hidden 9, body sized for 8; n_in 15, the body
   * is too long */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_N_HIDDEN, 9, "truncated");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_N_IN, N_IN - 1, "trailing");

  /* dimensions out of range */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_N_HIDDEN, 0, "dimensions");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_N_OUT, 0xffffffff, "dimensions");

  /* hyperparameters that could not have been saved by a valid trainer */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_LR, f32_bits (-1.0f), "Learning rate");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_BATCH_SIZE, 0, "Batch size");

  /* counters that would turn negative: the epochs, the high half of the iterations */
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_EPOCHS, 0x80000000u, "epoch count");
  assert_field_rejected (orig, len, NN_MODEL_OFFSET_ITERATIONS + sizeof (guint32), 0x80000000u,
                         "iteration");

  /* trailing bytes after the checksum */
  memcpy (longer, orig, len);
  assert_rejected (longer, len + 4, "trailing");
}

/* The RMSprop form is stored (version 2); a version 1 file, which had 0 there, loads as
 * Keras 2 with everything else as saved. */
static void
test_keras_form (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = make_dataset (50, 3);
  g_autoptr(NnTrainer) k3 = make_trainer (TRUE);
  g_autoptr(NnTrainer) back = NULL;
  g_autoptr(NnTrainer) old = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *v1 = NULL;
  NnHyper hyper = nn_hyper_defaults (NN_KERAS_3);
  const guint32 one = GUINT32_TO_LE (1), zero = 0;
  gsize len;

  g_assert_true (nn_trainer_set_hyper (k3, &hyper, &error));
  fit (k3, ds, 2);
  back = round_trip_bytes (k3);
  assert_trainers_identical (k3, back);
  g_assert_cmpint (nn_trainer_get_optimizer (back)->hyper.form, ==, NN_KERAS_3);

  bytes = nn_model_serialize (k3);
  len = g_bytes_get_size (bytes);
  v1 = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  g_assert_cmpuint (v1[NN_MODEL_OFFSET_FORM], ==, 3);
  memcpy (v1 + NN_MODEL_OFFSET_VERSION, &one, sizeof one);
  memcpy (v1 + NN_MODEL_OFFSET_FORM, &zero, sizeof zero);
  reseal (v1, len);
  old = nn_model_deserialize (v1, len, "v1.dtmodel", &error);
  g_assert_no_error (error);
  g_assert_cmpint (nn_trainer_get_optimizer (old)->hyper.form, ==, NN_KERAS_2);
  g_assert_cmpfloat (nn_trainer_get_optimizer (old)->hyper.epsilon, ==, 1e-7f);
  assert_floats_identical (nn_trainer_get_net (old)->params, nn_trainer_get_net (k3)->params,
                           nn_trainer_get_net (k3)->n_params);
}

static void
test_load_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnTrainer) t = nn_model_load ("/nonexistent/dir/none.dtmodel", &error);

  g_assert_null (t);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "none.dtmodel"));
}

/* ---- continuing training ------------------------------------------------------------ */

/* k epochs, save, load, m more epochs == k + m epochs without stopping, bit for bit. */
static void
check_resume (gboolean shuffle,
              int      k,
              int      m)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = make_dataset (50, 3);
  g_autoptr(NnTrainer) straight = make_trainer (shuffle);
  g_autoptr(NnTrainer) first = make_trainer (shuffle);
  g_autoptr(NnTrainer) resumed = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dt-model-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "half.dtmodel", NULL);

  g_assert_no_error (error);
  fit (straight, ds, k + m);

  fit (first, ds, k);
  nn_model_save (first, path, &error);
  g_assert_no_error (error);
  resumed = nn_model_load (path, &error);
  g_assert_no_error (error);
  fit (resumed, ds, m);

  assert_trainers_identical (straight, resumed);
  /* and training did move the weights */
  g_assert_cmpint (nn_trainer_get_optimizer (resumed)->iterations, ==, (k + m) * 8);
  g_assert_cmpint (nn_trainer_get_epochs_done (resumed), ==, k + m);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_resume (void)
{
  check_resume (TRUE, 1, 1);
  check_resume (TRUE, 2, 3);
  check_resume (FALSE, 2, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/model-file/round-trip", test_round_trip);
  g_test_add_func ("/nn/model-file/round-trip-file", test_round_trip_file);
  g_test_add_func ("/nn/model-file/save-atomic", test_save_atomic);
  g_test_add_func ("/nn/model-file/truncated", test_truncated);
  g_test_add_func ("/nn/model-file/bit-flips", test_bit_flips);
  g_test_add_func ("/nn/model-file/bad-header-fields", test_bad_header_fields);
  g_test_add_func ("/nn/model-file/load-missing", test_load_missing);
  g_test_add_func ("/nn/model-file/keras-form", test_keras_form);
  g_test_add_func ("/nn/model-file/resume", test_resume);
  return g_test_run ();
}
