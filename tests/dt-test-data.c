/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dt-test-data.h"

#include <glib/gstdio.h>

#include "nn-dataset.h"

static void
write_set (const char *dir,
           const char *prefix,
           guint       n,
           guint32     seed)
{
  g_autofree guint8 *images = g_new0 (guint8, (gsize) n * NN_IMAGE_PIXELS);
  g_autofree guint8 *labels = g_new (guint8, n);
  g_autofree char *ipath = NULL;
  g_autofree char *lpath = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  guint32 idims[3] = { n, 28, 28 };
  guint32 ldims[1] = { n };

  for (guint i = 0; i < n; i++)
    {
      guint8 *img = images + (gsize) i * NN_IMAGE_PIXELS;
      int d = (int) (i % 10);

      labels[i] = (guint8) d;
      for (int p = 0; p < NN_IMAGE_PIXELS; p++)
        img[p] = (guint8) g_rand_int_range (rand, 0, 40);
      for (int r = 2 * d + 2; r < 2 * d + 8; r++)
        for (int c = 4; c < 24; c++)
          img[r * 28 + c] = (guint8) g_rand_int_range (rand, 180, 256);
    }
  ipath = g_strdup_printf ("%s/%s-images-idx3-ubyte", dir, prefix);
  lpath = g_strdup_printf ("%s/%s-labels-idx1-ubyte", dir, prefix);
  nn_idx_save (ipath, 3, idims, images, &error);
  g_assert_no_error (error);
  nn_idx_save (lpath, 1, ldims, labels, &error);
  g_assert_no_error (error);
}

char *
dt_test_make_dataset (guint n_train,
                      guint n_test)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("dt-test-XXXXXX", &error);

  g_assert_no_error (error);
  write_set (dir, "train", n_train, 1);
  write_set (dir, "t10k", n_test, 2);
  return dir;
}

void
dt_test_remove_dataset (const char *dir)
{
  static const char *const names[] = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

char *
dt_test_hide_real_mnist (void)
{
  char *empty_home = g_dir_make_tmp ("dt-home-XXXXXX", NULL);

  g_assert_nonnull (empty_home);
  g_setenv ("XDG_DATA_HOME", empty_home, TRUE);
  g_unsetenv ("MNIST_DIR");
  return empty_home;
}

GSettings *
dt_test_fresh_settings (void)
{
  /* the app's schema (dt_settings_new), without linking the GUI: the CLI tests share this */
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}
