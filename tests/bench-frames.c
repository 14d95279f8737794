/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-frames [EPOCHS] [EARLIER_RUNS] [WIDTH HEIGHT] — the window's frame cost as history
 * grows, on the real MNIST: trains EARLIER_RUNS runs of EPOCHS epochs (default four of 30)
 * with a Reset between them, then one more, in a WIDTH × HEIGHT window (1280 × 800), and
 * prints each run's main-loop figures as DT_STALL_REPORT does.  Needs a display
 * (xvfb-run -a -s '-screen 0 1280x800x24') and MNIST where the app finds it ($MNIST_DIR).
 * A benchmark, not a test: it prints figures and asserts nothing about them. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

#include "dt-renderer.h"
#include "dt-settings.h"
#include "dt-window.h"


static void
run_once (DtWindow *window,
          guint     index)
{
  DtTrainer *trainer = dt_window_get_trainer (window);
  gint64 start = g_get_monotonic_time ();

  g_print ("run %u: ", index + 1);
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL))
    g_error ("win.train is disabled");
  while (dt_trainer_get_running (trainer))
    g_main_context_iteration (NULL, TRUE);
  g_print ("  (%.1f s)\n", (g_get_monotonic_time () - start) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  int epochs = argc > 1 ? atoi (argv[1]) : 30;
  int earlier = argc > 2 ? atoi (argv[2]) : 4;
  int width = argc > 4 ? atoi (argv[3]) : 1280;
  int height = argc > 4 ? atoi (argv[4]) : 800;
  g_autoptr(GSettings) settings = NULL;
  DtWindow *window;

  setlocale (LC_ALL, "");
  g_setenv ("DT_STALL_REPORT", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();
  /* as the application does: Cairo when OpenGL is a software rasterizer */
  dt_renderer_choose ();

  settings = dt_settings_new ();
  dt_settings_restore_lesson_defaults (settings);
  g_settings_set_int (settings, "epochs", CLAMP (epochs, 1, 100));
  window = dt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  while (dt_trainer_get_data_state (dt_window_get_trainer (window)) != DT_DATA_STATE_READY)
    {
      if (dt_trainer_get_data_state (dt_window_get_trainer (window)) > DT_DATA_STATE_READY)
        g_error ("no MNIST: set MNIST_DIR");
      g_main_context_iteration (NULL, TRUE);
    }

  for (int i = 0; i <= earlier; i++)
    {
      if (i > 0)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
      run_once (window, i);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
