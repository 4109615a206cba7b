-- The rules of the Standardelemente and the measures as C triggers (docs/sbo.md; src/sbo/sbo_trigger.c,
-- the decisions in src/sbo/core/sbo_regeln.c).  Ordinary triggers: under session_replication_role =
-- replica (restoring a dump) they do nothing, and the CHECK constraints of 310 still hold.

CREATE FUNCTION kaoa.schulbesuch_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_schulbesuch_regeln';
COMMENT ON FUNCTION kaoa.schulbesuch_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.schulbesuch: a school enrols only its pupils, for itself (the school of the person''s current case until another school takes it over; before a first case the registering school), the KoKo and the system keep every row (KA004); kommune, person_id, schuljahr fixed (KA006); schuljahr at most the school year after the current one (22023); schule_org is a school (23514); schulform defaults to the school''s.';
CREATE FUNCTION kaoa.sbo_teilnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_sbo_teilnahme_regeln';
COMMENT ON FUNCTION kaoa.sbo_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.sbo_teilnahme: recorded by the current school, the KoKo or the system (KA004); kommune, person_id fixed (KA006); katalog_version defaults to the edition in force on datum; unknown edition or code 23503; bis before datum 23514; Berufsfelderkundung without Berufsfeld 23502; unknown Berufsfeld 23503; kompetenzen outside a Potenzialanalyse 23514.';
CREATE FUNCTION kaoa.anschlussvereinbarung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_anschlussvereinbarung_regeln';
COMMENT ON FUNCTION kaoa.anschlussvereinbarung_regeln() IS
    'BEFORE INSERT on kaoa.anschlussvereinbarung: recorded by the current school, the KoKo or the system (KA004); sets erstellt_von.';
CREATE FUNCTION kaoa.sbo_nur_anfuegen() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_sbo_nur_anfuegen';
COMMENT ON FUNCTION kaoa.sbo_nur_anfuegen() IS
    'BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT on kaoa.anschlussvereinbarung: versioned, so append-only (KA006), even when no row matches.';
CREATE FUNCTION kaoa.massnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_regeln';
COMMENT ON FUNCTION kaoa.massnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme: an organisation keeps the measures it runs, the KoKo and the system every measure of the Kommune (KA004); kommune fixed (KA006); empty or unbounded jahrgaenge, empty zeitraum or one without a start, negative plaetze 23514; unknown berufsfelder 23503; plaetze never below the registrations zugesagt (23514); more places move the waiting list up.';
CREATE FUNCTION kaoa.massnahme_teilnahme_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_teilnahme_regeln';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_teilnahme: recorded by the current school, the KoKo, the system, or a partner of the measure for a person registered for it or whose current case it holds (KA004); changed or deleted by a partner with rolle partner only where it recorded the row (erfasst_von), by the organisations organising the measure (traeger_org, rolle traeger), the school, the KoKo and the system in any case (KA004); kommune, massnahme_id, person_id fixed (KA006); sets abweichungen against the union of the target group''s pairs (participation outside it is allowed and flagged).';

CREATE FUNCTION kaoa.massnahme_partner_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_partner_regeln';
COMMENT ON FUNCTION kaoa.massnahme_partner_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_partner: kept by the organisation running the measure, the KoKo and the system (KA004); kommune, massnahme_id, org_id fixed (KA006); the running organisation is a partner already (23514); rolle traeger or partner (23514).';
CREATE FUNCTION kaoa.massnahme_zielgruppe_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_zielgruppe_regeln';
COMMENT ON FUNCTION kaoa.massnahme_zielgruppe_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_zielgruppe: kept by the organisation running the measure, the KoKo and the system (KA004); kommune, massnahme_id fixed (KA006); jahrgaenge within 1–13 and schulformen school-form keys (23514); schulformen stored sorted without repeats.';
CREATE FUNCTION kaoa.anmeldung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_anmeldung_regeln';
COMMENT ON FUNCTION kaoa.anmeldung_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.anmeldung: registrations change only through kaoa.anmelden and kaoa.anmeldung_zurueckziehen (KA006 for any other write, also by the system).';

CREATE TRIGGER a_schulbesuch_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.schulbesuch
    FOR EACH ROW EXECUTE FUNCTION kaoa.schulbesuch_regeln();
CREATE TRIGGER a_sbo_teilnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_teilnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.sbo_teilnahme_regeln();
CREATE TRIGGER a_anschlussvereinbarung_regeln BEFORE INSERT ON kaoa.anschlussvereinbarung
    FOR EACH ROW EXECUTE FUNCTION kaoa.anschlussvereinbarung_regeln();
CREATE TRIGGER anschlussvereinbarung_nur_anfuegen BEFORE UPDATE OR DELETE OR TRUNCATE ON kaoa.anschlussvereinbarung
    FOR EACH STATEMENT EXECUTE FUNCTION kaoa.sbo_nur_anfuegen();
CREATE TRIGGER a_massnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_regeln();
CREATE TRIGGER a_massnahme_teilnahme_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_teilnahme
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_teilnahme_regeln();
CREATE TRIGGER a_massnahme_partner_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_partner
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_partner_regeln();
CREATE TRIGGER a_massnahme_zielgruppe_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_zielgruppe
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_zielgruppe_regeln();
CREATE TRIGGER a_anmeldung_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.anmeldung
    FOR EACH ROW EXECUTE FUNCTION kaoa.anmeldung_regeln();
