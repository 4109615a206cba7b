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
-- (no DELETE for organisations on any table: it would let them lock a table every Kommune shares;
-- they delete through the owner-run functions below)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.massnahme', 'SELECT, INSERT, UPDATE', true),
       ('akteur', 'kaoa.massnahme_partner', 'SELECT, INSERT, UPDATE', true),
       ('akteur', 'kaoa.massnahme_zielgruppe', 'SELECT, INSERT, UPDATE', true);
-- partners of a measure record its participants (the trigger allows them that measure only)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE', true
  FROM unnest(ARRAY['agentur', 'jobcenter', 'jugendamt', 'jba', 'kammer', 'traeger', 'betrieb']) AS t;
-- schools, Berufskollegs and the KoKo record enrolments, SBO participations, agreements, participants
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, o, r, true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'koko']) AS t,
       (VALUES ('kaoa.schulbesuch', 'SELECT, INSERT, UPDATE'),
               ('kaoa.sbo_teilnahme', 'SELECT, INSERT, UPDATE'),
               ('kaoa.anschlussvereinbarung', 'SELECT, INSERT'),
               ('kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE')) AS v(o, r);
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

-- Deleting without the DELETE privilege (as in 210_matching_funktionen.sql): as the owner, exactly
-- the rows the policy lets the caller reach; the rule triggers decide as for a plain DELETE (the
-- actor stays the caller) and refuse what the caller may not delete (KA004).  Returns how many
-- rows were deleted, 0 for one that does not exist or is hidden from the caller.

CREATE FUNCTION kaoa.schulbesuch_loeschen(schulbesuch_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.schulbesuch s
                WHERE s.schulbesuch_id OPERATOR(pg_catalog.=) schulbesuch_loeschen.schulbesuch_id
                  AND kaoa.sbo_sichtbar(s.kommune, s.person_id, s.schule_org)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.schulbesuch_loeschen(bigint) IS
    'Deletes an enrolment record (a correction; the school of the record, the KoKo, the system); returns the number deleted.';

CREATE FUNCTION kaoa.sbo_teilnahme_loeschen(teilnahme_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.sbo_teilnahme t
                WHERE t.teilnahme_id OPERATOR(pg_catalog.=) sbo_teilnahme_loeschen.teilnahme_id
                  AND kaoa.sbo_sichtbar(t.kommune, t.person_id, t.anbieter_org)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.sbo_teilnahme_loeschen(bigint) IS
    'Deletes an SBO participation record (a correction; who may record it); returns the number deleted.';

CREATE FUNCTION kaoa.massnahme_loeschen(massnahme_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.massnahme m
                WHERE m.massnahme_id OPERATOR(pg_catalog.=) massnahme_loeschen.massnahme_id
                  AND kaoa.massnahme_sichtbar(m.kommune)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.massnahme_loeschen(bigint) IS
    'Deletes a measure (its provider, the KoKo of the Kommune, the system; KA004 for another organisation''s); returns the number deleted.';

CREATE FUNCTION kaoa.massnahme_teilnahme_loeschen(massnahme_teilnahme_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.massnahme_teilnahme t
                WHERE t.massnahme_teilnahme_id OPERATOR(pg_catalog.=) massnahme_teilnahme_loeschen.massnahme_teilnahme_id
                  AND kaoa.massnahme_teilnahme_sichtbar(t.kommune, t.massnahme_id, t.person_id)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_loeschen(bigint) IS
    'Deletes a participant of a measure (who may record it); returns the number deleted.';

CREATE FUNCTION kaoa.massnahme_zielgruppe_loeschen(zielgruppe_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.massnahme_zielgruppe z
                WHERE z.zielgruppe_id OPERATOR(pg_catalog.=) massnahme_zielgruppe_loeschen.zielgruppe_id
                  AND kaoa.massnahme_sichtbar(z.kommune)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.massnahme_zielgruppe_loeschen(bigint) IS
    'Deletes a target group of a measure (who may change the measure; KA004 for another organisation''s); returns the number deleted.';

CREATE FUNCTION kaoa.massnahme_partner_loeschen(massnahme_id bigint, org_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.massnahme_partner p
                WHERE p.massnahme_id OPERATOR(pg_catalog.=) massnahme_partner_loeschen.massnahme_id
                  AND p.org_id OPERATOR(pg_catalog.=) massnahme_partner_loeschen.org_id
                  AND kaoa.massnahme_sichtbar(p.kommune)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.massnahme_partner_loeschen(bigint, bigint) IS
    'Removes a partner from a measure (who may change the measure; KA004 for another organisation''s); returns the number deleted.';

-- Who may call what: every organisation and the system (the policies call the predicates as the
-- caller; the deleting functions reach only what row-level security and the rule triggers allow).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.sbo_sichtbar(text, bigint)', 'kaoa.sbo_sichtbar(text, bigint, bigint)',
                    'kaoa.massnahme_sichtbar(text)', 'kaoa.massnahme_teilnahme_sichtbar(text, bigint, bigint)',
                    'kaoa.massnahme_loeschen(bigint)', 'kaoa.schulbesuch_loeschen(bigint)',
                    'kaoa.sbo_teilnahme_loeschen(bigint)', 'kaoa.massnahme_teilnahme_loeschen(bigint)',
                    'kaoa.massnahme_zielgruppe_loeschen(bigint)', 'kaoa.massnahme_partner_loeschen(bigint, bigint)',
                    'kaoa.anmeldung_sichtbar(text, bigint, bigint, bigint)']) AS f;
