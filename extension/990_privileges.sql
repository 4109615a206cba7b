-- Secure by default (docs/roles-and-bi.md): nothing is granted to PUBLIC.  This file runs last, so it
-- covers every object the files before it created.  Roles get access only through
-- kaoa.akteur_anlegen, kaoa.bi_zugang, kaoa.system_zugang, or an explicit GRANT by the DBA.

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA kaoa FROM PUBLIC;
REVOKE ALL ON SCHEMA kaoa FROM PUBLIC;

DO $privileges$
DECLARE
    t regtype;
BEGIN
    -- Types (base, enum, domain, range) carry a default USAGE grant to PUBLIC; take it back.
    FOR t IN
        SELECT ty.oid::regtype
          FROM pg_catalog.pg_type ty
         WHERE ty.typnamespace = 'kaoa'::regnamespace
           AND ty.typtype IN ('b', 'e', 'd', 'r', 'm')
           AND ty.typelem = 0      -- not the implicit array types (they follow their element)
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON TYPE %s FROM PUBLIC', t);
    END LOOP;
END
$privileges$;
