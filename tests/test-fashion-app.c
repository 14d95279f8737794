/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fashion-MNIST in the app: DtTrainer loads it from a folder of gzip IDX files (made here,
 * tiny), a missing set says how to install it, the class names per dataset (English and
 * zh_CN), the label text of a view, and the window's "dataset" setting: it loads the set,
 * resets a trained network and switches the labels, and MNIST comes back. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dt-class-names.h"
#include "dt-confusion-view.h"
#include "dt-sample-grid.h"
#include "dt-test-data.h"
#include "dt-test-pages.h"
#include "dt-test-util.h"
#include "nn-dataset.h"
#include "nn-user-samples.h"

#define N_TRAIN 600
#define N_TEST  100

static const char *const idx_names[] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

static char *raw_dir;      /* the tiny set as raw IDX: "MNIST" */
static char *gz_dir;       /* the same files gzipped: "Fashion-MNIST" */
static char *tmp_root;

/* The four files of raw_dir gzipped into a new folder, as Debian installs Fashion-MNIST. */
static char *
make_gzip_copy (void)
{
  char *dir = dt_test_make_dir (tmp_root, "fashion");

  for (guint i = 0; i < G_N_ELEMENTS (idx_names); i++)
    {
      g_autofree char *raw_path = g_build_filename (raw_dir, idx_names[i], NULL);
      g_autoptr(GBytes) raw = dt_test_read_file (raw_path);
      g_autoptr(GBytes) gz = dt_test_gzip (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
      g_autofree char *name = g_strconcat (idx_names[i], ".gz", NULL);
      g_autofree char *written = dt_test_write_file (dir, name, g_bytes_get_data (gz, NULL),
                                                     g_bytes_get_size (gz));
    }
  return dir;
}

static void
wait_for_data (DtTrainer *trainer)
{
  while (dt_trainer_get_data_state (trainer) == DT_DATA_STATE_LOADING ||
         dt_trainer_get_data_state (trainer) == DT_DATA_STATE_NONE)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_load_gzip (void)
{
  g_autoptr(DtTrainer) trainer = dt_trainer_new ();
  g_autoptr(NnDataset) expect = nn_dataset_load (raw_dir, "t10k", NULL);
  const NnDataset *test;

  g_assert_cmpint (dt_trainer_get_dataset (trainer), ==, NN_DATASET_MNIST);
  dt_trainer_load_dataset (trainer, NN_DATASET_FASHION, gz_dir);
  wait_for_data (trainer);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpint (dt_trainer_get_dataset (trainer), ==, NN_DATASET_FASHION);
  g_assert_cmpstr (dt_trainer_get_data_dir (trainer), ==, gz_dir);
  g_assert_cmpuint (dt_trainer_get_train_set (trainer)->n, ==, N_TRAIN);
  test = dt_trainer_get_test_set (trainer);
  g_assert_cmpuint (test->n, ==, N_TEST);
  g_assert_cmpmem (test->labels, test->n, expect->labels, expect->n);
  g_assert_cmpmem (test->images, (gsize) test->n * NN_IMAGE_PIXELS, expect->images,
                   (gsize) expect->n * NN_IMAGE_PIXELS);

  /* the same folder as MNIST is another load (its kind differs); the loaded set stays
   * READY meanwhile */
  dt_trainer_load_dataset (trainer, NN_DATASET_MNIST, gz_dir);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  while (dt_trainer_get_dataset (trainer) != NN_DATASET_MNIST)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dt_trainer_get_dataset (trainer), ==, NN_DATASET_MNIST);
}

static void
test_missing (void)
{
  g_autoptr(DtTrainer) trainer = dt_trainer_new ();
  g_autofree char *empty = dt_test_make_dir (tmp_root, "empty");

  dt_trainer_load_dataset (trainer, NN_DATASET_FASHION, empty);
  wait_for_data (trainer);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_MISSING);
  dt_test_assert_contains (dt_trainer_get_data_error (trainer)->message,
                           "apt-get install dataset-fashion-mnist");
  /* MNIST still loads after it */
  dt_trainer_load_dataset (trainer, NN_DATASET_MNIST, raw_dir);
  wait_for_data (trainer);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpint (dt_trainer_get_dataset (trainer), ==, NN_DATASET_MNIST);
}

static void
test_class_names (void)
{
  g_autoptr(GtkWidget) view = g_object_ref_sink (dt_confusion_view_new ());
  g_autofree char *mnist_cell = NULL;
  g_autofree char *fashion_cell = NULL;

  dt_class_names_set_kind (NN_DATASET_MNIST);
  g_assert_cmpstr (dt_class_name (7), ==, "7");
  g_assert_cmpstr (dt_class_name (0), ==, "0");
  g_assert_cmpstr (dt_class_name (10), ==, "?");
  g_assert_cmpstr (dt_class_names_dataset (), ==, "MNIST");
  g_assert_cmpstr (dt_class_names_prompt (), ==, "Draw a digit 0–9");
  mnist_cell = dt_confusion_view_describe (DT_CONFUSION_VIEW (view), 7, 9);
  g_assert_true (g_str_has_prefix (mnist_cell, "True 7, predicted 9: "));

  dt_class_names_set_kind (NN_DATASET_FASHION);
  g_assert_cmpstr (dt_class_name (0), ==, "T-shirt/top");
  g_assert_cmpstr (dt_class_name (7), ==, "Sneaker");
  g_assert_cmpstr (dt_class_name (9), ==, "Ankle boot");
  g_assert_cmpstr (dt_class_names_dataset (), ==, "Fashion-MNIST");
  g_assert_true (g_str_has_prefix (dt_class_names_prompt (), "Draw a piece of clothing"));
  fashion_cell = dt_confusion_view_describe (DT_CONFUSION_VIEW (view), 7, 9);
  g_assert_true (g_str_has_prefix (fashion_cell, "True Sneaker, predicted Ankle boot: "));
  dt_class_names_set_kind (NN_DATASET_MNIST);
}

/* In Simplified Chinese (the catalogue built in this tree): the clothing's names and the
 * Draw page's prompt; digits stay digits. */
static void
test_class_names_zh (void)
{
  const char *localedir = g_getenv ("DT_LOCALEDIR");
  g_autofree char *cell = NULL;
  g_autoptr(GtkWidget) view = g_object_ref_sink (dt_confusion_view_new ());

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  dt_class_names_set_kind (NN_DATASET_FASHION);
  g_assert_cmpstr (dt_class_name (0), ==, "T恤/上衣");
  g_assert_cmpstr (dt_class_name (7), ==, "运动鞋");
  g_assert_cmpstr (dt_class_name (9), ==, "短靴");
  g_assert_true (g_str_has_prefix (dt_class_names_prompt (), "画一件服饰"));
  cell = dt_confusion_view_describe (DT_CONFUSION_VIEW (view), 7, 9);
  g_assert_true (g_str_has_prefix (cell, "真实为 运动鞋、预测为 短靴："));
  dt_class_names_set_kind (NN_DATASET_MNIST);
  g_assert_cmpstr (dt_class_name (7), ==, "7");
  g_unsetenv ("LANGUAGE");
}

static void
wait_for_kind (DtTrainer     *trainer,
               NnDatasetKind  kind)
{
  while (dt_trainer_get_dataset (trainer) != kind)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Batches per epoch of the last run (batch size 32). */
static int
n_batches (DtTrainer *trainer)
{
  DtTrainerStatus st;

  g_assert_true (dt_trainer_get_status (trainer, &st));
  return st.n_batches;
}

/* Fashion-MNIST chosen but not installed: the empty page says how to install it (and offers
 * no MNIST download); MNIST comes back when chosen again. */
static void
check_not_installed (DtTestPages *f)
{
  g_autofree char *empty = dt_test_make_dir (tmp_root, "not-installed");
  GtkWidget *detail = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                 DT_TYPE_WINDOW,
                                                                 "empty_detail"));
  GtkWidget *page = gtk_widget_get_ancestor (detail, ADW_TYPE_STATUS_PAGE);
  GtkWidget *back = NULL;
  g_autofree char *name = NULL;

  g_setenv ("FASHION_MNIST_DIR", empty, TRUE);
  g_settings_set_string (f->settings, "dataset", "fashion");
  g_assert_cmpint (dt_trainer_get_data_state (f->trainer), ==, DT_DATA_STATE_MISSING);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==,
                   "Fashion-MNIST Is Not Installed");
  dt_test_assert_contains (gtk_label_get_label (GTK_LABEL (detail)),
                           "apt-get install dataset-fashion-mnist");
  /* one button: Back to MNIST (Download MNIST and Choose Folder are hidden) */
  for (GtkWidget *child = gtk_widget_get_first_child (
         adw_status_page_get_child (ADW_STATUS_PAGE (page)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && GTK_IS_BUTTON (child))
      {
        g_assert_null (back);
        back = child;
      }
    else if (gtk_widget_get_visible (child))
      g_assert_true (gtk_widget_is_ancestor (detail, child));
  g_assert_nonnull (back);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (back)), ==, "Back to _MNIST");

  /* a button's activation clicks after it has shown itself pressed */
  gtk_widget_activate (back);
  while (dt_trainer_get_data_state (f->trainer) != DT_DATA_STATE_READY)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==,
                   "No MNIST Data Found");
  g_assert_cmpint (dt_trainer_get_dataset (f->trainer), ==, NN_DATASET_MNIST);
  name = g_settings_get_string (f->settings, "dataset");
  g_assert_cmpstr (name, ==, "mnist");
}

/* The window: MNIST trained (with 40 drawn digits), then the setting switches to
 * Fashion-MNIST (FASHION_MNIST_DIR): a new network, trained without the drawn digits, the
 * labels and the Draw page's prompt of clothing; then back. */
/* The sample grid's filter label: "Digit" or "Category" */
static const char *
filter_label (DtTestPages *f)
{
  GtkWidget *grid = GTK_WIDGET (dt_window_get_sample_grid (f->window));

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (grid,
                                                                          DT_TYPE_SAMPLE_GRID,
                                                                          "filter_label")));
}

static void
test_window_switch (void)
{
  g_autofree char *samples_dir = nn_user_samples_default_dir ();
  guint8 image[NN_IMAGE_PIXELS] = { 0 };
  DtTestPages f;
  DtTrainer *trainer;
  GSettings *settings;

  for (int i = 0; i < 40; i++)
    {
      g_autoptr(NnDataset) samples = NULL;

      image[i] = 255;
      samples = nn_user_samples_append (samples_dir, image, (guint8) (i % 10), NULL);
      g_assert_nonnull (samples);
    }
  g_setenv ("FASHION_MNIST_DIR", gz_dir, TRUE);
  dt_test_pages_fixture_open (&f, raw_dir, 1);
  trainer = f.trainer;
  settings = f.settings;
  g_assert_cmpint (dt_trainer_get_dataset (trainer), ==, NN_DATASET_MNIST);
  dt_test_pages_train (&f);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), >, 0);
  g_assert_cmpint (n_batches (trainer), ==, (N_TRAIN + 40 + 31) / 32);

  g_settings_set_string (settings, "dataset", "fashion");
  wait_for_kind (trainer, NN_DATASET_FASHION);
  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpstr (dt_trainer_get_data_dir (trainer), ==, gz_dir);
  g_assert_cmpint (dt_trainer_get_iterations (trainer), ==, 0);    /* reset */
  g_assert_cmpint (dt_class_names_get_kind (), ==, NN_DATASET_FASHION);
  g_assert_true (g_str_has_prefix (dt_sketch_panel_get_status (
                   dt_window_get_sketch_panel (f.window)), "Draw a piece of clothing"));
  g_assert_cmpstr (filter_label (&f), ==, "Cate_gory");
  dt_test_pages_train (&f);
  g_assert_cmpint (n_batches (trainer), ==, (N_TRAIN + 31) / 32);    /* no drawn digits */

  g_settings_set_string (settings, "dataset", "mnist");
  wait_for_kind (trainer, NN_DATASET_MNIST);
  g_assert_cmpstr (dt_trainer_get_data_dir (trainer), ==, raw_dir);
  g_assert_cmpint (dt_class_names_get_kind (), ==, NN_DATASET_MNIST);
  g_assert_cmpstr (dt_sketch_panel_get_status (dt_window_get_sketch_panel (f.window)), ==,
                   "Draw a digit 0–9");
  g_assert_cmpstr (filter_label (&f), ==, "Di_git");

  dt_test_pages_train (&f);
  g_assert_cmpint (n_batches (trainer), ==, (N_TRAIN + 40 + 31) / 32);
  check_not_installed (&f);

  g_unsetenv ("FASHION_MNIST_DIR");
  g_settings_reset (settings, "dataset");
  dt_test_pages_fixture_close (&f);
  g_assert_true (dt_test_rm_rf (samples_dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *empty_home = dt_test_hide_real_mnist ();
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();
  tmp_root = dt_test_make_tmp_root ("dt-test-fashion-app-XXXXXX");
  raw_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  gz_dir = make_gzip_copy ();

  g_test_add_func ("/fashion-app/load-gzip", test_load_gzip);
  g_test_add_func ("/fashion-app/missing", test_missing);
  g_test_add_func ("/fashion-app/class-names", test_class_names);
  g_test_add_func ("/fashion-app/window-switch", test_window_switch);
  g_test_add_func ("/fashion-app/class-names-zh", test_class_names_zh);
  ret = dt_test_run_and_remove (tmp_root);

  dt_test_remove_dataset (raw_dir);
  g_rmdir (empty_home);
  g_free (raw_dir);
  g_free (gz_dir);
  return ret;
}
