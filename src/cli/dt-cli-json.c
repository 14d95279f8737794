/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-json.h"

#include <math.h>

static void
add_double_value (JsonBuilder *builder,
                  double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
dt_cli_json_add_number (JsonBuilder *builder,
                        const char  *name,
                        double       value)
{
  json_builder_set_member_name (builder, name);
  add_double_value (builder, value);
}

void
dt_cli_json_add_floats (JsonBuilder *builder,
                        const char  *name,
                        const float *values,
                        int          n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
dt_cli_json_add_int (JsonBuilder *builder,
                     const char  *name,
                     gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
dt_cli_json_print (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = NULL;

  /* not pretty: one object per line, as --json promises */
  json_generator_set_pretty (generator, FALSE);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);
}
