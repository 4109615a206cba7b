-- pgTAP: the matching score (docs/matching.md) on hand-made profiles and offers — exact scores, the
-- explanation document key by key, every exclusion, KEIN_PROFIL, per-Kommune weights, the top-k
-- functions with their tie-breaking and visibility, and every error.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(81);

-- ---- exact scores (worked out in match_fixture.psql) -------------------------------------------
SELECT is(kaoa.passung(:ma, :o1), 97.5::float8, 'ma/o1: 35 + 15 + 20 + 15 + 2.5 + 10 = 97.5');
SELECT ok(abs(kaoa.passung(:ma, :o2) - 44.75) < 1e-9, 'ma/o2: 29.75 + 0 + 10 + 0 + 2.5 + 2.5 = 44.75');
SELECT is(kaoa.passung(:ma, :o7), 85::float8, 'ma/o7: missing interests and requirements count 0.5: 85');
SELECT is(kaoa.passung(:ma, :o8), 81.5::float8, 'ma/o8: the second wish counts 0.9: 81.5');
SELECT is(kaoa.passung(:mb, :o1), 60::float8, 'mb/o1: an empty profile gets 0.5 for beruf, interessen, weg, kompetenzen: 60');
SELECT is(kaoa.passung(:md, :o1), 100::float8, 'md/o1: everything fits, no date: 100');
SELECT is(kaoa.passung(:mf, :o6), 100::float8, 'mf/o6: Düsseldorf weighs only the occupation: 100');

SELECT is(kaoa.prioritaet(:ma, :o1), 100::float8, 'ma/o1: offer-side priority 40 + 35 + 15 + 10 = 100');
SELECT ok(abs(kaoa.prioritaet(:ma, :o2) - 15) < 1e-9, 'ma/o2: offer-side priority 40 · 0.25 + 10 · 0.5 = 15');
SELECT is(kaoa.prioritaet(:ma, :o3), NULL::float8, 'ma/o3: no priority for an excluded pair');
SELECT is(kaoa.prioritaet(:mb, :o1), 67.5::float8, 'mb/o1: 40 · 0.5 + 35 + 15 · 0.5 + 10 · 0.5 = 67.5');

-- ---- exclusions and missing profiles --------------------------------------------------------------
SELECT is(kaoa.passung(:ma, :o3), NULL::float8, 'ma/o3: hard minimum ABITUR: NULL');
SELECT is(kaoa.passung(:ma, :o4), NULL::float8, 'ma/o4: 60 km with max_km 50: NULL');
SELECT is(kaoa.passung(:ma, :o5), NULL::float8, 'ma/o5: available 102 days after the start: NULL');
SELECT is(kaoa.passung(:mf, :o8), NULL::float8, 'mf/o8: Köln is beyond the 30 km of mf: NULL');
SELECT is(kaoa.passung(:me, :o1), NULL::float8, 'me: no profile: NULL');
SELECT is(kaoa.passung(:mc, :o1), NULL::float8, 'mc: profile under a revoked consent is not used: NULL');
SELECT is(kaoa.passung_erklaert(:ma, :o3) ->> 'ausschluss', 'ABSCHLUSS', 'ma/o3 explained: ABSCHLUSS');
SELECT is(kaoa.passung_erklaert(:ma, :o4) ->> 'ausschluss', 'DISTANZ', 'ma/o4 explained: DISTANZ');
SELECT is(kaoa.passung_erklaert(:ma, :o5) ->> 'ausschluss', 'BEGINN', 'ma/o5 explained: BEGINN');
SELECT is(kaoa.passung_erklaert(:me, :o1) ->> 'ausschluss', 'KEIN_PROFIL', 'me explained: KEIN_PROFIL');
SELECT is(kaoa.passung_erklaert(:mc, :o1) ->> 'ausschluss', 'KEIN_PROFIL', 'mc (consent revoked) explained: KEIN_PROFIL');

-- ---- the explanation, key by key -----------------------------------------------------------------
SELECT kaoa.passung_erklaert(:ma, :o2) AS e2, kaoa.passung_erklaert(:ma, :o3) AS e3,
       kaoa.passung_erklaert(:me, :o1) AS ekp, kaoa.passung_erklaert(:mb, :o1) AS eb,
       kaoa.passung_erklaert(:mf, :o1) AS ef \gset
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(:'e2'::jsonb) k),
          ARRAY['ausschluss', 'distanz_km', 'komponenten', 'passung'], 'the document has exactly its four keys');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(:'e2'::jsonb -> 'komponenten') k),
          ARRAY['abschluss', 'beginn', 'beruf', 'interessen', 'kompetenzen', 'weg'], 'komponenten has all six parts');
SELECT is((SELECT count(*) FROM jsonb_each(:'e2'::jsonb -> 'komponenten') c
            WHERE (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(c.value) k) = ARRAY['gewicht', 'wert']),
          6::bigint, 'each part has exactly wert and gewicht');
SELECT ok(abs((:'e2'::jsonb ->> 'passung')::float8 - 44.75) < 1e-9, 'ma/o2: passung 44.75');
SELECT ok(:'e2'::jsonb -> 'ausschluss' = 'null'::jsonb, 'ma/o2: ausschluss is JSON null');
SELECT ok(abs((:'e2'::jsonb ->> 'distanz_km')::float8 - 27.5) < 1e-9, 'ma/o2: distanz_km 27.5');
SELECT is((:'e2'::jsonb #>> '{komponenten,beruf,wert}')::float8, 0.85::float8, 'ma/o2: beruf 0.85 (4 digits)');
SELECT is((:'e2'::jsonb #>> '{komponenten,interessen,wert}')::float8, 0::float8, 'ma/o2: interessen 0 (R against I)');
SELECT ok(abs((:'e2'::jsonb #>> '{komponenten,weg,wert}')::float8 - 0.5) < 1e-12, 'ma/o2: weg 0.5 at 27.5 of 50 km');
SELECT is((:'e2'::jsonb #>> '{komponenten,abschluss,wert}')::float8, 0::float8, 'ma/o2: abschluss 0 (two levels short)');
SELECT is((:'e2'::jsonb #>> '{komponenten,beginn,wert}')::float8, 0.5::float8, 'ma/o2: beginn 0.5 (10 days late)');
SELECT is((:'e2'::jsonb #>> '{komponenten,kompetenzen,wert}')::float8, 0.25::float8, 'ma/o2: kompetenzen (0 + 0.5) / 2');
SELECT is(ARRAY[(:'e2'::jsonb #>> '{komponenten,beruf,gewicht}')::float8, (:'e2'::jsonb #>> '{komponenten,interessen,gewicht}')::float8,
                (:'e2'::jsonb #>> '{komponenten,weg,gewicht}')::float8, (:'e2'::jsonb #>> '{komponenten,abschluss,gewicht}')::float8,
                (:'e2'::jsonb #>> '{komponenten,beginn,gewicht}')::float8, (:'e2'::jsonb #>> '{komponenten,kompetenzen,gewicht}')::float8],
          ARRAY[35, 15, 20, 15, 5, 10]::float8[], 'Köln has no gewichtung row: the default weights');
SELECT ok(:'e3'::jsonb -> 'passung' = 'null'::jsonb, 'excluded pair: passung is null');
SELECT is(ARRAY[(:'e3'::jsonb #>> '{komponenten,beruf,wert}')::float8, (:'e3'::jsonb #>> '{komponenten,abschluss,wert}')::float8,
                (:'e3'::jsonb #>> '{komponenten,interessen,wert}')::float8],
          ARRAY[1, 0, 0.5]::float8[], 'excluded pair: the parts are shown all the same');
SELECT is(:'e3'::jsonb ->> 'distanz_km', '0', 'excluded pair: the distance is shown');
SELECT ok(:'ekp'::jsonb -> 'passung' = 'null'::jsonb AND :'ekp'::jsonb -> 'distanz_km' = 'null'::jsonb,
          'KEIN_PROFIL: passung and distanz_km null');
SELECT is((SELECT count(*) FROM jsonb_each(:'ekp'::jsonb -> 'komponenten') c
            WHERE c.value -> 'wert' = 'null'::jsonb AND c.value ? 'gewicht'), 6::bigint,
          'KEIN_PROFIL: every wert null, every gewicht shown');
SELECT ok(:'eb'::jsonb -> 'distanz_km' = 'null'::jsonb, 'no location: distanz_km null');
SELECT is((:'eb'::jsonb #>> '{komponenten,weg,wert}')::float8, 0.5::float8, 'no location: weg 0.5');
SELECT is((:'ef'::jsonb #>> '{komponenten,beruf,gewicht}')::float8, 1::float8, 'Düsseldorf: its own weights (beruf 1)');
SELECT is((:'ef'::jsonb #>> '{komponenten,weg,gewicht}')::float8, 0::float8, 'Düsseldorf: its own weights (weg 0)');

-- ---- top-k --------------------------------------------------------------------------------------
SELECT is((SELECT array_agg(angebot_id ORDER BY ord) FROM kaoa.top_angebote(:ma, 4) WITH ORDINALITY t(angebot_id, passung, ord)),
          ARRAY[:o1, :o7, :o8, :o9]::bigint[], 'top_angebote(ma, 4): best first, the tie o8/o9 by angebot_id');
SELECT is((SELECT array_agg(angebot_id ORDER BY ord) FROM kaoa.top_angebote(:ma, 3) WITH ORDINALITY t(angebot_id, passung, ord)),
          ARRAY[:o1, :o7, :o8]::bigint[], 'top_angebote(ma, 3): the tie is cut by angebot_id');
SELECT is((SELECT count(*) FROM kaoa.top_angebote(:ma, 100)), 6::bigint,
          'top_angebote(ma, 100): the 6 offers not excluded (o3, o4, o5 left out)');
SELECT is((SELECT array_agg(passung ORDER BY passung DESC) FROM kaoa.top_angebote(:ma, 100)),
          (SELECT array_agg(kaoa.passung(:ma, angebot_id) ORDER BY kaoa.passung(:ma, angebot_id) DESC)
             FROM kaoa.angebot WHERE kaoa.passung(:ma, angebot_id) IS NOT NULL),
          'top_angebote gives the scores of kaoa.passung');
SELECT is((SELECT count(*) FROM kaoa.top_angebote(:me, 5)), 0::bigint, 'top_angebote of a person without profile: empty');
SELECT suchen AS s0, gesichtet AS g0 FROM kaoa.matching_statistik() \gset
SELECT count(*) FROM kaoa.top_angebote(:ma, 2) \gset
SELECT is((SELECT ARRAY[suchen - :s0, sign(gesichtet - :g0)::bigint] FROM kaoa.matching_statistik()), ARRAY[1, 1]::bigint[],
          'matching_statistik counts the search and the offers it looked at');
SELECT is((SELECT array_agg(person_id ORDER BY ord) FROM kaoa.top_bewerber(:o1, 10) WITH ORDINALITY t(person_id, passung, ord)),
          ARRAY[:md, :ma, :mb]::bigint[], 'top_bewerber(o1) as the system: md 100, ma 97.5, mb 60 (mc revoked, me none, mf too far)');
SELECT is((SELECT array_agg(person_id ORDER BY ord) FROM kaoa.top_bewerber(:o1, 2) WITH ORDINALITY t(person_id, passung, ord)),
          ARRAY[:md, :ma]::bigint[], 'top_bewerber(o1, 2)');

-- per role: only the young people the caller may see
SET LOCAL ROLE t_s1;
SELECT is((SELECT array_agg(person_id ORDER BY ord) FROM kaoa.top_bewerber(:o1, 10) WITH ORDINALITY t(person_id, passung, ord)),
          ARRAY[:ma, :mb]::bigint[], 'top_bewerber as school S1: its pupils only');
SELECT is(kaoa.passung(:ma, :o1), 97.5::float8, 'school S1 gets the same score for its pupil');
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', :md, :o1), 'KA004', NULL, 'school S1 may not score a pupil of S2 (KA004)');
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', 999999999, :o1), 'KA004', NULL,
                 'school S1: an unknown person is the same error as an invisible one (KA004)');
SELECT throws_ok(format('SELECT * FROM kaoa.top_angebote(%s)', :md), 'KA004', NULL, 'top_angebote of an invisible person: KA004');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT array_agg(person_id) FROM kaoa.top_bewerber(:o1, 10)), ARRAY[:md]::bigint[],
          'top_bewerber as school S2: md (mc''s consent is revoked)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is((SELECT array_agg(person_id ORDER BY ord) FROM kaoa.top_bewerber(:o1, 10) WITH ORDINALITY t(person_id, passung, ord)),
          ARRAY[:md, :ma, :mb]::bigint[], 'top_bewerber as the KoKo of Köln: every young person of Köln');
SELECT is(kaoa.passung(:md, :o1), 100::float8, 'the KoKo scores every young person of its Kommune');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT is((SELECT array_agg(person_id) FROM kaoa.top_bewerber(:o6, 10)), ARRAY[:mf]::bigint[],
          'top_bewerber as the KoKo of Düsseldorf: its young person for a Düsseldorf offer');
SELECT is((SELECT count(*) FROM kaoa.top_bewerber(:o1, 10)), 0::bigint, 'the Düsseldorf KoKo sees no Köln pupil');
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', :ma, :o1), 'KA004', NULL,
                 'the KoKo of another Kommune may not score a Köln pupil (KA004)');
SELECT throws_ok(format('SELECT kaoa.passung_erklaert(%s, %s)', :ma, :o1), 'KA004', NULL, 'nor have it explained (KA004)');
SELECT throws_ok(format('SELECT * FROM kaoa.top_angebote(%s)', :ma), 'KA004', NULL, 'nor list its offers (KA004)');
SELECT is((SELECT array_agg(angebot_id) FROM kaoa.top_angebote(:mf, 10) t JOIN kaoa.angebot o USING (angebot_id)
            WHERE o.kommune = '05315'),
          ARRAY[:o2]::bigint[], 'mf: the one Köln offer within 30 km is o2 (north of Köln, near Düsseldorf)');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', :ma, :o1), '42501', NULL, 'a BI role may not score (42501)');
SELECT throws_ok(format('SELECT kaoa.passung_erklaert(%s, %s)', :ma, :o1), '42501', NULL, 'nor explain (42501)');
SELECT throws_ok(format('SELECT kaoa.prioritaet(%s, %s)', :ma, :o1), '42501', NULL, 'nor read a priority (42501)');
SELECT throws_ok(format('SELECT * FROM kaoa.top_angebote(%s)', :ma), '42501', NULL, 'nor list offers (42501)');
SELECT throws_ok(format('SELECT * FROM kaoa.top_bewerber(%s)', :o1), '42501', NULL, 'nor list applicants (42501)');
RESET ROLE;

-- ---- errors --------------------------------------------------------------------------------------
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', :ma, 999999999), 'P0002', NULL, 'unknown offer: P0002');
SELECT throws_ok(format('SELECT kaoa.passung(%s, %s)', 999999999, :o1), 'P0002', NULL, 'unknown person (system): P0002');
SELECT throws_ok(format('SELECT * FROM kaoa.top_angebote(%s, 0)', :ma), '22023', NULL, 'top_angebote with k = 0: 22023');
SELECT throws_ok(format('SELECT * FROM kaoa.top_bewerber(%s, -1)', :o1), '22023', NULL, 'top_bewerber with k < 0: 22023');
SELECT throws_ok('SELECT * FROM kaoa.top_bewerber(999999999, 5)', 'P0002', NULL, 'top_bewerber of an unknown offer: P0002');
-- the scoring and look-up functions are STRICT on purpose (docs/matching.md, "NULLs"): NULL in, NULL or no rows out
SELECT is(kaoa.passung(NULL, :o1), NULL::float8, 'passung(NULL, o1) is NULL (STRICT)');
SELECT is(kaoa.passung_erklaert(:ma, NULL), NULL::jsonb, 'passung_erklaert(ma, NULL) is NULL (STRICT)');
SELECT is((SELECT count(*) FROM kaoa.top_angebote(:ma, NULL)) + (SELECT count(*) FROM kaoa.top_bewerber(NULL, 5)), 0::bigint,
          'top_angebote(ma, NULL) and top_bewerber(NULL, 5): no rows (STRICT)');

-- ---- no stale data: the next statement sees a changed offer --------------------------------------
UPDATE kaoa.angebot SET mindest_hart = true WHERE angebot_id = :o2;
SELECT is(kaoa.passung(:ma, :o2), NULL::float8, 'after o2''s minimum FHR became hard, ma is excluded (ABSCHLUSS)');
UPDATE kaoa.bewerberprofil SET max_km = 20 WHERE person_id = :ma;
SELECT is((SELECT count(*) FROM kaoa.top_angebote(:ma, 100)), 4::bigint,
          'after max_km 20, top_angebote drops the offers beyond it (o2, o6)');

SELECT * FROM finish();
ROLLBACK;
