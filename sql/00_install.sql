-- CREATE EXTENSION in a database that already has other schemas, user objects named like ours in
-- public, and a search_path that puts public first (issue #2).  Everything kaoa creates lands in
-- schema kaoa and nothing of the user's is touched.
CREATE SCHEMA app;
CREATE TABLE public.fall (fall_id int PRIMARY KEY, notiz text);
INSERT INTO public.fall VALUES (1, 'user data');
CREATE TABLE public.anschluss_kategorie (code text);
CREATE TYPE public.org_typ AS ENUM ('fremd');
CREATE TYPE app.abschluss AS (x int);
-- a function in public that an unqualified call in the install script would pick up
CREATE FUNCTION public.pg_extension_config_dump(regclass, text) RETURNS void
    LANGUAGE sql AS $$ SELECT 1/0 $$;
SET search_path = public, app;

CREATE EXTENSION kaoa;

SELECT e.extname, e.extversion, n.nspname AS schema, e.extrelocatable
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname = 'kaoa';
SELECT fall_id, notiz FROM public.fall;
SELECT count(*) AS user_rows_in_public_anschluss_kategorie FROM public.anschluss_kategorie;
SELECT enum_range(NULL::public.org_typ);
SELECT 'MSA'::kaoa.abschluss, kaoa.abschluss_rang('FHR');
-- nothing of kaoa is executable or usable by PUBLIC
SELECT count(*) AS functions_public_can_execute
  FROM pg_proc p
 WHERE p.pronamespace = 'kaoa'::regnamespace
   AND has_function_privilege('public', p.oid, 'EXECUTE');
SELECT has_schema_privilege('public', 'kaoa', 'USAGE') AS public_schema_usage;
RESET search_path;
