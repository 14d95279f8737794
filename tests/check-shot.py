#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-shot.py: measures a window screenshot (any format ImageMagick reads) for the
screenshot tests.  Prints one JSON object.

  check-shot.py FILE            background luminance, largest bright blob
  check-shot.py BEFORE AFTER    the same for AFTER, plus how the pixels that changed
                                between BEFORE and AFTER contrast with the background
"""
import json
import subprocess
import sys
from collections import Counter


def load(path):
    ppm = subprocess.run(['/usr/bin/convert', path, '-alpha', 'off', '-depth', '8', 'ppm:-'],
                         check=True, stdout=subprocess.PIPE).stdout
    # P6 header: magic, width, height, maxval, each followed by whitespace
    fields, pos = [], 0
    while len(fields) < 4:
        while ppm[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not ppm[pos:pos + 1].isspace():
            pos += 1
        fields.append(ppm[start:pos])
    width, height = int(fields[1]), int(fields[2])
    data = ppm[pos + 1:]
    lum = bytearray(width * height)
    for i in range(width * height):
        r, g, b = data[3 * i], data[3 * i + 1], data[3 * i + 2]
        lum[i] = (2126 * r + 7152 * g + 722 * b) // 10000
    return width, height, lum


def largest_blob(width, height, mask):
    """Area of the largest 4-connected region of True pixels."""
    seen = bytearray(width * height)
    best = 0
    for start in range(width * height):
        if not mask[start] or seen[start]:
            continue
        seen[start] = 1
        stack, area = [start], 0
        while stack:
            i = stack.pop()
            area += 1
            x = i % width
            for j in (i - width, i + width, i - 1 if x > 0 else -1, i + 1 if x + 1 < width else -1):
                if 0 <= j < width * height and mask[j] and not seen[j]:
                    seen[j] = 1
                    stack.append(j)
        best = max(best, area)
    return best


def main():
    width, height, lum = load(sys.argv[-1])
    n = width * height
    background = Counter(lum).most_common(1)[0][0]
    bright = [v >= 204 for v in lum]            # luminance >= 0.8
    result = {
        'width': width, 'height': height,
        'background': round(background / 255, 3),
        'largest_bright_blob': round(largest_blob(width, height, bright) / n, 5),
    }
    if len(sys.argv) == 3:
        w0, h0, before = load(sys.argv[1])
        if (w0, h0) != (width, height):
            sys.exit('the screenshots differ in size')
        changed = [i for i in range(n) if abs(lum[i] - before[i]) > 8]
        contrasting = [i for i in changed if abs(lum[i] - background) >= 64]   # >= 0.25
        result['changed'] = len(changed)
        result['changed_contrasting'] = len(contrasting)
    json.dump(result, sys.stdout)
    print()


if __name__ == '__main__':
    main()
