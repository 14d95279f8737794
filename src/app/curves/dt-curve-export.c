/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-export.c — DtCurveView's outputs besides the screen: PNG, SVG and CSV exports and
 * the accessible description */
#define G_LOG_DOMAIN "dt-curve-export"

#include "config.h"

#include "dt-curve-view.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dt-curve-view-private.h"
#include "dt-zoom.h"

#define MAX_EXPORT_SIZE 16384

/* Images ------------------------------------------------------------------------------ */

void
dt_curve_view_draw (DtCurveView      *self,
                    cairo_t          *cr,
                    int               width,
                    int               height,
                    DtCurveGeometry  *geometry,
                    DtCurveDrawStats *stats)
{
  PangoContext *widget_pango;
  PangoContext *pango;
  cairo_font_options_t *options;
  DtCurveTheme theme;
  DtCurveModel model;
  DtCurveScene scene = { NULL, width, height, &model, &theme, 1 };
  double resolution;

  g_return_if_fail (DT_IS_CURVE_VIEW (self));

  dt_curve_theme_init_from_widget (&theme, GTK_WIDGET (self));
  theme.fill_background = TRUE;
  dt_curve_view_get_model (self, &model);

  /* A Pango context for this Cairo target, with the widget's font and resolution, so the
   * export lays out like the screen does — at 100 %: an export's size is given in pixels,
   * and the presentation zoom (dt-zoom.h, which raises the resolution) is for the room. */
  widget_pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  pango = pango_cairo_create_context (cr);
  pango_context_set_font_description (pango, pango_context_get_font_description (widget_pango));
  resolution = pango_cairo_context_get_resolution (widget_pango) / dt_zoom_get ();
  pango_cairo_context_set_resolution (pango, resolution > 0 ? resolution : 96);
  options = cairo_font_options_create ();
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);

  scene.pango = pango;
  dt_curve_draw (cr, &scene, DT_CURVE_LAYER_ALL, geometry, stats);
  g_object_unref (pango);
}

/* Accessible description ------------------------------------------------------------- */

char *
dt_curve_view_dup_description (DtCurveView *self)
{
  const DtCurveRun *run;
  DtCurveModel model;
  GString *s;
  guint n_earlier;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), NULL);

  dt_curve_view_get_model (self, &model);
  run = model.runs[model.n_runs - 1];
  n_earlier = model.n_runs - 1;
  s = g_string_new (NULL);

  if (run->batch->len > 0)
    {
      const DtCurvePoint *p = &g_array_index (run->smooth, DtCurvePoint, run->smooth->len - 1);

      g_string_append_printf (s, _("Epoch %.2f: loss %.3f, accuracy %.1f%%."),
                              p->x, p->loss, 100 * p->acc);
    }
  else
    g_string_append (s, _("No training data yet."));

  if (run->test->len > 0)
    {
      const DtCurvePoint *t = &g_array_index (run->test, DtCurvePoint, run->test->len - 1);

      g_string_append_c (s, ' ');
      g_string_append_printf (s, _("Test set: loss %.3f, accuracy %.1f%%."),
                              t->loss, 100 * t->acc);
    }
  if (n_earlier > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "%u earlier run shown dimmed.",
                                              "%u earlier runs shown dimmed.", n_earlier),
                              n_earlier);
    }

  return g_string_free (s, FALSE);
}

static gboolean
check_size (int      width,
            int      height,
            GError **error)
{
  if (width > 0 && height > 0 && width <= MAX_EXPORT_SIZE && height <= MAX_EXPORT_SIZE)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Cannot export an image of %d × %d pixels"), width, height);
  return FALSE;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  g_autofree char *display = NULL;

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  display = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Could not write “%s”: %s"), display, cairo_status_to_string (status));
  return FALSE;
}

typedef enum
{
  IMAGE_PNG,
  IMAGE_SVG,
} ImageFormat;

/* The chart drawn as on screen into a PNG (rendered in memory, then written) or an SVG
 * (written as it is drawn). */
static gboolean
export_image (DtCurveView  *self,
              const char   *path,
              int           width,
              int           height,
              ImageFormat   format,
              GError      **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  if (!check_size (width, height, error))
    return FALSE;

  if (format == IMAGE_SVG)
    surface = cairo_svg_surface_create (path, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_t *cr = cairo_create (surface);

      dt_curve_view_draw (self, cr, width, height, NULL, NULL);
      status = cairo_status (cr);
      cairo_destroy (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS && format == IMAGE_PNG)
    status = cairo_surface_write_to_png (surface, path);
  if (format == IMAGE_SVG)
    {
      /* Finishing writes the file; write errors only surface here. */
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
}

gboolean
dt_curve_view_export_png (DtCurveView  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_image (self, path, width, height, IMAGE_PNG, error);
}

gboolean
dt_curve_view_export_svg (DtCurveView  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_image (self, path, width, height, IMAGE_SVG, error);
}

/* CSV -------------------------------------------------------------------------------- */

static void
append_field (GString    *csv,
              const char *text)
{
  /* RFC 4180: quote fields holding separators, quotes or line breaks. */
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *c);
    }
  g_string_append_c (csv, '"');
}

static void
append_number (GString *csv,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Always a C-locale '.', whatever the user's locale, so spreadsheets and scripts agree. */
  g_string_append (csv, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

static void
append_points (GString          *csv,
               guint             run_number,
               const DtCurveRun *run,
               const GArray     *points,
               const char       *kind)
{
  for (guint i = 0; i < points->len; i++)
    {
      const DtCurvePoint *p = &g_array_index (points, DtCurvePoint, i);

      g_string_append_printf (csv, "%u,", run_number);
      append_field (csv, run->label);
      g_string_append_printf (csv, ",%s,", kind);
      append_number (csv, p->x);
      g_string_append_c (csv, ',');
      append_number (csv, p->loss);
      g_string_append_c (csv, ',');
      append_number (csv, p->acc);
      g_string_append (csv, ",\n");
    }
}

static void
append_markers (GString          *csv,
                guint             run_number,
                const DtCurveRun *run)
{
  for (guint i = 0; i < run->markers->len; i++)
    {
      const DtCurveMarker *m = &g_array_index (run->markers, DtCurveMarker, i);

      g_string_append_printf (csv, "%u,", run_number);
      append_field (csv, run->label);
      g_string_append (csv, ",marker,");
      append_number (csv, m->x);
      g_string_append (csv, ",,,");
      append_field (csv, m->text);
      g_string_append_c (csv, '\n');
    }
}

/* One line per setting the run started with: kind "param", "lr=0.001" in the note. */
static void
append_params (GString          *csv,
               const DtCurveRun *run)
{
  for (guint i = 0; run->params != NULL && run->params[i] != NULL; i++)
    {
      g_string_append_printf (csv, "%u,", run->number);
      append_field (csv, run->label);
      g_string_append (csv, ",param,,,,");
      append_field (csv, run->params[i]);
      g_string_append_c (csv, '\n');
    }
}

/* The validation points, then the best of them (lowest val_loss) as kind "best". */
static void
append_val (GString          *csv,
            const DtCurveRun *run)
{
  const DtCurvePoint *best = dt_curve_run_best_val (run);
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (DtCurvePoint));

  append_points (csv, run->number, run, run->val, "val");
  if (best == NULL)
    return;
  g_array_append_val (one, *best);
  append_points (csv, run->number, run, one, "best");
}

gboolean
dt_curve_view_export_csv (DtCurveView  *self,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(GString) csv = g_string_new ("run,label,kind,epoch,loss,accuracy,note\n");
  guint n_runs;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Runs by their numbers (Run 1, Run 2 …), oldest first; the last one is the current run.
   * The trailing "note" column carries the settings and the marker texts. */
  n_runs = dt_curve_view_get_n_runs (self);
  for (guint r = 0; r < n_runs; r++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (self, r);

      append_params (csv, run);
      append_points (csv, run->number, run, run->batch, "batch");
      append_points (csv, run->number, run, run->test, "test");
      append_val (csv, run);
      append_markers (csv, run->number, run);
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}
