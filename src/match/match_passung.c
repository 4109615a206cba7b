/*
 * match_passung.c — kaoa.passung, kaoa.passung_erklaert, kaoa.top_angebote, kaoa.top_bewerber
 * (docs/matching.md): thin wrappers around core/passung.c and core/angebotsindex.c over the data of
 * match_daten.c.
 */
#include "base/kaoa.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "base/akteur.h"
#include "match/match.h"

PG_FUNCTION_INFO_V1(kaoa_passung);
PG_FUNCTION_INFO_V1(kaoa_passung_erklaert);
PG_FUNCTION_INFO_V1(kaoa_top_angebote);
PG_FUNCTION_INFO_V1(kaoa_top_bewerber);
PG_FUNCTION_INFO_V1(kaoa_prioritaet_paar);
PG_FUNCTION_INFO_V1(kaoa_matching_statistik);

/* What the top-k searches of this session cost (kaoa.matching_statistik). */
static int64 statistik_suchen = 0;
static kaoa_suchstatistik statistik = {0, 0};

/* Scores the pair; false when the person has no usable profile. */
static bool
bewerten(int64 person_id, int64 angebot_id, kaoa_passung_ergebnis *r,
		 const kaoa_gewichte **g_out, const match_bewerber **b_out)
{
	const match_bewerber *b = match_bewerber_holen(person_id);
	const match_angebot *o = match_angebot_holen(angebot_id);
	const kaoa_gewichte *g = match_gewichte_von(b);

	*g_out = g;
	*b_out = b;
	if (!b->hat_profil)
		return false;
	kaoa_passung_bewerten_trig(&b->b, &b->trig, &o->a, &o->trig, g, r);
	return true;
}

/* The pair's score and priority; false when excluded or without a usable profile. */
static bool
kurz_bewerten(int64 person_id, int64 angebot_id, double *passung, double *prioritaet)
{
	const match_bewerber *b = match_bewerber_holen(person_id);
	const match_angebot *o = match_angebot_holen(angebot_id);

	if (!b->hat_profil)
		return false;
	return kaoa_passung_kurz(&b->b, &b->trig, &o->a, &o->trig, match_gewichte_von(b),
							 passung, prioritaet);
}

/* kaoa.passung(person_id, angebot_id) → float8: the score, NULL when excluded or without profile. */
Datum
kaoa_passung(PG_FUNCTION_ARGS)
{
	double		passung,
				prioritaet;

	if (!kurz_bewerten(PG_GETARG_INT64(0), PG_GETARG_INT64(1), &passung, &prioritaet))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(passung);
}

/* kaoa.prioritaet(person_id, angebot_id) → float8: the offer-side priority of the pair (what
 * zuteilung_berechnen ranks applicants by), NULL when excluded or without profile. */
Datum
kaoa_prioritaet_paar(PG_FUNCTION_ARGS)
{
	double		passung,
				prioritaet;

	if (!kurz_bewerten(PG_GETARG_INT64(0), PG_GETARG_INT64(1), &passung, &prioritaet))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(prioritaet);
}

/* kaoa.matching_statistik() → (suchen, gesichtet, bewertet): the top-k searches of this session,
 * the offers they looked at and the offers they scored completely (how much the pruning saved). */
Datum
kaoa_matching_statistik(PG_FUNCTION_ARGS)
{
	TupleDesc	td;
	Datum		werte[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "kaoa: matching_statistik must return a row");
	werte[0] = Int64GetDatum(statistik_suchen);
	werte[1] = Int64GetDatum(statistik.gesichtet);
	werte[2] = Int64GetDatum(statistik.bewertet);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), werte, nulls)));
}

/* ---- the explanation document -------------------------------------------------------------- */

/* A float8 as a jsonb number with the shortest decimal that reads back to the same double,
 * whatever the session's extra_float_digits (the document must not depend on a client setting). */
static void
zahl_setzen(JsonbValue *v, double x)
{
	char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(x, buf);
	v->type = jbvNumeric;
	v->val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
														 ObjectIdGetDatum(InvalidOid),
														 Int32GetDatum(-1)));
}

static void
schluessel(JsonbParseState **st, const char *name)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) name;
	k.val.string.len = strlen(name);
	pushJsonbValue(st, WJB_KEY, &k);
}

static void
wert_zahl(JsonbParseState **st, double x)
{
	JsonbValue	v;

	zahl_setzen(&v, x);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
wert_null(JsonbParseState **st)
{
	JsonbValue	v;

	v.type = jbvNull;
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
wert_text(JsonbParseState **st, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	pushJsonbValue(st, WJB_VALUE, &v);
}

/*
 * kaoa.passung_erklaert(person_id, angebot_id) → jsonb
 *   {"passung": number|null, "ausschluss": null|"ABSCHLUSS"|"DISTANZ"|"BEGINN"|"KEIN_PROFIL",
 *    "distanz_km": number|null, "komponenten": {"beruf": {"wert": …, "gewicht": …}, … all six}}
 * Without a profile the components' values are null (their weights are shown all the same).
 */
Datum
kaoa_passung_erklaert(PG_FUNCTION_ARGS)
{
	kaoa_passung_ergebnis r;
	const kaoa_gewichte *g;
	const match_bewerber *b;
	bool		hat_profil = bewerten(PG_GETARG_INT64(0), PG_GETARG_INT64(1), &r, &g, &b);
	JsonbParseState *st = NULL;
	JsonbValue *res;
	int			k;

	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	schluessel(&st, "passung");
	if (hat_profil && r.ausschluss == KAOA_AUSSCHLUSS_KEINER)
		wert_zahl(&st, r.passung);
	else
		wert_null(&st);
	schluessel(&st, "ausschluss");
	if (!hat_profil)
		wert_text(&st, "KEIN_PROFIL");
	else if (r.ausschluss == KAOA_AUSSCHLUSS_KEINER)
		wert_null(&st);
	else
		wert_text(&st, kaoa_ausschluss_name(r.ausschluss));
	schluessel(&st, "distanz_km");
	if (hat_profil && r.hat_distanz)
		wert_zahl(&st, r.distanz_km);
	else
		wert_null(&st);
	schluessel(&st, "komponenten");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	for (k = 0; k < KAOA_KOMPONENTEN; k++)
	{
		schluessel(&st, kaoa_komponente_name(k));
		pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		schluessel(&st, "wert");
		if (hat_profil)
			wert_zahl(&st, r.wert[k]);
		else
			wert_null(&st);
		schluessel(&st, "gewicht");
		wert_zahl(&st, g->w[k]);
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(res));
}

/* ---- top-k --------------------------------------------------------------------------------- */

/* Shared by the top-k searches and kaoa.zuteilung_berechnen (see MATCH_K_MAX); kandidaten says
 * which k it is (the hint differs). */
void
match_k_pruefen(int32 k, bool kandidaten)
{
	if (k <= 0 && kandidaten)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be positive"),
				 errdetail("k is %d.", k),
				 errhint("k is the number of candidate offers per applicant, e.g. the default 50.")));
	if (k <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be positive"),
				 errdetail("k is %d.", k),
				 errhint("Ask for at least one result, e.g. k => 10.")));
	if (k > MATCH_K_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("k must be at most %d", MATCH_K_MAX),
				 errdetail("k is %d; each search keeps k results per young person in memory.", k),
				 errhint("Ask for at most %d results; to go through more, narrow the search instead (an occupation, a Kommune).",
						 MATCH_K_MAX)));
}

static void
k_pruefen(int32 k)
{
	match_k_pruefen(k, false);
}

/* kaoa.top_angebote(person_id, k) → table(angebot_id, passung): the k best offers that do not
 * exclude the person, best first, ties by angebot_id; nothing when the person has no profile. */
Datum
kaoa_top_angebote(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		person_id = PG_GETARG_INT64(0);
	int32		k = PG_GETARG_INT32(1);
	const match_bewerber *b;
	const match_angebot *angebote;
	kaoa_angebotsindex *ix;
	kaoa_treffer *treffer;
	int32		n,
				n_angebote,
				i;

	k_pruefen(k);
	b = match_bewerber_holen(person_id);
	InitMaterializedSRF(fcinfo, 0);
	if (!b->hat_profil)
		return (Datum) 0;
	ix = match_index(false, &angebote, &n_angebote);
	if (k > kaoa_angebotsindex_anzahl(ix))
		k = kaoa_angebotsindex_anzahl(ix);
	if (k == 0)
		return (Datum) 0;
	treffer = palloc(sizeof(kaoa_treffer) * k);
	n = kaoa_angebotsindex_top(ix, &b->b, match_gewichte_von(b), k, treffer, &statistik);
	statistik_suchen++;
	for (i = 0; i < n; i++)
	{
		Datum		werte[2];
		bool		nulls[2] = {false, false};

		werte[0] = Int64GetDatum(treffer[i].angebot_id);
		werte[1] = Float8GetDatum(treffer[i].passung);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	pfree(treffer);
	return (Datum) 0;
}

/* What the visibility callback of the list needs. */
typedef struct sicht_kontext
{
	const kaoa_akteur *akteur;
	const match_bewerber *alle;
	int32		n;
} sicht_kontext;

/* The list's question "may the caller see applicant i" (asked only of those that would enter);
 * interrupts are checked here too, since a school's query may ask many. */
static bool
sichtbar_cb(void *ctx, int32_t i)
{
	sicht_kontext *k = ctx;

	if ((++k->n & 255) == 0)
		CHECK_FOR_INTERRUPTS();
	return match_person_sichtbar(k->akteur, &k->alle[i]);
}

/* kaoa.top_bewerber(angebot_id, k) → table(person_id, passung): the k best applicants (visible to
 * the caller, with a usable profile, not excluded) for the offer, best first, ties by person_id,
 * from the list of applicants (core/bewerberliste.c), which scores exactly only those that can
 * still enter and asks about visibility only those that would. */
Datum
kaoa_top_bewerber(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		angebot_id = PG_GETARG_INT64(0);
	int32		k = PG_GETARG_INT32(1);
	const match_angebot *o;
	kaoa_bewerberliste *liste;
	kaoa_bewerbertreffer *treffer;
	sicht_kontext sk;
	int32		n_alle,
				n,
				i;

	k_pruefen(k);
	sk.akteur = kaoa_akteur_verlangen();
	sk.n = 0;
	o = match_angebot_holen(angebot_id);
	liste = match_bewerberliste(&sk.alle, &n_alle);
	InitMaterializedSRF(fcinfo, 0);
	if (k > n_alle)
		k = n_alle;
	if (k == 0)
		return (Datum) 0;
	treffer = palloc(sizeof(kaoa_bewerbertreffer) * k);
	n = kaoa_bewerberliste_top(liste, &o->a, &o->trig, k,
							   kaoa_ist_system(sk.akteur) ? NULL : sichtbar_cb, &sk, treffer, NULL);
	for (i = 0; i < n; i++)
	{
		Datum		werte[2];
		bool		nulls[2] = {false, false};

		werte[0] = Int64GetDatum(treffer[i].id);
		werte[1] = Float8GetDatum(treffer[i].passung);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	pfree(treffer);
	return (Datum) 0;
}
