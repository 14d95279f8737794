/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "nn.h"

static void
test_param_count (void)
{
  g_assert_cmpuint (nn_param_count (784, 32, 10), ==, 25450);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn/param-count", test_param_count);
  return g_test_run ();
}
