#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshots.sh [BUILD_DIR] [OUT_DIR] — the README's screenshots, taken from the real app on
# real MNIST under Xvfb (1280×800): the lesson trained for its two epochs (light, dark,
# Chinese), a 7 drawn on the Draw page with its evidence map (light, dark), and the
# Evaluate (the 9s read as 4, one of them selected), Inside and Optimizer pages (light,
# dark), a lesson at 1920×1080 (lesson.png), an overfitting run (overfit.png) and Compare…
# training four learning rates at once (compare.png).  Needs MNIST where the app finds it
# (build-aux/fetch-mnist.sh) and xvfb-run, xdotool, gsettings and ImageMagick's import.
# OUT_DIR defaults to docs/screenshots.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$here/build}")
out=$(mkdir -p "${2:-$here/docs/screenshots}" && realpath "${2:-$here/docs/screenshots}")
app=$build/src/app/digit-trainer
[[ -x $app ]] || { echo "screenshots: $app is not built" >&2; exit 1; }
for tool in xvfb-run xdotool import gsettings; do
  command -v $tool >/dev/null || { echo "screenshots: $tool is missing" >&2; exit 1; }
done

export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory DT_LOCALEDIR=$build/po
export GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1 LC_ALL=C.UTF-8
# long enough for two epochs on a slow machine
export DT_SHOT_TRAIN_SECONDS=${DT_SHOT_TRAIN_SECONDS:-8}

# shoot NAME DRAW_NAME PAGES: one app session; DRAW_NAME may be "" to skip the Draw page,
# PAGES "" to skip the Evaluate, Inside and Optimizer pages (else the shots' name prefix)
shoot () {
  xvfb-run -a -s '-screen 0 1280x800x24 -noreset' bash -c '
    set -eu
    "$0" >"$OUT/$1.log" 2>&1 & app=$!
    trap "kill $app 2>/dev/null; wait $app 2>/dev/null || true" EXIT
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -n 1)
    # there is no window manager: the window fills the screen as a maximized one would
    xdotool windowmove --sync "$wid" 0 0 windowsize --sync "$wid" 1280 800
    sleep 2
    xdotool mousemove 1279 799 windowfocus --sync "$wid" key ctrl+Return
    sleep "$DT_SHOT_TRAIN_SECONDS"
    import -window root "$OUT/$1.png"
    [[ -n $2 ]] || exit 0
    # the Draw page (Alt+D), then a 7 in three strokes of the pen
    xdotool key alt+d
    sleep 1
    xdotool mousemove 190 250 mousedown 1 mousemove 260 250 mousemove 330 250 \
      mousemove 385 252 mousemove 350 350 mousemove 310 450 mousemove 270 560 mouseup 1
    xdotool mousemove 1279 799
    sleep 1
    import -window root "$OUT/$2.png"
    [[ -n $3 ]] || exit 0
    # Evaluate (Alt+V): the cell of the 9s read as 4, then the first of them
    xdotool key alt+v
    sleep 1
    xdotool mousemove 344 700 click 1
    sleep 1
    xdotool mousemove 920 160 click 1 mousemove 1279 799
    sleep 1
    import -window root "$OUT/$3-evaluate.png"
    xdotool key alt+i
    sleep 1
    import -window root "$OUT/$3-inside.png"
    xdotool key alt+o
    sleep 1
    import -window root "$OUT/$3-optimizer.png"
  ' "$app" "$@"
}

# lesson: the teaching screenshot at 1920×1080 — the lesson's run, then one at lr 10 with the
# notice that says why it does not learn.  Its settings change mid-session, so they live in a
# keyfile that gsettings edits while the app runs.
shoot_lesson () {
  local cfg
  cfg=$(mktemp -d)
  XDG_CONFIG_HOME=$cfg GSETTINGS_BACKEND=keyfile xvfb-run -a -s '-screen 0 1920x1080x24 -noreset' \
    bash -c '
    set -eu
    S=io.github.digittrainer.DigitTrainer
    "$0" >"$OUT/lesson.log" 2>&1 & app=$!
    trap "kill $app 2>/dev/null; wait $app 2>/dev/null || true" EXIT
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -n 1)
    xdotool windowmove --sync "$wid" 0 0 windowsize --sync "$wid" 1920 1080
    sleep 2
    xdotool mousemove 1919 1079 windowfocus --sync "$wid" key ctrl+Return
    sleep "$DT_SHOT_TRAIN_SECONDS"
    gsettings set $S learning-rate 10.0
    xdotool key ctrl+r
    sleep 1
    xdotool key ctrl+Return
    sleep "$DT_SHOT_TRAIN_SECONDS"
    import -window root "$OUT/lesson.png"
  ' "$app"
  rm -rf "$cfg"
}

# beyond: an overfitting run (1,000 samples, 512 hidden units, a fifth held out for
# validation, 30 epochs: the validation loss turns up while the training loss falls, and the
# best epoch is marked) and Compare… training four learning rates at once (the dialog moved
# aside, as a window manager would place it).  Settings in a keyfile, as for the lesson.
shoot_beyond () {
  local cfg
  cfg=$(mktemp -d)
  XDG_CONFIG_HOME=$cfg GSETTINGS_BACKEND=keyfile xvfb-run -a -s '-screen 0 1280x800x24 -noreset' \
    bash -c '
    set -eu
    S=io.github.digittrainer.DigitTrainer
    gsettings set $S train-samples 1000
    gsettings set $S hidden-units 512
    gsettings set $S validation-split 0.2
    gsettings set $S epochs 30
    "$0" >"$OUT/beyond.log" 2>&1 & app=$!
    # the app of the moment: there are two, one after the other
    trap "kill \$app 2>/dev/null || true; wait \$app 2>/dev/null || true" EXIT
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -n 1)
    xdotool windowmove --sync "$wid" 0 0 windowsize --sync "$wid" 1280 800
    sleep 2
    xdotool mousemove 1279 799 windowfocus --sync "$wid" key ctrl+Return
    sleep "$DT_SHOT_TRAIN_SECONDS"
    import -window root "$OUT/overfit.png"
    # a new session with the lesson settings, then Compare… with its preset learning rates
    kill $app; wait $app 2>/dev/null || true
    for key in train-samples hidden-units validation-split epochs; do gsettings reset $S $key; done
    "$0" >>"$OUT/beyond.log" 2>&1 & app=$!
    wid=$(timeout 30 xdotool search --sync --onlyvisible --pid $app | head -n 1)
    xdotool windowmove --sync "$wid" 0 0 windowsize --sync "$wid" 1280 800
    sleep 2
    xdotool mousemove 1279 799 windowfocus --sync "$wid" key ctrl+k
    dialog=$(timeout 10 xdotool search --sync --onlyvisible --name "Compare" | head -n 1)
    xdotool windowmove --sync "$dialog" 780 430 windowfocus --sync "$dialog" key alt+c
    sleep "$DT_SHOT_TRAIN_SECONDS"
    xdotool mousemove 1279 799
    import -window root "$OUT/compare.png"
  ' "$app"
  rm -rf "$cfg"
}

export OUT=$out
shoot light light-draw light
ADW_DEBUG_COLOR_SCHEME=prefer-dark shoot dark dark-draw dark
LANGUAGE=zh_CN shoot zh_CN "" ""
shoot_lesson
shoot_beyond
rm -f "$out"/*.log
echo "screenshots: wrote $(ls "$out"/*.png | wc -l) PNGs to $out"
