#!/bin/bash
# `kaoa import` at the edges of the format: nothing is dropped silently.  A byte order mark, an
# empty file, a line longer than 1 MiB (54000, the rest of the file still lands), a key given twice
# in one object (22030), an array or object where a scalar belongs, a JSON null, a file with CR
# line ends, wrong value types and broken UTF-8: each line is accounted for, with its line number,
# SQLSTATE, message and (for an overlong line, the beginning of) its text.  Prints TAP.  Runs
# inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d)
db=kaoa_imp_grenzen
cleanup() { dropdb --if-exists "$db" > /dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
dropdb --if-exists "$db" > /dev/null 2>&1
createdb "$db" && psql -XqAt -d "$db" -c 'CREATE EXTENSION kaoa' || { echo "not ok 1 - createdb $db"; exit 1; }
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }
# the rejects of a file as "zeile sqlstate first-line-of-fehler", one per line
rejects() {
    python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l); print(r["zeile"], r["sqlstate"], r["fehler"].split("\n")[0])' "$1"
}
K='"kommune":"05566"'

# ---------------------------------------------------------------- byte order mark, empty files
printf '\xef\xbb\xbf{"typ":"kommune",%s,"name":"Kreis Steinfurt"}\n{"typ":"person",%s,"pseudonym":"B1"}\n' "$K" "$K" > "$tmp/bom.jsonl"
t_run "$KAOA" import "$tmp/bom.jsonl" -d "$db"
t_is "$rc:$err" "0:kaoa import: $tmp/bom.jsonl: 2 lines: 2 new, 0 changed, 0 unchanged, 0 rejected" \
    "a UTF-8 byte order mark at the start of the file is skipped: both lines land"
t_is "$(q "SELECT name FROM kaoa.kommune WHERE kommune = '05566'")" "Kreis Steinfurt" "the first record is stored without the mark"
printf '{"typ":"person",%s,"pseudonym":"B2"}\n\xef\xbb\xbf{"typ":"person",%s,"pseudonym":"B3"}\n' "$K" "$K" > "$tmp/bom2.jsonl"
t_run "$KAOA" import "$tmp/bom2.jsonl" -d "$db"
t_is "$rc:$(rejects "$tmp/bom2.jsonl.rejects.jsonl")" "3:2 22P02 invalid JSON: invalid utf-8 string at byte 1" \
    "a byte order mark inside the file is no mark: that line is a reject"

: > "$tmp/leer.jsonl"
t_run "$KAOA" import "$tmp/leer.jsonl" -d "$db"
t_is "$rc:$err" "0:kaoa import: $tmp/leer.jsonl: 0 lines: 0 new, 0 changed, 0 unchanged, 0 rejected" "an empty file: exit 0, 0 lines"
t_ok "an empty file leaves no reject file" test ! -e "$tmp/leer.jsonl.rejects.jsonl"
printf '\n  \n\t\r\n' > "$tmp/blank.jsonl"
t_run "$KAOA" import "$tmp/blank.jsonl" -d "$db"
t_is "$rc:$err" "0:kaoa import: $tmp/blank.jsonl: 0 lines: 0 new, 0 changed, 0 unchanged, 0 rejected; 3 blank lines skipped" \
    "only blank lines (spaces, tabs, CRLF): exit 0, counted as skipped"

# ---------------------------------------------------------------- line length
python3 - "$tmp/lang.jsonl" <<'PY'
import sys
max_ = 1024 * 1024
def person(p, laenge):          # a person line of exactly laenge bytes
    kopf = '{"typ":"person","kommune":"05566","pseudonym":"%s","geburtsmonat":"2009-01-01","x":"' % p
    return (kopf + 'y' * (laenge - len(kopf) - 2) + '"}').encode()
zeilen = [b'{"typ":"person","kommune":"05566","pseudonym":"L1"}',
          person("L2", max_ + 1),
          b'{"typ":"person","kommune":"05566","pseudonym":"L3"}',
          person("L4", max_),
          person("L5", max_) + b'\r',
          b'{"typ":"person","kommune":"05566","pseudonym":"' + b'z' * (3 * max_) + b'"}',
          b'{"typ":"person","kommune":"05566","pseudonym":"L7"}']
open(sys.argv[1], 'wb').write(b'\n'.join(zeilen))
PY
t_run "$KAOA" import "$tmp/lang.jsonl" -d "$db"
t_is "$rc:$err" "3:kaoa import: $tmp/lang.jsonl: 7 lines: 3 new, 0 changed, 0 unchanged, 4 rejected (see $tmp/lang.jsonl.rejects.jsonl)" \
    "overlong lines: exit 3, every line accounted for"
t_is "$(rejects "$tmp/lang.jsonl.rejects.jsonl")" \
"2 54000 the line is 1048577 bytes long; kaoa import accepts lines of up to 1048576 bytes
4 22023 unknown key \"x\" for typ person
5 22023 unknown key \"x\" for typ person
6 54000 the line is 3145777 bytes long; kaoa import accepts lines of up to 1048576 bytes" \
    "one byte over 1 MiB: 54000; exactly 1 MiB (also with CRLF) is read and judged like any line"
t_is "$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(len(r[0]["daten"]), r[0]["daten"][:50], r[0]["fehler"].split(chr(10))[1][:30])' "$tmp/lang.jsonl.rejects.jsonl")" \
    '1024 {"typ":"person","kommune":"05566","pseudonym":"L2" HINT:  A record is one JSON ob' \
    "the reject of an overlong line keeps its first 1024 bytes and says so"
t_is "$(q "SELECT string_agg(pseudonym, ' ' ORDER BY pseudonym) FROM kaoa.person WHERE pseudonym LIKE 'L%'")" "L1 L3 L7" \
    "the lines around the overlong ones land"

# ---------------------------------------------------------------- what a parser would drop or coerce silently
q "INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES ('05566', 'betrieb', 'Elektro Meyer', '10000001')" > /dev/null
python3 - "$tmp/still.jsonl" <<'PY'
import sys
zeilen = [
 b'{"typ":"person","kommune":"05566","pseudonym":"D1","pseudonym":"D2"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"D3","geburtsmonat":"2009-01-01","geburtsmonat":"2009-01-01"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"D4","\\u0067eburtsmonat":"2009-02-01","geburtsmonat":"2009-03-01"}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A1","kldb":"26212","titel":["Elektroniker"]}',
 b'{"typ":"kommune","kommune":"05566","name":{"de":"Kreis Steinfurt"}}',
 b'{"typ":"bewerberprofil","kommune":"05566","pseudonym":"B1","wuensche":["26212"],"interessen":["S","E"]}',
 b'null',
 b'{"typ":"person","kommune":"05566","pseudonym":"D5","geburtsmonat":"2009-01-01"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"D5","geburtsmonat":"2009-01-01"}',
 b'{"typ":"fristen","kommune":"05566","schuljahr":"2025/26"}',
 b'{"typ":"fristen","kommune":"05566","schuljahr":2025.0}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A2","kldb":"26212","titel":"E","plaetze":"drei"}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A3","kldb":"26212","titel":"E","plaetze":1e30}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A4","kldb":"26212","titel":"E","mindest_hart":"vielleicht"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"D6","geburtsmonat":"01.02.2009"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"U1\xc3"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"U2\xed\xa0\x80"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"U3\\ud800"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"U4\xc0\xaf"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"K\xc3\xb6ln-1"}',
]
open(sys.argv[1], 'wb').write(b'\n'.join(zeilen) + b'\n')
PY
t_run "$KAOA" import "$tmp/still.jsonl" -d "$db"
t_is "$rc:$err" "3:kaoa import: $tmp/still.jsonl: 20 lines: 2 new, 0 changed, 1 unchanged, 17 rejected (see $tmp/still.jsonl.rejects.jsonl)" \
    "a file of silent-drop candidates: exit 3, every line accounted for"
t_is "$(rejects "$tmp/still.jsonl.rejects.jsonl")" \
'1 22030 the key "pseudonym" occurs twice in the object
2 22030 the key "geburtsmonat" occurs twice in the object
3 22030 the key "geburtsmonat" occurs twice in the object
4 22023 "titel" of typ angebot must be a string, number, boolean or null, not a JSON array
5 22023 "name" of typ kommune must be a string, number, boolean or null, not a JSON object
6 22023 "interessen" of typ bewerberprofil must be a string, number, boolean or null, not a JSON array
7 22023 a line must be one JSON object {"typ": …}, not a JSON null
10 22P02 invalid input syntax for type integer: "2025/26"
11 22023 "schuljahr" must be a string or a number, not a JSON double
12 22P02 invalid input syntax for type integer: "drei"
13 22003 value "1000000000000000000000000000000" is out of range for type integer
14 22P02 invalid input syntax for type boolean: "vielleicht"
15 22007 "geburtsmonat" of typ person must be a date written YYYY-MM-DD, not "01.02.2009"
16 22021 invalid byte sequence for encoding "UTF8": 0xc3 at byte 50
17 22021 invalid byte sequence for encoding "UTF8": 0xed at byte 50
18 22P02 invalid input syntax for type json
19 22021 invalid byte sequence for encoding "UTF8": 0xc0 at byte 50' \
    "a repeated key (even the same value, even escaped) 22030; an array or object for a scalar 22023; null 22023; wrong value types with the server's SQLSTATE; a date not YYYY-MM-DD 22007; broken UTF-8 22021"
t_is "$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(r[0]["fehler"].split(chr(10))[1]); print(r[3]["fehler"].split(chr(10))[1])' "$tmp/still.jsonl.rejects.jsonl")" \
'HINT:  Each key may appear once per line; give the value that is meant once.
HINT:  The fields of typ angebot that take a JSON array: none; kaoa types, ranges and dates are written in their text form (docs/client.md, "The JSON Lines format").' \
    "both client-side refusals carry a hint saying what is accepted"
t_is "$(q "SELECT string_agg(pseudonym, ' ' ORDER BY pseudonym) FROM kaoa.person WHERE pseudonym NOT LIKE 'L%' AND pseudonym NOT LIKE 'B%'")" \
    "D5 Köln-1" "only the good lines landed (the same record twice in one file: new, then unchanged)"
t_is "$(q "SELECT count(*) FROM kaoa.angebot")" 0 "no offer landed with a coerced title"

# ---------------------------------------------------------------- line ends
printf '{"typ":"person",%s,"pseudonym":"C1"}\r{"typ":"person",%s,"pseudonym":"C2"}\r' "$K" "$K" > "$tmp/cr.jsonl"
t_run "$KAOA" import "$tmp/cr.jsonl" -d "$db"
t_is "$rc:$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(len(r), r[0]["zeile"], r[0]["sqlstate"], r[0]["fehler"].split(chr(10))[1])' "$tmp/cr.jsonl.rejects.jsonl")" \
    '3:1 1 22P02 HINT:  The line holds a carriage return (\r) at byte 52: lines end with \n or \r\n, not \r alone.' \
    "a file with CR line ends (old Mac) is one line, refused with a hint saying why"
printf '{"typ":"person",%s,"pseudonym":"C3"}\r\n{"typ":"person",%s,"pseudonym":"C4"}' "$K" "$K" > "$tmp/crlf.jsonl"
t_run "$KAOA" import "$tmp/crlf.jsonl" -d "$db"
t_is "$rc:$err" "0:kaoa import: $tmp/crlf.jsonl: 2 lines: 2 new, 0 changed, 0 unchanged, 0 rejected" \
    "CRLF line ends, no line end after the last line: both land"
# ---------------------------------------------------------------- a pipe instead of a file
printf '{"typ":"person",%s,"pseudonym":"R1"}\n' "$K" > "$tmp/rohr.jsonl"
t_run bash -c 'cat "$1" | "$2" import /dev/stdin -d "$3"' _ "$tmp/rohr.jsonl" "$KAOA" "$db"
t_like "$rc:$err" '^2:kaoa import: /dev/stdin is not a regular file: name the reject file with --rejects PATH' \
    "a pipe without --rejects: exit 2 (the default reject file would be /dev/stdin.rejects.jsonl)"
t_run bash -c 'cat "$1" | "$2" import /dev/stdin --rejects "$4" -d "$3"' _ "$tmp/rohr.jsonl" "$KAOA" "$db" "$tmp/rohr.rej"
t_is "$rc:$err" "0:kaoa import: /dev/stdin: 1 line: 1 new, 0 changed, 0 unchanged, 0 rejected" "a pipe with --rejects imports"
printf '{"typ":"person",%s,"pseudonym":"R2"}\n{"typ":"person",%s,"pseudonym":"R3\\u0000"}\n' "$K" "$K" > "$tmp/rohr0.jsonl"
t_run bash -c 'cat "$1" | "$2" import /dev/stdin --rejects "$4" -d "$3"' _ "$tmp/rohr0.jsonl" "$KAOA" "$db" "$tmp/rohr.rej"
t_like "$rc:$err" '^1:kaoa import: /dev/stdin holds a line only the server can judge .*save it to a file and import that; nothing was imported$' \
    "a pipe with a line only jsonb refuses (\\u0000): exit 1, says to use a file"
t_is "$(q "SELECT count(*) FROM kaoa.person WHERE pseudonym = 'R2'")" 0 "... and nothing of it was imported"
"$KAOA" import "$tmp/rohr0.jsonl" -d "$db" -q
t_is "$?:$(q "SELECT count(*) FROM kaoa.person WHERE pseudonym = 'R2'")" "3:1" "the same lines from a file: the good one lands, the other is a reject"
t_done
