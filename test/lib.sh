# test/lib.sh — helpers shared by the test runners (sourced, not run).
#
# Every suite reports "<suite>\t<passed>\t<failed>" into $KAOA_RESULTS/counts; test/run-tests.sh sums
# them and prints "N passed, M failed" last.

# record SUITE PASSED FAILED
record() {
    if [ -n "${KAOA_RESULTS:-}" ]; then printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$KAOA_RESULTS/counts"; fi
    printf '%-28s %5d passed, %d failed\n' "$1" "$2" "$3"
}

# tap_count FILE EXIT_STATUS -> prints "passed failed" for a TAP transcript.  A producer that
# exited non-zero without a single "not ok" (it died, or its plan did not match) counts as one
# failure, so a crash can never pass silently.
tap_count() {
    local file=$1 status=$2 passed failed
    passed=$(grep -cE '^[[:space:]]*ok [0-9]+' "$file")
    failed=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$file")
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    echo "$passed $failed"
}

# show_failures FILE: the failing TAP lines with their diagnostics, for the CI log.
show_failures() {
    grep -E -A8 '^[[:space:]]*not ok' "$1" | head -120 || true
}
