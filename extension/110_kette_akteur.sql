-- Who is acting (docs/roles-and-bi.md): actor resolution, the visibility predicates row-level security uses,
-- and the registration of roles.  All C, SECURITY INVOKER; the look-ups inside run with the
-- extension owner's privileges (see src/base/akteur.h).

CREATE FUNCTION kaoa.akteur_org() RETURNS bigint
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_akteur_org';
COMMENT ON FUNCTION kaoa.akteur_org() IS
    'The organisation the current role acts for (kaoa.akteur, matched exactly against the role SET ROLE selected); NULL for the system and unknown roles.';

CREATE FUNCTION kaoa.akteur_aktuell(OUT rolle name, OUT art text, OUT kommune text, OUT org_id bigint,
                                    OUT org_typ kaoa.org_typ)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_akteur_aktuell';
COMMENT ON FUNCTION kaoa.akteur_aktuell() IS
    'Who the rules take the current role for: art organisation (with kommune, org_id, org_typ), system, bi (with kommune) or keiner.';

ALTER TABLE kaoa.kontaktversuch ALTER COLUMN org_id SET DEFAULT kaoa.akteur_org();

CREATE FUNCTION kaoa.fall_sichtbar(kommune text, fall_id bigint, schule_org bigint, zustaendig_org bigint)
    RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_fall_sichtbar_zeile';
COMMENT ON FUNCTION kaoa.fall_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.fall: the system; the KoKo of the Kommune; the holder; the school; organisations that held the case or were offered it (until declined or withdrawn). Looks up with the owner''s rights.';

CREATE FUNCTION kaoa.fall_sichtbar(kommune text, fall_id bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_fall_sichtbar_id';
COMMENT ON FUNCTION kaoa.fall_sichtbar(text, bigint) IS
    'Row-level security of rows that refer to a case (kontaktversuch, ereignis): as kaoa.fall_sichtbar for the case; fall_id NULL: the system and the KoKo only.';

CREATE FUNCTION kaoa.person_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_person_sichtbar';
COMMENT ON FUNCTION kaoa.person_sichtbar(text, bigint) IS
    'May the current role see this person: the system; the KoKo of the Kommune; the school that registered them; any organisation that may see one of their cases. Row-level security of kaoa.person (and of other areas'' per-person tables).';

CREATE FUNCTION kaoa.person_sichtbar(kommune text, person_id bigint, angelegt_von bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_person_sichtbar_zeile';
COMMENT ON FUNCTION kaoa.person_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.person: as kaoa.person_sichtbar(kommune, person_id), answered from the row for the school that registered the person.';

CREATE FUNCTION kaoa.identitaet_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_identitaet_sichtbar';
COMMENT ON FUNCTION kaoa.identitaet_sichtbar(text, bigint) IS
    'May the current role read and write this identity directly: the system; the school or Berufskolleg that holds the person''s current case and is its school (before the first case: the school that registered them). Every other organisation reads what a hand-off''s legal basis transferred (kaoa.uebergabe_daten).';

CREATE FUNCTION kaoa.uebergabe_sichtbar(kommune text, von_org bigint, an_org bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_uebergabe_sichtbar';
COMMENT ON FUNCTION kaoa.uebergabe_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.uebergabe: sender, receiver, the KoKo of the Kommune, the system.';

CREATE FUNCTION kaoa.einwilligung_sichtbar(kommune text, einwilligung_id bigint, person_id bigint, erfasst_von bigint)
    RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_einwilligung_sichtbar';
COMMENT ON FUNCTION kaoa.einwilligung_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.einwilligung: the system; the KoKo of the Kommune; the organisation that recorded the consent (erfasst_von); the holder of the person''s current case and that case''s school (before a first case the school that registered them); the receiver of a hand-off made under the consent while it is open or accepted. Only the recorder, the holder, the school and the system revoke (the trigger). Looks up with the owner''s rights.';

CREATE FUNCTION kaoa.kommune_verwaltbar(kommune text) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_kommune_verwaltbar';
COMMENT ON FUNCTION kaoa.kommune_verwaltbar(text) IS
    'May the current role maintain this Kommune''s configuration (kommune, organisation, fristen rows): the system and the KoKo of that Kommune.';

CREATE FUNCTION kaoa.bi_kommunen() RETURNS SETOF text
    LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 1 AS 'MODULE_PATHNAME', 'kaoa_bi_kommunen';
COMMENT ON FUNCTION kaoa.bi_kommunen() IS
    'The Kommunen whose aggregates the current role may read in the kaoa.v_* views: a BI role its Kommune, an organisation''s role its own, the system all.';

CREATE FUNCTION kaoa.akteur_geaendert() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_akteur_geaendert';
COMMENT ON FUNCTION kaoa.akteur_geaendert() IS
    'Statement trigger of kaoa.akteur and kaoa.bi_rolle: drops the cached actor of this session.';
CREATE TRIGGER akteur_geaendert AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.akteur
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.akteur_geaendert();
CREATE TRIGGER bi_rolle_geaendert AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.bi_rolle
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.akteur_geaendert();

-- What each kind of role may touch.  Other areas add their rows in their own files; rows a DBA adds
-- (mitgeliefert false) are dumped.  Re-run kaoa.akteur_anlegen after changing rows.
-- A shipped row cannot be changed or deleted (it would come back with every restore): a DBA adds a
-- row for the same fuer and objekt instead, which replaces it (rechte '' grants nothing).
CREATE TABLE kaoa.rolle_recht (
    fuer         text NOT NULL CHECK (fuer IN ('akteur', 'system', 'bi', 'schule', 'berufskolleg', 'agentur',
                                               'jobcenter', 'jugendamt', 'jba', 'koko', 'kammer', 'traeger', 'betrieb')),
    objekt       text NOT NULL CHECK (objekt ~ '^kaoa\.[a-z_][a-z0-9_]*(\([a-z0-9_., \[\]]*\))?$'),
    rechte       text NOT NULL CHECK (rechte ~ '^((SELECT|INSERT|UPDATE|DELETE)(, (SELECT|INSERT|UPDATE|DELETE))*|EXECUTE)?$'),
    mitgeliefert boolean NOT NULL DEFAULT false,
    PRIMARY KEY (fuer, objekt, mitgeliefert),
    CONSTRAINT rolle_recht_funktion CHECK (CASE WHEN objekt LIKE '%(%' THEN rechte IN ('EXECUTE', '')
                                                ELSE rechte <> 'EXECUTE' END)
);
COMMENT ON TABLE kaoa.rolle_recht IS
    'Privileges granted by kaoa.akteur_anlegen (fuer = ''akteur'' for every organisation, or its org_typ), kaoa.system_zugang (''system'') and kaoa.bi_zugang (''bi''): table rights, or EXECUTE on a function given by its signature (kaoa.f(argtypes)). A row a DBA adds (mitgeliefert false) replaces the shipped row for the same fuer and objekt; rechte '''' grants nothing. Shipped rows cannot be changed.';
SELECT pg_catalog.pg_extension_config_dump('kaoa.rolle_recht', 'WHERE NOT mitgeliefert');

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, 'SELECT', true
  FROM unnest(ARRAY['kaoa.kommune', 'kaoa.organisation', 'kaoa.fristen', 'kaoa.anschluss_kategorie',
                    'kaoa.person', 'kaoa.person_identitaet', 'kaoa.fall', 'kaoa.einwilligung',
                    'kaoa.uebergabe', 'kaoa.kontaktversuch', 'kaoa.ereignis']) AS o;
-- every type that can hold or receive a case (not the JBA) changes its cases, records contact
-- attempts and consents
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, r, true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'koko', 'kammer',
                    'traeger', 'betrieb']) AS t,
       (VALUES ('kaoa.fall', 'SELECT, UPDATE'), ('kaoa.kontaktversuch', 'SELECT, INSERT'),
               ('kaoa.einwilligung', 'SELECT, INSERT, UPDATE')) AS v(o, r);
-- schools register persons, their identities and their cases
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE fuer IN ('schule', 'berufskolleg') AND objekt = 'kaoa.fall';
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, 'SELECT, INSERT, UPDATE', true
  FROM unnest(ARRAY['schule', 'berufskolleg']) AS t,
       unnest(ARRAY['kaoa.person', 'kaoa.person_identitaet']) AS o;
-- the KoKo keeps its Kommune's configuration and reads the views (no DELETE: it would let the
-- KoKo lock the table every Kommune shares; a window is changed, not removed)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES
    ('koko', 'kaoa.kommune', 'SELECT, UPDATE', true),
    ('koko', 'kaoa.organisation', 'SELECT, INSERT, UPDATE', true),
    ('koko', 'kaoa.fristen', 'SELECT, INSERT, UPDATE', true);
-- the system: everything the rules allow
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.kommune', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.organisation', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.fristen', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschluss_kategorie', 'SELECT'),
               ('kaoa.person', 'SELECT, INSERT, UPDATE'),
               ('kaoa.person_identitaet', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.fall', 'SELECT, INSERT, UPDATE'),
               ('kaoa.einwilligung', 'SELECT, INSERT, UPDATE'),
               ('kaoa.uebergabe', 'SELECT, INSERT'),
               ('kaoa.kontaktversuch', 'SELECT, INSERT'),
               ('kaoa.ereignis', 'SELECT')) AS v(o, r);

-- Functions.  A role executes only the functions its rows name (objekt a signature, rechte
-- EXECUTE); internal helpers and the administration functions (akteur_anlegen, system_zugang,
-- bi_zugang, rechte_erneuern) are granted to no one.  Every organisation and the system: the
-- functions and operators of kaoa's types, who am I, and the visibility predicates that the
-- row-level security policies call as the querying role.  Each area adds the rows of its API.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY[
           'kaoa.abschluss_eq(kaoa.abschluss, kaoa.abschluss)', 'kaoa.abschluss_ne(kaoa.abschluss, kaoa.abschluss)',
           'kaoa.abschluss_lt(kaoa.abschluss, kaoa.abschluss)', 'kaoa.abschluss_le(kaoa.abschluss, kaoa.abschluss)',
           'kaoa.abschluss_gt(kaoa.abschluss, kaoa.abschluss)', 'kaoa.abschluss_ge(kaoa.abschluss, kaoa.abschluss)',
           'kaoa.abschluss_cmp(kaoa.abschluss, kaoa.abschluss)', 'kaoa.abschluss_rang(kaoa.abschluss)',
           'kaoa.erfuellt(kaoa.abschluss, kaoa.abschluss)', 'kaoa.abschluss_bezeichnung(kaoa.abschluss)',
           'kaoa.abschluss_aus_itnrw(text)',
           'kaoa.kldb_eq(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_ne(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_lt(kaoa.kldb, kaoa.kldb)',
           'kaoa.kldb_le(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_gt(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_ge(kaoa.kldb, kaoa.kldb)',
           'kaoa.kldb_cmp(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_enthaelt(kaoa.kldb, kaoa.kldb)',
           'kaoa.kldb_liegt_in(kaoa.kldb, kaoa.kldb)', 'kaoa.kldb_ebene(kaoa.kldb)', 'kaoa.kldb_niveau(kaoa.kldb)',
           'kaoa.kldb_gemeinsam(kaoa.kldb, kaoa.kldb)',
           'kaoa.riasec_eq(kaoa.riasec, kaoa.riasec)', 'kaoa.riasec_ne(kaoa.riasec, kaoa.riasec)',
           'kaoa.riasec_lt(kaoa.riasec, kaoa.riasec)', 'kaoa.riasec_le(kaoa.riasec, kaoa.riasec)',
           'kaoa.riasec_gt(kaoa.riasec, kaoa.riasec)', 'kaoa.riasec_ge(kaoa.riasec, kaoa.riasec)',
           'kaoa.riasec_cmp(kaoa.riasec, kaoa.riasec)', 'kaoa.holland_code(kaoa.riasec)',
           'kaoa.kongruenz(kaoa.riasec, kaoa.riasec)',
           'kaoa.kompetenzen_eq(kaoa.kompetenzen, kaoa.kompetenzen)', 'kaoa.kompetenzen_ne(kaoa.kompetenzen, kaoa.kompetenzen)',
           'kaoa.kompetenzen_lt(kaoa.kompetenzen, kaoa.kompetenzen)', 'kaoa.kompetenzen_le(kaoa.kompetenzen, kaoa.kompetenzen)',
           'kaoa.kompetenzen_gt(kaoa.kompetenzen, kaoa.kompetenzen)', 'kaoa.kompetenzen_ge(kaoa.kompetenzen, kaoa.kompetenzen)',
           'kaoa.kompetenzen_cmp(kaoa.kompetenzen, kaoa.kompetenzen)',
           'kaoa.erfuellungsgrad(kaoa.kompetenzen, kaoa.kompetenzen)', 'kaoa.berufsfelder(kaoa.kldb)',
           'kaoa.akteur_org()', 'kaoa.akteur_aktuell()', 'kaoa.heute()', 'kaoa.tag(timestamptz)',
           'kaoa.fall_sichtbar(text, bigint, bigint, bigint)', 'kaoa.fall_sichtbar(text, bigint)',
           'kaoa.person_sichtbar(text, bigint)', 'kaoa.person_sichtbar(text, bigint, bigint)',
           'kaoa.identitaet_sichtbar(text, bigint)', 'kaoa.uebergabe_sichtbar(text, bigint, bigint)',
           'kaoa.kommune_verwaltbar(text)', 'kaoa.einwilligung_sichtbar(text, bigint, bigint, bigint)']) AS f;

CREATE FUNCTION kaoa.akteur_anlegen(rolle name, org_id bigint) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_akteur_anlegen';
COMMENT ON FUNCTION kaoa.akteur_anlegen(name, bigint) IS
    'Maps a role to an organisation (replacing an earlier mapping) and grants what that type of organisation needs (kaoa.rolle_recht; UPDATE per column, so the role cannot lock a shared table beyond ROW EXCLUSIVE) with session defaults in this database: lock_timeout 5s, statement_timeout 1min, idle_in_transaction_session_timeout 1min, and kaoa in session_preload_libraries (so EXPLAIN is refused from the first statement); nothing to PUBLIC. Superuser or the extension owner only.';

CREATE FUNCTION kaoa.system_zugang(rolle name) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_system_zugang';
COMMENT ON FUNCTION kaoa.system_zugang(name) IS
    'Registers a role that acts as the system (imports, maintenance, scheduled jobs) and grants what it needs, with session defaults lock_timeout 1min and idle_in_transaction_session_timeout 10min in this database (no statement_timeout: imports and nightly jobs). Superuser or the extension owner only.';

CREATE FUNCTION kaoa.bi_zugang(rolle name, kommune text) RETURNS void
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_bi_zugang';
COMMENT ON FUNCTION kaoa.bi_zugang(name, text) IS
    'Lets a role read the kaoa.v_* views for one Kommune and nothing else (the tables stay closed: 42501), with session defaults in this database: lock_timeout 5s, statement_timeout 5min, idle_in_transaction_session_timeout 1min, and kaoa in session_preload_libraries. Superuser or the extension owner only.';

CREATE FUNCTION kaoa.rechte_erneuern() RETURNS integer
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_rechte_erneuern';
COMMENT ON FUNCTION kaoa.rechte_erneuern() IS
    'Gives every registered role that still exists (kaoa.akteur, kaoa.bi_rolle) anew exactly what registering it gives now: the rights of kaoa.rolle_recht on today''s objects (UPDATE per column) and its session defaults. Run by every upgrade script last, and by the DBA after changing kaoa.rolle_recht. Returns the number of roles. Superuser or the extension owner only.';

CREATE FUNCTION kaoa.mitgeliefert_schuetzen() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_mitgeliefert_schuetzen';
COMMENT ON FUNCTION kaoa.mitgeliefert_schuetzen() IS
    'BEFORE INSERT OR UPDATE OR DELETE on reference tables that ship rows: outside kaoa''s scripts a shipped row (mitgeliefert) cannot change or go, and no row can be marked shipped (KA006), since pg_dump keeps only the rows users add.';
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.rolle_recht
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a row for the same fuer and objekt (mitgeliefert false): it replaces the shipped one in kaoa.akteur_anlegen; rechte '''' grants nothing.',
        '2');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.anschluss_kategorie
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add your own category under a new code instead; cases refer to the shipped ones, whose meaning stays fixed.');
