#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-app.sh [BUILD_DIR] — the window's training rate against the terminal's.  Runs Digit
# Trainer under Xvfb with EPOCHS epochs (default 10; a settings keyfile in a temporary
# folder, so your own settings stay as they are), presses Train, and prints what the app
# reports at the end with DT_STALL_REPORT=1: the worker's samples per second while the
# window drew, and the main loop's longest stall.  Then the CLI trains the same epochs, with
# its default threads and with one, and their samples per second are printed beside (the
# last epoch's, as the app's status line shows).  REPEAT=N runs it N times (default 3).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${1:-$here/build}" && pwd)
app=$build_dir/src/app/digit-trainer
cli=$build_dir/src/cli/digit-trainer-cli
epochs=${EPOCHS:-10}
repeat=${REPEAT:-3}

for tool in xvfb-run xdotool; do
  command -v "$tool" >/dev/null || { echo "bench-app: $tool is missing" >&2; exit 1; }
done
[ -x "$app" ] && [ -x "$cli" ] || { echo "bench-app: build first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config/glib-2.0/settings"
printf '[io/github/digittrainer/DigitTrainer]\nepochs=%d\n' "$epochs" \
  > "$tmp/config/glib-2.0/settings/keyfile"

for run in $(seq "$repeat"); do
  XDG_CONFIG_HOME=$tmp/config GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR=$build_dir/data \
  DT_STALL_REPORT=1 GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 \
    xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
      "$1" > "$2" 2>&1 &
      pid=$!
      wid=$(xdotool search --sync --onlyvisible --name "Digit Trainer" | head -n 1)
      sleep 1
      xdotool windowfocus --sync "$wid" key ctrl+Return
      for _ in $(seq 600); do
        grep -q "longest main-loop stall" "$2" && break
        sleep 0.1
      done
      kill "$pid"; wait "$pid" || true' bench "$app" "$tmp/app.log"
  window=$(sed -n 's/^training: \([0-9]*\) samples\/s.*/\1/p' "$tmp/app.log")
  stall=$(sed -n 's/^longest main-loop stall: \(.*\)/\1/p' "$tmp/app.log")
  rates=()
  for threads in default 1; do
    thread_args=()
    [ "$threads" = default ] || thread_args=(--threads "$threads")
    rates+=("$("$cli" --json --epochs "$epochs" "${thread_args[@]}" | python3 -c '
import json, sys
print("%.0f" % json.loads(sys.stdin.readlines()[-2])["samples_per_second"])')")
  done
  python3 -c 'import sys; w, t, t1 = map(int, sys.argv[1:4]); print(
    "run %s: window %d samples/s; terminal %d (%.0f %%), one thread %d (%.0f %%); stall %s" % (
    sys.argv[4], w, t, 100.0 * w / t, t1, 100.0 * w / t1, sys.argv[5]))' \
    "${window:-0}" "${rates[0]}" "${rates[1]}" "$run" "$stall"
done
