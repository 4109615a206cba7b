-- The export views of `kaoa export` that write records of the JSON Lines format of `kaoa import`
-- (docs/client.md, "The JSON Lines format"; docs/sbo.md, "Import and export").
--
-- Design.  They are not written by hand: kaoa.export_sql builds each one from the import's
-- description (extension/940_import_format.sql) and the catalogue, as kaoa.import_anweisungen builds
-- the import's statements, so a field is named only in the description.  A record type marked
-- export in kaoa.import_typen gets the view kaoa.export_<typ>: one row per record the reader may
-- see (security_invoker: the reader's privileges and row-level security apply), the first column
-- typ, then the type's fields in the description's order under their JSON names; a look-up is
-- written as the natural key fields of the record it names (an organisation's schluessel, a
-- person's pseudonym, a measure's traeger and titel), never as kaoa's ids.  Values are written so
-- that the import reads them under every DateStyle: a date as YYYY-MM-DD, a range of grades or
-- days closed ("[9,10]", "[2026-03-01,2026-06-30]"; "[2026-03-01,)" when open).  Records come in the
-- order of their natural key, or, for a type whose file order is meaningful (registrations: file
-- order is queue order), in the order its folge columns give.  So what one database exports,
-- another holding the same organisations, persons and measures imports, and exports again as the
-- same bytes.

-- A column's value as the import reads it back (see above), for the SQL expression of a column of
-- the given type.
CREATE FUNCTION kaoa.export_wert(ausdruck text, datentyp text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE datentyp
        WHEN 'date' THEN format('pg_catalog.to_char(%s, ''YYYY-MM-DD'')', ausdruck)
        WHEN 'int4range' THEN
            format('CASE WHEN pg_catalog.isempty(%1$s) THEN ''empty'' ELSE pg_catalog.format(''[%%s,%%s]'', '
                   'pg_catalog.lower(%1$s), pg_catalog.upper(%1$s) - 1) END', ausdruck)
        WHEN 'daterange' THEN
            format('CASE WHEN pg_catalog.isempty(%1$s) THEN ''empty'' ELSE pg_catalog.format(''[%%s,%%s'', '
                   'pg_catalog.to_char(pg_catalog.lower(%1$s), ''YYYY-MM-DD''), '
                   'CASE WHEN pg_catalog.upper_inf(%1$s) THEN '')'' '
                   'ELSE pg_catalog.to_char(pg_catalog.upper(%1$s) - 1, ''YYYY-MM-DD'') || '']'' END) END', ausdruck)
        ELSE ausdruck
    END
$$;
COMMENT ON FUNCTION kaoa.export_wert(text, text) IS
    'kaoa export: the SQL expression that writes a column of the given type as kaoa import reads it back under every DateStyle (dates YYYY-MM-DD, ranges closed). Used by kaoa.export_sql.';

-- The LEFT JOIN of the record of type ziel whose id column zielspalte equals the expression id in
-- the Kommune kommune, under alias, and the SQL expressions of its natural key fields (a JSON object:
-- key field -> expression), written as kaoa.export_wert writes them.  A key field that is a look-up
-- itself (a measure's traeger) is joined in turn.  The inverse of kaoa.import_verweis_sql.
CREATE FUNCTION kaoa.export_verweis(ziel text, zielspalte name, id text, kommune text, alias text,
                                    OUT joins text, OUT werte jsonb)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tab regclass := (SELECT format('kaoa.%I', t.tabelle)::regclass FROM kaoa.import_typen() t WHERE t.typ = ziel);
    g record;
    n integer := 0;
    w record;
    i integer;
BEGIN
    joins := format(' LEFT JOIN %s %I ON %I.kommune OPERATOR(pg_catalog.=) %s AND %I.%I OPERATOR(pg_catalog.=) %s',
                    tab, alias, alias, kommune, alias, zielspalte, id);
    werte := '{}';
    FOR g IN SELECT * FROM kaoa.import_gruppen(ziel) x WHERE x.schluessel LOOP
        IF g.verweis IS NULL THEN
            werte := werte || jsonb_build_object(g.felder[1], kaoa.export_wert(format('%I.%I', alias, g.spalte), g.datentyp));
        ELSE
            n := n + 1;
            SELECT * INTO w FROM kaoa.export_verweis(g.verweis, g.zielspalte, format('%I.%I', alias, g.spalte),
                                                     format('%I.kommune', alias), alias || '_' || n);
            joins := joins || w.joins;
            FOR i IN 1 .. cardinality(g.felder) LOOP
                werte := werte || jsonb_build_object(g.felder[i], w.werte ->> g.zielfelder[i]);
            END LOOP;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kaoa.export_verweis(text, name, text, text, text) IS
    'kaoa export: the LEFT JOINs that find the record a look-up column names by its id, and the SQL expressions of that record''s natural key fields (a JSON object). Used by kaoa.export_sql.';

-- The SELECT of the export view of a record type: typ, then every field of the description in its
-- order (a look-up as the natural key fields of the record it names), ordered by the natural key or
-- by the type's folge columns.
CREATE FUNCTION kaoa.export_sql(typ text) RETURNS text
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    art record;
    g record;
    w record;
    n integer := 0;
    i integer;
    spalten text[];
    ordnung text[] := '{}';
    joins text := '';
BEGIN
    SELECT * INTO art FROM kaoa.import_typen() t WHERE t.typ = export_sql.typ;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('unknown record type %L'), typ),
            HINT = format(kaoa.meldung('Known types: %s.'), (SELECT string_agg(t.typ, ', ' ORDER BY t.rang) FROM kaoa.import_typen() t));
    END IF;
    spalten := ARRAY[format('%L::text AS typ', typ)];
    FOR g IN SELECT * FROM kaoa.import_gruppen(typ) LOOP
        IF g.verweis IS NULL THEN
            spalten := spalten || format('%s AS %I', kaoa.export_wert(format('t.%I', g.spalte), g.datentyp), g.felder[1]);
            IF g.schluessel THEN
                ordnung := ordnung || format('t.%I', g.spalte);
            END IF;
        ELSE
            n := n + 1;
            SELECT * INTO w FROM kaoa.export_verweis(g.verweis, g.zielspalte, format('t.%I', g.spalte), 't.kommune',
                                                     'v' || n);
            joins := joins || w.joins;
            FOR i IN 1 .. cardinality(g.felder) LOOP
                spalten := spalten || format('%s AS %I', w.werte ->> g.zielfelder[i], g.felder[i]);
                IF g.schluessel THEN
                    ordnung := ordnung || (w.werte ->> g.zielfelder[i]);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    IF art.folge IS NOT NULL THEN
        ordnung := ARRAY(SELECT format('t.%I', c) FROM unnest(art.folge) c);
    END IF;
    RETURN format('SELECT %s FROM kaoa.%I t%s ORDER BY %s', array_to_string(spalten, ', '), art.tabelle, joins,
                  array_to_string(ordnung, ', '));
END
$$;
COMMENT ON FUNCTION kaoa.export_sql(text) IS
    'kaoa export: the SELECT of a record type''s export view, built from the import''s description (kaoa.import_typen, kaoa.import_gruppen) and the catalogue: typ and every field under its JSON name, look-ups as the natural keys of the records they name, in the order of the natural key (or the type''s folge).';

-- Who may call the builders (they only read the description and the catalogue) and read the views:
-- every organisation and the system, with their own rights.
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.export_wert(text, text)', 'kaoa.export_verweis(text, name, text, text, text)',
                    'kaoa.export_sql(text)']) AS f;
DO $export$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT x.typ FROM kaoa.import_typen() x WHERE x.export ORDER BY x.rang LOOP
        EXECUTE format('CREATE VIEW kaoa.%I WITH (security_invoker = true) AS %s', 'export_' || t.typ,
                       kaoa.export_sql(t.typ));
        EXECUTE format('COMMENT ON VIEW kaoa.%I IS %L', 'export_' || t.typ,
                       format('kaoa export: the %s records of kaoa import that the reader may see (built from the import''s description by kaoa.export_sql).', t.typ));
        EXECUTE format('REVOKE ALL ON TABLE kaoa.%I FROM PUBLIC', 'export_' || t.typ);
        INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
        SELECT f, 'kaoa.export_' || t.typ, 'SELECT', true FROM unnest(ARRAY['akteur', 'system']) AS f;
    END LOOP;
END
$export$;
