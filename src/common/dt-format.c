/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-format"

#include "config.h"

#include "dt-format.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define GROUP_DIGITS     3
#define METRIC_EXPONENT  1e-3   /* Keras prints values this small in exponent form */
/* room for any double in %f form: every integer digit, a sign, a point and the decimals */
#define FIXED_BUF_SIZE   (DBL_MAX_10_EXP + 32)

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
  char buf[FIXED_BUF_SIZE];

  /* Keras formats with Python's '%', which writes '.' in every locale; printf would write
   * "0,3461" under de_DE */
  return g_strdup (g_ascii_formatd (buf, sizeof buf,
                                    fabs (value) > METRIC_EXPONENT ? "%.4f" : "%.4e", value));
}

char *
dt_format_fixed (double value,
                 int    decimals)
{
  char format[] = "%.Nf";
  char buf[FIXED_BUF_SIZE];

  g_return_val_if_fail (decimals >= 0 && decimals <= 9, NULL);
  format[2] = (char) ('0' + decimals);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}
