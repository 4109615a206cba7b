#!/bin/bash
# A hot standby for the BI tools: a primary and a streaming standby (pg_basebackup -R) on the
# loopback.  The primary gets a small school year through the API, played by the organisations'
# roles (test/scripts/lib/upgrade_fuellen.sql), then more writes while the standby streams; once
# the standby has replayed everything, every BI view and every read-only function gives the same
# result there as on the primary (as the superuser, the KoKo, a school and the BI role; the
# client's status and export too); every function that writes fails there with 25006 and a hint —
# kaoa.auskunft too, as it logs every answer.
# On the primary the same reads run in one transaction that never gets a transaction id: nothing
# kaoa runs on a read writes (no table row, no sequence value, no temporary table).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
. test/scripts/lib/cluster.sh

sqlstate() { printf '%s\n' "$1" | sed -n 's/^\(psql:[^E]*\)\{0,1\}ERROR:  \([0-9A-Z]\{5\}\):.*/\2/p' | head -1; }

cluster_init primary || { t_result 1 "initdb"; t_done; exit 1; }
cluster_conf primary "wal_level = replica" "max_wal_senders = 4" "hot_standby = on"
cluster_start primary || { t_result 1 "the primary starts"; t_done; exit 1; }
p() { cluster_psql primary -d kaoa_bi -At "$@"; }
s() { cluster_psql standby -d kaoa_bi -At "$@"; }
cluster_psql primary -d postgres -c 'CREATE DATABASE kaoa_bi'
t_run cluster_psql primary -d kaoa_bi -c 'CREATE EXTENSION kaoa' -f test/scripts/lib/upgrade_fuellen.sql
t_is "$rc" 0 "a school year through the API on the primary (the organisations' roles)"
[ "$rc" -eq 0 ] || printf '%s\n' "$err" | tail -5

# the standby: a base backup of the running primary, streaming from it over 127.0.0.1
runuser -u postgres -- "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(cluster_port primary)" -U postgres \
    -D "$(cluster_dir standby)" -R -X stream --no-sync -c fast > /dev/null 2>&1
t_is "$?" 0 "pg_basebackup -R from the primary"
cluster_set_port standby "$(cluster_free_port)"
cluster_start standby || { t_result 1 "the standby starts"; t_done; exit 1; }
t_is "$(s -c 'SELECT pg_is_in_recovery()')|$(p -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" "t|1" \
    "the standby is in recovery and streams from the primary"

# more writes while it streams: a hand-off accepted, a Verbleib, a second assignment run
p > /dev/null <<'SQL'
SET ROLE up_schule;
SELECT kaoa.uebergeben(13, 4, 'schuldueg_1_1');
RESET ROLE; SET ROLE up_agentur;
SELECT kaoa.uebernehmen(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id = 13 AND uebernommen_am IS NULL;
RESET ROLE; SET ROLE up_koko;
SELECT kaoa.zuteilung_berechnen('05315', 2025, 10, 11);
RESET ROLE;
SQL
ziel=$(p -c 'SELECT pg_current_wal_lsn()')
for i in $(seq 1 120); do
    [ "$(s -c "SELECT pg_last_wal_replay_lsn() >= '$ziel'::pg_lsn")" = t ] && break
    sleep 0.5
done
t_is "$(s -c "SELECT pg_last_wal_replay_lsn() >= '$ziel'::pg_lsn")" t "the standby replayed the primary's last write"
t_is "$(s -c 'SELECT count(*) FROM kaoa.zuteilung_lauf')" "$(p -c 'SELECT count(*) FROM kaoa.zuteilung_lauf')" "the second assignment run is there"

# ---- the reads: NAME <tab> ROLE <tab> SQL returning one value (a digest of the whole result) ----
reads=$(mktemp)
digest() { echo "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM ($1) t"; }
{
    for v in $(p -c "SELECT table_name FROM information_schema.views WHERE table_schema = 'kaoa' ORDER BY 1"); do
        printf 'view kaoa.%s\tpostgres\t%s\n' "$v" "$(digest "SELECT * FROM kaoa.$v")"
        case $v in v_*) printf 'view kaoa.%s\tup_bi\t%s\n' "$v" "$(digest "SELECT * FROM kaoa.$v")" ;; esac
    done
    for r in postgres up_koko; do
        printf 'passung\t%s\t%s\n' $r "$(digest 'SELECT b.person_id, a.angebot_id, kaoa.passung(b.person_id, a.angebot_id) FROM kaoa.bewerberprofil b, kaoa.angebot a')"
        printf 'passung_erklaert\t%s\t%s\n' $r "$(digest 'SELECT b.person_id, a.angebot_id, kaoa.passung_erklaert(b.person_id, a.angebot_id) FROM kaoa.bewerberprofil b, kaoa.angebot a')"
        printf 'prioritaet\t%s\t%s\n' $r "$(digest 'SELECT b.person_id, a.angebot_id, kaoa.prioritaet(b.person_id, a.angebot_id) FROM kaoa.bewerberprofil b, kaoa.angebot a')"
        printf 'top_angebote\t%s\t%s\n' $r "$(digest 'SELECT b.person_id, x.* FROM kaoa.bewerberprofil b, kaoa.top_angebote(b.person_id, 5) x')"
        printf 'top_bewerber\t%s\t%s\n' $r "$(digest 'SELECT a.angebot_id, x.* FROM kaoa.angebot a, kaoa.top_bewerber(a.angebot_id, 5) x')"
        printf 'kette_pruefen\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.kette_pruefen('05315', 2025)")"
        printf 'kette_pruefen after the Verbleib date\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.kette_pruefen('05315', 2025, current_date + 200)")"
        printf 'massnahmen_ueberschneidungen\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.massnahmen_ueberschneidungen('05315', 2024)")"
        printf 'massnahmen_luecken\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.massnahmen_luecken('05315', 2024)")"
        printf 'massnahme_wirkung\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.massnahme_wirkung('05315', 2024)")"
        printf 'ausbildungsmarkt\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.ausbildungsmarkt('05315', 2025)")"
        printf 'stabile_zuteilung\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.stabile_zuteilung('SELECT z.person_id, z.angebot_id, z.passung, z.prioritaet FROM kaoa.zuteilung z WHERE z.lauf_id = 1', 'SELECT g.angebot_id, 1 FROM kaoa.zuteilung_grenze g WHERE g.lauf_id = 1 UNION SELECT z.angebot_id, 1 FROM kaoa.zuteilung z WHERE z.lauf_id = 1', 3)")"
    done
    for r in postgres up_schule; do
        printf 'sbo_luecken\t%s\t%s\n' $r "$(digest "SELECT * FROM kaoa.sbo_luecken('05315', 2024)")"
        printf 'bewerberprofil_aus_sbo\t%s\t%s\n' $r "$(digest 'SELECT p.person_id, kaoa.bewerberprofil_aus_sbo(p.person_id) FROM kaoa.person p WHERE p.person_id <= 20')"
    done
    printf 'uebergabe_daten\tup_agentur\t%s\n' "$(digest 'SELECT u.uebergabe_id, kaoa.uebergabe_daten(u.uebergabe_id) FROM kaoa.uebergabe u WHERE u.an_org = 4 AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL')"
    printf 'fristen_pruefen (a future stichtag: reads only)\tup_system\t%s\n' "$(digest 'SELECT * FROM kaoa.fristen_pruefen(current_date + 400)')"
    printf 'matching_statistik\tup_koko\t%s\n' "$(digest 'SELECT * FROM kaoa.matching_statistik()')"
    printf 'berufsschulpflicht_ende, berufsfelder, import_format\tpostgres\t%s\n' \
        "$(digest "SELECT kaoa.berufsschulpflicht_ende('2009-05-01'), kaoa.berufsfelder('26312'), (SELECT count(*) FROM kaoa.import_format())")"
    printf 'the types and operators\tpostgres\t%s\n' \
        "$(digest "SELECT f.abschluss, f.abschluss::text::kaoa.abschluss OPERATOR(kaoa.=) f.abschluss, kaoa.kongruenz('SEC'::kaoa.riasec, 'SCE'::kaoa.riasec) FROM kaoa.fall f")"
} > "$reads"

while IFS=$'\t' read -r name rolle sql; do
    a=$(p -c "SET ROLE $rolle" -c "$sql" 2>&1)
    b=$(s -c "SET ROLE $rolle" -c "$sql" 2>&1)
    if [ "$a" = "$b" ] && [[ "$a" =~ ^[0-9]+\ [0-9a-f]{32}$ ]]; then
        t_result 0 "standby = primary: $name as $rolle (${a%% *} rows)"
    else
        t_result 1 "standby = primary: $name as $rolle"
        printf '#   primary: %s\n#   standby: %s\n' "$a" "$b"
    fi
done < "$reads"

# the client against the standby
cluster_psql primary -d kaoa_bi -c 'ALTER ROLE up_koko LOGIN; ALTER ROLE up_bi LOGIN' > /dev/null
t_run env PGHOST="$(cluster_sock primary)" PGPORT="$(cluster_port primary)" PGUSER=up_koko PGPASSWORD= "$KAOA" -d kaoa_bi status --kommune 05315 --stichtag 2026-03-01
a=$out
ziel=$(p -c 'SELECT pg_current_wal_lsn()')
for i in $(seq 1 60); do [ "$(s -c "SELECT pg_last_wal_replay_lsn() >= '$ziel'::pg_lsn")" = t ] && break; sleep 0.5; done
t_run env PGHOST="$(cluster_sock standby)" PGPORT="$(cluster_port standby)" PGUSER=up_koko PGPASSWORD= "$KAOA" -d kaoa_bi status --kommune 05315 --stichtag 2026-03-01
t_is "$rc|$out" "0|$a" "kaoa status as the KoKo: the same table on the standby"
t_run env PGHOST="$(cluster_sock primary)" PGPORT="$(cluster_port primary)" PGUSER=up_bi PGPASSWORD= "$KAOA" -d kaoa_bi export v_kette --format csv
a=$out
t_run env PGHOST="$(cluster_sock standby)" PGPORT="$(cluster_port standby)" PGUSER=up_bi PGPASSWORD= "$KAOA" -d kaoa_bi export v_kette --format csv
t_is "$rc|$out" "0|$a" "kaoa export v_kette as the BI role: the same CSV from the standby"

# ---- on the primary the reads write nothing: one transaction, no transaction id ----------------
seqs="SELECT string_agg(format('%s=%s', c.relname, pg_sequence_last_value(c.oid)), ',' ORDER BY c.relname) FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace = 'kaoa'::regnamespace"
vorher=$(p -c "$seqs")
for rolle in postgres up_koko up_schule up_bi up_agentur up_system; do
    sql=$(awk -F'\t' -v r="$rolle" '$2 == r {print $3 ";"}' "$reads")
    got=$(p -v ON_ERROR_STOP=1 -c 'BEGIN' -c "SET ROLE $rolle" -c "$sql" -c 'RESET ROLE' \
          -c "SELECT 'xid:' || coalesce(pg_current_xact_id_if_assigned()::text, 'none')" -c 'COMMIT' 2>&1 | grep -E '^xid:|ERROR')
    t_is "$got" "xid:none" "the reads as $rolle on the primary get no transaction id (write nothing)"
done
t_is "$(p -c "$seqs")" "$vorher" "no sequence of kaoa moved during the reads"

# ---- the writes fail on the standby: 25006 with a hint, and nothing changed ---------------------
count_all="SELECT (SELECT count(*) FROM kaoa.ereignis) || '/' || (SELECT count(*) FROM kaoa.uebergabe) || '/' || (SELECT count(*) FROM kaoa.zuteilung_lauf) || '/' || (SELECT count(*) FROM kaoa.akteur)"
vorher=$(s -c "$count_all")
while IFS=$'\t' read -r rolle sql; do
    t_run cluster_psql standby -d kaoa_bi -v VERBOSITY=verbose -c "SET ROLE $rolle" -c "$sql"
    t_is "$(sqlstate "$err")" 25006 "on the standby: $sql as $rolle fails with 25006"
    t_like "$err" 'HINT:  Run it on the primary' "  … with a hint to run it on the primary"
done <<'W'
up_schule	SELECT kaoa.uebergeben(14, 4, 'schuldueg_1_1')
up_agentur	SELECT kaoa.uebernehmen(1)
up_agentur	SELECT kaoa.ablehnen(1, 'x')
up_schule	SELECT kaoa.zurueckziehen(1, 'x')
up_koko	SELECT kaoa.verbleib_melden(20, true)
up_agentur	SELECT kaoa.widerspruch_erheben(1)
up_system	SELECT * FROM kaoa.fristen_pruefen()
up_system	SELECT kaoa.loeschfristen_anwenden()
up_koko	SELECT kaoa.zuteilung_berechnen('05315', 2025)
postgres	SELECT kaoa.akteur_anlegen('up_bi', 1)
postgres	SELECT kaoa.system_zugang('up_bi')
postgres	SELECT kaoa.bi_zugang('up_bi', '05315')
postgres	SELECT * FROM kaoa.zeitplan_einrichten('up_system')
postgres	SELECT * FROM kaoa.zeitplan_entfernen()
up_schule	SELECT kaoa.anmelden(1, 1)
up_schule	SELECT kaoa.anmeldung_zurueckziehen(1)
up_koko	SELECT kaoa.auskunft(1)
postgres	SELECT kaoa.auskunft(1)
W
t_run cluster_psql standby -d kaoa_bi -v VERBOSITY=verbose -c "SET ROLE up_schule" -c "UPDATE kaoa.fall SET grund = 'x' WHERE fall_id = 1"
t_is "$(sqlstate "$err")" 25006 "a plain UPDATE on the standby: PostgreSQL's own 25006"
t_is "$(s -c "$count_all")" "$vorher" "nothing changed on the standby"
rm -f "$reads"
t_done
