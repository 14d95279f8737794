#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench.sh [BUILD_DIR] — time the lesson's default run (load, 2 epochs, test evaluation)
# with the sparse engine on 1 and 2 threads (each thread owns half the hidden units) and
# with the default thread count, then the dense BLAS engine, then larger batches, each
# REPEAT times (default 5), and print the medians: seconds per epoch for the training loop
# alone, samples per second, test-evaluation time, whole-run time (as the process sees it,
# start to exit), wall time and peak RSS.  Other programs running at the same time skew
# the two-thread figures most: a thread that waits for its partner at a barrier waits for
# as long as the partner is kept off its core.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$here/build}
cli=$build_dir/src/cli/digit-trainer-cli
repeat=${REPEAT:-5}

[ -x "$cli" ] || { echo "bench: build first ($cli is missing)" >&2; exit 1; }

# engine, threads ("default": the CLI's own choice), batch size
configs=(
  "sparse 1 32" "sparse 2 32" "sparse default 32"
  "blas 1 32" "blas 2 32"
  "sparse 1 128" "sparse 2 128" "sparse 1 512" "sparse 2 512"
)

printf '%-8s %-8s %6s %12s %14s %10s %10s %10s %9s\n' engine threads batch 's/epoch' \
  'samples/s' 'eval s' 'run s' 'wall s' 'RSS MB'
for config in "${configs[@]}"; do
  read -r engine threads batch <<<"$config"
  thread_args=()
  [ "$threads" = default ] || thread_args=(--threads "$threads")
  results=$(for _ in $(seq "$repeat"); do
    start=$(date +%s.%N)
    out=$("$cli" --json "${thread_args[@]}" --engine "$engine" --batch-size "$batch")
    end=$(date +%s.%N)
    printf '%s\n' "$out" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
epochs = [l for l in lines if "epoch" in l]
final = lines[-1]
per_epoch = sum(e["seconds"] for e in epochs) / len(epochs)
print(per_epoch, sum(e["samples_per_second"] for e in epochs) / len(epochs),
      final["seconds"], final["total_seconds"], '"$end - $start"', final["peak_rss_mb"])'
  done)
  printf '%s\n' "$results" | python3 -c '
import statistics, sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(c) for c in zip(*rows)]
print("%-8s %-8s %6s %12.4f %14.0f %10.4f %10.4f %10.4f %9.1f" % ("'"$engine"'", "'"$threads"'",
      "'"$batch"'", *med))'
done
