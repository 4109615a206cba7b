#!/bin/bash
# bench_import.sh — `kaoa import` against `psql \copy` of the same data as CSV, run by
# bench/run.sh inside a throwaway cluster (PG* variables set, superuser).
#
#   kaoa import   a generated NRW cohort (PERSONEN school leavers in all 53 Kommunen, ANGEBOTE
#                 offers: Kommunen, Fristen, organisations, persons, identities, cases, profiles,
#                 offers) from JSON Lines into an empty database: client checks, COPY into staging,
#                 natural keys resolved, set-based apply under savepoints, the reject file.
#   \copy CSV     the same rows, as the import stored them (ids resolved), dumped to one CSV per
#                 table and loaded with psql's \copy into another empty database with the same
#                 extension: the same tables, constraints, foreign keys, rule and log triggers —
#                 what a DBA loading prepared CSV files gets, and the floor for any loader.
#   re-import     the same file again into the loaded database (every line unchanged), for scale.
#
# Records = lines of the file = rows copied.  Targets: >= 50,000 records/s, and at least half the
# speed of the bare copy.  PERSONEN (default 60000) and ANGEBOTE (default 30000) set the size.
set -uo pipefail
PERSONEN=${PERSONEN:-60000}
ANGEBOTE=${ANGEBOTE:-30000}
K=$(pg_config --bindir)/kaoa
A=kaoa_bench_import
B=kaoa_bench_copy
work=$(mktemp -d /tmp/kaoa-bench-import.XXXXXX)
trap 'rm -rf "$work"; dropdb --if-exists "$A" 2>/dev/null; dropdb --if-exists "$B" 2>/dev/null' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8

jetzt() { date +%s.%N; }
for d in "$A" "$B"; do
    dropdb --if-exists "$d" 2>/dev/null
    createdb "$d" && psql -XqAt -d "$d" -c 'CREATE EXTENSION kaoa' > /dev/null || exit 1
done

"$K" generate --seed 2026 --kommunen 53 --personen "$PERSONEN" --angebote "$ANGEBOTE" > "$work/nrw.jsonl" || exit 1
n=$(wc -l < "$work/nrw.jsonl")
mb=$(du -m "$work/nrw.jsonl" | cut -f1)

psql -XqAt -d "$A" -c CHECKPOINT > /dev/null
t0=$(jetzt)
"$K" import "$work/nrw.jsonl" -d "$A" -q -v 2> "$work/import.txt"; rc=$?
t1=$(jetzt)
[ "$rc" -eq 0 ] || { echo "kaoa import failed (exit $rc)"; head -3 "$work/nrw.jsonl.rejects.jsonl" 2>/dev/null; exit 1; }

t2=$(jetzt)
"$K" import "$work/nrw.jsonl" -d "$A" -q || exit 1
t3=$(jetzt)

# The same rows as CSV, in load order, ids included (COPY writes identity columns as they are).
tabellen="kommune fristen organisation person person_identitaet fall bewerberprofil angebot schulbesuch sbo_teilnahme massnahme massnahme_teilnahme"
for t in $tabellen; do
    psql -XqAt -d "$A" -c "\\copy (SELECT * FROM kaoa.$t) TO '$work/$t.csv' WITH (FORMAT csv)" || exit 1
done
zeilen=0
for t in $tabellen; do zeilen=$((zeilen + $(wc -l < "$work/$t.csv"))); done
{
    printf '%s\n' '\timing on'
    for t in $tabellen; do echo "\\copy kaoa.$t FROM '$work/$t.csv' WITH (FORMAT csv)"; done
} > "$work/copy.sql"
# PostgreSQL alone: the same \copy with kaoa's rule and log triggers off, as a restore loads
# (session_replication_role = replica; constraints and foreign keys stay on)
C=kaoa_bench_copy_replica
dropdb --if-exists "$C" 2>/dev/null
createdb "$C" && psql -XqAt -d "$C" -c 'CREATE EXTENSION kaoa' > /dev/null || exit 1
{ echo 'SET session_replication_role = replica;'; cat "$work/copy.sql"; } > "$work/copy_replica.sql"
t6=$(jetzt)
psql -Xq -v ON_ERROR_STOP=1 -d "$C" -f "$work/copy_replica.sql" > /dev/null || { echo "\\copy (replica) failed"; exit 1; }
t7=$(jetzt)
dropdb --if-exists "$C" 2>/dev/null

psql -XqAt -d "$B" -c CHECKPOINT > /dev/null
t4=$(jetzt)
psql -Xq -v ON_ERROR_STOP=1 -d "$B" -f "$work/copy.sql" > "$work/copy.txt" || { echo "\\copy failed"; exit 1; }
t5=$(jetzt)

python3 - "$n" "$mb" "$zeilen" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$work" "$t6" "$t7" "$tabellen" <<'PY'
import sys, re
n, mb, zeilen = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
t0, t1, t2, t3, t4, t5 = map(float, sys.argv[4:10])
imp, wieder, cp = t1 - t0, t3 - t2, t5 - t4
r_imp, r_re, r_cp = n / imp, n / wieder, zeilen / cp
print(f"import benchmark: a generated NRW cohort, {n:,} JSON lines ({mb} MB), 53 Kommunen")
print(f"  {'':34} {'records':>10} {'seconds':>9} {'records/s':>11}")
print(f"  {'kaoa import (empty database)':34} {n:>10,} {imp:>9.2f} {r_imp:>11,.0f}")
label = "psql \\copy, same rows as CSV"
print(f"  {label:34} {zeilen:>10,} {cp:>9.2f} {r_cp:>11,.0f}")
print(f"  {'kaoa import again (all unchanged)':34} {n:>10,} {wieder:>9.2f} {r_re:>11,.0f}")
rep = float(sys.argv[12]) - float(sys.argv[11])
label = "psql \\copy, rule triggers off"
print(f"  {label:34} {zeilen:>10,} {rep:>9.2f} {zeilen / rep:>11,.0f}   (PostgreSQL alone, for scale)")
print("  ratio import / \\copy: %.2f   (target >= 0.50)" % (r_imp / r_cp))
# per table: where the time goes (the rule triggers run in both)
work = sys.argv[10]
imp_t = {}
for line in open(work + "/import.txt"):
    f = line.split()
    if line.strip().startswith("(read and COPY)"):
        imp_t["(read and COPY)"] = (int(f[3]), float(f[-1]))
    elif len(f) == 6 and f[0] != "typ":
        imp_t[f[0]] = (int(f[1]), float(f[-1]))
# every record type of the import, in the order applied; the copy's time where the table was copied
# (registrations, target groups and partners are not: registrations go only through kaoa.anmelden)
cp_t = dict(zip(sys.argv[13].split(),
                [float(m) / 1000 for m in re.findall(r"Time: ([0-9.]+) ms", open(work + "/copy.txt").read())]))
print("  %-20s %9s %9s %9s" % ("per record type", "rows", "import s", "copy s"))
if "(read and COPY)" in imp_t:
    print("  %-20s %9d %9.2f %9s" % ("(read and stage)", imp_t["(read and COPY)"][0], imp_t["(read and COPY)"][1], ""))
for t, (r, s_) in imp_t.items():
    if t != "(read and COPY)":
        print("  %-20s %9d %9.2f %9s" % (t, r, s_, "%.2f" % cp_t[t] if t in cp_t else "-"))
print(f"  import rate: {r_imp:,.0f} records/s   (target >= 50,000)")
PY
