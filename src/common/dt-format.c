/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-format"

#include "config.h"

#include "dt-format.h"

#include <math.h>
#include <string.h>

#define GROUP_DIGITS     3
#define METRIC_EXPONENT  1e-3   /* Keras prints values this small in exponent form */

char *
dt_format_grouped (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", MAX (value, 0.0));
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % GROUP_DIGITS == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
dt_format_metric (double value)
{
  if (fabs (value) > METRIC_EXPONENT)
    return g_strdup_printf ("%.4f", value);
  return g_strdup_printf ("%.4e", value);
}
