/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sketchpad's accuracy proof, run by hand (see README):
 *
 *   build/tests/bench-sketch [--data-dir DIR] [--count N] [--seed S]
 *
 * Trains the lesson's network for 2 epochs (default settings, seed 1337), then redraws
 * each MNIST test digit the way a user would: upscaled onto a 280×280 canvas at a random
 * position and size (the ink filling 30–90 % of the canvas), thresholded to a solid pen
 * stroke.  Each canvas is classified twice — through nn_preprocess_float (what the app does) and
 * through a plain 10×10 box-filter resize to 28×28 (the classic mistake) — and the three
 * accuracies are printed side by side. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "nn-dataset.h"
#include "nn-preprocess.h"
#include "nn-trainer.h"

#define CANVAS 280
#define SIDE   NN_IMAGE_SIDE

/* the ink's bounding box in a 28×28 digit, [x0, x1) × [y0, y1) */
static void
digit_box (const guint8 *img,
           int          *x0,
           int          *y0,
           int          *x1,
           int          *y1)
{
  *x0 = *y0 = SIDE;
  *x1 = *y1 = 0;
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      if (img[y * SIDE + x] > 0)
        {
          *x0 = MIN (*x0, x);
          *y0 = MIN (*y0, y);
          *x1 = MAX (*x1, x + 1);
          *y1 = MAX (*y1, y + 1);
        }
}

static float
bilinear (const guint8 *img,
          double        u,
          double        v)
{
  int x = (int) floor (u), y = (int) floor (v);
  double fx = u - x, fy = v - y;
  double s = 0;

  for (int dy = 0; dy <= 1; dy++)
    for (int dx = 0; dx <= 1; dx++)
      {
        int xx = x + dx, yy = y + dy;
        double w = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);

        if (xx >= 0 && xx < SIDE && yy >= 0 && yy < SIDE)
          s += w * img[yy * SIDE + xx];
      }
  return (float) (s / 255.0);
}

/* The digit's ink box scaled to fill `fill` of the canvas, placed at random, thresholded
 * at half intensity: a solid stroke as a pen draws it. */
static void
draw_on_canvas (const guint8 *img,
                GRand        *rand,
                float        *canvas)
{
  int x0, y0, x1, y1;
  double fill = g_rand_double_range (rand, 0.30, 0.90);
  double scale, ox, oy;

  digit_box (img, &x0, &y0, &x1, &y1);
  scale = fill * CANVAS / MAX (x1 - x0, y1 - y0);
  ox = g_rand_double_range (rand, -x0 * scale, CANVAS - x1 * scale);
  oy = g_rand_double_range (rand, -y0 * scale, CANVAS - y1 * scale);
  for (int y = 0; y < CANVAS; y++)
    for (int x = 0; x < CANVAS; x++)
      {
        float v = bilinear (img, (x + 0.5 - ox) / scale - 0.5, (y + 0.5 - oy) / scale - 0.5);
        canvas[y * CANVAS + x] = v >= 0.5f ? 1.0f : 0.0f;
      }
}

/* the naive way: average each 10×10 block of the canvas */
static void
plain_resize (const float *canvas,
              float       *out)
{
  const int k = CANVAS / SIDE;

  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        float s = 0;

        for (int j = 0; j < k; j++)
          for (int i = 0; i < k; i++)
            s += canvas[(y * k + j) * CANVAS + x * k + i];
        out[y * SIDE + x] = s / (k * k);
      }
}

static NnTrainer *
train_lesson_model (const NnDataset *train,
                    GError         **error)
{
  g_autoptr(NnTrainer) trainer = NULL;
  NnConfig config;

  nn_config_init_defaults (&config);   /* the lesson: 32 hidden, batch 32, seed 1337 */
  trainer = nn_trainer_new (&config, NN_IMAGE_PIXELS, NN_DATASET_CLASSES, error);
  if (trainer == NULL ||
      !nn_trainer_fit (trainer, NN_DATASET_ARRAYS (train), NN_LESSON_EPOCHS, NULL, error))
    return NULL;
  return g_steal_pointer (&trainer);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = NULL;
  int count = 10000, seed = 42;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Folder holding MNIST", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Test digits to redraw (default all 10,000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed for positions and sizes (default 42)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NnDataset) train = NULL;
  g_autoptr(NnDataset) test = NULL;
  g_autoptr(NnTrainer) trainer = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *dir = NULL;
  g_autofree float *canvas = g_new (float, CANVAS * CANVAS);
  double loss, plain_acc;
  int ok_pre = 0, ok_resize = 0, empty = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (dir = nn_data_find_dir (data_dir, &error)) == NULL ||
      (train = nn_dataset_load (dir, "train", &error)) == NULL ||
      (test = nn_dataset_load (dir, "t10k", &error)) == NULL ||
      (trainer = train_lesson_model (train, &error)) == NULL)
    {
      g_printerr ("bench-sketch: %s\n", error->message);
      return 1;
    }
  count = CLAMP (count, 1, (int) test->n);
  rand = g_rand_new_with_seed ((guint32) seed);
  nn_evaluate (nn_trainer_get_net (trainer), NN_DATASET_ARRAYS (test), &loss, &plain_acc);

  for (int i = 0; i < count; i++)
    {
      float in[SIDE * SIDE], p[NN_DATASET_CLASSES];
      guint8 label = test->labels[i];

      draw_on_canvas (test->images + (gsize) i * SIDE * SIDE, rand, canvas);
      if (nn_preprocess_float (canvas, CANVAS, CANVAS, CANVAS, in))
        ok_pre += nn_preprocess_classify (nn_trainer_get_net (trainer), in, p) == label;
      else
        empty++;
      plain_resize (canvas, in);
      ok_resize += nn_preprocess_classify (nn_trainer_get_net (trainer), in, p) == label;
    }

  printf ("MNIST test set (%zu digits), as stored:        %6.2f %%\n",
          test->n, 100.0 * plain_acc);
  printf ("redrawn on 280×280 (%d digits), preprocessed: %6.2f %%  (%+.2f points)\n",
          count, 100.0 * ok_pre / count, 100.0 * ok_pre / count - 100.0 * plain_acc);
  printf ("redrawn on 280×280 (%d digits), plain resize: %6.2f %%  (%+.2f points)\n",
          count, 100.0 * ok_resize / count, 100.0 * ok_resize / count - 100.0 * plain_acc);
  if (empty > 0)
    printf ("(%d canvases came out empty and count as wrong)\n", empty);
  return 0;
}
