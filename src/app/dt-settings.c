/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dt-settings"

#include "config.h"

#include "dt-settings.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const char *const lesson_keys[] = {
  "learning-rate", "rho", "epsilon", "decay", "keras-version", "batch-size", "epochs",
  "hidden-units", "seed",
};

GSettings *
dt_settings_new (void)
{
  return g_settings_new (APP_ID);
}

static double
variant_to_double (GVariant *v)
{
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT32))
    return g_variant_get_int32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_INT64))
    return (double) g_variant_get_int64 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_UINT64))
    return (double) g_variant_get_uint64 (v);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
    return g_variant_get_double (v);
  g_return_val_if_reached (0.0);
}

gboolean
dt_settings_get_range (GSettings  *settings,
                       const char *key,
                       double     *min,
                       double     *max)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) skey = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) bounds = NULL;
  g_autoptr(GVariant) lo = NULL;
  g_autoptr(GVariant) hi = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  g_object_get (settings, "settings-schema", &schema, NULL);
  skey = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (skey);
  g_variant_get (range, "(sv)", &kind, &bounds);
  if (g_strcmp0 (kind, "range") != 0)
    return FALSE;
  lo = g_variant_get_child_value (bounds, 0);
  hi = g_variant_get_child_value (bounds, 1);
  *min = variant_to_double (lo);
  *max = variant_to_double (hi);
  return TRUE;
}

gboolean
dt_parse_number (const char *text,
                 double      min,
                 double      max,
                 double     *value)
{
  g_autofree char *copy = NULL;
  char *end;
  double v;

  if (text == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0' || strchr (copy, ' ') != NULL)
    return FALSE;
  g_strdelimit (copy, ",", '.');
  v = g_ascii_strtod (copy, &end);
  if (*end != '\0' || end == copy || !isfinite (v) || v < min || v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

/* The fewest significant digits that read back as value, in the C locale (DBL_DECIMAL_DIG
 * always do). */
static char *
shortest (double      value,
          const char *conversion)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 0; digits <= DBL_DECIMAL_DIG; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%d%s", digits, conversion);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return g_strdup (buf);
}

/* %g switches to exponents for 10 and up ("1e+01"): from 1 up to PLAIN_MAX plain digits
 * read better. */
#define PLAIN_MAX 1e15

char *
dt_format_number (double value)
{
  if (fabs (value) >= 1.0 && fabs (value) < PLAIN_MAX)
    return shortest (value, "f");
  return shortest (value, "g");
}

void
dt_settings_get_config (GSettings *settings,
                        NnConfig  *config,
                        int       *epochs)
{
  nn_config_init_defaults (config);
  config->hyper.lr = (float) g_settings_get_double (settings, "learning-rate");
  config->hyper.rho = (float) g_settings_get_double (settings, "rho");
  config->hyper.epsilon = (float) g_settings_get_double (settings, "epsilon");
  config->hyper.decay = (float) g_settings_get_double (settings, "decay");
  nn_keras_from_number (g_settings_get_int (settings, "keras-version"), &config->hyper.form);
  config->batch_size = g_settings_get_int (settings, "batch-size");
  config->n_hidden = g_settings_get_int (settings, "hidden-units");
  config->seed = (guint64) g_settings_get_int64 (settings, "seed");
  if (epochs != NULL)
    *epochs = g_settings_get_int (settings, "epochs");
}

/* ε as a person types it: 1e-08 for 1e-8f */
static double
typed_epsilon (NnKeras form)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%g",
                                          nn_hyper_defaults (form).epsilon), NULL);
}

void
dt_settings_follow_keras_epsilon (GSettings *settings)
{
  NnKeras form, other;

  if (!nn_keras_from_number (g_settings_get_int (settings, "keras-version"), &form))
    return;
  other = form == NN_KERAS_3 ? NN_KERAS_2 : NN_KERAS_3;
  if (g_settings_get_double (settings, "epsilon") == typed_epsilon (other))
    g_settings_set_double (settings, "epsilon", typed_epsilon (form));
}

void
dt_settings_restore_lesson_defaults (GSettings *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (lesson_keys); i++)
    g_settings_reset (settings, lesson_keys[i]);
}
