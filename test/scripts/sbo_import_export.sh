#!/bin/bash
# Measures, target groups, partners and registrations through `kaoa import` and `kaoa export`
# (docs/sbo.md, "Import and export"): a generated Kreis with the KoKo's programme loads, fills,
# waits and withdraws; its export loads into a second database and gives the same records back,
# byte for byte; a second import changes nothing; bad lines are refused with their SQLSTATE and
# change nothing; a school imports registrations with its own rights, and the measures it does not
# keep come back as rejects (import honesty); the export views are those kaoa.export_sql builds from
# the import's description.
# Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
a=kaoa_sbo_ie_a
b=kaoa_sbo_ie_b
rollen="kaoa_ie_schule"
tmp=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$a" > /dev/null 2>&1
    dropdb --if-exists "$b" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup
tmp=$(mktemp -d)
createdb "$a" && createdb "$b" || { echo "not ok 1 - createdb"; exit 1; }
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done
qa() { psql -XqAt -v ON_ERROR_STOP=1 -d "$a" -c "$*"; }
qb() { psql -XqAt -v ON_ERROR_STOP=1 -d "$b" -c "$*"; }
qa "CREATE EXTENSION kaoa"
qb "CREATE EXTENSION kaoa"
programm="Azubis zeigen ihren Betrieb"
sichten="export_massnahme export_massnahme_zielgruppe export_massnahme_partner export_anmeldung export_massnahme_teilnahme"

# -- a Kreis whose programme has more registrations than places (some withdrawn) -------------------
# (school year 2023: the programme's deadline, 13 February 2024, has passed for everyone but the system)
"$KAOA" generate --seed 7 --kommune 05566 --personen 3400 --angebote 100 --schuljahr 2023 > "$tmp/g.jsonl"
n_anm=$(grep -c '"typ":"anmeldung"' "$tmp/g.jsonl")
n_zur=$(grep '"typ":"anmeldung"' "$tmp/g.jsonl" | grep -c '"status":"zurueckgezogen"')
t_ok "the generated Kreis registers more than 30 for the programme, some withdrawing" test "$n_anm" -gt 40 -a "$n_zur" -gt 0
"$KAOA" import "$tmp/g.jsonl" -d "$a" -q --rejects "$tmp/g.rej"; rc=$?
t_is "$rc" 0 "it imports without a reject"
t_is "$(qa "SELECT string_agg(status || '=' || n, ' ' ORDER BY status) FROM (SELECT a.status, count(*) AS n FROM kaoa.anmeldung a GROUP BY 1) x")" \
     "warteliste=$((n_anm - n_zur - 30)) zugesagt=30 zurueckgezogen=$n_zur" \
     "the 30 places are zugesagt in file order, the rest waits, the withdrawn ones are withdrawn"
t_is "$(qa "SELECT (SELECT count(*) FROM kaoa.ereignis WHERE art = 'anmeldung') || ' ' || (SELECT count(*) FROM kaoa.ereignis WHERE art = 'anmeldung_zurueckgezogen')")" \
     "$n_anm $n_zur" "every registration and every withdrawal is in the event log"
t_is "$(qa "SELECT count(*) FROM kaoa.massnahme_teilnahme t JOIN kaoa.anmeldung a USING (kommune, massnahme_id, person_id) WHERE a.status = 'zugesagt'")" \
     "30" "the 30 with a place take part"
t_is "$(qa "SELECT count(*) > 0 FROM kaoa.anmeldung WHERE abweichungen <> '{}'") $(qa "SELECT count(*) FROM kaoa.anmeldung a JOIN kaoa.schulbesuch s USING (kommune, person_id) WHERE s.schulform = 'GY' AND a.abweichungen = '{}'")" \
     "t $(qa "SELECT count(*) FROM kaoa.anmeldung a JOIN kaoa.schulbesuch s USING (kommune, person_id) WHERE s.schulform = 'GY' AND s.jahrgang BETWEEN 10 AND 12")" \
     "registrations outside the target group are accepted and flagged; the Gymnasium's grades 10-12 are inside (the second pair)"

# -- export, load into a second database, export again: the same bytes ------------------------------
for v in $sichten; do "$KAOA" export "$v" -d "$a"; done > "$tmp/e.jsonl"; rc=$?
t_is "$rc:$(grep -c '"typ":"anmeldung"' "$tmp/e.jsonl")" "0:$n_anm" "kaoa export writes every registration as an import record"
t_is "$(grep '"typ":"anmeldung"' "$tmp/e.jsonl" | head -1 | python3 -c 'import json,sys; print(sorted(json.loads(sys.stdin.read()).keys()))')" \
     "['kommune', 'pseudonym', 'status', 'titel', 'traeger', 'typ']" "a registration record: natural keys and status, no internal id"
grep -vE '"typ":"(massnahme|massnahme_zielgruppe|massnahme_partner|anmeldung|massnahme_teilnahme)"' "$tmp/g.jsonl" > "$tmp/ohne.jsonl"
"$KAOA" import "$tmp/ohne.jsonl" -d "$b" -q --rejects "$tmp/ohne.rej" && "$KAOA" import "$tmp/e.jsonl" -d "$b" -q --rejects "$tmp/e.rej"; rc=$?
t_is "$rc" 0 "the export loads into a database with the same organisations and persons"
for v in $sichten; do "$KAOA" export "$v" -d "$b"; done > "$tmp/e2.jsonl"
t_ok "exported again there: the same records, byte for byte (statuses, queue order, partners, target groups)" cmp -s "$tmp/e.jsonl" "$tmp/e2.jsonl"
t_is "$(qb "SELECT string_agg(art || '=' || n, ' ' ORDER BY art) FROM (SELECT art, count(*) AS n FROM kaoa.ereignis WHERE art LIKE 'anmeldung%' GROUP BY 1) x")" \
     "anmeldung=$n_anm anmeldung_zurueckgezogen=$n_zur" "there too every registration and withdrawal is logged"
t_is "$(qb "SELECT count(*) FROM kaoa.massnahme_teilnahme")" "$(qa "SELECT count(*) FROM kaoa.massnahme_teilnahme")" \
     "the participations came with the export (export_massnahme_teilnahme)"
"$KAOA" import "$tmp/e.jsonl" -d "$a" -q -v --rejects "$tmp/e.rej" 2> "$tmp/again.txt"; rc=$?
t_is "$rc $(grep -E '^  (massnahme|massnahme_zielgruppe|massnahme_partner|anmeldung|massnahme_teilnahme) ' "$tmp/again.txt" | awk '{print $3 $4 $5}' | tr '\n' ' ')" \
     "0 000 000 000 000 000 " "importing the export into its own database changes nothing"

# -- the export views are built from the import's description: every type marked export has its
# view, whose columns are typ and the fields of kaoa.import_format in order, and nothing else
t_is "$(qa "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
             WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relname LIKE 'export\_%'")" \
     "$(qa "SELECT string_agg('export_' || t.typ, ' ' ORDER BY 'export_' || t.typ) FROM kaoa.import_typen() t WHERE t.export")" \
     "one export view per record type marked export in kaoa.import_typen, no other"
t_is "$(qa "SELECT string_agg(t.typ, ' ' ORDER BY t.rang) FROM kaoa.import_typen() t JOIN kaoa.import_format() f USING (typ)
             WHERE t.export AND ARRAY(SELECT a.attname::text FROM pg_attribute a
                                       WHERE a.attrelid = ('kaoa.export_' || t.typ)::regclass AND a.attnum > 0 ORDER BY a.attnum)
                             IS DISTINCT FROM ARRAY['typ'] || f.schluessel || f.felder")" "" \
     "each view's columns are typ and the type's fields in the description's order"
t_is "$(psql -XqAt -v ON_ERROR_STOP=1 -d "$a" <<'SQL'
BEGIN;
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT x.typ FROM kaoa.import_typen() x WHERE x.export LOOP
        EXECUTE format('CREATE TEMPORARY VIEW %I AS %s', 'neu_' || t.typ, kaoa.export_sql(t.typ));
    END LOOP;
END $$;
SELECT string_agg(t.typ, ' ' ORDER BY t.rang) FROM kaoa.import_typen() t
 WHERE t.export AND pg_get_viewdef(('kaoa.export_' || t.typ)::regclass) IS DISTINCT FROM pg_get_viewdef(('pg_temp.neu_' || t.typ)::regclass);
ROLLBACK;
SQL
)" "" "each view is what kaoa.export_sql builds from the description now"

# -- a withdrawal by import moves the waiting list; bad lines are refused and change nothing ----------
zug=$(qa "SELECT p.pseudonym FROM kaoa.anmeldung a JOIN kaoa.person p USING (kommune, person_id) WHERE a.status = 'zugesagt' ORDER BY a.angemeldet_am LIMIT 1")
erster=$(qa "SELECT p.pseudonym FROM kaoa.anmeldung a JOIN kaoa.person p USING (kommune, person_id) WHERE a.status = 'warteliste' ORDER BY a.angemeldet_am, a.anmeldung_id LIMIT 1")
neu=$(qa "SELECT p.pseudonym FROM kaoa.person p WHERE NOT EXISTS (SELECT 1 FROM kaoa.anmeldung a WHERE a.person_id = p.person_id) ORDER BY p.pseudonym LIMIT 1")
m="\"kommune\":\"05566\",\"traeger\":\"KOKO-05566\",\"titel\":\"$programm\""
cat > "$tmp/bad.jsonl" <<JSONL
{"typ":"anmeldung","kommune":"05566","traeger":"KOKO-05566","titel":"Kein Programm","pseudonym":"$neu"}
{"typ":"anmeldung",$m,"pseudonym":"NIEMAND"}
{"typ":"anmeldung",$m,"pseudonym":"$neu","status":"angenommen"}
{"typ":"anmeldung",$m,"pseudonym":"$neu","status":"zugesagt"}
{"typ":"anmeldung",$m,"pseudonym":"$zug","status":"warteliste"}
{"typ":"massnahme_partner",$m,"partner":"KEINER"}
{"typ":"massnahme_partner",$m,"partner":"KOKO-05566"}
{"typ":"massnahme_partner",$m,"partner":"HWK-05566","rolle":"chef"}
{"typ":"massnahme_zielgruppe",$m,"jahrgaenge":"[0,20]"}
{"typ":"massnahme_zielgruppe","kommune":"05566","traeger":"KOKO-05566","titel":"Kein Programm","jahrgaenge":"[8,8]"}
{"typ":"massnahme",$m,"anmeldung_bis":"13.02.2026"}
{"typ":"massnahme",$m,"nur_zielgruppe":null}
{"typ":"anmeldung",$m,"pseudonym":"$zug","status":"zurueckgezogen"}
JSONL
"$KAOA" import "$tmp/bad.jsonl" -d "$a" -q --rejects "$tmp/bad.rej"; rc=$?
t_is "$rc" 3 "bad lines: exit 3"
t_is "$(python3 -c 'import json,sys; print(" ".join(str(o["zeile"]) + ":" + o["sqlstate"] for o in map(json.loads, open(sys.argv[1]))))' "$tmp/bad.rej")" \
     "1:23503 2:23503 3:22023 4:55000 5:55000 6:23503 7:23514 8:23514 9:23514 10:23503 11:22007 12:23502" \
     "each refused with its SQLSTATE: unknown measure, unknown person, unknown status, a place asked for when the measure is full, a zugesagt registration put back on the waiting list, unknown partner, the Träger as its own partner, unknown role, grades outside 1-13, a target group of an unknown measure, a date not in ISO form, null for a flag"
t_like "$(python3 -c 'import json,sys; print([o["fehler"] for o in map(json.loads, open(sys.argv[1]))][3].replace("\n", " "))' "$tmp/bad.rej")" \
     "would be warteliste, not zugesagt.*HINT:  Every place of the measure is zugesagt" "a place asked for when full: says what the rules give and what is allowed"
t_is "$(qa "SELECT a.status FROM kaoa.anmeldung a JOIN kaoa.person p USING (kommune, person_id) WHERE p.pseudonym IN ('$zug', '$erster') ORDER BY p.pseudonym = '$zug' DESC")" \
     "zurueckgezogen
zugesagt" "the good line withdrew a place and the first on the waiting list moved up"
t_is "$(qa "SELECT count(*) FROM kaoa.anmeldung a JOIN kaoa.person p USING (kommune, person_id) WHERE p.pseudonym = '$neu'") $(qa "SELECT count(*) FROM kaoa.massnahme_partner") $(qa "SELECT count(*) FROM kaoa.massnahme_zielgruppe") $(qa "SELECT nur_zielgruppe || ' ' || anmeldung_bis FROM kaoa.massnahme WHERE titel = '$programm'")" \
     "0 2 1 false 2024-02-13" \
     "the refused lines changed nothing: no registration, partner or target group, the measure as it was"

# -- a school imports registrations with its own rights --------------------------------------------
schule=$(qa "SELECT o.schluessel FROM kaoa.organisation o JOIN kaoa.schulbesuch s ON s.schule_org = o.org_id WHERE o.schulform = 'R' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
qa "SELECT kaoa.akteur_anlegen('kaoa_ie_schule', (SELECT org_id FROM kaoa.organisation WHERE schluessel = '$schule'))" > /dev/null
eigen=$(qa "SELECT p.pseudonym FROM kaoa.person p JOIN kaoa.fall f USING (kommune, person_id) JOIN kaoa.organisation o ON o.org_id = f.schule_org
             WHERE o.schluessel = '$schule' AND NOT EXISTS (SELECT 1 FROM kaoa.anmeldung a WHERE a.person_id = p.person_id) ORDER BY 1 LIMIT 1")
fremd=$(qa "SELECT p.pseudonym FROM kaoa.person p JOIN kaoa.fall f USING (kommune, person_id) JOIN kaoa.organisation o ON o.org_id = f.schule_org
             WHERE o.schluessel <> '$schule' AND NOT EXISTS (SELECT 1 FROM kaoa.anmeldung a WHERE a.person_id = p.person_id) ORDER BY 1 LIMIT 1")
cat > "$tmp/schule.jsonl" <<JSONL
{"typ":"massnahme","kommune":"05566","traeger":"KOKO-05566","titel":"Später Kurs","art":"betriebserkundung","jahrgaenge":"[9,10]","zeitraum":"[2099-03-01,2099-06-30]","plaetze":5,"anmeldung_bis":"2099-02-13"}
JSONL
"$KAOA" import "$tmp/schule.jsonl" -d "$a" -q
cat > "$tmp/schule.jsonl" <<JSONL
{"typ":"anmeldung","kommune":"05566","traeger":"KOKO-05566","titel":"Später Kurs","pseudonym":"$eigen"}
{"typ":"anmeldung","kommune":"05566","traeger":"KOKO-05566","titel":"Später Kurs","pseudonym":"$fremd"}
{"typ":"anmeldung",$m,"pseudonym":"$eigen"}
JSONL
PGPASSWORD=pw "$KAOA" import "$tmp/schule.jsonl" -d "$a" -U kaoa_ie_schule -q --rejects "$tmp/schule.rej"; rc=$?
t_is "$rc $(python3 -c 'import json,sys; print(" ".join(str(o["zeile"]) + ":" + o["sqlstate"] for o in map(json.loads, open(sys.argv[1]))))' "$tmp/schule.rej")" \
     "3 2:23503 3:KA011" "as a school: another school's pupil is not found (23503), the programme's deadline has passed (KA011)"
t_is "$(qa "SELECT a.status || ' ' || o.schluessel FROM kaoa.anmeldung a JOIN kaoa.organisation o ON o.org_id = a.angemeldet_von JOIN kaoa.person p ON p.person_id = a.person_id WHERE p.pseudonym = '$eigen'")" \
     "zugesagt $schule" "its own pupil is registered, by the school"
# import honesty: the KoKo's measure, its partners and target groups are the KoKo's to write; a school
# sending them gets each line back in the reject file with the rules' KA004 (exit 3), whether the
# record exists or not, never "unchanged", and nothing changes
vorher=$(qa "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT row(m.*)::text AS x FROM kaoa.massnahme m
              UNION ALL SELECT row(p.*)::text FROM kaoa.massnahme_partner p UNION ALL SELECT row(z.*)::text FROM kaoa.massnahme_zielgruppe z) t")
cat > "$tmp/schule_m.jsonl" <<JSONL
{"typ":"massnahme",$m,"plaetze":99}
{"typ":"massnahme_partner",$m,"partner":"$schule"}
{"typ":"massnahme_partner",$m,"partner":"IHK-05566","rolle":"traeger"}
{"typ":"massnahme_zielgruppe",$m,"jahrgaenge":"[8,8]"}
JSONL
PGPASSWORD=pw "$KAOA" import "$tmp/schule_m.jsonl" -d "$a" -U kaoa_ie_schule -q --rejects "$tmp/schule_m.rej"; rc=$?
t_is "$rc $(python3 -c 'import json,sys; print(" ".join(str(o["zeile"]) + ":" + o["sqlstate"] for o in map(json.loads, open(sys.argv[1]))))' "$tmp/schule_m.rej")" \
     "3 1:KA004 2:KA004 3:KA004 4:KA004" \
     "as a school: the KoKo's measure, a new and a changed partner, a new target group are each rejected with KA004 (exit 3), none reported unchanged"
t_like "$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["fehler"].replace(chr(10), " | "))' "$tmp/schule_m.rej")" \
     "^organisation [0-9]+ may not change measure [0-9]+ of Kommune 05566 \\| DETAIL:  .* \\| HINT:  An organisation keeps the measures it runs" \
     "… saying who may not change which measure, and who keeps it"
t_is "$(qa "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT row(m.*)::text AS x FROM kaoa.massnahme m
              UNION ALL SELECT row(p.*)::text FROM kaoa.massnahme_partner p UNION ALL SELECT row(z.*)::text FROM kaoa.massnahme_zielgruppe z) t")" \
     "$vorher" "… and no measure, partner or target group changed"
PGPASSWORD=pw t_run "$KAOA" export export_anmeldung -d "$a" -U kaoa_ie_schule
sieht=$(psql -XqAt -d "$a" -c "SET ROLE kaoa_ie_schule" -c "SELECT count(*) FROM kaoa.anmeldung")
t_is "$rc:$(printf '%s\n' "$out" | grep -c .)" "0:$sieht" "the school exports the registrations it may see"
t_ok "… its pupils', not all ($sieht of $(qa "SELECT count(*) FROM kaoa.anmeldung"))" test "$sieht" -gt 0 -a "$sieht" -lt "$(qa "SELECT count(*) FROM kaoa.anmeldung")"
t_done
