/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-layer2-map.h — the second layer's H × 10 weights as a heat map: a column per hidden
 * unit, a row per digit, w2[h·10 + k] in the diverging palette on the layer's largest
 * |weight| — how much each unit votes for or against each digit.  Clicking a column, or
 * Left and Right when the map has the focus, select a unit (property "selected"). */
#pragma once

#include <gtk/gtk.h>

#include "nn.h"

G_BEGIN_DECLS

#define DT_TYPE_LAYER2_MAP (dt_layer2_map_get_type ())
G_DECLARE_FINAL_TYPE (DtLayer2Map, dt_layer2_map, DT, LAYER2_MAP, GtkWidget)

GtkWidget *dt_layer2_map_new          (void);
/* The weights to show (copied), or NULL. */
void       dt_layer2_map_set_network  (DtLayer2Map *self,
                                       const NnNet *net);
void       dt_layer2_map_set_selected (DtLayer2Map *self,
                                       int          unit);
int        dt_layer2_map_get_selected (DtLayer2Map *self);
/* The unit (column) and digit (row) at widget coordinates; FALSE outside the cells. */
gboolean   dt_layer2_map_cell_at      (DtLayer2Map *self,
                                       double       x,
                                       double       y,
                                       int         *unit,
                                       int         *digit);

G_END_DECLS
