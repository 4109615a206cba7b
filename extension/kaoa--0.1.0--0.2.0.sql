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
