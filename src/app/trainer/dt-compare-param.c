/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The settings "Compare…" can vary, their presets and the parsing of typed values. */
#define G_LOG_DOMAIN "dt-comparison"

#include "config.h"

#include "dt-comparison.h"

#include <glib/gi18n.h>
#include <math.h>

static const struct
{
  const char *name;
  const char *preset;
  gboolean    whole;    /* a size: whole numbers only */
} params[DT_COMPARE_N_PARAMS] = {
  [DT_COMPARE_LR] = { "lr", "1e-4, 1e-3, 1e-2, 1e-1", FALSE },
  [DT_COMPARE_RHO] = { "rho", "0, 0.5, 0.9, 0.99", FALSE },
  [DT_COMPARE_EPSILON] = { "epsilon", "1e-8, 1e-6, 1e-4, 1e-2, 1", FALSE },
  [DT_COMPARE_DECAY] = { "decay", "0, 1e-4, 1e-3, 1e-2", FALSE },
  [DT_COMPARE_BATCH_SIZE] = { "batch-size", "8, 32, 128, 512", TRUE },
  [DT_COMPARE_HIDDEN] = { "hidden", "8, 32, 128, 512", TRUE },
};

const char *
dt_compare_param_name (DtCompareParam param)
{
  g_return_val_if_fail (param < DT_COMPARE_N_PARAMS, NULL);
  return params[param].name;
}

const char *
dt_compare_param_preset (DtCompareParam param)
{
  g_return_val_if_fail (param < DT_COMPARE_N_PARAMS, NULL);
  return params[param].preset;
}

void
dt_compare_param_apply (DtCompareParam  param,
                        double          value,
                        NnConfig       *config)
{
  switch (param)
    {
    case DT_COMPARE_LR:
      config->hyper.lr = (float) value;
      break;
    case DT_COMPARE_RHO:
      config->hyper.rho = (float) value;
      break;
    case DT_COMPARE_EPSILON:
      config->hyper.epsilon = (float) value;
      break;
    case DT_COMPARE_DECAY:
      config->hyper.decay = (float) value;
      break;
    case DT_COMPARE_BATCH_SIZE:
      config->batch_size = (int) value;
      break;
    case DT_COMPARE_HIDDEN:
    case DT_COMPARE_N_PARAMS:
    default:
      config->n_hidden = (int) value;
      break;
    }
}

static int
parse_error (GError    **error,
             const char *text)
{
  g_set_error (error, NN_ERROR, NN_ERROR_INVALID,
               /* Translators: Compare…'s values field could not be read */
               _("Type 1 to %d numbers separated by commas (got “%s”)"), DT_COMPARISON_MAX_RUNS,
               text);
  return 0;
}

int
dt_compare_parse_values (DtCompareParam  param,
                         const char     *text,
                         const NnConfig *base,
                         double         *values,
                         GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  int n = 0;

  g_return_val_if_fail (param < DT_COMPARE_N_PARAMS, 0);
  for (int i = 0; parts[i] != NULL; i++)
    {
      char *end;
      double v = g_ascii_strtod (g_strstrip (parts[i]), &end);
      NnConfig config = *base;

      if (parts[i][0] == '\0' && parts[i + 1] == NULL && n > 0)
        break;   /* a trailing comma */
      if (n == DT_COMPARISON_MAX_RUNS || end == parts[i] || *end != '\0' || !isfinite (v) ||
          (params[param].whole && (v != floor (v) || fabs (v) > G_MAXINT)))
        return parse_error (error, text);
      dt_compare_param_apply (param, v, &config);
      if (!nn_config_validate (&config, error))
        return 0;
      values[n++] = v;
    }
  return n > 0 ? n : parse_error (error, text);
}
