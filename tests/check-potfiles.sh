#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-potfiles.sh SRCDIR: po/POTFILES.in must list, sorted and without duplicates, exactly
# the existing files that hold translatable strings.  Prints TAP.
set -u
srcdir=${1:?usage: check-potfiles.sh SRCDIR}
cd "$srcdir" || exit 1
potfiles=po/POTFILES.in
listed=$(grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles")
n=0 failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }

missing_files=$(while read -r f; do [[ -f $f ]] || echo "$f"; done <<<"$listed")
if [[ -z $missing_files ]]; then ok "every listed file exists"
else not_ok "POTFILES.in lists files that do not exist" $missing_files; fi

if LC_ALL=C sort -c -u <<<"$listed" 2>/dev/null; then ok "POTFILES.in is sorted and has no duplicates"
else not_ok "POTFILES.in is not sorted (LC_ALL=C sort -u) or has duplicates" \
  "$(diff <(echo "$listed") <(LC_ALL=C sort -u <<<"$listed") | grep '^[<>]')"; fi

# _("…"), N_("…"), C_("…"), NC_("…"), Q_("…") as a call (not part of a longer name), .ui
# translatable="yes", schema summaries, and the desktop/metainfo templates.
wanted=$(
  find src ui data resources -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) \
      2>/dev/null | xargs -r grep -l -E -e '(^|[^A-Za-z0-9_])(N|C|NC|Q)?_ ?\(' \
                                         -e 'translatable="yes"'
  find data -type f -name '*.gschema.xml' 2>/dev/null | xargs -r grep -l -E '<(summary|description)>'
  find data -type f \( -name '*.desktop.in.in' -o -name '*.desktop.in' \
                       -o -name '*.metainfo.xml.in.in' -o -name '*.metainfo.xml.in' \) 2>/dev/null
)
unlisted=$(comm -23 <(LC_ALL=C sort -u <<<"$wanted" | sed '/^$/d') <(LC_ALL=C sort -u <<<"$listed"))
if [[ -z $unlisted ]]; then ok "every file with translatable strings is in POTFILES.in"
else not_ok "files with translatable strings missing from POTFILES.in" $unlisted; fi

echo "1..$n"
exit $failed
