/*
 * sbo_analysen.c — what a coordinator asks of the Standardelemente and the measures (docs/sbo.md):
 *
 *   kaoa.sbo_luecken(kommune, schuljahr, stichtag)      each pupil missing what the grade requires
 *   kaoa.bi_sbo() / view kaoa.v_sbo                       the same per school, counts rounded (base/bi.h)
 *   kaoa.massnahmen_ueberschneidungen(kommune, schuljahr) parallel structures
 *   kaoa.massnahmen_luecken(kommune, schuljahr)           grade × school form × Berufsfeld without a measure
 *
 * Design note.  Completeness is decided by the pure-C core (sbo_schueler_pruefen) so it is the same
 * rule in the per-pupil list, the per-school view and the unit tests.  The requirements are the
 * `pflicht` rows of the catalogue edition in force on the reference day (data, not code); one SQL
 * statement per Kommune and school year hands the core every pupil of grades up to 10 with the
 * proofs that count (participations attended up to the reference day under any code of the
 * element, plus the rows of kaoa.anschlussvereinbarung for the element anschlussvereinbarung),
 * grouped per pupil and sorted by school and grade so the view can aggregate while streaming.
 * Like the chain's reports, the statements run as the extension owner under a pinned search_path;
 * the caller's role decides which rows they cover and never sees rows it could not read.
 */
#include "sbo/sbo.h"
#include "base/sonde.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "base/bi.h"

PG_FUNCTION_INFO_V1(kaoa_sbo_luecken);
PG_FUNCTION_INFO_V1(kaoa_sbo_uebersicht);
PG_FUNCTION_INFO_V1(kaoa_bi_sbo);
PG_FUNCTION_INFO_V1(kaoa_massnahmen_ueberschneidungen);
PG_FUNCTION_INFO_V1(kaoa_massnahmen_luecken);

/*
 * Pins search_path = pg_catalog, pg_temp (so the long SQL below may use plain operators) and turns
 * JIT off for the statements that follow: each analysis runs one statement per Kommune, and JIT
 * compiling it costs more than running it.  Returns the GUC nest level for kaoa_suchpfad_zurueck.
 */
int
sbo_analyse_beginnen(void)
{
	int			nest = kaoa_suchpfad_sichern();

	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	return nest;
}

/*
 * Runs one of the analysis statements as the extension owner, planned for these very values: the
 * statements run once per Kommune and school year, and a cached generic plan cannot know how many
 * rows a Kommune has.  SPI connected.
 */
uint64
sbo_analyse_ausfuehren(const char *sql, int nargs, Oid *typen, Datum *werte)
{
	kaoa_rechtewechsel w;
	int			rc;

	kaoa_als_eigentuemer(&w);
	rc = SPI_execute_with_args(sql, nargs, typen, werte, NULL, true, 0);
	kaoa_rechte_zurueck(&w);
	if (rc < 0)
		kaoa_spi_fehlgeschlagen(rc, psprintf("SPI_execute_with_args of %s", sql));
	return SPI_processed;
}

static kaoa_spi_plan plan_kommune = {
	"SELECT k.min_fallzahl FROM kaoa.kommune k WHERE k.kommune = $1", 1, {TEXTOID}
};

/* The Kommune's min_fallzahl; ERROR P0002 when the Kommune does not exist.  SPI connected. */
int
sbo_kommune_pruefen(const char *kommune)
{
	Datum		w[1];

	w[0] = CStringGetTextDatum(kommune);
	if (kaoa_spi_als_eigentuemer(&plan_kommune, w, NULL, true, 1) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("Kommune %s does not exist", kommune),
				 errhint("Kommunen are the rows of kaoa.kommune (5-digit Kreisschlüssel).")));
	return DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &(bool){false}));
}

/* ---- completeness ------------------------------------------------------------------------------- */

typedef struct pflichten
{
	int			n;
	int			jahrgang_min;
	char	   *version;
	char	   *element[SBO_PFLICHTEN_MAX];
	char	   *code[SBO_PFLICHTEN_MAX];
	Datum		element_text[SBO_PFLICHTEN_MAX];	/* the same as text Datums, made once */
	Datum		code_text[SBO_PFLICHTEN_MAX];
	sbo_pflicht p[SBO_PFLICHTEN_MAX];
} pflichten;

static kaoa_spi_plan plan_pflichten = {
	"WITH v AS (SELECT v.version FROM kaoa.sbo_katalog_version v"
	"            WHERE coalesce(v.gueltig_ab, '-infinity'::date) <= $1"
	"            ORDER BY v.gueltig_ab DESC NULLS LAST LIMIT 1)"
	" SELECT k.element, k.code, k.jahrgang_von, k.ab_halbjahr, k.jahrgang_bis, k.mindestanzahl,"
	"        k.verschiedene_berufsfelder, k.version"
	"   FROM kaoa.sbo_katalog k JOIN v ON k.version = v.version"
	"  WHERE k.pflicht"
	"  ORDER BY k.jahrgang_von, k.ab_halbjahr, k.element LIMIT 16",
	1, {DATEOID}
};

/* The requirements of the catalogue edition in force on stichtag (strings SPI_palloc'd). */
static void
pflichten_laden(DateADT stichtag, pflichten *pf)
{
	Datum		w[1];
	uint64		n;

	w[0] = DateADTGetDatum(stichtag);
	n = kaoa_spi_als_eigentuemer(&plan_pflichten, w, NULL, true, 0);
	memset(pf, 0, sizeof(*pf));
	pf->jahrgang_min = SBO_JAHRGANG_MAX + 1;
	for (uint64 i = 0; i < n && i < SBO_PFLICHTEN_MAX; i++)
	{
		pf->element[i] = kaoa_spi_text(i, 1);
		pf->code[i] = kaoa_spi_text(i, 2);
		pf->element_text[i] = CStringGetTextDatum(pf->element[i]);
		pf->code_text[i] = CStringGetTextDatum(pf->code[i]);
		pf->p[i].jahrgang_von = kaoa_spi_int4(i, 3, 0);
		pf->p[i].ab_halbjahr = kaoa_spi_int4(i, 4, 0);
		pf->p[i].jahrgang_bis = kaoa_spi_int4(i, 5, 0);
		pf->p[i].mindestanzahl = kaoa_spi_int4(i, 6, 0);
		pf->p[i].verschiedene_berufsfelder = kaoa_spi_bool(i, 7, false);
		pf->version = kaoa_spi_text(i, 8);
		pf->jahrgang_min = Min(pf->jahrgang_min, pf->p[i].jahrgang_von);
		pf->n++;
	}
}

/* ---- the pupils of a Kommune and school year, found by person_id ----------------------------------- */

typedef struct schuelerliste
{
	int			n;
	int64	   *person_id;
	int64	   *schule_org;
	Datum	   *schulform;		/* text, copied; (Datum) 0 for NULL */
	int		   *jahrgang;
	int		   *slot;			/* open addressing over person_id: index + 1, 0 = empty */
	uint32		maske;
} schuelerliste;

static uint32
schluessel_hash(int64 id)
{
	uint64		z = (uint64) id * UINT64CONST(0x9E3779B97F4A7C15);

	return (uint32) (z >> 32);
}

/* Runs sql (rows: person_id, schule_org, schulform, jahrgang) and keeps the pupils in its order. */
static void
schueler_laden(schuelerliste *l, const char *sql, int nargs, Oid *typen, Datum *werte)
{
	uint64		n = sbo_analyse_ausfuehren(sql, nargs, typen, werte);
	uint32		groesse = 16;
	int			m = (int) Max(n, 1);

	while (groesse < 2 * n)
		groesse <<= 1;
	l->n = (int) n;
	l->person_id = palloc(sizeof(int64) * m);
	l->schule_org = palloc(sizeof(int64) * m);
	l->schulform = palloc(sizeof(Datum) * m);
	l->jahrgang = palloc(sizeof(int) * m);
	l->slot = palloc0(sizeof(int) * groesse);
	l->maske = groesse - 1;
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		form;
		uint32		h;

		l->person_id[i] = DatumGetInt64(SPI_getbinval(t, d, 1, &isnull));
		l->schule_org[i] = DatumGetInt64(SPI_getbinval(t, d, 2, &isnull));
		form = SPI_getbinval(t, d, 3, &isnull);
		l->schulform[i] = isnull ? (Datum) 0 : datumCopy(form, false, -1);
		l->jahrgang[i] = DatumGetInt32(SPI_getbinval(t, d, 4, &isnull));
		for (h = schluessel_hash(l->person_id[i]) & l->maske; l->slot[h] != 0; h = (h + 1) & l->maske)
			;
		l->slot[h] = (int) i + 1;
	}
}

/* The index of person_id among the pupils, or -1. */
static int
schueler_finden(const schuelerliste *l, int64 person_id)
{
	for (uint32 h = schluessel_hash(person_id) & l->maske;; h = (h + 1) & l->maske)
	{
		int			i = l->slot[h];

		if (i == 0)
			return -1;
		if (l->person_id[i - 1] == person_id)
			return i - 1;
	}
}

/* ---- completeness ----------------------------------------------------------------------------------- */

static const char *const sql_schueler_stand =
	"SELECT b.person_id, b.schule_org, b.schulform, b.jahrgang"
	"  FROM kaoa.schulbesuch b"
	" WHERE b.kommune = $1 AND b.schuljahr = $2 AND b.jahrgang BETWEEN $4 AND $5"
	"   AND ($3 = 0 OR b.schule_org = $3)"
	" ORDER BY b.schule_org, b.jahrgang, b.person_id";
static Oid	typen_schueler_stand[5] = {TEXTOID, INT4OID, INT8OID, INT4OID, INT4OID};

/*
 * The proofs of the Kommune that count up to $2: the participations attended under any code of a
 * required element ($3), and the Anschlussvereinbarungen for the element anschlussvereinbarung —
 * person, requirement (1-based position in $3), day, Berufsfeld as a number (its position among the
 * codes; NULL none).  A flat scan: grouping per pupil is done in C, which is cheaper than arrays.
 */
static const char *const sql_nachweise =
	"WITH k AS ("
	"  SELECT k.version, k.code, array_position($3, k.element) AS pflicht"
	"    FROM kaoa.sbo_katalog k WHERE k.element = ANY ($3)),"
	" f AS (SELECT array_agg(b.code) AS codes FROM kaoa.berufsfeld b)"
	" SELECT t.person_id, k.pflicht, t.datum, array_position((SELECT codes FROM f), t.berufsfeld)"
	"   FROM kaoa.sbo_teilnahme t JOIN k ON k.version = t.katalog_version AND k.code = t.sbo_code"
	"  WHERE t.kommune = $1 AND t.teilgenommen AND t.datum <= $2"
	" UNION ALL"
	" SELECT a.person_id, array_position($3, 'anschlussvereinbarung'), a.datum, NULL"
	"   FROM kaoa.anschlussvereinbarung a"
	"  WHERE a.kommune = $1 AND a.datum <= $2 AND 'anschlussvereinbarung' = ANY ($3)";
static Oid	typen_nachweise[3] = {TEXTOID, DATEOID, TEXTARRAYOID};

/* One pupil as the core needs it. */
typedef struct schueler
{
	int64		person_id;
	int64		schule_org;
	Datum		schulform;		/* text, or 0 */
	bool		schulform_null;
	int			jahrgang;
	int			vorhanden[SBO_PFLICHTEN_MAX];
	sbo_faelligkeit fehlt[SBO_PFLICHTEN_MAX];
} schueler;

/* The day completeness is judged on: stichtag, at most the last day of the school year. */
static DateADT
stichtag_im_jahr(int schuljahr, DateADT stichtag)
{
	DateADT		ende = date2j(schuljahr + 1, 7, 31) - POSTGRES_EPOCH_JDATE;

	return stichtag < ende ? stichtag : ende;
}

/* Half-year of the school year on day d: 2 from 1 February. */
static int
halbjahr_am(int schuljahr, DateADT d)
{
	return d >= date2j(schuljahr + 1, 2, 1) - POSTGRES_EPOCH_JDATE ? 2 : 1;
}

typedef void (*schueler_fn) (const schueler *s, const pflichten *pf, int halbjahr, void *arg);

/*
 * Runs the completeness check of (kommune, schuljahr) as of stichtag, for one school (schule ≠ 0)
 * or all, calling fn for every pupil in school-and-grade order.  The proofs are sorted into
 * per-pupil runs with a counting sort over the pupils' index.  SPI connected, search_path pinned.
 */
static void
stand_berechnen(const char *kommune, int schuljahr, DateADT stichtag, int64 schule, schueler_fn fn,
				void *arg)
{
	pflichten	pf;
	DateADT		tag = stichtag_im_jahr(schuljahr, stichtag);
	int			halbjahr = halbjahr_am(schuljahr, tag);
	Datum		w[5];
	Datum	   *elemente;
	uint64		n;
	schuelerliste l;
	int		   *zu, *start, *pos, *von;
	sbo_nachweis *nachweise;

	pflichten_laden(tag, &pf);
	if (pf.n == 0)
		return;
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	w[2] = Int64GetDatum(schule);
	w[3] = Int32GetDatum(pf.jahrgang_min);
	w[4] = Int32GetDatum(SBO_SEK1_LETZTER_JAHRGANG);
	schueler_laden(&l, sql_schueler_stand, 5, typen_schueler_stand, w);
	if (l.n == 0)
		return;

	elemente = palloc(sizeof(Datum) * pf.n);
	for (int i = 0; i < pf.n; i++)
		elemente[i] = pf.element_text[i];
	w[1] = DateADTGetDatum(tag);
	w[2] = PointerGetDatum(construct_array(elemente, pf.n, TEXTOID, -1, false, TYPALIGN_INT));
	n = sbo_analyse_ausfuehren(sql_nachweise, 3, typen_nachweise, w);
	zu = palloc(sizeof(int) * Max(n, 1));
	start = palloc0(sizeof(int) * (l.n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;

		zu[i] = schueler_finden(&l, DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull)));
		if (zu[i] >= 0)
			start[zu[i] + 1]++;
	}
	for (int j = 1; j <= l.n; j++)
		start[j] += start[j - 1];
	pos = palloc(sizeof(int) * (l.n + 1));
	memcpy(pos, start, sizeof(int) * (l.n + 1));
	von = palloc(sizeof(int) * Max(start[l.n], 1));
	nachweise = palloc(sizeof(sbo_nachweis) * Max(start[l.n], 1));
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		int			k;
		Datum		v;

		if (zu[i] < 0)
			continue;
		k = pos[zu[i]]++;
		v = SPI_getbinval(t, d, 2, &isnull);
		von[k] = isnull ? -1 : DatumGetInt32(v) - 1;
		v = SPI_getbinval(t, d, 3, &isnull);
		nachweise[k].datum = isnull ? 0 : DatumGetDateADT(v);
		v = SPI_getbinval(t, d, 4, &isnull);
		nachweise[k].berufsfeld = isnull ? 0 : DatumGetInt32(v);
	}

	for (int i = 0; i < l.n; i++)
	{
		schueler	s;

		s.person_id = l.person_id[i];
		s.schule_org = l.schule_org[i];
		s.schulform = l.schulform[i];
		s.schulform_null = l.schulform[i] == (Datum) 0;
		s.jahrgang = l.jahrgang[i];
		sbo_schueler_pruefen(pf.p, pf.n, s.jahrgang, halbjahr, von + start[i], nachweise + start[i],
							 start[i + 1] - start[i], s.vorhanden, s.fehlt);
		fn(&s, &pf, halbjahr, arg);
	}
}

/* ---- kaoa.sbo_luecken -------------------------------------------------------------------------------- */

static void
luecken_ausgeben(const schueler *s, const pflichten *pf, int halbjahr, void *arg)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) arg;

	for (int i = 0; i < pf->n; i++)
	{
		Datum		werte[9];
		bool		nulls[9] = {false};

		if (s->fehlt[i] == SF_NICHT_FAELLIG)
			continue;
		werte[0] = Int64GetDatum(s->person_id);
		werte[1] = Int64GetDatum(s->schule_org);
		werte[2] = s->schulform;
		nulls[2] = s->schulform_null;
		werte[3] = Int32GetDatum(s->jahrgang);
		werte[4] = pf->element_text[i];
		werte[5] = pf->code_text[i];
		werte[6] = Int32GetDatum(s->vorhanden[i]);
		werte[7] = Int32GetDatum(pf->p[i].mindestanzahl);
		werte[8] = BoolGetDatum(s->fehlt[i] == SF_UEBERFAELLIG);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
}

/*
 * kaoa.sbo_luecken(kommune, schuljahr, stichtag) → (person_id, schule_org, schulform, jahrgang,
 * element, sbo_code, vorhanden, erforderlich, ueberfaellig): one row per pupil of grades up to 10
 * and required element still missing as of stichtag (at most the end of the school year).  The
 * system and the KoKo get the whole Kommune, a school or Berufskolleg its own pupils, anyone else
 * KA004.
 */
Datum
kaoa_sbo_luecken(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a;
	char	   *kommune;
	int64		schule = 0;
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		kaoa_argumente_fehlen("kaoa.sbo_luecken", "kommune, schuljahr, stichtag", NULL);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a))
	{
		if (strcmp(a->kommune, kommune) != 0 ||
			(a->org_typ != KO_KOKO && a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG))
			sbo_verweigern("sbo_teilnahme", "kommune",
				errmsg("organisation %lld may not check the Standardelemente of Kommune %s",
											 (long long) a->org_id, kommune),
				errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. The request concerns Kommune %s.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune, kommune),
				errhint("The KoKo of a Kommune and system roles check every pupil of it; a school or Berufskolleg checks its own pupils."));
		if (a->org_typ != KO_KOKO)
			schule = a->org_id;
	}
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	(void) sbo_kommune_pruefen(kommune);
	stand_berechnen(kommune, PG_GETARG_INT32(1), PG_GETARG_DATEADT(2), schule, luecken_ausgeben, rsinfo);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- kaoa.bi_sbo / kaoa.v_sbo ------------------------------------------------------------------------ */

/*
 * The pupils of one school and grade as of the reference day: how many, and per required element
 * how many miss it and how many of them are overdue.  All groups of a Kommune and school year are
 * collected first and rounded together (src/base/bi.h): the groups are the atoms of a family whose
 * tree is school → school × grade, and each element splits a group once more (missing / not, and of
 * the missing: overdue / not) under the group's rounded count.
 */
typedef struct gruppe
{
	int64		schule_org;
	int			jahrgang;
	int			halbjahr;
	int64		anzahl;
	int64		fehlend[SBO_PFLICHTEN_MAX];
	int64		ueberfaellig[SBO_PFLICHTEN_MAX];
	pflichten	pf;				/* a copy: the groups are emitted after stand_berechnen returns */
} gruppe;

typedef struct familie
{
	gruppe	   *g;
	int			n;
	int			platz;
} familie;

static void
gruppe_zaehlen(const schueler *s, const pflichten *pf, int halbjahr, void *arg)
{
	familie    *f = (familie *) arg;
	gruppe	   *g = f->n > 0 ? &f->g[f->n - 1] : NULL;

	if (g == NULL || g->schule_org != s->schule_org || g->jahrgang != s->jahrgang)
	{
		if (f->n == f->platz)
		{
			f->platz = Max(16, f->platz * 2);
			f->g = f->g ? repalloc_huge(f->g, sizeof(gruppe) * f->platz) : palloc_extended(sizeof(gruppe) * f->platz, MCXT_ALLOC_HUGE);
		}
		g = &f->g[f->n++];
		memset(g, 0, sizeof(*g));
		g->schule_org = s->schule_org;
		g->jahrgang = s->jahrgang;
		g->halbjahr = halbjahr;
		g->pf = *pf;
	}
	g->anzahl++;
	for (int i = 0; i < pf->n; i++)
	{
		if (sbo_pflicht_faellig(&pf->p[i], s->jahrgang, halbjahr) == SF_NICHT_FAELLIG)
			continue;
		if (s->fehlt[i] != SF_NICHT_FAELLIG)
			g->fehlend[i]++;
		if (s->fehlt[i] == SF_UEBERFAELLIG)
			g->ueberfaellig[i]++;
	}
}

/* One published count (rd_zeigen): NULL when the true count is 1 … min_fallzahl − 1, else the
 * rounded one, as bigint (int8) or integer. */
static void
zahl_setzen(Datum *wert, bool *null, int64 wahr, int64 gerundet, int min_fallzahl, bool int8)
{
	int64		w;

	*null = !rd_zeigen(wahr, gerundet, min_fallzahl, &w);
	*wert = int8 ? Int64GetDatum(w) : Int32GetDatum((int32) w);
}

/* Rounds the groups of one Kommune and school year and emits a row per group and element due; each
 * count is published by rd_zeigen (NULL where its true value is 1 … min_fallzahl − 1, else rounded);
 * counts as bigint (int8) or integer. */
static void
familie_ausgeben(familie *f, const char *kommune, int schuljahr, int min_fallzahl, ReturnSetInfo *rsinfo, bool int8)
{
	rd_atom    *atome = palloc0(sizeof(rd_atom) * Max(f->n, 1));

	for (int i = 0; i < f->n; i++)
	{
		const char **pfad = palloc(sizeof(char *) * 2);

		pfad[0] = psprintf(INT64_FORMAT, f->g[i].schule_org);
		pfad[1] = psprintf("%d", f->g[i].jahrgang);
		atome[i] = (rd_atom) {f->g[i].anzahl, 2, pfad, 0, NULL, 0};
	}
	kaoa_bi_atome_runden(atome, f->n, min_fallzahl);
	for (int i = 0; i < f->n; i++)
	{
		gruppe	   *g = &f->g[i];

		for (int e = 0; e < g->pf.n; e++)
		{
			Datum		werte[8];
			bool		nulls[8] = {false};
			int64		teile[2],
						fehlend[2],
						ueberfaellig[2];

			if (sbo_pflicht_faellig(&g->pf.p[e], g->jahrgang, g->halbjahr) == SF_NICHT_FAELLIG)
				continue;
			teile[0] = g->fehlend[e];
			teile[1] = g->anzahl - g->fehlend[e];
			kaoa_bi_aufteilen(atome[i].gerundet, teile, 2, min_fallzahl, fehlend);
			teile[0] = g->ueberfaellig[e];
			teile[1] = g->fehlend[e] - g->ueberfaellig[e];
			kaoa_bi_aufteilen(fehlend[0], teile, 2, min_fallzahl, ueberfaellig);
			werte[0] = CStringGetTextDatum(kommune);
			werte[1] = Int32GetDatum(schuljahr);
			werte[2] = Int64GetDatum(g->schule_org);
			werte[3] = Int32GetDatum(g->jahrgang);
			werte[4] = g->pf.element_text[e];
			zahl_setzen(&werte[5], &nulls[5], g->anzahl, atome[i].gerundet, min_fallzahl, int8);
			zahl_setzen(&werte[6], &nulls[6], g->fehlend[e], fehlend[0], min_fallzahl, int8);
			zahl_setzen(&werte[7], &nulls[7], g->ueberfaellig[e], ueberfaellig[0], min_fallzahl, int8);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
		}
	}
}

static kaoa_spi_plan plan_jahre_alle = {
	"SELECT DISTINCT b.kommune, b.schuljahr FROM kaoa.schulbesuch b ORDER BY 1, 2", 0, {0}
};

static kaoa_spi_plan plan_jahre_eine = {
	"SELECT DISTINCT b.kommune, b.schuljahr FROM kaoa.schulbesuch b WHERE b.kommune = $1 ORDER BY 1, 2",
	1, {TEXTOID}
};

/*
 * The body of kaoa.v_sbo: per school, grade and required element the pupils it is due for, those
 * missing it and those overdue, as of today (the end of past school years), rounded as one family
 * per Kommune and school year.  Covers the Kommunen of kaoa.bi_kommunen(): a BI role its Kommune,
 * an organisation its own, the system all.  int8: the counts as bigint (0.1.0's
 * kaoa.sbo_uebersicht()), else integer (kaoa.bi_sbo()).
 */
static Datum
sbo_uebersicht(FunctionCallInfo fcinfo, bool int8)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	const char *eine = NULL;
	DateADT		heute = kaoa_heute();
	uint64		n;
	int			nest;
	char	  **kommunen;
	int		   *jahre;
	Datum		w[1];

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (a->art == KAOA_AKTEUR_ORG)
		eine = a->kommune;
	else if (a->art != KAOA_AKTEUR_SYSTEM)
	{
		if (a->bi_kommune[0] == '\0')
			return (Datum) 0;
		eine = a->bi_kommune;
	}
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	if (eine != NULL)
	{
		w[0] = CStringGetTextDatum(eine);
		n = kaoa_spi_als_eigentuemer(&plan_jahre_eine, w, NULL, true, 0);
	}
	else
		n = kaoa_spi_als_eigentuemer(&plan_jahre_alle, NULL, NULL, true, 0);
	kommunen = palloc(sizeof(char *) * Max(n, 1));
	jahre = palloc(sizeof(int) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		kommunen[i] = kaoa_spi_text(i, 1);
		jahre[i] = kaoa_spi_int4(i, 2, 0);
	}
	for (uint64 i = 0; i < n; i++)
	{
		familie		f = {NULL, 0, 0};
		int			min_fallzahl = sbo_kommune_pruefen(kommunen[i]);

		stand_berechnen(kommunen[i], jahre[i], heute, 0, gruppe_zaehlen, &f);
		familie_ausgeben(&f, kommunen[i], jahre[i], min_fallzahl, rsinfo, int8);
	}
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* kaoa.bi_sbo() → (kommune, schuljahr, schule_org, jahrgang, element, schueler, fehlend,
 * ueberfaellig), counts integer: the body of kaoa.v_sbo. */
Datum
kaoa_bi_sbo(PG_FUNCTION_ARGS)
{
	return sbo_uebersicht(fcinfo, false);
}

/* kaoa.sbo_uebersicht() of 0.1.0 (counts bigint): kept so that a database not yet updated keeps
 * working, with the same rounding. */
Datum
kaoa_sbo_uebersicht(PG_FUNCTION_ARGS)
{
	return sbo_uebersicht(fcinfo, true);
}

/* ---- measures ---------------------------------------------------------------------------------------- */

/*
 * Candidate pairs of parallel structures: measures of the Kommune running in the school year whose
 * periods and Berufsfelder overlap, with those overlaps.  Whether and where their target groups
 * overlap is decided in C (sbo_zielgruppen_schnitt), since a target group is a union of pairs.
 */
static const char *const sql_ueberschneidungen =
	"WITH m AS ("
	"  SELECT m.massnahme_id, m.traeger_org, m.art, m.berufsfelder, m.zeitraum"
	"    FROM kaoa.massnahme m"
	"   WHERE m.kommune = $1 AND m.zeitraum && daterange(make_date($2, 8, 1), make_date($2 + 1, 8, 1)))"
	" SELECT a.massnahme_id, b.massnahme_id, a.traeger_org, b.traeger_org, a.art = b.art,"
	"        CASE WHEN a.berufsfelder IS NULL THEN b.berufsfelder WHEN b.berufsfelder IS NULL THEN a.berufsfelder"
	"             ELSE ARRAY(SELECT DISTINCT x FROM unnest(a.berufsfelder) x WHERE x = ANY (b.berufsfelder) ORDER BY x) END,"
	"        a.zeitraum * b.zeitraum"
	"   FROM m a JOIN m b ON a.massnahme_id < b.massnahme_id AND a.zeitraum && b.zeitraum"
	"    AND (a.berufsfelder IS NULL OR b.berufsfelder IS NULL OR a.berufsfelder && b.berufsfelder)"
	"  ORDER BY 1, 2";

/*
 * The target groups of the measures of the Kommune running in the school year, by massnahme_id: each
 * measure's own pair, then its rows of kaoa.massnahme_zielgruppe; with the Berufsfelder as numbers
 * (positions among the codes in code order; NULL = every field).
 */
static const char *const sql_ziel_massnahmen =
	"WITH f AS (SELECT array_agg(b.code ORDER BY b.code) AS codes FROM kaoa.berufsfeld b)"
	" SELECT m.massnahme_id, m.jahrgaenge, m.schulformen,"
	"        CASE WHEN m.berufsfelder IS NOT NULL THEN"
	"             ARRAY(SELECT array_position((SELECT codes FROM f), x) FROM unnest(m.berufsfelder) x) END"
	"   FROM kaoa.massnahme m"
	"  WHERE m.kommune = $1 AND m.zeitraum && daterange(make_date($2, 8, 1), make_date($2 + 1, 8, 1))"
	"  ORDER BY m.massnahme_id";

static const char *const sql_ziel_gruppen =
	"SELECT z.massnahme_id, z.jahrgaenge, z.schulformen"
	"  FROM kaoa.massnahme_zielgruppe z"
	"  JOIN kaoa.massnahme m ON m.kommune = z.kommune AND m.massnahme_id = z.massnahme_id"
	" WHERE m.kommune = $1 AND m.zeitraum && daterange(make_date($2, 8, 1), make_date($2 + 1, 8, 1))"
	" ORDER BY z.massnahme_id, z.zielgruppe_id";

static Oid	typen_jahr[2] = {TEXTOID, INT4OID};

/* The measures of a Kommune and school year with their target groups, sorted by massnahme_id. */
typedef struct ziele
{
	int			n;
	int64	   *ids;
	sbo_massnahme_ziel *ziel;
} ziele;

/* One pair (jahrgaenge, schulformen) from columns sp, sp + 1 of SPI row i. */
static void
paar_aus(uint64 i, int sp, sbo_zielgruppe *g)
{
	HeapTuple	t = SPI_tuptable->vals[i];
	TupleDesc	d = SPI_tuptable->tupdesc;
	bool		isnull;
	Datum		v = SPI_getbinval(t, d, sp, &isnull);
	Datum	   *el;
	bool	   *nu;
	int			ne;

	memset(g, 0, sizeof(*g));
	if (isnull)
		g->jahrgaenge.leer = true;
	else
		sbo_bereich_aus(v, SPI_gettypeid(d, sp), &g->jahrgaenge);
	v = SPI_getbinval(t, d, sp + 1, &isnull);
	if (!isnull)
	{
		const char **formen;

		deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, &el, &nu, &ne);
		formen = palloc(sizeof(char *) * Max(ne, 1));
		for (int k = 0; k < ne; k++)
			formen[k] = nu[k] ? NULL : TextDatumGetCString(el[k]);
		g->schulformen = formen;
		g->n_schulformen = ne;
	}
}

/* The index of massnahme_id in z (binary search), or -1. */
static int
ziel_finden(const ziele *z, int64 massnahme_id)
{
	int			lo = 0,
				hi = z->n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (z->ids[mid] == massnahme_id)
			return mid;
		if (z->ids[mid] < massnahme_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Loads the measures of (kommune, schuljahr) with their target groups (the union of pairs).
 * SPI connected; allocations live until SPI_finish. */
static void
ziele_laden(const char *kommune, int schuljahr, ziele *z)
{
	Datum		w[2];
	uint64		n;
	int		   *anzahl;

	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	n = sbo_analyse_ausfuehren(sql_ziel_massnahmen, 2, typen_jahr, w);
	z->n = (int) n;
	z->ids = palloc(sizeof(int64) * Max(n, 1));
	z->ziel = palloc0(sizeof(sbo_massnahme_ziel) * Max(n, 1));
	anzahl = palloc0(sizeof(int) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		v;
		sbo_zielgruppe *g = palloc(sizeof(sbo_zielgruppe));

		z->ids[i] = DatumGetInt64(SPI_getbinval(t, d, 1, &isnull));
		paar_aus(i, 2, g);
		z->ziel[i].gruppen = g;
		z->ziel[i].n_gruppen = 1;
		anzahl[i] = 1;
		v = SPI_getbinval(t, d, 4, &isnull);
		if (!isnull)
		{
			Datum	   *el;
			bool	   *nu;
			int			ne;
			int32	   *felder;

			deconstruct_array(DatumGetArrayTypeP(v), INT4OID, 4, true, TYPALIGN_INT, &el, &nu, &ne);
			felder = palloc(sizeof(int32) * Max(ne, 1));
			for (int k = 0; k < ne; k++)
				felder[k] = nu[k] ? 0 : DatumGetInt32(el[k]);
			z->ziel[i].felder = felder;
			z->ziel[i].n_felder = ne;
		}
	}
	n = kaoa_tabelle_vorhanden("massnahme_zielgruppe") ? sbo_analyse_ausfuehren(sql_ziel_gruppen, 2, typen_jahr, w) : 0;
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;
		int			m = ziel_finden(z, DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull)));
		sbo_massnahme_ziel *ziel;

		if (m < 0)
			continue;
		ziel = &z->ziel[m];
		if (ziel->n_gruppen == anzahl[m])
		{
			anzahl[m] *= 2;
			ziel->gruppen = repalloc((void *) ziel->gruppen, sizeof(sbo_zielgruppe) * anzahl[m]);
		}
		paar_aus(i, 2, (sbo_zielgruppe *) &ziel->gruppen[ziel->n_gruppen++]);
	}
}

/* ---- gaps ------------------------------------------------------------------------------------------ */

static const char *const sql_schueler_jahr =
	"SELECT b.person_id, b.schule_org, b.schulform, b.jahrgang FROM kaoa.schulbesuch b"
	" WHERE b.kommune = $1 AND b.schuljahr = $2"
	" ORDER BY b.jahrgang, b.schulform NULLS LAST, b.person_id";

static const char *const sql_felder = "SELECT b.code FROM kaoa.berufsfeld b ORDER BY b.code";

/*
 * What the young people are interested in, as (person, Berufsfeld number = position among the codes
 * in code order): a participation in that field up to the end of the school year (a Berufsfelderkundung
 * day, a Praktikum with its field), and each wish of their newest Anschlussvereinbarung up to then
 * within the field's KldB branches — each distinct wish matched with <@ once, then joined to the
 * pupils by equality.
 */
static const char *const sql_interessen =
	"WITH f AS (SELECT array_agg(b.code ORDER BY b.code) AS codes FROM kaoa.berufsfeld b),"
	" av AS ("
	"  SELECT DISTINCT ON (a.person_id) a.person_id, a.wuensche FROM kaoa.anschlussvereinbarung a"
	"   WHERE a.kommune = $1 AND a.datum < make_date($2 + 1, 8, 1)"
	"   ORDER BY a.person_id, a.datum DESC, a.vereinbarung_id DESC),"
	" wunsch AS (SELECT av.person_id, w.k FROM av, unnest(av.wuensche) w(k)),"
	" abbild AS ("
	"  SELECT w.k, array_position((SELECT codes FROM f), b.code) AS feld"
	"    FROM (SELECT DISTINCT k FROM wunsch) w JOIN kaoa.berufsfeld b ON w.k OPERATOR(kaoa.<@) ANY (b.kldb))"
	" SELECT t.person_id, array_position((SELECT codes FROM f), t.berufsfeld) FROM kaoa.sbo_teilnahme t"
	"  WHERE t.kommune = $1 AND t.berufsfeld IS NOT NULL AND t.datum < make_date($2 + 1, 8, 1)"
	" UNION ALL"
	" SELECT wunsch.person_id, abbild.feld FROM wunsch JOIN abbild ON abbild.k OPERATOR(kaoa.=) wunsch.k";

/* The same school form (both NULL, or equal text). */
static bool
gleiche_form(Datum a, Datum b)
{
	if (a == (Datum) 0 || b == (Datum) 0)
		return a == b;
	return VARSIZE_ANY_EXHDR(DatumGetPointer(a)) == VARSIZE_ANY_EXHDR(DatumGetPointer(b)) &&
		memcmp(VARDATA_ANY(DatumGetPointer(a)), VARDATA_ANY(DatumGetPointer(b)),
			   VARSIZE_ANY_EXHDR(DatumGetPointer(a))) == 0;
}

/*
 * kaoa.massnahmen_luecken: every pupil of the school year gets a bit set of the Berufsfelder they are
 * interested in; the pupils come sorted by grade and school form, so each cell (grade × school form)
 * is counted in one pass, and each of its fields with young people is checked against the measures
 * (sbo_massnahme_deckt).  Output in grade, school form (NULLs last), Berufsfeld code order.
 */
static void
luecken_rechnen(ReturnSetInfo *rsinfo, const char *kommune, int schuljahr)
{
	Datum		w[2];
	schuelerliste l;
	uint64		n;
	int			n_felder, worte;
	Datum	   *codes;
	uint64	   *bits;
	int64	   *anzahl;
	ziele		z;

	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	n = sbo_analyse_ausfuehren(sql_felder, 0, NULL, NULL);
	n_felder = (int) n;
	codes = palloc(sizeof(Datum) * Max(n_felder, 1));
	for (int f = 0; f < n_felder; f++)
	{
		bool		isnull;

		codes[f] = datumCopy(SPI_getbinval(SPI_tuptable->vals[f], SPI_tuptable->tupdesc, 1, &isnull), false, -1);
	}
	worte = (n_felder + 63) / 64;

	ziele_laden(kommune, schuljahr, &z);

	schueler_laden(&l, sql_schueler_jahr, 2, typen_jahr, w);
	if (l.n == 0 || n_felder == 0)
		return;
	bits = palloc0(sizeof(uint64) * worte * l.n);
	n = sbo_analyse_ausfuehren(sql_interessen, 2, typen_jahr, w);
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		int			p = schueler_finden(&l, DatumGetInt64(SPI_getbinval(t, d, 1, &isnull)));
		Datum		v = SPI_getbinval(t, d, 2, &isnull);
		int			f;

		if (p < 0 || isnull)
			continue;
		f = DatumGetInt32(v) - 1;
		if (f >= 0 && f < n_felder)
			bits[(size_t) p * worte + f / 64] |= UINT64CONST(1) << (f % 64);
	}

	anzahl = palloc(sizeof(int64) * n_felder);
	for (int von = 0; von < l.n;)
	{
		int			bis = von;
		char	   *form = l.schulform[von] == (Datum) 0 ? NULL : TextDatumGetCString(l.schulform[von]);

		memset(anzahl, 0, sizeof(int64) * n_felder);
		while (bis < l.n && l.jahrgang[bis] == l.jahrgang[von] && gleiche_form(l.schulform[bis], l.schulform[von]))
		{
			for (int f = 0; f < n_felder; f++)
				if (bits[(size_t) bis * worte + f / 64] & (UINT64CONST(1) << (f % 64)))
					anzahl[f]++;
			bis++;
		}
		for (int f = 0; f < n_felder; f++)
		{
			bool		gedeckt = false;
			Datum		werte[4];
			bool		nulls[4] = {false, false, false, false};

			if (anzahl[f] == 0)
				continue;
			for (int m = 0; m < z.n && !gedeckt; m++)
				gedeckt = sbo_massnahme_deckt(&z.ziel[m], l.jahrgang[von], form, f + 1);
			if (gedeckt)
				continue;
			werte[0] = Int32GetDatum(l.jahrgang[von]);
			werte[1] = l.schulform[von];
			nulls[1] = form == NULL;
			werte[2] = codes[f];
			werte[3] = Int64GetDatum(anzahl[f]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
		}
		von = bis;
	}
}

/* An int4range of the grades von..bis (inclusive). */
static Datum
jahrgaenge_datum(int von, int bis)
{
	TypeCacheEntry *tc = lookup_type_cache(INT4RANGEOID, TYPECACHE_RANGE_INFO);
	RangeBound	unten,
				oben;

	unten.val = Int32GetDatum(von);
	unten.infinite = false;
	unten.inclusive = true;
	unten.lower = true;
	oben.val = Int32GetDatum(bis + 1);
	oben.infinite = false;
	oben.inclusive = false;
	oben.lower = false;
	return RangeTypePGetDatum(make_range(tc, &unten, &oben, false));
}

/*
 * The parallel structures of (kommune, schuljahr): for every candidate pair (periods and Berufsfelder
 * overlap), the pieces where both target groups admit the same grades and school forms, one row each.
 */
static void
ueberschneidungen_rechnen(ReturnSetInfo *rsinfo, const char *kommune, int schuljahr)
{
	ziele		z;
	Datum		w[2];
	uint64		n;
	sbo_schnitt_teil teile[SBO_JAHRGANG_MAX];

	ziele_laden(kommune, schuljahr, &z);
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	n = sbo_analyse_ausfuehren(sql_ueberschneidungen, 2, typen_jahr, w);
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		bool		isnull;
		int			ia = ziel_finden(&z, DatumGetInt64(SPI_getbinval(t, d, 1, &isnull)));
		int			ib = ziel_finden(&z, DatumGetInt64(SPI_getbinval(t, d, 2, &isnull)));
		int			k;
		Datum		werte[9];
		bool		nulls[9];

		if (ia < 0 || ib < 0)
			continue;
		k = sbo_zielgruppen_schnitt(z.ziel[ia].gruppen, z.ziel[ia].n_gruppen, z.ziel[ib].gruppen,
									z.ziel[ib].n_gruppen, teile);
		if (k < 0)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("measures %lld and %lld name more than %d school forms",
							(long long) z.ids[ia], (long long) z.ids[ib], SBO_SCHULFORMEN_MAX),
					 errhint("A target group names IT.NRW school-form keys; there are far fewer than that.")));
		for (int c = 0; c < 5; c++)
			werte[c] = SPI_getbinval(t, d, c + 1, &nulls[c]);
		werte[7] = SPI_getbinval(t, d, 6, &nulls[7]);
		werte[8] = SPI_getbinval(t, d, 7, &nulls[8]);
		for (int j = 0; j < k; j++)
		{
			werte[5] = jahrgaenge_datum(teile[j].von, teile[j].bis);
			nulls[5] = false;
			nulls[6] = teile[j].alle;
			if (!teile[j].alle)
			{
				Datum	   *formen = palloc(sizeof(Datum) * Max(teile[j].n_formen, 1));

				for (int f = 0; f < teile[j].n_formen; f++)
					formen[f] = CStringGetTextDatum(teile[j].formen[f]);
				werte[6] = PointerGetDatum(construct_array(formen, teile[j].n_formen, TEXTOID, -1, false, TYPALIGN_INT));
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
		}
	}
}

/*
 * kaoa.massnahmen_ueberschneidungen(kommune, schuljahr) → (massnahme_a, massnahme_b, traeger_a,
 * traeger_b, gleiche_art, jahrgaenge, schulformen, berufsfelder, zeitraum): each pair of measures
 * running in the school year whose target groups (unions of pairs), Berufsfelder (NULL = all) and
 * periods overlap, one row per piece of the overlap of the target groups (grades with the same
 * school forms; schulformen NULL = every form).  Measures are planning data: the system and every
 * organisation of the Kommune may ask.
 */
Datum
kaoa_massnahmen_ueberschneidungen(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	char	   *kommune;
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		kaoa_argumente_fehlen("kaoa.massnahmen_ueberschneidungen", "kommune, schuljahr", NULL);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a) && strcmp(a->kommune, kommune) != 0)
		sbo_verweigern("massnahme", "kommune",
			errmsg("organisation %lld may not analyse the measures of Kommune %s",
										 (long long) a->org_id, kommune),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. The request concerns Kommune %s.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune, kommune),
			errhint("Measures are planning data of their Kommune: its organisations and system roles analyse them."));
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	(void) sbo_kommune_pruefen(kommune);
	ueberschneidungen_rechnen((ReturnSetInfo *) fcinfo->resultinfo, kommune, PG_GETARG_INT32(1));
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/*
 * kaoa.massnahmen_luecken(kommune, schuljahr) → (jahrgang, schulform, berufsfeld, junge_menschen):
 * cells of grade × school form × Berufsfeld with young people enrolled that school year who are
 * interested in the field, and no measure for it.  For the KoKo of the Kommune and the system.
 */
Datum
kaoa_massnahmen_luecken(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	char	   *kommune;
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		kaoa_argumente_fehlen("kaoa.massnahmen_luecken", "kommune, schuljahr", NULL);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a) && !(a->org_typ == KO_KOKO && strcmp(a->kommune, kommune) == 0))
		sbo_verweigern("massnahme", "kommune",
			errmsg("organisation %lld may not analyse the gaps of Kommune %s",
										 (long long) a->org_id, kommune),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. The request concerns Kommune %s.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune, kommune),
			errhint("The gaps between the young people's interests and the measures of a Kommune are analysed by its KoKo or a system role."));
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	(void) sbo_kommune_pruefen(kommune);
	luecken_rechnen((ReturnSetInfo *) fcinfo->resultinfo, kommune, PG_GETARG_INT32(1));
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}
