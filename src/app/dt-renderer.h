/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-renderer.h — which GSK renderer draws the windows: Cairo when OpenGL is software */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Chooses Cairo drawing when OpenGL is a software rasterizer (see dt-renderer.c).  Call
 * once the display is open and before the first window is shown. */
void     dt_renderer_choose               (void);
/* TRUE for the GL_RENDERER names of software rasterizers (llvmpipe, softpipe, …). */
gboolean dt_renderer_name_is_software     (const char *gl_renderer);

G_END_DECLS
