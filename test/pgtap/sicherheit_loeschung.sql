-- pgTAP, security class 10 (deletion): kaoa.loeschfristen_anwenden deletes the identities of
-- persons without a case too (pupils known only through the Standardelemente: aufbewahrung_monate
-- after the end of the school year of their last enrolment or participation; without any record,
-- after the school year they turn 18), and the home coordinates of a matching profile go with the
-- identity, so nobody who ever saw the person reads them afterwards.  Only a system role deletes
-- (KA004 for a school, nothing changed); the days are in kaoa.loeschtermine, which kaoa.auskunft
-- reports.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(19);

UPDATE kaoa.kommune SET aufbewahrung_monate = 6 WHERE kommune = '05315';
-- three pupils without a case, registered by school S1: one enrolled in 2023/24 only, one with a
-- measure participation in 2025/26 as well, one with no record at all (born March 2009)
INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat, angelegt_von) VALUES
    ('05315', 'SL-1', '2009-05-01', :s1), ('05315', 'SL-2', '2009-06-01', :s1), ('05315', 'SL-3', '2009-03-01', :s1);
SELECT max(person_id) FILTER (WHERE pseudonym = 'SL-1') AS p1, max(person_id) FILTER (WHERE pseudonym = 'SL-2') AS p2,
       max(person_id) FILTER (WHERE pseudonym = 'SL-3') AS p3 FROM kaoa.person \gset
INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
SELECT '05315', person_id, 'Name ' || person_id, 'Vorname', geburtsmonat + 13, 'w', 'Ring ' || person_id
  FROM kaoa.person WHERE person_id IN (:p1, :p2, :p3);
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES
    ('05315', :p1, 2023, :s1, 9), ('05315', :p2, 2023, :s1, 9);
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Werkstatttage', 'werkstatt', '[9,11)', '[2025-09-01,2026-06-30]') RETURNING massnahme_id AS m \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES ('05315', :m, :p2, '2025-10-01');

CREATE FUNCTION pg_temp.tag(p bigint, teil text DEFAULT 'identitaet') RETURNS date LANGUAGE sql AS
    $$ SELECT loeschen_am FROM kaoa.loeschtermine WHERE person_id = p AND loeschtermine.teil = tag.teil $$;
CREATE FUNCTION pg_temp.identitaet(p bigint) RETURNS boolean LANGUAGE sql AS
    $$ SELECT EXISTS (SELECT 1 FROM kaoa.person_identitaet WHERE person_id = p) $$;

SELECT is(pg_temp.tag(:p1), date '2025-02-01',
          'enrolled in 2023/24 only: the identity goes 6 months after 31 July 2024 (2025-02-01)');
SELECT is(pg_temp.tag(:p2), date '2027-02-01', 'a measure in 2025/26: 6 months after 31 July 2026');
SELECT is(pg_temp.tag(:p3), (kaoa.berufsschulpflicht_ende('2009-03-01') + interval '6 months')::date + 1,
          'no record at all: 6 months after the school year in which the person turns 18');

-- a school may not apply the deletion periods
SET LOCAL ROLE t_s1;
SELECT throws_ok($$SELECT kaoa.loeschfristen_anwenden('2025-02-01')$$, 'KA004', NULL,
                 'a school cannot apply the deletion periods (KA004)');
RESET ROLE;
SELECT ok(pg_temp.identitaet(:p1) AND pg_temp.identitaet(:p2) AND pg_temp.identitaet(:p3), '… and every identity is still there');

SET LOCAL ROLE t_system;
SELECT lives_ok($$SELECT kaoa.loeschfristen_anwenden('2025-01-31')$$, 'the system applies them on 31 January 2025');
RESET ROLE;
SELECT ok(pg_temp.identitaet(:p1), 'the day before its day, the identity stays');
SET LOCAL ROLE t_system;
SELECT lives_ok($$SELECT kaoa.loeschfristen_anwenden('2025-02-01')$$, 'and on 1 February 2025');
RESET ROLE;
SELECT ok(NOT pg_temp.identitaet(:p1), 'the identity of the pupil known only through the Standardelemente is deleted');
SELECT ok(pg_temp.identitaet(:p2) AND pg_temp.identitaet(:p3), 'the others stay until their day');
SELECT results_eq(format($$SELECT fall_id, org_id, rolle = 't_system' FROM kaoa.ereignis
                           WHERE art = 'identitaet_geloescht' AND (details->>'person_id')::bigint = %s$$, :p1),
                  $$VALUES (NULL::bigint, NULL::bigint, true)$$,
                  'the deletion is logged (no case to log it on: fall_id NULL, by the system)');
SELECT is((SELECT count(*) FROM kaoa.person WHERE person_id = :p1), 1::bigint, 'the pseudonymous person stays (statistics)');
SELECT is((SELECT count(*) FROM kaoa.schulbesuch WHERE person_id = :p1), 1::bigint, 'and so does the enrolment');

-- the home coordinates go with the identity: a case ausgenommen long ago, a profile with a location
SELECT pg_temp.fall('SL-4', :s1, 'ausgenommen', 2023, 0) AS f4 \gset
SELECT pg_temp.person_von(:f4) AS p4 \gset
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, lat, lon) VALUES
    ('05315', :p4, '{82302}', 50.9375, 6.9603), ('05315', :p3, '{71302}', 50.94, 6.95);
SET LOCAL session_replication_role = replica;
UPDATE kaoa.fall SET status_seit = '2024-01-15 10:00+01' WHERE fall_id = :f4;
SET LOCAL session_replication_role = origin;
SELECT is(pg_temp.tag(:p4, 'bewerberprofil_ort'), pg_temp.tag(:p4), 'the coordinates have the identity''s day');
SET LOCAL ROLE t_s1;
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :p4),
                  $$VALUES (50.9375::float8, 6.9603::float8)$$, 'before it, the school reads the home coordinates');
RESET ROLE;
SELECT pg_temp.tag(:p4) AS tag4 \gset
SET LOCAL ROLE t_system;
SELECT kaoa.loeschfristen_anwenden(:'tag4') \gset
RESET ROLE;
SELECT ok(NOT pg_temp.identitaet(:p4), 'the identity is deleted on its day');
SET LOCAL ROLE t_s1;
SELECT results_eq(format('SELECT lat, lon, wuensche::text FROM kaoa.bewerberprofil WHERE person_id = %s', :p4),
                  $$VALUES (NULL::float8, NULL::float8, '{82302}')$$,
                  'with it the coordinates: the school that saw the person reads no location any more (the wishes stay, pseudonymous)');
RESET ROLE;
SELECT results_eq(format('SELECT lat, lon FROM kaoa.bewerberprofil WHERE person_id = %s', :p3),
                  $$VALUES (50.94::float8, 6.95::float8)$$, 'a profile whose identity stays keeps its coordinates');
SELECT is((SELECT count(*) FROM kaoa.loeschtermine WHERE person_id = :p4 AND teil = 'bewerberprofil_ort'), 0::bigint,
          'nothing of the coordinates is left to delete');

SELECT * FROM finish();
ROLLBACK;
