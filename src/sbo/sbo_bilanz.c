/*
 * sbo_bilanz.c — what the measures and the training market of a Kommune amount to:
 *
 *   kaoa.massnahme_wirkung(kommune, schuljahr)   participants and comparison group by outcome
 *   kaoa.bi_massnahme_wirkung()                  the body of kaoa.v_massnahme_wirkung (rounded)
 *   kaoa.ausbildungsmarkt(kommune, schuljahr)    the Bündnis balance per Berufsbereich
 *   kaoa.bi_ausbildungsmarkt()                   the body of kaoa.v_ausbildungsmarkt (rounded)
 *
 * Design note.  Each view is two separate steps.  The counts: a few flat statements per Kommune run
 * as the extension owner (as the other analyses of src/sbo), combined in C — for the effect, every
 * pupil of a school year is counted once into a cell (grade × school form × outcome), and a
 * measure's comparison group is the sum of the cells its target group covers (the pure-C union of
 * pairs) minus its participants in them, so a Kommune costs one pass over its enrolments, not one
 * per measure.  The publication: every count of persons goes through kaoa's one rounding of BI
 * counts (base/bi.h, docs/roles-and-bi.md): the six cells of a measure are one family (tree A
 * group → outcome, tree B outcome → group, so the group sizes and the outcome totals come out
 * controlled too); the applicants of a Kommune and school year are one family (Berufsbereich →
 * versorgt or not; versorgt or not → Berufsbereich), its proposals onto the year's places another
 * (by Berufsbereich).  Places are published information and stay exact; frei is computed from the
 * published proposals.  Publication is a last step of its own (rd_zeigen): a count whose true
 * value is 1 … min_fallzahl − 1 is NULL (the row stays), every other count its rounded value; a cell
 * or row with nobody in it (and, for the balance, no places) is left out.  The unrounded functions
 * are for the KoKo of the Kommune and the system, who see every row behind them anyway (kaoa
 * status prints the Bündnis figures from them); the views are for BI roles, the KoKo and the
 * system, like every kaoa.v_* view.  Both views show association, not cause: who takes part in a
 * measure is not chosen at random.
 */
#include "sbo/sbo.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "base/sonde.h"
#include "base/werte.h"
#include "base/bi.h"

PG_FUNCTION_INFO_V1(kaoa_massnahme_wirkung);
PG_FUNCTION_INFO_V1(kaoa_bi_massnahme_wirkung);
PG_FUNCTION_INFO_V1(kaoa_ausbildungsmarkt);
PG_FUNCTION_INFO_V1(kaoa_bi_ausbildungsmarkt);

/* ---- who ---------------------------------------------------------------------------------------- */

/* The exact counts: the system and the KoKo of the Kommune; anyone else KA004. */
static void
koko_pruefen(const kaoa_akteur *a, const char *kommune, const char *funktion)
{
	if (kaoa_akteur_verwaltet(a, kommune))
		return;
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("massnahme", "kommune", "sbo_zustaendig"),
		errmsg("role \"%s\" may not read the exact counts of Kommune %s", a->rolle, kommune),
		errdetail("%s counts every young person of the Kommune; the role acts for organisation %lld of Kommune %s.",
					   funktion, (long long) a->org_id, a->kommune[0] ? a->kommune : "-"),
		errhint("The KoKo of the Kommune and system roles read them; BI roles read the rounded views kaoa.v_massnahme_wirkung and kaoa.v_ausbildungsmarkt."));
}

pg_attribute_noreturn()
static void
argumente_fehlen(const char *funktion)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s needs a kommune and a schuljahr", funktion),
			 errdetail("An argument was NULL."),
			 errhint("Pass the Kommune (5-digit Kreisschlüssel) and the school year by its start year, e.g. 2025 for 2025/26.")));
}

/* The Kommunen a view covers: a BI role its Kommune, an organisation its own, the system all (NULL);
 * false when none (an unregistered role sees nothing). */
static bool
bi_kommune(const kaoa_akteur *a, const char **eine)
{
	*eine = NULL;
	if (a->art == KAOA_AKTEUR_ORG)
		*eine = a->kommune;
	else if (a->art != KAOA_AKTEUR_SYSTEM)
	{
		if (a->bi_kommune[0] == '\0')
			return false;
		*eine = a->bi_kommune;
	}
	return true;
}

static kaoa_spi_plan plan_kommunen = {
	"SELECT k.kommune, k.min_fallzahl FROM kaoa.kommune k"
	" WHERE $1 IS NULL OR k.kommune OPERATOR(pg_catalog.=) $1 ORDER BY 1",
	1, {TEXTOID}
};

/* ---- the effect of measures ---------------------------------------------------------------------------- */

/* The outcome of a person for a school year, and the columns of the effect table. */
enum
{
	E_GESICHERT = 0, E_OFFEN, E_KEIN_FALL, E_ANZAHL
};
static const char *const ergebnis_namen[E_ANZAHL] = {"gesichert", "offen", "kein_fall"};

enum
{
	G_TEILNEHMENDE = 0, G_VERGLEICH, G_ANZAHL
};
static const char *const gruppe_namen[G_ANZAHL] = {"teilnehmende", "vergleich"};

/* The newest case of a person: its school year and the outcome it stands for (-1 ausgenommen). */
typedef struct fall_eintrag
{
	int64		person_id;
	int32		schuljahr;
	int			ergebnis;
} fall_eintrag;

/* An enrolment of a person in a school year. */
typedef struct besuch_schluessel
{
	int64		person_id;
	int32		schuljahr;
} besuch_schluessel;

typedef struct besuch_eintrag
{
	besuch_schluessel k;
	int			zelle;			/* index into the cells of its school year */
} besuch_eintrag;

/* The pupils of one school year in one grade and school form, counted by outcome. */
typedef struct zelle
{
	int32		schuljahr;
	int			jahrgang;
	char	   *schulform;		/* NULL: unknown */
	int64		anzahl[E_ANZAHL];
} zelle;

typedef struct massnahme_eintrag
{
	int64		id;
	char	   *titel;
	int32		schuljahr;		/* of its start */
	sbo_zielgruppe *gruppen;
	int			n_gruppen;
	int			platz;			/* allocated pairs */
	int64		anzahl[G_ANZAHL][E_ANZAHL];
} massnahme_eintrag;

typedef struct wirkung
{
	int			n_massnahmen;
	massnahme_eintrag *massnahmen;	/* by id */
	HTAB	   *faelle;
	HTAB	   *besuche;
	int			n_zellen;
	zelle	   *zellen;
} wirkung;

static const char *const sql_massnahmen =
	"SELECT m.massnahme_id, m.titel, extract(year FROM lower(m.zeitraum) - interval '7 months')::int,"
	"       m.jahrgaenge, m.schulformen"
	"  FROM kaoa.massnahme m"
	" WHERE m.kommune = $1 AND ($2 = 0 OR extract(year FROM lower(m.zeitraum) - interval '7 months') = $2)"
	"   AND NOT lower_inf(m.zeitraum)"
	" ORDER BY m.massnahme_id";

static const char *const sql_zielgruppen =
	"SELECT z.massnahme_id, z.jahrgaenge, z.schulformen FROM kaoa.massnahme_zielgruppe z"
	" WHERE z.kommune = $1 AND z.massnahme_id = ANY ($2) ORDER BY z.massnahme_id, z.zielgruppe_id";

/* the newest case of every person of the Kommune */
static const char *const sql_faelle =
	"SELECT DISTINCT ON (f.person_id) f.person_id, f.schuljahr,"
	"       CASE WHEN f.status IN ('anschluss_gesichert', 'angetreten') THEN 0"
	"            WHEN f.status = 'ausgenommen' THEN -1 ELSE 1 END"
	"  FROM kaoa.fall f WHERE f.kommune = $1 ORDER BY f.person_id, f.schuljahr DESC";

static const char *const sql_besuche =
	"SELECT b.person_id, b.schuljahr, b.jahrgang, b.schulform FROM kaoa.schulbesuch b"
	" WHERE b.kommune = $1 AND b.schuljahr = ANY ($2)"
	" ORDER BY b.schuljahr, b.jahrgang, b.schulform NULLS LAST";

static const char *const sql_teilnahmen =
	"SELECT t.massnahme_id, t.person_id, t.datum FROM kaoa.massnahme_teilnahme t"
	" WHERE t.kommune = $1 AND t.massnahme_id = ANY ($2)";

/* One pair (jahrgaenge, schulformen) of SPI row i, columns sp and sp + 1. */
static void
paar_lesen(uint64 i, int sp, sbo_zielgruppe *g)
{
	bool		isnull;
	Datum		v = kaoa_spi_wert(i, sp, &isnull);

	memset(g, 0, sizeof(*g));
	if (isnull)
		g->jahrgaenge.leer = true;
	else
		sbo_bereich_aus(v, SPI_gettypeid(SPI_tuptable->tupdesc, sp), &g->jahrgaenge);
	v = kaoa_spi_wert(i, sp + 1, &isnull);
	if (!isnull)
	{
		Datum	   *el;
		bool	   *nu;
		int			n;
		const char **formen;

		deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, &el, &nu, &n);
		formen = palloc(sizeof(char *) * Max(n, 1));
		for (int k = 0; k < n; k++)
			formen[k] = nu[k] ? NULL : TextDatumGetCString(el[k]);
		g->schulformen = formen;
		g->n_schulformen = n;
	}
}

static int
massnahme_finden(const wirkung *w, int64 id)
{
	int			lo = 0,
				hi = w->n_massnahmen - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (w->massnahmen[mid].id == id)
			return mid;
		if (w->massnahmen[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The outcome of person p for school year sj: from their newest case if its school year is sj or
 * later (-1: ausgenommen, left out), else kein_fall. */
static int
ergebnis_von(const wirkung *w, int64 p, int32 sj)
{
	bool		gefunden;
	fall_eintrag *f = hash_search(w->faelle, &p, HASH_FIND, &gefunden);

	if (!gefunden || f->schuljahr < sj)
		return E_KEIN_FALL;
	return f->ergebnis;
}

static bool
gleiche_schulform(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * The effect of the measures of a Kommune starting in school year `schuljahr` (0: every year):
 * fills w->massnahmen[i].anzahl.  SPI connected, search_path pinned.
 */
static void
wirkung_rechnen(const char *kommune, int schuljahr, wirkung *w)
{
	Datum		args[2];
	Oid			typen[2] = {TEXTOID, INT4OID};
	Oid			typen_ids[2] = {TEXTOID, INT8ARRAYOID};
	Oid			typen_jahre[2] = {TEXTOID, INT4ARRAYOID};
	uint64		n;
	Datum	   *ids,
			   *jahre;
	int			n_jahre = 0;
	HASHCTL		ctl;

	memset(w, 0, sizeof(*w));
	args[0] = CStringGetTextDatum(kommune);
	args[1] = Int32GetDatum(schuljahr);
	n = sbo_analyse_ausfuehren(sql_massnahmen, 2, typen, args);
	w->n_massnahmen = (int) n;
	w->massnahmen = palloc0(sizeof(massnahme_eintrag) * Max(n, 1));
	ids = palloc(sizeof(Datum) * Max(n, 1));
	jahre = palloc(sizeof(Datum) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		massnahme_eintrag *m = &w->massnahmen[i];
		bool		neu = true;

		m->id = kaoa_spi_int8(i, 1, 0);
		m->titel = kaoa_spi_text(i, 2);
		m->schuljahr = kaoa_spi_int4(i, 3, 0);
		m->platz = 2;
		m->gruppen = palloc(sizeof(sbo_zielgruppe) * m->platz);
		paar_lesen(i, 4, &m->gruppen[0]);
		m->n_gruppen = 1;
		ids[i] = Int64GetDatum(m->id);
		for (int j = 0; j < n_jahre && neu; j++)
			neu = DatumGetInt32(jahre[j]) != m->schuljahr;
		if (neu)
			jahre[n_jahre++] = Int32GetDatum(m->schuljahr);
	}
	if (w->n_massnahmen == 0)
		return;
	args[1] = PointerGetDatum(construct_array(ids, w->n_massnahmen, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	n = sbo_analyse_ausfuehren(sql_zielgruppen, 2, typen_ids, args);
	for (uint64 i = 0; i < n; i++)
	{
		int			k = massnahme_finden(w, kaoa_spi_int8(i, 1, 0));
		massnahme_eintrag *m;

		if (k < 0)
			continue;
		m = &w->massnahmen[k];
		if (m->n_gruppen == m->platz)
		{
			m->platz *= 2;
			m->gruppen = repalloc(m->gruppen, sizeof(sbo_zielgruppe) * m->platz);
		}
		paar_lesen(i, 2, &m->gruppen[m->n_gruppen++]);
	}

	/* the newest case of every person */
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(fall_eintrag);
	ctl.hcxt = CurrentMemoryContext;
	w->faelle = hash_create("kaoa effect: cases", 4096, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	n = sbo_analyse_ausfuehren(sql_faelle, 1, typen, args);
	for (uint64 i = 0; i < n; i++)
	{
		int64		p = kaoa_spi_int8(i, 1, 0);
		fall_eintrag *f = hash_search(w->faelle, &p, HASH_ENTER, NULL);

		f->schuljahr = kaoa_spi_int4(i, 2, 0);
		f->ergebnis = kaoa_spi_int4(i, 3, E_OFFEN);
	}
	SPI_freetuptable(SPI_tuptable);

	/* the pupils of the measures' school years, counted into cells by outcome */
	ctl.keysize = sizeof(besuch_schluessel);
	ctl.entrysize = sizeof(besuch_eintrag);
	w->besuche = hash_create("kaoa effect: enrolments", 8192, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	args[1] = PointerGetDatum(construct_array(jahre, n_jahre, INT4OID, 4, true, TYPALIGN_INT));
	n = sbo_analyse_ausfuehren(sql_besuche, 2, typen_jahre, args);
	w->zellen = palloc0(sizeof(zelle) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		besuch_schluessel k;
		besuch_eintrag *b;
		int32		sj = kaoa_spi_int4(i, 2, 0);
		int			jg = kaoa_spi_int4(i, 3, 0);
		char	   *form = kaoa_spi_text(i, 4);
		zelle	   *z = w->n_zellen > 0 ? &w->zellen[w->n_zellen - 1] : NULL;
		int			e;

		/* rows come sorted by school year, grade and school form: a new cell when one changes */
		if (z == NULL || z->schuljahr != sj || z->jahrgang != jg || !gleiche_schulform(z->schulform, form))
		{
			z = &w->zellen[w->n_zellen++];
			z->schuljahr = sj;
			z->jahrgang = jg;
			z->schulform = form;
		}
		memset(&k, 0, sizeof(k));
		k.person_id = kaoa_spi_int8(i, 1, 0);
		k.schuljahr = sj;
		b = hash_search(w->besuche, &k, HASH_ENTER, NULL);
		b->zelle = w->n_zellen - 1;
		e = ergebnis_von(w, k.person_id, sj);
		if (e >= 0)
			z->anzahl[e]++;
	}
	SPI_freetuptable(SPI_tuptable);

	/* the comparison group: the cells a measure's target group covers … */
	for (int i = 0; i < w->n_massnahmen; i++)
	{
		massnahme_eintrag *m = &w->massnahmen[i];

		for (int c = 0; c < w->n_zellen; c++)
		{
			zelle	   *z = &w->zellen[c];

			if (z->schuljahr != m->schuljahr ||
				!sbo_zielgruppe_enthaelt(m->gruppen, m->n_gruppen, z->jahrgang, z->schulform))
				continue;
			for (int e = 0; e < E_ANZAHL; e++)
				m->anzahl[G_VERGLEICH][e] += z->anzahl[e];
		}
	}
	/* … without its participants; who took part in the school year of its start are the participants */
	args[1] = PointerGetDatum(construct_array(ids, w->n_massnahmen, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	n = sbo_analyse_ausfuehren(sql_teilnahmen, 2, typen_ids, args);
	for (uint64 i = 0; i < n; i++)
	{
		int			k = massnahme_finden(w, kaoa_spi_int8(i, 1, 0));
		int64		p = kaoa_spi_int8(i, 2, 0);
		bool		isnull;
		DateADT		datum = DatumGetDateADT(kaoa_spi_wert(i, 3, &isnull));
		massnahme_eintrag *m;
		besuch_schluessel bk;
		besuch_eintrag *b;
		bool		gefunden;
		int			e;

		if (k < 0)
			continue;
		m = &w->massnahmen[k];
		e = ergebnis_von(w, p, m->schuljahr);
		if (e < 0)
			continue;			/* ausgenommen: left out of both groups */
		memset(&bk, 0, sizeof(bk));
		bk.person_id = p;
		bk.schuljahr = m->schuljahr;
		b = hash_search(w->besuche, &bk, HASH_FIND, &gefunden);
		if (gefunden)
		{
			zelle	   *z = &w->zellen[b->zelle];

			if (sbo_zielgruppe_enthaelt(m->gruppen, m->n_gruppen, z->jahrgang, z->schulform))
				m->anzahl[G_VERGLEICH][e]--;
		}
		if (!isnull && kaoa_schuljahr_von(datum) == m->schuljahr)
			m->anzahl[G_TEILNEHMENDE][e]++;
	}
}

/* Emits the rows of every measure of w: the counts as they are (min_fallzahl 0), or rounded as one
 * family per measure and published by rd_zeigen (NULL for a true 1 … min_fallzahl − 1), leaving out
 * the cells with nobody in them. */
static void
wirkung_ausgeben(ReturnSetInfo *rsinfo, const char *kommune, const wirkung *w, int min_fallzahl,
				 bool mit_kommune)
{
	for (int i = 0; i < w->n_massnahmen; i++)
	{
		const massnahme_eintrag *m = &w->massnahmen[i];
		rd_atom		atome[G_ANZAHL * E_ANZAHL];
		const char *pfade[G_ANZAHL * E_ANZAHL][4];

		for (int g = 0; g < G_ANZAHL; g++)
			for (int e = 0; e < E_ANZAHL; e++)
			{
				int			k = g * E_ANZAHL + e;

				pfade[k][0] = gruppe_namen[g];
				pfade[k][1] = ergebnis_namen[e];
				pfade[k][2] = ergebnis_namen[e];
				pfade[k][3] = gruppe_namen[g];
				atome[k] = (rd_atom) {m->anzahl[g][e], 2, &pfade[k][0], 2, &pfade[k][2], m->anzahl[g][e]};
			}
		if (min_fallzahl > 0)
			kaoa_bi_atome_runden(atome, G_ANZAHL * E_ANZAHL, min_fallzahl);
		for (int g = 0; g < G_ANZAHL; g++)
			for (int e = 0; e < E_ANZAHL; e++)
			{
				Datum		werte[7];
				bool		nulls[7] = {false};
				int			c = 0;
				int64		anzahl = atome[g * E_ANZAHL + e].gerundet;
				bool		gezeigt = true;

				if (min_fallzahl > 0)
				{
					if (m->anzahl[g][e] == 0)
						continue;
					gezeigt = rd_zeigen(m->anzahl[g][e], anzahl, min_fallzahl, &anzahl);
				}
				if (mit_kommune)
				{
					werte[c++] = CStringGetTextDatum(kommune);
					werte[c++] = Int32GetDatum(m->schuljahr);
				}
				werte[c++] = Int64GetDatum(m->id);
				werte[c] = m->titel ? CStringGetTextDatum(m->titel) : (Datum) 0;
				nulls[c++] = m->titel == NULL;
				werte[c++] = CStringGetTextDatum(gruppe_namen[g]);
				werte[c++] = CStringGetTextDatum(ergebnis_namen[e]);
				werte[c] = mit_kommune ? Int32GetDatum((int32) anzahl) : Int64GetDatum(anzahl);
				nulls[c] = !gezeigt;
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
			}
	}
}

/*
 * kaoa.massnahme_wirkung(kommune, schuljahr) → (massnahme_id, titel, gruppe, ergebnis, anzahl):
 * for every measure of the Kommune starting in that school year, its participants (a
 * participation in the school year of its start) and its comparison group (pupils enrolled that
 * school year in its target group who did not take part) by the outcome of their newest case of
 * that school year or later — gesichert, offen, kein_fall; persons whose newest case is
 * ausgenommen are left out.  Exact: for the KoKo of the Kommune and the system.
 */
Datum
kaoa_massnahme_wirkung(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	char	   *kommune;
	int			nest;
	wirkung		w;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		argumente_fehlen("kaoa.massnahme_wirkung");
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	koko_pruefen(a, kommune, "kaoa.massnahme_wirkung");
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	(void) sbo_kommune_pruefen(kommune);
	wirkung_rechnen(kommune, PG_GETARG_INT32(1), &w);
	wirkung_ausgeben((ReturnSetInfo *) fcinfo->resultinfo, kommune, &w, 0, false);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/*
 * kaoa.bi_massnahme_wirkung() → (kommune, schuljahr, massnahme_id, titel, gruppe, ergebnis, anzahl):
 * the body of kaoa.v_massnahme_wirkung — every measure of the Kommunen the caller may read (a BI
 * role its Kommune, an organisation its own, the system all), every school year, each measure's six
 * counts rounded as one family; cells that round to 0 are left out.
 */
Datum
kaoa_bi_massnahme_wirkung(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	const char *eine;
	int			nest;
	uint64		n;
	char	  **kommunen;
	int		   *minima;
	Datum		arg[1];
	char		nulls[1];

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (!bi_kommune(a, &eine))
		return (Datum) 0;
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	arg[0] = eine ? CStringGetTextDatum(eine) : (Datum) 0;
	nulls[0] = eine ? ' ' : 'n';
	n = kaoa_spi_als_eigentuemer(&plan_kommunen, arg, nulls, true, 0);
	kommunen = palloc(sizeof(char *) * Max(n, 1));
	minima = palloc(sizeof(int) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		kommunen[i] = kaoa_spi_text(i, 1);
		minima[i] = kaoa_spi_int4(i, 2, 1);
	}
	for (uint64 i = 0; i < n; i++)
	{
		MemoryContext pro = AllocSetContextCreate(CurrentMemoryContext, "kaoa effect", ALLOCSET_DEFAULT_SIZES);
		MemoryContext alt = MemoryContextSwitchTo(pro);
		wirkung		w;

		wirkung_rechnen(kommunen[i], 0, &w);
		wirkung_ausgeben((ReturnSetInfo *) fcinfo->resultinfo, kommunen[i], &w, Max(minima[i], 1), true);
		MemoryContextSwitchTo(alt);
		MemoryContextDelete(pro);
	}
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- the Bündnis balance -------------------------------------------------------------------------------- */

/*
 * Per school year and Berufsbereich of a Kommune: applicants (a usable profile — present, its
 * consent not revoked — and a case of that school year not ausgenommen, under the Berufsbereich of
 * their first wish, '0' for none), of them versorgt; places of the Kommune's offers starting from
 * 1 August of schuljahr + 1 to 31 July of schuljahr + 2, by the offer's Berufsbereich; proposals
 * onto those offers in the Kommune's newest run of the school year.  The offers (o) are not
 * materialised: the proposals then find their offer by its key, where a join against the
 * materialised list (misjudged as a few rows) compared every proposal with every offer — 150 ms a
 * Kommune, 8 s for all of NRW.
 */
static const char *const sql_markt =
	"WITH b AS ("
	"  SELECT f.schuljahr AS sj, coalesce(left(p.wuensche[1]::text, 1), '0') AS bb, count(*) AS bewerber,"
	"         count(*) FILTER (WHERE f.status IN ('anschluss_gesichert', 'angetreten')) AS versorgt"
	"    FROM kaoa.fall f"
	"    JOIN kaoa.bewerberprofil p ON p.kommune = f.kommune AND p.person_id = f.person_id"
	"    LEFT JOIN kaoa.einwilligung e ON e.kommune = p.kommune AND e.einwilligung_id = p.einwilligung_id"
	"   WHERE f.kommune = $1 AND ($2 = 0 OR f.schuljahr = $2) AND f.status <> 'ausgenommen'"
	"     AND (p.einwilligung_id IS NULL OR e.widerrufen_am IS NULL OR e.widerrufen_am > now())"
	"   GROUP BY 1, 2),"
	" o AS NOT MATERIALIZED ("
	"  SELECT extract(year FROM o.beginn - interval '7 months')::int - 1 AS sj, left(o.kldb::text, 1) AS bb,"
	"         o.angebot_id, o.plaetze"
	"    FROM kaoa.angebot o"
	"   WHERE o.kommune = $1 AND o.beginn IS NOT NULL"
	"     AND ($2 = 0 OR o.beginn BETWEEN make_date($2 + 1, 8, 1) AND make_date($2 + 2, 7, 31))),"
	" p AS (SELECT o.sj, o.bb, sum(o.plaetze) AS plaetze FROM o GROUP BY 1, 2),"
	" l AS (SELECT DISTINCT ON (l.schuljahr) l.schuljahr, l.lauf_id FROM kaoa.zuteilung_lauf l"
	"        WHERE l.kommune = $1 AND ($2 = 0 OR l.schuljahr = $2)"
	"        ORDER BY l.schuljahr, l.zeit DESC, l.lauf_id DESC),"
	" v AS (SELECT o.sj, o.bb, count(*) AS vorgeschlagen"
	"         FROM l JOIN kaoa.zuteilung z ON z.kommune = $1 AND z.lauf_id = l.lauf_id"
	"         JOIN o ON o.angebot_id = z.angebot_id AND o.sj = l.schuljahr"
	"        GROUP BY 1, 2),"
	" k AS (SELECT sj, bb FROM b UNION SELECT sj, bb FROM p UNION SELECT sj, bb FROM v)"
	" SELECT k.sj, k.bb, coalesce(b.bewerber, 0), coalesce(b.versorgt, 0), coalesce(p.plaetze, 0),"
	"        coalesce(v.vorgeschlagen, 0)"
	"   FROM k LEFT JOIN b USING (sj, bb) LEFT JOIN p USING (sj, bb) LEFT JOIN v USING (sj, bb)"
	"  ORDER BY 1, 2";

/*
 * Emits the rows of one Kommune and school year (rows [von, bis) of the SPI result: school year,
 * Berufsbereich, bewerber, versorgt, plaetze, vorgeschlagen): as counted (min_fallzahl 0), or with
 * the applicants rounded as one family (atoms Berufsbereich × versorgt or not) and the proposals as
 * another (atoms by Berufsbereich), each count published by rd_zeigen (NULL for a true 1 …
 * min_fallzahl − 1); places stay, frei is plaetze − the published proposals, at least 0, and NULL
 * where those are NULL (from the hidden rounded value it would give that value away).  A row without
 * applicants, places or proposals is left out.
 */
static void
markt_jahr_ausgeben(ReturnSetInfo *rsinfo, const char *kommune, uint64 von, uint64 bis, int min_fallzahl,
					bool mit_kommune)
{
	int			n = (int) (bis - von);
	rd_atom    *bew = palloc0(sizeof(rd_atom) * 2 * Max(n, 1));
	rd_atom    *vor = palloc0(sizeof(rd_atom) * Max(n, 1));
	const char **pfade = palloc0(sizeof(char *) * 4 * 2 * Max(n, 1));
	int64	   *plaetze = palloc0(sizeof(int64) * Max(n, 1));
	static const char *const ja_nein[2] = {"true", "false"};

	for (int r = 0; r < n; r++)
	{
		uint64		i = von + r;
		char	   *bb = kaoa_spi_text(i, 2);
		int64		bewerber = kaoa_spi_int8(i, 3, 0);
		int64		versorgt = kaoa_spi_int8(i, 4, 0);

		for (int v = 0; v < 2; v++)
		{
			const char **p = &pfade[(2 * r + v) * 4];

			p[0] = bb;
			p[1] = ja_nein[v];
			p[2] = ja_nein[v];
			p[3] = bb;
			bew[2 * r + v] = (rd_atom) {v == 0 ? versorgt : bewerber - versorgt, 2, &p[0], 2, &p[2], 0};
			bew[2 * r + v].gerundet = bew[2 * r + v].wert;
		}
		vor[r] = (rd_atom) {kaoa_spi_int8(i, 6, 0), 1, &pfade[(2 * r) * 4], 0, NULL, kaoa_spi_int8(i, 6, 0)};
		plaetze[r] = kaoa_spi_int8(i, 5, 0);
	}
	if (min_fallzahl > 0)
	{
		kaoa_bi_atome_runden(bew, 2 * n, min_fallzahl);
		kaoa_bi_atome_runden(vor, n, min_fallzahl);
	}
	for (int r = 0; r < n; r++)
	{
		uint64		i = von + r;
		Datum		werte[9];
		bool		nulls[9] = {false};
		int			c = 0;
		int64		zahlen[6];
		bool		leer[6] = {false};

		zahlen[1] = bew[2 * r].gerundet;
		zahlen[2] = bew[2 * r + 1].gerundet;
		zahlen[0] = zahlen[1] + zahlen[2];
		zahlen[3] = plaetze[r];
		zahlen[4] = vor[r].gerundet;
		if (min_fallzahl > 0)
		{
			int64		bewerber = bew[2 * r].wert + bew[2 * r + 1].wert;

			if (bewerber == 0 && plaetze[r] == 0 && vor[r].wert == 0)
				continue;
			leer[0] = !rd_zeigen(bewerber, zahlen[0], min_fallzahl, &zahlen[0]);
			leer[1] = !rd_zeigen(bew[2 * r].wert, zahlen[1], min_fallzahl, &zahlen[1]);
			leer[2] = !rd_zeigen(bew[2 * r + 1].wert, zahlen[2], min_fallzahl, &zahlen[2]);
			leer[4] = !rd_zeigen(vor[r].wert, zahlen[4], min_fallzahl, &zahlen[4]);
		}
		zahlen[5] = Max(plaetze[r] - zahlen[4], 0);
		leer[5] = leer[4];
		if (mit_kommune)
		{
			werte[c++] = CStringGetTextDatum(kommune);
			werte[c++] = Int32GetDatum(kaoa_spi_int4(i, 1, 0));
		}
		werte[c++] = CStringGetTextDatum(kaoa_spi_text(i, 2));
		for (int s = 0; s < 6; s++)
		{
			nulls[c] = leer[s];
			werte[c++] = mit_kommune ? Int32GetDatum((int32) zahlen[s]) : Int64GetDatum(zahlen[s]);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
}

/* Runs the balance of a Kommune (schuljahr 0: every year) and emits it year by year. */
static void
markt_ausgeben(ReturnSetInfo *rsinfo, const char *kommune, int schuljahr, int min_fallzahl, bool mit_kommune)
{
	Datum		args[2];
	Oid			typen[2] = {TEXTOID, INT4OID};
	uint64		n,
				von = 0;

	args[0] = CStringGetTextDatum(kommune);
	args[1] = Int32GetDatum(schuljahr);
	n = sbo_analyse_ausfuehren(sql_markt, 2, typen, args);
	for (uint64 i = 1; i <= n; i++)
		if (i == n || kaoa_spi_int4(i, 1, 0) != kaoa_spi_int4(von, 1, 0))
		{
			markt_jahr_ausgeben(rsinfo, kommune, von, i, min_fallzahl, mit_kommune);
			von = i;
		}
}

/*
 * kaoa.ausbildungsmarkt(kommune, schuljahr) → (berufsbereich, bewerber, versorgt, unversorgt,
 * plaetze, vorgeschlagen, frei): the Bündnis balance of a Kommune and school year, exact,
 * for the KoKo of the Kommune and the system (kaoa status prints its two figures).
 */
Datum
kaoa_ausbildungsmarkt(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	char	   *kommune;
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		argumente_fehlen("kaoa.ausbildungsmarkt");
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	koko_pruefen(a, kommune, "kaoa.ausbildungsmarkt");
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	(void) sbo_kommune_pruefen(kommune);
	markt_ausgeben((ReturnSetInfo *) fcinfo->resultinfo, kommune, PG_GETARG_INT32(1), 0, false);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/*
 * kaoa.bi_ausbildungsmarkt() → (kommune, schuljahr, berufsbereich, bewerber, versorgt, unversorgt,
 * plaetze, vorgeschlagen, frei): the body of kaoa.v_ausbildungsmarkt — every school year of the
 * Kommunen the caller may read, the counts of persons rounded (two families per Kommune and year).
 */
Datum
kaoa_bi_ausbildungsmarkt(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	const char *eine;
	int			nest;
	uint64		n;
	char	  **kommunen;
	int		   *minima;
	Datum		arg[1];
	char		nulls[1];

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (!bi_kommune(a, &eine))
		return (Datum) 0;
	kaoa_spi_verbinden();
	nest = sbo_analyse_beginnen();
	arg[0] = eine ? CStringGetTextDatum(eine) : (Datum) 0;
	nulls[0] = eine ? ' ' : 'n';
	n = kaoa_spi_als_eigentuemer(&plan_kommunen, arg, nulls, true, 0);
	kommunen = palloc(sizeof(char *) * Max(n, 1));
	minima = palloc(sizeof(int) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		kommunen[i] = kaoa_spi_text(i, 1);
		minima[i] = kaoa_spi_int4(i, 2, 1);
	}
	for (uint64 i = 0; i < n; i++)
		markt_ausgeben((ReturnSetInfo *) fcinfo->resultinfo, kommunen[i], 0, Max(minima[i], 1), true);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}
