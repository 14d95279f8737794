/* SPDX-License-Identifier: GPL-3.0-or-later */
/* digit-trainer-cli --confusion: the table after "test accuracy:" (aligned columns,
 * totals) and the "confusion" array of --json's test line, whose diagonal over the test
 * set's size is the test accuracy exactly.  On a generated set (suite cli) and, with
 * -p /cli-confusion/mnist, on the real MNIST (suite mnist). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dt-test-data.h"
#include "dt-test-util.h"

#define N_TRAIN 2000
#define N_TEST  400     /* k/400 prints exactly in --json's six decimals */
#define K       10

static char *data_dir;

static void
run_cli (DtTestRun *r,
         ...)
{
  va_list ap;

  va_start (ap, r);
  dt_test_run_cli_valist (r, g_getenv ("DT_CLI"), NULL, ap);
  va_end (ap);
}

/* The "confusion" array of the test line (K × K counts, rows the true digit) into m. */
static void
parse_json_matrix (const char *line,
                   guint32    *m)
{
  g_autoptr(JsonObject) object = dt_test_parse_json_line (line);
  JsonArray *rows;

  g_assert_true (json_object_has_member (object, "confusion"));
  rows = json_object_get_array_member (object, "confusion");
  g_assert_cmpuint (json_array_get_length (rows), ==, K);
  for (int t = 0; t < K; t++)
    {
      JsonArray *row = json_array_get_array_element (rows, t);

      g_assert_cmpuint (json_array_get_length (row), ==, K);
      for (int a = 0; a < K; a++)
        m[t * K + a] = (guint32) json_array_get_int_element (row, a);
    }
}

static double
json_number (const char *line,
             const char *key)
{
  g_autoptr(JsonObject) object = dt_test_parse_json_line (line);

  return dt_test_json_number (object, key);
}

static void
assert_matrix (const guint32 *m,
               guint32        n,
               double         accuracy)
{
  guint32 total = 0, diagonal = 0;

  for (int i = 0; i < K * K; i++)
    total += m[i];
  for (int k = 0; k < K; k++)
    diagonal += m[k * K + k];
  g_assert_cmpuint (total, ==, n);
  g_assert_cmpfloat ((double) diagonal / n, ==, accuracy);
}

/* The table's rows in print order: the head, ten digits, the totals. */
static char **
table_lines (const char *out)
{
  const char *at = strstr (out, "confusion matrix (rows: true digit, columns: prediction):\n");
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (at);
  g_assert_nonnull (strstr (out, "test accuracy:"));
  g_assert_true (strstr (out, "test accuracy:") < at);   /* it comes after the accuracy */
  lines = g_strsplit (strchr (at, '\n') + 1, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, K + 2);
  return g_steal_pointer (&lines);
}

/* Each row's cells sum to its total, the columns to the totals row, and every row's
 * right-aligned numbers end in the same columns as the head's digits. */
static void
test_table (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint32 m[K * K], col[K] = { 0 }, diagonal = 0;
  const char *acc_line;
  g_autofree char *want = NULL;

  run_cli (&r, "--confusion", "--epochs", "1", "--data-dir", data_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = table_lines (r.out);
  for (int t = 0; t < K; t++)
    {
      g_auto(GStrv) cells = g_strsplit_set (lines[1 + t], " ", -1);
      guint32 row = 0, v[K + 2];
      int n = 0;

      for (char **c = cells; *c != NULL && n < K + 2; c++)
        if (**c != '\0' && g_ascii_isdigit (**c))
          v[n++] = (guint32) g_ascii_strtoull (*c, NULL, 10);
      g_assert_cmpint (n, ==, K + 2);   /* the digit, ten counts, the row's total */
      g_assert_cmpuint (v[0], ==, (guint32) t);
      for (int a = 0; a < K; a++)
        {
          m[t * K + a] = v[1 + a];
          row += v[1 + a];
          col[a] += v[1 + a];
        }
      g_assert_cmpuint (row, ==, v[K + 1]);
      diagonal += m[t * K + t];
      g_assert_cmpuint (strlen (lines[1 + t]), >=, strlen (lines[0]) - strlen ("correct"));
    }
  for (int a = 0; a < K; a++)
    {
      g_autofree char *needle = g_strdup_printf (" %u ", col[a]);

      g_assert_nonnull (strstr (lines[K + 1], needle));
    }
  /* the digits of the head end where each row's numbers end */
  for (int a = 0; a < K; a++)
    {
      const char *head = strchr (lines[0], '0' + a);
      gsize end = (gsize) (head - lines[0]);

      for (int t = 0; t < K; t++)
        {
          g_assert_true (g_ascii_isdigit (lines[1 + t][end]));
          g_assert_cmpint (lines[1 + t][end + 1], ==, ' ');
        }
    }
  acc_line = strstr (r.out, "test accuracy:  ");
  want = g_strdup_printf ("test accuracy:  %.4f", (double) diagonal / N_TEST);
  g_assert_true (g_str_has_prefix (acc_line, want));
  assert_matrix (m, N_TEST, (double) diagonal / N_TEST);
}

static void
test_json (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) plain = { 0 };
  g_auto(GStrv) lines = NULL;
  guint32 m[K * K];
  guint n;

  run_cli (&r, "--json", "--confusion", "--epochs", "1", "--data-dir", data_dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);
  n = g_strv_length (lines);
  parse_json_matrix (lines[n - 1], m);
  assert_matrix (m, N_TEST, json_number (lines[n - 1], "test_accuracy"));
  g_assert_true (g_str_has_suffix (lines[n - 1], "]]}"));

  /* without --confusion: no array, no table */
  run_cli (&plain, "--json", "--epochs", "1", "--data-dir", data_dir, NULL);
  g_assert_null (strstr (plain.out, "confusion"));
}

/* The lesson on the real MNIST: the diagonal over 10,000 is the test accuracy. */
static void
test_mnist (void)
{
  g_auto(DtTestRun) r = { 0 };
  g_auto(DtTestRun) text = { 0 };
  g_auto(GStrv) lines = NULL;
  guint32 m[K * K];
  guint n;

  run_cli (&r, "--json", "--confusion", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);
  n = g_strv_length (lines);
  parse_json_matrix (lines[n - 1], m);
  assert_matrix (m, 10000, json_number (lines[n - 1], "test_accuracy"));
  g_test_message ("%s", lines[n - 1]);

  run_cli (&text, "--confusion", "--quiet", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_strfreev (table_lines (text.out));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("DT_CLI"));
  data_dir = dt_test_make_dataset (N_TRAIN, N_TEST);
  g_test_add_func ("/cli-confusion/table", test_table);
  g_test_add_func ("/cli-confusion/json", test_json);
  g_test_add_func ("/cli-confusion/mnist", test_mnist);
  status = g_test_run ();
  dt_test_remove_dataset (data_dir);
  g_free (data_dir);
  return status;
}
