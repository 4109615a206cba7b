/*
 * akteur_verwaltung.c — registering roles (docs/roles-and-bi.md): kaoa.akteur_anlegen (a role acts
 * for an organisation), kaoa.system_zugang (a role acts as the system), kaoa.bi_zugang (a role
 * reads the kaoa.v_* views of one Kommune).
 *
 * Design note.  What each kind of role may touch is data, not code: the reference table
 * kaoa.rolle_recht lists (fuer, objekt, rechte) rows — fuer is an org_typ, 'akteur' (every
 * organisation), 'system' or 'bi' — and each area of kaoa adds its rows in its own SQL file.  These
 * functions start from a clean slate (REVOKE ALL on the schema's tables) and grant exactly those
 * rows, plus USAGE on the schema and its types and EXECUTE on its functions (every function checks
 * the actor itself).  BI roles get EXECUTE only on the functions their rows name (objekt a function
 * signature, rechte 'EXECUTE': kaoa.bi_kommunen(), which the views call, and what other areas add),
 * so an area that adds a view needing a function adds a row, not code here.  Nothing
 * goes to PUBLIC.  Only a superuser or the extension's owner may call them
 * (they run GRANT).
 *
 * Every role registered here also gets search_path = "$user", kaoa, public in this database
 * (ALTER ROLE … IN DATABASE … SET), so kaoa's types and operators work as typed
 * (WHERE abschluss >= 'MSA'); per database because schema kaoa exists only where the extension is
 * installed, and kaoa before public so that nothing in public can stand in for one of kaoa's
 * objects.  A search_path the DBA set for the role in this database that already names kaoa is
 * kept (docs/roles-and-bi.md).
 *
 * The upgrade script registers roles of older versions anew.  Inside an extension script
 * PostgreSQL records every GRANT on the extension's objects as the extension's initial privileges,
 * which pg_dump leaves out; a role's rights are the DBA's, not the extension's, so that recording
 * is switched off while they are granted.
 */
#include "base/akteur.h"

#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "commands/dbcommands.h"

PG_FUNCTION_INFO_V1(kaoa_akteur_anlegen);
PG_FUNCTION_INFO_V1(kaoa_system_zugang);
PG_FUNCTION_INFO_V1(kaoa_bi_zugang);

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
 * The rows of kaoa.rolle_recht for the given kinds as "TABLE <name>" / "FUNCTION <signature>" and
 * the rights; a row a DBA added (mitgeliefert false) replaces the shipped row for the same kind and
 * object; an empty rechte grants nothing; objects of areas not installed come back
 * NULL.
 */
static kaoa_spi_plan plan_rechte = {
	"SELECT CASE WHEN r.objekt LIKE '%(%' THEN 'FUNCTION ' || to_regprocedure(r.objekt)::text"
	"            ELSE 'TABLE ' || to_regclass(r.objekt)::text END, r.rechte"
	"  FROM (SELECT DISTINCT ON (q.fuer, q.objekt) q.objekt, q.rechte FROM kaoa.rolle_recht q"
	"         WHERE q.fuer = ANY ($1) ORDER BY q.fuer, q.objekt, q.mitgeliefert) r"
	" WHERE r.rechte <> '' ORDER BY r.objekt",
	1, {TEXTARRAYOID}
};

/* Functions for the DBA alone (set up with a superuser's rights, e.g. pg_cron jobs): left out of
 * the EXECUTE every registered role gets on kaoa's functions.  Only those that exist (a database
 * still on 0.1.0 SQL has none of them). */
static kaoa_spi_plan plan_nur_verwaltung = {
	"SELECT p.oid::pg_catalog.regprocedure::text FROM pg_catalog.pg_proc p"
	" WHERE p.pronamespace OPERATOR(pg_catalog.=) 'kaoa'::pg_catalog.regnamespace"
	"   AND p.proname OPERATOR(pg_catalog.=) ANY ('{zeitplan_einrichten,zeitplan_entfernen}'::pg_catalog.name[])"
	" ORDER BY 1",
	0, {0}
};

static kaoa_spi_plan plan_typen = {
	"SELECT t.oid::regtype::text FROM pg_type t"
	" WHERE t.typnamespace = 'kaoa'::regnamespace AND t.typtype IN ('b', 'e', 'd', 'r')"
	"   AND t.typelem = 0 ORDER BY 1",
	0, {0}
};

/* Clean slate, then USAGE, EXECUTE and the rows of kaoa.rolle_recht for the given kinds. */
static void
rechte_vergeben(const char *rolle, const char *const *fuer, int n_fuer, bool alle_funktionen)
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
	if (alle_funktionen)
	{
		befehle = lappend(befehle, psprintf("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA kaoa TO %s", r));
		n = kaoa_spi_als_eigentuemer(&plan_nur_verwaltung, NULL, NULL, true, 0);
		for (uint64 i = 0; i < n; i++)
			befehle = lappend(befehle, psprintf("REVOKE EXECUTE ON FUNCTION %s FROM %s",
												SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1), r));
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

		if (objekt == NULL)
			continue;			/* an object of an area not installed in this version */
		befehle = lappend(befehle, psprintf("GRANT %s ON %s TO %s", rechte, objekt, r));
	}
	war_erweiterung = creating_extension;
	PG_TRY();
	{
		creating_extension = false;	/* not the extension's initial privileges (design note) */
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
	const char *fuer[2];

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
	fuer[0] = org_id ? "akteur" : "system";
	fuer[1] = typ;
	rechte_vergeben(rolle, fuer, org_id ? 2 : 1, true);
	suchpfad_setzen(&name);
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
	const char *fuer[1] = {"bi"};

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
	rechte_vergeben(rolle, fuer, 1, false);
	suchpfad_setzen(&name);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	PG_RETURN_VOID();
}
