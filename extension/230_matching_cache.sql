-- What the matching functions keep between transactions (issue 15): the offer index, the
-- applicants, the weights and the visibility answers outlive the transaction that read them and
-- are used again exactly while nothing they were read from changed (docs/matching.md, "The cache").
-- The tables fall into three groups; a change of any table of a group locks and invalidates that
-- group's marker view through kaoa.matching_stand_aendern (src/match/match_cache.c).  The
-- triggers are ENABLE ALWAYS: they fire in restores and replication too (session_replication_role).

-- ---------------------------------------------------------------------------------------------
-- The markers: empty views whose lock and relcache invalidation stand for a change of a group.
CREATE VIEW kaoa.matching_stand_angebote AS SELECT WHERE false;
COMMENT ON VIEW kaoa.matching_stand_angebote IS
    'Marker of the matching caches (no columns, no rows): a change of kaoa.angebot locks it and invalidates it, so every backend drops its kept offer index when the change commits.';
CREATE VIEW kaoa.matching_stand_bewerber AS SELECT WHERE false;
COMMENT ON VIEW kaoa.matching_stand_bewerber IS
    'Marker of the matching caches (no columns, no rows): a change of kaoa.bewerberprofil, kaoa.einwilligung, kaoa.person, kaoa.gewichtung or of the abschluss of a case locks it and invalidates it, so every backend drops its kept applicants and weights when the change commits.';
CREATE VIEW kaoa.matching_stand_sicht AS SELECT WHERE false;
COMMENT ON VIEW kaoa.matching_stand_sicht IS
    'Marker of the matching caches (no columns, no rows): a change of who may see whom (kaoa.person, the organisations of a case, kaoa.uebergabe, kaoa.akteur, kaoa.bi_rolle, kaoa.organisation) locks it and invalidates it, so every backend drops its kept visibility answers when the change commits.';

CREATE FUNCTION kaoa.matching_stand_aendern() RETURNS trigger
    AS 'MODULE_PATHNAME', 'kaoa_matching_stand_aendern' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kaoa.matching_stand_aendern() IS
    'AFTER trigger of the tables the matching caches are read from; its arguments name the groups the change belongs to (angebote, bewerber, sicht): locks each group''s marker view to the end of the transaction and invalidates it (in this session at the next command, in every session before and after the commit).';

-- ---------------------------------------------------------------------------------------------
-- angebote
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.angebot
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('angebote');
ALTER TABLE kaoa.angebot ENABLE ALWAYS TRIGGER zz_matching_stand;

-- bewerber (and who may see them: person and case)
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.bewerberprofil
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber');
ALTER TABLE kaoa.bewerberprofil ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.einwilligung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber');
ALTER TABLE kaoa.einwilligung ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.gewichtung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber');
ALTER TABLE kaoa.gewichtung ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR DELETE OR TRUNCATE ON kaoa.person
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber', 'sicht');
ALTER TABLE kaoa.person ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand_zeile AFTER UPDATE ON kaoa.person
    FOR EACH ROW WHEN (OLD.kommune IS DISTINCT FROM NEW.kommune OR OLD.person_id IS DISTINCT FROM NEW.person_id
                       OR OLD.angelegt_von IS DISTINCT FROM NEW.angelegt_von)
    EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber', 'sicht');
ALTER TABLE kaoa.person ENABLE ALWAYS TRIGGER zz_matching_stand_zeile;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR DELETE OR TRUNCATE ON kaoa.fall
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber', 'sicht');
ALTER TABLE kaoa.fall ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand_bewerber AFTER UPDATE ON kaoa.fall
    FOR EACH ROW WHEN (OLD.abschluss IS DISTINCT FROM NEW.abschluss OR OLD.schuljahr IS DISTINCT FROM NEW.schuljahr
                       OR OLD.kommune IS DISTINCT FROM NEW.kommune OR OLD.person_id IS DISTINCT FROM NEW.person_id)
    EXECUTE FUNCTION kaoa.matching_stand_aendern('bewerber');
ALTER TABLE kaoa.fall ENABLE ALWAYS TRIGGER zz_matching_stand_bewerber;
CREATE TRIGGER zz_matching_stand_sicht AFTER UPDATE ON kaoa.fall
    FOR EACH ROW WHEN (OLD.schule_org IS DISTINCT FROM NEW.schule_org OR OLD.zustaendig_org IS DISTINCT FROM NEW.zustaendig_org
                       OR OLD.kommune IS DISTINCT FROM NEW.kommune OR OLD.person_id IS DISTINCT FROM NEW.person_id)
    EXECUTE FUNCTION kaoa.matching_stand_aendern('sicht');
ALTER TABLE kaoa.fall ENABLE ALWAYS TRIGGER zz_matching_stand_sicht;

-- sicht
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.uebergabe
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('sicht');
ALTER TABLE kaoa.uebergabe ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.akteur
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('sicht');
ALTER TABLE kaoa.akteur ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.bi_rolle
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('sicht');
ALTER TABLE kaoa.bi_rolle ENABLE ALWAYS TRIGGER zz_matching_stand;
CREATE TRIGGER zz_matching_stand AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kaoa.organisation
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.matching_stand_aendern('sicht');
ALTER TABLE kaoa.organisation ENABLE ALWAYS TRIGGER zz_matching_stand;

-- ---------------------------------------------------------------------------------------------
-- What a backend keeps.
CREATE FUNCTION kaoa.matching_cache(OUT teil text, OUT gruppe text, OUT eintraege bigint, OUT bytes bigint,
                                    OUT gebaut timestamptz, OUT aufbauten bigint, OUT abrufe bigint,
                                    OUT gueltig boolean)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'kaoa_matching_cache' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.matching_cache() IS
    'What this session keeps for the matching functions between transactions: each part (offers, applicants, visibility answers), the group of tables it depends on, its rows, its memory in bytes, when it was last read, how often this session has read it, how often it was used since it was last read, and whether it is valid for the current snapshot. At most kaoa.matching_cache_mb per session (default 256 MB).';

-- Every organisation and the system may look at what their own session keeps (nothing of anyone
-- else's: the function shows counts and sizes of this backend's parts only).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.matching_cache()', 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t;
