-- The rules of the Verantwortungskette as C triggers (docs/kette.md), so that plain INSERT / UPDATE /
-- DELETE from any frontend is held to them.  All are ordinary triggers: under
-- session_replication_role = replica (restoring a dump) they do nothing.  Row triggers are named
-- so that the rule trigger (a_…) runs before other BEFORE triggers and the log (z_…) after.

CREATE FUNCTION kaoa.fall_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_fall_regeln';
COMMENT ON FUNCTION kaoa.fall_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.fall: who creates and changes a case (a school opens cases only for itself and only for a person whose current case it holds, or whom it registered before a first case; a case for a person held elsewhere comes from the system or by a hand-off), the state machine and its preconditions, fixed columns (KA001, KA004, KA006, KA009, KA010).';
CREATE FUNCTION kaoa.fall_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_fall_protokoll';
COMMENT ON FUNCTION kaoa.fall_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.fall: logs creation, status changes and other changes.';
CREATE FUNCTION kaoa.person_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_person_regeln';
COMMENT ON FUNCTION kaoa.person_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.person: schools register persons; the school keeping the identity changes the row (KA004 for others); key columns and a recorded objection never change; birth month cut to the 1st.';
CREATE FUNCTION kaoa.person_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_person_protokoll';
COMMENT ON FUNCTION kaoa.person_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.person: logs an objection.';
CREATE FUNCTION kaoa.identitaet_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_identitaet_regeln';
COMMENT ON FUNCTION kaoa.identitaet_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.person_identitaet: only the school or Berufskolleg that holds the person''s current case and is its school writes it (before the first case: the school that registered the person; KA004 for others), only the system deletes it.';
CREATE FUNCTION kaoa.identitaet_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_identitaet_protokoll';
COMMENT ON FUNCTION kaoa.identitaet_protokoll() IS 'AFTER DELETE on kaoa.person_identitaet: logs the deletion.';
CREATE FUNCTION kaoa.einwilligung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_einwilligung_regeln';
COMMENT ON FUNCTION kaoa.einwilligung_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.einwilligung: a consent is recorded by the organisation holding the person''s current case (before a first case the school that registered them) and system roles (KA004 for everyone else, as for a person that does not exist), erfasst_von set to the recording organisation; selbst from age 14, known fields; only widerrufen_am changes, once, by the organisation that recorded it, the holder or the school of the person''s current case, or a system role (KA004 for other readers).';
CREATE FUNCTION kaoa.einwilligung_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_einwilligung_protokoll';
COMMENT ON FUNCTION kaoa.einwilligung_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.einwilligung: logs consents and revocations.';
CREATE FUNCTION kaoa.kontakt_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kontakt_regeln';
COMMENT ON FUNCTION kaoa.kontakt_regeln() IS
    'BEFORE INSERT on kaoa.kontaktversuch: an organisation records its own attempts, on the cases it holds (KA004 for any other case, as for one that does not exist); not ahead, not back-dated beyond the limit.';
CREATE FUNCTION kaoa.kontakt_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kontakt_protokoll';
COMMENT ON FUNCTION kaoa.kontakt_protokoll() IS 'AFTER INSERT on kaoa.kontaktversuch: logs the attempt.';
CREATE FUNCTION kaoa.organisation_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_organisation_regeln';
COMMENT ON FUNCTION kaoa.organisation_regeln() IS 'BEFORE UPDATE on kaoa.organisation: kommune, org_id and typ never change.';
CREATE FUNCTION kaoa.uebergabe_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_uebergabe_regeln';
COMMENT ON FUNCTION kaoa.uebergabe_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.uebergabe: a direct INSERT gets the checks of kaoa.uebergeben; only the answer functions answer a hand-off, once.';
CREATE FUNCTION kaoa.uebergabe_protokoll() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_uebergabe_protokoll';
COMMENT ON FUNCTION kaoa.uebergabe_protokoll() IS 'AFTER INSERT OR UPDATE on kaoa.uebergabe: logs offers and answers.';
CREATE FUNCTION kaoa.nur_anfuegen() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_nur_anfuegen';
COMMENT ON FUNCTION kaoa.nur_anfuegen() IS
    'BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT: refuses changes to the append-only history (KA006), even when no row matches. Fixed columns of other tables are judged per row by their rule triggers: a changed value is refused, a repeated one allowed.';

CREATE TRIGGER a_fall_regeln BEFORE INSERT OR UPDATE ON kaoa.fall
    FOR EACH ROW EXECUTE FUNCTION kaoa.fall_regeln();
CREATE TRIGGER z_fall_protokoll AFTER INSERT OR UPDATE ON kaoa.fall
    FOR EACH ROW EXECUTE FUNCTION kaoa.fall_protokoll();
CREATE TRIGGER fall_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.fall
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Cases are never deleted; an identity is deleted alone (kaoa.loeschfristen_anwenden).');
-- Fixed columns (kommune, person_id, schuljahr, schule_org; zustaendig_org moved only by an accepted
-- hand-off) are judged per row by a_fall_regeln: a changed value is refused (KA006, KA004), a
-- full-row UPDATE that repeats the stored values, as ORMs send it, is allowed.

CREATE TRIGGER a_person_regeln BEFORE INSERT OR UPDATE ON kaoa.person
    FOR EACH ROW EXECUTE FUNCTION kaoa.person_regeln();
CREATE TRIGGER z_person_protokoll AFTER INSERT OR UPDATE ON kaoa.person
    FOR EACH ROW EXECUTE FUNCTION kaoa.person_protokoll();
CREATE TRIGGER person_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.person
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Persons are never deleted; their identity is deleted alone (kaoa.loeschfristen_anwenden).');

CREATE TRIGGER a_identitaet_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.person_identitaet
    FOR EACH ROW EXECUTE FUNCTION kaoa.identitaet_regeln();
CREATE TRIGGER z_identitaet_protokoll AFTER DELETE ON kaoa.person_identitaet
    FOR EACH ROW EXECUTE FUNCTION kaoa.identitaet_protokoll();
CREATE TRIGGER identitaet_nie_leeren BEFORE TRUNCATE ON kaoa.person_identitaet
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Delete identities row by row (each deletion is logged), e.g. with kaoa.loeschfristen_anwenden.');

CREATE TRIGGER a_einwilligung_regeln BEFORE INSERT OR UPDATE ON kaoa.einwilligung
    FOR EACH ROW EXECUTE FUNCTION kaoa.einwilligung_regeln();
CREATE TRIGGER z_einwilligung_protokoll AFTER INSERT OR UPDATE ON kaoa.einwilligung
    FOR EACH ROW EXECUTE FUNCTION kaoa.einwilligung_protokoll();
CREATE TRIGGER einwilligung_nie_loeschen BEFORE DELETE OR TRUNCATE ON kaoa.einwilligung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'A consent is revoked by setting widerrufen_am, never deleted.');

CREATE TRIGGER a_kontakt_regeln BEFORE INSERT ON kaoa.kontaktversuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.kontakt_regeln();
CREATE TRIGGER z_kontakt_protokoll AFTER INSERT ON kaoa.kontaktversuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.kontakt_protokoll();
CREATE TRIGGER kontaktversuch_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.kontaktversuch
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'A contact attempt is never changed; record a correction as a new attempt.');

CREATE TRIGGER a_uebergabe_regeln BEFORE INSERT OR UPDATE ON kaoa.uebergabe
    FOR EACH ROW EXECUTE FUNCTION kaoa.uebergabe_regeln();
CREATE TRIGGER z_uebergabe_protokoll AFTER INSERT OR UPDATE ON kaoa.uebergabe
    FOR EACH ROW EXECUTE FUNCTION kaoa.uebergabe_protokoll();
CREATE TRIGGER uebergabe_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.uebergabe
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'Hand-offs are answered with kaoa.uebernehmen, kaoa.ablehnen or kaoa.zurueckziehen and never deleted.',
        'antworten');

CREATE TRIGGER ereignis_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.ereignis
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.nur_anfuegen(
        'The case log is legal evidence and never changes; corrections are new events.');

CREATE TRIGGER a_organisation_regeln BEFORE UPDATE ON kaoa.organisation
    FOR EACH ROW EXECUTE FUNCTION kaoa.organisation_regeln();
