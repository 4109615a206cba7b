-- The JSON Lines format of `kaoa import`, described once (docs/client.md, "The JSON Lines format").
--
-- This file is the one place where a record type and its fields are named.  Everything else is
-- derived from the two lists below (kaoa.import_typen, kaoa.import_beschreibung) and from the
-- catalogue: the statements that apply a range of lines (kaoa.import_anweisungen in
-- 950_import.sql builds them with format('%I')), the client's checks (which keys a type allows,
-- which take a date or a JSON array: kaoa.import_felder), the types and keys listed by
-- kaoa.import_format, and the field table of docs/client.md (checked by
-- test/scripts/client_format.sh).  To add a record type, add its row to kaoa.import_typen and its
-- fields to kaoa.import_beschreibung; see CONTRIBUTING.md, "A record type of the import".
--
-- A record type (kaoa.import_typen):
--   typ          the value of "typ" in a line
--   rang         the order in which types are applied (a type after the types it refers to)
--   tabelle      the table of schema kaoa it loads
--   nur_anlegen  history: a line whose record exists changes nothing (no UPDATE is generated)
--   hinweis      the hint when a line refers to a record of this type that does not exist
--   funktion     for records written only through the API: the function that applies one line,
--                in file order (it gets the line's columns, the looked-up ids included, as jsonb
--                and says what it did: neu, geaendert or gleich); no UPDATE or INSERT is generated
--   export       kaoa export writes the type's records: the view kaoa.export_<typ> is generated from
--                this description (kaoa.export_sql in 960_export.sql)
--   folge        the columns of tabelle that give the order of the exported records when it is not
--                that of the natural key (registrations: file order is queue order)
--
-- A field (kaoa.import_beschreibung, in the order the format lists them, natural key first):
--   feld         the JSON key
--   schluessel   part of the type's natural key (the record is found by these fields)
--   spalte       the column of tabelle that the field sets
--   verweis      a look-up: the value names a record of this type in the same Kommune, whose id
--                goes into spalte (the id column is the one spalte's foreign key refers to); the
--                fields of one type that fill the same spalte are looked up together
--   verweis_feld ... as this key field of the record referred to (default: the same name); its
--                other key fields come from the fields of the same name (kommune)
--   nach_anlage  set after the row is created, by an UPDATE under the rules (a case is created
--                offen and then moved to its status)
--   hinweis      the hint when the look-up finds nothing (default: the hint of the type referred to)
-- What a field's value is (text, number, date, JSON array) follows from its column's type.

CREATE FUNCTION kaoa.import_typen(OUT typ text, OUT rang integer, OUT tabelle name, OUT nur_anlegen boolean,
                                  OUT hinweis text, OUT funktion text, OUT export boolean, OUT folge text[])
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    VALUES
    ('kommune', 1, 'kommune'::name, false, /* _ */ 'Add the Kommune as {"typ":"kommune", …} record.', NULL, false, NULL::text[]),
    ('fristen', 2, 'fristen', false, NULL, NULL, false, NULL),
    ('organisation', 3, 'organisation', false, /* _ */ 'Add the organisation as {"typ":"organisation", …} record.', NULL, false, NULL),
    ('person', 4, 'person', false, /* _ */ 'Add the person record ({"typ":"person", …}) to this file or an earlier one.', NULL, false, NULL),
    ('person_identitaet', 5, 'person_identitaet', false, NULL, NULL, false, NULL),
    ('fall', 6, 'fall', false, NULL, NULL, false, NULL),
    ('bewerberprofil', 7, 'bewerberprofil', false, NULL, NULL, false, NULL),
    ('angebot', 8, 'angebot', false, NULL, NULL, false, NULL),
    ('schulbesuch', 9, 'schulbesuch', false, NULL, NULL, false, NULL),
    -- participations are history: corrections are made in SQL by those who recorded them
    ('sbo_teilnahme', 10, 'sbo_teilnahme', true, NULL, NULL, false, NULL),
    ('massnahme', 11, 'massnahme', false, /* _ */ 'Add the measure as a massnahme record with the same traeger and titel.', NULL, true, NULL),
    ('massnahme_zielgruppe', 12, 'massnahme_zielgruppe', false, NULL, NULL, true, NULL),
    ('massnahme_partner', 13, 'massnahme_partner', false, NULL, NULL, true, NULL),
    -- registrations: through kaoa.anmelden and kaoa.anmeldung_zurueckziehen, so that places, the
    -- waiting list (file order is queue order), deadline, rights and log hold as for any other
    ('anmeldung', 14, 'anmeldung', false, NULL, 'kaoa.import_anmeldung', true, '{kommune,angemeldet_am,anmeldung_id}'),
    ('massnahme_teilnahme', 15, 'massnahme_teilnahme', false, NULL, NULL, true, NULL)
$$;
COMMENT ON FUNCTION kaoa.import_typen() IS
    'The record types of kaoa import, as described once (extension/940_import_format.sql): apply order, table loaded, whether an existing record is left as it is (history), the hint for a line that refers to a missing record of the type, for records written only through the API the function that applies a line, whether kaoa export writes the type (view kaoa.export_<typ>, built by kaoa.export_sql) and the columns giving the export''s order when it is not the natural key''s.';

CREATE FUNCTION kaoa.import_beschreibung(OUT typ text, OUT feld text, OUT nr integer, OUT schluessel boolean,
                                         OUT spalte name, OUT verweis text, OUT verweis_feld text,
                                         OUT nach_anlage boolean, OUT hinweis text)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- the fields in the order written (a VALUES list is scanned in its order), numbered per type
    SELECT b.typ, b.feld, (row_number() OVER (PARTITION BY b.typ ORDER BY b.n))::integer, b.schluessel, b.spalte::name,
           b.verweis, coalesce(b.verweis_feld, CASE WHEN b.verweis IS NOT NULL THEN b.feld END), b.nach_anlage, b.hinweis
      FROM (SELECT v.*, row_number() OVER () AS n FROM (VALUES
    -- typ                  feld                  key    spalte                verweis         verweis_feld  nach_anlage hinweis
    ('kommune',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('kommune',             'name',               false, 'name',               NULL,           NULL,         false, NULL),
    ('kommune',             'min_fallzahl',       false, 'min_fallzahl',       NULL,           NULL,         false, NULL),
    ('kommune',             'aufbewahrung_monate', false, 'aufbewahrung_monate', NULL,         NULL,         false, NULL),

    ('fristen',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('fristen',             'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('fristen',             'identifikation_von', false, 'identifikation_von', NULL,           NULL,         false, NULL),
    ('fristen',             'identifikation_bis', false, 'identifikation_bis', NULL,           NULL,         false, NULL),
    ('fristen',             'uebernahme_tage',    false, 'uebernahme_tage',    NULL,           NULL,         false, NULL),
    ('fristen',             'verbleib_stichtag',  false, 'verbleib_stichtag',  NULL,           NULL,         false, NULL),

    ('organisation',        'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('organisation',        'schluessel',         true,  'schluessel',         NULL,           NULL,         false, NULL),
    ('organisation',        'org_typ',            false, 'typ',                NULL,           NULL,         false, NULL),
    ('organisation',        'name',               false, 'name',               NULL,           NULL,         false, NULL),
    ('organisation',        'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),

    ('person',              'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('person',              'pseudonym',          true,  'pseudonym',          NULL,           NULL,         false, NULL),
    ('person',              'geburtsmonat',       false, 'geburtsmonat',       NULL,           NULL,         false, NULL),

    ('person_identitaet',   'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('person_identitaet',   'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('person_identitaet',   'nachname',           false, 'nachname',           NULL,           NULL,         false, NULL),
    ('person_identitaet',   'vorname',            false, 'vorname',            NULL,           NULL,         false, NULL),
    ('person_identitaet',   'geburtsdatum',       false, 'geburtsdatum',       NULL,           NULL,         false, NULL),
    ('person_identitaet',   'geschlecht',         false, 'geschlecht',         NULL,           NULL,         false, NULL),
    ('person_identitaet',   'anschrift',          false, 'anschrift',          NULL,           NULL,         false, NULL),

    ('fall',                'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('fall',                'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('fall',                'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('fall',                'schule',             false, 'schule_org',         'organisation', 'schluessel', false,
     /* _ */ 'Add the school as {"typ":"organisation", …} record.'),
    ('fall',                'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),
    ('fall',                'abschluss',          false, 'abschluss',          NULL,           NULL,         false, NULL),
    ('fall',                'abschluss_erwartet', false, 'abschluss_erwartet', NULL,           NULL,         false, NULL),
    ('fall',                'status',             false, 'status',             NULL,           NULL,         true,  NULL),
    ('fall',                'anschluss',          false, 'anschluss',          NULL,           NULL,         true,  NULL),
    ('fall',                'grund',              false, 'grund',              NULL,           NULL,         true,  NULL),

    ('bewerberprofil',      'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('bewerberprofil',      'wuensche',           false, 'wuensche',           NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'interessen',         false, 'interessen',         NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'kompetenzen',        false, 'kompetenzen',        NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'lat',                false, 'lat',                NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'lon',                false, 'lon',                NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'max_km',             false, 'max_km',             NULL,           NULL,         false, NULL),
    ('bewerberprofil',      'verfuegbar_ab',      false, 'verfuegbar_ab',      NULL,           NULL,         false, NULL),

    ('angebot',             'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('angebot',             'extern_id',          true,  'extern_id',          NULL,           NULL,         false, NULL),
    ('angebot',             'anbieter',           false, 'org_id',             'organisation', 'schluessel', false,
     /* _ */ 'Add the offering organisation as {"typ":"organisation", …} record.'),
    ('angebot',             'kldb',               false, 'kldb',               NULL,           NULL,         false, NULL),
    ('angebot',             'titel',              false, 'titel',              NULL,           NULL,         false, NULL),
    ('angebot',             'mindest_abschluss',  false, 'mindest_abschluss',  NULL,           NULL,         false, NULL),
    ('angebot',             'mindest_hart',       false, 'mindest_hart',       NULL,           NULL,         false, NULL),
    ('angebot',             'interessen',         false, 'interessen',         NULL,           NULL,         false, NULL),
    ('angebot',             'anforderungen',      false, 'anforderungen',      NULL,           NULL,         false, NULL),
    ('angebot',             'lat',                false, 'lat',                NULL,           NULL,         false, NULL),
    ('angebot',             'lon',                false, 'lon',                NULL,           NULL,         false, NULL),
    ('angebot',             'beginn',             false, 'beginn',             NULL,           NULL,         false, NULL),
    ('angebot',             'plaetze',            false, 'plaetze',            NULL,           NULL,         false, NULL),

    ('schulbesuch',         'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('schulbesuch',         'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('schulbesuch',         'schuljahr',          true,  'schuljahr',          NULL,           NULL,         false, NULL),
    ('schulbesuch',         'schule',             false, 'schule_org',         'organisation', 'schluessel', false,
     /* _ */ 'Add the school as {"typ":"organisation", …} record.'),
    ('schulbesuch',         'schulform',          false, 'schulform',          NULL,           NULL,         false, NULL),
    ('schulbesuch',         'jahrgang',           false, 'jahrgang',           NULL,           NULL,         false, NULL),

    ('sbo_teilnahme',       'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('sbo_teilnahme',       'sbo_code',           true,  'sbo_code',           NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'datum',              true,  'datum',              NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'berufsfeld',         false, 'berufsfeld',         NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'bis',                false, 'bis',                NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'anbieter',           false, 'anbieter_org',       'organisation', 'schluessel', false,
     /* _ */ 'Add the provider as {"typ":"organisation", …} record, or leave anbieter out.'),
    ('sbo_teilnahme',       'kompetenzen',        false, 'kompetenzen',        NULL,           NULL,         false, NULL),
    ('sbo_teilnahme',       'ergebnis',           false, 'ergebnis',           NULL,           NULL,         false, NULL),

    ('massnahme',           'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme',           'traeger',            true,  'traeger_org',        'organisation', 'schluessel', false,
     /* _ */ 'Add the Träger as {"typ":"organisation", …} record.'),
    ('massnahme',           'titel',              true,  'titel',              NULL,           NULL,         false, NULL),
    ('massnahme',           'art',                false, 'art',                NULL,           NULL,         false, NULL),
    ('massnahme',           'jahrgaenge',         false, 'jahrgaenge',         NULL,           NULL,         false, NULL),
    ('massnahme',           'schulformen',        false, 'schulformen',        NULL,           NULL,         false, NULL),
    ('massnahme',           'berufsfelder',       false, 'berufsfelder',       NULL,           NULL,         false, NULL),
    ('massnahme',           'zeitraum',           false, 'zeitraum',           NULL,           NULL,         false, NULL),
    ('massnahme',           'plaetze',            false, 'plaetze',            NULL,           NULL,         false, NULL),
    ('massnahme',           'finanzierung',       false, 'finanzierung',       NULL,           NULL,         false, NULL),
    ('massnahme',           'anmeldung_bis',      false, 'anmeldung_bis',      NULL,           NULL,         false, NULL),
    ('massnahme',           'nur_zielgruppe',     false, 'nur_zielgruppe',     NULL,           NULL,         false, NULL),
    ('massnahme',           'warteliste',         false, 'warteliste',         NULL,           NULL,         false, NULL),

    ('massnahme_zielgruppe', 'kommune',           true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_zielgruppe', 'traeger',           true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_zielgruppe', 'titel',             true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_zielgruppe', 'jahrgaenge',        true,  'jahrgaenge',         NULL,           NULL,         false, NULL),
    ('massnahme_zielgruppe', 'schulformen',       false, 'schulformen',        NULL,           NULL,         false, NULL),

    ('massnahme_partner',   'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_partner',   'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_partner',   'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_partner',   'partner',            true,  'org_id',             'organisation', 'schluessel', false,
     /* _ */ 'Add the partner as {"typ":"organisation", …} record.'),
    ('massnahme_partner',   'rolle',              false, 'rolle',              NULL,           NULL,         false, NULL),

    ('anmeldung',           'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('anmeldung',           'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('anmeldung',           'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('anmeldung',           'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('anmeldung',           'status',             false, 'status',             NULL,           NULL,         false, NULL),

    ('massnahme_teilnahme', 'kommune',            true,  'kommune',            NULL,           NULL,         false, NULL),
    ('massnahme_teilnahme', 'traeger',            true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_teilnahme', 'titel',              true,  'massnahme_id',       'massnahme',    NULL,         false, NULL),
    ('massnahme_teilnahme', 'pseudonym',          true,  'person_id',          'person',       NULL,         false, NULL),
    ('massnahme_teilnahme', 'datum',              false, 'datum',              NULL,           NULL,         false, NULL)
           ) AS v(typ, feld, schluessel, spalte, verweis, verweis_feld, nach_anlage, hinweis)) b
$$;
COMMENT ON FUNCTION kaoa.import_beschreibung() IS
    'The fields of each record type of kaoa import, as described once (extension/940_import_format.sql), natural key first: the JSON key, whether it is part of the natural key, the column it sets, the record type it looks up and by which of its key fields, whether it is set after the record is created, the hint when the look-up finds nothing.';

CREATE FUNCTION kaoa.import_felder(OUT typ text, OUT feld text, OUT nr integer, OUT schluessel boolean,
                                   OUT spalte name, OUT verweis text, OUT verweis_feld text, OUT nach_anlage boolean,
                                   OUT hinweis text, OUT datentyp text, OUT art text, OUT pflicht boolean)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE b AS (
        SELECT b.*, t.rang, t.funktion, format('kaoa.%I', t.tabelle)::regclass AS tab
          FROM kaoa.import_beschreibung() b JOIN kaoa.import_typen() t ON t.typ = b.typ
    ),
    -- the column behind each field: its own, or for a look-up that of the key field it names
    wert AS (
        SELECT b.typ, b.feld, b.tab, b.spalte FROM b WHERE b.verweis IS NULL
        UNION ALL
        SELECT b.typ, b.feld, w.tab, w.spalte FROM b JOIN wert w ON w.typ = b.verweis AND w.feld = b.verweis_feld
    )
    SELECT b.typ, b.feld, b.nr, b.schluessel, b.spalte, b.verweis, b.verweis_feld, b.nach_anlage,
           coalesce(b.hinweis, v.hinweis), format_type(wa.atttypid, wa.atttypmod),
           CASE WHEN wt.typcategory = 'A' THEN 'liste' WHEN wa.atttypid = 'date'::regtype THEN 'datum' ELSE 'wert' END,
           b.schluessel OR (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND NOT b.nach_anlage
                            AND b.funktion IS NULL)
      FROM b
      LEFT JOIN kaoa.import_typen() v ON v.typ = b.verweis
      LEFT JOIN pg_attribute a ON a.attrelid = b.tab AND a.attname = b.spalte AND NOT a.attisdropped
      LEFT JOIN wert w ON w.typ = b.typ AND w.feld = b.feld
      LEFT JOIN pg_attribute wa ON wa.attrelid = w.tab AND wa.attname = w.spalte AND NOT wa.attisdropped
      LEFT JOIN pg_type wt ON wt.oid = wa.atttypid
     ORDER BY b.rang, b.nr
$$;
COMMENT ON FUNCTION kaoa.import_felder() IS
    'The fields of each record type of kaoa import (kaoa.import_beschreibung) with what the catalogue says of them: the SQL type of the value (for a look-up, that of the key field it names), what the JSON value is (wert; datum: "YYYY-MM-DD"; liste: a JSON array) and whether a new record needs it (pflicht). What kaoa import and docs/client.md read.';

CREATE FUNCTION kaoa.import_format(OUT rang integer, OUT typ text, OUT schluessel text[], OUT felder text[],
                                   OUT tabelle text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.rang, t.typ,
           ARRAY(SELECT f.feld FROM kaoa.import_felder() f WHERE f.typ = t.typ AND f.schluessel ORDER BY f.nr),
           ARRAY(SELECT f.feld FROM kaoa.import_felder() f WHERE f.typ = t.typ AND NOT f.schluessel ORDER BY f.nr),
           'kaoa.' || t.tabelle
      FROM kaoa.import_typen() t
     ORDER BY t.rang
$$;
COMMENT ON FUNCTION kaoa.import_format() IS
    'The record types of the JSON Lines format of kaoa import, in the order they are applied: natural key, the other keys allowed, the table loaded (from kaoa.import_typen and kaoa.import_felder).';
