/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-view.h — live loss/accuracy curves of training runs
 *
 * Two stacked plots sharing an x axis in epochs: loss on top, accuracy below.
 * Per batch a faint raw trace and an EMA-smoothed line; per epoch test points;
 * vertical markers for mid-run hyperparameter changes; up to four earlier runs
 * drawn dimmed for comparison.  All functions must be called on the main thread.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DT_TYPE_CURVE_VIEW (dt_curve_view_get_type ())
G_DECLARE_FINAL_TYPE (DtCurveView, dt_curve_view, DT, CURVE_VIEW, GtkWidget)

GtkWidget *dt_curve_view_new            (void);
/* Starts a new run; the previous current run (if it has points) becomes an earlier run,
 * drawn dimmed (at most DT_CURVE_MAX_EARLIER_RUNS are kept, oldest dropped).
 * label e.g. "lr 0.001 · ρ 0.9 · ε 1e-08". */
void       dt_curve_view_begin_run      (DtCurveView *self,
                                         const char  *label);
/* Relabels the current run. */
void       dt_curve_view_set_run_label  (DtCurveView *self,
                                         const char  *label);
/* One training batch: x in epochs (fractional, e.g. 0.5 = half of epoch 1 done), running
 * values the user sees (raw per-batch loss/accuracy).  Only queues a draw, so callers may
 * append many points in a burst. */
void       dt_curve_view_append_batch   (DtCurveView *self,
                                         double       epoch_x,
                                         double       loss,
                                         double       accuracy);
/* Per-epoch test-set evaluation, drawn as marked points. */
void       dt_curve_view_append_test    (DtCurveView *self,
                                         double       epoch_x,
                                         double       test_loss,
                                         double       test_accuracy);
/* A vertical marker, e.g. when a hyperparameter changed mid-run: "lr → 0.01". */
void       dt_curve_view_add_marker     (DtCurveView *self,
                                         double       epoch_x,
                                         const char  *text);
/* Drops earlier runs, keeps the current one. */
void       dt_curve_view_clear_history  (DtCurveView *self);
/* Drops everything, including the current run. */
void       dt_curve_view_clear          (DtCurveView *self);
/* Property "smoothing": EMA factor 0..0.99, default 0.9. */
double     dt_curve_view_get_smoothing  (DtCurveView *self);
void       dt_curve_view_set_smoothing  (DtCurveView *self,
                                         double       smoothing);
/* Property "x-max": the x axis spans at least 0..x_max epochs (the planned epochs), so it
 * does not rescale on every batch.  0 means "fit the data". */
double     dt_curve_view_get_x_max      (DtCurveView *self);
void       dt_curve_view_set_x_max      (DtCurveView *self,
                                         double       epochs);
/* Earlier + current (the current run counts once it has a point). */
guint      dt_curve_view_get_n_runs     (DtCurveView *self);
/* Batch points of the current run. */
gsize      dt_curve_view_get_n_points   (DtCurveView *self);
gboolean   dt_curve_view_export_png     (DtCurveView *self,
                                         const char  *path,
                                         int          width,
                                         int          height,
                                         GError     **error);
gboolean   dt_curve_view_export_svg     (DtCurveView *self,
                                         const char  *path,
                                         int          width,
                                         int          height,
                                         GError     **error);
/* Every run, one line per point: run,label,kind(batch|test|marker),epoch,loss,accuracy. */
gboolean   dt_curve_view_export_csv     (DtCurveView *self,
                                         const char  *path,
                                         GError     **error);

G_END_DECLS
