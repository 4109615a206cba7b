#!/bin/bash
# The JSON Lines format is described once (extension/940_import_format.sql): the field table of
# docs/client.md is what that description renders to (test/scripts/lib/import_format.sql), the
# help and man page name no field the description lacks, and the description is whole: every
# field names a column of its table, every look-up a foreign key, every natural key a unique
# constraint, every NOT NULL column without a default of a loaded table a field (or a column the
# rules fill).  Prints TAP.  Runs inside the test cluster (PG* variables set).
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
tmp=$(mktemp -d)
db=kaoa_client_format
alt=kaoa_client_format_010
cleanup() { dropdb --if-exists "$db" > /dev/null 2>&1; dropdb --if-exists "$alt" > /dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
cleanup; tmp=$(mktemp -d)
createdb "$db" && psql -XqAt -d "$db" -c 'CREATE EXTENSION kaoa' || { echo "not ok 1 - createdb $db"; exit 1; }
q() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$*"; }

# ---------------------------------------------------------------- docs/client.md
psql -XAt -d "$db" -f test/scripts/lib/import_format.sql > "$tmp/soll.md"
sed -n '/^<!-- import_format: begin/,/^<!-- import_format: end/p' docs/client.md | sed '1d;$d' > "$tmp/ist.md"
t_ok "docs/client.md has the field table between its markers" test -s "$tmp/ist.md"
if ! diff -u "$tmp/ist.md" "$tmp/soll.md" > "$tmp/diff.txt"; then
    sed 's/^/# /' "$tmp/diff.txt"
    echo "# regenerate it: psql -XAt -d DB -f test/scripts/lib/import_format.sql"
fi
t_is "$(cat "$tmp/ist.md")" "$(cat "$tmp/soll.md")" "the field table of docs/client.md is the description's (test/scripts/lib/import_format.sql)"
t_is "$(q "SELECT count(*) FROM kaoa.import_felder()")" "$(grep -c '^| `' "$tmp/ist.md")" "... one row per field of the description"

# ---------------------------------------------------------------- the description is whole
t_is "$(q "SELECT string_agg(f.typ || '.' || f.feld, ' ') FROM kaoa.import_felder() f WHERE f.datentyp IS NULL")" "" \
    "every field names a column of its table (or, for a look-up, a key field of the type it looks up)"
t_is "$(q "SELECT string_agg(g.typ || '.' || g.spalte, ' ')
             FROM (SELECT t.typ, x.* FROM kaoa.import_typen() t, kaoa.import_gruppen(t.typ) x) g
            WHERE g.verweis IS NOT NULL AND g.zielspalte IS NULL")" "" \
    "every look-up column has a foreign key to the table of the type it looks up"
t_is "$(q "SELECT string_agg(t.typ, ' ') FROM kaoa.import_typen() t
            WHERE NOT EXISTS (
                SELECT 1 FROM pg_index i
                 WHERE i.indrelid = format('kaoa.%I', t.tabelle)::regclass AND i.indisunique
                   AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
                         WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey))
                       = (SELECT array_agg(DISTINCT f.spalte::text ORDER BY f.spalte::text) FROM kaoa.import_felder() f
                           WHERE f.typ = t.typ AND f.schluessel))
              AND NOT t.nur_anlegen")" "massnahme" \
    "the natural key of every type that updates is a unique key of its table (one stored record per line); a measure's (traeger, titel) is not kept unique by kaoa.massnahme yet"
t_is "$(q "SELECT string_agg(t.typ || '.' || a.attname, ' ' ORDER BY t.rang, a.attnum)
             FROM kaoa.import_typen() t
             JOIN pg_attribute a ON a.attrelid = format('kaoa.%I', t.tabelle)::regclass AND a.attnum > 0
                                AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''
            WHERE NOT EXISTS (SELECT 1 FROM kaoa.import_felder() f WHERE f.typ = t.typ AND f.spalte = a.attname)")" \
    "fall.zustaendig_org sbo_teilnahme.katalog_version" \
    "every NOT NULL column without a default is a field, but the two the rules fill (holder of a case, catalogue edition)"
t_is "$(q "SELECT string_agg(DISTINCT f.typ || '.' || f.feld, ' ') FROM kaoa.import_felder() f
            WHERE f.feld = 'typ' OR f.feld !~ '^[a-z][a-z0-9_]*\$'")" "" "no field is called typ (the record type's key) or needs quoting"
t_is "$(q "SELECT string_agg(t.typ, ' ') FROM kaoa.import_typen() t
            WHERE (SELECT count(*) FROM kaoa.import_felder() f WHERE f.typ = t.typ AND f.feld = 'kommune' AND f.schluessel) <> 1")" "" \
    "every type has kommune in its natural key (look-ups stay within the line's Kommune)"

# ---------------------------------------------------------------- a database still at 0.1.0
# (no kaoa.import_felder): the client reads dates and lists from the columns of the same name
createdb "$alt" && psql -XqAt -d "$alt" -c "CREATE EXTENSION kaoa VERSION '0.1.0'" || echo "# cannot create $alt"
cat > "$tmp/alt.jsonl" <<'EOF'
{"typ":"kommune","kommune":"05566","name":"Kreis Steinfurt"}
{"typ":"person","kommune":"05566","pseudonym":"P1","geburtsmonat":"2009-01-01"}
{"typ":"bewerberprofil","kommune":"05566","pseudonym":"P1","wuensche":["26212","252"]}
{"typ":"person","kommune":"05566","pseudonym":"P2","geburtsmonat":"01.02.2009"}
{"typ":"person","kommune":"05566","pseudonym":"P3","geburtsmonat":["2009-01-01"]}
EOF
t_run "$KAOA" import "$tmp/alt.jsonl" -d "$alt"
t_is "$rc:$(/usr/bin/python3 -c 'import json,sys
for l in open(sys.argv[1]): r = json.loads(l); print(r["zeile"], r["sqlstate"], end="; ")' "$tmp/alt.jsonl.rejects.jsonl")" \
    "3:4 22007; 5 22023; " "a 0.1.0 database: the client still knows the dates and lists (a date not YYYY-MM-DD 22007, an array for a date 22023)"
t_is "$(psql -XqAt -d "$alt" -c "SELECT wuensche FROM kaoa.bewerberprofil")" "{26212,252}" "... and a list lands"

# ---------------------------------------------------------------- the client knows no field by name
t_is "$(grep -c 'geburtsmonat\|verfuegbar_ab\|schulformen\|berufsfelder\|pseudonym' src/client/import.c)" 0 \
    "src/client/import.c names no field: dates and lists come from the server's description"
t_done
