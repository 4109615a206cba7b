-- The Standardelemente and the measures of a Kommune as a school, a Träger, the KoKo and a BI analyst
-- meet them (docs/sbo.md): enrolments, participations, agreements, the refusals with their
-- DETAIL and HINT, completeness per pupil and per school, parallel structures and gaps.  The pgTAP
-- suites (test/pgtap/sbo_*.sql) check every code and role; this file shows the wording.  School
-- year 2024/25 (past, so kaoa.v_sbo judges it as of its last day, 31 July 2025).
SET search_path = public, kaoa;
SET datestyle = 'ISO, YMD';
-- ids printed in messages below do not depend on the files run before this one (the counters are
-- put back at the end)
SELECT o.last_value AS org_alt, o.is_called AS org_call, p.last_value AS person_alt, p.is_called AS person_call,
       m.last_value AS mn_alt, m.is_called AS mn_call
  FROM kaoa.organisation_org_id_seq o, kaoa.person_person_id_seq p, kaoa.massnahme_massnahme_id_seq m \gset
SELECT setval(pg_get_serial_sequence('kaoa.organisation', 'org_id'), 5000) AS org,
       setval(pg_get_serial_sequence('kaoa.person', 'person_id'), 5000) AS person,
       setval(pg_get_serial_sequence('kaoa.massnahme', 'massnahme_id'), 5000) AS massnahme;
INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05966', 'Kreis Olpe', 2);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05966', 'schule', 'Gesamtschule Olpe', '191001', 'GE'),
    ('05966', 'schule', 'Realschule Attendorn', '191002', 'RS'),
    ('05966', 'traeger', 'Bildungswerk Südwestfalen', 'BW-OE', NULL),
    ('05966', 'kammer', 'Handwerkskammer Südwestfalen', 'HWK-OE', NULL),
    ('05966', 'koko', 'KoKo Kreis Olpe', 'KOKO-OE', NULL);
SELECT max(org_id) FILTER (WHERE schluessel = '191001') AS ge, max(org_id) FILTER (WHERE schluessel = '191002') AS rs,
       max(org_id) FILTER (WHERE schluessel = 'BW-OE') AS bw, max(org_id) FILTER (WHERE schluessel = 'HWK-OE') AS hwk,
       max(org_id) FILTER (WHERE schluessel = 'KOKO-OE') AS ko
  FROM kaoa.organisation WHERE kommune = '05966' \gset
CREATE ROLE r_sbo_schule;
CREATE ROLE r_sbo_traeger;
CREATE ROLE r_sbo_koko;
CREATE ROLE r_sbo_bi;
SELECT kaoa.akteur_anlegen('r_sbo_schule', :ge), kaoa.akteur_anlegen('r_sbo_traeger', :bw),
       kaoa.akteur_anlegen('r_sbo_koko', :ko), kaoa.bi_zugang('r_sbo_bi', '05966');

-- The reference data: the 16 Berufsfelder of the Berufsfelderkundung with their KldB branches, and
-- what the catalogue edition in force requires.
SELECT svws_id, kuerzel, name, kldb FROM kaoa.berufsfeld ORDER BY svws_id;
SELECT version, code, element, jahrgang_von, jahrgang_bis, ab_halbjahr, mindestanzahl, verschiedene_berufsfelder
  FROM kaoa.sbo_katalog WHERE pflicht ORDER BY jahrgang_von, ab_halbjahr;
SELECT kaoa.berufsfelder('26112') AS mechatroniker, kaoa.berufsfelder('81302') AS pflege;

-- The Gesamtschule registers and enrols its pupils of grades 8 and 9.
SET ROLE r_sbo_schule;
INSERT INTO kaoa.person (kommune, pseudonym)
SELECT '05966', p FROM unnest(ARRAY['OE-8a', 'OE-8b', 'OE-8c', 'OE-9a', 'OE-9b']) p;
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
SELECT '05966', person_id, 2024, :ge, substr(pseudonym, 4, 1)::int FROM kaoa.person WHERE kommune = '05966';
SELECT p.pseudonym, b.schuljahr, b.schulform, b.jahrgang
  FROM kaoa.schulbesuch b JOIN kaoa.person p USING (kommune, person_id) ORDER BY 1;
SELECT max(person_id) FILTER (WHERE pseudonym = 'OE-8a') AS p8a, max(person_id) FILTER (WHERE pseudonym = 'OE-8b') AS p8b,
       max(person_id) FILTER (WHERE pseudonym = 'OE-8c') AS p8c, max(person_id) FILTER (WHERE pseudonym = 'OE-9a') AS p9a,
       max(person_id) FILTER (WHERE pseudonym = 'OE-9b') AS p9b
  FROM kaoa.person WHERE kommune = '05966' \gset

-- Potenzialanalysen with their observed competences, run by the Bildungswerk
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, anbieter_org, kompetenzen) VALUES
    ('05966', :p8a, 'SBO 4.1', '2024-09-16', :bw, 'sorgfalt=4,teamfaehigkeit=3,feinmotorik=5'),
    ('05966', :p8b, 'SBO 4.1', '2024-09-16', :bw, 'motivation=4'),
    ('05966', :p9a, 'SBO 4.1', '2023-09-18', :bw, 'planung=4'),
    ('05966', :p9b, 'SBO 4.1', '2023-09-18', :bw, 'kommunikation=5');
-- a Berufsfelderkundung needs its Berufsfeld (23502)
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05966', :p8a, 'SBO 5.1', '2024-10-07');
-- codes are those of the catalogue edition (23503)
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld) VALUES ('05966', :p8a, 'SBO 6.1.1', '2024-10-07', 'elektro');
-- an unknown Berufsfeld (23503)
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld) VALUES ('05966', :p8a, 'SBO 5.1', '2024-10-07', 'Elektro');
-- a Praktikum that ends before it starts (23514), and competences on it (23514)
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis) VALUES ('05966', :p9a, 'SBO 6.1', '2025-01-27', '2025-01-13');
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis, kompetenzen) VALUES ('05966', :p9a, 'SBO 6.1', '2025-01-13', '2025-01-24', 'sorgfalt=5');
-- three Berufsfelderkundung days; OE-8b explores Elektro twice
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld, anbieter_org) VALUES
    ('05966', :p8a, 'SBO 5.1', '2024-10-07', 'elektro', :hwk), ('05966', :p8a, 'SBO 5.1', '2024-10-08', 'gesundheit', NULL),
    ('05966', :p8a, 'SBO 5.1', '2024-11-11', 'it_computer', NULL),
    ('05966', :p8b, 'SBO 5.1', '2024-10-07', 'elektro', :hwk), ('05966', :p8b, 'SBO 5.1', '2024-10-08', 'elektro', :hwk),
    ('05966', :p8b, 'SBO 5.1', '2024-11-11', 'medien', NULL),
    ('05966', :p9a, 'SBO 5.1', '2023-10-09', 'elektro', NULL), ('05966', :p9a, 'SBO 5.1', '2023-10-10', 'verkehr_logistik', NULL),
    ('05966', :p9a, 'SBO 5.1', '2023-11-13', 'wirtschaft_verwaltung', NULL),
    ('05966', :p9b, 'SBO 5.1', '2023-10-09', 'gesundheit', NULL), ('05966', :p9b, 'SBO 5.1', '2023-10-10', 'soziales_paedagogik', NULL),
    ('05966', :p9b, 'SBO 5.1', '2023-11-13', 'dienstleistung', NULL);
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis, berufsfeld)
VALUES ('05966', :p9a, 'SBO 6.1', '2025-01-13', '2025-01-24', 'elektro')
RETURNING sbo_code, katalog_version, bis - datum + 1 AS tage, erfasst_von = :ge AS von_der_schule;
-- Anschlussvereinbarungen: versioned, the newest counts; a change is a new row
INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, angestrebt, wuensche, naechster_schritt) VALUES
    ('05966', :p9a, '2025-02-17', 'dual_betrieblich', '{26312,26112}', 'Bewerbung Elektroniker'),
    ('05966', :p9b, '2025-02-17', 'schulische_ausbildung', '{81302}', 'Beratung Pflegeschule'),
    ('05966', :p9b, '2025-06-02', 'dual_betrieblich', '{62102,81302}', 'Bewerbung Einzelhandel');
RESET ROLE;
UPDATE kaoa.anschlussvereinbarung SET naechster_schritt = 'anders' WHERE person_id = :p9b;
SET ROLE r_sbo_schule;
SELECT p.pseudonym, a.datum, a.angestrebt, a.wuensche FROM kaoa.anschlussvereinbarung_aktuell a
  JOIN kaoa.person p USING (kommune, person_id) ORDER BY 1;

-- What is missing, as the school sees it: in December (first half) and in March (second half:
-- grade 9 owes the Anschlussvereinbarung; OE-9a has one, OE-9b too).
SELECT p.pseudonym, l.jahrgang, l.element, l.sbo_code, l.vorhanden, l.erforderlich, l.ueberfaellig
  FROM kaoa.sbo_luecken('05966', 2024, '2024-12-02') l JOIN kaoa.person p USING (person_id) ORDER BY 1, 3;
SELECT p.pseudonym, l.jahrgang, l.element, l.vorhanden, l.erforderlich, l.ueberfaellig
  FROM kaoa.sbo_luecken('05966', 2024, '2025-03-03') l JOIN kaoa.person p USING (person_id) ORDER BY 1, 3;
RESET ROLE;

-- The Bildungswerk keeps its measures; bad input is refused.
SET ROLE r_sbo_traeger;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze, finanzierung)
VALUES ('05966', :bw, 'Praxiskurs Elektro', 'praxiskurs', '[9,10]', '{GE,RS}', '{elektro,metall_maschinenbau}', '[2024-11-04,2025-03-28]', 12, 'Land');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum, plaetze)
VALUES ('05966', :bw, 'Bewerbungstraining', 'bewerbungstraining', '[9,10]', '[2025-02-01,2025-06-30]', -5);
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05966', :bw, 'Bewerbungstraining', 'bewerbungstraining', '[9,10]', '[2025-02-01,2025-02-01)');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05966', :bw, 'Bewerbungstraining', 'bewerbungstraining', 'empty', '[2025-02-01,2025-06-30]');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05966', :hwk, 'Werkstatttage', 'berufsfelderkundung', '[8,8]', '[2024-09-01,2025-06-30]');
RESET ROLE;
-- the Handwerkskammer's own Werkstatttage, entered by the KoKo
SET ROLE r_sbo_koko;
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze, finanzierung)
VALUES ('05966', :hwk, 'Praxiskurs Elektro im Handwerk', 'praxiskurs', '[10,10]', NULL, '{elektro}', '[2025-03-01,2025-05-30]', 8, 'Handwerk'),
       ('05966', :hwk, 'Werkstatttage Elektro/IT', 'berufsfelderkundung', '[8,8]', '{GE}', '{elektro,it_computer}', '[2024-09-01,2025-06-30]', 40, 'Land');
SELECT titel, o.name AS traeger, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze
  FROM kaoa.massnahme m JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
 WHERE m.kommune = '05966' ORDER BY titel;
RESET ROLE;
SET ROLE r_sbo_traeger;
UPDATE kaoa.massnahme SET plaetze = 20 WHERE titel = 'Werkstatttage Elektro/IT';
RESET ROLE;

-- Participants: OE-8c is in grade 8, the Praxiskurs is for grades 9 and 10 — allowed, flagged.
SET ROLE r_sbo_schule;
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT '05966', m.massnahme_id, p.person_id, '2024-11-04'
  FROM kaoa.massnahme m, kaoa.person p
 WHERE m.titel = 'Praxiskurs Elektro' AND p.pseudonym IN ('OE-9a', 'OE-8c');
SELECT p.pseudonym, m.titel, t.abweichungen
  FROM kaoa.massnahme_teilnahme t JOIN kaoa.person p USING (kommune, person_id)
  JOIN kaoa.massnahme m USING (kommune, massnahme_id) ORDER BY 1;
RESET ROLE;

-- The KoKo: parallel structures and gaps of school year 2024/25.
SET ROLE r_sbo_koko;
SELECT a.titel AS massnahme_a, b.titel AS massnahme_b, u.gleiche_art, u.jahrgaenge, u.schulformen, u.berufsfelder, u.zeitraum
  FROM kaoa.massnahmen_ueberschneidungen('05966', 2024) u
  JOIN kaoa.massnahme a ON a.massnahme_id = u.massnahme_a JOIN kaoa.massnahme b ON b.massnahme_id = u.massnahme_b;
SELECT * FROM kaoa.massnahmen_luecken('05966', 2024);
SELECT count(*) AS pupils_with_gaps FROM (SELECT DISTINCT person_id FROM kaoa.sbo_luecken('05966', 2024, '2025-07-31')) x;
RESET ROLE;
SET ROLE r_sbo_traeger;
SELECT * FROM kaoa.massnahmen_luecken('05966', 2024);
RESET ROLE;

-- The BI analyst: per school, grade and element; a count of 1 (below min_fallzahl 2) NULL, every
-- other rounded to a multiple of 2.
SET ROLE r_sbo_bi;
SELECT v.kommune, v.schuljahr, v.schule_org - 5000 AS schule, v.jahrgang, v.element, v.schueler, v.fehlend, v.ueberfaellig
  FROM kaoa.v_sbo v WHERE v.schuljahr = 2024 ORDER BY 3, 4, 5;
SELECT * FROM kaoa.anschlussvereinbarung;
RESET ROLE;

-- The counsellor's proposal for the matching profile of OE-9b (as the system).
SELECT wuensche, kompetenzen FROM kaoa.bewerberprofil_aus_sbo(:p9b);

-- clean up (the rows are kept out of the way of later files)
SET session_replication_role = replica;
DELETE FROM kaoa.massnahme_teilnahme WHERE kommune = '05966';
DELETE FROM kaoa.massnahme WHERE kommune = '05966';
DELETE FROM kaoa.anschlussvereinbarung WHERE kommune = '05966';
DELETE FROM kaoa.sbo_teilnahme WHERE kommune = '05966';
DELETE FROM kaoa.schulbesuch WHERE kommune = '05966';
DELETE FROM kaoa.ereignis WHERE kommune = '05966';
DELETE FROM kaoa.person WHERE kommune = '05966';
DELETE FROM kaoa.akteur WHERE kommune = '05966';
DELETE FROM kaoa.bi_rolle WHERE kommune = '05966';
DELETE FROM kaoa.organisation WHERE kommune = '05966';
DELETE FROM kaoa.kommune WHERE kommune = '05966';
RESET session_replication_role;
DROP OWNED BY r_sbo_schule, r_sbo_traeger, r_sbo_koko, r_sbo_bi;
DROP ROLE r_sbo_schule, r_sbo_traeger, r_sbo_koko, r_sbo_bi;
SELECT setval('kaoa.organisation_org_id_seq', :org_alt, :'org_call'::boolean) IS NOT NULL AS org,
       setval('kaoa.person_person_id_seq', :person_alt, :'person_call'::boolean) IS NOT NULL AS person,
       setval('kaoa.massnahme_massnahme_id_seq', :mn_alt, :'mn_call'::boolean) IS NOT NULL AS massnahme;
RESET datestyle;
RESET search_path;
