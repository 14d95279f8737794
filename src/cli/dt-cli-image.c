/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "digit-trainer-cli"

#include "config.h"

#include "dt-cli-image.h"

#include <cairo.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nn-file.h"
#include "nn-preprocess.h"

/* Rec. 601 luma weights, in thousandths */
#define LUMA_R 299
#define LUMA_G 587
#define LUMA_B 114
/* half of the 0–255 scale: light paper or dark, mostly opaque or mostly transparent */
#define HALF_LEVEL 128
/* A drawing or a photo of one needs no more than a few thousand pixels a side; decoded,
 * 4096×4096 is 64 MB for cairo and 100 MB for the grey, alpha and ink planes. */
#define MAX_SIDE      4096
#define MAX_PNG_BYTES ((goffset) 256 << 20)   /* far above any PNG of MAX_SIDE² pixels */
/* The PNG signature, then the IHDR chunk: length, type, width, height (big-endian). */
#define PNG_SIGNATURE_LEN 8
#define PNG_IHDR_TYPE     12
#define PNG_IHDR_WIDTH    16
#define PNG_IHDR_HEIGHT   20
#define PNG_HEADER_LEN    24

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
  g_autofree guint8 *border = g_new (guint8, 2 * (gsize) (w + h));   /* ≤ 32 KB */
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

/* cairo reads the PNG through this, from the descriptor whose header was checked */
static cairo_status_t
read_fd_cb (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  const int *fd = closure;

  while (length > 0)
    {
      gssize got = read (*fd, data, length);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return CAIRO_STATUS_READ_ERROR;
      data += got;
      length -= (unsigned int) got;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
not_png (const char  *path,
         GError     **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
               _("%s: not a PNG image Digit Trainer can read"), path);
  return FALSE;
}

/* The PNG's size from its header, before anything is decoded: a 76 KB file can declare
 * 20000×20000 pixels, 1.6 GB once decoded. */
static gboolean
check_png_header (int          fd,
                  const char  *path,
                  GError     **error)
{
  static const guint8 signature[PNG_SIGNATURE_LEN] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
                                                       '\n' };
  guint8 head[PNG_HEADER_LEN];
  guint32 width, height;

  if (pread (fd, head, sizeof head, 0) != (gssize) sizeof head ||
      memcmp (head, signature, sizeof signature) != 0 ||
      memcmp (head + PNG_IHDR_TYPE, "IHDR", 4) != 0)
    return not_png (path, error);
  memcpy (&width, head + PNG_IHDR_WIDTH, sizeof width);
  memcpy (&height, head + PNG_IHDR_HEIGHT, sizeof height);
  width = GUINT32_FROM_BE (width);
  height = GUINT32_FROM_BE (height);
  if (width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is %u×%u pixels; Digit Trainer reads pictures of up to %d×%d"),
                   path, width, height, MAX_SIDE, MAX_SIDE);
      return FALSE;
    }
  return TRUE;
}

/* The PNG at path as an ARGB32 or RGB24 surface, or NULL with an error. */
static cairo_surface_t *
read_png (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  goffset size;
  int fd = nn_file_open_regular (path, MAX_PNG_BYTES, &size, &local);

  if (fd < 0)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no such file"), path);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!check_png_header (fd, path, error))
    {
      close (fd);
      return NULL;
    }
  surface = cairo_image_surface_create_from_png_stream (read_fd_cb, &fd);
  close (fd);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    surface = to_argb32 (surface);
  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_NO_MEMORY)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                 _("%s: not enough memory to read the picture"), path);
  else
    not_png (path, error);
  return NULL;
}

gboolean
dt_cli_image_load_input (const char  *path,
                         float       *input,
                         GError     **error)
{
  cairo_surface_t *surface = read_png (path, error);
  g_autofree guint8 *grey = NULL;
  g_autofree guint8 *alpha = NULL;
  g_autofree float *ink = NULL;
  int w, h;
  gsize n;
  gboolean ok;

  if (surface == NULL)
    return FALSE;
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  n = (gsize) w * h;
  grey = g_try_new (guint8, n);
  alpha = g_try_new (guint8, n);
  ink = g_try_new (float, n);
  if (grey == NULL || alpha == NULL || ink == NULL)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                   _("%s: not enough memory to read the picture"), path);
      return FALSE;
    }
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
