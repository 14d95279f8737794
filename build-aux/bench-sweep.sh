#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-sweep.sh [CLI] [ROUNDS]: the lesson's 4-value learning-rate sweep, run by --sweep
# (runs side by side, one per core) and as four runs one after the other (each with the
# CLI's default threads), on MNIST ($MNIST_DIR or the default folder).  Prints the
# wall-clock seconds of each round, the median of each and their ratio; the issue asks for
# a ratio of at most 0.6 on a 2-core machine.
set -eu
cli=${1:-build/src/cli/digit-trainer-cli}
rounds=${2:-5}
values=(1e-4 1e-3 1e-2 1e-1)

now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median () { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "cores: $(nproc); values: ${values[*]}; rounds: $rounds"
seq_times=() sweep_times=()
for ((r = 1; r <= rounds; r++)); do
  t0=$(now)
  for v in "${values[@]}"; do "$cli" --quiet --lr "$v" >/dev/null; done
  t1=$(now)
  "$cli" --sweep "lr=$(IFS=,; echo "${values[*]}")" >/dev/null
  t2=$(now)
  seq_times+=("$(elapsed "$t0" "$t1")")
  sweep_times+=("$(elapsed "$t1" "$t2")")
  echo "round $r: one after the other ${seq_times[-1]} s, sweep ${sweep_times[-1]} s"
done
s=$(median "${seq_times[@]}")
w=$(median "${sweep_times[@]}")
awk -v s="$s" -v w="$w" \
  'BEGIN { printf "median: one after the other %.3f s, sweep %.3f s, ratio %.2f\n", s, w, w / s }'
