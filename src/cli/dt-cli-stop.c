/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-stop.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <stdlib.h>

#define EXIT_SIGNAL_BASE 128   /* a shell's $? for a process a signal ended */

static gint stop_requested;                 /* read atomically by the trainer */
static volatile sig_atomic_t stop_signum;   /* which signal */

static void
stop_cb (int signum)
{
  /* async-signal-safe: a lock-free atomic store and a sig_atomic_t */
  stop_signum = signum;
  g_atomic_int_set (&stop_requested, 1);
}

void
dt_cli_stop_install (void)
{
  struct sigaction sa = { 0 };

  sa.sa_handler = stop_cb;
  sigemptyset (&sa.sa_mask);
  /* once is a request; the second Ctrl+C gets the default action and ends the program */
  sa.sa_flags = SA_RESETHAND;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
}

const gint *
dt_cli_stop_flag (void)
{
  return &stop_requested;
}

int
dt_cli_stop_signal (void)
{
  return stop_signum;
}

int
dt_cli_stop_report (const char *save_path)
{
  int signum = stop_signum;
  const char *name = signum == SIGINT ? "SIGINT" : signum == SIGTERM ? "SIGTERM" : "?";

  g_return_val_if_fail (signum != 0, EXIT_FAILURE);

  if (save_path != NULL)
    /* TRANSLATORS: %s are the signal's name (SIGINT) and the --save file */
    g_printerr (_("digit-trainer-cli: stopped by %s; %s was left as it was\n"), name,
                save_path);
  else
    /* TRANSLATORS: %s is the signal's name, e.g. SIGINT */
    g_printerr (_("digit-trainer-cli: stopped by %s\n"), name);
  return EXIT_SIGNAL_BASE + signum;
}
