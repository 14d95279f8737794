/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "nn-dataset.h"
#include "nn-preprocess.h"
#include "nn-user-samples.h"
#include "nn-trainer.h"
#include "dt-test-util.h"

#define N NN_IMAGE_PIXELS

/* the real MNIST, found before main() points XDG_DATA_HOME elsewhere */
static char *mnist_dir;

/* A "2" as a polyline in a unit box (x right, y down), and a lopsided "7". */
static const double two[][2] = {
  { 0.10, 0.25 }, { 0.30, 0.05 }, { 0.70, 0.05 }, { 0.90, 0.25 }, { 0.85, 0.45 },
  { 0.10, 0.95 }, { 0.95, 0.95 },
};
static const double seven[][2] = {
  { 0.20, 0.05 }, { 0.85, 0.05 }, { 0.55, 0.55 }, { 0.40, 0.95 },
};
/* so lopsided that centring it would push ink out of the frame */
static const double gamma_shape[][2] = {
  { 0.0, 1.0 }, { 0.0, 0.0 }, { 1.0, 0.0 },
};

static double
segment_distance (double px, double py, const double *a, const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double t = ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy);

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - a[0] - t * dx, py - a[1] - t * dy);
}

/* Strokes pts (unit box) scaled to size×size at (ox, oy) with a round pen of width
 * pen·size, anti-aliased over one pixel, into a width × height float canvas. */
static void
draw (float *canvas, int width, int height, const double (*pts)[2], int n_pts,
      double ox, double oy, double size, double pen)
{
  double radius = pen * size / 2;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double ux = (x + 0.5 - ox) / size, uy = (y + 0.5 - oy) / size;
        double d = G_MAXDOUBLE;

        for (int i = 0; i + 1 < n_pts; i++)
          d = MIN (d, segment_distance (ux, uy, pts[i], pts[i + 1]) * size);
        canvas[y * width + x] = MAX (canvas[y * width + x],
                                     (float) CLAMP (radius + 0.5 - d, 0.0, 1.0));
      }
}

static double
mean_abs_diff (const float *a, const float *b)
{
  double sum = 0;

  for (int i = 0; i < N; i++)
    sum += fabs (a[i] - b[i]);
  return sum / N;
}

static void
ink_extent (const float *img, int *rows, int *cols)
{
  int r0 = 28, r1 = -1, c0 = 28, c1 = -1;

  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      if (img[y * 28 + x] > 0)
        {
          r0 = MIN (r0, y);
          r1 = MAX (r1, y);
          c0 = MIN (c0, x);
          c1 = MAX (c1, x);
        }
  *rows = r1 - r0 + 1;
  *cols = c1 - c0 + 1;
}

static void
assert_mnist_like (const float *out)
{
  double r, c;
  int rows, cols;

  g_assert_true (nn_preprocess_centre_of_mass (out, 28, 28, &r, &c));
  g_assert_cmpfloat (fabs (r - 14.0), <=, 0.5);
  g_assert_cmpfloat (fabs (c - 14.0), <=, 0.5);
  ink_extent (out, &rows, &cols);
  g_assert_cmpint (MAX (rows, cols), ==, 20);
  for (int i = 0; i < N; i++)
    {
      g_assert_cmpfloat (out[i], >=, 0.0f);
      g_assert_cmpfloat (out[i], <=, 1.0f);
    }
}

/* The same digit drawn small in a corner and large in the middle looks the same to the
 * network: mean absolute difference under 0.05 per pixel (values are in [0, 1]). */
static void
test_scale_invariance (void)
{
  const int W = 280, H = 280;
  g_autofree float *small = g_new0 (float, W * H);
  g_autofree float *large = g_new0 (float, W * H);
  float a[N], b[N];

  draw (small, W, H, two, G_N_ELEMENTS (two), 12, 15, 70, 0.14);
  draw (large, W, H, two, G_N_ELEMENTS (two), 35, 30, 220, 0.14);
  g_assert_true (nn_preprocess_float (small, W, H, W, a));
  g_assert_true (nn_preprocess_float (large, W, H, W, b));
  g_test_message ("mean |small - large| = %.4f", mean_abs_diff (a, b));
  g_assert_cmpfloat (mean_abs_diff (a, b), <, 0.05);
  assert_mnist_like (a);
  assert_mnist_like (b);
}

static void
test_centre_and_box (void)
{
  const int W = 300, H = 200;   /* not square, on purpose */
  g_autofree float *canvas = g_new0 (float, W * H);
  float out[N];
  double r, c;

  /* lopsided: much of the 7's ink is in its top bar */
  draw (canvas, W, H, seven, G_N_ELEMENTS (seven), 150, 20, 150, 0.12);
  g_assert_true (nn_preprocess_float (canvas, W, H, W, out));
  assert_mnist_like (out);
  nn_preprocess_centre_of_mass (out, 28, 28, &r, &c);
  g_test_message ("seven: centre of mass (%.3f, %.3f)", r, c);
}

/* A shape whose centre of mass is far in a corner keeps all its ink: the shift stops at
 * the frame's edge. */
static void
test_clamped_shift (void)
{
  const int W = 100, H = 100;
  g_autofree float *canvas = g_new0 (float, W * H);
  float out[N];
  double r, c;
  int rows, cols;

  draw (canvas, W, H, gamma_shape, G_N_ELEMENTS (gamma_shape), 10, 10, 80, 0.05);
  g_assert_true (nn_preprocess_float (canvas, W, H, W, out));
  ink_extent (out, &rows, &cols);
  g_assert_cmpint (rows, ==, 20);
  g_assert_cmpint (cols, ==, 20);
  /* pushed as far as it goes: the stem ends on the last row, the bar on the last column */
  g_assert_cmpfloat (out[27 * 28 + 8], >, 0.0f);
  g_assert_cmpfloat (out[8 * 28 + 27], >, 0.0f);
  g_assert_cmpfloat (out[7 * 28 + 12], ==, 0.0f);
  nn_preprocess_centre_of_mass (out, 28, 28, &r, &c);
  g_assert_cmpfloat (r, <, 13.5);
  g_assert_cmpfloat (c, <, 13.5);
}

/* A wide, flat shape gets its width scaled to 20 px and keeps its aspect ratio. */
static void
test_aspect_ratio (void)
{
  const int W = 200, H = 200;
  static const double dash[][2] = { { 0.0, 0.5 }, { 1.0, 0.5 } };
  g_autofree float *canvas = g_new0 (float, W * H);
  float out[N];
  int rows, cols;

  /* 100 px long, 20 px thick (pen 0.2 of 100) plus the round caps → 120 × 20 */
  draw (canvas, W, H, dash, 2, 50, 50, 100, 0.2);
  g_assert_true (nn_preprocess_float (canvas, W, H, W, out));
  ink_extent (out, &rows, &cols);
  g_assert_cmpint (cols, ==, 20);
  g_assert_cmpint (rows, >=, 3);
  g_assert_cmpint (rows, <=, 5);    /* 20 × 20/120 ≈ 3.3 px, plus fractional edges */
  assert_mnist_like (out);
}

static void
test_range_and_bytes (void)
{
  const int W = 90, H = 120, STRIDE = 128;
  g_autofree guint8 *bytes = g_new0 (guint8, STRIDE * H);
  g_autofree float *canvas = g_new0 (float, W * H);
  float from_u8[N], from_float[N];
  guint8 back[N];

  draw (canvas, W, H, two, G_N_ELEMENTS (two), 10, 20, 70, 0.15);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      bytes[y * STRIDE + x] = (guint8) lrintf (canvas[y * W + x] * 255);
  /* padding past the width must be ignored */
  for (int y = 0; y < H; y++)
    memset (bytes + y * STRIDE + W, 255, STRIDE - W);
  g_assert_true (nn_preprocess_u8 (bytes, W, H, STRIDE, from_u8));
  g_assert_true (nn_preprocess_float (canvas, W, H, W, from_float));
  assert_mnist_like (from_u8);
  g_assert_cmpfloat (mean_abs_diff (from_u8, from_float), <, 0.01);

  /* a faint pencil (ink at 0.5) is stretched to full scale like a pen */
  for (int i = 0; i < W * H; i++)
    canvas[i] *= 0.5f;
  g_assert_true (nn_preprocess_float (canvas, W, H, W, from_u8));
  g_assert_cmpfloat (mean_abs_diff (from_u8, from_float), <, 0.02);

  /* values above 1 are clamped, never leak out of [0, 1] */
  for (int i = 0; i < W * H; i++)
    canvas[i] *= 10.0f;
  g_assert_true (nn_preprocess_float (canvas, W, H, W, from_float));
  assert_mnist_like (from_float);

  nn_preprocess_to_bytes (from_float, back);
  for (int i = 0; i < N; i++)
    g_assert_cmpfloat (fabsf (back[i] / 255.0f - from_float[i]), <=, 0.5f / 255 + 1e-6f);
}

static void
assert_all_zero (const float *out)
{
  for (int i = 0; i < N; i++)
    g_assert_cmpfloat (out[i], ==, 0.0f);
}

static void
test_empty (void)
{
  const int W = 280, H = 280;
  g_autofree float *canvas = g_new0 (float, W * H);
  float out[N];

  memset (out, 0xff, sizeof out);
  g_assert_false (nn_preprocess_float (canvas, W, H, W, out));
  assert_all_zero (out);
  g_assert_false (nn_preprocess_float (NULL, 0, 0, 0, out));

  /* paper noise everywhere is not a digit */
  for (int i = 0; i < W * H; i++)
    canvas[i] = (i % 7) * 0.01f;
  g_assert_false (nn_preprocess_float (canvas, W, H, W, out));

  /* nor is one stray pixel on a big canvas */
  canvas[140 * W + 140] = 1.0f;
  g_assert_false (nn_preprocess_float (canvas, W, H, W, out));
  assert_all_zero (out);

  /* but a short real stroke is */
  for (int x = 100; x < 130; x++)
    for (int y = 138; y < 142; y++)
      canvas[y * W + x] = 1.0f;
  g_assert_true (nn_preprocess_float (canvas, W, H, W, out));
}

/* MNIST digits are already normalised: preprocessing one must give it back (up to the
 * ±0.5 px rounding of the centring shift that MNIST itself used). */
static void
test_mnist_fixed_point (void)
{
  g_autoptr(GError) error = NULL;
  const char *dir = mnist_dir;
  g_autoptr(NnDataset) train = NULL;
  guint same = 0, n = 2000;
  double diff = 0;

  if (!dt_test_require (dir != NULL, "MNIST is not fetched (build-aux/fetch-mnist.sh)"))
    return;
  train = nn_dataset_load (dir, "t10k", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      const guint8 *img = train->images + (gsize) i * N;
      float in[N], out[N];
      double d;

      for (int k = 0; k < N; k++)
        in[k] = img[k] / 255.0f;
      g_assert_true (nn_preprocess_u8 (img, 28, 28, 28, out));
      d = mean_abs_diff (in, out);
      diff += d;
      same += d < 0.01;
    }
  g_test_message ("MNIST fixed point: %u of %u unchanged, mean |diff| %.4f", same, n, diff / n);
  g_assert_cmpfloat (same, >=, 0.7 * n);
}

static void
test_classify (void)
{
  NnNet *net = nn_net_new (N, 32, 10);
  const int W = 100, H = 100;
  g_autofree float *canvas = g_new0 (float, W * H);
  float in[N], p[10], q[10];
  double sum = 0;
  int best;

  nn_net_init_glorot (net, 1337);
  draw (canvas, W, H, seven, G_N_ELEMENTS (seven), 10, 10, 80, 0.12);
  g_assert_true (nn_preprocess_float (canvas, W, H, W, in));
  best = nn_preprocess_classify (net, in, p);
  nn_predict (net, in, q);
  g_assert_cmpint (best, ==, nn_argmax (q, 10));
  for (int k = 0; k < 10; k++)
    {
      g_assert_cmpfloat (p[k], ==, q[k]);
      sum += p[k];
    }
  g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-5);
  nn_net_free (net);
}

static void
fill_sample (guint8 *img, guint8 seed)
{
  for (int i = 0; i < N; i++)
    img[i] = (guint8) (i * 7 + seed);
}

static void
test_user_samples_round_trip (void)
{
  g_autofree char *dir = nn_user_samples_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) empty = NULL;
  g_autoptr(NnDataset) one = NULL;
  g_autoptr(NnDataset) two_ds = NULL;
  g_autoptr(NnDataset) again = NULL;
  guint8 a[N], b[N];

  /* main() points XDG_DATA_HOME at a temporary directory */
  g_assert_cmpstr (g_get_user_data_dir (), ==, g_getenv ("XDG_DATA_HOME"));
  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (dir, "digit-trainer/user-samples"));

  empty = nn_user_samples_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->n, ==, 0);

  fill_sample (a, 1);
  fill_sample (b, 2);
  one = nn_user_samples_append (dir, a, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->n, ==, 1);
  two_ds = nn_user_samples_append (dir, b, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two_ds->n, ==, 2);

  again = nn_user_samples_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n, ==, 2);
  g_assert_cmpint (again->rows, ==, 28);
  g_assert_cmpint (again->labels[0], ==, 7);
  g_assert_cmpint (again->labels[1], ==, 3);
  g_assert_cmpmem (again->images, N, a, N);
  g_assert_cmpmem (again->images + N, N, b, N);
}

/* A crash between the two renames leaves one unlabelled image: it is dropped. */
static void
test_user_samples_torn (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "torn", NULL);
  g_autofree char *ipath = g_build_filename (dir, NN_USER_SAMPLES_IMAGES, NULL);
  g_autofree char *lpath = g_build_filename (dir, NN_USER_SAMPLES_LABELS, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) ds = nn_dataset_new (2, 28, 28);
  g_autoptr(NnDataset) loaded = NULL;
  guint32 idims[3] = { 3, 28, 28 };
  g_autofree guint8 *three = g_new0 (guint8, 3 * N);
  guint8 bad_labels[2] = { 1, 42 };
  guint32 ldims[1] = { 2 };

  ds->labels[0] = 4;
  ds->labels[1] = 5;
  g_assert_true (nn_user_samples_save (dir, ds, &error));
  g_assert_no_error (error);
  g_assert_true (nn_idx_save (ipath, 3, idims, three, &error));
  loaded = nn_user_samples_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->n, ==, 2);
  g_assert_cmpint (loaded->labels[1], ==, 5);

  /* a label that is not a digit is an error, not a crash later in training */
  g_assert_true (nn_idx_save (lpath, 1, ldims, bad_labels, &error));
  g_assert_null (nn_user_samples_load (dir, &error));
  g_assert_error (error, NN_DATA_ERROR, NN_DATA_ERROR_CORRUPT);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *real_data = NULL;
  g_autofree char *candidate = NULL;
  int status;

  /* where the default lookup would find MNIST, worked out without g_get_user_data_dir(),
   * which would cache the real data dir for the whole test */
  real_data = g_strdup (g_getenv ("XDG_DATA_HOME"));
  if (real_data == NULL || *real_data == '\0')
    {
      g_free (real_data);
      real_data = g_build_filename (g_get_home_dir (), ".local", "share", NULL);
    }
  candidate = g_build_filename (real_data, "digit-trainer", "mnist", NULL);
  /* a private XDG_DATA_HOME for the user samples (G_TEST_OPTION_ISOLATE_DIRS would do
   * this too, but GLib leaks the old paths then, which LeakSanitizer reports) */
  home = g_dir_make_tmp ("dt-test-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  mnist_dir = nn_data_find_dir (candidate, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preprocess/scale-invariance", test_scale_invariance);
  g_test_add_func ("/preprocess/centre-and-box", test_centre_and_box);
  g_test_add_func ("/preprocess/clamped-shift", test_clamped_shift);
  g_test_add_func ("/preprocess/aspect-ratio", test_aspect_ratio);
  g_test_add_func ("/preprocess/range-and-bytes", test_range_and_bytes);
  g_test_add_func ("/preprocess/empty", test_empty);
  g_test_add_func ("/preprocess/mnist-fixed-point", test_mnist_fixed_point);
  g_test_add_func ("/preprocess/classify", test_classify);
  g_test_add_func ("/user-samples/round-trip", test_user_samples_round_trip);
  g_test_add_func ("/user-samples/torn-pair", test_user_samples_torn);
  status = g_test_run ();
  dt_test_rm_rf (home);   /* what this test wrote under its temporary XDG_DATA_HOME */
  return status;
}
