#!/bin/bash
# Progress of long work (issue 13 part 5): `kaoa import` and `kaoa export` show one line on
# standard error, rewritten in place (lines or rows, rate, estimated time left), when standard
# error is a terminal; nothing when it is not, nothing with --quiet.  The terminal is a pseudo-
# terminal made by script(1) (util-linux); standard output goes to a file, so what the terminal
# shows is standard error alone.  Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d)
db=kaoa_fortschritt
cleanup() { dropdb --if-exists "$db" > /dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
createdb "$db" && psql -XqAt -d "$db" -c 'CREATE EXTENSION kaoa' || { echo "not ok 1 - createdb $db"; exit 1; }
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }
# auf_terminal FILE CMD: runs CMD (a shell command line) with a pseudo-terminal as its standard
# error (and input); what the terminal showed goes to FILE, carriage returns as \r
auf_terminal() { local f=$1; shift; script -qec "$*" /dev/null > "$f" 2>&1; }
# the progress lines a terminal output holds: the pieces between carriage returns, escapes removed
zeilen() { tr '\r' '\n' < "$1" | sed 's/\x1b\[K//g' | grep -v '^$'; }

"$KAOA" generate --seed 3 --kommune 05566 --personen 3000 --angebote 1000 > "$tmp/k.jsonl"
n=$(wc -l < "$tmp/k.jsonl")

# ---------------------------------------------------------------- kaoa import
auf_terminal "$tmp/tty.txt" "$KAOA import $tmp/k.jsonl -d $db --batch-size 500"
t_ok "on a terminal the import rewrites a line in place (carriage returns on standard error)" grep -q $'\r' "$tmp/tty.txt"
t_like "$(zeilen "$tmp/tty.txt")" "reading +\[[#.]+\] +[0-9]+% [0-9]+ lines, [0-9]+/s" "... while reading: the bar by bytes read, the lines read, the rate"
t_like "$(zeilen "$tmp/tty.txt")" "applying \[[#.]+\] +[0-9]+% [0-9]+/$((n)) lines, [0-9]+/s, [0-9]+:[0-9][0-9] left, 0 rejected" \
    "... while applying: lines done of all, the rate, the estimated time left, the rejects"
t_ok "... more than once while applying (ranges of 500 lines)" \
    test "$(zeilen "$tmp/tty.txt" | grep -c '^applying')" -ge 2
t_like "$(zeilen "$tmp/tty.txt" | tail -1)" "^kaoa import: $tmp/k.jsonl: $n lines: $n new, 0 changed, 0 unchanged, 0 rejected$" \
    "... and the line is erased before the summary, which stands alone"
t_is "$(q "SELECT count(*) FROM kaoa.person")" 3000 "... and the import itself is the same"

"$KAOA" import "$tmp/k.jsonl" -d "$db" > "$tmp/out.txt" 2> "$tmp/err.txt"
t_is "$(cat "$tmp/out.txt")|$(cat "$tmp/err.txt")" "|kaoa import: $tmp/k.jsonl: $n lines: 0 new, 0 changed, $n unchanged, 0 rejected" \
    "standard error not a terminal: no progress line, only the summary"

auf_terminal "$tmp/tty.txt" "$KAOA import $tmp/k.jsonl -d $db --quiet"
t_is "$(cat "$tmp/tty.txt")" "" "--quiet on a terminal: no progress line and no summary"

auf_terminal "$tmp/tty.txt" "stty cols 50; $KAOA import $tmp/k.jsonl -d $db"
t_is "$(zeilen "$tmp/tty.txt" | grep -v '^kaoa import:' | awk 'length > 49' | head -3)" "" \
    "on a terminal 50 columns wide no progress line is longer than 49 characters (it never wraps)"

# ---------------------------------------------------------------- kaoa export
auf_terminal "$tmp/tty.txt" "$KAOA export v_organisation -d $db > $tmp/export.jsonl"
t_ok "on a terminal the export rewrites a line in place" grep -q $'\r' "$tmp/tty.txt"
t_like "$(zeilen "$tmp/tty.txt")" "exporting \[[#.]+\] +[0-9]+% [0-9]+/~[0-9]+ rows, [0-9]+/s, ~[0-9]+:[0-9][0-9] left" \
    "... rows written of the planner's estimate, the rate, the time left (both marked as estimates)"
t_is "$(wc -l < "$tmp/export.jsonl"):$(q "SELECT count(*) FROM kaoa.v_organisation")" \
    "$(q "SELECT count(*) FROM kaoa.v_organisation"):$(q "SELECT count(*) FROM kaoa.v_organisation")" \
    "... standard output holds the rows and nothing of the progress"
t_is "$(zeilen "$tmp/tty.txt" | grep -cv '^exporting')" 0 "... and once done the line is erased: nothing else on the terminal"

auf_terminal "$tmp/tty.txt" "$KAOA export v_organisation --format csv -d $db > $tmp/export.csv"
t_like "$(zeilen "$tmp/tty.txt")" "exporting .* $(q "SELECT count(*) FROM kaoa.v_organisation")/~?[0-9]+ rows" \
    "CSV: the progress counts rows, not the header line"

"$KAOA" export v_organisation -d "$db" > "$tmp/export.jsonl" 2> "$tmp/err.txt"
t_is "$(cat "$tmp/err.txt")" "" "standard error not a terminal: the export writes nothing there"

auf_terminal "$tmp/tty.txt" "$KAOA export v_organisation -d $db -q > $tmp/export.jsonl"
t_is "$(cat "$tmp/tty.txt"):$(wc -l < "$tmp/export.jsonl")" ":$(q "SELECT count(*) FROM kaoa.v_organisation")" \
    "--quiet on a terminal: no progress line, the rows as before"
t_done
