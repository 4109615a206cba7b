#!/bin/bash
# The message catalogues are complete and every message can reach them (TAP; no server needed).
#
# kaoa speaks English in the source and German through gettext: the server module in the domain
# kaoa-15 (po/de.po), the client program in kaoa-client-15 (po/client/de.po).  Checked here:
#   1. the templates are extracted anew from src/ (make -B po/kaoa.pot po/client/kaoa-client.pot,
#      xgettext with the keywords of the Makefile), so a message added, changed or removed in the
#      code since the catalogue was last merged is seen;
#   2. every message of the code has a translation in the catalogue (msgcmp: a missing, an
#      untranslated and a fuzzy entry all fail), and the catalogue holds no message the code no
#      longer has (run `make update-po`, then translate; CONTRIBUTING.md);
#   3. msgfmt -c --statistics: the catalogue compiles, every format string of a translation takes
#      the same arguments as the English, and nothing is untranslated or fuzzy (the statistics are
#      printed as a comment);
#   4. every file of the module reports in kaoa's domain: after its includes TEXTDOMAIN is
#      PG_TEXTDOMAIN("kaoa") (src/base/kaoa.h), otherwise its messages would be looked up in
#      PostgreSQL's own catalogue and never translated;
#   5. the client prints no text of its own that bypasses gettext (test/scripts/lib/sprache.py).
# That each server message is a fixed text xgettext can find at all is checked by
# test/scripts/meldungen_uebersetzbar.sh.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh

declare -A pot=([po/de.po]=po/kaoa.pot [po/client/de.po]=po/client/kaoa-client.pot)

t_run make -s -B po/kaoa.pot po/client/kaoa-client.pot
t_is "$rc" 0 "xgettext extracts the messages of the server module and of the client"
[ "$rc" -eq 0 ] || printf '# %s\n' "$err" | head -20

for po in po/de.po po/client/de.po; do
    t=${pot[$po]}
    n=$(grep -c '^msgid ' "$t"); n=$((n - 1))
    t_run msgcmp "$po" "$t"
    t_is "$rc" 0 "$po translates every one of the $n messages of the code ($t)"
    [ "$rc" -eq 0 ] && echo "# $po: all $n messages of the code are translated" \
        || printf '%s\n' "$err" | grep -E 'this message|msgid' | head -30 | sed 's/^/# /'
    t_run msgcmp --use-untranslated "$t" "$po"
    t_is "$rc" 0 "$po holds no message the code no longer has (make update-po drops them)"
    [ "$rc" -eq 0 ] || printf '%s\n' "$err" | head -20 | sed 's/^/# /'
    t_run msgfmt -c --statistics -o /dev/null "$po"
    echo "# msgfmt --statistics $po: $err"
    t_is "$rc" 0 "msgfmt -c accepts $po (format strings match the English)"
    t_like "$err" '^[0-9]+ translated messages?\.$' "$po: nothing untranslated, nothing fuzzy"
done

# 4 to 6: one TAP line per check of lib/sprache.py, with its diagnostics
while IFS= read -r zeile; do
    case $zeile in
        'ok '*) t_result 0 "${zeile#ok }" ;;
        'not ok '*) t_result 1 "${zeile#not ok }" ;;
        *) printf '%s\n' "$zeile" ;;
    esac
done < <(/usr/bin/python3 test/scripts/lib/sprache.py 2>&1)
t_done
