/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into the test programs that open every window and page (test-mnemonics): those
 * make GLib hold more than 2,048 quarks, and GLib then moves them to a larger block and
 * leaves its first one behind on purpose, which LeakSanitizer reports.  build-aux/lsan.supp
 * suppresses what a library's constructor allocated, but only a full unwind reaches the
 * constructor's frame: the fast one stops at GLib, which has no frame pointers. */
#include "config.h"

#ifdef __SANITIZE_ADDRESS__
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  /* ASAN_OPTIONS from the environment still apply on top of this */
  return "fast_unwind_on_malloc=0";
}
#endif
