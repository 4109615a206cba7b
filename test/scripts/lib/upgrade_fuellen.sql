-- test/scripts/lib/upgrade_fuellen.sql — a small school year played through the API of kaoa 0.1.0
-- by the organisations' own roles (run by test/scripts/upgrade.sh in a database where
-- CREATE EXTENSION kaoa VERSION '0.1.0' was run, with the current module).  It touches every table
-- of 0.1.0: organisations and roles of every kind, deadlines, persons and identities, cases through
-- their states, hand-offs accepted, declined and withdrawn, consents (one revoked), contact attempts,
-- an objection, Verbleib reports, profiles, offers, weights, an assignment run, enrolments, the
-- Standardelemente, an agreement, a measure and its participants, rows a DBA adds to the reference
-- tables, the deadline job's log and a deleted identity.  Only statements 0.1.0 understands belong
-- here: the point is to prove that a database not yet updated keeps working with the new module.
\set ON_ERROR_STOP on
\set QUIET on

CREATE ROLE up_schule; CREATE ROLE up_schule_b; CREATE ROLE up_bk; CREATE ROLE up_agentur;
CREATE ROLE up_jobcenter; CREATE ROLE up_jugendamt; CREATE ROLE up_koko; CREATE ROLE up_traeger;
CREATE ROLE up_system; CREATE ROLE up_bi;

INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05315', 'Köln', 3), ('05111', 'Düsseldorf', 5);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule',      'Gesamtschule Nord',     'S1',  'GE'),   -- 1
    ('05315', 'schule',      'Realschule Süd',        'S2',  'R'),    -- 2
    ('05315', 'berufskolleg','Berufskolleg Ost',      'BK1', NULL),   -- 3
    ('05315', 'agentur',     'Agentur für Arbeit',    'AA',  NULL),   -- 4
    ('05315', 'jobcenter',   'Jobcenter Köln',        'JC',  NULL),   -- 5
    ('05315', 'jugendamt',   'Jugendamt Köln',        'JA',  NULL),   -- 6
    ('05315', 'koko',        'KoKo Köln',             'KO',  NULL),   -- 7
    ('05315', 'traeger',     'Bildungsträger West',   'TR',  NULL),   -- 8
    ('05111', 'schule',      'Gymnasium Düsseldorf',  'D1',  'GY');   -- 9
INSERT INTO kaoa.fristen VALUES ('05315', 2025, current_date - 20, current_date + 20, 10, current_date + 120);

-- what a DBA adds to the reference tables (dumped, unlike the shipped rows)
INSERT INTO kaoa.anschluss_kategorie (code, sektor, iabe_sektor, sichert, bezeichnung)
VALUES ('produktionsschule', 'UEBERGANG', 'II', true, 'Produktionsschule (vom DBA ergänzt)');
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte) VALUES ('traeger', 'kaoa.einwilligung', 'SELECT');
INSERT INTO kaoa.berufsfeld (code, name, kldb) VALUES ('pflege_test', 'Pflege (vom DBA ergänzt)', '{813}');

SELECT kaoa.akteur_anlegen('up_schule', 1), kaoa.akteur_anlegen('up_schule_b', 2), kaoa.akteur_anlegen('up_bk', 3),
       kaoa.akteur_anlegen('up_agentur', 4), kaoa.akteur_anlegen('up_jobcenter', 5),
       kaoa.akteur_anlegen('up_jugendamt', 6), kaoa.akteur_anlegen('up_koko', 7), kaoa.akteur_anlegen('up_traeger', 8),
       kaoa.system_zugang('up_system'), kaoa.bi_zugang('up_bi', '05315');

-- the school registers 24 leavers, opens their cases and records their identities
SET ROLE up_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
SELECT '05315', 'UP-' || i, date '2009-01-01' + (i % 12) * interval '1 month' FROM generate_series(1, 24) i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
SELECT '05315', person_id, 2025, 1, (CASE WHEN person_id % 3 = 0 THEN 'MSA' ELSE 'ESA' END)::kaoa.abschluss, true FROM kaoa.person;
INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
SELECT kommune, person_id, 'Name ' || person_id, 'Vorname', geburtsmonat + 9, 'd', 'Ring ' || person_id FROM kaoa.person;
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id <= 16;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich' WHERE fall_id BETWEEN 17 AND 21;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'produktionsschule' WHERE fall_id = 22;
UPDATE kaoa.fall SET aufnehmende_org = 3 WHERE fall_id = 19;
UPDATE kaoa.fall SET status = 'ausgenommen', grund = 'Wegzug' WHERE fall_id = 23;
-- consents: one for the Jugendamt (used), one revoked later
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, daten, zweck, gueltig_ab)
SELECT '05315', person_id, 'sorgeberechtigt', '{jugendamt}', '{nachname,vorname,anschrift}', 'Hilfeplanung', current_date - 5
  FROM kaoa.fall WHERE fall_id IN (15, 16);
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
SELECT '05315', person_id, 'sorgeberechtigt', '{schule,agentur}', 'Berufsorientierung', current_date - 30
  FROM kaoa.fall WHERE fall_id BETWEEN 1 AND 6;
-- hand-offs: 1–12 to the Agentur under SchülerDÜG, 15 to the Jugendamt with consent
SELECT kaoa.uebergeben(fall_id, 4, 'schuldueg_1_1') FROM kaoa.fall WHERE fall_id <= 12 ORDER BY fall_id;
SELECT kaoa.uebergeben(15, 6, 'einwilligung', (SELECT einwilligung_id FROM kaoa.einwilligung e JOIN kaoa.fall f USING (kommune, person_id) WHERE f.fall_id = 15));
SELECT kaoa.uebergeben(16, 6, 'einwilligung', (SELECT einwilligung_id FROM kaoa.einwilligung e JOIN kaoa.fall f USING (kommune, person_id) WHERE f.fall_id = 16));
RESET ROLE;

SET ROLE up_agentur;
SELECT kaoa.uebergabe_daten(1);
SELECT kaoa.uebernehmen(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id <= 10 ORDER BY uebergabe_id;
SELECT kaoa.ablehnen(uebergabe_id, 'nicht zuständig') FROM kaoa.uebergabe WHERE fall_id = 11;
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich)
SELECT '05315', f, k, false FROM generate_series(1, 3) f, unnest(ARRAY['telefon', 'brief', 'email']) k;
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id <= 3;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'bvb' WHERE fall_id BETWEEN 4 AND 6;
SELECT kaoa.widerspruch_erheben(person_id) FROM kaoa.fall WHERE fall_id = 7;
SELECT kaoa.uebergeben(8, 7, 'sgb3_31a_2');
SELECT kaoa.uebergeben(9, 5, 'sgb3_31a_2');
RESET ROLE;

SET ROLE up_schule;
SELECT kaoa.zurueckziehen(uebergabe_id, 'doch selbst') FROM kaoa.uebergabe WHERE fall_id = 12 AND uebernommen_am IS NULL;
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 minute' WHERE person_id IN (SELECT person_id FROM kaoa.fall WHERE fall_id = 6);
RESET ROLE;

SET ROLE up_jugendamt;
SELECT kaoa.uebergabe_daten(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id = 15;
SELECT kaoa.uebernehmen(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id = 15;
SELECT kaoa.ablehnen(uebergabe_id, 'kein Bedarf') FROM kaoa.uebergabe WHERE fall_id = 16;
RESET ROLE;

SET ROLE up_koko;
SELECT kaoa.uebernehmen(uebergabe_id) FROM kaoa.uebergabe WHERE fall_id = 8 AND an_org = 7;
SELECT kaoa.verbleib_melden(17, true), kaoa.verbleib_melden(18, false);
SELECT count(*) FROM kaoa.kette_pruefen('05315', 2025);
RESET ROLE;

-- the Berufskolleg reports a start
SET ROLE up_bk;
SELECT kaoa.verbleib_melden(19, true);
RESET ROLE;

-- profiles (the holder of the cases, the Agentur, under the consent naming it), offers, weights
SET ROLE up_agentur;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab, einwilligung_id)
SELECT '05315', f.person_id, ARRAY[(ARRAY['26312', '71402', '81302'])[1 + f.fall_id % 3]]::kaoa.kldb[], 'SEC', 'sorgfalt=3, teamfaehigkeit=4',
       50.94 + f.fall_id * 0.01, 6.96, 40, date '2026-08-01',
       (SELECT e.einwilligung_id FROM kaoa.einwilligung e WHERE e.kommune = f.kommune AND e.person_id = f.person_id AND e.widerrufen_am IS NULL ORDER BY 1 LIMIT 1)
  FROM kaoa.fall f WHERE f.fall_id BETWEEN 1 AND 5;
RESET ROLE;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, lat, lon, verfuegbar_ab)
SELECT '05315', f.person_id, '{26312,27102}', 'R=80,I=40', 50.93, 6.95, date '2026-08-01' FROM kaoa.fall f WHERE f.fall_id BETWEEN 12 AND 14;
SET ROLE up_traeger;
INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, mindest_hart, interessen, anforderungen, lat, lon, beginn, plaetze)
SELECT '05315', 'UP-A' || i, 8, (ARRAY['26312', '71402', '81302', '27102'])[1 + i % 4]::kaoa.kldb, 'Ausbildung ' || i,
       (CASE WHEN i % 5 = 0 THEN 'MSA' END)::kaoa.abschluss, i % 10 = 0, 'R=50,S=50', 'sorgfalt=2', 50.9 + i * 0.005, 6.9, date '2026-08-01', 1 + i % 3
  FROM generate_series(1, 20) i;
RESET ROLE;
INSERT INTO kaoa.gewichtung (kommune, beruf, interessen, weg, abschluss, beginn, kompetenzen) VALUES ('05315', 40, 10, 20, 15, 5, 10);

SET ROLE up_koko;
SELECT kaoa.zuteilung_berechnen('05315', 2025, 10, 7);
SELECT count(*) FROM kaoa.top_angebote((SELECT person_id FROM kaoa.fall WHERE fall_id = 12), 5);
RESET ROLE;

-- Standardelemente and a measure
SET ROLE up_schule;
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
SELECT '05315', person_id, 2024, 1, 9 FROM kaoa.person WHERE person_id <= 20;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, anbieter_org, kompetenzen)
SELECT '05315', person_id, 'SBO 4.1', '2023-09-15', 8, 'sorgfalt=3' FROM kaoa.person WHERE person_id <= 16;
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld)
SELECT '05315', person_id, 'SBO 5.1', date '2023-10-06' + d, (ARRAY['elektro', 'medien', 'pflege_test'])[d + 1]
  FROM kaoa.person, generate_series(0, 2) d WHERE person_id <= 12;
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, wuensche)
SELECT '05315', person_id, '2025-02-10', '{26312}' FROM kaoa.person WHERE person_id % 3 = 1 AND person_id <= 20;
RESET ROLE;
SET ROLE up_traeger;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, berufsfelder, zeitraum, plaetze)
VALUES ('05315', 8, 'Praxiskurs Elektro', 'praxiskurs', '[9,10]', '{elektro,pflege_test}', '[2024-09-01,2025-06-30]', 12);
RESET ROLE;
SET ROLE up_schule;
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT '05315', 1, person_id, '2024-10-01' FROM kaoa.person WHERE person_id <= 6;
SELECT count(*) FROM kaoa.sbo_luecken('05315', 2024);
RESET ROLE;

-- the BI analyst reads the views
SET ROLE up_bi;
SELECT count(*) FROM kaoa.v_kette;
SELECT count(*) FROM kaoa.v_verbleib;
SELECT count(*) FROM kaoa.v_zuteilung;
SELECT count(*) FROM kaoa.v_sbo;
RESET ROLE;

-- the system: the deadline job (nothing overdue yet, as of today) and the deletion job
SET ROLE up_system;
SELECT count(*) FROM kaoa.fristen_pruefen(current_date + 30);
SELECT count(*) FROM kaoa.fristen_pruefen();
RESET ROLE;
-- an identity deleted by hand (the DBA's correction) — the pseudonymous case stays
DELETE FROM kaoa.person_identitaet WHERE person_id = 24;
