/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-test-curve.h — helpers shared by the DtCurveView tests (test-curve-*.c) */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-view-private.h"

G_BEGIN_DECLS

/* GTest and GTK set up in the C.UTF-8 locale, so numbers print with a '.'. */
void             dt_test_curve_init           (int              *argc,
                                               char           ***argv);
/* A new view, owned by the caller (g_assert_finalize_object it). */
DtCurveView     *dt_test_curve_view_new       (void);
/* A path `name` in a new temporary folder; dt_test_curve_remove_tmp removes both. */
char            *dt_test_curve_tmp_path       (const char       *name);
void             dt_test_curve_remove_tmp     (const char       *path);
/* A realistic run: loss decays 2.3 → 0.2, accuracy climbs 0.1 → 0.95, with noise. */
void             dt_test_curve_append_run     (DtCurveView      *view,
                                               guint             n_batches,
                                               double            epochs,
                                               guint32           seed);
/* The view drawn as the PNG export draws it, into a new image surface. */
cairo_surface_t *dt_test_curve_render         (DtCurveView      *view,
                                               int               width,
                                               int               height,
                                               DtCurveGeometry  *geometry,
                                               DtCurveDrawStats *stats);
/* The RGB of one pixel of an ARGB32 image. */
void             dt_test_curve_get_pixel      (cairo_surface_t  *surface,
                                               int               x,
                                               int               y,
                                               guint8           *rgb);
/* Whether rgb is within tolerance of a CSS colour, per channel. */
gboolean         dt_test_curve_pixel_near     (const guint8     *rgb,
                                               const char       *color,
                                               int               tolerance);
/* How many pixels of the image are near the colour. */
guint            dt_test_curve_count_pixels   (cairo_surface_t  *surface,
                                               const char       *color,
                                               int               tolerance);

/* The hover box's text for the pointer at `epoch`, 10 pixels into the loss plot, on an
 * 800 × 500 view at `zoom`. */
char            *dt_test_curve_hover_text     (DtCurveView      *view,
                                               double            epoch,
                                               double            zoom);

G_END_DECLS
