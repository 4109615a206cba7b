/*
 * akteur.c — actor resolution, owner-privileged look-ups and the visibility predicates used by
 * row-level security (docs/roles-and-bi.md).  The contract is in akteur.h.
 *
 * Design note.  Row-level security policies must not read tables whose policies read back (that
 * recursion is an error in PostgreSQL), so every policy that needs another table calls one of the
 * STABLE C predicates here, which switch to the extension owner for their look-up (the owner is
 * not subject to its tables' policies).  The predicates answer from the row's own columns where
 * they can (holder, school, KoKo) and only then run one kept plan, so a KoKo scanning its whole
 * Kommune costs no look-up per row.
 */
#include "base/kaoa.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "catalog/namespace.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/rel.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "base/akteur.h"
#include "base/trigger.h"

/* ---- caches ------------------------------------------------------------------------------------- */

/*
 * The resolved actor and the extension owner are kept across transactions, keyed by the outer
 * user id and a generation counter.  The counter moves whenever what they were read from may have
 * changed: a relcache invalidation of kaoa.akteur or kaoa.bi_rolle (their statement trigger sends
 * one, so every backend hears of a committed change at its next transaction or lock, as with the
 * catalogue), a full relcache reset, a change of any role (superuser status, name), and a rolled
 * back subtransaction.  So a rule never acts on a stale mapping, and the common statement resolves
 * its actor without a query.
 */
#define AKTEUR_CACHE_GROESSE 8		/* a session may switch between a few roles */
typedef struct akteur_eintrag
{
	kaoa_akteur akteur;
	uint64		generation;		/* 0: empty */
} akteur_eintrag;

static akteur_eintrag akteur_cache[AKTEUR_CACHE_GROESSE];
static int	akteur_cache_naechster = 0;
static uint64 akteur_generation = 1;

static Oid	eigentuemer_cache = InvalidOid;
static uint64 eigentuemer_generation = 0;

/* relids whose invalidation drops the caches (learnt when the cache is filled) */
static Oid	akteur_relid = InvalidOid;
static Oid	bi_rolle_relid = InvalidOid;

void
kaoa_akteur_cache_verwerfen(void)
{
	akteur_generation++;
}

/* A rolled-back subtransaction may have written kaoa.akteur: forget what we resolved. */
static void
akteur_subxact_cb(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid,
				  void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		akteur_generation++;
}

static void
akteur_xact_cb(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		akteur_generation++;
}

static void
akteur_relcache_cb(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == akteur_relid || relid == bi_rolle_relid)
		akteur_generation++;
}

static void
akteur_rollen_cb(Datum arg, int cacheid, uint32 hashvalue)
{
	akteur_generation++;
}

void
kaoa_akteur_init(void)
{
	RegisterSubXactCallback(akteur_subxact_cb, NULL);
	RegisterXactCallback(akteur_xact_cb, NULL);
	CacheRegisterRelcacheCallback(akteur_relcache_cb, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, akteur_rollen_cb, (Datum) 0);
}

/* ---- the owner ------------------------------------------------------------------------------- */

/* pg_extension.extowner of kaoa, read through the catalogue's name index. */
static Oid
eigentuemer_lesen(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			owner = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("kaoa"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		owner = ((Form_pg_extension) GETSTRUCT(tup))->extowner;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return owner;
}

Oid
kaoa_eigentuemer_oid(void)
{
	if (eigentuemer_generation != akteur_generation || !OidIsValid(eigentuemer_cache))
	{
		Oid			nsp = get_namespace_oid("kaoa", true);

		eigentuemer_cache = eigentuemer_lesen();
		eigentuemer_generation = akteur_generation;
		if (OidIsValid(nsp))
		{
			akteur_relid = get_relname_relid("akteur", nsp);
			bi_rolle_relid = get_relname_relid("bi_rolle", nsp);
		}
		if (!OidIsValid(eigentuemer_cache))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("extension \"kaoa\" is not installed in this database"),
					 errhint("Run CREATE EXTENSION kaoa.")));
	}
	return eigentuemer_cache;
}

bool
kaoa_ist_verwalter(void)
{
	Oid			outer = GetOuterUserId();

	return superuser_arg(outer) || outer == kaoa_eigentuemer_oid();
}

void
kaoa_als_eigentuemer(kaoa_rechtewechsel *w)
{
	Oid			owner = kaoa_eigentuemer_oid();

	GetUserIdAndSecContext(&w->userid, &w->sec_context);
	SetUserIdAndSecContext(owner, w->sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
}

void
kaoa_rechte_zurueck(const kaoa_rechtewechsel *w)
{
	SetUserIdAndSecContext(w->userid, w->sec_context);
}

/* ---- SPI ------------------------------------------------------------------------------------------- */

/* Prepares p as the owner (so the plan never depends on the actor's row security) and keeps it. */
static void
plan_vorbereiten(kaoa_spi_plan *p)
{
	kaoa_rechtewechsel w;
	SPIPlanPtr	plan;

	kaoa_als_eigentuemer(&w);
	plan = SPI_prepare_cursor(p->sql, p->nargs, p->argtypes, p->generisch ? CURSOR_OPT_GENERIC_PLAN : 0);
	kaoa_rechte_zurueck(&w);
	if (plan == NULL)
		kaoa_spi_fehlgeschlagen(SPI_result, psprintf("SPI_prepare of %s", p->sql));
	if (SPI_keepplan(plan) != 0)
		kaoa_spi_fehlgeschlagen(SPI_ERROR_ARGUMENT, psprintf("SPI_keepplan of %s", p->sql));
	p->plan = plan;
}

uint64
kaoa_spi_als_eigentuemer(kaoa_spi_plan *p, Datum *werte, const char *nulls, bool read_only,
						 long max_zeilen)
{
	kaoa_rechtewechsel w;
	int			rc;

	if (p->plan == NULL)
		plan_vorbereiten(p);
	kaoa_als_eigentuemer(&w);
	rc = SPI_execute_plan(p->plan, werte, nulls, read_only, max_zeilen);
	kaoa_rechte_zurueck(&w);
	if (rc < 0)
		kaoa_spi_fehlgeschlagen(rc, psprintf("SPI_execute_plan of %s", p->sql));
	return SPI_processed;
}

/* ---- the actor ------------------------------------------------------------------------------ */

static kaoa_spi_plan plan_akteur = {
	"SELECT a.kommune, a.org_id, o.typ::pg_catalog.text, false"
	"  FROM kaoa.akteur a"
	"  LEFT JOIN kaoa.organisation o"
	"    ON o.kommune OPERATOR(pg_catalog.=) a.kommune AND o.org_id OPERATOR(pg_catalog.=) a.org_id"
	" WHERE a.rolle OPERATOR(pg_catalog.=) $1"
	" UNION ALL "
	"SELECT b.kommune, NULL, NULL, true FROM kaoa.bi_rolle b WHERE b.rolle OPERATOR(pg_catalog.=) $1",
	1, {NAMEOID}
};

static void
kommune_kopieren(char *ziel, const char *quelle)
{
	strlcpy(ziel, quelle ? quelle : "", KAOA_KOMMUNE_LEN + 1);
}

/* Looks the outer user up in kaoa.akteur / kaoa.bi_rolle (as the owner). */
static void
akteur_laden(kaoa_akteur *a)
{
	Oid			outer = GetOuterUserId();
	NameData	rolle;
	Datum		werte[1];
	uint64		n;
	bool		gefunden = false;

	memset(a, 0, sizeof(*a));
	a->rolle_oid = outer;
	a->org_typ = -1;
	strlcpy(a->rolle, GetUserNameFromId(outer, false), NAMEDATALEN);
	namestrcpy(&rolle, a->rolle);
	werte[0] = NameGetDatum(&rolle);

	kaoa_spi_verbinden();
	n = kaoa_spi_als_eigentuemer(&plan_akteur, werte, NULL, true, 0);
	for (uint64 i = 0; i < n; i++)
	{
		char	   *kommune = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		if (kaoa_spi_bool(i, 4, false))
		{
			kommune_kopieren(a->bi_kommune, kommune);
			continue;
		}
		gefunden = true;
		if (kaoa_spi_null(i, 2))
			a->art = KAOA_AKTEUR_SYSTEM;
		else
		{
			char	   *typ = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3);

			a->art = KAOA_AKTEUR_ORG;
			kommune_kopieren(a->kommune, kommune);
			a->org_id = kaoa_spi_int8(i, 2, 0);
			a->org_typ = kaoa_org_typ_aus_name(typ);
			if (a->org_typ < 0)
				elog(ERROR, "kaoa: organisation %lld has no known type", (long long) a->org_id);
		}
	}
	SPI_finish();

	if (!gefunden && a->bi_kommune[0] == '\0' &&
		(superuser_arg(outer) || outer == kaoa_eigentuemer_oid()))
		a->art = KAOA_AKTEUR_SYSTEM;
}

const kaoa_akteur *
kaoa_akteur_ermitteln(void)
{
	Oid			outer = GetOuterUserId();
	akteur_eintrag *e;
	uint64		generation;

	for (int i = 0; i < AKTEUR_CACHE_GROESSE; i++)
		if (akteur_cache[i].generation == akteur_generation && akteur_cache[i].akteur.rolle_oid == outer)
			return &akteur_cache[i].akteur;
	e = &akteur_cache[akteur_cache_naechster];
	akteur_cache_naechster = (akteur_cache_naechster + 1) % AKTEUR_CACHE_GROESSE;
	generation = akteur_generation;
	e->generation = 0;
	(void) kaoa_eigentuemer_oid();	/* learns the relids the invalidation watches */
	akteur_laden(&e->akteur);
	/* an invalidation that arrived while loading leaves the entry stale: load again next time */
	e->generation = generation == akteur_generation ? generation : 0;
	return &e->akteur;
}

const kaoa_akteur *
kaoa_akteur_verlangen(void)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();

	if (a->art == KAOA_AKTEUR_KEINER)
	{
		if (a->bi_kommune[0] != '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("role \"%s\" does not act for an organisation in kaoa", a->rolle),
					 errdetail("The role is registered for BI access to Kommune %s only.", a->bi_kommune),
					 errhint("BI roles read the views kaoa.v_*; a DBA registers actors with kaoa.akteur_anlegen(rolle, org_id).")));
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("role \"%s\" does not act for an organisation in kaoa", a->rolle),
				 errdetail("The role has no row in kaoa.akteur and is neither a superuser nor the owner of the extension."),
				 errhint("A DBA registers it with kaoa.akteur_anlegen(rolle, org_id), or with kaoa.system_zugang(rolle) for imports and scheduled jobs.")));
	}
	return a;
}

/* Every visibility and write rule of the areas starts with the same fast answers, taken from the
 * actor alone: so a KoKo scanning its Kommune, or the system, costs no look-up per row. */
int
kaoa_akteur_vorab(const kaoa_akteur *a, const char *kommune)
{
	if (a->art == KAOA_AKTEUR_SYSTEM)
		return 1;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return 0;
	if (a->org_typ == KO_KOKO)
		return 1;
	return -1;
}

/* The system and the KoKo of a Kommune keep its configuration and every record of it. */
bool
kaoa_akteur_verwaltet(const kaoa_akteur *a, const char *kommune)
{
	return kaoa_akteur_vorab(a, kommune) == 1;
}

/* ---- SQL-callable ---------------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(kaoa_akteur_org);
PG_FUNCTION_INFO_V1(kaoa_akteur_aktuell);
PG_FUNCTION_INFO_V1(kaoa_kommune_verwaltbar);
PG_FUNCTION_INFO_V1(kaoa_bi_kommunen);
PG_FUNCTION_INFO_V1(kaoa_akteur_geaendert);

/* kaoa.akteur_org() → bigint: the actor's organisation; NULL for the system and unknown roles.
 * The default of kontaktversuch.org_id. */
Datum
kaoa_akteur_org(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();

	if (a->art != KAOA_AKTEUR_ORG)
		PG_RETURN_NULL();
	PG_RETURN_INT64(a->org_id);
}

/* kaoa.akteur_aktuell() → (rolle, art, kommune, org_id, org_typ): who the rules take you for. */
Datum
kaoa_akteur_aktuell(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	TupleDesc	tupdesc;
	Datum		werte[5];
	bool		nulls[5] = {false, false, true, true, true};
	const char *art;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "kaoa: akteur_aktuell must return a row");
	tupdesc = BlessTupleDesc(tupdesc);
	art = a->art == KAOA_AKTEUR_ORG ? "organisation" :
		a->art == KAOA_AKTEUR_SYSTEM ? "system" :
		a->bi_kommune[0] ? "bi" : "keiner";
	{
		NameData   *n = palloc(sizeof(NameData));

		namestrcpy(n, a->rolle);
		werte[0] = NameGetDatum(n);
	}
	werte[1] = CStringGetTextDatum(art);
	if (a->art == KAOA_AKTEUR_ORG)
	{
		Oid			typoid = TupleDescAttr(tupdesc, 4)->atttypid;
		Oid			enumoid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
											  ObjectIdGetDatum(typoid),
											  CStringGetDatum(kaoa_org_typ_namen[a->org_typ]));

		werte[2] = CStringGetTextDatum(a->kommune);
		werte[3] = Int64GetDatum(a->org_id);
		werte[4] = ObjectIdGetDatum(enumoid);
		nulls[2] = nulls[3] = nulls[4] = false;
	}
	else if (a->bi_kommune[0])
	{
		werte[2] = CStringGetTextDatum(a->bi_kommune);
		nulls[2] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, werte, nulls)));
}

/* kaoa.kommune_verwaltbar(kommune): may the actor maintain this Kommune's configuration
 * (kommune, organisation, fristen rows)?  The system, and the KoKo of that Kommune. */
Datum
kaoa_kommune_verwaltbar(PG_FUNCTION_ARGS)
{
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(kaoa_akteur_verwaltet(kaoa_akteur_ermitteln(), kommune));
}

/* kaoa.bi_kommunen() → setof text: the Kommunen whose aggregates the caller may read in the
 * kaoa.v_* views: a BI role its one Kommune, an organisation's actor its own, the system all. */
Datum
kaoa_bi_kommunen(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	static kaoa_spi_plan plan_alle = {"SELECT k.kommune FROM kaoa.kommune k", 0, {0}};

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (a->art == KAOA_AKTEUR_SYSTEM)
	{
		uint64		n;

		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_alle, NULL, NULL, true, 0);
		for (uint64 i = 0; i < n; i++)
		{
			Datum		wert;
			bool		isnull = false;
			MemoryContext alt = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);

			wert = CStringGetTextDatum(SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &wert, &isnull);
			MemoryContextSwitchTo(alt);
		}
		SPI_finish();
	}
	else
	{
		const char *k = a->art == KAOA_AKTEUR_ORG ? a->kommune : a->bi_kommune;

		if (k[0] != '\0')
		{
			Datum		wert = CStringGetTextDatum(k);
			bool		isnull = false;

			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &wert, &isnull);
		}
	}
	return (Datum) 0;
}

/* Statement trigger on kaoa.akteur and kaoa.bi_rolle: drop the cached actor here, and (through a
 * relcache invalidation sent at commit) in every other session. */
Datum
kaoa_akteur_geaendert(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.akteur_geaendert",
										 KAOA_TRIGGER_NACH | KAOA_TRIGGER_ANWEISUNG);

	CacheInvalidateRelcacheByRelid(RelationGetRelid(td->tg_relation));
	kaoa_akteur_cache_verwerfen();
	return PointerGetDatum(NULL);
}
