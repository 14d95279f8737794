#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh SRCDIR PO_BUILDDIR: every language in po/LINGUAS is valid, 100 % translated,
# free of fuzzy entries, and covers the strings the sources hold today (xgettext runs afresh,
# so a string added without a translation fails here).  Prints TAP.
set -u
srcdir=${1:?usage: check-po.sh SRCDIR PO_BUILDDIR} pobuild=${2:?}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dt-po-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }

# The same keywords as i18n.gettext(preset: 'glib').
if (cd "$srcdir" && xgettext --from-code=UTF-8 --add-comments -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 \
      -kg_dcgettext:2 -kg_dngettext:2,3 -kg_dpgettext2:2c,3 -kngettext:1,2 \
      --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
      --files-from=po/POTFILES.in --output="$tmp/fresh.pot") 2>"$tmp/xgettext.log"; then
  ok "xgettext extracts the strings listed in POTFILES.in"
else
  not_ok "xgettext extracts the strings listed in POTFILES.in" "$(cat "$tmp/xgettext.log")"
fi

for lang in $(grep -v '^#' "$srcdir/po/LINGUAS"); do
  po=$srcdir/po/$lang.po
  if msgfmt --check --output-file=/dev/null "$po" 2>"$tmp/msgfmt.log"; then
    ok "$lang.po passes msgfmt --check"
  else
    not_ok "$lang.po passes msgfmt --check" "$(cat "$tmp/msgfmt.log")"
  fi
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/fresh.pot" -o "$tmp/merged.po"
  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" | grep '^msgid "' | grep -v '^msgid ""$')
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" | grep '^msgid "' | grep -v '^msgid ""$')
  if [[ -z $untranslated ]]; then ok "$lang.po translates every string in the sources"
  else not_ok "$lang.po misses strings" "$untranslated"; fi
  if [[ -z $fuzzy ]]; then ok "$lang.po has no fuzzy entries"
  else not_ok "$lang.po has fuzzy entries" "$fuzzy"; fi
  if [[ -f $pobuild/$lang/LC_MESSAGES/digit-trainer.mo ]]; then ok "$lang.mo is built"
  else not_ok "$lang.mo is built" "missing: $pobuild/$lang/LC_MESSAGES/digit-trainer.mo"; fi
done

echo "1..$n"
exit $failed
