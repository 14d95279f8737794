/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The drawn-samples store (nn_user_samples_load / _append) on files an attacker or a crash
 * left.  The input becomes the store's two files: byte 0 says which exist (bit 0 the images,
 * bit 1 the labels), bytes 1–2 where the rest is split between them.
 *
 * What must hold: loading gives 28×28 digits with labels 0–9, or an error; appending to a
 * store that loads adds exactly that sample (loading again gives the old samples and it);
 * appending to a store that does not load fails and leaves both files as they were. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-util.h"
#include "nn-user-samples.h"

typedef struct
{
  char     *path;
  gboolean  exists;
  char     *contents;
  gsize     len;
} Kept;

static void
put_file (Kept         *k,
          const char   *name,
          gboolean      exists,
          const guint8 *data,
          gsize         len)
{
  k->path = g_build_filename (fuzz_tmp_dir (), name, NULL);
  g_unlink (k->path);
  k->exists = exists;
  k->contents = g_memdup2 (data, len);
  k->len = len;
  if (exists)
    g_assert_true (g_file_set_contents (k->path, (const char *) data, (gssize) len, NULL));
}

static void
assert_kept (const Kept *k)
{
  g_autofree char *now = NULL;
  gsize len;

  if (!k->exists)
    {
      g_assert_false (g_file_test (k->path, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_true (g_file_get_contents (k->path, &now, &len, NULL));
  g_assert_cmpmem (now, len, k->contents, k->len);
}

static void
check_append (const NnDataset *before,
              const guint8    *data,
              gsize            size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) after = NULL;
  g_autoptr(NnDataset) again = NULL;
  guint8 image[NN_IMAGE_PIXELS];
  guint8 label = data[size - 1] % NN_DATASET_CLASSES;

  for (int i = 0; i < NN_IMAGE_PIXELS; i++)
    image[i] = data[i % size];
  after = nn_user_samples_append (fuzz_tmp_dir (), image, label, &error);
  g_assert_no_error (error);
  again = nn_user_samples_load (fuzz_tmp_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n, ==, before->n + 1);
  g_assert_cmpmem (again->images, before->n * NN_IMAGE_PIXELS, before->images,
                   before->n * NN_IMAGE_PIXELS);
  g_assert_cmpmem (again->labels, before->n, before->labels, before->n);
  g_assert_cmpmem (again->images + before->n * NN_IMAGE_PIXELS, NN_IMAGE_PIXELS, image,
                   NN_IMAGE_PIXELS);
  g_assert_cmpuint (again->labels[before->n], ==, label);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = NULL;
  Kept images = { 0 }, labels = { 0 };
  gsize split;

  if (size < 3)
    return 0;
  split = (data[1] | (gsize) data[2] << 8) % (size - 2);
  put_file (&images, NN_USER_SAMPLES_IMAGES, data[0] & 1, data + 3, split);
  put_file (&labels, NN_USER_SAMPLES_LABELS, data[0] & 2, data + 3 + split, size - 3 - split);

  ds = nn_user_samples_load (fuzz_tmp_dir (), &error);
  if (ds == NULL)
    {
      /* reported, and nothing is lost: appending refuses and keeps both files */
      g_autoptr(NnDataset) refused = NULL;
      guint8 image[NN_IMAGE_PIXELS] = { 0 };

      g_assert_nonnull (error);
      refused = nn_user_samples_append (fuzz_tmp_dir (), image, 1, NULL);
      g_assert_null (refused);
      assert_kept (&images);
      assert_kept (&labels);
    }
  else
    {
      g_assert_cmpint (ds->rows, ==, NN_IMAGE_SIDE);
      g_assert_cmpint (ds->cols, ==, NN_IMAGE_SIDE);
      for (gsize i = 0; i < ds->n; i++)
        g_assert_cmpuint (ds->labels[i], <, NN_DATASET_CLASSES);
      check_append (ds, data, size);
    }
  g_free (images.path);
  g_free (images.contents);
  g_free (labels.path);
  g_free (labels.contents);
  return 0;
}
