/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tiny RMSprop accumulators decay into the subnormal range, where x86 arithmetic is ~100
 * times slower.  TensorFlow runs its kernels with denormals flushed to zero; so does every
 * thread that trains here, between begin and end (which restores the caller's mode). */
unsigned int nn_flush_denormals_begin (void);
void         nn_flush_denormals_end   (unsigned int saved);

G_END_DECLS
