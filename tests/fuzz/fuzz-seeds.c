/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the seed corpus of tests/fuzz (checked in): fuzz-seeds CORPUS_DIR.  Files are
 * made with the project's own writers (nn_model_serialize, cairo, gzip), so after a change
 * of format running this again keeps the seeds valid.  Regression files of findings are
 * not written here: they are kept as the fuzzer found them. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-model-file.h"
#include "nn-npz.h"

static const char *corpus;

static void
write_seed (const char *harness,
            const char *name,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *dir = g_build_filename (corpus, harness, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
}

/* ---- IDX ---------------------------------------------------------------------------- */

static GByteArray *
idx_bytes (guint32        magic,
           int            rank,
           const guint32 *dims,
           gsize          body)
{
  GByteArray *b = g_byte_array_new ();
  guint32 be = GUINT32_TO_BE (magic);

  g_byte_array_append (b, (const guint8 *) &be, 4);
  for (int i = 0; i < rank; i++)
    {
      be = GUINT32_TO_BE (dims[i]);
      g_byte_array_append (b, (const guint8 *) &be, 4);
    }
  for (gsize i = 0; i < body; i++)
    {
      guint8 v = (guint8) (i * 37 % 251 % NN_DATASET_CLASSES == 0 ? 255 : i * 7);
      g_byte_array_append (b, &v, 1);
    }
  return b;
}

static GByteArray *
labels_bytes (guint32 n)
{
  GByteArray *b = idx_bytes (NN_IDX_MAGIC_LABELS, 1, &n, 0);

  for (guint32 i = 0; i < n; i++)
    {
      guint8 v = (guint8) (i % NN_DATASET_CLASSES);
      g_byte_array_append (b, &v, 1);
    }
  return b;
}

static void
append_gzip (GByteArray   *out,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GBytes) gz = dt_test_gzip (data, len);

  g_byte_array_append (out, g_bytes_get_data (gz, NULL), (guint) g_bytes_get_size (gz));
}

/* mode and split bytes (see fuzz-idx.c), then the file */
static void
idx_seed (const char   *name,
          guint8        mode,
          const guint8 *data,
          gsize         len)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint8 head[2] = { mode, (guint8) (len / 3) };

  g_byte_array_append (b, head, 2);
  g_byte_array_append (b, data, (guint) len);
  write_seed ("idx", name, b->data, b->len);
}

static void
write_idx_seeds (void)
{
  const guint32 dims[3] = { 2, NN_IMAGE_SIDE, NN_IMAGE_SIDE };
  const guint32 small[3] = { 3, 2, 5 };
  const guint32 claims[3] = { 2000000, 32, 32 };
  g_autoptr(GByteArray) images = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, dims, 2 * 784);
  g_autoptr(GByteArray) tiny = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, small, 30);
  g_autoptr(GByteArray) labels = labels_bytes (3);
  g_autoptr(GByteArray) huge = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, claims, 64);
  g_autoptr(GByteArray) gz = g_byte_array_new ();
  g_autoptr(GByteArray) two = g_byte_array_new ();

  idx_seed ("images-raw", 0, images->data, images->len);
  idx_seed ("images-both", 2, tiny->data, tiny->len);
  idx_seed ("labels-raw", 1, labels->data, labels->len);
  idx_seed ("labels-both", 3, labels->data, labels->len);
  idx_seed ("images-trailing", 2, tiny->data, tiny->len - 1);   /* truncated by one */
  idx_seed ("claims-2gib", 2, huge->data, huge->len);
  append_gzip (gz, tiny->data, tiny->len);
  idx_seed ("images-gzip", 0, gz->data, gz->len);
  append_gzip (two, tiny->data, 10);
  append_gzip (two, tiny->data + 10, tiny->len - 10);
  idx_seed ("images-gzip-members", 0, two->data, two->len);
  g_byte_array_append (gz, (const guint8 *) "junk", 4);
  idx_seed ("images-gzip-junk", 0, gz->data, gz->len);
}

/* ---- model files -------------------------------------------------------------------- */

static NnTrainer *
small_trainer (int n_in,
               int n_hidden,
               int n_out,
               int epochs)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *images = g_malloc ((gsize) 4 * n_in);
  guint8 labels[4] = { 0, 1, 0, 1 };
  NnConfig config;
  NnTrainer *t;

  nn_config_init_defaults (&config);
  config.n_hidden = n_hidden;
  config.batch_size = 2;
  t = nn_trainer_new (&config, n_in, n_out, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 4 * n_in; i++)
    images[i] = (guint8) (i * 53);
  if (epochs > 0)
    g_assert_true (nn_trainer_fit (t, images, labels, 4, n_in, epochs, NULL, NULL));
  return t;
}

static void
model_seed (const char      *name,
            const NnTrainer *t,
            gsize            offset,
            const void      *patch,
            gsize            patch_len)
{
  g_autoptr(GBytes) bytes = nn_model_serialize (t);
  gsize len = g_bytes_get_size (bytes);
  g_autofree guint8 *d = g_memdup2 (g_bytes_get_data (bytes, NULL), len);

  if (patch != NULL)
    {
      memcpy (d + offset, patch, patch_len);
      dt_test_reseal_sha256 (d, len);
    }
  write_seed ("model", name, d, len);
}

static void
write_model_seeds (void)
{
  g_autoptr(NnTrainer) trained = small_trainer (3, 2, 2, 3);
  g_autoptr(NnTrainer) fresh = small_trainer (4, 3, 2, 0);
  guint32 epochs_near = GUINT32_TO_LE ((guint32) NN_MAX_EPOCHS_DONE - 1);
  guint64 steps_near = GUINT64_TO_LE ((guint64) NN_MAX_ITERATIONS - 1);
  guint32 epochs_max = GUINT32_TO_LE ((guint32) G_MAXINT);
  guint64 steps_max = GUINT64_TO_LE ((guint64) G_MAXINT64);
  float nan_value = NAN, subnormal = 1e-45f, minus = -1.0f;
  gsize n = nn_trainer_get_net (trained)->n_params;

  model_seed ("trained", trained, 0, NULL, 0);
  model_seed ("untrained", fresh, 0, NULL, 0);
  /* the kinds of issue 10: counters near and at their types' limits, values that are not
   * numbers, an ε the engine cannot represent */
  model_seed ("epochs-near-limit", trained, NN_MODEL_OFFSET_EPOCHS, &epochs_near, 4);
  model_seed ("steps-near-limit", trained, NN_MODEL_OFFSET_ITERATIONS, &steps_near, 8);
  model_seed ("epochs-int-max", trained, NN_MODEL_OFFSET_EPOCHS, &epochs_max, 4);
  model_seed ("steps-int64-max", trained, NN_MODEL_OFFSET_ITERATIONS, &steps_max, 8);
  model_seed ("weight-nan", trained, NN_MODEL_HEADER_SIZE, &nan_value, 4);
  model_seed ("accumulator-negative", trained, NN_MODEL_HEADER_SIZE + 4 * n, &minus, 4);
  model_seed ("epsilon-subnormal", trained, NN_MODEL_OFFSET_EPSILON, &subnormal, 4);
}

/* ---- PNG ---------------------------------------------------------------------------- */

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
png_seed (const char      *name,
          cairo_surface_t *s)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();

  g_assert_cmpint (cairo_surface_write_to_png_stream (s, append_cb, b), ==,
                   CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  write_seed ("png", name, b->data, b->len);
}

static cairo_surface_t *
draw_seven (cairo_format_t format,
            int            w,
            int            h,
            gboolean       paper)
{
  cairo_surface_t *s = cairo_image_surface_create (format, w, h);
  cairo_t *cr = cairo_create (s);

  if (paper)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.3);
  cairo_set_line_width (cr, w / 8.0);
  cairo_move_to (cr, w * 0.2, h * 0.2);
  cairo_line_to (cr, w * 0.8, h * 0.2);
  cairo_line_to (cr, w * 0.4, h * 0.85);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return s;
}

static void
write_png_seeds (void)
{
  g_autoptr(GBytes) bomb = dt_test_png_bomb (20000, 20000);
  g_autoptr(GBytes) wide = dt_test_png_bomb (4097, 2);
  g_autoptr(GBytes) edge = dt_test_png_bomb (4096, 3);

  png_seed ("seven-rgb", draw_seven (CAIRO_FORMAT_RGB24, 28, 28, TRUE));
  png_seed ("seven-transparent", draw_seven (CAIRO_FORMAT_ARGB32, 40, 24, FALSE));
  png_seed ("seven-a8", draw_seven (CAIRO_FORMAT_A8, 16, 20, FALSE));
  /* decompression bombs: refused from the header */
  write_seed ("png", "bomb-20000x20000", g_bytes_get_data (bomb, NULL),
              g_bytes_get_size (bomb));
  write_seed ("png", "bomb-4097-wide", g_bytes_get_data (wide, NULL), g_bytes_get_size (wide));
  write_seed ("png", "blank-4096-wide", g_bytes_get_data (edge, NULL), g_bytes_get_size (edge));
}

/* ---- drawn samples ------------------------------------------------------------------ */

/* which files exist and where they split (see fuzz-user-samples.c), then the files */
static void
samples_seed (const char       *name,
              guint8            exist,
              const GByteArray *images,
              const GByteArray *labels)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint8 head[3] = { exist, (guint8) (images->len & 0xff), (guint8) (images->len >> 8) };

  g_byte_array_append (b, head, 3);
  g_byte_array_append (b, images->data, images->len);
  g_byte_array_append (b, labels->data, labels->len);
  write_seed ("user-samples", name, b->data, b->len);
}

static void
write_samples_seeds (void)
{
  const guint32 dims[3] = { 2, NN_IMAGE_SIDE, NN_IMAGE_SIDE };
  const guint32 odd[3] = { 2, 27, 29 };
  g_autoptr(GByteArray) images = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, dims, 2 * 784);
  g_autoptr(GByteArray) wrong_shape = idx_bytes (NN_IDX_MAGIC_IMAGES, 3, odd, 2 * 27 * 29);
  g_autoptr(GByteArray) labels = labels_bytes (2);
  g_autoptr(GByteArray) torn = labels_bytes (1);
  g_autoptr(GByteArray) bad_label = labels_bytes (2);
  g_autoptr(GByteArray) gz = g_byte_array_new ();

  bad_label->data[bad_label->len - 1] = 12;
  append_gzip (gz, images->data, images->len);
  samples_seed ("pair", 3, images, labels);
  samples_seed ("torn-pair", 3, images, torn);
  samples_seed ("label-12", 3, images, bad_label);
  samples_seed ("not-28x28", 3, wrong_shape, labels);
  samples_seed ("images-only", 1, images, labels);
  samples_seed ("gzip-images", 3, gz, labels);
}

/* ---- .npz ----------------------------------------------------------------------------- */

/* A 784→2→10 network as the engine writes it; numpy.savez's forms (ZIP64 extras, deflate)
 * are the checked-in numpy-* files, written by /usr/bin/python3 from this one. */
static void
write_npz_seeds (void)
{
  NnNet *net = nn_net_new (784, 2, 10);
  g_autoptr(GBytes) bytes = NULL;

  nn_net_init_glorot (net, 1);
  bytes = nn_npz_to_bytes (net);
  write_seed ("npz", "engine", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  nn_net_free (net);
}

int
main (int    argc,
      char **argv)
{
  if (argc != 2)
    {
      g_printerr ("usage: %s CORPUS_DIR (tests/fuzz/corpus)\n", argv[0]);
      return 2;
    }
  corpus = argv[1];
  write_idx_seeds ();
  write_model_seeds ();
  write_png_seeds ();
  write_samples_seeds ();
  write_npz_seeds ();
  return 0;
}
