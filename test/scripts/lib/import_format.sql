-- test/scripts/lib/import_format.sql — the field table of docs/client.md ("The JSON Lines format"),
-- rendered from the description of the format (kaoa.import_typen, kaoa.import_felder) and the
-- catalogue.  test/scripts/client_format.sh compares it with the block in docs/client.md; after
-- changing extension/940_import_format.sql, print it with
--   psql -XAt -d DB -f test/scripts/lib/import_format.sql
-- (DB with the new kaoa installed) and paste it between the markers there.
\set QUIET on
\pset footer off
\pset tuples_only on
\pset format unaligned
SET search_path = pg_catalog, pg_temp;
SELECT string_agg(block, E'\n' ORDER BY rang) FROM (
    SELECT t.rang,
           format(E'#### `%s` → `kaoa.%s`%s\n\n| field | sets column | value | |\n|---|---|---|---|\n', t.typ, t.tabelle,
                  CASE WHEN t.nur_anlegen THEN E'\n\nHistory: a line whose record exists changes nothing.' ELSE '' END
                  || CASE WHEN t.funktion IS NOT NULL
                          THEN format(E'\n\nWritten through the API: each line goes through `%s`, in file order.', t.funktion)
                          ELSE '' END)
           || string_agg(format('| `%s` | `%s` | %s | %s |', f.feld, f.spalte,
                                CASE WHEN f.verweis IS NOT NULL
                                     THEN format('%s naming a record by `%s.%s`', f.datentyp, f.verweis, f.verweis_feld)
                                     WHEN f.art = 'datum' THEN 'date, `"YYYY-MM-DD"`'
                                     WHEN f.art = 'liste' THEN format('JSON array of %s', replace(f.datentyp, '[]', ''))
                                     ELSE f.datentyp END,
                                concat_ws(', ', CASE WHEN f.schluessel THEN 'natural key'
                                                     WHEN f.pflicht THEN 'required for a new record' END,
                                          CASE WHEN f.nach_anlage THEN 'set after the record is created, under the rules' END)),
                         E'\n' ORDER BY f.nr) || E'\n' AS block
      FROM kaoa.import_typen() t JOIN kaoa.import_felder() f ON f.typ = t.typ
     GROUP BY t.rang, t.typ, t.tabelle, t.nur_anlegen, t.funktion) b;
