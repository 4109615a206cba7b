#!/bin/bash
# `kaoa auskunft PSEUDONYM --kommune AGS [--format text|json]`: the person's own record (Art. 15),
# as the holder of the current case, the KoKo, the system, a former holder and another school see
# it; the identity's values only for the system (the Agentur holding the case and the KoKo learn which
# fields are held); the JSON form equals kaoa.auskunft; every answer is logged, so a read-only
# transaction (a hot standby) gives none.  Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_client_auskunft
rollen="kaoa_ak_schule kaoa_ak_schule2 kaoa_ak_agentur kaoa_ak_koko"
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
}
trap cleanup EXIT
cleanup
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }

q "CREATE EXTENSION kaoa" > /dev/null
psql -XqAt -v ON_ERROR_STOP=1 -d "$db" > /dev/null <<'SQL'
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05566', 'Kreis Steinfurt');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
  ('05566', 'schule', 'Realschule Rheine', '566001', 'R'),
  ('05566', 'schule', 'Gesamtschule Emsdetten', '566002', 'GE'),
  ('05566', 'agentur', 'Agentur für Arbeit Rheine', 'AA', NULL),
  ('05566', 'koko', 'Kommunale Koordinierungsstelle Kreis Steinfurt', 'KOKO', NULL);
SELECT kaoa.akteur_anlegen('kaoa_ak_schule', (SELECT org_id FROM kaoa.organisation WHERE schluessel = '566001')),
       kaoa.akteur_anlegen('kaoa_ak_schule2', (SELECT org_id FROM kaoa.organisation WHERE schluessel = '566002')),
       kaoa.akteur_anlegen('kaoa_ak_agentur', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'AA')),
       kaoa.akteur_anlegen('kaoa_ak_koko', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO'));
-- the school registers Mia, records her identity, opens and identifies her case, hands it to the Agentur
SET ROLE kaoa_ak_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05566', 'RH-2025-017', '2009-04-01');
INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
  SELECT '05566', person_id, 'Muster', 'Mia', '2009-04-12', 'w', 'Marktstraße 3, 48431 Rheine' FROM kaoa.person;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
  SELECT '05566', person_id, 2025, (SELECT org_id FROM kaoa.organisation WHERE schluessel = '566001'), 'MSA', true FROM kaoa.person;
UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'Identifikation im Nachgang';
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) SELECT '05566', fall_id, 'telefon', false FROM kaoa.fall;
SELECT kaoa.uebergeben(f.fall_id, (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'AA'), 'schuldueg_1_1') FROM kaoa.fall f;
RESET ROLE;
SET ROLE kaoa_ak_agentur;
SELECT kaoa.uebernehmen(u.uebergabe_id) FROM kaoa.uebergabe u;
RESET ROLE;
SQL
p=$(q "SELECT person_id FROM kaoa.person WHERE pseudonym = 'RH-2025-017'")
f=$(q "SELECT fall_id FROM kaoa.fall")
u=$(q "SELECT uebergabe_id FROM kaoa.uebergabe")
aa=$(q "SELECT org_id FROM kaoa.organisation WHERE schluessel = 'AA'")

# -- text, as the holder of the current case (the Agentur); times shown as <zeit>
PGPASSWORD=pw t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 -d "$db" -U kaoa_ak_agentur
t_is "$rc" 0 "the holder of the current case: exit 0"
text=$(printf '%s\n' "$out" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/<zeit>/g')
loesch_id=$(q "SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'identitaet'")
loesch_u=$(q "SELECT loeschen_am FROM kaoa.loeschtermine WHERE teil = 'uebergabe'")
t_is "$text" "Record of person RH-2025-017 (person_id $p), Kommune 05566, as of <zeit>
Everything kaoa holds about the person (access request, Art. 15 GDPR).

Person
  pseudonym                    RH-2025-017
  birth month                  2009-04
  objection (§ 31a SGB III)    —
  registered by                Realschule Rheine (schule)

Identity
  fields held                  nachname, vorname, geburtsdatum, geschlecht, anschrift
  deleted on                   $loesch_id
  values                       not shown: only the school keeping the identity and system roles read them

Cases (1)
  case $f, school year 2025: in_beratung since <zeit>
    school Realschule Rheine (schule), school form R; held by Agentur für Arbeit Rheine (agentur)
    abschluss MSA (expected), anschluss —, admitting —

Hand-offs (who received which data, on which legal basis) (1)
  hand-off $u of case $f, sent <zeit>
    from Realschule Rheine (schule) to Agentur für Arbeit Rheine (agentur)
    legal basis schuldueg_1_1
    fields the receiver may read: nachname, vorname, geburtsdatum, geschlecht, anschrift, schulform, abschluss
    answer: uebernommen on <zeit>

Consents (0)
  none

Contact attempts (1)
  <zeit>  case $f  telefon      not reached  by Realschule Rheine (schule)

Enrolments (0)
  none

Standardelemente taken part in (0)
  none

Measures taken part in (0)
  none

Anschlussvereinbarungen (0)
  none

Registrations for measures (0)
  none

Applicant profile
  none

Places proposed by assignment runs (proposals, not decisions) (0)
  none

Log entries (count per kind)
  fall_angelegt                1
  kontaktversuch               1
  status                       2
  uebergabe                    1
  uebernahme                   1

Deletion
  identity                     $loesch_id
  data of hand-off $u           $loesch_u
  kept, pseudonymous           anmeldungen, anschlussvereinbarungen, bewerberprofil, einwilligungen, ereignisse, faelle, kontaktversuche, person, sbo, zuteilungen" \
    "the whole record as text: person, identity (which fields, no values), case, hand-off with its fields, attempts, log, deletion days"

# -- the system reads the identity's values
t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 -d "$db"
t_like "$rc|$out" "^0\|.*
Identity
  fields held                  nachname, vorname, geburtsdatum, geschlecht, anschrift
  deleted on                   $loesch_id
  nachname                     Muster
  vorname                      Mia
  geburtsdatum                 2009-04-12
  geschlecht                   w
  anschrift                    Marktstraße 3, 48431 Rheine
" "a system role: the identity with its values"

# -- json: what the server returns
PGPASSWORD=pw t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 --format json -d "$db" -U kaoa_ak_koko
t_is "$rc" 0 "the KoKo: exit 0"
json_server=$(PGPASSWORD=pw psql -XqAt -d "$db" -U kaoa_ak_koko -c "SELECT kaoa.auskunft($p) - 'stand'")
# the server's second answer counts the client's request in the log
json_client=$(printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("stand"); d["ereignisse"]["auskunft"] += 1; print(json.dumps(d, sort_keys=True))')
json_server=$(printf '%s' "$json_server" | /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))')
t_is "$json_client" "$json_server" "--format json: the record kaoa.auskunft returns"
t_is "$(q "SELECT string_agg(coalesce(org_id::text, '-') || ':' || rolle || ':' || (details ->> 'identitaet_werte'), ' ' ORDER BY ereignis_id) FROM kaoa.ereignis WHERE art = 'auskunft' AND details ->> 'person_id' = '$p' AND fall_id IS NULL")" \
     "$aa:kaoa_ak_agentur:false -:postgres:true $(q "SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO'"):kaoa_ak_koko:false $(q "SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO'"):kaoa_ak_koko:false" \
     "every answer is in the log: who asked, whether it carried the values"

# -- every answer is logged: none in a read-only transaction (nor on a hot standby)
PGPASSWORD=pw PGOPTIONS='-c default_transaction_read_only=on' t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 -d "$db" -U kaoa_ak_koko
t_like "$rc:$err" "^1:kaoa auskunft: cannot execute kaoa.auskunft\(\) in a read-only transaction" "in a read-only transaction: exit 1, no answer (it could not be logged)"

# -- who may not: the former holder and another school, as for a pseudonym that does not exist
PGPASSWORD=pw t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 -d "$db" -U kaoa_ak_schule
t_like "$rc:$err" "^1:kaoa auskunft: organisation [0-9]+ may not give the record of person $p
HINT:  An access request is answered by the organisation that holds the person's current case" "the school that handed the case on: exit 1, KA004 with the hint"
PGPASSWORD=pw t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 -d "$db" -U kaoa_ak_schule2
fremd="$rc:$err"
PGPASSWORD=pw t_run "$KAOA" auskunft RH-2025-999 --kommune 05566 -d "$db" -U kaoa_ak_schule2
t_is "$fremd" "${rc}:${err/RH-2025-999/RH-2025-017}" "another school: the answer for a pseudonym that does not exist"
t_is "$rc:$err" '1:kaoa auskunft: Kommune 05566 has no person with pseudonym "RH-2025-999" that this role may ask about' "… which says so"

# -- usage
t_run "$KAOA" auskunft --kommune 05566 -d "$db"
t_like "$rc:$err" "^2:kaoa auskunft: the pseudonym of the person is missing" "no pseudonym: exit 2"
t_run "$KAOA" auskunft RH-2025-017 -d "$db"
t_like "$rc:$err" "^2:kaoa auskunft: --kommune is required" "no --kommune: exit 2"
t_run "$KAOA" auskunft RH-2025-017 --kommune 05566 --format xml -d "$db"
t_like "$rc:$err" '^2:kaoa auskunft: --format is text or json, got "xml"' "--format xml: exit 2"
t_run "$KAOA" auskunft --help
t_like "$rc:$out" "^0:kaoa auskunft — everything kaoa holds about one young person" "--help"
t_done
