-- pgTAP: catalogue-wide rules every object of kaoa must keep (docs/types.md, docs/roles-and-bi.md).
-- These checks cover objects added later too, so a new function without a COMMENT, or a grant to
-- PUBLIC, fails here.
BEGIN;
CREATE EXTENSION kaoa;
SELECT plan(10);

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

-- kaoa has no SECURITY DEFINER function today, so this guard has nothing to find; the negative
-- control at the end shows that it does find a bad one.
CREATE FUNCTION pg_temp.definer_ohne_suchpfad() RETURNS text[] LANGUAGE sql AS $$
    SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
      FROM pg_proc p
     WHERE p.pronamespace = 'kaoa'::regnamespace AND p.prosecdef
       AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
$$;
SELECT is(pg_temp.definer_ohne_suchpfad(), NULL,
          'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');

SELECT ok(NOT has_schema_privilege('public', 'kaoa', 'USAGE'), 'PUBLIC has no USAGE on schema kaoa');

-- negative control of the SECURITY DEFINER guard: three bad functions and a good one, added here
-- (rolled back with the rest)
CREATE FUNCTION kaoa.zz_definer_ohne() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
CREATE FUNCTION kaoa.zz_definer_public() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = public AS 'SELECT 1';
CREATE FUNCTION kaoa.zz_definer_verkehrt() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_temp, pg_catalog AS 'SELECT 1';
CREATE FUNCTION kaoa.zz_definer_gut() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'SELECT 1';
SELECT is(pg_temp.definer_ohne_suchpfad(),
          ARRAY['kaoa.zz_definer_ohne()', 'kaoa.zz_definer_public()', 'kaoa.zz_definer_verkehrt()'],
          'negative control: the guard names SECURITY DEFINER functions without, with another or with a reordered search_path, and only those');

SELECT * FROM finish();
ROLLBACK;
