/*
 * kette_berichte.c — Verbleib reports, objections, deadlines, deletion periods, and the check
 * that nobody is lost (docs/kette.md): kaoa.verbleib_melden, kaoa.widerspruch_erheben,
 * kaoa.fristen_pruefen, kaoa.kette_pruefen, kaoa.loeschfristen_anwenden,
 * kaoa.berufsschulpflicht_ende.
 *
 * Design note.  The set-based functions run one SQL statement each, as the owner, under a pinned
 * search_path (pg_catalog, pg_temp) so that their longer SQL can use plain operators safely; the
 * caller's role decides only which rows they cover (system: all; KoKo: its Kommune; others: their
 * own hand-offs) and they never reveal rows the caller could not read.
 */
#include "kette/kette_intern.h"

#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(kaoa_verbleib_melden);
PG_FUNCTION_INFO_V1(kaoa_widerspruch_erheben);
PG_FUNCTION_INFO_V1(kaoa_fristen_pruefen);
PG_FUNCTION_INFO_V1(kaoa_kette_pruefen);
PG_FUNCTION_INFO_V1(kaoa_loeschfristen_anwenden);
PG_FUNCTION_INFO_V1(kaoa_berufsschulpflicht_ende);

/* ---- kaoa.verbleib_melden ------------------------------------------------------------------------ */

static kaoa_spi_plan plan_sperren_id = {
	"SELECT f.kommune, f.schuljahr, f.status, f.zustaendig_org, f.schule_org, f.aufnehmende_org"
	"  FROM kaoa.fall f WHERE f.fall_id OPERATOR(pg_catalog.=) $1 FOR NO KEY UPDATE",
	1, {INT8OID}
};

static kaoa_spi_plan plan_status_setzen = {
	"UPDATE kaoa.fall SET status = $3::kaoa.fall_status"
	" WHERE kommune OPERATOR(pg_catalog.=) $1 AND fall_id OPERATOR(pg_catalog.=) $2",
	3, {TEXTOID, INT8OID, TEXTOID}
};

/*
 * The answer to an organisation that may not report on a case and does not see it: the same words
 * whether the case exists, belongs to another Kommune or is hidden, so that the refusal discloses
 * nothing.
 */
pg_attribute_noreturn()
static void
verbleib_verborgen(const kaoa_akteur *a, int64 fall_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("case %lld does not exist", (long long) fall_id),
				 errhint("Look the case up in kaoa.fall.")));
	kette_melden(KV_NICHT_MELDER, "fall", "aufnehmende_org",
		errmsg("organisation %lld may not report the Verbleib of case %lld", (long long) a->org_id,
						  (long long) fall_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) sees no case %lld it may report on: it does not exist or the organisation neither holds it nor is named as admitting.",
						  a->rolle, (long long) a->org_id, a->kommune, (long long) fall_id),
		errhint("The holder, the KoKo, a system role, or the Berufskolleg, Kammer or Betrieb the holder names in kaoa.fall.aufnehmende_org reports a Verbleib."));
}

/* kaoa.verbleib_melden(fall_id, angetreten) → fall_status: the admitting Berufskolleg, Kammer or
 * Betrieb (the case's aufnehmende_org), the KoKo, the holder or the system reports whether the
 * young person started. */
Datum
kaoa_verbleib_melden(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		fall_id;
	kette_verbleib_fakten f;
	kette_status nach = KS_OFFEN;
	kette_verstoss v;
	kette_auftrag auftrag;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int			schuljahr;
	int64		zust, schule, aufnehmende;
	Datum		args[3];
	kette_fristen fr;

	kaoa_schreibzugriff_pruefen("kaoa.verbleib_melden");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		kaoa_argumente_fehlen("kaoa.verbleib_melden", "fall_id, angetreten", NULL);
	fall_id = PG_GETARG_INT64(0);
	a = kaoa_akteur_verlangen();
	memset(&f, 0, sizeof(f));
	f.angetreten = PG_GETARG_BOOL(1);

	kaoa_spi_verbinden();
	args[0] = Int64GetDatum(fall_id);
	/* before the lock: an organisation that may neither report on nor see the case never locks it,
	 * nor waits for it */
	if (a->art == KAOA_AKTEUR_ORG)
	{
		kette_fall_kopf k;

		kette_fall_kopf_lesen(fall_id, &k);
		if (!k.gefunden || strcmp(k.kommune, a->kommune) != 0 ||
			!(a->org_typ == KO_KOKO || k.zustaendig_org == a->org_id || k.aufnehmende_org == a->org_id ||
			  kaoa_fall_sichtbar_fuer(a, k.kommune, fall_id, k.schule_org, k.zustaendig_org, false)))
			verbleib_verborgen(a, fall_id);
	}
	if (kaoa_spi_als_eigentuemer(&plan_sperren_id, args, NULL, false, 0) == 0 ||
		(a->art == KAOA_AKTEUR_ORG &&
		 strcmp(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), a->kommune) != 0))
		verbleib_verborgen(a, fall_id);
	strlcpy(kommune, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), sizeof(kommune));
	schuljahr = (int) kaoa_spi_int8(0, 2, 0);
	f.status = kaoa_spi_enum(&kaoa_map_status, 0, 3);
	zust = kaoa_spi_int8(0, 4, 0);
	schule = kaoa_spi_int8(0, 5, 0);
	aufnehmende = kaoa_spi_int8(0, 6, 0);
	f.system = kaoa_ist_system(a);
	f.halter = a->art == KAOA_AKTEUR_ORG && a->org_id == zust;
	f.gleiche_kommune = a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kommune) == 0;
	f.aufnehmend = a->art == KAOA_AKTEUR_ORG && a->org_id == aufnehmende;
	f.melder_typ = a->art == KAOA_AKTEUR_ORG ? a->org_typ : KO_KOKO;
	memset(&fr, 0, sizeof(fr));
	if (f.status == KS_ANGETRETEN)
	{
		kette_fristen_laden(kommune, schuljahr, NULL, &fr);
		f.nach_stichtag = kaoa_heute() > fr.verbleib_stichtag;
	}
	v = kette_verbleib_pruefen(&f, &nach);
	switch (v)
	{
		case KV_OK:
			break;
		case KV_NICHT_MELDER:
			/* only an organisation that sees the case learns who holds it */
			if (!kaoa_fall_sichtbar_fuer(a, kommune, fall_id, schule, zust, false))
				verbleib_verborgen(a, fall_id);
			kette_melden(v, "fall", "aufnehmende_org",
				errmsg("organisation %lld may not report the Verbleib of case %lld",
									 (long long) a->org_id, (long long) fall_id),
				aufnehmende != 0 ?
				errdetail("Role \"%s\" acts for organisation %lld (%s); case %lld of Kommune %s is held by organisation %lld and names organisation %lld as admitting.",
						  a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ],
						  (long long) fall_id, kommune, (long long) zust, (long long) aufnehmende) :
				errdetail("Role \"%s\" acts for organisation %lld (%s); case %lld of Kommune %s is held by organisation %lld and names no admitting organisation.",
						  a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ],
						  (long long) fall_id, kommune, (long long) zust),
				errhint("The holder, the KoKo, a system role, or the Berufskolleg, Kammer or Betrieb the holder names in kaoa.fall.aufnehmende_org reports a Verbleib."));
		case KV_ANGETRETEN_NACH_STICHTAG:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is angetreten and its verbleib_stichtag has passed",
									 (long long) fall_id),
				errdetail("Case %lld of Kommune %s: the verbleib_stichtag %s has passed, angetreten is terminal.",
								  (long long) fall_id, kommune, kaoa_datum_text(fr.verbleib_stichtag)),
				errhint("A drop-out is reported up to the verbleib_stichtag (kaoa.fristen)."));
		case KV_VERBLEIB_ZUSTAND:
			kette_melden(v, "fall", "status",
				errmsg("no Verbleib report applies to case %lld in state %s",
									 (long long) fall_id, kette_status_namen[f.status]),
				errdetail("Case %lld of Kommune %s is %s; the report was angetreten = %s.",
								  (long long) fall_id, kommune, kette_status_namen[f.status],
								  f.angetreten ? "true" : "false"),
				errhint("A Verbleib report moves anschluss_gesichert to angetreten or nicht_angetreten, or angetreten to nicht_angetreten (a drop-out)."));
		default:
			kette_melden(v, "fall", "status",
				errmsg("Verbleib report refused"),
				errdetail("Case %lld of Kommune %s.", (long long) fall_id, kommune),
				errhint("A Verbleib report moves anschluss_gesichert to angetreten or nicht_angetreten, or angetreten to nicht_angetreten."));
	}
	memset(&auftrag, 0, sizeof(auftrag));
	strlcpy(auftrag.kommune, kommune, sizeof(auftrag.kommune));
	auftrag.fall_id = fall_id;
	auftrag.status_art = "verbleib";
	args[0] = CStringGetTextDatum(kommune);
	args[1] = Int64GetDatum(fall_id);
	args[2] = CStringGetTextDatum(kette_status_namen[nach]);
	(void) kette_auftrag_ausfuehren(&auftrag, &plan_status_setzen, args, NULL);
	SPI_finish();
	{
		Oid			typoid = get_fn_expr_rettype(fcinfo->flinfo);

		if (!OidIsValid(typoid))
			typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("fall_status"),
									 ObjectIdGetDatum(get_namespace_oid("kaoa", false)));
		PG_RETURN_OID(GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid, ObjectIdGetDatum(typoid),
									  CStringGetDatum(kette_status_namen[nach])));
	}
}

/* ---- kaoa.widerspruch_erheben --------------------------------------------------------------------- */

static kaoa_spi_plan plan_person_sperren = {
	"SELECT p.kommune, p.widerspruch_am FROM kaoa.person p"
	" WHERE p.person_id OPERATOR(pg_catalog.=) $1 FOR NO KEY UPDATE",
	1, {INT8OID}
};

static kaoa_spi_plan plan_person_lesen = {
	"SELECT p.kommune FROM kaoa.person p WHERE p.person_id OPERATOR(pg_catalog.=) $1",
	1, {INT8OID}
};

static kaoa_spi_plan plan_widerspruch = {
	"UPDATE kaoa.person SET widerspruch_am = pg_catalog.now()"
	" WHERE kommune OPERATOR(pg_catalog.=) $1 AND person_id OPERATOR(pg_catalog.=) $2"
	" RETURNING widerspruch_am",
	2, {TEXTOID, INT8OID}
};

/* Who records an objection: the holder of the person's current case (before a first case the
 * school that registered them), the KoKo of the Kommune (an objection only restricts transfers, and
 * young people declare it where they are counselled) and system roles. */
static bool
widerspruch_erlaubt(const kaoa_akteur *a, const char *kommune, int64 person_id)
{
	return kaoa_akteur_verwaltet(a, kommune) || kaoa_person_gehalten_fuer(a, kommune, person_id, false);
}

/* kaoa.widerspruch_erheben(person_id) → timestamptz: records the objection to the transfer under
 * § 31a Abs. 2 SGB III (once; a repeated call returns the first time) and logs it. */
Datum
kaoa_widerspruch_erheben(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		person_id;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	Datum		args[2];
	bool		isnull;
	Datum		zeit;
	kette_auftrag auftrag;

	kaoa_schreibzugriff_pruefen("kaoa.widerspruch_erheben");
	if (PG_ARGISNULL(0))
		kaoa_argumente_fehlen("kaoa.widerspruch_erheben", "person_id", NULL);
	person_id = PG_GETARG_INT64(0);
	a = kaoa_akteur_verlangen();
	kaoa_spi_verbinden();
	args[0] = Int64GetDatum(person_id);
	/*
	 * Only the holder of the person's current case, the KoKo and system roles record an objection:
	 * an organisation merely offered a case or a former holder gets the answer for a person that
	 * does not exist.  Decided before the lock (never wait for another's person), then again
	 * under it.
	 */
	if ((a->art == KAOA_AKTEUR_ORG &&
		 (kaoa_spi_als_eigentuemer(&plan_person_lesen, args, NULL, false, 0) == 0 ||
		  !widerspruch_erlaubt(a, kaoa_spi_text(0, 1), person_id))) ||
		kaoa_spi_als_eigentuemer(&plan_person_sperren, args, NULL, false, 0) == 0 ||
		(a->art == KAOA_AKTEUR_ORG &&
		 !widerspruch_erlaubt(a, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), person_id)))
	{
		if (kaoa_ist_system(a))
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("person %lld does not exist", (long long) person_id)));
		kette_melden(KV_NICHT_HALTER, "person", "person_id",
			errmsg("organisation %lld may not record an objection of person %lld", (long long) a->org_id,
				   (long long) person_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) holds the current case of no person %lld.",
					  a->rolle, (long long) a->org_id, a->kommune, (long long) person_id),
			errhint("An objection is recorded by the organisation holding the young person's current case (before a first case: the school that registered them), the KoKo of the Kommune or a system role."));
	}
	/* (a nested SPI connection of the visibility check restores SPI_tuptable when it ends) */
	strlcpy(kommune, SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), sizeof(kommune));
	zeit = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	if (isnull)
	{
		memset(&auftrag, 0, sizeof(auftrag));
		strlcpy(auftrag.kommune, kommune, sizeof(auftrag.kommune));
		auftrag.person_id = person_id;
		args[0] = CStringGetTextDatum(kommune);
		args[1] = Int64GetDatum(person_id);
		(void) kette_auftrag_ausfuehren(&auftrag, &plan_widerspruch, args, NULL);
		zeit = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	}
	SPI_finish();
	PG_RETURN_TIMESTAMPTZ(DatumGetTimestampTz(zeit));
}

/* ---- kaoa.fristen_pruefen ----------------------------------------------------------------------------- */

static kaoa_spi_plan plan_ueberfaellig = {
	"SELECT u.kommune, u.fall_id, u.uebergabe_id, 'uebernahme_ueberfaellig'::text, u.faellig_am"
	"  FROM kaoa.uebergabe u"
	" WHERE u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL"
	"   AND u.faellig_am < $1"
	"   AND ($2 OR (u.kommune = $3 AND ($4 OR u.von_org = $5 OR u.an_org = $5)))"
	" ORDER BY u.kommune, u.faellig_am, u.uebergabe_id",
	5, {DATEOID, BOOLOID, TEXTOID, BOOLOID, INT8OID}
};

/* Each overdue hand-off is logged once: the NOT EXISTS skips what is logged already, and the
 * unique index ereignis_frist_einmal settles two concurrent callers (the later one waits for the
 * earlier and then does nothing), under every isolation level. */
static kaoa_spi_plan plan_frist_loggen = {
	"INSERT INTO kaoa.ereignis (kommune, fall_id, org_id, rolle, art, details)"
	" SELECT u.kommune, u.fall_id, NULL, $6, 'frist_ueberschritten',"
	"        jsonb_build_object('uebergabe_id', u.uebergabe_id, 'faellig_am', u.faellig_am,"
	"                           'an_org', u.an_org)"
	"   FROM kaoa.uebergabe u"
	"  WHERE u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL AND u.zurueckgezogen_am IS NULL"
	"    AND u.faellig_am < $1"
	"    AND ($2 OR (u.kommune = $3 AND ($4 OR u.von_org = $5 OR u.an_org = $5)))"
	"    AND NOT EXISTS (SELECT 1 FROM kaoa.ereignis e"
	"                     WHERE e.kommune = u.kommune AND e.art = 'frist_ueberschritten'"
	"                       AND (e.details ->> 'uebergabe_id') = u.uebergabe_id::text)"
	" ON CONFLICT (kommune, (details ->> 'uebergabe_id')) WHERE art = 'frist_ueberschritten' DO NOTHING",
	6, {DATEOID, BOOLOID, TEXTOID, BOOLOID, INT8OID, NAMEOID}
};

/* Parameters 2–5 of the deadline plans: which hand-offs the caller covers. */
static void
umfang(const kaoa_akteur *a, Datum *args, char *nulls)
{
	args[1] = BoolGetDatum(kaoa_ist_system(a));
	args[2] = CStringGetTextDatum(a->kommune);
	args[3] = BoolGetDatum(a->art == KAOA_AKTEUR_ORG && a->org_typ == KO_KOKO);
	args[4] = Int64GetDatum(a->org_id);
	nulls[1] = nulls[2] = nulls[3] = nulls[4] = ' ';
}

/* kaoa.fristen_pruefen(stichtag) → (kommune, fall_id, uebergabe_id, problem, faellig_am): open
 * hand-offs past faellig_am as of stichtag; logs each overdue hand-off once, and only when
 * stichtag ≤ today.  The system sees all, the KoKo its Kommune, others their own hand-offs. */
Datum
kaoa_fristen_pruefen(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a;
	DateADT		stichtag;
	Datum		args[6];
	char		nulls[7] = "      ";
	uint64		n;
	int			nest;
	NameData	rolle;

	if (PG_ARGISNULL(0))
		kaoa_argumente_fehlen("kaoa.fristen_pruefen", "stichtag", NULL);
	stichtag = PG_GETARG_DATEADT(0);
	a = kaoa_akteur_verlangen();
	if (stichtag <= kaoa_heute())
		kaoa_schreibzugriff_pruefen("kaoa.fristen_pruefen");	/* it logs; a future stichtag only reads */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	args[0] = DateADTGetDatum(stichtag);
	umfang(a, args, nulls);
	namestrcpy(&rolle, a->rolle);
	args[5] = NameGetDatum(&rolle);

	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	if (stichtag <= kaoa_heute())
		(void) kaoa_spi_als_eigentuemer(&plan_frist_loggen, args, nulls, false, 0);
	n = kaoa_spi_als_eigentuemer(&plan_ueberfaellig, args, nulls, false, 0);
	for (uint64 i = 0; i < n; i++)
	{
		Datum		werte[5];
		bool		wnull[5];

		for (int k = 0; k < 5; k++)
			werte[k] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, k + 1, &wnull[k]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, wnull);
	}
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- kaoa.kette_pruefen ------------------------------------------------------------------------------ */

static kaoa_spi_plan plan_kommune_da = {
	"SELECT 1 FROM kaoa.kommune k WHERE k.kommune = $1", 1, {TEXTOID}
};

static kaoa_spi_plan plan_kette = {
	"WITH f AS ("
	"  SELECT f.kommune, f.fall_id, f.status,"
	"         COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS verbleib_stichtag"
	"    FROM kaoa.fall f"
	"    LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr"
	"   WHERE f.kommune = $1 AND f.schuljahr = $2)"
	" SELECT f.fall_id, 'uebergabe_ueberfaellig'::text FROM f"
	"  WHERE EXISTS (SELECT 1 FROM kaoa.uebergabe u"
	"                 WHERE u.kommune = f.kommune AND u.fall_id = f.fall_id"
	"                   AND u.uebernommen_am IS NULL AND u.abgelehnt_am IS NULL"
	"                   AND u.zurueckgezogen_am IS NULL AND u.faellig_am < $3)"
	" UNION ALL"
	" SELECT f.fall_id, 'ohne_nachricht' FROM f"
	"  WHERE f.status <> 'offen'"
	"    AND NOT (f.status = 'ausgenommen' OR (f.status = 'angetreten' AND $3 > f.verbleib_stichtag))"
	"    AND NOT EXISTS (SELECT 1 FROM kaoa.ereignis e"
	"                     WHERE e.kommune = f.kommune AND e.fall_id = f.fall_id AND e.org_id IS NOT NULL"
	"                       AND " KAOA_SQL_TAG("e.zeit") " > $3 - 30 AND " KAOA_SQL_TAG("e.zeit") " <= $3)"
	" UNION ALL"
	" SELECT f.fall_id, 'verbleib_ungeklaert' FROM f"
	"  WHERE $3 > f.verbleib_stichtag AND f.status NOT IN ('angetreten', 'ausgenommen')"
	" ORDER BY 1, 2",
	3, {TEXTOID, INT4OID, DATEOID}
};

/* kaoa.kette_pruefen(kommune, schuljahr, stichtag) → (fall_id, problem): nobody is lost.
 * Problems: uebergabe_ueberfaellig, ohne_nachricht (identified, not terminal, no event by an
 * organisation in the 30 days up to stichtag), verbleib_ungeklaert (after the verbleib_stichtag,
 * neither angetreten nor ausgenommen).  For the system and the KoKo of that Kommune. */
Datum
kaoa_kette_pruefen(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a;
	char	   *kommune;
	Datum		args[3];
	uint64		n;
	int			nest;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		kaoa_argumente_fehlen("kaoa.kette_pruefen", "kommune, schuljahr, stichtag", NULL);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a) && !(a->org_typ == KO_KOKO && strcmp(a->kommune, kommune) == 0))
		kette_melden(KV_NICHT_LESEN, "fall", "kommune",
			errmsg("organisation %lld may not check the chain of Kommune %s",
							  (long long) a->org_id, kommune),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s.", a->rolle,
							  (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune),
			errhint("The chain of a Kommune is checked by its KoKo or by a system role; organisations see their own overdue hand-offs with kaoa.fristen_pruefen()."));
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	args[0] = CStringGetTextDatum(kommune);
	args[1] = PG_GETARG_DATUM(1);
	args[2] = PG_GETARG_DATUM(2);
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	if (kaoa_spi_als_eigentuemer(&plan_kommune_da, args, NULL, true, 1) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("Kommune %s does not exist", kommune),
				 errhint("Kommunen are the rows of kaoa.kommune (5-digit Kreisschlüssel).")));
	n = kaoa_spi_als_eigentuemer(&plan_kette, args, NULL, true, 0);
	for (uint64 i = 0; i < n; i++)
	{
		Datum		werte[2];
		bool		wnull[2];

		for (int k = 0; k < 2; k++)
			werte[k] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, k + 1, &wnull[k]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, wnull);
	}
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}

/* ---- kaoa.loeschfristen_anwenden ------------------------------------------------------------------------ */

/*
 * One rule for what is deleted when (kaoa.loeschtermine, which kaoa.auskunft reports too): what
 * hand-offs transferred once nobody may read it, the home coordinates of matching profiles and the
 * identities whose day has come (each identity deletion logged by the identity trigger), persons
 * without a case included.  The statement returns the identities.
 */
static kaoa_spi_plan plan_loeschen = {
	"WITH inhalt AS ("
	"  DELETE FROM kaoa.uebergabe_inhalt c USING kaoa.loeschtermine t"
	"   WHERE t.teil = 'uebergabe' AND t.kommune = c.kommune AND t.uebergabe_id = c.uebergabe_id"
	"     AND t.loeschen_am <= $1"
	"  RETURNING 1),"
	" ort AS ("
	"  UPDATE kaoa.bewerberprofil b SET lat = NULL, lon = NULL FROM kaoa.loeschtermine t"
	"   WHERE t.teil = 'bewerberprofil_ort' AND t.kommune = b.kommune AND t.person_id = b.person_id"
	"     AND t.loeschen_am <= $1"
	"  RETURNING 1)"
	" DELETE FROM kaoa.person_identitaet i USING kaoa.loeschtermine t"
	"  WHERE t.teil = 'identitaet' AND t.kommune = i.kommune AND t.person_id = i.person_id"
	"    AND t.loeschen_am <= $1"
	" RETURNING i.person_id",
	1, {DATEOID}
};

/* The same rule for a database still at 0.1.0 (no kaoa.loeschtermine, no kaoa.uebergabe_inhalt). */
static kaoa_spi_plan plan_loeschen_0_1 = {
	"WITH f AS ("
	"  SELECT f.kommune, f.person_id, f.schuljahr, f.status, " KAOA_SQL_TAG("f.status_seit") " AS seit,"
	"         COALESCE(fr.verbleib_stichtag, make_date(f.schuljahr + 1, 10, 15)) AS vs,"
	"         k.aufbewahrung_monate AS monate"
	"    FROM kaoa.fall f"
	"    JOIN kaoa.kommune k ON k.kommune = f.kommune"
	"    LEFT JOIN kaoa.fristen fr ON fr.kommune = f.kommune AND fr.schuljahr = f.schuljahr"
	"   WHERE EXISTS (SELECT 1 FROM kaoa.person_identitaet i"
	"                  WHERE i.kommune = f.kommune AND i.person_id = f.person_id)),"
	" p AS ("
	"  SELECT kommune, person_id,"
	"         bool_and(status = 'ausgenommen' OR (status = 'angetreten' AND $1 > vs)) AS alle_terminal,"
	"         max(CASE WHEN status = 'ausgenommen' THEN seit ELSE greatest(seit, vs + 1) END) AS terminal_seit,"
	"         (array_agg(vs ORDER BY schuljahr DESC))[1] AS vs_aktuell,"
	"         max(monate) AS monate"
	"    FROM f GROUP BY kommune, person_id)"
	" DELETE FROM kaoa.person_identitaet i USING p"
	"  WHERE i.kommune = p.kommune AND i.person_id = p.person_id"
	"    AND ((p.alle_terminal AND p.terminal_seit + make_interval(months => p.monate) <= $1)"
	"         OR p.vs_aktuell + interval '12 months' < $1)"
	" RETURNING i.person_id",
	1, {DATEOID}
};

/* kaoa.loeschfristen_anwenden(stichtag) → integer: deletes the identities whose retention ended
 * (all cases terminal for aufbewahrung_monate, or the current case's verbleib_stichtag more than
 * 12 months back) and what hand-offs transferred once nobody may read it; each identity deletion
 * is logged by the identity trigger.  Returns the identities deleted.  System roles only. */
Datum
kaoa_loeschfristen_anwenden(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	DateADT		stichtag;
	Datum		args[1];
	uint64		n;
	int			nest;

	kaoa_schreibzugriff_pruefen("kaoa.loeschfristen_anwenden");
	if (PG_ARGISNULL(0))
		kaoa_argumente_fehlen("kaoa.loeschfristen_anwenden", "stichtag", NULL);
	stichtag = PG_GETARG_DATEADT(0);
	a = kaoa_akteur_verlangen();
	if (!kaoa_ist_system(a))
		kette_melden(KV_NICHT_LESEN, "person_identitaet", NULL,
			errmsg("organisation %lld may not apply the deletion periods", (long long) a->org_id),
			errdetail("Role \"%s\" acts for organisation %lld of Kommune %s.", a->rolle,
							  (long long) a->org_id, a->kommune),
			errhint("Deletion periods are applied by a system role (kaoa.system_zugang), e.g. a nightly job."));
	if (stichtag > kaoa_heute())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stichtag %s lies in the future", kaoa_datum_text(stichtag)),
				 errdetail("Today is %s; deleting by a future date would delete identities early.",
						   kaoa_datum_text(kaoa_heute())),
				 errhint("Pass today or a past date (the default is today in Europe/Berlin).")));
	args[0] = DateADTGetDatum(stichtag);
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	n = kaoa_spi_als_eigentuemer(kaoa_tabelle_vorhanden("loeschtermine") ? &plan_loeschen : &plan_loeschen_0_1,
								 args, NULL, false, 0);
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	PG_RETURN_INT32((int32) n);
}

/* ---- kaoa.berufsschulpflicht_ende ------------------------------------------------------------------------ */

/* kaoa.berufsschulpflicht_ende(geburtsdatum) → date: 31 July of the school year in which the
 * person completes the 18th year of life, at the end of the day before the 18th birthday (§ 187
 * Abs. 2 S. 2, § 188 Abs. 2 BGB; without a training contract). */
Datum
kaoa_berufsschulpflicht_ende(PG_FUNCTION_ARGS)
{
	DateADT		geburt = PG_GETARG_DATEADT(0);
	int			j, m, t;

	if (DATE_NOT_FINITE(geburt))
		PG_RETURN_DATEADT(geburt);
	j2date(geburt + POSTGRES_EPOCH_JDATE, &j, &m, &t);
	j = kette_berufsschulpflicht_ende_jahr(j, m, t);
	if (!IS_VALID_DATE(date2j(j, 7, 31) - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range for the end of the Berufsschulpflicht")));
	PG_RETURN_DATEADT(date2j(j, 7, 31) - POSTGRES_EPOCH_JDATE);
}
