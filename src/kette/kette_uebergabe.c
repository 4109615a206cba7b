/*
 * kette_uebergabe.c — the two-step hand-off (docs/kette.md): kaoa.uebergeben, kaoa.uebernehmen,
 * kaoa.ablehnen, kaoa.zurueckziehen, kaoa.uebergabe_daten, and the triggers of kaoa.uebergabe.
 *
 * Design note.  Every API function first locks the case row (SELECT … FOR NO KEY UPDATE as the
 * owner: it serialises API calls and plain UPDATEs of the case but not the foreign-key checks of
 * rows that refer to it), then reads the facts with a fresh snapshot, so two calls on the same
 * case see each other's committed result; the partial unique index uebergabe_eine_offene backs
 * the one-open-hand-off rule and its violation is re-raised as KA005.  The facts go to
 * kette_uebergabe_pruefen / kette_antwort_pruefen (core), which apply the chain's order of checks.
 * The writes run as the owner under a kette_auftrag naming exactly the row they may change; a
 * direct INSERT into kaoa.uebergabe (by a system role or the DBA) runs the same checks in the
 * trigger, and answers only ever come through the functions here.
 */
#include "kette/kette_intern.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/datum.h"

#include <ctype.h>

/* What the hand-off functions accept as NULL (kaoa_argumente_fehlen's hint). */
#define PFLICHT_OPTIONAL "einwilligung_id, grund"

PG_FUNCTION_INFO_V1(kaoa_uebergeben);
PG_FUNCTION_INFO_V1(kaoa_uebernehmen);
PG_FUNCTION_INFO_V1(kaoa_ablehnen);
PG_FUNCTION_INFO_V1(kaoa_zurueckziehen);
PG_FUNCTION_INFO_V1(kaoa_uebergabe_daten);
PG_FUNCTION_INFO_V1(kaoa_uebergabe_regeln);
PG_FUNCTION_INFO_V1(kaoa_uebergabe_protokoll);

/* What a hand-off check knows about the case, the two organisations and the consent. */
typedef struct uebergabe_lage
{
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		fall_id;
	int64		person_id;
	int64		schule_org;
	int64		zustaendig_org;
	int64		von_org;
	int64		an_org;
	int64		einwilligung_id;	/* 0: none */
	int64		offene_id;		/* the open hand-off, 0: none */
	int			schuljahr;
	int			uebernahme_tage;
	DateADT		verbleib_stichtag;
	kette_uebergabe_fakten f;
} uebergabe_lage;

/* The OID of type kaoa.<name> (for enum arguments called without expression information). */
static Oid
kaoa_typ_oid(const char *name)
{
	Oid			nsp = get_namespace_oid("kaoa", false);

	return GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name), ObjectIdGetDatum(nsp));
}

static int
enum_argument(FunctionCallInfo fcinfo, int n, kaoa_enum_map *m, const char *typname)
{
	Oid			typoid = get_fn_expr_argtype(fcinfo->flinfo, n);

	if (!OidIsValid(typoid))
		typoid = kaoa_typ_oid(typname);
	return kaoa_enum_wert(m, typoid, PG_GETARG_DATUM(n));
}

pg_attribute_noreturn()
static void
fall_nicht_sichtbar(const kaoa_akteur *a, int64 fall_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("case %lld does not exist", (long long) fall_id),
				 errhint("Look the case up in kaoa.fall.")));
	kette_melden(KV_NICHT_SICHTBAR, "fall", "fall_id",
		errmsg("case %lld is not visible to organisation %lld", (long long) fall_id,
						  (long long) a->org_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) sees no case %lld: it does not exist or is not shared with the organisation.",
						  a->rolle, (long long) a->org_id, a->kommune, (long long) fall_id),
		errhint("An organisation works on the cases it holds or held, those offered to it and those of its own school."));
}

/* ---- locking and facts ---------------------------------------------------------------------------- */

static kaoa_spi_plan plan_sperren_id = {
	"SELECT f.kommune, f.person_id, f.schuljahr, f.status, f.zustaendig_org, f.schule_org"
	"  FROM kaoa.fall f WHERE f.fall_id OPERATOR(pg_catalog.=) $1 FOR NO KEY UPDATE",
	1, {INT8OID}
};

static kaoa_spi_plan plan_sperren = {
	"SELECT f.kommune, f.person_id, f.schuljahr, f.status, f.zustaendig_org, f.schule_org"
	"  FROM kaoa.fall f"
	" WHERE f.kommune OPERATOR(pg_catalog.=) $1 AND f.fall_id OPERATOR(pg_catalog.=) $2"
	"   FOR NO KEY UPDATE",
	2, {TEXTOID, INT8OID}
};

/* Locks the case and fills the case part of the situation; false when there is no such case. */
static bool
fall_sperren(uebergabe_lage *l, const char *kommune, int64 fall_id)
{
	Datum		args[2];
	uint64		n;

	if (kommune == NULL)
	{
		args[0] = Int64GetDatum(fall_id);
		n = kaoa_spi_als_eigentuemer(&plan_sperren_id, args, NULL, false, 0);
	}
	else
	{
		args[0] = CStringGetTextDatum(kommune);
		args[1] = Int64GetDatum(fall_id);
		n = kaoa_spi_als_eigentuemer(&plan_sperren, args, NULL, false, 0);
	}
	if (n == 0)
		return false;
	strlcpy(l->kommune, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), sizeof(l->kommune));
	l->fall_id = fall_id;
	l->person_id = kaoa_spi_int8(0, 2, 0);
	l->schuljahr = (int) kaoa_spi_int8(0, 3, 0);
	l->f.status = kaoa_spi_enum(&kaoa_map_status, 0, 4);
	l->zustaendig_org = kaoa_spi_int8(0, 5, 0);
	l->schule_org = kaoa_spi_int8(0, 6, 0);
	return true;
}

/* Probe callbacks of the hand-off facts. */
static bool
erste_id_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(int64 *) arg = kaoa_sonde_int8(t, d, "uebergabe_id", 0);
	return false;
}

static bool
widerspruch_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(bool *) arg = !kaoa_sonde_null(t, d, "widerspruch_am");
	return false;
}

static bool
einwilligung_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	uebergabe_lage *l = (uebergabe_lage *) arg;
	bool		isnull;
	Datum		v;

	if (kaoa_sonde_int8(t, d, "person_id", 0) != l->person_id)
		return false;
	l->f.einwilligung_gefunden = true;
	v = kaoa_sonde_datum(t, d, "widerrufen_am", &isnull);
	l->f.einwilligung_gueltig =
		DatumGetDateADT(kaoa_sonde_datum(t, d, "gueltig_ab", &(bool) {false})) <= kaoa_heute() &&
		(isnull || GetCurrentTransactionStartTimestamp() < DatumGetTimestampTz(v));
	v = kaoa_sonde_datum(t, d, "empfaenger", &isnull);
	if (!isnull && (int) l->f.an_typ >= 0)
	{
		ArrayType  *arr = DatumGetArrayTypeP(v);
		Datum	   *elems;
		bool	   *enulls;
		int			n;

		deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(Oid), true, TYPALIGN_INT, &elems, &enulls, &n);
		for (int i = 0; i < n; i++)
			if (!enulls[i] && kaoa_enum_wert(&kaoa_map_org_typ, ARR_ELEMTYPE(arr), elems[i]) == (int) l->f.an_typ)
				l->f.einwilligung_nennt_empfaenger = true;
	}
	return false;
}

/*
 * An objection (kaoa.widerspruch_erheben) and a revocation (UPDATE of einwilligung) do not lock the
 * case, so the case lock alone does not order them against a hand-off.  Before reading
 * the facts, the hand-off therefore takes FOR SHARE on the row its basis depends on — the person
 * for sgb3_31a_2, the consent for einwilligung.  FOR SHARE conflicts with the writers' FOR NO KEY
 * UPDATE: whichever comes second waits for the other, and the facts below are read with a
 * snapshot taken after the wait.
 */
static kaoa_spi_plan plan_person_teilen = {
	"SELECT 1 FROM kaoa.person p"
	" WHERE p.kommune OPERATOR(pg_catalog.=) $1 AND p.person_id OPERATOR(pg_catalog.=) $2 FOR SHARE",
	2, {TEXTOID, INT8OID}
};

static kaoa_spi_plan plan_einwilligung_teilen = {
	"SELECT 1 FROM kaoa.einwilligung e"
	" WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.einwilligung_id OPERATOR(pg_catalog.=) $2 FOR SHARE",
	2, {TEXTOID, INT8OID}
};

/* Reads everything kette_uebergabe_pruefen needs besides who is acting, with a fresh snapshot
 * (the case is locked: a concurrent hand-off or answer has committed by now).  The caller is
 * SPI-connected. */
static void
fakten_sammeln(uebergabe_lage *l)
{
	Snapshot	snap;
	Datum		keys[2];
	kette_fristen fr;
	int			von_typ = -1, an_typ = -1;

	keys[0] = CStringGetTextDatum(l->kommune);
	if (l->f.basis == KB_SGB3_31A_2)
	{
		keys[1] = Int64GetDatum(l->person_id);
		(void) kaoa_spi_als_eigentuemer(&plan_person_teilen, keys, NULL, false, 0);
	}
	else if (l->f.basis == KB_EINWILLIGUNG && l->einwilligung_id != 0)
	{
		keys[1] = Int64GetDatum(l->einwilligung_id);
		(void) kaoa_spi_als_eigentuemer(&plan_einwilligung_teilen, keys, NULL, false, 0);
	}
	snap = kaoa_sonde_frisch();

	keys[0] = CStringGetTextDatum(l->kommune);
	keys[1] = Int64GetDatum(l->fall_id);
	l->offene_id = 0;
	(void) kaoa_sonde("uebergabe", "uebergabe_eine_offene", 2, keys, snap, erste_id_zeile, &l->offene_id);
	l->f.offen_vorhanden = l->offene_id != 0;
	von_typ = kette_org_typ(l->kommune, l->von_org, snap);
	an_typ = kette_org_typ(l->kommune, l->an_org, snap);
	l->f.von_typ = von_typ;
	l->f.an_typ = an_typ;
	l->f.empfaenger_bekannt = an_typ >= 0;
	l->f.empfaenger_selbst = l->an_org == l->von_org;
	keys[1] = Int64GetDatum(l->person_id);
	l->f.widerspruch = false;
	(void) kaoa_sonde("person", "person_pkey", 2, keys, snap, widerspruch_zeile, &l->f.widerspruch);
	l->f.einwilligung_angegeben = l->einwilligung_id != 0;
	l->f.einwilligung_gefunden = l->f.einwilligung_gueltig = l->f.einwilligung_nennt_empfaenger = false;
	if (l->einwilligung_id != 0)
	{
		keys[1] = Int64GetDatum(l->einwilligung_id);
		(void) kaoa_sonde("einwilligung", "einwilligung_pkey", 2, keys, snap, einwilligung_zeile, l);
	}
	kette_fristen_laden(l->kommune, l->schuljahr, snap, &fr);
	kaoa_sonde_ende(snap);
	l->uebernahme_tage = fr.uebernahme_tage;
	l->verbleib_stichtag = fr.verbleib_stichtag;
	l->f.nach_stichtag = kaoa_heute() > l->verbleib_stichtag;
}

/* Reports the first violated rule of a hand-off, naming the case. */
pg_attribute_noreturn()
static void
uebergabe_melden(kette_verstoss v, const uebergabe_lage *l)
{
	const kette_uebergabe_fakten *f = &l->f;
	const char *basis = kette_basis_namen[f->basis];
	long long	fall = (long long) l->fall_id;

	switch (v)
	{
		case KV_NICHT_HALTER:
			kette_melden(v, "fall", "zustaendig_org",
				errmsg("organisation %lld is not responsible for case %lld", (long long) l->von_org, fall),
				errdetail("Case %lld of Kommune %s is held by organisation %lld.", fall, l->kommune,
								  (long long) l->zustaendig_org),
				errhint("Only the holder offers a case for hand-off (kaoa.uebergeben, called by the holder's role)."));
		case KV_AUSGENOMMEN:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is ausgenommen and excluded from statutory transfer", fall),
				errdetail("Case %lld of Kommune %s is ausgenommen; rechtsgrundlage %s (%s) is statutory.",
								  fall, l->kommune, basis, kette_basis_zitat(f->basis)),
				errhint("An ausgenommen case (e.g. admitted to the Abitur or FHR examination) is never handed on under schuldueg_1_1, sgb3_31a_2, schulg_120 or sgb10_69."));
		case KV_TERMINAL:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is terminal and is not handed on", fall),
				f->status == KS_ANGETRETEN ?
				errdetail("Case %lld of Kommune %s is angetreten and its verbleib_stichtag %s has passed.",
						  fall, l->kommune, kaoa_datum_text(l->verbleib_stichtag)) :
				errdetail("Case %lld of Kommune %s is %s.", fall, l->kommune, kette_status_namen[f->status]),
				errhint("A terminal case (ausgenommen, or angetreten after the verbleib_stichtag) keeps its last holder."));
		case KV_OFFENE_UEBERGABE:
			kette_melden(v, "uebergabe", "fall_id",
				errmsg("another hand-off of case %lld is open", fall),
				errdetail("Hand-off %lld of case %lld (Kommune %s) has not been answered yet.",
								  (long long) l->offene_id, fall, l->kommune),
				errhint("One hand-off per case at a time: wait for the answer, or withdraw it with kaoa.zurueckziehen(uebergabe_id, grund)."));
		case KV_EMPFAENGER_UNBEKANNT:
			kette_melden(v, "uebergabe", "an_org",
				errmsg("organisation %lld is not an organisation of Kommune %s",
									 (long long) l->an_org, l->kommune),
				errdetail("Case %lld belongs to Kommune %s; hand-offs stay inside the case's Kommune.",
								  fall, l->kommune),
				errhint("Choose an_org from kaoa.organisation WHERE kommune = '%s'.", l->kommune));
		case KV_EMPFAENGER_SELBST:
			kette_melden(v, "uebergabe", "an_org",
				errmsg("case %lld cannot be handed to the organisation that holds it", fall),
				errdetail("Organisation %lld already holds case %lld of Kommune %s.",
								  (long long) l->an_org, fall, l->kommune),
				errhint("Name another organisation as an_org."));
		case KV_EMPFAENGER_JBA:
			kette_melden(v, "uebergabe", "an_org",
				errmsg("a Jugendberufsagentur never receives a case"),
				errdetail("Organisation %lld (case %lld, Kommune %s) is of type jba: a cooperation, not a legal body.",
								  (long long) l->an_org, fall, l->kommune),
				errhint("Hand the case to the Agentur, the Jobcenter or the Jugendamt that works in the JBA."));
		case KV_EMPFAENGER_TYP:
			kette_melden(v, "uebergabe", "an_org",
				errmsg("rechtsgrundlage %s does not allow a hand-off from %s to %s", basis,
									 kaoa_org_typ_name(f->von_typ), kaoa_org_typ_name(f->an_typ)),
				errdetail("Case %lld of Kommune %s: organisation %lld (%s) to organisation %lld (%s) under %s (%s).",
								  fall, l->kommune, (long long) l->von_org, kaoa_org_typ_name(f->von_typ),
								  (long long) l->an_org, kaoa_org_typ_name(f->an_typ), basis, kette_basis_zitat(f->basis)),
				errhint("%s allows: %s.", basis, kette_basis_paare(f->basis)));
		case KV_EINWILLIGUNG_FEHLT:
			kette_melden(v, "uebergabe", "einwilligung_id",
				errmsg("rechtsgrundlage einwilligung needs the consent"),
				errdetail("kaoa.uebergeben was called for case %lld of Kommune %s without einwilligung_id.",
								  fall, l->kommune),
				errhint("Pass the einwilligung_id of a consent of this person that names receiver type %s.",
								  kaoa_org_typ_name(f->an_typ)));
		case KV_EINWILLIGUNG_FREMD:
			kette_melden(v, "uebergabe", "einwilligung_id",
				errmsg("consent %lld does not belong to the person of case %lld",
									 (long long) l->einwilligung_id, fall),
				errdetail("There is no consent %lld of person %lld in Kommune %s.",
								  (long long) l->einwilligung_id, (long long) l->person_id, l->kommune),
				errhint("Use a consent recorded in kaoa.einwilligung for this case's person."));
		case KV_EINWILLIGUNG_UNGUELTIG:
			kette_melden(v, "uebergabe", "einwilligung_id",
				errmsg("consent %lld is not valid now", (long long) l->einwilligung_id),
				errdetail("Consent %lld of person %lld (case %lld, Kommune %s) is not yet valid or has been revoked.",
								  (long long) l->einwilligung_id, (long long) l->person_id, fall, l->kommune),
				errhint("A consent counts from gueltig_ab until widerrufen_am; record a new consent if the person agrees again."));
		case KV_EINWILLIGUNG_EMPFAENGER:
			kette_melden(v, "uebergabe", "einwilligung_id",
				errmsg("consent %lld does not name receiver type %s",
									 (long long) l->einwilligung_id, kaoa_org_typ_name(f->an_typ)),
				errdetail("Consent %lld of person %lld (case %lld, Kommune %s) names other organisation types.",
								  (long long) l->einwilligung_id, (long long) l->person_id, fall, l->kommune),
				errhint("Record a consent whose empfaenger includes %s, or choose a receiver the consent names.",
								  kaoa_org_typ_name(f->an_typ)));
		case KV_EINWILLIGUNG_UEBERFLUESSIG:
			kette_melden(v, "uebergabe", "einwilligung_id",
				errmsg("einwilligung_id is only given with rechtsgrundlage einwilligung"),
				errdetail("The hand-off of case %lld (Kommune %s) under %s named consent %lld.",
								  fall, l->kommune, basis, (long long) l->einwilligung_id),
				errhint("Pass einwilligung_id NULL for a statutory basis, or use rechtsgrundlage einwilligung."));
		case KV_WIDERSPRUCH:
			kette_melden(v, "person", "widerspruch_am",
				errmsg("person %lld objected to the transfer under § 31a Abs. 2 SGB III",
									 (long long) l->person_id),
				errdetail("Person %lld (case %lld, Kommune %s) objected; sgb3_31a_2 hand-offs are refused.",
								  (long long) l->person_id, fall, l->kommune),
				errhint("Counselling goes on: keep the case, or hand it on with the person's consent (rechtsgrundlage einwilligung)."));
		case KV_NICHT_OHNE_ANSCHLUSS:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is not identified as ohne_anschluss", fall),
				errdetail("Case %lld of Kommune %s is %s; schuldueg_1_1 transfers identified pupils without an Anschluss.",
								  fall, l->kommune, kette_status_namen[f->status]),
				errhint("Set status ohne_anschluss first (identification), then hand the case to the Agentur."));
		default:
			kette_melden(v, "fall", "status",
				errmsg("hand-off refused"),
				errdetail("Case %lld of Kommune %s.", fall, l->kommune),
				errhint("The holder offers a case under a legal basis that allows the receiver's type; docs/kette.md lists which basis allows which pair."));
	}
}

/* ---- kaoa.uebergeben ------------------------------------------------------------------------------------ */

static kaoa_spi_plan plan_einfuegen = {
	"INSERT INTO kaoa.uebergabe (kommune, fall_id, von_org, an_org, rechtsgrundlage, einwilligung_id,"
	"                            gesendet_am, faellig_am)"
	" VALUES ($1, $2, $3, $4, $5::kaoa.rechtsgrundlage, $6, pg_catalog.now(), $7)"
	" RETURNING uebergabe_id",
	7, {TEXTOID, INT8OID, INT8OID, INT8OID, TEXTOID, INT8OID, DATEOID}
};

/* kaoa.uebergeben(fall_id, an_org, rechtsgrundlage, einwilligung_id) → uebergabe_id: the holder
 * offers the case; responsibility moves only when the receiver accepts. */
Datum
kaoa_uebergeben(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	uebergabe_lage l;
	kette_verstoss v;
	kette_auftrag auftrag;
	Datum		args[7];
	char		nulls[8] = "       ";
	int64		id;

	kaoa_schreibzugriff_pruefen("kaoa.uebergeben");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		kaoa_argumente_fehlen("kaoa.uebergeben", "fall_id, an_org, rechtsgrundlage", PFLICHT_OPTIONAL);
	a = kaoa_akteur_verlangen();
	memset(&l, 0, sizeof(l));
	l.an_org = PG_GETARG_INT64(1);
	l.f.basis = enum_argument(fcinfo, 2, &kaoa_map_basis, "rechtsgrundlage");
	l.einwilligung_id = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3);

	kaoa_spi_verbinden();
	/* visibility before the lock: a caller never locks, nor waits for, a case it may not see */
	if (a->art == KAOA_AKTEUR_ORG)
	{
		kette_fall_kopf k;

		kette_fall_kopf_lesen(PG_GETARG_INT64(0), &k);
		if (!k.gefunden ||
			!kaoa_fall_sichtbar_fuer(a, k.kommune, PG_GETARG_INT64(0), k.schule_org, k.zustaendig_org, false))
			fall_nicht_sichtbar(a, PG_GETARG_INT64(0));
	}
	if (!fall_sperren(&l, NULL, PG_GETARG_INT64(0)))
		fall_nicht_sichtbar(a, PG_GETARG_INT64(0));
	if (a->art == KAOA_AKTEUR_ORG &&
		!kaoa_fall_sichtbar_fuer(a, l.kommune, l.fall_id, l.schule_org, l.zustaendig_org, false))
		fall_nicht_sichtbar(a, l.fall_id);
	l.von_org = l.zustaendig_org;
	l.f.system = kaoa_ist_system(a);
	l.f.halter = a->art == KAOA_AKTEUR_ORG && a->org_id == l.zustaendig_org;
	if (!l.f.system && !l.f.halter)
	{
		l.von_org = a->org_id;
		uebergabe_melden(KV_NICHT_HALTER, &l);
	}
	fakten_sammeln(&l);
	v = kette_uebergabe_pruefen(&l.f);
	if (v != KV_OK)
		uebergabe_melden(v, &l);

	memset(&auftrag, 0, sizeof(auftrag));
	strlcpy(auftrag.kommune, l.kommune, sizeof(auftrag.kommune));
	auftrag.fall_id = l.fall_id;
	auftrag.neue_uebergabe = true;
	args[0] = CStringGetTextDatum(l.kommune);
	args[1] = Int64GetDatum(l.fall_id);
	args[2] = Int64GetDatum(l.von_org);
	args[3] = Int64GetDatum(l.an_org);
	args[4] = CStringGetTextDatum(kette_basis_namen[l.f.basis]);
	args[5] = Int64GetDatum(l.einwilligung_id);
	args[6] = DateADTGetDatum(kaoa_heute() + l.uebernahme_tage);
	if (l.einwilligung_id == 0)
		nulls[5] = 'n';
	if (kette_auftrag_ausfuehren(&auftrag, &plan_einfuegen, args, nulls) != 1)
		elog(ERROR, "kaoa: hand-off insert returned no row");
	id = kaoa_spi_int8(0, 1, 0);
	SPI_finish();
	PG_RETURN_INT64(id);
}

/* ---- answers -------------------------------------------------------------------------------------------- */

/* Finds the hand-off and locks its case in one statement (the hand-off's kommune, fall_id, von_org
 * and an_org never change, so reading them before the lock is safe; its answer is read after). */
static kaoa_spi_plan plan_finden_sperren = {
	"SELECT f.kommune, f.fall_id, u.von_org, u.an_org, f.person_id, f.schuljahr, f.status,"
	"       f.zustaendig_org, f.schule_org"
	"  FROM kaoa.uebergabe u"
	"  JOIN kaoa.fall f ON f.kommune OPERATOR(pg_catalog.=) u.kommune AND f.fall_id OPERATOR(pg_catalog.=) u.fall_id"
	" WHERE u.uebergabe_id OPERATOR(pg_catalog.=) $1"
	"   FOR NO KEY UPDATE OF f",
	1, {INT8OID}
};

/* Who sent and received the hand-off, read through its id index without a lock: may the caller
 * see it at all? */
typedef struct uebergabe_kopf
{
	bool		gefunden;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		von_org;
	int64		an_org;
} uebergabe_kopf;

static bool
uebergabe_kopf_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	uebergabe_kopf *k = (uebergabe_kopf *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "kommune", &isnull);

	if (isnull)
		return true;
	k->gefunden = true;
	text_to_cstring_buffer(DatumGetTextPP(v), k->kommune, sizeof(k->kommune));
	k->von_org = kaoa_sonde_int8(t, d, "von_org", 0);
	k->an_org = kaoa_sonde_int8(t, d, "an_org", 0);
	return false;
}

/* The refusal for a hand-off the caller may not answer and does not see: the same words whether it
 * exists, belongs to another Kommune or went between others. */
pg_attribute_noreturn()
static void
antwort_verborgen(const kaoa_akteur *a, int64 uebergabe_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("hand-off %lld does not exist", (long long) uebergabe_id),
				 errhint("Look the hand-off up in kaoa.uebergabe.")));
	kette_melden(KV_NICHT_SICHTBAR, "uebergabe", "uebergabe_id",
		errmsg("hand-off %lld is not visible to organisation %lld", (long long) uebergabe_id,
					(long long) a->org_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) sees no hand-off %lld: it does not exist or was neither sent nor offered to the organisation.",
					   a->rolle, (long long) a->org_id, a->kommune, (long long) uebergabe_id),
		errhint("The receiver accepts or declines a hand-off; the sender withdraws it."));
	pg_unreachable();
}

/* The answer state of a hand-off (read after the case lock). */
typedef struct antwort_stand
{
	bool		angenommen;
	bool		abgelehnt;
	bool		zurueckgezogen;
	TimestampTz wann;
} antwort_stand;

static bool
stand_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	antwort_stand *st = (antwort_stand *) arg;
	static const char *const spalten[] = {"uebernommen_am", "abgelehnt_am", "zurueckgezogen_am"};
	bool	   *flags[] = {&st->angenommen, &st->abgelehnt, &st->zurueckgezogen};

	for (int i = 0; i < 3; i++)
	{
		bool		isnull;
		Datum		v = kaoa_sonde_datum(t, d, spalten[i], &isnull);

		*flags[i] = !isnull;
		if (!isnull)
			st->wann = DatumGetTimestampTz(v);
	}
	return false;
}

/* The acceptance in one statement: the answer, and the case moving to the receiver (the main
 * statement's AFTER triggers fire before the CTE's, so the log shows the acceptance first). */
static kaoa_spi_plan plan_uebernommen = {
	"WITH bewegt AS (UPDATE kaoa.fall SET zustaendig_org = $3, status = $4::kaoa.fall_status"
	"                 WHERE kommune OPERATOR(pg_catalog.=) $1 AND fall_id OPERATOR(pg_catalog.=) $5)"
	" UPDATE kaoa.uebergabe SET uebernommen_am = pg_catalog.now()"
	"  WHERE kommune OPERATOR(pg_catalog.=) $1 AND uebergabe_id OPERATOR(pg_catalog.=) $2",
	5, {TEXTOID, INT8OID, INT8OID, TEXTOID, INT8OID}
};

static kaoa_spi_plan plan_abgelehnt = {
	"UPDATE kaoa.uebergabe SET abgelehnt_am = pg_catalog.now(), grund = $3"
	" WHERE kommune OPERATOR(pg_catalog.=) $1 AND uebergabe_id OPERATOR(pg_catalog.=) $2",
	3, {TEXTOID, INT8OID, TEXTOID}
};

static kaoa_spi_plan plan_zurueckgezogen = {
	"UPDATE kaoa.uebergabe SET zurueckgezogen_am = pg_catalog.now(), grund = $3"
	" WHERE kommune OPERATOR(pg_catalog.=) $1 AND uebergabe_id OPERATOR(pg_catalog.=) $2",
	3, {TEXTOID, INT8OID, TEXTOID}
};

/* The common path of uebernehmen, ablehnen and zurueckziehen. */
static void
antworten(FunctionCallInfo fcinfo, kette_antwort art, const char *funktion)
{
	const kaoa_akteur *a;
	int64		uebergabe_id;
	char	   *grund = NULL;
	uebergabe_lage l;
	kette_antwort_fakten f;
	kette_verstoss v;
	kette_auftrag auftrag;
	Datum		args[5];
	int			an_typ;
	char	   *wann;
	antwort_stand stand = {false, false, false, 0};

	kaoa_schreibzugriff_pruefen(funktion);
	if (PG_ARGISNULL(0))
		kaoa_argumente_fehlen(funktion, "uebergabe_id", PFLICHT_OPTIONAL);
	uebergabe_id = PG_GETARG_INT64(0);
	if (art != KA_UEBERNEHMEN && !PG_ARGISNULL(1))
		grund = text_to_cstring(PG_GETARG_TEXT_PP(1));
	a = kaoa_akteur_verlangen();
	memset(&l, 0, sizeof(l));
	memset(&f, 0, sizeof(f));

	kaoa_spi_verbinden();
	args[0] = Int64GetDatum(uebergabe_id);
	/* who may answer is decided before the case is locked: a caller never locks, nor waits for, the
	 * case of a hand-off it may not see; the locked read below checks again */
	if (a->art == KAOA_AKTEUR_ORG)
	{
		uebergabe_kopf k;
		Snapshot	snap = kaoa_sonde_frisch();

		memset(&k, 0, sizeof(k));
		(void) kaoa_sonde("uebergabe", "uebergabe_uebergabe_id", 1, args, snap, uebergabe_kopf_zeile, &k);
		kaoa_sonde_ende(snap);
		if (!k.gefunden || strcmp(k.kommune, a->kommune) != 0 ||
			(a->org_typ != KO_KOKO && k.von_org != a->org_id && k.an_org != a->org_id))
			antwort_verborgen(a, uebergabe_id);
	}
	if (kaoa_spi_als_eigentuemer(&plan_finden_sperren, args, NULL, false, 0) == 0 ||
		(a->art == KAOA_AKTEUR_ORG &&
		 (strcmp(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), a->kommune) != 0 ||
		  (a->org_typ != KO_KOKO && kaoa_spi_int8(0, 3, 0) != a->org_id &&
		   kaoa_spi_int8(0, 4, 0) != a->org_id))))
		antwort_verborgen(a, uebergabe_id);
	strlcpy(l.kommune, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), sizeof(l.kommune));
	l.fall_id = kaoa_spi_int8(0, 2, 0);
	l.von_org = kaoa_spi_int8(0, 3, 0);
	l.an_org = kaoa_spi_int8(0, 4, 0);
	l.person_id = kaoa_spi_int8(0, 5, 0);
	l.schuljahr = (int) kaoa_spi_int8(0, 6, 0);
	l.f.status = kaoa_spi_enum(&kaoa_map_status, 0, 7);
	l.zustaendig_org = kaoa_spi_int8(0, 8, 0);
	l.schule_org = kaoa_spi_int8(0, 9, 0);
	/* re-read the answer after the lock: a concurrent answer has committed by now */
	{
		Snapshot	snap = kaoa_sonde_frisch();
		Datum		keys[2];
		kette_fristen fr;

		keys[0] = CStringGetTextDatum(l.kommune);
		keys[1] = Int64GetDatum(uebergabe_id);
		if (kaoa_sonde("uebergabe", "uebergabe_pkey", 2, keys, snap, stand_zeile, &stand) != 1)
			elog(ERROR, "kaoa: hand-off %lld vanished", (long long) uebergabe_id);
		an_typ = kette_org_typ(l.kommune, l.an_org, snap);
		kette_fristen_laden(l.kommune, l.schuljahr, snap, &fr);
		kaoa_sonde_ende(snap);
		l.verbleib_stichtag = fr.verbleib_stichtag;
	}
	f.art = art;
	f.system = kaoa_ist_system(a);
	f.ist_empfaenger = a->art == KAOA_AKTEUR_ORG && a->org_id == l.an_org;
	f.ist_sender = a->art == KAOA_AKTEUR_ORG && a->org_id == l.von_org;
	f.beantwortet = stand.angenommen || stand.abgelehnt || stand.zurueckgezogen;
	wann = f.beantwortet ? pstrdup(timestamptz_to_str(stand.wann)) : NULL;
	f.fall_terminal = kette_status_terminal(l.f.status, kaoa_heute() > l.verbleib_stichtag);
	f.grund = !kaoa_leer(grund);
	v = kette_antwort_pruefen(&f);
	switch (v)
	{
		case KV_OK:
			break;
		case KV_NICHT_EMPFAENGER:
			kette_melden(v, "uebergabe", "an_org",
				errmsg("organisation %lld is not the receiver of hand-off %lld",
									 (long long) a->org_id, (long long) uebergabe_id),
				errdetail("Hand-off %lld of case %lld (Kommune %s) goes to organisation %lld.",
								  (long long) uebergabe_id, (long long) l.fall_id, l.kommune, (long long) l.an_org),
				errhint("Only the receiver accepts or declines; the sender may withdraw with kaoa.zurueckziehen(uebergabe_id, grund)."));
		case KV_NICHT_SENDER:
			kette_melden(v, "uebergabe", "von_org",
				errmsg("organisation %lld did not send hand-off %lld",
									 (long long) a->org_id, (long long) uebergabe_id),
				errdetail("Hand-off %lld of case %lld (Kommune %s) was sent by organisation %lld.",
								  (long long) uebergabe_id, (long long) l.fall_id, l.kommune, (long long) l.von_org),
				errhint("Only the sender withdraws; the receiver declines with kaoa.ablehnen(uebergabe_id, grund)."));
		case KV_BEANTWORTET:
			kette_melden(v, "uebergabe", "uebergabe_id",
				errmsg("hand-off %lld is already answered", (long long) uebergabe_id),
				stand.angenommen ?
				errdetail("Hand-off %lld of case %lld (Kommune %s) was accepted at %s.",
						  (long long) uebergabe_id, (long long) l.fall_id, l.kommune, wann ? wann : "?") :
				stand.abgelehnt ?
				errdetail("Hand-off %lld of case %lld (Kommune %s) was declined at %s.",
						  (long long) uebergabe_id, (long long) l.fall_id, l.kommune, wann ? wann : "?") :
				errdetail("Hand-off %lld of case %lld (Kommune %s) was withdrawn at %s.",
						  (long long) uebergabe_id, (long long) l.fall_id, l.kommune, wann ? wann : "?"),
				errhint("A hand-off is answered once; a new offer needs a new kaoa.uebergeben."));
		case KV_TERMINAL:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is terminal and cannot be taken over", (long long) l.fall_id),
				errdetail("Case %lld of Kommune %s is %s.", (long long) l.fall_id, l.kommune,
								  kette_status_namen[l.f.status]),
				errhint("Decline the hand-off with kaoa.ablehnen(uebergabe_id, grund); a terminal case keeps its last holder."));
		case KV_GRUND_FEHLT:
			kette_melden(v, "uebergabe", "grund",
				errmsg("declining hand-off %lld needs a reason", (long long) uebergabe_id),
				errdetail("kaoa.ablehnen was called for hand-off %lld of case %lld (Kommune %s) without grund.",
								  (long long) uebergabe_id, (long long) l.fall_id, l.kommune),
				errhint("Give the reason in grund (free text must not hold identity data)."));
		default:
			kette_melden(v, "uebergabe", NULL,
				errmsg("answer refused"),
				errdetail("Hand-off %lld of case %lld (Kommune %s).", (long long) uebergabe_id,
								  (long long) l.fall_id, l.kommune),
				errhint("The receiver accepts or declines an open hand-off; the sender withdraws it."));
	}

	memset(&auftrag, 0, sizeof(auftrag));
	strlcpy(auftrag.kommune, l.kommune, sizeof(auftrag.kommune));
	auftrag.fall_id = l.fall_id;
	auftrag.uebergabe_id = uebergabe_id;
	args[0] = CStringGetTextDatum(l.kommune);
	args[1] = Int64GetDatum(uebergabe_id);
	if (art == KA_UEBERNEHMEN)
	{
		kette_status nach = kette_uebernahme_beratung(l.f.status, an_typ) ? KS_IN_BERATUNG : l.f.status;

		auftrag.zustaendig = true;
		auftrag.status_art = "status";
		args[2] = Int64GetDatum(l.an_org);
		args[3] = CStringGetTextDatum(kette_status_namen[nach]);
		args[4] = Int64GetDatum(l.fall_id);
		(void) kette_auftrag_ausfuehren(&auftrag, &plan_uebernommen, args, NULL);
	}
	else
	{
		args[2] = grund ? CStringGetTextDatum(grund) : (Datum) 0;
		(void) kette_auftrag_ausfuehren(&auftrag,
										art == KA_ABLEHNEN ? &plan_abgelehnt : &plan_zurueckgezogen,
										args, grund ? "   " : "  n");
	}
	SPI_finish();
}

/* kaoa.uebernehmen(uebergabe_id): the receiver accepts; responsibility moves. */
Datum
kaoa_uebernehmen(PG_FUNCTION_ARGS)
{
	antworten(fcinfo, KA_UEBERNEHMEN, "kaoa.uebernehmen");
	PG_RETURN_VOID();
}

/* kaoa.ablehnen(uebergabe_id, grund): the receiver declines; the sender stays responsible. */
Datum
kaoa_ablehnen(PG_FUNCTION_ARGS)
{
	antworten(fcinfo, KA_ABLEHNEN, "kaoa.ablehnen");
	PG_RETURN_VOID();
}

/* kaoa.zurueckziehen(uebergabe_id, grund): the sender withdraws; it stays responsible. */
Datum
kaoa_zurueckziehen(PG_FUNCTION_ARGS)
{
	antworten(fcinfo, KA_ZURUECKZIEHEN, "kaoa.zurueckziehen");
	PG_RETURN_VOID();
}

/* ---- what a hand-off transfers ---------------------------------------------------------------------- */

/*
 * The fields basis b lets the receiver read: a statutory basis's list, or for a consent its daten
 * (NULL: all) within the consent list.  daten is the consent's text[] (ignored unless b is
 * einwilligung).
 */
static void
uebergabe_felder(int basis, Datum daten, bool daten_null, kette_felder *out)
{
	if (basis != KB_EINWILLIGUNG)
	{
		kette_basis_felder(basis, out);
		return;
	}
	if (daten_null)
		kette_einwilligung_felder(NULL, 0, out);
	else
	{
		Datum	   *elems;
		bool	   *enulls;
		int			n;
		const char **namen;

		deconstruct_array(DatumGetArrayTypeP(daten), TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
		namen = palloc(sizeof(char *) * Max(n, 1));
		for (int i = 0; i < n; i++)
			namen[i] = enulls[i] ? NULL : TextDatumGetCString(elems[i]);
		kette_einwilligung_felder(namen, n, out);
	}
}

static Datum
felder_array(const kette_felder *f)
{
	Datum		elems[KETTE_FELD_MAX];

	for (int i = 0; i < f->anzahl; i++)
		elems[i] = CStringGetTextDatum(f->namen[i]);
	return PointerGetDatum(construct_array(elems, f->anzahl, TEXTOID, -1, false, TYPALIGN_INT));
}

static kaoa_spi_plan plan_einwilligung_daten = {
	"SELECT e.daten FROM kaoa.einwilligung e"
	" WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.einwilligung_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/*
 * What the hand-off transfers, taken when it is sent: the basis's fields with
 * their values now, from the case and the identity, into kaoa.uebergabe_inhalt (owner only).
 * kaoa.uebergabe_daten returns this, so a receiver or sender never reads what the school records
 * later.  Written by the hand-off's own AFTER INSERT trigger, so kaoa.uebergeben and a system
 * role's direct INSERT take it alike: it is part of the hand-off, not a row of another kind.
 */
#define INHALT_JETZT \
	"SELECT COALESCE((SELECT pg_catalog.jsonb_object_agg(k.k, a.alle OPERATOR(pg_catalog.->) k.k)" \
	"                   FROM pg_catalog.unnest($4::pg_catalog.text[]) k(k)), '{}'::pg_catalog.jsonb)" \
	"  FROM (SELECT pg_catalog.jsonb_build_object(" \
	"                 'nachname', i.nachname, 'vorname', i.vorname," \
	"                 'geburtsdatum', pg_catalog.to_char(i.geburtsdatum, 'YYYY-MM-DD')," \
	"                 'geschlecht', i.geschlecht, 'anschrift', i.anschrift, 'schulform', f.schulform," \
	"                 'abschluss', f.abschluss::pg_catalog.text, 'anschluss', f.anschluss) AS alle" \
	"          FROM kaoa.fall f" \
	"          LEFT JOIN kaoa.person_identitaet i" \
	"            ON i.kommune OPERATOR(pg_catalog.=) f.kommune AND i.person_id OPERATOR(pg_catalog.=) f.person_id" \
	"         WHERE f.kommune OPERATOR(pg_catalog.=) $1 AND f.fall_id OPERATOR(pg_catalog.=) $3) a"

static kaoa_spi_plan plan_inhalt = {
	"INSERT INTO kaoa.uebergabe_inhalt (kommune, uebergabe_id, daten, erfasst_am)"
	" SELECT $1, $2, (" INHALT_JETZT "), pg_catalog.now()",
	4, {TEXTOID, INT8OID, INT8OID, TEXTARRAYOID}
};

/* The same fields with their values now: for a database still at 0.1.0, which has no
 * kaoa.uebergabe_inhalt yet ($2 unused). */
static kaoa_spi_plan plan_inhalt_jetzt = {
	"SELECT (" INHALT_JETZT ")",
	4, {TEXTOID, INT8OID, INT8OID, TEXTARRAYOID}
};

/* Takes the hand-off's content (caller SPI-connected). */
static void
inhalt_erfassen(const char *kommune, int64 uebergabe_id, int64 fall_id, int basis, int64 einwilligung_id)
{
	kette_felder felder;
	Datum		args[4];
	bool		daten_null = true;
	Datum		daten = (Datum) 0;

	if (basis < 0)
		return;					/* NOT NULL refuses the row */
	if (basis == KB_EINWILLIGUNG && einwilligung_id != 0)
	{
		args[0] = CStringGetTextDatum(kommune);
		args[1] = Int64GetDatum(einwilligung_id);
		if (kaoa_spi_als_eigentuemer(&plan_einwilligung_daten, args, NULL, false, 1) == 1)
			daten = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &daten_null);
	}
	uebergabe_felder(basis, daten, daten_null, &felder);
	args[0] = CStringGetTextDatum(kommune);
	args[1] = Int64GetDatum(uebergabe_id);
	args[2] = Int64GetDatum(fall_id);
	args[3] = felder_array(&felder);
	if (kaoa_spi_als_eigentuemer(&plan_inhalt, args, NULL, false, 0) != 1)
		elog(ERROR, "kaoa: the content of hand-off %lld was not recorded", (long long) uebergabe_id);
}

/* ---- triggers of kaoa.uebergabe ------------------------------------------------------------------------ */

typedef struct uebergabe_spalten
{
	Oid			relid;
	int			kommune, id, fall_id, von_org, an_org, basis, einwilligung_id, gesendet_am, faellig_am,
				uebernommen_am, abgelehnt_am, zurueckgezogen_am, grund;
} uebergabe_spalten;

static uebergabe_spalten us;

static void
uebergabe_spalten_laden(Relation rel)
{
	if (us.relid == RelationGetRelid(rel))
		return;
	us.kommune = kaoa_trigger_spalte(rel, "kommune");
	us.id = kaoa_trigger_spalte(rel, "uebergabe_id");
	us.fall_id = kaoa_trigger_spalte(rel, "fall_id");
	us.von_org = kaoa_trigger_spalte(rel, "von_org");
	us.an_org = kaoa_trigger_spalte(rel, "an_org");
	us.basis = kaoa_trigger_spalte(rel, "rechtsgrundlage");
	us.einwilligung_id = kaoa_trigger_spalte(rel, "einwilligung_id");
	us.gesendet_am = kaoa_trigger_spalte(rel, "gesendet_am");
	us.faellig_am = kaoa_trigger_spalte(rel, "faellig_am");
	us.uebernommen_am = kaoa_trigger_spalte(rel, "uebernommen_am");
	us.abgelehnt_am = kaoa_trigger_spalte(rel, "abgelehnt_am");
	us.zurueckgezogen_am = kaoa_trigger_spalte(rel, "zurueckgezogen_am");
	us.grund = kaoa_trigger_spalte(rel, "grund");
	us.relid = RelationGetRelid(rel);
}

/* BEFORE INSERT OR UPDATE: a hand-off starts open and checked; only the answer functions change it. */
Datum
kaoa_uebergabe_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.uebergabe_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	const kaoa_akteur *a;
	HeapTuple	neu;
	char	   *kommune;
	bool		isnull;

	uebergabe_spalten_laden(rel);
	a = kaoa_akteur_verlangen();
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		static const char *const pflicht[] = {"kommune", "fall_id", "von_org", "an_org", "rechtsgrundlage"};

		kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	}
	if (kaoa_zeile_null(neu, desc, us.kommune))
		return PointerGetDatum(neu);
	kommune = TextDatumGetCString(heap_getattr(td->tg_trigtuple, us.kommune, desc, &isnull));

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	alt = td->tg_trigtuple;
		int64		id = kaoa_zeile_int8(alt, desc, us.id, 0);
		static const char *const antwort[] = {"uebernommen_am", "abgelehnt_am", "zurueckgezogen_am", "grund"};

		if (!(kette_auftrag_jetzt.aktiv && kette_auftrag_jetzt.uebergabe_id == id &&
			  strcmp(kette_auftrag_jetzt.kommune, kommune) == 0))
			kette_melden(KV_UNVERAENDERLICH, "uebergabe", NULL,
				errmsg("a hand-off is answered only by the hand-off functions"),
				errdetail("Hand-off %lld of Kommune %s.", (long long) id, kommune),
				errhint("Use kaoa.uebernehmen, kaoa.ablehnen or kaoa.zurueckziehen."));
		for (int i = 1; i <= desc->natts; i++)
		{
			const char *name = NameStr(TupleDescAttr(desc, i - 1)->attname);
			bool		ist_antwort = false;

			if (TupleDescAttr(desc, i - 1)->attisdropped)
				continue;
			for (int k = 0; k < 4; k++)
				ist_antwort |= strcmp(name, antwort[k]) == 0;
			if ((!ist_antwort && !kaoa_zeile_gleich(alt, neu, desc, i)) ||
				(ist_antwort && !kaoa_zeile_null(alt, desc, i) && !kaoa_zeile_gleich(alt, neu, desc, i)))
				elog(ERROR, "kaoa: hand-off %lld: column %s changed by an answer", (long long) id, name);
		}
		return PointerGetDatum(neu);
	}
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		kaoa_trigger_falsch("kaoa.uebergabe_regeln", KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);

	if (!kaoa_zeile_null(neu, desc, us.uebernommen_am) || !kaoa_zeile_null(neu, desc, us.abgelehnt_am) ||
		!kaoa_zeile_null(neu, desc, us.zurueckgezogen_am))
		kette_melden(KV_UNVERAENDERLICH, "uebergabe", "uebernommen_am",
			errmsg("a hand-off starts open"),
			errdetail("The INSERT into kaoa.uebergabe for case %lld of Kommune %s set an answer column.",
							  (long long) kaoa_zeile_int8(neu, desc, us.fall_id, 0), kommune),
			errhint("Offer the case with kaoa.uebergeben; answers come from kaoa.uebernehmen, kaoa.ablehnen and kaoa.zurueckziehen."));
	if (kette_auftrag_jetzt.aktiv && kette_auftrag_jetzt.neue_uebergabe &&
		kette_auftrag_fuer_fall(kommune, kaoa_zeile_int8(neu, desc, us.fall_id, 0)))
		return PointerGetDatum(neu);	/* kaoa.uebergeben checked it under the case lock */

	/* A direct INSERT (system role, DBA): the same checks, under the same lock. */
	{
		uebergabe_lage l;
		kette_verstoss v;
		int			spalten[2];
		Datum		werte[2];
		bool		nulls[2] = {false, false};

		memset(&l, 0, sizeof(l));
		l.von_org = kaoa_zeile_int8(neu, desc, us.von_org, 0);
		l.an_org = kaoa_zeile_int8(neu, desc, us.an_org, 0);
		l.einwilligung_id = kaoa_zeile_int8(neu, desc, us.einwilligung_id, 0);
		if (kaoa_zeile_null(neu, desc, us.basis) || kaoa_zeile_null(neu, desc, us.fall_id) ||
			kaoa_zeile_null(neu, desc, us.von_org) || kaoa_zeile_null(neu, desc, us.an_org))
			return PointerGetDatum(neu);	/* NOT NULL reports it */
		l.f.basis = kaoa_enum_wert(&kaoa_map_basis, TupleDescAttr(desc, us.basis - 1)->atttypid,
								   heap_getattr(neu, us.basis, desc, &isnull));
		kaoa_spi_verbinden();
		if (!fall_sperren(&l, kommune, kaoa_zeile_int8(neu, desc, us.fall_id, 0)))
		{
			SPI_finish();
			return PointerGetDatum(neu);	/* the foreign key reports it */
		}
		l.f.halter = l.von_org == l.zustaendig_org &&
			(kaoa_ist_system(a) || (a->art == KAOA_AKTEUR_ORG && a->org_id == l.von_org));
		l.f.system = kaoa_ist_system(a) && l.f.halter;
		fakten_sammeln(&l);
		v = kette_uebergabe_pruefen(&l.f);
		if (v != KV_OK)
			uebergabe_melden(v, &l);
		SPI_finish();
		spalten[0] = us.gesendet_am;
		werte[0] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		spalten[1] = us.faellig_am;
		werte[1] = DateADTGetDatum(kaoa_heute() + l.uebernahme_tage);
		return PointerGetDatum(heap_modify_tuple_by_cols(neu, desc, 2, spalten, werte, nulls));
	}
}

/* AFTER INSERT OR UPDATE: offers and answers are logged. */
Datum
kaoa_uebergabe_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.uebergabe_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	HeapTuple	neu;
	const char *art;
	StringInfoData d;
	bool		isnull;
	char	   *kommune;

	uebergabe_spalten_laden(rel);
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	kommune = TextDatumGetCString(heap_getattr(neu, us.kommune, desc, &isnull));
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "uebergabe_id", kaoa_zeile_int8(neu, desc, us.id, 0));
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		art = "uebergabe";
		kette_json_int(&d, "von_org", kaoa_zeile_int8(neu, desc, us.von_org, 0));
		kette_json_int(&d, "an_org", kaoa_zeile_int8(neu, desc, us.an_org, 0));
		kette_json_text(&d, "rechtsgrundlage",
						kette_basis_namen[kaoa_enum_wert(&kaoa_map_basis,
														 TupleDescAttr(desc, us.basis - 1)->atttypid,
														 heap_getattr(neu, us.basis, desc, &isnull))]);
		kette_json_text(&d, "faellig_am",
						kaoa_datum_text(DatumGetDateADT(heap_getattr(neu, us.faellig_am, desc, &isnull))));
	}
	else
	{
		HeapTuple	alt = td->tg_trigtuple;

		if (kaoa_zeile_null(alt, desc, us.uebernommen_am) && !kaoa_zeile_null(neu, desc, us.uebernommen_am))
			art = "uebernahme";
		else if (kaoa_zeile_null(alt, desc, us.abgelehnt_am) && !kaoa_zeile_null(neu, desc, us.abgelehnt_am))
			art = "ablehnung";
		else if (kaoa_zeile_null(alt, desc, us.zurueckgezogen_am) && !kaoa_zeile_null(neu, desc, us.zurueckgezogen_am))
			art = "zuruecknahme";
		else
			return PointerGetDatum(NULL);
		kette_json_int(&d, "von_org", kaoa_zeile_int8(neu, desc, us.von_org, 0));
		kette_json_int(&d, "an_org", kaoa_zeile_int8(neu, desc, us.an_org, 0));
		if (!kaoa_zeile_null(neu, desc, us.grund))
			kette_json_text(&d, "grund", TextDatumGetCString(heap_getattr(neu, us.grund, desc, &isnull)));
	}
	appendStringInfoChar(&d, '}');
	kaoa_spi_verbinden();
	kette_ereignis(kommune, kaoa_zeile_int8(neu, desc, us.fall_id, 0),
				   a->art == KAOA_AKTEUR_ORG ? a->org_id : 0, art, -1, -1, d.data);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event) && kaoa_tabelle_vorhanden("uebergabe_inhalt"))
		inhalt_erfassen(kommune, kaoa_zeile_int8(neu, desc, us.id, 0), kaoa_zeile_int8(neu, desc, us.fall_id, 0),
						kaoa_zeile_enum(&kaoa_map_basis, neu, desc, us.basis),
						kaoa_zeile_int8(neu, desc, us.einwilligung_id, 0));
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ---- kaoa.uebergabe_daten ---------------------------------------------------------------------------- */

static kaoa_spi_plan plan_daten = {
	"SELECT u.kommune, u.fall_id, u.von_org, u.an_org, u.rechtsgrundlage,"
	"       u.uebernommen_am IS NOT NULL OR (u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL),"
	"       u.gesendet_am OPERATOR(pg_catalog.+) '6 months'::pg_catalog.interval OPERATOR(pg_catalog.>) pg_catalog.now(),"
	"       e.daten,"
	"       e.widerrufen_am IS NOT NULL AND e.widerrufen_am OPERATOR(pg_catalog.<=) pg_catalog.now(),"
	"       c.daten, u.einwilligung_id, u.gesendet_am, e.widerrufen_am"
	"  FROM kaoa.uebergabe u"
	"  LEFT JOIN kaoa.einwilligung e"
	"    ON e.kommune OPERATOR(pg_catalog.=) u.kommune AND e.einwilligung_id OPERATOR(pg_catalog.=) u.einwilligung_id"
	"  LEFT JOIN kaoa.uebergabe_inhalt c"
	"    ON c.kommune OPERATOR(pg_catalog.=) u.kommune AND c.uebergabe_id OPERATOR(pg_catalog.=) u.uebergabe_id"
	" WHERE u.uebergabe_id OPERATOR(pg_catalog.=) $1",
	1, {INT8OID}
};

/* plan_daten for a database still at 0.1.0 (no kaoa.uebergabe_inhalt): no stored content */
static kaoa_spi_plan plan_daten_0_1 = {
	"SELECT u.kommune, u.fall_id, u.von_org, u.an_org, u.rechtsgrundlage,"
	"       u.uebernommen_am IS NOT NULL OR (u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL),"
	"       u.gesendet_am OPERATOR(pg_catalog.+) '6 months'::pg_catalog.interval OPERATOR(pg_catalog.>) pg_catalog.now(),"
	"       e.daten,"
	"       e.widerrufen_am IS NOT NULL AND e.widerrufen_am OPERATOR(pg_catalog.<=) pg_catalog.now(),"
	"       NULL::pg_catalog.jsonb, u.einwilligung_id, u.gesendet_am, e.widerrufen_am"
	"  FROM kaoa.uebergabe u"
	"  LEFT JOIN kaoa.einwilligung e"
	"    ON e.kommune OPERATOR(pg_catalog.=) u.kommune AND e.einwilligung_id OPERATOR(pg_catalog.=) u.einwilligung_id"
	" WHERE u.uebergabe_id OPERATOR(pg_catalog.=) $1",
	1, {INT8OID}
};

/*
 * The refusal for a caller who neither sent nor received the hand-off: the same words whether it
 * exists, belongs to another Kommune or went between others, so it discloses nothing.
 */
pg_attribute_noreturn()
static void
daten_verborgen(const kaoa_akteur *a, int64 uebergabe_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("hand-off %lld does not exist", (long long) uebergabe_id),
				 errhint("Look the hand-off up in kaoa.uebergabe.")));
	kette_melden(KV_NICHT_LESEN, "uebergabe", "uebergabe_id",
		errmsg("organisation %lld may not read the data of hand-off %lld",
					(long long) a->org_id, (long long) uebergabe_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) has no hand-off %lld: it does not exist or was neither sent by nor addressed to the organisation.",
					   a->rolle, (long long) a->org_id, a->kommune, (long long) uebergabe_id),
		errhint("The receiver and the sender read a hand-off's data while it is open or accepted: under a statutory basis for six months after sending, under a consent until the consent is revoked."));
	pg_unreachable();
}

/*
 * kaoa.uebergabe_daten(uebergabe_id) → jsonb: what the hand-off transferred — the fields its legal
 * basis lets the receiver read, with their values when it was sent (kaoa.uebergabe_inhalt), never
 * the identity as it is now.  Bounds, the same for the receiver and the sender
 * (a former holder reads what it passed on, not what the new holder records):
 *   - while the hand-off is open or accepted; after a decline or withdrawal nothing (KA004);
 *   - statutory bases: for six months after sending (§ 31a SGB III: deleted at the latest six
 *     months after collection; KA004);
 *   - consent: until the consent is revoked (KA002).
 * Anyone else gets the answer for a hand-off that does not exist (KA004).  The system reads any.
 */
Datum
kaoa_uebergabe_daten(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		uebergabe_id;
	Datum		args[1];
	int64		fall_id, von_org, an_org, einwilligung_id;
	char	   *kommune;
	int			basis;
	bool		offen_oder_angenommen, in_frist, widerrufen;
	bool		isnull;
	Datum		inhalt;
	Datum		ergebnis;
	bool		mit_inhalt;

	if (PG_ARGISNULL(0))
		kaoa_argumente_fehlen("kaoa.uebergabe_daten", "uebergabe_id", PFLICHT_OPTIONAL);
	uebergabe_id = PG_GETARG_INT64(0);
	a = kaoa_akteur_verlangen();
	kaoa_spi_verbinden();
	args[0] = Int64GetDatum(uebergabe_id);
	mit_inhalt = kaoa_tabelle_vorhanden("uebergabe_inhalt");
	if (kaoa_spi_als_eigentuemer(mit_inhalt ? &plan_daten : &plan_daten_0_1, args, NULL, true, 0) == 0)
		daten_verborgen(a, uebergabe_id);
	kommune = kaoa_spi_text(0, 1);
	fall_id = kaoa_spi_int8(0, 2, 0);
	von_org = kaoa_spi_int8(0, 3, 0);
	an_org = kaoa_spi_int8(0, 4, 0);
	basis = kaoa_spi_enum(&kaoa_map_basis, 0, 5);
	offen_oder_angenommen = kaoa_spi_bool(0, 6, false);
	in_frist = kaoa_spi_bool(0, 7, false);
	widerrufen = kaoa_spi_bool(0, 9, false);
	einwilligung_id = kaoa_spi_int8(0, 11, 0);

	if (!kaoa_ist_system(a))
	{
		bool		eigene = a->art == KAOA_AKTEUR_ORG && kommune != NULL && strcmp(a->kommune, kommune) == 0;

		/* neither sender nor receiver: the same answer as for a hand-off that does not exist */
		if (!eigene || (a->org_id != von_org && a->org_id != an_org))
			daten_verborgen(a, uebergabe_id);
		if (!offen_oder_angenommen)
			kette_melden(KV_NICHT_LESEN, "uebergabe", "uebergabe_id",
				errmsg("organisation %lld may not read the data of hand-off %lld",
							(long long) a->org_id, (long long) uebergabe_id),
				errdetail("Hand-off %lld of case %lld (Kommune %s) was declined or withdrawn; it transferred nothing that may still be read.",
							   (long long) uebergabe_id, (long long) fall_id, kommune),
				errhint("The receiver and the sender read a hand-off's data while it is open or accepted: under a statutory basis for six months after sending, under a consent until the consent is revoked."));
		if (basis != KB_EINWILLIGUNG && !in_frist)
			kette_melden(KV_NICHT_LESEN, "uebergabe", "gesendet_am",
				errmsg("organisation %lld may not read the data of hand-off %lld",
							(long long) a->org_id, (long long) uebergabe_id),
				errdetail("Hand-off %lld of case %lld (Kommune %s) was sent more than six months ago; statutory data may be read for six months, by the receiver and the sender.",
							   (long long) uebergabe_id, (long long) fall_id, kommune),
				errhint("The receiver and the sender read a hand-off's data while it is open or accepted: under a statutory basis for six months after sending, under a consent until the consent is revoked."));
		if (basis == KB_EINWILLIGUNG && widerrufen)
			kette_melden(KV_EINWILLIGUNG_WIDERRUFEN, "uebergabe", "einwilligung_id",
				errmsg("the consent behind hand-off %lld has been revoked", (long long) uebergabe_id),
				errdetail("Hand-off %lld of case %lld (Kommune %s) rests on consent %lld, which was revoked at %s.",
							   (long long) uebergabe_id, (long long) fall_id, kommune,
							   (long long) einwilligung_id, kaoa_spi_text(0, 13)),
				errhint("Data passed on with a consent may not be read after its revocation, by the receiver or the sender; the receiver deletes its copies."));
	}

	inhalt = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 10, &isnull);
	if (!isnull)
		ergebnis = SPI_datumTransfer(inhalt, false, -1);
	else if (!mit_inhalt)
	{
		/* a database still at 0.1.0: the fields as they are now, as 0.1.0 answered */
		kette_felder felder;
		bool		dn;
		Datum		daten = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 8, &dn);
		Datum		jargs[4];

		uebergabe_felder(basis, daten, dn, &felder);
		jargs[0] = CStringGetTextDatum(kommune);
		jargs[1] = Int64GetDatum(uebergabe_id);
		jargs[2] = Int64GetDatum(fall_id);
		jargs[3] = felder_array(&felder);
		if (kaoa_spi_als_eigentuemer(&plan_inhalt_jetzt, jargs, NULL, true, 1) != 1)
			elog(ERROR, "kaoa: the case of hand-off %lld vanished", (long long) uebergabe_id);
		ergebnis = SPI_datumTransfer(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dn),
									 false, -1);
	}
	else
	{
		/* deleted with the identity (kaoa.loeschtermine), or never taken: the keys, all null */
		kette_felder felder;
		StringInfoData j;
		bool		dn;
		Datum		daten = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 8, &dn);
		char	   *json;

		uebergabe_felder(basis, daten, dn, &felder);
		initStringInfo(&j);
		appendStringInfoChar(&j, '{');
		for (int i = 0; i < felder.anzahl; i++)
			kette_json_text(&j, felder.namen[i], NULL);
		appendStringInfoChar(&j, '}');
		json = SPI_palloc(j.len + 1);
		memcpy(json, j.data, j.len + 1);
		SPI_finish();
		PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
	}
	SPI_finish();
	PG_RETURN_DATUM(ergebnis);
}
