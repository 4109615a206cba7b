-- The chain's nightly jobs through pg_cron (optional; looked for at call time, not required by the
-- control file): kaoa_fristen runs kaoa.fristen_pruefen(), kaoa_loeschfristen runs
-- kaoa.loeschfristen_anwenden(), daily, as a system role.  For a superuser or the owner of kaoa:
-- EXECUTE is granted to nobody (kaoa.akteur_anlegen and kaoa.system_zugang leave these two out of
-- the EXECUTE they grant on kaoa's functions), and the functions check the caller too (42501).

CREATE FUNCTION kaoa.zeitplan_einrichten(rolle name, uhrzeit time DEFAULT '02:00') RETURNS SETOF bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE ROWS 2
    AS 'MODULE_PATHNAME', 'kaoa_zeitplan_einrichten';
COMMENT ON FUNCTION kaoa.zeitplan_einrichten(name, time) IS
    'Registers (or brings up to date) the pg_cron jobs kaoa_fristen (kaoa.fristen_pruefen) and kaoa_loeschfristen (kaoa.loeschfristen_anwenden) of this database, daily at uhrzeit in pg_cron''s time zone (GMT unless cron.timezone says otherwise), run as rolle (a role registered with kaoa.system_zugang, or the owner); idempotent; returns the two job ids. Superuser or owner of kaoa; 0A000 without pg_cron.';

CREATE FUNCTION kaoa.zeitplan_entfernen() RETURNS SETOF bigint
    LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 2
    AS 'MODULE_PATHNAME', 'kaoa_zeitplan_entfernen';
COMMENT ON FUNCTION kaoa.zeitplan_entfernen() IS
    'Removes the pg_cron jobs kaoa_fristen and kaoa_loeschfristen of this database; returns the ids removed. Superuser or owner of kaoa; 0A000 without pg_cron.';
