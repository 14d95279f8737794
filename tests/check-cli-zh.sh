#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-cli-zh.sh CLI: with LANGUAGE=zh_CN (and DT_LOCALEDIR at the built catalogues) the CLI's
# help, errors and result lines are Chinese, while the Keras progress line stays byte-for-byte
# English.  Prints TAP.
set -u
cli=${1:?usage: check-cli-zh.sh CLI}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-cli-zh-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
expect () {  # expect NAME PATTERN FILE
  if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no “$2” in:" "$(cat "$3")"; fi
}

"$cli" --help >"$tmp/help" 2>&1
expect "--help summary is Chinese" "训练 Keras MNIST 教程中的网络" "$tmp/help"
expect "--help option descriptions are Chinese" "RMSprop 学习率" "$tmp/help"
expect "--help keeps the option names" "--lr=学习率" "$tmp/help"

"$cli" --epochs=-3 >"$tmp/usage" 2>&1
expect "usage errors are Chinese" "轮数必须在 0 到 1000 之间" "$tmp/usage"

MNIST_DIR= XDG_DATA_HOME="$tmp/xdg" "$cli" --data-dir="$tmp/nowhere" --epochs=0 >"$tmp/missing" 2>&1
expect "a missing dataset is reported in Chinese" "未找到 MNIST 数据集" "$tmp/missing"

# A tiny IDX dataset (12 train, 4 test images) so a real run prints its progress line.
python3 - "$tmp/mnist" <<'PY'
import os, struct, sys
d = sys.argv[1]; os.makedirs(d)
for split, count in (("train", 12), ("t10k", 4)):
    with open(f"{d}/{split}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, count, 28, 28))
        f.write(bytes((i * 37 + p) % 256 for i in range(count) for p in range(784)))
    with open(f"{d}/{split}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, count) + bytes(i % 10 for i in range(count)))
PY
"$cli" --data-dir="$tmp/mnist" --epochs=1 --batch-size=4 --save="$tmp/model" >"$tmp/run" 2>&1
expect "the lesson's header line is Chinese" "^训练 ------------" "$tmp/run"
expect "the test result is Chinese" "^测试集准确率：" "$tmp/run"
expect "the Keras progress line stays English" "^Epoch 1/1" "$tmp/run"
expect "the Keras metrics stay English" " - loss: [0-9.]* - acc: " "$tmp/run"

"$cli" --classify="$tmp/none.png" >"$tmp/classify-usage" 2>&1
expect "--classify without a model is explained in Chinese" "需要已训练的模型" "$tmp/classify-usage"
if [[ -x /usr/bin/convert ]]; then
  /usr/bin/convert -size 120x120 xc:white -stroke black -strokewidth 12 -fill none \
    -draw "polyline 30,30 90,30 50,100" "$tmp/seven.png"
  "$cli" --load="$tmp/model" --classify="$tmp/seven.png" >"$tmp/classify" 2>&1
  expect "the answer line is Chinese, its percentage without a space" \
    "^识别结果：[0-9]（置信度 [0-9.]*%）$" "$tmp/classify"
elif [[ -n ${CI:-} ]]; then
  # in CI a missing tool is a set-up bug, not a reason to skip
  n=$((n + 1)); echo "not ok $n - ImageMagick's /usr/bin/convert is not installed"; failed=1
else
  n=$((n + 1)); echo "ok $n # SKIP ImageMagick's convert is not installed"
fi

echo "1..$n"
exit $failed
