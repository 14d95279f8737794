/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dt-curve-export.c — DtCurveView's PNG, SVG and CSV exports */
#define G_LOG_DOMAIN "dt-curve-export"

#include "config.h"

#include "dt-curve-view.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dt-curve-view-private.h"

#define MAX_EXPORT_SIZE 16384

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

gboolean
dt_curve_view_export_png (DtCurveView  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, error))
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  dt_curve_view_draw (self, cr, width, height, NULL, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
}

gboolean
dt_curve_view_export_svg (DtCurveView  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (DT_IS_CURVE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (width, height, error))
    return FALSE;

  surface = cairo_svg_surface_create (path, width, height);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cr = cairo_create (surface);
      dt_curve_view_draw (self, cr, width, height, NULL, NULL);
      status = cairo_status (cr);
      cairo_destroy (cr);
      /* Finishing writes the file; write errors only surface here. */
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
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

  /* Runs are numbered from 1, oldest first; the last one is the current run.  The
   * trailing "note" column carries marker texts. */
  n_runs = dt_curve_view_get_n_runs (self);
  for (guint r = 0; r < n_runs; r++)
    {
      const DtCurveRun *run = dt_curve_view_get_run (self, r);

      append_points (csv, r + 1, run, run->batch, "batch");
      append_points (csv, r + 1, run, run->test, "test");
      append_markers (csv, r + 1, run);
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}
