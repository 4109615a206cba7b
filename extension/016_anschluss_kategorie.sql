-- kaoa.anschluss_kategorie: what a young person goes on to (docs/kette.md, "Anschluss categories").
-- An open set, so a reference table with a text key rather than an enum.  Rows shipped with the
-- extension are marked `mitgeliefert`; pg_dump keeps only the rows a user added.

CREATE TABLE kaoa.anschluss_kategorie (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    sektor       text NOT NULL CHECK (sektor IN ('AUSBILDUNG', 'UEBERGANG', 'HZB', 'STUDIUM', 'SONSTIGE')),
    iabe_sektor  text CHECK (iabe_sektor IN ('I', 'II', 'III', 'IV')),
    sichert      boolean NOT NULL,
    bezeichnung  text NOT NULL,
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.anschluss_kategorie IS
    'Reference table of Anschluss categories: sector, iABE sector (I Berufsausbildung, II Übergangsbereich, III Hochschulzugangsberechtigung, IV Studium; NULL outside iABE) and whether the category secures an Anschluss.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.code IS 'Stable key, referenced by kaoa.fall.anschluss.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.sektor IS 'AUSBILDUNG, UEBERGANG, HZB, STUDIUM or SONSTIGE.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.iabe_sektor IS 'Sector of the Integrierte Ausbildungsberichterstattung (BIBB/Destatis); NULL outside its scope.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.sichert IS 'Whether the category secures an Anschluss (required to move a case to anschluss_gesichert).';
COMMENT ON COLUMN kaoa.anschluss_kategorie.bezeichnung IS 'German name.';
COMMENT ON COLUMN kaoa.anschluss_kategorie.mitgeliefert IS 'True for rows shipped with kaoa (not dumped); rows a DBA adds keep false.';

INSERT INTO kaoa.anschluss_kategorie (code, sektor, iabe_sektor, sichert, bezeichnung, mitgeliefert) VALUES
    ('dual_betrieblich',        'AUSBILDUNG', 'I',   true,  'Duale Ausbildung im Betrieb', true),
    ('dual_ausserbetrieblich',  'AUSBILDUNG', 'I',   true,  'Außerbetriebliche Ausbildung (§ 76 SGB III)', true),
    ('schulische_ausbildung',   'AUSBILDUNG', 'I',   true,  'Schulische Berufsausbildung (Berufsfachschule nach Landesrecht, Gesundheits-, Erziehungs- und Sozialberufe)', true),
    ('beamtenausbildung',       'AUSBILDUNG', 'I',   true,  'Ausbildung im öffentlichen Dienst (Beamtenausbildung)', true),
    ('ausbildungsvorbereitung', 'UEBERGANG',  'II',  true,  'Ausbildungsvorbereitung am Berufskolleg (APO-BK Anlage A)', true),
    ('berufsfachschule',        'UEBERGANG',  'II',  true,  'Teilqualifizierende Berufsfachschule (APO-BK Anlage B/C)', true),
    ('bvb',                     'UEBERGANG',  'II',  true,  'Berufsvorbereitende Bildungsmaßnahme der Agentur für Arbeit', true),
    ('eq',                      'UEBERGANG',  'II',  true,  'Einstiegsqualifizierung (§ 54a SGB III)', true),
    ('bo_praktikum',            'UEBERGANG',  'II',  true,  'Berufsorientierungspraktikum (§ 48a SGB III)', true),
    ('jugendhilfe_massnahme',   'UEBERGANG',  'II',  true,  'Maßnahme der Jugendhilfe (§ 13 SGB VIII)', true),
    ('jobcenter_massnahme',     'UEBERGANG',  'II',  true,  'Maßnahme des Jobcenters (SGB II)', true),
    ('sprachfoerderung',        'UEBERGANG',  'II',  true,  'Sprachförderung / internationale Förderklasse', true),
    ('gymnasiale_oberstufe',    'HZB',        'III', true,  'Gymnasiale Oberstufe (Gymnasium, Gesamtschule)', true),
    ('berufliches_gymnasium',   'HZB',        'III', true,  'Berufliches Gymnasium (APO-BK Anlage D)', true),
    ('fachoberschule',          'HZB',        'III', true,  'Fachoberschule', true),
    ('hoehere_berufsfachschule','HZB',        'III', true,  'Höhere Berufsfachschule (Fachhochschulreife)', true),
    ('verbleib_schule',         'HZB',        'III', true,  'Verbleib an der Schule (Wiederholung, Klasse 10)', true),
    ('studium',                 'STUDIUM',    'IV',  true,  'Studium', true),
    ('duales_studium',          'STUDIUM',    'IV',  true,  'Duales Studium', true),
    ('freiwilligendienst',      'SONSTIGE',   NULL,  true,  'Freiwilligendienst (FSJ, FÖJ, BFD)', true),
    ('wehrdienst',              'SONSTIGE',   NULL,  true,  'Freiwilliger Wehrdienst', true),
    ('arbeit',                  'SONSTIGE',   NULL,  false, 'Arbeit ohne Ausbildung', true),
    ('ausland',                 'SONSTIGE',   NULL,  false, 'Aufenthalt im Ausland', true),
    ('elternzeit',              'SONSTIGE',   NULL,  false, 'Elternzeit / Mutterschutz', true),
    ('krankheit',               'SONSTIGE',   NULL,  false, 'Längere Krankheit', true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.anschluss_kategorie', 'WHERE NOT mitgeliefert');
