/*
 * sbo_sicht.c — who sees and writes the Standardelemente and the measures (docs/roles-and-bi.md,
 * docs/sbo.md): the owner-privileged STABLE predicates the row-level security policies of
 * 330_sbo_rls.sql call, and the helpers the triggers share (see sbo.h).
 *
 * Design note.  As in kette/kette_sicht.c, a policy never reads a table whose policies read back:
 * each calls one C predicate that answers from the row where it can (system, KoKo, the provider,
 * the organisation running a measure) and otherwise reads one btree index as the extension owner
 * (base/sonde.h: the latest enrolment, the measure's Träger or its partner rows), without SPI.  The
 * school that sees a person's SBO data is the school of the current enrolment, so a pupil who
 * changes school takes the record along and the old school no longer reads what the new one adds.
 */
#include "sbo/sbo.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/typcache.h"

#include "base/sonde.h"
#include "kette/kette.h"

PG_FUNCTION_INFO_V1(kaoa_sbo_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_massnahme_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_massnahme_teilnahme_sichtbar);

/* Callback of the enrolment probe: keep the school of the greatest schuljahr. */
typedef struct aktuell
{
	int32		schuljahr;
	int64		schule;
} aktuell;

static bool
schulbesuch_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	aktuell    *a = (aktuell *) arg;
	int32		jahr = kaoa_sonde_int4(t, d, "schuljahr", 0);

	if (a->schule == 0 || jahr > a->schuljahr)
	{
		a->schuljahr = jahr;
		a->schule = kaoa_sonde_int8(t, d, "schule_org", 0);
	}
	return true;
}

static bool
traeger_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(int64 *) arg = kaoa_sonde_int8(t, d, "traeger_org", 0);
	return false;
}

int64
sbo_aktuelle_schule(const char *kommune, int64 person_id, bool read_only)
{
	Datum		keys[2];
	aktuell		a = {0, 0};
	Snapshot	snap = read_only ? NULL : kaoa_sonde_frisch();

	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(person_id);
	(void) kaoa_sonde("schulbesuch", "schulbesuch_kommune_person_id_schuljahr_key", 2, keys, snap,
					  schulbesuch_zeile, &a);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return a.schule;
}

/* The organisation running measure (kommune, massnahme_id); 0 when there is none. */
static int64
massnahme_traeger(const char *kommune, int64 massnahme_id)
{
	Datum		keys[2];
	int64		traeger = 0;

	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(massnahme_id);
	(void) kaoa_sonde("massnahme", "massnahme_pkey", 2, keys, NULL, traeger_zeile, &traeger);
	return traeger;
}

static bool
partner_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(bool *) arg = true;
	return false;
}

/* The carrier of the measure, or its partner row (massnahme_partner) answered by zeile: the one
 * look-up behind sbo_partner_von and sbo_organisiert. */
static bool
traeger_oder_partner(const char *kommune, int64 massnahme_id, int64 org_id, bool read_only,
					 kaoa_sonde_fn zeile)
{
	Datum		keys[3];
	bool		ja = false;
	Snapshot	snap;

	if (kommune == NULL || org_id == 0)
		return false;
	if (massnahme_traeger(kommune, massnahme_id) == org_id)
		return true;
	if (!kaoa_tabelle_vorhanden("massnahme_partner"))
		return false;			/* a database not yet updated to 0.2.0 */
	snap = read_only ? NULL : kaoa_sonde_frisch();
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(massnahme_id);
	keys[2] = Int64GetDatum(org_id);
	(void) kaoa_sonde("massnahme_partner", "massnahme_partner_pkey", 3, keys, snap, zeile, &ja);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return ja;
}

bool
sbo_partner_von(const char *kommune, int64 massnahme_id, int64 org_id, bool read_only)
{
	return traeger_oder_partner(kommune, massnahme_id, org_id, read_only, partner_zeile);
}

/* Probe callback of sbo_organisiert: the partner row's rolle is traeger. */
static bool
mitveranstalter_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	bool		isnull;
	Datum		rolle = kaoa_sonde_datum(t, d, "rolle", &isnull);

	*(bool *) arg = !isnull && strcmp(TextDatumGetCString(rolle), "traeger") == 0;
	return false;
}

bool
sbo_organisiert(const char *kommune, int64 massnahme_id, int64 org_id, bool read_only)
{
	return traeger_oder_partner(kommune, massnahme_id, org_id, read_only, mitveranstalter_zeile);
}

bool
sbo_person_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	int			s = kaoa_akteur_vorab(a, kommune);
	int64		schule;

	if (s >= 0)
		return s == 1;
	if (a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG)
		return false;
	schule = sbo_aktuelle_schule(kommune, person_id, read_only);
	return schule == a->org_id;
}

bool
sbo_schule_fuehrt(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	kaoa_person_halter h;

	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0 ||
		(a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG))
		return false;
	kaoa_person_halter_lesen(kommune, person_id, read_only, &h);
	if (h.hat_fall)
	{
		int			typ;

		if (h.schule != a->org_id)
			return false;
		if (h.zustaendig == a->org_id)
			return true;
		typ = kaoa_org_typ_von(kommune, h.zustaendig, read_only);
		return typ != KO_SCHULE && typ != KO_BERUFSKOLLEG;
	}
	if (h.zustaendig != 0)
		return h.zustaendig == a->org_id;	/* the registering school */
	return sbo_aktuelle_schule(kommune, person_id, read_only) == a->org_id;
}

void
sbo_bereich_aus(Datum range, Oid rangetyp, sbo_bereich *b)
{
	TypeCacheEntry *tc = lookup_type_cache(rangetyp, TYPECACHE_RANGE_INFO);
	RangeBound	unten, oben;
	bool		leer;

	if (tc->rngelemtype == NULL)
		elog(ERROR, "kaoa: type %u is not a range type", rangetyp);
	range_deserialize(tc, DatumGetRangeTypeP(range), &unten, &oben, &leer);
	memset(b, 0, sizeof(*b));
	b->leer = leer;
	if (leer)
		return;
	/* int4range and daterange are discrete: make both bounds inclusive */
	b->unten_offen = unten.infinite;
	if (!unten.infinite)
	{
		int32		v = DatumGetInt32(unten.val);

		if (tc->rngelemtype->type_id == DATEOID && DATE_NOT_FINITE(v))
			b->unten_offen = true;
		else
			b->unten = unten.inclusive ? v : v + 1;
	}
	b->oben_offen = oben.infinite;
	if (!oben.infinite)
	{
		int32		v = DatumGetInt32(oben.val);

		if (tc->rngelemtype->type_id == DATEOID && DATE_NOT_FINITE(v))
			b->oben_offen = true;
		else
			b->oben = oben.inclusive ? v : v - 1;
	}
}

/* ---- SQL-callable predicates ------------------------------------------------------------------------- */

/* kaoa.sbo_sichtbar(kommune, person_id [, org]): the policy of schulbesuch, sbo_teilnahme and
 * anschlussvereinbarung — system, KoKo of the Kommune, school of the current enrolment; with org
 * (the row's school or provider), also that organisation. */
Datum
kaoa_sbo_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2) && a->art == KAOA_AKTEUR_ORG && PG_GETARG_INT64(2) == a->org_id &&
		strcmp(a->kommune, kommune) == 0)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(sbo_person_fuer(a, kommune, PG_GETARG_INT64(1), true));
}

/* kaoa.massnahme_sichtbar(kommune): measures are planning data of the Kommune — the system and
 * every organisation of that Kommune read them. */
Datum
kaoa_massnahme_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (a->art == KAOA_AKTEUR_SYSTEM)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kommune) == 0);
}

/* kaoa.massnahme_teilnahme_sichtbar(kommune, massnahme_id, person_id): the partners of the measure
 * (its traeger_org included), and whoever sees the person's SBO data. */
Datum
kaoa_massnahme_teilnahme_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			s = kaoa_akteur_vorab(a, kommune);

	if (s >= 0)
		PG_RETURN_BOOL(s == 1);
	if (sbo_partner_von(kommune, PG_GETARG_INT64(1), a->org_id, true))
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(sbo_person_fuer(a, kommune, PG_GETARG_INT64(2), true));
}
