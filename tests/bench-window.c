/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window — what the window's pages cost training, on the real MNIST, under a display:
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/tests/bench-window [REPEAT] [PAGE…]
 *
 * For each page of the window (train, draw, evaluate, inside, optimizer by default) it
 * opens a 1280 × 800 window on that page, trains the lesson's two epochs and reads what
 * the status line shows — samples per second of the last epoch —, the training thread's
 * own CPU time (Linux's schedstat: samples per CPU second, which other programs on a busy
 * machine do not skew), and the longest gap between two frames of the main loop while it
 * trained (the DT_STALL_REPORT figure).  Windows are opened round-robin REPEAT times
 * (default 5); it prints the medians and the best runs, and each page's speed against the
 * first page's. */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "dt-renderer.h"
#include "dt-settings.h"
#include "dt-window.h"

#define DEFAULT_REPEAT 5

typedef struct
{
  double speed;     /* samples/s, as the status line says */
  double cpu_speed; /* samples per second of the training thread's CPU time */
  double stall_ms;
} Run;

/* The CPU time in ns the thread named "dt-trainer" has run so far, or −1 while there is
 * none: /proc/self/task/TID/schedstat's first field. */
static gint64
trainer_cpu_ns (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *stat_path = g_strdup_printf ("/proc/self/task/%s/schedstat", tid);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_str_has_prefix (comm, "dt-trainer") &&
          g_file_get_contents (stat_path, &stat, NULL, NULL))
        return g_ascii_strtoll (stat, NULL, 10);
    }
  return -1;
}

static Run
run_once (const char *page)
{
  DtWindow *window = dt_window_new (NULL);
  DtTrainer *trainer = dt_window_get_trainer (window);
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                       DT_TYPE_WINDOW,
                                                                       "view_stack"));
  gint64 settle, cpu = -1;
  DtTrainerStatus st;
  Run run;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (dt_trainer_get_data_state (trainer) != DT_DATA_STATE_READY)
    g_main_context_iteration (NULL, TRUE);
  adw_view_stack_set_visible_child_name (stack, page);
  /* a second for the page to be drawn and its first updates to land */
  settle = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.train", NULL))
    g_error ("Train did not start");
  /* the worker's CPU time, read until it ends (its last reading is a frame before) */
  while (dt_trainer_get_running (trainer))
    {
      gint64 now = trainer_cpu_ns ();

      cpu = MAX (cpu, now);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (200), TRUE);
    }
  dt_trainer_get_status (trainer, &st);
  run.speed = st.samples_per_second;
  run.cpu_speed = cpu > 0 ? st.progress.total * NN_LESSON_EPOCHS / (cpu / 1e9) : 0;
  run.stall_ms = dt_window_get_longest_stall (window) / 1000.0;
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return run;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : (x > y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

int
main (int    argc,
      char **argv)
{
  static const char *const all_pages[] = { "train", "draw", "evaluate", "inside", "optimizer" };
  int repeat = argc > 1 ? MAX (atoi (argv[1]), 1) : DEFAULT_REPEAT;
  const char *const *pages = argc > 2 ? (const char *const *) argv + 2 : all_pages;
  int n_pages = argc > 2 ? argc - 2 : (int) G_N_ELEMENTS (all_pages);
  g_autofree double *speed = g_new (double, (gsize) repeat * n_pages);
  g_autofree double *stall = g_new (double, (gsize) repeat * n_pages);
  g_autofree double *cpu_speed = g_new (double, (gsize) repeat * n_pages);
  g_autoptr(GSettings) settings = NULL;
  double base = 0, base_cpu = 0;

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();
  dt_renderer_choose ();
  settings = dt_settings_new ();
  dt_settings_restore_lesson_defaults (settings);
  g_settings_set_string (settings, "data-dir", "");
  for (int r = 0; r < repeat; r++)
    for (int p = 0; p < n_pages; p++)
      {
        Run run = run_once (pages[p]);

        speed[p * repeat + r] = run.speed;
        cpu_speed[p * repeat + r] = run.cpu_speed;
        stall[p * repeat + r] = run.stall_ms;
        fprintf (stderr, "run %d, %s: %.0f samples/s, %.0f per CPU s, stall %.0f ms\n", r + 1,
                 pages[p], run.speed, run.cpu_speed, run.stall_ms);
      }
  printf ("page         samples/s: median  best   vs %-9s  per CPU s: median  vs %-9s  "
          "stall: median  worst\n", pages[0], pages[0]);
  for (int p = 0; p < n_pages; p++)
    {
      double s = median (speed + p * repeat, repeat);
      double c = median (cpu_speed + p * repeat, repeat);
      double best = speed[p * repeat + repeat - 1];   /* sorted by median () */

      if (p == 0)
        {
          base = s;
          base_cpu = c;
        }
      printf ("%-10s  %16.0f %6.0f %+9.1f %%  %17.0f  %+9.1f %%  %9.0f ms %4.0f ms\n",
              pages[p], s, best, 100.0 * (s / base - 1), c, 100.0 * (c / base_cpu - 1),
              median (stall + p * repeat, repeat), stall[p * repeat + repeat - 1]);
    }
  return 0;
}
