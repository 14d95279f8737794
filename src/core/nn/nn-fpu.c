/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "nn-fpu"

#include "config.h"

#include "nn-fpu.h"

#if defined(__SSE2__)
# include <pmmintrin.h>
#endif

unsigned int
nn_flush_denormals_begin (void)
{
#if defined(__SSE2__)
  unsigned int saved = _mm_getcsr ();
  _MM_SET_FLUSH_ZERO_MODE (_MM_FLUSH_ZERO_ON);
  _MM_SET_DENORMALS_ZERO_MODE (_MM_DENORMALS_ZERO_ON);
  return saved;
#else
  return 0;
#endif
}

void
nn_flush_denormals_end (unsigned int saved)
{
#if defined(__SSE2__)
  _mm_setcsr (saved);
#endif
}
