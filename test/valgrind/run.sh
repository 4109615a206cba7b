#!/bin/bash
# test/valgrind/run.sh (`make valgrind`, after `make install`; needs root and valgrind):
# the pg_regress suite (sql/, expected/) and the pgTAP suites (test/pgtap/) against a PostgreSQL
# server that runs, with every backend it forks, under valgrind's memcheck, with the suppressions of
# test/valgrind/postgresql.supp.  Prints the suites' counts, then every memcheck error (those with
# kaoa.so in their stack first) and, last, "N passed, M failed" where the memcheck error count is
# one of the checks (the goal is 0).
#
# What it can and cannot catch (the packaged server is not built with USE_VALGRIND, so memcheck
# does not know palloc's chunks): see docs/operations.md, "valgrind".
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/cluster.sh
export LANG=C.UTF-8 LC_ALL=C.UTF-8
supp=$(pwd)/test/valgrind/postgresql.supp
out=${VALGRIND_OUT:-$(pwd)/build/valgrind}
rm -rf "$out"; mkdir -p "$out"; chmod 0777 "$out"
passed=0; failed=0
check() { if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "ok - $2"; else failed=$((failed + 1)); echo "not ok - $2"; fi; }
start=$SECONDS

cluster_init vg || exit 1
# one backend at a time does the work; fewer helper processes, no JIT, no parallel workers
cluster_conf vg "max_connections = 20" "shared_buffers = 32MB" "autovacuum = off" "jit = off" \
    "max_parallel_workers_per_gather = 0" "max_worker_processes = 4"
runuser -u postgres -- bash -c "cd / && exec valgrind --tool=memcheck --trace-children=yes --error-limit=no \
    --num-callers=30 --read-var-info=no --leak-check=no --track-origins=no --suppressions='$supp' \
    --gen-suppressions=all --log-file='$out/vg.%p.log' \
    '$PG_BIN/postgres' -D '$(cluster_dir vg)' > '$out/server.log' 2>&1" &
for i in $(seq 1 600); do
    PGHOST=$(cluster_sock vg) PGPORT=$(cluster_port vg) pg_isready -q && break
    sleep 1
done
PGHOST=$(cluster_sock vg) PGPORT=$(cluster_port vg) pg_isready -q
check $? "the server starts under valgrind ($((SECONDS - start)) s)" || exit 1
export PGHOST=$(cluster_sock vg) PGPORT=$(cluster_port vg) PGUSER=postgres PGPASSWORD= PGDATABASE=postgres

t=$SECONDS
make -s installcheck-regress > "$out/regress.out" 2>&1
if grep -qE 'All [0-9]+ tests passed' "$out/regress.out"; then
    check 0 "pg_regress under valgrind: $(grep -oE 'All [0-9]+ tests passed' "$out/regress.out") ($((SECONDS - t)) s)"
else
    check 1 "pg_regress under valgrind ($((SECONDS - t)) s)"; tail -20 "$out/regress.out"; head -100 regression.diffs 2>/dev/null
fi

t=$SECONDS
createdb kaoa_tap && psql -X -q -d kaoa_tap -c 'CREATE EXTENSION pgtap' > /dev/null
p=0; f=0
for file in test/pgtap/*.sql; do
    pg_prove -d kaoa_tap "$file" > "$out/pgtap.$(basename "$file").out" 2>&1 && p=$((p + 1)) || {
        f=$((f + 1)); echo "# $file:"; tail -8 "$out/pgtap.$(basename "$file").out" | sed 's/^/#   /'; }
done
check "$f" "pgTAP under valgrind: $p files passed, $f failed ($((SECONDS - t)) s)"

runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$(cluster_dir vg)" -m fast -w -t 600 stop > /dev/null
wait
# every process's own summary, and the errors themselves
fehler=$(cat "$out"/vg.*.log | sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' | awk '{s += $1} END {print s + 0}')
prozesse=$(ls "$out"/vg.*.log | wc -l)
kaoa=$(grep -l 'kaoa\.so' "$out"/vg.*.log 2>/dev/null | wc -l)
echo "# memcheck: $fehler errors in $prozesse processes ($kaoa logs with kaoa.so in an error's stack); logs in $out"
if [ "$fehler" -gt 0 ]; then
    for log in $(grep -l 'kaoa\.so' "$out"/vg.*.log) $(grep -L 'kaoa\.so' "$out"/vg.*.log); do
        grep -q 'ERROR SUMMARY: [1-9]' "$log" || continue
        echo "# --- $log"; sed -n '/^==[0-9]*== [A-Z][a-z].*\(Invalid\|uninitialised\|Conditional\|Syscall\|Mismatched\|overlap\)/,/^==[0-9]*== $/p' "$log" | head -60 | sed 's/^/#   /'
    done
fi
check "$fehler" "no memcheck error (suppressions: test/valgrind/postgresql.supp)"
echo "# valgrind run: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
