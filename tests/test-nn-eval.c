/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Evaluate and Inside pages show, as numbers: the confusion matrix against
 * nn_evaluate, the digits that excite each unit against brute force, weight images against
 * the block's layout, the evidence map against the logit, percentiles against a sorted
 * copy.  (test-optim-stats.c measures the optimizer.) */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn-eval.h"
#include "nn-optim-stats.h"
#include "nn-rng.h"
#include "nn-trainer.h"

#include "dt-test-net.h"

#define N_IN      DT_TEST_N_IN
#define N_OUT     DT_TEST_N_OUT
#define N_ITEMS   1000   /* not a multiple of the evaluation batch: the last batch is short */

typedef DtTestNet Fixture;

/* The diagonal over n is nn_evaluate's accuracy exactly; the matrix sums to n, its rows to
 * the label counts, and it counts the answers. */
static void
test_confusion_matches_evaluate (void)
{
  Fixture f;
  g_autoptr(NnEvalResult) r = NULL;
  guint32 recount[N_OUT * N_OUT];
  double loss, accuracy;
  gsize total = 0;

  dt_test_net_init (&f, 32, N_ITEMS, 3);
  r = nn_eval_result_new (f.n, 32, N_OUT);
  g_assert_true (nn_eval_set (f.net, f.images, f.labels, f.n, N_IN, r, NULL));
  nn_evaluate (f.net, f.images, f.labels, f.n, N_IN, &loss, &accuracy);
  g_assert_cmpfloat ((double) r->correct / f.n, ==, accuracy);
  g_test_message ("random network: %zu of %zu right", r->correct, f.n);
  for (int t = 0; t < N_OUT; t++)
    {
      gsize row = 0, labelled = 0;

      for (int a = 0; a < N_OUT; a++)
        row += r->confusion[t * N_OUT + a];
      for (gsize i = 0; i < f.n; i++)
        labelled += f.labels[i] == t;
      g_assert_cmpuint (row, ==, labelled);
      total += row;
    }
  g_assert_cmpuint (total, ==, f.n);
  nn_confusion_count (f.labels, r->answers, f.n, N_OUT, recount);
  g_assert_cmpmem (recount, sizeof recount, r->confusion, sizeof recount);

  /* each answer is the argmax of the item's probabilities, which nn_predict gives too */
  for (gsize i = 0; i < f.n; i += 97)
    {
      float x[N_IN], p[N_OUT];

      dt_test_net_input (&f, i, x);
      nn_predict (f.net, x, p);
      g_assert_cmpint (r->answers[i], ==, nn_argmax (p, N_OUT));
      for (int k = 0; k < N_OUT; k++)
        g_assert_cmpfloat (fabsf (p[k] - r->probs[i * N_OUT + k]), <, 1e-6);
    }
  dt_test_net_clear (&f);
}

static void
test_confusion_cancel (void)
{
  Fixture f;
  g_autoptr(NnEvalResult) r = NULL;
  gint cancel = 1;

  dt_test_net_init (&f, 8, 300, 4);
  r = nn_eval_result_new (f.n, 8, N_OUT);
  g_assert_false (nn_eval_set (f.net, f.images, f.labels, f.n, N_IN, r, &cancel));
  dt_test_net_clear (&f);
}

static int
by_value_desc_cb (const void *a,
                  const void *b,
                  void       *user_data)
{
  const float *act = user_data;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;

  if (act[i] != act[j])
    return act[i] > act[j] ? -1 : 1;
  return i < j ? -1 : (i > j);
}

/* Each unit's top items are the brute-force ranking's first 16 (ties by index). */
static void
test_top_units (void)
{
  Fixture f;
  g_autoptr(NnEvalResult) r = NULL;
  const int nh = 12;
  g_autofree float *act = g_new (float, N_ITEMS);
  g_autofree guint32 *order = g_new (guint32, N_ITEMS);
  g_autofree float *all = g_new (float, (gsize) N_ITEMS * nh);

  dt_test_net_init (&f, nh, N_ITEMS, 5);
  r = nn_eval_result_new (f.n, nh, N_OUT);
  g_assert_true (nn_eval_set (f.net, f.images, f.labels, f.n, N_IN, r, NULL));
  g_assert_cmpint (r->top_k, ==, NN_EVAL_TOP_K);
  for (gsize i = 0; i < f.n; i++)
    {
      float x[N_IN];

      dt_test_net_input (&f, i, x);
      nn_eval_forward_one (f.net, x, all + i * nh, NULL);
    }
  for (int u = 0; u < nh; u++)
    {
      for (gsize i = 0; i < f.n; i++)
        {
          act[i] = all[i * nh + u];
          order[i] = (guint32) i;
        }
      g_qsort_with_data (order, (gint) f.n, sizeof (guint32), by_value_desc_cb, act);
      g_assert_cmpfloat (act[order[0]], >, 0);   /* the unit is alive: the test can fail */
      for (int k = 0; k < NN_EVAL_TOP_K; k++)
        {
          float got = r->top_value[u * NN_EVAL_TOP_K + k];

          /* plain loops and the sparse kernel round differently: the values agree to
           * float precision, and the items agree wherever the values are apart */
          g_assert_cmpfloat (fabsf (got - act[order[k]]), <=, 1e-5f * (1 + act[order[k]]));
          if (k + 1 < NN_EVAL_TOP_K && act[order[k]] - act[order[k + 1]] > 1e-4f &&
              (k == 0 || act[order[k - 1]] - act[order[k]] > 1e-4f))
            g_assert_cmpuint (r->top_index[u * NN_EVAL_TOP_K + k], ==, order[k]);
        }
    }
  dt_test_net_clear (&f);
}

/* Fewer items than NN_EVAL_TOP_K: only that many are kept. */
static void
test_top_units_few (void)
{
  Fixture f;
  g_autoptr(NnEvalResult) r = NULL;

  dt_test_net_init (&f, 4, 5, 6);
  r = nn_eval_result_new (f.n, 4, N_OUT);
  g_assert_true (nn_eval_set (f.net, f.images, f.labels, f.n, N_IN, r, NULL));
  g_assert_cmpint (r->top_k, ==, 5);
  for (int u = 0; u < 4; u++)
    {
      gboolean seen[5] = { FALSE };

      for (int k = 0; k < 5; k++)
        {
          guint32 i = r->top_index[u * NN_EVAL_TOP_K + k];

          g_assert_cmpuint (i, <, 5);
          g_assert_false (seen[i]);
          seen[i] = TRUE;
          if (k > 0)
            g_assert_cmpfloat (r->top_value[u * NN_EVAL_TOP_K + k], <=,
                               r->top_value[u * NN_EVAL_TOP_K + k - 1]);
        }
    }
  dt_test_net_clear (&f);
}

/* Mistakes in a cell, or all of them, most confident first. */
static void
test_select (void)
{
  Fixture f;
  g_autoptr(NnEvalResult) r = NULL;
  g_autofree guint32 *out = g_new (guint32, N_ITEMS);
  gsize n_wrong = 0, n;

  dt_test_net_init (&f, 16, N_ITEMS, 8);
  r = nn_eval_result_new (f.n, 16, N_OUT);
  g_assert_true (nn_eval_set (f.net, f.images, f.labels, f.n, N_IN, r, NULL));
  for (gsize i = 0; i < f.n; i++)
    n_wrong += r->answers[i] != f.labels[i];
  g_assert_cmpuint (n_wrong, >, 10);

  n = nn_eval_select (r, f.labels, -1, -1, TRUE, out, f.n);
  g_assert_cmpuint (n, ==, n_wrong);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpuint (r->answers[out[i]], !=, f.labels[out[i]]);
      if (i > 0)
        g_assert_cmpfloat (r->probs[out[i] * N_OUT + r->answers[out[i]]], <=,
                           r->probs[out[i - 1] * N_OUT + r->answers[out[i - 1]]]);
    }

  /* every cell's count is the matrix's, and max_out caps what is written */
  for (int t = 0; t < N_OUT; t++)
    for (int a = 0; a < N_OUT; a++)
      {
        guint32 two[2] = { G_MAXUINT32, G_MAXUINT32 };

        n = nn_eval_select (r, f.labels, t, a, FALSE, out, f.n);
        g_assert_cmpuint (n, ==, r->confusion[t * N_OUT + a]);
        for (gsize i = 0; i < n; i++)
          {
            g_assert_cmpint (f.labels[out[i]], ==, t);
            g_assert_cmpint (r->answers[out[i]], ==, a);
          }
        g_assert_cmpuint (nn_eval_select (r, f.labels, t, a, FALSE, two, 1), ==, n);
        g_assert_cmpuint (two[1], ==, G_MAXUINT32);
        if (t == a)
          g_assert_cmpuint (nn_eval_select (r, f.labels, t, a, TRUE, NULL, 0), ==, 0);
      }
  dt_test_net_clear (&f);
}

/* Pixel (r, c) of unit h is w1[(28r + c)·H + h], for the lesson's width and a wider one. */
static void
test_weight_image (void)
{
  const int widths[] = { 32, 128 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      int nh = widths[w];
      NnNet *net = nn_net_new (N_IN, nh, N_OUT);
      float image[N_IN], out[N_OUT];

      for (gsize i = 0; i < net->n_params; i++)
        net->params[i] = (float) i;   /* each weight names its place in the block */
      for (int h = 0; h < nh; h++)
        {
          nn_unit_weight_image (net, h, image);
          for (int r = 0; r < NN_EVAL_IMAGE_SIDE; r++)
            for (int c = 0; c < NN_EVAL_IMAGE_SIDE; c++)
              g_assert_cmpfloat (image[r * NN_EVAL_IMAGE_SIDE + c], ==,
                                 (float) ((NN_EVAL_IMAGE_SIDE * r + c) * nh + h));
          nn_unit_output_weights (net, h, out);
          for (int k = 0; k < N_OUT; k++)
            g_assert_cmpfloat (out[k], ==, net->w2[h * N_OUT + k]);
        }
      g_assert_cmpfloat (nn_max_abs (net->w1, (gsize) N_IN * nh), ==,
                         (float) (N_IN * nh - 1));
      nn_net_free (net);
    }
  g_assert_cmpfloat (nn_max_abs ((float[]) { -3, 2, 0 }, 3), ==, 3);
  g_assert_cmpfloat (nn_max_abs (NULL, 0), ==, 0);
}

/* z_k in double, straight from the definition. */
static double
reference_logit (const NnNet *net,
                 const float *x,
                 int          k,
                 int         *n_active)
{
  double z = net->b2[k];

  *n_active = 0;
  for (int u = 0; u < net->n_hidden; u++)
    {
      double a = net->b1[u];

      for (int j = 0; j < net->n_in; j++)
        a += (double) x[j] * net->w1[j * net->n_hidden + u];
      if (a > 0)
        {
          z += a * net->w2[u * net->n_out + k];
          (*n_active)++;
        }
    }
  return z;
}

/* Σ evidence + the bias terms is the logit, to float rounding; pixels without ink carry
 * none; the logits' softmax is nn_predict's answer. */
static void
test_evidence (void)
{
  Fixture f;

  dt_test_net_init (&f, 32, 20, 9);
  for (gsize i = 0; i < f.n; i++)
    {
      float x[N_IN], evidence[N_IN], h[32], z[N_OUT], p[N_OUT];

      dt_test_net_input (&f, i, x);
      nn_eval_forward_one (f.net, x, h, z);
      nn_predict (f.net, x, p);
      nn_softmax_rows (z, 1, N_OUT);
      for (int k = 0; k < N_OUT; k++)
        g_assert_cmpfloat (fabsf (z[k] - p[k]), <, 1e-6);
      for (int k = 0; k < N_OUT; k++)
        {
          float rest = nn_evidence (f.net, x, k, evidence);
          double sum = rest, magnitude = fabs (rest);
          int n_active;
          double want = reference_logit (f.net, x, k, &n_active);

          /* some units on and some off, so a map without the ReLU's gate would fail */
          g_assert_cmpint (n_active, >, 0);
          g_assert_cmpint (n_active, <, 32);
          for (int j = 0; j < N_IN; j++)
            {
              sum += evidence[j];
              magnitude += fabsf (evidence[j]);
              if (x[j] == 0)
                g_assert_cmpfloat (evidence[j], ==, 0);
            }
          g_assert_cmpfloat (fabs (sum - want), <=, 1e-6 * magnitude + 1e-6);
        }
    }
  dt_test_net_clear (&f);
}

/* Against a sorted copy, on sizes from one value up, with repeated values and sorted,
 * reversed and constant inputs; v is only reordered. */
static void
test_percentiles (void)
{
  const gsize sizes[] = { 1, 2, 3, 7, 10, 100, 1001, 4096, 25120 };
  NnRng rng;

  nn_rng_seed (&rng, 11, 1);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int shape = 0; shape < 4; shape++)
      {
        gsize n = sizes[s];
        g_autofree float *v = g_new (float, n);
        g_autofree float *sorted = g_new (float, n);
        g_autofree float *after = NULL;
        float out[NN_OPTIM_N_BANDS];

        for (gsize i = 0; i < n; i++)
          {
            float r = nn_rng_uniform (&rng) - 0.5f;

            v[i] = shape == 0 ? r : shape == 1 ? (float) i : shape == 2 ? (float) (n - i)
                                                           : 0.25f;
            if (shape == 0 && nn_rng_bounded (&rng, 4) == 0)
              v[i] = roundf (r * 8) / 8;   /* ties */
          }
        memcpy (sorted, v, n * sizeof (float));
        qsort (sorted, n, sizeof (float), dt_test_compare_floats);
        nn_percentiles (v, n, nn_optim_band_fractions, NN_OPTIM_N_BANDS, out);
        for (int b = 0; b < NN_OPTIM_N_BANDS; b++)
          g_assert_cmpfloat (out[b], ==,
                             dt_test_percentile (sorted, n, nn_optim_band_fractions[b]));
        after = g_memdup2 (v, n * sizeof (float));
        qsort (after, n, sizeof (float), dt_test_compare_floats);
        /* as values: −0 and +0 are equal but sort either way */
        for (gsize i = 0; i < n; i++)
          g_assert_cmpfloat (after[i], ==, sorted[i]);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nn-eval/confusion/matches-evaluate", test_confusion_matches_evaluate);
  g_test_add_func ("/nn-eval/confusion/cancel", test_confusion_cancel);
  g_test_add_func ("/nn-eval/top-units", test_top_units);
  g_test_add_func ("/nn-eval/top-units-few", test_top_units_few);
  g_test_add_func ("/nn-eval/select", test_select);
  g_test_add_func ("/nn-eval/weight-image", test_weight_image);
  g_test_add_func ("/nn-eval/evidence", test_evidence);
  g_test_add_func ("/nn-eval/percentiles", test_percentiles);
  return g_test_run ();
}
