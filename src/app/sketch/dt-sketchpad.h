/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A square sheet of paper to draw a digit on, with a round pen.
 *
 * Strokes are kept as point lists in sheet coordinates (0,0 top left, 1,1 bottom right of
 * the largest centred square), so the drawing re-renders at any size and Undo simply drops
 * the last list.  Finished strokes live in a backing Cairo surface at device resolution;
 * the stroke being drawn is drawn on top as a smoothed path (quadratic curves through the
 * midpoints of the pointer samples).
 *
 * Signals: "changed" whenever the ink changes — at most once per frame while drawing,
 * synchronously for clear/undo/add_stroke —, and "stroke-finished" when a stroke ends.
 * The keys for Undo and Clear are DtSketchPanel's: they reach it from the focused pad. */

#define DT_TYPE_SKETCHPAD (dt_sketchpad_get_type ())
G_DECLARE_FINAL_TYPE (DtSketchpad, dt_sketchpad, DT, SKETCHPAD, GtkWidget)

/* Pen width as a fraction of the sheet's side, so the pen grows and shrinks with the
 * canvas: a digit drawn over ~70 % of the sheet then has strokes about 1/8 of its height
 * thick, as MNIST digits do (2–3 px of 20).  Property "pen-width" changes it between the
 * bounds below for the strokes that follow (a digit drawn small wants a finer pen, or its
 * strokes become a blob once it is scaled up to MNIST's 20 pixels); each stroke keeps the
 * width it was drawn with. */
#define DT_SKETCHPAD_PEN_WIDTH     0.08
#define DT_SKETCHPAD_PEN_WIDTH_MIN 0.02
#define DT_SKETCHPAD_PEN_WIDTH_MAX 0.16

/* The resolution the ink is rendered at for the network, whatever the widget's size, so
 * the answer does not depend on the window size. */
#define DT_SKETCHPAD_INPUT_SIDE 280

GtkWidget *dt_sketchpad_new           (void);
void       dt_sketchpad_clear         (DtSketchpad  *self);
/* Removes the last stroke; FALSE when there was none. */
gboolean   dt_sketchpad_undo          (DtSketchpad  *self);
guint      dt_sketchpad_get_n_strokes (DtSketchpad  *self);
gboolean   dt_sketchpad_get_empty     (DtSketchpad  *self);
void       dt_sketchpad_set_pen_width (DtSketchpad  *self,
                                       double        width);
double     dt_sketchpad_get_pen_width (DtSketchpad  *self);
/* Adds a finished stroke through n points xy[2·i], xy[2·i + 1] in sheet coordinates. */
void       dt_sketchpad_add_stroke    (DtSketchpad  *self,
                                       const double *xy,
                                       guint         n_points);
/* The ink as side × side bytes (0 paper … 255 ink), including a stroke in progress. */
guint8    *dt_sketchpad_render_ink    (DtSketchpad  *self,
                                       int           side);
/* The network's input (28·28 floats) from the ink rendered at DT_SKETCHPAD_INPUT_SIDE;
 * FALSE (input zeroed) when the sheet is empty or nearly so. */
gboolean   dt_sketchpad_get_input     (DtSketchpad  *self,
                                       float        *input);

G_END_DECLS
