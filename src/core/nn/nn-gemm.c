/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-gemm"

#include "config.h"

#include "nn-gemm.h"

#include <cblas.h>

/* Declared by OpenBLAS's cblas.h; other BLAS builds lack them, so they are weak here. */
void openblas_set_num_threads (int num_threads) __attribute__ ((weak));
int  openblas_get_num_threads (void) __attribute__ ((weak));

void
nn_gemm (gboolean     trans_a,
         gboolean     trans_b,
         int          m,
         int          n,
         int          k,
         float        alpha,
         const float *a,
         int          lda,
         const float *b,
         int          ldb,
         float        beta,
         float       *c,
         int          ldc)
{
  cblas_sgemm (CblasRowMajor,
               trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans,
               m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void
nn_gemm_naive (gboolean     trans_a,
               gboolean     trans_b,
               int          m,
               int          n,
               int          k,
               float        alpha,
               const float *a,
               int          lda,
               const float *b,
               int          ldb,
               float        beta,
               float       *c,
               int          ldc)
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      {
        double sum = 0.0;

        for (int p = 0; p < k; p++)
          {
            float av = trans_a ? a[p * lda + i] : a[i * lda + p];
            float bv = trans_b ? b[j * ldb + p] : b[p * ldb + j];
            sum += (double) av * bv;
          }
        /* beta == 0 must ignore C, as BLAS does, so NaN garbage is not propagated */
        c[i * ldc + j] = (float) (alpha * sum + (beta == 0.0f ? 0.0 : beta * c[i * ldc + j]));
      }
}

void
nn_blas_set_threads (int n_threads)
{
  g_return_if_fail (n_threads >= 1);

  if (openblas_set_num_threads != NULL)
    openblas_set_num_threads (n_threads);
}

int
nn_blas_get_threads (void)
{
  if (openblas_get_num_threads != NULL)
    return openblas_get_num_threads ();
  return 1;
}
