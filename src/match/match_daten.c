/*
 * match_daten.c — loads applicants, offers and weights for the matching functions and keeps them
 * in three parts (match_cache.c decides when a part may be used again; see match.h):
 *
 *   angebote  every offer looked up by id, the index over all offers and over those with seats;
 *   bewerber  every applicant looked up by id, all applicants with a usable profile (for
 *             kaoa.top_bewerber), the weights of the Kommunen;
 *   sicht     the acting organisation's answers to "may it see person X".
 *
 * Every query runs as the extension owner through akteur.h's kept plans: the score must not depend
 * on what row-level security shows the caller.  Whether the caller may ask about a person is
 * decided by the chain's predicate kaoa_person_sichtbar_fuer(), remembered per actor.
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
#include "utils/timestamp.h"

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
 * 9 max_km, 10 verfuegbar_ab, 11 abschluss of the current case, 12 widerrufen_am of the profile's
 * consent.  hat_profil is false when there is no profile or its consent was revoked (such a profile
 * is not used for matching); column 12 tells the cache until when that answer holds.  The current
 * case's abschluss is given as an expression: a subquery per person for look-ups, a join for the
 * full load. */
#define BEWERBER_SPALTEN(abschluss) \
"pe.person_id, pe.kommune," \
" (p.person_id IS NOT NULL AND (p.einwilligung_id IS NULL OR e.widerrufen_am IS NULL" \
"   OR e.widerrufen_am OPERATOR(pg_catalog.>) pg_catalog.now()))," \
" p.wuensche, p.interessen, p.kompetenzen, p.lat, p.lon, p.max_km, p.verfuegbar_ab, " \
abschluss ", e.widerrufen_am"

const char *const MATCH_BEWERBER_SPALTEN =
BEWERBER_SPALTEN("(SELECT f.abschluss FROM kaoa.fall f"
				 "   WHERE f.kommune OPERATOR(pg_catalog.=) pe.kommune"
				 "     AND f.person_id OPERATOR(pg_catalog.=) pe.person_id"
				 "   ORDER BY f.schuljahr DESC LIMIT 1)");

/* Every applicant with a profile, the current case joined (the latest school year per person). */
static const char *const BEWERBER_ALLE =
"SELECT " BEWERBER_SPALTEN("f.abschluss")
" FROM kaoa.bewerberprofil p"
" JOIN kaoa.person pe"
"   ON pe.kommune OPERATOR(pg_catalog.=) p.kommune AND pe.person_id OPERATOR(pg_catalog.=) p.person_id"
" LEFT JOIN kaoa.einwilligung e"
"   ON e.kommune OPERATOR(pg_catalog.=) p.kommune"
"  AND e.einwilligung_id OPERATOR(pg_catalog.=) p.einwilligung_id"
" LEFT JOIN (SELECT DISTINCT ON (x.kommune, x.person_id) x.kommune, x.person_id, x.abschluss"
"              FROM kaoa.fall x ORDER BY x.kommune, x.person_id, x.schuljahr DESC) f"
"   ON f.kommune OPERATOR(pg_catalog.=) pe.kommune AND f.person_id OPERATOR(pg_catalog.=) pe.person_id";

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
 * A look-up that misses the cache reads the row and the next ones by id: statements that score
 * many pairs mostly walk ids in order (a join over a table), and one query for 16 rows costs little
 * more than one for a row.  While the misses follow each other along the ids, the batch doubles up
 * to VORAUS_MAX rows (a statement over all applicants reads them in large batches).
 */
#define VORAUS 16
#define VORAUS_MAX 4096

/*
 * Once a part has read this many applicants one batch at a time, the next miss reads every
 * applicant with a usable profile at once (match_bewerber_alle, one query with joins instead of a
 * subquery per row): a statement that asks about that many asks about most of them (the top-10
 * pass over NRW's 181,000 read them in ~900 batches, a quarter of its time), and a session that
 * asked about that many over time keeps what kaoa.top_bewerber would keep anyway.
 */
#define ALLE_AB 8192

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
													 " ORDER BY x.person_id LIMIT $2) pe %s ORDER BY pe.person_id",
													 MATCH_BEWERBER_SPALTEN, BEWERBER_JOINS));
	plan_bewerber.nargs = 2;
	plan_bewerber.argtypes[0] = INT8OID;
	plan_bewerber.argtypes[1] = INT4OID;
	plan_bewerber_alle.sql = BEWERBER_ALLE;
	plan_bewerber_alle.nargs = 0;
	plan_angebot.sql = MemoryContextStrdup(TopMemoryContext,
										   psprintf("SELECT %s FROM kaoa.angebot o WHERE o.angebot_id OPERATOR(pg_catalog.>=) $1"
													" ORDER BY o.angebot_id LIMIT $2",
													MATCH_ANGEBOT_SPALTEN));
	plan_angebot.nargs = 2;
	plan_angebot.argtypes[0] = INT8OID;
	plan_angebot.argtypes[1] = INT4OID;
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
	d = kaoa_spi_wert(zeile, 12, &isnull);
	out->hat_widerruf = !isnull;
	out->widerrufen_am = isnull ? 0 : DatumGetTimestampTz(d);
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

/* ---- rows by id ------------------------------------------------------------------------------ */

/*
 * Looked-up rows by id: the core's id map gives a dense number, the rows live in blocks of
 * EINTRAG_BLOCK that are never moved, so a pointer to a row stays valid as the part grows.
 */
#define EINTRAG_BLOCK 1024

typedef struct eintraege
{
	kaoa_idmap	map;
	char	  **bloecke;
	int32		n_bloecke;
	int32		kap_bloecke;
	Size		groesse;		/* bytes per row */
	int64		n;
	int64		letzte_id;		/* the greatest id of the last batch read */
	int32		voraus;			/* rows per batch (VORAUS .. VORAUS_MAX) */
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
	e->n = 0;
	e->letzte_id = PG_INT64_MIN;
	e->voraus = VORAUS;
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
	e->n++;
	return e->bloecke[i / EINTRAG_BLOCK] + (Size) (i % EINTRAG_BLOCK) * e->groesse;
}

/* The batch size for a miss at id: doubled while the misses walk the ids upwards, halved (not
 * reset) when one jumps: a statement over a table whose rows run in stretches of ids (one per
 * Kommune, say) keeps reading large batches across the jumps, while random look-ups (one question
 * per transaction) fall back to VORAUS after a few misses.  Resetting at every jump made the top-10
 * pass over NRW's 181,000 applicants read them in about 900 small batches (3 of its 11.5 s). */
static int32
voraus_fuer(eintraege *e, int64 id)
{
	if (id > e->letzte_id && id - e->letzte_id <= e->voraus)
		e->voraus = e->voraus * 2 > VORAUS_MAX ? VORAUS_MAX : e->voraus * 2;
	else
		e->voraus = e->voraus / 2 < VORAUS ? VORAUS : e->voraus / 2;
	return e->voraus;
}

/* ---- the parts ------------------------------------------------------------------------------- */

static void angebote_leeren(match_teil *t);
static void bewerber_leeren(match_teil *t);
static void sicht_leeren(match_teil *t);

static match_teil teil_angebote = {"angebote", MATCH_ANGEBOTE, .leeren = angebote_leeren};
static match_teil teil_bewerber = {"bewerber", MATCH_BEWERBER, .leeren = bewerber_leeren};
static match_teil teil_sicht = {"sicht", MATCH_SICHT, .leeren = sicht_leeren};

/* What the part angebote holds (in teil_angebote.ctx). */
static struct
{
	kaoa_speicher speicher;
	eintraege	einzeln;		/* offers looked up by id */
	match_angebot *letztes;		/* the last look-up (a cross join asks for it many times) */
	/* [0] every offer, [1] the offers with seats (the same index when every offer has seats) */
	kaoa_angebotsindex *index[2];
	match_angebot *index_angebote[2];
	int32		index_anzahl[2];
} ang;

/* What the part bewerber holds (in teil_bewerber.ctx). */
static struct
{
	kaoa_speicher speicher;
	eintraege	einzeln;		/* applicants looked up by id */
	match_bewerber *letzter;
	HTAB	   *gewichte;		/* match_gewichte by Kommune */
	match_gewichte *letzte_gewichte;
	match_bewerber *alle;		/* every applicant with a usable profile */
	int32		n_alle;
	bool		alle_geladen;
	kaoa_idmap	alle_map;		/* person_id → position in alle (once alle_geladen) */
	bool		alle_map_gilt;	/* false: some id came twice, look up by id only */
	kaoa_bewerberliste *liste;	/* over alle, for kaoa.top_bewerber */
	/* the transaction start times for which every consent read says what it said when read:
	 * widerrufen_am of the revoked ones <= now() < widerrufen_am of the others */
	TimestampTz zeit_ab;
	TimestampTz zeit_bis;
} bew;

/* What the part sicht holds (in teil_sicht.ctx): the actor and its answers by person. */
typedef struct sicht_eintrag
{
	int64		person_id;		/* hash key */
	bool		sichtbar;
} sicht_eintrag;

static struct
{
	kaoa_akteur akteur;
	HTAB	   *personen;
} sic;

static void
angebote_leeren(match_teil *t)
{
	memset(&ang, 0, sizeof(ang));
}

static void
bewerber_leeren(match_teil *t)
{
	memset(&bew, 0, sizeof(bew));
}

static void
sicht_leeren(match_teil *t)
{
	memset(&sic, 0, sizeof(sic));
}

/* The part angebote for the active snapshot (emptied and begun anew when it is not valid). */
static void
angebote_bereit(void)
{
	if (match_teil_bereit(&teil_angebote))
		return;
	kaoa_speicher_init(&ang.speicher, teil_angebote.ctx);
	eintraege_init(&ang.einzeln, &ang.speicher, sizeof(match_angebot));
}

/* The part bewerber for the active snapshot and the transaction's now(). */
static void
bewerber_bereit(void)
{
	HASHCTL		ctl;
	TimestampTz jetzt = GetCurrentTransactionStartTimestamp();

	if (match_teil_bereit(&teil_bewerber))
	{
		if (bew.zeit_ab <= jetzt && jetzt < bew.zeit_bis)
			return;
		match_teil_leeren(&teil_bewerber, "a consent's revocation time passed");
		(void) match_teil_bereit(&teil_bewerber);
	}
	kaoa_speicher_init(&bew.speicher, teil_bewerber.ctx);
	eintraege_init(&bew.einzeln, &bew.speicher, sizeof(match_bewerber));
	memset(&ctl, 0, sizeof(ctl));
	ctl.hcxt = teil_bewerber.ctx;
	ctl.keysize = sizeof(((match_gewichte *) 0)->kommune);
	ctl.entrysize = sizeof(match_gewichte);
	bew.gewichte = hash_create("kaoa matching weights", 64, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	bew.zeit_ab = DT_NOBEGIN;
	bew.zeit_bis = DT_NOEND;
}

/* Narrows the part's time window by an applicant just read: a revoked consent holds from its
 * revocation on, a consent revoked in the future until then. */
static void
zeit_einengen(const match_bewerber *b)
{
	TimestampTz jetzt = GetCurrentTransactionStartTimestamp();

	if (!b->hat_widerruf)
		return;
	if (b->widerrufen_am > jetzt)
	{
		if (b->widerrufen_am < bew.zeit_bis)
			bew.zeit_bis = b->widerrufen_am;
	}
	else if (b->widerrufen_am > bew.zeit_ab)
		bew.zeit_ab = b->widerrufen_am;
}

/* The part sicht for the active snapshot and actor a. */
static void
sicht_bereit(const kaoa_akteur *a)
{
	HASHCTL		ctl;

	if (match_teil_bereit(&teil_sicht))
	{
		if (sic.akteur.rolle_oid == a->rolle_oid && sic.akteur.art == a->art &&
			sic.akteur.org_id == a->org_id && strcmp(sic.akteur.kommune, a->kommune) == 0 &&
			sic.akteur.org_typ == a->org_typ)
			return;
		match_teil_leeren(&teil_sicht, "another actor");
		(void) match_teil_bereit(&teil_sicht);
	}
	sic.akteur = *a;
	memset(&ctl, 0, sizeof(ctl));
	ctl.hcxt = teil_sicht.ctx;
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(sicht_eintrag);
	sic.personen = hash_create("kaoa matching visibility", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

double		kaoa_fortschritt_sekunden = 5.0;
int			kaoa_zuteilung_threads = 2;
int			kaoa_zuteilung_max_paare = 20000000;

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
	DefineCustomIntVariable("kaoa.zuteilung_max_paare",
							"The most candidate pairs (and capacity rows) kaoa.stabile_zuteilung reads.",
							"A larger input is refused with 54000 while it is read, before memory grows: "
							"70 to 120 bytes per pair while the assignment runs (20 million: 1.4 to 2.4 GB).",
							&kaoa_zuteilung_max_paare, 20000000, 1, INT_MAX, PGC_SUSET, 0, NULL, NULL, NULL);
	match_cache_init();
	match_teil_anmelden(&teil_angebote);
	match_teil_anmelden(&teil_bewerber);
	match_teil_anmelden(&teil_sicht);
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

bool
match_person_sichtbar(const kaoa_akteur *a, const match_bewerber *b)
{
	sicht_eintrag *e;
	bool		gefunden;

	/* the system, and organisations of another Kommune or the KoKo, are answered at once */
	if (kaoa_ist_system(a) || a->art != KAOA_AKTEUR_ORG || strcmp(a->kommune, b->kommune) != 0 ||
		a->org_typ == KO_KOKO)
		return kaoa_person_sichtbar_fuer(a, b->kommune, b->person_id, true);
	sicht_bereit(a);
	e = hash_search(sic.personen, &b->person_id, HASH_FIND, NULL);
	if (e == NULL)
	{
		bool		ja = kaoa_person_sichtbar_fuer(a, b->kommune, b->person_id, true);

		e = hash_search(sic.personen, &b->person_id, HASH_ENTER, &gefunden);
		e->sichtbar = ja;
		teil_sicht.eintraege++;
	}
	return e->sichtbar;
}

/* An applicant of alle (read by match_bewerber_alle), or NULL: not read yet, or without a usable
 * profile (then the look-up by id answers). */
static match_bewerber *
alle_suchen(int64 person_id)
{
	int32		i;

	if (!bew.alle_geladen || !bew.alle_map_gilt)
		return NULL;
	i = kaoa_idmap_suchen(&bew.alle_map, person_id);
	return i < 0 ? NULL : &bew.alle[i];
}

const match_bewerber *
match_bewerber_holen(int64 person_id)
{
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	match_bewerber *eintrag;

	bewerber_bereit();
	if (bew.letzter != NULL && bew.letzter->person_id == person_id)
		eintrag = bew.letzter;
	else if ((eintrag = eintrag_suchen(&bew.einzeln, person_id)) == NULL &&
			 (eintrag = alle_suchen(person_id)) == NULL)
	{
		if (!bew.alle_geladen && bew.einzeln.n >= ALLE_AB)
		{
			int32		n;

			(void) match_bewerber_alle(&n);
			eintrag = alle_suchen(person_id);
		}
	}
	if (eintrag == NULL)
	{
		Datum		werte[2];
		uint64		n,
					i;

		werte[0] = Int64GetDatum(person_id);
		werte[1] = Int32GetDatum(voraus_fuer(&bew.einzeln, person_id));
		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_bewerber, werte, NULL, true, 0);
		for (i = 0; i < n; i++)
		{
			match_bewerber neu;
			match_bewerber *e;

			match_bewerber_aus_zeile(i, &neu);
			if (neu.person_id > bew.einzeln.letzte_id)
				bew.einzeln.letzte_id = neu.person_id;
			if (eintrag_suchen(&bew.einzeln, neu.person_id) != NULL)
				continue;
			e = eintrag_anlegen(&bew.einzeln, neu.person_id, teil_bewerber.ctx);
			*e = neu;
			e->b.wuensche = e->wuensche;
			zeit_einengen(e);
		}
		SPI_finish();
		teil_bewerber.eintraege = bew.einzeln.n + bew.n_alle;
		eintrag = eintrag_suchen(&bew.einzeln, person_id);
		if (eintrag == NULL)
			person_nicht_sichtbar(a, person_id);
	}
	if (!match_person_sichtbar(a, eintrag))
		person_nicht_sichtbar(a, person_id);
	bew.letzter = eintrag;
	return eintrag;
}

const match_angebot *
match_angebot_holen(int64 angebot_id)
{
	match_angebot *eintrag;

	angebote_bereit();
	if (ang.letztes != NULL && ang.letztes->angebot_id == angebot_id)
		return ang.letztes;
	eintrag = eintrag_suchen(&ang.einzeln, angebot_id);
	if (eintrag == NULL)
	{
		Datum		werte[2];
		uint64		n,
					i;

		werte[0] = Int64GetDatum(angebot_id);
		werte[1] = Int32GetDatum(voraus_fuer(&ang.einzeln, angebot_id));
		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_angebot, werte, NULL, true, 0);
		for (i = 0; i < n; i++)
		{
			match_angebot neu;

			match_angebot_aus_zeile(i, &neu);
			if (neu.angebot_id > ang.einzeln.letzte_id)
				ang.einzeln.letzte_id = neu.angebot_id;
			if (eintrag_suchen(&ang.einzeln, neu.angebot_id) != NULL)
				continue;
			eintrag = eintrag_anlegen(&ang.einzeln, neu.angebot_id, teil_angebote.ctx);
			*eintrag = neu;
		}
		SPI_finish();
		teil_angebote.eintraege = ang.einzeln.n + ang.index_anzahl[0];
		eintrag = eintrag_suchen(&ang.einzeln, angebot_id);
		if (eintrag == NULL)
			kaoa_verstoss(ERRCODE_NO_DATA_FOUND, kaoa_verstoss_ort("angebot", "angebot_id", NULL),
						  errmsg("offer %lld does not exist", (long long) angebot_id),
						  errdetail("There is no row in kaoa.angebot with angebot_id %lld.", (long long) angebot_id),
						  errhint("Pass the angebot_id of an existing offer (kaoa.angebot)."));
	}
	ang.letztes = eintrag;
	return eintrag;
}

/* The weights of a Kommune, in the part bewerber (which must be ready). */
static const kaoa_gewichte *
gewichte_suchen(const char *kommune)
{
	match_gewichte *eintrag;
	char		schluessel[sizeof(((match_gewichte *) 0)->kommune)];
	bool		gefunden;

	if (bew.letzte_gewichte != NULL && strcmp(bew.letzte_gewichte->kommune, kommune) == 0)
		return &bew.letzte_gewichte->g;
	memset(schluessel, 0, sizeof(schluessel));
	strlcpy(schluessel, kommune, sizeof(schluessel));
	eintrag = hash_search(bew.gewichte, schluessel, HASH_FIND, NULL);
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
		eintrag = hash_search(bew.gewichte, schluessel, HASH_ENTER, &gefunden);
		eintrag->g = g;
	}
	bew.letzte_gewichte = eintrag;
	return &eintrag->g;
}

const kaoa_gewichte *
match_gewichte_holen(const char *kommune)
{
	bewerber_bereit();
	return gewichte_suchen(kommune);
}

const kaoa_gewichte *
match_gewichte_von(const match_bewerber *b)
{
	match_bewerber *m = (match_bewerber *) b;

	/* the pointer lives in the same part as the applicant, so it stays valid with it: b was just
	 * taken from a ready part (match_bewerber_holen), and only a look-up needs the part again */
	if (m->gewichte == NULL)
	{
		bewerber_bereit();
		m->gewichte = gewichte_suchen(b->kommune);
	}
	return m->gewichte;
}

kaoa_angebotsindex *
match_index(bool nur_mit_plaetzen, const match_angebot **angebote, int32 *anzahl)
{
	int			w = nur_mit_plaetzen ? 1 : 0;

	angebote_bereit();
	if (ang.index[0] == NULL)
	{
		TimestampTz start = GetCurrentTimestamp();
		match_angebot *alle;
		kaoa_angebot *roh;
		uint64		n,
					i;

		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_angebote_alle, NULL, NULL, true, 0);
		if (n > (uint64) (PG_INT32_MAX / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("kaoa: too many offers for the matching index"),
					 errdetail("The database holds %llu offers; the index takes at most %d.", (unsigned long long) n, PG_INT32_MAX / 2),
					 errhint("Delete offers whose beginning has passed (kaoa.angebot_loeschen).")));
		alle = MemoryContextAllocHuge(teil_angebote.ctx, sizeof(match_angebot) * (n > 0 ? n : 1));
		roh = MemoryContextAllocHuge(CurTransactionContext, sizeof(kaoa_angebot) * (n > 0 ? n : 1));
		for (i = 0; i < n; i++)
		{
			match_angebot_aus_zeile(i, &alle[i]);
			roh[i] = alle[i].a;
			if ((i & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		SPI_finish();
		ang.index[0] = kaoa_angebotsindex_bauen(roh, (int32) n, &ang.speicher);
		ang.index_angebote[0] = alle;
		ang.index_anzahl[0] = (int32) n;
		pfree(roh);
		teil_angebote.eintraege = ang.einzeln.n + ang.index_anzahl[0];
		match_teil_gebaut(&teil_angebote, "index over every offer", (int64) n, start);
	}
	if (w == 1 && ang.index[1] == NULL)
	{
		TimestampTz start = GetCurrentTimestamp();
		int32		n = 0,
					i;

		/* the offers with seats, taken from the full array (read with the same snapshot) */
		for (i = 0; i < ang.index_anzahl[0]; i++)
			n += ang.index_angebote[0][i].plaetze > 0;
		if (n == ang.index_anzahl[0])
		{
			ang.index[1] = ang.index[0];
			ang.index_angebote[1] = ang.index_angebote[0];
			ang.index_anzahl[1] = n;
		}
		else
		{
			match_angebot *mit = MemoryContextAllocHuge(teil_angebote.ctx, sizeof(match_angebot) * (n > 0 ? n : 1));
			kaoa_angebot *roh = MemoryContextAllocHuge(CurTransactionContext, sizeof(kaoa_angebot) * (n > 0 ? n : 1));
			int32		j = 0;

			for (i = 0; i < ang.index_anzahl[0]; i++)
				if (ang.index_angebote[0][i].plaetze > 0)
				{
					mit[j] = ang.index_angebote[0][i];
					roh[j] = mit[j].a;
					j++;
				}
			ang.index[1] = kaoa_angebotsindex_bauen(roh, n, &ang.speicher);
			ang.index_angebote[1] = mit;
			ang.index_anzahl[1] = n;
			pfree(roh);
			match_teil_gebaut(&teil_angebote, "index over the offers with seats", n, start);
		}
	}
	*angebote = ang.index_angebote[w];
	*anzahl = ang.index_anzahl[w];
	return ang.index[w];
}

const match_bewerber *
match_bewerber_alle(int32 *anzahl)
{
	bewerber_bereit();
	if (!bew.alle_geladen)
	{
		TimestampTz start = GetCurrentTimestamp();
		uint64		n,
					i;
		int32		m = 0;

		plaene_vorbereiten();
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_bewerber_alle, NULL, NULL, true, 0);
		bew.alle = MemoryContextAllocHuge(teil_bewerber.ctx, sizeof(match_bewerber) * (n > 0 ? n : 1));
		for (i = 0; i < n; i++)
		{
			match_bewerber *b = &bew.alle[m];

			match_bewerber_aus_zeile(i, b);
			b->b.wuensche = b->wuensche;
			zeit_einengen(b);
			if ((i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			if (!b->hat_profil)
				continue;
			m++;
		}
		SPI_finish();
		/* the weights of their Kommunen, once per Kommune; the positions by id (the map is
		 * used only when every id came once, position = dense number) */
		if (!kaoa_idmap_init(&bew.alle_map, &bew.speicher, m > 0 ? m : 1))
			kaoa_kein_speicher(errdetail("Failed while mapping ids."));
		bew.alle_map_gilt = true;
		for (i = 0; i < (uint64) m; i++)
		{
			bool		neu;

			bew.alle[i].gewichte = gewichte_suchen(bew.alle[i].kommune);
			if (bew.alle_map_gilt &&
				kaoa_idmap_eintragen(&bew.alle_map, bew.alle[i].person_id, &neu) != (int32) i)
				bew.alle_map_gilt = false;
		}
		bew.n_alle = m;
		bew.alle_geladen = true;
		teil_bewerber.eintraege = bew.einzeln.n + bew.n_alle;
		match_teil_gebaut(&teil_bewerber, "every applicant with a usable profile", m, start);
	}
	*anzahl = bew.n_alle;
	return bew.alle;
}

kaoa_bewerberliste *
match_bewerberliste(const match_bewerber **alle, int32 *anzahl)
{
	*alle = match_bewerber_alle(anzahl);
	if (bew.liste == NULL)
	{
		TimestampTz start = GetCurrentTimestamp();
		kaoa_listen_bewerber *lb = MemoryContextAllocHuge(teil_bewerber.ctx,
														  sizeof(kaoa_listen_bewerber) * (bew.n_alle > 0 ? bew.n_alle : 1));
		int32		i;

		for (i = 0; i < bew.n_alle; i++)
		{
			lb[i].b = &bew.alle[i].b;
			lb[i].trig = &bew.alle[i].trig;
			lb[i].g = bew.alle[i].gewichte;
		}
		bew.liste = kaoa_bewerberliste_bauen(lb, bew.n_alle, &bew.speicher);
		if (bew.liste == NULL)
			kaoa_kein_speicher(errdetail("Failed while building the list of applicants."));
		match_teil_gebaut(&teil_bewerber, "list of applicants by location", bew.n_alle, start);
	}
	return bew.liste;
}
