#!/bin/bash
# The client in German: with LANG (or LC_MESSAGES / LC_ALL) set to de_DE.UTF-8, `kaoa` prints its
# help, the import summary, kaoa status and its own messages in German, and a server refusal in the
# language of the session (lc_messages, set for a role by the DBA); with LANG=C it stays English.
# Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_sprache
rollen="kaoa_de_koko kaoa_de_schule"
work=$(mktemp -d /tmp/kaoa-sprache.XXXXXX)
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
    rm -rf "$work"
}
trap cleanup EXIT
cleanup; mkdir -p "$work"
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }
q "CREATE EXTENSION kaoa" > /dev/null
# de: the client in German, following LANG (LC_ALL of the test harness taken away)
de() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=de_DE.UTF-8 "$@"; }

# ---- help and the client's own messages ----------------------------------------------------------
t_run de "$KAOA" --help
t_like "$out" '^kaoa — das Client-Programm der PostgreSQL-Erweiterung kaoa' "LANG=de_DE.UTF-8: kaoa --help in German"
t_like "$out" 'Verbindungsoptionen \(wie bei psql' "  … with the connection options in German"
t_run env -u LC_ALL LANG=C.UTF-8 "$KAOA" --help
t_like "$out" '^kaoa — the client program of the kaoa PostgreSQL extension' "LANG=C.UTF-8: English, the source and the default"
t_run env LC_ALL=C.UTF-8 LC_MESSAGES=de_DE.UTF-8 "$KAOA" status
t_is "$rc:$err" "2:kaoa status: --kommune is required (the 5-digit Kreisschlüssel, e.g. --kommune 05566)
Try \"kaoa status --help\" for more information." "LC_ALL overrides LC_MESSAGES: English"
t_run env -u LC_ALL LANG=C.UTF-8 LC_MESSAGES=de_DE.UTF-8 "$KAOA" status
t_is "$rc:$err" "2:kaoa status: --kommune ist erforderlich (der fünfstellige Kreisschlüssel, z. B. --kommune 05566)
Versuchen Sie »kaoa status --help« für weitere Informationen." "LC_MESSAGES=de_DE.UTF-8: the usage error in German, exit status 2 as in English"

# ---- kaoa generate and kaoa import: the summary ---------------------------------------------------
"$KAOA" generate --seed 3 --kommune 05566 --schuljahr 2025 --personen 40 --angebote 10 --no-sbo > "$work/k.jsonl"
n=$(wc -l < "$work/k.jsonl")
t_run de "$KAOA" import "$work/k.jsonl" -d "$db" -q
t_is "$rc" 0 "the German import lands every line (exit 0)"
t_run de "$KAOA" import "$work/k.jsonl" -d "$db"
t_is "$rc:$err" "0:kaoa import: $work/k.jsonl: $n Zeilen: 0 neu, 0 geändert, $n unverändert, 0 abgewiesen" \
    "the summary of a second import, in German"
# a line the server refuses (a qualification code the type does not know), the session in German
# as the DBA set it for the role that imports (here the superuser running the test)
fall=$(grep -m1 '"typ":"fall"' "$work/k.jsonl" | sed 's/"abschluss":"[^"]*"/"abschluss":"MSA+"/')
printf '%s\n' "$fall" > "$work/schlecht.jsonl"
t_run de env PGOPTIONS="-c lc_messages=de_DE.UTF-8" "$KAOA" import "$work/schlecht.jsonl" -d "$db" --rejects "$work/r.jsonl"
t_is "$rc:$err" "3:kaoa import: $work/schlecht.jsonl: 1 Zeile: 0 neu, 0 geändert, 0 unverändert, 1 abgewiesen (siehe $work/r.jsonl)" \
    "a rejected line: the summary names it and the reject file, in German (exit 3)"
fehler=$(/usr/bin/python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["sqlstate"] + ": " + r["fehler"])' "$work/r.jsonl" 2>&1 | head -2)
t_is "$fehler" '22P02: ungültige Eingabesyntax für Typ kaoa.abschluss: »MSA+«
DETAIL:  »MSA+« ist kein bekannter Abschlusscode.' "  … and the reject file holds the server's refusal in the session's language, SQLSTATE unchanged"

# a line naming a person that does not exist: the import's own refusal (its SQL, kaoa.meldung)
printf '{"typ":"fall","kommune":"05566","pseudonym":"GIBT-ES-NICHT","schuljahr":2025,"schule":"%s"}\n' \
    "$(q "SELECT schluessel FROM kaoa.organisation WHERE typ = 'schule' ORDER BY org_id LIMIT 1")" > "$work/fehlt.jsonl"
t_run de env PGOPTIONS="-c lc_messages=de_DE.UTF-8" "$KAOA" import "$work/fehlt.jsonl" -d "$db" --rejects "$work/r2.jsonl"
fehler=$(/usr/bin/python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); print(r["sqlstate"] + ": " + r["fehler"])' "$work/r2.jsonl" 2>&1)
t_is "$rc:$fehler" '3:23503: kein Datensatz person mit pseudonym "GIBT-ES-NICHT" in der Kommune 05566
HINT:  Fügen Sie den Datensatz der Person ({"typ":"person", …}) dieser oder einer früheren Datei hinzu.' \
    "a line naming a missing person: the import's own refusal in German, SQLSTATE 23503"

# lines the client refuses itself, before the server sees them: their texts follow LANG like the
# rest of the client ("HINT:  " is the reject file's label in every language, as for the server's)
printf '%s\n' '{"typ":"schule","kommune":"05566"}' '{"typ":"fall","kommune":"05566",' '' '{"typ":"fall","typ":"fall"}' > "$work/client.jsonl"
t_run de "$KAOA" import "$work/client.jsonl" -d "$db" --rejects "$work/r3.jsonl"
t_is "$rc:$err" "3:kaoa import: $work/client.jsonl: 3 Zeilen: 0 neu, 0 geändert, 0 unverändert, 3 abgewiesen; 1 Leerzeile übersprungen (siehe $work/r3.jsonl)" \
    "the client's own refusals: summary in German, one blank line in the singular"
abgelehnt() { /usr/bin/python3 -c 'import json,sys; [print(r["sqlstate"] + ": " + r["fehler"].split("\n")[0]) for r in map(json.loads, open(sys.argv[1]))]' "$1" 2>&1; }
t_is "$(abgelehnt "$work/r3.jsonl")" '22023: unbekannter typ »schule«
22P02: ungültiges JSON: unerwartetes Ende der Daten an Byte 33
22030: der Schlüssel »typ« kommt im Objekt zweimal vor' "  … each with its SQLSTATE and its German text (json-c's parse error too)"
t_like "$(sed -n 1p "$work/r3.jsonl")" 'HINT:  Bekannte Satzarten: kommune, fristen, organisation, person' "  … the hint names the known types after a German lead"
t_run env -u LC_ALL LANG=C.UTF-8 "$KAOA" import "$work/client.jsonl" -d "$db" --rejects "$work/r4.jsonl"
t_is "$(abgelehnt "$work/r4.jsonl")" '22023: unknown typ "schule"
22P02: invalid JSON: unexpected end of data at byte 33
22030: the key "typ" occurs twice in the object' "  … the same lines with LANG=C.UTF-8: English, the same SQLSTATEs"

# ---- kaoa status as the KoKo, in German --------------------------------------------------------------
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done
q "SELECT kaoa.akteur_anlegen('kaoa_de_koko', (SELECT org_id FROM kaoa.organisation WHERE typ = 'koko'))" > /dev/null
q "SELECT kaoa.akteur_anlegen('kaoa_de_schule', (SELECT min(org_id) FROM kaoa.organisation WHERE typ = 'schule'))" > /dev/null
heute=$(q "SELECT current_date")
PGPASSWORD=pw t_run de "$KAOA" status --kommune 05566 --schuljahr 2025 -d "$db" -U kaoa_de_koko
t_is "$rc" 0 "kaoa status in German: exit 0"
zeilen() { printf '%s\n' "$out" | sed -n "$1"; }
t_is "$(zeilen 1p)" "Verantwortungskette Kreis Steinfurt (05566) · Schuljahr 2025/26 · Stand $heute" "the title in German"
t_is "$(zeilen 3,4p)" "Fälle nach Status
  Status                  Fälle  Übergabe offen  davon überfällig" "the cases by state under German headings, the columns as wide as they are"
offen=$(q "SELECT count(*) FROM kaoa.fall WHERE status = 'offen'")
t_is "$(zeilen 5p)" "$(printf '  %-20s  %7s  %14s  %16s' offen "$offen" 0 0)" "  … the figures under them"
t_like "$(zeilen 14,16p)" "^Bündnis für Ausbildung \(Bewerber dieses Schuljahres, Plätze ab 1. August 2026\)
  Bewerber versorgt +[0-9]+ von [0-9]+ +([0-9]+,[0-9] %|-)
  Plätze vorgeschlagen +[0-9]+ von [0-9]+ +([0-9]+,[0-9] %|-)$" "the Bündnis figures in German, shares with a decimal comma"
t_like "$out" "Was kaoa.kette_pruefen findet
  Übergaben, die nicht fristgerecht beantwortet wurden \(uebergabe_ueberfaellig\) +[0-9]+" "what kette_pruefen finds, in German"

# kaoa auskunft --format text as the KoKo, in German: every heading of the record, in order
pseudonym=$(q "SELECT pseudonym FROM kaoa.person ORDER BY person_id LIMIT 1")
PGPASSWORD=pw t_run de "$KAOA" auskunft "$pseudonym" --kommune 05566 -d "$db" -U kaoa_de_koko
t_is "$rc" 0 "kaoa auskunft in German: exit 0"
t_like "$out" "^Auskunft zur Person $pseudonym \(person_id [0-9]+\), Kommune 05566, Stand [0-9-]+ [0-9:]+
Alles, was kaoa über die Person speichert \(Auskunft nach Art. 15 DSGVO\)." "  … the title in German"
t_is "$(printf '%s\n' "$out" | grep -E '^[^ ]' | sed 1,2d | sed -E 's/ \([0-9]+\)$//')" "Person
Identität
Fälle
Übergaben — wer welche Daten auf welcher Rechtsgrundlage erhalten hat
Einwilligungen
Kontaktversuche
Schulbesuche
Teilnahmen an Standardelementen
Teilnahmen an Maßnahmen
Anschlussvereinbarungen
Anmeldungen zu Maßnahmen
Bewerberprofil
In Zuteilungsläufen vorgeschlagene Plätze — Vorschläge, keine Entscheidungen
Protokolleinträge (Anzahl je Art)
Löschung" "  … every heading of the record in German"
t_like "$out" "
Identität
  gespeicherte Felder +nachname, vorname, geburtsdatum, geschlecht, anschrift
  gelöscht am +[0-9-]+
  Werte +nicht angezeigt: nur die Schule, die die Identität führt, und Systemrollen lesen sie
" "  … the KoKo learns which identity fields are held, not their values, in German"

# a school may not check the chain: the server's refusal, in the language the DBA set for the role
q "ALTER ROLE kaoa_de_schule SET lc_messages = 'de_DE.UTF-8'" > /dev/null
PGPASSWORD=pw t_run de "$KAOA" status --kommune 05566 --schuljahr 2025 -d "$db" -U kaoa_de_schule
t_like "$out" "Was kaoa.kette_pruefen findet: nicht angezeigt — Organisation [0-9]+ darf die Verantwortungskette der Kommune 05566 nicht prüfen
\(die Kette einer Kommune prüft ihre KoKo oder eine Systemrolle\)" \
    "a school's kaoa status: the server's refusal in German (ALTER ROLE … SET lc_messages)"
t_done
