#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print 'N passed, N failed' from one or more meson testlog.json files.

Counts TAP subtests where a test reported them (each GTest case is one), and the test
itself otherwise; a test that failed without reporting subtests counts as one failure.

With $CI set, a skip counts as a failure unless its reason is one the machine cannot fix
(CI_SKIP_REASONS): CI installs every tool and fetches every file, so there a skip for a
missing one would hide a check that did not run.  One more skip is allowed: a case a
registration leaves out on purpose (GTest's "-s PATH", "by request") while another
registration of the same program runs it — only when that run passed, in the logs given.
"""
import json
import os
import re
import sys

# Why a test may skip in CI: a limit of the machine, not of its set-up.
CI_SKIP_REASONS = [
    re.compile(r'no window manager'),   # a bare Xvfb cannot maximize a window
]


# GTest case paths that passed somewhere in the logs being counted (see main).
PASSED_CASES = set()


def case_path(line):
    """The GTest path of a TAP result line ('ok 3 /a/b # SKIP …' → '/a/b'), or ''."""
    words = line.split('#', 1)[0].split()
    return words[2] if len(words) > 2 and words[2].startswith('/') else ''


def skip_allowed(reason, path=''):
    """Whether a skip with this reason is allowed here."""
    if not os.environ.get('CI'):
        return True
    if any(r.search(reason) for r in CI_SKIP_REASONS):
        return True
    if 'by request' in reason and path in PASSED_CASES:
        return True
    print(f'test-summary: a skip in CI is a failure: {reason or "(no reason given)"}',
          file=sys.stderr)
    return False


def skip_reason(line):
    """The reason of a TAP '# SKIP reason' line."""
    return line.split('# SKIP', 1)[1].strip() if '# SKIP' in line else ''


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
                elif sub.startswith('ok') or sub.startswith('1..0'):
                    if '# SKIP' not in sub:
                        sub_ok += sub.startswith('ok')
                    elif skip_allowed(f'{entry.get("name", "")}: {skip_reason(sub)}',
                                      case_path(sub)):
                        sub_skip += 1
                    else:
                        sub_fail += 1
            if result in ('OK', 'EXPECTEDFAIL') and sub_ok + sub_fail > 0:
                passed += sub_ok
                failed += sub_fail
                skipped += sub_skip
            elif result in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result == 'SKIP' and sub_skip + sub_fail > 0:
                # a TAP plan "1..0 # SKIP reason" said why
                skipped += sub_skip
                failed += sub_fail
            elif result == 'SKIP' and skip_allowed(f'{entry.get("name", "")}: '):
                skipped += 1
            elif result == 'SKIP':
                failed += 1
            else:
                passed += sub_ok
                failed += max(sub_fail, 1)
    return passed, failed, skipped


def collect_passed(path):
    """Adds the GTest cases that passed in one log to PASSED_CASES."""
    try:
        log = open(path, encoding='utf-8')
    except FileNotFoundError:
        return
    with log:
        for line in log:
            if line.strip():
                for sub in (json.loads(line).get('stdout') or '').splitlines():
                    sub = sub.lstrip()
                    if sub.startswith('ok') and '# SKIP' not in sub and case_path(sub):
                        PASSED_CASES.add(case_path(sub))


def main(paths):
    total = [0, 0, 0]
    for path in paths:
        collect_passed(path)
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
