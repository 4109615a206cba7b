#!/bin/bash
# `kaoa export`: views of schema kaoa as JSON Lines and CSV, and its errors.  Prints TAP.
# Runs inside the test cluster (PG* variables set); uses its own database.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_client_export
tmp=$(mktemp -d)
cleanup() { dropdb --if-exists "$db" > /dev/null 2>&1; psql -XqAt -d postgres -c 'DROP ROLE IF EXISTS kaoa_client_fremd' -c 'DROP ROLE IF EXISTS kaoa_client_bi' > /dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
cleanup
tmp=$(mktemp -d)
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

t_run "$KAOA" export v_kette -d "$db"
t_like "$rc:$err" '^1:kaoa export: the extension kaoa is not installed in database "kaoa_client_export" \(CREATE EXTENSION kaoa\)$' \
    "without the extension: exit 1, says how to install it"

sql "CREATE EXTENSION kaoa"
# A view with every awkward value: quotes, backslash, newline, tab, umlauts, NULL, numbers, booleans.
sql "CREATE VIEW kaoa.v_client_probe AS
     SELECT * FROM (VALUES (1, 'Müller, \"Jr.\"', 'a\\b' || chr(10) || 'c' || chr(9) || 'd', NULL::int, 2.5::float8, true),
                           (2, 'Öz', '', 7, NULL, false)) AS t(nr, name, text, zahl, wert, ja)"

t_run "$KAOA" export v_client_probe -d "$db"
t_is "$rc" 0 "export v_client_probe: exit 0"
t_is "$out" '{"nr":1,"name":"Müller, \"Jr.\"","text":"a\\b\nc\td","zahl":null,"wert":2.5,"ja":true}
{"nr":2,"name":"Öz","text":"","zahl":7,"wert":null,"ja":false}' "JSON Lines: one object per row, exact escaping, NULL as null"
t_is "$(printf '%s\n' "$out" | python3 -c 'import sys, json; print(sum(1 for l in sys.stdin if json.loads(l)))')" 2 \
    "every JSON line parses"

t_run "$KAOA" export kaoa.v_client_probe --format csv -d "$db"
t_is "$rc:$out" '0:nr,name,text,zahl,wert,ja
1,"Müller, ""Jr.""","a\b
c	d",,2.5,t
2,Öz,"",7,,f' "CSV with header, quoting, NULL as an empty field; the kaoa. prefix is accepted"

t_run "$KAOA" -d "$db" export v_client_probe -f csv
t_is "$rc:$(printf '%s' "$out" | head -1)" "0:nr,name,text,zahl,wert,ja" "connection options before the subcommand, -f for --format"

PGDATABASE=$db t_run "$KAOA" export --list
t_is "$rc:$(printf '%s\n' "$out" | grep -cx v_client_probe)" "0:1" "--list shows the views (PGDATABASE picks the database)"

t_run "$KAOA" export v_nichtda -d "$db"
t_like "$rc:$err" '^1:kaoa export: there is no view kaoa.v_nichtda \(views: .*v_client_probe' \
    "an unknown view: exit 1, lists the views there are"
t_run "$KAOA" export anschluss_kategorie -d "$db"
t_like "$rc:$err" '^1:kaoa export: kaoa.anschluss_kategorie is not a view; export writes the views of schema kaoa only' \
    "a table is not exported: exit 1, says only views are"
t_run "$KAOA" export v_client_probe --format xml -d "$db"
t_like "$rc:$err" '^2:kaoa export: --format must be jsonl or csv, not "xml"' "--format xml: exit 2"
t_run "$KAOA" export -d "$db"
t_like "$rc:$err" '^2:kaoa export: which view' "no view named: exit 2"

psql -XqAt -d postgres -c "CREATE ROLE kaoa_client_fremd LOGIN PASSWORD 'fremd'" > /dev/null
PGPASSWORD=fremd t_run "$KAOA" export v_client_probe -d "$db" -U kaoa_client_fremd
t_like "$rc:$err" '^1:kaoa export: cannot read kaoa.v_client_probe: permission denied for schema kaoa' \
    "a role without rights: exit 1 with the server's reason"

t_run "$KAOA" export v_client_probe -d "host=/nonexistent-socket-dir dbname=$db"
t_like "$rc:$err" '^1:kaoa export: cannot connect to the database: .*nonexistent-socket-dir' "no server: exit 1, says it cannot connect"

sql "DROP VIEW kaoa.v_client_probe"

# the chain's view, as a BI role registered with kaoa.bi_zugang sees it (a count of 1 … 4 empty, the
# others rounded to multiples of 5)
"$KAOA" generate --seed 2 --kommune 05566 --personen 40 --angebote 0 > "$tmp/k.jsonl"
"$KAOA" import "$tmp/k.jsonl" -d "$db" -q
sql "UPDATE kaoa.fall SET status = 'ohne_anschluss', grund = 'Export-Test' WHERE fall_id <= 3" > /dev/null
psql -XqAt -d postgres -c "CREATE ROLE kaoa_client_bi LOGIN PASSWORD 'bi'" > /dev/null
sql "SELECT kaoa.bi_zugang('kaoa_client_bi', '05566')" > /dev/null
PGPASSWORD=bi t_run "$KAOA" export v_kette --format csv -d "$db" -U kaoa_client_bi
t_is "$rc:$(printf '%s\n' "$out" | head -1)" "0:kommune,schuljahr,status,anzahl,ueberfaellig" "a BI role exports v_kette as CSV"
t_like "x$(printf '%s\n' "$out" | grep ',offen,')" '^x05566,2025,offen,(35|40),0$' "the 37 offen cases as 35 or 40 (a multiple of 5 next to 37)"
t_is "$(printf '%s\n' "$out" | grep ohne_anschluss)" "05566,2025,ohne_anschluss,,0" \
    "the 3 ohne_anschluss cases: the row stays, the count an empty field (NULL), never 3"
PGPASSWORD=bi t_run "$KAOA" export anschluss_kategorie -d "$db" -U kaoa_client_bi
t_like "$rc:$err" "^1:kaoa export: kaoa.anschluss_kategorie is not a view" "a BI role cannot export a table"
t_done
