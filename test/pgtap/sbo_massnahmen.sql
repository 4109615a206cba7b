-- pgTAP: the measures of a Kommune (docs/sbo.md) on hand-made cases: parallel structures
-- (kaoa.massnahmen_ueberschneidungen) — each dimension that does not overlap keeps a pair apart —,
-- gaps (kaoa.massnahmen_luecken) from Berufsfelderkundung days and the newest Anschlussvereinbarung,
-- and who may ask.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(14);

INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform)
VALUES ('05315', 'schule', 'Gymnasium Köln', 'GYK', 'GY') RETURNING org_id AS gy \gset

-- school year 2025 = [2025-08-01, 2026-08-01)
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum, plaetze) VALUES
    ('05315', :tr, 'm1 Praxiskurs Metall/Elektro', 'praxiskurs', '[9,10]', '{GE,RS}', '{metall_maschinenbau,elektro}', '[2025-09-01,2026-01-31]', 12),
    ('05315', :be, 'm2 Praxiskurs Elektro im Betrieb', 'praxiskurs', '[10,10]', NULL, '{elektro}', '[2026-01-15,2026-03-31]', 4),
    ('05315', :tr, 'm3 Bewerbungstraining Gymnasium', 'bewerbungstraining', '[9,10]', '{GY}', NULL, '[2025-09-01,2026-06-30]', 30),
    ('05315', :ka, 'm4 BFE-Tag Elektro', 'berufsfelderkundung', '[8,8]', '{GE}', '{elektro}', '[2025-09-01,2026-06-30]', 20),
    ('05315', :tr, 'm5 Praxiskurs Pflege', 'praxiskurs', '[9,10]', '{GE}', '{gesundheit}', '[2025-09-01,2026-01-31]', 8),
    ('05315', :tr, 'm6 Praxiskurs Elektro 2024', 'praxiskurs', '[9,10]', '{GE}', '{elektro}', '[2024-09-01,2025-06-30]', 8),
    ('05315', :tr, 'm7 Praxiskurs Elektro Februar', 'praxiskurs', '[9,10]', '{GE}', '{elektro}', '[2026-02-01,2026-03-01]', 8);
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05111', :ds, 'Düsseldorf', 'praxiskurs', '[8,10]', '[2025-09-01,2026-06-30]');
SELECT max(massnahme_id) FILTER (WHERE titel LIKE 'm1 %') AS m1, max(massnahme_id) FILTER (WHERE titel LIKE 'm2 %') AS m2,
       max(massnahme_id) FILTER (WHERE titel LIKE 'm3 %') AS m3, max(massnahme_id) FILTER (WHERE titel LIKE 'm7 %') AS m7
  FROM kaoa.massnahme \gset

-- ---- parallel structures ------------------------------------------------------------------------------------------
SELECT results_eq($$SELECT massnahme_a, massnahme_b, traeger_a, traeger_b, gleiche_art, jahrgaenge, schulformen,
                           berufsfelder, zeitraum FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)$$,
                  format($$VALUES (%s::bigint, %s::bigint, %s::bigint, %s::bigint, true, '[10,11)'::int4range, '{GE,RS}'::text[],
                                   '{elektro}'::text[], '[2026-01-15,2026-02-01)'::daterange),
                                  (%s, %s, %s, %s, false, '[10,11)', '{GY}', '{elektro}', '[2026-01-15,2026-04-01)'),
                                  (%s, %s, %s, %s, true, '[10,11)', '{GE}', '{elektro}', '[2026-02-01,2026-03-02)')$$,
                         :m1, :m2, :tr, :be, :m2, :m3, :be, :tr, :m2, :m7, :be, :tr),
                  'm1/m2 overlap in grade 10, GE/RS, Elektro, two weeks of January; m2/m3 (open forms and fields); m2/m7');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)
            WHERE ARRAY[massnahme_a, massnahme_b] && (SELECT array_agg(massnahme_id) FROM kaoa.massnahme
                                                       WHERE titel ~ '^m[456] ')),
          0::bigint, 'grades apart (m4), fields apart (m5), another school year (m6): no overlap');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2025) WHERE massnahme_a = :m1 AND massnahme_b = :m7),
          0::bigint, 'm1 ends on 31 January, m7 starts on 1 February: periods apart');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2024)), 0::bigint,
          'school year 2024: m6 alone, nothing parallel');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05111', 2025)), 0::bigint,
          'Düsseldorf: its one measure, not compared with Köln''s');

-- ---- gaps ----------------------------------------------------------------------------------------------------------
SELECT pg_temp.schueler('p1', :s1, 9) AS p1, pg_temp.schueler('p2', :s1, 8) AS p2, pg_temp.schueler('p3', :s1, 8) AS p3,
       pg_temp.schueler('p4', :gy, 10) AS p4, pg_temp.schueler('p5', :s2, 9) AS p5, pg_temp.schueler('p6', :s2, 9) AS p6,
       pg_temp.schueler('p7', :s2, 9) AS p7, pg_temp.schueler('p8', :s2, 9) AS p8 \gset
SELECT pg_temp.sbo(:p1, 'SBO 5.1', '2024-10-06', 'elektro'),       -- a field from grade 8, covered by m1
       pg_temp.sbo(:p2, 'SBO 5.1', '2025-10-06', 'gesundheit'),    -- grade 8 GE Gesundheit: nothing for grade 8
       pg_temp.sbo(:p3, 'SBO 5.1', '2025-10-06', 'gesundheit'),
       pg_temp.sbo(:p3, 'SBO 5.1', '2025-10-07', 'elektro');       -- covered by m4
SELECT pg_temp.av(:p4, '2026-02-10', '{81302}'),                   -- Gesundheit, grade 10 GY: m3 covers every field
       pg_temp.av(:p5, '2026-02-10', '{62102}'),                   -- Verkauf: Wirtschaft, Verwaltung
       pg_temp.av(:p6, '2025-11-01', '{83112}'),                   -- older: Soziales — does not count
       pg_temp.av(:p6, '2026-02-01', '{43102}'),                   -- newest: IT
       pg_temp.av(:p7, '2026-02-10', '{26112}'),                   -- Mechatronik: Elektro, Metall (m1), Technik
       pg_temp.av(:p8, '2026-09-01', '{93102}');                   -- after the school year
SELECT results_eq($$SELECT jahrgang, schulform, berufsfeld, junge_menschen FROM kaoa.massnahmen_luecken('05315', 2025)$$,
                  $$VALUES (8, 'GE', 'gesundheit', 2::bigint), (9, 'RS', 'it_computer', 1),
                           (9, 'RS', 'technik_technologiefelder', 1), (9, 'RS', 'wirtschaft_verwaltung', 1)$$,
                  'gaps: grade 8 GE Gesundheit (two BFE days), three grade 9 RS fields from the newest agreements');
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum)
VALUES ('05315', :tr, 'm8 Berufsorientierung RS', 'praxiskurs', '[9,9]', '{RS}', '{it_computer,wirtschaft_verwaltung}', '[2026-07-01,)');
SELECT results_eq($$SELECT jahrgang, schulform, berufsfeld FROM kaoa.massnahmen_luecken('05315', 2025)$$,
                  $$VALUES (8, 'GE', 'gesundheit'), (9, 'RS', 'technik_technologiefelder')$$,
                  'an open-ended measure from July closes two of them');
SELECT is((SELECT count(*) FROM kaoa.massnahmen_luecken('05315', 2026)), 0::bigint,
          'school year 2026: nobody enrolled, no gaps');

-- ---- who may ask ---------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)), 3::bigint,
          'a school of the Kommune reads the parallel structures (planning data)');
SELECT throws_ok($$SELECT * FROM kaoa.massnahmen_luecken('05315', 2025)$$, 'KA004', NULL,
                 'a school may not ask for the gaps (they count every pupil''s interests)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is((SELECT count(*) FROM kaoa.massnahmen_luecken('05315', 2025)), 2::bigint, 'the KoKo asks for the gaps');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT throws_ok($$SELECT * FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)$$, 'KA004', NULL,
                 'the Düsseldorf KoKo may not analyse Köln''s measures');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok($$SELECT * FROM kaoa.massnahmen_ueberschneidungen('05315', 2025)$$, '42501', NULL, 'a BI role may not');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is((SELECT count(*) FROM kaoa.massnahmen_luecken('05315', 2025)), 2::bigint, 'a system role asks for the gaps');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
