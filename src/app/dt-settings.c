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
/* What the panel's "lesson" preset restores: the lesson's keys but the two that need Reset. */
static const char *const panel_keys[] = {
  "learning-rate", "rho", "epsilon", "decay", "batch-size", "epochs", "keras-version",
};
/* Keras 3's RMSprop defaults (keras.optimizers.RMSprop) */
#define KERAS3_EPSILON 1e-7

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

/* The fewest significant digits that read back as value (as a float, when as_float), in
 * the C locale (DBL_DECIMAL_DIG always do). */
static char *
shortest (double      value,
          const char *conversion,
          gboolean    as_float)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 0; digits <= DBL_DECIMAL_DIG; digits++)
    {
      char format[8];
      double back;

      g_snprintf (format, sizeof format, "%%.%d%s", digits, conversion);
      g_ascii_formatd (buf, sizeof buf, format, value);
      back = g_ascii_strtod (buf, NULL);
      if (as_float ? (float) back == (float) value : back == value)
        break;
    }
  return g_strdup (buf);
}

double
dt_settings_double_from_float (float value)
{
  g_autofree char *text = shortest (value, "g", TRUE);

  return g_ascii_strtod (text, NULL);
}

/* %g switches to exponents for 10 and up ("1e+01"): from 1 up to PLAIN_MAX plain digits
 * read better. */
#define PLAIN_MAX 1e15

char *
dt_format_number (double value)
{
  if (fabs (value) >= 1.0 && fabs (value) < PLAIN_MAX)
    return shortest (value, "f", FALSE);
  return shortest (value, "g", FALSE);
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

void
dt_settings_get_lesson_params (GSettings      *settings,
                               DtLessonParams *params)
{
  g_autofree char *dataset = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (params != NULL);

  params->lr = g_settings_get_double (settings, "learning-rate");
  params->rho = g_settings_get_double (settings, "rho");
  params->epsilon = g_settings_get_double (settings, "epsilon");
  params->decay = g_settings_get_double (settings, "decay");
  params->batch_size = g_settings_get_int (settings, "batch-size");
  params->epochs = g_settings_get_int (settings, "epochs");
  params->hidden_units = g_settings_get_int (settings, "hidden-units");
  params->seed = (guint64) g_settings_get_int64 (settings, "seed");
  params->keras_version = g_settings_get_int (settings, "keras-version");
  dataset = g_settings_get_string (settings, "dataset");
  params->fashion = g_strcmp0 (dataset, "fashion") == 0;
  params->train_samples = g_settings_get_int (settings, "train-samples");
  params->validation_split = g_settings_get_double (settings, "validation-split");
  params->patience = g_settings_get_int (settings, "early-stopping");
}

gboolean
dt_settings_is_training_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (lesson_keys); i++)
    if (g_strcmp0 (key, lesson_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

/* lr × factor, kept inside the schema's range; FALSE when it stays where it is. */
static gboolean
scale_lr (GSettings *settings,
          double     factor)
{
  double lr = g_settings_get_double (settings, "learning-rate");
  double min = 0, max = G_MAXDOUBLE, scaled;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  dt_settings_get_range (settings, "learning-rate", &min, &max);
  /* ten times 0.001 is 0.01, not 0.010000000000000002: 12 significant digits are plenty */
  g_ascii_formatd (buf, sizeof buf, "%.12g", lr * factor);
  scaled = CLAMP (g_ascii_strtod (buf, NULL), min, max);
  if (scaled == lr)
    return FALSE;
  g_settings_set_double (settings, "learning-rate", scaled);
  return TRUE;
}

/* A second handle on the same keys, in delay-apply mode: what it applies reaches every other
 * handle as one change, every key with its new value before the first "changed". */
static GSettings *
new_delayed (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;
  GSettings *delayed;

  g_object_get (settings, "settings-schema", &schema, "backend", &backend, "path", &path, NULL);
  delayed = g_settings_new_full (schema, backend, path);
  g_settings_delay (delayed);
  return delayed;
}

gboolean
dt_settings_apply_preset (GSettings *shared,
                          DtPreset   preset)
{
  g_autoptr(GSettings) settings = NULL;
  gboolean changed = TRUE;

  g_return_val_if_fail (G_IS_SETTINGS (shared), FALSE);

  settings = new_delayed (shared);
  switch (preset)
    {
    case DT_PRESET_LESSON:
      for (guint i = 0; i < G_N_ELEMENTS (panel_keys); i++)
        g_settings_reset (settings, panel_keys[i]);
      break;
    case DT_PRESET_KERAS3:
      g_settings_set_int (settings, "keras-version", 3);
      g_settings_reset (settings, "learning-rate");
      g_settings_reset (settings, "rho");
      g_settings_set_double (settings, "epsilon", KERAS3_EPSILON);
      g_settings_reset (settings, "decay");
      break;
    case DT_PRESET_LR_TIMES_10:
      changed = scale_lr (settings, 10);
      break;
    case DT_PRESET_LR_DIVIDED_BY_10:
    default:
      changed = scale_lr (settings, 0.1);
      break;
    }
  g_settings_apply (settings);
  return changed;
}

void
dt_settings_get_fit_options (GSettings    *settings,
                             DtFitOptions *options)
{
  int patience = g_settings_get_int (settings, "early-stopping");

  options->train_samples = (gsize) MAX (g_settings_get_int (settings, "train-samples"), 0);
  options->validation_split = g_settings_get_double (settings, "validation-split");
  options->patience = patience > 0 && options->validation_split > 0 ? patience
                                                                   : NN_NO_EARLY_STOPPING;
}
