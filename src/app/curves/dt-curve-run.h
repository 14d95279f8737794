/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-run.h — the data behind DtCurveView: one training run's series (no GTK)
 *
 * Series are append-only arrays owned by the main thread.  The smoothed series is kept in
 * step with the raw one, so drawing never recomputes the EMA; changing the smoothing factor
 * recomputes it once.
 */
#pragma once

#include <glib.h>

#include "dt-chart-axis.h"

G_BEGIN_DECLS

/* Earlier runs kept for comparison, besides the current one. */
#define DT_CURVE_MAX_EARLIER_RUNS 4

typedef struct
{
  double x;      /* epochs, fractional */
  double loss;
  double acc;    /* 0..1 */
} DtCurvePoint;

typedef struct
{
  double  x;
  char   *text;
} DtCurveMarker;

typedef enum
{
  DT_CURVE_LOSS,
  DT_CURVE_ACCURACY,
} DtCurveMetric;

/* An exponential moving average in progress: the biased accumulator, and the weight it
 * carries (1 − s^n over the n finite values seen so far). */
typedef struct
{
  double acc;
  double weight;
} DtCurveEma;

typedef struct
{
  char       *label;
  GArray     *batch;           /* DtCurvePoint: raw per-batch values */
  GArray     *smooth;          /* DtCurvePoint: debiased EMA of batch, same length and x */
  GArray     *test;            /* DtCurvePoint: per-epoch test evaluation */
  GArray     *markers;         /* DtCurveMarker */
  double      smoothing;
  DtCurveEma  ema_loss;        /* where smooth stands, to continue it */
  DtCurveEma  ema_acc;
  guint       palette_index;   /* colour slot once the run is an earlier run */
} DtCurveRun;

/* The runs as the drawing code sees them. */
typedef struct
{
  DtCurveRun *const *runs;   /* oldest first; the current run is the last one */
  guint              n_runs;
  double             x_max;  /* planned epochs, 0 = fit the data */
} DtCurveModel;

DtCurveRun *dt_curve_run_new            (const char        *label,
                                         double             smoothing);
void        dt_curve_run_free           (DtCurveRun        *run);
void        dt_curve_run_set_label      (DtCurveRun        *run,
                                         const char        *label);
void        dt_curve_run_append_batch   (DtCurveRun        *run,
                                         double             x,
                                         double             loss,
                                         double             acc);
void        dt_curve_run_append_test    (DtCurveRun        *run,
                                         double             x,
                                         double             loss,
                                         double             acc);
void        dt_curve_run_add_marker     (DtCurveRun        *run,
                                         double             x,
                                         const char        *text);
void        dt_curve_run_set_smoothing  (DtCurveRun        *run,
                                         double             smoothing);
/* Whether the run has a batch or a test point (markers alone do not count). */
gboolean    dt_curve_run_has_points     (const DtCurveRun  *run);
/* Index of the batch point whose x is closest to `x`, or -1 when there is none.  Assumes x
 * grows along the run (it does: training only moves forward). */
gssize      dt_curve_run_find_batch     (const DtCurveRun  *run,
                                         double             x);

/* Whether any run has points (otherwise the empty state is drawn). */
gboolean    dt_curve_model_has_data     (const DtCurveModel *model);

/* The debiased exponential moving average TensorBoard draws: with s the smoothing factor,
 * acc ← s·acc + (1 − s)·v and the shown value is acc / (1 − s^n), so the first point equals
 * the first value instead of being dragged towards 0.  Non-finite values are skipped (the
 * output repeats the previous smoothed value, or NaN before any finite value).
 * values and out may alias. */
void        dt_curve_ema_debiased       (const double      *values,
                                         gsize              n,
                                         double             smoothing,
                                         double            *out);

typedef struct
{
  double px;     /* pixel column centre */
  double value;  /* data value */
} DtCurveVertex;

typedef struct
{
  double px;     /* pixel column centre */
  double lo;     /* smallest value in the column */
  double hi;     /* largest value in the column */
} DtCurveBand;

typedef enum
{
  DT_CURVE_DECIMATE_BAND,   /* one DtCurveBand per column: its minimum and maximum */
  DT_CURVE_DECIMATE_MEAN,   /* one DtCurveVertex per column: its mean */
} DtCurveDecimation;

/* Decimates one metric of `points` for drawing on a span of `width` pixels starting at
 * `px0` under `x_axis`: one element per pixel column.  Bands keep spikes, and the raw series
 * draws as one filled envelope (two edges, so at most two vertices per column); the mean is
 * for series that are smooth already.  Non-finite values are skipped.  Appends to `out`
 * (an array of DtCurveBand or DtCurveVertex, as `kind` says) and returns how many were
 * appended. */
gsize       dt_curve_decimate           (const DtCurvePoint *points,
                                         gsize               n,
                                         DtCurveMetric       metric,
                                         const DtChartAxis  *x_axis,
                                         double              px0,
                                         double              width,
                                         DtCurveDecimation   kind,
                                         GArray             *out);

static inline double
dt_curve_point_get (const DtCurvePoint *p,
                    DtCurveMetric       metric)
{
  return metric == DT_CURVE_LOSS ? p->loss : p->acc;
}

G_END_DECLS
