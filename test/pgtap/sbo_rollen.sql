-- pgTAP: who sees and who writes the Standardelemente and the measures (docs/roles-and-bi.md, docs/sbo.md), role by
-- role — the school of the current enrolment, a former school, a provider, the KoKo, the Agentur,
-- another Kommune, the system, BI and unregistered roles — and the profile proposal.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir sbo_fixture.psql
SELECT plan(52);

-- a1 at S1 (grade 8), a2 at S2 (grade 9), a3 at S1 in 2024 and at S2 since 2025, d1 in Düsseldorf
SELECT pg_temp.schueler('a1', :s1, 8) AS a1, pg_temp.schueler('a2', :s2, 9) AS a2,
       pg_temp.schueler('a3', :s1, 8, 2024) AS a3, pg_temp.schueler('d1', :ds, 8) AS d1 \gset
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :a3, 2025, :s2, 9);
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, anbieter_org, kompetenzen) VALUES
    ('05315', :a1, 'SBO 4.1', '2025-09-15', :tr, 'sorgfalt=4'),
    ('05315', :a3, 'SBO 4.1', '2024-09-15', :tr, 'sorgfalt=2');
SELECT pg_temp.sbo(:a1, 'SBO 5.1', '2025-10-06', 'elektro') AS t_a1_bfe, pg_temp.sbo(:a2, 'SBO 5.1', '2024-10-06', 'medien') AS t_a2,
       pg_temp.sbo(:d1, 'SBO 4.1', '2025-09-15') AS t_d1, pg_temp.av(:a2, '2026-02-10', '{26312}') AS av_a2 \gset
INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum) VALUES
    ('05315', :tr, 'Praxiskurs', 'praxiskurs', '[8,10]', '[2025-09-01,2026-06-30]'),
    ('05315', :ka, 'Werkstatttag', 'berufsfelderkundung', '[8,8]', '[2025-09-01,2026-06-30]'),
    ('05111', :ds, 'Düsseldorfer Kurs', 'praxiskurs', '[8,10]', '[2025-09-01,2026-06-30]');
SELECT max(massnahme_id) FILTER (WHERE traeger_org = :tr) AS mt, max(massnahme_id) FILTER (WHERE traeger_org = :ka) AS mk,
       max(massnahme_id) FILTER (WHERE traeger_org = :ds) AS md FROM kaoa.massnahme \gset
INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES
    ('05315', :mt, :a1, '2025-10-01'), ('05315', :mk, :a2, '2025-10-01');

CREATE FUNCTION pg_temp.ids(tabelle text, spalte text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE r bigint[];
BEGIN
    EXECUTE format('SELECT coalesce(array_agg(DISTINCT %s ORDER BY %s), ''{}'') FROM kaoa.%s', spalte, spalte, tabelle) INTO r;
    RETURN r;
END $$;
CREATE FUNCTION pg_temp.paare(tabelle text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT string_agg(person_id || ''/'' || schuljahr, '' '' ORDER BY person_id, schuljahr) FROM kaoa.%s', tabelle) INTO r;
    RETURN coalesce(r, '');
END $$;

-- ---- the school of the current enrolment, and a former school --------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is(pg_temp.paare('schulbesuch'), format('%s/2025 %s/2024', :a1, :a3),
          'S1: its pupil a1, and its own 2024 row of a3 (not a3''s new school)');
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), ARRAY[:a1]::bigint[], 'S1: the SBO record of its current pupil only');
SELECT is(pg_temp.ids('anschlussvereinbarung', 'person_id'), '{}'::bigint[], 'S1: no agreement of others');
SELECT is(pg_temp.ids('massnahme', 'massnahme_id'), ARRAY[:mt, :mk]::bigint[], 'S1: every measure of Köln');
SELECT is(pg_temp.ids('massnahme_teilnahme', 'person_id'), ARRAY[:a1]::bigint[], 'S1: participants who are its pupils');
SELECT lives_ok(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld)
                         VALUES ('05315', %s, 'SBO 5.1', '2025-10-07', 'medien')$$, :a1), 'S1 records for its pupil');
SELECT throws_ok(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, berufsfeld)
                          VALUES ('05315', %s, 'SBO 5.1', '2025-10-07', 'medien')$$, :a3), 'KA004',
                 format('organisation %s may not record Standardelemente of person %s', :s1, :a3),
                 'S1 may not record for its former pupil');
SELECT throws_ok(format($$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, wuensche) VALUES ('05315', %s, '{43102}')$$, :a2),
                 'KA004', NULL, 'S1 may not record an agreement of S2''s pupil');
SELECT lives_ok(format($$INSERT INTO kaoa.anschlussvereinbarung (kommune, person_id, datum, wuensche) VALUES ('05315', %s, '2026-02-20', '{43102}')$$, :a1),
                'S1 records an agreement of its pupil');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id) VALUES ('05315', %s, %s)$$, :mt, :a2),
                 'KA004', NULL, 'S1 may not register S2''s pupil for a measure');
SELECT lives_ok(format($$INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum) VALUES ('05315', %s, %s, '2025-10-01')$$, :mk, :a1),
                'S1 registers its pupil');
-- enrolments: for itself, persons it sees
INSERT INTO kaoa.person (kommune, pseudonym) VALUES ('05315', 'neu-s1') RETURNING person_id AS n1 \gset
SELECT lives_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, 2025, %s, 8)$$, :n1, :s1),
                'S1 enrols a person it registered');
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, 2026, %s, 10)$$, :a2, :s1),
                 'KA004', format('organisation %s may not enrol person %s', :s1, :a2),
                 'S1 may not enrol a pupil of another school (and so read their record)');
SELECT throws_ok(format($$INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', %s, 2026, %s, 9)$$, :a1, :s2),
                 'KA004', NULL, 'S1 may not enrol for another school');
SELECT throws_ok(format('UPDATE kaoa.schulbesuch SET schule_org = %s WHERE person_id = %s', :s2, :a1),
                 'KA004', NULL, 'S1 may not move its pupil to another school');
SELECT results_eq(format('UPDATE kaoa.schulbesuch SET jahrgang = 9 WHERE person_id = %s AND schuljahr = 2024
                          RETURNING person_id, schuljahr, jahrgang', :a3),
                  format('VALUES (%s::bigint, 2024, 9)', :a3),
                  'S1 corrects its own old row');
RESET ROLE;
SELECT is(erfasst_von, :s1::bigint, 'erfasst_von is the recording school')
  FROM kaoa.sbo_teilnahme WHERE person_id = :a1 AND datum = '2025-10-07';
SELECT is(erstellt_von, :s1::bigint, 'erstellt_von is the recording school')
  FROM kaoa.anschlussvereinbarung WHERE person_id = :a1;

SET LOCAL ROLE t_s2;
SELECT is(pg_temp.paare('schulbesuch'), format('%s/2025 %s/2024 %s/2025', :a2, :a3, :a3),
          'S2: its pupils, with a3''s history');
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), ARRAY[:a2, :a3]::bigint[], 'S2: their SBO records, a3''s from S1 included');
SELECT is(pg_temp.ids('anschlussvereinbarung', 'person_id'), ARRAY[:a2]::bigint[], 'S2: its pupil''s agreement');
SELECT is(pg_temp.ids('massnahme_teilnahme', 'person_id'), ARRAY[:a2]::bigint[], 'S2: its pupil''s participation');
RESET ROLE;

-- ---- a provider ------------------------------------------------------------------------------------------------------
SET LOCAL ROLE t_tr;
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), ARRAY[:a1, :a3]::bigint[], 'Träger: the participations it ran');
SELECT is(pg_temp.ids('schulbesuch', 'person_id'), '{}'::bigint[], 'Träger: no enrolments');
SELECT is(pg_temp.ids('anschlussvereinbarung', 'person_id'), '{}'::bigint[], 'Träger: no agreements');
SELECT is(pg_temp.ids('massnahme_teilnahme', 'person_id'), ARRAY[:a1]::bigint[], 'Träger: the participants of its measure');
SELECT throws_ok(format($$UPDATE kaoa.sbo_teilnahme SET ergebnis = 'x' WHERE person_id = %s$$, :a1), '42501', NULL,
                 'Träger: may not change SBO records (no privilege)');
SELECT lives_ok(format($$INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
                         VALUES ('05315', %s, 'Neu', 'praxiskurs', '[9,9]', '[2026-01-01,2026-02-01]')$$, :tr),
                'Träger: adds its own measure');
SELECT throws_ok(format($$INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, zeitraum)
                          VALUES ('05315', %s, 'Fremd', 'praxiskurs', '[9,9]', '[2026-01-01,2026-02-01]')$$, :ka),
                 'KA004', NULL, 'Träger: not one in another organisation''s name');
SELECT throws_ok(format($$UPDATE kaoa.massnahme SET plaetze = 3 WHERE massnahme_id = %s$$, :mk), 'KA004',
                 format('organisation %s may not change measure %s of Kommune 05315', :tr, :mk),
                 'Träger: sees the Kammer''s measure but may not change it');
SELECT throws_ok(format($$UPDATE kaoa.massnahme SET traeger_org = %s WHERE massnahme_id = %s$$, :ka, :mt), 'KA004', NULL,
                 'Träger: may not hand its measure to another organisation');
SELECT results_eq(format($$UPDATE kaoa.massnahme SET plaetze = 15 WHERE massnahme_id = %s RETURNING massnahme_id, plaetze$$, :mt),
                  format('VALUES (%s::bigint, 15)', :mt), 'Träger: keeps its own');
RESET ROLE;

-- ---- the KoKo, the Agentur, another Kommune --------------------------------------------------------------------------
SET LOCAL ROLE t_ko;
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), ARRAY[:a1, :a2, :a3]::bigint[], 'KoKo: every SBO record of Köln');
SELECT is(pg_temp.ids('anschlussvereinbarung', 'person_id'), ARRAY[:a1, :a2]::bigint[], 'KoKo: every agreement of Köln');
SELECT is(pg_temp.ids('massnahme', 'massnahme_id'), (SELECT array_agg(massnahme_id ORDER BY massnahme_id) FROM kaoa.massnahme WHERE kommune = '05315'),
          'KoKo: every measure of Köln, not Düsseldorf''s');
SELECT results_eq(format('UPDATE kaoa.schulbesuch SET schule_org = %s WHERE person_id = %s AND schuljahr = 2025
                          RETURNING person_id, schuljahr, schule_org', :s1, :a2),
                  format('VALUES (%s::bigint, 2025, %s::bigint)', :a2, :s1),
                  'KoKo: moves a pupil to another school');
SELECT results_eq(format($$UPDATE kaoa.massnahme SET plaetze = 6 WHERE massnahme_id = %s RETURNING massnahme_id, plaetze$$, :mk),
                  format('VALUES (%s::bigint, 6)', :mk), 'KoKo: keeps every measure');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT ok(:a2 = ANY (pg_temp.ids('sbo_teilnahme', 'person_id')), 'after the move S1 reads a2''s record');
RESET ROLE;
SET LOCAL ROLE t_aa;
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), '{}'::bigint[], 'Agentur: no SBO records');
SELECT is(pg_temp.ids('massnahme', 'massnahme_id') @> ARRAY[:mt, :mk]::bigint[], true, 'Agentur: reads the measures');
SELECT throws_ok(format($$INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum) VALUES ('05315', %s, 'SBO 6.1', '2026-03-02')$$, :a1),
                 '42501', NULL, 'Agentur: may not record SBO participations (no privilege)');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is(pg_temp.ids('sbo_teilnahme', 'person_id'), ARRAY[:d1]::bigint[], 'Düsseldorf KoKo: only Düsseldorf');
SELECT is(pg_temp.ids('massnahme', 'massnahme_id'), ARRAY[:md]::bigint[], 'Düsseldorf KoKo: only its measure');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT is(cardinality(pg_temp.ids('sbo_teilnahme', 'person_id')), 4, 'system: all');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT * FROM kaoa.massnahme', '42501', NULL, 'BI: no table');
RESET ROLE;
SET LOCAL ROLE t_fremd;
SELECT throws_ok('SELECT * FROM kaoa.schulbesuch', '42501', NULL, 'an unregistered role: nothing');
RESET ROLE;

-- ---- the profile proposal ------------------------------------------------------------------------------------------
-- a case of a3's held by the Agentur: it may ask for the proposal; S1 (former school) may not
SELECT pg_temp.fall('f-a3', :s2, 'ohne_anschluss') AS fa3 \gset
SELECT pg_temp.person_von(:fa3) AS pf \gset
INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, jahrgang) VALUES ('05315', :pf, 2025, :s2, 10);
SELECT pg_temp.sbo(:pf, 'SBO 4.1', '2023-09-15') AS ohne_kompetenzen \gset
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, kompetenzen) VALUES
    ('05315', :pf, 'SBO 4.2', '2023-09-20', 'sorgfalt=3,teamfaehigkeit=4') RETURNING teilnahme_id AS pa_alt \gset
INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, kompetenzen) VALUES
    ('05315', :pf, 'SBO 4.1', '2024-01-10', 'planung=5') RETURNING teilnahme_id AS pa_neu \gset
UPDATE kaoa.sbo_teilnahme SET teilgenommen = false WHERE teilnahme_id = :pa_neu;
SELECT pg_temp.av(:pf, '2025-02-10', '{26312,81302}') AS av_alt, pg_temp.av(:pf, '2025-06-01', '{43102}') AS av_neu \gset
SELECT kaoa.uebernehmen(kaoa.uebergeben(:fa3, :aa, 'schuldueg_1_1')) \gset
SET LOCAL ROLE t_aa;
SELECT results_eq(format('SELECT kommune, wuensche, kompetenzen, vereinbarung_id, teilnahme_id FROM kaoa.bewerberprofil_aus_sbo(%s)', :pf),
                  format($$VALUES ('05315', '{43102}'::kaoa.kldb[], 'sorgfalt=3,teamfaehigkeit=4'::kaoa.kompetenzen, %s::bigint, %s::bigint)$$, :av_neu, :pa_alt),
                  'Agentur holding the case: wishes of the newest agreement, competences of the newest attended Potenzialanalyse that has them');
RESET ROLE;
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT * FROM kaoa.bewerberprofil_aus_sbo(%s)', :pf), 'KA004', NULL, 'S1 does not see the person');
SELECT throws_ok('SELECT * FROM kaoa.bewerberprofil_aus_sbo(999999)', 'KA004', NULL, 'an unknown person looks the same');
RESET ROLE;
SELECT throws_ok('SELECT * FROM kaoa.bewerberprofil_aus_sbo(999999)', 'P0002', 'person 999999 does not exist', 'the system learns it does not exist');
SELECT results_eq(format('SELECT wuensche, kompetenzen, vereinbarung_id, teilnahme_id FROM kaoa.bewerberprofil_aus_sbo(%s)', :n1),
                  $$VALUES (NULL::kaoa.kldb[], NULL::kaoa.kompetenzen, NULL::bigint, NULL::bigint)$$,
                  'a person without SBO data: an empty proposal');
-- applied to the matching profile (as the system, which may leave the consent out)
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, kompetenzen)
SELECT v.kommune, :pf, v.wuensche, v.kompetenzen FROM kaoa.bewerberprofil_aus_sbo(:pf) v;
SELECT results_eq(format('SELECT wuensche, kompetenzen FROM kaoa.bewerberprofil WHERE person_id = %s', :pf),
                  $$VALUES ('{43102}'::kaoa.kldb[], 'sorgfalt=3,teamfaehigkeit=4'::kaoa.kompetenzen)$$,
                  'the proposal applies to kaoa.bewerberprofil as it is');

SELECT * FROM finish();
ROLLBACK;
