/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curve-export.c — DtCurveView exports: CSV, PNG, SVG and their errors */
#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>

#include "dt-test-curve.h"

/* CSV --------------------------------------------------------------------------------- */

/* Splits one CSV line (RFC 4180 quoting) into fields. */
static GPtrArray *
csv_split (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *c = line;; c++)
    {
      if (quoted && *c == '"' && c[1] == '"')
        {
          g_string_append_c (field, '"');
          c++;
        }
      else if (*c == '"')
        quoted = !quoted;
      else if ((*c == ',' && !quoted) || *c == '\0')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          if (*c == '\0')
            break;
          field = g_string_new (NULL);
        }
      else
        g_string_append_c (field, *c);
    }
  return fields;
}

static void
test_export_csv (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  g_autofree char *path = dt_test_curve_tmp_path ("curves.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_batch[2] = { 0, 0 }, n_test = 0, n_marker = 0;

  dt_curve_view_begin_run (view, "lr 0.01, \"fast\"");
  dt_curve_view_append_batch (view, 0.5, 1.25, 0.5);
  dt_curve_view_append_batch (view, 1, 0.75, 0.625);
  dt_curve_view_begin_run (view, "lr 0.001 · ρ 0.9 · ε 1e-08");
  dt_test_curve_append_run (view, 300, 1, 3);
  dt_curve_view_append_test (view, 1, 0.3125, 0.9375);
  dt_curve_view_add_marker (view, 0.25, "lr → 0.002");

  g_assert_true (dt_curve_view_export_csv (view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "run,label,kind,epoch,loss,accuracy,note");

  for (guint i = 1; lines[i] && lines[i][0]; i++)
    {
      g_autoptr(GPtrArray) f = csv_split (lines[i]);
      const char *kind;
      guint run;

      g_assert_cmpuint (f->len, ==, 7);
      run = atoi (g_ptr_array_index (f, 0));
      kind = g_ptr_array_index (f, 2);
      g_assert_cmpstr (g_ptr_array_index (f, 1), ==,
                       run == 1 ? "lr 0.01, \"fast\"" : "lr 0.001 · ρ 0.9 · ε 1e-08");
      if (g_str_equal (kind, "batch"))
        {
          const DtCurvePoint *p = &g_array_index (dt_curve_view_get_run (view, run - 1)->batch,
                                                  DtCurvePoint, n_batch[run - 1]++);
          double x = g_ascii_strtod (g_ptr_array_index (f, 3), NULL);
          double loss = g_ascii_strtod (g_ptr_array_index (f, 4), NULL);
          double acc = g_ascii_strtod (g_ptr_array_index (f, 5), NULL);

          g_assert_cmpfloat_with_epsilon (x, p->x, 1e-8);
          g_assert_cmpfloat_with_epsilon (loss, p->loss, 1e-8 * p->loss);
          g_assert_cmpfloat_with_epsilon (acc, p->acc, 1e-8);
        }
      else if (g_str_equal (kind, "test"))
        {
          n_test++;
          g_assert_cmpuint (run, ==, 2);
          g_assert_cmpstr (g_ptr_array_index (f, 3), ==, "1");
          g_assert_cmpstr (g_ptr_array_index (f, 4), ==, "0.3125");
          g_assert_cmpstr (g_ptr_array_index (f, 5), ==, "0.9375");
        }
      else
        {
          g_assert_cmpstr (kind, ==, "marker");
          n_marker++;
          g_assert_cmpstr (g_ptr_array_index (f, 3), ==, "0.25");
          g_assert_cmpstr (g_ptr_array_index (f, 4), ==, "");
          g_assert_cmpstr (g_ptr_array_index (f, 6), ==, "lr → 0.002");
        }
    }
  g_assert_cmpuint (n_batch[0], ==, 2);
  g_assert_cmpuint (n_batch[1], ==, 300);
  g_assert_cmpuint (n_test, ==, 1);
  g_assert_cmpuint (n_marker, ==, 1);

  dt_test_curve_remove_tmp (path);
  g_assert_finalize_object (view);
}

/* Images ------------------------------------------------------------------------------ */

static void
test_export_png (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  g_autofree char *path = dt_test_curve_tmp_path ("curves.png");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  DtCurveTheme theme;
  GdkRGBA blue;
  g_autofree char *blue_str = NULL;
  guint empty_blue, full_blue, background;

  dt_curve_theme_init (&theme, &(GdkRGBA) { 0.2, 0.2, 0.2, 1 });
  dt_curve_theme_run_color (&theme, dt_curve_view_get_run (view, 0), TRUE, &blue);
  blue_str = gdk_rgba_to_string (&blue);

  /* Empty: axes and hint only, no curve colour anywhere but the legend swatch. */
  g_assert_true (dt_curve_view_export_png (view, path, 640, 320, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 320);
  empty_blue = dt_test_curve_count_pixels (image, blue_str, 30);
  cairo_surface_destroy (image);

  dt_curve_view_set_x_max (view, 2);
  dt_test_curve_append_run (view, 3750, 2, 5);
  dt_curve_view_append_test (view, 1, 0.3, 0.92);
  dt_curve_view_append_test (view, 2, 0.2, 0.95);
  g_assert_true (dt_curve_view_export_png (view, path, 640, 320, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  full_blue = dt_test_curve_count_pixels (image, blue_str, 30);
  background = dt_test_curve_count_pixels (image, "#ffffff", 0);
  cairo_surface_destroy (image);

  /* Two smoothed lines across ~560 px each, at least 2 px thick. */
  g_assert_cmpuint (full_blue, >, empty_blue + 1500);
  /* Mostly background still: the chart is not a smear. */
  g_assert_cmpuint (background, >, 640 * 320 / 2);

  dt_test_curve_remove_tmp (path);
  g_assert_finalize_object (view);
}

typedef struct
{
  guint    depth;
  char    *root;
  guint    n_paths;
} SvgScan;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  SvgScan *scan = data;

  if (scan->depth++ == 0)
    scan->root = g_strdup (element);
  scan->n_paths += g_str_equal (element, "path");
}

static void
svg_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  ((SvgScan *) data)->depth--;
}

static void
test_export_svg (void)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, NULL, NULL, NULL };
  DtCurveView *view = dt_test_curve_view_new ();
  g_autofree char *path = dt_test_curve_tmp_path ("curves.svg");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgScan scan = { 0 };
  const char *xml;
  gsize length;

  dt_test_curve_append_run (view, 2000, 1, 9);
  dt_curve_view_add_marker (view, 0.5, "ρ → 0.95");
  g_assert_true (dt_curve_view_export_svg (view, path, 800, 400, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));

  xml = contents;
  g_assert_true (g_str_has_prefix (xml, "<?xml") || g_str_has_prefix (xml, "<svg"));
  /* Well-formed XML whose root is <svg>, with drawn paths in it. */
  if (g_str_has_prefix (xml, "<?xml"))
    xml = strstr (xml, "?>") + 2;
  context = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, length - (xml - contents), &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_cmpstr (scan.root, ==, "svg");
  g_assert_cmpuint (scan.depth, ==, 0);
  g_assert_cmpuint (scan.n_paths, >, 10);
  g_assert_nonnull (strstr (contents, "width=\"800"));
  g_free (scan.root);

  dt_test_curve_remove_tmp (path);
  g_assert_finalize_object (view);
}

static void
test_export_errors (void)
{
  DtCurveView *view = dt_test_curve_view_new ();
  g_autoptr(GError) error = NULL;

  dt_test_curve_append_run (view, 100, 1, 1);

  g_assert_false (dt_curve_view_export_png (view, "/nonexistent-dir/curves.png", 320, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_svg (view, "/nonexistent-dir/curves.svg", 320, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_csv (view, "/nonexistent-dir/curves.csv", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (dt_curve_view_export_png (view, "/tmp/never.png", 0, 200, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test ("/tmp/never.png", G_FILE_TEST_EXISTS));

  g_assert_finalize_object (view);
}

int
main (int    argc,
      char **argv)
{
  dt_test_curve_init (&argc, &argv);

  g_test_add_func ("/ui/curve/export/csv", test_export_csv);
  g_test_add_func ("/ui/curve/export/png", test_export_png);
  g_test_add_func ("/ui/curve/export/svg", test_export_svg);
  g_test_add_func ("/ui/curve/export/errors", test_export_errors);

  return g_test_run ();
}
