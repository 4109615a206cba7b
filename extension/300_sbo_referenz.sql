-- Reference data of the Standardelemente (docs/sbo.md): the Berufsfelder of the
-- Berufsfelderkundung mapped to KldB 2010 branches, and the versioned catalogue of the
-- Standardelemente der Beruflichen Orientierung (SBO).  Both are open sets that change between
-- editions, so they are tables with text keys, never enums.  Rows shipped with kaoa are marked
-- `mitgeliefert`; pg_dump keeps only the rows a user added.  Like kaoa.anschluss_kategorie they
-- are shared by every Kommune (the one exception to the rule that kommune leads every key).

CREATE TABLE kaoa.berufsfeld (
    code         text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    svws_id      integer UNIQUE,
    kuerzel      text UNIQUE CHECK (kuerzel ~ '^[A-Z0-9]{1,10}$'),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    kldb         kaoa.kldb[] NOT NULL
                 CHECK (cardinality(kldb) > 0 AND array_ndims(kldb) = 1 AND array_position(kldb, NULL) IS NULL),
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.berufsfeld IS
    'Berufsfelder of the KAoA Berufsfelderkundung (the 16 of the NRW school software SVWS, catalogue KAOABerufsfeld), each mapped to KldB 2010 branches so that a BFE day, a wish and an offer compare with <@.';
COMMENT ON COLUMN kaoa.berufsfeld.code IS 'Stable key, referenced by sbo_teilnahme.berufsfeld and massnahme.berufsfelder.';
COMMENT ON COLUMN kaoa.berufsfeld.svws_id IS 'id in the SVWS catalogue KAOABerufsfeld (for Schild/SVWS interchange).';
COMMENT ON COLUMN kaoa.berufsfeld.kuerzel IS 'Kürzel in the SVWS catalogue (BAV, D, EL, …).';
COMMENT ON COLUMN kaoa.berufsfeld.name IS 'Name exactly as in the SVWS catalogue.';
COMMENT ON COLUMN kaoa.berufsfeld.kldb IS 'KldB 2010 branches (2- or 3-digit codes) whose occupations belong to the field: a code k lies in the field when k <@ one of them. Fields may overlap. The mapping shipped with kaoa is an inference (docs/sbo.md).';
COMMENT ON COLUMN kaoa.berufsfeld.mitgeliefert IS 'True for rows shipped with kaoa (not dumped); rows a DBA adds keep false.';

INSERT INTO kaoa.berufsfeld (code, svws_id, kuerzel, name, kldb, mitgeliefert) VALUES
    ('bau_architektur_vermessung',          1, 'BAV',    'Bau, Architektur, Vermessung',        '{31,32,33,34}', true),
    ('dienstleistung',                      2, 'D',      'Dienstleistung',                      '{293,53,54,63,823,824,832}', true),
    ('elektro',                             3, 'EL',     'Elektro',                             '{26}', true),
    ('gesundheit',                          4, 'G',      'Gesundheit',                          '{81,821,822,825}', true),
    ('gesellschafts_geisteswissenschaften', 5, 'GESGE',  'Gesellschafts-,Geisteswissenschaften', '{91,833}', true),
    ('it_computer',                         6, 'ITC',    'IT, Computer',                        '{43}', true),
    ('kunst_kultur_gestaltung',             7, 'KKG',    'Kunst, Kultur, Gestaltung',           '{93,941,942,943,946,947}', true),
    ('landwirtschaft_natur_umwelt',         8, 'LANAUM', 'Landwirtschaft, Natur, Umwelt',       '{11,12,42,343}', true),
    ('metall_maschinenbau',                 9, 'M',      'Metall, Maschinenbau',                '{24,25,261}', true),
    ('medien',                             10, 'ME',     'Medien',                              '{232,233,234,92,733,944,945}', true),
    ('naturwissenschaften',                11, 'N',      'Naturwissenschaft',                   '{41,421}', true),
    ('produktion_fertigung',               12, 'PRFE',   'Produktion, Fertigung',               '{21,22,231,234,28,291,292}', true),
    ('soziales_paedagogik',                13, 'SP',     'Soziales, Pädagogik',                 '{831,833,84}', true),
    ('technik_technologiefelder',          14, 'TEC',    'Technik, Technologiefelder',          '{27,252,261}', true),
    ('verkehr_logistik',                   15, 'VL',     'Verkehr, Logistik',                   '{51,52}', true),
    ('wirtschaft_verwaltung',              16, 'WIVE',   'Wirtschaft, Verwaltung',              '{61,62,71,72,731,732,914}', true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.berufsfeld', 'WHERE NOT mitgeliefert');

CREATE FUNCTION kaoa.berufsfelder(beruf kaoa.kldb) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN (SELECT COALESCE(pg_catalog.array_agg(b.code ORDER BY b.svws_id NULLS LAST, b.code), '{}')
              FROM kaoa.berufsfeld b
             WHERE beruf OPERATOR(kaoa.<@) ANY (b.kldb));
COMMENT ON FUNCTION kaoa.berufsfelder(kaoa.kldb) IS
    'The Berufsfelder (codes of kaoa.berufsfeld) a KldB code lies in; empty when none (e.g. a 1-digit code or Militär).';

-- Versions of the catalogue: the SBO numbering changed between editions (docs/sbo.md).
CREATE TABLE kaoa.sbo_katalog_version (
    version      text PRIMARY KEY CHECK (version ~ '^[a-z0-9][a-z0-9_.-]*$'),
    gueltig_ab   date UNIQUE,
    bezeichnung  text NOT NULL CHECK (btrim(bezeichnung) <> ''),
    quelle       text,
    mitgeliefert boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE kaoa.sbo_katalog_version IS
    'Editions of the SBO catalogue. A participation recorded without katalog_version gets the edition in force on its date: the one with the latest gueltig_ab not after it (NULL = since always).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.gueltig_ab IS 'First day the edition applies; NULL: applies from the beginning (only one edition may have NULL).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.quelle IS 'Where the numbering comes from (the title of the catalogue).';
COMMENT ON COLUMN kaoa.sbo_katalog_version.mitgeliefert IS 'True for rows shipped with kaoa (not dumped).';
CREATE UNIQUE INDEX sbo_katalog_version_ohne_beginn ON kaoa.sbo_katalog_version ((true)) WHERE gueltig_ab IS NULL;

CREATE TABLE kaoa.sbo_katalog (
    version                   text NOT NULL REFERENCES kaoa.sbo_katalog_version,
    code                      text NOT NULL CHECK (btrim(code) = code AND code <> ''),
    element                   text NOT NULL CHECK (element ~ '^[a-z][a-z0-9_]*$'),
    name                      text NOT NULL CHECK (btrim(name) <> ''),
    jahrgang_von              integer NOT NULL CHECK (jahrgang_von BETWEEN 1 AND 13),
    jahrgang_bis              integer NOT NULL CHECK (jahrgang_bis BETWEEN 1 AND 13),
    pflicht                   boolean NOT NULL DEFAULT false,
    ab_halbjahr               integer NOT NULL DEFAULT 1 CHECK (ab_halbjahr IN (1, 2)),
    mindestanzahl             integer NOT NULL DEFAULT 1 CHECK (mindestanzahl BETWEEN 1 AND 64),
    berufsfeld_noetig         boolean NOT NULL DEFAULT false,
    verschiedene_berufsfelder boolean NOT NULL DEFAULT false,
    mit_kompetenzen           boolean NOT NULL DEFAULT false,
    mitgeliefert              boolean NOT NULL DEFAULT false,
    PRIMARY KEY (version, code),
    CONSTRAINT sbo_katalog_jahrgaenge CHECK (jahrgang_von <= jahrgang_bis),
    CONSTRAINT sbo_katalog_verschiedene_felder CHECK (NOT verschiedene_berufsfelder OR berufsfeld_noetig)
);
-- one requirement per element and edition (the other codes of the element count for it)
CREATE UNIQUE INDEX sbo_katalog_eine_pflicht ON kaoa.sbo_katalog (version, element) WHERE pflicht;
COMMENT ON TABLE kaoa.sbo_katalog IS
    'The Standardelemente der Beruflichen Orientierung per catalogue edition: code as the edition numbers it, the stable element it belongs to, the grades it is done in, and what completeness requires (kaoa.sbo_luecken).';
COMMENT ON COLUMN kaoa.sbo_katalog.code IS 'The code as the edition numbers it (SBO 4.1, …); data, never an enum.';
COMMENT ON COLUMN kaoa.sbo_katalog.element IS 'Stable name of the element across editions (potenzialanalyse, berufsfelderkundung, praktikum, anschlussvereinbarung, …): participations under any code of an element count for it.';
COMMENT ON COLUMN kaoa.sbo_katalog.jahrgang_von IS 'First grade the element is done in (EF = 11, Q1 = 12, Q2 = 13); a required element is required from here.';
COMMENT ON COLUMN kaoa.sbo_katalog.jahrgang_bis IS 'Last grade the element is done in; a required element still missing after it is overdue.';
COMMENT ON COLUMN kaoa.sbo_katalog.pflicht IS 'Every pupil must do the element (at most one row per element and edition): kaoa.sbo_luecken reports it when missing.';
COMMENT ON COLUMN kaoa.sbo_katalog.ab_halbjahr IS 'Required from this half-year (1 from 1 August, 2 from 1 February) of jahrgang_von.';
COMMENT ON COLUMN kaoa.sbo_katalog.mindestanzahl IS 'Participations needed (Berufsfelderkundung: 3).';
COMMENT ON COLUMN kaoa.sbo_katalog.berufsfeld_noetig IS 'A participation must name its Berufsfeld (refused with 23502 otherwise).';
COMMENT ON COLUMN kaoa.sbo_katalog.verschiedene_berufsfelder IS 'Only participations on distinct days in distinct Berufsfelder count towards mindestanzahl.';
COMMENT ON COLUMN kaoa.sbo_katalog.mit_kompetenzen IS 'A participation may carry kompetenzen (the Potenzialanalyse).';
COMMENT ON COLUMN kaoa.sbo_katalog.mitgeliefert IS 'True for rows shipped with kaoa (not dumped).';

INSERT INTO kaoa.sbo_katalog_version (version, gueltig_ab, bezeichnung, quelle, mitgeliefert) VALUES
    ('svws_1', NULL,
     'Standardelemente der Beruflichen Orientierung (KAoA), numbered as in the SVWS catalogues KAOAKategorie / KAOAMerkmal, version 1',
     'SVWS-Server (Schulverwaltungssoftware NRW), Kataloge KAOAKategorie und KAOAMerkmal',
     true);

INSERT INTO kaoa.sbo_katalog (version, code, element, name, jahrgang_von, jahrgang_bis, pflicht, ab_halbjahr,
                              mindestanzahl, berufsfeld_noetig, verschiedene_berufsfelder, mit_kompetenzen, mitgeliefert)
VALUES
    ('svws_1', 'SBO 2.1',  'schulische_beratung', 'Schulische prozessorientierte Begleitung und Beratung', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.2',  'beratung_ba', 'Berufsorientierende Angebote der Berufsberatung der Bundesagentur für Arbeit (BA)', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.3',  'beratung_extern', 'Individuelle Beratungsangebote außerschulischer Partner', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.4',  'star_berufswegekonferenz', 'STAR – Berufswegekonferenz', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.5',  'elternarbeit', 'Einbindung von Eltern bzw. Erziehungsberechtigten', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 2.6',  'star_elternarbeit', 'STAR – Einbindung von Eltern bzw. Erziehungsberechtigten', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 3.4',  'portfolio', 'Portfolioinstrument', 8, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 4.1',  'potenzialanalyse', 'Potenzialanalyse 1-tägig', 8, 8, true, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.2',  'potenzialanalyse', 'Potenzialanalyse für Schülerinnen und Schüler mit den Förderschwerpunkten Lernen und Emotionale soziale Entwicklung – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.3',  'potenzialanalyse', 'STAR – Potenzialanalyse für Schülerinnen und Schüler mit den Förderschwerpunkten Geistige Entwicklung, Körperliche und motorische Entwicklung, Hören und Kommunikation und Sprache – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 4.4',  'star_sehvermoegen', 'STAR – Feststellung des funktionalen Sehvermögens im Förderschwerpunkt Sehen', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 4.5',  'potenzialanalyse', 'STAR – Potenzialanalyse im Förderschwerpunkt Sehen – 2-tägig', 8, 8, false, 1, 1, false, false, true, true),
    ('svws_1', 'SBO 5.1',  'berufsfelderkundung', 'Berufsfelderkundungen', 8, 8, true, 1, 3, true, true, false, true),
    ('svws_1', 'SBO 5.2',  'berufsfelderkundung', 'STAR – Berufsfelderkundungen', 8, 8, false, 1, 1, true, false, false, true),
    ('svws_1', 'SBO 5.3',  'star_kommunikationstraining_1', 'STAR – Arbeitsplatzbezogenes Kommunikationstraining I im Förderschwerpunkt Hören und Kommunikation', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 5.4',  'star_bo_seminar', 'STAR – Berufsorientierungsseminar', 8, 9, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.1',  'praktikum', 'Betriebspraktika in der Sekundarstufe I (ggf. 1 Woche verlagert aus der Oberstufe)', 9, 10, true, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.2',  'star_task', 'STAR – Intensivtraining arbeitsrelevanter sozialer Kompetenzen (TASK)', 8, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.3',  'praktikum', 'STAR – Betriebspraktikum im Block', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.4',  'praxiskurs', 'Praxiskurse', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.5',  'langzeitpraktikum', 'Langzeitpraktikum', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 6.6',  'praktikum', 'STAR – Betriebspraktikum in Langzeit', 9, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 7.1',  'kaoa_kompakt', 'KAoA-kompakt', 10, 10, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 8.1',  'standortbestimmung_sek2', 'Standortbestimmung – Reflexionsworkshop Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 8.2',  'entscheidungskompetenz_1', 'Stärkung der Entscheidungskompetenz I – Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.1',  'praxiselemente_sek2', 'Praxiselemente in Betrieben, Hochschulen, Institutionen', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.2',  'studienorientierung', 'Studienorientierung', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 9.3',  'entscheidungskompetenz_2', 'Stärkung der Entscheidungskompetenz II – Sek. II', 11, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.1', 'bewerbungsphase', 'Bewerbungsphase', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.2', 'star_kommunikationstraining_2', 'STAR – Arbeitsplatzbezogenes Kommunikationstraining II im Förderschwerpunkt Hören und Kommunikation', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.3', 'star_bewerbungstraining', 'STAR – Betriebsnahes Bewerbungstraining / Umgang mit Dolmetschenden und Technik im Förderschwerpunkt Hören und Kommunikation', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.4', 'uebergangsbegleitung', 'Übergangsbegleitung', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.5', 'star_uebergangsbegleitung', 'STAR – Übergangsbegleitung', 9, 13, false, 1, 1, false, false, false, true),
    ('svws_1', 'SBO 10.6', 'anschlussvereinbarung', 'Anschlussvereinbarung', 9, 9, true, 2, 1, false, false, false, true),
    ('svws_1', 'SBO 10.7', 'koordinierte_uebergangsgestaltung', 'Koordinierte Übergangsgestaltung', 9, 13, false, 1, 1, false, false, false, true);

SELECT pg_catalog.pg_extension_config_dump('kaoa.sbo_katalog_version', 'WHERE NOT mitgeliefert');
SELECT pg_catalog.pg_extension_config_dump('kaoa.sbo_katalog', 'WHERE NOT mitgeliefert');

-- Shipped rows stay as shipped (they are not dumped): a DBA adds rows instead (KA006 otherwise).
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.berufsfeld
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add your own Berufsfeld under a new code; participations and measures refer to the shipped ones, whose meaning stays fixed.');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_katalog_version
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a new edition with its own version key and gueltig_ab; participations refer to the shipped one.');
CREATE TRIGGER a_mitgeliefert_schuetzen BEFORE INSERT OR UPDATE OR DELETE ON kaoa.sbo_katalog
    FOR EACH ROW EXECUTE FUNCTION kaoa.mitgeliefert_schuetzen(
        'Add a new edition (kaoa.sbo_katalog_version) and its rows; the shipped edition stays as shipped.', '2');
