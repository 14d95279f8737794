/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-confusion-view.h — a confusion matrix: rows the true digit, columns the network's
 * prediction
 *
 * Each cell shows its count and its share of the row, coloured by that share: the
 * diagonal (right answers) in the accent colour, the rest in the error colour, so the
 * largest confusions stand out.  Beside each row its accuracy, under the columns how often
 * each digit was predicted.  Hovering a cell gives its exact count; clicking it, or Return
 * on the cell the arrow keys moved to, emits "cell-activated" (int true_digit, int
 * prediction). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_CONFUSION_VIEW (dt_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (DtConfusionView, dt_confusion_view, DT, CONFUSION_VIEW, GtkWidget)

#define DT_CONFUSION_N 10

GtkWidget *dt_confusion_view_new          (void);
/* matrix (DT_CONFUSION_N²) copied; NULL shows an empty matrix. */
void       dt_confusion_view_set_matrix   (DtConfusionView *self,
                                           const guint32   *matrix);
gboolean   dt_confusion_view_get_matrix   (DtConfusionView *self,
                                           guint32         *matrix);
/* The cell the keyboard is on (and the one marked), −1/−1 for none. */
void       dt_confusion_view_set_cursor   (DtConfusionView *self,
                                           int              true_digit,
                                           int              prediction);
void       dt_confusion_view_get_cursor   (DtConfusionView *self,
                                           int             *true_digit,
                                           int             *prediction);
/* The cell at widget coordinates (x, y): FALSE outside the cells. */
gboolean   dt_confusion_view_cell_at      (DtConfusionView *self,
                                           double           x,
                                           double           y,
                                           int             *true_digit,
                                           int             *prediction);
/* The centre of a cell in widget coordinates (tests click there). */
void       dt_confusion_view_cell_center  (DtConfusionView *self,
                                           int              true_digit,
                                           int              prediction,
                                           double          *x,
                                           double          *y);
/* "True 4, predicted 9: 23 of 982 (2.3 %)" */
char      *dt_confusion_view_describe     (DtConfusionView *self,
                                           int              true_digit,
                                           int              prediction);

G_END_DECLS
