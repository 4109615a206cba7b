-- pgTAP: catalogue-wide rules every object of kaoa must keep (issue #2, DESIGN.md §3 and §6).
-- These checks cover objects added later too, so a new function without a COMMENT, or a grant to
-- PUBLIC, fails here.
BEGIN;
CREATE EXTENSION kaoa;
SELECT plan(9);

SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every function in schema kaoa has a COMMENT')
  FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL;

SELECT is(array_agg(t.oid::regtype::text ORDER BY 1), NULL, 'every type in schema kaoa has a COMMENT')
  FROM pg_type t
 WHERE t.typnamespace = 'kaoa'::regnamespace AND t.typelem = 0 AND t.typtype IN ('b', 'e', 'd', 'r')
   AND obj_description(t.oid, 'pg_type') IS NULL;

SELECT is(array_agg(c.oid::regclass::text ORDER BY 1), NULL, 'every table and view in schema kaoa has a COMMENT')
  FROM pg_class c
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
   AND obj_description(c.oid, 'pg_class') IS NULL;

SELECT is(array_agg(o.oid::regoperator::text ORDER BY 1), NULL, 'every operator in schema kaoa has a COMMENT')
  FROM pg_operator o WHERE o.oprnamespace = 'kaoa'::regnamespace AND obj_description(o.oid, 'pg_operator') IS NULL;

SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL, 'no function in schema kaoa is executable by PUBLIC')
  FROM pg_proc p WHERE p.pronamespace = 'kaoa'::regnamespace AND has_function_privilege('public', p.oid, 'EXECUTE');

SELECT is(array_agg(c.oid::regclass::text ORDER BY 1), NULL, 'no table, view or sequence in schema kaoa is readable by PUBLIC')
  FROM pg_class c
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'S')
   AND has_table_privilege('public', c.oid, 'SELECT');

SELECT is(array_agg(t.oid::regtype::text ORDER BY 1), NULL, 'no type in schema kaoa is usable by PUBLIC')
  FROM pg_type t
 WHERE t.typnamespace = 'kaoa'::regnamespace AND t.typelem = 0 AND t.typtype IN ('b', 'e', 'd', 'r')
   AND has_type_privilege('public', t.oid, 'USAGE');

SELECT is(array_agg(p.oid::regprocedure::text ORDER BY 1), NULL,
          'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp')
  FROM pg_proc p
 WHERE p.pronamespace = 'kaoa'::regnamespace AND p.prosecdef
   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false);

SELECT ok(NOT has_schema_privilege('public', 'kaoa', 'USAGE'), 'PUBLIC has no USAGE on schema kaoa');

SELECT * FROM finish();
ROLLBACK;
