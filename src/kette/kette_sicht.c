/*
 * kette_sicht.c — who may see a case, a person and an identity: the visibility predicates of the
 * chain's row-level security policies (SQL: kaoa.fall_sichtbar, kaoa.person_sichtbar,
 * kaoa.identitaet_sichtbar, kaoa.uebergabe_sichtbar), and what matching and SBO ask before they
 * show or score a person (kette/kette.h).
 *
 * Design note.  Row-level security policies must not read tables whose policies read back (that
 * recursion is an error in PostgreSQL), so every policy that needs another table calls one of the
 * STABLE C predicates here, which look up as the extension owner (the owner is not subject to its
 * tables' policies; base/akteur.h).  The predicates answer from the row's own columns where they
 * can (holder, school, KoKo) and only then probe an index (base/sonde.h) or run one kept plan, so a
 * KoKo scanning its whole Kommune costs no look-up per row.
 */
#include "kette/kette_intern.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(kaoa_fall_sichtbar_zeile);
PG_FUNCTION_INFO_V1(kaoa_fall_sichtbar_id);
PG_FUNCTION_INFO_V1(kaoa_person_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_person_sichtbar_zeile);
PG_FUNCTION_INFO_V1(kaoa_identitaet_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_uebergabe_sichtbar);
PG_FUNCTION_INFO_V1(kaoa_einwilligung_sichtbar);

/* Probe callbacks of the case visibility: the organisation holds or is the school of the case; it
 * sent a hand-off of the case, or received one not declined or withdrawn. */
typedef struct sicht
{
	int64		org;
	bool		ja;
} sicht;

static bool
fall_sicht_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	sicht	   *s = (sicht *) arg;

	s->ja = kaoa_sonde_int8(t, d, "schule_org", 0) == s->org ||
		kaoa_sonde_int8(t, d, "zustaendig_org", 0) == s->org;
	return false;
}

static bool
uebergabe_sicht_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	sicht	   *s = (sicht *) arg;

	if (kaoa_sonde_int8(t, d, "von_org", 0) == s->org ||
		(kaoa_sonde_int8(t, d, "an_org", 0) == s->org && kaoa_sonde_null(t, d, "abgelehnt_am") &&
		 kaoa_sonde_null(t, d, "zurueckgezogen_am")))
		s->ja = true;
	return !s->ja;
}

static kaoa_spi_plan plan_person_sichtbar = {
	"SELECT EXISTS (SELECT 1 FROM kaoa.person p"
	"                WHERE p.kommune OPERATOR(pg_catalog.=) $1 AND p.person_id OPERATOR(pg_catalog.=) $2"
	"                  AND p.angelegt_von OPERATOR(pg_catalog.=) $3)"
	"    OR EXISTS (SELECT 1 FROM kaoa.fall f"
	"                WHERE f.kommune OPERATOR(pg_catalog.=) $1 AND f.person_id OPERATOR(pg_catalog.=) $2"
	"                  AND (f.schule_org OPERATOR(pg_catalog.=) $3 OR f.zustaendig_org OPERATOR(pg_catalog.=) $3"
	"                       OR EXISTS (SELECT 1 FROM kaoa.uebergabe u"
	"                                   WHERE u.kommune OPERATOR(pg_catalog.=) f.kommune"
	"                                     AND u.fall_id OPERATOR(pg_catalog.=) f.fall_id"
	"                                     AND (u.von_org OPERATOR(pg_catalog.=) $3"
	"                                          OR (u.an_org OPERATOR(pg_catalog.=) $3"
	"                                              AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL)))))",
	3, {TEXTOID, INT8OID, INT8OID}
};

/* Runs a yes/no plan with (kommune, id, org) in its own SPI connection. */
static bool
ja_nein(kaoa_spi_plan *p, const char *kommune, int64 id, int64 org, bool read_only)
{
	Datum		werte[3];
	uint64		n;
	bool		ja;

	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(id);
	werte[2] = Int64GetDatum(org);
	kaoa_spi_verbinden();
	n = kaoa_spi_als_eigentuemer(p, werte, NULL, read_only, 1);
	ja = n > 0 && kaoa_spi_bool(0, 1, false);
	SPI_finish();
	return ja;
}

bool
kaoa_fall_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 fall_id,
						int64 schule_org, int64 zustaendig_org, bool read_only)
{
	int			s = kaoa_akteur_vorab(a, kommune);
	sicht		si;
	Datum		keys[2];
	Snapshot	snap;

	if (s >= 0)
		return s == 1;
	if (schule_org == a->org_id || zustaendig_org == a->org_id)
		return true;
	si.org = a->org_id;
	si.ja = false;
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(fall_id);
	snap = read_only ? NULL : kaoa_sonde_frisch();
	if (schule_org == 0 && zustaendig_org == 0)
		(void) kaoa_sonde("fall", "fall_pkey", 2, keys, snap, fall_sicht_zeile, &si);
	if (!si.ja)
		(void) kaoa_sonde("uebergabe", "uebergabe_fall", 2, keys, snap, uebergabe_sicht_zeile, &si);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return si.ja;
}

/* Probe callback of kaoa_fall_gehalten_fuer: the case's holder. */
static bool
fall_halter_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(int64 *) arg = kaoa_sonde_int8(t, d, "zustaendig_org", 0);
	return false;
}

bool
kaoa_fall_gehalten_fuer(const kaoa_akteur *a, const char *kommune, int64 fall_id, bool read_only)
{
	Datum		keys[2];
	Snapshot	snap;
	int64		halter = 0;

	if (a->art == KAOA_AKTEUR_SYSTEM)
		return true;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return false;
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(fall_id);
	snap = read_only ? NULL : kaoa_sonde_frisch();
	(void) kaoa_sonde("fall", "fall_pkey", 2, keys, snap, fall_halter_zeile, &halter);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return halter != 0 && halter == a->org_id;
}

bool
kaoa_person_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	int			s = kaoa_akteur_vorab(a, kommune);

	if (s >= 0)
		return s == 1;
	return ja_nein(&plan_person_sichtbar, kommune, person_id, a->org_id, read_only);
}

/* Callbacks of kaoa_person_halter_lesen: the case with the greatest schuljahr; without a case, the
 * registering school stands in for holder and school. */
static bool
halter_fall_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	kaoa_person_halter *h = (kaoa_person_halter *) arg;
	int32		jahr = kaoa_sonde_int4(t, d, "schuljahr", 0);

	if (!h->hat_fall || jahr > h->schuljahr)
	{
		h->hat_fall = true;
		h->schuljahr = jahr;
		h->zustaendig = kaoa_sonde_int8(t, d, "zustaendig_org", 0);
		h->schule = kaoa_sonde_int8(t, d, "schule_org", 0);
	}
	return true;
}

static bool
halter_person_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	kaoa_person_halter *h = (kaoa_person_halter *) arg;

	h->zustaendig = h->schule = kaoa_sonde_int8(t, d, "angelegt_von", 0);
	return false;
}

void
kaoa_person_halter_lesen(const char *kommune, int64 person_id, bool read_only, kaoa_person_halter *h)
{
	Datum		keys[2];
	Snapshot	snap = read_only ? NULL : kaoa_sonde_frisch();

	memset(h, 0, sizeof(*h));
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(person_id);
	(void) kaoa_sonde("fall", "fall_kommune_person_id_schuljahr_key", 2, keys, snap, halter_fall_zeile, h);
	if (!h->hat_fall)
		(void) kaoa_sonde("person", "person_pkey", 2, keys, snap, halter_person_zeile, h);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
}

int
kaoa_org_typ_von(const char *kommune, int64 org_id, bool read_only)
{
	Snapshot	snap = read_only ? NULL : kaoa_sonde_frisch();
	int			typ = kette_org_typ(kommune, org_id, snap);

	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return typ;
}

bool
kaoa_person_gehalten_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	kaoa_person_halter h;

	if (a->art == KAOA_AKTEUR_SYSTEM)
		return true;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return false;
	kaoa_person_halter_lesen(kommune, person_id, read_only, &h);
	return h.zustaendig == a->org_id;
}

bool
kaoa_identitaet_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id,
							  bool read_only)
{
	kaoa_person_halter h;

	if (a->art == KAOA_AKTEUR_SYSTEM)
		return true;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return false;
	if (a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG)
		return false;			/* only a school keeps an identity; the others read hand-offs */
	kaoa_person_halter_lesen(kommune, person_id, read_only, &h);
	return h.zustaendig == a->org_id && h.schule == a->org_id;
}

/* Probe callback of kaoa_einwilligung_sichtbar_fuer: a hand-off under the consent to the
 * organisation, not declined or withdrawn. */
static bool
einwilligung_empfaenger_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	sicht	   *s = (sicht *) arg;

	if (kaoa_sonde_int8(t, d, "an_org", 0) == s->org && kaoa_sonde_null(t, d, "abgelehnt_am") &&
		kaoa_sonde_null(t, d, "zurueckgezogen_am"))
		s->ja = true;
	return !s->ja;
}

bool
kaoa_einwilligung_verwaltet_fuer(const kaoa_akteur *a, const char *kommune, int64 person_id,
								 int64 erfasst_von, bool read_only)
{
	kaoa_person_halter h;

	if (a->art == KAOA_AKTEUR_SYSTEM)
		return true;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return false;
	if (erfasst_von != 0 && erfasst_von == a->org_id)
		return true;
	kaoa_person_halter_lesen(kommune, person_id, read_only, &h);
	return (h.zustaendig != 0 && h.zustaendig == a->org_id) || (h.schule != 0 && h.schule == a->org_id);
}

bool
kaoa_einwilligung_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 einwilligung_id,
								int64 person_id, int64 erfasst_von, bool read_only)
{
	int			s = kaoa_akteur_vorab(a, kommune);
	sicht		si;
	Datum		keys[2];
	Snapshot	snap;

	if (s >= 0)
		return s == 1;
	if (kaoa_einwilligung_verwaltet_fuer(a, kommune, person_id, erfasst_von, read_only))
		return true;
	si.org = a->org_id;
	si.ja = false;
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(einwilligung_id);
	snap = read_only ? NULL : kaoa_sonde_frisch();
	(void) kaoa_sonde("uebergabe", "uebergabe_einwilligung", 2, keys, snap, einwilligung_empfaenger_zeile, &si);
	if (snap != NULL)
		kaoa_sonde_ende(snap);
	return si.ja;
}

/* ---- SQL-callable ---------------------------------------------------------------------------- */

/* kaoa.fall_sichtbar(kommune, fall_id, schule_org, zustaendig_org): the policy of kaoa.fall,
 * answered from the row where possible. */
Datum
kaoa_fall_sichtbar_zeile(PG_FUNCTION_ARGS)
{
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(kaoa_fall_sichtbar_fuer(kaoa_akteur_ermitteln(), kommune, PG_GETARG_INT64(1),
										   PG_GETARG_INT64(2), PG_GETARG_INT64(3), true));
}

/* kaoa.fall_sichtbar(kommune, fall_id): for tables that refer to a case (kontaktversuch,
 * ereignis).  fall_id NULL (person-level log rows): the system and the KoKo only. */
Datum
kaoa_fall_sichtbar_id(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(kaoa_akteur_vorab(a, kommune) == 1);
	PG_RETURN_BOOL(kaoa_fall_sichtbar_fuer(a, kommune, PG_GETARG_INT64(1), 0, 0, true));
}

/* kaoa.person_sichtbar(kommune, person_id): the policy of kaoa.person and kaoa.einwilligung. */
Datum
kaoa_person_sichtbar(PG_FUNCTION_ARGS)
{
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(kaoa_person_sichtbar_fuer(kaoa_akteur_ermitteln(), kommune, PG_GETARG_INT64(1), true));
}

/* kaoa.person_sichtbar(kommune, person_id, angelegt_von): the policy of kaoa.person itself, answered
 * from the row for the registering school (an INSERT … RETURNING is checked before the row exists). */
Datum
kaoa_person_sichtbar_zeile(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	/* not STRICT (angelegt_von may be NULL), and a policy sees rows before NOT NULL does */
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(kaoa_ist_system(a));
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (a->art == KAOA_AKTEUR_ORG && !PG_ARGISNULL(2) && PG_GETARG_INT64(2) == a->org_id &&
		strcmp(a->kommune, kommune) == 0)
		PG_RETURN_BOOL(true);
	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(kaoa_ist_system(a));
	PG_RETURN_BOOL(kaoa_person_sichtbar_fuer(a, kommune, PG_GETARG_INT64(1), true));
}

/* kaoa.identitaet_sichtbar(kommune, person_id): the policy of kaoa.person_identitaet. */
Datum
kaoa_identitaet_sichtbar(PG_FUNCTION_ARGS)
{
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(kaoa_identitaet_sichtbar_fuer(kaoa_akteur_ermitteln(), kommune,
												 PG_GETARG_INT64(1), true));
}

/* kaoa.uebergabe_sichtbar(kommune, von_org, an_org): sender, receiver, KoKo, system. */
Datum
kaoa_uebergabe_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			s = kaoa_akteur_vorab(a, kommune);

	if (s >= 0)
		PG_RETURN_BOOL(s == 1);
	PG_RETURN_BOOL(PG_GETARG_INT64(1) == a->org_id || PG_GETARG_INT64(2) == a->org_id);
}

/* kaoa.einwilligung_sichtbar(kommune, einwilligung_id, person_id, erfasst_von): the policy of
 * kaoa.einwilligung.  Not STRICT: erfasst_von is NULL for a consent a system role recorded (and a
 * policy sees rows before NOT NULL does). */
Datum
kaoa_einwilligung_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_BOOL(kaoa_ist_system(a));
	PG_RETURN_BOOL(kaoa_einwilligung_sichtbar_fuer(a, text_to_cstring(PG_GETARG_TEXT_PP(0)), PG_GETARG_INT64(1),
												   PG_GETARG_INT64(2), PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3),
												   true));
}
