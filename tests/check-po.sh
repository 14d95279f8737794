#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh SRCDIR PO_BUILDDIR: every language in po/LINGUAS is valid (accelerators too),
# 100 % translated, free of fuzzy entries, and covers the strings the sources hold today
# (xgettext runs afresh, so a string added without a translation fails here).  Its header
# has a POT-Creation-Date; translator-credits holds names or stays untranslated (About then
# lists none), never a placeholder; and no translation matches a pattern of po/LANG.style
# (words and typography the language's review ruled out).  Prints TAP.
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
  if msgfmt --check --check-accelerators=_ --output-file=/dev/null "$po" 2>"$tmp/msgfmt.log"
  then
    ok "$lang.po passes msgfmt --check --check-accelerators=_"
  else
    not_ok "$lang.po passes msgfmt --check --check-accelerators=_" "$(cat "$tmp/msgfmt.log")"
  fi
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/fresh.pot" -o "$tmp/merged.po"
  # translator-credits may stay untranslated: About then shows no translators
  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" |
                 grep '^msgid "' | grep -v -e '^msgid ""$' -e '^msgid "translator-credits"$')
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" | grep '^msgid "' | grep -v '^msgid ""$')
  if [[ -z $untranslated ]]; then ok "$lang.po translates every string in the sources"
  else not_ok "$lang.po misses strings" "$untranslated"; fi
  if [[ -z $fuzzy ]]; then ok "$lang.po has no fuzzy entries"
  else not_ok "$lang.po has fuzzy entries" "$fuzzy"; fi

  if grep -q '^"POT-Creation-Date: [0-9]\{4\}-' "$po"; then
    ok "$lang.po's header has a POT-Creation-Date"
  else
    not_ok "$lang.po's header has a POT-Creation-Date" \
      'add "POT-Creation-Date: YYYY-MM-DD HH:MM+ZZZZ\n" (the template it was merged with)'
  fi

  # One "msgid<TAB>msgstr" line per translated message (each plural form a line of its own).
  msgattrib --translated --no-obsolete --no-wrap "$po" | awk '
    function unquote(line) { sub(/^[^"]*"/, "", line); sub(/"$/, "", line); return line }
    function out() { if (field == "str" && id != "") print id "\t" str }
    /^msgid /        { out(); field = "id"; id = unquote($0); next }
    /^msgid_plural / { field = "plural"; next }
    /^msgstr/        { out(); field = "str"; str = unquote($0); next }
    /^"/             { if (field == "str") str = str unquote($0)
                       else if (field == "id") id = id unquote($0)
                       next }
                     { out(); field = "" }
    END              { out() }' >"$tmp/messages"
  credits=$(awk -F '\t' '$1 == "translator-credits" { print $2 }' "$tmp/messages")
  if [[ -z $credits ]]; then
    ok "$lang.po leaves translator-credits to About's default"
  elif awk -F '\t' -v c="$credits" '$1 != "translator-credits" && $2 == c { found = 1 }
                                    END { exit !found }' "$tmp/messages"; then
    not_ok "$lang.po's translator-credits holds names, not a placeholder" \
      "“$credits” is the translation of another string; leave it empty until a translator signs"
  else
    ok "$lang.po's translator-credits holds names"
  fi

  style=$srcdir/po/$lang.style
  if [[ -f $style ]]; then
    hits=$(grep -v -e '^#' -e '^[[:space:]]*$' "$style" | while IFS=$'\t' read -r pattern why; do
      cut -f 2- "$tmp/messages" | grep -E -e "$pattern" | awk -v why="$why" '{ print why ": " $0 }'
    done)
    if [[ -z $hits ]]; then ok "$lang.po follows po/$lang.style"
    else not_ok "$lang.po breaks po/$lang.style" "$hits"; fi
  fi
  if [[ -f $pobuild/$lang/LC_MESSAGES/digit-trainer.mo ]]; then ok "$lang.mo is built"
  else not_ok "$lang.mo is built" "missing: $pobuild/$lang/LC_MESSAGES/digit-trainer.mo"; fi
done

echo "1..$n"
exit $failed
