-- BI views (docs/roles-and-bi.md).  They run with the owner's rights and filter on the Kommunen the reader
-- may see (kaoa.bi_kommunen()); security_barrier keeps a reader's own WHERE clauses from running
-- before the Kommune filter.
--
-- Suppression.  Both views split the same total — the cases of a Kommune and school year — into
-- cells (v_kette by status, v_verbleib by school and anschluss), so each view gives the other's
-- total, and a single hidden cell could be recomputed by subtraction.  Per Kommune and school year,
-- in each view:
--   primary:       every count 1 … min_fallzahl - 1 is hidden (NULL; the row stays);
--   complementary: if any count is hidden, the hidden ones must be at least two, together at least
--                  min_fallzahl, and not all 1 or all min_fallzahl - 1 (sums that pin every member);
--                  otherwise the smallest shown count (ties: by the row's key) is hidden as well —
--                  one more always suffices, as it is at least min_fallzahl;
--   both views:    if a view has no shown count left to hide in addition (all its counts are small),
--                  every count of that Kommune and school year is hidden in both views, so the
--                  total is not known either.
-- So from the shown counts and the total only the sum of the hidden ones follows, never one of
-- them.  Where a count is hidden, so is its ueberfaellig.  kaoa.bi_zellen computes the cells of
-- both views and which are hidden; the views select from it.

CREATE VIEW kaoa.bi_zellen WITH (security_barrier) AS
WITH g AS (
    SELECT 'verbleib'::text AS sicht, f.kommune, f.schuljahr, f.schule_org,
           COALESCE(a.sektor, 'OHNE') AS sektor, f.anschluss, NULL::kaoa.fall_status AS status,
           count(*) AS anzahl, 0::bigint AS ueberfaellig
      FROM kaoa.fall f
      LEFT JOIN kaoa.anschluss_kategorie a ON a.code = f.anschluss
     WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
     GROUP BY f.kommune, f.schuljahr, f.schule_org, COALESCE(a.sektor, 'OHNE'), f.anschluss
    UNION ALL
    SELECT 'kette', f.kommune, f.schuljahr, NULL, NULL, NULL, f.status, count(*),
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM kaoa.uebergabe u
                WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id
                  AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL
                  AND u.zurueckgezogen_am IS NULL AND u.faellig_am < CURRENT_DATE))
      FROM kaoa.fall f
     WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
     GROUP BY f.kommune, f.schuljahr, f.status),
z AS (
    SELECT g.*, k.min_fallzahl AS m, g.anzahl < k.min_fallzahl AS primaer
      FROM g JOIN kaoa.kommune k ON k.kommune = g.kommune),
s AS (
    SELECT z.*,
           count(*) FILTER (WHERE z.primaer) OVER w AS k_prim,
           count(*) FILTER (WHERE NOT z.primaer) OVER w AS k_rest,
           COALESCE(sum(z.anzahl) FILTER (WHERE z.primaer) OVER w, 0) AS s_prim,
           row_number() OVER (PARTITION BY z.sicht, z.kommune, z.schuljahr, z.primaer
                              ORDER BY z.anzahl, z.status, z.schule_org, z.anschluss NULLS FIRST) AS rang
      FROM z
    WINDOW w AS (PARTITION BY z.sicht, z.kommune, z.schuljahr)),
n AS (
    SELECT s.*,
           s.k_prim > 0 AND (s.k_prim < 2 OR s.s_prim < s.m OR s.s_prim = s.k_prim
                             OR s.s_prim = s.k_prim * (s.m - 1)) AS noetig
      FROM s),
b AS (
    SELECT n.*, bool_or(n.noetig AND n.k_rest = 0) OVER (PARTITION BY n.kommune, n.schuljahr) AS alles
      FROM n)
SELECT b.sicht, b.kommune, b.schuljahr, b.schule_org, b.sektor, b.anschluss, b.status, b.anzahl,
       b.ueberfaellig, b.m AS min_fallzahl,
       b.primaer OR (b.noetig AND NOT b.primaer AND b.rang = 1) OR b.alles AS verborgen
  FROM b;
COMMENT ON VIEW kaoa.bi_zellen IS
    'Internal: the cells of kaoa.v_verbleib and kaoa.v_kette with their true counts and whether each is hidden (primary and complementary suppression, see docs/roles-and-bi.md). Not granted to anyone; the views read it with the owner''s rights.';

CREATE VIEW kaoa.v_verbleib WITH (security_barrier) AS
SELECT c.kommune, c.schuljahr, c.schule_org, c.sektor, c.anschluss,
       CASE WHEN NOT c.verborgen THEN c.anzahl END AS anzahl
  FROM kaoa.bi_zellen c
 WHERE c.sicht = 'verbleib';
COMMENT ON VIEW kaoa.v_verbleib IS
    'Verbleib per Kommune, school year and school: cases by the recorded anschluss and its sector (OHNE: no anschluss recorded). anzahl NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see docs/roles-and-bi.md).';

CREATE VIEW kaoa.v_kette WITH (security_barrier) AS
SELECT c.kommune, c.schuljahr, c.status,
       CASE WHEN NOT c.verborgen THEN c.anzahl END AS anzahl,
       CASE WHEN NOT c.verborgen AND c.ueberfaellig >= c.min_fallzahl THEN c.ueberfaellig END AS ueberfaellig
  FROM kaoa.bi_zellen c
 WHERE c.sicht = 'kette';
COMMENT ON VIEW kaoa.v_kette IS
    'The chain per Kommune, school year and status: cases, and of them those with an overdue open hand-off. Counts NULL when below the Kommune''s min_fallzahl, or hidden as well so that no hidden count follows from the others and the total (see docs/roles-and-bi.md).';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.v_verbleib', 'kaoa.v_kette']) AS v;
-- the views call kaoa.bi_kommunen() as the reader: BI roles may execute it (other roles execute
-- every function of kaoa anyway)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert) VALUES ('bi', 'kaoa.bi_kommunen()', 'EXECUTE', true);
