#!/bin/bash
# Import honesty (issue 10, class 8): a line whose record row-level security keeps the importing
# role from writing is a reject 42501 with a detail and a hint, in the reject file, exit 3, the
# same whether the record exists (its UPDATE matches no row) or not (its INSERT is refused); the
# data does not change.  Run as the roles concerned: a school (offers of another Kommune and of
# another organisation of its own), the KoKo (organisations, the Kommune row, deadlines of another
# Kommune), with positive controls of what each may write.  A row the role cannot see answers like
# a missing one (23503, the same text).  Both roles sending another Kommune's measure, its partner,
# target group and registrations get every line back (KA004, 23503), exit 3, nothing changed.
# Prints TAP.  Runs inside the test cluster (PG* set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d)
db=kaoa_sicherheit_import
rollen="si_schule si_koko si_schule_b"
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    for r in $rollen; do psql -XqAt -d postgres -c "DROP ROLE IF EXISTS $r" > /dev/null 2>&1; done
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
createdb "$db" && psql -XqAt -d "$db" -c 'CREATE EXTENSION kaoa' || { echo "not ok 1 - createdb $db"; exit 1; }
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }
for r in $rollen; do psql -XqAt -d postgres -c "CREATE ROLE $r LOGIN PASSWORD 'pw'" > /dev/null; done

# Two Kommunen, loaded by the superuser: in each a KoKo, a school and a Betrieb with an offer;
# in the first Kommune a second school with a pupil and the pupil's case.
cat > "$tmp/welt.jsonl" <<'EOF'
{"typ":"kommune","kommune":"05566","name":"Kreis Steinfurt"}
{"typ":"kommune","kommune":"05515","name":"Münster"}
{"typ":"fristen","kommune":"05515","schuljahr":2025,"uebernahme_tage":10}
{"typ":"organisation","kommune":"05566","schluessel":"K1","org_typ":"koko","name":"KoKo Steinfurt"}
{"typ":"organisation","kommune":"05566","schluessel":"S1","org_typ":"schule","name":"Schule Emsdetten","schulform":"R"}
{"typ":"organisation","kommune":"05566","schluessel":"S2","org_typ":"schule","name":"Schule Rheine","schulform":"GE"}
{"typ":"organisation","kommune":"05566","schluessel":"B1","org_typ":"betrieb","name":"Elektro Meyer"}
{"typ":"organisation","kommune":"05515","schluessel":"K2","org_typ":"koko","name":"KoKo Münster"}
{"typ":"organisation","kommune":"05515","schluessel":"B2","org_typ":"betrieb","name":"Tischlerei Kurz"}
{"typ":"angebot","kommune":"05566","extern_id":"A-B1","anbieter":"B1","kldb":"26212","titel":"Elektroniker/in","plaetze":2}
{"typ":"angebot","kommune":"05515","extern_id":"A-B2","anbieter":"B2","kldb":"22342","titel":"Tischler/in","plaetze":1}
{"typ":"person","kommune":"05566","pseudonym":"P-S2","geburtsmonat":"2009-03-01"}
{"typ":"fall","kommune":"05566","pseudonym":"P-S2","schuljahr":2025,"schule":"S2"}
EOF
"$KAOA" import "$tmp/welt.jsonl" -d "$db" -q || { echo "not ok 1 - the fixture does not load"; exit 1; }
q "SELECT kaoa.akteur_anlegen('si_schule', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'S1')),
          kaoa.akteur_anlegen('si_schule_b', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'S2')),
          kaoa.akteur_anlegen('si_koko', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'K1'))" > /dev/null

# Everything the lines below could change, by natural keys.
inhalt() {
    q "SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
         SELECT 'k' || row(k.*)::text AS x FROM kaoa.kommune k
         UNION ALL SELECT 'f' || row(f.*)::text FROM kaoa.fristen f
         UNION ALL SELECT 'o' || row(o.kommune, o.schluessel, o.typ, o.name, o.schulform)::text FROM kaoa.organisation o
         UNION ALL SELECT 'a' || row(a.kommune, a.extern_id, a.org_id, a.kldb, a.titel, a.plaetze)::text FROM kaoa.angebot a
         UNION ALL SELECT 'c' || row(c.kommune, c.person_id, c.schuljahr, c.schulform, c.abschluss_erwartet)::text FROM kaoa.fall c) t"
}
# the rejects of a file as "zeile sqlstate fehler" (fehler with its DETAIL and HINT lines)
rejects() {
    /usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l); print(r["zeile"], r["sqlstate"], r["fehler"].replace("\n", " | "))' "$1"
}
detail='DETAIL:  Row-level security lets a role write only the records of its own Kommune or organisation; a record it may not write is refused alike whether it exists or not.'
hint='HINT:  Leave the line out, or import it as a role that may write the record: the organisation it belongs to, the KoKo of its Kommune, or a role registered with kaoa.system_zugang.'

# ---------------------------------------------------------------- a school and the offers
vorher=$(inhalt)
cat > "$tmp/schule.jsonl" <<'EOF'
{"typ":"angebot","kommune":"05515","extern_id":"A-B2","plaetze":5}
{"typ":"angebot","kommune":"05515","extern_id":"A-NEU","kldb":"22342","titel":"Tischler/in"}
{"typ":"angebot","kommune":"05566","extern_id":"A-B1","titel":"Elektroniker/in für Betriebstechnik"}
EOF
PGPASSWORD=pw t_run "$KAOA" import "$tmp/schule.jsonl" -d "$db" -U si_schule
t_is "$rc:$err" "3:kaoa import: $tmp/schule.jsonl: 3 lines: 0 new, 0 changed, 0 unchanged, 3 rejected (see $tmp/schule.jsonl.rejects.jsonl)" \
    "a school sending offers it may not write: exit 3, every line rejected, none reported unchanged"
t_is "$(rejects "$tmp/schule.jsonl.rejects.jsonl")" \
"1 42501 role si_schule may not write the angebot record (05515, A-B2) | $detail | $hint
2 42501 role si_schule may not write the angebot record (05515, A-NEU) | $detail | $hint
3 42501 role si_schule may not write the angebot record (05566, A-B1) | $detail | $hint" \
    "42501 with detail and hint, the same for an offer of another Kommune that exists (UPDATE matches no row), one that does not (INSERT refused) and one of another organisation of its own Kommune"
t_is "$(inhalt)" "$vorher" "... and no offer changed, none was created"

# the same offer as it is stored: nothing to write, so nothing refused
printf '%s\n' '{"typ":"angebot","kommune":"05515","extern_id":"A-B2","anbieter":"B2","kldb":"22342","titel":"Tischler/in","plaetze":1}' > "$tmp/gleich.jsonl"
PGPASSWORD=pw t_run "$KAOA" import "$tmp/gleich.jsonl" -d "$db" -U si_schule
t_is "$rc:$err" "0:kaoa import: $tmp/gleich.jsonl: 1 line: 0 new, 0 changed, 1 unchanged, 0 rejected" \
    "a visible record sent exactly as stored is unchanged (nothing was to be written)"

# positive control: the school's own offer is created, then changed
printf '%s\n' '{"typ":"angebot","kommune":"05566","extern_id":"A-S1","anbieter":"S1","kldb":"26212","titel":"Praktikum Technik"}' > "$tmp/eigen.jsonl"
PGPASSWORD=pw t_run "$KAOA" import "$tmp/eigen.jsonl" -d "$db" -U si_schule
t_is "$rc:$(q "SELECT titel || ':' || plaetze FROM kaoa.angebot WHERE extern_id = 'A-S1'")" "0:Praktikum Technik:1" \
    "the school's own offer is created (exit 0)"
printf '%s\n' '{"typ":"angebot","kommune":"05566","extern_id":"A-S1","plaetze":3}' > "$tmp/eigen2.jsonl"
PGPASSWORD=pw t_run "$KAOA" import "$tmp/eigen2.jsonl" -d "$db" -U si_schule
t_is "$rc:$err:$(q "SELECT plaetze FROM kaoa.angebot WHERE extern_id = 'A-S1'")" \
    "0:kaoa import: $tmp/eigen2.jsonl: 1 line: 0 new, 1 changed, 0 unchanged, 0 rejected:3" "... and changed by it (exit 0, 1 changed)"

# ---------------------------------------------------------------- the KoKo and another Kommune
vorher=$(inhalt)
cat > "$tmp/koko.jsonl" <<'EOF'
{"typ":"kommune","kommune":"05515","name":"Stadt Münster"}
{"typ":"fristen","kommune":"05515","schuljahr":2025,"uebernahme_tage":20}
{"typ":"fristen","kommune":"05515","schuljahr":2026,"uebernahme_tage":20}
{"typ":"organisation","kommune":"05515","schluessel":"B2","name":"Tischlerei Kurz GmbH"}
{"typ":"organisation","kommune":"05515","schluessel":"B3","org_typ":"betrieb","name":"Bäckerei Lange"}
{"typ":"organisation","kommune":"05566","schluessel":"B1","name":"Elektro Meyer GmbH"}
EOF
PGPASSWORD=pw t_run "$KAOA" import "$tmp/koko.jsonl" -d "$db" -U si_koko
t_is "$rc:$err" "3:kaoa import: $tmp/koko.jsonl: 6 lines: 0 new, 1 changed, 0 unchanged, 5 rejected (see $tmp/koko.jsonl.rejects.jsonl)" \
    "the KoKo sending records of another Kommune: exit 3, those rejected; its own organisation changed"
t_is "$(rejects "$tmp/koko.jsonl.rejects.jsonl")" \
"1 42501 role si_koko may not write the kommune record (05515) | $detail | $hint
2 42501 role si_koko may not write the fristen record (05515, 2025) | $detail | $hint
3 42501 role si_koko may not write the fristen record (05515, 2026) | $detail | $hint
4 42501 role si_koko may not write the organisation record (05515, B2) | $detail | $hint
5 42501 role si_koko may not write the organisation record (05515, B3) | $detail | $hint" \
    "42501 for the other Kommune's row, its deadlines and organisations, alike for those that exist and those that do not"
t_is "$(q "SELECT string_agg(kommune || ':' || name, ' ' ORDER BY kommune) FROM kaoa.kommune")
$(q "SELECT string_agg(schuljahr || ':' || uebernahme_tage, ' ') FROM kaoa.fristen")
$(q "SELECT string_agg(schluessel || ':' || name, ' ' ORDER BY schluessel) FROM kaoa.organisation WHERE kommune = '05515'")" \
    "05515:Münster 05566:Kreis Steinfurt
2025:10
B2:Tischlerei Kurz K2:KoKo Münster" "... and the other Kommune's rows are as they were, none was added"
t_is "$(q "SELECT name FROM kaoa.organisation WHERE schluessel = 'B1'")" "Elektro Meyer GmbH" \
    "positive control: the KoKo changes an organisation of its own Kommune"

# ---------------------------------------------------------------- a row the role cannot see
vorher=$(inhalt)
cat > "$tmp/versteckt.jsonl" <<'EOF'
{"typ":"fall","kommune":"05566","pseudonym":"P-S2","schuljahr":2025,"schule":"S2","abschluss_erwartet":true}
{"typ":"fall","kommune":"05566","pseudonym":"P-GIBTSNICHT","schuljahr":2025,"schule":"S2","abschluss_erwartet":true}
EOF
PGPASSWORD=pw t_run "$KAOA" import "$tmp/versteckt.jsonl" -d "$db" -U si_schule
t_is "$rc:$(rejects "$tmp/versteckt.jsonl.rejects.jsonl" | sed 's/"P-[A-Z0-9]*"/"…"/')" \
"3:1 23503 no person with pseudonym \"…\" in Kommune 05566 | HINT:  Add the person record ({\"typ\":\"person\", …}) to this file or an earlier one.
2 23503 no person with pseudonym \"…\" in Kommune 05566 | HINT:  Add the person record ({\"typ\":\"person\", …}) to this file or an earlier one." \
    "a case of another school's pupil answers exactly like one of a person that does not exist (23503)"
t_is "$(inhalt)" "$vorher" "... and nothing changed"
PGPASSWORD=pw t_run "$KAOA" import "$tmp/versteckt.jsonl" -d "$db" -U si_schule_b --rejects "$tmp/b.rejects"
t_is "$rc:$(q "SELECT abschluss_erwartet FROM kaoa.fall")" "3:t" \
    "positive control: the pupil's own school changes the case (the other line is a reject)"

# ---------------------------------------------------------------- measures of another Kommune
# The KoKo of Münster runs a measure with a partner and a registration (loaded by the superuser).
# The school and the KoKo of Steinfurt sending lines for it: each comes back in the reject file with
# its SQLSTATE (exit 3), none reported unchanged, and nothing of Münster's changes.  The measure line
# is an INSERT for them (they cannot see the stored one), which the rules refuse (KA004); the lines
# naming the measure do not find it (23503, as for a measure that does not exist).
cat > "$tmp/ms.jsonl" <<'EOF'
{"typ":"person","kommune":"05515","pseudonym":"P-MS","geburtsmonat":"2010-05-01"}
{"typ":"massnahme","kommune":"05515","traeger":"K2","titel":"Betriebe entdecken","art":"betriebserkundung","jahrgaenge":"[9,10]","zeitraum":"[2099-03-01,2099-06-30]","plaetze":10,"anmeldung_bis":"2099-02-13"}
{"typ":"massnahme_partner","kommune":"05515","traeger":"K2","titel":"Betriebe entdecken","partner":"B2"}
{"typ":"anmeldung","kommune":"05515","traeger":"K2","titel":"Betriebe entdecken","pseudonym":"P-MS"}
EOF
"$KAOA" import "$tmp/ms.jsonl" -d "$db" -q || echo "# the measure of Münster does not load"
massnahmen() {
    q "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT row(m.*)::text AS x FROM kaoa.massnahme m
         UNION ALL SELECT row(p.*)::text FROM kaoa.massnahme_partner p UNION ALL SELECT row(z.*)::text FROM kaoa.massnahme_zielgruppe z
         UNION ALL SELECT row(a.*)::text FROM kaoa.anmeldung a) t"
}
vorher=$(massnahmen)
t_is "$(q "SELECT count(*) FROM kaoa.massnahme") $(q "SELECT count(*) FROM kaoa.massnahme_partner") $(q "SELECT status FROM kaoa.anmeldung")" \
    "1 1 zugesagt" "(the measure of Münster is there, with its partner and a registration)"
m='"kommune":"05515","traeger":"K2","titel":"Betriebe entdecken"'
cat > "$tmp/fremd_m.jsonl" <<EOF
{"typ":"massnahme",$m,"plaetze":99}
{"typ":"massnahme_partner",$m,"partner":"B2","rolle":"traeger"}
{"typ":"massnahme_zielgruppe",$m,"jahrgaenge":"[8,8]"}
{"typ":"anmeldung",$m,"pseudonym":"P-MS","status":"zurueckgezogen"}
{"typ":"anmeldung",$m,"pseudonym":"P-S2"}
EOF
codes() { /usr/bin/python3 -c 'import json,sys; print(" ".join(str(o["zeile"]) + ":" + o["sqlstate"] for o in map(json.loads, open(sys.argv[1]))))' "$1"; }
PGPASSWORD=pw t_run "$KAOA" import "$tmp/fremd_m.jsonl" -d "$db" -U si_schule --rejects "$tmp/fm_schule.rej"
t_is "$rc:${err#*fremd_m.jsonl: }:$(codes "$tmp/fm_schule.rej")" \
    "3:5 lines: 0 new, 0 changed, 0 unchanged, 5 rejected (see $tmp/fm_schule.rej):1:KA004 2:23503 3:23503 4:23503 5:23503" \
    "a school sending another Kommune's measure (KA004: it may not keep a measure it does not run), its partner, target group and registrations (23503: a measure it cannot see answers like a missing one): every line rejected, exit 3"
PGPASSWORD=pw t_run "$KAOA" import "$tmp/fremd_m.jsonl" -d "$db" -U si_koko --rejects "$tmp/fm_koko.rej"
t_is "$rc:${err#*fremd_m.jsonl: }:$(codes "$tmp/fm_koko.rej")" \
    "3:5 lines: 0 new, 0 changed, 0 unchanged, 5 rejected (see $tmp/fm_koko.rej):1:KA004 2:23503 3:23503 4:23503 5:23503" \
    "the KoKo of another Kommune sending them: the same rejects (exit 3)"
t_is "$(massnahmen)" "$vorher" "... and no measure, partner, target group or registration changed"
t_done
