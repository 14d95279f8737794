/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-view.h — live loss/accuracy curves of training runs
 *
 * Two stacked plots sharing an x axis in epochs: loss on top, accuracy below.
 * Per batch a faint band (the central 80 % of the batches in each pixel column) and an
 * EMA-smoothed line; per epoch test points; vertical markers for mid-run hyperparameter
 * changes; up to six earlier runs drawn dimmed for comparison.  Runs are numbered from 1
 * ("Run 3") and may be hidden.  All functions must be called on the main thread.
 *
 * Signal "runs-changed": a run began, was relabelled, hidden or shown, got its result, or
 * the history was cleared.
 */
#pragma once

#include <gtk/gtk.h>

#include "dt-curve-run.h"

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
/* The current run's settings as "name=value" (NULL-terminated), for the CSV export. */
void       dt_curve_view_set_run_params (DtCurveView       *self,
                                         const char *const *params);
/* How the current run's latest training ended, for the runs table: the running loss and
 * accuracy of its last epoch and the time it took. */
void       dt_curve_view_set_run_result (DtCurveView *self,
                                         double       train_loss,
                                         double       train_accuracy,
                                         double       seconds);
/* Shows or hides run `index` (oldest first; the current run last): a hidden run is not
 * drawn, listed in the legend or hovered, and does not scale the axes. */
void       dt_curve_view_set_run_visible (DtCurveView *self,
                                          guint        index,
                                          gboolean     visible);
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
/* Per-epoch validation (Keras's val_loss, val_accuracy), drawn as their own series; the
 * epoch with the lowest val_loss gets the best-epoch marker. */
void       dt_curve_view_append_val     (DtCurveView *self,
                                         double       epoch_x,
                                         double       val_loss,
                                         double       val_accuracy);
/* The x of the current run's best epoch (lowest val_loss), or NaN without validation. */
double     dt_curve_view_get_best_x     (DtCurveView *self);
/* Run handles: runs besides the current one that are still being filled (Compare…'s
 * concurrent runs).  add_run starts one, placed with the earlier runs in a colour of its
 * own (the oldest earlier run may go), and returns its handle: never 0, never another
 * run's, not even after dt_curve_view_clear.  The functions below fill it; they return FALSE, doing nothing, once the run
 * is no longer kept (cleared, or dropped as the oldest).  Its points follow the current
 * run's conventions: x in epochs, batches raw, epoch points at the epoch's end. */
guint      dt_curve_view_add_run        (DtCurveView *self,
                                         const char  *label);
gboolean   dt_curve_view_run_append_batches (DtCurveView        *self,
                                             guint               handle,
                                             const DtCurvePoint *points,
                                             guint               n_points);
/* A test-set point, or with validation a validation point. */
gboolean   dt_curve_view_run_append_epoch (DtCurveView *self,
                                           guint        handle,
                                           gboolean     validation,
                                           double       epoch_x,
                                           double       loss,
                                           double       accuracy);
/* As dt_curve_view_set_run_result, for that run. */
gboolean   dt_curve_view_run_set_result (DtCurveView *self,
                                         guint        handle,
                                         double       train_loss,
                                         double       train_accuracy,
                                         double       seconds);
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
/* Properties "log-loss", "accuracy-top", "high-contrast": a logarithmic loss axis over
 * every visible run (instead of a linear one from 0 that a diverging run leaves, marked
 * where it went); the accuracy axis from 80 %; a stronger per-batch band for projectors. */
void       dt_curve_view_set_log_loss       (DtCurveView *self,
                                             gboolean     log_loss);
void       dt_curve_view_set_accuracy_top   (DtCurveView *self,
                                             gboolean     accuracy_top);
void       dt_curve_view_set_high_contrast  (DtCurveView *self,
                                             gboolean     high_contrast);
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
/* Every run, one line per point: run,label,kind(batch|test|val|best|marker|param),epoch,
 * loss,accuracy,note — the run's number, a marker's text in note, one "param" line per
 * setting the run started with ("lr=0.001" in note), the validation points ("val") and the
 * best of them ("best": lowest val_loss). */
gboolean   dt_curve_view_export_csv     (DtCurveView *self,
                                         const char  *path,
                                         GError     **error);

G_END_DECLS
