-- BI views (DESIGN.md §6).  They run with the owner's rights and filter on the Kommunen the reader
-- may see (kaoa.bi_kommunen()); every count below the Kommune's min_fallzahl shows as NULL (the row
-- stays), and no view carries totals from which a hidden cell could be recomputed.
-- security_barrier keeps a reader's own WHERE clauses from running before the Kommune filter.

CREATE VIEW kaoa.v_verbleib WITH (security_barrier) AS
SELECT g.kommune, g.schuljahr, g.schule_org, g.sektor, g.anschluss,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.anzahl END AS anzahl
  FROM (SELECT f.kommune, f.schuljahr, f.schule_org,
               COALESCE(a.sektor, 'OHNE') AS sektor, f.anschluss, count(*) AS anzahl
          FROM kaoa.fall f
          LEFT JOIN kaoa.anschluss_kategorie a ON a.code = f.anschluss
         WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
         GROUP BY f.kommune, f.schuljahr, f.schule_org, COALESCE(a.sektor, 'OHNE'), f.anschluss) g
  JOIN kaoa.kommune k ON k.kommune = g.kommune;
COMMENT ON VIEW kaoa.v_verbleib IS
    'Verbleib per Kommune, school year and school: cases by the recorded anschluss and its sector (OHNE: no anschluss recorded). anzahl NULL when below the Kommune''s min_fallzahl.';

CREATE VIEW kaoa.v_kette WITH (security_barrier) AS
SELECT g.kommune, g.schuljahr, g.status,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.anzahl END AS anzahl,
       CASE WHEN g.ueberfaellig >= k.min_fallzahl THEN g.ueberfaellig END AS ueberfaellig
  FROM (SELECT f.kommune, f.schuljahr, f.status, count(*) AS anzahl,
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM kaoa.uebergabe u
                    WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id
                      AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL
                      AND u.zurueckgezogen_am IS NULL AND u.faellig_am < CURRENT_DATE)) AS ueberfaellig
          FROM kaoa.fall f
         WHERE f.kommune IN (SELECT kaoa.bi_kommunen())
         GROUP BY f.kommune, f.schuljahr, f.status) g
  JOIN kaoa.kommune k ON k.kommune = g.kommune;
COMMENT ON VIEW kaoa.v_kette IS
    'The chain per Kommune, school year and status: cases, and of them those with an overdue open hand-off. Counts NULL when below the Kommune''s min_fallzahl.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t, unnest(ARRAY['kaoa.v_verbleib', 'kaoa.v_kette']) AS v;
