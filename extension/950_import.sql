-- The server side of `kaoa import` (docs/client.md, "The JSON Lines format").
--
-- Design.  The client program copies the lines of a JSON Lines file with COPY into a temporary
-- staging table (kaoa.import_staging creates it) and then calls kaoa.import_anwenden for one
-- record type and a range of line numbers at a time, each call in its own transaction.  A call
-- first applies the whole range with set-based statements (an UPDATE of the records whose natural
-- key exists and whose content differs, an INSERT of the new ones); only when that fails does it
-- split the range in halves, and so on down to single lines, each half in its own subtransaction:
-- every line either lands or comes back as a reject with the server's SQLSTATE and message, in
-- file order, and a clean range costs one subtransaction.  Lines are applied by record type in
-- dependency order (kaoa.import_typen), so a file may list cases before their persons.
--
-- The statements are not written by hand: kaoa.import_anweisungen builds them for each record
-- type from its description (extension/940_import_format.sql) and the catalogue (column types,
-- defaults, primary and foreign keys), quoting every name with format('%I'), once per import
-- (kaoa.import_staging keeps them in the session's pg_temp.kaoa_import_sql).
--
-- Semantics.  A key that is present sets the column (null sets NULL); a key that is absent leaves
-- a stored row's column as it is and gives a new row the column's default.  A record whose natural
-- key exists with the same content changes nothing (no UPDATE runs, no trigger fires, no log
-- entry); with other content it is an UPDATE under every rule of the chain and of matching, so a
-- refused change is a reject; an UPDATE that stores what was there (a value the rules store in
-- their form, such as a birth month's day) counts as unchanged.  A record that row-level security
-- keeps the role from writing (its UPDATE matches no row, or its INSERT is refused) is a reject
-- 42501, the same whether the record exists or not.  A `fall` is created in state offen, as the
-- rules require, and then moved to the record's status in the same subtransaction.  Everything
-- runs as the calling role: its privileges, row-level security and the rule triggers apply
-- unchanged.

CREATE FUNCTION kaoa.import_staging() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.kaoa_import') IS NOT NULL THEN
        DROP TABLE pg_temp.kaoa_import;
    END IF;
    CREATE TEMPORARY TABLE kaoa_import (
        zeile      bigint NOT NULL,   -- line number in the file, from 1
        typ        text NOT NULL,     -- the record type (checked by the client against import_format)
        schluessel text NOT NULL,     -- the natural key as text, to find a key twice in one range
        daten      text NOT NULL,     -- the original line
        j          jsonb              -- the line parsed (by COPY; NULL until kaoa.import_json)
    );
    CREATE INDEX ON pg_temp.kaoa_import (typ, zeile);
    -- the statements of every record type, built once per import
    IF pg_catalog.to_regclass('pg_temp.kaoa_import_sql') IS NOT NULL THEN
        DROP TABLE pg_temp.kaoa_import_sql;
    END IF;
    CREATE TEMPORARY TABLE kaoa_import_sql AS SELECT t.typ, a.* FROM kaoa.import_typen() t, kaoa.import_anweisungen(t.typ) a;
END
$$;
COMMENT ON FUNCTION kaoa.import_staging() IS
    'kaoa import: (re)creates the session''s staging table pg_temp.kaoa_import(zeile, typ, schluessel, daten, j) that the client fills with COPY, and pg_temp.kaoa_import_sql with the statements of every record type (kaoa.import_anweisungen).';

-- The fallback when COPY refused a line as jsonb that the client had accepted as JSON (for example
-- a \u0000 escape): the client stages the lines without j, and this parses them in ranges of 10000,
-- a range that fails line by line, each under a savepoint.  Refused lines leave the staging table
-- and come back as rejects.
CREATE FUNCTION kaoa.import_json() RETURNS jsonb
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    abgelehnt jsonb := '[]';
    v bigint;
    r record;
    st text;
    msg text;
    det text;
BEGIN
    CREATE INDEX IF NOT EXISTS kaoa_import_zeile ON pg_temp.kaoa_import (zeile);
    FOR v IN SELECT DISTINCT s.zeile / 10000 FROM pg_temp.kaoa_import s WHERE s.j IS NULL ORDER BY 1 LOOP
        BEGIN
            UPDATE pg_temp.kaoa_import s SET j = s.daten::jsonb
             WHERE s.zeile >= v * 10000 AND s.zeile < (v + 1) * 10000 AND s.j IS NULL;
        EXCEPTION WHEN OTHERS THEN
            FOR r IN SELECT s.zeile, s.daten FROM pg_temp.kaoa_import s
                      WHERE s.zeile >= v * 10000 AND s.zeile < (v + 1) * 10000 AND s.j IS NULL ORDER BY 1 LOOP
                BEGIN
                    UPDATE pg_temp.kaoa_import s SET j = s.daten::jsonb WHERE s.zeile = r.zeile;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
                    IF left(st, 2) IN ('40', '53', '57', '58', 'XX') THEN
                        RAISE;
                    END IF;
                    abgelehnt := abgelehnt || jsonb_build_array(jsonb_build_object(
                        'zeile', r.zeile, 'sqlstate', st,
                        'fehler', msg || CASE WHEN det <> '' THEN E'\nDETAIL:  ' || det ELSE '' END,
                        'daten', r.daten));
                    DELETE FROM pg_temp.kaoa_import s WHERE s.zeile = r.zeile;
                END;
            END LOOP;
        END;
    END LOOP;
    RETURN abgelehnt;
END
$$;
COMMENT ON FUNCTION kaoa.import_json() IS
    'kaoa import: parses staged lines that COPY could not store as jsonb, line by line where needed; returns the refused lines as a JSON array of {zeile, sqlstate, fehler, daten} and removes them from the staging table.';

-- ---------------------------------------------------------------------------------------------
-- Building the statements from the description and the catalogue

-- The LEFT JOINs that find the record of type ziel whose natural key fields have the values in
-- werte (a JSON object: key field -> SQL expression of its value as text), the last of them the
-- join of ziel's table as alias.  A key field of ziel that is a look-up itself (a measure's
-- traeger) becomes a join of its own, before ziel's.  Used for the look-ups of a line and, with
-- ziel = the line's own type, to find the stored record.
CREATE FUNCTION kaoa.import_verweis_sql(ziel text, werte jsonb, alias text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tab regclass := (SELECT format('kaoa.%I', t.tabelle)::regclass FROM kaoa.import_typen() t WHERE t.typ = ziel);
    joins text := '';
    bedingung text[] := '{}';
    g record;
    n integer := 0;
BEGIN
    FOR g IN SELECT * FROM kaoa.import_gruppen(ziel) x WHERE x.schluessel LOOP
        IF g.verweis IS NULL THEN
            bedingung := bedingung || format('%I.%I = (%s)::%s', alias, g.spalte, werte ->> g.felder[1], g.datentyp);
        ELSE
            n := n + 1;
            joins := joins || kaoa.import_verweis_sql(g.verweis, kaoa.import_verweis_werte(g, werte), alias || '_' || n);
            bedingung := bedingung || format('%I.%I = %I.%I', alias, g.spalte, alias || '_' || n, g.zielspalte);
        END IF;
    END LOOP;
    RETURN joins || format(' LEFT JOIN %s %I ON %s', tab, alias, array_to_string(bedingung, ' AND '));
END
$$;
COMMENT ON FUNCTION kaoa.import_verweis_sql(text, jsonb, text) IS
    'kaoa import: the LEFT JOINs that find a record of the given type by the SQL expressions of its natural key fields (a JSON object), under the given alias. Used by kaoa.import_anweisungen.';

-- The columns a record type sets, one row per column: a plain field, or the fields of one look-up
-- (the fields of one type that fill the same column are looked up together), with the catalogue's
-- facts about the column (type, default, the id column its foreign key refers to).
CREATE FUNCTION kaoa.import_gruppen(typ text,
                                    OUT spalte name, OUT felder text[], OUT zielfelder text[], OUT schluessel boolean,
                                    OUT verweis text, OUT nach_anlage boolean, OUT hinweis text, OUT datentyp text,
                                    OUT vergleich_als_text boolean, OUT vorgabe text, OUT zielspalte name)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.spalte, array_agg(f.feld ORDER BY f.nr), array_agg(f.verweis_feld ORDER BY f.nr), bool_or(f.schluessel),
           min(f.verweis), bool_or(f.nach_anlage),
           coalesce(min(f.hinweis), (SELECT v.hinweis FROM kaoa.import_typen() v WHERE v.typ = min(f.verweis))),
           format_type(a.atttypid, a.atttypmod),
           -- kaoa's types (and arrays of them) are compared by their text form, which is exact
           min(ty.typnamespace) <> 'pg_catalog'::regnamespace
               OR coalesce(min(el.typnamespace) <> 'pg_catalog'::regnamespace, false),
           min(pg_get_expr(d.adbin, d.adrelid)),
           (SELECT za.attname
              FROM pg_constraint c
              CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(von, nach)
              JOIN pg_attribute za ON za.attrelid = c.confrelid AND za.attnum = k.nach
             WHERE c.contype = 'f' AND c.conrelid = t.tab AND k.von = a.attnum
               AND c.confrelid = (SELECT format('kaoa.%I', v.tabelle)::regclass FROM kaoa.import_typen() v
                                   WHERE v.typ = min(f.verweis))
             ORDER BY c.conname LIMIT 1)
      FROM kaoa.import_beschreibung() f
      JOIN (SELECT x.typ, format('kaoa.%I', x.tabelle)::regclass AS tab FROM kaoa.import_typen() x) t ON t.typ = f.typ
      LEFT JOIN pg_attribute a ON a.attrelid = t.tab AND a.attname = f.spalte AND NOT a.attisdropped AND a.attnum > 0
      LEFT JOIN pg_type ty ON ty.oid = a.atttypid
      LEFT JOIN pg_type el ON el.oid = ty.typelem AND ty.typcategory = 'A'
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE f.typ = import_gruppen.typ
     GROUP BY f.spalte, t.tab, a.attnum, a.atttypid, a.atttypmod
     ORDER BY min(f.nr)
$$;
COMMENT ON FUNCTION kaoa.import_gruppen(text) IS
    'kaoa import: the columns a record type sets, each with its fields (several for a look-up by more than one field), whether it is part of the natural key, the record type it looks up, the SQL type, default and referenced id column from the catalogue. Used by kaoa.import_anweisungen.';

-- The values of the natural key of the record a look-up names: the key fields the look-up's fields
-- name (verweis_feld), the others (kommune) from the line's field of the same name.
CREATE FUNCTION kaoa.import_verweis_werte(g record, werte jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT jsonb_object_agg(k.feld, coalesce(werte ->> g.felder[array_position(g.zielfelder, k.feld)],
                                                     werte ->> k.feld))
              FROM kaoa.import_beschreibung() k
             WHERE k.typ = g.verweis AND k.schluessel);
END
$$;
COMMENT ON FUNCTION kaoa.import_verweis_werte(record, jsonb) IS
    'kaoa import: the SQL expressions of the natural key of the record a look-up names. Used by kaoa.import_verweis_sql and kaoa.import_anweisungen.';

-- The statements that apply a range of staged lines of one record type ($1 typ, $2 and $3 the
-- first and last line number), built from the description and the catalogue:
--   aendern  the UPDATE of the stored records whose content differs; returns the rows it changed
--            and the first line whose record row-level security kept it from updating (with its key)
--   anlegen  the INSERT of the records whose natural key is not stored yet, in line order (without
--            the fields set after creation; absent keys get the column default)
--   werte    for a type applied through a function (kaoa.import_typen.funktion): the SELECT of
--            each line's columns as jsonb (key columns and the fields the line gives, looked-up
--            ids included), in line order, that kaoa.import_stapel hands to the function
--   tabellen the tables the statements read, the record type's table first
-- A look-up that finds nothing for a value that is given (not null) is an error 23503 naming the
-- record, with the hint of the description.  Each line is first joined to the records its natural
-- key looks up (behind OFFSET 0, so that the stored record is then found by its full natural key,
-- whatever the statistics of tables that grow during the import say); its other look-ups are
-- joined after that.
CREATE FUNCTION kaoa.import_anweisungen(typ text, OUT aendern text, OUT anlegen text, OUT nach_anlage boolean,
                                        OUT nur_anlegen boolean, OUT tabellen regclass[], OUT werte text,
                                        OUT funktion regproc)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    art record;
    tab regclass;
    g record;
    n integer := 0;
    joins text := '';           -- the look-ups of the natural key, joined to the staged line
    spalten_s text := '';       -- ... their ids, which the staged line carries into the statements
    weitere text := '';         -- the other look-ups, joined once the stored record is found
    id text;                    -- a look-up's id (s.v_<column> or v<n>.<id column>)
    suche text[] := '{}';       -- x, the stored record, by its natural key
    rec text[] := '{}';         -- jsonb_to_record's column list: the plain fields with their types
    neu text;                   -- a column's value for an UPDATE
    wert text;                  -- ... for an INSERT
    gegeben text;
    nicht_null text;
    fehler text;
    set_liste text[] := '{}';
    sel_neu text[] := '{}';
    sel_alt text[] := '{}';
    vgl_neu text[] := '{}';
    vgl_alt text[] := '{}';
    vgl_t text[] := '{}';
    vgl_m text[] := '{}';
    ins_spalten text[] := '{}';
    ins_werte text[] := '{}';
    zeile_werte text[] := '{}';  -- for a type applied through a function: the line's columns as jsonb
    pk text[];
    pk_sel text;
    pk_bed text;
    staging text;
BEGIN
    SELECT * INTO art FROM kaoa.import_typen() t WHERE t.typ = import_anweisungen.typ;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('unknown record type %L'), typ),
            HINT = format(kaoa.meldung('Known types: %s.'), (SELECT string_agg(t.typ, ', ' ORDER BY t.rang) FROM kaoa.import_typen() t));
    END IF;
    tab := format('kaoa.%I', art.tabelle)::regclass;
    nur_anlegen := art.nur_anlegen;
    funktion := art.funktion::regproc;
    nach_anlage := false;
    tabellen := ARRAY[tab];
    pk := ARRAY(SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, o)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE i.indrelid = tab AND i.indisprimary ORDER BY k.o);

    FOR g IN SELECT * FROM kaoa.import_gruppen(typ) LOOP
        IF g.datentyp IS NULL OR (g.verweis IS NOT NULL AND g.zielspalte IS NULL) THEN
            RAISE EXCEPTION 'kaoa.import_beschreibung describes field % of typ % as column %.%, which %', g.felder[1], typ,
                tab, g.spalte, CASE WHEN g.datentyp IS NULL THEN 'does not exist' ELSE 'has no foreign key to the type it looks up' END
                USING ERRCODE = 'XX000';
        END IF;
        IF g.verweis IS NULL THEN
            rec := rec || format('%I %s', g.felder[1], g.datentyp);
            gegeben := format('s.j ? %L', g.felder[1]);
            neu := format('CASE WHEN %s THEN r.%I ELSE x.%I END', gegeben, g.felder[1], g.spalte);
            wert := CASE WHEN g.vorgabe IS NULL OR g.schluessel THEN format('r.%I', g.felder[1])
                         ELSE format('CASE WHEN %s THEN r.%I ELSE %s END', gegeben, g.felder[1], g.vorgabe) END;
            IF g.schluessel THEN
                suche := suche || format('x.%I = (s.j ->> %L)::%s', g.spalte, g.felder[1], g.datentyp);
            END IF;
        ELSE
            -- a look-up: part of the natural key, joined to the staged line (its id carried as
            -- s.v_<column>); any other, joined after the stored record is found (a line whose
            -- record exists unchanged costs no look-up of its other fields)
            n := n + 1;
            tabellen := tabellen || (SELECT format('kaoa.%I', v.tabelle)::regclass FROM kaoa.import_typen() v WHERE v.typ = g.verweis);
            IF g.schluessel THEN
                joins := joins || kaoa.import_verweis_sql(g.verweis,
                             kaoa.import_verweis_werte(g, (SELECT jsonb_object_agg(f.feld, format('s.j ->> %L', f.feld))
                                                             FROM kaoa.import_beschreibung() f WHERE f.typ = import_anweisungen.typ)),
                             'v' || n);
                spalten_s := spalten_s || format(', %I.%I AS %I', 'v' || n, g.zielspalte, 'v_' || g.spalte);
                id := format('s.%I', 'v_' || g.spalte);
            ELSE
                weitere := weitere || kaoa.import_verweis_sql(g.verweis,
                               kaoa.import_verweis_werte(g, (SELECT jsonb_object_agg(f.feld, format('s.j ->> %L', f.feld))
                                                               FROM kaoa.import_beschreibung() f WHERE f.typ = import_anweisungen.typ)),
                               'v' || n);
                id := format('%I.%I', 'v' || n, g.zielspalte);
            END IF;
            gegeben := (SELECT '(' || string_agg(format('s.j ? %L', f), ' OR ') || ')' FROM unnest(g.felder) f);
            nicht_null := (SELECT '(' || string_agg(format('coalesce(s.j -> %L, ''null'') <> ''null''', f), ' OR ') || ')'
                             FROM unnest(g.felder) f);
            -- "no person with pseudonym "X" in Kommune 05566", in the session's language
            fehler := format('kaoa.import_fehler(''23503'', format(kaoa.meldung(%L), %L, concat_ws('', '', %s), s.j ->> ''kommune''), %L, NULL::%s)',
                             /* _ */ 'no %s with %s in Kommune %s', g.verweis,
                             (SELECT string_agg(format('format(''%%s %%s'', %L, s.j -> %L)', u.z, u.f), ', ')
                                FROM unnest(g.zielfelder, g.felder) AS u(z, f)),
                             g.hinweis, g.datentyp);
            neu := format('CASE WHEN %1$s IS NOT NULL THEN %1$s WHEN %2$s THEN %3$s WHEN NOT %4$s THEN x.%5$I END',
                          id, nicht_null, fehler, gegeben, g.spalte);
            wert := format('CASE WHEN %1$s IS NOT NULL THEN %1$s WHEN %2$s THEN %3$s WHEN NOT %4$s THEN %5$s END',
                           id, nicht_null, fehler, gegeben, coalesce(g.vorgabe, 'NULL'));
            IF g.schluessel THEN
                suche := suche || format('x.%I = %s', g.spalte, id);
            END IF;
        END IF;
        -- the column's value as jsonb: always for the natural key, else only when the line gives it
        zeile_werte := zeile_werte || CASE WHEN g.schluessel THEN format('jsonb_build_object(%L, to_jsonb(%s))', g.spalte, wert)
                                           ELSE format('CASE WHEN %s THEN jsonb_build_object(%L, to_jsonb(%s)) ELSE ''{}''::jsonb END',
                                                       gegeben, g.spalte, wert) END;
        IF g.nach_anlage THEN
            nach_anlage := true;
        ELSE
            ins_spalten := ins_spalten || quote_ident(g.spalte);
            ins_werte := ins_werte || wert;
        END IF;
        IF NOT g.schluessel THEN
            set_liste := set_liste || format('%I = m.%I', g.spalte, 'w_' || g.spalte);
            sel_neu := sel_neu || format('%s AS %I', neu, 'w_' || g.spalte);
            sel_alt := sel_alt || format('x.%I%s AS %I', g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END,
                                         'a_' || g.spalte);
            vgl_neu := vgl_neu || format('q.%I%s', 'w_' || g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END);
            vgl_alt := vgl_alt || format('q.%I', 'a_' || g.spalte);
            vgl_t := vgl_t || format('t.%I%s', g.spalte, CASE WHEN g.vergleich_als_text THEN '::text' ELSE '' END);
            vgl_m := vgl_m || format('m.%I', 'a_' || g.spalte);
        END IF;
    END LOOP;

    staging := format('(SELECT s.zeile, s.schluessel, s.j%s FROM pg_temp.kaoa_import s%s'
                      ' WHERE s.typ = $1 AND s.zeile BETWEEN $2 AND $3 OFFSET 0) s', spalten_s, joins);
    pk_sel := (SELECT string_agg(format('x.%I AS %I', c, 'k_' || c), ', ') FROM unnest(pk) c);
    pk_bed := (SELECT string_agg(format('t.%1$I = m.%2$I', c, 'k_' || c), ' AND ') FROM unnest(pk) c);

    IF funktion IS NOT NULL THEN
        werte := format('SELECT s.zeile, %s AS werte FROM %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s) ORDER BY s.zeile',
                        array_to_string(zeile_werte, ' || '), staging, weitere, array_to_string(rec, ', '));
        RETURN;
    END IF;
    IF cardinality(set_liste) > 0 AND NOT nur_anlegen THEN
        aendern := format(
            'WITH m AS (SELECT q.* FROM (SELECT s.zeile, s.schluessel, %s, %s, %s'
            '                              FROM %s JOIN %s x ON %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s)) q'
            '            WHERE ROW(%s) IS DISTINCT FROM ROW(%s)),'
            '     u AS (UPDATE %s t SET %s FROM m WHERE %s RETURNING m.zeile, ROW(%s) IS DISTINCT FROM ROW(%s) AS anders)'
            ' SELECT (SELECT count(*) FROM u WHERE u.anders), f.zeile, f.schluessel'
            '   FROM (SELECT 1) d LEFT JOIN LATERAL (SELECT m.zeile, m.schluessel FROM m'
            '                                         WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.zeile = m.zeile)'
            '                                         ORDER BY m.zeile LIMIT 1) f ON true',
            pk_sel, array_to_string(sel_neu, ', '), array_to_string(sel_alt, ', '),
            staging, tab, array_to_string(suche, ' AND '), weitere, array_to_string(rec, ', '),
            array_to_string(vgl_neu, ', '), array_to_string(vgl_alt, ', '),
            tab, array_to_string(set_liste, ', '), pk_bed,
            array_to_string(vgl_t, ', '), array_to_string(vgl_m, ', '));
    END IF;
    anlegen := format('INSERT INTO %s (%s) SELECT %s FROM %s%s CROSS JOIN LATERAL jsonb_to_record(s.j) AS r(%s)'
                      ' WHERE NOT EXISTS (SELECT 1 FROM %s x WHERE %s) ORDER BY s.zeile',
                      tab, array_to_string(ins_spalten, ', '), array_to_string(ins_werte, ', '), staging, weitere,
                      array_to_string(rec, ', '), tab, array_to_string(suche, ' AND '));
END
$$;
COMMENT ON FUNCTION kaoa.import_anweisungen(text) IS
    'kaoa import: the UPDATE and INSERT that apply a range of staged lines of one record type, built from its description (kaoa.import_typen, kaoa.import_beschreibung) and the catalogue; whether fields are set after creation (a second UPDATE), whether the type is insert-only, the tables the statements read; for a type written through the API the SELECT of each line''s columns and the function that applies them.';

-- A message text of kaoa's SQL in the session's language (src/base/fehler.c): the import's
-- refusals are raised by PL/pgSQL, which cannot reach gettext, so they are written
-- format(kaoa.meldung(text), args) and translated in kaoa's catalogue like the C code's messages
-- (docs/errors.md, "Messages and translation"); a hint kept as data is marked /* _ */ where it is
-- written (940_import_format.sql) and translated where it is raised.
CREATE FUNCTION kaoa.meldung(text text) RETURNS text
    LANGUAGE C STABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'kaoa_sql_meldung';
COMMENT ON FUNCTION kaoa.meldung(text) IS
    'A message text of kaoa (English, as written in its SQL) in the language of the session (lc_messages), from kaoa''s message catalogue; the text itself when the catalogue has no translation.';

-- Raises an error from inside a set-based statement (used in CASE branches, so it runs only for
-- the row that is wrong).  The type argument only fixes the result type.  The message comes
-- translated (format(kaoa.meldung(…), …)); the hint is a text of the import's description,
-- translated here.
CREATE FUNCTION kaoa.import_fehler(sqlstate text, meldung text, hinweis text, typ anyelement)
    RETURNS anyelement
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = meldung, HINT = kaoa.meldung(hinweis);
END
$$;
COMMENT ON FUNCTION kaoa.import_fehler(text, text, text, anyelement) IS
    'kaoa import: raises the given error (a record refers to a person or organisation that does not exist); never returns.';

-- The refusal of a line whose record the role may not write (row-level security): the same text
-- whether the record exists (its UPDATE matched no row) or not (its INSERT was refused).
CREATE FUNCTION kaoa.import_verweigert(typ text, schluessel text) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format(kaoa.meldung('role %s may not write the %s record (%s)'), current_user, typ,
                         replace(schluessel, E'\x1f', ', ')),
        DETAIL = kaoa.meldung('Row-level security lets a role write only the records of its own Kommune or organisation; a record it may not write is refused alike whether it exists or not.'),
        HINT = kaoa.meldung('Leave the line out, or import it as a role that may write the record: the organisation it belongs to, the KoKo of its Kommune, or a role registered with kaoa.system_zugang.');
END
$$;
COMMENT ON FUNCTION kaoa.import_verweigert(text, text) IS
    'kaoa import: raises 42501 for a line whose record row-level security keeps the role from writing, with the same message whether the record exists or not; never returns.';

-- One range of one record type, set-based.  Returns the rows inserted and updated; raises on the
-- first error (the caller then splits the range).  The statements (kaoa.import_anweisungen) run
-- through EXECUTE, so each is planned for the tables as they are now: they grow during an import,
-- and a plan cached while a table was empty (a sequential scan inside a nested loop) would make
-- the load quadratic.  (A function-level plan_cache_mode would also reach the rule triggers' saved
-- plans and re-plan them for every row.)  Lines whose natural key occurs twice in the range are
-- refused as a whole, since one UPDATE cannot apply two versions of a row in order.  A record
-- whose UPDATE row-level security kept from changing is refused (kaoa.import_verweigert).
CREATE FUNCTION kaoa.import_stapel(typ text, von bigint, bis bigint, OUT neu bigint, OUT geaendert bigint)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_stapel.typ;
    a record;
    nochmal bigint;
    fehlt bigint;
    fehlt_schluessel text;
    z record;
    ergebnis text;
BEGIN
    neu := 0;
    geaendert := 0;
    IF pg_catalog.to_regclass('pg_temp.kaoa_import_sql') IS NOT NULL THEN
        SELECT * INTO a FROM pg_temp.kaoa_import_sql x WHERE x.typ = t;
    END IF;
    IF a IS NULL THEN
        SELECT * INTO a FROM kaoa.import_anweisungen(t);
    END IF;
    IF von < bis AND EXISTS (SELECT 1 FROM pg_temp.kaoa_import s
                              WHERE s.typ = t AND s.zeile BETWEEN von AND bis
                              GROUP BY s.schluessel HAVING count(*) > 1) THEN
        RAISE EXCEPTION USING ERRCODE = 'KAI01', MESSAGE = 'a key occurs twice in the range';
    END IF;
    -- a type written through the API: its function, line by line in file order
    IF a.funktion IS NOT NULL THEN
        FOR z IN EXECUTE a.werte USING t, von, bis LOOP
            EXECUTE format('SELECT %s($1)', a.funktion) INTO ergebnis USING z.werte;
            IF ergebnis = 'neu' THEN
                neu := neu + 1;
            ELSIF ergebnis = 'geaendert' THEN
                geaendert := geaendert + 1;
            END IF;
        END LOOP;
        RETURN;
    END IF;
    IF a.aendern IS NOT NULL THEN
        EXECUTE a.aendern USING t, von, bis INTO geaendert, fehlt, fehlt_schluessel;
        IF fehlt IS NOT NULL THEN
            PERFORM kaoa.import_verweigert(t, fehlt_schluessel);
        END IF;
    END IF;
    EXECUTE a.anlegen USING t, von, bis;
    GET DIAGNOSTICS neu = ROW_COUNT;
    -- the fields set after creation (a case's status): an UPDATE of the new records under the rules
    IF a.nach_anlage AND neu > 0 AND a.aendern IS NOT NULL THEN
        EXECUTE a.aendern USING t, von, bis INTO nochmal, fehlt, fehlt_schluessel;
        IF fehlt IS NOT NULL THEN
            PERFORM kaoa.import_verweigert(t, fehlt_schluessel);
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION kaoa.import_stapel(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type in a range of line numbers set-based (UPDATE of changed records, INSERT of new ones, built by kaoa.import_anweisungen); raises on the first error. Called by kaoa.import_anwenden.';

-- The driver: applies the lines of one type in [von, bis] and returns what happened.  Errors that
-- say nothing about the line (cancel, shutdown, out of memory, deadlock, serialization failure,
-- internal errors) are raised, not turned into rejects: the client stops and the user runs the
-- import again.  A line refused by row-level security on an INSERT (PostgreSQL's bare 42501 while
-- the role holds the privileges the statements need) gets the refusal of kaoa.import_verweigert,
-- so that it reads the same as for a record that exists.
CREATE FUNCTION kaoa.import_anwenden(typ text, von bigint, bis bigint,
                                     OUT neu bigint, OUT geaendert bigint, OUT abgelehnt jsonb)
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := import_anwenden.typ;
    z bigint[];
    lo integer[] := ARRAY[1];
    hi integer[];
    oben integer := 1;
    a integer;
    b integer;
    m integer;
    n bigint;
    g bigint;
    st text;
    msg text;
    det text;
    hin text;
    tab text;
    tabellen regclass[];
BEGIN
    neu := 0;
    geaendert := 0;
    abgelehnt := '[]';
    z := ARRAY(SELECT s.zeile FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile BETWEEN von AND bis ORDER BY 1);
    IF cardinality(z) = 0 THEN
        RETURN;
    END IF;
    hi := ARRAY[cardinality(z)];
    WHILE oben > 0 LOOP
        a := lo[oben];
        b := hi[oben];
        oben := oben - 1;
        BEGIN
            SELECT x.neu, x.geaendert INTO n, g FROM kaoa.import_stapel(t, z[a], z[b]) x;
            neu := neu + n;
            geaendert := geaendert + g;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
                                    hin = PG_EXCEPTION_HINT, tab = TABLE_NAME;
            IF left(st, 2) IN ('40', '53', '57', '58', 'XX') THEN
                RAISE;
            END IF;
            IF a = b THEN
                IF st = '42501' AND det = '' AND hin = '' AND tab = '' THEN
                    tabellen := (SELECT x.tabellen FROM kaoa.import_anweisungen(t) x);
                    IF has_table_privilege(tabellen[1], 'INSERT')
                       AND NOT EXISTS (SELECT 1 FROM unnest(tabellen) r WHERE NOT has_table_privilege(r, 'SELECT')) THEN
                        BEGIN
                            PERFORM kaoa.import_verweigert(t, (SELECT s.schluessel FROM pg_temp.kaoa_import s
                                                                WHERE s.typ = t AND s.zeile = z[a]));
                        EXCEPTION WHEN insufficient_privilege THEN
                            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
                        END;
                    END IF;
                END IF;
                abgelehnt := abgelehnt || jsonb_build_array(jsonb_build_object(
                    'zeile', z[a], 'sqlstate', st,
                    'fehler', msg || CASE WHEN det <> '' THEN E'\nDETAIL:  ' || det ELSE '' END
                                  || CASE WHEN hin <> '' THEN E'\nHINT:  ' || hin ELSE '' END,
                    'daten', (SELECT s.daten FROM pg_temp.kaoa_import s WHERE s.typ = t AND s.zeile = z[a])));
            ELSE
                -- the left half goes on top, so lines are applied in file order
                m := (a + b) / 2;
                oben := oben + 1; lo[oben] := m + 1; hi[oben] := b;
                oben := oben + 1; lo[oben] := a; hi[oben] := m;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION kaoa.import_anwenden(text, bigint, bigint) IS
    'kaoa import: applies the staged lines of one record type with line numbers in [von, bis]: set-based, and on an error by halving down to single lines, each under its own savepoint. Returns the rows inserted and updated and the rejected lines as a JSON array of {zeile, sqlstate, fehler, daten}.';

-- ---------------------------------------------------------------------------------------------
-- Record types written only through the API (kaoa.import_typen.funktion): one line at a time, in
-- file order, with the line's columns (natural key with the looked-up ids, and the fields the
-- line gives); each function returns neu, geaendert or gleich.

-- A registration (anmeldung): through kaoa.anmelden and kaoa.anmeldung_zurueckziehen, so places,
-- waiting list (file order is queue order), deadline, the caller's rights and the log hold as for
-- any registration.  The status, when given, says what the line expects (docs/sbo.md, "Import and
-- export"): as stored, nothing happens; zurueckgezogen withdraws; a status the rules would not
-- give is refused (55000).  The registration is read now, not with the lines, since a withdrawal
-- on an earlier line moves the waiting list up.
CREATE FUNCTION kaoa.import_anmeldung(zeile jsonb) RETURNS text
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    massnahme bigint := (zeile ->> 'massnahme_id')::bigint;
    person bigint := (zeile ->> 'person_id')::bigint;
    gewollt text := zeile ->> 'status';
    aid bigint;
    astatus text;
    id bigint;
    ist text;
BEGIN
    IF zeile ? 'status' AND (gewollt IS NULL OR gewollt NOT IN ('zugesagt', 'warteliste', 'zurueckgezogen')) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format(kaoa.meldung('"status" must be zugesagt, warteliste or zurueckgezogen, not %s'), zeile -> 'status'),
            HINT = kaoa.meldung('Leave status out to let the rules decide; zurueckgezogen withdraws the registration.');
    END IF;
    SELECT a.anmeldung_id, a.status INTO aid, astatus
      FROM kaoa.anmeldung a
     WHERE a.kommune = zeile ->> 'kommune' AND a.massnahme_id = massnahme AND a.person_id = person;
    IF aid IS NOT NULL AND (gewollt IS NULL OR gewollt = astatus) THEN
        RETURN 'gleich';
    ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' AND gewollt = 'zurueckgezogen' THEN
        PERFORM kaoa.anmeldung_zurueckziehen(aid);
        RETURN 'geaendert';
    ELSIF aid IS NOT NULL AND astatus <> 'zurueckgezogen' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format(kaoa.meldung('the registration for this measure is %s, not %s'), astatus, gewollt),
            HINT = kaoa.meldung('A waiting registration moves up only when a place is freed, and a place is given back only by withdrawing; a record can withdraw (status zurueckgezogen) or leave the status out.');
    END IF;
    -- new, or withdrawn and registered anew: the rules decide the status
    id := kaoa.anmelden(massnahme, person);
    SELECT a.status INTO ist FROM kaoa.anmeldung a WHERE a.kommune = zeile ->> 'kommune' AND a.anmeldung_id = id;
    IF gewollt = 'zurueckgezogen' THEN
        PERFORM kaoa.anmeldung_zurueckziehen(id);
    ELSIF gewollt IS NOT NULL AND gewollt <> ist THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format(kaoa.meldung('the registration for this measure would be %s, not %s'), ist, gewollt),
            HINT = CASE WHEN gewollt = 'zugesagt'
                        THEN kaoa.meldung('Every place of the measure is zugesagt: the registration goes on the waiting list. Leave status out, or free a place first.')
                        ELSE kaoa.meldung('A place is free, so the registration is zugesagt, not put on the waiting list. Leave status out.') END;
    END IF;
    RETURN CASE WHEN aid IS NULL THEN 'neu' ELSE 'geaendert' END;
END
$$;
COMMENT ON FUNCTION kaoa.import_anmeldung(jsonb) IS
    'kaoa import: applies one registration line (its columns as jsonb: kommune, massnahme_id, person_id, and status when the line gives one) through kaoa.anmelden and kaoa.anmeldung_zurueckziehen; returns neu, geaendert or gleich; a status the rules would not give is refused (55000), an unknown one 22023.';

-- One import at a time (src/base/import_sperre.c): a session-level lock that only these functions
-- take, in a key space pg_advisory_lock cannot reach — the system's loaders share one lock, an
-- organisation's role takes its organisation's, so no role can stall a loader's import.
CREATE FUNCTION kaoa.import_sperren(warten boolean DEFAULT true) RETURNS boolean
    LANGUAGE C VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_sperren';
COMMENT ON FUNCTION kaoa.import_sperren(boolean) IS
    'kaoa import: takes the caller''s import lock for the session (a system role: the database''s one loader lock; an organisation''s role: its organisation''s), waiting while another session holds it unless warten is false; true when held. No other role can take or hold these locks (they are not pg_advisory_lock keys).';
CREATE FUNCTION kaoa.import_freigeben() RETURNS boolean
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'kaoa_import_freigeben';
COMMENT ON FUNCTION kaoa.import_freigeben() IS
    'kaoa import: releases the caller''s import lock (the session''s end releases it too); false when this session did not hold it.';

-- Who may call what: every organisation and the system import (under their own rights).
INSERT INTO kaoa.rolle_recht (fuer, objekt, rechte, mitgeliefert)
SELECT t, f, 'EXECUTE', true
  FROM unnest(ARRAY['akteur', 'system']) AS t,
       unnest(ARRAY['kaoa.import_typen()', 'kaoa.import_beschreibung()', 'kaoa.import_felder()',
                    'kaoa.import_format()', 'kaoa.import_staging()', 'kaoa.import_json()',
                    'kaoa.import_verweis_sql(text, jsonb, text)', 'kaoa.import_gruppen(text)',
                    'kaoa.import_verweis_werte(record, jsonb)', 'kaoa.import_anweisungen(text)',
                    'kaoa.import_fehler(text, text, text, anyelement)', 'kaoa.import_verweigert(text, text)',
                    'kaoa.meldung(text)',
                    'kaoa.import_stapel(text, bigint, bigint)', 'kaoa.import_anwenden(text, bigint, bigint)',
                    'kaoa.import_anmeldung(jsonb)', 'kaoa.import_sperren(boolean)',
                    'kaoa.import_freigeben()']) AS f;
