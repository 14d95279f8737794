#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-single-instance.sh APP: launching digit-trainer a second time presents the window that
# is already open instead of opening another (GApplication uniqueness over the session bus).
# Gets its own Xvfb and session bus when it has none.  Prints TAP.
set -u
app=${1:?usage: test-single-instance.sh APP}
if [[ -z ${DISPLAY:-} ]]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24 -noreset' "$0" "$@"
fi
if [[ -z ${DT_OWN_BUS:-} ]]; then
  if ! command -v dbus-run-session >/dev/null; then
    # in CI a missing tool is a set-up bug, not a reason to skip
    [[ -n ${CI:-} ]] && { echo "1..1"; echo "not ok 1 - dbus-run-session is not installed"; exit 1; }
    echo "1..0 # SKIP dbus-run-session is not installed"; exit 0
  fi
  DT_OWN_BUS=1 exec dbus-run-session -- "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-single-XXXXXX")
first=
cleanup () { [[ -n $first ]] && kill "$first" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config MNIST_DIR=$tmp/none
export GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GTK_A11Y=none
unset G_DEBUG
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
windows () { xdotool search --onlyvisible --name '^Digit Trainer$' 2>/dev/null | wc -l; }

"$app" >"$tmp/first.log" 2>&1 &
first=$!
for _ in $(seq 60); do [[ $(windows) -ge 1 ]] && break; sleep 0.5; done
if [[ $(windows) -eq 1 ]]; then ok "the first launch opens one window"
else not_ok "the first launch opens one window" "$(cat "$tmp/first.log")"; fi

if timeout 20 "$app" >"$tmp/second.log" 2>&1; then
  ok "the second launch hands over to the first and exits"
else
  not_ok "the second launch hands over to the first and exits" "$(cat "$tmp/second.log")"
fi
sleep 1
if [[ $(windows) -eq 1 ]] && kill -0 "$first" 2>/dev/null; then
  ok "still one window, in the first process"
else
  not_ok "still one window, in the first process" "windows: $(windows)"
fi

echo "1..$n"
exit $failed
