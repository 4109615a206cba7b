#!/bin/bash
# make bench: builds and installs kaoa, starts a throwaway cluster tuned for bulk work, and runs
# every bench/bench_*.sh in it (or only those named: bench/run.sh kette match).  Each benchmark
# measures its baseline in the same run and prints its figures as a table with ratios; nothing here
# passes or fails on time.  Needs root, like make test.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
make -s all && make -s install > /dev/null || { echo "build failed"; exit 1; }
if [ $# -gt 0 ]; then
    scripts=(); for n in "$@"; do scripts+=("bench/bench_$n.sh"); done
else
    scripts=(bench/bench_*.sh)
fi
export KAOA_BENCH_SCRIPTS="${scripts[*]}"
mkdir -p bench/out
pg_virtualenv -t \
    -o 'shared_buffers=2GB' -o 'work_mem=256MB' -o 'maintenance_work_mem=1GB' \
    -o 'max_wal_size=8GB' -o 'checkpoint_timeout=30min' -o 'synchronous_commit=off' \
    -o 'max_connections=200' \
    bash -c '
        for s in $KAOA_BENCH_SCRIPTS; do
            [ -e "$s" ] || { echo "no benchmark $s"; continue; }
            echo; echo "=== $s"; bash "$s" 2>&1 | tee "bench/out/$(basename "$s" .sh).txt"
        done'
