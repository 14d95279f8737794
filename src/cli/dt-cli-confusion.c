/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-confusion.h"

#include <glib/gi18n.h>

#include "nn-eval.h"

#define K NN_DATASET_CLASSES

guint32 *
dt_cli_confusion_compute (const NnNet     *net,
                          const NnDataset *set)
{
  g_autoptr(NnEvalResult) r = nn_eval_result_new (set->n, net->n_hidden, net->n_out);

  g_return_val_if_fail (net->n_out == K, NULL);
  nn_eval_set (net, NN_DATASET_ARRAYS (set), r, NULL);
  return g_memdup2 (r->confusion, sizeof (guint32) * K * K);
}

static guint32
row_total (const guint32 *m,
           int            t)
{
  guint32 sum = 0;

  for (int a = 0; a < K; a++)
    sum += m[t * K + a];
  return sum;
}

static guint32
column_total (const guint32 *m,
              int            a)
{
  guint32 sum = 0;

  for (int t = 0; t < K; t++)
    sum += m[t * K + a];
  return sum;
}

/* "98.8 %" of part in whole, or "–" for an empty row */
static char *
percent (guint32 part,
         guint32 whole)
{
  /* TRANSLATORS: a per-digit accuracy in the --confusion table, e.g. "98.8 %" */
  return whole > 0 ? g_strdup_printf (_("%.1f %%"), 100.0 * part / whole) : g_strdup ("–");
}

char *
dt_cli_confusion_text (const guint32 *m)
{
  GString *s = g_string_new (NULL);
  guint32 total = 0, correct = 0;
  g_autofree char *widest = NULL;
  g_autofree char *all = NULL;
  int w;

  for (int t = 0; t < K; t++)
    {
      total += row_total (m, t);
      correct += m[t * K + t];
    }
  widest = g_strdup_printf ("%u", total);
  w = MAX ((int) strlen (widest), 3);
  g_string_append_printf (s, "%s\n",
                          _("confusion matrix (rows: true digit, columns: prediction):"));
  g_string_append_printf (s, "%-6s", "");
  for (int a = 0; a < K; a++)
    g_string_append_printf (s, " %*d", w, a);
  /* TRANSLATORS: column heads of the --confusion table: a row's digits, its accuracy */
  g_string_append_printf (s, "   %*s  %s\n", w, _("total"), _("correct"));
  for (int t = 0; t < K; t++)
    {
      g_autofree char *acc = percent (m[t * K + t], row_total (m, t));

      g_string_append_printf (s, "%-6d", t);
      for (int a = 0; a < K; a++)
        g_string_append_printf (s, " %*u", w, m[t * K + a]);
      g_string_append_printf (s, "   %*u  %s\n", w, row_total (m, t), acc);
    }
  all = total > 0 ? g_strdup_printf (_("%.2f %%"), 100.0 * correct / total) : g_strdup ("–");
  /* TRANSLATORS: the last row of the --confusion table; keep it within six columns */
  g_string_append_printf (s, "%-6s", _("total"));
  for (int a = 0; a < K; a++)
    g_string_append_printf (s, " %*u", w, column_total (m, a));
  g_string_append_printf (s, "   %*u  %s\n", w, total, all);
  return g_string_free (s, FALSE);
}

void
dt_cli_confusion_add_json (JsonBuilder   *b,
                           const guint32 *m)
{
  if (m == NULL)
    return;
  json_builder_set_member_name (b, "confusion");
  json_builder_begin_array (b);
  for (int t = 0; t < K; t++)
    {
      json_builder_begin_array (b);
      for (int a = 0; a < K; a++)
        json_builder_add_int_value (b, m[t * K + a]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}
