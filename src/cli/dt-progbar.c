/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-progbar"

#include "config.h"

#include "dt-progbar.h"

#include <math.h>
#include <string.h>

#include "dt-format.h"

#define BAR_WIDTH 30
#define INTERVAL_US 50000

void
dt_progbar_init (DtProgbar *bar,
                 FILE      *out,
                 gsize      target,
                 gboolean   interactive)
{
  bar->out = out;
  bar->target = MAX (target, 1);
  bar->interactive = interactive;
  bar->start = g_get_monotonic_time ();
  bar->last_update = 0;
  bar->prev_width = 0;
}

char *
dt_progbar_format (gsize              current,
                   gsize              target,
                   double             seconds,
                   gboolean           eta,
                   const char *const *names,
                   const double      *values,
                   int                n)
{
  GString *s = g_string_new (NULL);
  int digits = (int) floor (log10 ((double) target)) + 1;
  int prog_width = (int) (BAR_WIDTH * ((double) current / target));

  g_string_append_printf (s, "%*zu/%*zu [", digits, current, digits, target);
  if (prog_width > 0)
    {
      for (int i = 0; i < prog_width - 1; i++)
        g_string_append_c (s, '=');
      g_string_append_c (s, current < target ? '>' : '=');
    }
  for (int i = prog_width; i < BAR_WIDTH; i++)
    g_string_append_c (s, '.');
  g_string_append_c (s, ']');

  if (eta)
    g_string_append_printf (s, " - ETA: %ds", (int) seconds);
  else
    g_string_append_printf (s, " - %ds", (int) seconds);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *value = dt_format_metric (values[i]);

      g_string_append_printf (s, " - %s: %s", names[i], value);
    }
  return g_string_free (s, FALSE);
}

void
dt_progbar_update (DtProgbar         *bar,
                   gsize              current,
                   const char *const *names,
                   const double      *values,
                   int                n,
                   gboolean           force)
{
  gint64 now = g_get_monotonic_time ();
  gboolean done = current >= bar->target;
  double elapsed = (now - bar->start) / 1e6;
  double eta;
  g_autofree char *line = NULL;
  gsize width;

  if (!done && (!bar->interactive || (!force && now - bar->last_update < INTERVAL_US)))
    return;
  bar->last_update = now;

  eta = current > 0 ? elapsed / current * (bar->target - current) : 0.0;
  line = dt_progbar_format (current, bar->target, done ? elapsed : eta, !done,
                            names, values, n);
  width = strlen (line);
  if (bar->interactive)
    fputc ('\r', bar->out);
  fputs (line, bar->out);
  /* pad over a longer previous line, as Keras does */
  for (gsize i = width; i < bar->prev_width; i++)
    fputc (' ', bar->out);
  bar->prev_width = width;
  if (done)
    fputc ('\n', bar->out);
  fflush (bar->out);
}
