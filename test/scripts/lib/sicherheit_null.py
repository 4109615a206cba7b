"""test/scripts/lib/sicherheit_null.py — the NULL sweep (run by test/scripts/sicherheit_null.sh).

BEFORE ROW triggers run before NOT NULL constraints, so a C trigger can see NULL in any column,
and a C function can get NULL in any argument that is not STRICT.  This sweep generates its
statements from the catalogue, so a table, column or function added later is swept too:

  tables     for every table of schema kaoa and every column, as the superuser and as every role
             that may write it (privileges of the role itself, so the roles made with
             kaoa.akteur_anlegen for every organisation type and kaoa.system_zugang):
               INSERT  a row the role can see (or, if it sees none, any row), copied with NULL in
                       that column (OVERRIDING SYSTEM VALUE, so identity columns get NULL too);
               UPDATE  up to two rows the role can see, setting that column to NULL;
  functions  every function of schema kaoa that is not a trigger, as the superuser and as every
             role: once with a plausible value in every argument and once with NULL in each
             position in turn (the others plausible).

Each statement runs in its own transaction, rolled back.  A statement passes when it either
succeeds or fails with a SQLSTATE that names the problem; it fails the sweep when it ends the
connection (a crash), raises an internal error (class XX: XX000 internal_error, XX001
data_corrupted, ...) or a system error (class 58), or when an UPDATE / INSERT of NULL into a
NOT NULL column leaves NULL stored (it cannot, unless a trigger bypassed the constraint).  At the
end the postmaster must still be the one that started before the sweep
(pg_postmaster_start_time unchanged) and every table must have been written by some role.

Output: TAP, one line per (table, statement kind, role) and per function, with the SQLSTATEs
seen; failures list the statements.
"""
import collections
import os
import re
import sys
import time

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

DB = sys.argv[1]
ROLES_UPDATE_ROWS = 2
TIMEOUT = '10s'

tap_n = 0
tap_failed = 0


def tap(ok, desc, diag=()):
    global tap_n, tap_failed
    tap_n += 1
    if not ok:
        tap_failed += 1
    print(('ok' if ok else 'not ok'), tap_n, '-', desc)
    for line in list(diag)[:15]:
        print('#  ', line.replace('\n', ' ')[:400])
    sys.stdout.flush()


def connect():
    for _ in range(60):
        try:
            c = psycopg2.connect(dbname=DB)
            c.autocommit = True
            return c
        except psycopg2.OperationalError:
            time.sleep(1)    # the postmaster is restarting after a crash
    raise SystemExit('Bail out! the server does not come back')


conn = connect()


def q(sqltext, args=None):
    with conn.cursor() as cur:
        cur.execute(sqltext, args)
        return cur.fetchall()


start_time, start_pid = q('SELECT pg_postmaster_start_time(), pg_backend_pid()')[0]
lost = 0        # connections lost: a crashed backend takes every other one with it


def run(role, stmt):
    """Runs stmt as role (None: the superuser) in a transaction that is rolled back.
    Returns ('ok', rows) | ('error', sqlstate, message) | ('crash', message)."""
    global conn, lost
    try:
        with conn.cursor() as cur:
            cur.execute('BEGIN')
            cur.execute("SET LOCAL statement_timeout = '%s'" % TIMEOUT)
            if role:
                cur.execute(sql.SQL('SET LOCAL ROLE {}').format(sql.Identifier(role)))
            try:
                cur.execute(stmt)
                rows = cur.fetchall() if cur.description else []
                result = ('ok', rows)
            except psycopg2.Error as e:
                if conn.closed or isinstance(e, (psycopg2.OperationalError, psycopg2.InterfaceError)) \
                        and e.pgcode is None:
                    raise
                d = e.diag
                result = ('error', e.pgcode, ' | '.join(x for x in (d.message_primary, d.message_detail,
                                                                    d.message_hint) if x))
            cur.execute('ROLLBACK')
            return result
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as e:
        lost += 1
        try:
            conn.close()
        except Exception:
            pass
        conn = connect()
        return ('crash', str(e).strip().split('\n')[0])


def bad(result):
    """Why a result fails the sweep, or None."""
    if result[0] == 'crash':
        return 'connection lost (server crash?): ' + result[1]
    if result[0] == 'error' and (result[1] is None or result[1][:2] in ('XX', '58')):
        return 'internal error %s: %s' % (result[1], result[2])
    if result[0] == 'error' and NULL_AS_VALUE.search(result[2]):
        return 'a NULL shown as a value in the message %s: %s' % (result[1], result[2])
    return None


# A NULL id must not show as 0 ("person 0"), nor a NULL string as "(null)" (glibc's rendering of a
# NULL %s).  Every id in the sweep's world is positive, so an id 0 in a message came from a NULL.
NULL_AS_VALUE = re.compile(r'\(null\)|\b(?:person|case|organisation|organisations|hand-off|consent|offer|measure|'
                           r'run|school|Kommune|contact attempt|enrolment|participation|agreement|'
                           r'person_id|fall_id|org_id|uebergabe_id|einwilligung_id|angebot_id|massnahme_id)'
                           r'\s+0\b', re.IGNORECASE)


def summary(results):
    c = collections.Counter('ok' if r[0] == 'ok' else (r[1] if r[0] == 'error' else 'CRASH') for r in results)
    return ', '.join('%s %d' % (k, v) for k, v in sorted(c.items()))


# ---- who: the superuser and every registered role -------------------------------------------
roles = [None] + [r for (r,) in q("""
    SELECT rolle::text FROM kaoa.akteur
    UNION SELECT rolle::text FROM kaoa.bi_rolle ORDER BY 1""")]


def label(role):
    return role or 'the superuser'


# ---- tables ---------------------------------------------------------------------------------
tables = q("""
    SELECT c.oid::regclass::text, c.relname
      FROM pg_class c
     WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind IN ('r', 'p')
     ORDER BY c.relname""")
written = collections.defaultdict(set)     # table -> roles whose statements reached a row

for qual, rel in tables:
    cols = q("""
        SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
               a.attgenerated
          FROM pg_attribute a
         WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum""", (qual,))
    for role in roles:
        may_insert, may_update = q("""
            SELECT coalesce(has_table_privilege(r, %s, 'INSERT'), false), coalesce(has_any_column_privilege(r, %s, 'UPDATE'), false)
              FROM (SELECT CASE WHEN %s::text IS NULL THEN current_user ELSE %s::text END AS r) x""",
                                   (qual, qual, role, role))[0]
        if not (may_insert or may_update):
            continue
        # rows the role sees, as literals (read as the role, so under row-level security)
        listing = sql.SQL('SELECT ctid::text, {} FROM {} ORDER BY ctid LIMIT {}').format(
            sql.SQL(', ').join(sql.SQL('{}::text').format(sql.Identifier(c[0])) for c in cols),
            sql.SQL(qual), sql.Literal(ROLES_UPDATE_ROWS))
        seen = run(role, listing)
        visible = seen[1] if seen[0] == 'ok' else []
        template = visible[0] if visible else (run(None, listing)[1] or [None])[0]

        if may_insert and template is not None:
            results, failures = [], []
            for i, (col, typ, notnull, ident, gen) in enumerate(cols):
                if gen:
                    continue
                names, values = [], []
                for j, (c2, t2, _, ident2, gen2) in enumerate(cols):
                    if gen2 or (ident2 and j != i):
                        continue
                    names.append(sql.Identifier(c2))
                    v = None if j == i else template[j + 1]
                    values.append(sql.SQL('{}::{}').format(sql.Literal(v), sql.SQL(t2)))
                stmt = sql.SQL('INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({}) RETURNING {} IS NULL').format(
                    sql.SQL(qual), sql.SQL(', ').join(names), sql.SQL(', ').join(values), sql.Identifier(col))
                r = run(role, stmt)
                results.append(r)
                why = bad(r)
                if why is None and r[0] == 'ok' and notnull and r[1] and r[1][0][0]:
                    why = 'NULL stored in NOT NULL column'
                if why:
                    failures.append('%s — %s' % (why, stmt.as_string(conn)))
                if r[0] == 'error' or r[0] == 'ok':
                    written[rel].add(label(role))
            tap(not failures, 'INSERT %s with NULL in each column as %s: %s' % (qual, label(role), summary(results)),
                failures)

        if may_update and visible:
            results, failures = [], []
            for (col, typ, notnull, ident, gen) in cols:
                if gen:
                    continue
                if not q('SELECT coalesce(has_column_privilege(coalesce(%s, current_user::text), %s, %s, \'UPDATE\'), false)',
                         (role, qual, col))[0][0]:
                    continue
                for row in visible:
                    stmt = sql.SQL('UPDATE {} SET {} = NULL WHERE ctid = {}::tid RETURNING {} IS NULL').format(
                        sql.SQL(qual), sql.Identifier(col), sql.Literal(row[0]), sql.Identifier(col))
                    r = run(role, stmt)
                    results.append(r)
                    why = bad(r)
                    if why is None and r[0] == 'ok' and notnull and r[1] and r[1][0][0]:
                        why = 'NULL stored in NOT NULL column'
                    if why:
                        failures.append('%s — %s' % (why, stmt.as_string(conn)))
            if results:
                written[rel].add(label(role))
                tap(not failures, 'UPDATE %s SET <each column> = NULL on %d visible row(s) as %s: %s'
                    % (qual, len(visible), label(role), summary(results)), failures)

# ---- functions ------------------------------------------------------------------------------
# A plausible value per argument: by argument name first (an id that exists), then by type.
samples = {}
for name, stmt in [
        ('fall_id', 'SELECT min(fall_id) FROM kaoa.fall WHERE status = \'ohne_anschluss\''),
        ('person_id', 'SELECT min(person_id) FROM kaoa.bewerberprofil'),
        ('uebergabe_id', 'SELECT min(uebergabe_id) FROM kaoa.uebergabe WHERE uebernommen_am IS NULL AND abgelehnt_am IS NULL AND zurueckgezogen_am IS NULL'),
        ('angebot_id', 'SELECT min(angebot_id) FROM kaoa.angebot'),
        ('org_id', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'schule\''),
        ('an_org', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'agentur\''),
        ('von_org', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'schule\''),
        ('schule_org', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'schule\''),
        ('zustaendig_org', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'schule\''),
        ('angelegt_von', 'SELECT min(org_id) FROM kaoa.organisation WHERE typ = \'schule\''),
        ('einwilligung_id', 'SELECT min(einwilligung_id) FROM kaoa.einwilligung'),
        ('massnahme_id', 'SELECT min(massnahme_id) FROM kaoa.massnahme'),
        ('lauf_id', 'SELECT min(lauf_id) FROM kaoa.zuteilung_lauf'),
        ('kommune', 'SELECT min(kommune) FROM kaoa.kommune')]:
    samples[name] = q(stmt)[0][0]
samples.update({
    'schuljahr': 2025, 'k': 3, 'seed': 1, 'rolle': 'sw_fehlt', 'grund': 'Prüfung', 'angetreten': True,
    'rechtsgrundlage': 'schuldueg_1_1', 'stichtag': '2026-01-15', 'geburtsdatum': '2008-03-14',
    'kandidaten': 'SELECT 1::bigint, 1::bigint, 1.0::float8, 1.0::float8',
    'kapazitaeten': 'SELECT 1::bigint, 1',
    'typ': 'fall', 'von': 1, 'bis': 2, 'sqlstate': '22023', 'meldung': 'x', 'hinweis': 'y',
})
by_type = {
    'bigint': 1, 'integer': 1, 'smallint': 1, 'double precision': 0.5, 'real': 0.5, 'numeric': 1,
    'text': 'MSA', 'name': 'sw_fehlt', 'boolean': True, 'date': '2026-01-15',
    'timestamp with time zone': '2026-01-15 10:00+01', 'jsonb': '{"typ": "fall"}', 'json': '{}',
    'cstring': 'MSA', 'kaoa.abschluss': 'MSA', 'kaoa.kldb': '26312', 'kaoa.riasec': 'SEC',
    'kaoa.kompetenzen': 'sorgfalt=3', 'kaoa.org_typ': 'schule', 'kaoa.fall_status': 'offen',
    'kaoa.rechtsgrundlage': 'schuldueg_1_1', 'kaoa.kldb[]': '{26312}', 'text[]': '{a}',
}

functions = q("""
    SELECT p.oid::regprocedure::text, p.proname::text, l.lanname::text,
           array(SELECT pg_catalog.format_type(t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i) ORDER BY i),
           array(SELECT coalesce(n, '') FROM unnest(p.proargnames, coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[p.pronargs])))
                        WITH ORDINALITY u(n, m, i) WHERE m IN ('i', 'b', 'v') ORDER BY i)
      FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
     WHERE p.pronamespace = 'kaoa'::regnamespace AND p.prokind = 'f'
       AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
     ORDER BY 1""")

for sig, name, lang, argtypes, argnames in functions:
    argnames = list(argnames) + [''] * (len(argtypes) - len(argnames))
    values = []
    for t, n in zip(argtypes, argnames):
        v = samples.get(n, by_type.get(t))
        values.append(v)
    # None: no NULL; i: NULL in position i; -1: NULL everywhere
    calls = [None] + list(range(len(argtypes))) + ([-1] if len(argtypes) > 1 else [])
    results, failures = [], []
    for role in roles:
        for pos in calls:
            args = []
            for i, (t, v) in enumerate(zip(argtypes, values)):
                if t in ('internal', 'anyelement', '"any"', 'anyarray'):
                    lit = sql.SQL('NULL')
                else:
                    lit = sql.SQL('{}::{}').format(sql.Literal(None if pos in (i, -1) else v), sql.SQL(t))
                args.append(lit)
            # the result is used (x::text), so the planner cannot drop the call
            stmt = sql.SQL('SELECT count(s.x::text) FROM (SELECT {}({}) AS x) s').format(
                sql.SQL('kaoa.') + sql.Identifier(name), sql.SQL(', ').join(args))
            r = run(role, stmt)
            results.append(r)
            why = bad(r)
            if why:
                failures.append('%s as %s — %s' % (why, label(role), stmt.as_string(conn)))
    tap(not failures, '%s (%s), NULL in each of %d argument(s), as the superuser and %d roles: %s'
        % (sig, lang, len(argtypes), len(roles) - 1, summary(results)), failures)

# ---- the server lived through it, and the sweep reached every table -------------------------
# (a crash restart keeps pg_postmaster_start_time, so the sweep's own connection is the witness:
# after a crash the postmaster ends every backend)
now_start, now_pid = q('SELECT pg_postmaster_start_time(), pg_backend_pid()')[0]
tap(now_start == start_time and now_pid == start_pid and lost == 0,
    'the server never restarted: pg_postmaster_start_time unchanged (%s), the sweep\'s connection lived '
    'throughout (backend %d; connections lost: %d)' % (now_start, now_pid, lost))
missing = [rel for _, rel in tables if not written.get(rel)]
tap(not missing, 'every kaoa table was written by some role (%d tables)' % len(tables),
    ['never written: ' + m for m in missing])
print('1..%d' % tap_n)
sys.exit(1 if tap_failed else 0)
