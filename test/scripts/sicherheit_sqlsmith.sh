#!/bin/bash
# TAP: random SQL (sqlsmith) against a loaded database, as the superuser and as a school's login
# role, for a bounded number of queries each.  Fails on a server crash (a backend terminated by a
# signal, or the postmaster restarted) and on any internal error (SQLSTATE XX000) raised by kaoa's
# code.  The server log is written with log_error_verbosity = verbose for this database, so every
# error carries its LOCATION (function, file:line); an XX000 whose file is one of kaoa's sources is
# kaoa's, any other is PostgreSQL's own and is listed, not failed.
#
# The database is a generated cohort with a school year played on it (test/scripts/lib/welt.sh).
# search_path includes kaoa, so sqlsmith finds kaoa's operators (kaoa.kldb <@ kaoa.kldb, ...).
# sqlsmith runs every statement in a transaction it rolls back, so the world stays as loaded.
# SQLSMITH_QUERIES (default 2500) per role; SQLSMITH_SEED (default 20) makes a run repeatable on
# the same world.  The server log is found with pg_lsclusters (pg_virtualenv) or given in
# KAOA_SERVER_LOG.  Runs inside the test cluster (PG* variables set, superuser).
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/scripts/lib/welt.sh
DB=kaoa_sicherheit_sqlsmith
N=${SQLSMITH_QUERIES:-2500}
SEED=${SQLSMITH_SEED:-20}
TMP=$(mktemp -d /tmp/kaoa_sqlsmith.XXXXXX)
n=0
failed=0
ok() {      # ok STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
cleanup() { welt_abbauen "$DB"; rm -rf "$TMP"; }
trap cleanup EXIT

if ! command -v sqlsmith > /dev/null; then
    echo "not ok 1 - sqlsmith is installed (Debian package sqlsmith)"; echo "1..1"; exit 1
fi
welt_anlegen "$DB" > "$TMP/welt.log" 2>&1
ok $? "the world: a generated cohort of two Kommunen, a school year played by the organisations' roles"
[ "$n" -eq "$failed" ] && { sed 's/^/# /' "$TMP/welt.log" | tail -20; echo "1..$n"; exit 1; }

port=$(psql -X -At -d "$DB" -c 'SHOW port')
log=${KAOA_SERVER_LOG:-$(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p {print $7}' | head -1)}
[ -n "$log" ] && [ -r "$log" ]
ok $? "the server log is readable (${log:-not found}; set KAOA_SERVER_LOG otherwise)"
psql -X -q -d "$DB" -c "ALTER DATABASE $DB SET log_error_verbosity = verbose"
start=$(psql -X -At -d "$DB" -c 'SELECT pg_postmaster_start_time()')
offset=$( [ -r "$log" ] && stat -c %s "$log" || echo 0)

# kaoa's source files: an XX000 raised in one of them is kaoa's
kaoa_quellen=$(find src -name '*.c' -printf '%f\n' | sort -u | paste -sd'|')

optionen="options='-c search_path=kaoa,public -c statement_timeout=2000'"
for wer in superuser sw_schule; do
    if [ "$wer" = superuser ]; then ziel="dbname=$DB $optionen"
    else ziel="host=${PGHOST:-localhost} port=$port dbname=$DB user=sw_schule password=$WELT_PASSWORT $optionen"; fi
    t0=$(date +%s)
    timeout 600 sqlsmith --target="$ziel" --max-queries="$N" --seed="$SEED" --exclude-catalog --verbose \
        > "$TMP/$wer.out" 2> "$TMP/$wer.err"
    status=$?
    t1=$(date +%s)
    queries=$(grep -oE 'queries: [0-9]+' "$TMP/$wer.err" | tail -1 | grep -oE '[0-9]+')
    rate=$(grep -oE 'error rate: [0-9.]+' "$TMP/$wer.err" | tail -1 | grep -oE '[0-9.]+')
    [ "$status" -eq 0 ] && [ "${queries:-0}" -ge "$N" ]
    ok $? "sqlsmith as $wer: ${queries:-0} of $N queries in $((t1 - t0)) s (error rate ${rate:-?}), exit $status"
    [ "$status" -eq 0 ] || tail -15 "$TMP/$wer.err" | sed 's/^/# /'
done

# the log of this run only
tail -c +"$((offset + 1))" "$log" > "$TMP/server.log" 2>/dev/null
crashes=$(grep -cE 'terminated by signal|was terminated by exception|all server processes terminated' "$TMP/server.log")
[ "$crashes" -eq 0 ] && [ "$(psql -X -At -d "$DB" -c 'SELECT pg_postmaster_start_time()')" = "$start" ]
ok $? "no backend crashed and the postmaster never restarted ($crashes crash lines in the server log)"
[ "$crashes" -eq 0 ] || grep -B2 -A2 -E 'terminated by signal' "$TMP/server.log" | head -30 | sed 's/^/# /'

# every XX000 with the LOCATION line that follows it
awk '/ERROR:  XX000:/ {m = $0; getline; print m " @ " $0}' "$TMP/server.log" > "$TMP/xx000"
grep -E "LOCATION: .*, ($kaoa_quellen):[0-9]+" "$TMP/xx000" > "$TMP/xx000_kaoa"
grep -vE "LOCATION: .*, ($kaoa_quellen):[0-9]+" "$TMP/xx000" > "$TMP/xx000_pg"
[ ! -s "$TMP/xx000_kaoa" ]
ok $? "no internal error (XX000) raised by kaoa's code ($(wc -l < "$TMP/xx000_kaoa") of $(wc -l < "$TMP/xx000") XX000 in the log are kaoa's)"
sed -E 's/^.*ERROR:  //' "$TMP/xx000_kaoa" | sort | uniq -c | sort -rn | head -20 | sed 's/^/# kaoa: /'
sed -E 's/^.*ERROR:  //' "$TMP/xx000_pg" | sort | uniq -c | sort -rn | head -5 | sed "s/^/# PostgreSQL's own (not failed): /"
echo "# SQLSTATEs of this run: $(grep -oE 'ERROR:  [0-9A-Z]{5}' "$TMP/server.log" | sort | uniq -c | sort -rn | head -12 | awk '{printf "%s %s, ", $3, $1}')"

echo "1..$n"
[ "$failed" -eq 0 ]
