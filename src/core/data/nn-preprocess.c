/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-preprocess"

#include "config.h"

#include "nn-preprocess.h"

#include <math.h>
#include <string.h>

#include "nn-trainer.h"

#define SIDE NN_IMAGE_SIDE
#define BOX  NN_PREPROCESS_BOX

typedef struct
{
  int x0, y0, x1, y1;   /* [x0, x1) × [y0, y1) */
} Rect;

static inline float
ink_at (const float *canvas,
        int          stride,
        int          x,
        int          y)
{
  float v = canvas[(gsize) y * stride + x];

  return v > NN_PREPROCESS_NOISE ? MIN (v, 1.0f) : 0.0f;
}

/* Bounding box, maximum and total of the ink above the noise level.  FALSE when too little
 * ink to be a drawing. */
static gboolean
find_ink (const float *canvas,
          int          width,
          int          height,
          int          stride,
          Rect        *box,
          float       *vmax)
{
  double mass = 0.0;

  *box = (Rect) { width, height, 0, 0 };
  *vmax = 0.0f;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float v = ink_at (canvas, stride, x, y);

        if (v == 0.0f)
          continue;
        mass += v;
        *vmax = MAX (*vmax, v);
        box->x0 = MIN (box->x0, x);
        box->x1 = MAX (box->x1, x + 1);
        box->y0 = MIN (box->y0, y);
        box->y1 = MAX (box->y1, y + 1);
      }
  return *vmax >= 4 * NN_PREPROCESS_NOISE &&
         mass >= MAX (1.0, NN_PREPROCESS_MIN_INK_FRACTION * width * height);
}

/* Area-averages n_src samples src[0], src[step], … onto n_dst cells: destination cell j
 * covers source interval [origin + (j − offset)/scale, origin + (j + 1 − offset)/scale),
 * each source sample weighted by how much of that interval it covers; samples outside
 * [0, n_src) count as paper. */
static void
resample_line (const float *src,
               gsize        src_step,
               int          n_src,
               float       *dst,
               gsize        dst_step,
               int          n_dst,
               double       offset,
               double       scale)
{
  for (int j = 0; j < n_dst; j++)
    {
      double a = (j - offset) / scale;
      double b = (j + 1 - offset) / scale;
      double sum = 0.0;
      int k0 = MAX (0, (int) floor (a));
      int k1 = MIN (n_src, (int) ceil (b));

      for (int k = k0; k < k1; k++)
        {
          double cover = MIN (b, k + 1.0) - MAX (a, (double) k);

          if (cover > 0)
            sum += src[k * src_step] * cover;
        }
      dst[j * dst_step] = (float) (sum * scale);
    }
}

/* The ink in box → box_img (BOX, BOX), longer side filling all BOX pixels, centred. */
static void
scale_into_box (const float *canvas,
                int          stride,
                const Rect  *box,
                float        vmax,
                float       *box_img)
{
  int bw = box->x1 - box->x0;
  int bh = box->y1 - box->y0;
  double scale = (double) BOX / MAX (bw, bh);
  double off_x = (BOX - bw * scale) / 2;
  double off_y = (BOX - bh * scale) / 2;
  g_autofree float *row = g_new (float, bw);
  g_autofree float *tmp = g_new (float, (gsize) bh * BOX);   /* (bh, BOX) */

  for (int y = 0; y < bh; y++)
    {
      for (int x = 0; x < bw; x++)
        row[x] = ink_at (canvas, stride, box->x0 + x, box->y0 + y) / vmax;
      resample_line (row, 1, bw, tmp + (gsize) y * BOX, 1, BOX, off_x, scale);
    }
  for (int x = 0; x < BOX; x++)
    resample_line (tmp + x, BOX, bh, box_img + x, BOX, BOX, off_y, scale);
  for (int i = 0; i < BOX * BOX; i++)
    box_img[i] = CLAMP (box_img[i], 0.0f, 1.0f);
}

gboolean
nn_preprocess_centre_of_mass (const float *image,
                              int          width,
                              int          height,
                              double      *row,
                              double      *col)
{
  double m = 0.0, r = 0.0, c = 0.0;

  g_return_val_if_fail (image != NULL, FALSE);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double v = image[y * width + x];

        m += v;
        r += v * y;
        c += v * x;
      }
  if (m <= 0.0)
    return FALSE;
  *row = r / m;
  *col = c / m;
  return TRUE;
}

/* The whole-pixel shift that brings com to the centre, clamped so the non-zero span
 * [lo, hi] of the box stays inside the frame. */
static int
centring_shift (double com,
                int    lo,
                int    hi)
{
  int shift = (int) floor (NN_PREPROCESS_CENTRE - com + 0.5);

  return CLAMP (shift, -lo, SIDE - 1 - hi);
}

static void
place_in_frame (const float *box_img,
                float       *out)
{
  double com_r, com_c;
  int r_lo = BOX, r_hi = -1, c_lo = BOX, c_hi = -1;
  int dy, dx;

  for (int y = 0; y < BOX; y++)
    for (int x = 0; x < BOX; x++)
      if (box_img[y * BOX + x] > 0.0f)
        {
          r_lo = MIN (r_lo, y);
          r_hi = MAX (r_hi, y);
          c_lo = MIN (c_lo, x);
          c_hi = MAX (c_hi, x);
        }
  memset (out, 0, sizeof (float) * NN_IMAGE_PIXELS);
  if (!nn_preprocess_centre_of_mass (box_img, BOX, BOX, &com_r, &com_c))
    return;
  dy = centring_shift (com_r, r_lo, r_hi);
  dx = centring_shift (com_c, c_lo, c_hi);
  for (int y = r_lo; y <= r_hi; y++)
    memcpy (out + (y + dy) * SIDE + c_lo + dx, box_img + y * BOX + c_lo,
            sizeof (float) * (c_hi - c_lo + 1));
}

gboolean
nn_preprocess_float (const float *canvas,
                     int          width,
                     int          height,
                     int          stride,
                     float       *out)
{
  float box_img[BOX * BOX];
  float vmax;
  Rect box;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof (float) * NN_IMAGE_PIXELS);
  g_return_val_if_fail (canvas != NULL || width * height == 0, FALSE);
  g_return_val_if_fail (width >= 0 && height >= 0 && stride >= width, FALSE);

  if (width == 0 || height == 0 || !find_ink (canvas, width, height, stride, &box, &vmax))
    return FALSE;
  scale_into_box (canvas, stride, &box, vmax, box_img);
  place_in_frame (box_img, out);
  return TRUE;
}

gboolean
nn_preprocess_u8 (const guint8 *canvas,
                  int           width,
                  int           height,
                  int           stride,
                  float        *out)
{
  g_autofree float *f = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (canvas != NULL || width * height == 0, FALSE);
  g_return_val_if_fail (width >= 0 && height >= 0 && stride >= width, FALSE);

  f = g_new (float, MAX ((gsize) width * height, 1));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      f[(gsize) y * width + x] = canvas[(gsize) y * stride + x] / 255.0f;
  return nn_preprocess_float (f, width, height, width, out);
}

void
nn_preprocess_to_bytes (const float *input,
                        guint8      *bytes)
{
  for (int i = 0; i < NN_IMAGE_PIXELS; i++)
    bytes[i] = (guint8) lrintf (CLAMP (input[i], 0.0f, 1.0f) * 255.0f);
}

int
nn_preprocess_classify (const NnNet *net,
                        const float *input,
                        float       *probs)
{
  g_return_val_if_fail (net != NULL && input != NULL && probs != NULL, -1);
  g_return_val_if_fail (net->n_in == NN_IMAGE_PIXELS, -1);

  nn_predict (net, input, probs);
  return nn_argmax (probs, net->n_out);
}
