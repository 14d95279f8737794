#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-validator.sh PACKAGE TOOL ARGS…: runs a data-file validator (desktop-file-validate,
# appstreamcli) as one TAP test.  The test is registered whether or not the tool is
# installed: without it, a developer's machine skips saying which package to install, and
# CI ($CI set), where a missing tool is a set-up bug, fails.
set -u
package=${1:?usage: run-validator.sh PACKAGE TOOL ARGS…} tool=${2:?}
shift 2
echo "1..1"
if ! command -v "$tool" >/dev/null 2>&1; then
  if [[ -n ${CI:-} ]]; then
    echo "not ok 1 - $tool is not installed (Debian package $package)"
    exit 1
  fi
  echo "ok 1 # SKIP $tool is not installed (Debian package $package)"
  exit 0
fi
if out=$("$tool" "$@" 2>&1); then
  echo "ok 1 - $tool $*"
else
  echo "not ok 1 - $tool $*"
  printf '%s\n' "$out" | sed 's/^/# /'
  exit 1
fi
