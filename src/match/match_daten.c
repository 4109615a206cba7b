/*
 * match_daten.c — loads applicants, offers and weights for the matching functions and keeps them
 * for as long as the caller's snapshot lasts (see match.h for the design note).
 *
 * Every query runs as the extension owner through akteur.h's kept plans: the score must not depend
 * on what row-level security shows the caller.  Whether the caller may ask about a person is
 * decided by the chain's predicate kaoa_person_sichtbar_fuer(), cached per person with the rest.
 */
#include "base/verstoss.h"
#include "base/kaoa.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "base/akteur.h"
#include "kette/kette.h"
#include "match/match.h"

/* ---- the queries (columns in one place) ---------------------------------------------------- */

/* 1 angebot_id, 2 kommune, 3 kldb, 4 mindest_abschluss, 5 mindest_hart, 6 interessen,
 * 7 anforderungen, 8 lat, 9 lon, 10 beginn, 11 plaetze */
const char *const MATCH_ANGEBOT_SPALTEN =
"o.angebot_id, o.kommune, o.kldb, o.mindest_abschluss, o.mindest_hart, o.interessen,"
" o.anforderungen, o.lat, o.lon, o.beginn, o.plaetze";

/* 1 person_id, 2 kommune, 3 hat_profil, 4 wuensche, 5 interessen, 6 kompetenzen, 7 lat, 8 lon,
 * 9 max_km, 10 verfuegbar_ab, 11 abschluss of the current case.  hat_profil is false when there
 * is no profile or its consent was revoked (such a profile is not used for matching). */
const char *const MATCH_BEWERBER_SPALTEN =
"pe.person_id, pe.kommune,"
" (p.person_id IS NOT NULL AND (p.einwilligung_id IS NULL OR e.widerrufen_am IS NULL"
"   OR e.widerrufen_am OPERATOR(pg_catalog.>) pg_catalog.now())),"
" p.wuensche, p.interessen, p.kompetenzen, p.lat, p.lon, p.max_km, p.verfuegbar_ab,"
" (SELECT f.abschluss FROM kaoa.fall f"
"   WHERE f.kommune OPERATOR(pg_catalog.=) pe.kommune"
"     AND f.person_id OPERATOR(pg_catalog.=) pe.person_id"
"   ORDER BY f.schuljahr DESC LIMIT 1)";

/* The joins behind MATCH_BEWERBER_SPALTEN (pe: person, p: profile, e: its consent). */
const char *const MATCH_BEWERBER_VON =
" FROM kaoa.person pe"
" LEFT JOIN kaoa.bewerberprofil p"
"   ON p.kommune OPERATOR(pg_catalog.=) pe.kommune AND p.person_id OPERATOR(pg_catalog.=) pe.person_id"
" LEFT JOIN kaoa.einwilligung e"
"   ON e.kommune OPERATOR(pg_catalog.=) p.kommune"
"  AND e.einwilligung_id OPERATOR(pg_catalog.=) p.einwilligung_id";

/* The same joins for a given set of persons pe (a subquery that the caller puts in front). */
static const char *const BEWERBER_JOINS =
" LEFT JOIN kaoa.bewerberprofil p"
"   ON p.kommune OPERATOR(pg_catalog.=) pe.kommune AND p.person_id OPERATOR(pg_catalog.=) pe.person_id"
" LEFT JOIN kaoa.einwilligung e"
"   ON e.kommune OPERATOR(pg_catalog.=) p.kommune"
"  AND e.einwilligung_id OPERATOR(pg_catalog.=) p.einwilligung_id";

/*
 * A look-up that misses the cache reads the row and the next VORAUS − 1 by id: statements that
 * score many pairs mostly walk ids in order (a join over a table), and one query for 16 rows costs
 * little more than one for a row.
 */
#define VORAUS 16

static kaoa_spi_plan plan_bewerber;
static kaoa_spi_plan plan_bewerber_alle;
static kaoa_spi_plan plan_angebot;
static kaoa_spi_plan plan_angebote_alle;
static kaoa_spi_plan plan_angebote_mit_plaetzen;
static kaoa_spi_plan plan_gewichte;

/* Plans are built from the column lists at first use (they are kept for the backend's life). */
static void
plaene_vorbereiten(void)
{
	if (plan_bewerber.sql != NULL)
		return;
	/* the persons first (an index range of VORAUS rows), then their profiles by key */
	plan_bewerber.sql = MemoryContextStrdup(TopMemoryContext,
											psprintf("SELECT %s FROM (SELECT x.kommune, x.person_id FROM kaoa.person x"
													 " WHERE x.person_id OPERATOR(pg_catalog.>=) $1"
													 " ORDER BY x.person_id LIMIT %d) pe %s ORDER BY pe.person_id",
													 MATCH_BEWERBER_SPALTEN, VORAUS, BEWERBER_JOINS));
	plan_bewerber.nargs = 1;
	plan_bewerber.argtypes[0] = INT8OID;
	plan_bewerber_alle.sql = MemoryContextStrdup(TopMemoryContext,
												 psprintf("SELECT %s %s WHERE p.person_id IS NOT NULL",
														  MATCH_BEWERBER_SPALTEN, MATCH_BEWERBER_VON));
	plan_bewerber_alle.nargs = 0;
	plan_angebot.sql = MemoryContextStrdup(TopMemoryContext,
										   psprintf("SELECT %s FROM kaoa.angebot o WHERE o.angebot_id OPERATOR(pg_catalog.>=) $1"
													" ORDER BY o.angebot_id LIMIT %d",
													MATCH_ANGEBOT_SPALTEN, VORAUS));
	plan_angebot.nargs = 1;
	plan_angebot.argtypes[0] = INT8OID;
	plan_angebote_alle.sql = MemoryContextStrdup(TopMemoryContext,
												 psprintf("SELECT %s FROM kaoa.angebot o", MATCH_ANGEBOT_SPALTEN));
	plan_angebote_alle.nargs = 0;
	plan_angebote_mit_plaetzen.sql =
		MemoryContextStrdup(TopMemoryContext,
							psprintf("SELECT %s FROM kaoa.angebot o WHERE o.plaetze OPERATOR(pg_catalog.>) 0",
									 MATCH_ANGEBOT_SPALTEN));
	plan_angebote_mit_plaetzen.nargs = 0;
	plan_gewichte.sql =
		"SELECT beruf, interessen, weg, abschluss, beginn, kompetenzen FROM kaoa.gewichtung"
		" WHERE kommune OPERATOR(pg_catalog.=) $1";
	plan_gewichte.nargs = 1;
	plan_gewichte.argtypes[0] = TEXTOID;
}

/* ---- reading rows -------------------------------------------------------------------------- */

static void
kommune_lesen(uint64 zeile, int nr, char *ziel)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, nr, &isnull);

	ziel[0] = '\0';
	if (!isnull)
		text_to_cstring_buffer(DatumGetTextPP(d), ziel, KAOA_KOMMUNE_LEN + 1);
}

static bool
riasec_lesen(uint64 zeile, int nr, kaoa_riasec *ziel)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, nr, &isnull);

	if (isnull)
		return false;
	memcpy(ziel->v, DatumGetPointer(d), KAOA_RIASEC_DIMS);
	return true;
}

static bool
kompetenzen_lesen(uint64 zeile, int nr, kaoa_kompetenzen *ziel)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, nr, &isnull);

	if (isnull)
		return false;
	memcpy(ziel->v, DatumGetPointer(d), KAOA_KOMPETENZEN_DIMS);
	return true;
}

static bool
ort_lesen(uint64 zeile, int nr_lat, double *lat, double *lon)
{
	bool		n1,
				n2;
	Datum		a = kaoa_spi_wert(zeile, nr_lat, &n1);
	Datum		b = kaoa_spi_wert(zeile, nr_lat + 1, &n2);

	if (n1 || n2)
		return false;
	*lat = DatumGetFloat8(a);
	*lon = DatumGetFloat8(b);
	return true;
}

void
match_angebot_aus_zeile(uint64 zeile, match_angebot *out)
{
	kaoa_angebot *a = &out->a;
	bool		isnull;
	Datum		d;

	memset(a, 0, sizeof(*a));
	out->angebot_id = DatumGetInt64(kaoa_spi_wert(zeile, 1, &isnull));
	a->id = out->angebot_id;
	kommune_lesen(zeile, 2, out->kommune);
	d = kaoa_spi_wert(zeile, 3, &isnull);
	a->kldb = isnull ? 0 : (kaoa_kldb) DatumGetUInt32(d);
	d = kaoa_spi_wert(zeile, 4, &isnull);
	a->mindest_abschluss = isnull ? 0 : DatumGetInt16(d);
	d = kaoa_spi_wert(zeile, 5, &isnull);
	a->mindest_hart = !isnull && DatumGetBool(d);
	a->hat_interessen = riasec_lesen(zeile, 6, &a->interessen);
	a->hat_anforderungen = kompetenzen_lesen(zeile, 7, &a->anforderungen);
	a->hat_ort = ort_lesen(zeile, 8, &a->lat, &a->lon);
	kaoa_ort_trig_setzen(a->lat, a->lon, &out->trig);
	d = kaoa_spi_wert(zeile, 10, &isnull);
	a->hat_beginn = !isnull;
	a->beginn = isnull ? 0 : MATCH_TAG(DatumGetDateADT(d));
	d = kaoa_spi_wert(zeile, 11, &isnull);
	out->plaetze = isnull ? 0 : DatumGetInt32(d);
}

void
match_bewerber_aus_zeile(uint64 zeile, match_bewerber *out)
{
	kaoa_bewerber *b = &out->b;
	bool		isnull;
	Datum		d;

	memset(out, 0, sizeof(*out));
	out->person_id = DatumGetInt64(kaoa_spi_wert(zeile, 1, &isnull));
	kommune_lesen(zeile, 2, out->kommune);
	d = kaoa_spi_wert(zeile, 3, &isnull);
	out->hat_profil = !isnull && DatumGetBool(d);
	out->sichtbar = -1;
	b->id = out->person_id;
	b->wuensche = out->wuensche;
	b->max_km = 50;
	d = kaoa_spi_wert(zeile, 11, &isnull);
	b->abschluss = isnull ? 0 : DatumGetInt16(d);
	if (!out->hat_profil)
		return;

	d = kaoa_spi_wert(zeile, 4, &isnull);
	if (!isnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(d);
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;
		int16		typlen;
		bool		typbyval;
		char		typalign;

		get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
		deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &n);
		if (n > MATCH_MAX_WUENSCHE)
			elog(ERROR, "kaoa: profile of person " INT64_FORMAT " has %d wishes (at most %d)",
				 out->person_id, n, MATCH_MAX_WUENSCHE);
		for (i = 0; i < n; i++)
		{
			if (nulls[i])
				elog(ERROR, "kaoa: profile of person " INT64_FORMAT " has a NULL wish", out->person_id);
			out->wuensche[i] = (kaoa_kldb) DatumGetUInt32(elems[i]);
		}
		b->n_wuensche = n;
	}
	b->hat_interessen = riasec_lesen(zeile, 5, &b->interessen);
	b->hat_kompetenzen = kompetenzen_lesen(zeile, 6, &b->kompetenzen);
	b->hat_ort = ort_lesen(zeile, 7, &b->lat, &b->lon);
	kaoa_ort_trig_setzen(b->lat, b->lon, &out->trig);
	d = kaoa_spi_wert(zeile, 9, &isnull);
	b->max_km = isnull ? 50 : DatumGetFloat8(d);
	d = kaoa_spi_wert(zeile, 10, &isnull);
	b->hat_verfuegbar_ab = !isnull;
	b->verfuegbar_ab = isnull ? 0 : MATCH_TAG(DatumGetDateADT(d));
}

/* ---- the cache ----------------------------------------------------------------------------- */

/*
 * Looked-up rows by id: the core's id map gives a dense number, the rows live in blocks of
 * EINTRAG_BLOCK that are never moved, so a pointer to a row stays valid as the cache grows.
 */
#define EINTRAG_BLOCK 1024

typedef struct eintraege
{
	kaoa_idmap	map;
	char	  **bloecke;
	int32		n_bloecke;
	int32		kap_bloecke;
	Size		groesse;		/* bytes per row */
} eintraege;

static void
eintraege_init(eintraege *e, const kaoa_speicher *s, Size groesse)
{
	if (!kaoa_idmap_init(&e->map, s, 256))
		kaoa_kein_speicher(errdetail("Failed while mapping ids."));
	e->bloecke = NULL;
	e->n_bloecke = 0;
	e->kap_bloecke = 0;
	e->groesse = groesse;
}

/* The row of id, or NULL. */
static inline void *
eintrag_suchen(const eintraege *e, int64 id)
{
	int32		i = kaoa_idmap_suchen(&e->map, id);

	return i < 0 ? NULL : e->bloecke[i / EINTRAG_BLOCK] + (Size) (i % EINTRAG_BLOCK) * e->groesse;
}

/* A new row for id (which must not be there yet), allocated in ctx. */
static void *
eintrag_anlegen(eintraege *e, int64 id, MemoryContext ctx)
{
	bool		neu;
	int32		i = kaoa_idmap_eintragen(&e->map, id, &neu);

	if (i < 0)
		kaoa_kein_speicher(errdetail("Failed while mapping ids."));
	if (i / EINTRAG_BLOCK >= e->n_bloecke)
	{
		if (e->n_bloecke == e->kap_bloecke)
		{
			e->kap_bloecke = e->kap_bloecke ? 2 * e->kap_bloecke : 16;
			e->bloecke = e->bloecke ? repalloc(e->bloecke, sizeof(char *) * e->kap_bloecke) :
				MemoryContextAlloc(ctx, sizeof(char *) * e->kap_bloecke);
		}
		e->bloecke[e->n_bloecke++] = MemoryContextAllocHuge(ctx, e->groesse * EINTRAG_BLOCK);
	}
	return e->bloecke[i / EINTRAG_BLOCK] + (Size) (i % EINTRAG_BLOCK) * e->groesse;
}

typedef struct match_cache
{
	bool		gueltig;
	LocalTransactionId lxid;
	TransactionId xmin;
	TransactionId xmax;
	CommandId	curcid;
	uint64		abschluesse;	/* snapXactCompletionCount */
	Oid			rolle;			/* GetOuterUserId() */
	MemoryContext ctx;
	kaoa_akteur akteur;			/* resolved once per cache: a write to kaoa.akteur is a new snapshot */
	kaoa_speicher speicher;		/* the cache's memory, for the id maps */
	eintraege	bewerber;		/* looked-up applicants by person_id */
	eintraege	angebote;		/* looked-up offers by angebot_id */
	HTAB	   *gewichte;
	kaoa_angebotsindex *index[2];	/* [0] every offer, [1] offers with seats */
	match_angebot *index_angebote[2];
	int32		index_anzahl[2];
	match_bewerber *alle_sichtbaren;
	int32		n_alle_sichtbaren;
	bool		alle_geladen;
	/* the last look-ups (a cross join asks for the same person or offer many times in a row);
	 * entries never move, so the pointers stay valid with the cache */
	match_bewerber *letzter_bewerber;
	match_angebot *letztes_angebot;
	match_gewichte *letzte_gewichte;
} match_cache;

static match_cache cache;

/* The cache for the current snapshot and role, emptied when either changed.  Its memory is a
 * child of TopTransactionContext, so it goes away with the transaction by itself. */
static match_cache *
cache_holen(void)
{
	Snapshot	snap = GetActiveSnapshot();
	LocalTransactionId lxid = MyProc->lxid;
	Oid			rolle = GetOuterUserId();
	HASHCTL		ctl;

	if (snap == NULL)
		elog(ERROR, "kaoa: matching function called without an active snapshot");
	if (cache.gueltig && cache.lxid == lxid && cache.xmin == snap->xmin && cache.xmax == snap->xmax &&
		cache.curcid == snap->curcid && cache.abschluesse == snap->snapXactCompletionCount &&
		cache.rolle == rolle)
		return &cache;

	/* an older context of this transaction is dropped; one of an earlier transaction is gone */
	if (cache.gueltig && cache.lxid == lxid)
		MemoryContextDelete(cache.ctx);
	memset(&cache, 0, sizeof(cache));
	cache.ctx = AllocSetContextCreate(TopTransactionContext, "kaoa matching cache",
									  ALLOCSET_DEFAULT_SIZES);
	cache.lxid = lxid;
	cache.xmin = snap->xmin;
	cache.xmax = snap->xmax;
	cache.curcid = snap->curcid;
	cache.abschluesse = snap->snapXactCompletionCount;
	cache.rolle = rolle;
	cache.akteur = *kaoa_akteur_verlangen();
	kaoa_speicher_init(&cache.speicher, cache.ctx);
	eintraege_init(&cache.bewerber, &cache.speicher, sizeof(match_bewerber));
	eintraege_init(&cache.angebote, &cache.speicher, sizeof(match_angebot));

	memset(&ctl, 0, sizeof(ctl));
	ctl.hcxt = cache.ctx;
	ctl.keysize = sizeof(((match_gewichte *) 0)->kommune);
	ctl.entrysize = sizeof(match_gewichte);
	cache.gewichte = hash_create("kaoa matching weights", 16, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	cache.gueltig = true;
	return &cache;
}

/* Transaction end: the context went with TopTransactionContext; forget the pointer. */
static void
cache_xact_cb(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_PREPARE)
		memset(&cache, 0, sizeof(cache));
}

double		kaoa_fortschritt_sekunden = 5.0;
int			kaoa_zuteilung_threads = 2;

void
kaoa_match_init(void)
{
	DefineCustomRealVariable("kaoa.fortschritt_sekunden",
							 "Seconds between the progress NOTICEs of long matching runs.",
							 "kaoa.stabile_zuteilung and kaoa.zuteilung_berechnen report their progress this often, "
							 "and close with a summary when they took longer; 0 reports at every step.",
							 &kaoa_fortschritt_sekunden, 5.0, 0.0, 86400.0, PGC_USERSET, GUC_UNIT_S, NULL, NULL, NULL);
	DefineCustomIntVariable("kaoa.zuteilung_threads",
							"Threads for the candidate searches of large kaoa.zuteilung_berechnen runs.",
							"Runs with at least 2048 applicants search their candidates in this many threads "
							"(pure C, no database access; 1 keeps them in the backend's own thread).",
							&kaoa_zuteilung_threads, 2, 1, 64, PGC_SUSET, 0, NULL, NULL, NULL);
	RegisterXactCallback(cache_xact_cb, NULL);
}

/* ---- look-ups ------------------------------------------------------------------------------ */

/* Raises the error for a person the actor may not see (or that does not exist). */
static void
person_nicht_sichtbar(const kaoa_akteur *a, int64 person_id)
{
	if (kaoa_ist_system(a))
		kaoa_verstoss(ERRCODE_NO_DATA_FOUND, kaoa_verstoss_ort("person", "person_id", NULL),
					  errmsg("person %lld does not exist", (long long) person_id),
					  errdetail("There is no row in kaoa.person with person_id %lld.", (long long) person_id),
					  errhint("Pass the person_id of an existing person (kaoa.person)."));
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("person", "person_id", "match_person_sichtbar"),
				  errmsg("person %lld is not visible to role \"%s\"", (long long) person_id, a->rolle),
				  errdetail("No person with person_id %lld is visible to organisation %lld of Kommune %s.",
							(long long) person_id, (long long) a->org_id, a->kommune),
				  errhint("An organisation may ask about the young people whose cases it holds, held, was offered or "
						  "whose school it is; the KoKo about every person of its Kommune (docs/roles-and-bi.md)."));
}

const match_bewerber *
match_bewerber_holen(int64 person_id)
{
	match_cache *c = cache_holen();
	const kaoa_akteur *a = &c->akteur;
	match_bewerber *eintrag;

	if (c->letzter_bewerber != NULL && c->letzter_bewerber->person_id == person_id)
		return c->letzter_bewerber;
	eintrag = eintrag_suchen(&c->bewerber, person_id);
	if (eintrag == NULL)
	{
		Datum		wert = Int64GetDatum(person_id);
		uint64		n,
					i;

		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_bewerber, &wert, NULL, true, VORAUS);
		for (i = 0; i < n; i++)
		{
			match_bewerber neu;

			match_bewerber_aus_zeile(i, &neu);
			if (eintrag_suchen(&c->bewerber, neu.person_id) != NULL)
				continue;
			eintrag = eintrag_anlegen(&c->bewerber, neu.person_id, c->ctx);
			*eintrag = neu;
			eintrag->b.wuensche = eintrag->wuensche;
		}
		SPI_finish();
		eintrag = eintrag_suchen(&c->bewerber, person_id);
		if (eintrag == NULL)
			person_nicht_sichtbar(a, person_id);
	}
	if (eintrag->sichtbar < 0)
		eintrag->sichtbar = kaoa_person_sichtbar_fuer(a, eintrag->kommune, person_id, true) ? 1 : 0;
	if (!eintrag->sichtbar)
		person_nicht_sichtbar(a, person_id);
	c->letzter_bewerber = eintrag;
	return eintrag;
}

const match_angebot *
match_angebot_holen(int64 angebot_id)
{
	match_cache *c = cache_holen();
	match_angebot *eintrag;

	if (c->letztes_angebot != NULL && c->letztes_angebot->angebot_id == angebot_id)
		return c->letztes_angebot;
	eintrag = eintrag_suchen(&c->angebote, angebot_id);
	if (eintrag == NULL)
	{
		Datum		wert = Int64GetDatum(angebot_id);
		uint64		n,
					i;

		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_angebot, &wert, NULL, true, VORAUS);
		for (i = 0; i < n; i++)
		{
			match_angebot neu;

			match_angebot_aus_zeile(i, &neu);
			if (eintrag_suchen(&c->angebote, neu.angebot_id) != NULL)
				continue;
			eintrag = eintrag_anlegen(&c->angebote, neu.angebot_id, c->ctx);
			*eintrag = neu;
		}
		SPI_finish();
		eintrag = eintrag_suchen(&c->angebote, angebot_id);
		if (eintrag == NULL)
			kaoa_verstoss(ERRCODE_NO_DATA_FOUND, kaoa_verstoss_ort("angebot", "angebot_id", NULL),
						  errmsg("offer %lld does not exist", (long long) angebot_id),
						  errdetail("There is no row in kaoa.angebot with angebot_id %lld.", (long long) angebot_id),
						  errhint("Pass the angebot_id of an existing offer (kaoa.angebot)."));
	}
	c->letztes_angebot = eintrag;
	return eintrag;
}

const kaoa_gewichte *
match_gewichte_holen(const char *kommune)
{
	match_cache *c = cache_holen();
	match_gewichte *eintrag;
	char		schluessel[sizeof(((match_gewichte *) 0)->kommune)];
	bool		gefunden;

	if (c->letzte_gewichte != NULL && strcmp(c->letzte_gewichte->kommune, kommune) == 0)
		return &c->letzte_gewichte->g;
	memset(schluessel, 0, sizeof(schluessel));
	strlcpy(schluessel, kommune, sizeof(schluessel));
	eintrag = hash_search(c->gewichte, schluessel, HASH_FIND, NULL);
	if (eintrag == NULL)
	{
		Datum		wert = CStringGetTextDatum(schluessel);
		kaoa_gewichte g;
		uint64		n;
		int			k;

		plaene_vorbereiten();
		kaoa_gewichte_standard(&g);
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_gewichte, &wert, NULL, true, 2);
		if (n > 0)
			for (k = 0; k < KAOA_KOMPONENTEN; k++)
			{
				bool		isnull;

				g.w[k] = DatumGetFloat8(kaoa_spi_wert(0, k + 1, &isnull));
			}
		SPI_finish();
		eintrag = hash_search(c->gewichte, schluessel, HASH_ENTER, &gefunden);
		eintrag->g = g;
	}
	c->letzte_gewichte = eintrag;
	return &eintrag->g;
}

kaoa_angebotsindex *
match_index(bool nur_mit_plaetzen, const match_angebot **angebote, int32 *anzahl)
{
	match_cache *c;
	MemoryContext alt;
	kaoa_angebot *roh;
	kaoa_speicher s;
	uint64		n,
				i;
	int			w = nur_mit_plaetzen ? 1 : 0;

	c = cache_holen();
	if (c->index[w] == NULL)
	{
		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(w ? &plan_angebote_mit_plaetzen : &plan_angebote_alle,
									 NULL, NULL, true, 0);
		if (n > (uint64) (PG_INT32_MAX / 2))
			elog(ERROR, "kaoa: too many offers (" UINT64_FORMAT ")", n);
		alt = MemoryContextSwitchTo(c->ctx);
		c->index_angebote[w] = MemoryContextAllocHuge(c->ctx, sizeof(match_angebot) * (n > 0 ? n : 1));
		roh = palloc(sizeof(kaoa_angebot) * (n > 0 ? n : 1));
		MemoryContextSwitchTo(alt);
		for (i = 0; i < n; i++)
		{
			match_angebot_aus_zeile(i, &c->index_angebote[w][i]);
			roh[i] = c->index_angebote[w][i].a;
			if ((i & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		SPI_finish();
		kaoa_speicher_init(&s, c->ctx);
		c->index[w] = kaoa_angebotsindex_bauen(roh, (int32) n, &s);
		c->index_anzahl[w] = (int32) n;
		pfree(roh);
	}
	*angebote = c->index_angebote[w];
	*anzahl = c->index_anzahl[w];
	return c->index[w];
}

const match_bewerber *
match_bewerber_alle_sichtbaren(int32 *anzahl)
{
	match_cache *c = cache_holen();
	const kaoa_akteur *a = &c->akteur;
	uint64		n,
				i;
	int32		m = 0;

	if (c->alle_geladen)
	{
		*anzahl = c->n_alle_sichtbaren;
		return c->alle_sichtbaren;
	}
	plaene_vorbereiten();
	kaoa_spi_verbinden();
	n = kaoa_spi_als_eigentuemer(&plan_bewerber_alle, NULL, NULL, true, 0);
	c->alle_sichtbaren = MemoryContextAllocHuge(c->ctx, sizeof(match_bewerber) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
	{
		match_bewerber *b = &c->alle_sichtbaren[m];

		match_bewerber_aus_zeile(i, b);
		b->b.wuensche = b->wuensche;
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!b->hat_profil)
			continue;
		m++;
	}
	SPI_finish();

	/* the visibility test may run its own queries: after the scan, person by person */
	if (!kaoa_ist_system(a))
	{
		int32		j,
					behalten = 0;

		for (j = 0; j < m; j++)
		{
			match_bewerber *b = &c->alle_sichtbaren[j];

			if (kaoa_person_sichtbar_fuer(a, b->kommune, b->person_id, true))
			{
				c->alle_sichtbaren[behalten] = *b;
				c->alle_sichtbaren[behalten].b.wuensche = c->alle_sichtbaren[behalten].wuensche;
				c->alle_sichtbaren[behalten].sichtbar = 1;
				behalten++;
			}
			if ((j & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		m = behalten;
	}
	c->n_alle_sichtbaren = m;
	c->alle_geladen = true;
	*anzahl = m;
	return c->alle_sichtbaren;
}
