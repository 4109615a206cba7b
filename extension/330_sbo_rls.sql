-- Who sees what of the Standardelemente and the measures (docs/sbo.md).  As in
-- 140_kette_rls.sql every policy that needs another table calls one owner-privileged STABLE C
-- predicate (src/sbo/sbo_sicht.c); writes are open in WITH CHECK and decided by the rule triggers,
-- which answer with KA004 rather than silently touching no row.
--
--   a person's SBO data (schulbesuch, sbo_teilnahme, anschlussvereinbarung): the system, the KoKo
--     of the Kommune, the school of the person's current enrolment; a school also its own
--     enrolment rows; a provider the participations it ran;
--   measures: every organisation of the Kommune (planning data) and the system;
--   participants of a measure: the organisation running it, and whoever sees the person's SBO data.

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
    'Row-level security of kaoa.massnahme_teilnahme: the organisation running the measure, and whoever may see the person''s SBO data (kaoa.sbo_sichtbar).';

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

-- What each kind of role may touch (granted by kaoa.akteur_anlegen / kaoa.system_zugang).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, 'SELECT', true
  FROM unnest(ARRAY['kaoa.berufsfeld', 'kaoa.sbo_katalog_version', 'kaoa.sbo_katalog', 'kaoa.schulbesuch',
                    'kaoa.sbo_teilnahme', 'kaoa.anschlussvereinbarung', 'kaoa.anschlussvereinbarung_aktuell',
                    'kaoa.massnahme_teilnahme']) AS o;
-- every organisation may run measures (Träger, schools, Kammern, the JBA, …): the trigger allows its own
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.massnahme', 'SELECT, INSERT, UPDATE, DELETE', true);
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
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE')) AS v(o, r);
