/*
 * sbo_profil.c — kaoa.bewerberprofil_aus_sbo(person_id): the matching profile proposed from the
 * Standardelemente (docs/sbo.md).
 *
 * Design note.  The function proposes and never writes: a counsellor looks at the proposal with
 * the young person and applies it to kaoa.bewerberprofil (whose own rules — consent, visibility —
 * then apply).  It returns only the two fields the SBO data can fill, each with the row it comes
 * from: the wishes of the newest Anschlussvereinbarung (the newest counts, even when it names no
 * wishes), and the competences of the newest attended Potenzialanalyse that recorded them (any
 * catalogue code with mit_kompetenzen).
 */
#include "sbo/sbo.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "kette/kette.h"

PG_FUNCTION_INFO_V1(kaoa_bewerberprofil_aus_sbo);

static kaoa_spi_plan plan_vorschlag = {
	"SELECT p.kommune, av.wuensche, pa.kompetenzen, av.vereinbarung_id, pa.teilnahme_id"
	"  FROM kaoa.person p"
	"  LEFT JOIN LATERAL (SELECT a.vereinbarung_id, a.wuensche FROM kaoa.anschlussvereinbarung a"
	"                      WHERE a.kommune = p.kommune AND a.person_id = p.person_id"
	"                      ORDER BY a.datum DESC, a.vereinbarung_id DESC LIMIT 1) av ON true"
	"  LEFT JOIN LATERAL (SELECT t.teilnahme_id, t.kompetenzen FROM kaoa.sbo_teilnahme t"
	"                       JOIN kaoa.sbo_katalog k ON k.version = t.katalog_version AND k.code = t.sbo_code"
	"                      WHERE t.kommune = p.kommune AND t.person_id = p.person_id AND t.teilgenommen"
	"                        AND k.mit_kompetenzen AND t.kompetenzen IS NOT NULL"
	"                      ORDER BY t.datum DESC, t.teilnahme_id DESC LIMIT 1) pa ON true"
	" WHERE p.person_id = $1",
	1, {INT8OID}
};

/*
 * kaoa.bewerberprofil_aus_sbo(person_id) → (kommune, wuensche, kompetenzen, vereinbarung_id,
 * teilnahme_id).  For the system, and for organisations that see the person (the
 * school of the current enrolment, the KoKo, the holder of one of the person's cases, …); anyone
 * else, and an unknown person, KA004 (the system gets P0002 for an unknown person).
 */
Datum
kaoa_bewerberprofil_aus_sbo(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const kaoa_akteur *a;
	int64		person;
	Datum		w[1];
	uint64		n;
	int			nest;
	char	   *kommune;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.bewerberprofil_aus_sbo needs person_id"),
				 errdetail("The argument was NULL."),
				 errhint("Pass the person_id of kaoa.person.")));
	person = PG_GETARG_INT64(0);
	a = kaoa_akteur_verlangen();
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	kaoa_spi_verbinden();
	nest = kaoa_suchpfad_sichern();
	w[0] = Int64GetDatum(person);
	n = kaoa_spi_als_eigentuemer(&plan_vorschlag, w, NULL, true, 1);
	kommune = n > 0 ? kaoa_spi_text(0, 1) : NULL;
	if (!kaoa_ist_system(a) &&
		(kommune == NULL ||
		 (!sbo_person_fuer(a, kommune, person, true) && !kaoa_person_sichtbar_fuer(a, kommune, person, true))))
		sbo_verweigern("person", "person_id",
			errmsg("person %lld is not visible to organisation %lld",
										 (long long) person, (long long) a->org_id),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. A profile is proposed only to those who may see the person.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune),
			errhint("The school of the current enrolment, the KoKo, organisations holding or offered one of the person's cases and system roles may ask."));
	if (kommune == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("person %lld does not exist", (long long) person),
				 errhint("Persons are the rows of kaoa.person.")));
	{
		Datum		werte[5];
		bool		nulls[5];

		for (int k = 0; k < 5; k++)
			werte[k] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, k + 1, &nulls[k]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	kaoa_suchpfad_zurueck(nest);
	SPI_finish();
	return (Datum) 0;
}
