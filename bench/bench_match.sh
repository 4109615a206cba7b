#!/bin/bash
# bench/bench_match.sh — the matching benchmark, run by bench/run.sh inside a tuned
# throwaway cluster (PG* variables set).  Prints ONE table:
#   1. kaoa.passung over 1,000,000 pairs against the same formula written as plain SQL (ratio);
#   2. top-10 offers for every applicant at NRW scale (181,000 × 100,000, clustered towns,
#      max_km 20–80): total time, pairs covered per second, offers looked at and scored;
#   3. kaoa.stabile_zuteilung on every applicant's top-50 candidates (the assignment itself, as the
#      function reports it, and in all) against a plain-Python (stdlib) deferred acceptance on the
#      same candidates (its results are checked pair for pair); kaoa.zuteilung_berechnen end to end
#      for the largest Kommune and for all 53 Kommunen in one statement.
# Figures taken while other work runs on the machine are noisy; the baselines run in the same pass.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
DB=kaoa_bench_match
OUT=bench/out/match
mkdir -p "$OUT"
P=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")

jetzt() { date +%s.%N; }
dauer() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# messen SQL [SETUP]: runs SQL once in a fresh session (after SETUP), prints the elapsed seconds and
# leaves the backend's CPU ticks before and after in $OUT (cpu_sek), so that figures taken
# on a busy machine can be told apart from the work itself.
messen() {
    "${P[@]}" -At <<SQL
${2:-}
SELECT pg_backend_pid() AS pid \gset
\setenv PID :pid
\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $OUT/ticks0
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
\o /dev/null
$1;
\o
SELECT extract(epoch FROM clock_timestamp()) - :t0 AS wall \gset
\! awk '{print \$14 + \$15}' /proc/\$PID/stat > $OUT/ticks1
\echo :wall
SQL
}
cpu_sek() { awk 'NR == FNR { a = $1; next } { printf "%.2f", ($1 - a) / 100 }' "$OUT/ticks0" "$OUT/ticks1"; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" || exit 1
"${P[@]}" -c "CREATE EXTENSION kaoa" || exit 1

echo "-- generating NRW-scale data (181,000 applicants, 100,000 offers) ..."
t0=$(jetzt)
"${P[@]}" -f bench/match_daten.sql > "$OUT/daten.txt" || { cat "$OUT/daten.txt"; exit 1; }
echo "   done in $(dauer "$t0" "$(jetzt)") s: $(tail -3 "$OUT/daten.txt" | head -1)"

# ---- 1. kaoa.passung against the same formula in plain SQL ---------------------------------------
"${P[@]}" <<'SQL'
CREATE TABLE bench.b1000 AS SELECT person_id FROM kaoa.bewerberprofil ORDER BY person_id LIMIT 1000;
CREATE TABLE bench.o1000 AS SELECT angebot_id FROM kaoa.angebot ORDER BY angebot_id LIMIT 1000;
-- the score of docs/matching.md written as plain SQL (with the types' SQL functions), one row per pair, NULL when excluded
CREATE VIEW bench.passung_sql AS
WITH b AS (
    SELECT p.person_id, p.wuensche, p.interessen, p.kompetenzen, p.lat, p.lon, p.max_km, p.verfuegbar_ab,
           (SELECT f.abschluss FROM kaoa.fall f WHERE f.kommune = p.kommune AND f.person_id = p.person_id
             ORDER BY f.schuljahr DESC LIMIT 1) AS abschluss,
           coalesce(g.beruf, 35) AS wb, coalesce(g.interessen, 15) AS wi, coalesce(g.weg, 20) AS ww,
           coalesce(g.abschluss, 15) AS wa, coalesce(g.beginn, 5) AS wg, coalesce(g.kompetenzen, 10) AS wk
      FROM bench.b1000 x JOIN kaoa.bewerberprofil p USING (person_id)
      LEFT JOIN kaoa.gewichtung g ON g.kommune = p.kommune
), paar AS (
    SELECT b.*, o.angebot_id, o.kldb, o.mindest_abschluss, o.mindest_hart, o.interessen AS o_interessen,
           o.anforderungen, o.beginn,
           CASE WHEN b.lat IS NOT NULL AND o.lat IS NOT NULL THEN
                2 * 6371.0088 * asin(sqrt(least(1.0::float8,
                    sin(radians(o.lat - b.lat) / 2) ^ 2
                    + cos(radians(b.lat)) * cos(radians(o.lat)) * sin(radians(o.lon - b.lon) / 2) ^ 2))) END AS d
      FROM b CROSS JOIN bench.o1000 y JOIN kaoa.angebot o USING (angebot_id)
), teile AS (
    SELECT person_id, angebot_id, wb, wi, ww, wa, wg, wk,
           CASE WHEN wuensche IS NULL OR cardinality(wuensche) = 0 THEN 0.5::float8 ELSE
               (SELECT max(CASE kaoa.kldb_gemeinsam(w, kldb) WHEN 5 THEN 1.0::float8 WHEN 4 THEN 0.85::float8
                               WHEN 3 THEN 0.65::float8 WHEN 2 THEN 0.40::float8 WHEN 1 THEN 0.15::float8 ELSE 0::float8 END
                           * CASE WHEN i = 1 THEN 1.0::float8 WHEN i = 2 THEN 0.9::float8 ELSE 0.8::float8 END)
                  FROM unnest(wuensche) WITH ORDINALITY u(w, i)) END AS c_beruf,
           CASE WHEN interessen IS NULL OR o_interessen IS NULL THEN 0.5::float8
                ELSE kaoa.kongruenz(interessen, o_interessen) END AS c_interessen,
           CASE WHEN d IS NULL THEN 0.5::float8 WHEN d <= 5 THEN 1::float8 WHEN max_km <= 5 THEN 0::float8
                ELSE greatest(0::float8, (max_km - d) / (max_km - 5)) END AS c_weg,
           CASE WHEN mindest_abschluss IS NULL THEN 1::float8
                WHEN kaoa.abschluss_rang(abschluss) IS NULL OR kaoa.abschluss_rang(mindest_abschluss) IS NULL THEN 0.5::float8
                WHEN kaoa.abschluss_rang(abschluss) - kaoa.abschluss_rang(mindest_abschluss) >= 0 THEN 1::float8
                WHEN kaoa.abschluss_rang(abschluss) - kaoa.abschluss_rang(mindest_abschluss) = -1 THEN 0.5::float8
                ELSE 0::float8 END AS c_abschluss,
           CASE WHEN verfuegbar_ab IS NULL OR beginn IS NULL OR verfuegbar_ab <= beginn THEN 1::float8
                WHEN verfuegbar_ab - beginn <= 31 THEN 0.5::float8 ELSE 0.25::float8 END AS c_beginn,
           CASE WHEN kompetenzen IS NULL OR anforderungen IS NULL THEN 0.5::float8
                ELSE kaoa.erfuellungsgrad(kompetenzen, anforderungen) END AS c_kompetenzen,
           coalesce(mindest_hart AND kaoa.erfuellt(abschluss, mindest_abschluss) IS NOT TRUE, false)
             OR coalesce(d > max_km, false) OR coalesce(verfuegbar_ab > beginn + 60, false) AS ausgeschlossen
      FROM paar
)
SELECT person_id, angebot_id,
       CASE WHEN NOT ausgeschlossen THEN
            100 * (wb * c_beruf + wi * c_interessen + ww * c_weg + wa * c_abschluss + wg * c_beginn + wk * c_kompetenzen)
                / (wb + wi + ww + wa + wg + wk) END AS passung
  FROM teile;
SQL

t_c=$(messen "SELECT count(p) FROM (SELECT kaoa.passung(b.person_id, o.angebot_id) AS p FROM bench.b1000 b CROSS JOIN bench.o1000 o) x")
cpu_c=$(cpu_sek)
t_sql=$(messen "SELECT count(passung) FROM bench.passung_sql")
cpu_sql=$(cpu_sek)
abw=$("${P[@]}" -Atc "SELECT coalesce(to_char(max(abs(kaoa.passung(s.person_id, s.angebot_id) - s.passung)), '9.9EEEE'), '-')
                            || ' / ' || count(*) FILTER (WHERE (kaoa.passung(s.person_id, s.angebot_id) IS NULL) <> (s.passung IS NULL))
                       FROM bench.passung_sql s")

# ---- 2. top-10 for every applicant ----------------------------------------------------------------
t_top=$(messen "CREATE TABLE bench.top10 AS SELECT b.person_id, t.angebot_id, t.passung
                 FROM kaoa.bewerberprofil b CROSS JOIN LATERAL kaoa.top_angebote(b.person_id, 10) t")
cpu_top=$(cpu_sek)
IFS='|' read -r treffer personen n_b n_o < <("${P[@]}" -Atc "SELECT count(*), count(DISTINCT person_id),
    (SELECT count(*) FROM kaoa.bewerberprofil), (SELECT count(*) FROM kaoa.angebot) FROM bench.top10")
# the search statistics, from one more pass over a tenth of the applicants (same searches)
IFS='|' read -r suchen gesichtet bewertet < <("${P[@]}" -At <<'SQL'
SELECT count(*) FROM kaoa.bewerberprofil b CROSS JOIN LATERAL kaoa.top_angebote(b.person_id, 10) t
 WHERE b.person_id % 10 = 0 \gset
SELECT suchen, gesichtet, bewertet FROM kaoa.matching_statistik();
SQL
)

# ---- 3. the stable assignment on every applicant's top-50 candidates ------------------------------
t0=$(jetzt)
"${P[@]}" -c "CREATE UNLOGGED TABLE bench.kand AS
              SELECT b.person_id AS bewerber, t.angebot_id AS angebot, t.passung AS praeferenz,
                     kaoa.prioritaet(b.person_id, t.angebot_id) AS prioritaet
                FROM kaoa.bewerberprofil b CROSS JOIN LATERAL kaoa.top_angebote(b.person_id, 50) t"
t_kand=$(dauer "$t0" "$(jetzt)")
n_kand=$("${P[@]}" -Atc "SELECT count(*) FROM bench.kand")
"${P[@]}" -c "\\copy bench.kand TO '$OUT/kandidaten.csv' CSV" \
          -c "\\copy (SELECT angebot_id, plaetze FROM kaoa.angebot) TO '$OUT/kapazitaeten.csv' CSV"

t0=$(jetzt)
"${P[@]}" -At > "$OUT/da.txt" 2> "$OUT/da_notice.txt" <<'SQL'
SET kaoa.fortschritt_sekunden = 0.5;
SELECT count(*), sum(bewerber::numeric * 1000003 + angebot) % 2305843009213693951
  FROM kaoa.stabile_zuteilung('SELECT bewerber, angebot, praeferenz, prioritaet FROM bench.kand',
                              'SELECT angebot_id, plaetze FROM kaoa.angebot', 2025);
SQL
t_da_gesamt=$(dauer "$t0" "$(jetzt)")
IFS='|' read -r da_zugeteilt da_summe < "$OUT/da.txt"
t_da=$(sed -n 's/.*the assignment \([0-9.]*\) s\..*/\1/p' "$OUT/da_notice.txt" | tail -1)
t_da_lesen=$(sed -n 's/.*Reading the queries took \([0-9.]*\) s.*/\1/p' "$OUT/da_notice.txt" | tail -1)

read -r py_lesen py_da py_zugeteilt py_summe < <(python3 bench/da_referenz.py "$OUT/kandidaten.csv" "$OUT/kapazitaeten.csv" 2025)
if [ "$py_zugeteilt" = "$da_zugeteilt" ] && [ "$py_summe" = "$da_summe" ]; then gleich="identical"; else gleich="DIFFERENT"; fi
rm -f "$OUT/kandidaten.csv"

groesste=$("${P[@]}" -Atc "SELECT kommune FROM kaoa.bewerberprofil GROUP BY kommune ORDER BY count(*) DESC LIMIT 1")
n_groesste=$("${P[@]}" -Atc "SELECT count(*) FROM kaoa.bewerberprofil WHERE kommune = '$groesste'")
t_ber1=$(messen "SELECT kaoa.zuteilung_berechnen('$groesste', 2025)" "SET kaoa.fortschritt_sekunden = 3600;")
cpu_ber1=$(cpu_sek)
t_ber_alle=$(messen "SELECT count(kaoa.zuteilung_berechnen(kommune, 2025)) FROM kaoa.kommune" "SET kaoa.fortschritt_sekunden = 3600;")
cpu_ber_alle=$(cpu_sek)
ber_zugeteilt=$("${P[@]}" -Atc "SELECT sum(zugeteilt) || ' of ' || sum(bewerber) FROM kaoa.zuteilung_lauf WHERE lauf_id > (SELECT min(lauf_id) FROM kaoa.zuteilung_lauf)")

# ---- the table ------------------------------------------------------------------------------------
awk -v t_c="$t_c" -v t_sql="$t_sql" -v cpu_c="$cpu_c" -v cpu_sql="$cpu_sql" -v abw="$abw" \
    -v cpu_top="$cpu_top" -v suchen="$suchen" -v cpu_ber1="$cpu_ber1" -v cpu_ber_alle="$cpu_ber_alle" \
    -v t_top="$t_top" -v treffer="$treffer" -v personen="$personen" -v gesichtet="$gesichtet" -v bewertet="$bewertet" \
    -v n_b="$n_b" -v n_o="$n_o" -v t_kand="$t_kand" -v n_kand="$n_kand" \
    -v t_da="$t_da" -v t_da_lesen="$t_da_lesen" -v t_da_gesamt="$t_da_gesamt" -v da_z="$da_zugeteilt" \
    -v py_da="$py_da" -v py_lesen="$py_lesen" -v gleich="$gleich" \
    -v groesste="$groesste" -v n_gr="$n_groesste" -v t_ber1="$t_ber1" -v t_ber_alle="$t_ber_alle" -v ber_z="$ber_zugeteilt" '
function z(x) { return sprintf("%.2f s", x) }
BEGIN {
    printf "\nmatching benchmark: %d applicants x %d offers in 53 Kommunen (clustered towns, max_km 20-80)\n", n_b, n_o
    fmt = "%-52s | %-44s | %-30s | %-9s | %s\n"
    printf fmt, "measure", "kaoa", "baseline (same run)", "ratio", "target"
    printf fmt, "----", "----", "----", "----", "----"
    printf fmt, "1 kaoa.passung, 1,000,000 pairs (1000 x 1000)", sprintf("%s (%.2g pairs/s)", z(t_c), 1e6 / t_c),
        "plain SQL formula " z(t_sql), sprintf("%.1fx", t_sql / t_c), ">= 10x"
    printf fmt, "  the same in backend CPU seconds", z(cpu_c), "plain SQL formula " z(cpu_sql), sprintf("%.1fx", cpu_sql / cpu_c), ""
    printf fmt, "  agreement with the SQL formula", "max |diff| / NULL mismatches: " abw, "", "", "< 1e-4"
    printf fmt, "2 top-10 offers for every applicant", sprintf("%s (CPU %s), %d rows for %d", z(t_top), z(cpu_top), treffer, personen),
        "", "", "<= 60 s"
    printf fmt, "  pairs covered (applicants x offers) per second", sprintf("%.3g pairs/s (%.3g pairs)", n_b * n_o / t_top, n_b * n_o), "", "", ""
    printf fmt, "  offers looked at / fully scored per applicant", sprintf("%.0f (%.2f%% of all) / %.0f", gesichtet / suchen, 100 * gesichtet / suchen / n_o, bewertet / suchen), "", "", ""
    printf fmt, "  pairs fully scored per second", sprintf("%.3g/s", bewertet / suchen * n_b / t_top), "", "", ""
    printf fmt, "3 candidates: top-50 for every applicant", sprintf("%s, %d pairs", z(t_kand), n_kand), "", "", ""
    printf fmt, "  stabile_zuteilung: the assignment itself", z(t_da), "Python DA (stdlib) " z(py_da), sprintf("%.0fx", py_da / t_da), "<= 2 s"
    printf fmt, "  stabile_zuteilung: in all (reading " z(t_da_lesen) ")", sprintf("%s, %d assigned", z(t_da_gesamt), da_z),
        "Python incl. CSV read " z(py_da + py_lesen), sprintf("%.1fx", (py_da + py_lesen) / t_da_gesamt), ""
    printf fmt, "  result against the Python reference", gleich " (pair for pair checksum)", "", "", "identical"
    printf fmt, "  zuteilung_berechnen, largest Kommune " groesste, sprintf("%s (CPU %s; %d applicants, k 50)", z(t_ber1), z(cpu_ber1), n_gr), "", "", "<= 30 s"
    printf fmt, "  zuteilung_berechnen, all 53 Kommunen (1 statement)", sprintf("%s (CPU %s; %s assigned)", z(t_ber_alle), z(cpu_ber_alle), ber_z), "", "", "<= 30 s"
}'
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"
