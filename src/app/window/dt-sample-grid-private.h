/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-sample-grid-private.h — DtSampleGrid's insides, shared by dt-sample-grid.c (the widget,
 * the data and predictions), dt-sample-grid-pages.c (filters, order and paging) and
 * dt-sample-grid-draw.c (layout, drawing and tooltips) */
#pragma once

#include "dt-evaluator.h"
#include "dt-sample-grid.h"

G_BEGIN_DECLS

struct _DtSampleGrid
{
  GtkWidget       parent_instance;

  GtkLabel       *title;
  GtkDrawingArea *area;
  GtkLabel       *page_label;
  GtkDropDown    *digit_filter;
  GtkLabel       *filter_label;   /* "Digit", or "Category" for Fashion-MNIST */

  DtTrainer      *trainer;
  gulong          data_handler;
  gulong          network_handler;
  gboolean        show_test_set;
  DtEvaluator    *evaluator;       /* the answers "mistakes only" needs, or NULL */
  gulong          evaluation_handler;
  int             digit;           /* the digit filter, −1 for all */
  gboolean        mistakes_only;
  GArray         *order;           /* guint32: the set's samples that pass, as paged */
  guint           page;
  guint           indices[DT_SAMPLE_GRID_N_SAMPLES];
  int             predictions[DT_SAMPLE_GRID_N_SAMPLES];   /* -1: no guess */
  GRand          *rand;
};

/* dt-sample-grid.c */
/* The set shown (training or test), NULL while there is no data. */
const NnDataset *dt_sample_grid_current_set      (DtSampleGrid   *self);
/* How many samples are shown: DT_SAMPLE_GRID_N_SAMPLES, or fewer in a smaller set. */
guint            dt_sample_grid_n_shown          (DtSampleGrid   *self);

/* Recomputes the network's guesses for the samples shown. */
void             dt_sample_grid_update_predictions (DtSampleGrid *self);

/* dt-sample-grid-pages.c */
/* Rebuilds the order from the set and the filters and shows its first page. */
void             dt_sample_grid_rebuild_order    (DtSampleGrid   *self);
/* Shows page (wrapping around at both ends). */
void             dt_sample_grid_show_page        (DtSampleGrid   *self,
                                                  int             page);
/* The latest evaluation's answers for every sample of the set shown, or NULL. */
const guint8    *dt_sample_grid_set_answers      (DtSampleGrid   *self);
/* Connects the digit filter's model and actions (from init). */
void             dt_sample_grid_init_filters     (DtSampleGrid   *self);
void             dt_sample_grid_update_filter_names (DtSampleGrid *self);
void             dt_sample_grid_class_init_filters (GtkWidgetClass *widget_class);

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
