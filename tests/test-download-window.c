/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Download MNIST on the window's "No MNIST Data Found" page, under Xvfb, against a loopback
 * HTTP server: a failure names the sources tried and why and gives the command; Cancel
 * leaves nothing behind; and (suite mnist, with the real files served) the page turns into
 * the trainer without a restart, and the network trains. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "dt-mnist-download.h"
#include "dt-mnist-sources.h"
#include "dt-test-data.h"
#include "dt-test-server.h"
#include "dt-test-util.h"
#include "dt-window.h"

#define SLOW_RATE (512 * 1024)   /* bytes/s under /slow/ */

static char *root;
static char *www;
static char *xdg_data;
static char *real_dir;
static DtTestServer *server;

typedef gboolean (*Match) (GtkWidget     *widget,
                           gconstpointer  data);

/* The first widget at or below widget that matches (among the visible ones only, when
 * visible_only), depth first. */
static GtkWidget *
find_below (GtkWidget     *widget,
            Match          match,
            gconstpointer  data,
            gboolean       visible_only)
{
  if (visible_only && !gtk_widget_get_visible (widget))
    return NULL;
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_below (c, match, data, visible_only);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
says (GtkWidget     *widget,
      gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
activates (GtkWidget     *widget,
           gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  return find_below (widget, is_type, GSIZE_TO_POINTER (type), FALSE);
}

/* A visible label below widget that says text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  return find_below (widget, says, text, TRUE) != NULL;
}

static GtkWidget *
find_button (DtMnistDownload *download,
             const char      *action)
{
  GtkWidget *button = find_below (GTK_WIDGET (download), activates, action, FALSE);

  g_assert_nonnull (button);
  return button;
}

static const char *
visible_page (DtWindow *window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), DT_TYPE_WINDOW,
                                                  "main_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static DtWindow *
open_window (DtMnistDownload **download)
{
  DtWindow *window = dt_window_new (NULL);

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (visible_page (window), ==, "empty");
  *download = DT_MNIST_DOWNLOAD (find_widget (GTK_WIDGET (window), DT_TYPE_MNIST_DOWNLOAD));
  g_assert_nonnull (*download);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (*download)));
  return window;
}

static void
close_window (DtWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
wait_until_stopped (DtMnistDownload *download)
{
  while (dt_mnist_download_get_running (download))
    g_main_context_iteration (NULL, TRUE);
}

/* The data home holds nothing: no folder, no partial file. */
static void
assert_data_home_empty (void)
{
  g_autoptr(GDir) dir = g_dir_open (xdg_data, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_failure_report (void)
{
  g_autofree char *missing = g_strconcat (dt_test_server_get_base (server), "/missing/", NULL);
  g_autofree char *mirrors = g_strconcat ("http://127.0.0.1:1/ ", missing, NULL);
  DtMnistDownload *download;
  DtWindow *window;
  const char *report;

  g_setenv ("MNIST_MIRRORS", mirrors, TRUE);
  g_setenv ("MNIST_NO_NPM", "1", TRUE);
  window = open_window (&download);
  gtk_widget_activate_action (GTK_WIDGET (download), "download.start", NULL);
  g_assert_true (dt_mnist_download_get_running (download));
  wait_until_stopped (download);

  g_assert_cmpstr (dt_mnist_download_get_status (download), ==, "The download failed.");
  report = dt_mnist_download_get_report (download);
  g_test_message ("%s", report);
  /* the dead host once, then every file from the second mirror, each with its reason */
  g_assert_nonnull (strstr (report, "• http://127.0.0.1:1/train-images-idx3-ubyte.gz — "
                                    "offline or unreachable: "));
  for (int i = 0; i < DT_MNIST_N_FILES; i++)
    {
      g_autofree char *line = g_strdup_printf ("• %s%s.gz — the server did not send the file: "
                                               "The server answered HTTP 404",
                                               missing, dt_mnist_files ()[i].name);

      g_assert_nonnull (strstr (report, line));
    }
  g_assert_nonnull (strstr (report, "No source gave verified copies of: train-images-idx3-ubyte"));
  g_assert_true (shows_label (GTK_WIDGET (download), DT_MNIST_FETCH_COMMAND));
  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_true (gtk_widget_is_sensitive (find_button (download, "download.start")));
  assert_data_home_empty ();
  close_window (window);
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NO_NPM");
}

static void
test_cancel (void)
{
  g_autofree char *slow = g_strconcat (dt_test_server_get_base (server), "/slow/fake/", NULL);
  DtMnistDownload *download;
  DtWindow *window;
  GtkProgressBar *bar;

  g_setenv ("MNIST_MIRRORS", slow, TRUE);
  g_setenv ("MNIST_NO_NPM", "1", TRUE);
  window = open_window (&download);
  gtk_widget_activate_action (GTK_WIDGET (download), "download.start", NULL);
  bar = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (download), GTK_TYPE_PROGRESS_BAR));
  /* wait until bytes arrive: "File 1 of 4: train-images-idx3-ubyte.gz — 96.0 kB of …" */
  while (gtk_progress_bar_get_fraction (bar) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (dt_mnist_download_get_progress_text (download), " of 2.1"));
  g_assert_false (g_str_has_prefix (dt_mnist_download_get_progress_text (download),
                                    "File 1 of 4: train-images-idx3-ubyte.gz — 0 bytes"));
  g_test_message ("cancelled at: %s", dt_mnist_download_get_progress_text (download));
  g_assert_true (dt_mnist_download_get_running (download));
  g_assert_true (gtk_widget_is_visible (find_button (download, "download.cancel")));
  g_assert_true (gtk_widget_is_sensitive (find_button (download, "download.cancel")));
  g_assert_false (gtk_widget_is_visible (find_button (download, "download.start")));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (find_widget (GTK_WIDGET (download),
                                                                 GTK_TYPE_PROGRESS_BAR))));
  gtk_widget_activate_action (GTK_WIDGET (download), "download.cancel", NULL);
  wait_until_stopped (download);

  g_assert_cmpstr (dt_mnist_download_get_status (download), ==,
                   "Download cancelled; nothing was kept.");
  g_assert_cmpstr (dt_mnist_download_get_report (download), ==, "");
  assert_data_home_empty ();
  close_window (window);
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NO_NPM");
}

/* Closing the window mid-download cancels it, and its clean-up still runs. */
static void
test_close_mid_download (void)
{
  g_autofree char *slow = g_strconcat (dt_test_server_get_base (server), "/slow/fake/", NULL);
  g_autofree char *dest = NULL;
  DtMnistDownload *download;
  DtWindow *window;
  GtkProgressBar *bar;

  g_setenv ("MNIST_MIRRORS", slow, TRUE);
  g_setenv ("MNIST_NO_NPM", "1", TRUE);
  window = open_window (&download);
  dest = g_strdup (dt_mnist_download_get_destination (download));
  gtk_widget_activate_action (GTK_WIDGET (download), "download.start", NULL);
  bar = GTK_PROGRESS_BAR (find_widget (GTK_WIDGET (download), GTK_TYPE_PROGRESS_BAR));
  while (gtk_progress_bar_get_fraction (bar) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (dest, G_FILE_TEST_IS_DIR));

  close_window (window);
  /* the run goes on without the widget until its folders are gone */
  while (g_file_test (dest, G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);
  assert_data_home_empty ();
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NO_NPM");
}

/* The real files, gzip'd, served fast: Download, then the trainer, then Train. */
static void
test_real_mnist (void)
{
  const char *real = real_dir;
  g_autofree char *dir = NULL;
  g_autofree char *mirror = g_strconcat (dt_test_server_get_base (server), "/real/", NULL);
  DtMnistDownload *download;
  DtWindow *window;
  DtTrainer *trainer;
  DtTrainerStatus st;

  dir = dt_test_make_dir (www, "real");
  for (int i = 0; i < DT_MNIST_N_FILES; i++)
    {
      const char *name = dt_mnist_files ()[i].name;
      g_autofree char *src = g_build_filename (real, name, NULL);
      g_autofree char *gz_name = g_strconcat (name, ".gz", NULL);
      g_autofree char *gz = g_build_filename (dir, gz_name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (src, &data, &len, NULL));
      dt_test_write_gzip (gz, (const guint8 *) data, len);
    }
  g_setenv ("MNIST_MIRRORS", mirror, TRUE);
  g_setenv ("MNIST_NO_NPM", "1", TRUE);
  window = open_window (&download);
  trainer = dt_window_get_trainer (window);
  gtk_widget_activate_action (GTK_WIDGET (download), "download.start", NULL);
  while (g_strcmp0 (visible_page (window), "main") != 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (dt_trainer_get_data_state (trainer), ==, DT_DATA_STATE_READY);
  g_assert_cmpuint (dt_trainer_get_train_set (trainer)->n, ==, 60000);
  g_assert_cmpuint (dt_trainer_get_test_set (trainer)->n, ==, 10000);
  g_assert_true (g_str_has_prefix (dt_trainer_get_data_dir (trainer), xdg_data));
  /* and a learner can train right away */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL);
  g_assert_true (dt_trainer_get_running (trainer));
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dt_trainer_get_status (trainer, &st));
  g_test_message ("after training: %s", dt_trainer_format_status (&st));
  g_assert_cmpint (st.progress.epoch, ==, 2);
  g_assert_cmpfloat (st.progress.accuracy, >, 0.9);
  close_window (window);
  g_unsetenv ("MNIST_MIRRORS");
  g_unsetenv ("MNIST_NO_NPM");
}

/* 2 MiB of noise as the training images: takes 4 s at SLOW_RATE, time to cancel half-way */
static void
write_noise (void)
{
  g_autofree char *dir = dt_test_make_dir (www, "fake");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize n = 2 << 20;
  g_autofree guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_free (dt_test_write_file (dir, "train-images-idx3-ubyte.gz", data, n));
}

/* Where the real MNIST is, as test-fetch.sh finds it: $MNIST_DIR, else the data home's.
 * Asked before the data home is hidden, and without g_get_user_data_dir (), which would
 * keep the real data home for the whole run. */
static char *
real_mnist_dir (void)
{
  const char *data_home = g_getenv ("XDG_DATA_HOME");
  g_autofree char *home_share = g_build_filename (g_get_home_dir (), ".local", "share", NULL);

  if (g_getenv ("MNIST_DIR") != NULL)
    return g_strdup (g_getenv ("MNIST_DIR"));
  return g_build_filename (data_home != NULL ? data_home : home_share, "digit-trainer", "mnist",
                           NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  real_dir = real_mnist_dir ();
  xdg_data = dt_test_hide_real_mnist ();
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  root = dt_test_make_tmp_root ("dt-download-window-XXXXXX");
  www = dt_test_make_dir (root, "www");
  write_noise ();
  server = dt_test_server_start (www, SLOW_RATE);

  g_test_add_func ("/download-window/failure-report", test_failure_report);
  g_test_add_func ("/download-window/cancel", test_cancel);
  g_test_add_func ("/download-window/close-mid-download", test_close_mid_download);
  g_test_add_func ("/download-window/real-mnist", test_real_mnist);
  ret = g_test_run ();

  dt_test_server_stop (server);
  if (!dt_test_rm_rf (root))
    ret = 1;
  g_rmdir (xdg_data);
  g_free (www);
  g_free (root);
  g_free (xdg_data);
  g_free (real_dir);
  return ret;
}
