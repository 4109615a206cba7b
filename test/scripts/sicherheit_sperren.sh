#!/bin/bash
# Security class 6 (availability) with sessions that run at the same time, each logged in as the
# role concerned (so the session defaults kaoa sets for registered roles apply):
#   - a school of Köln holds everything it can hold in one open transaction: the advisory lock key
#     0.1.0's import used, its own import lock, ROW EXCLUSIVE on every table it may write, row locks
#     on its cases and offers, an uncommitted update and insert;
#   - meanwhile a loader's `kaoa import` runs to the end (a non-loader cannot block an import), and a
#     school of Siegen does its whole day's work without waiting (its lock_timeout of 5s would turn
#     any wait into 55P03, so success means it never waited beyond it);
#   - a second session of the same school that needs a row the first holds gives up after its
#     lock_timeout with 55P03 instead of queueing for ever;
#   - a second loader finds the loader lock taken (loaders still run one at a time);
#   - a session left idle in a transaction is ended by idle_in_transaction_session_timeout (a value
#     the DBA set for the role is kept by registration; here 2s, so the test is short).
# Runs inside the test cluster (PG* variables set, superuser), like every test/scripts/*.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
DB=kaoa_sperren
tmp=$(mktemp -d /tmp/kaoa_sperren.XXXXXX)
chmod 755 "$tmp"
halter=
aufraeumen() {
    [ -n "$halter" ] && kill "$halter" 2> /dev/null
    psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" > /dev/null 2>&1
    for r in sp_schule_a sp_schule_b sp_loader sp_loader2 sp_traege; do
        psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1
    done
    rm -rf "$tmp"
}
trap aufraeumen EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
als() { # als ROLE SQL: runs SQL logged in as ROLE (password pw); stdout, and stderr after it
    PGPASSWORD=pw psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -h "${PGHOST:-localhost}" -U "$1" -d "$DB" -c "$2" 2>&1
}

psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" > /dev/null
for r in sp_schule_a sp_schule_b sp_loader sp_loader2 sp_traege; do
    psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null
done
q "CREATE EXTENSION kaoa;
   INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln'), ('05970', 'Siegen');
   INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES
       ('05315', 'schule', 'Schule Köln', 'SA'), ('05970', 'schule', 'Schule Siegen', 'SB'),
       ('05970', 'agentur', 'Agentur Siegen', 'AB'), ('05315', 'betrieb', 'Betrieb Köln', 'BA');
   INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis, verbleib_stichtag)
   VALUES ('05970', 2025, current_date - 30, current_date + 30, current_date + 60);
   SELECT kaoa.akteur_anlegen('sp_schule_a', 1), kaoa.akteur_anlegen('sp_schule_b', 2),
          kaoa.system_zugang('sp_loader'), kaoa.system_zugang('sp_loader2');
   INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'A-1', '2009-01-01'), ('05970', 'B-1', '2009-01-01');
   INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05315', 1, 2025, 1), ('05970', 2, 2025, 2);
   INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, beginn, plaetze, lat, lon)
   VALUES ('05315', 'A-O', 1, '82302', 'Bäcker/in', 'ESA', '2026-08-01', 2, 50.94, 6.96)" > /dev/null

t_is "$(als sp_schule_a "SELECT current_setting('lock_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout') || ' ' || current_setting('statement_timeout')")" \
    "5s 1min 1min" "a school's session starts with lock_timeout 5s, idle_in_transaction_session_timeout 1min and statement_timeout 1min"
t_is "$(als sp_loader "SELECT current_setting('lock_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout') || ' ' || current_setting('statement_timeout')")" \
    "1min 10min 0" "a loader's session: 1min, 10min and the server's statement_timeout (none)"

# ---- the school of Köln holds everything it can, in one open transaction --------------------------------------------
halter_sql="BEGIN;
SELECT pg_catalog.pg_advisory_lock(7037065568264781153);
SELECT kaoa.import_sperren();
DO \$\$ DECLARE t regclass; BEGIN
  FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r'
            AND (has_table_privilege(c.oid, 'INSERT') OR has_any_column_privilege(c.oid, 'UPDATE')) LOOP
    EXECUTE format('LOCK TABLE %s IN ROW EXCLUSIVE MODE', t);
  END LOOP; END \$\$;
UPDATE kaoa.angebot SET plaetze = 3 WHERE extern_id = 'A-O';
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'A-2', '2009-02-01');
SELECT 'haelt';
SELECT pg_catalog.pg_sleep(60);"
printf '%s\n' "$halter_sql" > "$tmp/halter.sql"
PGPASSWORD=pw psql -X -q -At -v ON_ERROR_STOP=1 -h "${PGHOST:-localhost}" -U sp_schule_a -d "$DB" -f "$tmp/halter.sql" > "$tmp/halter.out" 2>&1 &
halter=$!
for _ in $(seq 1 200); do grep -q haelt "$tmp/halter.out" 2> /dev/null && break; sleep 0.1; done
t_ok "the school of Köln holds its locks (advisory key of 0.1.0, its import lock, ROW EXCLUSIVE, the row of its own offer it changed)" grep -q haelt "$tmp/halter.out"
grep -q haelt "$tmp/halter.out" || sed 's/^/# /' "$tmp/halter.out"
t_is "$(q "SELECT count(*) FILTER (WHERE l.locktype = 'advisory') >= 2 AND count(*) FILTER (WHERE l.locktype = 'relation' AND l.mode = 'RowExclusiveLock') >= 5
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.usename = 'sp_schule_a' AND l.granted")" "t" \
    "… it really holds them (pg_locks: two advisory locks, ROW EXCLUSIVE on the tables)"

# ---- a loader imports meanwhile -----------------------------------------------------------------------------------------
cat > "$tmp/import.jsonl" <<'EOF'
{"typ": "person", "kommune": "05970", "pseudonym": "B-L1", "geburtsmonat": "2009-03-01"}
{"typ": "fall", "kommune": "05970", "pseudonym": "B-L1", "schuljahr": 2025, "schule": "SB"}
{"typ": "angebot", "kommune": "05970", "extern_id": "B-O", "anbieter": "AB", "kldb": "71302", "titel": "Kaufmann/-frau", "mindest_abschluss": "MSA", "beginn": "2026-08-01", "plaetze": 1, "lat": 50.87, "lon": 8.02}
EOF
PGPASSWORD=pw t_run timeout 20 "$KAOA" import "$tmp/import.jsonl" -h "${PGHOST:-localhost}" -U sp_loader -d "$DB" -q
t_is "$rc:$(q "SELECT count(*) FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id) WHERE p.pseudonym = 'B-L1'")" "0:1" \
    "a loader's kaoa import runs to the end while the school holds 0.1.0's advisory key and its own import lock"
t_is "$(als sp_loader2 "SELECT kaoa.import_sperren(false)")" "t" "another loader gets the loader lock at once too: nothing of the school's is in the way"
PGPASSWORD=pw psql -X -q -At -h "${PGHOST:-localhost}" -U sp_loader -d "$DB" -c "SELECT kaoa.import_sperren()" -c "SELECT 'haelt'" -c "SELECT pg_sleep(30)" > "$tmp/loader.out" 2>&1 &
loader=$!
for _ in $(seq 1 100); do grep -q haelt "$tmp/loader.out" 2> /dev/null && break; sleep 0.1; done
t_is "$(als sp_loader2 "SELECT kaoa.import_sperren(false)")" "f" "but while a loader imports, a second loader waits (loaders run one at a time)"
kill "$loader" 2> /dev/null; wait "$loader" 2> /dev/null

# ---- Siegen's school works meanwhile, without waiting ---------------------------------------------------------------
t_run als sp_schule_b "INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05970', 'B-2', '2009-04-01');
  INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org)
       SELECT '05970', person_id, 2025, 2 FROM kaoa.person WHERE pseudonym = 'B-2';
  UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE schule_org = 2 AND status = 'offen';
  INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich)
       SELECT '05970', fall_id, 'telefon', false FROM kaoa.fall WHERE schule_org = 2;
  SELECT kaoa.uebergeben(fall_id, 3, 'schuldueg_1_1') FROM kaoa.fall WHERE person_id = 2;
  SELECT count(*) FROM kaoa.angebot;
  SELECT count(*) FROM kaoa.organisation;
  SELECT kaoa.import_sperren(false);
  SELECT 'fertig'"
t_is "$rc:$(printf '%s' "$out" | tail -1)" "0:fertig" "the school of Siegen registers, identifies, records attempts, hands off, reads offers and takes its import lock without waiting"
t_is "$(q "SELECT string_agg(status::text, ',' ORDER BY fall_id) FROM kaoa.fall WHERE kommune = '05970' AND schule_org = 2")" \
    "ohne_anschluss,ohne_anschluss,ohne_anschluss" "… and its changes are there"

# ---- explicit row locks are refused (repro 04: a school's FOR UPDATE on every measure and case it sees) -------------------
t_run als sp_schule_a "BEGIN; SELECT fall_id FROM kaoa.fall FOR UPDATE; COMMIT"
t_like "$rc:$out" "^1:.*42501" "a second session of the Köln school may not lock rows with SELECT … FOR UPDATE (42501)"
t_run als sp_schule_a "BEGIN; SELECT angebot_id FROM kaoa.angebot FOR SHARE; COMMIT"
t_like "$rc:$out" "^1:.*42501" "… nor FOR SHARE"

# ---- the same school's second session waits at most its lock_timeout ---------------------------------------------------
t_run als sp_schule_a "UPDATE kaoa.angebot SET plaetze = 4 WHERE extern_id = 'A-O'"
t_like "$rc:$out" "^1:.*55P03" "a second session of the Köln school that needs the held row gives up after lock_timeout (55P03)"
t_run als sp_schule_a "BEGIN; LOCK TABLE kaoa.fall IN ACCESS EXCLUSIVE MODE; COMMIT"
t_like "$rc:$out" "^1:.*42501" "and it cannot take a strong lock to get ahead (42501)"
kill "$halter" 2> /dev/null; wait "$halter" 2> /dev/null; halter=
t_is "$(q "SELECT plaetze FROM kaoa.angebot WHERE extern_id = 'A-O'")" "2" "the held session's uncommitted change is gone with it"

# ---- a session idle in a transaction is ended --------------------------------------------------------------------------
psql -XqAt -d "$DB" -c "ALTER ROLE sp_traege SET idle_in_transaction_session_timeout = '2s'" -c "SELECT kaoa.akteur_anlegen('sp_traege', 4)" > /dev/null
t_run bash -c "PGPASSWORD=pw psql -X -q -At -v VERBOSITY=sqlstate -h '${PGHOST:-localhost}' -U sp_traege -d $DB <<'SQL'
BEGIN;
LOCK TABLE kaoa.angebot IN ROW EXCLUSIVE MODE;
\\! sleep 4
SELECT 'noch da';
SQL"
t_like "$out$err" "25P03|terminating connection due to idle-in-transaction timeout" \
    "a session left idle in its transaction is ended (the DBA's 2s for this role kept by registration), releasing its locks"
# (the backend leaves pg_stat_activity a moment after its client saw the connection close: wait up to 5 s)
for _ in $(seq 50); do [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE usename = 'sp_traege'")" = 0 ] && break; sleep 0.1; done
t_is "$(q "SELECT count(*) FROM pg_stat_activity WHERE usename = 'sp_traege'")" "0" "… and is gone"

t_done
