/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-eval"

#include "config.h"

#include "nn-eval.h"

#include <string.h>

#include "nn-private.h"
#include "nn-sparse.h"

/* nn_evaluate()'s batch (nn-trainer.c): the same batches give the same answers bit for bit,
 * whatever BLAS does with the batch's size in the second layer. */
#define EVAL_BATCH 256

NnEvalResult *
nn_eval_result_new (gsize n,
                    int   n_hidden,
                    int   n_out)
{
  NnEvalResult *r;

  g_return_val_if_fail (n_hidden > 0 && n_out > 0 && n_out <= 256, NULL);

  r = g_new0 (NnEvalResult, 1);
  r->n = n;
  r->n_hidden = n_hidden;
  r->n_out = n_out;
  r->answers = g_new0 (guint8, MAX (n, 1));
  r->probs = g_new0 (float, MAX (n, 1) * n_out);
  r->confusion = g_new0 (guint32, (gsize) n_out * n_out);
  r->top_index = g_new0 (guint32, (gsize) n_hidden * NN_EVAL_TOP_K);
  r->top_value = g_new0 (float, (gsize) n_hidden * NN_EVAL_TOP_K);
  return r;
}

void
nn_eval_result_free (NnEvalResult *r)
{
  if (r == NULL)
    return;
  g_free (r->answers);
  g_free (r->probs);
  g_free (r->confusion);
  g_free (r->top_index);
  g_free (r->top_value);
  g_free (r);
}

void
nn_confusion_count (const guint8 *labels,
                    const guint8 *answers,
                    gsize         n,
                    int           n_classes,
                    guint32      *matrix)
{
  memset (matrix, 0, sizeof (guint32) * n_classes * n_classes);
  for (gsize i = 0; i < n; i++)
    if (labels[i] < n_classes && answers[i] < n_classes)
      matrix[labels[i] * n_classes + answers[i]]++;
}

/* Keeps each unit's top_k highest activations, descending, as the batch's rows come in
 * (h is (count, n_hidden), its rows the items first … first + count − 1).  A row enters
 * a unit's list by insertion, so a batch costs count · n_hidden comparisons at least. */
static void
update_top (NnEvalResult *r,
            const float  *h,
            int           count,
            gsize         first)
{
  int k = r->top_k;

  for (int b = 0; b < count; b++)
    for (int u = 0; u < r->n_hidden; u++)
      {
        float v = h[(gsize) b * r->n_hidden + u];
        float *val = r->top_value + (gsize) u * NN_EVAL_TOP_K;
        guint32 *idx = r->top_index + (gsize) u * NN_EVAL_TOP_K;
        int pos = k - 1;

        /* strictly greater: among equal activations the earlier item stays ahead */
        if (!(v > val[pos]))
          continue;
        while (pos > 0 && v > val[pos - 1])
          {
            val[pos] = val[pos - 1];
            idx[pos] = idx[pos - 1];
            pos--;
          }
        val[pos] = v;
        idx[pos] = (guint32) (first + b);
      }
}

static void
eval_batch (const NnEvalResult *r,
            const guint8       *labels,
            const float        *p,
            int                 count,
            gsize               first)
{
  for (int b = 0; b < count; b++)
    {
      const float *row = p + (gsize) b * r->n_out;
      int answer = nn_argmax (row, r->n_out);
      gsize i = first + b;

      r->answers[i] = (guint8) answer;
      memcpy (r->probs + i * r->n_out, row, sizeof (float) * r->n_out);
      if (labels[i] < r->n_out)
        r->confusion[labels[i] * r->n_out + answer]++;
    }
}

gboolean
nn_eval_set (const NnNet  *net,
             const guint8 *images,
             const guint8 *labels,
             gsize         n,
             gsize         stride,
             NnEvalResult *r,
             const gint   *cancel)
{
  int bmax = (int) MIN ((gsize) EVAL_BATCH, MAX (n, 1));
  g_autofree float *h = NULL;
  g_autofree float *p = NULL;
  g_autofree guint32 *idx = NULL;
  NnSparseBatch xs;
  gboolean done = TRUE;

  g_return_val_if_fail (stride == (gsize) net->n_in, FALSE);
  g_return_val_if_fail (r->n == n && r->n_hidden == net->n_hidden && r->n_out == net->n_out,
                        FALSE);

  memset (r->confusion, 0, sizeof (guint32) * r->n_out * r->n_out);
  r->top_k = (int) MIN ((gsize) NN_EVAL_TOP_K, n);
  /* activations are ≥ 0 after the ReLU: −1 is below all of them */
  for (gsize i = 0; i < (gsize) r->n_hidden * NN_EVAL_TOP_K; i++)
    r->top_value[i] = -1.0f;
  h = g_new (float, (gsize) bmax * net->n_hidden);
  p = g_new (float, (gsize) bmax * net->n_out);
  idx = g_new (guint32, bmax);
  nn_sparse_batch_init (&xs, bmax, net->n_in);
  for (gsize start = 0; start < n; start += bmax)
    {
      int count = (int) MIN ((gsize) bmax, n - start);

      if (cancel != NULL && g_atomic_int_get (cancel))
        {
          done = FALSE;
          break;
        }
      for (int i = 0; i < count; i++)
        idx[i] = (guint32) (start + i);
      nn_sparse_batch_gather (&xs, images, idx, count);
      nn_forward_sparse (net, &xs, h, p);
      eval_batch (r, labels, p, count, start);
      update_top (r, h, count, start);
    }
  nn_sparse_batch_clear (&xs);
  r->correct = 0;
  for (int k = 0; k < r->n_out; k++)
    r->correct += r->confusion[k * r->n_out + k];
  return done;
}

typedef struct
{
  const NnEvalResult *r;
} SelectOrder;

static int
by_confidence_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const NnEvalResult *r = ((const SelectOrder *) user_data)->r;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  float ci = r->probs[(gsize) i * r->n_out + r->answers[i]];
  float cj = r->probs[(gsize) j * r->n_out + r->answers[j]];

  if (ci != cj)
    return ci > cj ? -1 : 1;
  return i < j ? -1 : (i > j);
}

gsize
nn_eval_select (const NnEvalResult *r,
                const guint8       *labels,
                int                 true_label,
                int                 answer,
                gboolean            mistakes_only,
                guint32            *out,
                gsize               max_out)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint32));
  SelectOrder order = { r };

  for (gsize i = 0; i < r->n; i++)
    {
      guint32 index = (guint32) i;

      if ((true_label >= 0 && labels[i] != true_label) ||
          (answer >= 0 && r->answers[i] != answer) ||
          (mistakes_only && r->answers[i] == labels[i]))
        continue;
      g_array_append_val (found, index);
    }
  g_array_sort_with_data (found, by_confidence_cb, &order);
  if (out != NULL && found->len > 0)
    memcpy (out, found->data, sizeof (guint32) * MIN (max_out, (gsize) found->len));
  return found->len;
}

void
nn_unit_weight_image (const NnNet *net,
                      int          unit,
                      float       *image)
{
  g_return_if_fail (unit >= 0 && unit < net->n_hidden);

  for (int j = 0; j < net->n_in; j++)
    image[j] = net->w1[(gsize) j * net->n_hidden + unit];
}

void
nn_unit_output_weights (const NnNet *net,
                        int          unit,
                        float       *out)
{
  g_return_if_fail (unit >= 0 && unit < net->n_hidden);

  memcpy (out, net->w2 + (gsize) unit * net->n_out, sizeof (float) * net->n_out);
}

float
nn_max_abs (const float *v,
            gsize        n)
{
  float m = 0.0f;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, ABS (v[i]));
  return m;
}

void
nn_eval_forward_one (const NnNet *net,
                     const float *x,
                     float       *h,
                     float       *z)
{
  int nh = net->n_hidden;

  memcpy (h, net->b1, sizeof (float) * nh);
  for (int j = 0; j < net->n_in; j++)
    {
      const float *row = net->w1 + (gsize) j * nh;

      if (x[j] == 0.0f)
        continue;
      for (int u = 0; u < nh; u++)
        h[u] += x[j] * row[u];
    }
  for (int u = 0; u < nh; u++)
    h[u] = h[u] > 0.0f ? h[u] : 0.0f;
  if (z == NULL)
    return;
  memcpy (z, net->b2, sizeof (float) * net->n_out);
  for (int u = 0; u < nh; u++)
    for (int k = 0; k < net->n_out; k++)
      z[k] += h[u] * net->w2[(gsize) u * net->n_out + k];
}

float
nn_evidence (const NnNet *net,
             const float *x,
             int          k,
             float       *evidence)
{
  int nh = net->n_hidden;
  g_autofree float *h = g_new (float, nh);
  g_autofree float *route = g_new (float, nh);   /* [h active]·w2[h,k] */
  float rest;

  g_return_val_if_fail (k >= 0 && k < net->n_out, 0.0f);

  nn_eval_forward_one (net, x, h, NULL);
  rest = net->b2[k];
  for (int u = 0; u < nh; u++)
    {
      /* after the ReLU, h > 0 exactly when the pre-activation was positive */
      route[u] = h[u] > 0.0f ? net->w2[(gsize) u * net->n_out + k] : 0.0f;
      rest += route[u] * net->b1[u];
    }
  for (int j = 0; j < net->n_in; j++)
    {
      const float *row = net->w1 + (gsize) j * nh;
      float sum = 0.0f;

      if (x[j] == 0.0f)
        {
          evidence[j] = 0.0f;
          continue;
        }
      for (int u = 0; u < nh; u++)
        sum += row[u] * route[u];
      evidence[j] = x[j] * sum;
    }
  return rest;
}

static void
swap_floats (float *a,
             float *b)
{
  float t = *a;

  *a = *b;
  *b = t;
}

/* Rearranges v[lo … hi − 1] so that v[k] is the value a sort would put there, everything
 * before it ≤ v[k] and everything after ≥ v[k]: Hoare partitions around a median of three,
 * as C++'s nth_element does. */
static void
select_nth (float  *v,
            gssize  lo,
            gssize  hi,
            gssize  k)
{
  while (hi - lo > 2)
    {
      gssize mid = lo + (hi - lo) / 2, i = lo, j = hi - 1;
      float pivot;

      if (v[mid] < v[lo])
        swap_floats (&v[mid], &v[lo]);
      if (v[hi - 1] < v[lo])
        swap_floats (&v[hi - 1], &v[lo]);
      if (v[hi - 1] < v[mid])
        swap_floats (&v[hi - 1], &v[mid]);
      pivot = v[mid];
      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            swap_floats (&v[i++], &v[j--]);
        }
      /* [lo, j] ≤ pivot, (j, i) == pivot, [i, hi) ≥ pivot */
      if (k <= j)
        hi = j + 1;
      else if (k >= i)
        lo = i;
      else
        return;
    }
  if (hi - lo == 2 && v[lo + 1] < v[lo])
    swap_floats (&v[lo], &v[lo + 1]);
}

/* Puts every order statistic named in ranks[0 … n_ranks − 1] (ascending, within [lo, hi))
 * in its sorted place: the middle one first, then each side within its own part, so that
 * later selections only search between their neighbours (a multiselect). */
static void
select_ranks (float        *v,
              gssize        lo,
              gssize        hi,
              const gssize *ranks,
              int           n_ranks)
{
  int mid = n_ranks / 2;

  if (n_ranks == 0)
    return;
  select_nth (v, lo, hi, ranks[mid]);
  select_ranks (v, lo, ranks[mid], ranks, mid);
  select_ranks (v, ranks[mid] + 1, hi, ranks + mid + 1, n_ranks - mid - 1);
}

void
nn_percentiles (float        *v,
                gsize         n,
                const double *fractions,
                int           n_fractions,
                float        *out)
{
  g_autofree gssize *ranks = NULL;
  int n_ranks = 0;

  g_return_if_fail (n > 0);

  /* each percentile needs the order statistics around its rank: lo and lo + 1 */
  ranks = g_new (gssize, 2 * n_fractions);
  for (int i = 0; i < n_fractions; i++)
    {
      gssize lo = (gssize) (CLAMP (fractions[i], 0.0, 1.0) * (double) (n - 1));

      for (gssize r = lo; r <= MIN (lo + 1, (gssize) n - 1); r++)
        if (n_ranks == 0 || r > ranks[n_ranks - 1])
          ranks[n_ranks++] = r;
    }
  select_ranks (v, 0, (gssize) n, ranks, n_ranks);
  for (int i = 0; i < n_fractions; i++)
    {
      double rank = CLAMP (fractions[i], 0.0, 1.0) * (double) (n - 1);
      gssize lo = (gssize) rank;

      if ((double) lo == rank || lo + 1 >= (gssize) n)
        out[i] = v[lo];
      else
        out[i] = v[lo] + (float) (rank - lo) * (v[lo + 1] - v[lo]);
    }
}
