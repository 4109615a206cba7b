-- BI view of the assignment runs (docs/roles-and-bi.md).  Like the chain's views it selects from a
-- set-returning function that runs as the extension owner and covers the Kommunen of
-- kaoa.bi_kommunen().  Each run is one family for kaoa.bi_runden: its applicants split by outcome
-- (proposed a place or not) and the offer's Berufsbereich; every count is rounded to a multiple of
-- min_fallzahl next to its true count, and a cell whose true count is 1 … min_fallzahl − 1 is
-- published as NULL, its row kept (kaoa.bi_zeigen).  The mean passung is shown only where the
-- published count is at least twice min_fallzahl (so more than min_fallzahl young people are
-- behind it); that choice depends on the published count alone.

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
SELECT t, 'kaoa.v_zuteilung', 'SELECT', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, 'kaoa.bi_zuteilung()', 'EXECUTE', true FROM unnest(ARRAY['bi', 'koko', 'system']) AS t;
