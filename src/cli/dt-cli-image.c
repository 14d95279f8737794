/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-image.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "nn-preprocess.h"

/* Rec. 601 luma weights, in thousandths */
#define LUMA_R 299
#define LUMA_G 587
#define LUMA_B 114
/* half of the 0–255 scale: light paper or dark, mostly opaque or mostly transparent */
#define HALF_LEVEL 128

/* One native-endian ARGB32 pixel (premultiplied): its grey composited over white, and its
 * alpha, in [0, 255]. */
static void
pixel_grey_alpha (guint32  p,
                  gboolean has_alpha,
                  guint8  *grey,
                  guint8  *alpha)
{
  guint a = has_alpha ? p >> 24 : 0xff;
  guint r = (p >> 16) & 0xff;
  guint g = (p >> 8) & 0xff;
  guint b = p & 0xff;
  /* the luma of the premultiplied colour, plus white where it is transparent */
  guint luma = (LUMA_R * r + LUMA_G * g + LUMA_B * b + 500) / 1000 + (0xff - a);

  *grey = (guint8) MIN (luma, 0xffu);
  *alpha = (guint8) a;
}

/* grey and alpha of every pixel */
static void
split_grey_alpha (cairo_surface_t *surface,
                  guint8          *grey,
                  guint8          *alpha)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  gboolean has_alpha = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        guint32 p;

        /* memcpy: a byte pointer promises no alignment */
        memcpy (&p, data + (gsize) y * stride + sizeof p * x, sizeof p);
        pixel_grey_alpha (p, has_alpha, &grey[i], &alpha[i]);
      }
}

/* cairo may hand back other formats (A8, 30-bit …); painting onto ARGB32 normalises them */
static cairo_surface_t *
to_argb32 (cairo_surface_t *surface)
{
  cairo_surface_t *argb;
  cairo_t *cr;

  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32 ||
      cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24)
    {
      cairo_surface_flush (surface);
      return surface;
    }
  argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                     cairo_image_surface_get_width (surface),
                                     cairo_image_surface_get_height (surface));
  cr = cairo_create (argb);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  cairo_surface_flush (argb);
  return argb;
}

static int
compare_u8_cb (const void *a,
               const void *b)
{
  return *(const guint8 *) a - *(const guint8 *) b;
}

static guint8
border_median (const guint8 *img,
               int           w,
               int           h)
{
  g_autofree guint8 *border = g_new (guint8, 2 * (gsize) (w + h));
  gsize n = 0;

  for (int x = 0; x < w; x++)
    {
      border[n++] = img[x];
      border[n++] = img[(gsize) (h - 1) * w + x];
    }
  for (int y = 1; y + 1 < h; y++)
    {
      border[n++] = img[(gsize) y * w];
      border[n++] = img[(gsize) y * w + w - 1];
    }
  qsort (border, n, 1, compare_u8_cb);
  return border[n / 2];
}

/* ink = distance from the paper level, stretched to [0, 1] */
static void
grey_to_ink (const guint8 *grey,
             gsize         n,
             guint8        paper,
             float        *ink)
{
  gboolean dark_ink = paper >= HALF_LEVEL;
  float range = dark_ink ? paper : 255 - paper;

  for (gsize i = 0; i < n; i++)
    {
      float d = dark_ink ? paper - grey[i] : grey[i] - paper;

      ink[i] = range > 0 ? CLAMP (d / range, 0.0f, 1.0f) : 0.0f;
    }
}

gboolean
dt_cli_image_load_input (const char  *path,
                         float       *input,
                         GError     **error)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  cairo_status_t status = cairo_surface_status (surface);
  g_autofree guint8 *grey = NULL;
  g_autofree guint8 *alpha = NULL;
  g_autofree float *ink = NULL;
  int w, h;
  gsize n;
  gboolean ok;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_FILE_ERROR,
                   status == CAIRO_STATUS_FILE_NOT_FOUND ? G_FILE_ERROR_NOENT : G_FILE_ERROR_FAILED,
                   status == CAIRO_STATUS_FILE_NOT_FOUND ? _("%s: no such file")
                   : _("%s: not a PNG image Digit Trainer can read"), path);
      return FALSE;
    }
  surface = to_argb32 (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  n = (gsize) w * h;
  grey = g_new (guint8, n);
  alpha = g_new (guint8, n);
  ink = g_new (float, n);
  split_grey_alpha (surface, grey, alpha);
  cairo_surface_destroy (surface);

  /* strokes on a transparent background: the alpha channel is the ink, whatever colour */
  if (border_median (alpha, w, h) < HALF_LEVEL)
    for (gsize i = 0; i < n; i++)
      ink[i] = alpha[i] / 255.0f;
  else
    grey_to_ink (grey, n, border_median (grey, w, h), ink);

  ok = nn_preprocess_float (ink, w, h, w, input);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s: no digit found (the image is blank)"), path);
  return ok;
}
