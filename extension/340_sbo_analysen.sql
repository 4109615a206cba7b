-- What a coordinator asks of the Standardelemente and the measures (docs/sbo.md; src/sbo/sbo_analysen.c).
-- SECURITY INVOKER C functions: the caller's role decides which rows they cover; their look-ups run
-- as the extension owner.

CREATE FUNCTION kaoa.sbo_luecken(kommune text, schuljahr integer, stichtag date DEFAULT kaoa.heute())
    RETURNS TABLE (person_id bigint, schule_org bigint, schulform text, jahrgang integer, element text,
                   sbo_code text, vorhanden integer, erforderlich integer, ueberfaellig boolean)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_sbo_luecken';
COMMENT ON FUNCTION kaoa.sbo_luecken(text, integer, date) IS
    'Completeness of the Standardelemente: one row per pupil (grades up to 10, kaoa.schulbesuch of that school year) and required element (kaoa.sbo_katalog.pflicht of the edition in force) still missing as of stichtag (at most the end of the school year): Potenzialanalyse in 8, Berufsfelderkundung on three days in three Berufsfelder in 8, a Praktikum in 9/10, an Anschlussvereinbarung from the second half of 9. vorhanden = proofs that count, erforderlich = needed; ueberfaellig once the pupil is past the element''s last grade. The system and the KoKo see the Kommune, a school its own pupils.';

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

CREATE FUNCTION kaoa.massnahmen_ueberschneidungen(kommune text, schuljahr integer)
    RETURNS TABLE (massnahme_a bigint, massnahme_b bigint, traeger_a bigint, traeger_b bigint,
                   gleiche_art boolean, jahrgaenge int4range, schulformen text[], berufsfelder text[],
                   zeitraum daterange)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahmen_ueberschneidungen';
COMMENT ON FUNCTION kaoa.massnahmen_ueberschneidungen(text, integer) IS
    'Parallel structures: each pair of measures of the Kommune running in the school year whose target groups (the union of each measure''s own pair and its kaoa.massnahme_zielgruppe rows), Berufsfelder (NULL = all) and periods overlap, one row per piece of the overlap of the target groups (consecutive grades with the same school forms; schulformen NULL = every form), with the overlap of period and Berufsfelder (NULL = all) and whether both are of the same art. For every organisation of the Kommune and the system.';

CREATE FUNCTION kaoa.massnahmen_luecken(kommune text, schuljahr integer)
    RETURNS TABLE (jahrgang integer, schulform text, berufsfeld text, junge_menschen bigint)
    LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL RESTRICTED AS 'MODULE_PATHNAME', 'kaoa_massnahmen_luecken';
COMMENT ON FUNCTION kaoa.massnahmen_luecken(text, integer) IS
    'Gaps: grade × school form × Berufsfeld cells with young people enrolled in the school year who are interested in the field (a participation in it, or a wish of their newest Anschlussvereinbarung within its KldB branches) and no measure of the Kommune in that school year covering grade, school form (a pair of its target group) and field. junge_menschen = how many. For the KoKo of the Kommune and the system.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.v_sbo', 'SELECT', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
-- v_sbo calls kaoa.bi_sbo() as the reader: readers of the view may execute it
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_sbo()', 'EXECUTE', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
-- the analyses decide themselves whom they answer (a school its pupils, the KoKo its Kommune;
-- anyone else KA004 with the reason), so every organisation may call them
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.sbo_luecken(text, integer, date)', 'kaoa.massnahmen_ueberschneidungen(text, integer)',
                    'kaoa.massnahmen_luecken(text, integer)']) AS f;
