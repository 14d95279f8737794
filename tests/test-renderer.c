/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "dt-renderer.h"

static void
test_software_names (void)
{
  g_assert_true (dt_renderer_name_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (dt_renderer_name_is_software ("softpipe"));
  g_assert_true (dt_renderer_name_is_software ("Mesa DRI Intel(R) ... (Software Rasterizer)"));
  g_assert_false (dt_renderer_name_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (dt_renderer_name_is_software ("AMD Radeon RX 6600 (radeonsi, navi23)"));
  g_assert_false (dt_renderer_name_is_software (NULL));
}

/* A renderer the user chose is left alone. */
static void
test_user_choice_kept (void)
{
  g_setenv ("GSK_RENDERER", "ngl", TRUE);
  dt_renderer_choose ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
  g_unsetenv ("GSK_RENDERER");
}

/* Under Xvfb OpenGL is Mesa's llvmpipe, so the choice must be Cairo; with no usable GL at
 * all GTK falls back by itself and nothing is set. */
static void
test_choice_under_xvfb (void)
{
  g_unsetenv ("GSK_RENDERER");
  dt_renderer_choose ();
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_test_message ("no software OpenGL here: GTK's own choice stands");
  else
    g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/software-names", test_software_names);
  g_test_add_func ("/renderer/user-choice-kept", test_user_choice_kept);
  g_test_add_func ("/renderer/choice", test_choice_under_xvfb);
  return g_test_run ();
}
