-- What the measures and the training market of a Kommune amount to (docs/sbo.md;
-- src/sbo/sbo_bilanz.c): the effect of measures and the Bündnis balance, exact for the KoKo and the
-- system, and as BI views whose counts of persons are rounded like every BI count
-- (docs/roles-and-bi.md#small-counts): each view selects from a function that runs as the extension
-- owner, so a reader's EXPLAIN ANALYZE shows the published rows and nothing of the tables.  Both
-- show association, not cause.

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
-- the views call their bodies as the reader (who then run as the owner)
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t,
       unnest(ARRAY['kaoa.bi_massnahme_wirkung()', 'kaoa.bi_ausbildungsmarkt()']) AS f;
-- the exact counts decide themselves whom they answer (the KoKo of the Kommune and the system;
-- anyone else KA004 with the reason), so every organisation may call them
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.massnahme_wirkung(text, integer)', 'kaoa.ausbildungsmarkt(text, integer)']) AS f;
