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

/* Earlier runs kept for comparison, besides the current one: as many as Compare… trains
 * at once (DT_COMPARISON_MAX_RUNS). */
#define DT_CURVE_MAX_EARLIER_RUNS 6

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
  double px;     /* pixel column centre */
  double value;  /* data value */
} DtCurveVertex;

typedef struct
{
  double px;     /* pixel column centre */
  double lo;     /* the column's lower edge: its minimum, or its low percentile */
  double hi;     /* its upper edge: maximum, or high percentile */
} DtCurveBand;

typedef enum
{
  DT_CURVE_DECIMATE_BAND,       /* one DtCurveBand per column: its minimum and maximum */
  DT_CURVE_DECIMATE_MEAN,       /* one DtCurveVertex per column: its mean */
  DT_CURVE_DECIMATE_PERCENTILE, /* one DtCurveBand per column: its 10th to 90th percentile */
} DtCurveDecimation;

/* The low and high percentiles of DT_CURVE_DECIMATE_PERCENTILE: the central 80 % of a
 * column's batches, so more batches per pixel do not make the band look noisier. */
#define DT_CURVE_BAND_LOW   0.10
#define DT_CURVE_BAND_HIGH  0.90

/* One series decimated to pixel columns, kept up to date as points are appended: only the
 * points added since the last update are read (and the still open last column), unless the
 * x axis or the span changed.  The drawing code keeps one per series of every run. */
typedef struct
{
  DtCurveDecimation kind;
  DtCurveMetric     metric;
  double            x_min, x_max, px0, width;   /* what the columns were made for */
  gsize             next;          /* the first point of the open column */
  gint64            open_column;   /* its column, or G_MININT64 before the first point */
  gboolean          has_open;      /* items ends with the open column */
  GArray           *items;         /* DtCurveBand or DtCurveVertex, as kind says */
  GArray           *values;        /* scratch for percentiles */
} DtCurveColumns;

/* A run's cached columns: its raw and smoothed series, loss and accuracy. */
typedef enum
{
  DT_CURVE_COLUMNS_RAW_LOSS,
  DT_CURVE_COLUMNS_RAW_ACC,
  DT_CURVE_COLUMNS_SMOOTH_LOSS,
  DT_CURVE_COLUMNS_SMOOTH_ACC,
  DT_CURVE_N_COLUMNS,
} DtCurveColumnsKind;

typedef struct
{
  char       *label;
  GArray     *batch;           /* DtCurvePoint: raw per-batch values */
  GArray     *smooth;          /* DtCurvePoint: debiased EMA of batch, same length and x */
  GArray     *test;            /* DtCurvePoint: per-epoch test evaluation */
  GArray     *val;             /* DtCurvePoint: per-epoch validation (held-out rows) */
  GArray     *markers;         /* DtCurveMarker */
  double      smoothing;
  DtCurveEma  ema_loss;        /* where smooth stands, to continue it */
  DtCurveEma  ema_acc;
  guint       palette_index;   /* colour slot once the run is an earlier run */
  guint       number;          /* "Run 3": counted by the view from 1 */
  guint       handle;          /* dt_curve_view_add_run's: unique for the view's life, or 0 */
  gboolean    visible;         /* drawn, in the legend and the hover; scales the axes */
  char      **params;          /* "name=value" of every setting it started with, or NULL */
  gboolean    has_result;      /* the end of its latest training, for the runs table: */
  double      train_loss;      /*   running loss and accuracy of its last epoch (Keras's) */
  double      train_acc;
  double      seconds;         /*   time spent training */
  double      start_loss;      /* the first finite smoothed loss (NaN before) */
  double      max_loss;        /* the largest finite smoothed or test loss (0 before) */
  double      min_loss;        /* the smallest positive one (G_MAXDOUBLE before) */
  DtCurveColumns columns[DT_CURVE_N_COLUMNS];   /* drawing's cache, see dt_curve_run_columns */
} DtCurveRun;

/* The runs as the drawing code sees them. */
typedef struct
{
  DtCurveRun *const *runs;   /* oldest first; the current run is the last one */
  guint              n_runs;
  double             x_max;  /* planned epochs, 0 = fit the data */
  gboolean           log_loss;       /* a logarithmic loss axis over every visible run */
  gboolean           accuracy_top;   /* the accuracy axis from DT_CURVE_ACC_TOP_MIN */
  gboolean           high_contrast;  /* a stronger per-batch band */
} DtCurveModel;

/* The bottom of the accuracy axis zoomed to its top range. */
#define DT_CURVE_ACC_TOP_MIN 0.8

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
void        dt_curve_run_append_val     (DtCurveRun        *run,
                                         double             x,
                                         double             loss,
                                         double             acc);
/* The validation point with the lowest loss (the first of equals, as Keras's
 * EarlyStopping keeps it), or NULL without validation. */
const DtCurvePoint *dt_curve_run_best_val (const DtCurveRun *run);
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

/* The run's columns of one series under x_axis on [px0, px0 + width), brought up to date
 * (the run is const to its readers; this cache inside it is not). */
const GArray *dt_curve_run_columns      (const DtCurveRun   *run,
                                         DtCurveColumnsKind  which,
                                         const DtChartAxis  *x_axis,
                                         double              px0,
                                         double              width);
/* "Run 3", or "Run 3 · label". */
char       *dt_curve_run_dup_name       (const DtCurveRun  *run,
                                         gboolean           with_label);

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

void          dt_curve_columns_init     (DtCurveColumns     *columns,
                                         DtCurveDecimation   kind,
                                         DtCurveMetric       metric);
void          dt_curve_columns_clear    (DtCurveColumns     *columns);
/* Forgets the columns (the series was rewritten): the next update reads every point. */
void          dt_curve_columns_reset    (DtCurveColumns     *columns);
/* Brings the columns up to date with points[0, n) (which only ever grows at its end). */
const GArray *dt_curve_columns_update   (DtCurveColumns     *columns,
                                         const DtCurvePoint *points,
                                         gsize               n,
                                         const DtChartAxis  *x_axis,
                                         double              px0,
                                         double              width);

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
