-- test/scripts/lib/katalog.sql — a normalised description of everything extension kaoa puts into a
-- database, one line per object property, sorted, free of OIDs and of the order in which objects
-- were created.  Two databases whose descriptions are equal have the same kaoa: the upgrade test
-- compares an upgraded 0.1.0 database with a fresh install this way (the way postgresql-unit's
-- upgrade test compares \d output), and the layout work compares a fresh install before and after.
--
-- Run with psql -At -v ausser='REGEX': grantees whose name matches REGEX are left out of the
-- privilege lines (the roles a test made and granted to are compared on their own).  Owners print
-- as "OWNER" when they are the extension's owner.
--
-- What it covers: the extension row (version, schema, config-dump registrations with their
-- filters), its members, functions (signature, kind, result, language, volatility, strictness,
-- parallel safety, security, leakproofness, configuration, cost, rows, argument names, modes and
-- defaults, support function, and the body or C symbol), aggregates, types (with enum labels in
-- order, domain constraints and base-type I/O), operators, operator families and classes with
-- their members, casts, tables and views (kind, persistence, options, row-level security,
-- replica identity; columns in order with type, NOT NULL, default, identity, generated,
-- collation; constraints; indexes; triggers with their enabled state; rules; policies; view
-- definitions), sequences and their owners, statistics objects, event triggers, comments,
-- privileges (relation, column, function, type, schema, default privileges) and the initial
-- privileges pg_dump relies on (pg_init_privs), and the shipped reference rows.
\set QUIET on
\pset footer off
\pset tuples_only on
\pset format unaligned
SET search_path = pg_catalog, pg_temp;
SET lc_messages = 'C';

CREATE TEMP VIEW ext AS SELECT e.oid, e.extowner FROM pg_extension e WHERE e.extname = 'kaoa';
CREATE TEMP VIEW ns AS SELECT 'kaoa'::regnamespace::oid AS oid;

-- A role name, normalised: the extension's owner prints as OWNER, PUBLIC as PUBLIC.
CREATE FUNCTION pg_temp.rolle(r oid) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN r = 0 THEN 'PUBLIC'
                WHEN r = (SELECT extowner FROM ext) THEN 'OWNER'
                ELSE (SELECT rolname::text FROM pg_roles WHERE oid = r) END
$$;

-- An ACL, normalised: sorted "grantee=privileges/grantor" items; grantees matching :ausser are
-- left out; NULL (the default) prints as "default".
CREATE FUNCTION pg_temp.acl(a aclitem[], ausser text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN a IS NULL THEN 'default' ELSE coalesce((
        SELECT string_agg(g, ' ' ORDER BY g) FROM (
            SELECT pg_temp.rolle(x.grantee) || '=' ||
                   string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END, ',' ORDER BY x.privilege_type)
                   || '/' || pg_temp.rolle(x.grantor) AS g
              FROM aclexplode(a) x
             WHERE x.grantee = 0 OR coalesce(pg_temp.rolle(x.grantee), '') !~ ausser
             GROUP BY x.grantee, x.grantor) s), '') END
$$;

CREATE TEMP TABLE beschreibung (zeile text);

-- the extension itself
INSERT INTO beschreibung
SELECT format('extension version=%s schema=%s relocatable=%s', e.extversion, e.extnamespace::regnamespace, e.extrelocatable)
  FROM pg_extension e WHERE e.extname = 'kaoa';
INSERT INTO beschreibung
SELECT format('config_dump %s filter=%L', c.cfg::regclass, c.cond)
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS c(cfg, cond) WHERE e.extname = 'kaoa';

-- members (pg_describe_object names them without OIDs)
INSERT INTO beschreibung
SELECT 'member ' || pg_describe_object(d.classid, d.objid, d.objsubid)
  FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = (SELECT oid FROM ext) AND d.deptype = 'e';

-- the schema
INSERT INTO beschreibung
SELECT format('schema kaoa owner=%s acl=%s', pg_temp.rolle(n.nspowner), pg_temp.acl(n.nspacl, :'ausser'))
  FROM pg_namespace n WHERE n.oid = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('default_acl %s role=%s type=%s acl=%s', coalesce(d.defaclnamespace::regnamespace::text, '-'),
              pg_temp.rolle(d.defaclrole), d.defaclobjtype, pg_temp.acl(d.defaclacl, :'ausser'))
  FROM pg_default_acl d WHERE d.defaclnamespace IN (0, (SELECT oid FROM ns));

-- functions, procedures, aggregates
INSERT INTO beschreibung
SELECT format('function %s kind=%s returns=%s%s lang=%s volatile=%s strict=%s parallel=%s secdef=%s leakproof=%s '
              'config=%s cost=%s rows=%s argnames=%s argmodes=%s defaults=%s support=%s owner=%s acl=%s',
              p.oid::regprocedure, p.prokind, CASE WHEN p.proretset THEN 'setof ' ELSE '' END, p.prorettype::regtype,
              l.lanname, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef, p.proleakproof,
              coalesce(p.proconfig::text, '-'), p.procost, p.prorows, coalesce(p.proargnames::text, '-'),
              coalesce(p.proargmodes::text, '-'), coalesce(pg_get_expr(p.proargdefaults, 0), '-'),
              p.prosupport::regproc, pg_temp.rolle(p.proowner), pg_temp.acl(p.proacl, :'ausser'))
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = (SELECT oid FROM ns);
-- the body (SQL, PL/pgSQL) or the C symbol and library, one line each so a diff shows which
INSERT INTO beschreibung
SELECT format('function %s body=%s', p.oid::regprocedure,
              CASE WHEN l.lanname = 'c' THEN p.prosrc || ' in ' || regexp_replace(p.probin, '^.*/', '')
                   ELSE md5(coalesce(p.prosrc, '') || coalesce(pg_get_function_sqlbody(p.oid), '')) END)
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('aggregate %s kind=%s trans=%s final=%s combine=%s stype=%s init=%s sortop=%s',
              a.aggfnoid::regprocedure, a.aggkind, a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
              a.aggtranstype::regtype, coalesce(a.agginitval, '-'), a.aggsortop::regoperator)
  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.pronamespace = (SELECT oid FROM ns);

-- types
INSERT INTO beschreibung
SELECT format('type %s typtype=%s len=%s byval=%s align=%s storage=%s category=%s preferred=%s delim=%s '
              'in=%s out=%s recv=%s send=%s modin=%s modout=%s analyze=%s subscript=%s elem=%s base=%s notnull=%s '
              'default=%s collation=%s owner=%s acl=%s',
              t.oid::regtype, t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typcategory,
              t.typispreferred, t.typdelim, t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin,
              t.typmodout, t.typanalyze, t.typsubscript, t.typelem::regtype, t.typbasetype::regtype, t.typnotnull,
              coalesce(t.typdefault, '-'), coalesce((SELECT collname FROM pg_collation WHERE oid = t.typcollation), '-'),
              pg_temp.rolle(t.typowner), pg_temp.acl(t.typacl, :'ausser'))
  FROM pg_type t
 WHERE t.typnamespace = (SELECT oid FROM ns)
   AND NOT (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'));
INSERT INTO beschreibung
SELECT format('enum %s labels=%s', t.oid::regtype, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = (SELECT oid FROM ns) GROUP BY t.oid;
INSERT INTO beschreibung
SELECT format('range %s subtype=%s opclass=%s canonical=%s diff=%s', r.rngtypid::regtype, r.rngsubtype::regtype,
              (SELECT opcname FROM pg_opclass WHERE oid = r.rngsubopc), r.rngcanonical, r.rngsubdiff)
  FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid WHERE t.typnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('domain_constraint %s %s %s', t.oid::regtype, c.conname, pg_get_constraintdef(c.oid))
  FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid WHERE t.typnamespace = (SELECT oid FROM ns);

-- operators, families, classes, casts
INSERT INTO beschreibung
SELECT format('operator %s kind=%s result=%s code=%s commutator=%s negator=%s restrict=%s join=%s merges=%s hashes=%s owner=%s',
              o.oid::regoperator, o.oprkind, o.oprresult::regtype, o.oprcode, o.oprcom::regoperator,
              o.oprnegate::regoperator, o.oprrest, o.oprjoin, o.oprcanmerge, o.oprcanhash, pg_temp.rolle(o.oprowner))
  FROM pg_operator o WHERE o.oprnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('opfamily %s using %s', f.opfname, a.amname)
  FROM pg_opfamily f JOIN pg_am a ON a.oid = f.opfmethod WHERE f.opfnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('opclass %s using %s type=%s default=%s family=%s keytype=%s', c.opcname, a.amname, c.opcintype::regtype,
              c.opcdefault, f.opfname, c.opckeytype::regtype)
  FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily
 WHERE c.opcnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('amop %s using %s strategy=%s %s purpose=%s sortfamily=%s', f.opfname, a.amname, o.amopstrategy,
              o.amopopr::regoperator, o.amoppurpose, o.amopsortfamily)
  FROM pg_amop o JOIN pg_opfamily f ON f.oid = o.amopfamily JOIN pg_am a ON a.oid = f.opfmethod
 WHERE f.opfnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('amproc %s using %s %s,%s support=%s %s', f.opfname, a.amname, p.amproclefttype::regtype,
              p.amprocrighttype::regtype, p.amprocnum, p.amproc::regprocedure)
  FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily JOIN pg_am a ON a.oid = f.opfmethod
 WHERE f.opfnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('cast %s -> %s func=%s context=%s method=%s', c.castsource::regtype, c.casttarget::regtype,
              c.castfunc::regprocedure, c.castcontext, c.castmethod)
  FROM pg_cast c
 WHERE (SELECT typnamespace FROM pg_type WHERE oid = c.castsource) = (SELECT oid FROM ns)
    OR (SELECT typnamespace FROM pg_type WHERE oid = c.casttarget) = (SELECT oid FROM ns);

-- relations
INSERT INTO beschreibung
SELECT format('relation %s kind=%s persistence=%s options=%s rls=%s force_rls=%s replident=%s owner=%s acl=%s',
              c.oid::regclass, c.relkind, c.relpersistence, coalesce(c.reloptions::text, '-'), c.relrowsecurity,
              c.relforcerowsecurity, c.relreplident, pg_temp.rolle(c.relowner), pg_temp.acl(c.relacl, :'ausser'))
  FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind <> 'i';
-- columns by position among the live columns (an upgrade's dropped columns leave gaps in attnum);
-- the server of these machines stamps each column's attoptions with pg_attver=<n>, which differs from
-- database to database and is not kaoa's: left out.  A column's ACL has no owner entry, so one that
-- holds only grants to left-out roles (kaoa grants UPDATE per column) is the same as none: "default"
INSERT INTO beschreibung
SELECT format('column %s #%s %s %s notnull=%s default=%s identity=%s generated=%s collation=%s options=%s acl=%s',
              a.attrelid::regclass, row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, coalesce(pg_get_expr(d.adbin, d.adrelid), '-'),
              nullif(a.attidentity, ''), nullif(a.attgenerated, ''),
              coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation AND a.attcollation <> 100), '-'),
              coalesce((SELECT string_agg(o, ',' ORDER BY o) FROM unnest(a.attoptions) o
                        WHERE o !~ '^pg_attver='), '-'), coalesce(nullif(pg_temp.acl(a.attacl, :'ausser'), ''), 'default'))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'c') AND a.attnum > 0 AND NOT a.attisdropped;
INSERT INTO beschreibung
SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
  FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid WHERE r.relnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('index %s clustered=%s replident=%s', pg_get_indexdef(i.indexrelid), i.indisclustered, i.indisreplident)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('trigger %s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = (SELECT oid FROM ns) AND NOT t.tgisinternal;
INSERT INTO beschreibung
SELECT format('rule %s', pg_get_ruledef(r.oid))
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
 WHERE c.relnamespace = (SELECT oid FROM ns) AND r.rulename <> '_RETURN';
INSERT INTO beschreibung
SELECT format('policy %s.%s %s cmd=%s permissive=%s roles=%s using=%s check=%s', p.schemaname, p.tablename, p.policyname,
              p.cmd, p.permissive, (SELECT string_agg(x, ',' ORDER BY x) FROM unnest(p.roles) x),
              coalesce(p.qual, '-'), coalesce(p.with_check, '-'))
  FROM pg_policies p WHERE p.schemaname = 'kaoa';
INSERT INTO beschreibung
SELECT format('view %s def=%s', c.oid::regclass, pg_get_viewdef(c.oid))
  FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('v', 'm');
INSERT INTO beschreibung
SELECT format('sequence %s type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s owned_by=%s',
              s.seqrelid::regclass, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
              s.seqcycle, coalesce((SELECT d.refobjid::regclass || '.' || a.attname || ' (' || d.deptype::text || ')'
                                      FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                     WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
                                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-'))
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = (SELECT oid FROM ns);
INSERT INTO beschreibung
SELECT format('statistics %s %s', s.stxname, pg_get_statisticsobjdef(s.oid))
  FROM pg_statistic_ext s WHERE s.stxnamespace = (SELECT oid FROM ns);

-- event triggers of the extension
INSERT INTO beschreibung
SELECT format('event_trigger %s on %s func=%s enabled=%s tags=%s owner=%s', t.evtname, t.evtevent, t.evtfoid::regprocedure,
              t.evtenabled, coalesce(t.evttags::text, '-'), pg_temp.rolle(t.evtowner))
  FROM pg_event_trigger t
  JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass AND d.objid = t.oid
                  AND d.refclassid = 'pg_extension'::regclass AND d.refobjid = (SELECT oid FROM ext);

-- comments on every member and on every object in the schema (columns included)
INSERT INTO beschreibung
SELECT format('comment %s: %s', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description)
  FROM pg_description d
 WHERE EXISTS (SELECT 1 FROM pg_depend x WHERE x.refclassid = 'pg_extension'::regclass AND x.refobjid = (SELECT oid FROM ext)
                  AND x.deptype = 'e' AND x.classid = d.classoid AND x.objid = d.objoid)
    OR (d.classoid = 'pg_class'::regclass AND (SELECT relnamespace FROM pg_class WHERE oid = d.objoid) = (SELECT oid FROM ns))
    OR (d.classoid = 'pg_namespace'::regclass AND d.objoid = (SELECT oid FROM ns));

-- initial privileges (what pg_dump treats as the extension's own grants)
INSERT INTO beschreibung
SELECT format('init_privs %s %s', pg_describe_object(i.classoid, i.objoid, i.objsubid), pg_temp.acl(i.initprivs, :'ausser'))
  FROM pg_init_privs i
 WHERE i.privtype = 'e'
   AND EXISTS (SELECT 1 FROM pg_depend x WHERE x.refclassid = 'pg_extension'::regclass AND x.refobjid = (SELECT oid FROM ext)
                  AND x.deptype = 'e' AND x.classid = i.classoid AND x.objid = i.objoid);

-- what kaoa changes outside its schema: the statistics counters closed to PUBLIC (extension/980_plan_sperre.sql)
INSERT INTO beschreibung
SELECT format('pg_catalog function %s acl=%s', p.oid::regprocedure, pg_temp.acl(p.proacl, :'ausser'))
  FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^pg_stat_get_';

-- shipped reference rows: in a table registered with a filter, the rows the filter leaves out
-- (those are not dumped, so an upgrade must bring them); in a table not registered at all, every row
DO $$
DECLARE
    r record;
    n bigint;
    h text;
BEGIN
    FOR r IN
        SELECT c.oid::regclass AS tab,
               (SELECT x.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(cfg, cond)
                 WHERE e.extname = 'kaoa' AND x.cfg = c.oid) AS cond,
               EXISTS (SELECT 1 FROM pg_extension e WHERE e.extname = 'kaoa' AND c.oid = ANY (e.extconfig)) AS registriert
          FROM pg_class c WHERE c.relnamespace = 'kaoa'::regnamespace AND c.relkind = 'r'
    LOOP
        CONTINUE WHEN r.registriert AND coalesce(r.cond, '') = '';
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(t::text, %L ORDER BY t::text), %L)) FROM %s t %s',
                       '|', '', r.tab,
                       CASE WHEN r.registriert THEN 'WHERE NOT coalesce((SELECT true FROM (SELECT t.*) t ' || r.cond || '), false)' ELSE '' END)
           INTO n, h;
        INSERT INTO beschreibung VALUES (format('shipped_rows %s count=%s md5=%s', r.tab, n, h));
    END LOOP;
END
$$;

-- one line per property: line breaks inside bodies, view definitions and comments become \n
SELECT z FROM (SELECT replace(zeile, E'\n', '\n') AS z FROM beschreibung) s ORDER BY z COLLATE "C";
