-- DROP EXTENSION removes everything kaoa created, and nothing of the user's.
SET kaoa.daten_loeschen_erlaubt = on;
DROP EXTENSION kaoa;
-- Nothing of kaoa is left: no object in schema kaoa, no object depending on the extension.  The
-- schema itself was created by PostgreSQL's CREATE EXTENSION (the control file names it) and is
-- not an extension member (PostgreSQL refuses that: the loop would break pg_dump), so it stays,
-- empty, until the DBA drops it.
SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'kaoa'::regnamespace)
     + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'kaoa'::regnamespace)
     + (SELECT count(*) FROM pg_type WHERE typnamespace = 'kaoa'::regnamespace)
     + (SELECT count(*) FROM pg_operator WHERE oprnamespace = 'kaoa'::regnamespace)
     + (SELECT count(*) FROM pg_opfamily WHERE opfnamespace = 'kaoa'::regnamespace)
     + (SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'kaoa%')
     AS objects_left_in_kaoa;
DROP SCHEMA kaoa;
SELECT count(*) AS kaoa_schemas FROM pg_namespace WHERE nspname = 'kaoa';
SELECT count(*) AS kaoa_types FROM pg_type WHERE typname IN ('abschluss', 'kldb', 'riasec', 'kompetenzen') AND typnamespace <> 'app'::regnamespace;
SELECT fall_id, notiz FROM public.fall;
DROP SCHEMA app CASCADE;
DROP TABLE public.fall, public.anschluss_kategorie;
DROP TYPE public.org_typ;
DROP FUNCTION public.pg_extension_config_dump(regclass, text);
