#!/bin/bash
# TAP: the upgrade from the released 0.1.0 to this version.  Installs 0.1.0 from its frozen script
# (extension/kaoa--0.1.0.sql) with the current module, plays a small school year through the API as
# the organisations' roles (which proves the new module works under the old SQL: a database not yet
# updated keeps working), runs ALTER EXTENSION kaoa UPDATE, and then checks
#   (a) the catalogue of kaoa equals a fresh install's, object by object (test/scripts/lib/katalog.sql);
#   (b) every row (in the columns 0.1.0 had) and every sequence value survived;
#   (c) the rules still fire, and a permitted write still changes its row;
#   (d) roles registered under 0.1.0 have exactly the rights of roles registered now;
#   (e) pg_dump of the upgraded database restores (the recipe of docs/operations.md) into a fresh install with
#       the same rows and the same catalogue, grants to the roles included;
# and, as a negative control, that the catalogue comparison does see a one-word difference.
# Runs inside the test cluster (PG* variables set, superuser), like every test/scripts/*.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
ALT=kaoa_upgrade_alt        # installed as 0.1.0, then updated
NEU=kaoa_upgrade_neu        # a fresh install of this version
WIEDER=kaoa_upgrade_wieder  # the upgraded database restored from pg_dump
TMP=$(mktemp -d /tmp/kaoa_upgrade.XXXXXX)
chmod 755 "$TMP"
ROLLEN="up_schule up_schule_b up_bk up_agentur up_jobcenter up_jugendamt up_koko up_traeger up_system up_bi
        up_n_schule up_n_agentur up_n_koko up_n_traeger up_n_system up_n_bi"
n=0
failed=0
ok() {      # ok CONDITION-EXIT-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
q() {       # q DB SQL: the result, unaligned, quiet
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
sqlstate() { # sqlstate DB SQL: the SQLSTATE the statement fails with ('' when it succeeds)
    psql -X -q -At -d "$1" -v VERBOSITY=sqlstate -c "$2" 2>&1 >/dev/null | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\).*/\1/p' | head -1
}
katalog() { # katalog DB AUSSER-REGEX > file
    psql -X -q -At -v ON_ERROR_STOP=1 -v ausser="$2" -d "$1" -f test/scripts/lib/katalog.sql
}
vergleich() { # vergleich FILE-A FILE-B DESCRIPTION: ok when equal; the diff as TAP comments otherwise
    if diff -q "$1" "$2" > /dev/null && [ -s "$1" ]; then ok 0 "$3"
    else ok 1 "$3"; diff "$1" "$2" | head -60 | sed 's/^/# /'; fi
}
cleanup() {
    for d in "$ALT" "$NEU" "$WIEDER"; do dropdb --if-exists "$d" 2>/dev/null; done
    for r in $ROLLEN; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT
cleanup
mkdir -p "$TMP"; chmod 755 "$TMP"
echo "1..18"

# -- 0.1.0, filled through its API -------------------------------------------------------------------
createdb "$ALT"
q "$ALT" "CREATE EXTENSION kaoa VERSION '0.1.0'" > /dev/null
ok $? "CREATE EXTENSION kaoa VERSION '0.1.0' from the frozen script, with the current module"
[ "$(q "$ALT" "SELECT extversion FROM pg_extension WHERE extname = 'kaoa'")" = 0.1.0 ]
ok $? "the database is at 0.1.0"

psql -X -q -d "$ALT" -f test/scripts/lib/upgrade_fuellen.sql > "$TMP/fuellen.out" 2>&1
status=$?
ok $status "a school year played through the 0.1.0 API by the organisations' roles (the new module under the old SQL)"
[ $status -eq 0 ] || sed 's/^/# /' "$TMP/fuellen.out" | tail -15

# the rows, in the columns each table has now, and the sequences' values
# (user data only: the rows a table's pg_extension_config_dump filter keeps; shipped reference rows
# may change with a release and are compared with a fresh install's under (a))
q "$ALT" "SELECT c.oid::regclass, string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum), coalesce(x.cond, '')
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN (SELECT u.cfg, u.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) u(cfg, cond)
                   WHERE e.extname = 'kaoa') x ON x.cfg = c.oid
           WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r' GROUP BY c.oid, x.cond ORDER BY 1" > "$TMP/spalten"
fingerprint() { # fingerprint DB: per user-data table of 0.1.0, count and md5 of its rows in 0.1.0's columns
    local db=$1 sql="" tab cols cond
    while IFS='|' read -r tab cols cond; do
        sql+="SELECT '$tab ' || count(*) || ' ' || md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (SELECT ROW($cols)::text AS x FROM $tab $cond) s;"
    done < "$TMP/spalten"
    psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$sql"
    q "$db" "SELECT schemaname || '.' || sequencename || ' ' || coalesce(last_value::text, 'never') FROM pg_sequences WHERE schemaname = 'kaoa' ORDER BY 1"
}
fingerprint "$ALT" > "$TMP/daten_vorher"
# what the hand-offs still readable hand over, as the 0.1.0 database answers (the values now)
lesbar="SELECT u.uebergabe_id, kaoa.uebergabe_daten(u.uebergabe_id) FROM kaoa.uebergabe u
          LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id
         WHERE (u.uebernommen_am IS NOT NULL OR (u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL))
           AND CASE WHEN u.rechtsgrundlage = 'einwilligung' THEN e.widerrufen_am IS NULL
                    ELSE u.gesendet_am > now() - interval '6 months' END ORDER BY 1"
q "$ALT" "$lesbar" > "$TMP/inhalt_vorher"

# -- the update ---------------------------------------------------------------------------------------
q "$ALT" "ALTER EXTENSION kaoa UPDATE" > /dev/null 2> "$TMP/update.err"
status=$?
ok $status "ALTER EXTENSION kaoa UPDATE"
[ $status -eq 0 ] || sed 's/^/# /' "$TMP/update.err"
version=$(q postgres "SELECT default_version FROM pg_available_extensions WHERE name = 'kaoa'")
[ "$(q "$ALT" "SELECT extversion FROM pg_extension WHERE extname = 'kaoa'")" = "$version" ]
ok $? "the database is at the default version ($version)"

# (a) the catalogue
createdb "$NEU"
q "$NEU" "CREATE EXTENSION kaoa" > /dev/null
katalog "$ALT" '^up_' > "$TMP/katalog_alt" 2> "$TMP/katalog.err"
katalog "$NEU" '^up_' > "$TMP/katalog_neu" 2>> "$TMP/katalog.err"
[ -s "$TMP/katalog.err" ] && sed 's/^/# /' "$TMP/katalog.err"
vergleich "$TMP/katalog_alt" "$TMP/katalog_neu" "(a) the upgraded catalogue equals a fresh install's ($(wc -l < "$TMP/katalog_neu") lines)"
echo "# catalogue compared: $(cut -d' ' -f1 "$TMP/katalog_neu" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')"

# (b) rows and sequences
# the tables and sequences of 0.1.0 (an update may add new ones, empty)
fingerprint "$ALT" | awk 'NR == FNR { alt[$1] = 1; next } $1 in alt' "$TMP/daten_vorher" - > "$TMP/daten_nachher"
vergleich "$TMP/daten_vorher" "$TMP/daten_nachher" "(b) every row and every sequence value survived the update ($(wc -l < "$TMP/daten_vorher") tables and sequences)"

# (c) the rules fire: the school may not jump its open case to angetreten (KA001), row unchanged;
#     the permitted identification still writes its row
vorher=$(q "$ALT" "SELECT status || '/' || coalesce(anschluss, '-') FROM kaoa.fall WHERE fall_id = 24")
state=$(sqlstate "$ALT" "SET ROLE up_schule; UPDATE kaoa.fall SET status = 'angetreten' WHERE fall_id = 24")
nachher=$(q "$ALT" "SELECT status || '/' || coalesce(anschluss, '-') FROM kaoa.fall WHERE fall_id = 24")
[ "$state" = KA001 ] && [ "$vorher" = "$nachher" ] && [ "$vorher" = "offen/-" ]
ok $? "(c) after the update a forbidden transition is refused (got '$state', case $vorher -> $nachher)"
geaendert=$(q "$ALT" "SET ROLE up_schule; UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'Nachmeldung'
                        WHERE fall_id = 24 RETURNING fall_id || ':' || status" | tail -1)
[ "$geaendert" = "24:ohne_anschluss" ]
ok $? "(c) after the update the school's identification changes exactly its case (got '$geaendert')"

# (b) the hand-offs of 0.1.0 still readable got their content: kaoa.uebergabe_daten answers as before
q "$ALT" "$lesbar" > "$TMP/inhalt_nachher"
[ "$(wc -l < "$TMP/inhalt_vorher")" -gt 0 ] && [ "$(q "$ALT" "SELECT count(*) FROM kaoa.uebergabe_inhalt")" = "$(wc -l < "$TMP/inhalt_vorher")" ]
ok $? "(b) every hand-off of 0.1.0 still readable got its content ($(wc -l < "$TMP/inhalt_vorher") hand-offs) …"
vergleich "$TMP/inhalt_vorher" "$TMP/inhalt_nachher" "(b) … and kaoa.uebergabe_daten returns what it returned before the update"

# (b) the consents of 0.1.0 name the organisation that recorded them (the school, from the log's
#     einwilligung events), so it keeps reading and revoking them
erfasst=$(q "$ALT" "SELECT count(*) FILTER (WHERE erfasst_von = 1) || '/' || count(*) FROM kaoa.einwilligung")
[ "$erfasst" = "8/8" ]
ok $? "(b) every consent of 0.1.0 names the organisation that recorded it, taken from the log (got $erfasst)"

# (d) roles registered under 0.1.0 against roles registered now, kind by kind
q "$ALT" "CREATE ROLE up_n_schule; CREATE ROLE up_n_agentur; CREATE ROLE up_n_koko; CREATE ROLE up_n_traeger;
          CREATE ROLE up_n_system; CREATE ROLE up_n_bi;
          SELECT kaoa.akteur_anlegen('up_n_schule', 1), kaoa.akteur_anlegen('up_n_agentur', 4),
                 kaoa.akteur_anlegen('up_n_koko', 7), kaoa.akteur_anlegen('up_n_traeger', 8),
                 kaoa.system_zugang('up_n_system'), kaoa.bi_zugang('up_n_bi', '05315')" > /dev/null
rechte() { # rechte DB ROLE: every privilege of ROLE on kaoa's objects, its settings and memberships
    q "$1" "WITH r AS (SELECT '$2'::regrole::oid AS oid)
        SELECT x FROM (
          SELECT 'relation ' || c.oid::regclass || ' ' || a.privilege_type || CASE WHEN a.is_grantable THEN '*' ELSE '' END AS x
            FROM pg_class c, aclexplode(c.relacl) a WHERE c.relnamespace = 'kaoa'::regnamespace AND a.grantee = (SELECT oid FROM r)
          UNION ALL
          SELECT 'column ' || c.oid::regclass || '.' || t.attname || ' ' || a.privilege_type
            FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid, aclexplode(t.attacl) a
           WHERE c.relnamespace = 'kaoa'::regnamespace AND a.grantee = (SELECT oid FROM r)
          UNION ALL
          SELECT 'function ' || p.oid::regprocedure || ' ' || a.privilege_type
            FROM pg_proc p, aclexplode(p.proacl) a WHERE p.pronamespace = 'kaoa'::regnamespace AND a.grantee = (SELECT oid FROM r)
          UNION ALL
          SELECT 'type ' || t.oid::regtype || ' ' || a.privilege_type
            FROM pg_type t, aclexplode(t.typacl) a WHERE t.typnamespace = 'kaoa'::regnamespace AND a.grantee = (SELECT oid FROM r)
          UNION ALL
          SELECT 'schema ' || n.nspname || ' ' || a.privilege_type
            FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'kaoa' AND a.grantee = (SELECT oid FROM r)
          UNION ALL
          SELECT 'setting ' || CASE WHEN s.setdatabase = 0 THEN 'all databases' ELSE 'this database' END || ' ' || c
            FROM pg_db_role_setting s, unnest(s.setconfig) c
           WHERE s.setrole = (SELECT oid FROM r) AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
          UNION ALL
          SELECT 'member of ' || m.roleid::regrole FROM pg_auth_members m WHERE m.member = (SELECT oid FROM r)
          UNION ALL
          SELECT 'akteur ' || coalesce(k.kommune, '-') || ' ' || coalesce(k.org_id::text, 'system') FROM kaoa.akteur k WHERE k.rolle = '$2'
        ) s ORDER BY x COLLATE \"C\""
}
gleich=0; beschreibung=""
for paar in up_schule:up_n_schule up_agentur:up_n_agentur up_koko:up_n_koko up_traeger:up_n_traeger \
            up_system:up_n_system up_bi:up_n_bi; do
    rechte "$ALT" "${paar%%:*}" > "$TMP/rechte_alt"; rechte "$ALT" "${paar##*:}" > "$TMP/rechte_neu"
    if ! diff -q "$TMP/rechte_alt" "$TMP/rechte_neu" > /dev/null || [ ! -s "$TMP/rechte_neu" ]; then
        gleich=1; echo "# ${paar%%:*} (0.1.0) against ${paar##*:} (now):"; diff "$TMP/rechte_alt" "$TMP/rechte_neu" | head -20 | sed 's/^/#   /'
    fi
    beschreibung+="${paar%%:*} $(wc -l < "$TMP/rechte_neu"), "
done
ok $gleich "(d) roles registered under 0.1.0 have exactly the rights of roles registered now (${beschreibung%, })"

# (e) pg_dump of the upgraded database restores into a fresh install (the recipe of docs/operations.md)
pg_dump -Fc -d "$ALT" -f "$TMP/alt.dump" 2> "$TMP/dump.err"
ok $? "(e) pg_dump of the upgraded database"
createdb "$WIEDER"
PGOPTIONS='-c session_replication_role=replica' pg_restore -d "$WIEDER" "$TMP/alt.dump" 2> "$TMP/restore.err"
status=$?
ok $status "(e) pg_restore into an empty database creates a fresh install and loads the rows"
[ $status -eq 0 ] || sed 's/^/# /' "$TMP/restore.err" | head -15
{ fingerprint "$ALT"; } > "$TMP/daten_alt"; { fingerprint "$WIEDER"; } > "$TMP/daten_wieder"
vergleich "$TMP/daten_alt" "$TMP/daten_wieder" "(e) the restored database has every row and sequence value"
katalog "$ALT" '^$' > "$TMP/katalog_alt_voll"; katalog "$WIEDER" '^$' > "$TMP/katalog_wieder_voll"
vergleich "$TMP/katalog_alt_voll" "$TMP/katalog_wieder_voll" "(e) the restored catalogue equals the upgraded one, grants to the roles included"

# negative control: the comparison sees a one-word change of a comment
q "$NEU" "COMMENT ON FUNCTION kaoa.passung(bigint, bigint) IS 'geändert'" > /dev/null
katalog "$NEU" '^up_' > "$TMP/katalog_neu_geaendert"
! diff -q "$TMP/katalog_neu" "$TMP/katalog_neu_geaendert" > /dev/null
ok $? "negative control: a changed comment makes the catalogues differ"

[ $failed -eq 0 ]
