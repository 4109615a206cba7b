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
-- (the predicates are C: src/base/akteur.c; only their descriptions change here)
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
-- A status change moves the days; the view shows them as the data stands.
CREATE VIEW kaoa.loeschtermine AS
WITH f AS (
    SELECT f.kommune, f.person_id, f.schuljahr, f.status, f.status_seit::date AS seit,
           COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS vs,
           k.aufbewahrung_monate AS monate
      FROM kaoa.fall f
      JOIN kaoa.kommune k ON k.kommune = f.kommune
      LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr),
p AS (
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
