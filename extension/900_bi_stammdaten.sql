-- Master data and code lists for BI tools (docs/roles-and-bi.md#master-data-and-code-lists): a BI
-- role names the schools it counts and labels every code the views use, in German, without reading
-- a table.  Every column is text, integer, bigint (ids) or boolean, types every driver maps (no
-- enum, no kaoa type), and carries a German comment that ODBC/JDBC drivers report as the column's
-- description.  The organisations are those of the reader's Kommunen (kaoa.bi_kommunen()); the code
-- lists are the same for everyone.  Not counts: nothing here is rounded.

CREATE VIEW kaoa.v_code_organisationstyp AS
SELECT t.typ::text AS typ, b.bezeichnung, t.n::integer AS reihenfolge
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.org_typ)) WITH ORDINALITY AS t(typ, n)
  LEFT JOIN (VALUES ('schule', 'Schule'), ('berufskolleg', 'Berufskolleg'),
                    ('agentur', 'Agentur für Arbeit (Berufsberatung)'), ('jobcenter', 'Jobcenter'),
                    ('jugendamt', 'Jugendamt'), ('jba', 'Jugendberufsagentur'),
                    ('koko', 'Kommunale Koordinierungsstelle'), ('kammer', 'Kammer'),
                    ('traeger', 'Träger'), ('betrieb', 'Betrieb')) AS b(typ, bezeichnung) ON b.typ = t.typ::text;
COMMENT ON VIEW kaoa.v_code_organisationstyp IS 'Codeliste: Arten von Organisationen in der Verantwortungskette.';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.typ IS 'Code der Organisationsart (v_organisation.typ).';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_organisationstyp.reihenfolge IS 'Reihenfolge für Auswahllisten.';

CREATE VIEW kaoa.v_code_schulform AS
SELECT s.schulform, s.bezeichnung
  FROM (VALUES ('G', 'Grundschule'), ('H', 'Hauptschule'), ('R', 'Realschule'), ('SK', 'Sekundarschule'),
               ('GM', 'Gemeinschaftsschule'), ('PS', 'Schulversuch PRIMUS'), ('GE', 'Gesamtschule'),
               ('GY', 'Gymnasium'), ('V', 'Volksschule (nicht umorganisiert)'), ('S', 'Förderschule im Bereich G/H'),
               ('SR', 'Förderschule im Bereich Realschule'), ('SG', 'Förderschule im Bereich Gymnasium'),
               ('KS', 'Klinikschule'), ('FW', 'Freie Waldorfschule'), ('WF', 'Freie Waldorfschule (Förderschule)'),
               ('HI', 'Hiberniaschule'), ('BK', 'Berufskolleg'), ('SB', 'Förderschule im Bereich Berufskolleg'),
               ('WB', 'Weiterbildungskolleg')) AS s(schulform, bezeichnung);
COMMENT ON VIEW kaoa.v_code_schulform IS 'Codeliste: Schulformen nach dem Schlüssel der amtlichen Schulstatistik NRW (IT.NRW).';
COMMENT ON COLUMN kaoa.v_code_schulform.schulform IS 'Kürzel der Schulform (v_organisation.schulform).';
COMMENT ON COLUMN kaoa.v_code_schulform.bezeichnung IS 'Deutsche Bezeichnung.';

CREATE VIEW kaoa.v_organisation WITH (security_barrier) AS
SELECT o.kommune, o.org_id, o.typ::text AS typ, t.bezeichnung AS typ_bezeichnung, o.name, o.schluessel,
       o.schulform, s.bezeichnung AS schulform_bezeichnung
  FROM kaoa.organisation o
  LEFT JOIN kaoa.v_code_organisationstyp t ON t.typ = o.typ::text
  LEFT JOIN kaoa.v_code_schulform s ON s.schulform = o.schulform
 WHERE o.kommune IN (SELECT kaoa.bi_kommunen());
COMMENT ON VIEW kaoa.v_organisation IS
    'Die Organisationen der eigenen Kommune (Schulen, Berufskollegs, Agentur, Jobcenter, …) mit Art, Name, Schulnummer bzw. Schlüssel und Schulform: zum Verknüpfen mit schule_org der Auswertungssichten.';
COMMENT ON COLUMN kaoa.v_organisation.kommune IS 'Kreisschlüssel der Kommune (05315 = Köln).';
COMMENT ON COLUMN kaoa.v_organisation.org_id IS 'Kennung der Organisation; verknüpfbar mit schule_org in v_verbleib und v_sbo.';
COMMENT ON COLUMN kaoa.v_organisation.typ IS 'Art der Organisation (Code aus v_code_organisationstyp).';
COMMENT ON COLUMN kaoa.v_organisation.typ_bezeichnung IS 'Art der Organisation, deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_organisation.name IS 'Name der Organisation.';
COMMENT ON COLUMN kaoa.v_organisation.schluessel IS 'Schulnummer der Schule bzw. Schlüssel der Organisation (eindeutig je Kommune).';
COMMENT ON COLUMN kaoa.v_organisation.schulform IS 'Schulform (Kürzel aus v_code_schulform); leer außer bei Schulen und Berufskollegs.';
COMMENT ON COLUMN kaoa.v_organisation.schulform_bezeichnung IS 'Schulform, deutsche Bezeichnung.';

CREATE VIEW kaoa.v_code_sektor AS
SELECT s.sektor, s.bezeichnung, s.n AS reihenfolge
  FROM (VALUES ('AUSBILDUNG', 'Berufsausbildung', 1), ('UEBERGANG', 'Übergangsbereich', 2),
               ('HZB', 'Erwerb der Hochschulzugangsberechtigung', 3), ('STUDIUM', 'Studium', 4),
               ('SONSTIGE', 'Sonstiger Verbleib', 5), ('OHNE', 'Noch kein Anschluss erfasst', 6)) AS s(sektor, bezeichnung, n);
COMMENT ON VIEW kaoa.v_code_sektor IS 'Codeliste: die Sektoren des Anschlusses (v_verbleib.sektor); OHNE: noch kein Anschluss erfasst.';
COMMENT ON COLUMN kaoa.v_code_sektor.sektor IS 'Code des Sektors.';
COMMENT ON COLUMN kaoa.v_code_sektor.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_sektor.reihenfolge IS 'Reihenfolge für Auswahllisten und Diagramme.';

CREATE VIEW kaoa.v_code_anschluss AS
SELECT a.code, a.bezeichnung, a.sektor, s.bezeichnung AS sektor_bezeichnung, a.iabe_sektor, a.sichert
  FROM kaoa.anschluss_kategorie a LEFT JOIN kaoa.v_code_sektor s ON s.sektor = a.sektor;
COMMENT ON VIEW kaoa.v_code_anschluss IS 'Codeliste: Anschlusskategorien (v_verbleib.anschluss) mit Sektor und iABE-Sektor, einschließlich der von der Kommune ergänzten.';
COMMENT ON COLUMN kaoa.v_code_anschluss.code IS 'Code des Anschlusses.';
COMMENT ON COLUMN kaoa.v_code_anschluss.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_anschluss.sektor IS 'Sektor (Code aus v_code_sektor).';
COMMENT ON COLUMN kaoa.v_code_anschluss.sektor_bezeichnung IS 'Sektor, deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_anschluss.iabe_sektor IS 'Sektor der Integrierten Ausbildungsberichterstattung (I Berufsausbildung, II Übergangsbereich, III Hochschulzugangsberechtigung, IV Studium); leer außerhalb der iABE.';
COMMENT ON COLUMN kaoa.v_code_anschluss.sichert IS 'Wahr, wenn die Kategorie einen Anschluss sichert (Voraussetzung für den Status anschluss_gesichert).';

CREATE VIEW kaoa.v_code_fallstatus AS
SELECT t.status::text AS status, b.bezeichnung, t.n::integer AS reihenfolge, b.abgeschlossen
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.fall_status)) WITH ORDINALITY AS t(status, n)
  LEFT JOIN (VALUES ('offen', 'Offen (Anschluss noch nicht geklärt)', false),
                    ('ohne_anschluss', 'Ohne Anschluss identifiziert', false),
                    ('in_beratung', 'In Beratung', false),
                    ('anschluss_gesichert', 'Anschluss gesichert', false),
                    ('angetreten', 'Anschluss angetreten', true),
                    ('nicht_angetreten', 'Anschluss nicht angetreten', false),
                    ('nicht_erreichbar', 'Nicht erreichbar', false),
                    ('ausgenommen', 'Ausgenommen (kein Handlungsbedarf)', true)) AS b(status, bezeichnung, abgeschlossen)
    ON b.status = t.status::text;
COMMENT ON VIEW kaoa.v_code_fallstatus IS 'Codeliste: Status eines Falls in der Verantwortungskette (v_kette.status).';
COMMENT ON COLUMN kaoa.v_code_fallstatus.status IS 'Code des Status.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.reihenfolge IS 'Reihenfolge entlang der Kette, für Auswahllisten und Diagramme.';
COMMENT ON COLUMN kaoa.v_code_fallstatus.abgeschlossen IS 'Wahr, wenn der Fall in diesem Status in der Regel abgeschlossen ist (angetreten nach dem Verbleibsstichtag, ausgenommen).';

CREATE VIEW kaoa.v_code_rechtsgrundlage AS
SELECT t.code::text AS code, b.bezeichnung, b.norm
  FROM pg_catalog.unnest(pg_catalog.enum_range(NULL::kaoa.rechtsgrundlage)) WITH ORDINALITY AS t(code, n)
  LEFT JOIN (VALUES ('schuldueg_1_1', 'Übermittlung der Schule an die Agentur für Arbeit', 'SchülerDÜG NRW § 1 Abs. 1; § 31a Abs. 1 SGB III'),
                    ('sgb3_31a_2', 'Übermittlung der Agentur für Arbeit an Land bzw. Kommune', '§ 31a Abs. 2 SGB III; SchülerDÜG NRW § 1 Abs. 5'),
                    ('schulg_120', 'Übermittlung zwischen Schulen', 'SchulG NRW § 120'),
                    ('sgb10_69', 'Übermittlung zur Erfüllung sozialer Aufgaben', '§ 69 SGB X'),
                    ('einwilligung', 'Einwilligung der jungen Person bzw. der Sorgeberechtigten', 'Art. 6 Abs. 1 lit. a DSGVO')) AS b(code, bezeichnung, norm)
    ON b.code = t.code::text
 ORDER BY t.n;
COMMENT ON VIEW kaoa.v_code_rechtsgrundlage IS 'Codeliste: Rechtsgrundlagen einer Übergabe.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.code IS 'Code der Rechtsgrundlage.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_rechtsgrundlage.norm IS 'Die Vorschriften.';

CREATE VIEW kaoa.v_code_sbo_element AS
SELECT DISTINCT ON (k.element) k.element,
       COALESCE(b.bezeichnung, k.name) AS bezeichnung, k.jahrgang_von, k.jahrgang_bis,
       bool_or(k.pflicht) OVER (PARTITION BY k.element) AS pflicht
  FROM kaoa.sbo_katalog k
  LEFT JOIN (VALUES ('potenzialanalyse', 'Potenzialanalyse'), ('berufsfelderkundung', 'Berufsfelderkundung'),
                    ('praktikum', 'Betriebspraktikum'), ('anschlussvereinbarung', 'Anschlussvereinbarung')) AS b(element, bezeichnung)
    ON b.element = k.element
 ORDER BY k.element, k.pflicht DESC, k.version DESC, k.code;
COMMENT ON VIEW kaoa.v_code_sbo_element IS 'Codeliste: Standardelemente der Beruflichen Orientierung (v_sbo.element), über alle Katalogausgaben hinweg.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.element IS 'Code des Standardelements.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.bezeichnung IS 'Deutsche Bezeichnung.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.jahrgang_von IS 'Erster Jahrgang, in dem das Element stattfindet (EF = 11, Q1 = 12, Q2 = 13).';
COMMENT ON COLUMN kaoa.v_code_sbo_element.jahrgang_bis IS 'Letzter Jahrgang, in dem das Element stattfindet.';
COMMENT ON COLUMN kaoa.v_code_sbo_element.pflicht IS 'Wahr, wenn das Element für alle verpflichtend ist (dann zählt v_sbo es aus).';

CREATE VIEW kaoa.v_code_berufsfeld AS
SELECT b.code, b.kuerzel, b.name AS bezeichnung,
       pg_catalog.array_to_string(b.kldb::text[], ', ') AS kldb
  FROM kaoa.berufsfeld b;
COMMENT ON VIEW kaoa.v_code_berufsfeld IS 'Codeliste: Berufsfelder der Berufsfelderkundung (Katalog der Schulverwaltungssoftware SVWS) mit den zugeordneten Bereichen der KldB 2010.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.code IS 'Code des Berufsfelds.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.kuerzel IS 'Kürzel im SVWS-Katalog.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.bezeichnung IS 'Deutsche Bezeichnung wie im SVWS-Katalog.';
COMMENT ON COLUMN kaoa.v_code_berufsfeld.kldb IS 'Die zugeordneten KldB-2010-Bereiche (zwei- oder dreistellig), durch Komma getrennt.';

CREATE VIEW kaoa.v_code_berufsbereich AS
SELECT b.berufsbereich, b.bezeichnung
  FROM (VALUES ('0', 'Militär'), ('1', 'Land-, Forst- und Tierwirtschaft und Gartenbau'),
               ('2', 'Rohstoffgewinnung, Produktion und Fertigung'), ('3', 'Bau, Architektur, Vermessung und Gebäudetechnik'),
               ('4', 'Naturwissenschaft, Geografie und Informatik'), ('5', 'Verkehr, Logistik, Schutz und Sicherheit'),
               ('6', 'Kaufmännische Dienstleistungen, Warenhandel, Vertrieb, Hotel und Tourismus'),
               ('7', 'Unternehmensorganisation, Buchhaltung, Recht und Verwaltung'),
               ('8', 'Gesundheit, Soziales, Lehre und Erziehung'),
               ('9', 'Sprach-, Literatur-, Geistes-, Gesellschafts- und Wirtschaftswissenschaften, Medien, Kunst, Kultur und Gestaltung')) AS b(berufsbereich, bezeichnung);
COMMENT ON VIEW kaoa.v_code_berufsbereich IS 'Codeliste: Berufsbereiche der Klassifikation der Berufe 2010 (erste Stelle des KldB-Codes; v_zuteilung.berufsbereich).';
COMMENT ON COLUMN kaoa.v_code_berufsbereich.berufsbereich IS 'Erste Stelle des KldB-2010-Codes.';
COMMENT ON COLUMN kaoa.v_code_berufsbereich.bezeichnung IS 'Deutsche Bezeichnung des Berufsbereichs.';

-- The data dictionary: psqlODBC (what Excel and Power BI use) reports no column descriptions in
-- SQLColumns, so the descriptions are also a view of their own that any tool can load.
CREATE VIEW kaoa.v_datenkatalog AS
SELECT c.relname::text AS sicht, pg_catalog.obj_description(c.oid, 'pg_class') AS sicht_beschreibung,
       a.attname::text AS spalte, a.attnum::integer AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS datentyp,
       pg_catalog.col_description(c.oid, a.attnum) AS beschreibung
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'v' AND c.relname LIKE 'v\_%'
   AND pg_catalog.has_table_privilege(c.oid, 'SELECT');
COMMENT ON VIEW kaoa.v_datenkatalog IS 'Datenkatalog: jede Spalte jeder Auswertungssicht, die die angemeldete Rolle lesen darf, mit Datentyp und Beschreibung (für BI-Werkzeuge, deren Treiber die Beschreibungen nicht melden).';
COMMENT ON COLUMN kaoa.v_datenkatalog.sicht IS 'Name der Sicht im Schema kaoa.';
COMMENT ON COLUMN kaoa.v_datenkatalog.sicht_beschreibung IS 'Beschreibung der Sicht.';
COMMENT ON COLUMN kaoa.v_datenkatalog.spalte IS 'Name der Spalte.';
COMMENT ON COLUMN kaoa.v_datenkatalog.position IS 'Position der Spalte in der Sicht (ab 1).';
COMMENT ON COLUMN kaoa.v_datenkatalog.datentyp IS 'Datentyp der Spalte (text, integer, bigint, numeric, boolean, date, timestamp with time zone).';
COMMENT ON COLUMN kaoa.v_datenkatalog.beschreibung IS 'Beschreibung der Spalte.';

INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, v, 'SELECT', true
  FROM unnest(ARRAY['bi', 'koko', 'system']) AS t,
       unnest(ARRAY['kaoa.v_organisation', 'kaoa.v_code_organisationstyp', 'kaoa.v_code_schulform', 'kaoa.v_code_sektor',
                    'kaoa.v_code_anschluss', 'kaoa.v_code_fallstatus', 'kaoa.v_code_rechtsgrundlage',
                    'kaoa.v_code_sbo_element', 'kaoa.v_code_berufsfeld', 'kaoa.v_code_berufsbereich', 'kaoa.v_datenkatalog']) AS v;
