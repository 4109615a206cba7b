/*
 * match_zuteilung.c — kaoa.stabile_zuteilung and kaoa.zuteilung_berechnen (docs/matching.md).
 *
 * Design note.  Both feed the pure-C deferred acceptance (core/zuteilung.c) with dense arrays:
 *
 *   - kaoa.stabile_zuteilung runs the caller's two queries through SPI as the caller (SECURITY
 *     INVOKER: row-level security applies to whatever they read).  Each text must be exactly one
 *     plain SELECT; its columns are checked by position and type before a row is read, then the
 *     rows are read through a cursor in batches, every bad value refused with its own SQLSTATE:
 *       42601 not exactly one statement         42P11 not a plain SELECT
 *       42804 wrong number or types of columns  22004 a NULL
 *       22023 a NaN score                       22003 negative (or too many) seats
 *       23505 two capacity rows for one offer   23503 a pair whose offer has no capacity row
 *       21000 the same (bewerber, angebot) pair twice
 *   - kaoa.zuteilung_berechnen reads the open applicants of a Kommune and school year and the
 *     offers with seats (as the owner, with the statement's snapshot), streams each applicant's
 *     top-k eligible offers from the index (praeferenz = passung, prioritaet = the offer-side
 *     priority), runs the assignment and stores run, proposals and cutoffs.
 *
 * Long runs report progress with NOTICEs (every kaoa.fortschritt_sekunden, default 5; the message
 * names the work done, the DETAIL the time, so that terse output is reproducible) and a summary when
 * they took longer than that; they check for query cancel between applicants, between batches and every KAOA_ZUTEILUNG_TAKT proposals.  All
 * memory comes from a context of the call, so an error or a cancel frees it.
 */
#include "base/verstoss.h"
#include "base/kaoa.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/array.h"
#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "base/akteur.h"
#include "match/core/zuteilung.h"
#include "match/match.h"

PG_FUNCTION_INFO_V1(kaoa_stabile_zuteilung);
PG_FUNCTION_INFO_V1(kaoa_zuteilung_berechnen);

/* Rows fetched from a cursor at a time. */
#define BATCH 10000

/* ---- progress ------------------------------------------------------------------------------ */

typedef struct fortschritt
{
	const char *funktion;
	TimestampTz start;
	TimestampTz naechste;
	int64		intervall_ms;
} fortschritt;

static void
fortschritt_start(fortschritt *f, const char *funktion)
{
	f->funktion = funktion;
	f->start = GetCurrentTimestamp();
	f->intervall_ms = (int64) (kaoa_fortschritt_sekunden * 1000.0);
	f->naechste = TimestampTzPlusMilliseconds(f->start, f->intervall_ms);
}

/* True (and the next report due one interval later) when a report is due now. */
static bool
fortschritt_faellig(fortschritt *f)
{
	TimestampTz jetzt = GetCurrentTimestamp();

	if (jetzt < f->naechste)
		return false;
	f->naechste = TimestampTzPlusMilliseconds(jetzt, f->intervall_ms);
	return true;
}

/* True when the run lasted at least one interval: it gets a closing summary. */
static bool
fortschritt_lang(const fortschritt *f)
{
	return GetCurrentTimestamp() >= TimestampTzPlusMilliseconds(f->start, f->intervall_ms);
}

static double
sekunden_seit(TimestampTz t)
{
	return (double) (GetCurrentTimestamp() - t) / 1000000.0;
}

/* The DA core's callback: cancel check and, when due, a NOTICE. */
static void
da_fortschritt(void *ctx, int64_t antraege, int64_t n_kanten)
{
	fortschritt *f = ctx;

	CHECK_FOR_INTERRUPTS();
	if (fortschritt_faellig(f))
		ereport(NOTICE,
				(errmsg("%s: assignment running, %lld proposals over %lld pairs",
						f->funktion, (long long) antraege, (long long) n_kanten),
				 errdetail("%.1f s since the start.", sekunden_seit(f->start))));
}

/* ---- checking the queries ------------------------------------------------------------------ */

/* What a column may be: an id (int2/4/8 → int64), a score (any number → float8), seats (int2/4/8). */
typedef enum spaltenart
{
	SP_ID,
	SP_ZAHL,
	SP_PLAETZE
} spaltenart;

typedef struct spalte_def
{
	const char *name;
	spaltenart	art;
} spalte_def;

static const spalte_def kandidaten_spalten[] = {
	{"bewerber", SP_ID}, {"angebot", SP_ID}, {"praeferenz", SP_ZAHL}, {"prioritaet", SP_ZAHL}
};
static const spalte_def kapazitaeten_spalten[] = {
	{"angebot", SP_ID}, {"plaetze", SP_PLAETZE}
};

/* The form a query must have, as the errhint of a refusal (called inside ereport). */
static int
form_hinweis(bool kandidaten)
{
	if (kandidaten)
		return errhint("kandidaten must return (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8), by position.");
	return errhint("kapazitaeten must return (angebot bigint, plaetze int), by position.");
}

/* The same, for a column of the wrong type, with the cast that fixes it. */
static int
form_cast_hinweis(bool kandidaten, const char *cast)
{
	if (kandidaten)
		return errhint("kandidaten must return (bewerber bigint, angebot bigint, praeferenz float8, prioritaet float8), by position; add a cast such as ::%s.", cast);
	return errhint("kapazitaeten must return (angebot bigint, plaetze int), by position; add a cast such as ::%s.", cast);
}

/* The text must be exactly one plain SELECT (no INTO, no data-modifying WITH). */
static void
abfrage_pruefen(const char *sql, const char *parameter, bool kandidaten)
{
	List	   *baeume = raw_parser(sql, RAW_PARSE_DEFAULT);
	RawStmt    *raw;
	SelectStmt *sel;
	ListCell   *lc;

	if (list_length(baeume) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s must be exactly one SELECT statement", parameter),
				 errdetail("The text holds %d statements.", list_length(baeume)),
				 form_hinweis(kandidaten)));
	raw = linitial_node(RawStmt, baeume);
	if (!IsA(raw->stmt, SelectStmt) || ((SelectStmt *) raw->stmt)->intoClause != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_CURSOR_DEFINITION),
				 errmsg("%s must be a plain SELECT", parameter),
				 IsA(raw->stmt, SelectStmt) ?
				 errdetail("The statement is a SELECT INTO.") :
				 errdetail("The statement is not a SELECT (INSERT, UPDATE, DELETE, utility statements and the like are refused)."),
				 form_hinweis(kandidaten)));
	sel = (SelectStmt *) raw->stmt;
	if (sel->withClause != NULL)
		foreach(lc, sel->withClause->ctes)
		{
			CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

			if (!IsA(cte->ctequery, SelectStmt))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_CURSOR_DEFINITION),
						 errmsg("%s must be a plain SELECT", parameter),
						 errdetail("The WITH query \"%s\" modifies data.", cte->ctename),
						 form_hinweis(kandidaten)));
		}
}

static bool
typ_passt(Oid typ, spaltenart art)
{
	switch (art)
	{
		case SP_ID:
		case SP_PLAETZE:
			return typ == INT8OID || typ == INT4OID || typ == INT2OID;
		case SP_ZAHL:
			return typ == FLOAT8OID || typ == FLOAT4OID || typ == NUMERICOID ||
				typ == INT8OID || typ == INT4OID || typ == INT2OID;
	}
	return false;
}

/* Checks the number and types of the result columns. */
static void
spalten_pruefen(TupleDesc td, const spalte_def *defs, int n, const char *parameter, bool kandidaten)
{
	int			i;

	if (td->natts != n)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s returns %d columns, expected %d", parameter, td->natts, n),
				 errdetail("The columns are read by position."),
				 form_hinweis(kandidaten)));
	for (i = 0; i < n; i++)
	{
		Oid			typ = TupleDescAttr(td, i)->atttypid;

		if (!typ_passt(typ, defs[i].art))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column %d (%s) of %s has type %s", i + 1, defs[i].name, parameter,
							format_type_be(typ)),
					 defs[i].art == SP_ZAHL ?
					 errdetail("%s accepts float8, float4, numeric or an integer type there.", parameter) :
					 errdetail("%s accepts bigint, integer or smallint there.", parameter),
					 form_cast_hinweis(kandidaten,
									   defs[i].art == SP_ZAHL ? "float8" : (defs[i].art == SP_ID ? "bigint" : "int"))));
	}
}

/* The value of column i of a row, or a 22004 naming the row. */
static Datum
wert_lesen(HeapTuple tup, TupleDesc td, int i, int64 zeile, const spalte_def *def, const char *parameter)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, i + 1, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s returned NULL in column %d (%s)", parameter, i + 1, def->name),
				 errdetail("Row %lld of the result has a NULL %s.", (long long) zeile, def->name),
				 errhint("Filter NULLs out (WHERE %s IS NOT NULL) or replace them (coalesce).", def->name)));
	return d;
}

static int64
als_int8(Datum d, Oid typ)
{
	if (typ == INT8OID)
		return DatumGetInt64(d);
	if (typ == INT4OID)
		return DatumGetInt32(d);
	return DatumGetInt16(d);
}

static double
als_float8(Datum d, Oid typ)
{
	switch (typ)
	{
		case FLOAT8OID:
			return DatumGetFloat8(d);
		case FLOAT4OID:
			return DatumGetFloat4(d);
		case NUMERICOID:
			return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, d));
		default:
			return (double) als_int8(d, typ);
	}
}

/* Opens the (checked) query as a read-only cursor of the caller; the result columns are checked. */
static Portal
cursor_oeffnen(const char *sql, const spalte_def *defs, int n, const char *parameter, bool kandidaten)
{
	SPIPlanPtr	plan;
	Portal		portal;

	abfrage_pruefen(sql, parameter, kandidaten);
	plan = SPI_prepare(sql, 0, NULL);
	if (plan == NULL)
		kaoa_spi_fehlgeschlagen(SPI_result, psprintf("SPI_prepare of %s", parameter));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	if (portal == NULL)
		kaoa_spi_fehlgeschlagen(SPI_result, psprintf("SPI_cursor_open of %s", parameter));
	spalten_pruefen(portal->tupDesc, defs, n, parameter, kandidaten);
	return portal;
}

/* ---- kaoa.stabile_zuteilung ---------------------------------------------------------------- */

typedef struct eingabe_puffer
{
	MemoryContext ctx;			/* where the arrays live (not SPI's, which SPI_finish frees) */
	kaoa_idmap	bewerber;		/* id → dense index (stabile_zuteilung only) */
	kaoa_idmap	angebote;
	int32		n_bewerber;
	int32		n_angebote;
	int64	   *bewerber_id;
	int64		bewerber_kap;
	int64	   *angebot_id;
	int64		angebot_kap;
	int32	   *plaetze;
	int64		plaetze_kap;
	kaoa_kante *kanten;
	int64		n_kanten;
	int64		kanten_kap;
} eingabe_puffer;

/* Grows a huge array in ctx to at least n elements (doubling). */
static void *
wachsen(MemoryContext ctx, void *p, int64 *kap, int64 n, size_t groesse)
{
	int64		neu = *kap;

	if (n <= *kap)
		return p;
	while (neu < n)
		neu = neu < 1024 ? 1024 : neu * 2;
	p = p ? repalloc_huge(p, (Size) neu * groesse) : MemoryContextAllocHuge(ctx, (Size) neu * groesse);
	*kap = neu;
	return p;
}

static void
kapazitaeten_lesen(const char *sql, eingabe_puffer *e, fortschritt *f)
{
	Portal		portal = cursor_oeffnen(sql, kapazitaeten_spalten, 2, "kapazitaeten", false);
	TupleDesc	td = portal->tupDesc;
	Oid			t_id = TupleDescAttr(td, 0)->atttypid,
				t_pl = TupleDescAttr(td, 1)->atttypid;
	int64		zeile = 0;

	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, BATCH);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			int64		id,
						plaetze;
			bool		neu;
			int32		idx;

			zeile++;
			if (zeile > kaoa_zuteilung_max_paare)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("kapazitaeten returns more than %d rows", kaoa_zuteilung_max_paare),
						 errdetail("kaoa.zuteilung_max_paare is %d; kaoa.stabile_zuteilung stops reading at the first row beyond it.",
								   kaoa_zuteilung_max_paare),
						 errhint("Return one row per offer that kandidaten names; a superuser may raise kaoa.zuteilung_max_paare.")));
			id = als_int8(wert_lesen(tup, td, 0, zeile, &kapazitaeten_spalten[0], "kapazitaeten"), t_id);
			plaetze = als_int8(wert_lesen(tup, td, 1, zeile, &kapazitaeten_spalten[1], "kapazitaeten"), t_pl);
			if (plaetze < 0 || plaetze > PG_INT32_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("kapazitaeten gives offer %lld %lld seats", (long long) id, (long long) plaetze),
						 errdetail("Row %lld: seats must be between 0 and %d.", (long long) zeile, PG_INT32_MAX),
						 errhint("Give every offer a seat count >= 0 (0 takes it out of the assignment).")));
			idx = kaoa_idmap_eintragen(&e->angebote, id, &neu);
			if (idx < 0)
				kaoa_kein_speicher(errdetail("Failed while mapping offer ids."));
			if (!neu)
				ereport(ERROR,
						(errcode(ERRCODE_UNIQUE_VIOLATION),
						 errmsg("kapazitaeten has more than one row for offer %lld", (long long) id),
						 errdetail("Row %lld repeats offer %lld.", (long long) zeile, (long long) id),
						 errhint("Return one row per offer (GROUP BY angebot, or DISTINCT ON).")));
			e->angebot_id = wachsen(e->ctx, e->angebot_id, &e->angebot_kap, idx + 1, sizeof(int64));
			e->plaetze = wachsen(e->ctx, e->plaetze, &e->plaetze_kap, idx + 1, sizeof(int32));
			e->n_angebote = idx + 1;
			e->angebot_id[idx] = id;
			e->plaetze[idx] = (int32) plaetze;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
}

static void
kandidaten_lesen(const char *sql, eingabe_puffer *e, fortschritt *f)
{
	Portal		portal = cursor_oeffnen(sql, kandidaten_spalten, 4, "kandidaten", true);
	TupleDesc	td = portal->tupDesc;
	Oid			typ[4];
	int64		zeile = 0;
	int			i;

	for (i = 0; i < 4; i++)
		typ[i] = TupleDescAttr(td, i)->atttypid;
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, BATCH);
		if (SPI_processed == 0)
			break;
		if (e->n_kanten + (int64) SPI_processed > kaoa_zuteilung_max_paare)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("kandidaten returns more than %d candidate pairs", kaoa_zuteilung_max_paare),
					 errdetail("kaoa.zuteilung_max_paare is %d (each pair takes 70 to 120 bytes of the server's memory while the assignment runs); %lld rows had been fetched when the limit was passed.",
							   kaoa_zuteilung_max_paare, (long long) (e->n_kanten + (int64) SPI_processed)),
					 errhint("Pass fewer pairs (each applicant's best offers only), split the run by Kommune or school year, or ask a superuser to raise kaoa.zuteilung_max_paare.")));
		e->kanten = wachsen(e->ctx, e->kanten, &e->kanten_kap, e->n_kanten + (int64) SPI_processed, sizeof(kaoa_kante));
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			int64		b_id,
						a_id;
			double		praef,
						prio;
			int32		b,
						a;
			bool		neu;
			kaoa_kante *k;

			zeile++;
			b_id = als_int8(wert_lesen(tup, td, 0, zeile, &kandidaten_spalten[0], "kandidaten"), typ[0]);
			a_id = als_int8(wert_lesen(tup, td, 1, zeile, &kandidaten_spalten[1], "kandidaten"), typ[1]);
			praef = als_float8(wert_lesen(tup, td, 2, zeile, &kandidaten_spalten[2], "kandidaten"), typ[2]);
			prio = als_float8(wert_lesen(tup, td, 3, zeile, &kandidaten_spalten[3], "kandidaten"), typ[3]);
			if (isnan(praef) || isnan(prio))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("kandidaten returned NaN as %s", isnan(praef) ? "praeferenz" : "prioritaet"),
						 errdetail("Row %lld (bewerber %lld, angebot %lld).",
								   (long long) zeile, (long long) b_id, (long long) a_id),
						 errhint("Scores must be ordered numbers; NaN has no place in a ranking.")));
			a = kaoa_idmap_suchen(&e->angebote, a_id);
			if (a < 0)
				ereport(ERROR,
						(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
						 errmsg("offer %lld in kandidaten has no row in kapazitaeten", (long long) a_id),
						 errdetail("Row %lld pairs bewerber %lld with offer %lld, for which kapazitaeten gives no seat count.", (long long) zeile, (long long) b_id, (long long) a_id),
						 errhint("kapazitaeten must return a row for every offer that kandidaten names.")));
			b = kaoa_idmap_eintragen(&e->bewerber, b_id, &neu);
			if (b < 0)
				kaoa_kein_speicher(errdetail("Failed while mapping applicant ids."));
			if (neu)
			{
				e->bewerber_id = wachsen(e->ctx, e->bewerber_id, &e->bewerber_kap, b + 1, sizeof(int64));
				e->bewerber_id[b] = b_id;
				e->n_bewerber = b + 1;
			}
			k = &e->kanten[e->n_kanten++];
			k->bewerber = b;
			k->angebot = a;
			k->praeferenz = praef;
			k->prioritaet = prio;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
		if (fortschritt_faellig(f))
			ereport(NOTICE,
					(errmsg("%s: %lld candidate pairs read", f->funktion, (long long) e->n_kanten),
					 errdetail("%.1f s since the start.", sekunden_seit(f->start))));
	}
	SPI_cursor_close(portal);
}

/* Runs DA over the buffer; raises the SQLSTATE of any refused input. */
static void
da_rechnen(eingabe_puffer *e, int64 seed, fortschritt *f, kaoa_zuteilung_ergebnis *r,
		   const char *funktion)
{
	kaoa_zuteilung_eingabe in;
	kaoa_speicher s;
	kaoa_zuteilung_status st;

	kaoa_speicher_init(&s, CurrentMemoryContext);
	memset(&in, 0, sizeof(in));
	in.n_bewerber = e->n_bewerber;
	in.bewerber_id = e->bewerber_id;
	in.n_angebote = e->n_angebote;
	in.angebot_id = e->angebot_id;
	in.plaetze = e->plaetze;
	in.n_kanten = e->n_kanten;
	in.kanten = e->kanten;
	in.seed = seed;
	in.fortschritt = da_fortschritt;
	in.fortschritt_ctx = f;
	in.speicher = &s;
	st = kaoa_zuteilung_da(&in, r);
	switch (st)
	{
		case KAOA_ZT_OK:
			return;
		case KAOA_ZT_DOPPELTES_PAAR:
			{
				const kaoa_kante *k = &e->kanten[r->fehler_kante];

				ereport(ERROR,
						(errcode(ERRCODE_CARDINALITY_VIOLATION),
						 errmsg("kandidaten returned the pair (bewerber %lld, angebot %lld) twice",
								(long long) e->bewerber_id[k->bewerber], (long long) e->angebot_id[k->angebot]),
						 errdetail("Row %lld repeats an earlier row's pair.", (long long) (r->fehler_kante + 1)),
						 errhint("Return each acceptable pair once (DISTINCT ON (bewerber, angebot), or aggregate).")));
			}
			break;
		case KAOA_ZT_NEGATIVE_PLAETZE:
		case KAOA_ZT_NAN:
		case KAOA_ZT_INDEX:
			elog(ERROR, "kaoa: %s: input the reader should have refused (status %d)", funktion, (int) st);
			break;
		case KAOA_ZT_SPEICHER:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory in %s", funktion),
					 errdetail("%lld candidate pairs.", (long long) e->n_kanten),
					 errhint("Pass fewer candidate pairs (a smaller k), or raise the memory available to the server.")));
			break;
	}
}

static int
paar_vergleich(const void *pa, const void *pb)
{
	const int64 *a = pa,
			   *b = pb;

	return a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : 0);
}

/* The assignment functions act (or answer "nobody assigned" with an empty set), so a NULL
 * argument is an error rather than the silent NULL of a STRICT function.  hinweis is the caller's
 * errhint(...), written at the call site so it can be translated. */
#define argument_verlangen(fcinfo, i, name, hinweis) \
	do { \
		if (PG_ARGISNULL(i)) \
			ereport(ERROR, \
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), \
					 errmsg("%s must not be NULL", (name)), \
					 errdetail("Argument %d (%s) of %s is NULL.", (i) + 1, (name), \
							   get_func_name((fcinfo)->flinfo->fn_oid)), \
					 hinweis)); \
	} while (0)

/*
 * kaoa.stabile_zuteilung(kandidaten text, kapazitaeten text, seed bigint default 0) →
 * table(bewerber bigint, angebot bigint) The applicant-optimal stable matching of docs/matching.md,
 * assigned applicants only, by bewerber ascending.
 */
Datum
kaoa_stabile_zuteilung(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *kandidaten;
	char	   *kapazitaeten;
	int64		seed;
	MemoryContext arbeit,
				alt;
	eingabe_puffer e;
	kaoa_zuteilung_ergebnis r;
	fortschritt f;
	TimestampTz da_start;
	int64	   *paare;
	int32		n = 0,
				b;

	argument_verlangen(fcinfo, 0, "kandidaten", form_hinweis(true));
	argument_verlangen(fcinfo, 1, "kapazitaeten", form_hinweis(false));
	argument_verlangen(fcinfo, 2, "seed", errhint("Pass the seed of the lottery between equal priorities, or leave it out for the default 0."));
	kandidaten = text_to_cstring(PG_GETARG_TEXT_PP(0));
	kapazitaeten = text_to_cstring(PG_GETARG_TEXT_PP(1));
	seed = PG_GETARG_INT64(2);
	InitMaterializedSRF(fcinfo, 0);
	arbeit = AllocSetContextCreate(CurrentMemoryContext, "kaoa stabile_zuteilung", ALLOCSET_DEFAULT_SIZES);
	alt = MemoryContextSwitchTo(arbeit);
	fortschritt_start(&f, "kaoa.stabile_zuteilung");
	memset(&e, 0, sizeof(e));
	e.ctx = arbeit;
	{
		kaoa_speicher *s = palloc(sizeof(kaoa_speicher));

		kaoa_speicher_init(s, arbeit);
		if (!kaoa_idmap_init(&e.bewerber, s, 1024) || !kaoa_idmap_init(&e.angebote, s, 1024))
			kaoa_kein_speicher(errdetail("Failed while setting up the id maps."));
	}

	kaoa_spi_verbinden();
	kapazitaeten_lesen(kapazitaeten, &e, &f);
	kandidaten_lesen(kandidaten, &e, &f);
	SPI_finish();

	da_start = GetCurrentTimestamp();
	da_rechnen(&e, seed, &f, &r, "kaoa.stabile_zuteilung");
	if (fortschritt_lang(&f))
		ereport(NOTICE,
				(errmsg("kaoa.stabile_zuteilung: %d applicants, %d offers, %lld pairs, %lld proposals", e.n_bewerber, e.n_angebote, (long long) e.n_kanten, (long long) r.antraege),
				 errdetail("Reading the queries took %.3f s, the assignment %.3f s.",
						   (double) (da_start - f.start) / 1e6, sekunden_seit(da_start))));

	/* assigned pairs, by bewerber id */
	paare = palloc(sizeof(int64) * 2 * (e.n_bewerber > 0 ? e.n_bewerber : 1));
	for (b = 0; b < e.n_bewerber; b++)
		if (r.angebot_von[b] >= 0)
		{
			paare[2 * n] = e.bewerber_id[b];
			paare[2 * n + 1] = e.angebot_id[r.angebot_von[b]];
			n++;
		}
	qsort(paare, n, 2 * sizeof(int64), paar_vergleich);
	MemoryContextSwitchTo(alt);
	for (b = 0; b < n; b++)
	{
		Datum		werte[2];
		bool		nulls[2] = {false, false};

		werte[0] = Int64GetDatum(paare[2 * b]);
		werte[1] = Int64GetDatum(paare[2 * b + 1]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	MemoryContextDelete(arbeit);
	return (Datum) 0;
}

/* ---- kaoa.zuteilung_berechnen -------------------------------------------------------------- */

static kaoa_spi_plan plan_kommune = {
	"SELECT 1 FROM kaoa.kommune WHERE kommune OPERATOR(pg_catalog.=) $1", 1, {TEXTOID}
};
static kaoa_spi_plan plan_offene;
static kaoa_spi_plan plan_lauf = {
	"INSERT INTO kaoa.zuteilung_lauf (kommune, schuljahr, seed, k, rolle, gewichtung, bewerber, angebote,"
	" kandidaten, zugeteilt) VALUES ($1, $2, $3, $4, $5, $6::pg_catalog.jsonb, $7, $8, $9, $10) RETURNING lauf_id",
	10, {TEXTOID, INT4OID, INT8OID, INT4OID, NAMEOID, TEXTOID, INT4OID, INT4OID, INT8OID, INT4OID}
};
static kaoa_spi_plan plan_zuteilung = {
	"INSERT INTO kaoa.zuteilung (kommune, lauf_id, person_id, angebot_id, passung, prioritaet)"
	" SELECT $1, $2, u.p, u.a, u.s, u.q"
	"   FROM ROWS FROM (pg_catalog.unnest($3::pg_catalog.int8[]), pg_catalog.unnest($4::pg_catalog.int8[]),"
	"                   pg_catalog.unnest($5::pg_catalog.float8[]), pg_catalog.unnest($6::pg_catalog.float8[]))"
	"        AS u(p, a, s, q)",
	6, {TEXTOID, INT8OID, INT8ARRAYOID, INT8ARRAYOID, FLOAT8ARRAYOID, FLOAT8ARRAYOID}
};
static kaoa_spi_plan plan_grenze = {
	"INSERT INTO kaoa.zuteilung_grenze (kommune, lauf_id, angebot_id, grenze)"
	" SELECT $1, $2, u.a, u.g"
	"   FROM ROWS FROM (pg_catalog.unnest($3::pg_catalog.int8[]), pg_catalog.unnest($4::pg_catalog.float8[])) AS u(a, g)",
	4, {TEXTOID, INT8OID, INT8ARRAYOID, FLOAT8ARRAYOID}
};

/* The open applicants of a Kommune and school year with a usable profile: a case of that year in
 * ohne_anschluss, in_beratung, nicht_angetreten or nicht_erreichbar. */
static void
plan_offene_vorbereiten(void)
{
	if (plan_offene.sql != NULL)
		return;
	plan_offene.sql =
		MemoryContextStrdup(TopMemoryContext,
							psprintf("SELECT %s %s"
									 " WHERE pe.kommune OPERATOR(pg_catalog.=) $1"
									 "   AND p.person_id IS NOT NULL"
									 "   AND EXISTS (SELECT 1 FROM kaoa.fall o"
									 "                WHERE o.kommune OPERATOR(pg_catalog.=) pe.kommune"
									 "                  AND o.person_id OPERATOR(pg_catalog.=) pe.person_id"
									 "                  AND o.schuljahr OPERATOR(pg_catalog.=) $2"
									 "                  AND o.status OPERATOR(pg_catalog.=) ANY"
									 "   ('{ohne_anschluss,in_beratung,nicht_angetreten,nicht_erreichbar}'::kaoa.fall_status[]))"
									 " ORDER BY pe.person_id",
									 MATCH_BEWERBER_SPALTEN, MATCH_BEWERBER_VON));
	plan_offene.nargs = 2;
	plan_offene.argtypes[0] = TEXTOID;
	plan_offene.argtypes[1] = INT4OID;
}

/* Only the system and the KoKo of the Kommune run assignments for it. */
static void
berechtigung_pruefen(const kaoa_akteur *a, const char *kommune)
{
	if (kaoa_ist_system(a))
		return;
	if (a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kommune) == 0 && a->org_typ == KO_KOKO)
		return;
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("zuteilung_lauf", "kommune", "match_zuteilung_koko"),
				  errmsg("role \"%s\" may not compute assignments for Kommune %s", a->rolle, kommune),
				  a->art == KAOA_AKTEUR_ORG ?
				  errdetail("The role acts for organisation %lld of Kommune %s.", (long long) a->org_id, a->kommune) :
				  errdetail("The role acts for no organisation."),
				  errhint("kaoa.zuteilung_berechnen is run by the KoKo of the Kommune or by the system."));
}

static ArrayType *
int8_array(const int64 *werte, const bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(werte[i]);
	return construct_md_array(d, (bool *) nulls, 1, dims, lbs, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

static ArrayType *
float8_array(const double *werte, const bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(werte[i]);
	return construct_md_array(d, (bool *) nulls, 1, dims, lbs, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* The weights as a jsonb text, for zuteilung_lauf.gewichtung. */
static char *
gewichte_json(const kaoa_gewichte *g)
{
	StringInfoData s;
	int			k;

	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	for (k = 0; k < KAOA_KOMPONENTEN; k++)
	{
		char		zahl[DOUBLE_SHORTEST_DECIMAL_LEN];

		double_to_shortest_decimal_buf(g->w[k], zahl);
		appendStringInfo(&s, "%s\"%s\": %s", k ? ", " : "", kaoa_komponente_name(k), zahl);
	}
	appendStringInfoChar(&s, '}');
	return s.data;
}

/* ---- the searches of a large run, in threads ------------------------------------------------ */

/*
 * Design note.  The top-k searches of the applicants are independent and pure C: the index is only
 * read, each thread has its own scratch space (kaoa_angebotssuche, allocated by the main thread
 * before any worker starts) and writes its results into its applicants' slots of preallocated
 * arrays.  The worker threads call nothing of PostgreSQL — no palloc, no ereport, no interrupt
 * processing, no PostgreSQL global — and run with every signal blocked, so signals reach the main
 * thread only.  The applicants are searched in blocks of BLOCK (so the extra hit buffer stays
 * BLOCK × k, whatever the size of the run); for each block the workers are started, the main
 * thread searches too, and all are joined before the block's hits are copied into the pairs.
 *
 * While workers run, the main thread holds interrupts off (HOLD_INTERRUPTS), so that nothing it
 * calls — a progress NOTICE blocked on the client's socket, say — can act on a termination and
 * exit the process under the workers' feet.  Between its chunks it looks at the interrupt flags
 * without acting on them: on a cancel or termination it tells the workers to stop, joins them,
 * and only then resumes interrupts and lets CHECK_FOR_INTERRUPTS raise the error.  Should anything
 * the main thread does raise an error while workers run, PG_CATCH stops and joins them before the
 * error goes on, so no thread ever touches memory that the error's cleanup frees.  A thread that
 * cannot be created is no error: the threads that did start (at least the main thread) do all the
 * work, and the result is the same.  Applicants are handed out in chunks by an atomic counter;
 * each applicant's hits depend on nothing but the applicant, the index and the weights, so the
 * result is the same for any number of threads (match_berechnen.sql compares 1, 2 and 3).
 */

/* Applicants from which a run uses threads (smaller runs stay sequential and their progress
 * reports deterministic). */
#define PARALLEL_AB 2048
/* Applicants per block: the threads are started and joined once per block. */
#define BLOCK 2048
/* Applicants per chunk. */
#define CHUNK 32

typedef struct suchauftrag
{
	const kaoa_angebotsindex *ix;
	const match_bewerber *bewerber;
	int32		n_bewerber;
	const kaoa_gewichte *g;
	int32		k;
	kaoa_treffer *treffer;		/* n_bewerber × k */
	int32	   *anzahl;			/* hits per applicant */
	int32		naechster;		/* next chunk (atomic) */
	int32		fertig;			/* applicants done (atomic) */
	int32		abbrechen;		/* set by the main thread on a cancel (atomic) */
} suchauftrag;

typedef struct sucharbeiter
{
	suchauftrag *a;
	kaoa_angebotssuche *sc;
	kaoa_suchstatistik st;
	pthread_t	thread;
} sucharbeiter;

/* The searchers of one run: w[0] is the main thread, w[1..] the workers of each block. */
typedef struct suchteam
{
	int			n_threads;
	int			gestartet_min;	/* fewest workers any block could start */
	int			create_fehler;	/* the last pthread_create error (0: none) */
	sucharbeiter *w;
} suchteam;

/* Searches one chunk; false when there is no work left or the run was cancelled. */
static bool
chunk_suchen(sucharbeiter *w)
{
	suchauftrag *a = w->a;
	int32		von,
				bis,
				i;

	if (__atomic_load_n(&a->abbrechen, __ATOMIC_RELAXED))
		return false;
	von = __atomic_fetch_add(&a->naechster, CHUNK, __ATOMIC_RELAXED);
	if (von >= a->n_bewerber)
		return false;
	bis = von + CHUNK < a->n_bewerber ? von + CHUNK : a->n_bewerber;
	for (i = von; i < bis; i++)
		a->anzahl[i] = kaoa_angebotsindex_top_mit(a->ix, w->sc, &a->bewerber[i].b, a->g, a->k,
												  &a->treffer[(Size) i * a->k], &w->st);
	__atomic_fetch_add(&a->fertig, bis - von, __ATOMIC_RELAXED);
	return true;
}

static void *
arbeiter_main(void *arg)
{
	sucharbeiter *w = arg;

	while (chunk_suchen(w))
		;
	return NULL;
}

/* kaoa.zuteilung_threads searchers with their scratch spaces (allocated here, in ctx). */
static void
suchteam_anlegen(suchteam *team, const kaoa_angebotsindex *ix, MemoryContext ctx)
{
	kaoa_speicher *s = MemoryContextAlloc(ctx, sizeof(kaoa_speicher));
	int			t;

	kaoa_speicher_init(s, ctx);
	team->n_threads = kaoa_zuteilung_threads;
	team->gestartet_min = team->n_threads - 1;
	team->create_fehler = 0;
	team->w = MemoryContextAllocZero(ctx, sizeof(sucharbeiter) * team->n_threads);
	for (t = 0; t < team->n_threads; t++)
		team->w[t].sc = kaoa_angebotssuche_neu(ix, s);
}

/* Adds up the searches' cost and gives the scratch spaces back. */
static void
suchteam_freigeben(suchteam *team, kaoa_suchstatistik *st)
{
	int			t;

	for (t = 0; t < team->n_threads; t++)
	{
		st->gesichtet += team->w[t].st.gesichtet;
		st->bewertet += team->w[t].st.bewertet;
		kaoa_angebotssuche_freigeben(team->w[t].sc);
	}
	pfree(team->w);
}

/* Stops the workers of a block (when abbrechen) and waits for each of them. */
static void
arbeiter_einsammeln(suchteam *team, suchauftrag *a, int gestartet, bool abbrechen)
{
	int			t;

	if (abbrechen)
		__atomic_store_n(&a->abbrechen, 1, __ATOMIC_RELAXED);
	for (t = 1; t <= gestartet; t++)
		pthread_join(team->w[t].thread, NULL);
}

/*
 * The top-k of the n_bewerber applicants of one block into treffer/anzahl (room for n_bewerber × k
 * and n_bewerber), with the team's threads; bereits and n_gesamt only word the progress NOTICE.
 */
static void
block_suchen(suchteam *team, const kaoa_angebotsindex *ix, const match_bewerber *bewerber,
			 int32 n_bewerber, int32 bereits, int32 n_gesamt, const kaoa_gewichte *g, int32 k,
			 kaoa_treffer *treffer, int32 *anzahl, fortschritt *f)
{
	suchauftrag a;
	volatile int gestartet = 0;
	int			t;
	sigset_t	alle,
				vorher;
	volatile bool abgebrochen = false;

	memset(&a, 0, sizeof(a));
	a.ix = ix;
	a.bewerber = bewerber;
	a.n_bewerber = n_bewerber;
	a.g = g;
	a.k = k;
	a.treffer = treffer;
	a.anzahl = anzahl;
	for (t = 0; t < team->n_threads; t++)
		team->w[t].a = &a;

	HOLD_INTERRUPTS();
	/* workers (w[1..]) start with every signal blocked; w[0] is this thread */
	sigfillset(&alle);
	pthread_sigmask(SIG_SETMASK, &alle, &vorher);
	for (t = 1; t < team->n_threads; t++)
	{
		int			rc = pthread_create(&team->w[t].thread, NULL, arbeiter_main, &team->w[t]);

		if (rc != 0)
		{
			team->create_fehler = rc;
			break;
		}
		gestartet++;
	}
	pthread_sigmask(SIG_SETMASK, &vorher, NULL);
	if (gestartet < team->gestartet_min)
		team->gestartet_min = gestartet;

	PG_TRY();
	{
		while (chunk_suchen(&team->w[0]))
		{
			/* only a cancel or a termination stops the workers; other interrupts wait */
			if (InterruptPending && (QueryCancelPending || ProcDiePending))
			{
				abgebrochen = true;
				break;
			}
			if (fortschritt_faellig(f))
				ereport(NOTICE,
						(errmsg("kaoa.zuteilung_berechnen: %d of %d applicants scored (%d threads)",
								bereits + __atomic_load_n(&a.fertig, __ATOMIC_RELAXED), n_gesamt, gestartet + 1),
						 errdetail("%.1f s since the start.", sekunden_seit(f->start))));
		}
	}
	PG_CATCH();
	{
		/* the error reset the holdoff count; the workers must be gone before it goes on */
		arbeiter_einsammeln(team, &a, gestartet, true);
		PG_RE_THROW();
	}
	PG_END_TRY();
	arbeiter_einsammeln(team, &a, gestartet, abgebrochen);
	RESUME_INTERRUPTS();
	CHECK_FOR_INTERRUPTS();
	/* a cancel that CHECK_FOR_INTERRUPTS did not act on (an outer holdoff) still stops the run */
	if (abgebrochen && __atomic_load_n(&a.fertig, __ATOMIC_RELAXED) < n_bewerber)
		ereport(ERROR,
				(errcode(ERRCODE_QUERY_CANCELED),
				 errmsg("kaoa.zuteilung_berechnen was interrupted"),
				 errdetail("%d of %d applicants had been scored.",
						   bereits + __atomic_load_n(&a.fertig, __ATOMIC_RELAXED), n_gesamt)));
}

/*
 * kaoa.zuteilung_berechnen(kommune text, schuljahr int, k int default 50, seed bigint default 0)
 *   → bigint lauf_id
 */
Datum
kaoa_zuteilung_berechnen(PG_FUNCTION_ARGS)
{
	char	   *kommune;
	int32		schuljahr;
	int32		k;
	int32		k_suche;		/* k, at most the number of offers: what a search can return */
	int64		seed;
	const kaoa_akteur *a;
	const kaoa_gewichte *g;
	const match_angebot *angebote;
	kaoa_angebotsindex *ix;
	int32		n_angebote,
				n_bewerber,
				i,
				zugeteilt = 0;
	match_bewerber *bewerber;
	int64	   *start;			/* per applicant: its first pair in e.kanten */
	kaoa_treffer *treffer;
	eingabe_puffer e;
	kaoa_zuteilung_ergebnis r;
	kaoa_suchstatistik st = {0, 0};
	fortschritt f;
	MemoryContext arbeit,
				alt;
	TimestampTz da_start,
				da_ende;
	int64		lauf_id;
	Datum		werte[10];
	uint64		n;

	kaoa_schreibzugriff_pruefen("kaoa.zuteilung_berechnen");
	argument_verlangen(fcinfo, 0, "kommune", errhint("Pass the 5-digit Kreisschlüssel of a registered Kommune."));
	argument_verlangen(fcinfo, 1, "schuljahr", errhint("Pass the start year of the school year, e.g. 2025 for 2025/26."));
	argument_verlangen(fcinfo, 2, "k", errhint("Pass the number of candidate offers per applicant, or leave it out for the default 50."));
	argument_verlangen(fcinfo, 3, "seed", errhint("Pass the seed of the lottery between equal priorities, or leave it out for the default 0."));
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	schuljahr = PG_GETARG_INT32(1);
	k = PG_GETARG_INT32(2);
	seed = PG_GETARG_INT64(3);
	a = kaoa_akteur_verlangen();
	berechtigung_pruefen(a, kommune);
	match_k_pruefen(k, true);
	if (schuljahr < 2000 || schuljahr > 2100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("schuljahr %d is out of range", schuljahr),
				 errdetail("Cases are kept for the school years 2000 to 2100 (kaoa.fall.schuljahr)."),
				 errhint("Pass the start year of the school year, e.g. 2025 for 2025/26.")));

	arbeit = AllocSetContextCreate(CurrentMemoryContext, "kaoa zuteilung_berechnen", ALLOCSET_DEFAULT_SIZES);
	alt = MemoryContextSwitchTo(arbeit);
	fortschritt_start(&f, "kaoa.zuteilung_berechnen");

	/* the Kommune, its applicants (read with the statement's snapshot, as the owner) */
	plan_offene_vorbereiten();
	kaoa_spi_verbinden();
	werte[0] = CStringGetTextDatum(kommune);
	if (kaoa_spi_als_eigentuemer(&plan_kommune, werte, NULL, true, 1) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("Kommune \"%s\" does not exist", kommune),
				 errdetail("There is no row in kaoa.kommune with kommune '%s'.", kommune),
				 errhint("Pass the 5-digit Kreisschlüssel of a registered Kommune.")));
	werte[1] = Int32GetDatum(schuljahr);
	n = kaoa_spi_als_eigentuemer(&plan_offene, werte, NULL, true, 0);
	bewerber = MemoryContextAllocHuge(arbeit, sizeof(match_bewerber) * (n > 0 ? n : 1));
	n_bewerber = 0;
	for (i = 0; i < (int32) n; i++)
	{
		match_bewerber *b = &bewerber[n_bewerber];

		match_bewerber_aus_zeile(i, b);
		b->b.wuensche = b->wuensche;
		/* a profile under a revoked consent is not used */
		if (b->hat_profil)
			n_bewerber++;
	}
	SPI_finish();

	g = match_gewichte_holen(kommune);
	ix = match_index(true, &angebote, &n_angebote);

	/* the candidates: each applicant's top-k eligible offers */
	memset(&e, 0, sizeof(e));
	e.ctx = arbeit;
	e.bewerber_id = palloc(sizeof(int64) * (n_bewerber > 0 ? n_bewerber : 1));
	e.angebot_id = MemoryContextAllocHuge(arbeit, sizeof(int64) * (n_angebote > 0 ? n_angebote : 1));
	e.plaetze = MemoryContextAllocHuge(arbeit, sizeof(int32) * (n_angebote > 0 ? n_angebote : 1));
	for (i = 0; i < n_angebote; i++)
	{
		e.angebot_id[i] = angebote[i].angebot_id;
		e.plaetze[i] = angebote[i].plaetze;
	}
	/* dense indices: applicants in load order, offers by position in the index's array */
	e.n_angebote = n_angebote;
	e.n_bewerber = n_bewerber;
	/* a search returns at most every offer; a k beyond that asks for nothing more (and the
	 * stored run keeps the k asked for) */
	k_suche = k < n_angebote ? k : n_angebote;
	if ((int64) n_bewerber * k_suche > (int64) PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("kaoa.zuteilung_berechnen: %d applicants with k = %d exceed the limit of the assignment",
						n_bewerber, k),
				 errdetail("That is up to %lld candidate pairs; the assignment takes at most %u.",
						   (long long) (n_bewerber * k_suche), PG_UINT32_MAX),
				 errhint("Use a smaller k (the default 50 is plenty for a proposal).")));
	start = palloc(sizeof(int64) * (n_bewerber + 1));
	if (kaoa_zuteilung_threads > 1 && n_bewerber >= PARALLEL_AB && k_suche > 0)
	{
		/* large runs: the searches in threads, block by block, then the block's pairs in
		 * applicant order */
		kaoa_treffer *block_treffer = MemoryContextAllocHuge(arbeit, sizeof(kaoa_treffer) * (Size) BLOCK * k_suche);
		int32	   *anzahl = palloc(sizeof(int32) * BLOCK);
		suchteam	team;
		int32		von;

		suchteam_anlegen(&team, ix, arbeit);
		for (von = 0; von < n_bewerber; von += BLOCK)
		{
			int32		n_block = n_bewerber - von < BLOCK ? n_bewerber - von : BLOCK;

			block_suchen(&team, ix, bewerber + von, n_block, von, n_bewerber, g, k_suche,
						 block_treffer, anzahl, &f);
			for (i = von; i < von + n_block; i++)
			{
				int32		j,
							m = anzahl[i - von];

				e.bewerber_id[i] = bewerber[i].person_id;
				start[i] = e.n_kanten;
				e.kanten = wachsen(e.ctx, e.kanten, &e.kanten_kap, e.n_kanten + m, sizeof(kaoa_kante));
				for (j = 0; j < m; j++)
				{
					const kaoa_treffer *t = &block_treffer[(Size) (i - von) * k_suche + j];
					kaoa_kante *kante = &e.kanten[e.n_kanten++];

					kante->bewerber = i;
					kante->angebot = t->angebot;
					kante->praeferenz = t->passung;
					kante->prioritaet = t->prioritaet;
				}
			}
		}
		if (team.gestartet_min < team.n_threads - 1)
			ereport(DEBUG1,
					(errmsg_internal("kaoa.zuteilung_berechnen: %d of %d worker threads could be started",
									 team.gestartet_min, team.n_threads - 1),
					 errdetail_internal("pthread_create: %s; the other threads did the work.",
										strerror(team.create_fehler))));
		suchteam_freigeben(&team, &st);
		pfree(block_treffer);
		pfree(anzahl);
	}
	else
	{
		/* small runs: one applicant after the other, reporting after each */
		treffer = palloc(sizeof(kaoa_treffer) * (k_suche > 0 ? k_suche : 1));
		for (i = 0; i < n_bewerber; i++)
		{
			int32		m,
						j;

			CHECK_FOR_INTERRUPTS();
			e.bewerber_id[i] = bewerber[i].person_id;
			start[i] = e.n_kanten;
			m = kaoa_angebotsindex_top(ix, &bewerber[i].b, g, k_suche, treffer, &st);
			e.kanten = wachsen(e.ctx, e.kanten, &e.kanten_kap, e.n_kanten + m, sizeof(kaoa_kante));
			for (j = 0; j < m; j++)
			{
				kaoa_kante *kante = &e.kanten[e.n_kanten++];

				kante->bewerber = i;
				kante->angebot = treffer[j].angebot;
				kante->praeferenz = treffer[j].passung;
				kante->prioritaet = treffer[j].prioritaet;
			}
			if (fortschritt_faellig(&f))
				ereport(NOTICE,
						(errmsg("kaoa.zuteilung_berechnen: %d of %d applicants scored, %lld candidate pairs",
								i + 1, n_bewerber, (long long) e.n_kanten),
						 errdetail("%lld offers looked at, %lld scored; %.1f s since the start.",
								   (long long) st.gesichtet, (long long) st.bewertet, sekunden_seit(f.start))));
		}
	}
	start[n_bewerber] = e.n_kanten;

	da_start = GetCurrentTimestamp();
	da_rechnen(&e, seed, &f, &r, "kaoa.zuteilung_berechnen");
	da_ende = GetCurrentTimestamp();

	/* store the run, every applicant's proposal and every full offer's cutoff (as the owner) */
	{
		int64	   *p_ids = palloc(sizeof(int64) * (n_bewerber > 0 ? n_bewerber : 1));
		int64	   *a_ids = palloc(sizeof(int64) * (n_bewerber > 0 ? n_bewerber : 1));
		double	   *pass = palloc(sizeof(double) * (n_bewerber > 0 ? n_bewerber : 1));
		double	   *prio = palloc(sizeof(double) * (n_bewerber > 0 ? n_bewerber : 1));
		bool	   *leer = palloc0(sizeof(bool) * (n_bewerber > 0 ? n_bewerber : 1));
		bool	   *nie = palloc0(sizeof(bool) * (n_bewerber > 0 ? n_bewerber : 1));
		int64	   *g_ids = palloc(sizeof(int64) * (n_angebote > 0 ? n_angebote : 1));
		double	   *grenzen = palloc(sizeof(double) * (n_angebote > 0 ? n_angebote : 1));
		int32		n_grenzen = 0;
		NameData	rolle;

		for (i = 0; i < n_bewerber; i++)
		{
			int32		o = r.angebot_von[i];
			int64		j;

			p_ids[i] = bewerber[i].person_id;
			a_ids[i] = 0;
			pass[i] = 0;
			prio[i] = 0;
			leer[i] = true;
			if (o < 0)
				continue;
			for (j = start[i]; j < start[i + 1]; j++)
				if (e.kanten[j].angebot == o)
				{
					a_ids[i] = e.angebot_id[o];
					pass[i] = e.kanten[j].praeferenz;
					prio[i] = e.kanten[j].prioritaet;
					leer[i] = false;
					zugeteilt++;
					break;
				}
		}
		for (i = 0; i < n_angebote; i++)
			if (r.voll[i])
			{
				g_ids[n_grenzen] = e.angebot_id[i];
				grenzen[n_grenzen] = r.grenze[i];
				n_grenzen++;
			}

		namestrcpy(&rolle, a->rolle);
		kaoa_spi_verbinden();
		werte[0] = CStringGetTextDatum(kommune);
		werte[1] = Int32GetDatum(schuljahr);
		werte[2] = Int64GetDatum(seed);
		werte[3] = Int32GetDatum(k);
		werte[4] = NameGetDatum(&rolle);
		werte[5] = CStringGetTextDatum(gewichte_json(g));
		werte[6] = Int32GetDatum(n_bewerber);
		werte[7] = Int32GetDatum(n_angebote);
		werte[8] = Int64GetDatum(e.n_kanten);
		werte[9] = Int32GetDatum(zugeteilt);
		if (kaoa_spi_als_eigentuemer(&plan_lauf, werte, NULL, false, 0) != 1)
			elog(ERROR, "kaoa: storing the run failed");
		lauf_id = kaoa_spi_int8(0, 1, 0);

		werte[1] = Int64GetDatum(lauf_id);
		werte[2] = PointerGetDatum(int8_array(p_ids, nie, n_bewerber));
		werte[3] = PointerGetDatum(int8_array(a_ids, leer, n_bewerber));
		werte[4] = PointerGetDatum(float8_array(pass, leer, n_bewerber));
		werte[5] = PointerGetDatum(float8_array(prio, leer, n_bewerber));
		kaoa_spi_als_eigentuemer(&plan_zuteilung, werte, NULL, false, 0);
		werte[2] = PointerGetDatum(int8_array(g_ids, NULL, n_grenzen));
		werte[3] = PointerGetDatum(float8_array(grenzen, NULL, n_grenzen));
		kaoa_spi_als_eigentuemer(&plan_grenze, werte, NULL, false, 0);
		SPI_finish();
	}
	if (fortschritt_lang(&f))
		ereport(NOTICE,
				(errmsg("kaoa.zuteilung_berechnen: Kommune %s: %d of %d applicants assigned, %lld candidate pairs from %d offers", kommune, zugeteilt, n_bewerber, (long long) e.n_kanten, n_angebote),
				 errdetail("%lld offers looked at, %lld scored; candidates %.3f s, assignment %.3f s, in all %.3f s.", (long long) st.gesichtet, (long long) st.bewertet,
						   (double) (da_start - f.start) / 1e6, (double) (da_ende - da_start) / 1e6,
						   sekunden_seit(f.start))));
	MemoryContextSwitchTo(alt);
	MemoryContextDelete(arbeit);
	PG_RETURN_INT64(lauf_id);
}
