#!/bin/bash
# TAP: every message of the server module is a fixed text with parameters that xgettext finds with
# PostgreSQL's keywords (and kaoa's own: kaoa_fail), so that it can be translated — no
# errmsg("%s", …), no message built with psprintf or StringInfo, no macro or conditional inside a
# format (test/scripts/lib/meldungen.py says what is checked) — and, as a negative control, that the
# check finds each of these in a file written to fail it.  Needs no database.
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! command -v xgettext > /dev/null; then
    echo "not ok 1 - xgettext is installed (Debian package gettext)"; echo "1..1"; exit 1
fi
/usr/bin/python3 test/scripts/lib/meldungen.py src | grep -v '^1\.\.'
status=${PIPESTATUS[0]}
n=$(/usr/bin/python3 test/scripts/lib/meldungen.py src | grep -c '^\(not \)\?ok ')

# negative control: five ways to write a message that cannot be translated
tmp=$(mktemp -d /tmp/kaoa_meldungen.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/schlecht.c" <<'C'
void f(const char *meldung, const char *hint, long id, int v)
{
	ereport(ERROR, (errmsg("%s", psprintf("case %ld refused", id)), errdetail(meldung), errhint("%s", hint)));
	ereport(ERROR, (errmsg("case " INT64_FORMAT " refused", id), errdetail(v ? "a" : "b")));
	(void) kaoa_fail(0, hint);
}
C
gefunden=$(/usr/bin/python3 test/scripts/lib/meldungen.py "$tmp" --zaehlen)
n=$((n + 1))
if [ "$gefunden" = 6 ]; then echo "ok $n - negative control: the check finds all 6 untranslatable messages of a bad file"
else echo "not ok $n - negative control: the check finds all 6 untranslatable messages of a bad file (found $gefunden)"; status=1; fi
echo "1..$n"
exit $status
