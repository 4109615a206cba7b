#!/bin/bash
# Security suite, plans (docs/roles-and-bi.md#plans), with sessions that log in as the roles concerned,
# so what happens before kaoa's module is loaded is tested too:
#   - a registered login role loads the module at login (session_preload_libraries): its very first
#     statement, an EXPLAIN that touches nothing of kaoa, is refused;
#   - each finding of the review, as a school about another Kommune, each in a fresh session: 42501 and
#     no row count of the other Kommune in the output;
#   - a login role that is not registered but may SET ROLE to a school (a frontend's pool) has not
#     loaded kaoa when it explains: the policy's support function loads it while the statement is
#     planned, and the plan is refused before it is run or printed (EXPLAIN ANALYZE, plain EXPLAIN,
#     EXPLAIN from PL/pgSQL);
#   - the same for a registered role without session_preload_libraries (registered by an owner that
#     may not set it: the registration warns and names the remedy);
#   - a role of another application and a system role keep EXPLAIN.
# Runs inside the test cluster (PG* variables set, superuser), like every test/scripts/*.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
DB=kaoa_plaene
ROLLEN="pl_schule pl_schule2 pl_pool pl_anderer pl_loader pl_verwalter"
aufraeumen() {
    psql -XqAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" > /dev/null 2>&1
    for r in $ROLLEN; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
}
trap aufraeumen EXIT
aufraeumen
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }
als() { # als ROLE SQL...: one new session logged in as ROLE (password pw) running each SQL; stdout, then stderr
    local rolle=$1; shift
    local args=()
    for s in "$@"; do args+=(-c "$s"); done
    PGPASSWORD=pw psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -h "${PGHOST:-localhost}" -U "$rolle" -d "$DB" "${args[@]}" 2>&1
}

psql -XqAt -d postgres -c "CREATE DATABASE $DB" > /dev/null
for r in $ROLLEN; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done
psql -XqAt -d postgres -c "ALTER ROLE pl_verwalter SUPERUSER" > /dev/null
PGUSER=pl_verwalter PGPASSWORD=pw psql -X -q -At -v ON_ERROR_STOP=1 -h "${PGHOST:-localhost}" -d "$DB" -c "CREATE EXTENSION kaoa" > /dev/null
q "INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln'), ('05111', 'Düsseldorf');
   INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES
       ('05315', 'schule', 'Schule Köln', 'SK'), ('05111', 'schule', 'Schule Düsseldorf', 'SD'),
       ('05315', 'schule', 'Zweite Schule Köln', 'SK2');
   SELECT kaoa.akteur_anlegen('pl_schule', 1), kaoa.system_zugang('pl_loader');
   GRANT pl_schule TO pl_pool;
   INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
   SELECT '05111', 'D-' || i, '2009-01-01' FROM generate_series(1, 7) i;
   INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org)
   SELECT '05111', person_id, 2025, 2 FROM kaoa.person;
   INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname)
   SELECT '05111', person_id, 'Müller', 'Kim' FROM kaoa.person;
   INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich)
   SELECT '05111', 1, 2, 'telefon', false FROM generate_series(1, 3);
   ANALYZE" > /dev/null

# ---- a registered login role: the module is there from its first statement ----------------------------------------------
vorladen() { # vorladen ROLE: the role's session_preload_libraries in this database
    q "SELECT substr(c, strpos(c, '=') + 1) FROM pg_db_role_setting s, unnest(s.setconfig) c
        WHERE s.setrole = '$1'::regrole AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND c LIKE 'session_preload_libraries=%'"
}
t_is "$(vorladen pl_schule)" "kaoa" "a registered school has session_preload_libraries = kaoa in this database"
t_like "$(als pl_schule "EXPLAIN SELECT 1")" "^ERROR:  42501" "its first statement, an EXPLAIN that touches nothing of kaoa, is refused (42501)"

# ---- the findings, each in a fresh session of the school of Köln about Düsseldorf ------------------------------------
fragen=(
    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111'"
    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111' AND zustaendig_org = 2"
    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.kontaktversuch WHERE kommune = '05111' AND fall_id = 1"
    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.person_identitaet WHERE kommune = '05111' AND person_id = 1"
    "EXPLAIN SELECT * FROM kaoa.person_identitaet WHERE nachname = 'Müller'"
)
for f in "${fragen[@]}"; do
    a=$(als pl_schule "SET enable_seqscan = off" "$f")
    t_like "$a" "^ERROR:  42501" "refused: $f"
    if printf '%s' "$a" | grep -Eq 'Removed|rows='; then t_result 1 "… and no row count in the answer"; else t_result 0 "… and no row count in the answer"; fi
done
# negative control: the same question as a loader is explained and shows what the school would have learnt
t_like "$(als pl_loader "SET enable_seqscan = off" "${fragen[0]}")" "Index Cond: \(kommune = '05111'" \
    "negative control: a system role gets the plan of the same question"

# ---- a pool login that SETs ROLE to the school: kaoa not loaded yet -----------------------------------------------------
t_like "$(als pl_pool "EXPLAIN SELECT 1")" "Result" \
    "an unregistered pool login has not loaded kaoa at login: a plan of nothing of kaoa is still shown (a documented limit)"
t_like "$(als pl_pool "SET ROLE pl_schule" "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111'")" \
    "^ERROR:  42501" "its first EXPLAIN ANALYZE as the school is refused: the policy's support function loads kaoa while planning"
t_like "$(als pl_pool "SET ROLE pl_schule" "EXPLAIN SELECT * FROM kaoa.person_identitaet WHERE nachname = 'Müller'")" \
    "^ERROR:  42501" "… and a first plain EXPLAIN"
t_like "$(als pl_pool "SET ROLE pl_schule" "DO \$\$ DECLARE r text; BEGIN FOR r IN EXECUTE 'EXPLAIN ANALYZE SELECT 1 FROM kaoa.kontaktversuch WHERE fall_id = 1' LOOP RAISE NOTICE '%', r; END LOOP; END \$\$")" \
    "^ERROR:  42501" "… and a first EXPLAIN ANALYZE from PL/pgSQL"
t_like "$(als pl_pool "SET ROLE pl_schule" "SELECT count(*) FROM kaoa.fall" "EXPLAIN SELECT 1")" \
    "^ERROR:  42501" "once kaoa is loaded, any EXPLAIN of the session is refused"

# ---- registered by an owner that may not set session_preload_libraries ---------------------------------------------------
psql -XqAt -d postgres -c "ALTER ROLE pl_verwalter NOSUPERUSER CREATEROLE" > /dev/null
warnung=$(PGUSER=pl_verwalter PGPASSWORD=pw psql -X -q -At -v ON_ERROR_STOP=1 -h "${PGHOST:-localhost}" -d "$DB" \
          -c "SELECT kaoa.akteur_anlegen('pl_schule2', 3)" 2>&1)
t_like "$warnung" "WARNING:  role \"pl_schule2\" was registered without session_preload_libraries = 'kaoa'" \
    "an owner that is no longer superuser registers a school with a WARNING naming the missing setting"
t_is "$(q "SELECT count(*) FROM kaoa.akteur WHERE rolle = 'pl_schule2'")" "1" "… and the school is registered"
t_like "$(als pl_schule2 "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111'")" \
    "^ERROR:  42501" "… its first EXPLAIN ANALYZE of kaoa.fall is refused all the same (loaded while planning)"
t_is "$(vorladen pl_schule2)" "" "… it has no session_preload_libraries"
q "SELECT kaoa.rechte_erneuern()" > /dev/null
t_is "$(vorladen pl_schule2)" "kaoa" "a superuser's kaoa.rechte_erneuern() adds the setting"
t_like "$(als pl_schule2 "EXPLAIN SELECT 1")" "^ERROR:  42501" "… and from then on the school's first statement is covered"

# ---- roles that keep EXPLAIN --------------------------------------------------------------------------------------------
t_like "$(als pl_anderer "EXPLAIN SELECT 1")" "Result" "a login of another application (no right on kaoa) explains"
t_like "$(als pl_loader "EXPLAIN ANALYZE SELECT count(*) FROM kaoa.fall")" "actual" "a system role explains with ANALYZE"

# ---- plans that reach the client without EXPLAIN ------------------------------------------------------------------------
# debug_print_plan is any role's setting; with client_min_messages = log the plan tree (with plan_rows, the estimates
# from every Kommune's statistics) went to the client
dump=$(als pl_schule '\set VERBOSITY default' "SET debug_print_plan = on" "SET client_min_messages = log" "SELECT 1 FROM kaoa.person_identitaet WHERE nachname = 'Müller'")
if printf '%s' "$dump" | grep -Eq 'PLANNEDSTMT|plan_rows'; then t_result 1 "a school's debug_print_plan sends no plan to its client"; else t_result 0 "a school's debug_print_plan sends no plan to its client"; fi
t_like "$(als pl_loader '\set VERBOSITY default' "SET debug_print_plan = on" "SET client_min_messages = log" "SELECT 1 FROM kaoa.person_identitaet WHERE nachname = 'Müller'")" \
    "PLANNEDSTMT" "negative control: a system role gets the dump"
# auto_explain, configured by the DBA for the school, logs at LOG; client_min_messages = log sent it to the school
q "ALTER ROLE pl_schule IN DATABASE $DB SET session_preload_libraries = 'kaoa', 'auto_explain';
   ALTER ROLE pl_schule IN DATABASE $DB SET auto_explain.log_min_duration = 0;
   ALTER ROLE pl_schule IN DATABASE $DB SET auto_explain.log_analyze = on;
   ALTER ROLE pl_loader IN DATABASE $DB SET session_preload_libraries = 'auto_explain';
   ALTER ROLE pl_loader IN DATABASE $DB SET auto_explain.log_min_duration = 0;
   ALTER ROLE pl_loader IN DATABASE $DB SET auto_explain.log_analyze = on" > /dev/null
frage="SELECT count(*) FROM kaoa.fall WHERE kommune = '05111'"
a=$(als pl_schule '\set VERBOSITY default' "SET client_min_messages = log" "SET enable_seqscan = off" "$frage")
t_is "$a" "0" "a school under auto_explain with client_min_messages = log gets its answer (0) and no plan (no 'Rows Removed', no 'duration')"
t_like "$(als pl_loader '\set VERBOSITY default' "SET client_min_messages = log" "SET enable_seqscan = off" "$frage")" "duration: .*plan" \
    "negative control: the same for a system role shows auto_explain's plan"
q "ALTER ROLE pl_schule IN DATABASE $DB RESET auto_explain.log_min_duration; ALTER ROLE pl_schule IN DATABASE $DB RESET auto_explain.log_analyze;
   ALTER ROLE pl_schule IN DATABASE $DB SET session_preload_libraries = 'kaoa'; ALTER ROLE pl_loader IN DATABASE $DB RESET ALL" > /dev/null

# ---- the statistics counters (the same count as EXPLAIN ANALYZE) --------------------------------------------------------
t_like "$(als pl_schule "SET enable_seqscan = off" "$frage" "SELECT idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relname = 'fall'")" \
    "ERROR:  42501" "a school's pg_stat_xact_user_tables after an index scan of another Kommune is refused (42501)"
t_is "$(q "SET ROLE pl_schule; SET enable_seqscan = off; $frage; RESET ROLE;
           SELECT idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relname = 'fall'")" "0
7" "negative control: the school's scan returned 0 rows and fetched Düsseldorf's 7 cases (the counter, read by the superuser)"

# ---- the setting does not leave kaoa's database --------------------------------------------------------------------------
t_like "$(PGPASSWORD=pw psql -X -q -At -v VERBOSITY=sqlstate -h "${PGHOST:-localhost}" -U pl_schule -d postgres -c "EXPLAIN SELECT 1" 2>&1)" \
    "Result" "a registered school logs into another database (no kaoa there, no preload) and explains"
q "ALTER ROLE pl_anderer SET session_preload_libraries = 'kaoa'" > /dev/null
t_like "$(PGPASSWORD=pw psql -X -q -At -v VERBOSITY=sqlstate -h "${PGHOST:-localhost}" -U pl_anderer -d postgres -c "EXPLAIN SELECT 1" 2>&1)" \
    "Result" "a role that loads kaoa at login in a database without the extension logs in and explains"
q "ALTER ROLE pl_anderer RESET session_preload_libraries" > /dev/null
# the role itself cannot drop the preload: ALTER ROLE … RESET ALL leaves superuser settings, and a connection option is refused
als pl_schule "ALTER ROLE CURRENT_USER IN DATABASE $DB RESET ALL" > /dev/null
t_is "$(vorladen pl_schule)" "kaoa" "a school's own ALTER ROLE … RESET ALL keeps session_preload_libraries = kaoa"
t_like "$(PGOPTIONS='-c session_preload_libraries=' als pl_schule "EXPLAIN SELECT 1")" "permission denied to set parameter" \
    "… and a connection option that empties it is refused at login"
q "SELECT kaoa.rechte_erneuern()" > /dev/null

t_done
