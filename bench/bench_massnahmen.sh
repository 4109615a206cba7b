#!/bin/bash
# bench_massnahmen.sh — registrations for measures under load, and the effect and the Bündnis balance
# for all of NRW, run by bench/run.sh inside a throwaway cluster (PG* variables set, superuser).
#
# 1. Registration.  One Kommune, PUPILS pupils (default 10,000) enrolled in grades 9 and 10 of school
#    year 2025 at 20 schools, each with a case; MEASURES measures (default 50), each with two target
#    groups (grades 9–10 at R/SK/GE, 10–12 at GY), 150 places and a waiting list, and popular: pupil
#    n picks measure floor(MEASURES · u^SCHIEFE) (default 1: evenly, 200 pupils for 150 places each;
#    2: the first measures draw most).  20 sessions at once (one pgbench of 20 clients), one per
#    school, register the school's pupils once each:
#      kaoa       SELECT kaoa.anmelden(massnahme, person) as the school's role (kaoa.akteur_anlegen):
#                 every rule (who may register, whether the school sees the pupil, the deadline, twice,
#                 the target group, places and waiting list), the lock of the measure's row, the row
#                 and its log entry.
#      baseline   the same rows as bare INSERTs into kaoa.anmeldung with the rules off
#                 (session_replication_role = replica: no trigger, no foreign key, status given), as the
#                 superuser, into a copy of the same database, by the same 20 sessions.
#    Figures: registrations per second of each (best of ANM_RUNS rounds, default 2, alternating) and
#    the ratio (target ≤ 1.5).  Checked after the last run:
#    every pupil registered once, no measure with more zugesagt than places, nobody waiting beside a
#    free place, one log entry per registration.
# 2. Effect and balance for all of NRW.  A generated NRW cohort (kaoa generate --kommunen 53,
#    NRW_PERSONEN leavers, default 170,000, and NRW_ANGEBOTE offers, default 100,000; per Kommune four
#    measures and the KoKo's programme with its registrations and participants) imported with kaoa
#    import; then, with the rules off, six in ten cases set to anschluss_gesichert or angetreten and a
#    run of the assignment per Kommune that proposes an offer of its Kommune to half the applicants.
#    Timed, best of RUNS: SELECT count(*) FROM kaoa.v_massnahme_wirkung and FROM kaoa.v_ausbildungsmarkt
#    (as the superuser: every Kommune), against one plain-SQL statement each that counts the same
#    groups for all of NRW without kaoa's functions and without rounding.  Target: ≤ 2 s each.
set -uo pipefail
PUPILS=$(( ${ANM_PUPILS:-10000} / 20 * 20 ))   # 20 schools of equal size
MEASURES=${ANM_MEASURES:-50}
SCHIEFE=${ANM_SCHIEFE:-1}       # pupil n picks measure floor(MEASURES · u^SCHIEFE): 1 even, 2 skewed
NRW_PERSONEN=${NRW_PERSONEN:-170000}
NRW_ANGEBOTE=${NRW_ANGEBOTE:-100000}
RUNS=${BENCH_RUNS:-3}
K=$(pg_config --bindir)/kaoa
A=kaoa_bench_anm
B=kaoa_bench_anm_basis
C=kaoa_bench_nrw
work=
aufraeumen() {
    [ -n "$work" ] && rm -rf "$work"
    for d in "$A" "$B" "$C"; do dropdb --if-exists "$d" 2>/dev/null; done
    for i in $(seq 0 19); do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS kaoa_bench_s$i" > /dev/null 2>&1; done
}
trap aufraeumen EXIT
aufraeumen
work=$(mktemp -d /tmp/kaoa-bench-massnahmen.XXXXXX)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------- 1. registration under load
if [ -z "${NRW_ONLY:-}" ]; then
createdb "$A" || exit 1
for i in $(seq 0 19); do psql_q -d postgres -c "CREATE ROLE kaoa_bench_s$i NOLOGIN" || exit 1; done
psql_q -d "$A" -v pupils="$PUPILS" -v measures="$MEASURES" -v schiefe="$SCHIEFE" > /dev/null <<'SQL' || { echo "loading failed"; exit 1; }
CREATE EXTENSION kaoa;
SELECT setseed(0.14);
SET session_replication_role = replica;
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05566', 'Kreis Steinfurt');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform)
SELECT '05566', 'schule', 'Schule ' || s, 'S' || s, (ARRAY['R', 'SK', 'GE', 'GY', 'R'])[1 + s % 5]
  FROM generate_series(1, 20) s;
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES ('05566', 'koko', 'KoKo', 'KOKO');
CREATE TEMP TABLE schule AS
SELECT o.org_id, o.schulform, row_number() OVER (ORDER BY o.org_id) - 1 AS nr FROM kaoa.organisation o WHERE o.typ = 'schule';
INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05566', 'P' || i FROM generate_series(1, :pupils) i;
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, schulform, jahrgang)
SELECT '05566', p.person_id, 2025, s.org_id, s.schulform,
       CASE WHEN s.schulform = 'GY' THEN 10 + p.person_id % 3 ELSE 9 + p.person_id % 2 END
  FROM kaoa.person p JOIN schule s ON s.nr = p.person_id % 20;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, zustaendig_org)
SELECT '05566', b.person_id, 2025, b.schule_org, b.schule_org FROM kaoa.schulbesuch b;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum, plaetze, anmeldung_bis)
SELECT '05566', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO'), 'Programm ' || m, 'betriebserkundung',
       '[9,10]', '{R,SK,GE}', '[2026-03-01,2026-06-30]', 150, '2099-12-31'
  FROM generate_series(1, :measures) m;
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
SELECT '05566', massnahme_id, '{GY}', '[10,12]' FROM kaoa.massnahme;
RESET session_replication_role;
-- who registers for what: school nr's pupils in a random order, drawn by its session from its sequence
CREATE SCHEMA bench;
CREATE TABLE bench.plan (schule integer, n integer, person_id bigint NOT NULL, massnahme_id bigint NOT NULL,
                         PRIMARY KEY (schule, n));
INSERT INTO bench.plan
SELECT s.nr, row_number() OVER (PARTITION BY s.nr ORDER BY random()), b.person_id,
       (SELECT min(massnahme_id) FROM kaoa.massnahme) + floor(:measures * random() ^ :schiefe)::int
  FROM kaoa.schulbesuch b JOIN schule s ON s.org_id = b.schule_org;
GRANT USAGE ON SCHEMA bench TO PUBLIC;
GRANT SELECT ON bench.plan TO PUBLIC;
SELECT format('CREATE SEQUENCE bench.n_%s', nr), format('GRANT USAGE, UPDATE ON SEQUENCE bench.n_%s TO PUBLIC', nr),
       format('SELECT kaoa.akteur_anlegen(%L, %s)', 'kaoa_bench_s' || nr, org_id)
  FROM schule ORDER BY nr
\gexec
VACUUM ANALYZE;
SQL

# One pgbench of 20 clients; client c acts for school c (its role set once, in its first
# transaction) and draws its pupils from sequence bench.n_c.  pgbench substitutes :client_id
# everywhere in the text, also in the literal.
cat > "$work/kaoa.sql" <<'SQL'
\if :erste = 1
SET ROLE kaoa_bench_s:client_id;
\set erste 0
\endif
SELECT kaoa.anmelden(b.massnahme_id, b.person_id) FROM bench.plan b WHERE b.schule = :client_id AND b.n = nextval('bench.n_:client_id');
SQL
cat > "$work/basis.sql" <<'SQL'
\if :erste = 1
SET session_replication_role = replica;
\set erste 0
\endif
INSERT INTO kaoa.anmeldung (kommune, massnahme_id, person_id, status)
SELECT '05566', b.massnahme_id, b.person_id, 'zugesagt' FROM bench.plan b WHERE b.schule = :client_id AND b.n = nextval('bench.n_:client_id');
SQL
threads=$(nproc); [ "$threads" -gt 20 ] && threads=20
# pgbench's "tps = … (without initial connection time)"
tps() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$1"; }
# lauf DB SCRIPT NAME: registrations per second of the 20 clients, each registering its school's pupils
lauf() {
    pgbench -n -d "$1" -f "$2" -D erste=1 -c 20 -j "$threads" -t $(( PUPILS / 20 )) > "$work/$3.txt" 2>&1 \
        || { grep -v '^\(transaction\|latency\|initial\|tps\|number of\|scaling\|query\|pgbench\|duration\|maximum\)' "$work/$3.txt" | head -20 >&2; return 1; }
    printf '%.0f' "$(tps "$work/$3.txt")"
}
# ANM_RUNS rounds (default 2), each the baseline then kaoa on fresh copies of the loaded database
# (kaoa_bench_anm is the template), best of each: the machine's load varies between runs
basis=0; kaoa=0
for runde in $(seq "${ANM_RUNS:-2}"); do
    dropdb --if-exists "$B" 2>/dev/null; createdb -T "$A" "$B" || exit 1
    rb=$(lauf "$B" "$work/basis.sql" basis "") || { echo "baseline failed"; exit 1; }
    [ "$rb" -gt "$basis" ] && basis=$rb
    dropdb "$B"; createdb -T "$A" "$B" || exit 1
    r=$(lauf "$B" "$work/kaoa.sql" kaoa rolle) || { echo "kaoa.anmelden failed"; exit 1; }
    [ "$r" -gt "$kaoa" ] && kaoa=$r
    echo "round $runde: baseline $rb/s, kaoa $r/s (load $(cut -d' ' -f1 /proc/loadavg))"
done
fehler=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/kaoa.txt")

echo "registration: $PUPILS pupils of 20 schools, $MEASURES measures of 150 places (two target groups, waiting list), 20 sessions (one per school)"
printf '\n%-44s %12s\n' "" "per second"
printf '%-44s %12.0f\n' "kaoa.anmelden as the schools (every rule)" "$kaoa"
printf '%-44s %12.0f\n' "bare INSERT (rules off, baseline)" "$basis"
printf '%-44s %12s   (target <= 1.5)\n' "slowdown" "$(awk -v a="$kaoa" -v b="$basis" 'BEGIN { printf "%.2f", b / a }')"
echo
echo "checked after the last run (all must be 0 but the first):"
psql_q -d "$B" -At -F ' ' -c "
SELECT 'registrations                          ', count(*) FROM kaoa.anmeldung UNION ALL
SELECT 'failed transactions                    ', coalesce(nullif('$fehler', ''), '0')::bigint UNION ALL
SELECT 'pupils not registered once             ', count(*) FROM bench.plan b
  WHERE (SELECT count(*) FROM kaoa.anmeldung a WHERE a.person_id = b.person_id) <> 1 UNION ALL
SELECT 'measures with more zugesagt than places', count(*) FROM kaoa.massnahme m
  WHERE (SELECT count(*) FROM kaoa.anmeldung a WHERE a.massnahme_id = m.massnahme_id AND a.status = 'zugesagt') > m.plaetze UNION ALL
SELECT 'measures with a free place and a queue  ', count(*) FROM kaoa.massnahme m
  WHERE (SELECT count(*) FROM kaoa.anmeldung a WHERE a.massnahme_id = m.massnahme_id AND a.status = 'zugesagt') < m.plaetze
    AND EXISTS (SELECT 1 FROM kaoa.anmeldung a WHERE a.massnahme_id = m.massnahme_id AND a.status = 'warteliste') UNION ALL
SELECT 'registrations without their log entry  ', count(*) FROM kaoa.anmeldung a
  WHERE NOT EXISTS (SELECT 1 FROM kaoa.ereignis e WHERE e.art = 'anmeldung' AND (e.details->>'anmeldung_id')::bigint = a.anmeldung_id)" \
    | sed 's/^/  /'
psql_q -d "$B" -At -c "SELECT '  zugesagt ' || count(*) FILTER (WHERE status = 'zugesagt') || ', warteliste ' || count(*) FILTER (WHERE status = 'warteliste')
                              || '; the most popular measure: ' || (SELECT max(n) FROM (SELECT count(*) AS n FROM kaoa.anmeldung GROUP BY massnahme_id) x) || ' registrations'
                         FROM kaoa.anmeldung"
dropdb "$A"; dropdb "$B"
fi

[ -n "${ANM_ONLY:-}" ] && exit 0
# ---------------------------------------------------------------- 2. effect and balance, all NRW
createdb "$C" && psql_q -d "$C" -c 'CREATE EXTENSION kaoa' || exit 1
start=$(date +%s)
"$K" generate --seed 2026 --kommunen 53 --personen "$NRW_PERSONEN" --angebote "$NRW_ANGEBOTE" > "$work/nrw.jsonl" || exit 1
"$K" import "$work/nrw.jsonl" -d "$C" -q --rejects "$work/nrw.rej" || { echo "import failed"; head -c 2000 "$work/nrw.rej"; exit 1; }
psql_q -d "$C" > /dev/null <<'SQL' || { echo "preparing failed"; exit 1; }
SELECT setseed(0.26);
SET session_replication_role = replica;
UPDATE kaoa.fall SET status = (CASE WHEN random() < 0.5 THEN 'anschluss_gesichert' ELSE 'angetreten' END)::kaoa.fall_status
 WHERE random() < 0.6;
INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
SELECT kommune, 2025, 1, 50, 'bench', '{}', 0, 0, 0, 0 FROM kaoa.kommune;
CREATE TEMP TABLE angebote AS
SELECT kommune, array_agg(angebot_id) AS ids FROM kaoa.angebot GROUP BY 1;
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)
SELECT b.kommune, l.lauf_id, b.person_id, x.angebot_id, CASE WHEN x.angebot_id IS NOT NULL THEN 70 END,
       CASE WHEN x.angebot_id IS NOT NULL THEN 60 END
  FROM kaoa.bewerberprofil b JOIN kaoa.zuteilung_lauf l USING (kommune) JOIN angebote a USING (kommune)
 CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.5 THEN a.ids[1 + floor(random() * cardinality(a.ids))::int] END AS angebot_id) x;
RESET session_replication_role;
VACUUM ANALYZE;
SQL
echo
echo "effect and balance: a generated NRW cohort (53 Kommunen, $NRW_PERSONEN leavers, $NRW_ANGEBOTE offers), loaded in $(( $(date +%s) - start )) s:"
psql_q -d "$C" -At -F ' ' -c "
SELECT 'schulbesuch', count(*) FROM kaoa.schulbesuch UNION ALL
SELECT 'fall', count(*) FROM kaoa.fall UNION ALL
SELECT 'bewerberprofil', count(*) FROM kaoa.bewerberprofil UNION ALL
SELECT 'angebot', count(*) FROM kaoa.angebot UNION ALL
SELECT 'massnahme', count(*) FROM kaoa.massnahme UNION ALL
SELECT 'massnahme_teilnahme', count(*) FROM kaoa.massnahme_teilnahme UNION ALL
SELECT 'anmeldung', count(*) FROM kaoa.anmeldung UNION ALL
SELECT 'zuteilung', count(*) FROM kaoa.zuteilung" | awk '{printf "  %-22s %10d\n", $1, $2}'

# Best wall-clock milliseconds of RUNS runs of one statement, and the count it returned: "ms rows".
zeit() {
    local best=0 t0 t1 ms zeilen="?"
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s%N)
        zeilen=$(psql_q -d "$C" -At -c "$1") || { echo "failed: $1" >&2; zeilen="?"; }
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
        if [ "$best" -eq 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best $zeilen"
}

# the same groups, counted in plain SQL for all of NRW: participants (a participation dated in the
# school year of the measure's start) and the comparison group (enrolled that school year in one of
# the measure's pairs, no participation), by the newest case of that school year or later
WIRKUNG_BASIS="WITH mz AS (
    SELECT m.kommune, m.massnahme_id, extract(year FROM lower(m.zeitraum) - interval '7 months')::int AS sj FROM kaoa.massnahme m),
 paar AS (SELECT m.kommune, m.massnahme_id, m.jahrgaenge, m.schulformen FROM kaoa.massnahme m
          UNION ALL SELECT z.kommune, z.massnahme_id, z.jahrgaenge, z.schulformen FROM kaoa.massnahme_zielgruppe z),
 teil AS (SELECT t.kommune, t.massnahme_id, t.person_id FROM kaoa.massnahme_teilnahme t JOIN mz USING (kommune, massnahme_id)
           WHERE t.datum >= make_date(mz.sj, 8, 1) AND t.datum < make_date(mz.sj + 1, 8, 1)),
 vergl AS (SELECT DISTINCT mz.kommune, mz.massnahme_id, s.person_id
             FROM mz JOIN kaoa.schulbesuch s ON s.kommune = mz.kommune AND s.schuljahr = mz.sj
             JOIN paar p ON p.kommune = mz.kommune AND p.massnahme_id = mz.massnahme_id AND p.jahrgaenge @> s.jahrgang
                        AND (p.schulformen IS NULL OR s.schulform = ANY (p.schulformen))
            WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_teilnahme t
                               WHERE t.kommune = mz.kommune AND t.massnahme_id = mz.massnahme_id AND t.person_id = s.person_id
                                 AND t.datum >= make_date(mz.sj, 8, 1) AND t.datum < make_date(mz.sj + 1, 8, 1))),
 g AS (SELECT kommune, massnahme_id, person_id, 'teilnehmende' AS gruppe FROM teil
       UNION ALL SELECT kommune, massnahme_id, person_id, 'vergleich' FROM vergl),
 neu AS (SELECT DISTINCT ON (g.kommune, g.massnahme_id, g.gruppe, g.person_id) g.kommune, g.massnahme_id, g.gruppe, f.status
           FROM g JOIN mz USING (kommune, massnahme_id)
           LEFT JOIN kaoa.fall f ON f.kommune = g.kommune AND f.person_id = g.person_id AND f.schuljahr >= mz.sj
          ORDER BY g.kommune, g.massnahme_id, g.gruppe, g.person_id, f.schuljahr DESC NULLS LAST, f.fall_id DESC)
SELECT count(*) FROM (
  SELECT kommune, massnahme_id, gruppe,
         CASE WHEN status IS NULL THEN 'kein_fall' WHEN status IN ('anschluss_gesichert', 'angetreten') THEN 'gesichert' ELSE 'offen' END,
         count(*)
    FROM neu WHERE status IS DISTINCT FROM 'ausgenommen'
   GROUP BY 1, 2, 3, 4) x"
# applicants by the Berufsbereich of their first wish and versorgt, places and proposals by the offer's
MARKT_BASIS="WITH b AS (
    SELECT f.kommune, f.schuljahr AS sj, coalesce(left(p.wuensche[1]::text, 1), '0') AS bb, count(*) AS bewerber,
           count(*) FILTER (WHERE f.status IN ('anschluss_gesichert', 'angetreten')) AS versorgt
      FROM kaoa.fall f JOIN kaoa.bewerberprofil p USING (kommune, person_id)
      LEFT JOIN kaoa.einwilligung e ON e.kommune = p.kommune AND e.einwilligung_id = p.einwilligung_id
     WHERE f.status <> 'ausgenommen' AND (p.einwilligung_id IS NULL OR e.widerrufen_am IS NULL OR e.widerrufen_am > now())
     GROUP BY 1, 2, 3),
 o AS (SELECT o.kommune, extract(year FROM o.beginn - interval '7 months')::int - 1 AS sj, left(o.kldb::text, 1) AS bb,
              o.angebot_id, o.plaetze FROM kaoa.angebot o WHERE o.beginn IS NOT NULL),
 p AS (SELECT kommune, sj, bb, sum(plaetze) AS plaetze FROM o GROUP BY 1, 2, 3),
 l AS (SELECT DISTINCT ON (l.kommune, l.schuljahr) l.kommune, l.schuljahr, l.lauf_id FROM kaoa.zuteilung_lauf l
        ORDER BY l.kommune, l.schuljahr, l.zeit DESC, l.lauf_id DESC),
 v AS (SELECT o.kommune, o.sj, o.bb, count(*) AS vorgeschlagen FROM l JOIN kaoa.zuteilung z ON z.kommune = l.kommune AND z.lauf_id = l.lauf_id
         JOIN o ON o.angebot_id = z.angebot_id AND o.sj = l.schuljahr GROUP BY 1, 2, 3),
 k AS (SELECT kommune, sj, bb FROM b UNION SELECT kommune, sj, bb FROM p UNION SELECT kommune, sj, bb FROM v)
SELECT count(*) FROM k LEFT JOIN b USING (kommune, sj, bb) LEFT JOIN p USING (kommune, sj, bb) LEFT JOIN v USING (kommune, sj, bb)"

printf '\n%-22s %6s %10s %10s %12s %7s %8s\n' "view (all NRW)" "rows" "kaoa ms" "base rows" "baseline ms" "ratio" "<= 2 s"
zeile() {
    local name=$1 sql=$2 basis=$3 ms z bms bz
    read -r ms z < <(zeit "$sql")
    read -r bms bz < <(zeit "$basis")
    printf '%-22s %6s %10d %10s %12d %7s %8s\n' "$name" "$z" "$ms" "$bz" "$bms" \
        "$(awk -v a="$ms" -v b="$bms" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
        "$( [ "$ms" -le 2000 ] && echo yes || echo NO)"
}
# (nested loops off: the planner misjudges the groups' sizes and otherwise probes indexes 800,000 times)
zeile "v_massnahme_wirkung" "SELECT count(*) FROM kaoa.v_massnahme_wirkung" "SET enable_nestloop = off; $WIRKUNG_BASIS"
zeile "v_ausbildungsmarkt" "SELECT count(*) FROM kaoa.v_ausbildungsmarkt" "$MARKT_BASIS"
echo
echo "rows: published rows of the view (counts rounded, rows rounding to 0 left out); base rows: the groups the"
echo "baseline counts, unrounded (every school year with cases or offers)."
