/*
 * sbo_analysen.c — what a coordinator asks of the Standardelemente and the measures (DESIGN.md §10):
 *
 *   kaoa.sbo_luecken(kommune, schuljahr, stichtag)      each pupil missing what the grade requires
 *   kaoa.sbo_uebersicht() / view kaoa.v_sbo               the same per school, small counts suppressed
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
#include "sbo.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

#include "core/kette_regeln.h"
#include "kette.h"

PG_FUNCTION_INFO_V1(kaoa_sbo_luecken);
PG_FUNCTION_INFO_V1(kaoa_sbo_uebersicht);
PG_FUNCTION_INFO_V1(kaoa_massnahmen_ueberschneidungen);
PG_FUNCTION_INFO_V1(kaoa_massnahmen_luecken);

static void
spi_verbinden(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "kaoa: SPI_connect failed");
}

pg_attribute_noreturn()
static void
fehlt(const char *funktion, const char *argumente)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s needs %s", funktion, argumente),
			 errdetail("An argument was NULL."),
			 errhint("Pass every argument.")));
	pg_unreachable();
}

static kaoa_spi_plan plan_kommune = {
	"SELECT k.min_fallzahl FROM kaoa.kommune k WHERE k.kommune = $1", 1, {TEXTOID}
};

/* The Kommune's min_fallzahl; ERROR P0002 when the Kommune does not exist.  SPI connected. */
static int
kommune_pruefen(const char *kommune)
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

static int32
spi_int4(uint64 zeile, int spalte)
{
	bool		isnull;

	return DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, spalte, &isnull));
}

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
		pf->p[i].jahrgang_von = spi_int4(i, 3);
		pf->p[i].ab_halbjahr = spi_int4(i, 4);
		pf->p[i].jahrgang_bis = spi_int4(i, 5);
		pf->p[i].mindestanzahl = spi_int4(i, 6);
		pf->p[i].verschiedene_berufsfelder = kaoa_spi_bool(i, 7, false);
		pf->version = kaoa_spi_text(i, 8);
		pf->jahrgang_min = Min(pf->jahrgang_min, pf->p[i].jahrgang_von);
		pf->n++;
	}
}

/*
 * Every pupil of (kommune, schuljahr) in grades $6..$7 (optionally of one school, $4 ≠ 0), with the
 * proofs that count up to $3: pflicht (1-based position of the element in $5), day and Berufsfeld.
 */
static kaoa_spi_plan plan_stand = {
	"WITH s AS ("
	"  SELECT b.person_id, b.schule_org, b.schulform, b.jahrgang"
	"    FROM kaoa.schulbesuch b"
	"   WHERE b.kommune = $1 AND b.schuljahr = $2 AND b.jahrgang BETWEEN $6 AND $7"
	"     AND ($4 = 0 OR b.schule_org = $4)),"
	" n AS ("
	"  SELECT t.person_id, array_position($5, k.element) AS pflicht, t.datum, t.berufsfeld"
	"    FROM kaoa.sbo_teilnahme t"
	"    JOIN kaoa.sbo_katalog k ON k.version = t.katalog_version AND k.code = t.sbo_code"
	"   WHERE t.kommune = $1 AND t.teilgenommen AND t.datum <= $3 AND k.element = ANY ($5)"
	"  UNION ALL"
	"  SELECT a.person_id, array_position($5, 'anschlussvereinbarung'), a.datum, NULL"
	"    FROM kaoa.anschlussvereinbarung a"
	"   WHERE a.kommune = $1 AND a.datum <= $3 AND 'anschlussvereinbarung' = ANY ($5))"
	" SELECT s.person_id, s.schule_org, s.schulform, s.jahrgang,"
	"        array_agg(n.pflicht) FILTER (WHERE n.pflicht IS NOT NULL),"
	"        array_agg(n.datum) FILTER (WHERE n.pflicht IS NOT NULL),"
	"        array_agg(n.berufsfeld) FILTER (WHERE n.pflicht IS NOT NULL)"
	"   FROM s LEFT JOIN n ON n.person_id = s.person_id"
	"  GROUP BY s.person_id, s.schule_org, s.schulform, s.jahrgang"
	"  ORDER BY s.schule_org, s.jahrgang, s.person_id",
	7, {TEXTOID, INT4OID, DATEOID, INT8OID, TEXTARRAYOID, INT4OID, INT4OID}
};

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
 * or all, calling fn for every pupil in school-and-grade order.  SPI connected, search_path pinned.
 */
static void
stand_berechnen(const char *kommune, int schuljahr, DateADT stichtag, int64 schule, schueler_fn fn,
				void *arg)
{
	pflichten	pf;
	DateADT		tag = stichtag_im_jahr(schuljahr, stichtag);
	int			halbjahr = halbjahr_am(schuljahr, tag);
	Datum		w[7];
	Datum	   *elemente;
	uint64		n;
	MemoryContext zeile_ctx, alt;

	pflichten_laden(tag, &pf);
	if (pf.n == 0)
		return;
	elemente = palloc(sizeof(Datum) * pf.n);
	for (int i = 0; i < pf.n; i++)
		elemente[i] = CStringGetTextDatum(pf.element[i]);
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	w[2] = DateADTGetDatum(tag);
	w[3] = Int64GetDatum(schule);
	w[4] = PointerGetDatum(construct_array(elemente, pf.n, TEXTOID, -1, false, TYPALIGN_INT));
	w[5] = Int32GetDatum(pf.jahrgang_min);
	w[6] = Int32GetDatum(SBO_SEK1_LETZTER_JAHRGANG);
	n = kaoa_spi_als_eigentuemer(&plan_stand, w, NULL, true, 0);

	zeile_ctx = AllocSetContextCreate(CurrentMemoryContext, "kaoa sbo pupil", ALLOCSET_SMALL_SIZES);
	for (uint64 i = 0; i < n; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		TupleDesc	d = SPI_tuptable->tupdesc;
		schueler	s;
		bool		isnull;
		Datum		a_pflicht, a_datum, a_feld;
		int			n_nachweise = 0;
		int		   *von = NULL;
		sbo_nachweis *nachweise = NULL;

		alt = MemoryContextSwitchTo(zeile_ctx);
		s.person_id = DatumGetInt64(SPI_getbinval(t, d, 1, &isnull));
		s.schule_org = DatumGetInt64(SPI_getbinval(t, d, 2, &isnull));
		s.schulform = SPI_getbinval(t, d, 3, &s.schulform_null);
		s.jahrgang = DatumGetInt32(SPI_getbinval(t, d, 4, &isnull));
		a_pflicht = SPI_getbinval(t, d, 5, &isnull);
		if (!isnull)
		{
			Datum	   *p_el, *d_el, *f_el;
			bool	   *p_nu, *d_nu, *f_nu;
			int			np, nd, nf;

			a_datum = SPI_getbinval(t, d, 6, &isnull);
			a_feld = SPI_getbinval(t, d, 7, &isnull);
			deconstruct_array(DatumGetArrayTypeP(a_pflicht), INT4OID, 4, true, TYPALIGN_INT, &p_el, &p_nu, &np);
			deconstruct_array(DatumGetArrayTypeP(a_datum), DATEOID, 4, true, TYPALIGN_INT, &d_el, &d_nu, &nd);
			deconstruct_array(DatumGetArrayTypeP(a_feld), TEXTOID, -1, false, TYPALIGN_INT, &f_el, &f_nu, &nf);
			if (np != nd || np != nf)
				elog(ERROR, "kaoa: proof arrays of person %lld differ in length", (long long) s.person_id);
			von = palloc(sizeof(int) * np);
			nachweise = palloc(sizeof(sbo_nachweis) * np);
			for (int j = 0; j < np; j++)
			{
				von[j] = p_nu[j] ? -1 : DatumGetInt32(p_el[j]) - 1;
				nachweise[j].datum = d_nu[j] ? 0 : DatumGetDateADT(d_el[j]);
				nachweise[j].berufsfeld = f_nu[j] ? NULL : TextDatumGetCString(f_el[j]);
			}
			n_nachweise = np;
		}
		sbo_schueler_pruefen(pf.p, pf.n, s.jahrgang, halbjahr, von, nachweise, n_nachweise,
							 s.vorhanden, s.fehlt);
		MemoryContextSwitchTo(alt);
		fn(&s, &pf, halbjahr, arg);
		MemoryContextReset(zeile_ctx);
	}
	MemoryContextDelete(zeile_ctx);
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
		werte[4] = CStringGetTextDatum(pf->element[i]);
		werte[5] = CStringGetTextDatum(pf->code[i]);
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
		fehlt("kaoa.sbo_luecken", "kommune, schuljahr and stichtag");
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a))
	{
		if (strcmp(a->kommune, kommune) != 0 ||
			(a->org_typ != KO_KOKO && a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG))
			sbo_nicht_berechtigt(a, psprintf("organisation %lld may not check the Standardelemente of Kommune %s",
											 (long long) a->org_id, kommune),
								 psprintf("The request concerns Kommune %s.", kommune),
								 "The KoKo of a Kommune and system roles check every pupil of it; a school or Berufskolleg checks its own pupils.");
		if (a->org_typ != KO_KOKO)
			schule = a->org_id;
	}
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	spi_verbinden();
	nest = kette_suchpfad_sichern();
	(void) kommune_pruefen(kommune);
	stand_berechnen(kommune, PG_GETARG_INT32(1), PG_GETARG_DATEADT(2), schule, luecken_ausgeben, rsinfo);
	kette_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- kaoa.sbo_uebersicht / kaoa.v_sbo ------------------------------------------------------------------ */

typedef struct gruppe
{
	ReturnSetInfo *rsinfo;
	const char *kommune;
	int			schuljahr;
	int			min_fallzahl;
	bool		offen;
	int64		schule_org;
	int			jahrgang;
	int			halbjahr;
	int64		schueler[SBO_PFLICHTEN_MAX];
	int64		fehlend[SBO_PFLICHTEN_MAX];
	int64		ueberfaellig[SBO_PFLICHTEN_MAX];
	pflichten	pf;				/* a copy: the group is flushed after stand_berechnen returns */
} gruppe;

static void
gruppe_ausgeben(gruppe *g)
{
	if (!g->offen)
		return;
	for (int i = 0; i < g->pf.n; i++)
	{
		Datum		werte[8];
		bool		nulls[8] = {false};

		if (sbo_pflicht_faellig(&g->pf.p[i], g->jahrgang, g->halbjahr) == SF_NICHT_FAELLIG)
			continue;
		werte[0] = CStringGetTextDatum(g->kommune);
		werte[1] = Int32GetDatum(g->schuljahr);
		werte[2] = Int64GetDatum(g->schule_org);
		werte[3] = Int32GetDatum(g->jahrgang);
		werte[4] = CStringGetTextDatum(g->pf.element[i]);
		werte[5] = Int64GetDatum(g->schueler[i]);
		nulls[5] = g->schueler[i] < g->min_fallzahl;
		werte[6] = Int64GetDatum(g->fehlend[i]);
		nulls[6] = g->fehlend[i] < g->min_fallzahl;
		werte[7] = Int64GetDatum(g->ueberfaellig[i]);
		nulls[7] = g->ueberfaellig[i] < g->min_fallzahl;
		tuplestore_putvalues(g->rsinfo->setResult, g->rsinfo->setDesc, werte, nulls);
	}
	g->offen = false;
}

static void
gruppe_zaehlen(const schueler *s, const pflichten *pf, int halbjahr, void *arg)
{
	gruppe	   *g = (gruppe *) arg;

	if (g->offen && (g->schule_org != s->schule_org || g->jahrgang != s->jahrgang))
		gruppe_ausgeben(g);
	if (!g->offen)
	{
		g->offen = true;
		g->schule_org = s->schule_org;
		g->jahrgang = s->jahrgang;
		g->halbjahr = halbjahr;
		g->pf = *pf;
		memset(g->schueler, 0, sizeof(g->schueler));
		memset(g->fehlend, 0, sizeof(g->fehlend));
		memset(g->ueberfaellig, 0, sizeof(g->ueberfaellig));
	}
	for (int i = 0; i < pf->n; i++)
	{
		if (sbo_pflicht_faellig(&pf->p[i], s->jahrgang, halbjahr) == SF_NICHT_FAELLIG)
			continue;
		g->schueler[i]++;
		if (s->fehlt[i] != SF_NICHT_FAELLIG)
			g->fehlend[i]++;
		if (s->fehlt[i] == SF_UEBERFAELLIG)
			g->ueberfaellig[i]++;
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
 * kaoa.sbo_uebersicht() → (kommune, schuljahr, schule_org, jahrgang, element, schueler, fehlend,
 * ueberfaellig): per school, grade and required element, the pupils it is due for, those missing it
 * and those overdue, as of today (the end of past school years); every count below the Kommune's
 * min_fallzahl NULL.  Covers the Kommunen of kaoa.bi_kommunen(): a BI role its Kommune, an
 * organisation its own, the system all.  The body of the view kaoa.v_sbo.
 */
Datum
kaoa_sbo_uebersicht(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	const char *eine = NULL;
	DateADT		heute = kette_heute();
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
	spi_verbinden();
	nest = kette_suchpfad_sichern();
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
		jahre[i] = spi_int4(i, 2);
	}
	for (uint64 i = 0; i < n; i++)
	{
		gruppe		g;

		memset(&g, 0, sizeof(g));
		g.rsinfo = rsinfo;
		g.kommune = kommunen[i];
		g.schuljahr = jahre[i];
		g.min_fallzahl = kommune_pruefen(kommunen[i]);
		stand_berechnen(kommunen[i], jahre[i], heute, 0, gruppe_zaehlen, &g);
		gruppe_ausgeben(&g);
	}
	kette_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- measures ---------------------------------------------------------------------------------------- */

static kaoa_spi_plan plan_ueberschneidungen = {
	"WITH m AS ("
	"  SELECT m.massnahme_id, m.traeger_org, m.art, m.jahrgaenge, m.schulformen, m.berufsfelder, m.zeitraum"
	"    FROM kaoa.massnahme m"
	"   WHERE m.kommune = $1 AND m.zeitraum && daterange(make_date($2, 8, 1), make_date($2 + 1, 8, 1)))"
	" SELECT a.massnahme_id, b.massnahme_id, a.traeger_org, b.traeger_org, a.art = b.art,"
	"        a.jahrgaenge * b.jahrgaenge,"
	"        CASE WHEN a.schulformen IS NULL THEN b.schulformen WHEN b.schulformen IS NULL THEN a.schulformen"
	"             ELSE ARRAY(SELECT DISTINCT x FROM unnest(a.schulformen) x WHERE x = ANY (b.schulformen) ORDER BY x) END,"
	"        CASE WHEN a.berufsfelder IS NULL THEN b.berufsfelder WHEN b.berufsfelder IS NULL THEN a.berufsfelder"
	"             ELSE ARRAY(SELECT DISTINCT x FROM unnest(a.berufsfelder) x WHERE x = ANY (b.berufsfelder) ORDER BY x) END,"
	"        a.zeitraum * b.zeitraum"
	"   FROM m a JOIN m b ON a.massnahme_id < b.massnahme_id"
	"    AND a.jahrgaenge && b.jahrgaenge AND a.zeitraum && b.zeitraum"
	"    AND (a.schulformen IS NULL OR b.schulformen IS NULL OR a.schulformen && b.schulformen)"
	"    AND (a.berufsfelder IS NULL OR b.berufsfelder IS NULL OR a.berufsfelder && b.berufsfelder)"
	"  ORDER BY 1, 2",
	2, {TEXTOID, INT4OID}
};

/*
 * The Berufsfeld cells young people of the school year are interested in — a participation in that
 * field (a Berufsfelderkundung day, a Praktikum with its field) or a wish of their newest
 * Anschlussvereinbarung within the field's KldB branches (matched by prefix, which is what <@ means
 * on KldB codes, so the planner can hash-join instead of testing every wish against every branch) —
 * that no measure of the Kommune covers in grade, school form, Berufsfeld and school year.
 */
static kaoa_spi_plan plan_luecken = {
	"WITH s AS ("
	"  SELECT b.person_id, b.jahrgang, b.schulform FROM kaoa.schulbesuch b"
	"   WHERE b.kommune = $1 AND b.schuljahr = $2),"
	" av AS ("
	"  SELECT DISTINCT ON (a.person_id) a.person_id, a.wuensche FROM kaoa.anschlussvereinbarung a"
	"   WHERE a.kommune = $1 AND a.datum < make_date($2 + 1, 8, 1)"
	"   ORDER BY a.person_id, a.datum DESC, a.vereinbarung_id DESC),"
	" zweig AS ("
	"  SELECT f.code, z::text AS praefix FROM kaoa.berufsfeld f, unnest(f.kldb) z),"
	" interesse AS ("
	"  SELECT t.person_id, t.berufsfeld FROM kaoa.sbo_teilnahme t"
	"   WHERE t.kommune = $1 AND t.berufsfeld IS NOT NULL AND t.datum < make_date($2 + 1, 8, 1)"
	"  UNION"
	"  SELECT av.person_id, zweig.code"
	"    FROM av, unnest(av.wuensche) w(k), generate_series(1, length(w.k::text)) l(n)"
	"    JOIN zweig ON true"
	"   WHERE zweig.praefix = left(w.k::text, l.n)),"
	" zellen AS ("
	"  SELECT s.jahrgang, s.schulform, i.berufsfeld, count(*) AS n"
	"    FROM s JOIN interesse i ON i.person_id = s.person_id"
	"   GROUP BY 1, 2, 3)"
	" SELECT z.jahrgang, z.schulform, z.berufsfeld, z.n FROM zellen z"
	"  WHERE NOT EXISTS ("
	"    SELECT 1 FROM kaoa.massnahme m"
	"     WHERE m.kommune = $1 AND m.zeitraum && daterange(make_date($2, 8, 1), make_date($2 + 1, 8, 1))"
	"       AND m.jahrgaenge @> z.jahrgang"
	"       AND (m.schulformen IS NULL OR z.schulform = ANY (m.schulformen))"
	"       AND (m.berufsfelder IS NULL OR z.berufsfeld = ANY (m.berufsfelder)))"
	"  ORDER BY 1, 2 NULLS LAST, 3",
	2, {TEXTOID, INT4OID}
};

/* Runs plan p with (kommune, schuljahr) and returns its rows as the function's result. */
static void
tabelle_ausgeben(FunctionCallInfo fcinfo, kaoa_spi_plan *p, const char *kommune, int schuljahr, int spalten)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		w[2];
	Datum		werte[16];
	bool		nulls[16];
	uint64		n;
	int			nest;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	spi_verbinden();
	nest = kette_suchpfad_sichern();
	(void) kommune_pruefen(kommune);
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int32GetDatum(schuljahr);
	n = kaoa_spi_als_eigentuemer(p, w, NULL, true, 0);
	for (uint64 i = 0; i < n; i++)
	{
		for (int k = 0; k < spalten; k++)
			werte[k] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, k + 1, &nulls[k]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	kette_suchpfad_zurueck(nest);
	SPI_finish();
}

/*
 * kaoa.massnahmen_ueberschneidungen(kommune, schuljahr) → (massnahme_a, massnahme_b, traeger_a,
 * traeger_b, gleiche_art, jahrgaenge, schulformen, berufsfelder, zeitraum): each pair of measures
 * running in the school year whose target grades, school forms (NULL = all), Berufsfelder (NULL =
 * all) and periods overlap, with the overlap.  Measures are planning data: the system and every
 * organisation of the Kommune may ask.
 */
Datum
kaoa_massnahmen_ueberschneidungen(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	char	   *kommune;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		fehlt("kaoa.massnahmen_ueberschneidungen", "kommune and schuljahr");
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a) && strcmp(a->kommune, kommune) != 0)
		sbo_nicht_berechtigt(a, psprintf("organisation %lld may not analyse the measures of Kommune %s",
										 (long long) a->org_id, kommune),
							 psprintf("The request concerns Kommune %s.", kommune),
							 "Measures are planning data of their Kommune: its organisations and system roles analyse them.");
	tabelle_ausgeben(fcinfo, &plan_ueberschneidungen, kommune, PG_GETARG_INT32(1), 9);
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

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		fehlt("kaoa.massnahmen_luecken", "kommune and schuljahr");
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a) && !(a->org_typ == KO_KOKO && strcmp(a->kommune, kommune) == 0))
		sbo_nicht_berechtigt(a, psprintf("organisation %lld may not analyse the gaps of Kommune %s",
										 (long long) a->org_id, kommune),
							 psprintf("The request concerns Kommune %s.", kommune),
							 "The gaps between the young people's interests and the measures of a Kommune are analysed by its KoKo or a system role.");
	tabelle_ausgeben(fcinfo, &plan_luecken, kommune, PG_GETARG_INT32(1), 4);
	return (Datum) 0;
}
