-- pgTAP, security suite, class "small counts" (docs/roles-and-bi.md#small-counts).  The contract: a
-- cell whose true count is 1 … min_fallzahl − 1 shows as NULL and its row stays; every other count is
-- its controlled-rounded value, a multiple of min_fallzahl.  A BI role tries every way 0.1.0 gave
-- hidden counts away, and none gives a count between 1 and min_fallzahl − 1:
--   (a) subtraction inside one view (v_kette: anzahl − ueberfaellig; v_sbo: schueler − fehlend,
--       fehlend − ueberfaellig);
--   (b) across views (v_kette's status totals against v_verbleib's categories);
--   (c) across runs (v_zuteilung of two runs that differ by one young person);
--   (d) EXPLAIN ANALYZE of the views (row counts of scans on the tables): refused to the BI role, and
--       the plans show one function scan each;
--   and the same for the views of 0.2.0 (v_massnahme_wirkung, v_ausbildungsmarkt);
--   (e) a KoKo (or a system role) lowering min_fallzahl below the floor of 3.
-- Beyond the arithmetic, the guarantee is checked directly: the numbers v_kette and v_verbleib show
-- (every one that is not NULL) are exactly those of another data set (built here in Düsseldorf from
-- the rounded atoms) in which every count is 0 or a multiple of 5, and where Köln shows NULL that
-- data set has 0 or 5: a NULL says "1 … 4" and nothing more follows from the shown numbers.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(65);

UPDATE kaoa.kommune SET min_fallzahl = 5 WHERE kommune IN ('05315', '05111');

-- ---- the data (Köln, school year 2025), true counts -------------------------------------------------------------
--   S1: 7 offen; 6 ohne_anschluss, 4 of them with an overdue hand-off  (6 − 4 = 2 without)
--   S2: 4 anschluss_gesichert (dual_betrieblich); 1 ausgenommen
--   BK: 1 offen
SELECT count(pg_temp.fall('K-o' || i, :s1, 'offen')) FROM generate_series(1, 7) i;
SELECT array_agg(pg_temp.fall('K-u' || i, :s1, 'ohne_anschluss') ORDER BY i) AS u FROM generate_series(1, 6) i \gset
SELECT count(pg_temp.fall('K-g' || i, :s2, 'anschluss_gesichert')) FROM generate_series(1, 4) i;
SELECT pg_temp.fall('K-x1', :s2, 'ausgenommen'), pg_temp.fall('K-b1', :bk, 'offen');
SELECT count(kaoa.uebergeben(f, :aa, 'schuldueg_1_1')) FROM unnest((:'u'::bigint[])[1:4]) f;
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 1 WHERE fall_id = ANY ((:'u'::bigint[])[1:4]);
RESET session_replication_role;

-- every count a BI role reads, from every view: (view, key, column, value)
CREATE FUNCTION pg_temp.veroeffentlicht() RETURNS TABLE (sicht text, schluessel text, spalte text, wert bigint)
LANGUAGE sql AS $$
    SELECT 'v_kette', schuljahr || '/' || status, 'anzahl', anzahl FROM kaoa.v_kette
    UNION ALL SELECT 'v_kette', schuljahr || '/' || status, 'ueberfaellig', ueberfaellig FROM kaoa.v_kette
    UNION ALL SELECT 'v_verbleib', schuljahr || '/' || schule_org || '/' || coalesce(anschluss, '-'), 'anzahl', anzahl FROM kaoa.v_verbleib
    UNION ALL SELECT 'v_sbo', schuljahr || '/' || schule_org || '/' || jahrgang || '/' || element, 'schueler', schueler FROM kaoa.v_sbo
    UNION ALL SELECT 'v_sbo', schuljahr || '/' || schule_org || '/' || jahrgang || '/' || element, 'fehlend', fehlend FROM kaoa.v_sbo
    UNION ALL SELECT 'v_sbo', schuljahr || '/' || schule_org || '/' || jahrgang || '/' || element, 'ueberfaellig', ueberfaellig FROM kaoa.v_sbo
    UNION ALL SELECT 'v_zuteilung', lauf_id || '/' || zugeteilt || '/' || coalesce(berufsbereich, '-'), 'anzahl', anzahl FROM kaoa.v_zuteilung
    UNION ALL SELECT 'v_massnahme_wirkung', massnahme_id || '/' || gruppe || '/' || ergebnis, 'anzahl', anzahl FROM kaoa.v_massnahme_wirkung
    UNION ALL SELECT 'v_ausbildungsmarkt', schuljahr || '/' || berufsbereich, x.spalte, x.wert
      FROM kaoa.v_ausbildungsmarkt, LATERAL (VALUES ('bewerber', bewerber), ('versorgt', versorgt), ('unversorgt', unversorgt),
                                                    ('vorgeschlagen', vorgeschlagen)) x(spalte, wert)
$$;

-- ---- (a) subtraction inside one view --------------------------------------------------------------------------
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM kaoa.v_kette WHERE anzahl - ueberfaellig BETWEEN 1 AND 4 OR anzahl % 5 <> 0
                                                  OR ueberfaellig % 5 <> 0 OR ueberfaellig > anzahl),
          0::bigint, '(a) v_kette: every anzahl and ueberfaellig a multiple of 5, no anzahl − ueberfaellig in 1 … 4');
SELECT ok((SELECT anzahl FROM kaoa.v_kette WHERE schuljahr = 2025 AND status = 'ohne_anschluss') IN (5, 10)
          AND (SELECT ueberfaellig IS NULL FROM kaoa.v_kette WHERE schuljahr = 2025 AND status = 'ohne_anschluss'),
          '(a) v_kette ohne_anschluss: anzahl 5 or 10 (true 6), ueberfaellig NULL (true 4), so anzahl − ueberfaellig gives nothing (true 2)');
SELECT results_eq($$SELECT status, anzahl, ueberfaellig FROM kaoa.v_kette WHERE schuljahr = 2025 AND status IN ('anschluss_gesichert', 'ausgenommen')$$,
                  $$VALUES ('anschluss_gesichert', NULL::integer, 0), ('ausgenommen', NULL, 0)$$,
                  '(a) the 4 anschluss_gesichert and the 1 ausgenommen: their rows stay, the counts NULL (a true 0 overdue shows 0)');
RESET ROLE;

-- ---- (b) across views ------------------------------------------------------------------------------------------
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM (SELECT schuljahr, sum(anzahl) AS summe FROM kaoa.v_kette GROUP BY 1) k
                                FULL JOIN (SELECT schuljahr, sum(anzahl) AS summe FROM kaoa.v_verbleib GROUP BY 1) v USING (schuljahr)
            WHERE (coalesce(k.summe, 0) - coalesce(v.summe, 0)) % 5 <> 0), 0::bigint,
          '(b) v_kette''s shown total minus v_verbleib''s shown cells is a multiple of 5 in every school year, never 1 … 4');
SELECT ok((SELECT sum(anzahl) FROM kaoa.v_kette WHERE schuljahr = 2025) IN (10, 15, 20),
          '(b) … v_kette shows 2025''s 8 offen and 6 ohne_anschluss (5 or 10 each), the other statuses NULL');
SELECT ok((SELECT sum(anzahl) FROM kaoa.v_verbleib WHERE schuljahr = 2025 AND sektor = 'OHNE')
          - (SELECT sum(anzahl) FROM kaoa.v_kette WHERE schuljahr = 2025 AND status IN ('offen', 'ohne_anschluss')) IN (-5, 0, 5),
          '(b) v_verbleib''s OHNE cells minus v_kette''s open statuses (true: 15 − 14 = the 1 ausgenommen) is a multiple of 5');
SELECT results_eq($$SELECT count(*), count(anzahl) FROM kaoa.v_verbleib WHERE schuljahr = 2025 AND anschluss = 'dual_betrieblich'$$,
                  $$VALUES (1::bigint, 0::bigint)$$,
                  '(b) the same 4 cases in both views (S2''s dual_betrieblich = all anschluss_gesichert): NULL in both, rows kept');
SELECT throws_ok('SELECT * FROM kaoa.bi_faelle()', '42501', NULL, '(b) the atoms behind the views (true and rounded) are closed to the BI role (42501)');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok('SELECT * FROM kaoa.bi_faelle()', '42501', NULL, '(b) … and to every organisation, a school too (42501)');
RESET ROLE;

-- The rounding is controlled: every published cell is within 4 of its true count (as the superuser sees).
CREATE TEMP TABLE wahr_kette AS
SELECT f.schuljahr, f.status::text AS status, count(*) AS anzahl,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM kaoa.uebergabe u WHERE u.fall_id = f.fall_id AND u.uebernommen_am IS NULL
                                         AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL AND u.faellig_am < current_date)) AS ueberfaellig
  FROM kaoa.fall f WHERE f.kommune = '05315' GROUP BY 1, 2;
CREATE TEMP TABLE wahr_verbleib AS
SELECT f.schuljahr, f.schule_org, f.anschluss, count(*) AS anzahl FROM kaoa.fall f WHERE f.kommune = '05315' GROUP BY 1, 2, 3;
GRANT SELECT ON wahr_kette, wahr_verbleib TO PUBLIC;
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM wahr_kette w LEFT JOIN kaoa.v_kette k USING (schuljahr, status)
            WHERE k.status IS NULL OR (k.anzahl IS NULL) <> (w.anzahl BETWEEN 1 AND 4)
               OR (k.ueberfaellig IS NULL) <> (w.ueberfaellig BETWEEN 1 AND 4)
               OR abs(k.anzahl - w.anzahl) >= 5 OR abs(k.ueberfaellig - w.ueberfaellig) >= 5),
          0::bigint, 'v_kette: a row for every status with cases; NULL exactly where the truth is 1 … 4, every other count within 4 of it');
SELECT is((SELECT count(*) FROM wahr_verbleib w LEFT JOIN kaoa.v_verbleib v ON (v.schuljahr, v.schule_org) = (w.schuljahr, w.schule_org)
                                                        AND v.anschluss IS NOT DISTINCT FROM w.anschluss
            WHERE v.schuljahr IS NULL OR (v.anzahl IS NULL) <> (w.anzahl BETWEEN 1 AND 4) OR abs(v.anzahl - w.anzahl) >= 5),
          0::bigint, 'v_verbleib: a row for every cell with cases; NULL exactly where the truth is 1 … 4, every other count within 4 of it');
SELECT is((SELECT count(*) FILTER (WHERE anzahl IS NULL) FROM kaoa.v_verbleib WHERE schuljahr = 2025), 3::bigint,
          'v_verbleib: the three small cells of 2025 (S2''s 4 and 1, the Berufskolleg''s 1) are there, NULL');
SELECT is((SELECT count(*) FROM kaoa.v_verbleib v WHERE NOT EXISTS (
              SELECT 1 FROM wahr_verbleib w WHERE (w.schuljahr, w.schule_org) = (v.schuljahr, v.schule_org) AND w.anschluss IS NOT DISTINCT FROM v.anschluss)),
          0::bigint, 'v_verbleib: no row for a cell without cases');
RESET ROLE;

-- ---- the guarantee itself: the published numbers are those of the rounded data set ----------------------------------
-- Düsseldorf gets exactly the rounded atoms of Köln 2025 as its cases (S1 → DS, S2 → DS2, BK → DBK, overdue
-- hand-offs to its Agentur).  Its views must publish the same numbers as Köln's: a reader cannot tell the two
-- data sets apart, and in Düsseldorf's every count is 0 or a multiple of 5.
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
    ('05111', 'schule', 'Realschule Düsseldorf', 'DS2', 'R'), ('05111', 'berufskolleg', 'Berufskolleg Düsseldorf', 'DBK', 'BK');
SELECT max(org_id) FILTER (WHERE schluessel = 'DS2') AS ds2, max(org_id) FILTER (WHERE schluessel = 'DBK') AS dbk
  FROM kaoa.organisation \gset
CREATE TEMP TABLE zwilling AS
SELECT a.status, a.ueberfaellig, a.anzahl AS gerundet,
       CASE a.schule_org WHEN :s1 THEN :ds WHEN :s2 THEN :ds2 WHEN :bk THEN :dbk END AS schule
  FROM kaoa.bi_faelle() a WHERE a.kommune = '05315' AND a.schuljahr = 2025;
CREATE TEMP TABLE zwilling_fall AS
SELECT z.ueberfaellig, pg_temp.fall('Z-' || z.schule || '-' || z.status || '-' || z.ueberfaellig || '-' || i, z.schule,
                                   z.status::kaoa.fall_status) AS fall_id
  FROM zwilling z, generate_series(1, z.gerundet) i;
SELECT count(kaoa.uebergeben(fall_id, :daa, 'schuldueg_1_1')) FROM zwilling_fall WHERE ueberfaellig;
SET LOCAL session_replication_role = replica;
UPDATE kaoa.uebergabe SET faellig_am = current_date - 1 WHERE fall_id IN (SELECT fall_id FROM zwilling_fall WHERE ueberfaellig);
RESET session_replication_role;
SELECT is((SELECT count(*) FROM zwilling WHERE gerundet % 5 <> 0), 0::bigint,
          'the rounded data set: every atom (school × Anschluss × status × overdue) 0 or a multiple of 5');
SELECT ok((SELECT count(*) FROM kaoa.fall f WHERE f.schule_org = :bk AND f.schuljahr = 2025) = 1
          AND (SELECT count(*) FROM zwilling_fall z JOIN kaoa.fall f USING (fall_id) WHERE f.schule_org = :dbk) IN (0, 5),
          'the Berufskolleg''s single case: 0 or 5 in the rounded data set');
SELECT ok((SELECT count(*) FROM zwilling_fall z JOIN kaoa.fall f USING (fall_id) WHERE f.status = 'ausgenommen') IN (0, 5),
          'the single ausgenommen case: 0 or 5 in the rounded data set');
SELECT ok((SELECT count(*) FROM zwilling_fall z JOIN kaoa.fall f USING (fall_id) WHERE f.status = 'ohne_anschluss' AND NOT z.ueberfaellig) IN (0, 5),
          'the 2 ohne_anschluss cases without an overdue hand-off: 0 or 5 in the rounded data set');
-- each view's cells as (view, key, column, value), NULLs included; the schools renamed A, B, C
SET LOCAL ROLE t_bi;
CREATE TEMP TABLE koeln_sicht AS
SELECT 'kette' AS sicht, status AS schluessel, x.spalte, x.wert
  FROM kaoa.v_kette, LATERAL (VALUES ('anzahl', anzahl), ('ueberfaellig', ueberfaellig)) x(spalte, wert) WHERE schuljahr = 2025
UNION ALL
SELECT 'verbleib', CASE schule_org WHEN :s1 THEN 'A' WHEN :s2 THEN 'B' ELSE 'C' END || '/' || coalesce(anschluss, '-') || '/' || sektor,
       'anzahl', anzahl
  FROM kaoa.v_verbleib WHERE schuljahr = 2025;
GRANT SELECT ON koeln_sicht TO PUBLIC;
RESET ROLE;
SET LOCAL ROLE t_dbi;
CREATE TEMP TABLE zwilling_sicht AS
SELECT 'kette' AS sicht, status AS schluessel, x.spalte, x.wert
  FROM kaoa.v_kette, LATERAL (VALUES ('anzahl', anzahl), ('ueberfaellig', ueberfaellig)) x(spalte, wert) WHERE schuljahr = 2025
UNION ALL
SELECT 'verbleib', CASE schule_org WHEN :ds THEN 'A' WHEN :ds2 THEN 'B' ELSE 'C' END || '/' || coalesce(anschluss, '-') || '/' || sektor,
       'anzahl', anzahl
  FROM kaoa.v_verbleib WHERE schuljahr = 2025;
RESET ROLE;
SELECT is((SELECT count(*) FROM koeln_sicht k LEFT JOIN zwilling_sicht z USING (sicht, schluessel, spalte)
            WHERE k.wert IS NOT NULL AND coalesce(z.wert, 0) <> k.wert), 0::bigint,
          'every number Köln shows is the rounded data set''s number for that cell (a missing row there: 0)');
SELECT is((SELECT count(*) FROM koeln_sicht k LEFT JOIN zwilling_sicht z USING (sicht, schluessel, spalte)
            WHERE k.wert IS NULL AND coalesce(z.wert, 0) NOT IN (0, 5)), 0::bigint,
          'where Köln shows NULL, the rounded data set has 0 or 5 (the hidden rounded value): nothing between 1 and 4');
SELECT is((SELECT count(*) FROM zwilling_sicht z WHERE z.wert IS NULL OR z.wert % 5 <> 0
              OR NOT EXISTS (SELECT 1 FROM koeln_sicht k WHERE (k.sicht, k.schluessel, k.spalte) = (z.sicht, z.schluessel, z.spalte))),
          0::bigint, 'the rounded data set shows no NULL (its counts are 0 or multiples of 5) and no cell Köln does not have');
SELECT ok((SELECT count(*) FILTER (WHERE wert IS NULL) FROM koeln_sicht) >= 3 AND (SELECT count(*) FILTER (WHERE wert > 0) FROM koeln_sicht) >= 3,
          'the comparison covers Köln''s shown and NULL cells');

-- ---- v_sbo: (a) schueler − fehlend and fehlend − ueberfaellig ---------------------------------------------------------
-- school year 2020 (past: judged as of 31 July 2021).  S1 grade 8: 12 pupils, 10 with a Potenzialanalyse
-- (2 missing), 3 with the Berufsfelderkundung (9 missing, 3 having it); S2 grade 9: 6 pupils with nothing.
SELECT array_agg(pg_temp.schueler('V8-' || i, :s1, 8, 2020) ORDER BY i) AS v8 FROM generate_series(1, 12) i \gset
SELECT count(pg_temp.sbo(p, 'SBO 4.1', '2020-09-15')) FROM unnest((:'v8'::bigint[])[1:10]) p;
SELECT count(pg_temp.sbo(p, 'SBO 5.1', d, f)) FROM unnest((:'v8'::bigint[])[1:3]) p,
       (VALUES ('2020-10-05'::date, 'elektro'), ('2020-10-06', 'medien'), ('2020-10-07', 'gesundheit')) v(d, f);
SELECT count(pg_temp.schueler('V9-' || i, :s2, 9, 2020)) FROM generate_series(1, 6) i;
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM kaoa.v_sbo WHERE schueler - fehlend BETWEEN 1 AND 4 OR fehlend - ueberfaellig BETWEEN 1 AND 4
                                                 OR schueler % 5 <> 0 OR fehlend % 5 <> 0 OR ueberfaellig % 5 <> 0
                                                 OR fehlend > schueler OR ueberfaellig > fehlend),
          0::bigint, '(a) v_sbo: multiples of 5, nested, no schueler − fehlend or fehlend − ueberfaellig in 1 … 4');
SELECT ok((SELECT schueler - fehlend FROM kaoa.v_sbo WHERE schuljahr = 2020 AND jahrgang = 8 AND element = 'berufsfelderkundung') IN (0, 5),
          '(a) v_sbo S1 grade 8 Berufsfelderkundung: schueler − fehlend is 0 or 5, never the true 3 who have it');
SELECT results_eq($$SELECT schueler IN (10, 15), fehlend, ueberfaellig FROM kaoa.v_sbo
                     WHERE schuljahr = 2020 AND jahrgang = 8 AND element = 'potenzialanalyse'$$,
                  $$VALUES (true, NULL::integer, 0)$$,
                  '(a) v_sbo S1 grade 8 Potenzialanalyse: the row is there, fehlend NULL, never the true 2 (none overdue: 0); schueler 10 or 15');
SELECT is((SELECT count(DISTINCT schueler) FROM kaoa.v_sbo WHERE schuljahr = 2020 AND jahrgang = 8), 1::bigint,
          '(a) one grade, one rounded number of pupils for every element (12 → 10 or 15 everywhere)');
SELECT ok((SELECT min(schueler) FROM kaoa.v_sbo WHERE schuljahr = 2020 AND jahrgang = 8) IN (10, 15)
          AND (SELECT min(schueler) FROM kaoa.v_sbo WHERE schuljahr = 2020 AND jahrgang = 9) IN (5, 10),
          '(a) … each next to its true count (12; S2''s 6)');
SELECT is((SELECT count(*) FROM kaoa.v_sbo WHERE ueberfaellig NOT IN (0, fehlend)), 0::bigint,
          '(a) what a reader knows of the data holds for the rounded numbers too: a grade is overdue for an element all at once');
RESET ROLE;

-- ---- (c) across runs ---------------------------------------------------------------------------------------------
-- Two runs of 2025: the second has one young person more, proposed an offer in Berufsbereich 2.
-- Run 1: 7 proposed (Berufsbereich 2), 5 without; run 2: 8 and 5.
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel) VALUES ('05315', 'A-1', '26312', 'Elektroniker/in')
RETURNING angebot_id AS ang \gset
INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
VALUES ('05315', 2025, 1, 10, 'test', '{}', 12, 1, 12, 7) RETURNING lauf_id AS lauf1 \gset
INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote, kandidaten, zugeteilt)
VALUES ('05315', 2025, 2, 10, 'test', '{}', 13, 1, 13, 8) RETURNING lauf_id AS lauf2 \gset
CREATE TEMP TABLE personen AS
SELECT person_id, row_number() OVER (ORDER BY person_id) AS nr FROM kaoa.fall WHERE kommune = '05315' AND schuljahr = 2025;
INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)
SELECT '05315', l.lauf, p.person_id, CASE WHEN p.nr <= l.zu THEN :ang END, CASE WHEN p.nr <= l.zu THEN 60 + p.nr END,
       CASE WHEN p.nr <= l.zu THEN 0.5 END
  FROM personen p, (VALUES (:lauf1, 7, 12), (:lauf2, 8, 13)) l(lauf, zu, n)
 WHERE p.nr <= l.n;
-- the effect of a measure and the Bündnis balance (v_massnahme_wirkung, v_ausbildungsmarkt): S1's 13 cases took
-- part in a measure of 2025 (all of them open: 13); every case of 2025 but the ausgenommen one has a profile
-- wishing 26312 (18 applicants in Berufsbereich 2, the 4 of S2 versorgt, 14 not)
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
VALUES ('05315', :tr, 'Praxiskurs', 'praxiskurs', '[9,10]', '[2026-03-01,2026-06-30]') RETURNING massnahme_id AS mw \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
SELECT '05315', :mw, f.person_id, '2026-03-10' FROM kaoa.fall f WHERE f.kommune = '05315' AND f.schuljahr = 2025 AND f.schule_org = :s1;
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche)
SELECT '05315', f.person_id, '{26312}' FROM kaoa.fall f WHERE f.kommune = '05315' AND f.schuljahr = 2025 AND f.status <> 'ausgenommen';
SET LOCAL ROLE t_bi;
SELECT ok((SELECT anzahl FROM kaoa.v_massnahme_wirkung WHERE gruppe = 'teilnehmende' AND ergebnis = 'offen') IN (10, 15)
          AND (SELECT count(*) FROM kaoa.v_massnahme_wirkung) = 1,
          'v_massnahme_wirkung: the 13 participants, all open, as 10 or 15; no other cell');
SELECT ok((SELECT bewerber FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich = '2') IN (15, 20)
          AND (SELECT versorgt IS NULL FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich = '2')
          AND (SELECT unversorgt FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich = '2') IN (10, 15)
          AND (SELECT (bewerber - unversorgt) % 5 FROM kaoa.v_ausbildungsmarkt WHERE schuljahr = 2025 AND berufsbereich = '2') = 0,
          'v_ausbildungsmarkt: 18 applicants (15 or 20), 4 versorgt NULL, 14 not (10 or 15): bewerber − unversorgt is a multiple of 5, never 4');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung z1 JOIN kaoa.v_zuteilung z2 USING (zugeteilt, berufsbereich)
            WHERE z1.lauf_id = :lauf1 AND z2.lauf_id = :lauf2 AND abs(z2.anzahl - z1.anzahl) BETWEEN 1 AND 4),
          0::bigint, '(c) no cell of the two runs differs by 1 … 4');
SELECT ok((SELECT coalesce(sum(anzahl) FILTER (WHERE lauf_id = :lauf2 AND zugeteilt), 0)
                - coalesce(sum(anzahl) FILTER (WHERE lauf_id = :lauf1 AND zugeteilt), 0) FROM kaoa.v_zuteilung) IN (-5, 0, 5),
          '(c) the proposals of run 2 minus run 1 are a multiple of 5, never the 1 young person added');
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung WHERE anzahl % 5 <> 0), 0::bigint, '(c) every count of every run a multiple of 5');
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung WHERE passung_mittel IS NOT NULL AND anzahl < 10), 0::bigint,
          '(c) a mean passung only where the published count is at least 10 (so more than 5 young people are behind it)');
SELECT ok((SELECT sum(anzahl) FROM kaoa.v_zuteilung WHERE lauf_id = :lauf1) IN (10, 15),
          '(c) a run''s rows add up to a multiple of 5 next to its 12 young people');
RESET ROLE;
-- (c) the runs' own sizes: every organisation of Köln read bewerber 12 and 13, zugeteilt 7 and 8 from
-- kaoa.zuteilung_lauf — the one young person the rounding hides.  Now only the KoKo and the system do.
SELECT count(*) AS laeufe FROM kaoa.zuteilung_lauf \gset
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint,
          '(c) a school of Köln reads no run (was: bewerber 12/13, zugeteilt 7/8, their difference the one person added)');
SELECT results_eq(format('SELECT bewerber, zugeteilt FROM kaoa.zuteilung_lauf WHERE lauf_id IN (%s, %s)', :lauf1, :lauf2),
                  'SELECT 1, 1 WHERE false', '… not even by its number');
SELECT throws_ok('SELECT * FROM kaoa.v_zuteilung', '42501', NULL, '… and the rounded view is the KoKo''s and BI''s (42501)');
SELECT is((SELECT count(*) FROM kaoa.zuteilung WHERE lauf_id IN (:lauf1, :lauf2)) > 0, true,
          '… it still reads the proposals of its own pupils');
RESET ROLE;
SET LOCAL ROLE t_tr;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint, '(c) a Träger of Köln neither');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT results_eq(format('SELECT bewerber, zugeteilt FROM kaoa.zuteilung_lauf WHERE lauf_id IN (%s, %s) ORDER BY lauf_id', :lauf1, :lauf2),
                  'VALUES (12, 7), (13, 8)', '(c) the KoKo of Köln reads the exact sizes of its runs');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint, '(c) the KoKo of Düsseldorf reads none of Köln''s');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), :laeufe::bigint, '(c) the runs are unchanged');
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM pg_temp.veroeffentlicht() WHERE wert % 5 <> 0 OR wert < 0), 0::bigint,
          '(a)(b)(c) every published count of every view (v_kette, v_verbleib, v_sbo, v_zuteilung, v_massnahme_wirkung, v_ausbildungsmarkt) is a multiple of 5');
SELECT is((SELECT count(*) FROM pg_temp.veroeffentlicht() WHERE wert BETWEEN 1 AND 4), 0::bigint,
          '(a)(b)(c) no published number of any view is 1 … 4');
SELECT is((SELECT count(*) FROM pg_temp.veroeffentlicht() x, pg_temp.veroeffentlicht() y WHERE abs(x.wert - y.wert) BETWEEN 1 AND 4),
          0::bigint, '(a)(b)(c) no difference of two published counts, within a view, across views or across runs, is 1 … 4');
SELECT ok((SELECT count(DISTINCT sicht) FROM pg_temp.veroeffentlicht() WHERE wert IS NOT NULL) = 6
          AND (SELECT count(DISTINCT sicht) FROM pg_temp.veroeffentlicht() WHERE wert IS NULL) >= 4,
          '… and all six views show numbers here, and at least four of them NULL cells (v_kette, v_verbleib, v_sbo, v_ausbildungsmarkt)');
RESET ROLE;

-- ---- (d) EXPLAIN ANALYZE ---------------------------------------------------------------------------------------------
-- Every node of the plan a role gets for sql: type, the relation it scans (if any), actual rows.
CREATE FUNCTION pg_temp.plan(sql text) RETURNS TABLE (knoten text, relation text, zeilen numeric)
LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, BUFFERS, FORMAT JSON) ' || sql INTO p;
    RETURN QUERY SELECT n->>'Node Type', n->>'Relation Name', (n->>'Actual Rows')::numeric
                   FROM jsonb_path_query(p, 'strict $.**') n
                  WHERE jsonb_typeof(n) = 'object' AND n ? 'Node Type';
END
$$;
-- negative control: a view in the style of 0.1.0 (a plain view over kaoa.fall) shows the table and its rows
CREATE VIEW pg_temp.alt_kette AS SELECT status, count(*) AS anzahl FROM kaoa.fall GROUP BY status;
SELECT ok((SELECT bool_or(relation = 'fall' AND zeilen >= 19) FROM pg_temp.plan('SELECT * FROM pg_temp.alt_kette')),
          '(d) negative control: a plain view''s plan names kaoa.fall and its row count');
-- a BI role gets no plan at all (docs/roles-and-bi.md#plans; test/pgtap/sicherheit_plaene.sql)
SET LOCAL ROLE t_bi;
SELECT throws_ok($$SELECT * FROM pg_temp.plan('SELECT * FROM kaoa.v_kette')$$, '42501', 'EXPLAIN is not available to role "t_bi"',
                 '(d) EXPLAIN ANALYZE of a view as the BI role is refused (42501)');
RESET ROLE;
-- and the plans themselves (as a system role, which may see plans) show nothing either
SET LOCAL ROLE t_system;
SELECT is((SELECT count(*) FROM unnest(ARRAY['v_kette', 'v_verbleib', 'v_zuteilung', 'v_sbo', 'v_massnahme_wirkung', 'v_ausbildungsmarkt']) v,
                                pg_temp.plan('SELECT * FROM kaoa.' || v) p WHERE p.relation IS NOT NULL),
          0::bigint, '(d) EXPLAIN ANALYZE of v_kette, v_verbleib, v_zuteilung, v_sbo, v_massnahme_wirkung and v_ausbildungsmarkt names no table');
SELECT is((SELECT array_agg(DISTINCT p.knoten ORDER BY p.knoten) FROM unnest(ARRAY['v_kette', 'v_verbleib', 'v_zuteilung', 'v_sbo', 'v_massnahme_wirkung', 'v_ausbildungsmarkt']) v,
                  pg_temp.plan('SELECT * FROM kaoa.' || v) p),
          ARRAY['Function Scan'], '(d) … each plan is one function scan');
SELECT is((SELECT count(*) FROM unnest(ARRAY['v_kette', 'v_verbleib', 'v_zuteilung', 'v_sbo', 'v_massnahme_wirkung', 'v_ausbildungsmarkt']) v,
                                LATERAL (SELECT max(zeilen) AS m FROM pg_temp.plan('SELECT * FROM kaoa.' || v)) p
            WHERE p.m <> (SELECT count(*) FROM kaoa.v_kette WHERE v = 'v_kette')
                         + (SELECT count(*) FROM kaoa.v_verbleib WHERE v = 'v_verbleib')
                         + (SELECT count(*) FROM kaoa.v_zuteilung WHERE v = 'v_zuteilung')
                         + (SELECT count(*) FROM kaoa.v_sbo WHERE v = 'v_sbo')
                         + (SELECT count(*) FROM kaoa.v_massnahme_wirkung WHERE v = 'v_massnahme_wirkung')
                         + (SELECT count(*) FROM kaoa.v_ausbildungsmarkt WHERE v = 'v_ausbildungsmarkt')),
          0::bigint, '(d) … whose actual rows are the published rows, nothing more');
RESET ROLE;

-- ---- (e) the floor of min_fallzahl -------------------------------------------------------------------------------------
SET LOCAL ROLE t_ko;
SELECT throws_ok($$UPDATE kaoa.kommune SET min_fallzahl = 1 WHERE kommune = '05315'$$, '42501',
                 'min_fallzahl 1 is below the floor of 3', '(e) the KoKo may not lower min_fallzahl to 1 (42501)');
SELECT throws_ok($$UPDATE kaoa.kommune SET min_fallzahl = 2 WHERE kommune = '05315'$$, '42501', NULL,
                 '(e) … nor to 2');
SELECT is(pg_temp.antwort($$UPDATE kaoa.kommune SET min_fallzahl = 1 WHERE kommune = '05315'$$),
          '42501: Kommune 05315 would go from min_fallzahl 5 to 1; role "t_ko" is neither a superuser nor the owner of kaoa.',
          '(e) the refusal says what was asked and why');
RESET ROLE;
SELECT is((SELECT min_fallzahl FROM kaoa.kommune WHERE kommune = '05315'), 5, '(e) … and min_fallzahl stays 5');
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.kommune SET min_fallzahl = 6 WHERE kommune = '05315' RETURNING min_fallzahl$$,
                  ARRAY[6], '(e) the KoKo may raise it (5 → 6)');
SELECT results_eq($$UPDATE kaoa.kommune SET min_fallzahl = 3 WHERE kommune = '05315' RETURNING min_fallzahl$$,
                  ARRAY[3], '(e) … and lower it down to the floor (6 → 3)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT throws_ok($$UPDATE kaoa.kommune SET min_fallzahl = 1 WHERE kommune = '05315'$$, '42501', NULL,
                 '(e) a system role may not lower it below 3 either');
SELECT throws_ok($$INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05913', 'Dortmund', 2)$$, '42501', NULL,
                 '(e) nor create a Kommune with min_fallzahl 2 (an import of a kommune line goes this way)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.kommune WHERE kommune = '05913'), 0::bigint, '(e) … no Kommune was created');
SELECT results_eq($$UPDATE kaoa.kommune SET min_fallzahl = 2 WHERE kommune = '05315' RETURNING min_fallzahl$$,
                  ARRAY[2], '(e) the DBA (superuser) may set 2');
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.kommune SET name = name, min_fallzahl = 2 WHERE kommune = '05315' RETURNING min_fallzahl$$,
                  ARRAY[2], '(e) the KoKo''s full-row UPDATE that repeats the DBA''s 2 passes');
SELECT throws_ok($$UPDATE kaoa.kommune SET min_fallzahl = 1 WHERE kommune = '05315'$$, '42501', NULL,
                 '(e) … but it may not go on from 2 to 1');
RESET ROLE;
-- with the floor 3 every published count is a multiple of 3 (the DBA's 2 set back to 3 by the KoKo)
SET LOCAL ROLE t_ko;
SELECT results_eq($$UPDATE kaoa.kommune SET min_fallzahl = 3 WHERE kommune = '05315' RETURNING min_fallzahl$$,
                  ARRAY[3], '(e) the KoKo raises 2 to 3');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT is((SELECT count(*) FROM pg_temp.veroeffentlicht() WHERE wert % 3 <> 0), 0::bigint,
          '(e) at min_fallzahl 3 every published count is a multiple of 3');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
