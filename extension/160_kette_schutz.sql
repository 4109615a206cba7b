-- DROP EXTENSION kaoa refuses while case data exists (docs/operations.md): the case log is legal evidence.
-- A superuser allows it with SET kaoa.daten_loeschen_erlaubt = on.

CREATE FUNCTION kaoa.drop_schutz() RETURNS event_trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_drop_schutz';
COMMENT ON FUNCTION kaoa.drop_schutz() IS
    'Event trigger: refuses DROP EXTENSION kaoa, DROP SCHEMA kaoa and DROP OWNED BY the owner while persons, cases or events exist, unless kaoa.daten_loeschen_erlaubt is on.';

CREATE EVENT TRIGGER kaoa_drop_schutz ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION kaoa.drop_schutz();
-- ALWAYS: the guard holds under session_replication_role = replica too (the restore recipe sets it,
-- and pg_restore --clean would otherwise drop the evidence silently).
ALTER EVENT TRIGGER kaoa_drop_schutz ENABLE ALWAYS;

-- The floor of kaoa.kommune.min_fallzahl (docs/roles-and-bi.md): the BI views round every count to
-- a multiple of it, so only the DBA (a superuser or the extension's owner) sets less than 3.
CREATE FUNCTION kaoa.kommune_schuetzen() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kommune_schuetzen';
COMMENT ON FUNCTION kaoa.kommune_schuetzen() IS
    'BEFORE INSERT OR UPDATE on kaoa.kommune: a min_fallzahl below 3 is set only by a superuser or the extension''s owner (42501 for anyone else); keeping or raising a value is always allowed.';
CREATE TRIGGER kommune_schuetzen BEFORE INSERT OR UPDATE ON kaoa.kommune
    FOR EACH ROW EXECUTE FUNCTION kaoa.kommune_schuetzen();
