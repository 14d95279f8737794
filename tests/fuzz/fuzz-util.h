/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* What the harnesses in tests/fuzz share.  Each defines LLVMFuzzerTestOneInput: libFuzzer
 * calls it in a -Dfuzzing=true build; fuzz-main.c calls it on the corpus files otherwise. */
int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);

/* A path that reads back data: an in-memory regular file (memfd) seen through
 * /proc/self/fd, rewritten on every call, so that the loaders' own open/fstat/read run. */
const char *fuzz_memfd_path  (const uint8_t *data,
                              size_t         size);
/* A folder of this process's own, made on first use and emptied at exit. */
const char *fuzz_tmp_dir     (void);

G_END_DECLS
