/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dt-cli-summary.h"
#include "dt-format.h"
#include "dt-progbar.h"

static const char *const names[] = { "loss", "acc" };

static void
test_final_line (void)
{
  double values[2] = { 0.35061, 0.90251 };
  g_autofree char *line = dt_progbar_format (60000, 60000, 0.4, FALSE, names, values, 2);

  g_assert_cmpstr (line, ==,
                   "60000/60000 [==============================] - 0s"
                   " - loss: 0.3506 - acc: 0.9025");
}

static void
test_partial_line (void)
{
  double values[2] = { 1.2, 0.5 };
  g_autofree char *half = dt_progbar_format (30000, 60000, 3.7, TRUE, names, values, 2);
  g_autofree char *start = dt_progbar_format (32, 60000, 12.0, TRUE, names, values, 2);
  g_autofree char *tiny = NULL;

  g_assert_cmpstr (half, ==,
                   "30000/60000 [==============>...............] - ETA: 3s"
                   " - loss: 1.2000 - acc: 0.5000");
  /* numbers are right-aligned to the target's width, as Keras does */
  g_assert_cmpstr (start, ==,
                   "   32/60000 [..............................] - ETA: 12s"
                   " - loss: 1.2000 - acc: 0.5000");
  values[0] = 0.0004;
  tiny = dt_progbar_format (60000, 60000, 1.0, FALSE, names, values, 1);
  g_assert_cmpstr (tiny, ==,
                   "60000/60000 [==============================] - 1s - loss: 4.0000e-04");
}

static void
test_summary (void)
{
  g_autofree char *text = dt_cli_summary (784, 32, 10);
  g_autofree char *wide = dt_cli_summary (784, 64, 10);

  g_assert_nonnull (strstr (text,
                            "dense_1 (Dense)              (None, 32)                25120"));
  g_assert_nonnull (strstr (text,
                            "dense_2 (Dense)              (None, 10)                330"));
  g_assert_nonnull (strstr (text, "Total params: 25,450\n"));
  g_assert_nonnull (strstr (wide, "Total params: 50,890\n"));
}

/* The numbers the summary, the progress bar and the app's progress line share. */
static void
test_format_grouped (void)
{
  const struct { double value; const char *text; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 25450, "25,450" },
    { 1234567.4, "1,234,567" }, { 12345.6, "12,346" }, { -5, "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dt_format_grouped (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_metric (void)
{
  g_autofree char *usual = dt_format_metric (0.35061);
  g_autofree char *tiny = dt_format_metric (1.2076e-7);
  g_autofree char *edge = dt_format_metric (1e-3);

  g_assert_cmpstr (usual, ==, "0.3506");
  g_assert_cmpstr (tiny, ==, "1.2076e-07");
  g_assert_cmpstr (edge, ==, "1.0000e-03");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/progbar/final", test_final_line);
  g_test_add_func ("/cli/progbar/partial", test_partial_line);
  g_test_add_func ("/cli/summary", test_summary);
  g_test_add_func ("/cli/format/grouped", test_format_grouped);
  g_test_add_func ("/cli/format/metric", test_format_metric);
  return g_test_run ();
}
