#!/bin/bash
# bench/bench_match.sh — the matching benchmark (issues #4 and 15), run by bench/run.sh inside a
# tuned throwaway cluster (PG* variables set).  Prints three tables, every figure against a
# baseline measured in the same run:
#   A. issue 15 — what a user does, at NRW scale (181,000 applicants × 100,000 offers, clustered
#      towns, max_km 20–80):
#      1. interactive: one kaoa.top_angebote / kaoa.top_bewerber per transaction (pgbench, p50 and
#         p95), against the warm call and against plain SQL ordering every offer (applicant) by
#         kaoa.passung; and with 20 sessions at once, each asking again at once and paced at 5 calls
#         a second each (bench/match_interaktiv.sh);
#      2. batch: top-10 offers for every applicant; kaoa.zuteilung_berechnen for all 53 Kommunen;
#      3. kaoa.passung over 1,000,000 pairs against the same formula written as plain SQL, and the
#         same cross join with an integer sum in its place (the executor's share);
#      4. the memory one backend keeps after a question of each kind (kaoa.matching_cache());
#      the load average at the start and the end of the run stands above the table;
#   B. details: pruning of the searches, the stable assignment on every applicant's top-50
#      candidates against a plain-Python (stdlib) deferred acceptance (checked pair for pair);
#   C. the scale curve: the same figures for one Kommune, a Regierungsbezirk, two and all of NRW,
#      per applicant, with the top-10 pass's CPU per applicant, the offers it looked at per
#      applicant and the CPU per offer looked at (what grows: the offers within reach, or the cost
#      of looking at one).
# Figures taken while other work runs on the machine are noisy (the backend's CPU seconds are
# shown beside the batch times); the baselines run in the same pass.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
DB=kaoa_bench_match
OUT=bench/out/match
mkdir -p "$OUT"
P=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")

. bench/match_interaktiv.sh
SEK=${KAOA_BENCH_SEKUNDEN:-10}      # seconds per pgbench run

jetzt() { date +%s.%N; }
dauer() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# messen SQL [SETUP]: runs SQL once in a fresh session (after SETUP), prints the elapsed seconds and
# leaves the backend's CPU ticks before and after in $OUT (cpu_sek), so that figures taken
# on a busy machine can be told apart from the work itself.
messen() {
    psql -X -q -v ON_ERROR_STOP=1 -d "${MDB:-$DB}" -At <<SQL
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

last0=$(cut -d' ' -f1-3 /proc/loadavg)
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" || exit 1
"${P[@]}" -c "CREATE EXTENSION kaoa" || exit 1

echo "-- generating NRW-scale data (181,000 applicants, 100,000 offers) ..."
t0=$(jetzt)
"${P[@]}" -f bench/match_daten.sql > "$OUT/daten.txt" || { cat "$OUT/daten.txt"; exit 1; }
echo "   done in $(dauer "$t0" "$(jetzt)") s: $(tail -3 "$OUT/daten.txt" | head -1)"

# ---- 1. kaoa.passung against the same formula in plain SQL ---------------------------------------
# the score of docs/matching.md written as plain SQL (with the types' SQL functions), one row per pair,
# NULL when excluded; the
# persons and offers it pairs are filled in below (__PERSONEN__, __ANGEBOTE__)
read -r -d '' FORMEL <<'SQL'
WITH b AS (
    SELECT p.person_id, p.wuensche, p.interessen, p.kompetenzen, p.lat, p.lon, p.max_km, p.verfuegbar_ab,
           (SELECT f.abschluss FROM kaoa.fall f WHERE f.kommune = p.kommune AND f.person_id = p.person_id
             ORDER BY f.schuljahr DESC LIMIT 1) AS abschluss,
           coalesce(g.beruf, 35) AS wb, coalesce(g.interessen, 15) AS wi, coalesce(g.weg, 20) AS ww,
           coalesce(g.abschluss, 15) AS wa, coalesce(g.beginn, 5) AS wg, coalesce(g.kompetenzen, 10) AS wk
      FROM __PERSONEN__ x JOIN kaoa.bewerberprofil p USING (person_id)
      LEFT JOIN kaoa.gewichtung g ON g.kommune = p.kommune
), paar AS (
    SELECT b.*, o.angebot_id, o.kldb, o.mindest_abschluss, o.mindest_hart, o.interessen AS o_interessen,
           o.anforderungen, o.beginn,
           CASE WHEN b.lat IS NOT NULL AND o.lat IS NOT NULL THEN
                2 * 6371.0088 * asin(sqrt(least(1.0::float8,
                    sin(radians(o.lat - b.lat) / 2) ^ 2
                    + cos(radians(b.lat)) * cos(radians(o.lat)) * sin(radians(o.lon - b.lon) / 2) ^ 2))) END AS d
      FROM b CROSS JOIN __ANGEBOTE__ y JOIN kaoa.angebot o USING (angebot_id)
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
V_SQL=${FORMEL//__PERSONEN__/bench.b1000}; V_SQL=${V_SQL//__ANGEBOTE__/bench.o1000}
F_SQL=${FORMEL//__PERSONEN__/(SELECT \$1 AS person_id)}; F_SQL=${F_SQL//__ANGEBOTE__/kaoa.angebot}
"${P[@]}" <<SQL
CREATE TABLE bench.b1000 AS SELECT person_id FROM kaoa.bewerberprofil ORDER BY person_id LIMIT 1000;
CREATE TABLE bench.o1000 AS SELECT angebot_id FROM kaoa.angebot ORDER BY angebot_id LIMIT 1000;
CREATE VIEW bench.passung_sql AS ${V_SQL};
-- one person against every offer: the plain-SQL baseline of kaoa.top_angebote
CREATE FUNCTION bench.passung_person_sql(bigint) RETURNS TABLE (person_id bigint, angebot_id bigint, passung float8)
    LANGUAGE sql STABLE AS \$formel\$ ${F_SQL} \$formel\$;
SQL

t_c=$(messen "SELECT count(p) FROM (SELECT kaoa.passung(b.person_id, o.angebot_id) AS p FROM bench.b1000 b CROSS JOIN bench.o1000 o) x")
cpu_c=$(cpu_sek)
t_sql=$(messen "SELECT count(passung) FROM bench.passung_sql")
cpu_sql=$(cpu_sek)
# the same cross join with the cheapest function in its place: the executor's share of t_c (no
# function can be faster than this, so t_sql / t_leer bounds the ratio)
t_leer=$(messen "SELECT count(p) FROM (SELECT b.person_id + o.angebot_id AS p FROM bench.b1000 b CROSS JOIN bench.o1000 o) x")
abw=$("${P[@]}" -Atc "SELECT coalesce(to_char(max(abs(kaoa.passung(s.person_id, s.angebot_id) - s.passung)), '9.9EEEE'), '-')
                            || ' / ' || count(*) FILTER (WHERE (kaoa.passung(s.person_id, s.angebot_id) IS NULL) <> (s.passung IS NULL))
                       FROM bench.passung_sql s")

IFS='|' read -r n_b_alle n_o_alle < <("${P[@]}" -Atc "SELECT (SELECT max(person_id) FROM kaoa.bewerberprofil),
                                                      (SELECT max(angebot_id) FROM kaoa.angebot)")

# ---- 2. interactive: one call per transaction (pgbench) ------------------------------------------
echo "-- interactive calls (pgbench, ${SEK} s per run) ..."
interaktiv "$DB" nrw "$n_b_alle" "$n_o_alle" "$SEK"

# ---- what one backend keeps: kaoa.matching_cache() after one question of each kind, and the
# backend's private memory (RssAnon, kB) before and after them
"${P[@]}" -At > "$OUT/speicher.txt" <<SQL
SELECT pg_backend_pid() AS pid \gset
\setenv PID :pid
\! awk '/^RssAnon/ {print \$2}' /proc/\$PID/status > $OUT/rss0
SELECT count(*) FROM kaoa.top_angebote(1, 10) \gset
SELECT count(*) FROM kaoa.top_bewerber(1, 10) \gset
\! awk '/^RssAnon/ {print \$2}' /proc/\$PID/status > $OUT/rss1
SELECT coalesce(string_agg(teil || ' ' || round(bytes / 1048576.0, 1) || ' MB', ', ' ORDER BY teil), '-')
       || ' = ' || round(coalesce(sum(bytes), 0) / 1048576.0, 1) || ' MB' FROM kaoa.matching_cache();
SQL
speicher=$(tail -1 "$OUT/speicher.txt")
rss=$(awk 'NR == FNR { a = $1; next } { printf "%.0f MB", ($1 - a) / 1024 }' "$OUT/rss0" "$OUT/rss1")

# ---- 3. top-10 for every applicant, in a fresh session ---------------------------------------------
# batch MESSUNG_DB: top-10 for every applicant and zuteilung_berechnen for every Kommune, each in a
# fresh session; sets b_top, b_top_cpu, b_ber, b_ber_cpu (s), b_n, b_o, b_gesichtet, b_bewertet,
# b_suchen (the search statistics of the top-10 pass)
batch() {
    local db=$1
    local PB=(psql -X -q -v ON_ERROR_STOP=1 -d "$db")
    b_top=$(MDB=$db messen "CREATE TABLE bench.top10 AS SELECT b.person_id, t.angebot_id, t.passung
                 FROM kaoa.bewerberprofil b CROSS JOIN LATERAL kaoa.top_angebote(b.person_id, 10) t")
    b_top_cpu=$(cpu_sek)
    # the search statistics, from one more pass over a tenth of the applicants (the same searches)
    read -r b_suchen b_gesichtet b_bewertet < <("${PB[@]}" -At <<'STAT'
SELECT count(*) FROM kaoa.bewerberprofil b CROSS JOIN LATERAL kaoa.top_angebote(b.person_id, 10) t
 WHERE b.person_id % 10 = 0 \gset
SELECT suchen || ' ' || gesichtet || ' ' || bewertet FROM kaoa.matching_statistik();
STAT
)
    IFS='|' read -r b_n b_o < <("${PB[@]}" -Atc "SELECT (SELECT count(*) FROM kaoa.bewerberprofil), (SELECT count(*) FROM kaoa.angebot)")
    local vorher=$("${PB[@]}" -Atc "SELECT coalesce(max(lauf_id), 0) FROM kaoa.zuteilung_lauf")
    b_ber=$(MDB=$db messen "SELECT count(kaoa.zuteilung_berechnen(kommune, 2025)) FROM kaoa.kommune" "SET kaoa.fortschritt_sekunden = 3600;")
    b_ber_cpu=$(cpu_sek)
    b_ber_z=$("${PB[@]}" -Atc "SELECT sum(zugeteilt) || ' of ' || sum(bewerber) FROM kaoa.zuteilung_lauf WHERE lauf_id > $vorher")
    b_treffer=$("${PB[@]}" -Atc "SELECT count(*) FROM bench.top10")
    "${PB[@]}" -c "DROP TABLE bench.top10"
}
echo "-- batch runs ..."
batch "$DB"
t_top=$b_top; cpu_top=$b_top_cpu; suchen=$b_suchen; gesichtet=$b_gesichtet; bewertet=$b_bewertet
n_b=$b_n; n_o=$b_o; t_ber_alle=$b_ber; cpu_ber_alle=$b_ber_cpu; ber_zugeteilt=$b_ber_z; treffer=$b_treffer

# ---- 4. the stable assignment on every applicant's top-50 candidates ------------------------------
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

# ---- 5. the scale curve: one Kommune, a Regierungsbezirk, two, all of NRW ------------------------
RB_KOELN=05314,05315,05316,05334,05358,05362,05366,05370,05374,05378,05382
RB_DUESSELDORF=05111,05112,05113,05114,05116,05117,05119,05120,05122,05124,05154,05158,05162,05166,05170
STUFEN=("Köln:05315" "Regierungsbezirk Köln:$RB_KOELN" "Regierungsbezirke Köln und Düsseldorf:$RB_KOELN,$RB_DUESSELDORF" "NRW:alle")
kurve=""
echo "-- scale curve ..."
for stufe in "${STUFEN[@]}"; do
    name=${stufe%%:*}; auswahl=${stufe#*:}
    if [ "$auswahl" = alle ]; then
        sdb=$DB
    else
        sdb=kaoa_bench_match_stufe
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $sdb" -c "CREATE DATABASE $sdb" &&
            psql -X -q -d "$sdb" -c "CREATE EXTENSION kaoa" &&
            psql -X -q -d "$sdb" -v auswahl="$auswahl" -f bench/match_daten.sql > /dev/null || { echo "generating $name failed"; continue; }
    fi
    IFS='|' read -r s_b s_o s_k < <(psql -X -q -At -d "$sdb" -c "SELECT (SELECT count(*) FROM kaoa.bewerberprofil),
        (SELECT count(*) FROM kaoa.angebot), (SELECT count(*) FROM kaoa.kommune)")
    printf '\\set x random(1, %s)\nSELECT count(*) FROM kaoa.top_angebote(:x, 10);\n' "$s_b" > "$OUT/stufe_a.sql"
    printf '\\set x random(1, %s)\nSELECT count(*) FROM kaoa.top_bewerber(:x, 10);\n' "$s_o" > "$OUT/stufe_b.sql"
    pgb stufe_a -c 1 -T "$((SEK / 2 > 3 ? SEK / 2 : 3))" -f "$OUT/stufe_a.sql" "$sdb"
    pgb stufe_b -c 1 -T "$((SEK / 2 > 3 ? SEK / 2 : 3))" -f "$OUT/stufe_b.sql" "$sdb"
    read -r a50 a95 an am < <(perzentile "$OUT/pgb_stufe_a.*" 1 1 2> "$OUT/erster_a")
    read -r w50 w95 wn wm < <(perzentile "$OUT/pgb_stufe_b.*" 1 1 2> "$OUT/erster_b")
    if [ "$auswahl" = alle ]; then
        s_top=$t_top; s_ber=$t_ber_alle; s_cpu=$cpu_top; s_such=$suchen; s_ges=$gesichtet
    else
        batch "$sdb"; s_top=$b_top; s_ber=$b_ber; s_cpu=$b_top_cpu; s_such=$b_suchen; s_ges=$b_gesichtet
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $sdb"
    fi
    kurve+="$name|$s_k|$s_b|$s_o|$a50|$(sed -n 's/erster //p' "$OUT/erster_a")|$w50|$(sed -n 's/erster //p' "$OUT/erster_b")|$s_top|$s_ber|$s_cpu|$s_such|$s_ges"$'\n'
done

# ---- the tables -----------------------------------------------------------------------------------
v() { eval "echo \${$1:--}"; }
last1=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v ncpu="$(nproc)" -v last0="$last0" -v last1="$last1" -v speicher="${speicher:--}" -v rss="${rss:--}" \
    -v t_c="$t_c" -v t_sql="$t_sql" -v cpu_c="$cpu_c" -v cpu_sql="$cpu_sql" -v abw="$abw" \
    -v cpu_top="$cpu_top" -v suchen="$suchen" -v cpu_ber1="$cpu_ber1" -v cpu_ber_alle="$cpu_ber_alle" \
    -v t_top="$t_top" -v treffer="$treffer" -v gesichtet="$gesichtet" -v bewertet="$bewertet" \
    -v n_b="$n_b" -v n_o="$n_o" -v t_kand="$t_kand" -v n_kand="$n_kand" \
    -v t_da="$t_da" -v t_da_lesen="$t_da_lesen" -v t_da_gesamt="$t_da_gesamt" -v da_z="$da_zugeteilt" \
    -v py_da="$py_da" -v py_lesen="$py_lesen" -v gleich="$gleich" \
    -v groesste="$groesste" -v n_gr="$n_groesste" -v t_ber1="$t_ber1" -v t_ber_alle="$t_ber_alle" -v ber_z="$ber_zugeteilt" \
    -v ak50="$(v i_nrw_angebote_kalt_p50)" -v ak95="$(v i_nrw_angebote_kalt_p95)" -v akn="$(v i_nrw_angebote_kalt_n)" \
    -v aw50="$(v i_nrw_angebote_warm_p50)" -v as50="$(v i_nrw_angebote_sql_p50)" -v af50="$(v i_nrw_angebote_formel_p50)" \
    -v a2050="$(v i_nrw_angebote_20_p50)" -v a2095="$(v i_nrw_angebote_20_p95)" -v aerst="$(v i_nrw_angebote_erster)" \
    -v a20erst="$(v i_nrw_angebote_20_erster)" \
    -v bk50="$(v i_nrw_bewerber_kalt_p50)" -v bk95="$(v i_nrw_bewerber_kalt_p95)" -v bkn="$(v i_nrw_bewerber_kalt_n)" \
    -v bw50="$(v i_nrw_bewerber_warm_p50)" -v bs50="$(v i_nrw_bewerber_sql_p50)" \
    -v b2050="$(v i_nrw_bewerber_20_p50)" -v b2095="$(v i_nrw_bewerber_20_p95)" -v berst="$(v i_nrw_bewerber_erster)" \
    -v b20erst="$(v i_nrw_bewerber_20_erster)" -v kurve="$kurve" \
    -v akm="$(v i_nrw_angebote_kalt_mittel)" -v awm="$(v i_nrw_angebote_warm_mittel)" \
    -v bkm="$(v i_nrw_bewerber_kalt_mittel)" -v bwm="$(v i_nrw_bewerber_warm_mittel)" \
    -v ak_tps="$(v i_nrw_angebote_kalt_tps)" -v a20_tps="$(v i_nrw_angebote_20_tps)" \
    -v bk_tps="$(v i_nrw_bewerber_kalt_tps)" -v b20_tps="$(v i_nrw_bewerber_20_tps)" -v t_leer="$t_leer" \
    -v a20r50="$(v i_nrw_angebote_20r_p50)" -v a20r95="$(v i_nrw_angebote_20r_p95)" \
    -v b20r50="$(v i_nrw_bewerber_20r_p50)" -v b20r95="$(v i_nrw_bewerber_20r_p95)" \
    -v a1r50="$(v i_nrw_angebote_1r_p50)" -v b1r50="$(v i_nrw_bewerber_1r_p50)" '
function z(x) { return sprintf("%.2f s", x) }
function ms(x) { return x == "-" ? "-" : sprintf("%.2f ms", x) }
function r(a, b) { return (a == "-" || b == "-" || a == 0) ? "-" : sprintf("%.1fx", b / a) }
BEGIN {
    printf "\nA. matching, issue 15: %d applicants x %d offers in 53 Kommunen (clustered towns, max_km 20-80)\n", n_b, n_o
    printf "   load average (1, 5, 15 min) at the start: %s; at the end: %s (%s cores)\n", last0, last1, ncpu
    fmt = "%-58s | %-40s | %-40s | %-8s | %s\n"
    printf fmt, "what a user does", "kaoa", "baseline (same run)", "ratio", "target"
    printf fmt, "----", "----", "----", "----", "----"
    printf fmt, "top_angebote(person, 10), one per transaction: p50 / p95", ms(ak50) " / " ms(ak95) " (" akn " calls)",
        "plain SQL by kaoa.passung: p50 " ms(as50), r(ak50, as50), ">= 50x"
    printf fmt, "  the same against the warm call (20 in one transaction)", ms(ak50), "warm call p50 " ms(aw50), r(aw50, ak50), "<= 2x"
    printf fmt, "    means (a warm figure is the mean of its 20 calls)", ms(akm), "warm call mean " ms(awm), r(awm, akm), ""
    printf fmt, "  the same against the formula in plain SQL", ms(ak50), "plain SQL formula: p50 " ms(af50), r(ak50, af50), ""
    printf fmt, "  20 sessions at once (pgbench -c 20): p50 / p95", ms(a2050) " / " ms(a2095), "one session p50 " ms(ak50), r(ak50, a2050), "<= 3x"
    printf fmt, "    calls per second, 1 / 20 sessions (" ncpu " cores)", ak_tps " / " a20_tps, "20 sessions on " ncpu " cores queue " 20 / ncpu " deep", r(ak_tps, a20_tps), ""
    printf fmt, "  20 sessions asking 5 times a second each (-R 100)", ms(a20r50) " / " ms(a20r95), "one session so paced (-R 5) p50 " ms(a1r50), r(a1r50, a20r50), "<= 3x"
    printf fmt, "  first call of a session (reads what it keeps), 1 / 20 sessions", ms(aerst) " / " ms(a20erst), "", "", ""
    printf fmt, "top_bewerber(angebot, 10), one per transaction: p50 / p95", ms(bk50) " / " ms(bk95) " (" bkn " calls)",
        "plain SQL by kaoa.passung: p50 " ms(bs50), r(bk50, bs50), ">= 50x"
    printf fmt, "  the same against the warm call (20 in one transaction)", ms(bk50), "warm call p50 " ms(bw50), r(bw50, bk50), "<= 2x"
    printf fmt, "    means (a warm figure is the mean of its 20 calls)", ms(bkm), "warm call mean " ms(bwm), r(bwm, bkm), ""
    printf fmt, "  20 sessions at once (pgbench -c 20): p50 / p95", ms(b2050) " / " ms(b2095), "one session p50 " ms(bk50), r(bk50, b2050), "<= 3x"
    printf fmt, "    calls per second, 1 / 20 sessions (" ncpu " cores)", bk_tps " / " b20_tps, "20 sessions on " ncpu " cores queue " 20 / ncpu " deep", r(bk_tps, b20_tps), ""
    printf fmt, "  20 sessions asking 5 times a second each (-R 100)", ms(b20r50) " / " ms(b20r95), "one session so paced (-R 5) p50 " ms(b1r50), r(b1r50, b20r50), "<= 3x"
    printf fmt, "  first call of a session (reads what it keeps), 1 / 20 sessions", ms(berst) " / " ms(b20erst), "", "", ""
    printf fmt, "top-10 offers for every applicant (fresh session)", sprintf("%s (CPU %s)", z(t_top), z(cpu_top)), "", "", "<= 10 s"
    printf fmt, "zuteilung_berechnen, all 53 Kommunen (1 statement)", sprintf("%s (CPU %s)", z(t_ber_alle), z(cpu_ber_alle)), ber_z " assigned", "", "<= 15 s"
    printf fmt, "memory one backend keeps (kaoa.matching_cache)", speicher, "backend RssAnon grew " rss, "", "<= kaoa.matching_cache_mb"
    printf fmt, "kaoa.passung, 1,000,000 pairs (1000 x 1000)", sprintf("%s (%.2g pairs/s)", z(t_c), 1e6 / t_c),
        "plain SQL formula " z(t_sql), sprintf("%.1fx", t_sql / t_c), ">= 30x"
    printf fmt, "  the same in backend CPU seconds", z(cpu_c), "plain SQL formula " z(cpu_sql), sprintf("%.1fx", cpu_sql / cpu_c), ""
    printf fmt, "  the cross join alone (b.person_id + o.angebot_id)", z(t_leer), "bounds the ratio of any function at", sprintf("%.1fx", t_sql / t_leer), ""
    printf fmt, "  agreement with the SQL formula", "max |diff| / NULL mismatches: " abw, "", "", "< 1e-4"

    printf "\nB. details\n"
    printf fmt, "measure", "kaoa", "baseline (same run)", "ratio", "target"
    printf fmt, "----", "----", "----", "----", "----"
    printf fmt, "top-10: rows / pairs covered per second", sprintf("%d rows, %.3g pairs/s", treffer, n_b * n_o / t_top), "", "", ""
    printf fmt, "  offers looked at / fully scored per applicant", sprintf("%.0f (%.2f%% of all) / %.0f", gesichtet / suchen, 100 * gesichtet / suchen / n_o, bewertet / suchen), "", "", ""
    printf fmt, "candidates: top-50 for every applicant", sprintf("%s, %d pairs", z(t_kand), n_kand), "", "", ""
    printf fmt, "stabile_zuteilung: the assignment itself", z(t_da), "Python DA (stdlib) " z(py_da), sprintf("%.0fx", py_da / t_da), "<= 2 s"
    printf fmt, "stabile_zuteilung: in all (reading " z(t_da_lesen) ")", sprintf("%s, %d assigned", z(t_da_gesamt), da_z),
        "Python incl. CSV read " z(py_da + py_lesen), sprintf("%.1fx", (py_da + py_lesen) / t_da_gesamt), ""
    printf fmt, "  result against the Python reference", gleich " (pair for pair checksum)", "", "", "identical"
    printf fmt, "zuteilung_berechnen, largest Kommune " groesste, sprintf("%s (CPU %s; %d applicants, k 50)", z(t_ber1), z(cpu_ber1), n_gr), "", "", "<= 30 s"

    printf "\nC. scale curve (the same data generator restricted to a part of NRW: same density, same towns)\n"
    f2 = "%-38s | %8s | %8s | %8s | %-22s | %-22s | %-22s | %-22s | %-30s\n"
    printf f2, "part", "Kommunen", "applic.", "offers", "top_angebote p50 (1st)", "top_bewerber p50 (1st)", "top-10 all: s, us/appl.", "zuteilung all: s, us/appl.", "top-10: CPU us/appl., looked at, ns each"
    printf f2, "----", "----", "----", "----", "----", "----", "----", "----", "----"
    n = split(kurve, zeilen, "\n")
    for (i = 1; i <= n; i++) {
        if (zeilen[i] == "") continue
        split(zeilen[i], f, "|")
        printf f2, f[1], f[2], f[3], f[4], sprintf("%s (%s)", ms(f[5]), ms(f[6])), sprintf("%s (%s)", ms(f[7]), ms(f[8])),
            sprintf("%.2f s, %.1f us", f[9], 1e6 * f[9] / f[3]), sprintf("%.2f s, %.1f us", f[10], 1e6 * f[10] / f[3]),
            (f[12] > 0 && f[13] > 0) ? sprintf("%.1f us, %.0f, %.0f ns", 1e6 * f[11] / f[3], f[13] / f[12], 1e9 * f[11] / f[3] / (f[13] / f[12])) : "-"
    }
}'
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"
