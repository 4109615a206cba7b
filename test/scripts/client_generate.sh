#!/bin/bash
# The client program's frame and `kaoa generate` (docs/client.md).
# Prints TAP.  Needs no database.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

t_ok "kaoa is installed in \$(pg_config --bindir)" test -x "$KAOA"

t_run "$KAOA" --help
t_is "$rc" 0 "kaoa --help exits 0"
t_is "$(printf '%s\n' "$out" | grep -cE '^  (generate|import|export|status) ')" 4 "kaoa --help lists the four subcommands"
t_like "$out" "-d, --dbname" "kaoa --help shows the connection options"
for sub in generate import export status; do
    t_run "$KAOA" "$sub" --help
    t_is "$rc:$(printf '%s' "$out" | grep -c '^Usage:')" "0:1" "kaoa $sub --help exits 0 with a usage"
    help_out=$out
    t_run "$KAOA" help "$sub"
    t_is "$out" "$help_out" "kaoa help $sub is kaoa $sub --help"
done
t_run "$KAOA" generate -?
t_is "$rc" 0 "-? is --help"
t_run "$KAOA" --version
t_like "$out" "^kaoa $(sed -n "s/^default_version *= *'\(.*\)'/\1/p" kaoa.control) \(client of the kaoa extension, libpq [0-9]+\)$" \
    "kaoa --version prints the version of kaoa.control"

t_run "$KAOA"
t_is "$rc" 2 "no subcommand: exit 2"
t_like "$err" "^kaoa: a subcommand is missing" "no subcommand: says so"
t_run "$KAOA" frobnicate
t_is "$rc" 2 "unknown subcommand: exit 2"
t_like "$err" 'unknown subcommand "frobnicate"' "unknown subcommand: names it"
t_run "$KAOA" --frob
t_is "$rc:$err" "2:kaoa: unknown option \"--frob\"
Try \"kaoa --help\" for more information." "unknown global option: exit 2, names it"

t_run "$KAOA" generate --personen 10
t_is "$rc" 2 "generate without --angebote: exit 2"
t_like "$err" "personen and --angebote are required" "generate without --angebote: says what is needed"
t_run "$KAOA" generate --seed -1 --personen 1 --angebote 1
t_is "$rc" 2 "negative seed: exit 2"
t_like "$err" '--seed needs a non-negative integer.*"-1"' "negative seed: says so"
t_run "$KAOA" generate --personen 12x --angebote 1
t_like "$rc:$err" '^2:.*--personen needs a whole number.*"12x"' "--personen 12x is refused"
t_run "$KAOA" generate --personen 1 --angebote 1 --kommune 05315,99999
t_like "$rc:$err" '^2:.*"99999" is not the Kreisschlüssel' "an unknown Kreisschlüssel is refused"
t_run "$KAOA" generate --personen 1 --angebote 1 --kommunen 2 --kommune 05315
t_like "$rc:$err" '^2:.*either --kommunen .* or --kommune' "--kommunen and --kommune together are refused"
t_run "$KAOA" generate --personen 1 --angebote 1 --kommunen 54
t_like "$rc:$err" '^2:.*--kommunen needs a number from 1 to 53' "--kommunen 54 is refused"
t_run "$KAOA" generate --personen 1 --angebote 1 extra
t_like "$rc:$err" '^2:.*unexpected argument "extra"' "a stray argument is refused"

"$KAOA" generate --seed 11 --kommunen 2 --personen 500 --angebote 300 > "$tmp/a.jsonl"; rc_a=$?
"$KAOA" generate --seed 11 --kommunen 2 --personen 500 --angebote 300 > "$tmp/b.jsonl"
"$KAOA" generate --seed 12 --kommunen 2 --personen 500 --angebote 300 > "$tmp/c.jsonl"
t_is "$rc_a" 0 "generate exits 0"
t_ok "the same seed gives the same bytes" cmp -s "$tmp/a.jsonl" "$tmp/b.jsonl"
t_ok "another seed gives other data" bash -c "! cmp -s '$tmp/a.jsonl' '$tmp/c.jsonl'"

summary=$(python3 - "$tmp/a.jsonl" <<'PY'
import json, sys, collections
typen = collections.Counter(); kommunen = set(); bad = 0
need = {"kommune": {"name"}, "fristen": {"schuljahr", "identifikation_von", "identifikation_bis", "verbleib_stichtag"},
        "organisation": {"schluessel", "org_typ", "name"}, "person": {"pseudonym", "geburtsmonat"},
        "person_identitaet": {"pseudonym", "nachname", "vorname", "geburtsdatum", "geschlecht", "anschrift"},
        "fall": {"pseudonym", "schuljahr", "schule", "schulform", "abschluss", "abschluss_erwartet"},
        "bewerberprofil": {"pseudonym", "wuensche", "max_km", "verfuegbar_ab"},
        "angebot": {"extern_id", "anbieter", "kldb", "titel", "beginn", "plaetze"},
        "schulbesuch": {"pseudonym", "schuljahr", "schule", "schulform", "jahrgang"},
        "sbo_teilnahme": {"pseudonym", "sbo_code", "datum"},
        "massnahme": {"traeger", "titel", "art", "jahrgaenge", "zeitraum", "plaetze"},
        "massnahme_teilnahme": {"traeger", "titel", "pseudonym", "datum"},
        "massnahme_zielgruppe": {"traeger", "titel", "jahrgaenge", "schulformen"},
        "massnahme_partner": {"traeger", "titel", "partner", "rolle"},
        "anmeldung": {"traeger", "titel", "pseudonym"}}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    if not isinstance(o, dict) or o.get("typ") not in need or not need[o["typ"]] <= o.keys() or len(o["kommune"]) != 5:
        bad += 1
    typen[o["typ"]] += 1; kommunen.add(o["kommune"])
print(bad, len(kommunen), *(f"{t}={typen[t]}" for t in sorted(typen)))
PY
)
t_like "$summary" "^0 2 " "every line is a JSON object with typ, kommune and its type's keys, in 2 Kommunen"
t_like "$summary" "angebot=300 .*fall=500 .*kommune=2 .*person=500 person_identitaet=500" "exact counts of persons, cases, offers"
t_like "$summary" "massnahme=10 massnahme_partner=4 .*massnahme_zielgruppe=2 .*schulbesuch=500" \
    "an enrolment per leaver, four measures and the programme (a second target group, two partners) per Kommune"
t_like "$summary" "anmeldung=[1-9][0-9]* " "registrations for the programme"

# The Standardelemente and measures of a generated cohort: they load without a reject,
# and the KoKo's analyses find what the generator put in on purpose — one parallel structure of the
# same kind per Kommune (the two Elektro Praxiskurse for grade 10), the KoKo's programme beside the
# Praxiskurs and the Werkstatttage in March (its two target groups give a piece for grade 9 and one
# for grade 10, where the Gymnasium joins) and the gap Soziales/Pädagogik — next to the pupils who
# miss an element.
dropdb --if-exists kaoa_gen_sbo > /dev/null 2>&1
createdb kaoa_gen_sbo && psql -XqAt -d kaoa_gen_sbo -c 'CREATE EXTENSION kaoa'
"$KAOA" import "$tmp/a.jsonl" -d kaoa_gen_sbo -q --rejects "$tmp/a.rejects.jsonl"; rc=$?
t_is "$rc" 0 "the generated cohort with its SBO records imports without a reject"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT (SELECT count(*) FROM kaoa.schulbesuch) || ' ' || (SELECT count(*) FROM kaoa.massnahme) || ' '
                                             || (SELECT count(*) > 500 FROM kaoa.sbo_teilnahme) || ' ' || (SELECT count(*) > 0 FROM kaoa.massnahme_teilnahme)")" \
     "500 10 true true" "enrolments, measures, participations and measure participants are stored"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT string_agg(DISTINCT titel || ':' || ok, ' ')
                                        FROM (SELECT m.titel, (count(*) FILTER (WHERE a.status = 'zugesagt') <= min(m.plaetze))::text AS ok
                                                FROM kaoa.anmeldung a JOIN kaoa.massnahme m USING (kommune, massnahme_id)
                                               GROUP BY m.massnahme_id, m.titel) x")" \
     "Azubis zeigen ihren Betrieb:true" "every registration is the programme's, never more zugesagt than its places"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT string_agg(k.kommune || ':' || a.titel || '/' || b.titel || '/' || u.gleiche_art || '/' || u.jahrgaenge || '/' || coalesce(u.schulformen::text, 'alle') || '/' || u.berufsfelder::text, E'\n' ORDER BY k.kommune, a.titel, b.titel, u.jahrgaenge)
                                         FROM kaoa.kommune k, kaoa.massnahmen_ueberschneidungen(k.kommune, 2025) u
                                         JOIN kaoa.massnahme a ON a.massnahme_id = u.massnahme_a JOIN kaoa.massnahme b ON b.massnahme_id = u.massnahme_b")" \
     "$(psql -XAt -d kaoa_gen_sbo -c "SELECT string_agg(kommune || ':' || x, E'\n' ORDER BY kommune, n)
                                        FROM kaoa.kommune, unnest(ARRAY[
           'Praxiskurs Elektro und Metall/Azubis zeigen ihren Betrieb/false/[9,10)/{GE,R,SK}/{elektro,metall_maschinenbau}',
           'Praxiskurs Elektro und Metall/Azubis zeigen ihren Betrieb/false/[10,11)/{GE,GY,R,SK}/{elektro,metall_maschinenbau}',
           'Praxiskurs Elektro und Metall/Praxiskurs Elektrotechnik/true/[10,11)/alle/{elektro}',
           'Werkstatttage/Azubis zeigen ihren Betrieb/false/[9,10)/{GE,R,SK}/{it_computer,produktion_fertigung,verkehr_logistik,wirtschaft_verwaltung}',
           'Werkstatttage/Azubis zeigen ihren Betrieb/false/[10,11)/{GE,GY,R,SK}/{it_computer,produktion_fertigung,verkehr_logistik,wirtschaft_verwaltung}'])
                                             WITH ORDINALITY AS e(x, n)")" \
     "per Kommune exactly the overlaps put in: the two Elektro Praxiskurse for grade 10 (same kind), the programme beside the Praxiskurs and the Werkstatttage, per grade"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT string_agg(DISTINCT l.berufsfeld, ',') FROM kaoa.kommune k, kaoa.massnahmen_luecken(k.kommune, 2025) l")" \
     "soziales_paedagogik" "the one gap: Soziales/Pädagogik, which no measure covers"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT string_agg(DISTINCT l.element, ',' ORDER BY l.element) FROM kaoa.kommune k, kaoa.sbo_luecken(k.kommune, 2025, '2026-07-31') l WHERE l.element <> 'anschlussvereinbarung'")" \
     "berufsfelderkundung,potenzialanalyse,praktikum" "pupils missing a Potenzialanalyse, a Berufsfelderkundung or the Praktikum are found"
"$KAOA" import "$tmp/a.jsonl" -d kaoa_gen_sbo -q -v --rejects "$tmp/a.rejects.jsonl" 2> "$tmp/again.txt"; rc=$?
t_like "$rc $(grep -E '^  (schulbesuch|sbo_teilnahme|massnahme|massnahme_zielgruppe|massnahme_partner|anmeldung|massnahme_teilnahme) ' "$tmp/again.txt" | awk '{print $3 $4 $5}' | tr '\n' ' ')" \
     "^0 000 000 000 000 000 000 000 $" "importing it again changes nothing (no new, changed or rejected SBO record, registration or partner)"
# bad lines of the SBO record types go to the reject file with their SQLSTATE, the rest lands
k=$(psql -XAt -d kaoa_gen_sbo -c "SELECT min(kommune) FROM kaoa.kommune")
p=$(psql -XAt -d kaoa_gen_sbo -c "SELECT min(pseudonym) FROM kaoa.person WHERE kommune = '$k'")
cat > "$tmp/sbo_bad.jsonl" <<JSONL
{"typ":"sbo_teilnahme","kommune":"$k","pseudonym":"$p","sbo_code":"SBO 5.1","datum":"2024-10-09","berufsfeld":"Elektro"}
{"typ":"sbo_teilnahme","kommune":"$k","pseudonym":"KEINER","sbo_code":"SBO 5.1","datum":"2024-10-09","berufsfeld":"elektro"}
{"typ":"massnahme","kommune":"$k","traeger":"TR1-$k","titel":"Kurs mit -1 Plätzen","art":"praxiskurs","jahrgaenge":"[9,10]","zeitraum":"[2025-09-01,2026-06-30]","plaetze":-1}
{"typ":"massnahme","kommune":"$k","traeger":"TR1-$k","titel":"Kurs ohne Liste","art":"praxiskurs","jahrgaenge":"[9,10]","schulformen":"GE","zeitraum":"[2025-09-01,2026-06-30]"}
{"typ":"massnahme_teilnahme","kommune":"$k","traeger":"TR1-$k","titel":"Kein Kurs","pseudonym":"$p"}
{"typ":"schulbesuch","kommune":"$k","pseudonym":"$p","schuljahr":2026,"schule":"KEINE","jahrgang":10}
{"typ":"massnahme","kommune":"$k","traeger":"TR2-$k","titel":"Bewerbungstraining","art":"bewerbungstraining","jahrgaenge":"[9,10]","zeitraum":"[2026-02-01,2026-06-30]","plaetze":15}
JSONL
"$KAOA" import "$tmp/sbo_bad.jsonl" -d kaoa_gen_sbo -q --rejects "$tmp/sbo_bad.rejects"; rc=$?
t_is "$rc" 3 "SBO lines with errors: exit 3"
t_is "$(python3 -c 'import json,sys; print(" ".join(str(o["zeile"]) + ":" + o["sqlstate"] for o in map(json.loads, open(sys.argv[1]))))' "$tmp/sbo_bad.rejects")" \
     "1:23503 2:23503 3:23514 4:22023 5:23503 6:23503" \
     "each bad SBO line rejected with its SQLSTATE: unknown Berufsfeld, unknown person, negative places, a list given as text, unknown measure, unknown school"
t_is "$(psql -XAt -d kaoa_gen_sbo -c "SELECT count(*) FROM kaoa.massnahme WHERE titel = 'Bewerbungstraining'")" 1 "the good line of the file landed"
dropdb --if-exists kaoa_gen_sbo > /dev/null 2>&1

t_run "$KAOA" generate --seed 3 --kommune 05566,05315 --personen 40 --angebote 4
t_is "$(printf '%s\n' "$out" | grep '"typ":"kommune"')" '{"typ":"kommune","kommune":"05566","name":"Kreis Steinfurt"}
{"typ":"kommune","kommune":"05315","name":"Köln"}' "--kommune picks the Kommunen by Kreisschlüssel in the order given, with their real names"
t_is "$(printf '%s\n' "$out" | grep -c '"typ":"person"')" 40 "40 persons over the two"

t_run "$KAOA" generate --personen 5 --angebote 1 --schuljahr 2030
t_like "$out" '"typ":"fristen".*"schuljahr":2030,"identifikation_von":"2031-03-01","identifikation_bis":"2031-05-31","uebernahme_tage":10,"verbleib_stichtag":"2031-10-15"' \
    "--schuljahr sets the deadlines of that school year"

if [ -w /dev/full ]; then
    "$KAOA" generate --personen 2000 --angebote 10 > /dev/full 2> "$tmp/err"; rc=$?
    t_is "$rc" 1 "a full disk: exit 1"
    t_like "$(cat "$tmp/err")" "could not be written|cannot write" "a full disk: says the output could not be written"
fi
t_done
