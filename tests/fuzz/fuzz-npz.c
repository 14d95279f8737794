/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The .npz reader (nn_npz_from_data, with nn-zip.c under it): ZIP records, ZIP64 extras,
 * deflated entries, .npy headers and shapes from strangers (--load-npz).
 *
 * What must hold: the input is refused with an error, or it gives a 784→H→10 network whose
 * .npz, written by nn_npz_to_bytes, reads back to the same bits. */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "nn-npz.h"

#define N_IN  784
#define N_OUT 10

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  NnNet *net = nn_npz_from_data (data, size, N_IN, N_OUT, &error);
  NnNet *back;

  if (net == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_cmpint (net->n_in, ==, N_IN);
  g_assert_cmpint (net->n_out, ==, N_OUT);
  again = nn_npz_to_bytes (net);
  back = nn_npz_from_data (g_bytes_get_data (again, NULL), g_bytes_get_size (again), N_IN, N_OUT,
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->n_hidden, ==, net->n_hidden);
  g_assert_cmpmem (back->params, back->n_params * sizeof (float),
                   net->params, net->n_params * sizeof (float));
  nn_net_free (back);
  nn_net_free (net);
  return 0;
}
