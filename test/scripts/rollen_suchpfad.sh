#!/bin/bash
# The search_path of the roles kaoa registers (docs/roles-and-bi.md#registering-roles): a school's,
# a system and a BI login role write kaoa's operators as typed (WHERE abschluss >= 'MSA') after
# registration; the setting is per database; a path the DBA set that names kaoa is kept.  Logs in as
# each role (role settings apply at login, not on SET ROLE).  Prints TAP; runs inside the test
# cluster (PG* variables set); uses its own database.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_suchpfad
rollen="sp_schule sp_system sp_bi sp_ohne sp_eigen sp_global"
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
}
trap cleanup EXIT
cleanup
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
als() { # als ROLE DB SQL: runs SQL logged in as ROLE (password x); stdout, or the SQLSTATE and message
    PGPASSWORD=x psql -XqAt -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -U "$1" -d "$2" -c "$3" 2>&1
}

sql "CREATE EXTENSION kaoa" > /dev/null
sql "INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln');
     INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES ('05315', 'schule', 'Gesamtschule Nord', 'S1', 'GE')" > /dev/null
s1=$(sql "SELECT org_id FROM kaoa.organisation WHERE schluessel = 'S1'")
sql "INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05315', 'P-' || i FROM generate_series(1, 3) i;
     INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
     SELECT '05315', person_id, 2025, $s1, (ARRAY['ESA', 'MSA', 'ABITUR'])[row_number() OVER (ORDER BY person_id)]::kaoa.abschluss, false
       FROM kaoa.person" > /dev/null
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'x'" > /dev/null; done
# the DBA's own choices, before registration: a per-database path naming kaoa, a global path without it
psql -XqAt -d postgres -c "ALTER ROLE sp_eigen IN DATABASE $db SET search_path = meins, kaoa" \
                       -c "ALTER ROLE sp_global SET search_path = public" > /dev/null
sql "SELECT kaoa.akteur_anlegen('sp_schule', $s1), kaoa.system_zugang('sp_system'), kaoa.bi_zugang('sp_bi', '05315'),
            kaoa.akteur_anlegen('sp_eigen', $s1), kaoa.akteur_anlegen('sp_global', $s1)" > /dev/null
# sp_ohne: a school role whose kaoa setting the DBA removed again (the state of roles before 0.2.0)
sql "SELECT kaoa.akteur_anlegen('sp_ohne', $s1)" > /dev/null
psql -XqAt -d postgres -c "ALTER ROLE sp_ohne IN DATABASE $db RESET search_path" > /dev/null

t_is "$(als sp_schule "$db" 'SHOW search_path')" '"$user", kaoa, public' "a school's login role: search_path \"\$user\", kaoa, public"
t_is "$(als sp_schule "$db" "SELECT count(*) FROM kaoa.fall WHERE abschluss >= 'MSA'")" 2 \
    "… WHERE abschluss >= 'MSA' works as typed (MSA and ABITUR of its 3 cases)"
t_is "$(als sp_schule "$db" "SELECT count(*) FROM fall WHERE abschluss = 'MSA'::abschluss")" 1 \
    "… and kaoa's tables and types without the schema name"
t_is "$(als sp_system "$db" "SELECT count(*) FROM kaoa.fall WHERE abschluss >= 'MSA'")" 2 "a system login role: the same query works"
t_is "$(als sp_bi "$db" "SELECT count(*) >= 0 FROM v_kette")" t "a BI login role: reads v_kette without the schema name"
t_is "$(als sp_bi "$db" 'SHOW search_path')" '"$user", kaoa, public' "… with the same search_path"
t_like "$(als sp_ohne "$db" "SELECT count(*) FROM kaoa.fall WHERE abschluss >= 'MSA'")" '^ERROR:  42883' \
    "negative control: without the setting the operator is not found (42883)"
t_is "$(als sp_eigen "$db" 'SHOW search_path')" 'meins, kaoa' "a search_path the DBA set in this database that names kaoa is kept"
t_is "$(als sp_global "$db" 'SHOW search_path')" '"$user", kaoa, public' \
    "a role with a global search_path without kaoa gets kaoa's in this database"
t_is "$(als sp_global postgres 'SHOW search_path')" 'public' "… and keeps its own in other databases (the setting is per database)"
t_is "$(als sp_schule postgres 'SHOW search_path')" '"$user", public' "a registered role's default elsewhere is untouched"
t_is "$(psql -XqAt -d postgres -c "SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                                   WHERE d.datname = '$db' AND s.setrole = 'sp_schule'::regrole")" 1 \
     "the setting is stored for the role in this database (pg_db_role_setting)"
sql "SELECT kaoa.akteur_anlegen('sp_schule', $s1)" > /dev/null
t_is "$(als sp_schule "$db" 'SHOW search_path')" '"$user", kaoa, public' "registering again keeps the setting as it is"
t_done
