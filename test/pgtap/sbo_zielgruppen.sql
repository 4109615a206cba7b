-- pgTAP: a measure's target group as a union of (grades, school forms) pairs, on the programme of a
-- Kreis that is one measure: pupils paired with apprentices who visit a company with them, open to
-- grades 9–10 at Realschule, Sekundarschule and Gesamtschule and to grades 10–12 (EF–Q2) at
-- Gymnasium, registration until February, start in March, run by the KoKo with an association.
-- Its parallel structures and gaps are found exactly (kaoa.massnahmen_ueberschneidungen,
-- kaoa.massnahmen_luecken), participations are flagged against the union, and the pairs are kept
-- by whoever keeps the measure.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(20);

INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05315', 'schule', 'Realschule Ost', 'R1', 'R'), ('05315', 'schule', 'Sekundarschule West', 'SK1', 'SK'),
    ('05315', 'schule', 'Gymnasium Mitte', 'GY1', 'GY'), ('05315', 'schule', 'Hauptschule Nord', 'H1', 'H');
SELECT max(org_id) FILTER (WHERE schluessel = 'R1') AS r1, max(org_id) FILTER (WHERE schluessel = 'SK1') AS sk1,
       max(org_id) FILTER (WHERE schluessel = 'GY1') AS gy1, max(org_id) FILTER (WHERE schluessel = 'H1') AS h1
  FROM kaoa.organisation \gset

-- school year 2025 = [2025-08-01, 2026-08-01)
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze, anmeldung_bis)
VALUES ('05315', :ko, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', '{R,SK,GE}', NULL,
        '[2026-03-01,2026-06-30]', 40, '2026-02-13')
RETURNING massnahme_id AS p \gset
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                            VALUES ('05315', %s, '{GY}', '[10,12]') RETURNING massnahme_id, schulformen, jahrgaenge$$, :p),
                  format($$VALUES (%s::bigint, '{GY}'::text[], '[10,13)'::int4range)$$, :p),
                  'the programme''s second pair: grades 10-12 at Gymnasium');
INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle) VALUES ('05315', :p, :tr, 'traeger');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum) VALUES
    ('05315', :tr, 'Praxiskurs Metall', 'praxiskurs', '[9,10]', NULL, '{metall_maschinenbau}', '[2025-09-01,2026-03-31]'),
    ('05315', :ka, 'Studienorientierung Oberstufe', 'studienorientierung', '[11,13]', '{GY}', NULL, '[2026-01-01,2026-12-31]'),
    ('05315', :tr, 'Pflege an der Hauptschule', 'praxiskurs', '[9,10]', '{H}', '{gesundheit}', '[2025-09-01,2026-06-30]'),
    ('05315', :be, 'Medientag Gymnasium 9', 'berufsfelderkundung', '[9,9]', '{GY}', '{medien}', '[2026-04-01,2026-06-30]'),
    ('05315', :tr, 'Praxiskurs Realschule 2026', 'praxiskurs', '[9,10]', '{R}', NULL, '[2026-09-01,2027-01-31]');
SELECT max(massnahme_id) FILTER (WHERE titel LIKE 'Praxiskurs Metall') AS praxis,
       max(massnahme_id) FILTER (WHERE titel LIKE 'Studienorientierung%') AS ober,
       max(massnahme_id) FILTER (WHERE titel LIKE 'Pflege%') AS pflege,
       max(massnahme_id) FILTER (WHERE titel LIKE 'Medientag%') AS gy9
  FROM kaoa.massnahme \gset

-- ---- parallel structures: exactly where the union overlaps ---------------------------------------------------------
SELECT results_eq($$SELECT massnahme_a, massnahme_b, traeger_a, traeger_b, gleiche_art, jahrgaenge, schulformen,
                           berufsfelder, zeitraum FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)$$,
                  format($$VALUES (%1$s::bigint, %2$s::bigint, %4$s::bigint, %5$s::bigint, false, '[9,10)'::int4range,
                                   '{GE,R,SK}'::text[], '{metall_maschinenbau}'::text[], '[2026-03-01,2026-04-01)'::daterange),
                                  (%1$s, %2$s, %4$s, %5$s, false, '[10,11)', '{GE,GY,R,SK}', '{metall_maschinenbau}', '[2026-03-01,2026-04-01)'),
                                  (%1$s, %3$s, %4$s, %6$s, false, '[11,13)', '{GY}', NULL, '[2026-03-01,2026-07-01)')$$,
                         :p, :praxis, :ober, :ko, :tr, :ka),
                  'the programme against the Praxiskurs: grade 9 without GY, grade 10 with it; against the Oberstufe: 11-12 GY');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2025) WHERE :gy9 IN (massnahme_a, massnahme_b)),
          0::bigint, 'a grade-9 Gymnasium day while the programme runs: no overlap (9 GY is in neither pair)');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2025) WHERE :pflege IN (massnahme_a, massnahme_b)),
          0::bigint, 'the Hauptschule course: school forms apart from the programme, fields apart from the Praxiskurs');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2026)), 0::bigint,
          'school year 2026: the Realschule course alone');
-- the same target group split into other pairs gives the same rows
UPDATE kaoa.massnahme SET jahrgaenge = '[9,9]' WHERE massnahme_id = :p;
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
VALUES ('05315', :p, '{SK,R,GE,SK}', '[10,10]');
SELECT results_eq($$SELECT massnahme_a, massnahme_b, jahrgaenge, schulformen
                      FROM kaoa.massnahmen_ueberschneidungen('05315', 2025) ORDER BY 1, 2, 3$$,
                  format($$VALUES (%1$s::bigint, %2$s::bigint, '[9,10)'::int4range, '{GE,R,SK}'::text[]),
                                  (%1$s, %2$s, '[10,11)', '{GE,GY,R,SK}'), (%1$s, %3$s, '[11,13)', '{GY}')$$, :p, :praxis, :ober),
                  'three pairs instead of two, the same union: the same pieces');
SELECT is((SELECT schulformen FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :p AND jahrgaenge = '[10,10]'),
          '{GE,R,SK}'::text[], 'a pair''s school forms are stored sorted, without repeats');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                          VALUES ('05315', %s, '{GY}', '[10,10]')$$, :p), '23505', NULL,
                 'a second pair with the same grades: 23505 on the natural key (one pair per range of grades)');
UPDATE kaoa.massnahme SET jahrgaenge = '[9,10]' WHERE massnahme_id = :p;
DELETE FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :p AND jahrgaenge = '[10,10]';

-- ---- gaps: exactly the cells the union leaves open -------------------------------------------------------------------
SELECT pg_temp.schueler('g9', :gy1, 9) AS g9, pg_temp.schueler('g11', :gy1, 11) AS g11, pg_temp.schueler('r10', :r1, 10) AS r10,
       pg_temp.schueler('ge11', :s1, 11) AS ge11, pg_temp.schueler('h10', :h1, 10) AS h10, pg_temp.schueler('sk9', :sk1, 9) AS sk9,
       pg_temp.schueler('h8', :h1, 8) AS h8, pg_temp.schueler('g10', :gy1, 10) AS g10 \gset
SELECT pg_temp.sbo(:g9, 'SBO 5.1', '2025-10-06', 'it_computer'),    -- 9 GY: not the programme's, the Medientag is Medien
       pg_temp.sbo(:g11, 'SBO 5.1', '2025-10-06', 'it_computer'),   -- 11 GY: the programme (every field)
       pg_temp.sbo(:r10, 'SBO 5.1', '2025-10-06', 'elektro'),       -- 10 R: the programme
       pg_temp.sbo(:ge11, 'SBO 5.1', '2025-10-06', 'elektro'),      -- 11 GE: the programme has 11 for GY only
       pg_temp.sbo(:h10, 'SBO 5.1', '2025-10-06', 'elektro'),       -- 10 H: the Hauptschule course is Gesundheit
       pg_temp.sbo(:sk9, 'SBO 5.1', '2025-10-06', 'gesundheit'),    -- 9 SK: the programme
       pg_temp.sbo(:g10, 'SBO 5.1', '2025-10-06', 'medien');        -- 10 GY: the programme (the Medientag is grade 9)
SELECT results_eq($$SELECT jahrgang, schulform, berufsfeld, junge_menschen FROM kaoa.massnahmen_luecken('05315', 2025)$$,
                  $$VALUES (9, 'GY', 'it_computer', 1::bigint), (10, 'H', 'elektro', 1), (11, 'GE', 'elektro', 1)$$,
                  'gaps: 9 GY IT, 10 H Elektro and 11 GE Elektro — every other cell is covered by a pair of the programme');
DELETE FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :p;
SELECT results_eq($$SELECT jahrgang, schulform, berufsfeld FROM kaoa.massnahmen_luecken('05315', 2025)$$,
                  $$VALUES (9, 'GY', 'it_computer'), (10, 'GY', 'medien'), (10, 'H', 'elektro'), (11, 'GE', 'elektro')$$,
                  'without its Gymnasium pair the programme leaves 10 GY open as well (11 GY has the Oberstufe measure)');
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge) VALUES ('05315', :p, '{GY}', '[10,12]');

-- ---- participation flags against the union -------------------------------------------------------------------------
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT '05315', :p, x, '2026-03-10' FROM unnest(ARRAY[:sk9, :g11, :g9, :h10, :h8, :ge11]::bigint[]) x;
SELECT results_eq(format($$SELECT person_id, abweichungen FROM kaoa.massnahme_teilnahme WHERE massnahme_id = %s
                            ORDER BY array_position(ARRAY[%s, %s, %s, %s, %s, %s]::bigint[], person_id)$$,
                         :p, :sk9, :g11, :g9, :h10, :h8, :ge11),
                  format($$VALUES (%s::bigint, '{}'::text[]), (%s, '{}'), (%s, '{jahrgang}'), (%s, '{schulform}'),
                                  (%s, '{jahrgang,schulform}'), (%s, '{jahrgang}')$$, :sk9, :g11, :g9, :h10, :h8, :ge11),
                  '9 SK and 11 GY inside; 9 GY and 11 GE: their school form is a target, the grade not for it; 10 H: H nowhere; 8 H: neither');
SELECT results_eq(format($$UPDATE kaoa.massnahme_teilnahme SET datum = '2026-07-15' WHERE massnahme_id = %s AND person_id = %s
                            RETURNING abweichungen$$, :p, :sk9),
                  $$VALUES ('{zeitraum}'::text[])$$, 'a day after the programme ended: zeitraum');

-- ---- who keeps the pairs -------------------------------------------------------------------------------------------
SET LOCAL ROLE t_tr;
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                          VALUES ('05315', %s, '{H}', '[9,10]')$$, :p), 'KA004',
                 format('organisation %s may not change the target groups of measure %s', :tr, :p),
                 'a partner (even a co-organiser) does not keep the target groups');
SELECT is((SELECT count(*) FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :p), 1::bigint,
          '… and every organisation of the Kommune reads them; nothing added');
SELECT results_eq(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                            VALUES ('05315', %s, '{GE}', '[11,11]') RETURNING schulformen, jahrgaenge$$, :praxis),
                  $$VALUES ('{GE}'::text[], '[11,12)'::int4range)$$, 'the Träger adds a pair to its own measure');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq(format($$UPDATE kaoa.massnahme_zielgruppe SET jahrgaenge = '[10,13]' WHERE massnahme_id = %s
                            RETURNING jahrgaenge$$, :p),
                  $$VALUES ('[10,14)'::int4range)$$, 'the KoKo (running the programme) widens its Gymnasium pair to Q2');
SELECT throws_ok(format($$UPDATE kaoa.massnahme_zielgruppe SET massnahme_id = %s WHERE massnahme_id = %s$$, :praxis, :p),
                 'KA006', NULL, 'a pair does not move to another measure');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                          VALUES ('05315', %s, '{GY}', '[10,15]')$$, :p), '23514',
                 format('target grades [10,16) of a target group of measure %s are not within grades 1 to 13', :p),
                 'grades beyond 13: 23514');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
                          VALUES ('05315', %s, '{Gymnasium}', '[10,12]')$$, :p), '23514', NULL,
                 'a school form that is no key: 23514');
SELECT is((SELECT array_agg(jahrgaenge::text || coalesce(schulformen::text, '*') ORDER BY zielgruppe_id)
             FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :p), ARRAY['[10,14){GY}'],
          'the refused changes left the pairs as they were');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
