/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "dt-cli-summary.h"
#include "dt-progbar.h"

static const char *const names[] = { "loss", "acc" };

static void
test_final_line (void)
{
  double values[2] = { 0.35061, 0.90251 };
  g_autofree char *line = dt_progbar_format (60000, 60000, 0.4, FALSE, names, values, 2);

  g_assert_cmpstr (line, ==,
                   "60000/60000 [==============================] - 0s - loss: 0.3506 - acc: 0.9025");
}

static void
test_partial_line (void)
{
  double values[2] = { 1.2, 0.5 };
  g_autofree char *half = dt_progbar_format (30000, 60000, 3.7, TRUE, names, values, 2);
  g_autofree char *start = dt_progbar_format (32, 60000, 12.0, TRUE, names, values, 2);
  g_autofree char *tiny = NULL;

  g_assert_cmpstr (half, ==,
                   "30000/60000 [==============>...............] - ETA: 3s - loss: 1.2000 - acc: 0.5000");
  /* numbers are right-aligned to the target's width, as Keras does */
  g_assert_cmpstr (start, ==,
                   "   32/60000 [..............................] - ETA: 12s - loss: 1.2000 - acc: 0.5000");
  values[0] = 0.0004;
  tiny = dt_progbar_format (60000, 60000, 1.0, FALSE, names, values, 1);
  g_assert_cmpstr (tiny, ==, "60000/60000 [==============================] - 1s - loss: 4.0000e-04");
}

static void
test_summary (void)
{
  g_autofree char *text = dt_cli_summary (784, 32, 10);
  g_autofree char *wide = dt_cli_summary (784, 64, 10);

  g_assert_nonnull (strstr (text, "dense_1 (Dense)              (None, 32)                25120"));
  g_assert_nonnull (strstr (text, "dense_2 (Dense)              (None, 10)                330"));
  g_assert_nonnull (strstr (text, "Total params: 25,450\n"));
  g_assert_nonnull (strstr (wide, "Total params: 50,890\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/progbar/final", test_final_line);
  g_test_add_func ("/cli/progbar/partial", test_partial_line);
  g_test_add_func ("/cli/summary", test_summary);
  return g_test_run ();
}
