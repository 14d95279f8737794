/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clipped cross-entropy's pieces, per sample: its value and its gradient at the logits
 * (the derivation is in nn.h). */
#define G_LOG_DOMAIN "nn-loss"

#include "config.h"

#include "nn-kernels.h"

#include <math.h>
#include <string.h>

#include "nn-math.h"

/* q = p_t / Σ_j p_j, the true class's probability as Keras's loss normalises it */
static float
true_class_q (const float *row,
              int          t,
              int          no)
{
  float sum = 0.0f;

  for (int j = 0; j < no; j++)
    sum += row[j];
  return row[t] / sum;
}

gboolean
nn_clip_gradient (const float  *p,
                  const guint8 *labels,
                  int           batch,
                  int           no,
                  float         inv_batch,
                  guint8       *keep,
                  float        *dlogits)
{
  gboolean finite = TRUE;

  for (int b = 0; b < batch; b++)
    {
      const float *row = p + (gsize) b * no;
      float *dl = dlogits + (gsize) b * no;
      float q = true_class_q (row, labels[b], no);

      /* TensorFlow's clip passes the gradient on [min, max], both ends included */
      keep[b] = q >= NN_CLIP_EPSILON && q <= 1.0f - NN_CLIP_EPSILON;
      finite = finite && !isnan (q);
      for (int j = 0; j < no; j++)
        dl[j] = keep[b] ? (row[j] - (j == labels[b] ? 1.0f : 0.0f)) * inv_batch : 0.0f;
    }
  return finite;
}

void
nn_bias2_gradient (const float *dlogits,
                   int          batch,
                   int          no,
                   float       *db2)
{
  for (int b = 0; b < batch; b++)
    for (int j = 0; j < no; j++)
      db2[j] += dlogits[(gsize) b * no + j];
}

double
nn_clipped_log_loss (const float *row,
                     int          t,
                     int          no)
{
  float q = true_class_q (row, t, no);

  return -nn_log (CLAMP (q, NN_CLIP_EPSILON, 1.0f - NN_CLIP_EPSILON));
}
