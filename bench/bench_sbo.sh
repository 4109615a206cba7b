#!/bin/bash
# bench_sbo.sh — the Standardelemente and measure analyses for all of NRW, run by
# bench/run.sh inside a throwaway cluster (PG* variables set, superuser).
#
# Data: 53 Kommunen, 181,000 pupils in each of grades 8, 9 and 10 (543,000 enrolments in school year
# 2025 at 3,021 schools), their Potenzialanalyse, Berufsfelderkundung days, Praktika and
# Anschlussvereinbarungen as a school year would leave them by March (about 2.5 million
# participations, 440,000 agreements), and 2,000 measures.  Loaded with the rules off
# (session_replication_role = replica, as a restore loads), then ANALYZE.  Random but fixed (setseed).
#
# Timed, each for all 53 Kommunen in one statement, as a system role (superuser), best of RUNS:
#   sbo_luecken                    kaoa.sbo_luecken(k, 2025, '2026-03-01') for every Kommune
#   v_sbo                          SELECT * FROM kaoa.v_sbo (every Kommune, every school year)
#   massnahmen_ueberschneidungen   kaoa.massnahmen_ueberschneidungen(k, 2025) for every Kommune
#   massnahmen_luecken             kaoa.massnahmen_luecken(k, 2025) for every Kommune
# Baseline, in the same run: what PostgreSQL alone costs for the same reading — one plain SQL
# statement over all of NRW without kaoa's functions: the proofs grouped per pupil with counts per
# element (completeness), the same self-join of the measures (overlaps), the same interest cells
# and NOT EXISTS (gaps).  Target: every kaoa figure under 5 s.
set -uo pipefail
DB=kaoa_bench_sbo
RUNS=${BENCH_RUNS:-3}
KOMMUNEN=${SBO_KOMMUNEN:-53}    # fewer for a quick look; the figures of the issue are for 53
trap 'dropdb --if-exists "$DB" 2>/dev/null' EXIT

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists "$DB" 2>/dev/null
createdb "$DB" || exit 1
start=$(date +%s)
psql_q -d "$DB" -v kommunen="$KOMMUNEN" > /dev/null <<'SQL'
CREATE EXTENSION kaoa;
SELECT setseed(0.6);
SET session_replication_role = replica;
INSERT INTO kaoa.kommune (kommune, name)
SELECT '05' || rb || lpad(n::text, 2, '0'), 'Kommune ' || rb || n
  FROM generate_series(1, 9, 2) rb, generate_series(11, 21) n ORDER BY 1 LIMIT :kommunen;
-- 57 schools per Kommune (GY 35 %, GE 30 %, RS 20 %, SK 10 %, HS 5 %), 10 Träger, a KoKo
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform)
SELECT k.kommune, 'schule', 'Schule ' || s, 'S' || s,
       (ARRAY['GY','GY','GY','GY','GY','GY','GY','GE','GE','GE','GE','GE','GE','RS','RS','RS','RS','SK','SK','HS'])[s % 20 + 1]
  FROM kaoa.kommune k, generate_series(1, 57) s;
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel)
SELECT k.kommune, 'traeger', 'Träger ' || t, 'T' || t FROM kaoa.kommune k, generate_series(1, 10) t;
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) SELECT k.kommune, 'koko', 'KoKo', 'KO' FROM kaoa.kommune k;
CREATE TEMP TABLE schule AS
SELECT o.kommune, o.org_id, o.schulform, row_number() OVER (PARTITION BY o.kommune ORDER BY o.org_id) - 1 AS nr
  FROM kaoa.organisation o WHERE o.typ = 'schule';
CREATE TEMP TABLE traeger AS
SELECT o.kommune, o.org_id, row_number() OVER (PARTITION BY o.kommune ORDER BY o.org_id) - 1 AS nr
  FROM kaoa.organisation o WHERE o.typ = 'traeger';
-- 181,000 pupils per grade: 3,415 per Kommune and grade
INSERT INTO kaoa.person (kommune, pseudonym)
SELECT k.kommune, 'P' || g || '-' || i FROM kaoa.kommune k, generate_series(8, 10) g, generate_series(1, 3415) i;
CREATE TEMP TABLE schueler AS
SELECT p.kommune, p.person_id, split_part(substr(p.pseudonym, 2), '-', 1)::int AS jahrgang,
       split_part(p.pseudonym, '-', 2)::int AS i
  FROM kaoa.person p;
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, schulform, jahrgang)
SELECT s.kommune, s.person_id, 2025, sc.org_id, sc.schulform, s.jahrgang
  FROM schueler s JOIN schule sc ON sc.kommune = s.kommune AND sc.nr = s.i % 57;
-- grade g did grade 8 in school year 2025 - (g - 8)
CREATE TEMP TABLE feld AS SELECT code, row_number() OVER (ORDER BY code) - 1 AS nr FROM kaoa.berufsfeld;
CREATE TEMP TABLE felder AS SELECT array_agg(code ORDER BY code) AS a FROM kaoa.berufsfeld;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, katalog_version, sbo_code, datum, anbieter_org, kompetenzen)
SELECT s.kommune, s.person_id, 'svws_1', 'SBO 4.1', make_date(2025 - (s.jahrgang - 8), 9, 15 + s.i % 10), NULL,
       format('sorgfalt=%s,teamfaehigkeit=%s', 1 + s.i % 5, 1 + (s.i / 5) % 5)::kaoa.kompetenzen
  FROM schueler s WHERE random() < CASE s.jahrgang WHEN 8 THEN 0.93 ELSE 0.97 END;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, katalog_version, sbo_code, datum, berufsfeld)
SELECT s.kommune, s.person_id, 'svws_1', 'SBO 5.1', make_date(2025 - (s.jahrgang - 8), 10, 5) + 7 * d,
       (SELECT a FROM felder)[1 + (s.i * 7 + d * 5 + (random() * 3)::int) % 16]
  FROM schueler s, generate_series(0, 2) d
 WHERE random() < CASE WHEN s.jahrgang = 8 THEN 0.85 - 0.25 * d ELSE 0.97 - 0.03 * d END;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, katalog_version, sbo_code, datum, bis, berufsfeld)
SELECT s.kommune, s.person_id, 'svws_1', 'SBO 6.1', make_date(2026 - (s.jahrgang - 9), 1, 12),
       make_date(2026 - (s.jahrgang - 9), 1, 30), (SELECT a FROM felder)[1 + (s.i * 3) % 16]
  FROM schueler s WHERE s.jahrgang >= 9 AND random() < CASE s.jahrgang WHEN 9 THEN 0.6 ELSE 0.95 END;
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, angestrebt, wuensche)
SELECT s.kommune, s.person_id, make_date(2026 - (s.jahrgang - 9), 2, 10), 'dual_betrieblich',
       (ARRAY['26312','81302','62102','43102','29302','52122','71302','34212','93412','83112'])[1 + s.i % 10:2 + s.i % 9]::kaoa.kldb[]
  FROM schueler s WHERE s.jahrgang >= 9 AND random() < CASE s.jahrgang WHEN 9 THEN 0.7 ELSE 0.85 END;
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, angestrebt, wuensche)
SELECT s.kommune, s.person_id, '2025-11-15', 'berufsfachschule', ARRAY['25102']::kaoa.kldb[]
  FROM schueler s WHERE s.jahrgang = 10 AND random() < 0.3;
-- 2,000 measures: about 38 per Kommune
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze, finanzierung)
SELECT t.kommune, t.org_id, 'Maßnahme ' || m,
       (ARRAY['praxiskurs','berufsfelderkundung','bewerbungstraining','potenzialanalyse'])[1 + m % 4],
       int4range(8 + m % 3, 8 + m % 3 + (m / 3) % 2, '[]'),
       CASE WHEN m % 3 = 0 THEN NULL ELSE ARRAY[(ARRAY['GY','GE','RS','SK','HS'])[1 + m % 5]] END,
       CASE WHEN m % 4 = 0 THEN NULL
            ELSE ARRAY(SELECT f.code FROM feld f WHERE f.nr IN (m % 16, (m * 7) % 16) ORDER BY 1) END,
       daterange(make_date(2025, 9, 1) + (m % 20) * 7, make_date(2025, 9, 1) + (m % 20) * 7 + 30 + (m % 5) * 30),
       10 + m % 20, (ARRAY['Land','ESF','BA','Kommune'])[1 + m % 4]
  FROM (SELECT m, (SELECT array_agg(kommune ORDER BY kommune) FROM kaoa.kommune)[1 + m % :kommunen] AS kommune
          FROM generate_series(0, 2000 * :kommunen / 53 - 1) m) x
  JOIN traeger t ON t.kommune = x.kommune AND t.nr = x.m % 10;
RESET session_replication_role;
VACUUM ANALYZE;
SQL
[ $? -eq 0 ] || { echo "loading failed"; exit 1; }
if [ -n "${SBO_EXPLAIN:-}" ]; then psql_q -d "$DB" -f "$SBO_EXPLAIN"; exit 0; fi
echo "loaded in $(( $(date +%s) - start )) s:"
psql_q -d "$DB" -At -F ' ' -c "
SELECT 'schulbesuch', count(*) FROM kaoa.schulbesuch UNION ALL
SELECT 'sbo_teilnahme', count(*) FROM kaoa.sbo_teilnahme UNION ALL
SELECT 'anschlussvereinbarung', count(*) FROM kaoa.anschlussvereinbarung UNION ALL
SELECT 'massnahme', count(*) FROM kaoa.massnahme" | awk '{printf "  %-22s %10d\n", $1, $2}'

# Best wall-clock milliseconds of RUNS runs of one statement, and the count it returned: "ms rows".
zeit() {
    local best=0 t0 t1 ms zeilen="?"
    for _ in $(seq "$RUNS"); do
        t0=$(date +%s%N)
        zeilen=$(psql_q -d "$DB" -At -c "$1") || { echo "failed: $1" >&2; zeilen="?"; }
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
        if [ "$best" -eq 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    done
    echo "$best $zeilen"
}

alle() { echo "SELECT count(*) FROM kaoa.kommune k, $1"; }

LUECKEN_SQL=$(alle "kaoa.sbo_luecken(k.kommune, 2025, '2026-03-01') l")
LUECKEN_BASIS="SELECT count(*) FROM (
  SELECT s.kommune, s.person_id, count(*) FILTER (WHERE k.element = 'potenzialanalyse') AS pa,
         count(DISTINCT t.berufsfeld) FILTER (WHERE k.element = 'berufsfelderkundung') AS bfe,
         count(*) FILTER (WHERE k.element = 'praktikum') AS pr,
         (SELECT count(*) FROM kaoa.anschlussvereinbarung a WHERE a.kommune = s.kommune AND a.person_id = s.person_id AND a.datum <= '2026-03-01') AS av
    FROM kaoa.schulbesuch s
    LEFT JOIN kaoa.sbo_teilnahme t ON t.kommune = s.kommune AND t.person_id = s.person_id AND t.teilgenommen AND t.datum <= '2026-03-01'
    LEFT JOIN kaoa.sbo_katalog k ON k.version = t.katalog_version AND k.code = t.sbo_code
   WHERE s.schuljahr = 2025 AND s.jahrgang BETWEEN 8 AND 10
   GROUP BY s.kommune, s.person_id) x"
UEBER_SQL=$(alle "kaoa.massnahmen_ueberschneidungen(k.kommune, 2025) u")
UEBER_BASIS="SELECT count(*) FROM kaoa.massnahme a JOIN kaoa.massnahme b
   ON b.kommune = a.kommune AND a.massnahme_id < b.massnahme_id
  AND a.jahrgaenge && b.jahrgaenge AND a.zeitraum && b.zeitraum
  AND (a.schulformen IS NULL OR b.schulformen IS NULL OR a.schulformen && b.schulformen)
  AND (a.berufsfelder IS NULL OR b.berufsfelder IS NULL OR a.berufsfelder && b.berufsfelder)
 WHERE a.zeitraum && daterange('2025-08-01', '2026-08-01') AND b.zeitraum && daterange('2025-08-01', '2026-08-01')"
GAP_SQL=$(alle "kaoa.massnahmen_luecken(k.kommune, 2025) g")
GAP_BASIS="WITH s AS (SELECT b.kommune, b.person_id, b.jahrgang, b.schulform FROM kaoa.schulbesuch b WHERE b.schuljahr = 2025),
 av AS (SELECT DISTINCT ON (a.kommune, a.person_id) a.kommune, a.person_id, a.wuensche FROM kaoa.anschlussvereinbarung a
         WHERE a.datum < '2026-08-01' ORDER BY a.kommune, a.person_id, a.datum DESC, a.vereinbarung_id DESC),
 zweig AS (SELECT f.code, z::text AS praefix FROM kaoa.berufsfeld f, unnest(f.kldb) z),
 interesse AS (SELECT t.kommune, t.person_id, t.berufsfeld FROM kaoa.sbo_teilnahme t WHERE t.berufsfeld IS NOT NULL AND t.datum < '2026-08-01'
   UNION SELECT av.kommune, av.person_id, zweig.code FROM av, unnest(av.wuensche) w(k), generate_series(1, length(w.k::text)) l(n)
          JOIN zweig ON true WHERE zweig.praefix = left(w.k::text, l.n)),
 zellen AS (SELECT s.kommune, s.jahrgang, s.schulform, i.berufsfeld, count(*) AS n FROM s JOIN interesse i USING (kommune, person_id) GROUP BY 1, 2, 3, 4)
SELECT count(*) FROM zellen z WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme m WHERE m.kommune = z.kommune
   AND m.zeitraum && daterange('2025-08-01', '2026-08-01') AND m.jahrgaenge @> z.jahrgang
   AND (m.schulformen IS NULL OR z.schulform = ANY (m.schulformen)) AND (m.berufsfelder IS NULL OR z.berufsfeld = ANY (m.berufsfelder)))"
VSBO_SQL="SELECT count(*) FROM kaoa.v_sbo"

printf '\n%-30s %9s %10s %12s %7s %8s\n' "analysis (all NRW)" "rows" "kaoa ms" "baseline ms" "ratio" "< 5 s"
zeile() {
    local name=$1 sql=$2 basis=$3 ms z bms=""
    read -r ms z < <(zeit "$sql")
    if [ -n "$basis" ]; then read -r bms _ < <(zeit "$basis"); fi
    printf '%-30s %9s %10d %12s %7s %8s\n' "$name" "$z" "$ms" "${bms:--}" \
        "$( [ -n "$bms" ] && [ "$bms" -gt 0 ] && awk -v a="$ms" -v b="$bms" 'BEGIN { printf "%.2f", a / b }' || echo -)" \
        "$( [ "$ms" -lt 5000 ] && echo yes || echo NO)"
}
zeile "sbo_luecken" "$LUECKEN_SQL" "$LUECKEN_BASIS"
zeile "v_sbo" "$VSBO_SQL" ""
zeile "massnahmen_ueberschneidungen" "$UEBER_SQL" "$UEBER_BASIS"
zeile "massnahmen_luecken" "$GAP_SQL" "$GAP_BASIS"
echo
echo "rows: sbo_luecken = missing (pupil, element) pairs; v_sbo = (school, grade, element) rows;"
echo "baseline rows differ in kind (pupils grouped, pairs, cells); v_sbo has no plain-SQL baseline (it is sbo_luecken aggregated)."
