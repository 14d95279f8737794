#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-deb.sh SRCDIR VERSION APP_ID: the Debian package.  Prints TAP.
#
# Always: debian/changelog's version is VERSION's first revision.  Building the package
# takes minutes, so it runs in CI (CI set, and not "0" or "false") or with DT_TEST_DEB=1:
# dpkg-buildpackage -us -uc -b in a temporary copy of SRCDIR (build folders, .git and old
# package builds left out), which runs the unit tests; lintian finds no error and no
# warning that debian/*.lintian-overrides does not explain; the .deb holds what GNOME looks
# for.  Only as root in CI the package is installed into this machine with
# `apt-get install ./….deb`: the three programs run from /usr/bin, the desktop file and
# icons are where GNOME finds them, the schema is compiled, the app opens its window, the
# autopkgtest (debian/tests) passes; then `apt-get purge` must leave none of its files.
set -u
src=${1:?usage: test-deb.sh SRCDIR VERSION APP_ID} version=${2:?} app_id=${3:?}
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'
}
skip () { n=$((n + 1)); echo "ok $n # SKIP $1"; }
finish () { echo "1..$n"; exit $failed; }
in_ci () { [[ -n ${CI:-} && ${CI:-} != 0 && ${CI:-} != false ]]; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-deb-XXXXXX")
installed_here=false
cleanup () {
  # never leave the package on the machine when a check in between failed
  if $installed_here && dpkg -s digit-trainer >/dev/null 2>&1; then
    apt-get purge -y -qq digit-trainer >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

deb_version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version 2>&1)
if [[ $deb_version == "$version-1" ]]; then
  ok "debian/changelog is at $deb_version, the project's version $version"
else
  not_ok "debian/changelog is at $version-1" "it says $deb_version; add an entry for $version"
fi

if ! in_ci && [[ ${DT_TEST_DEB:-} != 1 ]]; then
  skip "building the package takes minutes: it runs in CI (CI=1) or with DT_TEST_DEB=1"
  finish
fi

missing=$(for t in dpkg-buildpackage dpkg-checkbuilddeps lintian; do
            command -v "$t" >/dev/null || echo "$t"; done)
if [[ -n $missing ]]; then
  not_ok "the packaging tools are installed" "missing: $missing" \
    "(apt-get install dpkg-dev debhelper lintian, or build-aux/setup.sh test)"
  finish
fi
if out=$(cd "$src" && dpkg-checkbuilddeps 2>&1); then
  ok "every Build-Depends is installed"
else
  not_ok "every Build-Depends is installed" "$out"
  finish
fi

# A copy without build folders (any folder with meson-private/), .git, or leftovers of an
# earlier dpkg-buildpackage in the tree.
copy=$tmp/digit-trainer-$version
mkdir -p "$copy"
excludes=(--exclude=./.git --exclude='./obj-*' --exclude=./debian/.debhelper
          --exclude=./debian/digit-trainer --exclude=./debian/tmp --exclude=./debian/files
          --exclude='./debian/*.substvars' --exclude='./debian/*.debhelper.log'
          --exclude=./debian/debhelper-build-stamp)
for d in "$src"/*/; do
  [[ -d $d/meson-private ]] && excludes+=("--exclude=./$(basename "$d")")
done
tar -C "$src" "${excludes[@]}" -cf - . | tar -C "$copy" -xf -

arch=$(dpkg --print-architecture)
deb=$tmp/digit-trainer_${version}-1_${arch}.deb
if (cd "$copy" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) \
     >"$tmp/build.log" 2>&1 && [[ -f $deb ]]; then
  ok "dpkg-buildpackage -us -uc -b builds $(basename "$deb")"
else
  not_ok "dpkg-buildpackage -us -uc -b builds $(basename "$deb")" "$(tail -n 40 "$tmp/build.log")"
  finish
fi
if grep -q 'meson test --suite nn' "$tmp/build.log" &&
   grep -Eq '^Fail: +0 *$' "$tmp/build.log" && grep -Eq '^Ok: +[1-9]' "$tmp/build.log"; then
  ok "the build ran the unit tests ($(grep -E '^Ok: ' "$tmp/build.log" | tr -s ' ' | sed 's/ $//'))"
else
  not_ok "the build ran the unit tests" \
    "$(grep -E -A8 'meson test|Summary of Failures' "$tmp/build.log")"
fi

changes=$tmp/digit-trainer_${version}-1_${arch}.changes
lintian --pedantic --info --fail-on error,warning "$changes" >"$tmp/lintian.log" 2>&1
status=$?
lint=$(grep -v '^running with root privileges' "$tmp/lintian.log")
if [[ $status -eq 0 ]] && ! grep -Eq '^[EW]: ' <<<"$lint"; then
  ok "lintian --pedantic --info: no error, no warning without an override"
  [[ -z $lint ]] || sed 's/^/# /' <<<"$lint"
else
  not_ok "lintian: no error, no warning without an override" "exit status $status" "$lint"
fi

contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
for f in /usr/bin/digit-trainer /usr/bin/digit-trainer-cli /usr/bin/digit-trainer-fetch-mnist \
         "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
         "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
         "/usr/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
         "/usr/share/glib-2.0/schemas/$app_id.gschema.xml" \
         /usr/share/locale/zh_CN/LC_MESSAGES/digit-trainer.mo \
         /usr/share/man/man1/digit-trainer.1.gz /usr/share/doc/digit-trainer/copyright; do
  if grep -qx -- "$f" <<<"$contents"; then ok "the package holds $f"
  else not_ok "the package holds $f" "dpkg-deb -c lists:" "$contents"; fi
done

if [[ $(id -u) -ne 0 ]] || ! in_ci; then
  skip "installing into this machine's system: only as root in CI"
  finish
fi
if dpkg -s digit-trainer >/dev/null 2>&1; then
  not_ok "digit-trainer is not installed before the test" \
    "a digit-trainer package is already installed here; the test will not touch it"
  finish
fi
installed_here=true
if apt-get install -y -qq "$deb" >"$tmp/install.log" 2>&1; then
  ok "apt-get install ./$(basename "$deb")"
else
  not_ok "apt-get install ./$(basename "$deb")" "$(tail -n 20 "$tmp/install.log")"
  finish
fi
files=$(dpkg -L digit-trainer | while read -r f; do [[ -d $f ]] || echo "$f"; done)

for p in digit-trainer digit-trainer-cli digit-trainer-fetch-mnist; do
  if [[ $(command -v "$p") == /usr/bin/$p ]] && out=$("$p" --help 2>&1); then
    ok "$p runs from /usr/bin"
  else
    not_ok "$p runs from /usr/bin" "command -v: $(command -v "$p")" "$out"
  fi
done
desktop=/usr/share/applications/$app_id.desktop
if desktop-file-validate "$desktop" >"$tmp/out" 2>&1; then
  ok "$desktop is valid"
else
  not_ok "$desktop is valid" "$(cat "$tmp/out")"
fi
# GIO finds it by its id, as GNOME Shell does, and it starts /usr/bin's program
if out=$(/usr/bin/python3 -c 'import sys, gi; gi.require_version("Gio", "2.0")
from gi.repository import Gio
info = Gio.DesktopAppInfo.new(sys.argv[1] + ".desktop")
print(info.get_executable(), info.get_icon().to_string())' "$app_id" 2>&1) &&
   [[ $out == "digit-trainer $app_id" ]]; then
  ok "GIO finds $app_id.desktop: Exec digit-trainer, Icon $app_id"
else
  not_ok "GIO finds $app_id.desktop: Exec digit-trainer, Icon $app_id" "$out"
fi
for icon in scalable/apps/$app_id.svg symbolic/apps/$app_id-symbolic.svg; do
  if [[ -f /usr/share/icons/hicolor/$icon ]]; then ok "icon in /usr/share/icons/hicolor/$icon"
  else not_ok "icon in /usr/share/icons/hicolor/$icon"; fi
done
if out=$(env -u GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND=memory gsettings list-keys "$app_id" 2>&1) &&
   [[ -n $out ]]; then
  ok "the schema is compiled into the system's ($(wc -l <<<"$out") keys)"
else
  not_ok "the schema is compiled into the system's" "$out"
fi
if command -v autopkgtest >/dev/null; then
  if autopkgtest --output-dir "$tmp/autopkgtest" "$deb" "$copy" -- null \
       >"$tmp/autopkgtest.log" 2>&1; then
    ok "autopkgtest: $(tr '\n' ' ' <"$tmp/autopkgtest/summary" | tr -s ' ')"
  else
    not_ok "autopkgtest passes" "$(tail -n 30 "$tmp/autopkgtest.log")"
  fi
else
  not_ok "autopkgtest is installed" "(apt-get install autopkgtest)"
fi

if apt-get purge -y -qq digit-trainer >"$tmp/purge.log" 2>&1 &&
   ! dpkg -s digit-trainer >/dev/null 2>&1; then
  ok "apt-get purge digit-trainer"
else
  not_ok "apt-get purge digit-trainer" "$(tail -n 20 "$tmp/purge.log")"
fi
left=$(while read -r f; do [[ -e $f || -L $f ]] && echo "$f"; done <<<"$files"
       ls -d /usr/share/doc/digit-trainer /etc/digit-trainer 2>/dev/null)
if [[ -z $left ]]; then
  ok "nothing of the package is left ($(wc -l <<<"$files") files gone)"
else
  not_ok "nothing of the package is left" "$left"
fi
if ! env -u GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND=memory gsettings list-keys "$app_id" \
     >/dev/null 2>&1; then
  ok "the schema is gone from the system's"
else
  not_ok "the schema is gone from the system's"
fi
finish
