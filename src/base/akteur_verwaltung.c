/*
 * akteur_verwaltung.c — registering roles (docs/roles-and-bi.md): kaoa.akteur_anlegen (a role acts
 * for an organisation), kaoa.system_zugang (a role acts as the system), kaoa.bi_zugang (a role
 * reads the kaoa.v_* views of one Kommune).
 *
 * Design note.  What each kind of role may touch is data, not code: the reference table
 * kaoa.rolle_recht lists (fuer, objekt, rechte) rows — fuer is an org_typ, 'akteur' (every
 * organisation), 'system' or 'bi' — and each area of kaoa adds its rows in its own SQL file.  These
 * functions start from a clean slate (REVOKE ALL on the schema's tables and functions) and grant
 * exactly those rows, plus USAGE on the schema (and, to organisations and the system, on its
 * types).  A row names a table or view with its rights, or a function by its signature with
 * EXECUTE; a function no row names (a view's body, an internal helper, the administration
 * functions here) is executable by no registered role (issue 10 class 5).  UPDATE on a table is
 * granted per column, every column the table has: the role can update as before, but PostgreSQL
 * 15 lets only table-level UPDATE, DELETE or TRUNCATE take the lock modes above ROW EXCLUSIVE, so
 * no role of an organisation can freeze a table every Kommune shares (class 6); organisations get
 * no DELETE and delete through owner-run functions.  kaoa.rechte_erneuern applies the same to every
 * registered role: the last step of each upgrade script, so what a release adds reaches the roles
 * registered before it.  A database whose SQL is still 0.1.0 (no function rows) gets EXECUTE on
 * every function, as 0.1.0 granted.  Nothing goes to PUBLIC.  Only a superuser or the extension's
 * owner may call them (they run GRANT).
 *
 * Every role registered here also gets session defaults in this database (rolle_einstellen, the one
 * place for them): search_path = "$user", kaoa, public
 * (ALTER ROLE … IN DATABASE … SET), so kaoa's types and operators work as typed
 * (WHERE abschluss >= 'MSA'); per database because schema kaoa exists only where the extension is
 * installed, and kaoa before public so that nothing in public can stand in for one of kaoa's
 * objects.  A search_path the DBA set for the role in this database that already names kaoa is
 * kept (docs/roles-and-bi.md).  Then the timeouts (lock_timeout, statement_timeout,
 * idle_in_transaction_session_timeout) and, for organisations and BI, session_preload_libraries
 * with kaoa, so the refusal of EXPLAIN (plan_sperre.c) is there from the role's first statement.
 *
 * The upgrade script registers roles of older versions anew.  Inside an extension script
 * PostgreSQL records every GRANT on the extension's objects as the extension's initial privileges,
 * which pg_dump leaves out; a role's rights are the DBA's, not the extension's, so that recording
 * is switched off while they are granted.
 */
#include "base/akteur.h"

#include "catalog/pg_type.h"
#include "commands/dbcommands.h"
#include "commands/extension.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/varlena.h"

PG_FUNCTION_INFO_V1(kaoa_akteur_anlegen);
PG_FUNCTION_INFO_V1(kaoa_system_zugang);
PG_FUNCTION_INFO_V1(kaoa_bi_zugang);
PG_FUNCTION_INFO_V1(kaoa_rechte_erneuern);

static void
verwalter_pruefen(const char *funktion)
{
	if (!kaoa_ist_verwalter())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only a superuser or the owner of kaoa may call %s", funktion),
				 errdetail("Role \"%s\" is neither.", GetUserNameFromId(GetOuterUserId(), false)),
				 errhint("Ask the DBA of the database to register the role.")));
}

static void
rolle_pruefen(const char *rolle)
{
	if (!OidIsValid(get_role_oid(rolle, true)))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", rolle),
				 errhint("Create it first (CREATE ROLE), then register it.")));
}

/* Runs one utility statement (GRANT / REVOKE) as the caller. */
static void
ausfuehren(const char *sql)
{
	int			rc = SPI_execute(sql, false, 0);

	if (rc < 0)
		kaoa_spi_fehlgeschlagen(rc, sql);
}

/*
 * The rows of kaoa.rolle_recht for the given kinds as "TABLE <name>" / "FUNCTION <signature>", the
 * rights, and for a table its columns (for the column-level UPDATE grant); a row a DBA added
 * (mitgeliefert false) replaces the shipped row for the same kind and object; an empty rechte
 * grants nothing; objects of areas not installed come back NULL.
 */
static kaoa_spi_plan plan_rechte = {
	"SELECT CASE WHEN r.objekt LIKE '%(%' THEN 'FUNCTION ' || pg_catalog.to_regprocedure(r.objekt)::text"
	"            ELSE 'TABLE ' || pg_catalog.to_regclass(r.objekt)::text END, r.rechte,"
	"       CASE WHEN r.objekt NOT LIKE '%(%' THEN"
	"            (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)"
	"               FROM pg_catalog.pg_attribute a"
	"              WHERE a.attrelid = pg_catalog.to_regclass(r.objekt) AND a.attnum > 0 AND NOT a.attisdropped) END"
	"  FROM (SELECT DISTINCT ON (q.fuer, q.objekt) q.objekt, q.rechte FROM kaoa.rolle_recht q"
	"         WHERE q.fuer = ANY ($1) ORDER BY q.fuer, q.objekt, q.mitgeliefert) r"
	" WHERE r.rechte <> '' ORDER BY r.objekt",
	1, {TEXTARRAYOID}
};

static kaoa_spi_plan plan_funktionszeilen = {
	"SELECT 1 FROM kaoa.rolle_recht r"
	" WHERE r.mitgeliefert AND r.fuer OPERATOR(pg_catalog.<>) 'bi' AND r.objekt LIKE '%(%'",
	0, {0}
};

static kaoa_spi_plan plan_typen = {
	"SELECT t.oid::regtype::text FROM pg_type t"
	" WHERE t.typnamespace = 'kaoa'::regnamespace AND t.typtype IN ('b', 'e', 'd', 'r')"
	"   AND t.typelem = 0 ORDER BY 1",
	0, {0}
};

/*
 * "GRANT <rechte> ON <objekt> TO <rolle>", with UPDATE on a table granted per column (every column
 * the table has now): a column-level UPDATE lets the role update every column just the same, but
 * unlike the table-level privilege it does not let it LOCK the table in a mode above ROW EXCLUSIVE
 * (PostgreSQL 15 checks table-level UPDATE, DELETE or TRUNCATE for those: LockTableAclCheck in
 * src/backend/commands/lockcmds.c), so a role cannot freeze a table every Kommune shares.
 */
static List *
grant_befehle(List *befehle, const char *objekt, const char *rechte, const char *spalten, const char *r)
{
	StringInfoData tabelle;
	bool		update = false;
	char	   *kopie = pstrdup(rechte);
	char	   *tok;
	char	   *rest = kopie;

	if (strncmp(objekt, "TABLE ", 6) != 0 || spalten == NULL)
		return lappend(befehle, psprintf("GRANT %s ON %s TO %s", rechte, objekt, r));
	initStringInfo(&tabelle);
	while ((tok = strsep(&rest, ",")) != NULL)
	{
		while (*tok == ' ')
			tok++;
		if (strcmp(tok, "UPDATE") == 0)
			update = true;
		else if (*tok != '\0')
			appendStringInfo(&tabelle, "%s%s", tabelle.len > 0 ? ", " : "", tok);
	}
	if (tabelle.len > 0)
		befehle = lappend(befehle, psprintf("GRANT %s ON %s TO %s", tabelle.data, objekt, r));
	if (update)
		befehle = lappend(befehle, psprintf("GRANT UPDATE (%s) ON %s TO %s", spalten, objekt, r));
	return befehle;
}

/* Clean slate, then USAGE (on the schema; with typen also on its types) and the rows of
 * kaoa.rolle_recht for the given kinds: tables and views, and EXECUTE on the functions they name
 * (nothing else: internal helpers and the administration functions are granted to no one). */
static void
rechte_vergeben(const char *rolle, const char *const *fuer, int n_fuer, bool typen)
{
	const char *r = quote_identifier(rolle);
	Datum	   *elems = palloc(sizeof(Datum) * n_fuer);
	ArrayType  *arr;
	Datum		args[1];
	uint64		n;
	List	   *befehle = NIL;
	ListCell   *lc;
	bool		war_erweiterung;

	for (int i = 0; i < n_fuer; i++)
		elems[i] = CStringGetTextDatum(fuer[i]);
	arr = construct_array(elems, n_fuer, TEXTOID, -1, false, TYPALIGN_INT);

	befehle = lappend(befehle, psprintf("REVOKE ALL ON ALL TABLES IN SCHEMA kaoa FROM %s", r));
	befehle = lappend(befehle, psprintf("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA kaoa FROM %s", r));
	befehle = lappend(befehle, psprintf("GRANT USAGE ON SCHEMA kaoa TO %s", r));
	if (typen && kaoa_spi_als_eigentuemer(&plan_funktionszeilen, NULL, NULL, true, 1) == 0)
	{
		/* a database whose SQL is still 0.1.0 names no function for organisations or the system:
		 * grant as 0.1.0 did, so it keeps working with this module until ALTER EXTENSION UPDATE */
		befehle = lappend(befehle, psprintf("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kaoa TO %s", r));
	}
	if (typen)
	{
		n = kaoa_spi_als_eigentuemer(&plan_typen, NULL, NULL, true, 0);
		for (uint64 i = 0; i < n; i++)
			befehle = lappend(befehle, psprintf("GRANT USAGE ON TYPE %s TO %s",
												SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1), r));
	}
	args[0] = PointerGetDatum(arr);
	n = kaoa_spi_als_eigentuemer(&plan_rechte, args, NULL, true, 0);
	for (uint64 i = 0; i < n; i++)
	{
		char	   *objekt = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		char	   *rechte = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		char	   *spalten = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3);

		if (objekt == NULL)
			continue;			/* an object of an area not installed in this version */
		befehle = grant_befehle(befehle, objekt, rechte, spalten, r);
	}

	/*
	 * Inside an extension script (the upgrade registers older roles anew) PostgreSQL would record
	 * these GRANTs as the extension's initial privileges, which pg_dump leaves out; a role's
	 * rights are the DBA's, not the extension's.
	 */
	war_erweiterung = creating_extension;
	PG_TRY();
	{
		creating_extension = false;
		foreach(lc, befehle)
			ausfuehren((const char *) lfirst(lc));
	}
	PG_FINALLY();
	{
		creating_extension = war_erweiterung;
	}
	PG_END_TRY();
}

/*
 * search_path = "$user", kaoa, public for the role in this database, unless the role already has
 * a search_path here that names kaoa (see the design note).
 */
static kaoa_spi_plan plan_suchpfad = {
	"SELECT 1 FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c"
	" WHERE s.setrole = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1)"
	"   AND s.setdatabase = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())"
	"   AND c LIKE 'search_path=%'"
	"   AND 'kaoa' = ANY (pg_catalog.string_to_array(pg_catalog.replace(pg_catalog.replace(pg_catalog.substr(c, 13), ' ', ''), '\"', ''), ','))",
	1, {NAMEOID}
};

static void
suchpfad_setzen(NameData *rolle)
{
	Datum		args[1];

	args[0] = NameGetDatum(rolle);
	if (kaoa_spi_als_eigentuemer(&plan_suchpfad, args, NULL, true, 1) > 0)
		return;
	ausfuehren(psprintf("ALTER ROLE %s IN DATABASE %s SET search_path = \"$user\", kaoa, public",
						quote_identifier(NameStr(*rolle)), quote_identifier(get_database_name(MyDatabaseId))));
}

/*
 * Session defaults of the roles kaoa registers, per database (ALTER ROLE … IN DATABASE … SET):
 * a role that waits for a lock gives up after lock_timeout (55P03) instead of queueing behind
 * another Kommune's work, a statement that runs longer than statement_timeout is cancelled (57014),
 * and a session left idle inside a transaction is ended after idle_in_transaction_session_timeout,
 * so whatever it holds is released (docs/roles-and-bi.md#locks-and-timeouts).  A value the role
 * already has for the setting (set by the DBA, globally or in this database, or by an earlier
 * registration) is kept.  NULL: not set for that kind (system roles run imports and nightly jobs,
 * which may take longer than any fixed limit; the server's statement_timeout applies to them).
 */
typedef enum rollen_art
{
	ROLLE_ORGANISATION,
	ROLLE_BI,
	ROLLE_SYSTEM
} rollen_art;

typedef struct rollen_einstellung
{
	const char *name;
	const char *wert[3];		/* by rollen_art */
} rollen_einstellung;

static const rollen_einstellung einstellungen[] = {
	{"lock_timeout", {"5s", "5s", "1min"}},
	{"idle_in_transaction_session_timeout", {"1min", "1min", "10min"}},
	{"statement_timeout", {"1min", "5min", NULL}},
};

static kaoa_spi_plan plan_einstellung_da = {
	"SELECT 1 FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c"
	" WHERE s.setrole = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1)"
	"   AND s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d"
	"                              WHERE d.datname = pg_catalog.current_database()))"
	"   AND pg_catalog.split_part(c, '=', 1) = $2",
	2, {NAMEOID, TEXTOID}
};

/*
 * The session_preload_libraries a session of the role gets now: its own setting in this database,
 * its own in every database, this database's, every role's, else the server's (postgresql.conf,
 * the command line); "" for none.
 */
static kaoa_spi_plan plan_vorladen = {
	"SELECT pg_catalog.substr(c, pg_catalog.strpos(c, '=') + 1) FROM ("
	"  SELECT CASE WHEN s.setrole OPERATOR(pg_catalog.<>) 0 AND s.setdatabase OPERATOR(pg_catalog.<>) 0 THEN 1"
	"              WHEN s.setrole OPERATOR(pg_catalog.<>) 0 THEN 2"
	"              WHEN s.setdatabase OPERATOR(pg_catalog.<>) 0 THEN 3 ELSE 4 END AS rang, c"
	"    FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c"
	"   WHERE s.setrole IN (0, (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = $1))"
	"     AND s.setdatabase IN (0, (SELECT d.oid FROM pg_catalog.pg_database d"
	"                                WHERE d.datname = pg_catalog.current_database()))"
	"     AND pg_catalog.split_part(c, '=', 1) = 'session_preload_libraries'"
	"  UNION ALL"
	"  SELECT 5, 'session_preload_libraries=' || t.setting FROM pg_catalog.pg_settings t"
	"   WHERE t.name = 'session_preload_libraries'"
	"     AND t.source IN ('default', 'environment variable', 'configuration file', 'command line')"
	") v ORDER BY v.rang LIMIT 1",
	1, {NAMEOID}
};

/* Does the library list (a session_preload_libraries value) name kaoa? */
static bool
nennt_kaoa(List *bibliotheken)
{
	ListCell   *lc;

	foreach(lc, bibliotheken)
	{
		const char *b = (const char *) lfirst(lc);
		const char *name = strrchr(b, '/');

		name = name ? name + 1 : b;
		if (strcmp(name, "kaoa") == 0 || strcmp(name, "kaoa.so") == 0)
			return true;
	}
	return false;
}

/*
 * session_preload_libraries with kaoa for the role in this database, so that the refusal of
 * EXPLAIN (plan_sperre.c) is in place from its first statement: the libraries the role's
 * sessions load now, plus kaoa; nothing when they load kaoa already.  The setting is for
 * superusers (and roles granted SET on it): an owner without that right gets a WARNING saying
 * what the DBA should do, and the role is still registered — its sessions then load kaoa when
 * they first plan a query on kaoa's tables (docs/roles-and-bi.md#plans).
 */
static void
vorladen_setzen(NameData *rolle)
{
	Datum		args[1];
	char	   *wert = pstrdup("");
	List	   *bibliotheken = NIL;
	StringInfoData liste;
	ListCell   *lc;

	args[0] = NameGetDatum(rolle);
	if (kaoa_spi_als_eigentuemer(&plan_vorladen, args, NULL, true, 1) > 0 && !kaoa_spi_null(0, 1))
		wert = kaoa_spi_text(0, 1);
	if (!SplitDirectoriesString(wert, ',', &bibliotheken))
		bibliotheken = NIL;		/* a value PostgreSQL itself could not read: start afresh */
	if (nennt_kaoa(bibliotheken))
		return;
	if (!superuser() &&
		pg_parameter_aclcheck("session_preload_libraries", GetUserId(), ACL_SET) != ACLCHECK_OK)
	{
		ereport(WARNING,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" was registered without session_preload_libraries = 'kaoa'", NameStr(*rolle)),
				 errdetail("Only a superuser (or a role granted SET on the parameter) may set session_preload_libraries; role \"%s\" may not.",
						   GetUserNameFromId(GetUserId(), false)),
				 errhint("Put kaoa into shared_preload_libraries, or let a superuser run SELECT kaoa.rechte_erneuern().")));
		return;
	}
	initStringInfo(&liste);
	foreach(lc, bibliotheken)
		appendStringInfo(&liste, "%s, ", quote_literal_cstr((const char *) lfirst(lc)));
	appendStringInfoString(&liste, "'kaoa'");
	ausfuehren(psprintf("ALTER ROLE %s IN DATABASE %s SET session_preload_libraries = %s",
						quote_identifier(NameStr(*rolle)),
						quote_identifier(get_database_name(MyDatabaseId)), liste.data));
}

/* The one place where kaoa sets a registered role's defaults: its search_path (above), the
 * timeouts, and for organisations and BI the module at login (see above). */
static void
rolle_einstellen(NameData *rolle, rollen_art art)
{
	Datum		args[2];

	suchpfad_setzen(rolle);
	args[0] = NameGetDatum(rolle);
	for (int i = 0; i < (int) lengthof(einstellungen); i++)
	{
		if (einstellungen[i].wert[art] == NULL)
			continue;
		args[1] = CStringGetTextDatum(einstellungen[i].name);
		if (kaoa_spi_als_eigentuemer(&plan_einstellung_da, args, NULL, true, 1) > 0)
			continue;
		ausfuehren(psprintf("ALTER ROLE %s IN DATABASE %s SET %s = '%s'",
							quote_identifier(NameStr(*rolle)),
							quote_identifier(get_database_name(MyDatabaseId)),
							einstellungen[i].name, einstellungen[i].wert[art]));
	}
	if (art != ROLLE_SYSTEM)
		vorladen_setzen(rolle);
}

/* What an organisation's role (org_id, its type typ) or a system role (org_id 0) gets. */
static void
akteur_ausstatten(NameData *rolle, int64 org_id, const char *typ)
{
	const char *fuer[2];

	fuer[0] = org_id ? "akteur" : "system";
	fuer[1] = typ;
	rechte_vergeben(NameStr(*rolle), fuer, org_id ? 2 : 1, true);
	rolle_einstellen(rolle, org_id == 0 ? ROLLE_SYSTEM : ROLLE_ORGANISATION);
}

/* What a BI role gets. */
static void
bi_ausstatten(NameData *rolle)
{
	const char *fuer[1] = {"bi"};

	rechte_vergeben(NameStr(*rolle), fuer, 1, false);
	rolle_einstellen(rolle, ROLLE_BI);
}

static kaoa_spi_plan plan_org = {
	"SELECT o.kommune, o.typ::text FROM kaoa.organisation o WHERE o.org_id = $1",
	1, {INT8OID}
};

static kaoa_spi_plan plan_ist_bi = {
	"SELECT b.kommune FROM kaoa.bi_rolle b WHERE b.rolle = $1", 1, {NAMEOID}
};

static kaoa_spi_plan plan_ist_akteur = {
	"SELECT a.org_id FROM kaoa.akteur a WHERE a.rolle = $1", 1, {NAMEOID}
};

static kaoa_spi_plan plan_akteur_setzen = {
	"INSERT INTO kaoa.akteur (rolle, kommune, org_id) VALUES ($1, $2, $3)"
	" ON CONFLICT (rolle) DO UPDATE SET kommune = EXCLUDED.kommune, org_id = EXCLUDED.org_id",
	3, {NAMEOID, TEXTOID, INT8OID}
};

static kaoa_spi_plan plan_bi_setzen = {
	"INSERT INTO kaoa.bi_rolle (rolle, kommune) VALUES ($1, $2)"
	" ON CONFLICT (rolle) DO UPDATE SET kommune = EXCLUDED.kommune",
	2, {NAMEOID, TEXTOID}
};

static kaoa_spi_plan plan_kommune = {
	"SELECT 1 FROM kaoa.kommune k WHERE k.kommune = $1", 1, {TEXTOID}
};

/* Shared path of akteur_anlegen / system_zugang: org_id 0 registers a system role. */
static void
akteur_registrieren(const char *funktion, const char *rolle, int64 org_id)
{
	NameData	name;
	Datum		args[3];
	char		nulls[4] = "   ";
	char	   *kommune = NULL;
	char	   *typ = NULL;
	int			nest;

	verwalter_pruefen(funktion);
	kaoa_schreibzugriff_pruefen(funktion);
	rolle_pruefen(rolle);
	namestrcpy(&name, rolle);
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	if (org_id != 0)
	{
		args[0] = Int64GetDatum(org_id);
		if (kaoa_spi_als_eigentuemer(&plan_org, args, NULL, false, 0) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("organisation %lld does not exist", (long long) org_id),
					 errhint("Register the organisation in kaoa.organisation first.")));
		kommune = kaoa_spi_text(0, 1);
		typ = kaoa_spi_text(0, 2);
	}
	args[0] = NameGetDatum(&name);
	if (kaoa_spi_als_eigentuemer(&plan_ist_bi, args, NULL, false, 0) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("role \"%s\" is registered for BI access", rolle),
				 errdetail("It reads the kaoa.v_* views of Kommune %s.", kaoa_spi_text(0, 1)),
				 errhint("A role is either an actor or a BI reader; use another role, or DELETE it from kaoa.bi_rolle first.")));
	args[1] = kommune ? CStringGetTextDatum(kommune) : (Datum) 0;
	args[2] = Int64GetDatum(org_id);
	if (org_id == 0)
		nulls[1] = nulls[2] = 'n';
	(void) kaoa_spi_als_eigentuemer(&plan_akteur_setzen, args, nulls, false, 0);
	kaoa_akteur_cache_verwerfen();
	akteur_ausstatten(&name, org_id, typ);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
}

/* kaoa.akteur_anlegen(rolle, org_id): the role acts for the organisation (and its Kommune) and
 * gets what that type of organisation needs. */
Datum
kaoa_akteur_anlegen(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.akteur_anlegen needs rolle and org_id"),
				 errhint("A system role is registered with kaoa.system_zugang(rolle).")));
	akteur_registrieren("kaoa.akteur_anlegen", NameStr(*PG_GETARG_NAME(0)), PG_GETARG_INT64(1));
	PG_RETURN_VOID();
}

/* kaoa.system_zugang(rolle): the role acts as the system (imports, maintenance, jobs). */
Datum
kaoa_system_zugang(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.system_zugang needs rolle")));
	akteur_registrieren("kaoa.system_zugang", NameStr(*PG_GETARG_NAME(0)), 0);
	PG_RETURN_VOID();
}

/* kaoa.bi_zugang(rolle, kommune): the role reads the kaoa.v_* views of one Kommune, nothing else. */
Datum
kaoa_bi_zugang(PG_FUNCTION_ARGS)
{
	const char *rolle;
	char	   *kommune;
	NameData	name;
	Datum		args[2];
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.bi_zugang needs rolle and kommune")));
	rolle = NameStr(*PG_GETARG_NAME(0));
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(1));
	verwalter_pruefen("kaoa.bi_zugang");
	kaoa_schreibzugriff_pruefen("kaoa.bi_zugang");
	rolle_pruefen(rolle);
	namestrcpy(&name, rolle);
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	args[0] = CStringGetTextDatum(kommune);
	if (kaoa_spi_als_eigentuemer(&plan_kommune, args, NULL, false, 0) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("Kommune %s does not exist", kommune),
				 errhint("Kommunen are the rows of kaoa.kommune (5-digit Kreisschlüssel).")));
	args[0] = NameGetDatum(&name);
	if (kaoa_spi_als_eigentuemer(&plan_ist_akteur, args, NULL, false, 0) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("role \"%s\" is registered as an actor", rolle),
				 errhint("A role is either an actor or a BI reader; use another role for BI.")));
	args[1] = CStringGetTextDatum(kommune);
	(void) kaoa_spi_als_eigentuemer(&plan_bi_setzen, args, NULL, false, 0);
	kaoa_akteur_cache_verwerfen();
	bi_ausstatten(&name);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	PG_RETURN_VOID();
}

static kaoa_spi_plan plan_alle_akteure = {
	"SELECT a.rolle::text, a.org_id, o.typ::text FROM kaoa.akteur a"
	"  LEFT JOIN kaoa.organisation o ON o.kommune OPERATOR(pg_catalog.=) a.kommune"
	"                              AND o.org_id OPERATOR(pg_catalog.=) a.org_id"
	" WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles p WHERE p.rolname OPERATOR(pg_catalog.=) a.rolle)"
	" ORDER BY a.rolle",
	0, {0}
};

static kaoa_spi_plan plan_alle_bi = {
	"SELECT b.rolle::text FROM kaoa.bi_rolle b"
	" WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles p WHERE p.rolname OPERATOR(pg_catalog.=) b.rolle)"
	" ORDER BY b.rolle",
	0, {0}
};

/*
 * kaoa.rechte_erneuern(): every registered role that still exists (kaoa.akteur, kaoa.bi_rolle) gets
 * anew exactly what registering it gives now — the rights of kaoa.rolle_recht on today's objects
 * and the role's defaults.  The last step of every upgrade script, so that functions, tables and
 * columns a release adds reach the roles registered before it; and what a DBA runs after changing
 * rows of kaoa.rolle_recht.  Returns the number of roles.
 */
Datum
kaoa_rechte_erneuern(PG_FUNCTION_ARGS)
{
	int			nest;
	uint64		n_akteure;
	uint64		n_bi;
	char	  **rollen;
	int64	   *orgs;
	char	  **typen;
	char	  **bi;

	verwalter_pruefen("kaoa.rechte_erneuern");
	kaoa_schreibzugriff_pruefen("kaoa.rechte_erneuern");
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	n_akteure = kaoa_spi_als_eigentuemer(&plan_alle_akteure, NULL, NULL, true, 0);
	rollen = palloc0(sizeof(char *) * (n_akteure + 1));
	orgs = palloc0(sizeof(int64) * (n_akteure + 1));
	typen = palloc0(sizeof(char *) * (n_akteure + 1));
	for (uint64 i = 0; i < n_akteure; i++)
	{
		bool		isnull;
		Datum		org = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull);

		rollen[i] = kaoa_spi_text(i, 1);
		orgs[i] = isnull ? 0 : DatumGetInt64(org);
		typen[i] = kaoa_spi_text(i, 3);
	}
	n_bi = kaoa_spi_als_eigentuemer(&plan_alle_bi, NULL, NULL, true, 0);
	bi = palloc0(sizeof(char *) * (n_bi + 1));
	for (uint64 i = 0; i < n_bi; i++)
		bi[i] = kaoa_spi_text(i, 1);

	for (uint64 i = 0; i < n_akteure; i++)
	{
		NameData	name;

		if (orgs[i] != 0 && typen[i] == NULL)
			continue;			/* its organisation is gone: nothing to grant */
		namestrcpy(&name, rollen[i]);
		akteur_ausstatten(&name, orgs[i], typen[i]);
	}
	for (uint64 i = 0; i < n_bi; i++)
	{
		NameData	name;

		namestrcpy(&name, bi[i]);
		bi_ausstatten(&name);
	}
	kaoa_akteur_cache_verwerfen();
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	PG_RETURN_INT32((int32) (n_akteure + n_bi));
}
