-- pgTAP: what the measures and the training market amount to — kaoa.massnahme_wirkung and
-- kaoa.v_massnahme_wirkung (participants against a comparison group by outcome), kaoa.ausbildungsmarkt
-- and kaoa.v_ausbildungsmarkt (the Bündnis balance) — on hand-made cases whose counts are worked out
-- below: exact for the KoKo, rounded for BI exactly as kaoa.bi_runden rounds the same families, and
-- who may read which.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(29);

-- Köln's min_fallzahl is 3 (the fixture).  pg_temp.jung(pseudonym, school, grade, case state or
-- NULL for none, case school year): a person enrolled in 2025 with a case in that state.
CREATE FUNCTION pg_temp.jung(pseudonym text, schule bigint, jahrgang integer, ziel kaoa.fall_status,
                             fall_jahr integer DEFAULT 2025) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    p bigint;
BEGIN
    IF ziel IS NULL THEN
        RETURN pg_temp.schueler(pseudonym, schule, jahrgang);
    END IF;
    p := pg_temp.person_von(pg_temp.fall(pseudonym, schule, ziel, fall_jahr));
    INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang)
    SELECT o.kommune, p, 2025, schule, jahrgang FROM kaoa.organisation o WHERE o.org_id = schule;
    RETURN p;
END $$;

-- The plan of a statement as text (EXPLAIN ANALYZE).
CREATE FUNCTION pg_temp.plan(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    t text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || sql LOOP
        t := t || r || E'\n';
    END LOOP;
    RETURN t;
END $$;

-- ---- the effect of a measure ------------------------------------------------------------------------------------
-- The programme (grades 9-10 at GE and RS, S1 is GE, S2 is RS) starts in March 2026: school year 2025.
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, zeitraum, plaetze)
VALUES ('05315', :ko, 'Azubis zeigen ihren Betrieb', 'betriebserkundung', '[9,10]', '{GE,RS}', '[2026-03-01,2026-06-30]', 40)
RETURNING massnahme_id AS m \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05111', :ds, 'Düsseldorfer Kurs', 'praxiskurs', '[8,10]', '[2026-03-01,2026-06-30]') RETURNING massnahme_id AS md \gset
-- participants: 4 secured (2 anschluss_gesichert, 2 angetreten), 3 open, 2 without a case for 2025
-- or later (one has none, one only a case of 2024), 1 ausgenommen (left out)
CREATE TEMP TABLE teil (p bigint);
INSERT INTO teil SELECT pg_temp.jung('t' || i, :s1, 10, (ARRAY['anschluss_gesichert', 'anschluss_gesichert', 'angetreten',
                                                            'angetreten', 'ohne_anschluss', 'ohne_anschluss', 'offen'])[i]::kaoa.fall_status)
  FROM generate_series(1, 7) i;
INSERT INTO teil VALUES (pg_temp.jung('t8', :s2, 9, NULL)), (pg_temp.jung('t9', :s2, 9, 'ohne_anschluss', 2024)),
                        (pg_temp.jung('t10', :s1, 10, 'ausgenommen'));
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) SELECT '05315', :m, p, '2026-03-10' FROM teil;
-- one who took part only in September 2026 (school year 2026): in neither group
SELECT pg_temp.jung('spaet', :s2, 10, 'anschluss_gesichert') AS spaet \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES ('05315', :m, :spaet, '2026-09-15');
-- the comparison group: 6 secured, 5 open, 4 without a case, 1 ausgenommen (left out)
SELECT pg_temp.jung('v' || i, CASE WHEN i % 2 = 0 THEN :s1 ELSE :s2 END, 9 + i % 2,
                    (ARRAY['anschluss_gesichert', 'angetreten', 'anschluss_gesichert', 'angetreten', 'anschluss_gesichert',
                           'angetreten', 'ohne_anschluss', 'in_beratung', 'ohne_anschluss', 'offen', 'nicht_erreichbar',
                           NULL, NULL, NULL, NULL, 'ausgenommen'])[i]::kaoa.fall_status)
  FROM generate_series(1, 16) i;
-- outside the target group (grade 8; Gymnasium in Düsseldorf): in neither group
SELECT pg_temp.jung('a' || i, :s1, 8, 'anschluss_gesichert') FROM generate_series(1, 3) i;

SET LOCAL ROLE t_ko;
SELECT results_eq(format($$SELECT massnahme_id, titel, gruppe, ergebnis, anzahl FROM kaoa.massnahme_wirkung('05315', 2025)$$),
                  format($$VALUES (%1$s::bigint, 'Azubis zeigen ihren Betrieb'::text, 'teilnehmende'::text, 'gesichert'::text, 4::bigint),
                                  (%1$s, 'Azubis zeigen ihren Betrieb', 'teilnehmende', 'offen', 3),
                                  (%1$s, 'Azubis zeigen ihren Betrieb', 'teilnehmende', 'kein_fall', 2),
                                  (%1$s, 'Azubis zeigen ihren Betrieb', 'vergleich', 'gesichert', 6),
                                  (%1$s, 'Azubis zeigen ihren Betrieb', 'vergleich', 'offen', 5),
                                  (%1$s, 'Azubis zeigen ihren Betrieb', 'vergleich', 'kein_fall', 4)$$, :m),
                  'the KoKo: participants 4 / 3 / 2, comparison group 6 / 5 / 4 (ausgenommen, the late participant, grade 8 left out)');
SELECT is((SELECT count(*) FROM kaoa.massnahme_wirkung('05315', 2026)), 0::bigint, 'no measure starts in 2026');
RESET ROLE;
-- a second target-group pair takes in the grade-8 pupils (3 secured) as comparison
INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge) VALUES ('05315', :m, '{GE}', '[8,8]');
SELECT is((SELECT anzahl FROM kaoa.massnahme_wirkung('05315', 2025) WHERE gruppe = 'vergleich' AND ergebnis = 'gesichert'),
          9::bigint, 'a pair for grade 8 at GE adds the three grade-8 pupils to the comparison group');
DELETE FROM kaoa.massnahme_zielgruppe WHERE massnahme_id = :m;

-- the rounding BI sees: one family per measure, tree A group → outcome, tree B outcome → group
CREATE TEMP TABLE wirkung_gerundet AS
SELECT gruppe, ergebnis, anzahl AS wahr,
       kaoa.bi_runden(anzahl, 3, ARRAY[gruppe, ergebnis], ARRAY[ergebnis, gruppe]) OVER () AS gerundet
  FROM kaoa.massnahme_wirkung('05315', 2025);
GRANT SELECT ON wirkung_gerundet TO PUBLIC;
SET LOCAL ROLE t_bi;
SELECT results_eq($$SELECT kommune, schuljahr, massnahme_id, gruppe, ergebnis, anzahl FROM kaoa.v_massnahme_wirkung$$,
                  format($$SELECT '05315'::text, 2025, %s::bigint, gruppe, ergebnis,
                                  CASE WHEN wahr BETWEEN 1 AND 2 THEN NULL ELSE gerundet::integer END FROM wirkung_gerundet
                            WHERE wahr > 0 ORDER BY gruppe, array_position('{gesichert,offen,kein_fall}', ergebnis)$$, :m),
                  'BI: the six counts rounded as one family (kaoa.bi_runden); a true 1 or 2 NULL with its row; cells without anyone left out');
SELECT is((SELECT count(*) FROM kaoa.v_massnahme_wirkung v JOIN wirkung_gerundet w USING (gruppe, ergebnis)
            WHERE (v.anzahl IS NULL) <> (w.wahr BETWEEN 1 AND 2) OR v.anzahl % 3 <> 0 OR abs(v.anzahl - w.wahr) >= 3), 0::bigint,
          'BI: NULL exactly for a true 1 or 2, every other count a multiple of 3, less than 3 from the true one');
SELECT ok((SELECT count(*) FROM kaoa.v_massnahme_wirkung WHERE anzahl IS NULL) > 0,
          'BI: … and there is such a NULL cell here (the participants'' 2 kein_fall)');
SELECT is((SELECT count(*) FROM (SELECT gruppe, sum(gerundet) g, sum(wahr) w FROM wirkung_gerundet GROUP BY gruppe
                                 UNION ALL SELECT ergebnis, sum(gerundet), sum(wahr) FROM wirkung_gerundet GROUP BY ergebnis) x
            WHERE x.g % 3 <> 0 OR abs(x.g - x.w) >= 3), 0::bigint,
          'BI: group sizes and outcome totals, summed from the published cells, are rounded too (no difference gives a small count)');
SELECT throws_ok($$SELECT * FROM kaoa.massnahme_wirkung('05315', 2025)$$, '42501', NULL,
                 'BI may not read the exact counts');
SELECT throws_ok('SELECT * FROM kaoa.massnahme_teilnahme', '42501', NULL, 'nor a table behind them');
RESET ROLE;
SET LOCAL ROLE t_dbi;
SELECT is((SELECT count(*) FROM kaoa.v_massnahme_wirkung WHERE kommune <> '05111'), 0::bigint,
          'the Düsseldorf BI role: nothing of Köln (its own measure has no one to count)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok($$SELECT * FROM kaoa.massnahme_wirkung('05315', 2025)$$, 'KA004', NULL,
                 'a school may not read the exact counts');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT throws_ok($$SELECT * FROM kaoa.massnahme_wirkung('05315', 2025)$$, 'KA004', NULL, 'nor another Kommune''s KoKo');
RESET ROLE;
SELECT throws_ok($$SELECT * FROM kaoa.massnahme_wirkung(NULL, 2025)$$, '22004', NULL, 'a NULL argument: 22004');
SELECT ok(pg_temp.plan('SELECT * FROM kaoa.v_massnahme_wirkung') !~ 'Scan on (massnahme|fall|schulbesuch)',
          'EXPLAIN ANALYZE of the view shows no scan of a base table');

-- ---- the Bündnis balance ----------------------------------------------------------------------------------------------
-- applicants of 2025 (a usable profile and a case of 2025 not ausgenommen), by their first wish:
--   '0' (no wish) 3: 1 versorgt;  '2' (26312) 6: 4 versorgt;  '8' (81302) 5: none versorgt;
--   left out: an ausgenommen case, a profile whose consent was revoked, a case of 2024 only
CREATE TEMP TABLE bew (p bigint, wunsch kaoa.kldb[]);
INSERT INTO bew SELECT pg_temp.person_von(pg_temp.fall('b' || i, :s1,
                    (ARRAY['anschluss_gesichert', 'ohne_anschluss', 'ohne_anschluss',
                           'anschluss_gesichert', 'angetreten', 'anschluss_gesichert', 'angetreten', 'ohne_anschluss', 'in_beratung',
                           'ohne_anschluss', 'ohne_anschluss', 'in_beratung', 'nicht_erreichbar', 'ohne_anschluss',
                           'ausgenommen', 'ohne_anschluss'])[i]::kaoa.fall_status,
                    CASE WHEN i = 16 THEN 2024 ELSE 2025 END)),
                (ARRAY[NULL, NULL, NULL, '{26312}', '{26312,81302}', '{26312}', '{26312}', '{26312}', '{26312}',
                       '{81302}', '{81302,26312}', '{81302}', '{81302}', '{81302}', '{26312}', '{26312}'])[i]::kaoa.kldb[]
  FROM generate_series(1, 16) i;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche) SELECT '05315', p, wunsch FROM bew;
SELECT pg_temp.person_von(pg_temp.fall('widerrufen', :s1, 'ohne_anschluss')) AS pw \gset
INSERT INTO kaoa.einwilligung (kommune, person_id, erteilt_von, empfaenger, zweck, gueltig_ab)
VALUES ('05315', :pw, 'sorgeberechtigt', '{schule}', 'Berufsorientierung', current_date - 10) RETURNING einwilligung_id AS ew \gset
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, einwilligung_id) VALUES ('05315', :pw, '{26312}', :ew);
UPDATE kaoa.einwilligung SET widerrufen_am = now() - interval '1 hour' WHERE einwilligung_id = :ew;
-- offers of Köln starting in the training year 2026/27: Berufsbereich 2 6 + 4 places, 8 3, 5 7;
-- not counted: one starting August 2027, one of Düsseldorf
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, beginn, plaetze) VALUES
    ('05315', 'O1', '26312', 'Elektroniker/in', '2026-08-01', 6), ('05315', 'O2', '26322', 'Elektroniker/in Betriebstechnik', '2027-07-31', 4),
    ('05315', 'O3', '81302', 'Pflegefachfrau/-mann', '2026-09-01', 3), ('05315', 'O4', '51312', 'Fachkraft Lagerlogistik', '2026-10-01', 7),
    ('05315', 'O5', '26312', 'Elektroniker/in 2027', '2027-08-01', 5), ('05111', 'D1', '26312', 'Elektroniker/in Düsseldorf', '2026-08-01', 9);
-- two assignment runs of 2025; the newer counts: 3 + 1 onto Berufsbereich 2, 2 onto 8, 1 onto 5, one onto
-- the Düsseldorf offer (not Köln's places), two without a place
INSERT INTO kaoa.zuteilung_lauf (kommune, zeit, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
VALUES ('05315', now() - interval '1 day', 2025, 1, 50, 'kaoa', '{}', 16, 6, 100, 5),
       ('05315', now(), 2025, 2, 50, 'kaoa', '{}', 16, 6, 100, 8);
SELECT min(lauf_id) AS alt, max(lauf_id) AS neu FROM kaoa.zuteilung_lauf \gset
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)
SELECT '05315', :alt, b.p, (SELECT angebot_id FROM kaoa.angebot WHERE extern_id = 'O1'), 80, 70
  FROM (SELECT p FROM bew LIMIT 5) b;
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)
SELECT '05315', :neu, b.p, o.angebot_id, CASE WHEN o.angebot_id IS NULL THEN NULL ELSE 75 END,
       CASE WHEN o.angebot_id IS NULL THEN NULL ELSE 60 END
  FROM (SELECT p, row_number() OVER (ORDER BY p) AS nr FROM bew) b
  LEFT JOIN kaoa.angebot o ON o.extern_id = (ARRAY['O1', 'O1', 'O1', 'O2', 'O3', 'O3', 'O4', 'D1'])[b.nr]
 WHERE b.nr <= 10;

SET LOCAL ROLE t_ko;
SELECT results_eq($$SELECT berufsbereich, bewerber, versorgt, unversorgt, plaetze, vorgeschlagen, frei
                      FROM kaoa.ausbildungsmarkt('05315', 2025)$$,
                  $$VALUES ('0'::text, 3::bigint, 1::bigint, 2::bigint, 0::bigint, 0::bigint, 0::bigint),
                           ('2', 6, 4, 2, 10, 4, 6), ('5', 0, 0, 0, 7, 1, 6), ('8', 5, 0, 5, 3, 2, 1)$$,
                  'the KoKo: applicants by first wish, places of 2026/27 by the offer''s Berufsbereich, proposals of the newest run');
SELECT results_eq($$SELECT berufsbereich, bewerber FROM kaoa.ausbildungsmarkt('05315', 2024)$$,
                  $$VALUES ('2'::text, 1::bigint)$$, '2024: the applicant whose case is of 2024');
SELECT is((SELECT sum(versorgt)::numeric / sum(bewerber) FROM kaoa.ausbildungsmarkt('05315', 2025)), 5::numeric / 14,
          'the Bündnis figure: 5 of 14 applicants versorgt');
RESET ROLE;
-- the rounding BI sees: applicants one family (Berufsbereich × versorgt), proposals another
-- what BI is shown: NULL for a true 1 or 2, else the rounded count; frei NULL where vorgeschlagen is
CREATE FUNCTION pg_temp.zeigen(wahr numeric, gerundet numeric) RETURNS integer LANGUAGE sql
    RETURN CASE WHEN wahr BETWEEN 1 AND 2 THEN NULL ELSE gerundet::integer END;
CREATE TEMP TABLE markt_gerundet AS
WITH b AS (SELECT berufsbereich AS bb, v, n FROM kaoa.ausbildungsmarkt('05315', 2025),
                LATERAL (VALUES ('true', versorgt), ('false', unversorgt)) x(v, n)),
     r AS (SELECT bb, v, n, kaoa.bi_runden(n, 3, ARRAY[bb, v], ARRAY[v, bb]) OVER () AS g FROM b),
     p AS (SELECT berufsbereich AS bb, plaetze, vorgeschlagen,
                  kaoa.bi_runden(vorgeschlagen, 3, ARRAY[berufsbereich], '{}') OVER () AS vg
             FROM kaoa.ausbildungsmarkt('05315', 2025))
SELECT p.bb, sum(r.n) AS bewerber_wahr, p.vorgeschlagen AS vorgeschlagen_wahr,
       pg_temp.zeigen(sum(r.n), sum(r.g)) AS bewerber,
       pg_temp.zeigen(sum(r.n) FILTER (WHERE r.v = 'true'), sum(r.g) FILTER (WHERE r.v = 'true')) AS versorgt,
       pg_temp.zeigen(sum(r.n) FILTER (WHERE r.v = 'false'), sum(r.g) FILTER (WHERE r.v = 'false')) AS unversorgt,
       p.plaetze::integer AS plaetze, pg_temp.zeigen(p.vorgeschlagen, p.vg) AS vorgeschlagen,
       CASE WHEN pg_temp.zeigen(p.vorgeschlagen, p.vg) IS NOT NULL
            THEN greatest(p.plaetze - pg_temp.zeigen(p.vorgeschlagen, p.vg), 0)::integer END AS frei
  FROM p JOIN r ON r.bb = p.bb GROUP BY p.bb, p.plaetze, p.vorgeschlagen, p.vg;
GRANT SELECT ON markt_gerundet TO PUBLIC;
SET LOCAL ROLE t_bi;
SELECT results_eq($$SELECT berufsbereich, bewerber, versorgt, unversorgt, plaetze, vorgeschlagen, frei
                      FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025$$,
                  $$SELECT bb, bewerber, versorgt, unversorgt, plaetze, vorgeschlagen, frei FROM markt_gerundet
                     WHERE bewerber_wahr > 0 OR plaetze > 0 OR vorgeschlagen_wahr > 0 ORDER BY bb$$,
                  'BI: applicants and proposals rounded (kaoa.bi_runden), a true 1 or 2 NULL, places exact, frei from the published proposals');
SELECT is((SELECT count(*) FROM kaoa.v_ausbildungsmarkt v
            WHERE v.bewerber % 3 <> 0 OR v.versorgt % 3 <> 0 OR v.unversorgt % 3 <> 0 OR v.vorgeschlagen % 3 <> 0
               OR v.bewerber <> v.versorgt + v.unversorgt OR v.frei <> greatest(v.plaetze - v.vorgeschlagen, 0)
               OR (v.frei IS NULL) <> (v.vorgeschlagen IS NULL)), 0::bigint,
          'BI: every count of persons shown a multiple of 3; bewerber = versorgt + unversorgt; frei = plaetze - vorgeschlagen, NULL where that is');
SELECT results_eq($$SELECT berufsbereich, vorgeschlagen, frei FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich IN ('5', '8')$$,
                  $$VALUES ('5'::text, NULL::integer, NULL::integer), ('8', NULL, NULL)$$,
                  'BI: 1 and 2 proposals are NULL, and so is frei (7 − 1, 3 − 2 would give them away)');
SELECT results_eq($$SELECT berufsbereich, plaetze FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich <> '0'$$,
                  $$VALUES ('2'::text, 10), ('5', 7), ('8', 3)$$, 'BI: the places as they are (published information)');
SELECT throws_ok($$SELECT * FROM kaoa.ausbildungsmarkt('05315', 2025)$$, '42501', NULL, 'BI may not read the exact balance');
RESET ROLE;
SET LOCAL ROLE t_dbi;
SELECT is((SELECT count(*) FROM kaoa.v_ausbildungsmarkt WHERE kommune = '05315'), 0::bigint, 'the Düsseldorf BI role sees none of Köln');
SELECT results_eq($$SELECT berufsbereich, plaetze FROM kaoa.v_ausbildungsmarkt$$, $$VALUES ('2'::text, 9)$$,
                  '… and its own offer');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok($$SELECT * FROM kaoa.ausbildungsmarkt('05315', 2025)$$, 'KA004', NULL, 'a school may not read the exact balance');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is((SELECT sum(plaetze) FROM kaoa.ausbildungsmarkt('05111', 2025)), 9::numeric, 'a system role reads any Kommune''s balance');
RESET ROLE;
SELECT throws_ok($$SELECT * FROM kaoa.ausbildungsmarkt('05315', NULL)$$, '22004', NULL, 'a NULL school year: 22004');
SELECT throws_ok($$SELECT * FROM kaoa.ausbildungsmarkt('05999', 2025)$$, 'P0002', NULL, 'an unknown Kommune (the system): P0002');
SELECT ok(pg_temp.plan('SELECT * FROM kaoa.v_ausbildungsmarkt') !~ 'Scan on (fall|bewerberprofil|angebot|zuteilung)',
          'EXPLAIN ANALYZE of the view shows no scan of a base table');

SELECT * FROM finish();
ROLLBACK;
