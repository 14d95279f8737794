/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DtWindow remembers its size, maximized state and pane position in GSettings. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "dt-settings.h"
#include "dt-window.h"

static void
iterate_until (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*done);
}

static void
set_true_cb (gboolean *flag)
{
  *flag = TRUE;
}

static GtkPaned *
find_paned (GtkWidget *widget)
{
  if (GTK_IS_PANED (widget))
    return GTK_PANED (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkPaned *found = find_paned (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Shows a new window and waits until it is on screen. */
static DtWindow *
show_window (void)
{
  DtWindow *window = dt_window_new (NULL);
  gboolean mapped = FALSE;

  g_signal_connect_swapped (window, "map", G_CALLBACK (set_true_cb), &mapped);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (&mapped);
  return window;
}

/* Closes it the way the user does: close-request saves the state, then GTK destroys it. */
static void
close_window (DtWindow *window)
{
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_finalize_object (window);
}

static void
test_restore (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  DtWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_int (settings, "pane-position", 333);

  window = show_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  g_assert_cmpint (gtk_paned_get_position (find_paned (GTK_WIDGET (window))), ==, 333);
  close_window (window);
}

static void
test_save (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  DtWindow *window;

  g_settings_reset (settings, "pane-position");
  window = show_window ();
  /* what a user's resize and pane drag leave behind */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_paned_set_position (find_paned (GTK_WIDGET (window)), 410);
  close_window (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "pane-position"), ==, 410);
}

/* A pane the user never moved stays "let the window choose" (-1). */
static void
test_pane_unset (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();

  g_settings_reset (settings, "pane-position");
  close_window (show_window ());
  g_assert_cmpint (g_settings_get_int (settings, "pane-position"), ==, -1);
}

static void
test_maximized (void)
{
  g_autoptr(GSettings) settings = dt_settings_new ();
  DtWindow *window;
  gint64 deadline;

  g_settings_set_int (settings, "window-width", 950);
  g_settings_set_int (settings, "window-height", 650);
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = show_window ();
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (!gtk_window_is_maximized (GTK_WINDOW (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!gtk_window_is_maximized (GTK_WINDOW (window)))
    {
      /* a bare Xvfb has no window manager to grant the request */
      close_window (window);
      g_settings_set_boolean (settings, "window-maximized", FALSE);
      g_test_skip ("no window manager maximized the window");
      return;
    }
  close_window (window);

  /* the unmaximized size survives a maximized session */
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 950);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "dt-no-mnist-here", NULL);

  /* no dataset: the window shows its empty state at once, without loading MNIST */
  g_setenv ("MNIST_DIR", nowhere, TRUE);
  g_setenv ("XDG_DATA_HOME", nowhere, TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();

  g_test_add_func ("/gnome/window-state/restore", test_restore);
  g_test_add_func ("/gnome/window-state/save", test_save);
  g_test_add_func ("/gnome/window-state/pane-unset", test_pane_unset);
  g_test_add_func ("/gnome/window-state/maximized", test_maximized);

  return g_test_run ();
}
