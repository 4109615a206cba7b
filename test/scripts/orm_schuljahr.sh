#!/bin/bash
# ORMs as the frontends use them (docs/kette.md#orms): Django (Debian's python3-django, whose
# Model.save() writes every column) and SQLAlchemy (python3-sqlalchemy, an ORM session made to write
# full rows) each play a school year through the organisations' LOGIN roles — the school registers a
# leaver (person, identity, case) and identifies them (ohne_anschluss, with a grund outside the
# window), hands the case on to the Agentur (kaoa.uebergeben through the ORM's connection), the
# Agentur accepts and records the Anschluss (anschluss_gesichert, dual_betrieblich).  Every change
# goes through Model.save() / session.commit() as a full-row UPDATE that repeats the fixed columns;
# kaoa's refusals reach the program as the ORM's exceptions carrying the SQLSTATE, and the row is
# checked unchanged (as the superuser) after each.  Prints TAP; runs inside the test cluster (PG*
# variables set); uses its own database and login roles.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_orm
rollen="orm_dj_schule orm_dj_agentur orm_sa_schule orm_sa_agentur"
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
}
trap cleanup EXIT
cleanup
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

# Köln, no kaoa.fristen row (identification needs a grund); per ORM a school and an Agentur, each with
# a LOGIN role registered with kaoa.akteur_anlegen; one Betrieb that takes the leavers on
sql "CREATE EXTENSION kaoa" > /dev/null
sql "INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05315', 'Köln', 3);
     INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
         ('05315', 'schule', 'Gesamtschule Django', '187601', 'GE'), ('05315', 'agentur', 'Agentur Django', 'AA-DJ', NULL),
         ('05315', 'schule', 'Gesamtschule SQLAlchemy', '187602', 'GE'), ('05315', 'agentur', 'Agentur SQLAlchemy', 'AA-SA', NULL),
         ('05315', 'betrieb', 'Elektro Müller', 'B-1', NULL)" > /dev/null
org() { sql "SELECT org_id FROM kaoa.organisation WHERE schluessel = '$1'"; }
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'orm'" > /dev/null; done
sql "SELECT kaoa.akteur_anlegen('orm_dj_schule', $(org 187601)), kaoa.akteur_anlegen('orm_dj_agentur', $(org AA-DJ)),
            kaoa.akteur_anlegen('orm_sa_schule', $(org 187602)), kaoa.akteur_anlegen('orm_sa_agentur', $(org AA-SA))" > /dev/null

export KAOA_ORM_DB=$db KAOA_ORM_PASSWORT=orm
export KAOA_ORM_BETRIEB=$(org B-1)
for orm in django sqlalchemy; do
    schule=$(org $([ $orm = django ] && echo 187601 || echo 187602))
    agentur=$(org $([ $orm = django ] && echo AA-DJ || echo AA-SA))
    kurz=$([ $orm = django ] && echo dj || echo sa)
    t_run env KAOA_ORM_SCHULE_ORG="$schule" KAOA_ORM_AGENTUR_ORG="$agentur" \
        KAOA_ORM_SCHULE="orm_${kurz}_schule" KAOA_ORM_AGENTUR="orm_${kurz}_agentur" \
        /usr/bin/python3 test/scripts/lib/orm_schuljahr.py "$orm"
    # the Python program prints "ok"/"not ok" lines of its own; count them into this script's plan
    while IFS= read -r zeile; do
        case $zeile in
            "ok "*) t_result 0 "$orm: ${zeile#ok - }" ;;
            "not ok "*) t_result 1 "$orm: ${zeile#not ok - }" ;;
            *) echo "# $zeile" ;;
        esac
    done <<< "$out"
    t_is "$rc" 0 "$orm: the program ran to its end (exit 0)"
    [ "$rc" -ne 0 ] && printf '# %s\n' "$err" | head -40
done
t_done
