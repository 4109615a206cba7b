#!/bin/bash
# `kaoa import`: every line lands or is rejected with its SQLSTATE; re-import is a no-op; changes
# update under the rules; a killed import is completed by running it again; exit codes; the
# reject file; the progress bar.  Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d)
dbs="kaoa_imp_a kaoa_imp_b kaoa_imp_kill kaoa_imp_ref kaoa_imp_leer kaoa_imp_rolle"
cleanup() {
    for d in $dbs; do dropdb --if-exists "$d" > /dev/null 2>&1; done
    psql -XqAt -d postgres -c 'DROP ROLE IF EXISTS kaoa_imp_loader' -c 'DROP ROLE IF EXISTS kaoa_imp_bi' > /dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
for d in $dbs; do createdb "$d" || { echo "not ok 1 - createdb $d"; exit 1; }; done
for d in kaoa_imp_a kaoa_imp_b kaoa_imp_kill kaoa_imp_ref kaoa_imp_rolle; do psql -XqAt -d "$d" -c 'CREATE EXTENSION kaoa'; done
q() { local d=$1; shift; psql -XqAt -v ON_ERROR_STOP=1 -d "$d" -c "$*"; }
# Every row of the loaded tables, by natural keys only (ids may differ between databases).
inhalt() {
    q "$1" "SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
      SELECT 'k' || k::text AS x FROM kaoa.kommune k
      UNION ALL SELECT 'f' || f::text FROM kaoa.fristen f
      UNION ALL SELECT 'o' || row(o.kommune, o.typ, o.name, o.schluessel, o.schulform)::text FROM kaoa.organisation o
      UNION ALL SELECT 'p' || row(p.kommune, p.pseudonym, p.geburtsmonat)::text FROM kaoa.person p
      UNION ALL SELECT 'i' || row(p.pseudonym, i.nachname, i.vorname, i.geburtsdatum, i.geschlecht, i.anschrift)::text
                  FROM kaoa.person_identitaet i JOIN kaoa.person p USING (kommune, person_id)
      UNION ALL SELECT 'c' || row(p.pseudonym, c.schuljahr, o.schluessel, c.schulform, c.status, c.abschluss, c.abschluss_erwartet)::text
                  FROM kaoa.fall c JOIN kaoa.person p USING (kommune, person_id)
                  JOIN kaoa.organisation o ON o.kommune = c.kommune AND o.org_id = c.schule_org
      UNION ALL SELECT 'b' || row(p.pseudonym, b.wuensche, b.interessen, b.kompetenzen, b.lat, b.lon, b.max_km, b.verfuegbar_ab)::text
                  FROM kaoa.bewerberprofil b JOIN kaoa.person p USING (kommune, person_id)
      UNION ALL SELECT 'a' || row(a.extern_id, o.schluessel, a.kldb, a.titel, a.mindest_abschluss, a.mindest_hart, a.interessen,
                                  a.anforderungen, a.lat, a.lon, a.beginn, a.plaetze)::text
                  FROM kaoa.angebot a LEFT JOIN kaoa.organisation o ON o.kommune = a.kommune AND o.org_id = a.org_id) t"
}
zaehlen() {
    q "$1" "SELECT (SELECT count(*) FROM kaoa.kommune) || ' ' || (SELECT count(*) FROM kaoa.organisation) || ' '
             || (SELECT count(*) FROM kaoa.person) || ' ' || (SELECT count(*) FROM kaoa.person_identitaet) || ' '
             || (SELECT count(*) FROM kaoa.fall) || ' ' || (SELECT count(*) FROM kaoa.bewerberprofil) || ' '
             || (SELECT count(*) FROM kaoa.angebot)"
}
typen() {  # counts per typ in a JSON Lines file, in the order of zaehlen
    python3 -c 'import json,sys,collections
c=collections.Counter(json.loads(l)["typ"] for l in open(sys.argv[1]))
print(" ".join(str(c[t]) for t in ["kommune","organisation","person","person_identitaet","fall","bewerberprofil","angebot"]))' "$1"
}

# ---------------------------------------------------------------- a generated cohort
"$KAOA" generate --seed 5 --kommune 05566 --personen 300 --angebote 150 > "$tmp/k.jsonl"
n_zeilen=$(wc -l < "$tmp/k.jsonl")
t_run "$KAOA" import "$tmp/k.jsonl" -d kaoa_imp_a
t_is "$rc" 0 "a generated cohort imports with exit 0"
t_is "$err" "kaoa import: $tmp/k.jsonl: $n_zeilen lines: $n_zeilen new, 0 changed, 0 unchanged, 0 rejected" "the summary counts every line as new"
t_is "$(zaehlen kaoa_imp_a)" "$(typen "$tmp/k.jsonl")" "every record is in its table"
t_ok "no reject file when nothing was rejected" test ! -e "$tmp/k.jsonl.rejects.jsonl"
t_is "$(q kaoa_imp_a "SELECT count(*) FROM kaoa.fall WHERE status = 'offen' AND zustaendig_org = schule_org")" 300 \
    "cases start offen, held by their school"

vorher=$(inhalt kaoa_imp_a)
ereignisse=$(q kaoa_imp_a "SELECT count(*) FROM kaoa.ereignis")
zaehler=$(q kaoa_imp_a "SELECT string_agg(last_value::text, ',' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'kaoa'")
xmin=$(q kaoa_imp_a "SELECT sum(xmin::text::bigint) FROM kaoa.person")
t_run "$KAOA" import "$tmp/k.jsonl" -d kaoa_imp_a
t_is "$rc:$err" "0:kaoa import: $tmp/k.jsonl: $n_zeilen lines: 0 new, 0 changed, $n_zeilen unchanged, 0 rejected" \
    "re-importing the same file: exit 0, every line unchanged"
t_is "$(inhalt kaoa_imp_a)" "$vorher" "re-import leaves every row as it was"
t_is "$(q kaoa_imp_a "SELECT count(*) FROM kaoa.ereignis")" "$ereignisse" "re-import writes no log entry"
t_is "$(q kaoa_imp_a "SELECT string_agg(last_value::text, ',' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'kaoa'")" \
    "$zaehler" "re-import consumes no id"
t_is "$(q kaoa_imp_a "SELECT sum(xmin::text::bigint) FROM kaoa.person")" "$xmin" "re-import rewrites no row (no UPDATE ran)"

# the defaults kaoa.import_stapel gives new rows for absent keys are the tables' own
t_is "$(q kaoa_imp_a "SELECT string_agg(table_name || '.' || column_name || '=' || column_default, ' ' ORDER BY table_name, column_name)
          FROM information_schema.columns WHERE table_schema = 'kaoa' AND (table_name, column_name) IN
          (('kommune', 'min_fallzahl'), ('kommune', 'aufbewahrung_monate'), ('fristen', 'uebernahme_tage'),
           ('bewerberprofil', 'max_km'), ('angebot', 'mindest_hart'), ('angebot', 'plaetze'))")" \
    "angebot.mindest_hart=false angebot.plaetze=1 bewerberprofil.max_km=50 fristen.uebernahme_tage=10 kommune.aufbewahrung_monate=6 kommune.min_fallzahl=5" \
    "the import's defaults for absent keys are the column defaults"

# ---------------------------------------------------------------- changes: updates under the rules
pseu=$(q kaoa_imp_a "SELECT pseudonym FROM kaoa.person ORDER BY person_id LIMIT 1")
ext=$(q kaoa_imp_a "SELECT extern_id FROM kaoa.angebot ORDER BY angebot_id LIMIT 1")
andere=$(q kaoa_imp_a "SELECT schluessel FROM kaoa.organisation WHERE typ = 'schule' ORDER BY org_id DESC LIMIT 1")
cat > "$tmp/aenderung.jsonl" <<EOF
{"typ":"person","kommune":"05566","pseudonym":"$pseu","geburtsmonat":"2008-12-17"}
{"typ":"angebot","kommune":"05566","extern_id":"$ext","plaetze":7}
{"typ":"fall","kommune":"05566","pseudonym":"$pseu","schuljahr":2025,"status":"ohne_anschluss","grund":"keine Zusage bis zum Stichtag"}
{"typ":"fall","kommune":"05566","pseudonym":"$pseu","schuljahr":2025,"schule":"$andere"}
EOF
titel=$(q kaoa_imp_a "SELECT titel FROM kaoa.angebot WHERE extern_id = '$ext'")
t_run "$KAOA" import "$tmp/aenderung.jsonl" -d kaoa_imp_a
t_like "$rc:$err" "^3:kaoa import: .*: 4 lines: 0 new, 3 changed, 0 unchanged, 1 rejected" "changes: 3 updated, 1 refused (exit 3)"
t_is "$(q kaoa_imp_a "SELECT geburtsmonat FROM kaoa.person WHERE pseudonym = '$pseu'")" "2008-12-01" "a changed birth month is stored (cut to the month)"
t_is "$(q kaoa_imp_a "SELECT plaetze || '|' || titel FROM kaoa.angebot WHERE extern_id = '$ext'")" "7|$titel" \
    "a present key updates its column, absent keys keep theirs"
t_is "$(q kaoa_imp_a "SELECT f.status || '|' || f.grund FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id) WHERE p.pseudonym = '$pseu'")" \
    "ohne_anschluss|keine Zusage bis zum Stichtag" "a status change goes through the rules (with a grund outside the window)"
t_is "$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(len(r), r[0]["zeile"], r[0]["sqlstate"])' "$tmp/aenderung.jsonl.rejects.jsonl")" \
    "1 4 KA006" "changing a case's school is refused by the rule trigger (KA006), as a reject"
t_run "$KAOA" import "$tmp/aenderung.jsonl" -d kaoa_imp_a
t_like "$rc:$err" "^3:kaoa import: .*: 4 lines: 0 new, 0 changed, 3 unchanged, 1 rejected" "the same changes again: unchanged, the refused one refused again"

# ---------------------------------------------------------------- bad lines, one of each kind
python3 - "$tmp/bad.jsonl" <<'PY'
import sys
lines = [
 b'{"typ":"kommune","kommune":"05566","name":"Kreis Steinfurt"}',
 b'{"typ":"organisation","kommune":"05566","schluessel":"566001","org_typ":"schule","name":"Gymnasium Arnoldinum","schulform":"GY"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P1","geburtsmonat":"2009-01-01"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P2","geburtsmonat":"2009-02-30"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P3"',
 b'{"typ":"personn","kommune":"05566","pseudonym":"P4"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P5","geburtsmonnat":"2009-01-01"}',
 b'{"typ":"person","kommune":"05566"}',
 b'   ',
 b'{"typ":"fall","kommune":"05566","pseudonym":"P9","schuljahr":2025,"schule":"566001"}',
 b'{"typ":"fall","kommune":"05566","pseudonym":"P1","schuljahr":2025,"schule":"566001","abschluss":"FOR-Q"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P1","geburtsmonat":"2009-01-01"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P6","geburtsmonat":"2009-03-01"}\r',
 b'{"typ":"person","kommune":"05566","pseudonym":"P6","geburtsmonat":"2009-04-01"}',
 b'["typ","person"]',
 b'{"typ":"bewerberprofil","kommune":"05566","pseudonym":"P1","wuensche":["2621x"]}',
 b'{"typ":"bewerberprofil","kommune":"05566","pseudonym":"P6","wuensche":["26212","252"],"interessen":"SE","kompetenzen":"sorgfalt=3","lat":52.1,"lon":7.3}',
 b'{"typ":"fall","kommune":"05566","pseudonym":"P6","schuljahr":2025,"schule":"566001","status":"angetreten"}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P7\\u0000x"}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A1","anbieter":"nix","kldb":"26212","titel":"Elektro"}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A2","kldb":"26212","titel":"Elektro","plaetze":3}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P8\xff"}',
 b'{"typ":"person","kommune":"05566","pseudonym":{"a":1}}',
 b'{"typ":17,"kommune":"05566"}',
 b'{"kommune":"05566","pseudonym":"P10"}',
 b'{"typ":"bewerberprofil","kommune":"05566","pseudonym":"P6","lat":95,"lon":7.3}',
 b'{"typ":"angebot","kommune":"05566","extern_id":"A3","kldb":"26212","titel":"Elektro","mindest_hart":true}',
 b'{"typ":"person","kommune":"05566","pseudonym":"P11"} trailing',
 b'{"typ":"fristen","kommune":"05566","schuljahr":2025,"identifikation_von":"2026-05-31","identifikation_bis":"2026-03-01"}',
]
open(sys.argv[1], 'wb').write(b'\n'.join(lines))   # no newline after the last line
PY
t_run "$KAOA" import "$tmp/bad.jsonl" -d kaoa_imp_b
t_is "$rc" 3 "a file with bad lines: exit 3"
t_is "$err" "kaoa import: $tmp/bad.jsonl: 28 lines: 7 new, 1 changed, 1 unchanged, 19 rejected; 1 blank line skipped (see $tmp/bad.jsonl.rejects.jsonl)" \
    "the summary accounts for every line"
cat > "$tmp/erwartet.jsonl" <<'EOF'
{"zeile":4,"sqlstate":"22008","fehler":"date/time field value out of range: \"2009-02-30\"","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P2\",\"geburtsmonat\":\"2009-02-30\"}"}
{"zeile":5,"sqlstate":"22P02","fehler":"invalid JSON: unexpected end of data at byte 51","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P3\""}
{"zeile":6,"sqlstate":"22023","fehler":"unknown typ \"personn\"\nHINT:  Known types: kommune, fristen, organisation, person, person_identitaet, fall, bewerberprofil, angebot, schulbesuch, sbo_teilnahme, massnahme, massnahme_zielgruppe, massnahme_partner, anmeldung, massnahme_teilnahme.","daten":"{\"typ\":\"personn\",\"kommune\":\"05566\",\"pseudonym\":\"P4\"}"}
{"zeile":7,"sqlstate":"22023","fehler":"unknown key \"geburtsmonnat\" for typ person\nHINT:  Allowed: typ, kommune, pseudonym, geburtsmonat.","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P5\",\"geburtsmonnat\":\"2009-01-01\"}"}
{"zeile":8,"sqlstate":"23502","fehler":"typ person needs \"pseudonym\" (part of its natural key)","daten":"{\"typ\":\"person\",\"kommune\":\"05566\"}"}
{"zeile":10,"sqlstate":"23503","fehler":"no person with pseudonym \"P9\" in Kommune 05566\nHINT:  Add the person record ({\"typ\":\"person\", …}) to this file or an earlier one.","daten":"{\"typ\":\"fall\",\"kommune\":\"05566\",\"pseudonym\":\"P9\",\"schuljahr\":2025,\"schule\":\"566001\"}"}
{"zeile":15,"sqlstate":"22023","fehler":"a line must be one JSON object {\"typ\": …}, not a JSON array","daten":"[\"typ\",\"person\"]"}
{"zeile":16,"sqlstate":"22P02","fehler":"invalid input syntax for type kaoa.kldb: \"2621x\"\nDETAIL:  \"2621x\" contains a character other than a digit at position 5.\nHINT:  Accepted: 1 to 5 digits of the KldB 2010 (Berufsbereich … Berufsgattung), e.g. 2, 26, 263, 2631, 26312; the 5th digit is the Anforderungsniveau 1-4.","daten":"{\"typ\":\"bewerberprofil\",\"kommune\":\"05566\",\"pseudonym\":\"P1\",\"wuensche\":[\"2621x\"]}"}
{"zeile":18,"sqlstate":"KA001","fehler":"*","daten":"{\"typ\":\"fall\",\"kommune\":\"05566\",\"pseudonym\":\"P6\",\"schuljahr\":2025,\"schule\":\"566001\",\"status\":\"angetreten\"}"}
{"zeile":19,"sqlstate":"22P05","fehler":"unsupported Unicode escape sequence\nDETAIL:  \\u0000 cannot be converted to text.","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P7\\u0000x\"}"}
{"zeile":20,"sqlstate":"23503","fehler":"no organisation with schluessel \"nix\" in Kommune 05566\nHINT:  Add the offering organisation as {\"typ\":\"organisation\", …} record.","daten":"{\"typ\":\"angebot\",\"kommune\":\"05566\",\"extern_id\":\"A1\",\"anbieter\":\"nix\",\"kldb\":\"26212\",\"titel\":\"Elektro\"}"}
{"zeile":22,"sqlstate":"22021","fehler":"invalid byte sequence for encoding \"UTF8\": 0xff at byte 50","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P8�\"}"}
{"zeile":23,"sqlstate":"22023","fehler":"\"pseudonym\" must be a string or a number, not a JSON object","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":{\"a\":1}}"}
{"zeile":24,"sqlstate":"22023","fehler":"\"typ\" must be a string","daten":"{\"typ\":17,\"kommune\":\"05566\"}"}
{"zeile":25,"sqlstate":"23502","fehler":"the object has no \"typ\"\nHINT:  Every line names its record type, e.g. {\"typ\": \"person\", …}.","daten":"{\"kommune\":\"05566\",\"pseudonym\":\"P10\"}"}
{"zeile":26,"sqlstate":"23514","fehler":"new row for relation \"bewerberprofil\" violates check constraint \"bewerberprofil_lat_check\"\nDETAIL:  Failing row contains (05566, 2, {26212,252}, R=0,I=0,A=0,S=100,E=50,C=0, sorgfalt=3, 95, 7.3, 50, null, null).","daten":"{\"typ\":\"bewerberprofil\",\"kommune\":\"05566\",\"pseudonym\":\"P6\",\"lat\":95,\"lon\":7.3}"}
{"zeile":27,"sqlstate":"23514","fehler":"new row for relation \"angebot\" violates check constraint \"angebot_mindest_hart_check\"\nDETAIL:  Failing row contains (05566, 2, A3, null, 26212, Elektro, null, t, null, null, null, null, null, 1).","daten":"{\"typ\":\"angebot\",\"kommune\":\"05566\",\"extern_id\":\"A3\",\"kldb\":\"26212\",\"titel\":\"Elektro\",\"mindest_hart\":true}"}
{"zeile":28,"sqlstate":"22P02","fehler":"invalid JSON: unexpected character at byte 54","daten":"{\"typ\":\"person\",\"kommune\":\"05566\",\"pseudonym\":\"P11\"} trailing"}
{"zeile":29,"sqlstate":"23514","fehler":"new row for relation \"fristen\" violates check constraint \"fristen_fenster\"\nDETAIL:  Failing row contains (05566, 2025, 2026-05-31, 2026-03-01, 10, null).","daten":"{\"typ\":\"fristen\",\"kommune\":\"05566\",\"schuljahr\":2025,\"identifikation_von\":\"2026-05-31\",\"identifikation_bis\":\"2026-03-01\"}"}
EOF
t_is "$(python3 - "$tmp/bad.jsonl.rejects.jsonl" "$tmp/erwartet.jsonl" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
out = []
if len(got) != len(want):
    out.append(f"{len(got)} rejects, want {len(want)}")
for g, w in zip(got, want):
    if list(g) != ["zeile", "sqlstate", "fehler", "daten"]:
        out.append(f"keys {list(g)}")
    for k in ("zeile", "sqlstate", "fehler", "daten"):
        if w[k] == "*":
            continue
        if g[k] != w[k]:
            out.append(f"line {w['zeile']} {k}: {g[k]!r} want {w[k]!r}")
print("\n".join(out) or "same")
PY
)" "same" "the reject file: every bad line once, in line order, with its SQLSTATE, message and original text"
t_is "$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print(r[8]["fehler"].split(chr(10))[0])' "$tmp/bad.jsonl.rejects.jsonl")" \
    "case status cannot change from offen to angetreten" "a rule violation comes back with the chain's KA001 message"
t_is "$(q kaoa_imp_b "SELECT string_agg(pseudonym || '=' || geburtsmonat, ' ' ORDER BY pseudonym) FROM kaoa.person")" \
    "P1=2009-01-01 P6=2009-04-01" "good lines landed: duplicates apply in file order (the CRLF line, then its change)"
t_is "$(q kaoa_imp_b "SELECT string_agg(p.pseudonym || '=' || f.abschluss, ' ') FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)")" \
    "P1=MSA_Q" "the case whose change to angetreten was refused does not exist (its line is atomic); the alias FOR-Q is stored as MSA_Q"
t_is "$(q kaoa_imp_b "SELECT extern_id || ':' || plaetze FROM kaoa.angebot")" "A2:3" "an offer without anbieter lands; one with an unknown anbieter does not"

# ---------------------------------------------------------------- exit codes and messages
t_run "$KAOA" import "$tmp/nichtda.jsonl" -d kaoa_imp_b
t_is "$rc:$err" "1:kaoa import: cannot open $tmp/nichtda.jsonl: No such file or directory" "a missing file: exit 1, says so"
t_run "$KAOA" import "$tmp" -d kaoa_imp_b
t_is "$rc:$err" "1:kaoa import: $tmp is a directory, not a JSON Lines file" "a directory: exit 1"
t_run "$KAOA" import "$tmp/k.jsonl" -d "host=/nonexistent-socket-dir dbname=x"
t_like "$rc:$err" "^1:kaoa import: cannot connect to the database: " "no server: exit 1, says it cannot connect"
t_run "$KAOA" import "$tmp/k.jsonl" -d kaoa_imp_leer
t_is "$rc:$err" '1:kaoa import: the extension kaoa is not installed in database "kaoa_imp_leer" (CREATE EXTENSION kaoa)' \
    "no extension: exit 1, says how to install it"
t_run "$KAOA" import -d kaoa_imp_b
t_like "$rc:$err" '^2:kaoa import: which file' "no file named: exit 2"
t_run "$KAOA" import a b -d kaoa_imp_b
t_like "$rc:$err" '^2:kaoa import: unexpected argument "b"' "two files: exit 2"
t_run "$KAOA" import "$tmp/k.jsonl" --batch-size 0 -d kaoa_imp_b
t_like "$rc:$err" '^2:kaoa import: --batch-size needs a whole number' "--batch-size 0: exit 2"

# --rejects PATH; a clean run removes an old reject file; -q is quiet
t_run "$KAOA" import "$tmp/bad.jsonl" -d kaoa_imp_b --rejects "$tmp/r.jsonl" -q
t_is "$rc:$err:$(wc -l < "$tmp/r.jsonl")" "3::19" "--rejects PATH gets the rejects; -q prints nothing"
head -3 "$tmp/bad.jsonl" > "$tmp/gut.jsonl"
t_run "$KAOA" import "$tmp/gut.jsonl" -d kaoa_imp_b --rejects "$tmp/r.jsonl" -q
t_ok "a clean run removes the old reject file" test ! -e "$tmp/r.jsonl"

# ---------------------------------------------------------------- roles
psql -XqAt -d postgres -c "CREATE ROLE kaoa_imp_loader LOGIN PASSWORD 'l'" -c "CREATE ROLE kaoa_imp_bi LOGIN PASSWORD 'b'" > /dev/null
q kaoa_imp_rolle "SELECT kaoa.system_zugang('kaoa_imp_loader')" > /dev/null
PGPASSWORD=l t_run "$KAOA" import "$tmp/gut.jsonl" -d kaoa_imp_rolle -U kaoa_imp_loader
t_is "$rc:$(q kaoa_imp_rolle "SELECT count(*) FROM kaoa.person")" "0:1" "a loader role registered with kaoa.system_zugang imports"
PGPASSWORD=b t_run "$KAOA" import "$tmp/gut.jsonl" -d kaoa_imp_rolle -U kaoa_imp_bi
t_like "$rc:$err" "^1:kaoa import: permission denied for (schema kaoa|function import_format)" "a role without rights: exit 1 with the server's reason"

# ---------------------------------------------------------------- kill -9 mid-way, then run again
"$KAOA" generate --seed 9 --kommune 05566 --personen 5000 --angebote 2000 > "$tmp/gross.jsonl"
"$KAOA" import "$tmp/gross.jsonl" -d kaoa_imp_kill --batch-size 100 -q > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    [ "$(q kaoa_imp_kill "SELECT count(*) > 0 FROM kaoa.fall")" = t ] && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.05
done
kill -9 "$pid" 2> /dev/null; wait "$pid" 2> /dev/null
teil=$(q kaoa_imp_kill "SELECT count(*) FROM kaoa.fall")
t_ok "the import was killed part-way (cases so far: $teil of 5000)" test "$teil" -gt 0 -a "$teil" -lt 5000
t_run "$KAOA" import "$tmp/gross.jsonl" -d kaoa_imp_kill
t_like "$rc:$(printf '%s' "$err" | tail -1)" "^0:kaoa import: .*: [0-9]+ lines: [1-9][0-9]* new, 0 changed, [1-9][0-9]* unchanged, 0 rejected$" \
    "running it again: exit 0, the rest new, the part done before unchanged"
"$KAOA" import "$tmp/gross.jsonl" -d kaoa_imp_ref -q
t_is "$(inhalt kaoa_imp_kill)" "$(inhalt kaoa_imp_ref)" "the completed import has exactly the content of an uninterrupted one"
t_is "$(zaehlen kaoa_imp_kill)" "$(typen "$tmp/gross.jsonl")" "nothing lost, nothing twice"

# ---------------------------------------------------------------- progress bar only on a terminal
t_run "$KAOA" import "$tmp/k.jsonl" -d kaoa_imp_a
t_ok "not on a terminal: no progress bar" bash -c "! printf '%s' \"\$1\" | grep -q \$'\\r'" _ "$err"
if command -v script > /dev/null; then
    script -qec "$KAOA import $tmp/k.jsonl -d kaoa_imp_a" /dev/null > "$tmp/tty.txt" 2>&1
    t_like "$(tr '\r' '\n' < "$tmp/tty.txt")" "applying +\[#+\] 100%" "on a terminal: a progress bar"
fi
t_done
