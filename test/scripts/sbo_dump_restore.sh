#!/bin/bash
# TAP: pg_dump and restore (docs/operations.md: pg_restore with session_replication_role = replica) of a
# database holding Standardelemente and measures keeps every row and identity counter, keeps the
# catalogue edition and Berufsfeld a DBA added without duplicating the shipped ones, and afterwards
# the SBO rules and row-level security hold again.  Runs inside the test cluster (PG* set, superuser).
set -uo pipefail
A=kaoa_sbo_dump_quelle
B=kaoa_sbo_dump_ziel
DUMP=$(mktemp /tmp/kaoa_sbo_dump.XXXXXX)
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
    for r in ds_schule ds_traeger; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null; done
    rm -f "$DUMP"
}
trap cleanup EXIT
cleanup
echo "1..12"

createdb "$A"
psql -X -q -v ON_ERROR_STOP=1 -d "$A" > /dev/null <<'SQL'
CREATE ROLE ds_schule; CREATE ROLE ds_traeger;
CREATE EXTENSION kaoa;
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule', 'Gesamtschule', 'S1', 'GE'), ('05315', 'traeger', 'Träger', 'TR', NULL),
    ('05315', 'koko', 'KoKo', 'KO', NULL);
SELECT kaoa.akteur_anlegen('ds_schule', 1), kaoa.akteur_anlegen('ds_traeger', 2);
-- what a DBA adds to the reference data
INSERT INTO kaoa.berufsfeld (code, name, kldb) VALUES ('pflege_test', 'Pflege (vom DBA ergänzt)', '{813}');
INSERT INTO kaoa.sbo_katalog_version (version, gueltig_ab, bezeichnung) VALUES ('koeln_2027', '2027-08-01', 'Kölner Ausgabe');
INSERT INTO kaoa.sbo_katalog (version, code, element, name, jahrgang_von, jahrgang_bis, pflicht)
VALUES ('koeln_2027', 'K-PA', 'potenzialanalyse', 'Potenzialanalyse', 8, 8, true);
SET ROLE ds_schule;
INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05315', 'P-' || i FROM generate_series(1, 30) i;
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
SELECT '05315', person_id, 2025, 1, 8 + person_id % 3 FROM kaoa.person;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, anbieter_org, kompetenzen)
SELECT '05315', person_id, 'SBO 4.1', '2025-09-15', 2, 'sorgfalt=3' FROM kaoa.person WHERE person_id % 4 <> 0;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld)
SELECT '05315', person_id, 'SBO 5.1', '2025-10-06'::date + d, (ARRAY['elektro', 'medien', 'pflege_test'])[d + 1]
  FROM kaoa.person, generate_series(0, 2) d WHERE person_id % 5 <> 0;
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, wuensche)
SELECT '05315', person_id, '2026-02-10', '{26312}' FROM kaoa.person WHERE person_id % 3 = 1;
RESET ROLE;
SET ROLE ds_traeger;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, berufsfelder, zeitraum, plaetze)
VALUES ('05315', 2, 'Praxiskurs', 'praxiskurs', '[9,10]', '{elektro,pflege_test}', '[2025-09-01,2026-06-30]', 12);
RESET ROLE;
SET ROLE ds_schule;
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT '05315', 1, person_id, '2025-10-01' FROM kaoa.person WHERE person_id <= 6;
RESET ROLE;
SQL
ok $? "a database with enrolments, SBO participations, agreements, a measure and its participants"

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
luecken_vorher=$(q "$A" "SELECT count(*) || ':' || md5(string_agg(l::text, '|' ORDER BY l::text)) FROM kaoa.sbo_luecken('05315', 2025, '2026-03-01') l")
pg_dump -Fc -d "$A" -f "$DUMP"
ok $? "pg_dump -Fc"
createdb "$B"
PGOPTIONS='-c session_replication_role=replica' pg_restore -d "$B" "$DUMP"
ok $? "pg_restore with session_replication_role = replica"
after=$(fingerprint "$B")
[ "$before" = "$after" ] && [ -n "$after" ]
ok $? "every row of every kaoa table and every identity counter is back"
if [ "$before" != "$after" ]; then diff <(echo "$before") <(echo "$after") | sed 's/^/# /'; fi
[ "$(q "$B" "SELECT count(*) FROM kaoa.berufsfeld")" = 17 ] &&
[ "$(q "$B" "SELECT count(*) FROM kaoa.sbo_katalog WHERE version = 'koeln_2027'")" = 1 ] &&
[ "$(q "$B" "SELECT count(*) FROM kaoa.sbo_katalog")" = "$(q "$A" "SELECT count(*) FROM kaoa.sbo_katalog")" ]
ok $? "the DBA's Berufsfeld and edition are back, the shipped rows are not duplicated"
[ "$(q "$B" "SELECT count(*) || ':' || md5(string_agg(l::text, '|' ORDER BY l::text)) FROM kaoa.sbo_luecken('05315', 2025, '2026-03-01') l")" = "$luecken_vorher" ]
ok $? "kaoa.sbo_luecken gives the same answer after the restore"
[ "$(sqlstate "$B" "SET ROLE ds_schule; INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', 1, 'SBO 5.1', '2026-01-12')")" = 23502 ]
ok $? "restored: a Berufsfelderkundung without a Berufsfeld is refused again (23502)"
[ "$(sqlstate "$B" "SET ROLE ds_traeger; UPDATE kaoa.massnahme SET plaetze = -1")" = 23514 ]
ok $? "restored: negative places are refused again (23514)"
[ "$(sqlstate "$B" "DELETE FROM kaoa.anschlussvereinbarung WHERE false")" = KA006 ]
ok $? "restored: agreements are append-only again (KA006)"
[ "$(q "$B" "SET ROLE ds_traeger; SELECT count(*) FROM kaoa.sbo_teilnahme")" = 23 ] &&
[ "$(q "$B" "SET ROLE ds_traeger; SELECT count(*) FROM kaoa.schulbesuch")" = 0 ]
ok $? "restored: row-level security holds (the Träger sees the 23 participations it ran, no enrolment)"
neu=$(q "$B" "SET ROLE ds_schule; INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', 4, 'SBO 4.1', '2026-01-12') RETURNING teilnahme_id")
[ -n "$neu" ] && [ "$neu" -gt "$(q "$A" "SELECT max(teilnahme_id) FROM kaoa.sbo_teilnahme")" ]
ok $? "restored: a new participation continues the counter ($neu)"
[ "$(q "$B" "SELECT katalog_version FROM kaoa.sbo_teilnahme WHERE teilnahme_id = ${neu:-0}")" = svws_1 ]
ok $? "restored: the edition in force is filled in again"

[ "$failed" -eq 0 ]
