#!/bin/bash
# The one test command (`make test`, README): builds and installs kaoa, checks the shape of the
# source tree (test/layout.py), runs the C unit tests under sanitizers and the fuzz corpus replay,
# then starts a throwaway cluster (pg_virtualenv -t) and runs every database suite in it
# (pg_regress, isolation, pgTAP, scripted TAP tests).  The last line is
# "N passed, M failed", summed over every suite.  Needs root (make install, pg_virtualenv).
set -uo pipefail
cd "$(dirname "$0")/.."
. test/lib.sh
export LANG=C.UTF-8 LC_ALL=C.UTF-8
KAOA_RESULTS=$(mktemp -d /tmp/kaoa-results.XXXXXX)
export KAOA_RESULTS
trap 'rm -rf "$KAOA_RESULTS"' EXIT
makeflags=(-s ${WERROR:+WERROR=1})

summary() {
    awk -F'\t' '{p += $2; f += $3} END {printf "%d passed, %d failed\n", p, f}' "$KAOA_RESULTS/counts"
}

echo "== build and install"
if make "${makeflags[@]}" all && make "${makeflags[@]}" install > /dev/null; then
    record "build + install" 1 0
else
    record "build + install" 0 1
    summary; exit 1
fi

echo "== source layout (include and call graph, kaoa.so without the generator)"
out=$(mktemp)
/usr/bin/python3 test/layout.py > "$out" 2>&1; status=$?
read -r p f < <(tap_count "$out" "$status")
record "layout" "$p" "$f"
if [ "$f" -ne 0 ]; then show_failures "$out"; tail -5 "$out"; fi
rm -f "$out"

echo "== C unit tests (ASan + UBSan)"
make "${makeflags[@]}" unit-build > /dev/null && make -s unit || true
grep -q '^unit' "$KAOA_RESULTS/counts" || record "unit (ASan+UBSan)" 0 1

echo "== fuzz corpus replay"
make "${makeflags[@]}" fuzz-regress || true
grep -q '^fuzz' "$KAOA_RESULTS/counts" || record "fuzz corpus replay" 0 1

echo "== database suites (throwaway cluster)"
pg_virtualenv -t test/run-db-suites.sh || true
# run-db-suites.sh records pg_regress first; without it the cluster never came up.
grep -qP '^pg_regress\t' "$KAOA_RESULTS/counts" || record "cluster start" 0 1

echo "=="
summary
awk -F'\t' '{f += $3} END {exit f > 0}' "$KAOA_RESULTS/counts"
