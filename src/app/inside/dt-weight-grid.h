/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-weight-grid.h — every hidden unit's first-layer weights as a 28 × 28 image
 *
 * Unit h's image has w1[(28·r + c)·H + h] at pixel (r, c) (nn_unit_weight_image), drawn in
 * the diverging palette (dt-palette.h) on one scale shared by all units — the largest
 * |weight| of the layer — or, with "per-unit-scale", each on its own.  The images are laid
 * out in rows of up to 16 (32 units: 4 × 8, 64 pixels a unit; 128: 16 × 8, 30 pixels), so a
 * wide layer scrolls in a GtkScrolledWindow.  Clicking a unit, or the arrow keys when
 * the grid has the focus, select it (property "selected"). */
#pragma once

#include <gtk/gtk.h>

#include "nn.h"

G_BEGIN_DECLS

#define DT_TYPE_WEIGHT_GRID (dt_weight_grid_get_type ())
G_DECLARE_FINAL_TYPE (DtWeightGrid, dt_weight_grid, DT, WEIGHT_GRID, GtkWidget)

GtkWidget *dt_weight_grid_new                (void);
/* The weights to show (copied), or NULL. */
void       dt_weight_grid_set_network        (DtWeightGrid *self,
                                              const NnNet  *net);
int        dt_weight_grid_get_n_units        (DtWeightGrid *self);
/* Unit h's image as drawn (28 × 28 values) and the scale it is drawn on. */
const float *dt_weight_grid_get_image        (DtWeightGrid *self,
                                              int           unit);
float      dt_weight_grid_get_scale          (DtWeightGrid *self,
                                              int           unit);
void       dt_weight_grid_set_per_unit_scale (DtWeightGrid *self,
                                              gboolean      per_unit);
gboolean   dt_weight_grid_get_per_unit_scale (DtWeightGrid *self);
void       dt_weight_grid_set_selected       (DtWeightGrid *self,
                                              int           unit);
int        dt_weight_grid_get_selected       (DtWeightGrid *self);
/* Units a row for the width the grid has now, and the unit at (x, y) (−1 for none). */
int        dt_weight_grid_get_columns        (DtWeightGrid *self);
int        dt_weight_grid_unit_at            (DtWeightGrid *self,
                                              double        x,
                                              double        y);
gboolean   dt_weight_grid_unit_center        (DtWeightGrid *self,
                                              int           unit,
                                              double       *x,
                                              double       *y);

G_END_DECLS
