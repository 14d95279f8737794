#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# test-app-shots.sh APP LOCALEDIR: runs the window in the light style, the dark style and in
# Chinese under Xvfb, trains it on a tiny generated dataset, takes screenshots with `import`
# and measures them: the dark window must be dark with readable (not dark-on-dark) curves,
# the Chinese one must show the translated title.  Set DT_SHOTS_DIR to keep the PNGs (the
# README's pictures, on the real MNIST, come from build-aux/screenshots.sh).  Prints TAP.
set -u
app=${1:?usage: test-app-shots.sh APP LOCALEDIR} localedir=${2:?}
here=$(cd "$(dirname "$0")" && pwd)
if [[ -z ${DISPLAY:-} ]]; then
  exec xvfb-run -a -s '-screen 0 1280x800x24 -noreset' "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-shots-XXXXXX")
app_pid=
cleanup () { [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
json () { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <"$2"; }
at_least () { python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)' "$1" "$2"; }

# A tiny learnable dataset (digit d is a bright band at rows 2d…2d+5), so Train finishes in
# a moment and draws full curves.
python3 - "$tmp/mnist" <<'PY'
import os, random, struct, sys
d = sys.argv[1]; os.makedirs(d); rng = random.Random(7)
for split, count in (("train", 2000), ("t10k", 200)):
    labels = [i % 10 for i in range(count)]
    pixels = bytearray()
    for label in labels:
        img = bytearray(rng.randrange(0, 40) for _ in range(784))
        for r in range(2 * label, 2 * label + 6):
            for c in range(4, 24):
                img[r * 28 + c] = rng.randrange(180, 256)
        pixels += img
    with open(f"{d}/{split}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, count, 28, 28) + pixels)
    with open(f"{d}/{split}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, count) + bytes(labels))
PY

export MNIST_DIR=$tmp/mnist XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export XDG_CACHE_HOME=$tmp/cache GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GTK_A11Y=none
export DT_LOCALEDIR=$localedir
unset G_DEBUG   # the app is watched from outside; its own tests catch warnings

# start NAME [ENV=VALUE…]: runs the app, waits for its window, shoots NAME-idle.png, trains
# (Ctrl+Return), waits, shoots NAME.png; leaves the window id in $wid.
start () {
  local name=$1; shift
  env "$@" "$app" >"$tmp/$name.log" 2>&1 &
  app_pid=$!
  wid=
  for _ in $(seq 60); do
    kill -0 "$app_pid" 2>/dev/null || break
    wid=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1)
    [[ -n $wid ]] && break
    sleep 0.5
  done
  [[ -n $wid ]] || { not_ok "$name: a window appears" "$(cat "$tmp/$name.log")"; return 1; }
  xdotool windowsize "$wid" 1280 800
  xdotool mousemove --window "$wid" 1275 795   # no hover box over the curves
  sleep 1.5
  import -window "$wid" "$tmp/$name-idle.png"
  xdotool windowfocus --sync "$wid" 2>/dev/null
  xdotool key --clearmodifiers ctrl+Return
  sleep 4
  import -window "$wid" "$tmp/$name.png"
  [[ -n ${DT_SHOTS_DIR:-} ]] && mkdir -p "$DT_SHOTS_DIR" && cp "$tmp/$name"*.png "$DT_SHOTS_DIR/"
  return 0
}
stop () { kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; app_pid=; }

# Light: the control case.
if start light ADW_DEBUG_COLOR_SCHEME=prefer-light; then
  "$here/check-shot.py" "$tmp/light-idle.png" "$tmp/light.png" >"$tmp/light.json"
  bg=$(json background "$tmp/light.json")
  if at_least "$bg" 0.75; then ok "light: the window background is light ($bg)"
  else not_ok "light: the window background is light" "$(cat "$tmp/light.json")"; fi
  stop
fi

# Dark: dark background, no large white area, and what training drew stands out.
if start dark ADW_DEBUG_COLOR_SCHEME=prefer-dark; then
  "$here/check-shot.py" "$tmp/dark-idle.png" "$tmp/dark.png" >"$tmp/dark.json"
  bg=$(json background "$tmp/dark.json")
  blob=$(json largest_bright_blob "$tmp/dark.json")
  changed=$(json changed "$tmp/dark.json")
  contrasting=$(json changed_contrasting "$tmp/dark.json")
  if ! at_least "$bg" 0.3; then ok "dark: the window background is dark ($bg)"
  else not_ok "dark: the window background is dark" "$(cat "$tmp/dark.json")"; fi
  if ! at_least "$blob" 0.01; then ok "dark: no widget paints a light area ($blob of the window)"
  else not_ok "dark: no widget paints a light area" "$(cat "$tmp/dark.json")"; fi
  if at_least "$changed" 5000 && at_least "$contrasting" "$(( changed / 3 ))"; then
    ok "dark: training drew $changed pixels, $contrasting of them far from the background"
  else
    not_ok "dark: the curves stand out from the background" "$(cat "$tmp/dark.json")"
  fi
  stop
fi

# Dark, Draw page: the ink, the 28×28 input and the bars stand out from the background.
if start dark-draw ADW_DEBUG_COLOR_SCHEME=prefer-dark; then
  xdotool key --clearmodifiers alt+d            # the Draw page (its mnemonic)
  sleep 1
  import -window "$wid" "$tmp/dark-draw-empty.png"
  # a 7: the top bar, then the diagonal, dragged on the sketchpad (left half of the window)
  xdotool mousemove --window "$wid" 200 250 mousedown 1
  for i in $(seq 0 10); do xdotool mousemove --window "$wid" $((200 + i * 18)) 250; sleep 0.02; done
  for i in $(seq 0 14); do
    xdotool mousemove --window "$wid" $((380 - i * 8)) $((250 + i * 22)); sleep 0.02
  done
  xdotool mouseup 1
  xdotool mousemove --window "$wid" 1275 795
  sleep 1
  import -window "$wid" "$tmp/dark-draw.png"
  [[ -n ${DT_SHOTS_DIR:-} ]] && cp "$tmp/dark-draw"*.png "$DT_SHOTS_DIR/"
  "$here/check-shot.py" "$tmp/dark-draw-empty.png" "$tmp/dark-draw.png" >"$tmp/dark-draw.json"
  changed=$(json changed "$tmp/dark-draw.json")
  contrasting=$(json changed_contrasting "$tmp/dark-draw.json")
  if at_least "$changed" 5000 && at_least "$contrasting" "$(( changed / 3 ))"; then
    ok "dark: drawing changed $changed pixels, $contrasting of them far from the background"
  else
    not_ok "dark: the drawing stands out from the background" "$(cat "$tmp/dark-draw.json")"
  fi
  stop
fi

# Chinese: the catalogue from the build tree translates the window.
if start zh_CN LANGUAGE=zh_CN LC_ALL=C.UTF-8; then
  title=$(xdotool getwindowname "$wid")
  if [[ $title == 数字训练器* ]]; then ok "zh_CN: the window title is translated ($title)"
  else not_ok "zh_CN: the window title is translated" "title: $title"; fi
  stop
fi

echo "1..$n"
exit $failed
