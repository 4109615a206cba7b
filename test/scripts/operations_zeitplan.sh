#!/bin/bash
# kaoa.zeitplan_einrichten / kaoa.zeitplan_entfernen with a real pg_cron.
#
# 1. In the throwaway cluster of the runner (pg_cron not preloaded): both functions refuse with
#    0A000, a detail saying what is missing and a hint naming the package and
#    shared_preload_libraries; a non-administrator gets 42501.
# 2. In a cluster of its own started with shared_preload_libraries = 'pg_cron' and
#    cron.database_name: the refusals (not a system role, unknown role, seconds, NULL, a database
#    pg_cron does not serve) create no job; the jobs are registered with the right schedule,
#    command, database and role; a second call returns the same ids and changes nothing; both jobs
#    are run now (pg_cron 1.4 has no schedule in seconds: the test moves them to '* * * * *' and
#    waits for the next minute) and the overdue hand-off is logged by kaoa.fristen_pruefen, with
#    their rows in cron.job_run_details; zeitplan_entfernen removes exactly them.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
. test/scripts/lib/cluster.sh

# sqlstate OUTPUT: the SQLSTATE of psql's "ERROR:  XXXXX: …" line (VERBOSITY verbose)
sqlstate() { printf '%s\n' "$1" | sed -n 's/^\(psql:[^E]*\)\{0,1\}ERROR:  \([0-9A-Z]\{5\}\):.*/\2/p' | head -1; }

# ---- 1. without pg_cron ---------------------------------------------------------------------------
db=kaoa_ohne_cron
dropdb --if-exists "$db" > /dev/null 2>&1; createdb "$db"
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION kaoa' \
    -c 'CREATE ROLE z_system; SELECT kaoa.system_zugang($$z_system$$)' > /dev/null
t_run psql -X -q -d "$db" -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_einrichten('z_system')"
t_is "$(sqlstate "$err")" 0A000 "without pg_cron: zeitplan_einrichten refuses with 0A000"
t_like "$err" 'DETAIL:  pg_cron is not loaded at server start \(shared_preload_libraries is ' "the detail says pg_cron is not preloaded"
t_like "$err" 'HINT:  .*shared_preload_libraries.*postgresql-15-cron' "the hint names shared_preload_libraries and the package postgresql-15-cron"
t_run psql -X -q -d "$db" -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_entfernen()"
t_is "$(sqlstate "$err")" 0A000 "without pg_cron: zeitplan_entfernen refuses with 0A000"
t_is "$(psql -X -At -d "$db" -c "SELECT has_function_privilege('z_system', 'kaoa.zeitplan_einrichten(name,time)', 'EXECUTE'), has_function_privilege('z_system', 'kaoa.zeitplan_entfernen()', 'EXECUTE'), has_function_privilege('z_system', 'kaoa.fristen_pruefen(date)', 'EXECUTE')")" \
    "f|f|t" "a system role gets EXECUTE on kaoa's functions, but not on the two scheduling functions"
psql -X -q -d "$db" -c 'GRANT EXECUTE ON FUNCTION kaoa.zeitplan_einrichten(name, time) TO z_system'
t_run psql -X -q -d "$db" -v VERBOSITY=verbose -c "SET ROLE z_system" -c "SELECT * FROM kaoa.zeitplan_einrichten('z_system')"
t_is "$(sqlstate "$err")" 42501 "granted EXECUTE by hand, a system role is still refused (42501)"
t_like "$err" 'only a superuser or the owner of kaoa may call kaoa.zeitplan_einrichten' "  … by kaoa's own check"
t_run psql -X -q -d "$db" -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_einrichten(NULL)"
t_is "$(sqlstate "$err")" 22004 "rolle NULL: 22004"
psql -X -q -d postgres -c "DROP DATABASE $db" -c 'DROP ROLE z_system' > /dev/null 2>&1

# ---- 2. with pg_cron ------------------------------------------------------------------------------
cluster_init cron || { t_result 1 "initdb"; t_done; exit 1; }
cluster_conf cron "shared_preload_libraries = 'pg_cron'" "cron.database_name = 'kaoa_cron'" \
    "cron.host = '$(cluster_sock cron)'"
cluster_start cron || { t_result 1 "a cluster with pg_cron preloaded starts"; t_done; exit 1; }
q() { cluster_psql cron -d kaoa_cron -At "$@"; }
cluster_psql cron -d postgres -c 'CREATE DATABASE kaoa_cron' -c 'CREATE DATABASE kaoa_andere'
t_run cluster_psql cron -d kaoa_cron -c 'CREATE EXTENSION kaoa' -c 'CREATE EXTENSION pg_cron'
t_is "$rc" 0 "CREATE EXTENSION kaoa and pg_cron in the database cron.database_name names"
t_is "$(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")" "$(q -c "SELECT default_version FROM pg_available_extensions WHERE name = 'pg_cron'")" \
    "pg_cron is the installed package's version"

# a database pg_cron does not serve
cluster_psql cron -d kaoa_andere -c 'CREATE EXTENSION kaoa'
t_run cluster_psql cron -d kaoa_andere -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_einrichten('postgres')"
t_is "$(sqlstate "$err")" 0A000 "in another database than cron.database_name: 0A000"
t_like "$err" 'DETAIL:  pg_cron runs its jobs from database "kaoa_cron" \(cron.database_name\), not from "kaoa_andere"' \
    "the detail names the database pg_cron serves"

# the world: a school hands a case to the Agentur; the hand-off is three days overdue
q > /dev/null <<'SQL'
INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05315', 'Köln', 3);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule', 'Gesamtschule Nord', 'S1', 'GE'), ('05315', 'agentur', 'Agentur für Arbeit Köln', 'AA', NULL);
INSERT INTO kaoa.fristen VALUES ('05315', 2025, current_date - 20, current_date + 20, 10, current_date + 120);
CREATE ROLE z_schule; CREATE ROLE z_agentur; CREATE ROLE z_bi; CREATE ROLE kaoa_nacht LOGIN;
SELECT kaoa.akteur_anlegen('z_schule', 1), kaoa.akteur_anlegen('z_agentur', 2), kaoa.system_zugang('kaoa_nacht'),
       kaoa.bi_zugang('z_bi', '05315');
SET ROLE z_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05315', 'Z-1', '2009-03-01');
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet) VALUES ('05315', 1, 2025, 1, 'ESA', true);
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = 1;
SELECT kaoa.uebergeben(1, 2, 'schuldueg_1_1');
RESET ROLE;
-- back-date the deadline: the rule triggers keep hand-offs append-only, so as a restore would
SET session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 3;
RESET session_replication_role;
SQL
t_is "$(q -c "SELECT count(*) FROM kaoa.uebergabe WHERE faellig_am < current_date AND uebernommen_am IS NULL")" 1 "one open hand-off is overdue"

jobs="SELECT string_agg(format('%s|%s|%s|%s|%s|%s', jobname, schedule, command, database, username, active), ' ; ' ORDER BY jobname) FROM cron.job"
for args in "'z_schule'" "'z_bi'" "'gibt_es_nicht'" "'kaoa_nacht', '02:00:30'" "'kaoa_nacht', NULL"; do
    t_run cluster_psql cron -d kaoa_cron -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_einrichten($args)"
    case $args in
        *gibt_es_nicht*) want=42704 ;;
        *NULL*) want=22004 ;;
        *) want=22023 ;;
    esac
    t_is "$(sqlstate "$err")|$(q -c 'SELECT count(*) FROM cron.job')" "$want|0" "zeitplan_einrichten($args): $want, no job created"
done
t_run cluster_psql cron -d kaoa_cron -v VERBOSITY=verbose -c "SELECT * FROM kaoa.zeitplan_einrichten('z_schule')"
t_like "$err" 'DETAIL:  The role acts for organisation 1 of Kommune 05315' "an organisation's role: the detail says whom it acts for"
t_like "$err" "HINT:  Name a role registered with kaoa.system_zugang, or the owner of kaoa \(\"postgres\"\)" "the hint says which roles are accepted"

# register, twice
ids=$(q -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM kaoa.zeitplan_einrichten('kaoa_nacht', '02:00') id")
t_like "$ids" '^[0-9]+,[0-9]+$' "zeitplan_einrichten returns two job ids ($ids)"
t_is "$(q -c "$jobs")" \
    "kaoa_fristen|0 2 * * *|SELECT * FROM kaoa.fristen_pruefen()|kaoa_cron|kaoa_nacht|t ; kaoa_loeschfristen|0 2 * * *|SELECT kaoa.loeschfristen_anwenden()|kaoa_cron|kaoa_nacht|t" \
    "two jobs, daily at 02:00 (pg_cron's time zone), in this database, as the system role"
t_is "$(q -c "SELECT string_agg(jobid::text, ',' ORDER BY jobid) FROM cron.job")" "$ids" "the ids returned are the jobs'"
before=$(q -c "SELECT string_agg(j::text, ' ; ' ORDER BY jobid) FROM cron.job j")
again=$(q -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM kaoa.zeitplan_einrichten('kaoa_nacht') id")
t_is "$again" "$ids" "a second call returns the same ids"
t_is "$(q -c "SELECT string_agg(j::text, ' ; ' ORDER BY jobid) FROM cron.job j")" "$before" "a second call changes nothing in cron.job"
t_is "$(q -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM kaoa.zeitplan_einrichten('postgres', '03:30') id")|$(q -c "SELECT string_agg(schedule || ' ' || username, ',') FROM cron.job")" \
    "$ids|30 3 * * * postgres,30 3 * * * postgres" "another time and the owner as rolle: the same two jobs, changed"
# a duplicate made by hand (same name, another role) is folded into the one job
q -c "SELECT cron.schedule_in_database('kaoa_fristen', '0 5 * * *', 'SELECT 1', 'kaoa_cron', 'kaoa_nacht')" > /dev/null
t_is "$(q -c 'SELECT count(*) FROM cron.job')" 3 "a third job with the name kaoa_fristen made by hand"
q -c "SELECT kaoa.zeitplan_einrichten('kaoa_nacht', '02:00')" > /dev/null
t_is "$(q -c "$jobs")" \
    "kaoa_fristen|0 2 * * *|SELECT * FROM kaoa.fristen_pruefen()|kaoa_cron|kaoa_nacht|t ; kaoa_loeschfristen|0 2 * * *|SELECT kaoa.loeschfristen_anwenden()|kaoa_cron|kaoa_nacht|t" \
    "zeitplan_einrichten leaves exactly the two jobs again"
t_is "$(q -c "SELECT string_agg(jobid::text, ',' ORDER BY jobid) FROM cron.job")" "$ids" "with their ids"

# run both now: pg_cron 1.4 takes no schedule in seconds, so every minute, and wait for the next one
t_run q -c "SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'schedule' AND pronamespace = 'cron'::regnamespace" -c "SELECT cron.schedule('1 seconds', 'SELECT 1')"
t_like "$err" 'invalid schedule: 1 seconds' "pg_cron $(q -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'") refuses a schedule in seconds (hence every minute below)"
q -c "SELECT cron.alter_job(jobid, schedule := '* * * * *') FROM cron.job" > /dev/null
t_is "$(q -c "SELECT count(*) FROM kaoa.ereignis WHERE art = 'frist_ueberschritten'")" 0 "nothing logged as overdue before the job ran"
start=$SECONDS
while [ $((SECONDS - start)) -lt 150 ]; do
    [ "$(q -c "SELECT count(DISTINCT jobid) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')")" = 2 ] && break
    sleep 2
done
echo "# the jobs ran after $((SECONDS - start)) s"
t_is "$(q -c "SELECT string_agg(format('%s|%s|%s|%s', j.jobname, d.username, d.status, d.return_message), ' ; ' ORDER BY j.jobname)
                FROM (SELECT DISTINCT ON (jobid) * FROM cron.job_run_details ORDER BY jobid, runid) d JOIN cron.job j USING (jobid)")" \
    "kaoa_fristen|kaoa_nacht|succeeded|1 row ; kaoa_loeschfristen|kaoa_nacht|succeeded|1 row" \
    "cron.job_run_details: both jobs ran as kaoa_nacht and succeeded (fristen_pruefen returned the one overdue hand-off)"
t_is "$(q -c "SELECT format('%s|%s|%s', fall_id, rolle, details->>'uebergabe_id') FROM kaoa.ereignis WHERE art = 'frist_ueberschritten'")" \
    "1|kaoa_nacht|$(q -c 'SELECT uebergabe_id FROM kaoa.uebergabe')" \
    "the job logged the overdue hand-off once, as kaoa_nacht"
q -c "SELECT kaoa.zeitplan_einrichten('kaoa_nacht')" > /dev/null
t_is "$(q -c "SELECT string_agg(jobid || ' ' || schedule, ',' ORDER BY jobid) FROM cron.job")" \
    "$(echo "$ids" | sed 's/,/ 0 2 * * *,/; s/$/ 0 2 * * */')" "zeitplan_einrichten puts the changed schedule back, same ids"

# remove
t_is "$(q -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM kaoa.zeitplan_entfernen() id")" "$ids" "zeitplan_entfernen returns the ids it removed"
t_is "$(q -c 'SELECT count(*) FROM cron.job')" 0 "no job is left"
t_is "$(q -c 'SELECT count(*) FROM kaoa.zeitplan_entfernen()')" 0 "a second zeitplan_entfernen removes nothing"
t_done
