#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print 'N passed, N failed' from one or more meson testlog.json files.

Counts TAP subtests where a test reported them (each GTest case is one), and the test
itself otherwise; a test that failed without reporting subtests counts as one failure.
"""
import json
import sys


def count(path):
    passed = failed = skipped = 0
    try:
        log = open(path, encoding='utf-8')
    except FileNotFoundError:
        # the tests never ran (set-up or build failed): that is a failure, not a crash
        print(f'test-summary: no {path}: the tests did not run', file=sys.stderr)
        return 0, 1, 0
    with log:
        for line in log:
            if not line.strip():
                continue
            entry = json.loads(line)
            result = entry.get('result', '')
            sub_ok = sub_fail = sub_skip = 0
            for sub in (entry.get('stdout') or '').splitlines():
                sub = sub.lstrip()
                if sub.startswith('not ok'):
                    if '# TODO' in sub:
                        sub_skip += 1
                    else:
                        sub_fail += 1
                elif sub.startswith('ok'):
                    if '# SKIP' in sub:
                        sub_skip += 1
                    else:
                        sub_ok += 1
            if result in ('OK', 'EXPECTEDFAIL') and sub_ok + sub_fail > 0:
                passed += sub_ok
                failed += sub_fail
                skipped += sub_skip
            elif result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                passed += sub_ok
                failed += max(sub_fail, 1)
    return passed, failed, skipped


def main(paths):
    total = [0, 0, 0]
    for path in paths:
        for i, n in enumerate(count(path)):
            total[i] += n
    line = f'{total[0]} passed, {total[1]} failed'
    if total[2]:
        line += f', {total[2]} skipped'
    print(line)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
