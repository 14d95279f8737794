/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid-private.h — DtSampleGrid's insides, shared by dt-sample-grid.c (the data,
 * paging and predictions) and dt-sample-grid-draw.c (layout, drawing and tooltips) */
#pragma once

#include "dt-sample-grid.h"

G_BEGIN_DECLS

struct _DtSampleGrid
{
  GtkWidget       parent_instance;

  GtkLabel       *title;
  GtkDrawingArea *area;

  DtTrainer      *trainer;
  gulong          data_handler;
  gulong          network_handler;
  gboolean        show_test_set;
  guint           indices[DT_SAMPLE_GRID_N_SAMPLES];
  int             predictions[DT_SAMPLE_GRID_N_SAMPLES];   /* -1: no guess */
  GRand          *rand;
};

/* dt-sample-grid.c */
/* The set shown (training or test), NULL while there is no data. */
const NnDataset *dt_sample_grid_current_set      (DtSampleGrid   *self);
/* How many samples are shown: DT_SAMPLE_GRID_N_SAMPLES, or fewer in a smaller set. */
guint            dt_sample_grid_n_shown          (DtSampleGrid   *self);

/* dt-sample-grid-draw.c: the drawing area's draw function and tooltip */
void             dt_sample_grid_draw_cb          (GtkDrawingArea *area,
                                                  cairo_t        *cr,
                                                  int             width,
                                                  int             height,
                                                  gpointer        user_data);
gboolean         dt_sample_grid_query_tooltip_cb (GtkWidget      *area,
                                                  int             x,
                                                  int             y,
                                                  gboolean        keyboard,
                                                  GtkTooltip     *tooltip,
                                                  DtSampleGrid   *self);

G_END_DECLS
