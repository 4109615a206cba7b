-- pgTAP: kaoa.zuteilung_berechnen (docs/matching.md) on the hand-made world of match_fixture.psql —
-- which young people take part, the proposals with their passung and priority, the cutoffs of
-- full offers, who may run it and who reads the results, the BI view with small counts hidden,
-- and every error.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir match_fixture.psql
SELECT plan(60);

-- Open young people of Köln 2025 with a usable profile: ma (ohne_anschluss) and mb (in_beratung);
-- mc's consent is revoked, md's case is offen, me has no profile.  Offers with seats: o1 o2 o3 o4
-- o5 o6 o8 o9 (o7 has none).
--   ma: o1 97.5, o8 81.5, o9 81.5, o6 ≈ 68, o2 44.75      (o3, o4, o5 excluded)
--   mb: 60 for o1 o4 o5 o6 o8 o9 (tie: smallest angebot_id first), 45 for o2   (o3 excluded)
-- Priority at o1: ma 100, mb 40·0.5 + 35 + 15·0.5 + 10·0.5 = 67.5.  DA: ma takes o1; mb asks o1
-- (full with ma, 67.5 < 100), then o4, and gets it.  Full offers: o1 (cutoff 100), o4 (67.5).
SET LOCAL ROLE t_ko;
SELECT kaoa.zuteilung_berechnen('05315', 2025, 50, 11) AS lauf \gset
RESET ROLE;
SELECT is((SELECT ARRAY[kommune, schuljahr::text, seed::text, k::text, rolle::text, bewerber::text, angebote::text,
                        kandidaten::text, zugeteilt::text]
             FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf),
          ARRAY['05315', '2025', '11', '50', 't_ko', '2', '8', '12', '2'],
          'the run: Kommune, year, seed, k, who ran it, 2 applicants, 8 offers with seats, 5 + 7 candidate pairs, 2 assigned');
SELECT is((SELECT gewichtung FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf),
          '{"beruf": 35, "interessen": 15, "weg": 20, "abschluss": 15, "beginn": 5, "kompetenzen": 10}'::jsonb,
          'the run records the weights it used');
SELECT is((SELECT array_agg(ROW(person_id, angebot_id, passung, prioritaet)::text ORDER BY person_id)
             FROM kaoa.zuteilung WHERE lauf_id = :lauf),
          ARRAY[ROW(:ma, :o1, 97.5, 100)::text, ROW(:mb, :o4, 60, 67.5)::text],
          'the proposals: ma gets o1 (97.5, priority 100), mb gets o4 (60, priority 67.5)');
SELECT is((SELECT array_agg(ROW(angebot_id, grenze)::text ORDER BY angebot_id) FROM kaoa.zuteilung_grenze WHERE lauf_id = :lauf),
          ARRAY[ROW(:o1, 100)::text, ROW(:o4, 67.5)::text],
          'cutoffs of the full offers: o1 100 ("you had 67.5"), o4 67.5; offers with free seats have none');
SELECT is((SELECT passung FROM kaoa.zuteilung WHERE lauf_id = :lauf AND person_id = :ma), kaoa.passung(:ma, :o1),
          'the stored passung is kaoa.passung');
SELECT is((SELECT count(*) FROM kaoa.zuteilung WHERE lauf_id = :lauf AND person_id IN (:mc, :md, :me, :mf)), 0::bigint,
          'revoked consent, a case not open, no profile, another Kommune: not in the run');

-- k = 1: everyone's single best offer; mb's best is o1 (tie broken by id), taken by ma → no place
SELECT kaoa.zuteilung_berechnen('05315', 2025, 1) AS lauf1 \gset
SELECT is((SELECT array_agg(ROW(person_id, angebot_id)::text ORDER BY person_id) FROM kaoa.zuteilung WHERE lauf_id = :lauf1),
          ARRAY[ROW(:ma, :o1)::text, ROW(:mb, NULL)::text],
          'k = 1: mb''s only candidate o1 goes to ma; mb is stored without a place');
SELECT is((SELECT ARRAY[passung, prioritaet] FROM kaoa.zuteilung WHERE lauf_id = :lauf1 AND person_id = :mb),
          ARRAY[NULL, NULL]::float8[], 'no place: passung and prioritaet NULL');
SELECT is((SELECT ARRAY[kandidaten, zugeteilt::bigint, seed] FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf1),
          ARRAY[2, 1, 0]::bigint[], 'k = 1: 2 candidate pairs, 1 assigned, seed defaults to 0');
SELECT is((SELECT array_agg(grenze) FROM kaoa.zuteilung_grenze WHERE lauf_id = :lauf1), ARRAY[100]::float8[],
          'k = 1: only o1 is full');

-- a school year without open applicants stores an empty run
SELECT kaoa.zuteilung_berechnen('05315', 2024) AS lauf0 \gset
SELECT is((SELECT ARRAY[bewerber, zugeteilt] FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf0), ARRAY[0, 0],
          'no open applicants in 2024: an empty run');

-- seats taken away: o1 with 0 seats leaves the pool, and the offers are read anew
UPDATE kaoa.angebot SET plaetze = 0 WHERE angebot_id = :o1;
SELECT kaoa.zuteilung_berechnen('05315', 2025) AS lauf2 \gset
SELECT is((SELECT array_agg(ROW(person_id, angebot_id)::text ORDER BY person_id) FROM kaoa.zuteilung WHERE lauf_id = :lauf2),
          ARRAY[ROW(:ma, :o8)::text, ROW(:mb, :o4)::text], 'without o1: ma gets o8 (81.5), mb o4');
UPDATE kaoa.angebot SET plaetze = 1 WHERE angebot_id = :o1;

-- two runs in one statement see the same offers (the index is built once per snapshot)
SELECT is((SELECT count(DISTINCT l) FROM (SELECT kaoa.zuteilung_berechnen('05315', 2025, 5, s) AS l FROM generate_series(1, 3) s) x),
          3::bigint, 'three runs in one statement: three runs');
SELECT is((SELECT count(DISTINCT (SELECT array_agg(ROW(person_id, angebot_id)::text ORDER BY person_id)
                                    FROM kaoa.zuteilung z WHERE z.lauf_id = l.lauf_id))
             FROM kaoa.zuteilung_lauf l WHERE l.k = 5),
          1::bigint, 'and the same proposals (no ties between applicants here)');

-- ---- who may run it ------------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025)$$, 'KA004',
                 'role "t_s1" may not compute assignments for Kommune 05315', 'a school may not run assignments (KA004)');
RESET ROLE;
SET LOCAL ROLE t_dko;
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025)$$, 'KA004', NULL, 'the KoKo of another Kommune may not (KA004)');
RESET ROLE;
SET LOCAL ROLE t_system;
SELECT lives_ok($$SELECT kaoa.zuteilung_berechnen('05111', 2025)$$, 'a registered system role may');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025)$$, '42501', NULL, 'a BI role may not (42501)');
RESET ROLE;
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025, 0)$$, '22023', 'k must be positive', 'k = 0: 22023');
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025, -5)$$, '22023', NULL, 'k < 0: 22023');
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05999', 2025)$$, 'P0002', 'Kommune "05999" does not exist',
                 'an unknown Kommune: P0002');
CREATE FUNCTION pg_temp.fehler(sql text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text; h text;
BEGIN
    EXECUTE sql;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN ARRAY[st, m, d, h];
END $$;
SELECT is(pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen(NULL, 2025)$$),
          ARRAY['22004', 'kommune must not be NULL', 'Argument 1 (kommune) of zuteilung_berechnen is NULL.',
                'Pass the 5-digit Kreisschlüssel of a registered Kommune.'],
          'kommune NULL: 22004 with detail and hint (no silent NULL run)');
SELECT is((pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', NULL)$$))[1:3],
          ARRAY['22004', 'schuljahr must not be NULL', 'Argument 2 (schuljahr) of zuteilung_berechnen is NULL.'],
          'schuljahr NULL: 22004');
SELECT is((pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', 2025, NULL)$$))[1:2],
          ARRAY['22004', 'k must not be NULL'], 'k NULL: 22004');
SELECT is((pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', 2025, 5, NULL)$$))[1:2],
          ARRAY['22004', 'seed must not be NULL'], 'seed NULL: 22004');
SELECT is(pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', 25)$$),
          ARRAY['22023', 'schuljahr 25 is out of range', 'Cases are kept for the school years 2000 to 2100 (kaoa.fall.schuljahr).',
                'Pass the start year of the school year, e.g. 2025 for 2025/26.'],
          'a two-digit schuljahr: 22023 with detail and hint');
SELECT is((pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', 2101)$$))[1], '22023', 'schuljahr 2101: 22023');
SELECT ok((pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05315', 2025, 0)$$))[3:4] IS NOT NULL
          AND (pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05999', 2025)$$))[3] IS NOT NULL
          AND (pg_temp.fehler($$SELECT kaoa.zuteilung_berechnen('05999', 2025)$$))[4] IS NOT NULL,
          'k = 0 and an unknown Kommune come with detail and hint');
-- a k above the number of offers searches them all (no huge allocation, no internal error); a k
-- above 1000 is refused before anything is allocated (54000)
SELECT count(*) AS laeufe_vorher FROM kaoa.zuteilung_lauf \gset
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025, 2147483647, 11)$$, '54000', 'k must be at most 1000',
                 'k = 2147483647: 54000 (each search would keep k hits per young person)');
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), :laeufe_vorher::bigint, '… and no run is stored');
SELECT kaoa.zuteilung_berechnen('05315', 2025, 1000, 11) AS lauf_kmax \gset
SELECT is((SELECT array_agg(ROW(person_id, angebot_id, passung, prioritaet)::text ORDER BY person_id)
             FROM kaoa.zuteilung WHERE lauf_id = :lauf_kmax),
          (SELECT array_agg(ROW(person_id, angebot_id, passung, prioritaet)::text ORDER BY person_id)
             FROM kaoa.zuteilung WHERE lauf_id = :lauf),
          'k = 1000: the same proposals as k = 50 (there are 8 offers)');
SELECT is((SELECT ARRAY[k::bigint, kandidaten] FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf_kmax),
          ARRAY[1000, 12]::bigint[], 'the run keeps the k asked for, with the 12 candidate pairs there are');

-- stabile_zuteilung runs its queries as the caller: row-level security decides which young people
-- a school can put in (SECURITY INVOKER); BI roles may not call it
SET LOCAL ROLE t_s1;
SELECT is((SELECT array_agg(DISTINCT bewerber ORDER BY bewerber) FROM kaoa.stabile_zuteilung(
              'SELECT p.person_id, o.angebot_id, kaoa.passung(p.person_id, o.angebot_id), kaoa.prioritaet(p.person_id, o.angebot_id)
                 FROM kaoa.bewerberprofil p CROSS JOIN kaoa.angebot o
                WHERE kaoa.passung(p.person_id, o.angebot_id) IS NOT NULL AND p.kommune = ''05315''',
              'SELECT angebot_id, plaetze FROM kaoa.angebot')),
          ARRAY[:ma, :mb]::bigint[], 'school S1: stabile_zuteilung over the profiles it may read assigns its pupils only');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT is((SELECT array_agg(ROW(bewerber, angebot)::text ORDER BY bewerber) FROM kaoa.stabile_zuteilung(
              format('SELECT person_id, angebot_id, passung, prioritaet FROM kaoa.top_angebote(%s, 50) t
                        CROSS JOIN LATERAL (SELECT %s::bigint AS person_id) p
                        CROSS JOIN LATERAL (SELECT kaoa.prioritaet(%s, t.angebot_id) AS prioritaet) q
                      UNION ALL
                      SELECT person_id, angebot_id, passung, prioritaet FROM kaoa.top_angebote(%s, 50) t
                        CROSS JOIN LATERAL (SELECT %s::bigint AS person_id) p
                        CROSS JOIN LATERAL (SELECT kaoa.prioritaet(%s, t.angebot_id) AS prioritaet) q',
                     :ma, :ma, :ma, :mb, :mb, :mb),
              'SELECT angebot_id, plaetze FROM kaoa.angebot')),
          ARRAY[ROW(:ma, :o1)::text, ROW(:mb, :o4)::text],
          'the KoKo: stabile_zuteilung over top_angebote and prioritaet gives zuteilung_berechnen''s proposals');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok($$SELECT * FROM kaoa.stabile_zuteilung('SELECT 1::bigint, 1::bigint, 1.0::float8, 1.0::float8', 'SELECT 1::bigint, 1')$$,
                 '42501', NULL, 'a BI role may not call stabile_zuteilung (42501)');
RESET ROLE;

-- ---- who reads the results -----------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT is((SELECT array_agg(DISTINCT person_id ORDER BY person_id) FROM kaoa.zuteilung), ARRAY[:ma, :mb]::bigint[],
          'school S1 reads the proposals of its pupils');
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint,
          'school S1 reads no run of its Kommune (their exact sizes are the KoKo''s; sicherheit_kleinzahlen.sql)');
SELECT ok((SELECT count(*) FROM kaoa.zuteilung_grenze WHERE lauf_id = :lauf) = 2, 'school S1 reads the cutoffs');
RESET ROLE;
SET LOCAL ROLE t_s2;
SELECT is((SELECT count(*) FROM kaoa.zuteilung), 0::bigint, 'school S2 reads no proposal (none of its pupils took part)');
RESET ROLE;
SET LOCAL ROLE t_ds;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf WHERE kommune = '05315'), 0::bigint, 'a Düsseldorf school reads no Köln run');
SELECT is((SELECT count(*) FROM kaoa.zuteilung_grenze WHERE kommune = '05315'), 0::bigint, 'nor its cutoffs');
SELECT throws_ok('DELETE FROM kaoa.zuteilung_lauf', '42501', NULL, 'a school may not delete runs (42501)');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok(format('INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id) VALUES (''05315'', %s, %s)', :lauf, :me),
                 '42501', NULL, 'proposals are written only by zuteilung_berechnen (42501)');
SELECT is(kaoa.zuteilung_lauf_loeschen(:lauf0), 1, 'the KoKo deletes an old run (kaoa.zuteilung_lauf_loeschen; no DELETE on the shared table)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf WHERE lauf_id = :lauf0), 0::bigint, 'the run is gone');
SELECT is((SELECT count(*) FROM kaoa.zuteilung WHERE lauf_id = :lauf), 2::bigint, 'other runs stay');

-- ---- the BI view: a count of 1 … min_fallzahl − 1 NULL, the others rounded to multiples of it (Köln: 3) ----
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT * FROM kaoa.zuteilung', '42501', NULL, 'BI reads no table (42501)');
SELECT results_eq(format('SELECT zugeteilt, berufsbereich, anzahl, passung_mittel FROM kaoa.v_zuteilung WHERE lauf_id = %s', :lauf),
                  $$VALUES (true, '2', NULL::integer, NULL::numeric)$$,
                  'v_zuteilung: the run''s two proposals (both Berufsbereich 2) have their row with the count NULL, never 2, and no mean');
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung WHERE anzahl % 3 <> 0 OR anzahl <= 0), 0::bigint,
          'every count shown is a positive multiple of 3 (a cell without anyone has no row)');
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung WHERE passung_mittel IS NOT NULL AND anzahl < 6), 0::bigint,
          'no mean passung where fewer than twice min_fallzahl are published');
SELECT is((SELECT count(*) FROM kaoa.v_zuteilung WHERE kommune <> '05315'), 0::bigint, 'the Köln BI role sees only Köln');
RESET ROLE;
UPDATE kaoa.kommune SET min_fallzahl = 1 WHERE kommune = '05315';
SET LOCAL ROLE t_bi;
SELECT is((SELECT array_agg(ROW(zugeteilt, berufsbereich, anzahl, passung_mittel)::text ORDER BY berufsbereich)
             FROM kaoa.v_zuteilung WHERE lauf_id = :lauf),
          ARRAY[ROW(true, '2', 2, 78.8)::text], 'with min_fallzahl 1: 2 young people in Berufsbereich 2, mean passung 78.8');
RESET ROLE;

-- ---- a large run: candidates searched in threads give exactly the sequential result -----------
SET LOCAL session_replication_role = replica;
INSERT INTO kaoa.kommune (kommune, name) VALUES ('05978', 'Kreis Unna');
INSERT INTO kaoa.organisation (kommune, typ, name, schluessel) VALUES ('05978', 'schule', 'Schule Unna', 'SU');
INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05978', 'U-' || i FROM generate_series(1, 2500) i;
INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, status, zustaendig_org, abschluss)
SELECT '05978', p.person_id, 2025, o.org_id, 'ohne_anschluss', o.org_id,
       (ARRAY['ESA', 'MSA', 'MSA_Q', 'FHR', 'ABITUR'])[1 + p.person_id % 5]::kaoa.abschluss
  FROM kaoa.person p, kaoa.organisation o WHERE p.kommune = '05978' AND o.schluessel = 'SU';
INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, lat, lon, max_km)
SELECT '05978', person_id, ARRAY[(ARRAY['26212', '71402', '25212', '62102'])[1 + person_id % 4]]::kaoa.kldb[],
       (ARRAY['R', 'C', 'RI', 'SE'])[1 + person_id % 4 / 2 + person_id % 2]::kaoa.riasec,
       51.55 + (person_id % 37) * 0.004, 7.65 + (person_id % 41) * 0.006, 20 + person_id % 40
  FROM kaoa.person WHERE kommune = '05978';
INSERT INTO kaoa.angebot (kommune, extern_id, kldb, titel, interessen, lat, lon, plaetze)
SELECT '05978', 'UA-' || i, (ARRAY['26212', '71402', '25212', '62102', '26213'])[1 + i % 5]::kaoa.kldb, 'Platz ' || i,
       (ARRAY['R', 'C', 'RI', 'SE', 'E'])[1 + i % 5]::kaoa.riasec, 51.5 + (i % 53) * 0.003, 7.6 + (i % 47) * 0.005, 1 + i % 2
  FROM generate_series(1, 1500) i;
RESET session_replication_role;
SET LOCAL kaoa.zuteilung_threads = 1;
SELECT kaoa.zuteilung_berechnen('05978', 2025, 20, 5) AS gross1 \gset
SET LOCAL kaoa.zuteilung_threads = 2;
SELECT kaoa.zuteilung_berechnen('05978', 2025, 20, 5) AS gross2 \gset
SET LOCAL kaoa.zuteilung_threads = 3;
SELECT kaoa.zuteilung_berechnen('05978', 2025, 20, 5) AS gross3 \gset
SELECT is((SELECT ARRAY[bewerber::bigint, kandidaten, zugeteilt::bigint] FROM kaoa.zuteilung_lauf WHERE lauf_id = :gross2),
          (SELECT ARRAY[bewerber::bigint, kandidaten, zugeteilt::bigint] FROM kaoa.zuteilung_lauf WHERE lauf_id = :gross1),
          'a run of 2500 applicants: with 2 threads the same sizes as with 1');
SELECT is((SELECT count(*) FROM kaoa.zuteilung a JOIN kaoa.zuteilung b USING (kommune, person_id)
            WHERE a.lauf_id = :gross1 AND b.lauf_id = :gross2
              AND (a.angebot_id, a.passung, a.prioritaet) IS NOT DISTINCT FROM (b.angebot_id, b.passung, b.prioritaet)),
          2500::bigint, 'and the same proposal for every one of them');
SELECT is((SELECT count(*) FROM kaoa.zuteilung a JOIN kaoa.zuteilung b USING (kommune, person_id)
            WHERE a.lauf_id = :gross1 AND b.lauf_id = :gross3
              AND (a.angebot_id, a.passung, a.prioritaet) IS NOT DISTINCT FROM (b.angebot_id, b.passung, b.prioritaet)),
          2500::bigint, 'with 3 threads (2 blocks of applicants) the same proposal for every one of them');
SELECT is((SELECT array_agg(ROW(angebot_id, grenze)::text ORDER BY angebot_id) FROM kaoa.zuteilung_grenze WHERE lauf_id = :gross3),
          (SELECT array_agg(ROW(angebot_id, grenze)::text ORDER BY angebot_id) FROM kaoa.zuteilung_grenze WHERE lauf_id = :gross1),
          'and the same cutoffs');
SELECT ok((SELECT zugeteilt FROM kaoa.zuteilung_lauf WHERE lauf_id = :gross2) BETWEEN 900 AND 2250,
          'a good part of them get a place (k 20 and correlated wishes limit it; 2250 seats)');
-- a cancel during a large run (threads searching) ends it cleanly: 57014, nothing stored
CREATE FUNCTION pg_temp.abgebrochen() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kaoa.zuteilung_berechnen('05978', 2025, 1000, 6);
    RETURN 'not cancelled';
EXCEPTION WHEN query_canceled THEN
    RETURN SQLSTATE;
END $$;
SELECT count(*) AS laeufe_vorher FROM kaoa.zuteilung_lauf \gset
SET LOCAL statement_timeout = '60ms';
SELECT is(pg_temp.abgebrochen(), '57014', 'statement_timeout cancels a large run (57014)');
RESET statement_timeout;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), :laeufe_vorher::bigint, 'the cancelled run stored nothing, the session goes on');
-- the streamed top-k against scoring every offer, for a sample of applicants
SELECT is((SELECT count(*) FROM (SELECT person_id FROM kaoa.bewerberprofil WHERE kommune = '05978' ORDER BY person_id LIMIT 40) p
            WHERE (SELECT array_agg(angebot_id ORDER BY passung DESC, angebot_id) FROM kaoa.top_angebote(p.person_id, 7))
                  IS DISTINCT FROM
                  (SELECT array_agg(angebot_id ORDER BY s DESC, angebot_id)
                     FROM (SELECT angebot_id, kaoa.passung(p.person_id, angebot_id) AS s FROM kaoa.angebot
                            WHERE kaoa.passung(p.person_id, angebot_id) IS NOT NULL
                            ORDER BY 2 DESC, 1 LIMIT 7) x)),
          0::bigint, 'top_angebote equals scoring every offer (40 applicants, k 7)');

SELECT * FROM finish();
ROLLBACK;
