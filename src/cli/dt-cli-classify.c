/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-classify.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dt-cli-json.h"
#include "nn-dataset.h"

#define CLASSIFY_BAR 40   /* characters of the bar for a probability of 1 */

static void
print_json (NnDatasetKind  kind,
            const float   *p,
            int            best)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  dt_cli_json_add_floats (b, "probabilities", p, NN_DATASET_CLASSES);
  dt_cli_json_add_int (b, "answer", best);
  if (kind != NN_DATASET_MNIST)
    {
      /* untranslated, so that scripts read the same in every language */
      json_builder_set_member_name (b, "class");
      json_builder_add_string_value (b, nn_dataset_class_id (kind, best));
    }
  dt_cli_json_add_number (b, "confidence", p[best]);
  json_builder_end_object (b);
  dt_cli_json_print (b);
}

/* Terminal columns of text: Chinese characters take two. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    width += g_unichar_iswide (g_utf8_get_char (c)) ? 2 : 1;
  return width;
}

/* The widest class name, so the percentages line up. */
static int
name_width (NnDatasetKind kind)
{
  int width = 0;

  for (int k = 0; k < NN_DATASET_CLASSES; k++)
    width = MAX (width, display_width (nn_dataset_class_name (kind, k)));
  return width;
}

void
dt_cli_print_classification (NnDatasetKind  kind,
                             gboolean       json,
                             const float   *p,
                             int            best)
{
  int width = name_width (kind);

  if (json)
    {
      print_json (kind, p, best);
      return;
    }
  for (int k = 0; k < NN_DATASET_CLASSES; k++)
    {
      const char *name = nn_dataset_class_name (kind, k);
      int bar = (int) lrintf (p[k] * CLASSIFY_BAR);

      g_print ("%s", name);
      for (int i = display_width (name); i < width; i++)
        g_print (" ");
      g_print ("  %6.2f %%  ", 100.0 * p[k]);
      for (int i = 0; i < bar; i++)
        g_print ("█");
      g_print (k == best ? "  ←\n" : "\n");
    }
  if (kind == NN_DATASET_MNIST)
    /* TRANSLATORS: the network's answer for an image, e.g. "Answer: 7 (98.5 % sure)" */
    g_print (_("Answer: %d (%.1f %% sure)\n"), best, 100.0 * p[best]);
  else
    /* TRANSLATORS: the answer for a Fashion-MNIST picture, e.g. "Answer: Sneaker (98.5 % sure)" */
    g_print (_("Answer: %s (%.1f %% sure)\n"), nn_dataset_class_name (kind, best),
             100.0 * p[best]);
}
