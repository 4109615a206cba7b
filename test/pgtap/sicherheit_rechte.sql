-- pgTAP, security class 5 (rights): a role executes exactly the functions its kaoa.rolle_recht rows
-- name — internal helpers (the body of v_sbo), the administration functions and other types'
-- functions are refused with 42501 and change nothing; every function of kaoa is either named by a
-- row or deliberately granted to no one (so a function a later release adds cannot slip through);
-- kaoa.rechte_erneuern brings new functions to roles registered before; kaoa.zuteilung_threads is
-- for superusers; the matching searches refuse a k above 1000 with 54000 before allocating.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(36);

SELECT pg_temp.fall('SR-a', :s1, 'ohne_anschluss') AS fa, pg_temp.fall('SR-b', :s1, 'angetreten', 2023) AS fb \gset
SELECT count(*) AS identitaeten FROM kaoa.person_identitaet \gset
SELECT count(*) AS ereignisse FROM kaoa.ereignis \gset

-- The functions a registered role may execute, from the rows for its kinds (a row the DBA added
-- replaces the shipped row for the same kind and object).
CREATE FUNCTION pg_temp.soll(arten text[]) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(DISTINCT r.f::text ORDER BY r.f::text), '{}')
      FROM (SELECT DISTINCT ON (q.fuer, q.objekt) q.rechte,
                   CASE WHEN q.objekt LIKE '%(%' THEN to_regprocedure(q.objekt) END AS f
              FROM kaoa.rolle_recht q
             WHERE q.fuer = ANY (arten) ORDER BY q.fuer, q.objekt, q.mitgeliefert) r
     WHERE r.rechte = 'EXECUTE' AND r.f IS NOT NULL $$;
CREATE FUNCTION pg_temp.ist(rolle text) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text), '{}')
      FROM pg_proc p
     WHERE p.pronamespace = 'kaoa'::regnamespace AND has_function_privilege(rolle, p.oid, 'EXECUTE') $$;

-- ---- each kind executes exactly its rows ------------------------------------------------------------------------------
SELECT is(pg_temp.ist('t_s1'), pg_temp.soll('{akteur,schule}'), 'a school executes exactly the functions of its rows');
SELECT is(pg_temp.ist('t_aa'), pg_temp.soll('{akteur,agentur}'), 'an Agentur: exactly its rows');
SELECT is(pg_temp.ist('t_ko'), pg_temp.soll('{akteur,koko}'), 'a KoKo: exactly its rows');
SELECT is(pg_temp.ist('t_jba'), pg_temp.soll('{akteur,jba}'), 'a JBA: exactly its rows');
SELECT is(pg_temp.ist('t_tr'), pg_temp.soll('{akteur,traeger}'), 'a Träger: exactly its rows');
SELECT is(pg_temp.ist('t_system'), pg_temp.soll('{system}'), 'a system role: exactly its rows');
SELECT is(pg_temp.ist('t_bi'), pg_temp.soll('{bi}'), 'a BI role: exactly its rows');
SELECT ok(NOT 'kaoa.bi_sbo()' = ANY (pg_temp.ist('t_s1')) AND NOT 'kaoa.bi_sbo()' = ANY (pg_temp.ist('t_aa')),
          'the body of v_sbo is not granted to schools or the Agentur');

-- every function is either named by a row or deliberately granted to no one: the administration
-- functions, the internal helpers that only the owner-run view bodies call (listed here: a new one
-- must be added on purpose), trigger functions and the support functions of the types
-- (input/output, hashing, planner support), which PostgreSQL calls without a privilege check
SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every function of kaoa is named by a kaoa.rolle_recht row, or is an administration, trigger or type support function')
  FROM pg_proc p
 WHERE p.pronamespace = 'kaoa'::regnamespace
   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
   AND p.proname NOT IN ('akteur_anlegen', 'system_zugang', 'bi_zugang', 'rechte_erneuern', 'zeitplan_einrichten',
                         'zeitplan_entfernen', 'bi_faelle', 'bi_runden', 'bi_zeigen')
   AND p.proname !~ '_(in|out|recv|send|hash|hash_extended|support|sel)$'
   AND NOT EXISTS (SELECT 1 FROM kaoa.rolle_recht r
                    WHERE CASE WHEN r.objekt LIKE '%(%' THEN to_regprocedure(r.objekt) END = p.oid AND r.rechte = 'EXECUTE');
SELECT is(array_agg(DISTINCT a.rolle::text ORDER BY a.rolle::text), NULL,
          'no registered role executes an administration function')
  FROM kaoa.akteur a, unnest(ARRAY['kaoa.akteur_anlegen(name, bigint)', 'kaoa.system_zugang(name)',
                                   'kaoa.bi_zugang(name, text)', 'kaoa.rechte_erneuern()',
                                   'kaoa.zeitplan_einrichten(name, time)', 'kaoa.zeitplan_entfernen()']) f
 WHERE has_function_privilege(a.rolle, f, 'EXECUTE');

-- ---- refused as the role, nothing changed -----------------------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok('SELECT * FROM kaoa.bi_sbo()', '42501', 'permission denied for function bi_sbo',
                 'a school cannot call the body of v_sbo (42501)');
SELECT throws_ok('SELECT * FROM kaoa.v_sbo', '42501', NULL, 'nor read the view');
SELECT throws_ok('SELECT kaoa.loeschfristen_anwenden()', 'KA004', NULL,
                 'an API function that checks its caller itself refuses a school with its reason: the deletion (KA004)');
SELECT throws_ok($$SELECT * FROM kaoa.kette_pruefen('05315', 2025)$$, 'KA004', NULL, '… the KoKo''s chain check (KA004)');
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025)$$, 'KA004', NULL, '… an assignment run (KA004)');
SELECT throws_ok('SELECT kaoa.rechte_erneuern()', '42501', NULL, 'nor re-grant the rights of every role');
SELECT throws_ok($$SELECT kaoa.akteur_anlegen('t_s2', 1)$$, '42501', NULL, 'nor register a role');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.person_identitaet), :identitaeten::bigint, 'no identity was deleted');
SELECT is((SELECT count(*) FROM kaoa.ereignis), :ereignisse::bigint, 'nothing was logged');
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint, 'no run was stored');
SELECT is((SELECT org_id FROM kaoa.akteur WHERE rolle = 't_s2'), :s2::bigint, 't_s2 still acts for its school');
SET LOCAL ROLE t_aa;
SELECT throws_ok('SELECT * FROM kaoa.bi_sbo()', '42501', NULL, 'an Agentur cannot call the body of v_sbo either (42501)');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok('SELECT kaoa.passung(1, 1)', '42501', NULL, 'a BI role calls no scoring function');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT lives_ok('SELECT * FROM kaoa.v_sbo', 'the KoKo reads v_sbo (and so may execute its body)');
RESET ROLE;

-- ---- a function a later release adds reaches roles registered before, through the table -------------------------------
CREATE FUNCTION kaoa.t_neu() RETURNS integer LANGUAGE sql STABLE AS 'SELECT 42';
REVOKE ALL ON FUNCTION kaoa.t_neu() FROM PUBLIC;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte) VALUES ('agentur', 'kaoa.t_neu()', 'EXECUTE');
SELECT ok(NOT has_function_privilege('t_aa', 'kaoa.t_neu()', 'EXECUTE'), 'a new function: not yet granted');
SELECT cmp_ok(kaoa.rechte_erneuern(), '>=', 16, 'kaoa.rechte_erneuern() renews every registered role');
SELECT ok(has_function_privilege('t_aa', 'kaoa.t_neu()', 'EXECUTE') AND NOT has_function_privilege('t_s1', 'kaoa.t_neu()', 'EXECUTE')
          AND NOT has_function_privilege('t_bi', 'kaoa.t_neu()', 'EXECUTE'),
          '… the Agentur (its row) may call it now, the school and BI may not');
SELECT is(pg_temp.ist('t_s1'), pg_temp.soll('{akteur,schule}'), '… and the school still has exactly its rows');

-- ---- kaoa.zuteilung_threads: superusers only ------------------------------------------------------------------------------
SELECT kaoa.akteur_aktuell() IS NOT NULL AS geladen \gset
SET LOCAL ROLE t_ko;
SELECT throws_ok('SET kaoa.zuteilung_threads = 64', '42501', 'permission denied to set parameter "kaoa.zuteilung_threads"',
                 'a KoKo cannot start 64 threads in its backend (42501)');
SELECT is(current_setting('kaoa.zuteilung_threads'), '2', '… the setting is unchanged');
RESET ROLE;
SET LOCAL kaoa.zuteilung_threads = 4;
SELECT is(current_setting('kaoa.zuteilung_threads'), '4', 'the superuser sets it');
RESET kaoa.zuteilung_threads;

-- ---- k: at most 1000 (54000), checked before anything is allocated ----------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok(format('SELECT * FROM kaoa.top_angebote(%s, 100000)', pg_temp.person_von(:fa)), '54000', 'k must be at most 1000',
                 'top_angebote: k = 100,000 is refused (54000)');
SELECT throws_ok('SELECT * FROM kaoa.top_bewerber(1, 2147483647)', '54000', 'k must be at most 1000',
                 'top_bewerber: k = 2^31 - 1 is refused (54000)');
SELECT lives_ok(format('SELECT * FROM kaoa.top_angebote(%s, 1000)', pg_temp.person_von(:fa)), 'k = 1000 is accepted');
RESET ROLE;
SET LOCAL ROLE t_ko;
SELECT throws_ok($$SELECT kaoa.zuteilung_berechnen('05315', 2025, 100000)$$, '54000', 'k must be at most 1000',
                 'zuteilung_berechnen: k = 100,000 (6.5 GB of hits before) is refused (54000)');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.zuteilung_lauf), 0::bigint, '… and no run was stored');

SELECT * FROM finish();
ROLLBACK;
