-- The Verantwortungskette as a frontend meets it (docs/kette.md): plain SQL and the API functions,
-- run as the roles of a school, the Agentur, a Jobcenter, the KoKo and a BI analyst.  Every
-- refusal shows its message, DETAIL (naming the case) and HINT (what is allowed).  The pgTAP suites
-- (test/pgtap/kette_*.sql) check every code and order of checks; this file shows the wording.
SET search_path = public, kaoa;
INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05970', 'Kreis Siegen-Wittgenstein', 2);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05970', 'schule', 'Gesamtschule Am Hofe', '190001', 'GE'),
    ('05970', 'agentur', 'Agentur für Arbeit Siegen', 'AA-SI', NULL),
    ('05970', 'jobcenter', 'Jobcenter Siegen-Wittgenstein', 'JC-SI', NULL),
    ('05970', 'jba', 'Jugendberufsagentur Siegen', 'JBA-SI', NULL),
    ('05970', 'koko', 'KoKo Siegen-Wittgenstein', 'KOKO-SI', NULL);
SELECT org_id, typ, name FROM kaoa.organisation WHERE kommune = '05970' ORDER BY org_id;
CREATE ROLE r_schule;
CREATE ROLE r_agentur;
CREATE ROLE r_jobcenter;
CREATE ROLE r_koko;
CREATE ROLE r_bi;
SELECT kaoa.akteur_anlegen('r_schule', 1), kaoa.akteur_anlegen('r_agentur', 2),
       kaoa.akteur_anlegen('r_jobcenter', 3), kaoa.akteur_anlegen('r_koko', 5),
       kaoa.bi_zugang('r_bi', '05970');

-- A school registers a pupil and opens the case for the school year 2025/26.
SET ROLE r_schule;
SELECT * FROM kaoa.akteur_aktuell();
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05970', 'SI-2025-0001', '2009-02-11')
RETURNING person_id, to_char(geburtsmonat, 'YYYY-MM-DD') AS geburtsmonat, angelegt_von;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
VALUES ('05970', 1, 2025, 1, 'ESA', true)
RETURNING fall_id, status, zustaendig_org, schulform;
INSERT INTO kaoa.person_identitaet VALUES ('05970', 1, 'Beispiel', 'Lena', '2009-02-11', 'w', 'Hauptstraße 5, 57072 Siegen');

-- KA001: a transition that is not in the table
UPDATE kaoa.fall SET status = 'in_beratung' WHERE fall_id = 1;
-- KA010: identification without a fristen row needs a reason
UPDATE kaoa.fall SET status = 'ohne_anschluss' WHERE fall_id = 1;
UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'zweite Identifikationsrunde' WHERE fall_id = 1
RETURNING status, grund;
-- KA006: columns fixed when the case was created
UPDATE kaoa.fall SET schuljahr = 2026 WHERE fall_id = 1;
-- KA004: responsibility moves only by an accepted hand-off
UPDATE kaoa.fall SET zustaendig_org = 2 WHERE fall_id = 1;
-- KA008: a Jugendberufsagentur never receives a case
SELECT kaoa.uebergeben(1, 4, 'schuldueg_1_1');
-- KA002: consent basis without a consent
SELECT kaoa.uebergeben(1, 2, 'einwilligung');
SELECT kaoa.uebergeben(1, 2, 'schuldueg_1_1') AS uebergabe_id;
-- KA005: one open hand-off per case
SELECT kaoa.uebergeben(1, 3, 'schuldueg_1_1');
RESET ROLE;

-- The Agentur reads what SchülerDÜG allows, and takes the case over.
SET ROLE r_agentur;
SELECT count(*) AS identitaeten_direkt_lesbar FROM kaoa.person_identitaet;
SELECT kaoa.uebergabe_daten(1);
SELECT kaoa.uebernehmen(1);
SELECT fall_id, status, zustaendig_org FROM kaoa.fall;
-- KA009: nicht_erreichbar needs three unsuccessful contact attempts
INSERT INTO kaoa.kontaktversuch (kommune, fall_id, kanal, erfolgreich) VALUES ('05970', 1, 'telefon', false);
UPDATE kaoa.fall SET status = 'nicht_erreichbar' WHERE fall_id = 1;
-- KA003: the young person objected to the transfer under § 31a Abs. 2 SGB III
SELECT kaoa.widerspruch_erheben(1) IS NOT NULL AS widerspruch_erfasst;
SELECT kaoa.uebergeben(1, 3, 'sgb3_31a_2');
RESET ROLE;

-- KA004: the school no longer holds the case, and the Jobcenter is not the receiver
SET ROLE r_schule;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich' WHERE fall_id = 1;
RESET ROLE;
SET ROLE r_jobcenter;
SELECT kaoa.uebernehmen(1);
SELECT count(*) AS sichtbare_faelle FROM kaoa.fall;
RESET ROLE;

-- The Agentur finds an apprenticeship.
SET ROLE r_agentur;
UPDATE kaoa.fall SET status = 'anschluss_gesichert', anschluss = 'dual_betrieblich' WHERE fall_id = 1
RETURNING status, anschluss;
RESET ROLE;
-- KA007: an ausgenommen case is never handed on under a statutory basis
SET ROLE r_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat) VALUES ('05970', 'SI-2025-0002', '2007-11-01');
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org) VALUES ('05970', 2, 2025, 1);
UPDATE kaoa.fall SET status = 'ausgenommen', grund = 'Zulassung zur Abiturprüfung' WHERE fall_id = 2;
SELECT kaoa.uebergeben(2, 2, 'schuldueg_1_1');
-- an actor may not even try to delete (no privilege) …
DELETE FROM kaoa.kontaktversuch WHERE false;
RESET ROLE;
-- … and KA006 stops even a superuser: the history is append-only, also for statements matching no row
DELETE FROM kaoa.kontaktversuch WHERE false;
UPDATE kaoa.ereignis SET details = NULL WHERE false;

-- The log of case 1, as the KoKo sees it.
SET ROLE r_koko;
SELECT ereignis_id, art, org_id, rolle, von_status, nach_status, details - 'kontaktversuch_id' - 'faellig_am' AS details
  FROM kaoa.ereignis WHERE fall_id = 1 ORDER BY ereignis_id;
RESET ROLE;

-- A BI analyst reads the views of the Kommune (a count of 1 below min_fallzahl = 2 is NULL and its
-- row stays; every other count is rounded to a multiple of 2) and nothing else.
SET ROLE r_bi;
SELECT kommune, schuljahr, status, anzahl, ueberfaellig FROM kaoa.v_kette ORDER BY status;
SELECT kommune, schuljahr, schule_org, sektor, anschluss, anzahl FROM kaoa.v_verbleib ORDER BY sektor;
SELECT count(*) FROM kaoa.fall;
RESET ROLE;

-- DROP EXTENSION refuses while case data exists.
DROP EXTENSION kaoa;

-- Clean up: the rows (with the rules off, as a restore would) and the roles.
SET session_replication_role = replica;
DELETE FROM kaoa.ereignis WHERE kommune = '05970';
DELETE FROM kaoa.kontaktversuch WHERE kommune = '05970';
DELETE FROM kaoa.uebergabe WHERE kommune = '05970';
DELETE FROM kaoa.fall WHERE kommune = '05970';
DELETE FROM kaoa.person_identitaet WHERE kommune = '05970';
DELETE FROM kaoa.person WHERE kommune = '05970';
DELETE FROM kaoa.akteur WHERE kommune = '05970';
DELETE FROM kaoa.bi_rolle WHERE kommune = '05970';
DELETE FROM kaoa.organisation WHERE kommune = '05970';
DELETE FROM kaoa.kommune WHERE kommune = '05970';
RESET session_replication_role;
DROP OWNED BY r_schule, r_agentur, r_jobcenter, r_koko, r_bi;
DROP ROLE r_schule, r_agentur, r_jobcenter, r_koko, r_bi;
RESET search_path;
