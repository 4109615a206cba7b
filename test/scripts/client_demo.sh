#!/bin/bash
# `make demo`'s school year (demo/schuljahr.sh) in the test cluster: it runs through, every step
# shows what it should, and it takes well under the two minutes of the whole demo; then once more,
# with a smaller cohort, under LANG=de_DE.UTF-8: German throughout (headings, client, server
# refusals, psql's own words).  Prints TAP.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
aufraeumen() {
    dropdb --if-exists kaoa_demo > /dev/null 2>&1
    psql -XAtq -d postgres -c "SELECT pg_catalog.format('DROP ROLE %I;', rolname) FROM pg_catalog.pg_roles WHERE rolname LIKE 'demo\_%'" \
        | psql -Xq -d postgres > /dev/null 2>&1
}
trap aufraeumen EXIT
start=$(date +%s)
out=$(bash demo/schuljahr.sh 2>&1); rc=$?
dauer=$(( $(date +%s) - start ))
t_is "$rc" 0 "the demo's school year runs through (exit 0)"
t_ok "it takes under 90 s here (took $dauer s), leaving time for install and build within two minutes" test "$dauer" -lt 90
t_like "$out" "kaoa import: [^ ]*kohorte.jsonl: 15219 lines: 15219 new, 0 changed, 0 unchanged, 0 rejected" "the Kreis-sized cohort (3400 leavers, 2000 offers) imports completely"
t_like "$out" "kohorte.jsonl: 15219 lines: 0 new, 0 changed, 15219 unchanged, 0 rejected" "importing it again changes nothing"
t_like "$out" "fristen.jsonl: 1 line: 0 new, 1 changed" "one changed record updates the deadlines"
t_like "$out" "an die Agentur \(SchülerDÜG\) \| an das Jugendamt \(Einwilligung\)" "hand-offs with and without consent"
t_like "$out" "one hand-off declined by the Jugendamt" "a decline"
t_like "$out" "ERROR:  person [0-9]+ objected to the transfer under § 31a Abs. 2 SGB III" "the objection stops the hand-off to the Kommune (KA003)"
t_like "$out" " nicht_angetreten \|      1" "a no-show reported by the Berufskolleg"
t_like "$out" " nicht_erreichbar    \|      1" "a case not reachable after three contact attempts (the one with the objection stays at the Agentur)"
t_like "$out" "Hand-offs not answered in time \(uebergabe_ueberfaellig\) +[1-9]" "kette_pruefen finds the hand-offs left unanswered"
t_like "$out" "applicants \| offers \| candidate_pairs \| proposed_a_place" "the stable assignment is computed"
t_is "$(printf '%s\n' "$out" | grep -cE '^  [1-5] \|  +[0-9.]+ \| Ausbildung|^  [1-5] \|  +[0-9.]+ \| Duales')" 5 "the counsellor's top-5 offers, each with its six components"
t_like "$out" "the limit was [0-9.]+, they had [0-9.]+" "the cutoff explained to a young person"
t_like "$out" "schule_org \|   sektor   \|        anschluss         \| anzahl" "the Verbleib table"
t_like "$out" "kaoa export v_verbleib --format csv   \(the same for Excel / Power BI; [0-9]+ lines\)" "the BI export"
t_like "$out" "Praxiskurs Metall und Elektro +\| Praxiskurs Elektro im Handwerk +\| t " "the deliberate parallel structure: two Elektro courses for grade 10 at the same time"
t_like "$out" " 10 \| GE +\| gesundheit +\| +[0-9]+" "the deliberate gap: no measure in Gesundheit"
t_like "$out" " 10 \| potenzialanalyse +\| SBO 4.1 +\| +[0-9]+" "the KoKo sees who missed the Potenzialanalyse"
t_like "$out" "Azubis zeigen ihren Betrieb \| \[9,10\] \{R,SK,GE\} \| \[10,12\] \{GY\} \| +60 \|.*\(traeger\), IHK.*\(partner\)" \
    "the KoKo's programme: one measure, two target groups, two partners"
t_like "$out" " zugesagt +\| +60 \| +2 \| \{jahrgang\}" "the schools fill its 60 places (two Q2 pupils outside the target groups, flagged)"
t_like "$out" " warteliste +\| +12 \| +0 \|" "… and the rest wait"
t_like "$out" " anmeldung_nachgerueckt +\| [0-9]+ +\| warteliste \| zugesagt" "a withdrawal moves the first on the waiting list up, in the log"
t_like "$out" " +60 \| +[0-9]+ \| +0$" "the partner records the 60 participations and sees no pupil's Standardelemente"
t_like "$out" " teilnehmende \| gesichert \| +[0-9]*[05]$" "the effect as the BI analyst sees it, rounded"
t_like "$out" "applicants versorgt +[0-9]+ of [0-9]+ +[0-9.]+ %" "the Bündnis figures in kaoa status"

# ---- the same demo in German (LANG=de_DE.UTF-8), 1,000 leavers and 500 offers (about 10 s)
aufraeumen
out=$(env -u LC_ALL -u LC_MESSAGES LANG=de_DE.UTF-8 KAOA_DEMO_PERSONEN=1000 KAOA_DEMO_ANGEBOTE=500 bash demo/schuljahr.sh 2>&1); rc=$?
t_is "$rc" 0 "LANG=de_DE.UTF-8: the demo runs through (exit 0)"
t_like "$out" "kaoa import: [^ ]*kohorte.jsonl: [0-9]+ Zeilen: [0-9]+ neu, 0 geändert, 0 unverändert, 0 abgewiesen" "  … the client's import summary in German"
t_like "$out" "== 1. Identifikationsrunde: jede Schule erfasst" "  … the SQL scripts' headings in German"
t_like "$out" "Das Schuljahr, wie die Organisationen es spielen" "  … the shell script's headings in German"
t_like "$out" "FEHLER:  Person [0-9]+ hat der Übermittlung nach § 31a Abs. 2 SGB III widersprochen" "  … the server's refusal in German (KA003)"
t_like "$out" "Fälle nach Status" "  … kaoa status in German"
t_like "$out" "Person [0-9]+: das beste Angebot »[^«]+« war voll — die Grenze lag bei [0-9]+,[0-9]" "  … the counsellor's sentence in German"
t_like "$out" "\([0-9]+ Zeilen?\)" "  … psql's own words in German"
englisch=$(printf '%s\n' "$out" | grep -E 'school year|lines:|Coordinator|BI analyst|Counsellor|Cases by state|What kaoa.kette_pruefen finds|ERROR:|identification round|hand-offs:|after the summer|every school records|what a counsellor|\(the same for|\([0-9]+ rows?\)' | head -5)
t_is "$englisch" "" "  … and no English heading or message left"
t_done
