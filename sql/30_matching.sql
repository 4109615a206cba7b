-- Matching as a counsellor and a coordinator meet it (docs/matching.md): a score with its explanation,
-- the best offers for a young person, a proposed assignment with cutoffs, the same assignment for
-- a hand-written candidate list, and the wording of every refusal.  The pgTAP suites
-- (test/pgtap/match_*.sql) check every value and code; this file shows what users read.
SET search_path = public, kaoa;
INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05974', 'Kreis Soest', 2);
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05974', 'schule', 'Sekundarschule Soest', '195001', 'SK'),
    ('05974', 'koko', 'KoKo Kreis Soest', 'KOKO-SO', NULL),
    ('05974', 'betrieb', 'Elektro Hellweg GmbH', 'B-1', NULL);
CREATE ROLE r_m_schule;
CREATE ROLE r_m_koko;
CREATE ROLE r_m_bi;
SELECT kaoa.akteur_anlegen('r_m_schule', (SELECT org_id FROM kaoa.organisation WHERE schluessel = '195001')),
       kaoa.akteur_anlegen('r_m_koko', (SELECT org_id FROM kaoa.organisation WHERE schluessel = 'KOKO-SO')),
       kaoa.bi_zugang('r_m_bi', '05974');

-- Three school leavers of 2025/26 without an Anschluss (identified by the school, with a reason
-- since Soest has no identification window on record).
SET ROLE r_m_schule;
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
SELECT '05974', p, '2009-05-01' FROM unnest(ARRAY['SO-1', 'SO-2', 'SO-3']) p;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, abschluss, abschluss_erwartet)
SELECT '05974', person_id, 2025, angelegt_von, a::kaoa.abschluss, false
  FROM kaoa.person JOIN (VALUES ('SO-1', 'MSA'), ('SO-2', 'ESA'), ('SO-3', 'MSA_Q')) v(p, a) ON pseudonym = p
 WHERE kommune = '05974';
UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'keine Zusage bis Schuljahresende' WHERE kommune = '05974';
SELECT p.pseudonym, f.status, f.abschluss FROM kaoa.fall f JOIN kaoa.person p USING (kommune, person_id)
 WHERE f.kommune = '05974' ORDER BY p.pseudonym;

-- A profile needs the young person's consent when a school records it.
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche)
SELECT kommune, person_id, '{26212}' FROM kaoa.person WHERE pseudonym = 'SO-1';
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck)
SELECT kommune, person_id, 'sorgeberechtigt', '{schule}', 'Berufsorientierung und Vermittlung'
  FROM kaoa.person WHERE kommune = '05974';
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab, einwilligung_id)
SELECT p.kommune, p.person_id, v.w::kaoa.kldb[], v.i::kaoa.riasec, v.k::kaoa.kompetenzen, 51.5711, 8.1060, v.km, '2026-08-01',
       e.einwilligung_id
  FROM kaoa.person p JOIN kaoa.einwilligung e USING (kommune, person_id)
  JOIN (VALUES ('SO-1', '{26212,25212}', 'RI', 'sorgfalt=4, feinmotorik=4', 40),
               ('SO-2', '{26212}', 'RC', 'sorgfalt=2', 25),
               ('SO-3', '{71402}', 'C', 'kommunikation=5', 30)) v(p, w, i, k, km) ON p.pseudonym = v.p;
RESET ROLE;

-- Offers (published information; here entered by the system).
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, mindest_abschluss, mindest_hart, interessen, anforderungen,
                          lat, lon, beginn, plaetze) VALUES
    ('05974', 'SO-A1', '26212', 'Elektroniker/in Energie- und Gebäudetechnik', 'ESA', false, 'RI', 'sorgfalt=3, feinmotorik=3',
     51.5711, 8.1060, '2026-08-01', 1),
    ('05974', 'SO-A2', '25212', 'Kfz-Mechatroniker/in', 'MSA', true, 'RI', 'feinmotorik=4, problemloesung=3',
     51.6736, 8.3447, '2026-08-01', 1),
    ('05974', 'SO-A3', '71402', 'Kaufmann/-frau für Büromanagement', 'MSA', false, 'C', 'kommunikation=4, sorgfalt=3',
     51.5711, 8.1060, '2026-09-01', 2),
    ('05974', 'SO-A4', '26212', 'Elektroniker/in (Lippstadt)', NULL, false, 'R', NULL, 51.6738, 8.3447, '2026-08-01', 1);

-- A counsellor asks: how well does SO-1 fit each offer, and why?
SELECT o.extern_id, round(kaoa.passung(p.person_id, o.angebot_id)::numeric, 2) AS passung
  FROM kaoa.person p, kaoa.angebot o WHERE p.pseudonym = 'SO-1' AND o.kommune = '05974' ORDER BY o.extern_id;
SELECT k AS komponente, round((v ->> 'wert')::numeric, 4) AS wert, v ->> 'gewicht' AS gewicht
  FROM kaoa.person p, kaoa.angebot o, jsonb_each(kaoa.passung_erklaert(p.person_id, o.angebot_id) -> 'komponenten') AS c(k, v)
 WHERE p.pseudonym = 'SO-1' AND o.extern_id = 'SO-A4' ORDER BY k;
SELECT round((e ->> 'distanz_km')::numeric, 2) AS distanz_km, round((e ->> 'passung')::numeric, 2) AS passung
  FROM (SELECT kaoa.passung_erklaert(p.person_id, o.angebot_id) AS e
          FROM kaoa.person p, kaoa.angebot o WHERE p.pseudonym = 'SO-1' AND o.extern_id = 'SO-A4') x;
-- the whole document, for SO-3 and the office job (same place, every value exact)
SELECT jsonb_pretty(kaoa.passung_erklaert(p.person_id, o.angebot_id))
  FROM kaoa.person p, kaoa.angebot o WHERE p.pseudonym = 'SO-3' AND o.extern_id = 'SO-A3';
-- SO-2 (ESA) and the Kfz offer with a hard minimum MSA: ruled out, and why
SELECT e ->> 'ausschluss' AS ausschluss, e ->> 'passung' AS passung,
       (e #>> '{komponenten,abschluss,wert}') AS abschluss_wert
  FROM (SELECT kaoa.passung_erklaert(p.person_id, o.angebot_id) AS e
          FROM kaoa.person p, kaoa.angebot o WHERE p.pseudonym = 'SO-2' AND o.extern_id = 'SO-A2') x;

-- The best offers for each young person, as the school sees it.
SET ROLE r_m_schule;
SELECT p.pseudonym, o.extern_id, round(t.passung::numeric, 2) AS passung
  FROM kaoa.person p CROSS JOIN LATERAL kaoa.top_angebote(p.person_id, 3) t
  JOIN kaoa.angebot o USING (angebot_id)
 WHERE p.kommune = '05974' ORDER BY p.pseudonym, t.passung DESC, o.extern_id;
-- and the best young people for the Elektroniker place
SELECT p.pseudonym, round(t.passung::numeric, 2) AS passung
  FROM kaoa.top_bewerber((SELECT angebot_id FROM kaoa.angebot WHERE extern_id = 'SO-A1'), 5) t
  JOIN kaoa.person p USING (person_id) ORDER BY t.passung DESC;
-- a school does not run assignments
SELECT kaoa.zuteilung_berechnen('05974', 2025);
RESET ROLE;

-- The KoKo proposes an assignment for its Kommune.
SET ROLE r_m_koko;
SELECT kaoa.zuteilung_berechnen('05974', 2025, k => 10, seed => 2025) IS NOT NULL AS gerechnet;
SELECT l.schuljahr, l.seed, l.k, l.rolle, l.bewerber, l.angebote, l.kandidaten, l.zugeteilt
  FROM kaoa.zuteilung_lauf l WHERE l.kommune = '05974';
SELECT p.pseudonym, o.extern_id, round(z.passung::numeric, 2) AS passung, round(z.prioritaet::numeric, 2) AS prioritaet
  FROM kaoa.zuteilung z JOIN kaoa.person p USING (kommune, person_id) LEFT JOIN kaoa.angebot o USING (angebot_id)
 WHERE z.kommune = '05974' ORDER BY p.pseudonym;
-- "the limit was …, you had …": every full offer's cutoff
SELECT o.extern_id, round(g.grenze::numeric, 2) AS grenze
  FROM kaoa.zuteilung_grenze g JOIN kaoa.angebot o USING (angebot_id) WHERE g.kommune = '05974' ORDER BY o.extern_id;
SELECT kaoa.zuteilung_berechnen('05974', 2025, k => 0);
SELECT kaoa.zuteilung_berechnen('05111', 2025);
RESET ROLE;

-- The BI analyst: a count of 1 (below min_fallzahl 2) NULL, the others rounded to multiples of 2; the
-- mean passung only where 4 or more are shown.
SET ROLE r_m_bi;
SELECT schuljahr, zugeteilt, berufsbereich, anzahl, passung_mittel FROM kaoa.v_zuteilung
 ORDER BY zugeteilt, berufsbereich;
SELECT count(*) FROM kaoa.zuteilung;
RESET ROLE;

-- The same kind of assignment for a hand-written candidate list, and what it refuses.
SELECT * FROM kaoa.stabile_zuteilung(
    $$SELECT * FROM (VALUES (1::bigint, 10::bigint, 80.0::float8, 70.0::float8), (2, 10, 90, 60), (2, 20, 50, 90)) v$$,
    $$SELECT * FROM (VALUES (10::bigint, 1), (20::bigint, 1)) v$$);
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 10::bigint, 1.0::float8', 'SELECT 10::bigint, 1');
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 10::bigint, 1.0::float8, 1.0::float8', 'SELECT 10::bigint, 1; SELECT 1');
SELECT * FROM kaoa.stabile_zuteilung('DELETE FROM kaoa.angebot RETURNING 1::bigint, 2::bigint, 3.0::float8, 4.0::float8', 'SELECT 10::bigint, 1');
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 10::bigint, 1.0::float8, NULL::float8', 'SELECT 10::bigint, 1');
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 30::bigint, 1.0::float8, 1.0::float8', 'SELECT 10::bigint, 1');
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 10::bigint, 1.0::float8, 1.0::float8', 'SELECT 10::bigint, -2');
SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 10::bigint, 1.0::float8, 1.0::float8 FROM generate_series(1, 2)', 'SELECT 10::bigint, 1');

-- Long runs report their progress with NOTICEs (here at every step; the DETAIL, hidden by terse
-- verbosity, gives the times) and close with a summary.
SET kaoa.fortschritt_sekunden = 0;
\set VERBOSITY terse
SELECT count(*) FROM kaoa.stabile_zuteilung(
    'SELECT b::bigint, (b % 7)::bigint, 1.0::float8, b::float8 FROM generate_series(1, 25000) b',
    'SELECT a::bigint, 1000 FROM generate_series(0, 6) a');
SELECT kaoa.zuteilung_berechnen('05974', 2025) IS NOT NULL AS gerechnet;
\set VERBOSITY default
RESET kaoa.fortschritt_sekunden;

-- Clean up: the rows (with the rules off, as a restore would) and the roles.
SET session_replication_role = replica;
DELETE FROM kaoa.zuteilung_lauf WHERE kommune = '05974';
DELETE FROM kaoa.bewerberprofil WHERE kommune = '05974';
DELETE FROM kaoa.angebot WHERE kommune = '05974';
DELETE FROM kaoa.einwilligung WHERE kommune = '05974';
DELETE FROM kaoa.ereignis WHERE kommune = '05974';
DELETE FROM kaoa.fall WHERE kommune = '05974';
DELETE FROM kaoa.person WHERE kommune = '05974';
DELETE FROM kaoa.akteur WHERE kommune = '05974';
DELETE FROM kaoa.bi_rolle WHERE kommune = '05974';
DELETE FROM kaoa.organisation WHERE kommune = '05974';
DELETE FROM kaoa.kommune WHERE kommune = '05974';
RESET session_replication_role;
DROP OWNED BY r_m_schule, r_m_koko, r_m_bi;
DROP ROLE r_m_schule, r_m_koko, r_m_bi;
RESET search_path;
