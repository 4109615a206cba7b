#!/bin/bash
# test/fuzz/run.sh SECONDS BIN...
#   SECONDS = 0: replay every committed seed and past finding in test/fuzz/corpus/<name>/ once
#                (a regression suite, part of `make test`; one pass or failure per target);
#   SECONDS > 0: fuzz each target that long, growing build/fuzz/corpus/<name>; a crash leaves its
#                input in build/fuzz/artifacts/ -- fix it and commit the input to the corpus.
#   A dictionary test/fuzz/<name>.dict (libFuzzer format), when present, is passed with -dict.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
seconds=$1; shift
passed=0; failed=0
for bin in "$@"; do
    name=$(basename "$bin"); name=${name#fuzz_}
    seeds="$here/corpus/$name"
    mkdir -p "$seeds"
    if [ "$seconds" -eq 0 ]; then
        files=$(find "$seeds" -type f | sort)
        if [ -z "$files" ]; then echo "no seeds for $name"; failed=$((failed + 1)); continue; fi
        n=$(echo "$files" | wc -l)
        # one result per target (all its seeds replayed), not one per seed file
        if echo "$files" | xargs "$bin" > /tmp/fuzz-$name.log 2>&1; then
            passed=$((passed + 1)); echo "  $name: $n seeds replayed"
        else
            failed=$((failed + 1)); echo "--- replay of $name failed"; tail -40 /tmp/fuzz-$name.log
        fi
    else
        work="build/fuzz/corpus/$name"; art="build/fuzz/artifacts"
        mkdir -p "$work" "$art"
        dict=(); [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
        echo "fuzzing $name for ${seconds}s"
        if "$bin" -max_total_time="$seconds" -artifact_prefix="$art/$name-" -print_final_stats=1 "${dict[@]}" \
               "$work" "$seeds" > "build/fuzz/$name.log" 2>&1; then
            passed=$((passed + 1))
            grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "build/fuzz/$name.log" | sed "s/^/  $name /"
            grep -E 'cov: [0-9]+' "build/fuzz/$name.log" | tail -1 | sed "s/^/  $name /"
        else
            failed=$((failed + 1)); echo "--- $name found a problem:"; tail -40 "build/fuzz/$name.log"
        fi
    fi
done
if [ "$seconds" -eq 0 ]; then record "fuzz corpus replay" "$passed" "$failed"; else record "fuzz (${seconds}s each)" "$passed" "$failed"; fi
[ "$failed" -eq 0 ]
