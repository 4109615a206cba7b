#!/bin/bash
# demo/schuljahr.sh — runs inside the throwaway cluster of demo/run.sh (PG* variables set, superuser):
# a Kreis-sized cohort generated and imported, one school year played through the chain by the
# organisations' own roles (demo/schuljahr.sql), matches and the stable assignment computed, and
# what each user would look at printed.
set -euo pipefail
cd "$(dirname "$0")/.."
. demo/sprache.sh
# German: the server answers the demo's (superuser) sessions in German too
if $DEMO_DE; then export PGOPTIONS="${PGOPTIONS:-} -c lc_messages=de_DE.UTF-8"; fi
K=$(pg_config --bindir)/kaoa
DB=kaoa_demo
KOMMUNE=${KAOA_DEMO_KOMMUNE:-05566}
# a Kreis-sized cohort; the tests play a smaller one (KAOA_DEMO_PERSONEN, KAOA_DEMO_ANGEBOTE)
PERSONEN=${KAOA_DEMO_PERSONEN:-3400}
ANGEBOTE=${KAOA_DEMO_ANGEBOTE:-2000}
work=$(mktemp -d /tmp/kaoa-demo.XXXXXX)
trap 'rm -rf "$work"' EXIT
# the school year whose leavers are being identified now: from August on, the one that just began
SJ=$(date +%Y); [ "$(date +%-m)" -ge 8 ] || SJ=$((SJ - 1))
abschnitt() { printf '\n\033[1m%s\033[0m\n' "$*"; }
p() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v kommune="$KOMMUNE" -v sj="$SJ" -v de="$DEMO_DE" "$@"; }

# a second run in the same cluster starts over (the demo's database and its roles)
dropdb --if-exists "$DB" 2> /dev/null
psql -XAtq -d postgres -c "SELECT pg_catalog.format('DROP ROLE %I;', rolname) FROM pg_catalog.pg_roles WHERE rolname LIKE 'demo\_%'" \
    | psql -Xq -d postgres > /dev/null
createdb "$DB"
psql -Xq -d "$DB" -c 'CREATE EXTENSION kaoa'

abschnitt "kaoa generate / kaoa import: $(t 'a Kreis-sized cohort (Kreis' 'ein Jahrgang in Kreisgröße (Kreis') $KOMMUNE, $(t 'school year' 'Schuljahr') $SJ/$(( (SJ + 1) % 100 )))"
# --no-sbo: the schools record the SBO history themselves, each as its own role (demo/sbo.sql)
"$K" generate --seed 2026 --kommune "$KOMMUNE" --schuljahr "$SJ" --personen "$PERSONEN" --angebote "$ANGEBOTE" --no-sbo > "$work/kohorte.jsonl"
echo "\$ kaoa generate --seed 2026 --kommune $KOMMUNE --schuljahr $SJ --personen $PERSONEN --angebote $ANGEBOTE --no-sbo > kohorte.jsonl   ($(wc -l < "$work/kohorte.jsonl") $(t lines Zeilen))"
echo "\$ kaoa import kohorte.jsonl"
"$K" import "$work/kohorte.jsonl" -d "$DB" -v 2>&1
echo "\$ kaoa import kohorte.jsonl     ($(t 'again: nothing changes' 'noch einmal: nichts ändert sich'))"
"$K" import "$work/kohorte.jsonl" -d "$DB" 2>&1
# the identification window of this Kommune is moved around today, so the schools identify
# without having to give a reason: an update of one record, by the same import
printf '{"typ":"fristen","kommune":"%s","schuljahr":%s,"identifikation_von":"%s","identifikation_bis":"%s"}\n' \
    "$KOMMUNE" "$SJ" "$(date -d '-30 days' +%F)" "$(date -d '+30 days' +%F)" > "$work/fristen.jsonl"
echo "\$ kaoa import fristen.jsonl     ($(t 'the identification window, moved around today' 'der Identifikationszeitraum, um heute verschoben'))"
"$K" import "$work/fristen.jsonl" -d "$DB" 2>&1

abschnitt "$(t 'The school year, as the organisations play it (each as its own role)' 'Das Schuljahr, wie die Organisationen es spielen (jede mit ihrer eigenen Rolle)')"
p -f demo/schuljahr.sql

rolle() { psql -XAtq -d "$DB" -c "SELECT 'demo_' || lower(regexp_replace(schluessel, '[^A-Za-z0-9]', '_', 'g')) FROM kaoa.organisation WHERE kommune = '$KOMMUNE' AND typ = '$1' ORDER BY org_id LIMIT 1"; }
KOKO=$(rolle koko); AA=$(rolle agentur)

abschnitt "$(t 'BI analyst (demo_bi, kaoa.bi_zugang): kaoa.v_kette — a count below min_fallzahl empty (NULL), every other rounded to a multiple of it' 'BI-Analyse (demo_bi, kaoa.bi_zugang): kaoa.v_kette — eine Anzahl unter min_fallzahl leer (NULL), jede andere auf ein Vielfaches davon gerundet')"
p -c "SET ROLE demo_bi" -c "SELECT status, anzahl, ueberfaellig FROM kaoa.v_kette WHERE schuljahr = $SJ ORDER BY status"

abschnitt "$(t 'Coordinator' 'Koordination') (KoKo, $KOKO): kaoa status — $(t 'what kette_pruefen finds two weeks from now' 'was kette_pruefen in zwei Wochen findet')"
echo "\$ kaoa status --kommune $KOMMUNE --stichtag $(date -d '+14 days' +%F) --limit 5"
PGOPTIONS="${PGOPTIONS:-} -c role=$KOKO" "$K" status --kommune "$KOMMUNE" -d "$DB" --stichtag "$(date -d '+14 days' +%F)" --limit 5

abschnitt "$(t 'Matching: the KoKo computes the stable assignment (kaoa.zuteilung_berechnen, top-50 per applicant)' 'Matching: die KoKo berechnet die stabile Zuteilung (kaoa.zuteilung_berechnen, die besten 50 je Bewerber)')"
p -c "SET ROLE $KOKO" -c "SELECT kaoa.zuteilung_berechnen('$KOMMUNE', $SJ) AS lauf_id" \
  -c "SELECT bewerber AS $(t applicants bewerber), angebote AS $(t offers angebote), kandidaten AS $(t candidate_pairs kandidatenpaare), zugeteilt AS $(t proposed_a_place platz_vorgeschlagen)
        FROM kaoa.zuteilung_lauf WHERE kommune = '$KOMMUNE' ORDER BY lauf_id DESC LIMIT 1"

abschnitt "$(t 'Counsellor' 'Berufsberatung') ($(t 'Berufsberatung' 'Agentur für Arbeit'), $AA): $(t 'the top-5 offers for one young person, and why' 'die fünf besten Angebote für einen jungen Menschen, und warum')"
PERSON=$(psql -XAtq -d "$DB" -c "SET ROLE $AA" -c "SELECT f.person_id FROM kaoa.fall f JOIN kaoa.bewerberprofil b USING (kommune, person_id)
           WHERE f.kommune = '$KOMMUNE' AND f.status = 'in_beratung' AND f.zustaendig_org = kaoa.akteur_org()
             AND b.wuensche IS NOT NULL AND b.interessen IS NOT NULL AND b.kompetenzen IS NOT NULL AND b.lat IS NOT NULL
           ORDER BY f.fall_id LIMIT 1")
p -v person="$PERSON" -c "SET ROLE $AA" \
  -c "SELECT p.pseudonym, f.abschluss, b.wuensche, kaoa.holland_code(b.interessen) AS holland, b.max_km
        FROM kaoa.person p JOIN kaoa.fall f USING (kommune, person_id) JOIN kaoa.bewerberprofil b USING (kommune, person_id)
       WHERE p.person_id = $PERSON" \
  -c "SELECT row_number() OVER (ORDER BY t.passung DESC, t.angebot_id) AS nr, round(t.passung::numeric, 1) AS passung,
             a.titel, a.kldb, a.mindest_abschluss AS mindest, round((e->>'distanz_km')::numeric, 1) AS km,
             round((e->'komponenten'->'beruf'->>'wert')::numeric, 2) AS beruf,
             round((e->'komponenten'->'interessen'->>'wert')::numeric, 2) AS interessen,
             round((e->'komponenten'->'weg'->>'wert')::numeric, 2) AS weg,
             round((e->'komponenten'->'abschluss'->>'wert')::numeric, 2) AS abschluss,
             round((e->'komponenten'->'beginn'->>'wert')::numeric, 2) AS beginn,
             round((e->'komponenten'->'kompetenzen'->>'wert')::numeric, 2) AS kompetenzen
        FROM kaoa.top_angebote($PERSON, 5) t
        JOIN kaoa.angebot a USING (angebot_id)
        CROSS JOIN LATERAL kaoa.passung_erklaert($PERSON, t.angebot_id) e
       ORDER BY 1" \
  -c "SELECT a.titel AS $(t proposed_place vorgeschlagener_platz), round(z.passung::numeric, 1) AS passung, round(z.prioritaet::numeric, 1) AS prioritaet
        FROM kaoa.zuteilung z JOIN kaoa.angebot a USING (angebot_id)
       WHERE z.person_id = $PERSON AND z.lauf_id = (SELECT max(lauf_id) FROM kaoa.zuteilung_lauf)"
echo "$(t '(weights: beruf 35, interessen 15, weg 20, abschluss 15, beginn 5, kompetenzen 10; the assignment is a proposal to discuss, never a decision — Art. 22 DSGVO)' '(Gewichte: beruf 35, interessen 15, weg 20, abschluss 15, beginn 5, kompetenzen 10; die Zuteilung ist ein Vorschlag zum Gespräch, nie eine Entscheidung — Art. 22 DSGVO)')"

abschnitt "$(t 'Assignment summary: the fullest offers and their cutoffs (the lowest admitted priority)' 'Zuteilung im Überblick: die gefragtesten Angebote und ihre Grenzen (die niedrigste zugelassene Priorität)')"
p -c "SET ROLE $KOKO" \
  -c "SELECT a.titel, a.plaetze, round(g.grenze::numeric, 1) AS $(t cutoff grenze),
             (SELECT count(*) FROM kaoa.zuteilung z WHERE z.lauf_id = g.lauf_id AND z.angebot_id = g.angebot_id) AS $(t assigned zugeteilt)
        FROM kaoa.zuteilung_grenze g JOIN kaoa.angebot a USING (angebot_id)
       WHERE g.lauf_id = (SELECT max(lauf_id) FROM kaoa.zuteilung_lauf)
       ORDER BY g.grenze DESC, a.angebot_id LIMIT 8" \
  -c "WITH l AS (SELECT max(lauf_id) AS lauf_id FROM kaoa.zuteilung_lauf),
           verpasst AS (
        SELECT z.person_id, t.angebot_id, t.passung, g.grenze, kaoa.prioritaet(z.person_id, t.angebot_id) AS prio,
               z.angebot_id AS bekommen, z.passung AS bekommen_passung
          FROM kaoa.zuteilung z JOIN l USING (lauf_id)
          CROSS JOIN LATERAL kaoa.top_angebote(z.person_id, 1) t
          JOIN kaoa.zuteilung_grenze g ON g.lauf_id = z.lauf_id AND g.angebot_id = t.angebot_id
         WHERE z.angebot_id IS DISTINCT FROM t.angebot_id)
      SELECT $(t "'person ' || v.person_id || ': best fit \"' || a.titel || '\" was full — the limit was ' || round(v.grenze::numeric, 1)
             || ', they had ' || round(v.prio::numeric, 1) || '; proposed instead: '
             || coalesce('\"' || b.titel || '\" (passung ' || round(v.bekommen_passung::numeric, 1) || ')', 'none') AS \"what a counsellor can say\"" \
                  "'Person ' || v.person_id || ': das beste Angebot »' || a.titel || '« war voll — die Grenze lag bei '
             || replace(round(v.grenze::numeric, 1)::text, '.', ',') || ', die Person hatte ' || replace(round(v.prio::numeric, 1)::text, '.', ',')
             || '; stattdessen vorgeschlagen: '
             || coalesce('»' || b.titel || '« (Passung ' || replace(round(v.bekommen_passung::numeric, 1)::text, '.', ',') || ')', 'keins')
             AS \"was die Beratung sagen kann\"")
        FROM verpasst v JOIN kaoa.angebot a ON a.angebot_id = v.angebot_id LEFT JOIN kaoa.angebot b ON b.angebot_id = v.bekommen
       WHERE v.prio < v.grenze ORDER BY v.person_id LIMIT 3"
p -c "SET ROLE demo_bi" -c "SELECT zugeteilt, berufsbereich, anzahl, passung_mittel FROM kaoa.v_zuteilung
                             WHERE lauf_id = (SELECT max(lauf_id) FROM kaoa.v_zuteilung) ORDER BY zugeteilt DESC, berufsbereich"

abschnitt "$(t 'BI analyst: kaoa.v_verbleib — the Verbleib of the two largest schools (a count below min_fallzahl empty, the others rounded to multiples of it)' 'BI-Analyse: kaoa.v_verbleib — der Verbleib der beiden größten Schulen (eine Anzahl unter min_fallzahl leer, die übrigen auf Vielfache davon gerundet)')"
p -c "SET ROLE demo_bi" -c "WITH gross AS (SELECT schule_org FROM kaoa.v_verbleib WHERE schuljahr = $SJ GROUP BY schule_org
                                            ORDER BY sum(anzahl) DESC NULLS LAST, schule_org LIMIT 2)
                             SELECT schule_org, sektor, anschluss, anzahl FROM kaoa.v_verbleib
                              WHERE schuljahr = $SJ AND schule_org IN (SELECT schule_org FROM gross)
                              ORDER BY schule_org, sektor, anschluss NULLS FIRST"
echo "\$ kaoa export v_verbleib --format csv   ($(t 'the same for Excel / Power BI;' 'dasselbe für Excel / Power BI;') $(PGOPTIONS="${PGOPTIONS:-} -c role=demo_bi" "$K" export v_verbleib --format csv -d "$DB" | wc -l) $(t lines Zeilen))"

abschnitt "$(t "Standardelemente and measures: the leavers' SBO history, the measures of the Kreis, parallel structures and gaps" 'Standardelemente und Maßnahmen: die SBO-Geschichte der Abgänger, die Maßnahmen des Kreises, Parallelstrukturen und Lücken')"
p -f demo/sbo.sql

abschnitt "$(t "The KoKo's programme: two target groups, partners, registration until full, the waiting list moving up, effect and Bündnis balance" 'Das Programm der KoKo: zwei Zielgruppen, Partner, Anmeldung bis es voll ist, die Warteliste rückt nach, Wirkung und Bündnis-Bilanz')"
p -f demo/massnahmen.sql
echo "\$ kaoa status --kommune $KOMMUNE   ($(t 'as the KoKo: its Bündnis figures, after the assignment' 'als KoKo: ihre Bündnis-Zahlen nach der Zuteilung'))"
PGOPTIONS="${PGOPTIONS:-} -c role=$KOKO" "$K" status --kommune "$KOMMUNE" -d "$DB" | sed -n '/^Bündnis/,/^$/p'
