#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-test-summary.sh SUMMARY_PY: test-summary.py counts a skip as a failure in CI unless
# the machine cannot do what was skipped (no window manager) or the case ran in another
# registration, and as a skip elsewhere.
# Prints TAP.
set -u
summary=${1:?usage: check-test-summary.sh SUMMARY_PY}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-summary-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
check () {  # check NAME EXPECTED ACTUAL
  n=$((n + 1))
  if [[ $2 == "$3" ]]; then echo "ok $n - $1"
  else failed=1; echo "not ok $n - $1"; echo "# expected “$2”, got “$3”"; fi
}

# Two GTest programs: one skips for want of a window manager, one for want of MNIST; a TAP
# script that skips as a whole because a tool is missing; a plain test meson skipped (77).
entry () {  # entry NAME RESULT STDOUT: one line of meson's testlog.json
  printf '{"name": "%s", "result": "%s", "stdout": "%s"}\n' "$1" "$2" "$3"
}
{
  entry test-window-state OK 'ok 1 /a\nok 2 /b # SKIP no window manager maximized it\n1..2\n'
  entry test-preprocess OK 'ok 1 /c\nok 2 /d # SKIP MNIST is not fetched\n1..2\n'
  entry single-instance SKIP '1..0 # SKIP dbus-run-session is not installed\n'
  entry plain SKIP ''
} >"$tmp/log.json"
check "outside CI a skip is a skip" "2 passed, 0 failed, 4 skipped" \
  "$(env -u CI python3 "$summary" "$tmp/log.json" 2>/dev/null)"
check "in CI only the window manager may be missing" "2 passed, 3 failed, 1 skipped" \
  "$(CI=1 python3 "$summary" "$tmp/log.json" 2>/dev/null)"
check "in CI the reasons are named" "3" \
  "$(CI=1 python3 "$summary" "$tmp/log.json" 2>&1 >/dev/null | grep -c 'a skip in CI is a failure')"

# A case one registration leaves out with -s is allowed in CI only where another one ran it.
{
  entry test-x OK 'ok 1 /x/fast\nok 2 /x/real-data # SKIP by request (-s option)\n1..2\n'
  entry test-x-mnist OK 'ok 1 /x/real-data\n1..1\n'
  entry test-y OK 'ok 1 /y/real-data # SKIP by request (-s option)\n1..1\n'
} >"$tmp/split.json"
check "in CI a -s case must have run elsewhere" "2 passed, 1 failed, 1 skipped" \
  "$(CI=1 python3 "$summary" "$tmp/split.json" 2>/dev/null)"
echo "1..$n"
exit $failed
