-- Matching functions (docs/matching.md), the consent trigger of bewerberprofil and the row-level
-- security of the matching tables.  The C code is in src/match/.

-- ---------------------------------------------------------------------------------------------
-- Scores and explanations.
CREATE FUNCTION kaoa.passung(person_id bigint, angebot_id bigint) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_passung' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.passung(bigint, bigint) IS
    'Matching score 0-100 of a young person for an offer: 100 · Σ weight · component / Σ weight over beruf, interessen, weg, abschluss, beginn, kompetenzen with the weights of the person''s Kommune. NULL when the pair is excluded (ABSCHLUSS, DISTANZ, BEGINN) or the person has no usable profile. KA004 for a person the caller may not see, P0002 for an unknown offer.';

CREATE FUNCTION kaoa.passung_erklaert(person_id bigint, angebot_id bigint) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'kaoa_passung_erklaert' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.passung_erklaert(bigint, bigint) IS
    'The score with its reasons, for a counsellor: {"passung": number|null, "ausschluss": null|"ABSCHLUSS"|"DISTANZ"|"BEGINN"|"KEIN_PROFIL", "distanz_km": number|null, "komponenten": {"beruf": {"wert": 0..1, "gewicht": w}, … all six}}. Components are shown for excluded pairs too.';

CREATE FUNCTION kaoa.prioritaet(person_id bigint, angebot_id bigint) RETURNS double precision
    AS 'MODULE_PATHNAME', 'kaoa_prioritaet_paar' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.prioritaet(bigint, bigint) IS
    'Offer-side priority 0-100 of a young person at an offer: 100 · (40 kompetenzen + 35 abschluss + 15 interessen + 10 weg) / 100 — what kaoa.zuteilung_berechnen ranks applicants by and what the cutoff is compared with. NULL when excluded or without a usable profile.';

CREATE FUNCTION kaoa.matching_statistik(OUT suchen bigint, OUT gesichtet bigint, OUT bewertet bigint)
    AS 'MODULE_PATHNAME', 'kaoa_matching_statistik' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.matching_statistik() IS
    'What the kaoa.top_angebote searches of this session cost: searches, offers looked at, offers scored completely (the rest was pruned by the index without a score). Session totals, for tuning and benchmarks.';

CREATE FUNCTION kaoa.top_angebote(person_id bigint, k integer DEFAULT 10)
    RETURNS TABLE (angebot_id bigint, passung double precision)
    AS 'MODULE_PATHNAME', 'kaoa_top_angebote' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION kaoa.top_angebote(bigint, integer) IS
    'The k best offers for a young person among all offers (any Kommune), excluded pairs left out, best first, ties by angebot_id. Streams over an index of the offers (occupation prefix and latitude bands) with distance pruning; never scores an applicants × offers matrix. Nothing for a person without a usable profile; k <= 0 is 22023, k above 1000 is 54000.';

CREATE FUNCTION kaoa.top_bewerber(angebot_id bigint, k integer DEFAULT 10)
    RETURNS TABLE (person_id bigint, passung double precision)
    AS 'MODULE_PATHNAME', 'kaoa_top_bewerber' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION kaoa.top_bewerber(bigint, integer) IS
    'The k best young people for an offer among those with a usable profile that the caller may see, excluded pairs left out, best first, ties by person_id. k <= 0 is 22023, k above 1000 54000, an unknown offer P0002.';

-- ---------------------------------------------------------------------------------------------
-- The stable assignment.
CREATE FUNCTION kaoa.stabile_zuteilung(kandidaten text, kapazitaeten text, seed bigint DEFAULT 0)
    RETURNS TABLE (bewerber bigint, angebot bigint)
    AS 'MODULE_PATHNAME', 'kaoa_stabile_zuteilung' LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION kaoa.stabile_zuteilung(text, text, bigint) IS
    'Applicant-optimal stable matching (applicant-proposing deferred acceptance with capacities). kandidaten: one SELECT returning (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8) by position, one row per acceptable pair; kapazitaeten: one SELECT returning (angebot bigint, plaetze int). Applicants rank by praeferenz desc, ties angebot asc; offers by prioritaet desc, ties los(seed, bewerber) asc (splitmix64 of seed XOR bewerber), then bewerber asc. Runs the queries as the caller. Errors: 42601 not one statement, 42P11 not a plain SELECT, 42804 wrong columns, 22004 NULL, 22023 NaN, 22003 negative seats, 23505 duplicate capacity row, 23503 offer without capacity row, 21000 duplicate pair, 22004 a NULL argument, 54000 more pairs or capacity rows than kaoa.zuteilung_max_paare (default 20 million; checked while reading).';

CREATE FUNCTION kaoa.zuteilung_berechnen(kommune text, schuljahr integer, k integer DEFAULT 50, seed bigint DEFAULT 0)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'kaoa_zuteilung_berechnen' LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY INVOKER;
COMMENT ON FUNCTION kaoa.zuteilung_berechnen(text, integer, integer, bigint) IS
    'Computes and stores a proposed assignment for the open young people of a Kommune and school year (a case in ohne_anschluss, in_beratung, nicht_angetreten or nicht_erreichbar, with a usable profile): each one''s top-k eligible offers with seats (praeferenz = passung, prioritaet = offer-side priority), the stable assignment, and the cutoff of every full offer. Returns the lauf_id. Run by the KoKo of the Kommune or the system (KA004 otherwise); a NULL argument is 22004, k <= 0 or a schuljahr outside 2000-2100 22023, k above 1000 54000, an unknown Kommune P0002; a k above the number of offers searches them all. A proposal for counsellors to discuss with each young person, never an automatic decision (Art. 22 DSGVO).';

-- ---------------------------------------------------------------------------------------------
-- The consent rule of bewerberprofil.
CREATE FUNCTION kaoa.bewerberprofil_pruefen() RETURNS trigger
    AS 'MODULE_PATHNAME', 'kaoa_bewerberprofil_pruefen' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kaoa.bewerberprofil_pruefen() IS
    'Trigger of kaoa.bewerberprofil: first, an organisation must hold the person''s current case (before a first case: have registered them; KA004, the same answer as for a person that does not exist, before anything about consents) to write or delete a profile; then it needs a consent of the person valid now that names its type (KA002); a consent given by anyone must belong to the person and be valid (KA002); kommune and person_id do not change (KA006).';
CREATE TRIGGER bewerberprofil_pruefen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.bewerberprofil
    FOR EACH ROW EXECUTE FUNCTION kaoa.bewerberprofil_pruefen();

-- ---------------------------------------------------------------------------------------------
-- Row-level security.
CREATE FUNCTION kaoa.angebot_schreibbar(kommune text, org_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_angebot_schreibbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.angebot_schreibbar(text, bigint) IS
    'Row-level security of kaoa.angebot: the system writes every offer, the KoKo those of its Kommune, any other organisation its own (org_id).';
CREATE FUNCTION kaoa.zuteilung_lesbar(kommune text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_zuteilung_lesbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.zuteilung_lesbar(text) IS
    'Row-level security of kaoa.zuteilung_grenze: the system and every organisation of the Kommune (the runs themselves, with their exact sizes, are for the KoKo and the system: kaoa.kommune_verwaltbar).';

CREATE FUNCTION kaoa.profil_sichtbar(kommune text, person_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_profil_sichtbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.profil_sichtbar(text, bigint) IS
    'Row-level security of kaoa.bewerberprofil: the system and the organisation holding the person''s current case (before a first case: the school that registered them). The profile holds the home coordinates; every other organisation that sees the person gets distances from kaoa.passung_erklaert and the top_* searches.';

ALTER TABLE kaoa.bewerberprofil ENABLE ROW LEVEL SECURITY;
CREATE POLICY bewerberprofil_sichtbar ON kaoa.bewerberprofil
    USING (kaoa.profil_sichtbar(kommune, person_id))
    WITH CHECK (kaoa.profil_sichtbar(kommune, person_id));

ALTER TABLE kaoa.angebot ENABLE ROW LEVEL SECURITY;
CREATE POLICY angebot_lesen ON kaoa.angebot FOR SELECT USING (true);
CREATE POLICY angebot_anlegen ON kaoa.angebot FOR INSERT WITH CHECK (kaoa.angebot_schreibbar(kommune, org_id));
CREATE POLICY angebot_aendern ON kaoa.angebot FOR UPDATE
    USING (kaoa.angebot_schreibbar(kommune, org_id)) WITH CHECK (kaoa.angebot_schreibbar(kommune, org_id));
CREATE POLICY angebot_loeschen ON kaoa.angebot FOR DELETE USING (kaoa.angebot_schreibbar(kommune, org_id));

ALTER TABLE kaoa.gewichtung ENABLE ROW LEVEL SECURITY;
CREATE POLICY gewichtung_lesen ON kaoa.gewichtung FOR SELECT USING (true);
CREATE POLICY gewichtung_schreiben ON kaoa.gewichtung FOR ALL
    USING (kaoa.angebot_schreibbar(kommune, NULL)) WITH CHECK (kaoa.angebot_schreibbar(kommune, NULL));

ALTER TABLE kaoa.zuteilung_lauf ENABLE ROW LEVEL SECURITY;
-- a run's exact sizes (bewerber, kandidaten, zugeteilt) are for the KoKo of its Kommune and the
-- system only: compared across runs they isolate small groups; the others see no run row (the KoKo
-- and BI read the rounded kaoa.v_zuteilung, docs/roles-and-bi.md#small-counts)
CREATE POLICY zuteilung_lauf_lesen ON kaoa.zuteilung_lauf FOR SELECT USING (kaoa.kommune_verwaltbar(kommune));
CREATE POLICY zuteilung_lauf_loeschen ON kaoa.zuteilung_lauf FOR DELETE USING (kaoa.angebot_schreibbar(kommune, NULL));
ALTER TABLE kaoa.zuteilung ENABLE ROW LEVEL SECURITY;
CREATE POLICY zuteilung_lesen ON kaoa.zuteilung FOR SELECT USING (kaoa.person_sichtbar(kommune, person_id));
ALTER TABLE kaoa.zuteilung_grenze ENABLE ROW LEVEL SECURITY;
CREATE POLICY zuteilung_grenze_lesen ON kaoa.zuteilung_grenze FOR SELECT USING (kaoa.zuteilung_lesbar(kommune));

-- ---------------------------------------------------------------------------------------------
-- What kaoa.akteur_anlegen, kaoa.system_zugang and kaoa.bi_zugang grant on the matching tables
-- (row-level security above decides which rows).
-- Organisations never get DELETE on these tables (it would let them lock a table every Kommune
-- shares in any mode): they delete through the owner-run functions below.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', o, r, true
  FROM (VALUES ('kaoa.bewerberprofil', 'SELECT'), ('kaoa.angebot', 'SELECT, INSERT, UPDATE'),
               ('kaoa.gewichtung', 'SELECT'), ('kaoa.zuteilung_lauf', 'SELECT'),
               ('kaoa.zuteilung', 'SELECT'), ('kaoa.zuteilung_grenze', 'SELECT')) AS v(o, r);
-- every type that works with young people records their profiles (under their consent)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bewerberprofil', 'SELECT, INSERT, UPDATE', true
  FROM unnest(ARRAY['schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'koko', 'kammer',
                    'traeger', 'betrieb']) AS t;
-- the KoKo sets its Kommune's weights (back to the defaults by setting them) and deletes old runs
-- (kaoa.zuteilung_lauf_loeschen)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES
    ('koko', 'kaoa.gewichtung', 'SELECT, INSERT, UPDATE', true),
    ('koko', 'kaoa.zuteilung_lauf', 'SELECT', true);
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.bewerberprofil', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.angebot', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.gewichtung', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.zuteilung_lauf', 'SELECT, DELETE'),
               ('kaoa.zuteilung', 'SELECT'),
               ('kaoa.zuteilung_grenze', 'SELECT')) AS v(o, r);

-- ---------------------------------------------------------------------------------------------
-- Deleting without the DELETE privilege: each function deletes as the owner exactly the rows the
-- caller's row-level security would let it delete (the same predicate as the table's policy; the
-- rule triggers still see the caller as the actor) and returns how many — 0 for a row that does
-- not exist or that the caller may not delete, as a DELETE under row-level security would.
CREATE FUNCTION kaoa.angebot_loeschen(angebot_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.angebot a
                WHERE a.angebot_id OPERATOR(pg_catalog.=) angebot_loeschen.angebot_id
                  AND kaoa.angebot_schreibbar(a.kommune, a.org_id)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.angebot_loeschen(bigint) IS
    'Deletes an offer the caller may write (the system: any; the KoKo: its Kommune''s; an organisation: its own); returns the number deleted (0 for an offer that does not exist or is not the caller''s).';

CREATE FUNCTION kaoa.bewerberprofil_loeschen(person_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.bewerberprofil b
                WHERE b.person_id OPERATOR(pg_catalog.=) bewerberprofil_loeschen.person_id
                  AND kaoa.person_sichtbar(b.kommune, b.person_id)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.bewerberprofil_loeschen(bigint) IS
    'Deletes the matching profile of a person (for example when the young person withdraws the consent): the organisation holding the person''s current case and system roles; another organisation that sees the person gets KA004; returns the number deleted (0 for none, or a person the caller does not see).';

CREATE FUNCTION kaoa.zuteilung_lauf_loeschen(lauf_id bigint) RETURNS integer
    LANGUAGE sql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH d AS (DELETE FROM kaoa.zuteilung_lauf l
                WHERE l.lauf_id OPERATOR(pg_catalog.=) zuteilung_lauf_loeschen.lauf_id
                  AND kaoa.angebot_schreibbar(l.kommune, NULL)
               RETURNING 1)
    SELECT pg_catalog.count(*)::integer FROM d;
END;
COMMENT ON FUNCTION kaoa.zuteilung_lauf_loeschen(bigint) IS
    'Deletes an assignment run with its proposals and cutoffs (the KoKo of its Kommune, the system); returns the number of runs deleted (0 for a run that does not exist or is another Kommune''s).';

-- Who may call what: every organisation and the system.  Each function decides what the caller
-- covers — the scores and searches only persons it may see, zuteilung_berechnen the KoKo of the
-- Kommune and the system (KA004 with a reason for anyone else), the deleting functions only rows
-- row-level security lets it reach — and the policies call the two predicates as the caller.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.passung(bigint, bigint)', 'kaoa.passung_erklaert(bigint, bigint)',
                    'kaoa.prioritaet(bigint, bigint)', 'kaoa.matching_statistik()',
                    'kaoa.top_angebote(bigint, integer)', 'kaoa.top_bewerber(bigint, integer)',
                    'kaoa.stabile_zuteilung(text, text, bigint)',
                    'kaoa.zuteilung_berechnen(text, integer, integer, bigint)',
                    'kaoa.angebot_schreibbar(text, bigint)', 'kaoa.zuteilung_lesbar(text)',
                    'kaoa.profil_sichtbar(text, bigint)', 'kaoa.angebot_loeschen(bigint)', 'kaoa.bewerberprofil_loeschen(bigint)',
                    'kaoa.zuteilung_lauf_loeschen(bigint)']) AS f;
