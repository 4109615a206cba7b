#!/bin/bash
# TAP: pg_dump of a database with kaoa, restored into a new database the way docs/operations.md says
# (pg_restore with session_replication_role = replica), keeps every row of every kaoa table and
# every identity counter, and afterwards every rule holds again.  Runs inside the test cluster
# (PG* variables set, superuser), like every test/scripts/*.sh.
set -uo pipefail
A=kaoa_dump_quelle
B=kaoa_dump_ziel
DUMP=$(mktemp /tmp/kaoa_dump.XXXXXX)
n=0
failed=0
ok() {      # ok CONDITION-EXIT-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
q() {       # q DB SQL: one value, quiet
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
sqlstate() { # sqlstate DB SQL: the SQLSTATE the statement fails with ('' when it succeeds)
    psql -X -q -At -d "$1" -v VERBOSITY=sqlstate -c "$2" 2>&1 >/dev/null | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\).*/\1/p' | head -1
}
cleanup() {
    dropdb --if-exists "$A" 2>/dev/null; dropdb --if-exists "$B" 2>/dev/null
    for r in dr_schule dr_agentur dr_koko; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null; done
    rm -f "$DUMP"
}
trap cleanup EXIT
cleanup
echo "1..18"

createdb "$A"
psql -X -q -v ON_ERROR_STOP=1 -d "$A" > /dev/null <<'SQL'
CREATE ROLE dr_schule; CREATE ROLE dr_agentur; CREATE ROLE dr_koko;
CREATE EXTENSION kaoa;
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln');
INSERT INTO kaoa.anschluss_kategorie (code, sektor, iabe_sektor, sichert, bezeichnung)
VALUES ('produktionsschule', 'UEBERGANG', 'II', true, 'Produktionsschule (vom DBA ergänzt)');
-- the DBA narrows a shipped right with a row of its own (it replaces the shipped one)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte) VALUES ('traeger', 'kaoa.einwilligung', 'SELECT');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule', 'Gesamtschule', 'S1', 'GE'), ('05315', 'agentur', 'Agentur', 'AA', NULL),
    ('05315', 'jobcenter', 'Jobcenter', 'JC', NULL), ('05315', 'koko', 'KoKo', 'KO', NULL);
INSERT INTO kaoa.fristen VALUES ('05315', 2025, current_date - 5, current_date + 5, 7, current_date + 90);
SELECT kaoa.akteur_anlegen('dr_schule', 1), kaoa.akteur_anlegen('dr_agentur', 2), kaoa.akteur_anlegen('dr_koko', 4);
SET ROLE dr_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
SELECT '05315', 'P-' || i, date '2008-01-01' + (i % 12) * interval '1 month' FROM generate_series(1, 40) i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss)
SELECT '05315', person_id, 2025, 1, 'MSA' FROM kaoa.person;
INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
SELECT kommune, person_id, 'Name ' || person_id, 'Vorname', geburtsmonat + 9, 'd', 'Ring ' || person_id FROM kaoa.person;
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id <= 30;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'produktionsschule' WHERE fall_id > 30;
SELECT kaoa.uebergeben(fall_id, 2, 'schuldueg_1_1') FROM kaoa.fall WHERE fall_id <= 20;
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
SELECT '05315', person_id, 'sorgeberechtigt', '{jobcenter}', 'Beratung' FROM kaoa.fall WHERE fall_id <= 5;
RESET ROLE;
SET ROLE dr_agentur;
SELECT kaoa.uebernehmen(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id <= 15;
SELECT kaoa.ablehnen(uebergabe_id, 'kein Platz') FROM kaoa.uebergabe WHERE fall_id BETWEEN 16 AND 17;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich)
SELECT '05315', f, k, false FROM generate_series(1, 10) f, unnest(ARRAY['telefon', 'brief', 'email']) k;
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id <= 10;
SELECT kaoa.widerspruch_erheben(person_id) FROM kaoa.fall WHERE fall_id = 11;
RESET ROLE;
DELETE FROM kaoa.person_identitaet WHERE person_id = 40;
SQL
ok $? "a database with kaoa and a played-through Kommune"

# one fingerprint per kaoa table (row count + md5 of the sorted rows) and per identity sequence
fingerprint() {
    q "$1" "SELECT string_agg(x, E'\n' ORDER BY x) FROM (
              SELECT format('%s %s', c.oid::regclass, (xpath('/row/f/text()',
                     query_to_xml(format('SELECT count(*) || '':'' || md5(coalesce(string_agg(t::text, ''|'' ORDER BY t::text), '''')) AS f FROM %s t', c.oid::regclass),
                                  false, false, '')))[1]::text) AS x
                FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r'
              UNION ALL
              SELECT format('%s last_value=%s', s.schemaname || '.' || s.sequencename, s.last_value)
                FROM pg_sequences s WHERE s.schemaname = 'kaoa') v"
}
before=$(fingerprint "$A")
[ "$(q "$A" "SELECT count(*) FROM kaoa.ereignis")" -gt 100 ]
ok $? "the source holds more than 100 events"

pg_dump -Fc -d "$A" -f "$DUMP"
ok $? "pg_dump -Fc"
createdb "$B"
PGOPTIONS='-c session_replication_role=replica' pg_restore -d "$B" "$DUMP"
ok $? "pg_restore with session_replication_role = replica (docs/operations.md)"
after=$(fingerprint "$B")
[ "$before" = "$after" ] && [ -n "$after" ]
ok $? "every row of every kaoa table and every identity counter is back"
if [ "$before" != "$after" ]; then diff <(echo "$before") <(echo "$after") | sed 's/^/# /'; fi
[ "$(q "$B" "SELECT count(*) FROM kaoa.anschluss_kategorie WHERE code = 'produktionsschule'")" = 1 ] &&
[ "$(q "$B" "SELECT count(*) FROM kaoa.anschluss_kategorie")" = "$(q "$A" "SELECT count(*) FROM kaoa.anschluss_kategorie")" ]
ok $? "shipped reference rows are not duplicated, the DBA's own category is kept"
[ "$(q "$B" "SELECT string_agg(rechte || ':' || mitgeliefert, ' ' ORDER BY mitgeliefert) FROM kaoa.rolle_recht WHERE fuer = 'traeger' AND objekt = 'kaoa.einwilligung'")" = "SELECT:false SELECT, INSERT, UPDATE:true" ]
ok $? "the DBA's row replacing a shipped right survives the restore beside the shipped row"
[ "$(q "$B" "SELECT count(*) FROM kaoa.ereignis")" = "$(q "$A" "SELECT count(*) FROM kaoa.ereignis")" ]
ok $? "restoring wrote no new events"

# the rules hold again after the restore
[ "$(sqlstate "$B" "SET ROLE dr_agentur; UPDATE kaoa.fall SET status = 'offen' WHERE fall_id = 12")" = KA001 ]
ok $? "restored: a forbidden transition gets KA001"
[ "$(sqlstate "$B" "SET ROLE dr_schule; UPDATE kaoa.fall SET status = 'in_beratung' WHERE fall_id = 12")" = KA004 ]
ok $? "restored: the school no longer holds a case the Agentur took over (KA004)"
[ "$(sqlstate "$B" "SET ROLE dr_schule; SELECT kaoa.uebergeben(18, 3, 'schuldueg_1_1')")" = KA005 ]
ok $? "restored: the open hand-off still blocks a second one (KA005)"
[ "$(sqlstate "$B" "SET ROLE dr_agentur; SELECT kaoa.uebergeben(11, 3, 'sgb3_31a_2')")" = KA003 ]
ok $? "restored: the objection still forbids sgb3_31a_2 (KA003)"
[ "$(sqlstate "$B" "DELETE FROM kaoa.ereignis WHERE false")" = KA006 ]
ok $? "restored: the log is append-only again, even for a superuser (KA006)"
neu=$(q "$B" "SET ROLE dr_schule; SELECT kaoa.uebergeben(25, 2, 'schuldueg_1_1')")
[ -n "$neu" ] && [ "$neu" -gt "$(q "$A" "SELECT max(uebergabe_id) FROM kaoa.uebergabe")" ]
ok $? "restored: a new hand-off continues the counter ($neu)"
[ "$(q "$B" "SELECT count(*) FROM kaoa.ereignis WHERE art = 'uebergabe' AND details ->> 'uebergabe_id' = '$neu'")" = 1 ]
ok $? "restored: the new step is logged"
[ "$(q "$B" "SET ROLE dr_agentur; SELECT count(*) FROM kaoa.fall")" = 19 ] &&
[ "$(q "$B" "SET ROLE dr_agentur; SELECT count(*) FROM kaoa.person_identitaet")" = 0 ]
ok $? "restored: row-level security and grants still apply (the Agentur sees its 15 cases and 4 open offers, no identity)"
[ "$(sqlstate "$B" "DROP EXTENSION kaoa")" = KA006 ]
ok $? "restored: DROP EXTENSION is refused while case data exists (KA006)"
PGOPTIONS='-c session_replication_role=replica' pg_restore --clean -d "$B" "$DUMP" > /dev/null 2> "$DUMP.err"
grep -q 'DROP EXTENSION kaoa refused: kaoa holds case data' "$DUMP.err" &&
[ "$(q "$B" "SELECT count(*) FROM pg_extension WHERE extname = 'kaoa'")" = 1 ]
ok $? "pg_restore --clean with the restore recipe's replica mode cannot drop kaoa's data (the guard is ENABLE ALWAYS)"
rm -f "$DUMP.err"

[ "$failed" -eq 0 ]
