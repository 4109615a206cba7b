#!/bin/bash
# Runs the C unit test binaries (built with ASan + UBSan) and records their TAP counts.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
total_p=0; total_f=0
log=$(mktemp)
for bin in "$@"; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 "$bin" > "$log" 2>&1
    status=$?
    read -r p f < <(tap_count "$log" "$status")
    total_p=$((total_p + p)); total_f=$((total_f + f))
    if [ "$f" -ne 0 ]; then echo "--- $bin (exit $status)"; show_failures "$log"; tail -30 "$log"; fi
done
rm -f "$log"
record "unit (ASan+UBSan)" "$total_p" "$total_f"
[ "$total_f" -eq 0 ]
