/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Golden results: the SHA-256 a trainer's state must have on every machine. */
#pragma once

#include "nn-trainer.h"

G_BEGIN_DECLS

/* SHA-256 (hex) of the parameters, then the RMSprop accumulators, as little-endian floats. */
char     *dt_test_trainer_sha256 (const NnTrainer *trainer);
/* Says which kernels and OpenBLAS core run; FALSE (after g_test_skip) when DT_FORCE_ISA
 * names a set this CPU lacks, so the kernels are not the ones asked for. */
gboolean  dt_test_golden_setup   (void);

G_END_DECLS
