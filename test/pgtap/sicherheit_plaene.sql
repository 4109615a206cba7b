-- pgTAP, security suite: plans (docs/roles-and-bi.md#plans).  Under row-level security a role's
-- leakproof conditions become index conditions, so EXPLAIN ANALYZE counted the rows of another
-- Kommune that the policy then removed ("Rows Removed by Filter"), and plain EXPLAIN estimated from
-- the statistics of every Kommune.  Every EXPLAIN of a role that reads kaoa under row-level security
-- is refused (42501) — each kind of organisation, BI, an unregistered role with rights on kaoa — in
-- every form (ANALYZE or not, of a prepared statement, from PL/pgSQL, of CREATE TABLE AS), and
-- changes nothing; the system and roles without rights on kaoa keep EXPLAIN; every function a
-- policy calls has the planner support function that loads the module at plan time; registered
-- roles load the module at login (session_preload_libraries, merged with the DBA's libraries).
-- The sessions that log in (a registered login role's first statement; SET ROLE from an unregistered
-- login role before kaoa was loaded) are in test/scripts/sicherheit_plaene.sh.
BEGIN;
CREATE EXTENSION kaoa;
SET LOCAL search_path = public, kaoa;
\ir kette_fixture.psql
SELECT plan(46);

-- Düsseldorf's school has cases, identities, hand-offs and contact attempts; Köln's school asks about them.
SELECT max(pg_temp.fall('PL-d' || i, :ds, 'ohne_anschluss')) AS fd FROM generate_series(1, 4) i \gset
SELECT pg_temp.person_von(:fd) AS pd \gset
SELECT kaoa.uebergeben(:fd, :daa, 'schuldueg_1_1') AS ud \gset
SELECT count(*) AS faelle FROM kaoa.fall \gset
CREATE ROLE t_ohne;    -- a role of another application in the same database: no right on kaoa

-- pg_temp.erklaert(sql): the EXPLAIN output of sql as one text (run as the current role)
CREATE FUNCTION pg_temp.erklaert(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    t text := '';
BEGIN
    FOR r IN EXECUTE sql LOOP
        t := t || r || E'\n';
    END LOOP;
    RETURN t;
END $$;

-- ---- the findings, as Köln's school about Düsseldorf ---------------------------------------------------------------
SET LOCAL ROLE t_s1;
SELECT throws_ok($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111'$$,
                 '42501', 'EXPLAIN is not available to role "t_s1"',
                 'a school: EXPLAIN ANALYZE of another Kommune''s cases is refused (was: Rows Removed by Filter = their count)');
SELECT throws_ok(format($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111' AND zustaendig_org = %s$$, :ds),
                 '42501', NULL, '… of the cases one school of it holds');
SELECT throws_ok(format($$EXPLAIN ANALYZE SELECT 1 FROM kaoa.uebergabe WHERE kommune = '05111' AND fall_id = %s
                            AND uebernommen_am IS NULL AND abgelehnt_am IS NULL AND zurueckgezogen_am IS NULL$$, :fd),
                 '42501', NULL, '… whether a case of it has an open hand-off');
SELECT throws_ok(format($$EXPLAIN ANALYZE SELECT 1 FROM kaoa.kontaktversuch WHERE kommune = '05111' AND fall_id = %s$$, :fd),
                 '42501', NULL, '… how many contact attempts a case of it has');
SELECT throws_ok(format($$EXPLAIN ANALYZE SELECT 1 FROM kaoa.person_identitaet WHERE kommune = '05111' AND person_id = %s$$, :pd),
                 '42501', NULL, '… whether an identity of it is still held');
SELECT throws_ok($$EXPLAIN SELECT * FROM kaoa.person_identitaet WHERE nachname = 'Nachname PL-d1'$$,
                 '42501', NULL, 'plain EXPLAIN (estimates from every Kommune''s statistics) is refused too');
SELECT throws_ok($$EXPLAIN SELECT 1$$, '42501', NULL, '… whatever the statement');
PREPARE pl_frage AS SELECT 1 FROM kaoa.fall WHERE kommune = '05111';
SELECT throws_ok($$EXPLAIN ANALYZE EXECUTE pl_frage$$, '42501', NULL, '… of a prepared statement');
SELECT throws_ok($$SELECT pg_temp.erklaert('EXPLAIN ANALYZE SELECT 1 FROM kaoa.fall WHERE kommune = ''05111''')$$,
                 '42501', NULL, '… from PL/pgSQL');
SELECT throws_ok($$EXPLAIN ANALYZE CREATE TEMP TABLE pl_kopie AS SELECT fall_id FROM kaoa.fall WHERE kommune = '05111'$$,
                 '42501', NULL, '… of CREATE TABLE AS, which would also run it');
SELECT is(to_regclass('pg_temp.pl_kopie'), NULL, '… and the refused CREATE TABLE AS created nothing');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.fall), :faelle::bigint, 'the refusals changed nothing');
-- negative control: the same statement as the system is explained, and shows the other Kommune's index condition
SET LOCAL ROLE t_system;
SELECT alike(pg_temp.erklaert($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM kaoa.fall WHERE kommune = '05111'$$),
            '%05111%', 'negative control: a system role gets the plan of the same statement');
RESET ROLE;

-- ---- every kind of role that reads kaoa under row-level security -----------------------------------------------------
CREATE FUNCTION pg_temp.verweigert(rolle text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', rolle);
    PERFORM pg_temp.erklaert('EXPLAIN (ANALYZE) SELECT 1 FROM kaoa.fall WHERE kommune = ''05111''');
    RESET ROLE;
    RETURN 'erklaert';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT is(pg_temp.verweigert('t_bk'), '42501', 'a Berufskolleg: refused');
SELECT is(pg_temp.verweigert('t_aa'), '42501', 'an Agentur: refused');
SELECT is(pg_temp.verweigert('t_jc'), '42501', 'a Jobcenter: refused');
SELECT is(pg_temp.verweigert('t_ja'), '42501', 'a Jugendamt: refused');
SELECT is(pg_temp.verweigert('t_jba'), '42501', 'a JBA: refused');
SELECT is(pg_temp.verweigert('t_ko'), '42501', 'a KoKo: refused');
SELECT is(pg_temp.verweigert('t_ka'), '42501', 'a Kammer: refused');
SELECT is(pg_temp.verweigert('t_tr'), '42501', 'a Träger: refused');
SELECT is(pg_temp.verweigert('t_be'), '42501', 'a Betrieb: refused');
SELECT is(pg_temp.verweigert('t_bi'), '42501', 'a BI role: refused');
SELECT is(pg_temp.verweigert('t_fremd'), '42501', 'an unregistered role with rights on kaoa.fall: refused');
SET LOCAL ROLE t_system;
SELECT alike(pg_temp.erklaert('EXPLAIN SELECT 1'), '%Result%', 'a system role explains');
RESET ROLE;
SET LOCAL ROLE t_ohne;
SELECT alike(pg_temp.erklaert('EXPLAIN SELECT 1'), '%Result%', 'a role with no right on kaoa (another application) explains');
RESET ROLE;
SELECT alike(pg_temp.erklaert('EXPLAIN SELECT 1 FROM kaoa.fall'), '%fall%', 'the superuser explains');

-- ---- the module is loaded before a plan can be started ----------------------------------------------------------------
SELECT is((SELECT count(*) FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid
            WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
              AND p.pronamespace = 'kaoa'::regnamespace AND p.prosupport <> 'kaoa.sicht_support'::regproc),
          0::bigint, 'every function a policy of kaoa calls has the planner support function kaoa.sicht_support');
SELECT cmp_ok((SELECT count(DISTINCT d.refobjid) FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid
                WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
                  AND p.pronamespace = 'kaoa'::regnamespace)::integer, '>=', 12,
              '… (the policies call at least 12 functions, kaoa.fall_sichtbar among them)');

-- ---- registered roles load the module at login ------------------------------------------------------------------------
CREATE FUNCTION pg_temp.vorladen(rolle text) RETURNS text LANGUAGE sql AS $$
    SELECT substr(c, strpos(c, '=') + 1)
      FROM pg_db_role_setting s, unnest(s.setconfig) c
     WHERE s.setrole = rolle::regrole AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND c LIKE 'session_preload_libraries=%' $$;
SELECT is(pg_temp.vorladen('t_s1'), 'kaoa', 'an organisation''s role: session_preload_libraries = kaoa in this database');
SELECT is(pg_temp.vorladen('t_bi'), 'kaoa', 'a BI role: the same');
SELECT is(pg_temp.vorladen('t_system'), NULL, 'a system role: not set (it may see plans)');
CREATE ROLE t_spaeter;
ALTER ROLE t_spaeter SET session_preload_libraries = 'auto_explain';
SELECT kaoa.akteur_anlegen('t_spaeter', :s2) AS angelegt \gset
SELECT is(pg_temp.vorladen('t_spaeter'), 'auto_explain, kaoa', 'a role with the DBA''s libraries keeps them, with kaoa added');
SELECT kaoa.rechte_erneuern() AS erneuert \gset
SELECT is(pg_temp.vorladen('t_spaeter'), 'auto_explain, kaoa', '… also after kaoa.rechte_erneuern (nothing doubled)');

-- ---- the statistics counters: the same count as EXPLAIN ANALYZE, without a plan -----------------------------------------
-- negative control first: the counters of this transaction count what the school's index scan fetched
-- before the policy removed it (the superuser reads them; the school's query returns 0 rows)
SELECT count(*) AS faelle_d FROM kaoa.fall WHERE kommune = '05111' \gset
SELECT pg_stat_get_xact_tuples_fetched('kaoa.fall'::regclass) AS vorher \gset
SET LOCAL enable_seqscan = off;
SET LOCAL ROLE t_s1;
SELECT is((SELECT count(*) FROM kaoa.fall WHERE kommune = '05111'), 0::bigint, 'the school sees none of Düsseldorf''s cases …');
RESET ROLE;
SELECT is(pg_stat_get_xact_tuples_fetched('kaoa.fall'::regclass) - :vorher, :faelle_d::bigint,
          '… but its index scan fetched them all: the counter would tell their number (negative control, as the superuser)');
RESET enable_seqscan;
SET LOCAL ROLE t_s1;
SELECT throws_ok($$SELECT idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relname = 'fall'$$, '42501', NULL,
                 'a school: pg_stat_xact_user_tables is refused (was: idx_tup_fetch = the other Kommune''s cases)');
SELECT throws_ok($$SELECT pg_stat_get_xact_tuples_fetched('kaoa.fall'::regclass)$$, '42501', NULL, '… and the counter function itself');
SELECT throws_ok($$SELECT seq_tup_read, idx_tup_fetch, n_live_tup FROM pg_stat_user_tables WHERE relname = 'fall'$$, '42501', NULL,
                 '… and the counters since the last reset (pg_stat_user_tables)');
SELECT throws_ok($$SELECT tup_fetched FROM pg_stat_database WHERE datname = current_database()$$, '42501', NULL,
                 '… and the database''s (pg_stat_database)');
SELECT throws_ok($$SELECT heap_blks_hit FROM pg_statio_user_tables WHERE relname = 'fall'$$, '42501', NULL,
                 '… and the block counters (pg_statio_user_tables)');
RESET ROLE;
SET LOCAL ROLE t_bi;
SELECT throws_ok($$SELECT pg_stat_get_tuples_fetched('kaoa.fall'::regclass)$$, '42501', NULL, 'a BI role: refused too');
RESET ROLE;
SELECT is((SELECT count(*) FROM kaoa.fall), :faelle::bigint, 'the refusals changed nothing');
SELECT is((SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a
            WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_stat_get_(xact_)?(db_)?(numscans|tuples_|blocks_|live_tuples|dead_tuples|function_)'
              AND a.grantee = 0), 0::bigint,
          'no counter of rows, blocks, scans or function calls is executable by PUBLIC in a database with kaoa');
CREATE ROLE t_monitor IN ROLE pg_read_all_stats;
SET LOCAL ROLE t_monitor;
SELECT ok((SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'fall') = 1,
          'monitoring (a member of pg_read_all_stats) still reads pg_stat_user_tables');
RESET ROLE;
SET LOCAL ROLE t_s1;
CREATE FUNCTION pg_temp.sql_erklaert() RETURNS integer LANGUAGE sql AS
    $$ EXPLAIN ANALYZE SELECT 1 FROM kaoa.fall WHERE kommune = '05111'; SELECT 1 $$;
SELECT throws_ok($$SELECT pg_temp.sql_erklaert()$$, '42501', NULL, 'a school: EXPLAIN inside an SQL function of its own is refused');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
