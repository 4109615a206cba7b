#!/bin/bash
# Runs inside `pg_virtualenv -t` (PG* variables point at a throwaway cluster): pg_regress,
# isolation specs, pgTAP files (one transaction each, via pg_prove) and the scripted TAP tests in
# test/scripts/*.sh.  Each suite records its counts (see test/lib.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh

# took NAME SINCE: how long a suite took (the CI log is read for the time budget)
took() { echo "   ($1: $(( SECONDS - $2 )) s)"; }

# -- pg_regress: sql/*.sql against expected/*.out
out=$(mktemp)
t=$SECONDS
make -s installcheck-regress > "$out" 2>&1; status=$?
if grep -qE 'All [0-9]+ tests passed' "$out"; then
    n=$(grep -oE 'All [0-9]+ tests passed' "$out" | grep -oE '[0-9]+'); record "pg_regress" "$n" 0
elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$out"; then
    read -r f n < <(grep -oE '[0-9]+ of [0-9]+ tests failed' "$out" | awk '{print $1, $3}')
    record "pg_regress" $((n - f)) "$f"; cat "$out"; head -200 regression.diffs 2>/dev/null
else
    record "pg_regress" 0 1; cat "$out"
fi
took pg_regress $t

# -- isolation specs: test/isolation/specs/*.spec
if ls test/isolation/specs/*.spec > /dev/null 2>&1; then
    t=$SECONDS
    make -s installcheck-isolation > "$out" 2>&1
    if grep -qE 'All [0-9]+ tests passed' "$out"; then
        n=$(grep -oE 'All [0-9]+ tests passed' "$out" | grep -oE '[0-9]+'); record "isolation" "$n" 0
    elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$out"; then
        read -r f n < <(grep -oE '[0-9]+ of [0-9]+ tests failed' "$out" | awk '{print $1, $3}')
        record "isolation" $((n - f)) "$f"; cat "$out"; head -200 output_iso/regression.diffs 2>/dev/null
    else
        record "isolation" 0 1; cat "$out"
    fi
    took isolation $t
fi

# -- pgTAP: test/pgtap/*.sql, each file its own transaction in a database with pgtap installed
t=$SECONDS
createdb kaoa_tap && psql -q -d kaoa_tap -c 'CREATE EXTENSION pgtap' || true
passed=0; failed=0
for f in test/pgtap/*.sql; do
    [ -e "$f" ] || continue
    pg_prove -v -d kaoa_tap "$f" > "$out" 2>&1; status=$?
    read -r p fl < <(tap_count "$out" "$status")
    passed=$((passed + p)); failed=$((failed + fl))
    if [ "$fl" -ne 0 ]; then echo "--- $f"; show_failures "$out"; tail -15 "$out"; fi
done
record "pgTAP" "$passed" "$failed"
took pgTAP $t

# -- scripted TAP tests: test/scripts/*.sh (dump/restore, client program, ...)
passed=0; failed=0
for f in test/scripts/*.sh; do
    [ -e "$f" ] || continue
    t=$SECONDS
    bash "$f" > "$out" 2>&1; status=$?
    took "$(basename "$f")" $t
    read -r p fl < <(tap_count "$out" "$status")
    passed=$((passed + p)); failed=$((failed + fl))
    if [ "$fl" -ne 0 ]; then echo "--- $f (exit $status)"; show_failures "$out"; tail -25 "$out"; fi
done
if ls test/scripts/*.sh > /dev/null 2>&1; then record "scripts" "$passed" "$failed"; fi
rm -f "$out"
