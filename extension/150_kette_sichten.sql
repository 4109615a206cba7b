-- BI views of the chain (docs/roles-and-bi.md).  Each view selects from a set-returning function
-- that runs as the extension owner and covers the Kommunen the reader may see
-- (kaoa.bi_kommunen()); a reader's EXPLAIN ANALYZE shows the function scan and its published rows,
-- nothing of the tables.
--
-- Small counts.  v_kette and v_verbleib split the same cases of a Kommune and school year two ways,
-- so they are one family for kaoa.bi_runden (020_bi_runden.sql): the atoms are school × Anschluss ×
-- status × overdue, tree A is school → school × Anschluss (v_verbleib), tree B is status → status ×
-- overdue (v_kette).  Every count is rounded to a multiple of min_fallzahl next to its true count;
-- a cell whose true count is 1 … min_fallzahl − 1 is published as NULL and its row stays
-- (kaoa.bi_zeigen), every other cell as its rounded value.  A row exists for every non-empty group.

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
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.v_verbleib', 'kaoa.v_kette']) AS v;
-- the views call their bodies as the reader (who then run as the owner): readers of the views may
-- execute them; kaoa.bi_kommunen() for the master-data views, which call it as the reader
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.bi_kette()', 'kaoa.bi_verbleib()']) AS f;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_kommunen()', 'EXECUTE', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
