#!/bin/bash
# `kaoa status --kommune AGS`: the chain of one Kommune and its Bündnis figures as the KoKo, a school
# and a BI role see them.
# Prints TAP.  Runs inside the test cluster (PG* variables set); dates are relative to today.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_client_status
rollen="kaoa_st_koko kaoa_st_schule kaoa_st_bi"
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
}
trap cleanup EXIT
cleanup
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }
export PGPASSWORD_SAVE=${PGPASSWORD:-}

sj=$(q "SELECT extract(year FROM current_date)::int")
heute=$(q "SELECT current_date")
in10=$(q "SELECT current_date + 10")
in20=$(q "SELECT current_date + 20")
in45=$(q "SELECT current_date + 45")
q "CREATE EXTENSION kaoa" > /dev/null
psql -XqAt -v ON_ERROR_STOP=1 -d "$db" > /dev/null <<SQL
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05566', 'Kreis Steinfurt');
INSERT INTO kaoa.fristen VALUES ('05566', $sj, current_date - 10, current_date + 10, 10, current_date + 100);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
  ('05566', 'schule', 'Realschule Rheine', '566001', 'R'),
  ('05566', 'agentur', 'Agentur für Arbeit Rheine', 'AA', NULL),
  ('05566', 'koko', 'Kommunale Koordinierungsstelle Kreis Steinfurt', 'KOKO', NULL);
INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05566', 'P' || g FROM generate_series(1, 8) g;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org)
  SELECT '05566', person_id, $sj, (SELECT org_id FROM kaoa.organisation WHERE schluessel = '566001') FROM kaoa.person ORDER BY person_id;
SELECT kaoa.akteur_anlegen('kaoa_st_koko', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO'));
SELECT kaoa.akteur_anlegen('kaoa_st_schule', (SELECT org_id FROM kaoa.organisation WHERE schluessel = '566001'));
SELECT kaoa.bi_zugang('kaoa_st_bi', '05566');
-- the school identifies four young people without Anschluss and hands two to the Agentur
SET ROLE kaoa_st_schule;
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id IN (SELECT fall_id FROM kaoa.fall ORDER BY fall_id LIMIT 4);
SELECT kaoa.uebergeben(f.fall_id, (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'AA'), 'schuldueg_1_1')
  FROM (SELECT fall_id FROM kaoa.fall ORDER BY fall_id LIMIT 2) f;
RESET ROLE;
-- the Bündnis figures: two applicants (profiles of ohne_anschluss cases), none versorgt yet; one
-- offer with 3 places from next August, one of them proposed in the newest run
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche)
  SELECT '05566', person_id, '{26312}' FROM kaoa.fall ORDER BY fall_id LIMIT 2;
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, beginn, plaetze)
  VALUES ('05566', 'A1', '26312', 'Elektroniker/in', make_date($sj + 1, 8, 1), 3);
INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
  VALUES ('05566', $sj, 1, 10, 'test', '{}', 2, 1, 2, 1);
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)
  SELECT '05566', (SELECT max(lauf_id) FROM kaoa.zuteilung_lauf), person_id,
         CASE WHEN person_id = (SELECT min(person_id) FROM kaoa.person) THEN (SELECT angebot_id FROM kaoa.angebot) END,
         CASE WHEN person_id = (SELECT min(person_id) FROM kaoa.person) THEN 80 END,
         CASE WHEN person_id = (SELECT min(person_id) FROM kaoa.person) THEN 60 END
    FROM kaoa.fall ORDER BY fall_id LIMIT 2;
SQL
f1=$(q "SELECT min(fall_id) FROM kaoa.fall"); f2=$((f1 + 1)); f3=$((f1 + 2)); f4=$((f1 + 3))

buendnis() {  # the expected Bündnis block for the KoKo
    printf '%s\n' "Bündnis für Ausbildung (applicants of this school year, places from 1 August $((sj + 1)))" \
        "$(printf '  %-24s  %7s of %-7s  %7s' 'applicants versorgt' 0 2 '0.0 %')" \
        "$(printf '  %-24s  %7s of %-7s  %7s' 'places vorgeschlagen' 1 3 '33.3 %')"
}

zustaende() {  # the expected "Cases by state" block
    printf '%s\n' "Cases by state" \
"  state                   cases  hand-off open  of them overdue" \
"  offen                       4              0                0" \
"  ohne_anschluss              4              2  $(printf '%15s' "$1")" \
"  in_beratung                 0              0                0" \
"  anschluss_gesichert         0              0                0" \
"  angetreten                  0              0                0" \
"  nicht_angetreten            0              0                0" \
"  nicht_erreichbar            0              0                0" \
"  ausgenommen                 0              0                0" \
"  all                         8              2  $(printf '%15s' "$1")"
}

PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_koko
t_is "$rc:$out" "0:Verantwortungskette Kreis Steinfurt (05566) · Schuljahr $sj/$(printf '%02d' $(( (sj + 1) % 100 ))) · as of $heute

$(zustaende 0)

$(buendnis)

What kaoa.kette_pruefen finds
  Hand-offs not answered in time (uebergabe_ueberfaellig)                                 0
  Identified cases without news from an organisation for 30 days (ohne_nachricht)         0
  After the Verbleib date, neither angetreten nor ausgenommen (verbleib_ungeklaert)       0" \
    "the KoKo today: cases by state, nothing found"

PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_koko --stichtag "$in20"
t_is "$rc:$out" "0:Verantwortungskette Kreis Steinfurt (05566) · Schuljahr $sj/$(printf '%02d' $(( (sj + 1) % 100 ))) · as of $in20

$(zustaende 2)

$(buendnis)

What kaoa.kette_pruefen finds
  Hand-offs not answered in time (uebergabe_ueberfaellig)                                 2
  Identified cases without news from an organisation for 30 days (ohne_nachricht)         0
  After the Verbleib date, neither angetreten nor ausgenommen (verbleib_ungeklaert)       0

Hand-offs not answered in time (uebergabe_ueberfaellig)
      case  state               from                          to                            sent        due         days over
  $(printf '%8s' $f1)  ohne_anschluss      Realschule Rheine             Agentur für Arbeit Rheine     $heute  $in10  10
  $(printf '%8s' $f2)  ohne_anschluss      Realschule Rheine             Agentur für Arbeit Rheine     $heute  $in10  10" \
    "in 20 days: both hand-offs overdue, with sender, receiver, dates and days over"

PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_koko --stichtag "$in45" --limit 3
t_like "$out" "Identified cases without news from an organisation for 30 days \(ohne_nachricht\) +4" "in 45 days: four identified cases without news"
abschnitt=$(printf '%s\n' "$out" | sed -n '/^Identified cases without news from an organisation for 30 days (ohne_nachricht)$/,/^$/p')
t_is "$abschnitt" "Identified cases without news from an organisation for 30 days (ohne_nachricht)
      case  state               responsible                               last news
$(for f in $f1 $f2 $f3; do printf '  %8s  ohne_anschluss      Realschule Rheine                         %s\n' $f "$heute"; done)
  … and 1 more (--limit 0 shows all)" "--limit 3 lists three cases with their holder and the date of the last news, then how many more"
PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_koko --stichtag "$in45" --limit 0
t_is "$(printf '%s\n' "$out" | grep -c "ohne_anschluss      Realschule Rheine                         $heute")" 4 "--limit 0 lists all"

PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_schule
t_like "$rc:$out" "^0:Verantwortungskette Kreis Steinfurt" "a school sees its own cases by state"
t_like "$out" "Bündnis für Ausbildung .*
  not shown — .*
  \(the exact balance of a Kommune is read by its KoKo or by a system role; BI roles read kaoa.v_ausbildungsmarkt\)" \
    "a school gets a note instead of the Bündnis figures"
t_like "$out" "What kaoa.kette_pruefen finds: not shown — .*
\(the chain of a Kommune is checked by its KoKo or by a system role\)" "and a note instead of what kette_pruefen finds (KA004)"

PGPASSWORD=pw t_run "$KAOA" status --kommune 05566 -d "$db" -U kaoa_st_bi
t_like "$rc:$err" "^1:kaoa status: permission denied for table kommune" "a BI role (views only): exit 1 with the server's reason"

t_run "$KAOA" status --kommune 05999 -d "$db"
t_is "$rc:$err" "1:kaoa status: there is no Kommune 05999 in database \"$db\" (or this role may not see it)" "an unknown Kommune: exit 1"
t_run "$KAOA" status -d "$db"
t_like "$rc:$err" "^2:kaoa status: --kommune is required" "no --kommune: exit 2"
t_run "$KAOA" status --kommune 5566 -d "$db"
t_like "$rc:$err" '^2:kaoa status: --kommune needs a 5-digit Kreisschlüssel' "--kommune 5566: exit 2"
t_run "$KAOA" status --kommune 05566 --stichtag morgen -d "$db"
t_like "$rc:$err" '^2:kaoa status: --stichtag needs a date YYYY-MM-DD, got "morgen"' "--stichtag morgen: exit 2"
t_run "$KAOA" status --kommune 05566 --schuljahr 1999 -d "$db"
t_like "$rc:$err" '^2:kaoa status: --schuljahr needs' "--schuljahr 1999: exit 2"
t_done
