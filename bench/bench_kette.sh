#!/bin/bash
# bench_kette.sh — the hand-off cycle of the Verantwortungskette under pgbench, run by
# bench/run.sh inside a throwaway cluster (PG* variables set, superuser).
#
# One cycle = offer (holder X → Y under § 69 SGB X), accept (Y), status change (Y: in_beratung →
# nicht_erreichbar), contact attempt (Y), on 10,000 cases that start nicht_erreichbar at the
# Agentur with three failed attempts, so the cycle can repeat forever: the acceptance moves the
# case back to in_beratung, and X and Y swap roles every round.  Each client walks its own slice of
# the cases in order (pgbench client variables), so no two clients touch one case.
#
#   rules   the API and plain SQL as the organisations' roles (SET ROLE via set_config): C rule
#           and log triggers, row-level security, owner-privileged look-ups, the event log
#   bare    the same session, the same role switches and the same data changes as plain DML,
#           with kaoa's rule and log triggers disabled (ALTER TABLE … DISABLE TRIGGER USER; the
#           foreign keys stay on) and row-level security off, the roles granted the writes
#           directly: INSERT the hand-off, UPDATE it accepted, UPDATE the case's holder and
#           status, UPDATE the status, INSERT the attempt.  What PostgreSQL alone costs.
#
# One session plays both organisations (SELECT set_config('role', …) before each organisation's
# step); a frontend would use one connection per organisation, so the switches are the same in
# both variants and are not counted as kaoa's cost.
#
# Prints cycles per second for each and the ratios.  CLIENTS (default 4: on 2 cores, 4 clients keep both busy while others wait on the network) and BENCH_SECONDS (default 15).
set -uo pipefail
DB=kaoa_bench_kette
FAELLE=10000
CLIENTS=${CLIENTS:-4}
SECONDS_RUN=${BENCH_SECONDS:-15}
PRO_CLIENT=$((FAELLE / CLIENTS))
work=$(mktemp -d /tmp/kaoa-bench-kette.XXXXXX)
trap 'rm -rf "$work"; dropdb --if-exists "$DB" 2>/dev/null' EXIT

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# A fresh database with 10,000 cases in the cycle's starting state (loaded with the rules off, as a
# restore would load them).
aufsetzen() {
    dropdb --if-exists "$DB" 2>/dev/null
    createdb "$DB" || exit 1
    psql_q -d "$DB" > /dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_org_2') THEN CREATE ROLE bench_org_2; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_org_3') THEN CREATE ROLE bench_org_3; END IF;
END \$\$;
CREATE EXTENSION kaoa;
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05315', 'Köln');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule', 'Gesamtschule', 'S1', 'GE'),     -- org 1
    ('05315', 'agentur', 'Agentur', 'AA', NULL),         -- org 2
    ('05315', 'jobcenter', 'Jobcenter', 'JC', NULL);     -- org 3
SELECT kaoa.akteur_anlegen('bench_org_2', 2), kaoa.akteur_anlegen('bench_org_3', 3);
SET session_replication_role = replica;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
SELECT '05315', 'B-' || i, '2009-01-01' FROM generate_series(1, $FAELLE) i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org)
SELECT '05315', person_id, 2025, 1, 'nicht_erreichbar', 2 FROM kaoa.person ORDER BY person_id;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich)
SELECT '05315', fall_id, 2, 'telefon', false FROM kaoa.fall, generate_series(1, 3);
-- each case came from its school to the Agentur: a year's history, so the tables are not empty
-- when the statements are first planned
INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, gesendet_am, faellig_am, uebernommen_am)
SELECT '05315', fall_id, 1, 2, 'schuldueg_1_1', now() - interval '60 days', current_date - 50, now() - interval '55 days'
  FROM kaoa.fall;
INSERT INTO kaoa.ereignis (kommune, fall_id, org_id, rolle, art, details)
SELECT '05315', fall_id, 2, 'bench_org_2', 'uebernahme', jsonb_build_object('uebergabe_id', fall_id) FROM kaoa.fall;
RESET session_replication_role;
VACUUM ANALYZE;
SQL
}

# The baseline: kaoa's triggers and row-level security off, the roles may write directly.
regeln_aus() {
    psql_q -d "$DB" > /dev/null <<'SQL'
ALTER TABLE kaoa.fall DISABLE TRIGGER USER, DISABLE ROW LEVEL SECURITY;
ALTER TABLE kaoa.uebergabe DISABLE TRIGGER USER, DISABLE ROW LEVEL SECURITY;
ALTER TABLE kaoa.kontaktversuch DISABLE TRIGGER USER, DISABLE ROW LEVEL SECURITY;
ALTER TABLE kaoa.ereignis DISABLE TRIGGER USER;
GRANT INSERT, UPDATE ON kaoa.uebergabe TO bench_org_2, bench_org_3;
SQL
}

# pgbench walks the client's slice: case f in round r (X holds it in even rounds … the Agentur
# first), then the next case.
cat > "$work/kopf.sql" <<'SQL'
\set k :n % :pro
\set f :client_id * :pro + :k + 1
\set r (:n / :pro) % 2
\set x 2 + :r
\set y 3 - :r
\set n :n + 1
SQL
{ cat "$work/kopf.sql"; cat <<'SQL'
SELECT set_config('role', 'bench_org_' || :x, false);
SELECT kaoa.uebergeben(:f, :y, 'sgb10_69') AS u \gset
SELECT set_config('role', 'bench_org_' || :y, false);
SELECT kaoa.uebernehmen(:u);
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = :f;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05315', :f, 'telefon', false);
SQL
} > "$work/regeln.sql"
{ cat "$work/kopf.sql"; cat <<'SQL'
SELECT set_config('role', 'bench_org_' || :x, false);
INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, gesendet_am, faellig_am)
VALUES ('05315', :f, :x, :y, 'sgb10_69', now(), current_date + 10) RETURNING uebergabe_id AS u \gset
SELECT set_config('role', 'bench_org_' || :y, false);
UPDATE kaoa.uebergabe SET uebernommen_am = now() WHERE kommune = '05315' AND uebergabe_id = :u;
UPDATE kaoa.fall SET zustaendig_org = :y, status = 'in_beratung' WHERE kommune = '05315' AND fall_id = :f;
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE kommune = '05315' AND fall_id = :f;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, org_id, kanal, erfolgreich) VALUES ('05315', :f, :y, 'telefon', false);
SQL
} > "$work/blank.sql"

# lauf NAME SCRIPT: cycles per second (pgbench's tps without connection time)
lauf() {
    pgbench -n -M prepared -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_RUN" ${PGBENCH_EXTRA:-} -D n=0 -D pro="$PRO_CLIENT" \
        -f "$2" "$DB" > "$work/$1.out" 2>&1; [ -n "${PGBENCH_EXTRA:-}" ] && cat "$work/$1.out" >&2
    if ! grep -q '^tps' "$work/$1.out" || grep -q 'aborted' "$work/$1.out"; then
        echo "pgbench $1 failed:" >&2; cat "$work/$1.out" >&2; echo 0; return
    fi
    sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/$1.out" | head -1
}

aufsetzen
regeln=$(lauf regeln "$work/regeln.sql")
# the cases really went round: every cycle logged its steps and nothing else changed
pruefung=$(psql -X -At -d "$DB" -c "SELECT count(*) FILTER (WHERE art = 'uebergabe') || ' hand-offs, '
                                      || count(*) FILTER (WHERE art = 'status') || ' status changes logged, '
                                      || (SELECT count(*) FROM kaoa.fall WHERE zustaendig_org IS NULL) || ' cases without holder'
                                      FROM kaoa.ereignis")
aufsetzen
regeln_aus
blank=$(lauf blank "$work/blank.sql")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo
echo "Hand-off cycle on $FAELLE cases, $CLIENTS clients, ${SECONDS_RUN}s each (offer, accept, status change, contact attempt)"
printf '%-58s %12s\n' "variant" "cycles/s"
printf '%-58s %12.0f\n' "rules on (API + C triggers + RLS, as the organisations)" "$regeln"
printf '%-58s %12.0f\n' "bare DML, kaoa's triggers and RLS off (baseline)" "$blank"
printf '%-58s %12s\n' "slowdown by the rules (bare / rules on)" "$(ratio "$blank" "$regeln")x"
printf '%-58s %12s\n' "targets: rules on >= 2000 cycles/s, slowdown <= 1.5x" ""
echo "check after the rules run: $pruefung"
