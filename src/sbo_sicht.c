/*
 * sbo_sicht.c — who sees and writes the Standardelemente and the measures (DESIGN.md §6, §10):
 * the owner-privileged STABLE predicates the row-level security policies of 330_sbo_rls.sql call,
 * and the helpers the triggers share (see sbo.h).
 *
 * Design note.  As in akteur.c, a policy never reads a table whose policies read back: each calls
 * one C predicate that answers from the row where it can (system, KoKo, the provider, the
 * organisation running a measure) and otherwise runs one kept plan as the extension owner.  The
 * school that sees a person's SBO data is the school of the current enrolment, so a pupil who
 * changes school takes the record along and the old school no longer reads what the new one adds.
 */
#include "sbo.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/typcache.h"

#include "core/kette_regeln.h"

PG_FUNCTION_INFO_V1(kaoa_sbo_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_massnahme_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_massnahme_teilnahme_sichtbar);

static kaoa_spi_plan plan_aktuelle_schule = {
	"SELECT b.schule_org FROM kaoa.schulbesuch b"
	" WHERE b.kommune OPERATOR(pg_catalog.=) $1 AND b.person_id OPERATOR(pg_catalog.=) $2"
	" ORDER BY b.schuljahr DESC LIMIT 1",
	2, {TEXTOID, INT8OID}
};

static kaoa_spi_plan plan_traeger = {
	"SELECT m.traeger_org FROM kaoa.massnahme m"
	" WHERE m.kommune OPERATOR(pg_catalog.=) $1 AND m.massnahme_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/* Runs a plan with (kommune, id) that returns one bigint; 0 when no row or NULL. */
static int64
eine_id(kaoa_spi_plan *p, const char *kommune, int64 id, bool read_only)
{
	Datum		werte[2];
	uint64		n;

	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(id);
	n = kaoa_spi_als_eigentuemer(p, werte, NULL, read_only, 1);
	return n > 0 ? kaoa_spi_int8(0, 1, 0) : 0;
}

int64
sbo_aktuelle_schule(const char *kommune, int64 person_id, bool read_only)
{
	return eine_id(&plan_aktuelle_schule, kommune, person_id, read_only);
}

/* Fast answers: system yes; no organisation or another Kommune no; the KoKo of the Kommune yes.
 * -1: a look-up decides. */
static int
schnell(const kaoa_akteur *a, const char *kommune)
{
	if (a->art == KAOA_AKTEUR_SYSTEM)
		return 1;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return 0;
	if (a->org_typ == KO_KOKO)
		return 1;
	return -1;
}

bool
sbo_person_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	int			s = schnell(a, kommune);
	int64		schule;

	if (s >= 0)
		return s == 1;
	if (a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG)
		return false;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "kaoa: SPI_connect failed");
	schule = sbo_aktuelle_schule(kommune, person_id, read_only);
	SPI_finish();
	return schule == a->org_id;
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

void
sbo_nicht_berechtigt(const kaoa_akteur *a, const char *meldung, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_KAOA_NICHT_ZUSTAENDIG),
			 errmsg("%s", meldung),
			 a->art == KAOA_AKTEUR_ORG
			 ? errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. %s", a->rolle,
						 (long long) a->org_id, kette_org_typ_namen[a->org_typ], a->kommune, detail)
			 : errdetail("Role \"%s\". %s", a->rolle, detail),
			 errhint("%s", hint)));
	pg_unreachable();
}

/* ---- SQL-callable predicates ------------------------------------------------------------------------- */

/* kaoa.sbo_sichtbar(kommune, person_id): the policy of schulbesuch, sbo_teilnahme and
 * anschlussvereinbarung — system, KoKo of the Kommune, school of the current enrolment. */
Datum
kaoa_sbo_sichtbar(PG_FUNCTION_ARGS)
{
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(sbo_person_fuer(kaoa_akteur_ermitteln(), kommune, PG_GETARG_INT64(1), true));
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

/* kaoa.massnahme_teilnahme_sichtbar(kommune, massnahme_id, person_id): the organisation running
 * the measure, and whoever sees the person's SBO data. */
Datum
kaoa_massnahme_teilnahme_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			s = schnell(a, kommune);
	int64		traeger;

	if (s >= 0)
		PG_RETURN_BOOL(s == 1);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "kaoa: SPI_connect failed");
	traeger = eine_id(&plan_traeger, kommune, PG_GETARG_INT64(1), true);
	SPI_finish();
	if (traeger == a->org_id)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(sbo_person_fuer(a, kommune, PG_GETARG_INT64(2), true));
}
