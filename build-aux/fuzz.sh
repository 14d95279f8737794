#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# fuzz.sh [SECONDS] — builds tests/fuzz as libFuzzer fuzzers (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, in build-fuzz/), replays each seed corpus once, then runs each
# fuzzer for SECONDS (default 60) one after the other.  Prints what meson test prints, each
# fuzzer's executions included; exits non-zero on any finding (the finding is saved under
# build-fuzz/tests/fuzz/fuzz-artifacts and printed in base64: fix it, then add it to
# tests/fuzz/corpus/<harness>/ as a regression file).
#
# Needs clang and libclang-rt-14-dev (build-aux/setup.sh installs them for `test`).
# Environment: FUZZ_BUILD_DIR (default: build-fuzz); CI set adds -Dwerror=true.

set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${FUZZ_BUILD_DIR:-$here/build-fuzz}
seconds=${1:-60}

if [ ! -f "$build_dir/build.ninja" ]; then
  CC=clang meson setup "$build_dir" "$here" --buildtype=debugoptimized -Dgui=false \
    -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dfuzz_seconds="$seconds" ${CI:+-Dwerror=true}
else
  meson configure "$build_dir" -Dfuzz_seconds="$seconds" ${CI:+-Dwerror=true}
fi
ninja -C "$build_dir"
rm -f "$build_dir/meson-logs/testlog.json"   # never summarise an earlier run
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
exec meson test -C "$build_dir" --no-rebuild --print-errorlogs --suite fuzz --suite fuzz-run
