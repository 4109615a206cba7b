# test/scripts/lib/tap.sh — TAP helpers for the scripted client tests (sourced, not run; the runner
# only runs test/scripts/*.sh).
#
#   t_ok DESC CMD...          passes when CMD exits 0
#   t_is GOT WANT DESC        passes when the strings are equal (shows both otherwise)
#   t_like TEXT REGEX DESC    passes when TEXT matches the extended regex
#   t_run CMD...              runs CMD, keeps its exit status in $rc, stdout in $out, stderr in $err
#   t_done                    prints the plan; exit status 1 when anything failed
t_n=0
t_failed=0
KAOA=${KAOA:-$(pg_config --bindir)/kaoa}
export LANG=C.UTF-8 LC_ALL=C.UTF-8

t_result() {
    t_n=$((t_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $t_n - $2"; else echo "not ok $t_n - $2"; t_failed=$((t_failed + 1)); fi
}
t_ok() {
    local desc=$1; shift
    "$@" > /dev/null 2>&1; t_result $? "$desc"
}
t_is() {
    if [ "$1" == "$2" ]; then t_result 0 "$3"; else
        t_result 1 "$3"
        printf '#   got:  %s\n' "$(printf '%s' "$1" | head -c 2000 | sed '2,$s/^/#         /')"
        printf '#   want: %s\n' "$(printf '%s' "$2" | head -c 2000 | sed '2,$s/^/#         /')"
    fi
}
t_like() {
    if printf '%s' "$1" | grep -Eq -- "$2"; then t_result 0 "$3"; else
        t_result 1 "$3"
        printf '#   text: %s\n#   does not match: %s\n' "$(printf '%s' "$1" | head -c 2000)" "$2"
    fi
}
t_run() {
    local o e
    o=$(mktemp); e=$(mktemp)
    "$@" > "$o" 2> "$e"; rc=$?
    out=$(cat "$o"); err=$(cat "$e")
    rm -f "$o" "$e"
}
t_done() {
    echo "1..$t_n"
    [ "$t_failed" -eq 0 ]
}
