# test/scripts/lib/welt.sh — a loaded database for the security sweeps (sourced, not run).
#
#   welt_anlegen DB     creates DB with kaoa, imports a generated cohort of two Kommunen
#                       (kaoa generate | kaoa import) and plays a school year on it as the
#                       organisations' own roles (test/scripts/lib/welt.sql): after it every kaoa
#                       table holds rows, and the roles below act in the first Kommune
#   welt_abbauen DB     drops DB and the roles
#
# Roles (cluster-wide, so their names carry the prefix sw_): one per organisation type, made with
# kaoa.akteur_anlegen — sw_schule sw_berufskolleg sw_agentur sw_jobcenter sw_jugendamt sw_jba
# sw_koko sw_kammer sw_traeger sw_betrieb —, sw_schule_fremd (a school of the second Kommune),
# sw_system (kaoa.system_zugang) and sw_bi (kaoa.bi_zugang).  sw_schule may log in with the
# password in $WELT_PASSWORT (for programs that need a conninfo, such as sqlsmith).
WELT_ROLLEN="sw_schule sw_berufskolleg sw_agentur sw_jobcenter sw_jugendamt sw_jba sw_koko sw_kammer
             sw_traeger sw_betrieb sw_schule_fremd sw_system sw_bi"
WELT_PASSWORT=${WELT_PASSWORT:-sw-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')}
WELT_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

welt_abbauen() {
    dropdb --if-exists "$1" 2>/dev/null
    local r
    for r in $WELT_ROLLEN; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" 2>/dev/null; done
    return 0
}

welt_anlegen() {
    local db=$1 kaoa=${KAOA:-$(pg_config --bindir)/kaoa} r
    welt_abbauen "$db"
    createdb "$db" || return 1
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION kaoa' || return 1
    for r in $WELT_ROLLEN; do psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE $r" || return 1; done
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "ALTER ROLE sw_schule LOGIN PASSWORD '$WELT_PASSWORT'" || return 1
    local rej; rej=$(mktemp /tmp/welt_rejects.XXXXXX)
    "$kaoa" generate --seed 11 --kommunen 2 --personen 400 --angebote 120 \
        | "$kaoa" import /dev/stdin --rejects "$rej" --quiet -d "$db" || { rm -f "$rej"; return 1; }
    rm -f "$rej"
    psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$WELT_LIB/welt.sql" > /dev/null || return 1
}
