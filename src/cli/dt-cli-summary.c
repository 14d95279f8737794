/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-summary.h"

#include "dt-format.h"
#include "nn.h"

#define RULE_THIN  "_________________________________________________________________\n"
#define RULE_THICK "=================================================================\n"

static void
append_row (GString    *s,
            const char *layer,
            int         units,
            gsize       params)
{
  g_autofree char *shape = g_strdup_printf ("(None, %d)", units);

  g_string_append_printf (s, "%-29s%-26s%-10zu\n", layer, shape, params);
}

char *
dt_cli_summary (int n_in,
                int n_hidden,
                int n_out)
{
  GString *s = g_string_new (NULL);
  gsize total = nn_param_count (n_in, n_hidden, n_out);
  g_autofree char *total_text = dt_format_grouped ((double) total);

  g_string_append (s, RULE_THIN);
  g_string_append_printf (s, "%-29s%-26s%-10s\n", "Layer (type)", "Output Shape", "Param #");
  g_string_append (s, RULE_THICK);
  append_row (s, "dense_1 (Dense)", n_hidden, (gsize) n_in * n_hidden + n_hidden);
  g_string_append (s, RULE_THIN);
  append_row (s, "activation_1 (Activation)", n_hidden, 0);
  g_string_append (s, RULE_THIN);
  append_row (s, "dense_2 (Dense)", n_out, (gsize) n_hidden * n_out + n_out);
  g_string_append (s, RULE_THIN);
  append_row (s, "activation_2 (Activation)", n_out, 0);
  g_string_append (s, RULE_THICK);
  g_string_append_printf (s, "Total params: %s\n", total_text);
  g_string_append_printf (s, "Trainable params: %s\n", total_text);
  g_string_append (s, "Non-trainable params: 0\n");
  g_string_append (s, RULE_THIN);
  return g_string_free (s, FALSE);
}
