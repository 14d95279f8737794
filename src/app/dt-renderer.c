/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer"

#include "config.h"

#include "dt-renderer.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>
#include <string.h>

/* GTK 4.8 draws with OpenGL whenever it can, even when "OpenGL" is Mesa's llvmpipe running
 * on the CPU (virtual machines, remote sessions, Xvfb).  There every frame of this window
 * costs 50–130 ms of CPU on the cores the training thread needs: measured under Xvfb on two
 * cores, a 2-epoch run drew at 81,000 samples/s with 130 ms stalls, against 445,000
 * samples/s and under 60 ms with the Cairo renderer.  So when the rasterizer is software,
 * Cairo is asked for, unless the user chose a renderer with GSK_RENDERER. */

gboolean
dt_renderer_name_is_software (const char *gl_renderer)
{
  static const char *const software[] = { "llvmpipe", "softpipe", "SWR", "Software Rasterizer",
                                          "swrast" };

  if (gl_renderer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (gl_renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

void
dt_renderer_choose (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *name;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;
  context = gdk_display_create_gl_context (display, NULL);
  /* no GL at all: GTK falls back to Cairo by itself */
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;
  gdk_gl_context_make_current (context);
  name = (const char *) glGetString (GL_RENDERER);
  if (dt_renderer_name_is_software (name))
    {
      g_debug ("OpenGL renderer “%s” is software: drawing with Cairo", name);
      /* read once, when the first window is realized */
      g_setenv ("GSK_RENDERER", "cairo", TRUE);
    }
  gdk_gl_context_clear_current ();
}
