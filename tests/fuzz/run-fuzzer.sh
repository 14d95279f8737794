#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh FUZZER SEED_CORPUS SECONDS: fuzzes for SECONDS from the seed corpus (read
# only: new inputs go to a temporary folder) and prints TAP: the executions on success, or
# the finding — saved under $DT_FUZZ_ARTIFACTS (default: beside the fuzzer) and printed in
# base64, to be added to the seed corpus as a regression file once fixed.
set -u
fuzzer=${1:?usage: run-fuzzer.sh FUZZER SEED_CORPUS SECONDS} seeds=${2:?} seconds=${3:?}
name=$(basename "$fuzzer")
artifacts=${DT_FUZZ_ARTIFACTS:-$(dirname "$fuzzer")/fuzz-artifacts}/$name
work=$(mktemp -d "${TMPDIR:-/tmp}/dt-$name-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

echo "1..1"
# -timeout: one input taking 10 s is a hang; -rss_limit_mb: a bomb is a finding too
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$artifacts/" "$work" "$seeds" >"$work.log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log" | tail -1)
secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work.log" | tail -1)
if [[ $status -eq 0 && -n $runs ]]; then
  echo "ok 1 - $name: $runs executions in ${secs:-$seconds} s, no finding"
else
  echo "not ok 1 - $name: exit status $status after ${runs:-?} executions"
  grep -E 'ERROR|WARNING|SUMMARY|==[0-9]+==|Test unit written' "$work.log" | head -40 |
    sed 's/^/# /'
  for f in "$artifacts"/*; do
    [[ -f $f ]] || continue
    echo "# finding $f (base64):"
    base64 -w 76 "$f" | head -200 | sed 's/^/#   /'
  done
fi
rm -f "$work.log"
exit $status
