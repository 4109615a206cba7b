-- Measures, their target groups, partners and registrations as records of the JSON Lines format
-- (docs/client.md, "The JSON Lines format"; docs/sbo.md, "Import and export"): one row per record,
-- the column names the record's keys, the first column typ, organisations and persons by their
-- natural keys (schluessel, pseudonym), never by kaoa's ids.  `kaoa export export_anmeldung` writes a
-- file that `kaoa import` loads into another database holding the same organisations, persons and
-- measures.  security_invoker: the reader's privileges and row-level security apply, so a school
-- exports the registrations it may see.  Ranges and dates are written in the ISO form the import
-- reads under every DateStyle (grades and periods closed, as a person writes them: "[9,10]").

CREATE VIEW kaoa.export_massnahme WITH (security_invoker = true) AS
SELECT 'massnahme'::text AS typ, m.kommune, o.schluessel AS traeger, m.titel, m.art,
       pg_catalog.format('[%s,%s]', lower(m.jahrgaenge), upper(m.jahrgaenge) - 1) AS jahrgaenge,
       m.schulformen, m.berufsfelder,
       pg_catalog.format('[%s,%s', pg_catalog.to_char(lower(m.zeitraum), 'YYYY-MM-DD'),
                         CASE WHEN upper_inf(m.zeitraum) THEN ')'
                              ELSE pg_catalog.to_char(upper(m.zeitraum) - 1, 'YYYY-MM-DD') || ']' END) AS zeitraum,
       m.plaetze, m.finanzierung, pg_catalog.to_char(m.anmeldung_bis, 'YYYY-MM-DD') AS anmeldung_bis,
       m.nur_zielgruppe, m.warteliste
  FROM kaoa.massnahme m
  JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
 ORDER BY m.kommune, o.schluessel, m.titel;
COMMENT ON VIEW kaoa.export_massnahme IS
    'kaoa export: the measures the reader sees as massnahme records of kaoa import (traeger = the running organisation''s schluessel).';

CREATE VIEW kaoa.export_massnahme_zielgruppe WITH (security_invoker = true) AS
SELECT 'massnahme_zielgruppe'::text AS typ, z.kommune, o.schluessel AS traeger, m.titel,
       pg_catalog.format('[%s,%s]', lower(z.jahrgaenge), upper(z.jahrgaenge) - 1) AS jahrgaenge, z.schulformen
  FROM kaoa.massnahme_zielgruppe z
  JOIN kaoa.massnahme m ON m.kommune = z.kommune AND m.massnahme_id = z.massnahme_id
  JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
 ORDER BY z.kommune, o.schluessel, m.titel, lower(z.jahrgaenge), upper(z.jahrgaenge);
COMMENT ON VIEW kaoa.export_massnahme_zielgruppe IS
    'kaoa export: the further target groups of the measures the reader sees as massnahme_zielgruppe records of kaoa import.';

CREATE VIEW kaoa.export_massnahme_partner WITH (security_invoker = true) AS
SELECT 'massnahme_partner'::text AS typ, mp.kommune, o.schluessel AS traeger, m.titel, po.schluessel AS partner,
       mp.rolle
  FROM kaoa.massnahme_partner mp
  JOIN kaoa.massnahme m ON m.kommune = mp.kommune AND m.massnahme_id = mp.massnahme_id
  JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
  JOIN kaoa.organisation po ON po.kommune = mp.kommune AND po.org_id = mp.org_id
 ORDER BY mp.kommune, o.schluessel, m.titel, po.schluessel;
COMMENT ON VIEW kaoa.export_massnahme_partner IS
    'kaoa export: the partners of the measures the reader sees as massnahme_partner records of kaoa import (the traeger_org itself has no record).';

-- in the order of registration per measure: the import registers line by line, so the file order is
-- the queue order and the statuses come out as they were
CREATE VIEW kaoa.export_anmeldung WITH (security_invoker = true) AS
SELECT 'anmeldung'::text AS typ, a.kommune, o.schluessel AS traeger, m.titel, p.pseudonym, a.status
  FROM kaoa.anmeldung a
  JOIN kaoa.massnahme m ON m.kommune = a.kommune AND m.massnahme_id = a.massnahme_id
  JOIN kaoa.organisation o ON o.kommune = m.kommune AND o.org_id = m.traeger_org
  JOIN kaoa.person p ON p.kommune = a.kommune AND p.person_id = a.person_id
 ORDER BY a.kommune, o.schluessel, m.titel, a.angemeldet_am, a.anmeldung_id;
COMMENT ON VIEW kaoa.export_anmeldung IS
    'kaoa export: the registrations the reader sees as anmeldung records of kaoa import, per measure in the order of registration (the queue order); status zugesagt, warteliste or zurueckgezogen.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.export_massnahme', 'kaoa.export_massnahme_zielgruppe', 'kaoa.export_massnahme_partner',
                    'kaoa.export_anmeldung']) AS v;
