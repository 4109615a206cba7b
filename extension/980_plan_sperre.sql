-- No EXPLAIN for the roles of organisations and BI (docs/roles-and-bi.md#plans; src/base/plan_sperre.c).
-- The module refuses every EXPLAIN of a role that reads kaoa under row-level security; so that it is
-- loaded before such a plan is started even in a session that has not called kaoa yet, every function a
-- policy of kaoa calls gets the planner support function kaoa.sicht_support, which the planner calls
-- while it plans the policy's condition.  This file runs after every file that creates a policy, and
-- finds the functions in the catalogue, so a policy added later is covered without a list to keep.

CREATE FUNCTION kaoa.sicht_support(internal) RETURNS internal
    LANGUAGE C STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_sicht_support';
COMMENT ON FUNCTION kaoa.sicht_support(internal) IS
    'Planner support function of every function a row-level security policy of kaoa calls. It simplifies nothing; the planner calling it loads kaoa''s module, and with it the refusal of EXPLAIN for roles under row-level security, before a plan is started.';

DO $sicht$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT DISTINCT d.refobjid::pg_catalog.regprocedure
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) d.refobjid
         WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_policy'::pg_catalog.regclass
           AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND p.pronamespace OPERATOR(pg_catalog.=) 'kaoa'::pg_catalog.regnamespace
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SUPPORT kaoa.sicht_support', f);
    END LOOP;
END
$sicht$;

-- The statistics counters count what a scan fetched before a policy removed it: after
-- SELECT count(*) FROM kaoa.fall WHERE kommune = '<another Kommune>' (an index scan),
-- pg_stat_xact_user_tables.idx_tup_fetch is that Kommune's number of cases, as EXPLAIN ANALYZE was.
-- In a database with kaoa the per-table, per-function and per-database counters of rows, blocks and
-- scans are for the superuser and pg_read_all_stats (pg_monitor) only; the views over them
-- (pg_stat_user_tables, pg_statio_*, pg_stat_database, …) then fail with 42501 for other roles.
-- Statistics are per database: other databases of the server keep PostgreSQL's defaults.
DO $zaehler$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::pg_catalog.regprocedure
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace
           AND p.proname OPERATOR(pg_catalog.~) '^pg_stat_get_(xact_)?(db_)?(numscans|tuples_|blocks_|live_tuples|dead_tuples|mod_since_analyze|ins_since_vacuum|function_)'
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO pg_read_all_stats', f);
    END LOOP;
END
$zaehler$;
