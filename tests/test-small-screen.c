/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window fits a 1024 × 600 screen (a small laptop, a classroom projector's lowest mode):
 * at that size no page of the view stack asks for more width than the window gives it at
 * the height it has.  A page whose wrapping text trades height for width (the Inside page
 * did, asking 1,160 px at 500 px high) would be clipped on both sides.  Run in English and
 * in Chinese (the last argument). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "dt-application.h"
#include "dt-settings.h"
#include "dt-test-data.h"
#include "dt-trainer.h"
#include "dt-window.h"

#define SCREEN_W 1024
#define SCREEN_H 600

static char *data_dir;

static void
iterate_until_drawn (DtWindow *window)
{
  DtTrainer *trainer = dt_window_get_trainer (window);

  while (dt_trainer_get_data_state (trainer) != DT_DATA_STATE_READY)
    g_main_context_iteration (NULL, TRUE);
  /* a few frames for the layout to settle at the requested size */
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static AdwViewStack *
find_view_stack (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return ADW_VIEW_STACK (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      AdwViewStack *found = find_view_stack (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_fits (DtApplication *app)
{
  DtWindow *window = dt_window_new (ADW_APPLICATION (app));
  AdwViewStack *stack;
  GtkWidget *parent;
  int min_w, min_h, width, height;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), SCREEN_W, SCREEN_H);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until_drawn (window);

  /* the window itself may be that small */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL,
                      NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, SCREEN_W, &min_h, NULL,
                      NULL, NULL);
  g_test_message ("window: at least %d × %d", min_w, min_h);
  g_assert_cmpint (min_w, <=, SCREEN_W);
  g_assert_cmpint (min_h, <=, SCREEN_H);

  /* every page, at the height the stack's parent has, within the width it has */
  stack = find_view_stack (GTK_WIDGET (window));
  g_assert_nonnull (stack);
  parent = gtk_widget_get_parent (GTK_WIDGET (stack));
  width = gtk_widget_get_width (parent);
  height = gtk_widget_get_height (parent);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (stack)); page != NULL;
       page = gtk_widget_get_next_sibling (page))
    {
      const char *name = adw_view_stack_page_get_name (adw_view_stack_get_page (stack, page));

      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, height, &min_w, NULL, NULL, NULL);
      g_test_message ("page %s: at least %d px wide at %d px high (has %d)", name, min_w,
                      height, width);
      g_assert_cmpint (min_w, <=, width);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DT_LOCALEDIR");
  const char *language = argc > 1 && argv[argc - 1][0] != '-' ? argv[argc - 1] : "en";
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  DtApplication *app;
  int status;

  g_setenv ("LANGUAGE", g_str_equal (language, "en") ? "C" : language, TRUE);
  data_dir = dt_test_make_dataset (600, 100);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  adw_init ();
  if (!g_str_equal (language, "en"))
    g_assert_cmpstr (_("Digit Trainer"), !=, "Digit Trainer");

  settings = dt_test_fresh_settings ();
  g_settings_set_string (settings, "data-dir", data_dir);
  app = dt_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_test_add_data_func ("/small-screen/fits", app, (GTestDataFunc) test_fits);
  status = g_test_run ();
  g_object_unref (app);
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return status;
}
