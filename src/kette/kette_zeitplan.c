/*
 * kette_zeitplan.c — the chain's nightly jobs through pg_cron: kaoa.zeitplan_einrichten(rolle,
 * uhrzeit) and kaoa.zeitplan_entfernen().
 *
 * Two functions of the chain are meant to run every day: kaoa.fristen_pruefen() (logs each
 * overdue hand-off once) and kaoa.loeschfristen_anwenden() (deletes the identities whose retention
 * ended).  Rather than leaving each DBA to write cron lines, kaoa registers them with pg_cron as
 * the jobs "kaoa_fristen" and "kaoa_loeschfristen" of the current database, run as a system role.
 *
 * Design:
 *   - pg_cron is optional: kaoa does not `require` it, and looks for it at call time (the
 *     extension pg_cron in this database).  Without it both functions raise 0A000 with a detail
 *     saying which step is missing (package, shared_preload_libraries, cron.database_name,
 *     CREATE EXTENSION) and a hint with all of them.
 *   - Idempotent and stable ids: a job is found by its name in this database.  An existing job is
 *     brought to the wanted schedule, command and role with cron.alter_job (its jobid stays); a
 *     missing one is created with cron.schedule_in_database; duplicates of the same name (made by
 *     hand, for another role) are removed, so exactly two jobs remain.
 *   - Who may call: a superuser or the extension owner, like the other administration functions
 *     (kaoa_ist_verwalter); no registered role gets EXECUTE (akteur_verwaltung.c leaves these
 *     two out), and the check here holds even for a DBA's own GRANT.  pg_cron itself lets only superusers schedule a job for another role (its
 *     functions are not granted to PUBLIC), and the statements below run as the caller.
 *   - Whom the jobs run as: a system role — one registered with kaoa.system_zugang, or the owner.
 *     Anyone else would see only part of the chain (fristen_pruefen as a KoKo covers one Kommune)
 *     or be refused every night (loeschfristen_anwenden is for system roles only), so it is refused
 *     now (22023), before a job is created.
 *   - Time zone: pg_cron reads the schedule in its own time zone (GMT for pg_cron 1.4, cron.timezone
 *     where a later version has it); the functions compute their "today" themselves, so any
 *     uhrzeit from 00:00 to 21:59 GMT runs on the intended Berlin day.
 */
#include "base/kaoa.h"
#include "base/akteur.h"
#include "base/spi.h"
#include "kette/kette.h"

#include "catalog/pg_type.h"
#include "commands/dbcommands.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(kaoa_zeitplan_einrichten);
PG_FUNCTION_INFO_V1(kaoa_zeitplan_entfernen);

/* The jobs kaoa keeps in pg_cron: name and the statement pg_cron runs. */
typedef struct zeitplan_job
{
	const char *name;
	const char *befehl;
} zeitplan_job;

static const zeitplan_job jobs[] = {
	{"kaoa_fristen", "SELECT * FROM kaoa.fristen_pruefen()"},
	{"kaoa_loeschfristen", "SELECT kaoa.loeschfristen_anwenden()"},
};

#define N_JOBS ((int) lengthof(jobs))

/* Runs a statement with arguments as the caller; the rows are in SPI_tuptable. */
static uint64
ausfuehren(const char *sql, int nargs, Oid *typen, Datum *werte, bool read_only)
{
	int			rc = SPI_execute_with_args(sql, nargs, typen, werte, NULL, read_only, 0);

	if (rc < 0)
		kaoa_spi_fehlgeschlagen(rc, sql);
	return SPI_processed;
}

/* The caller must be a superuser or the owner of kaoa (42501 otherwise). */
static void
verwalter_verlangen(const char *funktion)
{
	if (!kaoa_ist_verwalter())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("only a superuser or the owner of kaoa may call %s", funktion),
				 errdetail("Role \"%s\" is neither.", GetUserNameFromId(GetOuterUserId(), false)),
				 errhint("Ask the DBA of the database to set up the jobs.")));
}

/*
 * pg_cron must be installed in this database (which implies the library is preloaded and
 * cron.database_name names this database: pg_cron refuses CREATE EXTENSION otherwise).  Without
 * it, 0A000 with a detail saying which step is missing.  Needs an SPI connection.
 */
static void
pg_cron_verlangen(const char *funktion)
{
	const char *db = get_database_name(MyDatabaseId);
	const char *preload;
	const char *cron_db;
	char	   *version;

	if (ausfuehren("SELECT e.extversion FROM pg_catalog.pg_extension e"
				   " WHERE e.extname OPERATOR(pg_catalog.=) 'pg_cron'", 0, NULL, NULL, true) > 0)
	{
		version = kaoa_spi_text(0, 1);
		/* cron.schedule_in_database and cron.alter_job came with pg_cron 1.4 */
		if (ausfuehren("SELECT pg_catalog.to_regprocedure('cron.alter_job(bigint,text,text,text,text,boolean)') IS NOT NULL"
					   "   AND pg_catalog.to_regprocedure('cron.schedule_in_database(text,text,text,text,text,boolean)') IS NOT NULL",
					   0, NULL, NULL, true) == 1 && kaoa_spi_bool(0, 1, false))
			return;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s needs pg_cron 1.4 or later", funktion),
				 errdetail("Database \"%s\" has pg_cron %s, which lacks cron.schedule_in_database and cron.alter_job.", db, version),
				 errhint("Install a newer postgresql-15-cron and run ALTER EXTENSION pg_cron UPDATE.")));
	}

	preload = GetConfigOption("shared_preload_libraries", true, false);
	cron_db = GetConfigOption("cron.database_name", true, false);
	if (ausfuehren("SELECT 1 FROM pg_catalog.pg_available_extensions a"
				   " WHERE a.name OPERATOR(pg_catalog.=) 'pg_cron'", 0, NULL, NULL, true) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s needs the extension pg_cron", funktion),
				 errdetail("pg_cron is not installed on this server."),
				 errhint("Install the package postgresql-15-cron, add pg_cron to shared_preload_libraries, set cron.database_name = '%s', restart the server and run CREATE EXTENSION pg_cron in this database.", db)));
	if (cron_db == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s needs the extension pg_cron", funktion),
				 errdetail("pg_cron is not loaded at server start (shared_preload_libraries is \"%s\").", preload ? preload : ""),
				 errhint("Add pg_cron to shared_preload_libraries, set cron.database_name = '%s', restart the server and run CREATE EXTENSION pg_cron in this database (package postgresql-15-cron).", db)));
	if (strcmp(cron_db, db) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s needs the extension pg_cron", funktion),
				 errdetail("pg_cron runs its jobs from database \"%s\" (cron.database_name), not from \"%s\".", cron_db, db),
				 errhint("Set cron.database_name = '%s', restart the server and run CREATE EXTENSION pg_cron in this database (package postgresql-15-cron, listed in shared_preload_libraries).", db)));
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s needs the extension pg_cron", funktion),
			 errdetail("pg_cron is loaded, but not created in database \"%s\".", db),
			 errhint("Run CREATE EXTENSION pg_cron in this database (package postgresql-15-cron, listed in shared_preload_libraries).")));
}

/* The registered kind of role `rolle`: true for a system role (kaoa.system_zugang) or the owner;
 * otherwise an ERROR 22023 saying what the role is instead. */
static kaoa_spi_plan plan_rolle_art = {
	"SELECT a.org_id, a.kommune FROM kaoa.akteur a WHERE a.rolle OPERATOR(pg_catalog.=) $1"
	" UNION ALL SELECT -1, b.kommune FROM kaoa.bi_rolle b WHERE b.rolle OPERATOR(pg_catalog.=) $1",
	1, {NAMEOID}
};

static void
systemrolle_verlangen(const char *rolle)
{
	Oid			oid = get_role_oid(rolle, true);
	const char *eigentuemer;
	NameData	name;
	Datum		arg;

	if (!OidIsValid(oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", rolle),
				 errhint("Create it (CREATE ROLE … LOGIN), register it with kaoa.system_zugang, then set up the jobs.")));
	eigentuemer = GetUserNameFromId(kaoa_eigentuemer_oid(), false);
	if (oid == kaoa_eigentuemer_oid())
		return;
	namestrcpy(&name, rolle);
	arg = NameGetDatum(&name);
	if (kaoa_spi_als_eigentuemer(&plan_rolle_art, &arg, NULL, false, 0) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("role \"%s\" is not a system role of kaoa", rolle),
				 errdetail("The role is not registered with kaoa; the jobs would be refused every night."),
				 errhint("Register it with kaoa.system_zugang('%s'), or name the owner of kaoa (\"%s\").", rolle, eigentuemer)));
	if (kaoa_spi_null(0, 1))
		return;					/* org_id NULL: registered with kaoa.system_zugang */
	if (kaoa_spi_int8(0, 1, 0) == -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("role \"%s\" is not a system role of kaoa", rolle),
				 errdetail("The role reads the BI views of Kommune %s.", kaoa_spi_text(0, 2)),
				 errhint("Name a role registered with kaoa.system_zugang, or the owner of kaoa (\"%s\").", eigentuemer)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("role \"%s\" is not a system role of kaoa", rolle),
			 errdetail("The role acts for organisation %lld of Kommune %s; the jobs need the whole chain.",
					   (long long) kaoa_spi_int8(0, 1, 0), kaoa_spi_text(0, 2)),
			 errhint("Name a role registered with kaoa.system_zugang, or the owner of kaoa (\"%s\").", eigentuemer)));
}

/* The ids of the jobs named `name` in this database, oldest first (into ids; returns how many). */
static int
jobs_finden(const char *name, int64 *ids, int max)
{
	Oid			typ[1] = {TEXTOID};
	Datum		arg[1] = {CStringGetTextDatum(name)};
	uint64		n;
	int			i;

	n = ausfuehren("SELECT j.jobid FROM cron.job j WHERE j.jobname OPERATOR(pg_catalog.=) $1"
				   "   AND j.database OPERATOR(pg_catalog.=) pg_catalog.current_database() ORDER BY j.jobid",
				   1, typ, arg, false);
	for (i = 0; i < (int) n && i < max; i++)
		ids[i] = kaoa_spi_int8(i, 1, 0);
	return (int) Min(n, (uint64) max);
}

/* Removes job `id` (cron.unschedule). */
static void
job_entfernen(int64 id)
{
	Oid			typ[1] = {INT8OID};
	Datum		arg[1] = {Int64GetDatum(id)};

	(void) ausfuehren("SELECT cron.unschedule($1)", 1, typ, arg, false);
}

#define MAX_GLEICHNAMIGE 64

/*
 * kaoa.zeitplan_einrichten(rolle name, uhrzeit time DEFAULT '02:00') → setof bigint: the jobs
 * kaoa_fristen and kaoa_loeschfristen run daily at uhrzeit as rolle; returns their job ids.
 */
Datum
kaoa_zeitplan_einrichten(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const char *rolle;
	TimeADT		uhrzeit;
	int			stunde,
				minute;
	char	   *plan;
	const char *db;
	int			j;

	kaoa_schreibzugriff_pruefen("kaoa.zeitplan_einrichten");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s needs %s", "kaoa.zeitplan_einrichten", "rolle, uhrzeit"),
				 errdetail("An argument was NULL."),
				 errhint("For example kaoa.zeitplan_einrichten('kaoa_nacht', '02:00'): a role registered with kaoa.system_zugang and the time of day.")));
	rolle = NameStr(*PG_GETARG_NAME(0));
	uhrzeit = PG_GETARG_TIMEADT(1);
	verwalter_verlangen("kaoa.zeitplan_einrichten");
	if (uhrzeit % USECS_PER_MINUTE != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("uhrzeit %s is not a whole minute",
						DatumGetCString(DirectFunctionCall1(time_out, TimeADTGetDatum(uhrzeit)))),
				 errhint("pg_cron starts jobs on whole minutes: give hours and minutes, e.g. '02:00'.")));
	stunde = (int) (uhrzeit / USECS_PER_HOUR);
	minute = (int) ((uhrzeit % USECS_PER_HOUR) / USECS_PER_MINUTE);
	if (stunde >= 24)			/* time '24:00' */
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("uhrzeit 24:00 is not a time of day"),
				 errhint("Give a time from 00:00 to 23:59.")));
	plan = psprintf("%d %d * * *", minute, stunde);
	db = get_database_name(MyDatabaseId);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	pg_cron_verlangen("kaoa.zeitplan_einrichten");
	systemrolle_verlangen(rolle);
	for (j = 0; j < N_JOBS; j++)
	{
		int64		ids[MAX_GLEICHNAMIGE];
		int			n = jobs_finden(jobs[j].name, ids, MAX_GLEICHNAMIGE);
		int64		id;
		Datum		wert;
		bool		null = false;
		int			i;

		if (n > 0)
		{
			Oid			typ[5] = {INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
			Datum		arg[5];

			/* duplicates first: pg_cron keeps (jobname, username) unique, and a duplicate may
			 * already belong to rolle */
			for (i = 1; i < n; i++)
				job_entfernen(ids[i]);
			id = ids[0];
			arg[0] = Int64GetDatum(id);
			arg[1] = CStringGetTextDatum(plan);
			arg[2] = CStringGetTextDatum(jobs[j].befehl);
			arg[3] = CStringGetTextDatum(db);
			arg[4] = CStringGetTextDatum(rolle);
			(void) ausfuehren("SELECT cron.alter_job($1, $2, $3, $4, $5, true)", 5, typ, arg, false);
		}
		else
		{
			Oid			typ[5] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
			Datum		arg[5];

			arg[0] = CStringGetTextDatum(jobs[j].name);
			arg[1] = CStringGetTextDatum(plan);
			arg[2] = CStringGetTextDatum(jobs[j].befehl);
			arg[3] = CStringGetTextDatum(db);
			arg[4] = CStringGetTextDatum(rolle);
			if (ausfuehren("SELECT cron.schedule_in_database($1, $2, $3, $4, $5, true)", 5, typ, arg, false) != 1)
				kaoa_spi_fehlgeschlagen(SPI_ERROR_ARGUMENT, "cron.schedule_in_database");
			id = kaoa_spi_int8(0, 1, 0);
		}
		wert = Int64GetDatum(id);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &wert, &null);
	}
	SPI_finish();
	return (Datum) 0;
}

/* kaoa.zeitplan_entfernen() → setof bigint: removes the jobs kaoa_fristen and kaoa_loeschfristen
 * of this database; returns the ids removed (none when there were none). */
Datum
kaoa_zeitplan_entfernen(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			j;

	kaoa_schreibzugriff_pruefen("kaoa.zeitplan_entfernen");
	verwalter_verlangen("kaoa.zeitplan_entfernen");
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	pg_cron_verlangen("kaoa.zeitplan_entfernen");
	for (j = 0; j < N_JOBS; j++)
	{
		int64		ids[MAX_GLEICHNAMIGE];
		int			n = jobs_finden(jobs[j].name, ids, MAX_GLEICHNAMIGE);
		int			i;

		for (i = 0; i < n; i++)
		{
			Datum		wert = Int64GetDatum(ids[i]);
			bool		null = false;

			job_entfernen(ids[i]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &wert, &null);
		}
	}
	SPI_finish();
	return (Datum) 0;
}
