-- BI view of the assignment runs (docs/roles-and-bi.md): like the chain's views it runs with the owner's
-- rights, filters on the Kommunen the reader may see (kaoa.bi_kommunen()), shows every count below
-- the Kommune's min_fallzahl as NULL (the row stays) and carries no totals.

CREATE VIEW kaoa.v_zuteilung WITH (security_barrier) AS
SELECT g.kommune, g.lauf_id, g.schuljahr, g.zeit, g.zugeteilt, g.berufsbereich,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.anzahl END AS anzahl,
       CASE WHEN g.anzahl >= k.min_fallzahl THEN g.passung_mittel END AS passung_mittel
  FROM (SELECT l.kommune, l.lauf_id, l.schuljahr, l.zeit,
               z.angebot_id IS NOT NULL AS zugeteilt,
               pg_catalog.substr(o.kldb::text, 1, 1) AS berufsbereich,
               count(*) AS anzahl,
               round(avg(z.passung)::numeric, 1) AS passung_mittel
          FROM kaoa.zuteilung_lauf l
          JOIN kaoa.zuteilung z ON z.kommune = l.kommune AND z.lauf_id = l.lauf_id
          LEFT JOIN kaoa.angebot o ON o.angebot_id = z.angebot_id
         WHERE l.kommune IN (SELECT kaoa.bi_kommunen())
         GROUP BY l.kommune, l.lauf_id, l.schuljahr, l.zeit, z.angebot_id IS NOT NULL,
                  pg_catalog.substr(o.kldb::text, 1, 1)) g
  JOIN kaoa.kommune k ON k.kommune = g.kommune;
COMMENT ON VIEW kaoa.v_zuteilung IS
    'Assignment runs per Kommune: young people proposed a place (zugeteilt) by Berufsbereich (first KldB digit of the offer) and those without one (zugeteilt false, berufsbereich NULL), with their mean passung. anzahl and passung_mittel NULL when below the Kommune''s min_fallzahl. Proposals, not decisions (Art. 22 DSGVO).';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.v_zuteilung', 'SELECT', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
