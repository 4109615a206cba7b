#!/bin/bash
# A BI analyst's tools (docs/roles-and-bi.md#bi-tools): a BI login role connects through psqlODBC
# (unixODBC; what Excel and Power BI use) and through psycopg2, lists the views and their columns
# from the driver's catalogue, finds every column mapped to a standard SQL type and described in
# German, and reads v_verbleib joined with the schools' names.  Prints TAP; runs inside the test
# cluster (PG* variables set); uses its own database and a temporary odbcinst.ini / odbc.ini.
set -u
cd "$(dirname "$0")/../.."
. test/scripts/lib/tap.sh
db=kaoa_bi_treiber
tmp=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$db" > /dev/null 2>&1
    psql -XqAt -d postgres -c "DROP ROLE IF EXISTS bi_treiber" > /dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
cleanup
tmp=$(mktemp -d)
createdb "$db" || { echo "not ok 1 - createdb"; exit 1; }
sql() { psql -XqAt -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

# Köln with min_fallzahl 3: S1 has 3 cases without an Anschluss and 3 in dual training, S2 6 without
sql "CREATE EXTENSION kaoa" > /dev/null
sql "INSERT INTO kaoa.kommune (kommune, name, min_fallzahl) VALUES ('05315', 'Köln', 3), ('05111', 'Düsseldorf', 5);
     INSERT INTO kaoa.organisation (kommune, typ, name, schluessel, schulform) VALUES
         ('05315', 'schule', 'Gesamtschule Köln-Nord', '187654', 'GE'), ('05315', 'schule', 'Realschule Köln-Süd', '187655', 'R'),
         ('05315', 'koko', 'KoKo Köln', 'KO', NULL), ('05111', 'schule', 'Gymnasium Düsseldorf', '165432', 'GY')" > /dev/null
s1=$(sql "SELECT org_id FROM kaoa.organisation WHERE schluessel = '187654'")
s2=$(sql "SELECT org_id FROM kaoa.organisation WHERE schluessel = '187655'")
sql "SET session_replication_role = replica;
     INSERT INTO kaoa.person (kommune, pseudonym) SELECT '05315', 'T-' || i FROM generate_series(1, 12) i;
     INSERT INTO kaoa.fall (kommune, person_id, schuljahr, schule_org, zustaendig_org, status, anschluss, abschluss)
     SELECT '05315', p.person_id, 2025, CASE WHEN n <= 6 THEN $s1 ELSE $s2 END, CASE WHEN n <= 6 THEN $s1 ELSE $s2 END,
            CASE WHEN n <= 3 THEN 'anschluss_gesichert' ELSE 'offen' END::kaoa.fall_status,
            CASE WHEN n <= 3 THEN 'dual_betrieblich' END, 'MSA'
       FROM (SELECT person_id, row_number() OVER (ORDER BY person_id) AS n FROM kaoa.person) p" > /dev/null
psql -XqAt -d postgres -c "CREATE ROLE bi_treiber LOGIN PASSWORD 'powerbi'" > /dev/null
sql "SELECT kaoa.bi_zugang('bi_treiber', '05315')" > /dev/null

# unixODBC with the psqlODBC Unicode driver, configured in a temporary directory
treiber=$(ls /usr/lib/*/odbc/psqlodbcw.so 2>/dev/null | head -1)
cat > "$tmp/odbcinst.ini" <<EOF
[PostgreSQL Unicode]
Description = psqlODBC
Driver = $treiber
EOF
cat > "$tmp/odbc.ini" <<EOF
[kaoa_bi]
Driver = PostgreSQL Unicode
Servername = ${PGHOST:-localhost}
Port = ${PGPORT:-5432}
Database = $db
EOF
export ODBCSYSINI="$tmp" ODBCINI="$tmp/odbc.ini"
t_ok "psqlODBC found ($treiber)" test -n "$treiber"

# -- isql (unixODBC's command line, batch mode) ---------------------------------------------------------------
t_run bash -c "echo 'SELECT o.name, v.anschluss, v.anzahl FROM kaoa.v_verbleib v JOIN kaoa.v_organisation o ON o.org_id = v.schule_org ORDER BY 1, 2' \
               | isql -b -d'|' kaoa_bi bi_treiber powerbi"
t_is "$rc:$(printf '%s' "$out" | tr -d '\r' | sed 's/ *|/|/g; s/ *$//')" "0:Gesamtschule Köln-Nord|dual_betrieblich|3
Gesamtschule Köln-Nord||3
Realschule Köln-Süd||6" "isql -b as the BI role: v_verbleib joined with the schools' names (counts multiples of 3)"

# -- pyodbc over psqlODBC: the driver's catalogue (SQLTables, SQLColumns) and a join --------------------------
t_run /usr/bin/python3 - <<'EOF'
import sys
import pyodbc

c = pyodbc.connect("DSN=kaoa_bi;UID=bi_treiber;PWD=powerbi")
cur = c.cursor()
views = sorted(r.table_name for r in cur.tables(schema="kaoa", tableType="VIEW"))
lesbar = []
for v in views:
    try:
        cur.execute(f"SELECT * FROM kaoa.{v} WHERE false")
        cur.fetchall()
        lesbar.append(v)
    except pyodbc.Error:
        c.rollback()
print("views", " ".join(lesbar))
# SQL types a BI tool maps: (W)VARCHAR, (W)LONGVARCHAR, INTEGER, BIGINT, NUMERIC, BIT, DATE, TIMESTAMP
standard = {-9, -10, 12, -1, 4, -5, 2, 3, -7, 91, 93}
katalog = {}
cur.execute("SELECT sicht, spalte, beschreibung FROM kaoa.v_datenkatalog")
for sicht, spalte, beschreibung in cur.fetchall():
    katalog[(sicht, spalte)] = beschreibung
spalten = fremd = unbeschrieben = abweichend = 0
for v in lesbar:
    for col in cur.columns(schema="kaoa", table=v):
        spalten += 1
        if col.data_type not in standard or col.type_name.startswith("kaoa") or col.type_name in ("fall_status", "org_typ"):
            fremd += 1
            print("type", v, col.column_name, col.type_name, col.data_type, file=sys.stderr)
        beschreibung = katalog.get((v, col.column_name))
        if not beschreibung:
            unbeschrieben += 1
        if col.remarks and col.remarks != beschreibung:
            abweichend += 1
print("columns", spalten, "foreign", fremd, "undescribed", unbeschrieben, "remarks differ", abweichend)
cur.execute("""SELECT o.name, o.schluessel, o.schulform_bezeichnung, v.sektor, v.anzahl
                 FROM kaoa.v_verbleib v JOIN kaoa.v_organisation o ON o.org_id = v.schule_org
                ORDER BY 1, 4""")
for r in cur.fetchall():
    print("join", "|".join(str(x) for x in r), type(r.anzahl).__name__)
EOF
printf "%s\n" "$out" | grep -E "^(views|columns)" | sed "s/^/# /"
t_is "$rc" 0 "pyodbc over psqlODBC connects as the BI login role and reads the catalogue"
t_like "$out" '^views .*\bv_code_anschluss\b.*\bv_datenkatalog\b.*\bv_kette\b.*\bv_organisation\b.*\bv_sbo\b.*\bv_verbleib\b.*\bv_zuteilung\b' \
    "SQLTables lists the BI views, the organisations, the code lists and the data dictionary"
t_like "$out" $'\ncolumns [0-9]+ foreign 0 undescribed 0 remarks differ 0' \
    "SQLColumns: every column of every view mapped to a standard SQL type, none of kaoa's own types, each described in German (v_datenkatalog)"
[ -n "$err" ] && printf '%s\n' "$err" | sed 's/^/# /'
t_is "$(printf '%s\n' "$out" | grep '^join')" "join Gesamtschule Köln-Nord|187654|Gesamtschule|AUSBILDUNG|3 int
join Gesamtschule Köln-Nord|187654|Gesamtschule|OHNE|3 int
join Realschule Köln-Süd|187655|Realschule|OHNE|6 int" \
    "pyodbc: v_verbleib joined with the schools' names, Schulnummer and school form; counts arrive as integers"

# -- psycopg2 -------------------------------------------------------------------------------------------------------
t_run env PGPASSWORD=powerbi PGUSER=bi_treiber PGDATABASE="$db" /usr/bin/python3 - <<'EOF'
import psycopg2

c = psycopg2.connect("")
cur = c.cursor()
cur.execute("SELECT DISTINCT sicht FROM kaoa.v_datenkatalog ORDER BY 1")
views = [r[0] for r in cur.fetchall()]
# the type OIDs the driver gets for every column: text, int4, int8, numeric, bool, date, timestamptz
standard = {25, 23, 20, 1700, 16, 1082, 1184}
fremd = 0
spalten = 0
for v in views:
    cur.execute(f"SELECT * FROM kaoa.{v} WHERE false")
    for d in cur.description:
        spalten += 1
        fremd += d.type_code not in standard
print("views", len(views), "columns", spalten, "foreign", fremd)
cur.execute("""SELECT pg_catalog.col_description('kaoa.v_verbleib'::regclass, 6)""")
print("remark", cur.fetchone()[0])
cur.execute("""SELECT o.name, v.anschluss, v.anzahl FROM v_verbleib v JOIN v_organisation o ON o.org_id = v.schule_org
                ORDER BY 1, 2 NULLS LAST""")
for r in cur.fetchall():
    print("join", r[0], r[1], r[2], type(r[2]).__name__)
EOF
t_is "$rc" 0 "psycopg2 connects as the BI login role"
t_like "$out" '^views (1[5-9]|[2-9][0-9]) columns [0-9]+ foreign 0' "psycopg2: every column of every readable view arrives as a standard type"
t_like "$out" $'\nremark Anzahl der Fälle, gerundet' "psycopg2: the German description of v_verbleib.anzahl from the catalogue"
t_is "$(printf '%s\n' "$out" | grep '^join')" "join Gesamtschule Köln-Nord dual_betrieblich 3 int
join Gesamtschule Köln-Nord None 3 int
join Realschule Köln-Süd None 6 int" \
    "psycopg2: v_verbleib joined with the schools' names, unqualified (the BI role's search_path names kaoa)"
t_run env PGPASSWORD=powerbi PGUSER=bi_treiber PGDATABASE="$db" /usr/bin/python3 -c "
import psycopg2
c = psycopg2.connect('')
try:
    c.cursor().execute('SELECT * FROM kaoa.organisation')
except psycopg2.Error as e:
    print(e.pgcode)"
t_is "$out" 42501 "psycopg2: the table behind v_organisation stays closed (42501)"
t_done
