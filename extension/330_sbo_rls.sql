-- Who sees what of the Standardelemente and the measures (docs/sbo.md).  As in
-- 140_kette_rls.sql every policy that needs another table calls one owner-privileged STABLE C
-- predicate (src/sbo/sbo_sicht.c); writes are open in WITH CHECK and decided by the rule triggers,
-- which answer with KA004 rather than silently touching no row.
--
--   a person's SBO data (schulbesuch, sbo_teilnahme, anschlussvereinbarung): the system, the KoKo
--     of the Kommune, the school of the person's current enrolment; a school also its own
--     enrolment rows; a provider the participations it ran;
--   measures, their partners and target groups: every organisation of the Kommune (planning data)
--     and the system;
--   participants of a measure: its partners (the organisation running it included), and whoever
--     sees the person's SBO data;
--   registrations: the partners of the measure, the organisation that registered the person, a
--     school that sees the person, the KoKo and the system (written only by kaoa.anmelden and
--     kaoa.anmeldung_zurueckziehen).

CREATE FUNCTION kaoa.sbo_sichtbar(kommune text, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_sichtbar';
COMMENT ON FUNCTION kaoa.sbo_sichtbar(text, bigint) IS
    'May the current role see (and record) the SBO data of this person: the system; the KoKo of the Kommune; the school of the person''s current enrolment (latest kaoa.schulbesuch). Looks up with the owner''s rights.';

CREATE FUNCTION kaoa.sbo_sichtbar(kommune text, person_id bigint, org_id bigint) RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_sichtbar';
COMMENT ON FUNCTION kaoa.sbo_sichtbar(text, bigint, bigint) IS
    'As kaoa.sbo_sichtbar(kommune, person_id), and true for the organisation org_id itself (the row''s school or provider). Row-level security of kaoa.schulbesuch and kaoa.sbo_teilnahme.';

CREATE FUNCTION kaoa.massnahme_sichtbar(kommune text) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahme_sichtbar';
COMMENT ON FUNCTION kaoa.massnahme_sichtbar(text) IS
    'Row-level security of kaoa.massnahme: the system and every organisation of the Kommune.';

CREATE FUNCTION kaoa.massnahme_teilnahme_sichtbar(kommune text, massnahme_id bigint, person_id bigint) RETURNS boolean
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahme_teilnahme_sichtbar';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.massnahme_teilnahme: the partners of the measure (its traeger_org included), and whoever may see the person''s SBO data (kaoa.sbo_sichtbar).';

CREATE FUNCTION kaoa.anmeldung_sichtbar(kommune text, massnahme_id bigint, person_id bigint, angemeldet_von bigint)
    RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_anmeldung_sichtbar';
COMMENT ON FUNCTION kaoa.anmeldung_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.anmeldung: the system; the KoKo of the Kommune; the partners of the measure (its traeger_org included); the organisation that registered the person (angemeldet_von); a school that sees the person. The same organisations may withdraw it.';

ALTER TABLE kaoa.schulbesuch ENABLE ROW LEVEL SECURITY;
CREATE POLICY schulbesuch_sicht ON kaoa.schulbesuch
    USING (kaoa.sbo_sichtbar(kommune, person_id, schule_org))
    WITH CHECK (true);

ALTER TABLE kaoa.sbo_teilnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY sbo_teilnahme_sicht ON kaoa.sbo_teilnahme
    USING (kaoa.sbo_sichtbar(kommune, person_id, anbieter_org))
    WITH CHECK (true);

ALTER TABLE kaoa.anschlussvereinbarung ENABLE ROW LEVEL SECURITY;
CREATE POLICY anschlussvereinbarung_sicht ON kaoa.anschlussvereinbarung
    USING (kaoa.sbo_sichtbar(kommune, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_sicht ON kaoa.massnahme
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme_teilnahme ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_teilnahme_sicht ON kaoa.massnahme_teilnahme
    USING (kaoa.massnahme_teilnahme_sichtbar(kommune, massnahme_id, person_id)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme_partner ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_partner_sicht ON kaoa.massnahme_partner
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme_zielgruppe ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_zielgruppe_sicht ON kaoa.massnahme_zielgruppe
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.anmeldung ENABLE ROW LEVEL SECURITY;
CREATE POLICY anmeldung_sicht ON kaoa.anmeldung
    USING (kaoa.anmeldung_sichtbar(kommune, massnahme_id, person_id, angemeldet_von)) WITH CHECK (true);

-- What each kind of role may touch (granted by kaoa.akteur_anlegen / kaoa.system_zugang).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, 'SELECT', true
  FROM unnest(ARRAY['kaoa.berufsfeld', 'kaoa.sbo_katalog_version', 'kaoa.sbo_katalog', 'kaoa.schulbesuch',
                    'kaoa.sbo_teilnahme', 'kaoa.anschlussvereinbarung', 'kaoa.anschlussvereinbarung_aktuell',
                    'kaoa.massnahme_teilnahme', 'kaoa.anmeldung']) AS o;
-- every organisation may run measures (Träger, schools, Kammern, the JBA, …): the trigger allows its own
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.massnahme', 'SELECT, INSERT, UPDATE, DELETE', true),
       ('akteur', 'kaoa.massnahme_partner', 'SELECT, INSERT, UPDATE, DELETE', true),
       ('akteur', 'kaoa.massnahme_zielgruppe', 'SELECT, INSERT, UPDATE, DELETE', true);
-- partners of a measure record its participants (the trigger allows them that measure only)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE', true
  FROM unnest(ARRAY['agentur', 'jobcenter', 'jugendamt', 'jba', 'kammer', 'traeger', 'betrieb']) AS t;
-- schools, Berufskollegs and the KoKo record enrolments, SBO participations, agreements, participants
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, r, true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'koko']) AS t,
       (VALUES ('kaoa.schulbesuch', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.sbo_teilnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschlussvereinbarung', 'SELECT, INSERT'),
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE')) AS v(o, r);
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.berufsfeld', 'SELECT'), ('kaoa.sbo_katalog_version', 'SELECT'), ('kaoa.sbo_katalog', 'SELECT'),
               ('kaoa.schulbesuch', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.sbo_teilnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anschlussvereinbarung', 'SELECT, INSERT'),
               ('kaoa.anschlussvereinbarung_aktuell', 'SELECT'),
               ('kaoa.massnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.massnahme_partner', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.massnahme_zielgruppe', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anmeldung', 'SELECT')) AS v(o, r);
