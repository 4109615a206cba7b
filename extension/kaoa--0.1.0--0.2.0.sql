-- kaoa 0.1.0 -> 0.2.0: run by ALTER EXTENSION kaoa UPDATE.
--
-- Every change of an SQL object made after the 0.1.0 release goes into extension/NNN_*.sql (the
-- fresh install) *and* here, in the same commit.  test/scripts/upgrade.sh installs 0.1.0 from the
-- frozen extension/kaoa--0.1.0.sql, fills it, runs this script and compares the catalogue of schema
-- kaoa with a fresh 0.2.0 install, object by object; a change written in one place only fails it.
--
-- Rules for this file: name every object schema-qualified; new columns go at the end of their table
-- (the fresh install's CREATE TABLE lists them last too); CREATE OR REPLACE keeps grants, DROP +
-- CREATE does not (re-grant what rolle_recht grants); one section per change, with the issue it
-- belongs to.

\echo Use "ALTER EXTENSION kaoa UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------------------------------
-- issue 11 (docs in the repository): catalogue comments no longer cite documents outside the
-- repository, nor README sections that moved to docs/ (same texts as in extension/NNN_*.sql).
COMMENT ON FUNCTION kaoa.erfuellungsgrad(kaoa.kompetenzen, kaoa.kompetenzen) IS
    'How far hat meets the requirements braucht, as matching uses it: over the dimensions required (> 0), credit 1 where hat''s level reaches the requirement, 0.5 where hat''s level is 0 (unknown), else 0; the mean credit; 1 when nothing is required.';
COMMENT ON TYPE kaoa.fall_status IS
    'State of a transition case; the allowed transitions are enforced by the case trigger.';
COMMENT ON VIEW kaoa.bi_zellen IS
    'Internal: the cells of kaoa.v_verbleib and kaoa.v_kette with their true counts and whether each is hidden (primary and complementary suppression, see docs/roles-and-bi.md). Not granted to anyone; the views read it with the owner''s rights.';
COMMENT ON VIEW kaoa.v_verbleib IS
    'Verbleib per Kommune, school year and school: cases by the recorded anschluss and its sector (OHNE: no anschluss recorded). anzahl NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see docs/roles-and-bi.md).';
COMMENT ON VIEW kaoa.v_kette IS
    'The chain per Kommune, school year and status: cases, and of them those with an overdue open hand-off. Counts NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see docs/roles-and-bi.md).';
COMMENT ON TABLE kaoa.bewerberprofil IS
    'Matching profile of a young person: occupation wishes (most wanted first, at most 10), RIASEC interests, Potenzialanalyse competences, location, commuting limit max_km, availability. Written by an organisation only with the young person''s consent (einwilligung_id naming the organisation''s type; KA002 otherwise); a system import may leave einwilligung_id NULL. A profile whose consent was revoked is not used for matching. Visible like the person''s cases.';
COMMENT ON TABLE kaoa.angebot IS
    'Apprenticeship offers: occupation (KldB), minimum qualification (hard: excludes applicants below it), RIASEC profile, competence requirements, location, start, seats. Published information: every actor reads all of them (commuting across Kreis borders is normal); the system and the KoKo of the Kommune write them, an organisation its own.';
COMMENT ON TABLE kaoa.gewichtung IS
    'Weights of the matching components for the applicants of one Kommune; each finite and >= 0, sum > 0; the score is 100 · Σ weight · component / Σ weight. No row: beruf 35, interessen 15, weg 20, abschluss 15, beginn 5, kompetenzen 10.';
COMMENT ON FUNCTION kaoa.passung(bigint, bigint) IS
    'Matching score 0-100 of a young person for an offer: 100 · Σ weight · component / Σ weight over beruf, interessen, weg, abschluss, beginn, kompetenzen with the weights of the person''s Kommune. NULL when the pair is excluded (ABSCHLUSS, DISTANZ, BEGINN) or the person has no usable profile. KA004 for a person the caller may not see, P0002 for an unknown offer.';
COMMENT ON FUNCTION kaoa.prioritaet(bigint, bigint) IS
    'Offer-side priority 0-100 of a young person at an offer: 100 · (40 kompetenzen + 35 abschluss + 15 interessen + 10 weg) / 100 — what kaoa.zuteilung_berechnen ranks applicants by and what the cutoff is compared with. NULL when excluded or without a usable profile.';
COMMENT ON FUNCTION kaoa.stabile_zuteilung(text, text, bigint) IS
    'Applicant-optimal stable matching (applicant-proposing deferred acceptance with capacities). kandidaten: one SELECT returning (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8) by position, one row per acceptable pair; kapazitaeten: one SELECT returning (angebot bigint, plaetze int). Applicants rank by praeferenz desc, ties angebot asc; offers by prioritaet desc, ties los(seed, bewerber) asc (splitmix64 of seed XOR bewerber), then bewerber asc. Runs the queries as the caller. Errors: 42601 not one statement, 42P11 not a plain SELECT, 42804 wrong columns, 22004 NULL, 22023 NaN, 22003 negative seats, 23505 duplicate capacity row, 23503 offer without capacity row, 21000 duplicate pair, 22004 a NULL argument.';
COMMENT ON COLUMN kaoa.berufsfeld.kldb IS
    'KldB 2010 branches (2- or 3-digit codes) whose occupations belong to the field: a code k lies in the field when k <@ one of them. Fields may overlap. The mapping shipped with kaoa is an inference (docs/sbo.md).';
COMMENT ON FUNCTION kaoa.bewerberprofil_aus_sbo(bigint) IS
    'Proposes (never writes) the matching profile''s wuensche from the newest Anschlussvereinbarung (vereinbarung_id) and kompetenzen from the newest attended Potenzialanalyse that recorded them (teilnahme_id); NULL where the SBO data has none. Apply it to kaoa.bewerberprofil with the young person''s consent (docs/sbo.md). For the system and organisations that see the person.';

-- ---- issue 10, class 2: identity only for the school that holds the current case ---------------------
-- (the predicates are C: src/kette/kette_sicht.c; only their descriptions change here)
COMMENT ON TABLE kaoa.person_identitaet IS
    'Identity of a person, kept apart so it can be protected and deleted alone: read and written directly only by the school or Berufskolleg that holds the person''s current case and is its school (before the first case: the school that registered them); receivers read what their legal basis transferred through kaoa.uebergabe_daten.';
COMMENT ON FUNCTION kaoa.identitaet_sichtbar(text, bigint) IS
    'May the current role read and write this identity directly: the system; the school or Berufskolleg that holds the person''s current case and is its school (before the first case: the school that registered them). Every other organisation reads what a hand-off''s legal basis transferred (kaoa.uebergabe_daten).';
COMMENT ON FUNCTION kaoa.fall_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.fall: who creates and changes a case (a school opens cases only for itself and only for a person whose current case it holds, or whom it registered before a first case; a case for a person held elsewhere comes from the system or by a hand-off), the state machine and its preconditions, fixed columns (KA001, KA004, KA006, KA009, KA010).';
COMMENT ON FUNCTION kaoa.person_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.person: schools register persons; the school keeping the identity changes the row (KA004 for others); key columns and a recorded objection never change; birth month cut to the 1st.';
COMMENT ON FUNCTION kaoa.identitaet_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.person_identitaet: only the school or Berufskolleg that holds the person''s current case and is its school writes it (before the first case: the school that registered the person; KA004 for others), only the system deletes it.';

-- ---- issue 10, class 3: what a hand-off transferred, read within bounds, deleted when nobody may read it ---
-- What a hand-off transferred (issue 10, class 3): the fields its legal basis lets the receiver read,
-- with their values when the hand-off was sent.  kaoa.uebergabe_daten returns this, not the current
-- identity.  Only the extension owner reads and writes the table (kaoa's own functions, as the
-- owner); kaoa.loeschfristen_anwenden deletes a row once nobody may read it any more
-- (kaoa.loeschtermine).  Like the log it carries no foreign key: kaoa writes it with the keys of the
-- hand-off row it has just checked (and a key to kaoa.uebergabe would let TRUNCATE of that table
-- fail with 0A000 before its append-only guard answers).
CREATE TABLE kaoa.uebergabe_inhalt (
    kommune      text NOT NULL,
    uebergabe_id bigint NOT NULL,
    daten        jsonb NOT NULL,
    erfasst_am   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kommune, uebergabe_id)
);
CREATE INDEX uebergabe_inhalt_uebergabe_id ON kaoa.uebergabe_inhalt (uebergabe_id);
COMMENT ON TABLE kaoa.uebergabe_inhalt IS
    'What a hand-off transferred: the fields its legal basis lets the receiver read, with their values when it was sent (written with the hand-off). Read only through kaoa.uebergabe_daten, within its bounds; no role but the extension owner reads the table. Deleted by kaoa.loeschfristen_anwenden once nobody may read it (kaoa.loeschtermine).';
COMMENT ON COLUMN kaoa.uebergabe_inhalt.daten IS 'A flat object with exactly the fields of the basis (for a consent: its daten within the consent list); null for a value not recorded at sending.';
COMMENT ON COLUMN kaoa.uebergabe_inhalt.erfasst_am IS 'When the values were taken: the sending (for hand-offs of 0.1.0: the update to 0.2.0).';
SELECT pg_catalog.pg_extension_config_dump('kaoa.uebergabe_inhalt', '');
ALTER TABLE kaoa.uebergabe_inhalt ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE kaoa.uebergabe_inhalt FROM PUBLIC;
-- Hand-offs of 0.1.0 had no content of their own: those still readable (open or accepted; statutory
-- within six months of sending; consent not revoked) get the basis's fields as they are now.
INSERT INTO kaoa.uebergabe_inhalt (kommune, uebergabe_id, daten, erfasst_am)
SELECT u.kommune, u.uebergabe_id,
       COALESCE((SELECT pg_catalog.jsonb_object_agg(k.k, a.alle -> k.k)
                   FROM pg_catalog.unnest(CASE u.rechtsgrundlage
                            WHEN 'schuldueg_1_1' THEN ARRAY['nachname', 'vorname', 'geburtsdatum', 'geschlecht', 'anschrift', 'schulform', 'abschluss']
                            WHEN 'sgb3_31a_2' THEN ARRAY['nachname', 'vorname', 'geburtsdatum', 'anschrift']
                            WHEN 'schulg_120' THEN ARRAY['nachname', 'vorname', 'geburtsdatum', 'anschrift', 'abschluss']
                            WHEN 'sgb10_69' THEN ARRAY['nachname', 'vorname', 'geburtsdatum', 'anschrift', 'abschluss', 'anschluss']
                            ELSE ARRAY(SELECT x.x FROM pg_catalog.unnest(ARRAY['nachname', 'vorname', 'geburtsdatum', 'anschrift', 'abschluss', 'anschluss'])
                                                      WITH ORDINALITY x(x, n)
                                        WHERE e.daten IS NULL OR x.x = ANY (e.daten) ORDER BY x.n) END) k(k)),
                '{}'::jsonb),
       pg_catalog.now()
  FROM kaoa.uebergabe u
  JOIN kaoa.fall f ON f.kommune = u.kommune AND f.fall_id = u.fall_id
  LEFT JOIN kaoa.person_identitaet i ON i.kommune = f.kommune AND i.person_id = f.person_id
  LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id
  CROSS JOIN LATERAL (SELECT pg_catalog.jsonb_build_object(
                          'nachname', i.nachname, 'vorname', i.vorname,
                          'geburtsdatum', pg_catalog.to_char(i.geburtsdatum, 'YYYY-MM-DD'),
                          'geschlecht', i.geschlecht, 'anschrift', i.anschrift, 'schulform', f.schulform,
                          'abschluss', f.abschluss::text, 'anschluss', f.anschluss) AS alle) a
 WHERE (u.uebernommen_am IS NOT NULL OR (u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL))
   AND CASE WHEN u.rechtsgrundlage = 'einwilligung' THEN e.widerrufen_am IS NULL OR e.widerrufen_am > pg_catalog.now()
            ELSE u.gesendet_am + interval '6 months' > pg_catalog.now() END;

-- When kaoa deletes what (issue 10, classes 3 and 10): one row per deletable part of a person, with
-- the day it goes.  kaoa.loeschfristen_anwenden deletes every part whose day has come, and
-- kaoa.auskunft reports the days, so both follow one rule.
--   identitaet  the person_identitaet: once all cases have been terminal (ausgenommen; angetreten
--               after its verbleib_stichtag) for the Kommune's aufbewahrung_monate, and in any case
--               the day after the current case's verbleib_stichtag lies 12 months back;
--   uebergabe   what a hand-off transferred (kaoa.uebergabe_inhalt): when nobody may read it any
--               more — the day of a decline or withdrawal, of the consent's revocation, six months
--               after sending under a statutory basis — and at the latest with the identity.
-- A status change moves the days; the view shows them as the data stands.  The CTEs are not
-- materialised, so a query for one person (kaoa.auskunft) reads that person's rows only.
CREATE VIEW kaoa.loeschtermine AS
WITH f AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id, f.schuljahr, f.status, f.status_seit::date AS seit,
           COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS vs,
           k.aufbewahrung_monate AS monate
      FROM kaoa.fall f
      JOIN kaoa.kommune k ON k.kommune = f.kommune
      LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr),
p AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id,
           least(CASE WHEN bool_and(f.status IN ('ausgenommen', 'angetreten'))
                      THEN (max(CASE WHEN f.status = 'ausgenommen' THEN f.seit ELSE greatest(f.seit, f.vs + 1) END)
                            + make_interval(months => max(f.monate)))::date END,
                 ((array_agg(f.vs ORDER BY f.schuljahr DESC))[1] + interval '12 months')::date + 1) AS identitaet_am
      FROM f GROUP BY f.kommune, f.person_id)
SELECT p.kommune, p.person_id, 'identitaet'::text AS teil, NULL::bigint AS uebergabe_id,
       p.identitaet_am AS loeschen_am
  FROM p
UNION ALL
SELECT u.kommune, p.person_id, 'uebergabe'::text, u.uebergabe_id,
       least(p.identitaet_am,
             CASE WHEN u.abgelehnt_am IS NOT NULL THEN u.abgelehnt_am::date
                  WHEN u.zurueckgezogen_am IS NOT NULL THEN u.zurueckgezogen_am::date
                  WHEN u.rechtsgrundlage = 'einwilligung' THEN e.widerrufen_am::date
                  ELSE (u.gesendet_am + interval '6 months')::date END)
  FROM kaoa.uebergabe u
  JOIN kaoa.fall f ON f.kommune = u.kommune AND f.fall_id = u.fall_id
  JOIN p ON p.kommune = f.kommune AND p.person_id = f.person_id
  LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id;
REVOKE ALL ON TABLE kaoa.loeschtermine FROM PUBLIC;
COMMENT ON VIEW kaoa.loeschtermine IS
    'When kaoa.loeschfristen_anwenden deletes which part of a person: teil identitaet (all cases terminal for aufbewahrung_monate, at the latest the day after the current case''s verbleib_stichtag lies 12 months back) and teil uebergabe (what a hand-off transferred: when nobody may read it any more, at the latest with the identity). The same rule reports the days in kaoa.auskunft. Read by the extension owner only.';

COMMENT ON FUNCTION kaoa.uebergabe_daten(bigint) IS
    'What the hand-off transferred: the fields its legal basis lets the receiver read, with their values when it was sent (a flat object with exactly those keys, null when unknown; kaoa.uebergabe_inhalt). For the receiver and the sender while the hand-off is open or accepted (not after a decline or withdrawal), under a statutory basis for six months after sending, under a consent until the consent is revoked (KA002); everyone else KA004, as for a hand-off that does not exist.';
COMMENT ON FUNCTION kaoa.loeschfristen_anwenden(date) IS
    'Deletes (and logs) the identities whose retention ended — all cases terminal for the Kommune''s aufbewahrung_monate, or the current case''s verbleib_stichtag more than 12 months back — and what hand-offs transferred once nobody may read it (kaoa.loeschtermine). Returns the number of identities deleted. System roles only.';

-- ---- issue 13 (ORMs): a fixed column is refused only when its value changes ------------------------
-- 0.1.0 refused any UPDATE naming a fixed column in its SET list, per statement, before any row;
-- a full-row UPDATE (Django's, SQLAlchemy's, Hibernate's Model.save()) repeats every stored value
-- and was refused too.  The rule triggers judge each row: a changed value keeps its code (KA006;
-- KA004 for zustaendig_org), a repeated one passes.
DROP TRIGGER fall_feste_spalten ON kaoa.fall;
DROP TRIGGER fall_zustaendig ON kaoa.fall;
DROP TRIGGER person_feste_spalten ON kaoa.person;
DROP TRIGGER einwilligung_feste_spalten ON kaoa.einwilligung;
COMMENT ON FUNCTION kaoa.nur_anfuegen() IS
    'BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT: refuses changes to the append-only history (KA006), even when no row matches. Fixed columns of other tables are judged per row by their rule triggers: a changed value is refused, a repeated one allowed.';
-- ---- SBO reference data: the shipped catalogue edition names its source by title (issue 11) ----
UPDATE kaoa.sbo_katalog_version
   SET quelle = 'SVWS-Server (Schulverwaltungssoftware NRW), Kataloge KAOAKategorie und KAOAMerkmal'
 WHERE version = 'svws_1' AND mitgeliefert;
COMMENT ON COLUMN kaoa.sbo_katalog_version.quelle IS 'Where the numbering comes from (the title of the catalogue).';
-- ---- issue 10, class 7: visibility first, a hidden row answers like a missing one --------------------
COMMENT ON FUNCTION kaoa.bewerberprofil_pruefen() IS
    'Trigger of kaoa.bewerberprofil: first, an organisation must see the person (KA004, the same answer as for a person that does not exist, before anything about consents); then it needs a consent of the person valid now that names its type (KA002); a consent given by anyone must belong to the person and be valid (KA002); kommune and person_id do not change (KA006).';
-- ---------------------------------------------------------------------------------------------
-- issue 10 class 4 (small counts): one suppression for every count the BI views publish — each
-- count rounded to a multiple of the Kommune's min_fallzahl, the counts of one family together
-- (kaoa.bi_runden, docs/roles-and-bi.md#small-counts); every view selects from a function that
-- runs as the owner, so EXPLAIN ANALYZE by a reader shows no table; min_fallzahl has a floor of 3
-- that only the DBA can lower.  The views' columns change type (counts integer, status text), so
-- they are dropped and created anew; the grants of roles registered under 0.1.0 come back in the
-- last section of this script.
DROP VIEW kaoa.v_kette;
DROP VIEW kaoa.v_verbleib;
DROP VIEW kaoa.bi_zellen;
DROP VIEW kaoa.v_zuteilung;
DROP VIEW kaoa.v_sbo;
DROP FUNCTION kaoa.sbo_uebersicht();
DELETE FROM kaoa.rolle_recht WHERE objekt = 'kaoa.sbo_uebersicht()' AND mitgeliefert;

CREATE FUNCTION kaoa.bi_runden(anzahl bigint, min_fallzahl integer, a text[], b text[]) RETURNS bigint
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_bi_runden';
COMMENT ON FUNCTION kaoa.bi_runden(bigint, integer, text[], text[]) IS
    'Window function: the rows of one window partition are the atoms of one family of published counts (anzahl each; a and b their paths in the family''s two trees of groups, coarse to fine). Returns this row''s count rounded to a multiple of min_fallzahl such that every group of either tree and the total, summed from the rounded atoms, is a multiple next to its true count (controlled rounding). The same data gives the same numbers in any row order.';

CREATE FUNCTION kaoa.bi_zeigen(anzahl bigint, gerundet bigint, min_fallzahl integer) RETURNS integer
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_bi_zeigen';
COMMENT ON FUNCTION kaoa.bi_zeigen(bigint, bigint, integer) IS
    'What a BI view publishes for one cell whose true count is anzahl and whose controlled-rounded value (the sum of its atoms rounded by kaoa.bi_runden) is gerundet: NULL when anzahl is 1 … min_fallzahl − 1 (the row stays), else gerundet. Refuses a gerundet that is no multiple of min_fallzahl next to anzahl (22023).';

CREATE FUNCTION kaoa.bi_faelle()
    RETURNS TABLE (kommune text, schuljahr integer, schule_org bigint, anschluss text, status text,
                   ueberfaellig boolean, anzahl bigint, wahr bigint, min_fallzahl integer)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH fall AS (
        SELECT f.kommune, f.schuljahr, f.schule_org, f.anschluss, f.status::text AS status,
               EXISTS (SELECT 1 FROM kaoa.uebergabe u
                        WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id
                          AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL
                          AND u.zurueckgezogen_am IS NULL
                          AND u.faellig_am < (pg_catalog.now() AT TIME ZONE 'Europe/Berlin')::date) AS ueberfaellig
          FROM kaoa.fall f
         WHERE f.kommune IN (SELECT kaoa.bi_kommunen())),
    atom AS (
        SELECT f.kommune, f.schuljahr, f.schule_org, f.anschluss, f.status, f.ueberfaellig, pg_catalog.count(*) AS n
          FROM fall f
         GROUP BY f.kommune, f.schuljahr, f.schule_org, f.anschluss, f.status, f.ueberfaellig)
    SELECT a.kommune, a.schuljahr, a.schule_org, a.anschluss, a.status, a.ueberfaellig,
           kaoa.bi_runden(a.n, k.min_fallzahl, ARRAY[a.schule_org::text, a.anschluss],
                          ARRAY[a.status, a.ueberfaellig::text])
               OVER (PARTITION BY a.kommune, a.schuljahr),
           a.n, k.min_fallzahl
      FROM atom a JOIN kaoa.kommune k ON k.kommune = a.kommune;
END;
COMMENT ON FUNCTION kaoa.bi_faelle() IS
    'Internal: the cases of the Kommunen of kaoa.bi_kommunen() as atoms (Kommune, school year, school, Anschluss, status, overdue hand-off) with their counts rounded as one family per Kommune and school year (kaoa.bi_runden), their true counts (wahr) and the Kommune''s min_fallzahl. The body of kaoa.bi_kette and kaoa.bi_verbleib; granted to no one (no kaoa.rolle_recht row names it).';

CREATE FUNCTION kaoa.bi_kette()
    RETURNS TABLE (kommune text, schuljahr integer, status text, anzahl integer, ueberfaellig integer)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT a.kommune, a.schuljahr, a.status,
           kaoa.bi_zeigen(pg_catalog.sum(a.wahr)::bigint, pg_catalog.sum(a.anzahl)::bigint, a.min_fallzahl),
           kaoa.bi_zeigen(COALESCE(pg_catalog.sum(a.wahr) FILTER (WHERE a.ueberfaellig), 0)::bigint,
                          COALESCE(pg_catalog.sum(a.anzahl) FILTER (WHERE a.ueberfaellig), 0)::bigint, a.min_fallzahl)
      FROM kaoa.bi_faelle() a
     GROUP BY a.kommune, a.schuljahr, a.status, a.min_fallzahl
     ORDER BY a.kommune, a.schuljahr, a.status;
END;
COMMENT ON FUNCTION kaoa.bi_kette() IS
    'The body of kaoa.v_kette: cases per Kommune, school year and status, and of them those with an overdue open hand-off, rounded (kaoa.bi_faelle); a count whose true value is 1 … min_fallzahl − 1 is NULL (kaoa.bi_zeigen). Runs as the extension owner; covers the Kommunen of kaoa.bi_kommunen().';

CREATE FUNCTION kaoa.bi_verbleib()
    RETURNS TABLE (kommune text, schuljahr integer, schule_org bigint, sektor text, anschluss text, anzahl integer)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT a.kommune, a.schuljahr, a.schule_org, COALESCE(k.sektor, 'OHNE'), a.anschluss,
           kaoa.bi_zeigen(pg_catalog.sum(a.wahr)::bigint, pg_catalog.sum(a.anzahl)::bigint, a.min_fallzahl)
      FROM kaoa.bi_faelle() a LEFT JOIN kaoa.anschluss_kategorie k ON k.code = a.anschluss
     GROUP BY a.kommune, a.schuljahr, a.schule_org, k.sektor, a.anschluss, a.min_fallzahl
     ORDER BY a.kommune, a.schuljahr, a.schule_org, a.anschluss;
END;
COMMENT ON FUNCTION kaoa.bi_verbleib() IS
    'The body of kaoa.v_verbleib: cases per Kommune, school year, school and recorded Anschluss with its sector, rounded (kaoa.bi_faelle); a count whose true value is 1 … min_fallzahl − 1 is NULL (kaoa.bi_zeigen). Runs as the extension owner; covers the Kommunen of kaoa.bi_kommunen().';

CREATE VIEW kaoa.v_verbleib AS
SELECT v.kommune, v.schuljahr, v.schule_org, v.sektor, v.anschluss, v.anzahl FROM kaoa.bi_verbleib() v;
COMMENT ON VIEW kaoa.v_verbleib IS
    'Verbleib der Schulabgängerinnen und Schulabgänger je Kommune, Schuljahr und Schule: Fälle nach erfasstem Anschluss und dessen Sektor. Eine Zahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind auf Vielfache der Mindestfallzahl der Kommune gerundet (kontrollierte Rundung, mit v_kette abgestimmt).';
COMMENT ON COLUMN kaoa.v_verbleib.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_verbleib.schuljahr IS 'Schuljahr, angegeben mit seinem Anfangsjahr (2025 = 2025/26).';
COMMENT ON COLUMN kaoa.v_verbleib.schule_org IS 'Abgebende Schule: org_id, verknüpfbar mit v_organisation.org_id.';
COMMENT ON COLUMN kaoa.v_verbleib.sektor IS 'Sektor des Anschlusses (AUSBILDUNG, UEBERGANG, HZB, STUDIUM, SONSTIGE; OHNE = noch kein Anschluss erfasst), Bezeichnungen in v_code_sektor.';
COMMENT ON COLUMN kaoa.v_verbleib.anschluss IS 'Erfasster Anschluss (Code aus v_code_anschluss); leer, wenn noch keiner erfasst ist.';
COMMENT ON COLUMN kaoa.v_verbleib.anzahl IS 'Anzahl der Fälle, gerundet auf ein Vielfaches der Mindestfallzahl (weicht um weniger als diese vom wahren Wert ab); leer, wenn es 1 bis Mindestfallzahl − 1 Fälle sind.';

CREATE VIEW kaoa.v_kette AS
SELECT k.kommune, k.schuljahr, k.status, k.anzahl, k.ueberfaellig FROM kaoa.bi_kette() k;
COMMENT ON VIEW kaoa.v_kette IS
    'Die Verantwortungskette je Kommune, Schuljahr und Fallstatus: Fälle und davon die mit einer überfälligen offenen Übergabe. Eine Zahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind auf Vielfache der Mindestfallzahl der Kommune gerundet (kontrollierte Rundung, mit v_verbleib abgestimmt).';
COMMENT ON COLUMN kaoa.v_kette.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_kette.schuljahr IS 'Schuljahr, angegeben mit seinem Anfangsjahr (2025 = 2025/26).';
COMMENT ON COLUMN kaoa.v_kette.status IS 'Fallstatus (Code aus v_code_fallstatus).';
COMMENT ON COLUMN kaoa.v_kette.anzahl IS 'Anzahl der Fälle in diesem Status, gerundet auf ein Vielfaches der Mindestfallzahl; leer, wenn es 1 bis Mindestfallzahl − 1 Fälle sind.';
COMMENT ON COLUMN kaoa.v_kette.ueberfaellig IS 'Davon Fälle mit einer offenen Übergabe, deren Antwortfrist abgelaufen ist, gerundet wie anzahl (nie größer als anzahl); leer, wenn es 1 bis Mindestfallzahl − 1 Fälle sind.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.bi_kette()', 'kaoa.bi_verbleib()']) AS f;

CREATE FUNCTION kaoa.bi_zuteilung()
    RETURNS TABLE (kommune text, lauf_id bigint, schuljahr integer, zeit timestamptz, zugeteilt boolean,
                   berufsbereich text, anzahl integer, passung_mittel numeric)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH atom AS (
        SELECT l.kommune, l.lauf_id, l.schuljahr, l.zeit, z.angebot_id IS NOT NULL AS zugeteilt,
               pg_catalog.substr(o.kldb::text, 1, 1) AS berufsbereich,
               pg_catalog.count(*) AS n, pg_catalog.avg(z.passung) AS passung
          FROM kaoa.zuteilung_lauf l
          JOIN kaoa.zuteilung z ON z.kommune = l.kommune AND z.lauf_id = l.lauf_id
          LEFT JOIN kaoa.angebot o ON o.angebot_id = z.angebot_id
         WHERE l.kommune IN (SELECT kaoa.bi_kommunen())
         GROUP BY l.kommune, l.lauf_id, l.schuljahr, l.zeit, z.angebot_id IS NOT NULL,
                  pg_catalog.substr(o.kldb::text, 1, 1)),
    gerundet AS (
        SELECT a.*, k.min_fallzahl,
               kaoa.bi_runden(a.n, k.min_fallzahl, ARRAY[a.zugeteilt::text, a.berufsbereich], '{}'::text[])
                   OVER (PARTITION BY a.kommune, a.lauf_id) AS anzahl
          FROM atom a JOIN kaoa.kommune k ON k.kommune = a.kommune)
    SELECT g.kommune, g.lauf_id, g.schuljahr, g.zeit, g.zugeteilt, g.berufsbereich,
           kaoa.bi_zeigen(g.n, g.anzahl, g.min_fallzahl),
           CASE WHEN kaoa.bi_zeigen(g.n, g.anzahl, g.min_fallzahl) >= 2 * g.min_fallzahl
                THEN pg_catalog.round(g.passung::numeric, 1) END
      FROM gerundet g
     ORDER BY g.kommune, g.lauf_id, g.zugeteilt, g.berufsbereich;
END;
COMMENT ON FUNCTION kaoa.bi_zuteilung() IS
    'The body of kaoa.v_zuteilung: per Kommune and assignment run the young people proposed a place by the offer''s Berufsbereich and those without one, rounded as one family per run (kaoa.bi_runden), NULL where the true count is 1 … min_fallzahl − 1 (kaoa.bi_zeigen), with the mean passung where the published count is at least twice min_fallzahl. Runs as the extension owner; covers the Kommunen of kaoa.bi_kommunen().';

CREATE VIEW kaoa.v_zuteilung AS
SELECT z.kommune, z.lauf_id, z.schuljahr, z.zeit, z.zugeteilt, z.berufsbereich, z.anzahl, z.passung_mittel
  FROM kaoa.bi_zuteilung() z;
COMMENT ON VIEW kaoa.v_zuteilung IS
    'Zuteilungsläufe je Kommune: junge Menschen mit einem vorgeschlagenen Ausbildungsplatz (zugeteilt) nach Berufsbereich des Angebots und ohne Vorschlag, mit der mittleren Passung. Vorschläge, keine Entscheidungen (Art. 22 DSGVO). Eine Anzahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind je Lauf auf Vielfache der Mindestfallzahl gerundet (kontrollierte Rundung).';
COMMENT ON COLUMN kaoa.v_zuteilung.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_zuteilung.lauf_id IS 'Nummer des Zuteilungslaufs.';
COMMENT ON COLUMN kaoa.v_zuteilung.schuljahr IS 'Schuljahr, für das der Lauf gerechnet wurde (Anfangsjahr: 2025 = 2025/26).';
COMMENT ON COLUMN kaoa.v_zuteilung.zeit IS 'Zeitpunkt des Laufs.';
COMMENT ON COLUMN kaoa.v_zuteilung.zugeteilt IS 'Wahr: ein Ausbildungsplatz wurde vorgeschlagen; falsch: kein Platz unter den besten Kandidaten.';
COMMENT ON COLUMN kaoa.v_zuteilung.berufsbereich IS 'Berufsbereich des vorgeschlagenen Angebots (erste Stelle der KldB 2010, Bezeichnungen in v_code_berufsbereich); leer ohne Vorschlag.';
COMMENT ON COLUMN kaoa.v_zuteilung.anzahl IS 'Anzahl junger Menschen, gerundet auf ein Vielfaches der Mindestfallzahl; leer, wenn es 1 bis Mindestfallzahl − 1 sind.';
COMMENT ON COLUMN kaoa.v_zuteilung.passung_mittel IS 'Mittlere Passung (0–100) der Vorschläge; nur angegeben, wenn anzahl mindestens das Doppelte der Mindestfallzahl beträgt.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_zuteilung()', 'EXECUTE', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;

CREATE FUNCTION kaoa.bi_sbo()
    RETURNS TABLE (kommune text, schuljahr integer, schule_org bigint, jahrgang integer, element text,
                   schueler integer, fehlend integer, ueberfaellig integer)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_bi_sbo';
COMMENT ON FUNCTION kaoa.bi_sbo() IS
    'The body of kaoa.v_sbo: per Kommune, school year, school, grade and required element the pupils it is due for, those missing it and those overdue, as of today (past school years: their last day), rounded as one family per Kommune and school year, NULL where the true count is 1 … min_fallzahl − 1 (docs/roles-and-bi.md). Reads as the extension owner; covers the Kommunen of kaoa.bi_kommunen().';

CREATE VIEW kaoa.v_sbo AS
SELECT u.kommune, u.schuljahr, u.schule_org, u.jahrgang, u.element, u.schueler, u.fehlend, u.ueberfaellig
  FROM kaoa.bi_sbo() u;
COMMENT ON VIEW kaoa.v_sbo IS
    'Standardelemente der Beruflichen Orientierung je Kommune, Schuljahr, Schule und Jahrgang: für jedes verpflichtende Element die Schülerinnen und Schüler, für die es fällig ist, davon die, denen es fehlt, und davon die, bei denen es überfällig ist, Stand heute (vergangene Schuljahre: ihr letzter Tag). Eine Zahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind auf Vielfache der Mindestfallzahl gerundet (kontrollierte Rundung).';
COMMENT ON COLUMN kaoa.v_sbo.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_sbo.schuljahr IS 'Schuljahr, angegeben mit seinem Anfangsjahr (2025 = 2025/26).';
COMMENT ON COLUMN kaoa.v_sbo.schule_org IS 'Schule: org_id, verknüpfbar mit v_organisation.org_id.';
COMMENT ON COLUMN kaoa.v_sbo.jahrgang IS 'Jahrgangsstufe (8, 9, 10).';
COMMENT ON COLUMN kaoa.v_sbo.element IS 'Standardelement (Code aus v_code_sbo_element).';
COMMENT ON COLUMN kaoa.v_sbo.schueler IS 'Schülerinnen und Schüler des Jahrgangs, für die das Element fällig ist, gerundet auf ein Vielfaches der Mindestfallzahl; leer, wenn es 1 bis Mindestfallzahl − 1 sind.';
COMMENT ON COLUMN kaoa.v_sbo.fehlend IS 'Davon die, denen das Element fehlt, gerundet (nie größer als schueler); leer, wenn es 1 bis Mindestfallzahl − 1 sind.';
COMMENT ON COLUMN kaoa.v_sbo.ueberfaellig IS 'Davon die, die den letzten Jahrgang des Elements schon hinter sich haben, gerundet (nie größer als fehlend); leer, wenn es 1 bis Mindestfallzahl − 1 sind.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_sbo()', 'EXECUTE', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;

COMMENT ON COLUMN kaoa.kommune.min_fallzahl IS 'A count of the kaoa.v_* views whose true value is 1 … this − 1 shows as NULL (the row stays); every other count is rounded to a multiple of this (docs/roles-and-bi.md). Below 3 only a superuser or the extension''s owner may set it.';

CREATE FUNCTION kaoa.kommune_schuetzen() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_kommune_schuetzen';
COMMENT ON FUNCTION kaoa.kommune_schuetzen() IS
    'BEFORE INSERT OR UPDATE on kaoa.kommune: a min_fallzahl below 3 is set only by a superuser or the extension''s owner (42501 for anyone else); keeping or raising a value is always allowed.';
CREATE TRIGGER kommune_schuetzen BEFORE INSERT OR UPDATE ON kaoa.kommune
    FOR EACH ROW EXECUTE FUNCTION kaoa.kommune_schuetzen();

REVOKE ALL ON FUNCTION kaoa.bi_runden(bigint, integer, text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_zeigen(bigint, bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_faelle() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_kette() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_verbleib() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_zuteilung() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bi_sbo() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.kommune_schuetzen() FROM PUBLIC;
REVOKE ALL ON TABLE kaoa.v_kette, kaoa.v_verbleib, kaoa.v_zuteilung, kaoa.v_sbo FROM PUBLIC;

-- ==== issue 14: measures the way a KoKo runs them — target groups, partners, registrations ====
-- (extension/100, 310, 320, 330, 360)

ALTER TABLE kaoa.massnahme
    ADD COLUMN anmeldung_bis date,
    ADD COLUMN nur_zielgruppe boolean NOT NULL DEFAULT false,
    ADD COLUMN warteliste boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN kaoa.massnahme.anmeldung_bis IS 'Last day (Europe/Berlin) an organisation may register a young person (kaoa.anmelden); NULL = the measure takes no registrations.';
COMMENT ON COLUMN kaoa.massnahme.nur_zielgruppe IS 'True: registrations outside the target group are refused (KA012); false: accepted and flagged in kaoa.anmeldung.abweichungen.';
COMMENT ON COLUMN kaoa.massnahme.warteliste IS 'True: once every place is zugesagt, registrations go on a waiting list that moves up when a place is freed; false: they are refused (KA011).';

-- Further target groups of a measure: its target group is the union of its own (jahrgaenge,
-- schulformen) and these rows (the programme of a Kreis open to grades 9-10 at Realschule,
-- Sekundarschule and Gesamtschule and to grades 10-12 at Gymnasium is one measure with two pairs).
CREATE TABLE kaoa.massnahme_zielgruppe (
    kommune        text NOT NULL,
    zielgruppe_id  bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id   bigint NOT NULL,
    schulformen    text[],
    jahrgaenge     int4range NOT NULL,
    PRIMARY KEY (kommune, zielgruppe_id),
    -- one pair per range of grades: two pairs with the same grades are one pair with both lists of
    -- school forms, and the grades name the pair (the natural key of kaoa import)
    CONSTRAINT massnahme_zielgruppe_schluessel UNIQUE (kommune, massnahme_id, jahrgaenge),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id) ON DELETE CASCADE,
    CONSTRAINT massnahme_zielgruppe_jahrgaenge CHECK (NOT isempty(jahrgaenge) AND NOT lower_inf(jahrgaenge)
                                                      AND NOT upper_inf(jahrgaenge)
                                                      AND lower(jahrgaenge) >= 1 AND upper(jahrgaenge) <= 14),
    CONSTRAINT massnahme_zielgruppe_schulformen CHECK (
        cardinality(schulformen) > 0 AND array_ndims(schulformen) = 1
        AND array_position(schulformen, NULL) IS NULL
        AND array_to_string(schulformen, ',') ~ '^[A-Z]{1,3}(,[A-Z]{1,3})*$')
);
CREATE INDEX massnahme_zielgruppe_zielgruppe_id ON kaoa.massnahme_zielgruppe (zielgruppe_id);
COMMENT ON TABLE kaoa.massnahme_zielgruppe IS
    'A further target group of a measure: the measure is open to the union of its own (jahrgaenge, schulformen) and these pairs. Participation flags, registrations, kaoa.massnahmen_ueberschneidungen and kaoa.massnahmen_luecken use the union. Kept by whoever keeps the measure; read like the measure.';
COMMENT ON COLUMN kaoa.massnahme_zielgruppe.schulformen IS 'School forms (IT.NRW keys) of this pair, stored sorted and without repeats; NULL = every school form.';
COMMENT ON COLUMN kaoa.massnahme_zielgruppe.jahrgaenge IS 'Grades of this pair, e.g. [10,12] for EF to Q2 (bounded, within 1–13).';

-- Who runs a measure together: the running organisation (massnahme.traeger_org) is always a partner
-- (rolle traeger) without a row here; these rows name the others.
CREATE TABLE kaoa.massnahme_partner (
    kommune      text NOT NULL,
    massnahme_id bigint NOT NULL,
    org_id       bigint NOT NULL,
    rolle        text NOT NULL DEFAULT 'partner' CONSTRAINT massnahme_partner_rolle CHECK (rolle IN ('traeger', 'partner')),
    PRIMARY KEY (kommune, massnahme_id, org_id),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id) ON DELETE CASCADE,
    FOREIGN KEY (kommune, org_id) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX massnahme_partner_org ON kaoa.massnahme_partner (kommune, org_id);
COMMENT ON TABLE kaoa.massnahme_partner IS
    'The organisations that run a measure with its traeger_org (which is always a partner, rolle traeger, without a row). Partners read the measure''s registrations and participations, register the young people they see, withdraw registrations and record participations; nothing else. Kept by whoever keeps the measure; read by every organisation of the Kommune.';
COMMENT ON COLUMN kaoa.massnahme_partner.rolle IS 'traeger: organises it jointly (e.g. an association with the KoKo); partner: takes part in running it (a Betrieb, a Kammer). Both have the same rights on the measure''s registrations and participations.';

-- Registrations of young people for a measure (kaoa.anmelden, kaoa.anmeldung_zurueckziehen): written
-- only through those functions, which serialise per measure by locking its row.
CREATE TABLE kaoa.anmeldung (
    kommune        text NOT NULL,
    anmeldung_id   bigint GENERATED ALWAYS AS IDENTITY,
    massnahme_id   bigint NOT NULL,
    person_id      bigint NOT NULL,
    angemeldet_am  timestamptz NOT NULL DEFAULT now(),
    angemeldet_von bigint,
    status         text NOT NULL CONSTRAINT anmeldung_status CHECK (status IN ('zugesagt', 'warteliste', 'zurueckgezogen')),
    status_am      timestamptz NOT NULL DEFAULT now(),
    abweichungen   text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (kommune, anmeldung_id),
    CONSTRAINT anmeldung_schluessel UNIQUE (kommune, massnahme_id, person_id),
    FOREIGN KEY (kommune, massnahme_id) REFERENCES kaoa.massnahme (kommune, massnahme_id),
    FOREIGN KEY (kommune, person_id) REFERENCES kaoa.person (kommune, person_id),
    FOREIGN KEY (kommune, angemeldet_von) REFERENCES kaoa.organisation (kommune, org_id)
);
CREATE INDEX anmeldung_anmeldung_id ON kaoa.anmeldung (anmeldung_id);
-- the queue of a measure: registrations by status in the order they came
CREATE INDEX anmeldung_reihe ON kaoa.anmeldung (kommune, massnahme_id, status, angemeldet_am, anmeldung_id);
CREATE INDEX anmeldung_person ON kaoa.anmeldung (kommune, person_id);
COMMENT ON TABLE kaoa.anmeldung IS
    'A young person''s registration for a measure: zugesagt (has a place), warteliste (waits, moves up when a place is freed, earliest first) or zurueckgezogen. Written only by kaoa.anmelden and kaoa.anmeldung_zurueckziehen; every change is logged in kaoa.ereignis. Read by the system, the KoKo, the measure''s partners, the school of the person''s current enrolment and the organisation that registered them.';
COMMENT ON COLUMN kaoa.anmeldung.angemeldet_am IS 'When the person was registered (the queue order of the waiting list; a new registration after a withdrawal starts anew).';
COMMENT ON COLUMN kaoa.anmeldung.angemeldet_von IS 'The organisation that registered the person; NULL for the system.';
COMMENT ON COLUMN kaoa.anmeldung.status IS 'zugesagt, warteliste or zurueckgezogen.';
COMMENT ON COLUMN kaoa.anmeldung.status_am IS 'When the status last changed.';
COMMENT ON COLUMN kaoa.anmeldung.abweichungen IS 'Why the person lies outside the target group at registration (kein_schulbesuch, jahrgang, schulform; the enrolment of the school year the measure starts in); empty = inside.';

SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme_zielgruppe', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.massnahme_zielgruppe', 'zielgruppe_id')::regclass, '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.massnahme_partner', '');
SELECT pg_catalog.pg_extension_config_dump('kaoa.anmeldung', '');
SELECT pg_catalog.pg_extension_config_dump(pg_catalog.pg_get_serial_sequence('kaoa.anmeldung', 'anmeldung_id')::regclass, '');

-- the log's new kinds: anmeldung, anmeldung_nachgerueckt, anmeldung_zurueckgezogen
ALTER TABLE kaoa.ereignis DROP CONSTRAINT ereignis_art_check;
ALTER TABLE kaoa.ereignis ADD CONSTRAINT ereignis_art_check CHECK (art IN (
        'fall_angelegt', 'status', 'aenderung', 'verbleib', 'uebergabe', 'uebernahme',
        'ablehnung', 'zuruecknahme', 'kontaktversuch', 'widerspruch', 'einwilligung',
        'widerruf', 'identitaet_geloescht', 'frist_ueberschritten', 'anmeldung',
        'anmeldung_nachgerueckt', 'anmeldung_zurueckgezogen'));
COMMENT ON TABLE kaoa.ereignis IS
    'The case log: one row per status change, hand-off, answer, contact attempt, Verbleib report, objection, consent, deletion, overdue hand-off, and registration for a measure (anmeldung, anmeldung_nachgerueckt, anmeldung_zurueckgezogen). Append-only; written by kaoa only.';

CREATE FUNCTION kaoa.massnahme_partner_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_partner_regeln';
COMMENT ON FUNCTION kaoa.massnahme_partner_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_partner: kept by the organisation running the measure, the KoKo and the system (KA004); kommune, massnahme_id, org_id fixed (KA006); the running organisation is a partner already (23514); rolle traeger or partner (23514).';
CREATE FUNCTION kaoa.massnahme_zielgruppe_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_massnahme_zielgruppe_regeln';
COMMENT ON FUNCTION kaoa.massnahme_zielgruppe_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_zielgruppe: kept by the organisation running the measure, the KoKo and the system (KA004); kommune, massnahme_id fixed (KA006); jahrgaenge within 1–13 and schulformen school-form keys (23514); schulformen stored sorted without repeats.';
CREATE FUNCTION kaoa.anmeldung_regeln() RETURNS trigger LANGUAGE C AS 'MODULE_PATHNAME', 'kaoa_anmeldung_regeln';
COMMENT ON FUNCTION kaoa.anmeldung_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.anmeldung: registrations change only through kaoa.anmelden and kaoa.anmeldung_zurueckziehen (KA006 for any other write, also by the system).';
COMMENT ON FUNCTION kaoa.massnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme: an organisation keeps the measures it runs, the KoKo and the system every measure of the Kommune (KA004); kommune fixed (KA006); empty or unbounded jahrgaenge, empty zeitraum or one without a start, negative plaetze 23514; unknown berufsfelder 23503; plaetze never below the registrations zugesagt (23514); more places move the waiting list up.';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_teilnahme: recorded by the current school, the KoKo, the system, or a partner of the measure for a person registered for it or one it sees (KA004); kommune, massnahme_id, person_id fixed (KA006); sets abweichungen against the union of the target group''s pairs (participation outside it is allowed and flagged).';

CREATE TRIGGER a_massnahme_partner_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_partner
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_partner_regeln();
CREATE TRIGGER a_massnahme_zielgruppe_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.massnahme_zielgruppe
    FOR EACH ROW EXECUTE FUNCTION kaoa.massnahme_zielgruppe_regeln();
CREATE TRIGGER a_anmeldung_regeln BEFORE INSERT OR UPDATE OR DELETE ON kaoa.anmeldung
    FOR EACH ROW EXECUTE FUNCTION kaoa.anmeldung_regeln();

CREATE FUNCTION kaoa.anmeldung_sichtbar(kommune text, massnahme_id bigint, person_id bigint, angemeldet_von bigint)
    RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_anmeldung_sichtbar';
COMMENT ON FUNCTION kaoa.anmeldung_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.anmeldung: the system; the KoKo of the Kommune; the partners of the measure (its traeger_org included); the organisation that registered the person (angemeldet_von); a school that sees the person. The same organisations may withdraw it.';
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_sichtbar(text, bigint, bigint) IS
    'Row-level security of kaoa.massnahme_teilnahme: the partners of the measure (its traeger_org included), and whoever may see the person''s SBO data (kaoa.sbo_sichtbar).';

ALTER TABLE kaoa.massnahme_partner ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_partner_sicht ON kaoa.massnahme_partner
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.massnahme_zielgruppe ENABLE ROW LEVEL SECURITY;
CREATE POLICY massnahme_zielgruppe_sicht ON kaoa.massnahme_zielgruppe
    USING (kaoa.massnahme_sichtbar(kommune)) WITH CHECK (true);

ALTER TABLE kaoa.anmeldung ENABLE ROW LEVEL SECURITY;
CREATE POLICY anmeldung_sicht ON kaoa.anmeldung
    USING (kaoa.anmeldung_sichtbar(kommune, massnahme_id, person_id, angemeldet_von)) WITH CHECK (true);

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'akteur', 'kaoa.anmeldung', 'SELECT', true;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.massnahme_partner', 'SELECT, INSERT, UPDATE, DELETE', true),
       ('akteur', 'kaoa.massnahme_zielgruppe', 'SELECT, INSERT, UPDATE, DELETE', true);
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.massnahme_teilnahme', 'SELECT, INSERT, UPDATE, DELETE', true
  FROM unnest(ARRAY['agentur', 'jobcenter', 'jugendamt', 'jba', 'kammer', 'traeger', 'betrieb']) AS t;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT 'system', o, r, true
  FROM (VALUES ('kaoa.massnahme_partner', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.massnahme_zielgruppe', 'SELECT, INSERT, UPDATE, DELETE'),
               ('kaoa.anmeldung', 'SELECT')) AS v(o, r);

CREATE FUNCTION kaoa.anmelden(massnahme_id bigint, person_id bigint) RETURNS bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_anmelden';
COMMENT ON FUNCTION kaoa.anmelden(bigint, bigint) IS
    'Registers a young person for a measure and returns the anmeldung_id: zugesagt while fewer than plaetze are zugesagt (NULL plaetze: always), else warteliste. By the school that sees the person, the KoKo, a partner of the measure for a person it sees, or the system (KA004 otherwise). Refused: no anmeldung_bis or after it, a day in Europe/Berlin (KA011; the system is not bound by the day), registered already (23505), outside the target group when nur_zielgruppe (KA012; otherwise accepted and flagged in abweichungen), full without a waiting list (KA011). A withdrawn registration is registered anew (the same anmeldung_id, at the end of the queue). Serialised per measure; logged as anmeldung.';

CREATE FUNCTION kaoa.anmeldung_zurueckziehen(anmeldung_id bigint) RETURNS bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_anmeldung_zurueckziehen';
COMMENT ON FUNCTION kaoa.anmeldung_zurueckziehen(bigint) IS
    'Withdraws a registration and frees its place: the earliest registration on the waiting list (by angemeldet_am, then anmeldung_id) becomes zugesagt in the same transaction; returns its anmeldung_id (NULL when nobody moved up). By whoever may see the registration (KA004 otherwise, the same as for a missing one); a withdrawn registration stays so (55000). Serialised per measure; logged as anmeldung_zurueckgezogen and anmeldung_nachgerueckt.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.anmelden(bigint, bigint)', 'kaoa.anmeldung_zurueckziehen(bigint)']) AS f;

REVOKE ALL ON FUNCTION kaoa.massnahme_partner_regeln(), kaoa.massnahme_zielgruppe_regeln(), kaoa.anmeldung_regeln(),
    kaoa.anmeldung_sichtbar(text, bigint, bigint, bigint), kaoa.anmelden(bigint, bigint),
    kaoa.anmeldung_zurueckziehen(bigint) FROM PUBLIC;
REVOKE ALL ON TABLE kaoa.massnahme_zielgruppe, kaoa.massnahme_partner, kaoa.anmeldung FROM PUBLIC;
REVOKE ALL ON SEQUENCE kaoa.massnahme_zielgruppe_zielgruppe_id_seq, kaoa.anmeldung_anmeldung_id_seq FROM PUBLIC;

-- ==== issue 14, part 2: the effect of measures and the Bündnis balance (extension/340, 370) ====
COMMENT ON FUNCTION kaoa.massnahmen_ueberschneidungen(text, integer) IS
    'Parallel structures: each pair of measures of the Kommune running in the school year whose target groups (the union of each measure''s own pair and its kaoa.massnahme_zielgruppe rows), Berufsfelder (NULL = all) and periods overlap, one row per piece of the overlap of the target groups (consecutive grades with the same school forms; schulformen NULL = every form), with the overlap of period and Berufsfelder (NULL = all) and whether both are of the same art. For every organisation of the Kommune and the system.';
COMMENT ON FUNCTION kaoa.massnahmen_luecken(text, integer) IS
    'Gaps: grade × school form × Berufsfeld cells with young people enrolled in the school year who are interested in the field (a participation in it, or a wish of their newest Anschlussvereinbarung within its KldB branches) and no measure of the Kommune in that school year covering grade, school form (a pair of its target group) and field. junge_menschen = how many. For the KoKo of the Kommune and the system.';

CREATE FUNCTION kaoa.massnahme_wirkung(kommune text, schuljahr integer)
    RETURNS TABLE (massnahme_id bigint, titel text, gruppe text, ergebnis text, anzahl bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahme_wirkung';
COMMENT ON FUNCTION kaoa.massnahme_wirkung(text, integer) IS
    'The effect of the measures of a Kommune starting in the school year, exact: per measure, gruppe teilnehmende (a participation in the school year of its start) and vergleich (enrolled that school year in its target group, no participation), by ergebnis of the newest case of that school year or later: gesichert (anschluss_gesichert, angetreten), offen (any other status but ausgenommen), kein_fall (none yet); persons whose newest case is ausgenommen are left out. Association, not cause. For the KoKo of the Kommune and the system (KA004 otherwise).';

CREATE FUNCTION kaoa.bi_massnahme_wirkung()
    RETURNS TABLE (kommune text, schuljahr integer, massnahme_id bigint, titel text, gruppe text, ergebnis text,
                   anzahl integer)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_bi_massnahme_wirkung';
COMMENT ON FUNCTION kaoa.bi_massnahme_wirkung() IS
    'The body of kaoa.v_massnahme_wirkung: kaoa.massnahme_wirkung for every measure and school year of the Kommunen of kaoa.bi_kommunen(), each measure''s six counts rounded as one family (group and outcome totals controlled), NULL where the true count is 1 … min_fallzahl − 1; cells without anyone are left out. Reads as the extension owner.';

CREATE VIEW kaoa.v_massnahme_wirkung AS
SELECT u.kommune, u.schuljahr, u.massnahme_id, u.titel, u.gruppe, u.ergebnis, u.anzahl
  FROM kaoa.bi_massnahme_wirkung() u;
COMMENT ON VIEW kaoa.v_massnahme_wirkung IS
    'Wirkung von Maßnahmen je Kommune, Schuljahr des Maßnahmebeginns und Maßnahme: Teilnehmende und eine Vergleichsgruppe (Schülerinnen und Schüler der Zielgruppe im selben Schuljahr ohne Teilnahme) nach dem Ergebnis ihres neuesten Falls. Zeigt einen Zusammenhang, keine Ursache: wer teilnimmt, ist nicht zufällig ausgewählt. Eine Anzahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind auf Vielfache der Mindestfallzahl gerundet (kontrollierte Rundung je Maßnahme). Zellen ohne Personen haben keine Zeile.';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.schuljahr IS 'Schuljahr, in dem die Maßnahme beginnt, angegeben mit seinem Anfangsjahr (2025 = 2025/26).';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.massnahme_id IS 'Die Maßnahme (kaoa.massnahme.massnahme_id).';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.titel IS 'Titel der Maßnahme.';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.gruppe IS 'teilnehmende (Teilnahme im Schuljahr des Maßnahmebeginns) oder vergleich (im selben Schuljahr in der Zielgruppe, ohne Teilnahme).';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.ergebnis IS 'Ergebnis des neuesten Falls ab diesem Schuljahr: gesichert (Anschluss gesichert oder angetreten), offen (jeder andere Status außer ausgenommen), kein_fall (noch keiner). Ausgenommene zählen nicht.';
COMMENT ON COLUMN kaoa.v_massnahme_wirkung.anzahl IS 'Anzahl der Personen, gerundet auf ein Vielfaches der Mindestfallzahl (weicht um weniger als diese vom wahren Wert ab); leer, wenn es 1 bis Mindestfallzahl − 1 sind.';

CREATE FUNCTION kaoa.ausbildungsmarkt(kommune text, schuljahr integer)
    RETURNS TABLE (berufsbereich text, bewerber bigint, versorgt bigint, unversorgt bigint, plaetze bigint,
                   vorgeschlagen bigint, frei bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_ausbildungsmarkt';
COMMENT ON FUNCTION kaoa.ausbildungsmarkt(text, integer) IS
    'The Bündnis balance of a Kommune and school year per Berufsbereich (first KldB digit; ''0'' = no wish), exact: bewerber (a usable profile and a case of that school year not ausgenommen, under the Berufsbereich of the first wish), versorgt (case anschluss_gesichert or angetreten), unversorgt, plaetze (the Kommune''s offers beginning 1 August of schuljahr + 1 to 31 July of schuljahr + 2), vorgeschlagen (proposals onto those offers in the newest run of the Kommune and school year), frei (plaetze - vorgeschlagen, at least 0). For the KoKo of the Kommune and the system (KA004 otherwise); kaoa status prints its two figures.';

CREATE FUNCTION kaoa.bi_ausbildungsmarkt()
    RETURNS TABLE (kommune text, schuljahr integer, berufsbereich text, bewerber integer, versorgt integer,
                   unversorgt integer, plaetze integer, vorgeschlagen integer, frei integer)
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_bi_ausbildungsmarkt';
COMMENT ON FUNCTION kaoa.bi_ausbildungsmarkt() IS
    'The body of kaoa.v_ausbildungsmarkt: kaoa.ausbildungsmarkt for every school year of the Kommunen of kaoa.bi_kommunen(), the applicants rounded as one family per Kommune and school year (Berufsbereich × versorgt), the proposals as another, each count NULL where its true value is 1 … min_fallzahl − 1; places exact, frei = plaetze − the published proposals (NULL where those are NULL); rows without applicants, places or proposals left out. Reads as the extension owner.';

CREATE VIEW kaoa.v_ausbildungsmarkt AS
SELECT u.kommune, u.schuljahr, u.berufsbereich, u.bewerber, u.versorgt, u.unversorgt, u.plaetze, u.vorgeschlagen, u.frei
  FROM kaoa.bi_ausbildungsmarkt() u;
COMMENT ON VIEW kaoa.v_ausbildungsmarkt IS
    'Bilanz für das Ausbildungsbündnis je Kommune, Schuljahr und Berufsbereich: Bewerberinnen und Bewerber, davon versorgt und unversorgt, Ausbildungsplätze des folgenden Ausbildungsjahres, davon im neuesten Zuteilungslauf vorgeschlagen, und frei. Eine Personenzahl, deren wahrer Wert zwischen 1 und Mindestfallzahl − 1 liegt, ist leer (NULL, die Zeile bleibt); alle anderen sind auf Vielfache der Mindestfallzahl gerundet (kontrollierte Rundung). Plätze sind veröffentlichte Angaben und ungerundet; Zeilen ohne Bewerber, Plätze und Vorschläge entfallen.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.schuljahr IS 'Schuljahr der Bewerberinnen und Bewerber, angegeben mit seinem Anfangsjahr (2025 = 2025/26); ihre Ausbildung beginnt im folgenden Ausbildungsjahr (ab 1. August 2026).';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.berufsbereich IS 'Berufsbereich der KldB 2010 (erste Ziffer): der des ersten Berufswunsches bei Bewerberinnen und Bewerbern, der des Angebots bei Plätzen; 0 = kein Berufswunsch (und der Berufsbereich Militär).';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.bewerber IS 'Personen mit nutzbarem Bewerberprofil und einem Fall dieses Schuljahres (nicht ausgenommen), gerundet; gleich versorgt + unversorgt, wo alle drei angegeben sind; leer bei 1 bis Mindestfallzahl − 1.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.versorgt IS 'Davon mit Fallstatus Anschluss gesichert oder angetreten, gerundet; leer bei 1 bis Mindestfallzahl − 1.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.unversorgt IS 'Davon die übrigen, gerundet; leer bei 1 bis Mindestfallzahl − 1.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.plaetze IS 'Plätze der Angebote der Kommune mit Beginn vom 1. August des folgenden bis 31. Juli des übernächsten Jahres, ungerundet.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.vorgeschlagen IS 'Vorschläge auf diese Plätze im neuesten Zuteilungslauf der Kommune und des Schuljahres, gerundet; leer bei 1 bis Mindestfallzahl − 1.';
COMMENT ON COLUMN kaoa.v_ausbildungsmarkt.frei IS 'plaetze minus vorgeschlagen (gerundet), mindestens 0; leer, wo vorgeschlagen leer ist.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t,
       unnest(ARRAY['kaoa.v_massnahme_wirkung', 'kaoa.v_ausbildungsmarkt']) AS v;
-- the views call their bodies as the reader (who then run as the owner); the exact counts are the
-- KoKo's and the system's
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t,
       unnest(ARRAY['kaoa.bi_massnahme_wirkung()', 'kaoa.bi_ausbildungsmarkt()']) AS f;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['koko', 'system']) AS t,
       unnest(ARRAY['kaoa.massnahme_wirkung(text, integer)', 'kaoa.ausbildungsmarkt(text, integer)']) AS f;

REVOKE ALL ON FUNCTION kaoa.massnahme_wirkung(text, integer), kaoa.bi_massnahme_wirkung(),
    kaoa.ausbildungsmarkt(text, integer), kaoa.bi_ausbildungsmarkt() FROM PUBLIC;
REVOKE ALL ON TABLE kaoa.v_massnahme_wirkung, kaoa.v_ausbildungsmarkt FROM PUBLIC;

-- ---- issue 10: the person's own record (Art. 15 DSGVO) ------------------------------------------------
CREATE FUNCTION kaoa.auskunft(person_id bigint) RETURNS jsonb
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_auskunft';
COMMENT ON FUNCTION kaoa.auskunft(bigint) IS
    'Everything kaoa holds about one person, for an access request (Art. 15 DSGVO): person, identitaet (while held), faelle, uebergaben (von, an, rechtsgrundlage, the felder that basis lets the receiver read, gesendet_am, antwort, beantwortet_am), einwilligungen, kontaktversuche, sbo, anschlussvereinbarungen, anmeldungen, bewerberprofil, zuteilungen, ereignisse (count per kind) and loeschung (the day each part is deleted, by the rule of kaoa.loeschfristen_anwenden; null: kept, pseudonymous). For the organisation holding the person''s current case (before a first case: the school that registered them), the KoKo of the Kommune and system roles; everyone else KA004, as for a person that does not exist. Reads only.';
-- every organisation and the system may call it (the function decides for which person)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
VALUES ('akteur', 'kaoa.auskunft(bigint)', 'EXECUTE', true), ('system', 'kaoa.auskunft(bigint)', 'EXECUTE', true);
REVOKE ALL ON FUNCTION kaoa.auskunft(bigint) FROM PUBLIC;
-- roles registered under 0.1.0 get EXECUTE from the re-registration in the last section

-- ==== issue 14, part 3: import and export of measures, target groups, partners, registrations ====
-- (extension/310, 950, 960).  The key of a further target group is its grades (one pair per range of
-- grades; changed in the section of part 1 above, since 0.2.0 is not released).  kaoa import learns
-- the record types massnahme_zielgruppe, massnahme_partner and anmeldung and the measure's
-- registration keys; the export views give the same records.
-- (the export views are built from the import's description: see the section of issue 11 part 3)

CREATE OR REPLACE FUNCTION kaoa.import_format(OUT rang integer, OUT typ text, OUT schluessel text[], OUT felder text[],
                                   OUT tabelle text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    VALUES
    (1, 'kommune', ARRAY['kommune'], ARRAY['name', 'min_fallzahl', 'aufbewahrung_monate'], 'kaoa.kommune'),
    (2, 'fristen', ARRAY['kommune', 'schuljahr'],
        ARRAY['identifikation_von', 'identifikation_bis', 'uebernahme_tage', 'verbleib_stichtag'], 'kaoa.fristen'),
    (3, 'organisation', ARRAY['kommune', 'schluessel'], ARRAY['org_typ', 'name', 'schulform'], 'kaoa.organisation'),
    (4, 'person', ARRAY['kommune', 'pseudonym'], ARRAY['geburtsmonat'], 'kaoa.person'),
    (5, 'person_identitaet', ARRAY['kommune', 'pseudonym'],
        ARRAY['nachname', 'vorname', 'geburtsdatum', 'geschlecht', 'anschrift'], 'kaoa.person_identitaet'),
    (6, 'fall', ARRAY['kommune', 'pseudonym', 'schuljahr'],
        ARRAY['schule', 'schulform', 'abschluss', 'abschluss_erwartet', 'status', 'anschluss', 'grund'], 'kaoa.fall'),
    (7, 'bewerberprofil', ARRAY['kommune', 'pseudonym'],
        ARRAY['wuensche', 'interessen', 'kompetenzen', 'lat', 'lon', 'max_km', 'verfuegbar_ab'], 'kaoa.bewerberprofil'),
    (8, 'angebot', ARRAY['kommune', 'extern_id'],
        ARRAY['anbieter', 'kldb', 'titel', 'mindest_abschluss', 'mindest_hart', 'interessen', 'anforderungen',
              'lat', 'lon', 'beginn', 'plaetze'], 'kaoa.angebot'),
    (9, 'schulbesuch', ARRAY['kommune', 'pseudonym', 'schuljahr'], ARRAY['schule', 'schulform', 'jahrgang'],
        'kaoa.schulbesuch'),
    (10, 'sbo_teilnahme', ARRAY['kommune', 'pseudonym', 'sbo_code', 'datum'],
        ARRAY['berufsfeld', 'bis', 'anbieter', 'kompetenzen', 'ergebnis'], 'kaoa.sbo_teilnahme'),
    (11, 'massnahme', ARRAY['kommune', 'traeger', 'titel'],
        ARRAY['art', 'jahrgaenge', 'schulformen', 'berufsfelder', 'zeitraum', 'plaetze', 'finanzierung',
              'anmeldung_bis', 'nur_zielgruppe', 'warteliste'], 'kaoa.massnahme'),
    (12, 'massnahme_zielgruppe', ARRAY['kommune', 'traeger', 'titel', 'jahrgaenge'], ARRAY['schulformen'],
        'kaoa.massnahme_zielgruppe'),
    (13, 'massnahme_partner', ARRAY['kommune', 'traeger', 'titel', 'partner'], ARRAY['rolle'], 'kaoa.massnahme_partner'),
    (14, 'anmeldung', ARRAY['kommune', 'traeger', 'titel', 'pseudonym'], ARRAY['status'], 'kaoa.anmeldung'),
    (15, 'massnahme_teilnahme', ARRAY['kommune', 'traeger', 'titel', 'pseudonym'], ARRAY['datum'],
        'kaoa.massnahme_teilnahme')
$$;
COMMENT ON FUNCTION kaoa.import_format() IS
    'The record types of the JSON Lines format of kaoa import, in the order they are applied: natural key, the other keys allowed, the table loaded.';

CREATE OR REPLACE FUNCTION kaoa.import_stapel(typ text, von bigint, bis bigint, OUT neu bigint, OUT geaendert bigint)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_stapel.typ;
    r record;
    gewollt text;
    ist text;
    id bigint;
    aid bigint;
    astatus text;
BEGIN
    neu := 0;
    geaendert := 0;
    IF von < bis AND EXISTS (SELECT 1 FROM pg_temp.kaoa_import s
                              WHERE s.typ = t AND s.zeile BETWEEN von AND bis
                              GROUP BY s.schluessel HAVING count(*) > 1) THEN
        RAISE EXCEPTION USING ERRCODE = 'KAI01', MESSAGE = 'a key occurs twice in the range';
    END IF;

    IF t = 'kommune' THEN
        EXECUTE $sql$
        UPDATE kaoa.kommune k
           SET name = n.name, min_fallzahl = n.min_fallzahl, aufbewahrung_monate = n.aufbewahrung_monate
          FROM (SELECT x.kommune,
                       CASE WHEN s.j ? 'name' THEN s.j->>'name' ELSE x.name END AS name,
                       CASE WHEN s.j ? 'min_fallzahl' THEN (s.j->>'min_fallzahl')::integer ELSE x.min_fallzahl END AS min_fallzahl,
                       CASE WHEN s.j ? 'aufbewahrung_monate' THEN (s.j->>'aufbewahrung_monate')::integer ELSE x.aufbewahrung_monate END AS aufbewahrung_monate
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.kommune x ON x.kommune = s.j->>'kommune') n
         WHERE k.kommune = n.kommune
           AND (k.name, k.min_fallzahl, k.aufbewahrung_monate) IS DISTINCT FROM (n.name, n.min_fallzahl, n.aufbewahrung_monate)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.kommune (kommune, name, min_fallzahl, aufbewahrung_monate)
        SELECT s.j->>'kommune', s.j->>'name',
               CASE WHEN s.j ? 'min_fallzahl' THEN (s.j->>'min_fallzahl')::integer ELSE 5 END,
               CASE WHEN s.j ? 'aufbewahrung_monate' THEN (s.j->>'aufbewahrung_monate')::integer ELSE 6 END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.kommune x WHERE x.kommune = s.j->>'kommune')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'fristen' THEN
        EXECUTE $sql$
        UPDATE kaoa.fristen f
           SET identifikation_von = n.identifikation_von, identifikation_bis = n.identifikation_bis,
               uebernahme_tage = n.uebernahme_tage, verbleib_stichtag = n.verbleib_stichtag
          FROM (SELECT x.kommune, x.schuljahr,
                       CASE WHEN s.j ? 'identifikation_von' THEN (s.j->>'identifikation_von')::date ELSE x.identifikation_von END AS identifikation_von,
                       CASE WHEN s.j ? 'identifikation_bis' THEN (s.j->>'identifikation_bis')::date ELSE x.identifikation_bis END AS identifikation_bis,
                       CASE WHEN s.j ? 'uebernahme_tage' THEN (s.j->>'uebernahme_tage')::integer ELSE x.uebernahme_tage END AS uebernahme_tage,
                       CASE WHEN s.j ? 'verbleib_stichtag' THEN (s.j->>'verbleib_stichtag')::date ELSE x.verbleib_stichtag END AS verbleib_stichtag
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.fristen x ON x.kommune = s.j->>'kommune' AND x.schuljahr = (s.j->>'schuljahr')::integer) n
         WHERE f.kommune = n.kommune AND f.schuljahr = n.schuljahr
           AND (f.identifikation_von, f.identifikation_bis, f.uebernahme_tage, f.verbleib_stichtag)
               IS DISTINCT FROM (n.identifikation_von, n.identifikation_bis, n.uebernahme_tage, n.verbleib_stichtag)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.fristen (kommune, schuljahr, identifikation_von, identifikation_bis, uebernahme_tage, verbleib_stichtag)
        SELECT s.j->>'kommune', (s.j->>'schuljahr')::integer, (s.j->>'identifikation_von')::date,
               (s.j->>'identifikation_bis')::date,
               CASE WHEN s.j ? 'uebernahme_tage' THEN (s.j->>'uebernahme_tage')::integer ELSE 10 END,
               (s.j->>'verbleib_stichtag')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.fristen x
                            WHERE x.kommune = s.j->>'kommune' AND x.schuljahr = (s.j->>'schuljahr')::integer)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'organisation' THEN
        EXECUTE $sql$
        UPDATE kaoa.organisation o
           SET typ = n.typ, name = n.name, schulform = n.schulform
          FROM (SELECT x.kommune, x.org_id,
                       CASE WHEN s.j ? 'org_typ' THEN (s.j->>'org_typ')::kaoa.org_typ ELSE x.typ END AS typ,
                       CASE WHEN s.j ? 'name' THEN s.j->>'name' ELSE x.name END AS name,
                       CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation x ON x.kommune = s.j->>'kommune' AND x.schluessel = s.j->>'schluessel') n
         WHERE o.kommune = n.kommune AND o.org_id = n.org_id
           AND (o.typ, o.name, o.schulform) IS DISTINCT FROM (n.typ, n.name, n.schulform)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform)
        SELECT s.j->>'kommune', (s.j->>'org_typ')::kaoa.org_typ, s.j->>'name', s.j->>'schluessel', s.j->>'schulform'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.organisation x
                            WHERE x.kommune = s.j->>'kommune' AND x.schluessel = s.j->>'schluessel')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'person' THEN
        -- the birth month is stored as its first day (the rule trigger cuts any day to the 1st)
        EXECUTE $sql$
        UPDATE kaoa.person p
           SET geburtsmonat = n.geburtsmonat
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'geburtsmonat'
                            THEN date_trunc('month', (s.j->>'geburtsmonat')::date)::date ELSE x.geburtsmonat END AS geburtsmonat
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person x ON x.kommune = s.j->>'kommune' AND x.pseudonym = s.j->>'pseudonym') n
         WHERE p.kommune = n.kommune AND p.person_id = n.person_id
           AND p.geburtsmonat IS DISTINCT FROM n.geburtsmonat
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.person (kommune, pseudonym, geburtsmonat)
        SELECT s.j->>'kommune', s.j->>'pseudonym', (s.j->>'geburtsmonat')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.person x
                            WHERE x.kommune = s.j->>'kommune' AND x.pseudonym = s.j->>'pseudonym')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'person_identitaet' THEN
        EXECUTE $sql$
        UPDATE kaoa.person_identitaet i
           SET nachname = n.nachname, vorname = n.vorname, geburtsdatum = n.geburtsdatum,
               geschlecht = n.geschlecht, anschrift = n.anschrift
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'nachname' THEN s.j->>'nachname' ELSE x.nachname END AS nachname,
                       CASE WHEN s.j ? 'vorname' THEN s.j->>'vorname' ELSE x.vorname END AS vorname,
                       CASE WHEN s.j ? 'geburtsdatum' THEN (s.j->>'geburtsdatum')::date ELSE x.geburtsdatum END AS geburtsdatum,
                       CASE WHEN s.j ? 'geschlecht' THEN s.j->>'geschlecht' ELSE x.geschlecht END AS geschlecht,
                       CASE WHEN s.j ? 'anschrift' THEN s.j->>'anschrift' ELSE x.anschrift END AS anschrift
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.person_identitaet x ON x.kommune = p.kommune AND x.person_id = p.person_id) n
         WHERE i.kommune = n.kommune AND i.person_id = n.person_id
           AND (i.nachname, i.vorname, i.geburtsdatum, i.geschlecht, i.anschrift)
               IS DISTINCT FROM (n.nachname, n.vorname, n.geburtsdatum, n.geschlecht, n.anschrift)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.person_identitaet (kommune, person_id, nachname, vorname, geburtsdatum, geschlecht, anschrift)
        SELECT s.j->>'kommune',
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               s.j->>'nachname', s.j->>'vorname', (s.j->>'geburtsdatum')::date, s.j->>'geschlecht', s.j->>'anschrift'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.person_identitaet x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'fall' THEN
        -- twice: for the cases that exist, and after the INSERT for the new ones (created in state
        -- offen, then moved to the record's status, anschluss and grund)
        FOR runde IN 1..2 LOOP
            EXECUTE $sql$
            UPDATE kaoa.fall f
               SET schulform = n.schulform, abschluss = n.abschluss,
                   abschluss_erwartet = n.abschluss_erwartet, status = n.status, anschluss = n.anschluss,
                   grund = n.grund
              FROM (SELECT x.kommune, x.fall_id,
                           CASE WHEN NOT s.j ? 'schule' THEN x.schule_org
                                WHEN o.org_id IS NULL
                                THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                                   s.j->'schule', s.j->>'kommune'),
                                                        'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                                -- the school of a case is fixed (KA006): the chain refuses any
                                -- UPDATE naming schule_org, so a change is refused here, per line
                                WHEN o.org_id <> x.schule_org
                                THEN kaoa.import_fehler('KA006', pg_catalog.format('column schule_org of kaoa.fall cannot change (case %s, school %s)',
                                                                                   x.fall_id, s.j->'schule'),
                                                        'The school of a case is fixed when it is created; a case at another school is a new case (another school year).',
                                                        NULL::bigint)
                                ELSE o.org_id END AS schule_org,
                           CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform,
                           CASE WHEN s.j ? 'abschluss' THEN (s.j->>'abschluss')::kaoa.abschluss ELSE x.abschluss END AS abschluss,
                           CASE WHEN s.j ? 'abschluss_erwartet' THEN (s.j->>'abschluss_erwartet')::boolean ELSE x.abschluss_erwartet END AS abschluss_erwartet,
                           CASE WHEN s.j ? 'status' THEN (s.j->>'status')::kaoa.fall_status ELSE x.status END AS status,
                           CASE WHEN s.j ? 'anschluss' THEN s.j->>'anschluss' ELSE x.anschluss END AS anschluss,
                           CASE WHEN s.j ? 'grund' THEN s.j->>'grund' ELSE x.grund END AS grund
                      -- the staged lines with their person first (OFFSET 0 keeps the sub-select
                      -- whole), so the case is found by its full key (kommune, person_id,
                      -- schuljahr): joined by (kommune, schuljahr) alone, with the statistics of a
                      -- table that was empty when the import began, every batch paired each line
                      -- with all cases of its Kommune and the import grew quadratically
                      FROM (SELECT s.j, p.kommune, p.person_id, (s.j->>'schuljahr')::integer AS schuljahr
                              FROM pg_temp.kaoa_import s
                              JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                             WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3
                            OFFSET 0) s
                      JOIN kaoa.fall x ON x.kommune = s.kommune AND x.person_id = s.person_id
                                      AND x.schuljahr = s.schuljahr
                      LEFT JOIN kaoa.organisation o ON o.kommune = s.kommune AND o.schluessel = s.j->>'schule') n
             WHERE f.kommune = n.kommune AND f.fall_id = n.fall_id
               AND (f.schule_org, f.schulform, f.abschluss::text, f.abschluss_erwartet, f.status, f.anschluss, f.grund)
                   IS DISTINCT FROM (n.schule_org, n.schulform, n.abschluss::text, n.abschluss_erwartet, n.status, n.anschluss, n.grund)
            $sql$ USING t, von, bis;
            IF runde = 1 THEN
                GET DIAGNOSTICS geaendert = ROW_COUNT;
                EXECUTE $sql$
                INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, schulform, abschluss, abschluss_erwartet)
                SELECT s.j->>'kommune',
                       CASE WHEN p.person_id IS NULL
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                               s.j->'pseudonym', s.j->>'kommune'),
                                                    'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                                    NULL::bigint)
                            ELSE p.person_id END,
                       (s.j->>'schuljahr')::integer,
                       CASE WHEN o.org_id IS NULL AND s.j ? 'schule' AND s.j->'schule' <> 'null'::jsonb
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                               s.j->'schule', s.j->>'kommune'),
                                                    'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                            ELSE o.org_id END,
                       s.j->>'schulform', (s.j->>'abschluss')::kaoa.abschluss, (s.j->>'abschluss_erwartet')::boolean
                  FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'schule'
                 WHERE NOT EXISTS (SELECT 1 FROM kaoa.fall x
                                    WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                                      AND x.schuljahr = (s.j->>'schuljahr')::integer)
                 ORDER BY s.zeile
                $sql$ USING t, von, bis;
                GET DIAGNOSTICS neu = ROW_COUNT;
                EXIT WHEN neu = 0;
            END IF;
        END LOOP;

    ELSIF t = 'bewerberprofil' THEN
        EXECUTE $sql$
        UPDATE kaoa.bewerberprofil b
           SET wuensche = n.wuensche, interessen = n.interessen, kompetenzen = n.kompetenzen, lat = n.lat,
               lon = n.lon, max_km = n.max_km, verfuegbar_ab = n.verfuegbar_ab
          FROM (SELECT x.kommune, x.person_id,
                       CASE WHEN s.j ? 'wuensche' THEN kaoa.import_kldb_liste(s.j->'wuensche') ELSE x.wuensche END AS wuensche,
                       CASE WHEN s.j ? 'interessen' THEN (s.j->>'interessen')::kaoa.riasec ELSE x.interessen END AS interessen,
                       CASE WHEN s.j ? 'kompetenzen' THEN (s.j->>'kompetenzen')::kaoa.kompetenzen ELSE x.kompetenzen END AS kompetenzen,
                       CASE WHEN s.j ? 'lat' THEN (s.j->>'lat')::float8 ELSE x.lat END AS lat,
                       CASE WHEN s.j ? 'lon' THEN (s.j->>'lon')::float8 ELSE x.lon END AS lon,
                       CASE WHEN s.j ? 'max_km' THEN (s.j->>'max_km')::float8 ELSE x.max_km END AS max_km,
                       CASE WHEN s.j ? 'verfuegbar_ab' THEN (s.j->>'verfuegbar_ab')::date ELSE x.verfuegbar_ab END AS verfuegbar_ab
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.bewerberprofil x ON x.kommune = p.kommune AND x.person_id = p.person_id) n
         WHERE b.kommune = n.kommune AND b.person_id = n.person_id
           AND (b.wuensche::text, b.interessen::text, b.kompetenzen::text, b.lat, b.lon, b.max_km, b.verfuegbar_ab)
               IS DISTINCT FROM (n.wuensche::text, n.interessen::text, n.kompetenzen::text, n.lat, n.lon, n.max_km, n.verfuegbar_ab)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.bewerberprofil (kommune, person_id, wuensche, interessen, kompetenzen, lat, lon, max_km, verfuegbar_ab)
        SELECT s.j->>'kommune',
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               kaoa.import_kldb_liste(s.j->'wuensche'), (s.j->>'interessen')::kaoa.riasec,
               (s.j->>'kompetenzen')::kaoa.kompetenzen, (s.j->>'lat')::float8, (s.j->>'lon')::float8,
               CASE WHEN s.j ? 'max_km' THEN (s.j->>'max_km')::float8 ELSE 50 END, (s.j->>'verfuegbar_ab')::date
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.bewerberprofil x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'angebot' THEN
        EXECUTE $sql$
        UPDATE kaoa.angebot a
           SET org_id = n.org_id, kldb = n.kldb, titel = n.titel, mindest_abschluss = n.mindest_abschluss,
               mindest_hart = n.mindest_hart, interessen = n.interessen, anforderungen = n.anforderungen,
               lat = n.lat, lon = n.lon, beginn = n.beginn, plaetze = n.plaetze
          FROM (SELECT x.kommune, x.angebot_id,
                       CASE WHEN NOT s.j ? 'anbieter' THEN x.org_id
                            WHEN o.org_id IS NULL AND s.j->'anbieter' <> 'null'::jsonb
                            THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                               s.j->'anbieter', s.j->>'kommune'),
                                                    'Add the offering organisation as {"typ":"organisation", …} record.', NULL::bigint)
                            ELSE o.org_id END AS org_id,
                       CASE WHEN s.j ? 'kldb' THEN (s.j->>'kldb')::kaoa.kldb ELSE x.kldb END AS kldb,
                       CASE WHEN s.j ? 'titel' THEN s.j->>'titel' ELSE x.titel END AS titel,
                       CASE WHEN s.j ? 'mindest_abschluss' THEN (s.j->>'mindest_abschluss')::kaoa.abschluss ELSE x.mindest_abschluss END AS mindest_abschluss,
                       CASE WHEN s.j ? 'mindest_hart' THEN (s.j->>'mindest_hart')::boolean ELSE x.mindest_hart END AS mindest_hart,
                       CASE WHEN s.j ? 'interessen' THEN (s.j->>'interessen')::kaoa.riasec ELSE x.interessen END AS interessen,
                       CASE WHEN s.j ? 'anforderungen' THEN (s.j->>'anforderungen')::kaoa.kompetenzen ELSE x.anforderungen END AS anforderungen,
                       CASE WHEN s.j ? 'lat' THEN (s.j->>'lat')::float8 ELSE x.lat END AS lat,
                       CASE WHEN s.j ? 'lon' THEN (s.j->>'lon')::float8 ELSE x.lon END AS lon,
                       CASE WHEN s.j ? 'beginn' THEN (s.j->>'beginn')::date ELSE x.beginn END AS beginn,
                       CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE x.plaetze END AS plaetze
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.angebot x ON x.kommune = s.j->>'kommune' AND x.extern_id = s.j->>'extern_id'
                  LEFT JOIN kaoa.organisation o ON o.kommune = x.kommune AND o.schluessel = s.j->>'anbieter') n
         WHERE a.kommune = n.kommune AND a.angebot_id = n.angebot_id
           AND (a.org_id, a.kldb::text, a.titel, a.mindest_abschluss::text, a.mindest_hart, a.interessen::text,
                a.anforderungen::text, a.lat, a.lon, a.beginn, a.plaetze)
               IS DISTINCT FROM (n.org_id, n.kldb::text, n.titel, n.mindest_abschluss::text, n.mindest_hart, n.interessen::text,
                                 n.anforderungen::text, n.lat, n.lon, n.beginn, n.plaetze)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.angebot (kommune, extern_id, org_id, kldb, titel, mindest_abschluss, mindest_hart, interessen,
                                  anforderungen, lat, lon, beginn, plaetze)
        SELECT s.j->>'kommune', s.j->>'extern_id',
               CASE WHEN o.org_id IS NULL AND s.j ? 'anbieter' AND s.j->'anbieter' <> 'null'::jsonb
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'anbieter', s.j->>'kommune'),
                                            'Add the offering organisation as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               (s.j->>'kldb')::kaoa.kldb, s.j->>'titel', (s.j->>'mindest_abschluss')::kaoa.abschluss,
               CASE WHEN s.j ? 'mindest_hart' THEN (s.j->>'mindest_hart')::boolean ELSE false END,
               (s.j->>'interessen')::kaoa.riasec, (s.j->>'anforderungen')::kaoa.kompetenzen,
               (s.j->>'lat')::float8, (s.j->>'lon')::float8, (s.j->>'beginn')::date,
               CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE 1 END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'anbieter'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.angebot x
                            WHERE x.kommune = s.j->>'kommune' AND x.extern_id = s.j->>'extern_id')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'schulbesuch' THEN
        -- enrolments: the school, school form and grade of a person in a school year
        EXECUTE $sql$
        UPDATE kaoa.schulbesuch b
           SET schule_org = n.schule_org, schulform = n.schulform, jahrgang = n.jahrgang
          FROM (SELECT x.kommune, x.schulbesuch_id,
                       CASE WHEN NOT s.j ? 'schule' THEN x.schule_org ELSE o.org_id END AS schule_org,
                       CASE WHEN s.j ? 'schulform' THEN s.j->>'schulform' ELSE x.schulform END AS schulform,
                       CASE WHEN s.j ? 'jahrgang' THEN (s.j->>'jahrgang')::integer ELSE x.jahrgang END AS jahrgang
                  FROM (SELECT s.j, p.kommune, p.person_id FROM pg_temp.kaoa_import s
                          JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 OFFSET 0) s
                  JOIN kaoa.schulbesuch x ON x.kommune = s.kommune AND x.person_id = s.person_id
                                         AND x.schuljahr = (s.j->>'schuljahr')::integer
                  LEFT JOIN kaoa.organisation o ON o.kommune = s.kommune AND o.schluessel = s.j->>'schule') n
         WHERE b.kommune = n.kommune AND b.schulbesuch_id = n.schulbesuch_id
           AND (b.schule_org, b.schulform, b.jahrgang) IS DISTINCT FROM (n.schule_org, n.schulform, n.jahrgang)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.schulbesuch (kommune, person_id, schuljahr, schule_org, schulform, jahrgang)
        SELECT s.j->>'kommune', CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END, (s.j->>'schuljahr')::integer,
               CASE WHEN o.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'schule', s.j->>'kommune'),
                                            'Add the school as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               s.j->>'schulform', (s.j->>'jahrgang')::integer
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'schule'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.schulbesuch x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                              AND x.schuljahr = (s.j->>'schuljahr')::integer)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'sbo_teilnahme' THEN
        -- participations are history: a line whose participation is recorded (same person, code and
        -- day: its natural key) changes nothing; corrections are made in SQL by those who recorded it
        EXECUTE $sql$
        INSERT INTO kaoa.sbo_teilnahme (kommune, person_id, sbo_code, datum, bis, berufsfeld, anbieter_org,
                                        kompetenzen, ergebnis)
        SELECT s.j->>'kommune', CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END, s.j->>'sbo_code', (s.j->>'datum')::date, (s.j->>'bis')::date,
               s.j->>'berufsfeld',
               CASE WHEN o.org_id IS NULL AND s.j ? 'anbieter' AND s.j->'anbieter' <> 'null'::jsonb
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'anbieter', s.j->>'kommune'),
                                            'Add the provider as {"typ":"organisation", …} record, or leave anbieter out.', NULL::bigint)
                    ELSE o.org_id END,
               (s.j->>'kompetenzen')::kaoa.kompetenzen, s.j->>'ergebnis'
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'anbieter'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.sbo_teilnahme x
                            WHERE x.kommune = p.kommune AND x.person_id = p.person_id
                              AND x.sbo_code = s.j->>'sbo_code' AND x.datum = (s.j->>'datum')::date)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme' THEN
        -- a measure is known by its Träger and title
        EXECUTE $sql$
        UPDATE kaoa.massnahme m
           SET art = n.art, jahrgaenge = n.jahrgaenge, schulformen = n.schulformen, berufsfelder = n.berufsfelder,
               zeitraum = n.zeitraum, plaetze = n.plaetze, finanzierung = n.finanzierung,
               anmeldung_bis = n.anmeldung_bis, nur_zielgruppe = n.nur_zielgruppe, warteliste = n.warteliste
          FROM (SELECT x.kommune, x.massnahme_id,
                       CASE WHEN s.j ? 'art' THEN s.j->>'art' ELSE x.art END AS art,
                       CASE WHEN s.j ? 'jahrgaenge' THEN (s.j->>'jahrgaenge')::int4range ELSE x.jahrgaenge END AS jahrgaenge,
                       CASE WHEN s.j ? 'schulformen' THEN kaoa.import_textliste(s.j->'schulformen', 'schulformen') ELSE x.schulformen END AS schulformen,
                       CASE WHEN s.j ? 'berufsfelder' THEN kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder') ELSE x.berufsfelder END AS berufsfelder,
                       CASE WHEN s.j ? 'zeitraum' THEN (s.j->>'zeitraum')::daterange ELSE x.zeitraum END AS zeitraum,
                       CASE WHEN s.j ? 'plaetze' THEN (s.j->>'plaetze')::integer ELSE x.plaetze END AS plaetze,
                       CASE WHEN s.j ? 'finanzierung' THEN s.j->>'finanzierung' ELSE x.finanzierung END AS finanzierung,
                       CASE WHEN s.j ? 'anmeldung_bis' THEN (s.j->>'anmeldung_bis')::date ELSE x.anmeldung_bis END AS anmeldung_bis,
                       CASE WHEN s.j ? 'nur_zielgruppe' THEN (s.j->>'nur_zielgruppe')::boolean ELSE x.nur_zielgruppe END AS nur_zielgruppe,
                       CASE WHEN s.j ? 'warteliste' THEN (s.j->>'warteliste')::boolean ELSE x.warteliste END AS warteliste
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme x ON x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel') n
         WHERE m.kommune = n.kommune AND m.massnahme_id = n.massnahme_id
           AND (m.art, m.jahrgaenge, m.schulformen, m.berufsfelder, m.zeitraum, m.plaetze, m.finanzierung,
                m.anmeldung_bis, m.nur_zielgruppe, m.warteliste)
               IS DISTINCT FROM (n.art, n.jahrgaenge, n.schulformen, n.berufsfelder, n.zeitraum, n.plaetze, n.finanzierung,
                                 n.anmeldung_bis, n.nur_zielgruppe, n.warteliste)
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme (kommune, traeger_org, titel, art, jahrgaenge, schulformen, berufsfelder, zeitraum,
                                    plaetze, finanzierung, anmeldung_bis, nur_zielgruppe, warteliste)
        SELECT s.j->>'kommune',
               CASE WHEN o.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'traeger', s.j->>'kommune'),
                                            'Add the Träger as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE o.org_id END,
               s.j->>'titel', s.j->>'art', (s.j->>'jahrgaenge')::int4range,
               kaoa.import_textliste(s.j->'schulformen', 'schulformen'),
               kaoa.import_textliste(s.j->'berufsfelder', 'berufsfelder'),
               (s.j->>'zeitraum')::daterange, (s.j->>'plaetze')::integer, s.j->>'finanzierung',
               (s.j->>'anmeldung_bis')::date,
               -- absent: the column's default (an explicit null is refused by NOT NULL)
               CASE WHEN s.j ? 'nur_zielgruppe' THEN (s.j->>'nur_zielgruppe')::boolean ELSE false END,
               CASE WHEN s.j ? 'warteliste' THEN (s.j->>'warteliste')::boolean ELSE true END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme x
                            WHERE x.kommune = o.kommune AND x.traeger_org = o.org_id AND x.titel = s.j->>'titel')
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme_zielgruppe' THEN
        -- a further target-group pair of a measure, known by the measure (Träger and title) and its grades
        EXECUTE $sql$
        UPDATE kaoa.massnahme_zielgruppe z
           SET schulformen = n.schulformen
          FROM (SELECT x.kommune, x.zielgruppe_id,
                       CASE WHEN s.j ? 'schulformen' THEN kaoa.import_textliste(s.j->'schulformen', 'schulformen')
                            ELSE x.schulformen END AS schulformen
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.massnahme_zielgruppe x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                                  AND x.jahrgaenge = (s.j->>'jahrgaenge')::int4range) n
         WHERE z.kommune = n.kommune AND z.zielgruppe_id = n.zielgruppe_id
           -- stored sorted and without repeats (the trigger): compare in that form
           AND z.schulformen IS DISTINCT FROM
               CASE WHEN n.schulformen IS NOT NULL
                    THEN ARRAY(SELECT DISTINCT f COLLATE "C" FROM unnest(n.schulformen) f ORDER BY 1) END
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_zielgruppe (kommune, massnahme_id, schulformen, jahrgaenge)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               kaoa.import_textliste(s.j->'schulformen', 'schulformen'), (s.j->>'jahrgaenge')::int4range
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_zielgruppe x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                              AND x.jahrgaenge = (s.j->>'jahrgaenge')::int4range)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'massnahme_partner' THEN
        -- who runs a measure with its Träger, known by the measure and the partner's schluessel
        EXECUTE $sql$
        UPDATE kaoa.massnahme_partner mp
           SET rolle = n.rolle
          FROM (SELECT x.kommune, x.massnahme_id, x.org_id,
                       CASE WHEN s.j ? 'rolle' THEN s.j->>'rolle' ELSE x.rolle END AS rolle
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.organisation po ON po.kommune = s.j->>'kommune' AND po.schluessel = s.j->>'partner'
                  JOIN kaoa.massnahme_partner x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                               AND x.org_id = po.org_id) n
         WHERE mp.kommune = n.kommune AND mp.massnahme_id = n.massnahme_id AND mp.org_id = n.org_id
           AND mp.rolle IS DISTINCT FROM n.rolle
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_partner (kommune, massnahme_id, org_id, rolle)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               CASE WHEN po.org_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no organisation with schluessel %s in Kommune %s',
                                                                       s.j->'partner', s.j->>'kommune'),
                                            'Add the partner as {"typ":"organisation", …} record.', NULL::bigint)
                    ELSE po.org_id END,
               CASE WHEN s.j ? 'rolle' THEN s.j->>'rolle' ELSE 'partner' END
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
          LEFT JOIN kaoa.organisation po ON po.kommune = s.j->>'kommune' AND po.schluessel = s.j->>'partner'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_partner x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id AND x.org_id = po.org_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSIF t = 'anmeldung' THEN
        -- a registration, known by the measure (Träger and title) and the person: line by line through
        -- kaoa.anmelden and kaoa.anmeldung_zurueckziehen, so the places, the queue (file order) and the
        -- log hold as for any registration; "status", when given, must be what the rules give
        FOR r IN EXECUTE $sql$
                 SELECT s.zeile, s.j, m.massnahme_id, p.person_id
                   FROM pg_temp.kaoa_import s
                   LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                   LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id
                                             AND m.titel = s.j->>'titel'
                   LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3
                  ORDER BY s.zeile
                 $sql$ USING t, von, bis
        LOOP
            IF r.massnahme_id IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = '23503',
                    MESSAGE = pg_catalog.format('no measure %s of Träger %s in Kommune %s', r.j->'titel', r.j->'traeger', r.j->>'kommune'),
                    HINT = 'Add the measure as a massnahme record with the same traeger and titel.';
            ELSIF r.person_id IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = '23503',
                    MESSAGE = pg_catalog.format('no person with pseudonym %s in Kommune %s', r.j->'pseudonym', r.j->>'kommune'),
                    HINT = 'Add the person record ({"typ":"person", …}) to this file or an earlier one.';
            END IF;
            -- read now, not with the lines: a withdrawal on an earlier line moves the waiting list up
            aid := NULL;
            astatus := NULL;
            SELECT a.anmeldung_id, a.status INTO aid, astatus
              FROM kaoa.anmeldung a
             WHERE a.kommune = r.j->>'kommune' AND a.massnahme_id = r.massnahme_id AND a.person_id = r.person_id;
            gewollt := CASE WHEN r.j ? 'status' THEN r.j->>'status' END;
            IF r.j ? 'status' AND (gewollt IS NULL OR gewollt NOT IN ('zugesagt', 'warteliste', 'zurueckgezogen')) THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = pg_catalog.format('"status" must be zugesagt, warteliste or zurueckgezogen, not %s', r.j->'status'),
                    HINT = 'Leave status out to let the rules decide; zurueckgezogen withdraws the registration.';
            END IF;
            IF aid IS NOT NULL AND (gewollt IS NULL OR gewollt = astatus) THEN
                CONTINUE;               -- as stored: nothing to do
            ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' AND gewollt = 'zurueckgezogen' THEN
                PERFORM kaoa.anmeldung_zurueckziehen(aid);
                geaendert := geaendert + 1;
                CONTINUE;
            ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' THEN
                RAISE EXCEPTION USING ERRCODE = '55000',
                    MESSAGE = pg_catalog.format('the registration of %s for measure %s is %s, not %s',
                                                r.j->'pseudonym', r.j->'titel', astatus, gewollt),
                    HINT = 'A waiting registration moves up only when a place is freed, and a place is given back only by withdrawing; a record can withdraw (status zurueckgezogen) or leave the status out.';
            END IF;
            -- new, or withdrawn and registered anew: the rules decide the status
            id := kaoa.anmelden(r.massnahme_id, r.person_id);
            SELECT a.status INTO ist FROM kaoa.anmeldung a WHERE a.anmeldung_id = id;
            IF gewollt = 'zurueckgezogen' THEN
                PERFORM kaoa.anmeldung_zurueckziehen(id);
            ELSIF gewollt IS NOT NULL AND gewollt <> ist THEN
                RAISE EXCEPTION USING ERRCODE = '55000',
                    MESSAGE = pg_catalog.format('the registration of %s for measure %s would be %s, not %s',
                                                r.j->'pseudonym', r.j->'titel', ist, gewollt),
                    HINT = CASE WHEN gewollt = 'zugesagt'
                                THEN 'Every place of the measure is zugesagt: the registration goes on the waiting list. Leave status out, or free a place first.'
                                ELSE 'A place is free, so the registration is zugesagt, not put on the waiting list. Leave status out.' END;
            END IF;
            IF aid IS NULL THEN
                neu := neu + 1;
            ELSE
                geaendert := geaendert + 1;
            END IF;
        END LOOP;

    ELSIF t = 'massnahme_teilnahme' THEN
        -- a participant of a measure (the measure known by its Träger and title)
        EXECUTE $sql$
        UPDATE kaoa.massnahme_teilnahme mt
           SET datum = n.datum
          FROM (SELECT x.kommune, x.massnahme_teilnahme_id, (s.j->>'datum')::date AS datum
                  FROM (SELECT s.j FROM pg_temp.kaoa_import s
                         WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 AND s.j ? 'datum') s
                  JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
                  JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
                  JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
                  JOIN kaoa.massnahme_teilnahme x ON x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id
                                                 AND x.person_id = p.person_id) n
         WHERE mt.kommune = n.kommune AND mt.massnahme_teilnahme_id = n.massnahme_teilnahme_id
           AND mt.datum IS DISTINCT FROM n.datum
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS geaendert = ROW_COUNT;
        EXECUTE $sql$
        INSERT INTO kaoa.massnahme_teilnahme (kommune, massnahme_id, person_id, datum)
        SELECT s.j->>'kommune',
               CASE WHEN m.massnahme_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no measure %s of Träger %s in Kommune %s',
                                                                       s.j->'titel', s.j->'traeger', s.j->>'kommune'),
                                            'Add the measure as a massnahme record with the same traeger and titel.',
                                            NULL::bigint)
                    ELSE m.massnahme_id END,
               CASE WHEN p.person_id IS NULL
                    THEN kaoa.import_fehler('23503', pg_catalog.format('no person with pseudonym %s in Kommune %s',
                                                                       s.j->'pseudonym', s.j->>'kommune'),
                                            'Add the person record ({"typ":"person", …}) to this file or an earlier one.',
                                            NULL::bigint)
                    ELSE p.person_id END,
               COALESCE((s.j->>'datum')::date, CURRENT_DATE)
          FROM (SELECT s.zeile, s.j FROM pg_temp.kaoa_import s
                 WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3) s
          LEFT JOIN kaoa.organisation o ON o.kommune = s.j->>'kommune' AND o.schluessel = s.j->>'traeger'
          LEFT JOIN kaoa.massnahme m ON m.kommune = o.kommune AND m.traeger_org = o.org_id AND m.titel = s.j->>'titel'
          LEFT JOIN kaoa.person p ON p.kommune = s.j->>'kommune' AND p.pseudonym = s.j->>'pseudonym'
         WHERE NOT EXISTS (SELECT 1 FROM kaoa.massnahme_teilnahme x
                            WHERE x.kommune = m.kommune AND x.massnahme_id = m.massnahme_id AND x.person_id = p.person_id)
         ORDER BY s.zeile
        $sql$ USING t, von, bis;
        GET DIAGNOSTICS neu = ROW_COUNT;

    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('unknown record type %L', t),
            HINT = 'Known types: ' || (SELECT string_agg(f.typ, ', ' ORDER BY f.rang) FROM kaoa.import_format() f) || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION kaoa.import_stapel(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type in a range of line numbers set-based (UPDATE of changed records, INSERT of new ones); raises on the first error. Called by kaoa.import_anwenden.';


-- ---------------------------------------------------------------------------------------------
-- issue 13 part 3 (BI master data and labels): the organisations of the reader's Kommune, every
-- code list with German labels and the data dictionary, as views for BI roles (the grants to roles
-- of 0.1.0 come with the last section).
CREATE VIEW kaoa.v_code_organisationstyp AS
SELECT t.typ::text AS typ, b.bezeichnung, t.n::integer AS reihenfolge
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.org_typ)) WITH ORDINALITY AS t(typ, n)
  LEFT JOIN (VALUES ('schule', 'Schule'), ('berufskolleg', 'Berufskolleg'),
                    ('agentur', 'Agentur für Arbeit (Berufsberatung)'), ('jobcenter', 'Jobcenter'),
                    ('jugendamt', 'Jugendamt'), ('jba', 'Jugendberufsagentur'),
                    ('koko', 'Kommunale Koordinierungsstelle'), ('kammer', 'Kammer'),
                    ('traeger', 'Träger'), ('betrieb', 'Betrieb')) AS b(typ, bezeichnung) ON b.typ = t.typ::text;
COMMENT ON VIEW kaoa.v_code_organisationstyp IS 'Codeliste: Arten von Organisationen in der Verantwortungskette.';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.typ IS 'Code der Organisationsart (v_organisation.typ).';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.reihenfolge IS 'Reihenfolge für Auswahllisten.';

CREATE VIEW kaoa.v_code_schulform AS
SELECT s.schulform, s.bezeichnung
  FROM (VALUES ('G', 'Grundschule'), ('H', 'Hauptschule'), ('R', 'Realschule'), ('SK', 'Sekundarschule'),
               ('GM', 'Gemeinschaftsschule'), ('PS', 'Schulversuch PRIMUS'), ('GE', 'Gesamtschule'),
               ('GY', 'Gymnasium'), ('V', 'Volksschule (nicht umorganisiert)'), ('S', 'Förderschule im Bereich G/H'),
               ('SR', 'Förderschule im Bereich Realschule'), ('SG', 'Förderschule im Bereich Gymnasium'),
               ('KS', 'Klinikschule'), ('FW', 'Freie Waldorfschule'), ('WF', 'Freie Waldorfschule (Förderschule)'),
               ('HI', 'Hiberniaschule'), ('BK', 'Berufskolleg'), ('SB', 'Förderschule im Bereich Berufskolleg'),
               ('WB', 'Weiterbildungskolleg')) AS s(schulform, bezeichnung);
COMMENT ON VIEW kaoa.v_code_schulform IS 'Codeliste: Schulformen nach dem Schlüssel der amtlichen Schulstatistik NRW (IT.NRW).';
COMMENT ON COLUMN kaoa.v_code_schulform.schulform IS 'Kürzel der Schulform (v_organisation.schulform).';
COMMENT ON COLUMN kaoa.v_code_schulform.bezeichnung IS 'Deutsche Bezeichnung.';

CREATE VIEW kaoa.v_organisation WITH (security_barrier) AS
SELECT o.kommune, o.org_id, o.typ::text AS typ, t.bezeichnung AS typ_bezeichnung, o.name, o.schluessel,
       o.schulform, s.bezeichnung AS schulform_bezeichnung
  FROM kaoa.organisation o
  LEFT JOIN kaoa.v_code_organisationstyp t ON t.typ = o.typ::text
  LEFT JOIN kaoa.v_code_schulform s ON s.schulform = o.schulform
 WHERE o.kommune IN (SELECT kaoa.bi_kommunen());
COMMENT ON VIEW kaoa.v_organisation IS
    'Die Organisationen der eigenen Kommune (Schulen, Berufskollegs, Agentur, Jobcenter, …) mit Art, Name, Schulnummer bzw. Schlüssel und Schulform: zum Verknüpfen mit schule_org der Auswertungssichten.';
COMMENT ON COLUMN kaoa.v_organisation.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_organisation.org_id IS 'Kennung der Organisation; verknüpfbar mit schule_org in v_verbleib und v_sbo.';
COMMENT ON COLUMN kaoa.v_organisation.typ IS 'Art der Organisation (Code aus v_code_organisationstyp).';
COMMENT ON COLUMN kaoa.v_organisation.typ_bezeichnung IS 'Art der Organisation, deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_organisation.name IS 'Name der Organisation.';
COMMENT ON COLUMN kaoa.v_organisation.schluessel IS 'Schulnummer der Schule bzw. Schlüssel der Organisation (eindeutig je Kommune).';
COMMENT ON COLUMN kaoa.v_organisation.schulform IS 'Schulform (Kürzel aus v_code_schulform); leer außer bei Schulen und Berufskollegs.';
COMMENT ON COLUMN kaoa.v_organisation.schulform_bezeichnung IS 'Schulform, deutsche Bezeichnung.';

CREATE VIEW kaoa.v_code_sektor AS
SELECT s.sektor, s.bezeichnung, s.n AS reihenfolge
  FROM (VALUES ('AUSBILDUNG', 'Berufsausbildung', 1), ('UEBERGANG', 'Übergangsbereich', 2),
               ('HZB', 'Erwerb der Hochschulzugangsberechtigung', 3), ('STUDIUM', 'Studium', 4),
               ('SONSTIGE', 'Sonstiger Verbleib', 5), ('OHNE', 'Noch kein Anschluss erfasst', 6)) AS s(sektor, bezeichnung, n);
COMMENT ON VIEW kaoa.v_code_sektor IS 'Codeliste: die Sektoren des Anschlusses (v_verbleib.sektor); OHNE: noch kein Anschluss erfasst.';
COMMENT ON COLUMN kaoa.v_code_sektor.sektor IS 'Code des Sektors.';
COMMENT ON COLUMN kaoa.v_code_sektor.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_sektor.reihenfolge IS 'Reihenfolge für Auswahllisten und Diagramme.';

CREATE VIEW kaoa.v_code_anschluss AS
SELECT a.code, a.bezeichnung, a.sektor, s.bezeichnung AS sektor_bezeichnung, a.iabe_sektor, a.sichert
  FROM kaoa.anschluss_kategorie a LEFT JOIN kaoa.v_code_sektor s ON s.sektor = a.sektor;
COMMENT ON VIEW kaoa.v_code_anschluss IS 'Codeliste: Anschlusskategorien (v_verbleib.anschluss) mit Sektor und iABE-Sektor, einschließlich der von der Kommune ergänzten.';
COMMENT ON COLUMN kaoa.v_code_anschluss.code IS 'Code des Anschlusses.';
COMMENT ON COLUMN kaoa.v_code_anschluss.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_anschluss.sektor IS 'Sektor (Code aus v_code_sektor).';
COMMENT ON COLUMN kaoa.v_code_anschluss.sektor_bezeichnung IS 'Sektor, deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_anschluss.iabe_sektor IS 'Sektor der Integrierten Ausbildungsberichterstattung (I Berufsausbildung, II Übergangsbereich, III Hochschulzugangsberechtigung, IV Studium); leer außerhalb der iABE.';
COMMENT ON COLUMN kaoa.v_code_anschluss.sichert IS 'Wahr, wenn die Kategorie einen Anschluss sichert (Voraussetzung für den Status anschluss_gesichert).';

CREATE VIEW kaoa.v_code_fallstatus AS
SELECT t.status::text AS status, b.bezeichnung, t.n::integer AS reihenfolge, b.abgeschlossen
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.fall_status)) WITH ORDINALITY AS t(status, n)
  LEFT JOIN (VALUES ('offen', 'Offen (Anschluss noch nicht geklärt)', false),
                    ('ohne_anschluss', 'Ohne Anschluss identifiziert', false),
                    ('in_beratung', 'In Beratung', false),
                    ('anschluss_gesichert', 'Anschluss gesichert', false),
                    ('angetreten', 'Anschluss angetreten', true),
                    ('nicht_angetreten', 'Anschluss nicht angetreten', false),
                    ('nicht_erreichbar', 'Nicht erreichbar', false),
                    ('ausgenommen', 'Ausgenommen (kein Handlungsbedarf)', true)) AS b(status, bezeichnung, abgeschlossen)
    ON b.status = t.status::text;
COMMENT ON VIEW kaoa.v_code_fallstatus IS 'Codeliste: Status eines Falls in der Verantwortungskette (v_kette.status).';
COMMENT ON COLUMN kaoa.v_code_fallstatus.status IS 'Code des Status.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.reihenfolge IS 'Reihenfolge entlang der Kette, für Auswahllisten und Diagramme.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.abgeschlossen IS 'Wahr, wenn der Fall in diesem Status in der Regel abgeschlossen ist (angetreten nach dem Verbleibsstichtag, ausgenommen).';

CREATE VIEW kaoa.v_code_rechtsgrundlage AS
SELECT t.code::text AS code, b.bezeichnung, b.norm
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.rechtsgrundlage)) WITH ORDINALITY AS t(code, n)
  LEFT JOIN (VALUES ('schuldueg_1_1', 'Übermittlung der Schule an die Agentur für Arbeit', 'SchülerDÜG NRW § 1 Abs. 1; § 31a Abs. 1 SGB III'),
                    ('sgb3_31a_2', 'Übermittlung der Agentur für Arbeit an Land bzw. Kommune', '§ 31a Abs. 2 SGB III; SchülerDÜG NRW § 1 Abs. 5'),
                    ('schulg_120', 'Übermittlung zwischen Schulen', 'SchulG NRW § 120'),
                    ('sgb10_69', 'Übermittlung zur Erfüllung sozialer Aufgaben', '§ 69 SGB X'),
                    ('einwilligung', 'Einwilligung der jungen Person bzw. der Sorgeberechtigten', 'Art. 6 Abs. 1 lit. a DSGVO')) AS b(code, bezeichnung, norm)
    ON b.code = t.code::text
 ORDER BY t.n;
COMMENT ON VIEW kaoa.v_code_rechtsgrundlage IS 'Codeliste: Rechtsgrundlagen einer Übergabe.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.code IS 'Code der Rechtsgrundlage.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.norm IS 'Die Vorschriften.';

CREATE VIEW kaoa.v_code_sbo_element AS
SELECT DISTINCT ON (k.element) k.element,
       COALESCE(b.bezeichnung, k.name) AS bezeichnung, k.jahrgang_von, k.jahrgang_bis,
       bool_or(k.pflicht) OVER (PARTITION BY k.element) AS pflicht
  FROM kaoa.sbo_katalog k
  LEFT JOIN (VALUES ('potenzialanalyse', 'Potenzialanalyse'), ('berufsfelderkundung', 'Berufsfelderkundung'),
                    ('praktikum', 'Betriebspraktikum'), ('anschlussvereinbarung', 'Anschlussvereinbarung')) AS b(element, bezeichnung)
    ON b.element = k.element
 ORDER BY k.element, k.pflicht DESC, k.version DESC, k.code;
COMMENT ON VIEW kaoa.v_code_sbo_element IS 'Codeliste: Standardelemente der Beruflichen Orientierung (v_sbo.element), über alle Katalogausgaben hinweg.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.element IS 'Code des Standardelements.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.jahrgang_von IS 'Erster Jahrgang, in dem das Element stattfindet (EF = 11, Q1 = 12, Q2 = 13).';
COMMENT ON COLUMN kaoa.v_code_sbo_element.jahrgang_bis IS 'Letzter Jahrgang, in dem das Element stattfindet.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.pflicht IS 'Wahr, wenn das Element für alle verpflichtend ist (dann zählt v_sbo es aus).';

CREATE VIEW kaoa.v_code_berufsfeld AS
SELECT b.code, b.kuerzel, b.name AS bezeichnung,
       pg_catalog.array_to_string(b.kldb::text[], ', ') AS kldb
  FROM kaoa.berufsfeld b;
COMMENT ON VIEW kaoa.v_code_berufsfeld IS 'Codeliste: Berufsfelder der Berufsfelderkundung (Katalog der Schulverwaltungssoftware SVWS) mit den zugeordneten Bereichen der KldB 2010.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.code IS 'Code des Berufsfelds.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.kuerzel IS 'Kürzel im SVWS-Katalog.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.bezeichnung IS 'Deutsche Bezeichnung wie im SVWS-Katalog.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.kldb IS 'Die zugeordneten KldB-2010-Bereiche (zwei- oder dreistellig), durch Komma getrennt.';

CREATE VIEW kaoa.v_code_berufsbereich AS
SELECT b.berufsbereich, b.bezeichnung
  FROM (VALUES ('0', 'Militär'), ('1', 'Land-, Forst- und Tierwirtschaft und Gartenbau'),
               ('2', 'Rohstoffgewinnung, Produktion und Fertigung'), ('3', 'Bau, Architektur, Vermessung und Gebäudetechnik'),
               ('4', 'Naturwissenschaft, Geografie und Informatik'), ('5', 'Verkehr, Logistik, Schutz und Sicherheit'),
               ('6', 'Kaufmännische Dienstleistungen, Warenhandel, Vertrieb, Hotel und Tourismus'),
               ('7', 'Unternehmensorganisation, Buchhaltung, Recht und Verwaltung'),
               ('8', 'Gesundheit, Soziales, Lehre und Erziehung'),
               ('9', 'Sprach-, Literatur-, Geistes-, Gesellschafts- und Wirtschaftswissenschaften, Medien, Kunst, Kultur und Gestaltung')) AS b(berufsbereich, bezeichnung);
COMMENT ON VIEW kaoa.v_code_berufsbereich IS 'Codeliste: Berufsbereiche der Klassifikation der Berufe 2010 (erste Stelle des KldB-Codes; v_zuteilung.berufsbereich).';
COMMENT ON COLUMN kaoa.v_code_berufsbereich.berufsbereich IS 'Erste Stelle des KldB-2010-Codes.';
COMMENT ON COLUMN kaoa.v_code_berufsbereich.bezeichnung IS 'Deutsche Bezeichnung des Berufsbereichs.';

-- The data dictionary: psqlODBC (what Excel and Power BI use) reports no column descriptions in
-- SQLColumns, so the descriptions are also a view of their own that any tool can load.
CREATE VIEW kaoa.v_datenkatalog AS
SELECT c.relname::text AS sicht, pg_catalog.obj_description(c.oid, 'pg_class') AS sicht_beschreibung,
       a.attname::text AS spalte, a.attnum::integer AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS datentyp,
       pg_catalog.col_description(c.oid, a.attnum) AS beschreibung
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%'
   AND pg_catalog.has_table_privilege(c.oid, 'SELECT');
COMMENT ON VIEW kaoa.v_datenkatalog IS 'Datenkatalog: jede Spalte jeder Auswertungssicht, die die angemeldete Rolle lesen darf, mit Datentyp und Beschreibung (für BI-Werkzeuge, deren Treiber die Beschreibungen nicht melden).';
COMMENT ON COLUMN kaoa.v_datenkatalog.sicht IS 'Name der Sicht im Schema kaoa.';
COMMENT ON COLUMN kaoa.v_datenkatalog.sicht_beschreibung IS 'Beschreibung der Sicht.';
COMMENT ON COLUMN kaoa.v_datenkatalog.spalte IS 'Name der Spalte.';
COMMENT ON COLUMN kaoa.v_datenkatalog.position IS 'Position der Spalte in der Sicht (ab 1).';
COMMENT ON COLUMN kaoa.v_datenkatalog.datentyp IS 'Datentyp der Spalte (text, integer, bigint, numeric, boolean, date, timestamp with time zone).';
COMMENT ON COLUMN kaoa.v_datenkatalog.beschreibung IS 'Beschreibung der Spalte.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t,
       unnest(ARRAY['kaoa.v_organisation', 'kaoa.v_code_organisationstyp', 'kaoa.v_code_schulform', 'kaoa.v_code_sektor',
                    'kaoa.v_code_anschluss', 'kaoa.v_code_fallstatus', 'kaoa.v_code_rechtsgrundlage',
                    'kaoa.v_code_sbo_element', 'kaoa.v_code_berufsfeld', 'kaoa.v_code_berufsbereich', 'kaoa.v_datenkatalog']) AS v;
REVOKE ALL ON TABLE kaoa.v_code_organisationstyp, kaoa.v_code_schulform, kaoa.v_organisation, kaoa.v_code_sektor, kaoa.v_code_anschluss, kaoa.v_code_fallstatus, kaoa.v_code_rechtsgrundlage, kaoa.v_code_sbo_element, kaoa.v_code_berufsfeld, kaoa.v_code_berufsbereich, kaoa.v_datenkatalog FROM PUBLIC;



-- ---- issue 12: the chain's nightly jobs through pg_cron (extension/170_kette_zeitplan.sql) ----

CREATE FUNCTION kaoa.zeitplan_einrichten(rolle name, uhrzeit time DEFAULT '02:00') RETURNS SETOF bigint
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE ROWS 2
    AS 'MODULE_PATHNAME', 'kaoa_zeitplan_einrichten';
COMMENT ON FUNCTION kaoa.zeitplan_einrichten(name, time) IS
    'Registers (or brings up to date) the pg_cron jobs kaoa_fristen (kaoa.fristen_pruefen) and kaoa_loeschfristen (kaoa.loeschfristen_anwenden) of this database, daily at uhrzeit in pg_cron''s time zone (GMT unless cron.timezone says otherwise), run as rolle (a role registered with kaoa.system_zugang, or the owner); idempotent; returns the two job ids. Superuser or owner of kaoa; 0A000 without pg_cron.';
REVOKE ALL ON FUNCTION kaoa.zeitplan_einrichten(name, time) FROM PUBLIC;

CREATE FUNCTION kaoa.zeitplan_entfernen() RETURNS SETOF bigint
    LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 2
    AS 'MODULE_PATHNAME', 'kaoa_zeitplan_entfernen';
COMMENT ON FUNCTION kaoa.zeitplan_entfernen() IS
    'Removes the pg_cron jobs kaoa_fristen and kaoa_loeschfristen of this database; returns the ids removed. Superuser or owner of kaoa; 0A000 without pg_cron.';
REVOKE ALL ON FUNCTION kaoa.zeitplan_entfernen() FROM PUBLIC;
-- No registered role gets EXECUTE on these two (kaoa.akteur_anlegen leaves them out), so roles
-- registered under 0.1.0 need nothing here.
-- issue 10 classes 5 and 6 (rights, availability): a role executes only the functions its
-- kaoa.rolle_recht rows name; UPDATE is granted per column and organisations get no DELETE, so no
-- actor can LOCK a shared table above ROW EXCLUSIVE; they delete through owner-run functions; the
-- import's lock is one only kaoa.import_sperren takes; registered roles get lock_timeout and
-- idle_in_transaction_session_timeout.  Same texts as extension/110, 130, 150, 210, 330, 340, 350,
-- 950.  Roles registered under 0.1.0 get all of it from kaoa.rechte_erneuern() in the last section.
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND fuer = 'koko' AND objekt = 'kaoa.fristen';
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND fuer = 'akteur' AND objekt IN ('kaoa.angebot', 'kaoa.massnahme');
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND objekt = 'kaoa.bewerberprofil'
   AND fuer IN ('schule', 'berufskolleg', 'agentur', 'jobcenter', 'jugendamt', 'koko', 'kammer', 'traeger', 'betrieb');
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND fuer = 'koko' AND objekt = 'kaoa.gewichtung';
UPDATE kaoa.rolle_recht SET rechte = 'SELECT'
 WHERE mitgeliefert AND fuer = 'koko' AND objekt = 'kaoa.zuteilung_lauf';
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND fuer IN ('schule', 'berufskolleg', 'koko')
   AND objekt IN ('kaoa.schulbesuch', 'kaoa.sbo_teilnahme', 'kaoa.massnahme_teilnahme');
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND fuer = 'akteur' AND objekt IN ('kaoa.massnahme_partner', 'kaoa.massnahme_zielgruppe');
UPDATE kaoa.rolle_recht SET rechte = 'SELECT, INSERT, UPDATE'
 WHERE mitgeliefert AND objekt = 'kaoa.massnahme_teilnahme'
   AND fuer IN ('agentur', 'jobcenter', 'jugendamt', 'jba', 'kammer', 'traeger', 'betrieb');

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
           'kaoa.akteur_org()', 'kaoa.akteur_aktuell()',
           'kaoa.fall_sichtbar(text, bigint, bigint, bigint)', 'kaoa.fall_sichtbar(text, bigint)',
           'kaoa.person_sichtbar(text, bigint)', 'kaoa.person_sichtbar(text, bigint, bigint)',
           'kaoa.identitaet_sichtbar(text, bigint)', 'kaoa.uebergabe_sichtbar(text, bigint, bigint)',
           'kaoa.kommune_verwaltbar(text)']) AS f;

CREATE FUNCTION kaoa.rechte_erneuern() RETURNS integer
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_rechte_erneuern';
COMMENT ON FUNCTION kaoa.rechte_erneuern() IS
    'Gives every registered role that still exists (kaoa.akteur, kaoa.bi_rolle) anew exactly what registering it gives now: the rights of kaoa.rolle_recht on today''s objects (UPDATE per column) and its session defaults. Run by every upgrade script last, and by the DBA after changing kaoa.rolle_recht. Returns the number of roles. Superuser or the extension owner only.';

COMMENT ON FUNCTION kaoa.akteur_anlegen(name, bigint) IS
    'Maps a role to an organisation (replacing an earlier mapping) and grants what that type of organisation needs (kaoa.rolle_recht; UPDATE per column, so the role cannot lock a shared table beyond ROW EXCLUSIVE) with session defaults lock_timeout 5s and idle_in_transaction_session_timeout 1min in this database; nothing to PUBLIC. Superuser or the extension owner only.';
COMMENT ON FUNCTION kaoa.system_zugang(name) IS
    'Registers a role that acts as the system (imports, maintenance, scheduled jobs) and grants what it needs, with session defaults lock_timeout 1min and idle_in_transaction_session_timeout 10min in this database. Superuser or the extension owner only.';
COMMENT ON FUNCTION kaoa.bi_zugang(name, text) IS
    'Lets a role read the kaoa.v_* views for one Kommune and nothing else (the tables stay closed: 42501), with session defaults lock_timeout 5s and idle_in_transaction_session_timeout 1min in this database. Superuser or the extension owner only.';

-- Who may call what (kaoa.rolle_recht).  Each of these functions decides itself who may do what and
-- refuses anyone else with KA004 (or KA008), a detail and a hint — the hand-offs (not the JBA, never
-- a holder), the Verbleib report, the objection, the chain's checks (the KoKo and the system), the
-- deletion (the system) — so every organisation may call them and a wrong caller learns why.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.uebergeben(bigint, bigint, kaoa.rechtsgrundlage, bigint)', 'kaoa.uebernehmen(bigint)',
                    'kaoa.ablehnen(bigint, text)', 'kaoa.zurueckziehen(bigint, text)', 'kaoa.uebergabe_daten(bigint)',
                    'kaoa.verbleib_melden(bigint, boolean)', 'kaoa.widerspruch_erheben(bigint)',
                    'kaoa.fristen_pruefen(date)', 'kaoa.kette_pruefen(text, integer, date)',
                    'kaoa.loeschfristen_anwenden(date)', 'kaoa.berufsschulpflicht_ende(date)']) AS f;

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_kommunen()', 'EXECUTE', true FROM unnest(ARRAY['koko', 'system']) AS t;
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
    'Deletes the matching profile of a person the caller may see (for example when the young person withdraws the consent); returns the number deleted (0 for none, or a person the caller may not see).';

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
                    'kaoa.angebot_loeschen(bigint)', 'kaoa.bewerberprofil_loeschen(bigint)',
                    'kaoa.zuteilung_lauf_loeschen(bigint)']) AS f;

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
-- the analyses decide themselves whom they answer (a school its pupils, the KoKo its Kommune;
-- anyone else KA004 with the reason), so every organisation may call them
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.sbo_luecken(text, integer, date)', 'kaoa.massnahmen_ueberschneidungen(text, integer)',
                    'kaoa.massnahmen_luecken(text, integer)']) AS f;

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bewerberprofil_aus_sbo(bigint)', 'EXECUTE', true FROM unnest(ARRAY['akteur', 'system']) AS t;

-- One import at a time (src/base/import_sperre.c): a session-level lock that only these functions
-- take, in a key space pg_advisory_lock cannot reach — the system's loaders share one lock, an
-- organisation's role takes its organisation's, so no role can stall a loader's import.
CREATE FUNCTION kaoa.import_sperren(warten boolean DEFAULT true) RETURNS boolean
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_sperren';
COMMENT ON FUNCTION kaoa.import_sperren(boolean) IS
    'kaoa import: takes the caller''s import lock for the session (a system role: the database''s one loader lock; an organisation''s role: its organisation''s), waiting while another session holds it unless warten is false; true when held. No other role can take or hold these locks (they are not pg_advisory_lock keys).';
CREATE FUNCTION kaoa.import_freigeben() RETURNS boolean
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_freigeben';
COMMENT ON FUNCTION kaoa.import_freigeben() IS
    'kaoa import: releases the caller''s import lock (the session''s end releases it too); false when this session did not hold it.';

-- Who may call what: every organisation and the system import (under their own rights).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.import_format()', 'kaoa.import_staging()', 'kaoa.import_json()',
                    'kaoa.import_fehler(text, text, text, anyelement)', 'kaoa.import_stapel(text, bigint, bigint)',
                    'kaoa.import_textliste(jsonb, text)', 'kaoa.import_kldb_liste(jsonb)',
                    'kaoa.import_anwenden(text, bigint, bigint)', 'kaoa.import_sperren(boolean)',
                    'kaoa.import_freigeben()']) AS f;

REVOKE ALL ON FUNCTION kaoa.rechte_erneuern() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.angebot_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.bewerberprofil_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.zuteilung_lauf_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.schulbesuch_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.sbo_teilnahme_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.massnahme_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.massnahme_teilnahme_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.massnahme_zielgruppe_loeschen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.massnahme_partner_loeschen(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.import_sperren(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.import_freigeben() FROM PUBLIC;

-- issue 10 class 5: the matching searches refuse k above 1000 (54000).
COMMENT ON FUNCTION kaoa.top_angebote(bigint, integer) IS
    'The k best offers for a young person among all offers (any Kommune), excluded pairs left out, best first, ties by angebot_id. Streams over an index of the offers (occupation prefix and latitude bands) with distance pruning; never scores an applicants × offers matrix. Nothing for a person without a usable profile; k <= 0 is 22023, k above 1000 is 54000.';
COMMENT ON FUNCTION kaoa.top_bewerber(bigint, integer) IS
    'The k best young people for an offer among those with a usable profile that the caller may see, excluded pairs left out, best first, ties by person_id. k <= 0 is 22023, k above 1000 54000, an unknown offer P0002.';
COMMENT ON FUNCTION kaoa.zuteilung_berechnen(text, integer, integer, bigint) IS
    'Computes and stores a proposed assignment for the open young people of a Kommune and school year (a case in ohne_anschluss, in_beratung, nicht_angetreten or nicht_erreichbar, with a usable profile): each one''s top-k eligible offers with seats (praeferenz = passung, prioritaet = offer-side priority), the stable assignment, and the cutoff of every full offer. Returns the lauf_id. Run by the KoKo of the Kommune or the system (KA004 otherwise); a NULL argument is 22004, k <= 0 or a schuljahr outside 2000-2100 22023, k above 1000 54000, an unknown Kommune P0002; a k above the number of offers searches them all. A proposal for counsellors to discuss with each young person, never an automatic decision (Art. 22 DSGVO).';

-- ---------------------------------------------------------------------------------------------
-- issue 10 class 9 (dates): the domain's day is Europe/Berlin's, whatever the session's TimeZone
-- (kaoa.heute(); the C rules use the same day).  Defaults that were current_date use it; a
-- contact attempt is refused more than 5 minutes ahead or, from an organisation, more than 14
-- days back (C trigger, no SQL change).
CREATE FUNCTION kaoa.heute() RETURNS date
    LANGUAGE C STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_heute_sql';
COMMENT ON FUNCTION kaoa.heute() IS
    'Today as kaoa counts days: the date in Europe/Berlin at the start of the transaction, whatever the session''s TimeZone (current_date follows the session). Every deadline, window and default day of kaoa uses it.';
CREATE FUNCTION kaoa.tag(zeit timestamptz) RETURNS date
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_tag_sql';
COMMENT ON FUNCTION kaoa.tag(timestamptz) IS
    'The day of a moment as kaoa counts days: its date in Europe/Berlin, whatever the session''s TimeZone (zeit::date follows the session).';
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true FROM unnest(ARRAY['akteur', 'system']) AS t, unnest(ARRAY['kaoa.heute()', 'kaoa.tag(timestamptz)']) AS f;
REVOKE ALL ON FUNCTION kaoa.heute() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.tag(timestamptz) FROM PUBLIC;

ALTER TABLE kaoa.einwilligung ALTER COLUMN gueltig_ab SET DEFAULT kaoa.heute();
ALTER TABLE kaoa.anschlussvereinbarung ALTER COLUMN datum SET DEFAULT kaoa.heute();
ALTER TABLE kaoa.massnahme_teilnahme ALTER COLUMN datum SET DEFAULT kaoa.heute();
CREATE OR REPLACE FUNCTION kaoa.fristen_pruefen(stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (kommune text, fall_id bigint, uebergabe_id bigint, problem text, faellig_am date)
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_fristen_pruefen';
CREATE OR REPLACE FUNCTION kaoa.kette_pruefen(kommune text, schuljahr integer, stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (fall_id bigint, problem text)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_kette_pruefen';
CREATE OR REPLACE FUNCTION kaoa.loeschfristen_anwenden(stichtag date DEFAULT kaoa.heute()) RETURNS integer
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_loeschfristen_anwenden';
CREATE OR REPLACE FUNCTION kaoa.sbo_luecken(kommune text, schuljahr integer, stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (person_id bigint, schule_org bigint, schulform text, jahrgang integer, element text,
                   sbo_code text, vorhanden integer, erforderlich integer, ueberfaellig boolean)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_luecken';

-- ---------------------------------------------------------------------------------------------
-- issue 10 class 10 (deletion): identities of persons without a case get a deletion day (the end
-- of the school year of their last SBO record, or of the year they turn 18, plus
-- aufbewahrung_monate); the home coordinates of the matching profile go with the identity; the
-- days are Berlin days.  Same text as extension/360_loeschtermine.sql (the view moved there from
-- 130, as it reads the Standardelemente).
CREATE OR REPLACE VIEW kaoa.loeschtermine AS
WITH f AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id, f.schuljahr, f.status, kaoa.tag(f.status_seit) AS seit,
           COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS vs,
           k.aufbewahrung_monate AS monate
      FROM kaoa.fall f
      JOIN kaoa.kommune k ON k.kommune = f.kommune
      LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr),
pf AS NOT MATERIALIZED (
    SELECT f.kommune, f.person_id,
           least(CASE WHEN bool_and(f.status IN ('ausgenommen', 'angetreten'))
                      THEN (max(CASE WHEN f.status = 'ausgenommen' THEN f.seit ELSE greatest(f.seit, f.vs + 1) END)
                            + make_interval(months => max(f.monate)))::date END,
                 ((array_agg(f.vs ORDER BY f.schuljahr DESC))[1] + interval '12 months')::date + 1) AS identitaet_am
      FROM f GROUP BY f.kommune, f.person_id),
r AS NOT MATERIALIZED (
    SELECT s.kommune, s.person_id, s.schuljahr FROM kaoa.schulbesuch s
    UNION ALL
    SELECT t.kommune, t.person_id, extract(year FROM t.datum - interval '7 months')::integer FROM kaoa.sbo_teilnahme t
    UNION ALL
    SELECT a.kommune, a.person_id, extract(year FROM a.datum - interval '7 months')::integer
      FROM kaoa.anschlussvereinbarung a
    UNION ALL
    SELECT m.kommune, m.person_id, extract(year FROM m.datum - interval '7 months')::integer
      FROM kaoa.massnahme_teilnahme m),
o AS NOT MATERIALIZED (
    SELECT pe.kommune, pe.person_id,
           (COALESCE(make_date(max(r.schuljahr) + 1, 7, 31), kaoa.berufsschulpflicht_ende(pe.geburtsmonat))
            + make_interval(months => k.aufbewahrung_monate))::date + 1 AS identitaet_am
      FROM kaoa.person pe
      JOIN kaoa.kommune k ON k.kommune = pe.kommune
      LEFT JOIN r ON r.kommune = pe.kommune AND r.person_id = pe.person_id
     WHERE NOT EXISTS (SELECT 1 FROM kaoa.fall c WHERE c.kommune = pe.kommune AND c.person_id = pe.person_id)
     GROUP BY pe.kommune, pe.person_id, pe.geburtsmonat, k.aufbewahrung_monate),
p AS NOT MATERIALIZED (
    SELECT pf.kommune, pf.person_id, pf.identitaet_am FROM pf
    UNION ALL
    SELECT o.kommune, o.person_id, o.identitaet_am FROM o WHERE o.identitaet_am IS NOT NULL)
SELECT p.kommune, p.person_id, 'identitaet'::text AS teil, NULL::bigint AS uebergabe_id,
       p.identitaet_am AS loeschen_am
  FROM p
UNION ALL
SELECT b.kommune, b.person_id, 'bewerberprofil_ort'::text, NULL::bigint, p.identitaet_am
  FROM kaoa.bewerberprofil b
  JOIN p ON p.kommune = b.kommune AND p.person_id = b.person_id
 WHERE b.lat IS NOT NULL OR b.lon IS NOT NULL
UNION ALL
SELECT u.kommune, p.person_id, 'uebergabe'::text, u.uebergabe_id,
       least(p.identitaet_am,
             CASE WHEN u.abgelehnt_am IS NOT NULL THEN kaoa.tag(u.abgelehnt_am)
                  WHEN u.zurueckgezogen_am IS NOT NULL THEN kaoa.tag(u.zurueckgezogen_am)
                  WHEN u.rechtsgrundlage = 'einwilligung' THEN kaoa.tag(e.widerrufen_am)
                  ELSE (kaoa.tag(u.gesendet_am) + interval '6 months')::date END)
  FROM kaoa.uebergabe u
  JOIN kaoa.fall f ON f.kommune = u.kommune AND f.fall_id = u.fall_id
  JOIN p ON p.kommune = f.kommune AND p.person_id = f.person_id
  LEFT JOIN kaoa.einwilligung e ON e.kommune = u.kommune AND e.einwilligung_id = u.einwilligung_id;
COMMENT ON VIEW kaoa.loeschtermine IS
    'When kaoa.loeschfristen_anwenden deletes which part of a person: teil identitaet (a person with cases: all cases terminal for aufbewahrung_monate, at the latest the day after the current case''s verbleib_stichtag lies 12 months back; a person without a case: aufbewahrung_monate after the end of the school year of their last enrolment or participation, without any, of the school year they turn 18), teil bewerberprofil_ort (the profile''s home coordinates, with the identity) and teil uebergabe (what a hand-off transferred: when nobody may read it any more, at the latest with the identity). The same rule reports the days in kaoa.auskunft. Read by the extension owner only.';

COMMENT ON FUNCTION kaoa.loeschfristen_anwenden(date) IS
    'Deletes (and logs) what kaoa.loeschtermine says is due by stichtag: identities whose retention ended (a person with cases: all cases terminal for the Kommune''s aufbewahrung_monate, or the current case''s verbleib_stichtag more than 12 months back; a person without a case: aufbewahrung_monate after the school year of their last SBO record), the home coordinates of their matching profiles, and what hand-offs transferred once nobody may read it. Returns the number of identities deleted. System roles only.';

-- issue 14 part 2's exact counts check their caller themselves (KA004 with the reason): granted to
-- every organisation like the other API functions (extension/370_sbo_bilanz.sql)
UPDATE kaoa.rolle_recht SET fuer = 'akteur'
 WHERE mitgeliefert AND fuer = 'koko'
   AND objekt IN ('kaoa.massnahme_wirkung(text, integer)', 'kaoa.ausbildungsmarkt(text, integer)');

-- ---- issue 11 part 3, issue 10 class 8: the import from one description ----
-- The record types and fields of kaoa import are described once (kaoa.import_typen, kaoa.import_felder;
-- extension/940_import_format.sql) and the statements that apply them are built from that
-- description and the catalogue (kaoa.import_anweisungen) instead of the hand-written branches of
-- kaoa.import_stapel; a line that row-level security keeps from being written is a reject 42501
-- (kaoa.import_verweigert).  The helpers of the hand-written branches go.  Same texts as
-- extension/940 and 950.  The record types of issue 14 (massnahme_zielgruppe, massnahme_partner,
-- anmeldung, the measure's registration fields) are part of the description; a registration is
-- applied through kaoa.import_anmeldung.
DROP FUNCTION kaoa.import_textliste(jsonb, text);
DROP FUNCTION kaoa.import_kldb_liste(jsonb);
-- the rights of the functions that went and came (kaoa.rolle_recht; registered roles get them from
-- kaoa.rechte_erneuern in the last section)
DELETE FROM kaoa.rolle_recht
 WHERE mitgeliefert AND objekt IN ('kaoa.import_textliste(jsonb, text)', 'kaoa.import_kldb_liste(jsonb)');
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.import_typen()', 'kaoa.import_beschreibung()', 'kaoa.import_felder()',
                    'kaoa.import_verweis_sql(text, jsonb, text)', 'kaoa.import_gruppen(text)',
                    'kaoa.import_verweis_werte(record, jsonb)', 'kaoa.import_anweisungen(text)',
                    'kaoa.import_verweigert(text, text)', 'kaoa.import_anmeldung(jsonb)']) AS f;
CREATE FUNCTION kaoa.import_typen(OUT typ text, OUT rang integer, OUT tabelle name, OUT nur_anlegen boolean,
                                  OUT hinweis text, OUT funktion text, OUT export boolean, OUT folge text[])
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    VALUES
    ('kommune', 1, 'kommune'::name, false, /* _ */ 'Add the Kommune as {"typ":"kommune", …} record.', NULL, false, NULL::text[]),
    ('fristen', 2, 'fristen', false, NULL, NULL, false, NULL),
    ('organisation', 3, 'organisation', false, /* _ */ 'Add the organisation as {"typ":"organisation", …} record.', NULL, false, NULL),
    ('person', 4, 'person', false, /* _ */ 'Add the person record ({"typ":"person", …}) to this file or an earlier one.', NULL, false, NULL),
    ('person_identitaet', 5, 'person_identitaet', false, NULL, NULL, false, NULL),
    ('fall', 6, 'fall', false, NULL, NULL, false, NULL),
    ('bewerberprofil', 7, 'bewerberprofil', false, NULL, NULL, false, NULL),
    ('angebot', 8, 'angebot', false, NULL, NULL, false, NULL),
    ('schulbesuch', 9, 'schulbesuch', false, NULL, NULL, false, NULL),
    -- participations are history: corrections are made in SQL by those who recorded them
    ('sbo_teilnahme', 10, 'sbo_teilnahme', true, NULL, NULL, false, NULL),
    ('massnahme', 11, 'massnahme', false, /* _ */ 'Add the measure as a massnahme record with the same traeger and titel.', NULL, true, NULL),
    ('massnahme_zielgruppe', 12, 'massnahme_zielgruppe', false, NULL, NULL, true, NULL),
    ('massnahme_partner', 13, 'massnahme_partner', false, NULL, NULL, true, NULL),
    -- registrations: through kaoa.anmelden and kaoa.anmeldung_zurueckziehen, so that places, the
    -- waiting list (file order is queue order), deadline, rights and log hold as for any other
    ('anmeldung', 14, 'anmeldung', false, NULL, 'kaoa.import_anmeldung', true, '{kommune,angemeldet_am,anmeldung_id}'),
    ('massnahme_teilnahme', 15, 'massnahme_teilnahme', false, NULL, NULL, true, NULL)
$$;
COMMENT ON FUNCTION kaoa.import_typen() IS
    'The record types of kaoa import, as described once (extension/940_import_format.sql): apply order, table loaded, whether an existing record is left as it is (history), the hint for a line that refers to a missing record of the type, for records written only through the API the function that applies a line, whether kaoa export writes the type (view kaoa.export_<typ>, built by kaoa.export_sql) and the columns giving the export''s order when it is not the natural key''s.';
REVOKE ALL ON FUNCTION kaoa.import_typen() FROM PUBLIC;

CREATE FUNCTION kaoa.import_beschreibung(OUT typ text, OUT feld text, OUT nr integer, OUT schluessel boolean,
                                         OUT spalte name, OUT verweis text, OUT verweis_feld text,
                                         OUT nach_anlage boolean, OUT hinweis text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- the fields in the order written (a VALUES list is scanned in its order), numbered per type
    SELECT b.typ, b.feld, (row_number() OVER (PARTITION BY b.typ ORDER BY b.n))::integer, b.schluessel, b.spalte::name,
           b.verweis, coalesce(b.verweis_feld, CASE WHEN b.verweis IS NOT NULL THEN b.feld END), b.nach_anlage, b.hinweis
      FROM (SELECT v.*, row_number() OVER () AS n FROM (VALUES
    -- typ                  feld                  key    spalte                verweis         verweis_feld  nach_anlage hinweis
    ('kommune',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('kommune',             'name',               false, 'name',               NULL,           NULL,         false, NULL),
    ('kommune',             'min_fallzahl',       false, 'min_fallzahl',       NULL,           NULL,         false, NULL),
    ('kommune',             'aufbewahrung_monate', false, 'aufbewahrung_monate', NULL,         NULL,         false, NULL),

    ('fristen',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('fristen',             'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('fristen',             'identifikation_von', false, 'identifikation_von', NULL,           NULL,         false, NULL),
    ('fristen',             'identifikation_bis', false, 'identifikation_bis', NULL,           NULL,         false, NULL),
    ('fristen',             'uebernahme_tage',    false, 'uebernahme_tage',    NULL,           NULL,         false, NULL),
    ('fristen',             'verbleib_stichtag',  false, 'verbleib_stichtag',  NULL,           NULL,         false, NULL),

    ('organisation',        'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('organisation',        'schluessel',         true,  'schluessel',         NULL,           NULL,         false, NULL),
    ('organisation',        'org_typ',            false, 'typ',                NULL,           NULL,         false, NULL),
    ('organisation',        'name',               false, 'name',               NULL,           NULL,         false, NULL),
    ('organisation',        'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),

    ('person',              'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('person',              'pseudonym',          true,  'pseudonym',          NULL,           NULL,         false, NULL),
    ('person',              'geburtsmonat',       false, 'geburtsmonat',       NULL,           NULL,         false, NULL),

    ('person_identitaet',   'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('person_identitaet',   'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('person_identitaet',   'nachname',           false, 'nachname',           NULL,           NULL,         false, NULL),
    ('person_identitaet',   'vorname',            false, 'vorname',            NULL,           NULL,         false, NULL),
    ('person_identitaet',   'geburtsdatum',       false, 'geburtsdatum',       NULL,           NULL,         false, NULL),
    ('person_identitaet',   'geschlecht',         false, 'geschlecht',         NULL,           NULL,         false, NULL),
    ('person_identitaet',   'anschrift',          false, 'anschrift',          NULL,           NULL,         false, NULL),

    ('fall',                'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('fall',                'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('fall',                'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('fall',                'schule',             false, 'schule_org',         'organisation', 'schluessel', false,
     /* _ */ 'Add the school as {"typ":"organisation", …} record.'),
    ('fall',                'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),
    ('fall',                'abschluss',          false, 'abschluss',          NULL,           NULL,         false, NULL),
    ('fall',                'abschluss_erwartet', false, 'abschluss_erwartet', NULL,           NULL,         false, NULL),
    ('fall',                'status',             false, 'status',             NULL,           NULL,         true,  NULL),
    ('fall',                'anschluss',          false, 'anschluss',          NULL,           NULL,         true,  NULL),
    ('fall',                'grund',              false, 'grund',              NULL,           NULL,         true,  NULL),

    ('bewerberprofil',      'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('bewerberprofil',      'wuensche',           false, 'wuensche',           NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'interessen',         false, 'interessen',         NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'kompetenzen',        false, 'kompetenzen',        NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'lat',                false, 'lat',                NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'lon',                false, 'lon',                NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'max_km',             false, 'max_km',             NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'verfuegbar_ab',      false, 'verfuegbar_ab',      NULL,           NULL,         false, NULL),

    ('angebot',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('angebot',             'extern_id',          true,  'extern_id',          NULL,           NULL,         false, NULL),
    ('angebot',             'anbieter',           false, 'org_id',             'organisation', 'schluessel', false,
     /* _ */ 'Add the offering organisation as {"typ":"organisation", …} record.'),
    ('angebot',             'kldb',               false, 'kldb',               NULL,           NULL,         false, NULL),
    ('angebot',             'titel',              false, 'titel',              NULL,           NULL,         false, NULL),
    ('angebot',             'mindest_abschluss',  false, 'mindest_abschluss',  NULL,           NULL,         false, NULL),
    ('angebot',             'mindest_hart',       false, 'mindest_hart',       NULL,           NULL,         false, NULL),
    ('angebot',             'interessen',         false, 'interessen',         NULL,           NULL,         false, NULL),
    ('angebot',             'anforderungen',      false, 'anforderungen',      NULL,           NULL,         false, NULL),
    ('angebot',             'lat',                false, 'lat',                NULL,           NULL,         false, NULL),
    ('angebot',             'lon',                false, 'lon',                NULL,           NULL,         false, NULL),
    ('angebot',             'beginn',             false, 'beginn',             NULL,           NULL,         false, NULL),
    ('angebot',             'plaetze',            false, 'plaetze',            NULL,           NULL,         false, NULL),

    ('schulbesuch',         'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('schulbesuch',         'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('schulbesuch',         'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('schulbesuch',         'schule',             false, 'schule_org',         'organisation', 'schluessel', false,
     /* _ */ 'Add the school as {"typ":"organisation", …} record.'),
    ('schulbesuch',         'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),
    ('schulbesuch',         'jahrgang',           false, 'jahrgang',           NULL,           NULL,         false, NULL),

    ('sbo_teilnahme',       'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('sbo_teilnahme',       'sbo_code',           true,  'sbo_code',           NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'datum',              true,  'datum',              NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'berufsfeld',         false, 'berufsfeld',         NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'bis',                false, 'bis',                NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'anbieter',           false, 'anbieter_org',       'organisation', 'schluessel', false,
     /* _ */ 'Add the provider as {"typ":"organisation", …} record, or leave anbieter out.'),
    ('sbo_teilnahme',       'kompetenzen',        false, 'kompetenzen',        NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'ergebnis',           false, 'ergebnis',           NULL,           NULL,         false, NULL),

    ('massnahme',           'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme',           'traeger',            true,  'traeger_org',        'organisation', 'schluessel', false,
     /* _ */ 'Add the Träger as {"typ":"organisation", …} record.'),
    ('massnahme',           'titel',              true,  'titel',              NULL,           NULL,         false, NULL),
    ('massnahme',           'art',                false, 'art',                NULL,           NULL,         false, NULL),
    ('massnahme',           'jahrgaenge',         false, 'jahrgaenge',         NULL,           NULL,         false, NULL),
    ('massnahme',           'schulformen',        false, 'schulformen',        NULL,           NULL,         false, NULL),
    ('massnahme',           'berufsfelder',       false, 'berufsfelder',       NULL,           NULL,         false, NULL),
    ('massnahme',           'zeitraum',           false, 'zeitraum',           NULL,           NULL,         false, NULL),
    ('massnahme',           'plaetze',            false, 'plaetze',            NULL,           NULL,         false, NULL),
    ('massnahme',           'finanzierung',       false, 'finanzierung',       NULL,           NULL,         false, NULL),
    ('massnahme',           'anmeldung_bis',      false, 'anmeldung_bis',      NULL,           NULL,         false, NULL),
    ('massnahme',           'nur_zielgruppe',     false, 'nur_zielgruppe',     NULL,           NULL,         false, NULL),
    ('massnahme',           'warteliste',         false, 'warteliste',         NULL,           NULL,         false, NULL),

    ('massnahme_zielgruppe', 'kommune',           true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_zielgruppe', 'traeger',           true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_zielgruppe', 'titel',             true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_zielgruppe', 'jahrgaenge',        true,  'jahrgaenge',         NULL,           NULL,         false, NULL),
    ('massnahme_zielgruppe', 'schulformen',       false, 'schulformen',        NULL,           NULL,         false, NULL),

    ('massnahme_partner',   'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_partner',   'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_partner',   'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_partner',   'partner',            true,  'org_id',             'organisation', 'schluessel', false,
     /* _ */ 'Add the partner as {"typ":"organisation", …} record.'),
    ('massnahme_partner',   'rolle',              false, 'rolle',              NULL,           NULL,         false, NULL),

    ('anmeldung',           'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('anmeldung',           'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('anmeldung',           'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('anmeldung',           'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('anmeldung',           'status',             false, 'status',             NULL,           NULL,         false, NULL),

    ('massnahme_teilnahme', 'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_teilnahme', 'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_teilnahme', 'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_teilnahme', 'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('massnahme_teilnahme', 'datum',              false, 'datum',              NULL,           NULL,         false, NULL)
           ) AS v(typ, feld, schluessel, spalte, verweis, verweis_feld, nach_anlage, hinweis)) b
$$;
COMMENT ON FUNCTION kaoa.import_beschreibung() IS
    'The fields of each record type of kaoa import, as described once (extension/940_import_format.sql), natural key first: the JSON key, whether it is part of the natural key, the column it sets, the record type it looks up and by which of its key fields, whether it is set after the record is created, the hint when the look-up finds nothing.';
REVOKE ALL ON FUNCTION kaoa.import_beschreibung() FROM PUBLIC;

CREATE FUNCTION kaoa.import_felder(OUT typ text, OUT feld text, OUT nr integer, OUT schluessel boolean,
                                   OUT spalte name, OUT verweis text, OUT verweis_feld text, OUT nach_anlage boolean,
                                   OUT hinweis text, OUT datentyp text, OUT art text, OUT pflicht boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE b AS (
        SELECT b.*, t.rang, t.funktion, format('kaoa.%I', t.tabelle)::regclass AS tab
          FROM kaoa.import_beschreibung() b JOIN kaoa.import_typen() t ON t.typ = b.typ
    ),
    -- the column behind each field: its own, or for a look-up that of the key field it names
    wert AS (
        SELECT b.typ, b.feld, b.tab, b.spalte FROM b WHERE b.verweis IS NULL
        UNION ALL
        SELECT b.typ, b.feld, w.tab, w.spalte FROM b JOIN wert w ON w.typ = b.verweis AND w.feld = b.verweis_feld
    )
    SELECT b.typ, b.feld, b.nr, b.schluessel, b.spalte, b.verweis, b.verweis_feld, b.nach_anlage,
           coalesce(b.hinweis, v.hinweis), format_type(wa.atttypid, wa.atttypmod),
           CASE WHEN wt.typcategory = 'A' THEN 'liste' WHEN wa.atttypid = 'date'::regtype THEN 'datum' ELSE 'wert' END,
           b.schluessel OR (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND NOT b.nach_anlage
                            AND b.funktion IS NULL)
      FROM b
      LEFT JOIN kaoa.import_typen() v ON v.typ = b.verweis
      LEFT JOIN pg_attribute a ON a.attrelid = b.tab AND a.attname = b.spalte AND NOT a.attisdropped
      LEFT JOIN wert w ON w.typ = b.typ AND w.feld = b.feld
      LEFT JOIN pg_attribute wa ON wa.attrelid = w.tab AND wa.attname = w.spalte AND NOT wa.attisdropped
      LEFT JOIN pg_type wt ON wt.oid = wa.atttypid
     ORDER BY b.rang, b.nr
$$;
COMMENT ON FUNCTION kaoa.import_felder() IS
    'The fields of each record type of kaoa import (kaoa.import_beschreibung) with what the catalogue says of them: the SQL type of the value (for a look-up, that of the key field it names), what the JSON value is (wert; datum: "YYYY-MM-DD"; liste: a JSON array) and whether a new record needs it (pflicht). What kaoa import and docs/client.md read.';
REVOKE ALL ON FUNCTION kaoa.import_felder() FROM PUBLIC;

CREATE OR REPLACE FUNCTION kaoa.import_format(OUT rang integer, OUT typ text, OUT schluessel text[], OUT felder text[],
                                   OUT tabelle text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.rang, t.typ,
           ARRAY(SELECT f.feld FROM kaoa.import_felder() f WHERE f.typ = t.typ AND f.schluessel ORDER BY f.nr),
           ARRAY(SELECT f.feld FROM kaoa.import_felder() f WHERE f.typ = t.typ AND NOT f.schluessel ORDER BY f.nr),
           'kaoa.' || t.tabelle
      FROM kaoa.import_typen() t
     ORDER BY t.rang
$$;
COMMENT ON FUNCTION kaoa.import_format() IS
    'The record types of the JSON Lines format of kaoa import, in the order they are applied: natural key, the other keys allowed, the table loaded (from kaoa.import_typen and kaoa.import_felder).';

CREATE OR REPLACE FUNCTION kaoa.import_staging() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.kaoa_import') IS NOT NULL THEN
        DROP TABLE pg_temp.kaoa_import;
    END IF;
    CREATE TEMPORARY TABLE kaoa_import (
        zeile      bigint NOT NULL,   -- line number in the file, from 1
        typ        text NOT NULL,     -- the record type (checked by the client against import_format)
        schluessel text NOT NULL,     -- the natural key as text, to find a key twice in one range
        daten      text NOT NULL,     -- the original line
        j          jsonb              -- the line parsed (by COPY; NULL until kaoa.import_json)
    );
    CREATE INDEX ON pg_temp.kaoa_import (typ, zeile);
    -- the statements of every record type, built once per import
    IF pg_catalog.to_regclass('pg_temp.kaoa_import_sql') IS NOT NULL THEN
        DROP TABLE pg_temp.kaoa_import_sql;
    END IF;
    CREATE TEMPORARY TABLE kaoa_import_sql AS SELECT t.typ, a.* FROM kaoa.import_typen() t, kaoa.import_anweisungen(t.typ) a;
END
$$;
COMMENT ON FUNCTION kaoa.import_staging() IS
    'kaoa import: (re)creates the session''s staging table pg_temp.kaoa_import(zeile, typ, schluessel, daten, j) that the client fills with COPY, and pg_temp.kaoa_import_sql with the statements of every record type (kaoa.import_anweisungen).';

CREATE FUNCTION kaoa.import_verweis_sql(ziel text, werte jsonb, alias text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tab regclass := (SELECT format('kaoa.%I', t.tabelle)::regclass FROM kaoa.import_typen() t WHERE t.typ = ziel);
    joins text := '';
    bedingung text[] := '{}';
    g record;
    n integer := 0;
BEGIN
    FOR g IN SELECT * FROM kaoa.import_gruppen(ziel) x WHERE x.schluessel LOOP
        IF g.verweis IS NULL THEN
            bedingung := bedingung || format('%I.%I = (%s)::%s', alias, g.spalte, werte ->> g.felder[1], g.datentyp);
        ELSE
            n := n + 1;
            joins := joins || kaoa.import_verweis_sql(g.verweis, kaoa.import_verweis_werte(g, werte), alias || '_' || n);
            bedingung := bedingung || format('%I.%I = %I.%I', alias, g.spalte, alias || '_' || n, g.zielspalte);
        END IF;
    END LOOP;
    RETURN joins || format(' LEFT JOIN %s %I ON %s', tab, alias, array_to_string(bedingung, ' AND '));
END
$$;
COMMENT ON FUNCTION kaoa.import_verweis_sql(text, jsonb, text) IS
    'kaoa import: the LEFT JOINs that find a record of the given type by the SQL expressions of its natural key fields (a JSON object), under the given alias. Used by kaoa.import_anweisungen.';
REVOKE ALL ON FUNCTION kaoa.import_verweis_sql(text, jsonb, text) FROM PUBLIC;

CREATE FUNCTION kaoa.import_gruppen(typ text,
                                    OUT spalte name, OUT felder text[], OUT zielfelder text[], OUT schluessel boolean,
                                    OUT verweis text, OUT nach_anlage boolean, OUT hinweis text, OUT datentyp text,
                                    OUT vergleich_als_text boolean, OUT vorgabe text, OUT zielspalte name)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.spalte, array_agg(f.feld ORDER BY f.nr), array_agg(f.verweis_feld ORDER BY f.nr), bool_or(f.schluessel),
           min(f.verweis), bool_or(f.nach_anlage),
           coalesce(min(f.hinweis), (SELECT v.hinweis FROM kaoa.import_typen() v WHERE v.typ = min(f.verweis))),
           format_type(a.atttypid, a.atttypmod),
           -- kaoa's types (and arrays of them) are compared by their text form, which is exact
           min(ty.typnamespace) <> 'pg_catalog'::regnamespace
               OR coalesce(min(el.typnamespace) <> 'pg_catalog'::regnamespace, false),
           min(pg_get_expr(d.adbin, d.adrelid)),
           (SELECT za.attname
              FROM pg_constraint c
              CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(von, nach)
              JOIN pg_attribute za ON za.attrelid = c.confrelid AND za.attnum = k.nach
             WHERE c.contype = 'f' AND c.conrelid = t.tab AND k.von = a.attnum
               AND c.confrelid = (SELECT format('kaoa.%I', v.tabelle)::regclass FROM kaoa.import_typen() v
                                   WHERE v.typ = min(f.verweis))
             ORDER BY c.conname LIMIT 1)
      FROM kaoa.import_beschreibung() f
      JOIN (SELECT x.typ, format('kaoa.%I', x.tabelle)::regclass AS tab FROM kaoa.import_typen() x) t ON t.typ = f.typ
      LEFT JOIN pg_attribute a ON a.attrelid = t.tab AND a.attname = f.spalte AND NOT a.attisdropped AND a.attnum > 0
      LEFT JOIN pg_type ty ON ty.oid = a.atttypid
      LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typcategory = 'A'
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE f.typ = import_gruppen.typ
     GROUP BY f.spalte, t.tab, a.attnum, a.atttypid, a.atttypmod
     ORDER BY min(f.nr)
$$;
COMMENT ON FUNCTION kaoa.import_gruppen(text) IS
    'kaoa import: the columns a record type sets, each with its fields (several for a look-up by more than one field), whether it is part of the natural key, the record type it looks up, the SQL type, default and referenced id column from the catalogue. Used by kaoa.import_anweisungen.';
REVOKE ALL ON FUNCTION kaoa.import_gruppen(text) FROM PUBLIC;

CREATE FUNCTION kaoa.import_verweis_werte(g record, werte jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT jsonb_object_agg(k.feld, coalesce(werte ->> g.felder[array_position(g.zielfelder, k.feld)],
                                                     werte ->> k.feld))
              FROM kaoa.import_beschreibung() k
             WHERE k.typ = g.verweis AND k.schluessel);
END
$$;
COMMENT ON FUNCTION kaoa.import_verweis_werte(record, jsonb) IS
    'kaoa import: the SQL expressions of the natural key of the record a look-up names. Used by kaoa.import_verweis_sql and kaoa.import_anweisungen.';
REVOKE ALL ON FUNCTION kaoa.import_verweis_werte(record, jsonb) FROM PUBLIC;

CREATE FUNCTION kaoa.import_anweisungen(typ text, OUT aendern text, OUT anlegen text, OUT nach_anlage boolean,
                                        OUT nur_anlegen boolean, OUT tabellen regclass[], OUT werte text,
                                        OUT funktion regproc)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    art record;
    tab regclass;
    g record;
    n integer := 0;
    joins text := '';           -- the look-ups of the natural key, joined to the staged line
    spalten_s text := '';       -- ... their ids, which the staged line carries into the statements
    weitere text := '';         -- the other look-ups, joined once the stored record is found
    id text;                    -- a look-up's id (s.v_<column> or v<n>.<id column>)
    suche text[] := '{}';       -- x, the stored record, by its natural key
    rec text[] := '{}';         -- jsonb_to_record's column list: the plain fields with their types
    neu text;                   -- a column's value for an UPDATE
    wert text;                  -- ... for an INSERT
    gegeben text;
    nicht_null text;
    fehler text;
    set_liste text[] := '{}';
    sel_neu text[] := '{}';
    sel_alt text[] := '{}';
    vgl_neu text[] := '{}';
    vgl_alt text[] := '{}';
    vgl_t text[] := '{}';
    vgl_m text[] := '{}';
    ins_spalten text[] := '{}';
    ins_werte text[] := '{}';
    zeile_werte text[] := '{}';  -- for a type applied through a function: the line's columns as jsonb
    pk text[];
    pk_sel text;
    pk_bed text;
    staging text;
BEGIN
    SELECT * INTO art FROM kaoa.import_typen() t WHERE t.typ = import_anweisungen.typ;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('unknown record type %L'), typ),
            HINT = format(kaoa.meldung('Known types: %s.'), (SELECT string_agg(t.typ, ', ' ORDER BY t.rang) FROM kaoa.import_typen() t));
    END IF;
    tab := format('kaoa.%I', art.tabelle)::regclass;
    nur_anlegen := art.nur_anlegen;
    funktion := art.funktion::regproc;
    nach_anlage := false;
    tabellen := ARRAY[tab];
    pk := ARRAY(SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, o)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE i.indrelid = tab AND i.indisprimary ORDER BY k.o);

    FOR g IN SELECT * FROM kaoa.import_gruppen(typ) LOOP
        IF g.datentyp IS NULL OR (g.verweis IS NOT NULL AND g.zielspalte IS NULL) THEN
            RAISE EXCEPTION 'kaoa.import_beschreibung describes field % of typ % as column %.%, which %', g.felder[1], typ,
                tab, g.spalte, CASE WHEN g.datentyp IS NULL THEN 'does not exist' ELSE 'has no foreign key to the type it looks up' END
                USING ERRCODE = 'XX000';
        END IF;
        IF g.verweis IS NULL THEN
            rec := rec || format('%I %s', g.felder[1], g.datentyp);
            gegeben := format('s.j ? %L', g.felder[1]);
            neu := format('CASE WHEN %s THEN r.%I ELSE x.%I END', gegeben, g.felder[1], g.spalte);
            wert := CASE WHEN g.vorgabe IS NULL OR g.schluessel THEN format('r.%I', g.felder[1])
                         ELSE format('CASE WHEN %s THEN r.%I ELSE %s END', gegeben, g.felder[1], g.vorgabe) END;
            IF g.schluessel THEN
                suche := suche || format('x.%I = (s.j ->> %L)::%s', g.spalte, g.felder[1], g.datentyp);
            END IF;
        ELSE
            -- a look-up: part of the natural key, joined to the staged line (its id carried as
            -- s.v_<column>); any other, joined after the stored record is found (a line whose
            -- record exists unchanged costs no look-up of its other fields)
            n := n + 1;
            tabellen := tabellen || (SELECT format('kaoa.%I', v.tabelle)::regclass FROM kaoa.import_typen() v WHERE v.typ = g.verweis);
            IF g.schluessel THEN
                joins := joins || kaoa.import_verweis_sql(g.verweis,
                             kaoa.import_verweis_werte(g, (SELECT jsonb_object_agg(f.feld, format('s.j ->> %L', f.feld))
                                                             FROM kaoa.import_beschreibung() f WHERE f.typ = import_anweisungen.typ)),
                             'v' || n);
                spalten_s := spalten_s || format(', %I.%I AS %I', 'v' || n, g.zielspalte, 'v_' || g.spalte);
                id := format('s.%I', 'v_' || g.spalte);
            ELSE
                weitere := weitere || kaoa.import_verweis_sql(g.verweis,
                               kaoa.import_verweis_werte(g, (SELECT jsonb_object_agg(f.feld, format('s.j ->> %L', f.feld))
                                                               FROM kaoa.import_beschreibung() f WHERE f.typ = import_anweisungen.typ)),
                               'v' || n);
                id := format('%I.%I', 'v' || n, g.zielspalte);
            END IF;
            gegeben := (SELECT '(' || string_agg(format('s.j ? %L', f), ' OR ') || ')' FROM unnest(g.felder) f);
            nicht_null := (SELECT '(' || string_agg(format('coalesce(s.j -> %L, ''null'') <> ''null''', f), ' OR ') || ')'
                             FROM unnest(g.felder) f);
            -- "no person with pseudonym "X" in Kommune 05566", in the session's language
            fehler := format('kaoa.import_fehler(''23503'', format(kaoa.meldung(%L), %L, concat_ws('', '', %s), s.j ->> ''kommune''), %L, NULL::%s)',
                             /* _ */ 'no %s with %s in Kommune %s', g.verweis,
                             (SELECT string_agg(format('format(''%%s %%s'', %L, s.j -> %L)', u.z, u.f), ', ')
                                FROM unnest(g.zielfelder, g.felder) AS u(z, f)),
                             g.hinweis, g.datentyp);
            neu := format('CASE WHEN %1$s IS NOT NULL THEN %1$s WHEN %2$s THEN %3$s WHEN NOT %4$s THEN x.%5$I END',
                          id, nicht_null, fehler, gegeben, g.spalte);
            wert := format('CASE WHEN %1$s IS NOT NULL THEN %1$s WHEN %2$s THEN %3$s WHEN NOT %4$s THEN %5$s END',
                           id, nicht_null, fehler, gegeben, coalesce(g.vorgabe, 'NULL'));
            IF g.schluessel THEN
                suche := suche || format('x.%I = %s', g.spalte, id);
            END IF;
        END IF;
        -- the column's value as jsonb: always for the natural key, else only when the line gives it
        zeile_werte := zeile_werte || CASE WHEN g.schluessel THEN format('jsonb_build_object(%L, to_jsonb(%s))', g.spalte, wert)
                                           ELSE format('CASE WHEN %s THEN jsonb_build_object(%L, to_jsonb(%s)) ELSE ''{}''::jsonb END',
                                                       gegeben, g.spalte, wert) END;
        IF g.nach_anlage THEN
            nach_anlage := true;
        ELSE
            ins_spalten := ins_spalten || quote_ident(g.spalte);
            ins_werte := ins_werte || wert;
        END IF;
        IF NOT g.schluessel THEN
            set_liste := set_liste || format('%I = m.%I', g.spalte, 'w_' || g.spalte);
            sel_neu := sel_neu || format('%s AS %I', neu, 'w_' || g.spalte);
            sel_alt := sel_alt || format('x.%I%s AS %I', g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END,
                                         'a_' || g.spalte);
            vgl_neu := vgl_neu || format('q.%I%s', 'w_' || g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END);
            vgl_alt := vgl_alt || format('q.%I', 'a_' || g.spalte);
            vgl_t := vgl_t || format('t.%I%s', g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END);
            vgl_m := vgl_m || format('m.%I', 'a_' || g.spalte);
        END IF;
    END LOOP;

    staging := format('(SELECT s.zeile, s.schluessel, s.j%s FROM pg_temp.kaoa_import s%s'
                      ' WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 OFFSET 0) s', spalten_s, joins);
    pk_sel := (SELECT string_agg(format('x.%I AS %I', c, 'k_' || c), ', ') FROM unnest(pk) c);
    pk_bed := (SELECT string_agg(format('t.%1$I = m.%2$I', c, 'k_' || c), ' AND ') FROM unnest(pk) c);

    IF funktion IS NOT NULL THEN
        werte := format('SELECT s.zeile, %s AS werte FROM %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s) ORDER BY s.zeile',
                        array_to_string(zeile_werte, ' || '), staging, weitere, array_to_string(rec, ', '));
        RETURN;
    END IF;
    IF cardinality(set_liste) > 0 AND NOT nur_anlegen THEN
        aendern := format(
            'WITH m AS (SELECT q.* FROM (SELECT s.zeile, s.schluessel, %s, %s, %s'
            '                              FROM %s JOIN %s x ON %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s)) q'
            '            WHERE ROW(%s) IS DISTINCT FROM ROW(%s)),'
            '     u AS (UPDATE %s t SET %s FROM m WHERE %s RETURNING m.zeile, ROW(%s) IS DISTINCT FROM ROW(%s) AS anders)'
            ' SELECT (SELECT count(*) FROM u WHERE u.anders), f.zeile, f.schluessel'
            '   FROM (SELECT 1) d LEFT JOIN LATERAL (SELECT m.zeile, m.schluessel FROM m'
            '                                         WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.zeile = m.zeile)'
            '                                         ORDER BY m.zeile LIMIT 1) f ON true',
            pk_sel, array_to_string(sel_neu, ', '), array_to_string(sel_alt, ', '),
            staging, tab, array_to_string(suche, ' AND '), weitere, array_to_string(rec, ', '),
            array_to_string(vgl_neu, ', '), array_to_string(vgl_alt, ', '),
            tab, array_to_string(set_liste, ', '), pk_bed,
            array_to_string(vgl_t, ', '), array_to_string(vgl_m, ', '));
    END IF;
    anlegen := format('INSERT INTO %s (%s) SELECT %s FROM %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s)'
                      ' WHERE NOT EXISTS (SELECT 1 FROM %s x WHERE %s) ORDER BY s.zeile',
                      tab, array_to_string(ins_spalten, ', '), array_to_string(ins_werte, ', '), staging, weitere,
                      array_to_string(rec, ', '), tab, array_to_string(suche, ' AND '));
END
$$;
COMMENT ON FUNCTION kaoa.import_anweisungen(text) IS
    'kaoa import: the UPDATE and INSERT that apply a range of staged lines of one record type, built from its description (kaoa.import_typen, kaoa.import_beschreibung) and the catalogue; whether fields are set after creation (a second UPDATE), whether the type is insert-only, the tables the statements read; for a type written through the API the SELECT of each line''s columns and the function that applies them.';
REVOKE ALL ON FUNCTION kaoa.import_anweisungen(text) FROM PUBLIC;

CREATE FUNCTION kaoa.import_verweigert(typ text, schluessel text) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format(kaoa.meldung('role %s may not write the %s record (%s)'), current_user, typ,
                         replace(schluessel, E'\x1f', ', ')),
        DETAIL = kaoa.meldung('Row-level security lets a role write only the records of its own Kommune or organisation; a record it may not write is refused alike whether it exists or not.'),
        HINT = kaoa.meldung('Leave the line out, or import it as a role that may write the record: the organisation it belongs to, the KoKo of its Kommune, or a role registered with kaoa.system_zugang.');
END
$$;
COMMENT ON FUNCTION kaoa.import_verweigert(text, text) IS
    'kaoa import: raises 42501 for a line whose record row-level security keeps the role from writing, with the same message whether the record exists or not; never returns.';
REVOKE ALL ON FUNCTION kaoa.import_verweigert(text, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION kaoa.import_stapel(typ text, von bigint, bis bigint, OUT neu bigint, OUT geaendert bigint)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_stapel.typ;
    a record;
    nochmal bigint;
    fehlt bigint;
    fehlt_schluessel text;
    z record;
    ergebnis text;
BEGIN
    neu := 0;
    geaendert := 0;
    IF pg_catalog.to_regclass('pg_temp.kaoa_import_sql') IS NOT NULL THEN
        SELECT * INTO a FROM pg_temp.kaoa_import_sql x WHERE x.typ = t;
    END IF;
    IF a IS NULL THEN
        SELECT * INTO a FROM kaoa.import_anweisungen(t);
    END IF;
    IF von < bis AND EXISTS (SELECT 1 FROM pg_temp.kaoa_import s
                              WHERE s.typ = t AND s.zeile BETWEEN von AND bis
                              GROUP BY s.schluessel HAVING count(*) > 1) THEN
        RAISE EXCEPTION USING ERRCODE = 'KAI01', MESSAGE = 'a key occurs twice in the range';
    END IF;
    -- a type written through the API: its function, line by line in file order
    IF a.funktion IS NOT NULL THEN
        FOR z IN EXECUTE a.werte USING t, von, bis LOOP
            EXECUTE format('SELECT %s($1)', a.funktion) INTO ergebnis USING z.werte;
            IF ergebnis = 'neu' THEN
                neu := neu + 1;
            ELSIF ergebnis = 'geaendert' THEN
                geaendert := geaendert + 1;
            END IF;
        END LOOP;
        RETURN;
    END IF;
    IF a.aendern IS NOT NULL THEN
        EXECUTE a.aendern USING t, von, bis INTO geaendert, fehlt, fehlt_schluessel;
        IF fehlt IS NOT NULL THEN
            PERFORM kaoa.import_verweigert(t, fehlt_schluessel);
        END IF;
    END IF;
    EXECUTE a.anlegen USING t, von, bis;
    GET DIAGNOSTICS neu = ROW_COUNT;
    -- the fields set after creation (a case's status): an UPDATE of the new records under the rules
    IF a.nach_anlage AND neu > 0 AND a.aendern IS NOT NULL THEN
        EXECUTE a.aendern USING t, von, bis INTO nochmal, fehlt, fehlt_schluessel;
        IF fehlt IS NOT NULL THEN
            PERFORM kaoa.import_verweigert(t, fehlt_schluessel);
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION kaoa.import_stapel(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type in a range of line numbers set-based (UPDATE of changed records, INSERT of new ones, built by kaoa.import_anweisungen); raises on the first error. Called by kaoa.import_anwenden.';

CREATE OR REPLACE FUNCTION kaoa.import_anwenden(typ text, von bigint, bis bigint,
                                     OUT neu bigint, OUT geaendert bigint, OUT abgelehnt jsonb)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_anwenden.typ;
    z bigint[];
    lo integer[] := ARRAY[1];
    hi integer[];
    oben integer := 1;
    a integer;
    b integer;
    m integer;
    n bigint;
    g bigint;
    st text;
    msg text;
    det text;
    hin text;
    tab text;
    tabellen regclass[];
BEGIN
    neu := 0;
    geaendert := 0;
    abgelehnt := '[]';
    z := ARRAY(SELECT s.zeile FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile BETWEEN von AND bis ORDER BY 1);
    IF cardinality(z) = 0 THEN
        RETURN;
    END IF;
    hi := ARRAY[cardinality(z)];
    WHILE oben > 0 LOOP
        a := lo[oben];
        b := hi[oben];
        oben := oben - 1;
        BEGIN
            SELECT x.neu, x.geaendert INTO n, g FROM kaoa.import_stapel(t, z[a], z[b]) x;
            neu := neu + n;
            geaendert := geaendert + g;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                                    hin = PG_EXCEPTION_HINT, tab = TABLE_NAME;
            IF left(st, 2) IN ('40', '53', '57', '58', 'XX') THEN
                RAISE;
            END IF;
            IF a = b THEN
                IF st = '42501' AND det = '' AND hin = '' AND tab = '' THEN
                    tabellen := (SELECT x.tabellen FROM kaoa.import_anweisungen(t) x);
                    IF has_table_privilege(tabellen[1], 'INSERT')
                       AND NOT EXISTS (SELECT 1 FROM unnest(tabellen) r WHERE NOT has_table_privilege(r, 'SELECT')) THEN
                        BEGIN
                            PERFORM kaoa.import_verweigert(t, (SELECT s.schluessel FROM pg_temp.kaoa_import s
                                                                WHERE s.typ = t AND s.zeile = z[a]));
                        EXCEPTION WHEN insufficient_privilege THEN
                            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
                        END;
                    END IF;
                END IF;
                abgelehnt := abgelehnt || jsonb_build_array(jsonb_build_object(
                    'zeile', z[a], 'sqlstate', st,
                    'fehler', msg || CASE WHEN det <> '' THEN E'\nDETAIL:  ' || det ELSE '' END
                                  || CASE WHEN hin <> '' THEN E'\nHINT:  ' || hin ELSE '' END,
                    'daten', (SELECT s.daten FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile = z[a])));
            ELSE
                -- the left half goes on top, so lines are applied in file order
                m := (a + b) / 2;
                oben := oben + 1; lo[oben] := m + 1; hi[oben] := b;
                oben := oben + 1; lo[oben] := a; hi[oben] := m;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kaoa.import_anwenden(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type with line numbers in [von, bis]: set-based, and on an error by halving down to single lines, each under its own savepoint. Returns the rows inserted and updated and the rejected lines as a JSON array of {zeile, sqlstate, fehler, daten}.';

CREATE FUNCTION kaoa.import_anmeldung(zeile jsonb) RETURNS text
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    massnahme bigint := (zeile ->> 'massnahme_id')::bigint;
    person bigint := (zeile ->> 'person_id')::bigint;
    gewollt text := zeile ->> 'status';
    aid bigint;
    astatus text;
    id bigint;
    ist text;
BEGIN
    IF zeile ? 'status' AND (gewollt IS NULL OR gewollt NOT IN ('zugesagt', 'warteliste', 'zurueckgezogen')) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('"status" must be zugesagt, warteliste or zurueckgezogen, not %s'), zeile -> 'status'),
            HINT = kaoa.meldung('Leave status out to let the rules decide; zurueckgezogen withdraws the registration.');
    END IF;
    SELECT a.anmeldung_id, a.status INTO aid, astatus
      FROM kaoa.anmeldung a
     WHERE a.kommune = zeile ->> 'kommune' AND a.massnahme_id = massnahme AND a.person_id = person;
    IF aid IS NOT NULL AND (gewollt IS NULL OR gewollt = astatus) THEN
        RETURN 'gleich';
    ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' AND gewollt = 'zurueckgezogen' THEN
        PERFORM kaoa.anmeldung_zurueckziehen(aid);
        RETURN 'geaendert';
    ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format(kaoa.meldung('the registration for this measure is %s, not %s'), astatus, gewollt),
            HINT = kaoa.meldung('A waiting registration moves up only when a place is freed, and a place is given back only by withdrawing; a record can withdraw (status zurueckgezogen) or leave the status out.');
    END IF;
    -- new, or withdrawn and registered anew: the rules decide the status
    id := kaoa.anmelden(massnahme, person);
    SELECT a.status INTO ist FROM kaoa.anmeldung a WHERE a.kommune = zeile ->> 'kommune' AND a.anmeldung_id = id;
    IF gewollt = 'zurueckgezogen' THEN
        PERFORM kaoa.anmeldung_zurueckziehen(id);
    ELSIF gewollt IS NOT NULL AND gewollt <> ist THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format(kaoa.meldung('the registration for this measure would be %s, not %s'), ist, gewollt),
            HINT = CASE WHEN gewollt = 'zugesagt'
                        THEN kaoa.meldung('Every place of the measure is zugesagt: the registration goes on the waiting list. Leave status out, or free a place first.')
                        ELSE kaoa.meldung('A place is free, so the registration is zugesagt, not put on the waiting list. Leave status out.') END;
    END IF;
    RETURN CASE WHEN aid IS NULL THEN 'neu' ELSE 'geaendert' END;
END
$$;
COMMENT ON FUNCTION kaoa.import_anmeldung(jsonb) IS
    'kaoa import: applies one registration line (its columns as jsonb: kommune, massnahme_id, person_id, and status when the line gives one) through kaoa.anmelden and kaoa.anmeldung_zurueckziehen; returns neu, geaendert or gleich; a status the rules would not give is refused (55000), an unknown one 22023.';
REVOKE ALL ON FUNCTION kaoa.import_anmeldung(jsonb) FROM PUBLIC;

-- issue 11 part 3: the export views are built from the import's description (extension/960_export.sql;
-- they were written by hand in 380_sbo_export.sql before 0.2.0 was released)
-- A column's value as the import reads it back (see above), for the SQL expression of a column of
-- the given type.
CREATE FUNCTION kaoa.export_wert(ausdruck text, datentyp text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE datentyp
        WHEN 'date' THEN format('pg_catalog.to_char(%s, ''YYYY-MM-DD'')', ausdruck)
        WHEN 'int4range' THEN
            format('CASE WHEN pg_catalog.isempty(%1$s) THEN ''empty'' ELSE pg_catalog.format(''[%%s,%%s]'', '
                   'pg_catalog.lower(%1$s), pg_catalog.upper(%1$s) - 1) END', ausdruck)
        WHEN 'daterange' THEN
            format('CASE WHEN pg_catalog.isempty(%1$s) THEN ''empty'' ELSE pg_catalog.format(''[%%s,%%s'', '
                   'pg_catalog.to_char(pg_catalog.lower(%1$s), ''YYYY-MM-DD''), '
                   'CASE WHEN pg_catalog.upper_inf(%1$s) THEN '')'' '
                   'ELSE pg_catalog.to_char(pg_catalog.upper(%1$s) - 1, ''YYYY-MM-DD'') || '']'' END) END', ausdruck)
        ELSE ausdruck
    END
$$;
COMMENT ON FUNCTION kaoa.export_wert(text, text) IS
    'kaoa export: the SQL expression that writes a column of the given type as kaoa import reads it back under every DateStyle (dates YYYY-MM-DD, ranges closed). Used by kaoa.export_sql.';

-- The LEFT JOIN of the record of type ziel whose id column zielspalte equals the expression id in
-- the Kommune kommune, under alias, and the SQL expressions of its natural key fields (a JSON object:
-- key field -> expression), written as kaoa.export_wert writes them.  A key field that is a look-up
-- itself (a measure's traeger) is joined in turn.  The inverse of kaoa.import_verweis_sql.
CREATE FUNCTION kaoa.export_verweis(ziel text, zielspalte name, id text, kommune text, alias text,
                                    OUT joins text, OUT werte jsonb)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tab regclass := (SELECT format('kaoa.%I', t.tabelle)::regclass FROM kaoa.import_typen() t WHERE t.typ = ziel);
    g record;
    n integer := 0;
    w record;
    i integer;
BEGIN
    joins := format(' LEFT JOIN %s %I ON %I.kommune OPERATOR(pg_catalog.=) %s AND %I.%I OPERATOR(pg_catalog.=) %s',
                    tab, alias, alias, kommune, alias, zielspalte, id);
    werte := '{}';
    FOR g IN SELECT * FROM kaoa.import_gruppen(ziel) x WHERE x.schluessel LOOP
        IF g.verweis IS NULL THEN
            werte := werte || jsonb_build_object(g.felder[1], kaoa.export_wert(format('%I.%I', alias, g.spalte), g.datentyp));
        ELSE
            n := n + 1;
            SELECT * INTO w FROM kaoa.export_verweis(g.verweis, g.zielspalte, format('%I.%I', alias, g.spalte),
                                                     format('%I.kommune', alias), alias || '_' || n);
            joins := joins || w.joins;
            FOR i IN 1 .. cardinality(g.felder) LOOP
                werte := werte || jsonb_build_object(g.felder[i], w.werte ->> g.zielfelder[i]);
            END LOOP;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kaoa.export_verweis(text, name, text, text, text) IS
    'kaoa export: the LEFT JOINs that find the record a look-up column names by its id, and the SQL expressions of that record''s natural key fields (a JSON object). Used by kaoa.export_sql.';

-- The SELECT of the export view of a record type: typ, then every field of the description in its
-- order (a look-up as the natural key fields of the record it names), ordered by the natural key or
-- by the type's folge columns.
CREATE FUNCTION kaoa.export_sql(typ text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    art record;
    g record;
    w record;
    n integer := 0;
    i integer;
    spalten text[];
    ordnung text[] := '{}';
    joins text := '';
BEGIN
    SELECT * INTO art FROM kaoa.import_typen() t WHERE t.typ = export_sql.typ;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('unknown record type %L'), typ),
            HINT = format(kaoa.meldung('Known types: %s.'), (SELECT string_agg(t.typ, ', ' ORDER BY t.rang) FROM kaoa.import_typen() t));
    END IF;
    spalten := ARRAY[format('%L::text AS typ', typ)];
    FOR g IN SELECT * FROM kaoa.import_gruppen(typ) LOOP
        IF g.verweis IS NULL THEN
            spalten := spalten || format('%s AS %I', kaoa.export_wert(format('t.%I', g.spalte), g.datentyp), g.felder[1]);
            IF g.schluessel THEN
                ordnung := ordnung || format('t.%I', g.spalte);
            END IF;
        ELSE
            n := n + 1;
            SELECT * INTO w FROM kaoa.export_verweis(g.verweis, g.zielspalte, format('t.%I', g.spalte), 't.kommune',
                                                     'v' || n);
            joins := joins || w.joins;
            FOR i IN 1 .. cardinality(g.felder) LOOP
                spalten := spalten || format('%s AS %I', w.werte ->> g.zielfelder[i], g.felder[i]);
                IF g.schluessel THEN
                    ordnung := ordnung || (w.werte ->> g.zielfelder[i]);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    IF art.folge IS NOT NULL THEN
        ordnung := ARRAY(SELECT format('t.%I', c) FROM unnest(art.folge) c);
    END IF;
    RETURN format('SELECT %s FROM kaoa.%I t%s ORDER BY %s', array_to_string(spalten, ', '), art.tabelle, joins,
                  array_to_string(ordnung, ', '));
END
$$;
COMMENT ON FUNCTION kaoa.export_sql(text) IS
    'kaoa export: the SELECT of a record type''s export view, built from the import''s description (kaoa.import_typen, kaoa.import_gruppen) and the catalogue: typ and every field under its JSON name, look-ups as the natural keys of the records they name, in the order of the natural key (or the type''s folge).';

REVOKE ALL ON FUNCTION kaoa.export_wert(text, text), kaoa.export_verweis(text, name, text, text, text),
    kaoa.export_sql(text) FROM PUBLIC;

-- Who may call the builders (they only read the description and the catalogue) and read the views:
-- every organisation and the system, with their own rights.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.export_wert(text, text)', 'kaoa.export_verweis(text, name, text, text, text)',
                    'kaoa.export_sql(text)']) AS f;
DO $export$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT x.typ FROM kaoa.import_typen() x WHERE x.export ORDER BY x.rang LOOP
        EXECUTE format('CREATE VIEW kaoa.%I WITH (security_invoker = true) AS %s', 'export_' || t.typ,
                       kaoa.export_sql(t.typ));
        EXECUTE format('COMMENT ON VIEW kaoa.%I IS %L', 'export_' || t.typ,
                       format('kaoa export: the %s records of kaoa import that the reader may see (built from the import''s description by kaoa.export_sql).', t.typ));
        EXECUTE format('REVOKE ALL ON TABLE kaoa.%I FROM PUBLIC', 'export_' || t.typ);
        INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
        SELECT f, 'kaoa.export_' || t.typ, 'SELECT', true FROM unnest(ARRAY['akteur', 'system']) AS f;
    END LOOP;
END
$export$;
-- ---- (end of the import section) ----

-- ---------------------------------------------------------------------------------------------
-- Issue 15: what the matching functions keep between transactions (extension/230_matching_cache.sql).
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

-- nothing to PUBLIC (990_privileges.sql in a fresh install); every organisation and the system may
-- look at what their own session keeps: the roles registered under 0.1.0 get it from
-- kaoa.rechte_erneuern() in the last section.
REVOKE ALL ON FUNCTION kaoa.matching_stand_aendern() FROM PUBLIC;
REVOKE ALL ON FUNCTION kaoa.matching_cache() FROM PUBLIC;
REVOKE ALL ON TABLE kaoa.matching_stand_angebote, kaoa.matching_stand_bewerber, kaoa.matching_stand_sicht FROM PUBLIC;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.matching_cache()', 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t;

-- ---------------------------------------------------------------------------------------------
-- issue 10, classes 2 and 3 (red-team review): kaoa.auskunft gives the identity's values only to
-- those who may read the identity directly (the keeping school, system roles), to everyone else
-- which fields are held and their deletion day; every answer is logged (art auskunft, without a
-- case) and so the function writes (VOLATILE, primary only).  Same texts as extension/100, 130.
ALTER FUNCTION kaoa.auskunft(bigint) VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION kaoa.auskunft(bigint) IS
    'Everything kaoa holds about one person, for an access request (Art. 15 DSGVO): person, identitaet (while held: felder, loeschen_am, and the werte only for the school keeping the identity and system roles), faelle, uebergaben (von, an, rechtsgrundlage, the felder that basis lets the receiver read, gesendet_am, antwort, beantwortet_am), einwilligungen, kontaktversuche, sbo, anschlussvereinbarungen, anmeldungen, bewerberprofil, zuteilungen, ereignisse (count per kind) and loeschung (the day each part is deleted, by the rule of kaoa.loeschfristen_anwenden; null: kept, pseudonymous). For the organisation holding the person''s current case (before a first case: the school that registered them), the KoKo of the Kommune and system roles; everyone else KA004, as for a person that does not exist. Every answer is logged (kaoa.ereignis, art auskunft, and the server log), so it runs on the primary only.';
ALTER TABLE kaoa.ereignis DROP CONSTRAINT ereignis_art_check;
ALTER TABLE kaoa.ereignis ADD CONSTRAINT ereignis_art_check CHECK (art IN (
        'fall_angelegt', 'status', 'aenderung', 'verbleib', 'uebergabe', 'uebernahme',
        'ablehnung', 'zuruecknahme', 'kontaktversuch', 'widerspruch', 'einwilligung',
        'widerruf', 'identitaet_geloescht', 'frist_ueberschritten', 'anmeldung',
        'anmeldung_nachgerueckt', 'anmeldung_zurueckgezogen', 'auskunft'));
COMMENT ON TABLE kaoa.ereignis IS
    'The case log: one row per status change, hand-off, answer, contact attempt, Verbleib report, objection, consent, deletion, overdue hand-off, registration for a measure (anmeldung, anmeldung_nachgerueckt, anmeldung_zurueckgezogen) and access request answered (auskunft). Append-only; written by kaoa only.';
COMMENT ON COLUMN kaoa.ereignis.fall_id IS 'The case (for person-level events the person''s current case; NULL when they have none, and for access requests, art auskunft, which name the person in details).';

-- ---------------------------------------------------------------------------------------------
-- issue 10, classes 2 and 3, and integrity (red-team review): who writes what is recorded about a
-- person.  An enrolment makes its school "the person's school" for every SBO record, so only the
-- pupil's school enrols (for itself), the KoKo and the system; at most one school year ahead (C
-- trigger; the comment below).  Same texts as extension/320.
COMMENT ON FUNCTION kaoa.schulbesuch_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.schulbesuch: a school enrols only its pupils, for itself (the school of the person''s current case until another school takes it over; before a first case the registering school), the KoKo and the system keep every row (KA004); kommune, person_id, schuljahr fixed (KA006); schuljahr at most the school year after the current one (22023); schule_org is a school (23514); schulform defaults to the school''s.';

-- ---------------------------------------------------------------------------------------------
-- issue 13 part 1 (German messages): the import's refusals, raised by PL/pgSQL, in the session's
-- language.  kaoa.meldung looks a text of kaoa's SQL up in kaoa's message catalogue (the import
-- section above already writes format(kaoa.meldung(…), …)); kaoa.import_fehler translates the hint
-- it is given.  Same texts as extension/950_import.sql.  Registered roles get EXECUTE from
-- kaoa.rechte_erneuern() in the last section.
CREATE FUNCTION kaoa.meldung(text text) RETURNS text
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_sql_meldung';
COMMENT ON FUNCTION kaoa.meldung(text) IS
    'A message text of kaoa (English, as written in its SQL) in the language of the session (lc_messages), from kaoa''s message catalogue; the text itself when the catalogue has no translation.';
REVOKE ALL ON FUNCTION kaoa.meldung(text) FROM PUBLIC;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.meldung(text)', 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t;
CREATE OR REPLACE FUNCTION kaoa.import_fehler(sqlstate text, meldung text, hinweis text, typ anyelement)
    RETURNS anyelement
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = meldung, HINT = kaoa.meldung(hinweis);
END
$$;

-- ---------------------------------------------------------------------------------------------
-- issue 10, class 2 (red-team review, reproduction 06): person-level records — consents,
-- profiles, objections, contact attempts — are written only by the organisation holding the
-- person's current case (contact attempts: the case), before a first case the school that
-- registered them, and system roles; an organisation merely offered a case writes none (C
-- triggers and kaoa.widerspruch_erheben; the profile trigger now also judges deletions).  Same
-- texts as extension/120, 130, 210.
COMMENT ON FUNCTION kaoa.einwilligung_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.einwilligung: a consent is recorded by the organisation holding the person''s current case (before a first case the school that registered them) and system roles (KA004 for everyone else, as for a person that does not exist); selbst from age 14, known fields; only widerrufen_am changes, once.';
COMMENT ON FUNCTION kaoa.kontakt_regeln() IS
    'BEFORE INSERT on kaoa.kontaktversuch: an organisation records its own attempts, on the cases it holds (KA004 for any other case, as for one that does not exist); not ahead, not back-dated beyond the limit.';
COMMENT ON FUNCTION kaoa.widerspruch_erheben(bigint) IS
    'Records the person''s objection to the transfer under § 31a Abs. 2 SGB III (forbids sgb3_31a_2 hand-offs; counselling goes on) and logs it; returns when it was recorded. By the organisation holding the person''s current case (before a first case the school that registered them), the KoKo of the Kommune and system roles; everyone else KA004, as for a person that does not exist.';
DROP TRIGGER bewerberprofil_pruefen ON kaoa.bewerberprofil;
CREATE TRIGGER bewerberprofil_pruefen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.bewerberprofil
    FOR EACH ROW EXECUTE FUNCTION kaoa.bewerberprofil_pruefen();
COMMENT ON FUNCTION kaoa.bewerberprofil_pruefen() IS
    'Trigger of kaoa.bewerberprofil: first, an organisation must hold the person''s current case (before a first case: have registered them; KA004, the same answer as for a person that does not exist, before anything about consents) to write or delete a profile; then it needs a consent of the person valid now that names its type (KA002); a consent given by anyone must belong to the person and be valid (KA002); kommune and person_id do not change (KA006).';
COMMENT ON FUNCTION kaoa.bewerberprofil_loeschen(bigint) IS
    'Deletes the matching profile of a person (for example when the young person withdraws the consent): the organisation holding the person''s current case and system roles; another organisation that sees the person gets KA004; returns the number deleted (0 for none, or a person the caller does not see).';

-- ---------------------------------------------------------------------------------------------
-- issue 10, classes 2 and 7 (red-team review, reproduction 06): who reads and who revokes a
-- consent.  A consent names the organisation that recorded it (erfasst_von, filled for the
-- consents of 0.1.0 from the log's einwilligung event, whose org_id is the recording
-- organisation); it is read by that organisation, the holder and the school of the person's
-- current case, the receiver of a hand-off under it (open or accepted), the KoKo and the system,
-- and revoked only by the first three and the system (the trigger).  Same texts as extension/100,
-- 110, 120, 140.
ALTER TABLE kaoa.einwilligung ADD COLUMN erfasst_von bigint,
    ADD FOREIGN KEY (kommune, erfasst_von) REFERENCES kaoa.organisation (kommune, org_id);
COMMENT ON COLUMN kaoa.einwilligung.erfasst_von IS 'The organisation that recorded the consent (set by the trigger; NULL when a system role recorded it). It may read and revoke the consent.';
ALTER TABLE kaoa.einwilligung DISABLE TRIGGER a_einwilligung_regeln;
UPDATE kaoa.einwilligung e
   SET erfasst_von = l.org_id
  FROM (SELECT DISTINCT ON (r.kommune, (r.details ->> 'einwilligung_id')::bigint)
               r.kommune, (r.details ->> 'einwilligung_id')::bigint AS einwilligung_id, r.org_id
          FROM kaoa.ereignis r
         WHERE r.art = 'einwilligung' AND r.details ? 'einwilligung_id'
         ORDER BY r.kommune, (r.details ->> 'einwilligung_id')::bigint, r.ereignis_id) l
 WHERE l.kommune = e.kommune AND l.einwilligung_id = e.einwilligung_id AND l.org_id IS NOT NULL;
ALTER TABLE kaoa.einwilligung ENABLE TRIGGER a_einwilligung_regeln;
CREATE INDEX uebergabe_einwilligung ON kaoa.uebergabe (kommune, einwilligung_id) WHERE einwilligung_id IS NOT NULL;
CREATE FUNCTION kaoa.einwilligung_sichtbar(kommune text, einwilligung_id bigint, person_id bigint, erfasst_von bigint)
    RETURNS boolean
    LANGUAGE C STABLE PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_einwilligung_sichtbar';
COMMENT ON FUNCTION kaoa.einwilligung_sichtbar(text, bigint, bigint, bigint) IS
    'Row-level security of kaoa.einwilligung: the system; the KoKo of the Kommune; the organisation that recorded the consent (erfasst_von); the holder of the person''s current case and that case''s school (before a first case the school that registered them); the receiver of a hand-off made under the consent while it is open or accepted. Only the recorder, the holder, the school and the system revoke (the trigger). Looks up with the owner''s rights.';
REVOKE ALL ON FUNCTION kaoa.einwilligung_sichtbar(text, bigint, bigint, bigint) FROM PUBLIC;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.einwilligung_sichtbar(text, bigint, bigint, bigint)', 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t;
ALTER POLICY einwilligung_sicht ON kaoa.einwilligung
    USING (kaoa.einwilligung_sichtbar(kommune, einwilligung_id, person_id, erfasst_von));
COMMENT ON FUNCTION kaoa.person_sichtbar(text, bigint) IS
    'May the current role see this person: the system; the KoKo of the Kommune; the school that registered them; any organisation that may see one of their cases. Row-level security of kaoa.person (and of other areas'' per-person tables).';
COMMENT ON FUNCTION kaoa.einwilligung_regeln() IS
    'BEFORE INSERT OR UPDATE on kaoa.einwilligung: a consent is recorded by the organisation holding the person''s current case (before a first case the school that registered them) and system roles (KA004 for everyone else, as for a person that does not exist), erfasst_von set to the recording organisation; selbst from age 14, known fields; only widerrufen_am changes, once, by the organisation that recorded it, the holder or the school of the person''s current case, or a system role (KA004 for other readers).';

-- ---------------------------------------------------------------------------------------------
-- Plans (red-team review of 0.2.0, finding 1; extension/980_plan_sperre.sql): the module refuses
-- EXPLAIN to every role that reads kaoa under row-level security; the planner support function of the
-- policies' functions loads it at plan time (attached in the last section, after every section that
-- creates a policy); registering adds statement_timeout and session_preload_libraries.
CREATE FUNCTION kaoa.sicht_support(internal) RETURNS internal
    LANGUAGE C STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_sicht_support';
COMMENT ON FUNCTION kaoa.sicht_support(internal) IS
    'Planner support function of every function a row-level security policy of kaoa calls. It simplifies nothing; the planner calling it loads kaoa''s module, and with it the refusal of EXPLAIN for roles under row-level security, before a plan is started.';
REVOKE ALL ON FUNCTION kaoa.sicht_support(internal) FROM PUBLIC;
COMMENT ON FUNCTION kaoa.akteur_anlegen(name, bigint) IS
    'Maps a role to an organisation (replacing an earlier mapping) and grants what that type of organisation needs (kaoa.rolle_recht; UPDATE per column, so the role cannot lock a shared table beyond ROW EXCLUSIVE) with session defaults in this database: lock_timeout 5s, statement_timeout 1min, idle_in_transaction_session_timeout 1min, and kaoa in session_preload_libraries (so EXPLAIN is refused from the first statement); nothing to PUBLIC. Superuser or the extension owner only.';
COMMENT ON FUNCTION kaoa.system_zugang(name) IS
    'Registers a role that acts as the system (imports, maintenance, scheduled jobs) and grants what it needs, with session defaults lock_timeout 1min and idle_in_transaction_session_timeout 10min in this database (no statement_timeout: imports and nightly jobs). Superuser or the extension owner only.';
COMMENT ON FUNCTION kaoa.bi_zugang(name, text) IS
    'Lets a role read the kaoa.v_* views for one Kommune and nothing else (the tables stay closed: 42501), with session defaults in this database: lock_timeout 5s, statement_timeout 5min, idle_in_transaction_session_timeout 1min, and kaoa in session_preload_libraries. Superuser or the extension owner only.';

-- ---------------------------------------------------------------------------------------------
-- Memory (review finding 2): kaoa.stabile_zuteilung reads at most kaoa.zuteilung_max_paare pairs and
-- capacity rows (the module's setting); its comment says so.
COMMENT ON FUNCTION kaoa.stabile_zuteilung(text, text, bigint) IS
    'Applicant-optimal stable matching (applicant-proposing deferred acceptance with capacities). kandidaten: one SELECT returning (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8) by position, one row per acceptable pair; kapazitaeten: one SELECT returning (angebot bigint, plaetze int). Applicants rank by praeferenz desc, ties angebot asc; offers by prioritaet desc, ties los(seed, bewerber) asc (splitmix64 of seed XOR bewerber), then bewerber asc. Runs the queries as the caller. Errors: 42601 not one statement, 42P11 not a plain SELECT, 42804 wrong columns, 22004 NULL, 22023 NaN, 22003 negative seats, 23505 duplicate capacity row, 23503 offer without capacity row, 21000 duplicate pair, 22004 a NULL argument, 54000 more pairs or capacity rows than kaoa.zuteilung_max_paare (default 20 million; checked while reading).';

-- ---------------------------------------------------------------------------------------------
-- Plans, continued (review of the first fix of finding 1; extension/980_plan_sperre.sql): the
-- statistics counters count what a scan fetched before a policy removed it: after SELECT count(*) FROM kaoa.fall WHERE kommune = '<another Kommune>' (an index scan),
-- pg_stat_xact_user_tables.idx_tup_fetch is that Kommune's number of cases, as EXPLAIN ANALYZE was.
-- In a database with kaoa the per-table, per-function and per-database counters of rows, blocks and
-- scans are for the superuser and pg_read_all_stats (pg_monitor) only; the views over them
-- (pg_stat_user_tables, pg_statio_*, pg_stat_database, …) then fail with 42501 for other roles.
-- Statistics are per database: other databases of the server keep PostgreSQL's defaults.
DO $zaehler$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::pg_catalog.regprocedure
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace
           AND p.proname OPERATOR(pg_catalog.~) '^pg_stat_get_(xact_)?(db_)?(numscans|tuples_|blocks_|live_tuples|dead_tuples|mod_since_analyze|ins_since_vacuum|function_)'
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO pg_read_all_stats', f);
    END LOOP;
END
$zaehler$;

-- ---------------------------------------------------------------------------------------------
-- Home coordinates (issue 10 class 10, review): a profile (with lat, lon) is read and written only by
-- the organisation holding the person's current case and the system; other organisations that see
-- the person get distances from kaoa.passung_erklaert and the top_* searches.
CREATE FUNCTION kaoa.profil_sichtbar(kommune text, person_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'kaoa_profil_sichtbar' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION kaoa.profil_sichtbar(text, bigint) IS
    'Row-level security of kaoa.bewerberprofil: the system and the organisation holding the person''s current case (before a first case: the school that registered them). The profile holds the home coordinates; every other organisation that sees the person gets distances from kaoa.passung_erklaert and the top_* searches.';
REVOKE ALL ON FUNCTION kaoa.profil_sichtbar(text, bigint) FROM PUBLIC;
ALTER POLICY bewerberprofil_sichtbar ON kaoa.bewerberprofil
    USING (kaoa.profil_sichtbar(kommune, person_id))
    WITH CHECK (kaoa.profil_sichtbar(kommune, person_id));
COMMENT ON TABLE kaoa.bewerberprofil IS
    'Matching profile of a young person: occupation wishes (most wanted first, at most 10), RIASEC interests, Potenzialanalyse competences, location, commuting limit max_km, availability. Written by an organisation only with the young person''s consent (einwilligung_id naming the organisation''s type; KA002 otherwise); a system import may leave einwilligung_id NULL. A profile whose consent was revoked is not used for matching. Read and written only by the organisation holding the person''s current case and the system (kaoa.profil_sichtbar): it holds the home coordinates; other organisations that see the person get distances from kaoa.passung_erklaert and the top_* searches.';
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.profil_sichtbar(text, bigint)', 'EXECUTE', true FROM unnest(ARRAY['akteur', 'system']) AS t;

-- ---------------------------------------------------------------------------------------------
-- Run sizes (issue 10 class 4c, review): the exact bewerber, kandidaten and zugeteilt of each run
-- are read by the KoKo of its Kommune and the system only; other organisations see no run row.
ALTER POLICY zuteilung_lauf_lesen ON kaoa.zuteilung_lauf USING (kaoa.kommune_verwaltbar(kommune));
COMMENT ON FUNCTION kaoa.zuteilung_lesbar(text) IS
    'Row-level security of kaoa.zuteilung_grenze: the system and every organisation of the Kommune (the runs themselves, with their exact sizes, are for the KoKo and the system: kaoa.kommune_verwaltbar).';

-- ---------------------------------------------------------------------------------------------
-- issue 10, class 2 (red-team review, reproduction 06): a partner of a measure corrects and deletes
-- only the participations it recorded; those organising the measure (traeger_org, rolle traeger)
-- every one of it; a partner records participations of registered persons and of persons whose
-- case it holds, not of persons whose case is merely offered to it (C trigger).  Same text as
-- extension/320.
COMMENT ON FUNCTION kaoa.massnahme_teilnahme_regeln() IS
    'BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_teilnahme: recorded by the current school, the KoKo, the system, or a partner of the measure for a person registered for it or whose current case it holds (KA004); changed or deleted by a partner with rolle partner only where it recorded the row (erfasst_von), by the organisations organising the measure (traeger_org, rolle traeger), the school, the KoKo and the system in any case (KA004); kommune, massnahme_id, person_id fixed (KA006); sets abweichungen against the union of the target group''s pairs (participation outside it is allowed and flagged).';

-- ---------------------------------------------------------------------------------------------
-- Measure partners (issue 10, the review's reproduction 06): partners register the young people whose
-- current case they hold, and a plain partner corrects only the participations it recorded.
COMMENT ON TABLE kaoa.massnahme_partner IS
    'The organisations that run a measure with its traeger_org (which is always a partner, rolle traeger, without a row). Partners read the measure''s registrations and participations, register the young people whose current case they hold, withdraw registrations and record participations of registered young people; nothing else. Kept by whoever keeps the measure; read by every organisation of the Kommune.';
COMMENT ON COLUMN kaoa.massnahme_partner.rolle IS 'traeger: organises it jointly (e.g. an association with the KoKo) and corrects every participation of the measure; partner: takes part in running it (a Betrieb, a Kammer) and corrects only the participations it recorded.';

-- ---------------------------------------------------------------------------------------------
-- Keep this section last.  Roles registered under 0.1.0 get exactly what registering gives now:
-- the rights of kaoa.rolle_recht on the objects of 0.2.0 (UPDATE per column, EXECUTE only on the
-- functions their rows name; issue 10 classes 4, 5 and 6, issue 13 part 3) and the session
-- defaults (search_path with kaoa, issue 13 part 4; lock_timeout and
-- idle_in_transaction_session_timeout, issue 10 class 6; statement_timeout and
-- session_preload_libraries, the review's findings 1 and 3).  Roles dropped since are skipped; their
-- kaoa.akteur / kaoa.bi_rolle rows stay.
-- The planner support function of every function a policy calls (extension/980_plan_sperre.sql),
-- here so that it covers the policies of every section above.
DO $sicht$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT DISTINCT d.refobjid::pg_catalog.regprocedure
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) d.refobjid
         WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_policy'::pg_catalog.regclass
           AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND p.pronamespace OPERATOR(pg_catalog.=) 'kaoa'::pg_catalog.regnamespace
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s SUPPORT kaoa.sicht_support', f);
    END LOOP;
END
$sicht$;
SELECT kaoa.rechte_erneuern();
