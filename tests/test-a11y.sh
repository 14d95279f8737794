#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-a11y.sh APP: every control of Digit Trainer has an accessible name.  Runs the app on a
# tiny generated MNIST under its own Xvfb and session bus (which starts the AT-SPI bus), and
# lets a11y-audit.py walk the accessibility tree of every window, page, popover and menu.
# Prints TAP.  By hand: tests/test-a11y.sh build/src/app/digit-trainer (DT_A11Y_LIST=1 also
# lists every control with its name).
set -u
app=${1:?usage: test-a11y.sh APP}
here=$(cd "$(dirname "$0")" && pwd)
# Without its tools the audit cannot run: a skip on a developer's machine, a failure in CI
# (where a missing tool is a set-up bug).
missing () {
  if [[ -n ${CI:-} ]]; then
    printf '1..1\nnot ok 1 - %s\n' "$1"
    exit 1
  fi
  echo "1..0 # SKIP $1"
  exit 0
}
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import pyatspi' 2>/dev/null ||
  missing "/usr/bin/python3 has no pyatspi (apt-get install python3-pyatspi)"
for tool in dbus-run-session xdotool; do
  command -v $tool >/dev/null || missing "$tool is not installed"
done
if [[ -z ${DISPLAY:-} ]]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24 -noreset' "$0" "$@"
fi
# The bus and the services it starts (the AT-SPI registry prints a banner) write to stderr;
# the TAP goes to the saved stdout, fd 3.
if [[ -z ${DT_OWN_BUS:-} ]]; then
  exec 3>&1
  DT_OWN_BUS=1 exec dbus-run-session -- "$0" "$@" >&2
fi
exec 1>&3 3>&-

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-a11y-XXXXXX")
app_pid= audit_pid=
cleanup () {
  local pid
  for pid in $audit_pid $app_pid; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# 100 training and 20 test images are enough for every page to show.
python3 - "$tmp/mnist" <<'PY'
import os, struct, sys
d = sys.argv[1]; os.makedirs(d)
for split, count in (("train", 100), ("t10k", 20)):
    labels = [i % 10 for i in range(count)]
    pixels = bytearray()
    for label in labels:
        img = bytearray(784)
        for r in range(2 * label, 2 * label + 6):
            img[r * 28 + 4:r * 28 + 24] = b"\xff" * 20
        pixels += img
    with open(f"{d}/{split}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, count, 28, 28) + pixels)
    with open(f"{d}/{split}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, count) + bytes(labels))
PY

# Run from a build tree, the schema is compiled in its data folder.
builddir=$(cd "$(dirname "$app")/../.." && pwd)
if [[ -z ${GSETTINGS_SCHEMA_DIR:-} && -f $builddir/data/gschemas.compiled ]]; then
  export GSETTINGS_SCHEMA_DIR=$builddir/data
fi
export MNIST_DIR=$tmp/mnist XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export XDG_CACHE_HOME=$tmp/cache GSETTINGS_BACKEND=memory GDK_BACKEND=x11
export LC_ALL=C.UTF-8 LANGUAGE=C
unset GTK_A11Y NO_AT_BRIDGE G_DEBUG   # the audit needs the AT-SPI bridge; it watches from outside

"$app" >"$tmp/app.log" 2>&1 &
app_pid=$!
# The audit polls (bounded) for the app on the bus; `timeout` bounds the whole walk.  It runs
# in the background, in this process group, so that a signal reaches it and the trap at once.
timeout --foreground 90 /usr/bin/python3 "$here/a11y-audit.py" "$app_pid" \
  io.github.digittrainer.DigitTrainer &
audit_pid=$!
wait "$audit_pid"
status=$?
audit_pid=
if [[ $status -ne 0 && -s $tmp/app.log ]]; then sed 's/^/# app: /' "$tmp/app.log"; fi
exit $status
