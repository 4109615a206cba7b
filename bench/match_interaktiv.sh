#!/bin/bash
# bench/match_interaktiv.sh — the interactive figures of the matching benchmark (issue 15),
# sourced by bench/bench_match.sh.  One call per transaction, as a counsellor's frontend makes
# it, driven by pgbench (per-transaction latencies logged, percentiles taken here):
#
#   kalt   one kaoa.top_angebote / kaoa.top_bewerber per transaction (autocommit), 1 session;
#          the first call of a session reads what the session keeps: it is left out (and shown
#          apart: "first call"), and so is every call that began before the last session's first
#          call ended (steady state)
#   warm   20 calls in one transaction: the latency of a call once everything is read
#   sql    the same question in plain SQL: every offer (applicant) ordered by kaoa.passung
#   formel the same in plain SQL with the formula itself (bench.passung_person_sql)
#   20     kalt with 20 sessions at once (pgbench -c 20 -j 2), each asking again at once (closed loop:
#          on a machine with fewer cores than sessions the calls queue for the CPUs)
#   20r    kalt with 20 sessions that ask 5 times a second each (pgbench -R 100, paced: latency from
#          the scheduled start)
#   1r     kalt with one session asking 5 times a second (pgbench -R 5): the baseline of 20r, with
#          the same wait for pgbench's timer in it
#
# interaktiv DB NAME PERSONEN ANGEBOTE SEKUNDEN sets i_<name>_<was>_p50 / _p95 / _mittel (ms), _n,
# i_<name>_erster (ms, mean of the first calls) and i_<name>_kalt_tps / _20_tps (calls per second).

# percentiles (p50, p95, count, mean) of a pgbench per-transaction log set; $1: glob of the log
# files, $2: divide by (calls per transaction), $3: 1 for the steady state only — each session's
# first transaction left out (its mean goes to stderr as "erster") and only transactions that
# began after every session had finished its first, so that no measured call shares the CPUs with
# another session's first.
# Only log lines count (the glob also matches pgbench's report, pgb_NAME.txt); a session's first
# transaction is its first line (pgbench 15 numbers them from 1, older ones from 0; a client's lines
# are in one file, in order).
perzentile() {
    cat $1 2>/dev/null | awk -v teil="${2:-1}" -v stetig="${3:-0}" '
        NF < 6 || $1 !~ /^[0-9]+$/ || $2 !~ /^[0-9]+$/ || $3 !~ /^[0-9]+$/ { next }
        { n++; ende = $5 + $6 / 1e6; lat[n] = $3; beginn[n] = ende - $3 / 1e6
          erste_tx[n] = !($1 in gesehen); gesehen[$1] = 1
          if (erste_tx[n]) { summe_erste += $3; n_erste++; if (ende > warm) warm = ende } }
        END {
            if (n_erste > 0 && stetig == 1) printf "erster %.3f\n", summe_erste / n_erste / 1000.0 > "/dev/stderr"
            for (i = 1; i <= n; i++)
                if (stetig != 1 || (!erste_tx[i] && beginn[i] >= warm)) print lat[i] / teil / 1000.0
        }' |
        sort -n | awk '{ a[NR] = $1 } END {
            if (NR == 0) { print "- - 0 -"; exit }
            for (i = 1; i <= NR; i++) summe += a[i]
            i50 = int(NR * 0.50 + 0.5); if (i50 < 1) i50 = 1
            i95 = int(NR * 0.95 + 0.5); if (i95 < 1) i95 = 1; if (i95 > NR) i95 = NR
            printf "%.3f %.3f %d %.3f\n", a[i50], a[i95], NR, summe / NR }'
}

# calls per second of a pgbench run (its report), times the calls per transaction ($2)
tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgb_$1.txt" | awk -v teil="${2:-1}" '{ printf "%.0f", $1 * teil }'; }

# pgb NAME ARGS...: runs pgbench with per-transaction logs under $OUT/pgb_NAME
pgb() {
    local name=$1; shift
    rm -f "$OUT"/pgb_"$name".*
    pgbench -n -l --log-prefix="$OUT/pgb_$name" "$@" > "$OUT/pgb_$name.txt" 2>&1 || {
        echo "pgbench $name failed:"; tail -5 "$OUT/pgb_$name.txt"; }
}

interaktiv() {
    local db=$1 name=$2 personen=$3 angebote=$4 sek=$5 fkt frage sql formel von bis
    for fkt in angebote bewerber; do
        if [ "$fkt" = angebote ]; then
            von=personen; bis=$personen
            frage="SELECT count(*) FROM kaoa.top_angebote(:x, 10);"
            sql="SELECT count(*) FROM (SELECT o.angebot_id FROM kaoa.angebot o
                   ORDER BY kaoa.passung(:x, o.angebot_id) DESC NULLS LAST, o.angebot_id LIMIT 10) s;"
            formel="SELECT count(*) FROM (SELECT angebot_id FROM bench.passung_person_sql(:x)
                      ORDER BY passung DESC NULLS LAST, angebot_id LIMIT 10) s;"
        else
            von=angebote; bis=$angebote
            frage="SELECT count(*) FROM kaoa.top_bewerber(:x, 10);"
            sql="SELECT count(*) FROM (SELECT b.person_id FROM kaoa.bewerberprofil b
                   ORDER BY kaoa.passung(b.person_id, :x) DESC NULLS LAST, b.person_id LIMIT 10) s;"
            formel=""
        fi
        printf '\\set x random(1, %s)\n%s\n' "$bis" "$frage" > "$OUT/kalt_$fkt.sql"
        { echo "BEGIN;"; for i in $(seq 20); do printf '\\set x random(1, %s)\n%s\n' "$bis" "$frage"; done
          echo "END;"; } > "$OUT/warm_$fkt.sql"
        printf '\\set x random(1, %s)\n%s\n' "$bis" "$sql" > "$OUT/sql_$fkt.sql"
        pgb "${name}_${fkt}_kalt" -c 1 -T "$sek" -f "$OUT/kalt_$fkt.sql" "$db"
        pgb "${name}_${fkt}_warm" -c 1 -T "$sek" -f "$OUT/warm_$fkt.sql" "$db"
        # plain SQL over every applicant: its first call reads them all one by one (about 10 s at
        # NRW scale) and is left out, so it gets three times as long
        pgb "${name}_${fkt}_sql" -c 1 -T "$([ "$fkt" = bewerber ] && echo $((sek * 3)) || echo "$sek")" -f "$OUT/sql_$fkt.sql" "$db"
        pgb "${name}_${fkt}_20" -c 20 -j 2 -T "$((sek * 3))" -f "$OUT/kalt_$fkt.sql" "$db"
        # 20 counsellors who each ask 5 times a second (paced: pgbench -R, latency from the scheduled
        # start, so a call that waits for a busy CPU counts its wait)
        pgb "${name}_${fkt}_20r" -c 20 -j 2 -R 100 -T "$((sek * 3))" -f "$OUT/kalt_$fkt.sql" "$db"
        # its baseline: one counsellor asking 5 times a second (the same pacing, so the same wait
        # for pgbench's own timer, about a millisecond, is in both)
        pgb "${name}_${fkt}_1r" -c 1 -R 5 -T "$((sek * 3))" -f "$OUT/kalt_$fkt.sql" "$db"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_kalt.*" 1 1 2> "$OUT/erster")
        eval "i_${name}_${fkt}_kalt_p50=$p50 i_${name}_${fkt}_kalt_p95=$p95 i_${name}_${fkt}_kalt_n=$n i_${name}_${fkt}_kalt_mittel=$mittel"
        eval "i_${name}_${fkt}_erster=$(sed -n 's/erster //p' "$OUT/erster")"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_warm.*" 20 1 2> /dev/null)
        eval "i_${name}_${fkt}_warm_p50=$p50 i_${name}_${fkt}_warm_p95=$p95 i_${name}_${fkt}_warm_n=$n i_${name}_${fkt}_warm_mittel=$mittel"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_sql.*" 1 1 2> /dev/null)
        eval "i_${name}_${fkt}_sql_p50=$p50 i_${name}_${fkt}_sql_p95=$p95 i_${name}_${fkt}_sql_n=$n i_${name}_${fkt}_sql_mittel=$mittel"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_20.*" 1 1 2> "$OUT/erster")
        eval "i_${name}_${fkt}_20_p50=$p50 i_${name}_${fkt}_20_p95=$p95 i_${name}_${fkt}_20_n=$n i_${name}_${fkt}_20_mittel=$mittel"
        eval "i_${name}_${fkt}_20_erster=$(sed -n 's/erster //p' "$OUT/erster")"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_20r.*" 1 1 2> /dev/null)
        eval "i_${name}_${fkt}_20r_p50=$p50 i_${name}_${fkt}_20r_p95=$p95 i_${name}_${fkt}_20r_n=$n"
        read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_1r.*" 1 1 2> /dev/null)
        eval "i_${name}_${fkt}_1r_p50=$p50 i_${name}_${fkt}_1r_p95=$p95 i_${name}_${fkt}_1r_n=$n"
        eval "i_${name}_${fkt}_kalt_tps=$(tps "${name}_${fkt}_kalt") i_${name}_${fkt}_20_tps=$(tps "${name}_${fkt}_20")"
        if [ -n "$formel" ]; then
            printf '\\set x random(1, %s)\n%s\n' "$bis" "$formel" > "$OUT/formel_$fkt.sql"
            pgb "${name}_${fkt}_formel" -c 1 -T "$sek" -f "$OUT/formel_$fkt.sql" "$db"
            read -r p50 p95 n mittel < <(perzentile "$OUT/pgb_${name}_${fkt}_formel.*" 1 0 2> /dev/null)
            eval "i_${name}_${fkt}_formel_p50=$p50 i_${name}_${fkt}_formel_p95=$p95 i_${name}_${fkt}_formel_n=$n i_${name}_${fkt}_formel_mittel=$mittel"
        fi
    done
}
