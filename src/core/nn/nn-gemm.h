/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, where op(A) is M×K and
 * op(B) is K×N and C is M×N.  lda/ldb/ldc are the row strides of the matrices as stored.
 * nn_gemm goes through BLAS (cblas_sgemm); nn_gemm_naive is the plain triple loop that the
 * tests hold BLAS to. */
void nn_gemm       (gboolean     trans_a,
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
                    int          ldc);
void nn_gemm_naive (gboolean     trans_a,
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
                    int          ldc);

/* Threads OpenBLAS may use for one call (1 is fastest for this model's batch-32 shapes). */
void nn_blas_set_threads (int n_threads);
int  nn_blas_get_threads (void);

G_END_DECLS
