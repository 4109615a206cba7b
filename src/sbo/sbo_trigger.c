/*
 * sbo_trigger.c — the rules of the Standardelemente and the measures as C triggers (docs/sbo.md),
 * so that plain INSERT / UPDATE / DELETE from any frontend is held to them:
 *
 *   kaoa.schulbesuch_regeln            who enrols whom; the school is a school; key columns fixed
 *   kaoa.sbo_teilnahme_regeln          who records; catalogue edition and code known; period;
 *                                      Berufsfeld where the element needs one; competences only
 *                                      where the element records them
 *   kaoa.anschlussvereinbarung_regeln  who records (the table is append-only: kaoa.sbo_nur_anfuegen)
 *   kaoa.massnahme_regeln              who keeps a measure; grades, period, places, Berufsfelder
 *   kaoa.massnahme_teilnahme_regeln    who registers; flags participation outside the target group
 *
 * Design note.  The facts are gathered here with SPI as the extension owner (so row-level security
 * never hides the catalogue or a measure from the rule), the decision is taken by the pure-C core
 * (core/sbo_regeln.c), and each refusal is raised with the core's SQLSTATE and the name of the
 * CHECK-style constraint it stands for, a DETAIL saying what was found and a HINT saying what is
 * accepted.  Rights are checked first (KA004, as in the chain), then fixed columns (KA006), then the
 * row's values.  All are ordinary triggers: under session_replication_role = replica (restoring a
 * dump) they do nothing.
 */
#include "sbo/sbo.h"
#include "base/trigger.h"
#include "base/verstoss.h"
#include "kette/kette.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "datatype/timestamp.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/timestamp.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "base/sonde.h"
#include "sbo/core/anmeldung_regeln.h"

PG_FUNCTION_INFO_V1(kaoa_schulbesuch_regeln);
PG_FUNCTION_INFO_V1(kaoa_sbo_teilnahme_regeln);
PG_FUNCTION_INFO_V1(kaoa_anschlussvereinbarung_regeln);
PG_FUNCTION_INFO_V1(kaoa_sbo_nur_anfuegen);
PG_FUNCTION_INFO_V1(kaoa_massnahme_regeln);
PG_FUNCTION_INFO_V1(kaoa_massnahme_teilnahme_regeln);
PG_FUNCTION_INFO_V1(kaoa_massnahme_partner_regeln);
PG_FUNCTION_INFO_V1(kaoa_massnahme_zielgruppe_regeln);
PG_FUNCTION_INFO_V1(kaoa_anmeldung_regeln);

/* ---- tuple helpers ------------------------------------------------------------------------------ */

/* What to do instead of changing a column that identifies a row of table tabelle (the errhint of
 * the KA006 below, written per table so it can be translated). */
static int
fest_hinweis(const char *tabelle)
{
	if (strcmp(tabelle, "schulbesuch") == 0)
		return errhint("Enrol the person anew for another school year (a new row), or delete a wrong row.");
	if (strcmp(tabelle, "sbo_teilnahme") == 0)
		return errhint("Record the participation of another person as a new row, and delete the wrong one.");
	if (strcmp(tabelle, "massnahme") == 0)
		return errhint("A measure belongs to its Kommune; record it anew in the other Kommune.");
	if (strcmp(tabelle, "massnahme_teilnahme") == 0)
		return errhint("Register the person for the other measure as a new row, and delete the wrong one.");
	if (strcmp(tabelle, "massnahme_partner") == 0)
		return errhint("Name another partner as a new row, and delete the wrong one.");
	if (strcmp(tabelle, "massnahme_zielgruppe") == 0)
		return errhint("A target group belongs to its measure; add it to the other measure as a new row.");
	return errhint("Record a new row instead, and delete the wrong one.");
}

/* KA006 for the first of the n columns `namen` an UPDATE changes (a change to NULL too). */
static void
fest(HeapTuple alt, HeapTuple neu, Relation rel, const char *const *namen, int n)
{
	for (int i = 0; i < n; i++)
		if (!kaoa_trigger_gleich(alt, neu, rel, namen[i]))
			kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH,
						  kaoa_verstoss_ort(RelationGetRelationName(rel), namen[i], "sbo_feste_spalte"),
						  errmsg("column %s of kaoa.%s cannot be changed", namen[i], RelationGetRelationName(rel)),
						  errdetail("The UPDATE changes %s, which identifies the row.", namen[i]),
						  fest_hinweis(RelationGetRelationName(rel)));
}

/*
 * The row a BEFORE ROW trigger judges, checked before any rule reads it: on UPDATE the fixed
 * columns first (KA006; setting one to NULL is a change too), then, on INSERT and UPDATE, the
 * required columns the rules look things up by (23502, as the NOT NULL constraint that would
 * only run after the trigger).  On DELETE the stored row is judged as it is.
 */
static void
zeile_pruefen(HeapTuple alt, HeapTuple neu, Relation rel, const char *const *fixe, int n_fix,
			  const char *const *pflicht, int n_pflicht)
{
	if (alt != NULL && neu != NULL)
		fest(alt, neu, rel, fixe, n_fix);
	if (neu != NULL)
		kaoa_pflichtspalten(rel, neu, n_pflicht, pflicht);
}

/* The SQLSTATE of the core's violation v, for errcode(). */
static int
sbo_errcode(sbo_verstoss v)
{
	const char *s = sbo_verstoss_sqlstate(v);

	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

/* Reports the core's violation v for relation rel through the base reporter: the core's SQLSTATE,
 * table, column and the CHECK-style constraint the rule stands for, and the caller's errmsg(...),
 * errdetail(...) and errhint(...) with fixed texts. */
#define sbo_melden(rel, v, spalte, meldung, detail, hinweis) \
	kaoa_verstoss(sbo_errcode(v), \
				  kaoa_verstoss_ort(RelationGetRelationName(rel), (spalte), sbo_verstoss_constraint(v)), \
				  meldung, detail, hinweis)

/* One text value of a query run as the owner (NULL for no row or NULL). */
static char *
ein_text(kaoa_spi_plan *p, Datum *werte, const char *nulls)
{
	uint64		n = kaoa_spi_als_eigentuemer(p, werte, nulls, false, 1);

	return n > 0 ? kaoa_spi_text(0, 1) : NULL;
}

/* ---- kaoa.schulbesuch ------------------------------------------------------------------------------ */

static kaoa_spi_plan plan_schule = {
	"SELECT o.typ::pg_catalog.text, o.schulform FROM kaoa.organisation o"
	" WHERE o.kommune OPERATOR(pg_catalog.=) $1 AND o.org_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.schulbesuch.  The school of the latest enrolment is "the
 * person's school" for all SBO data (sbo_sicht.c), so an enrolment is a claim on the pupil's record:
 * the system and the KoKo keep every row of their Kommune (a move to another school is theirs); a
 * school enrols for itself only its pupils (sbo_schule_fuehrt: the school of the current case,
 * until another school takes the case over; the registering school before a first case), and
 * changes or deletes only its own rows.  An organisation merely offered a case, or a school that only
 * registered the person after the case went elsewhere, enrols nobody (KA004, the same words as for a
 * person that does not exist).  schuljahr reaches at most the school year after the current one
 * (Berlin's today; 22023), so nobody wins "the latest year" by writing one far ahead.  schule_org
 * must be a school or Berufskolleg; schulform defaults to the school's.
 */
Datum
kaoa_schulbesuch_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.schulbesuch_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune;
	int64		person;
	int64		schule;
	static const char *const pflicht[] = {"kommune", "person_id", "schuljahr", "schule_org"};
	static const char *const fixe[] = {"kommune", "person_id", "schuljahr"};
	Datum		werte[2];
	char	   *typ, *schulform;
	uint64		n;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe),
				  pflicht, lengthof(pflicht));
	kommune = kaoa_trigger_text(zeile, rel, "kommune");
	person = kaoa_trigger_int8(zeile, rel, "person_id", 0);
	schule = kaoa_trigger_int8(zeile, rel, "schule_org", 0);
	if (kommune == NULL)
		return PointerGetDatum(zeile);	/* a stored row without kommune: nothing to judge */
	if (!kaoa_akteur_verwaltet(a, kommune))
	{
		if (a->art != KAOA_AKTEUR_ORG || strcmp(a->kommune, kommune) != 0 ||
			(alt != NULL && kaoa_trigger_int8(alt, rel, "schule_org", 0) != a->org_id) ||
			(neu != NULL && schule != a->org_id))
			sbo_verweigern("schulbesuch", "schule_org",
				errmsg("organisation %lld may not change the enrolments of school %lld",
					   (long long) a->org_id, (long long) schule),
				errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. The row is the enrolment of person %lld in Kommune %s.",
						  a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
						  (long long) person, kommune),
				errhint("A school enrols pupils for itself and changes its own rows; moves to another school and other schools' rows are kept by the KoKo or a system role."));
		if (alt == NULL && !sbo_schule_fuehrt(a, kommune, person, false))
			sbo_verweigern("schulbesuch", "person_id",
				errmsg("organisation %lld may not enrol person %lld", (long long) a->org_id, (long long) person),
				errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. Kommune %s has no person %lld whose current case is a case of this school (not taken over by another school), or whom it registered and who has no case yet.",
						  a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
						  kommune, (long long) person),
				errhint("A school enrols its pupils: those whose current case is its case (until another school takes the case over), or whom it registered before a first case; an organisation offered a case enrols nobody, and pupils coming from another school are enrolled by the KoKo or a system role."));
	}
	if (neu != NULL && (alt == NULL || !kaoa_trigger_gleich(alt, neu, rel, "schuljahr")))
	{
		bool		sj_null;
		int32		schuljahr = DatumGetInt32(kaoa_trigger_wert(neu, rel, "schuljahr", &sj_null));
		int32		aktuell = kaoa_schuljahr_von(kaoa_heute());

		if (!sj_null && schuljahr > aktuell + 1)
			kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE,
						  kaoa_verstoss_ort("schulbesuch", "schuljahr", "schulbesuch_schuljahr"),
						  errmsg("school year %d is too far ahead for an enrolment", schuljahr),
						  errdetail("The enrolment of person %lld names schuljahr %d; today (%s, Europe/Berlin) lies in school year %d.",
									(long long) person, schuljahr, kaoa_datum_text(kaoa_heute()), aktuell),
						  errhint("schuljahr is the start year of a school year (2025 = 2025/26) up to the next one, %d; record later years when they come.",
								  aktuell + 1));
	}
	if (neu == NULL)
		return PointerGetDatum(alt);
	{
		bool		jg_null;
		int32		jahrgang = DatumGetInt32(kaoa_trigger_wert(neu, rel, "jahrgang", &jg_null));

		if (!jg_null && (jahrgang < SBO_JAHRGANG_MIN || jahrgang > SBO_JAHRGANG_MAX))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("grade %d does not exist", jahrgang),
					 errdetail("The enrolment of person %lld in school year %d names jahrgang %d.",
							   (long long) person, DatumGetInt32(kaoa_trigger_wert(neu, rel, "schuljahr", &jg_null)), jahrgang),
					 errhint("jahrgang is the grade %d to %d (in the nine-year Gymnasium EF = 11, Q1 = 12, Q2 = 13).",
							 SBO_JAHRGANG_MIN, SBO_JAHRGANG_MAX),
					 errtablecol(rel, kaoa_trigger_spalte(rel, "jahrgang")),
					 errtableconstraint(rel, "schulbesuch_jahrgang")));
		if (!kaoa_trigger_null(neu, rel, "schulform") && !sbo_schulform_gueltig(kaoa_trigger_text(neu, rel, "schulform")))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("school form \"%s\" is not a school-form key", kaoa_trigger_text(neu, rel, "schulform")),
					 errdetail("The enrolment of person %lld names schulform \"%s\".",
							   (long long) person, kaoa_trigger_text(neu, rel, "schulform")),
					 errhint("schulform is an IT.NRW school-form key of 1 to 3 capital letters (H, R, GE, GY, SK, PS, BK, …); leave it NULL to take the school's."),
					 errtablecol(rel, kaoa_trigger_spalte(rel, "schulform")),
					 errtableconstraint(rel, "schulbesuch_schulform_check")));
	}

	kaoa_spi_verbinden();
	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(schule);
	n = kaoa_spi_als_eigentuemer(&plan_schule, werte, NULL, false, 1);
	if (n == 0)
	{
		SPI_finish();
		return PointerGetDatum(neu);	/* the foreign key reports it */
	}
	typ = kaoa_spi_text(0, 1);
	schulform = kaoa_spi_text(0, 2);
	if (strcmp(typ, "schule") != 0 && strcmp(typ, "berufskolleg") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("organisation %lld is not a school", (long long) schule),
				 errdetail("The enrolment of person %lld names organisation %lld of type %s.",
						   (long long) person, (long long) schule, typ),
				 errhint("schule_org is a school or Berufskolleg of the same Kommune."),
				 errtablecol(rel, kaoa_trigger_spalte(rel, "schule_org")),
				 errtableconstraint(rel, "schulbesuch_schule")));
	SPI_finish();
	if (kaoa_trigger_null(neu, rel, "schulform") && schulform != NULL)
	{
		static const char *const namen[] = {"schulform"};
		Datum		w[1];
		bool		nl[1] = {false};

		w[0] = CStringGetTextDatum(schulform);
		return PointerGetDatum(kaoa_trigger_setzen(neu, rel, 1, namen, w, nl));
	}
	return PointerGetDatum(neu);
}

/* ---- kaoa.sbo_teilnahme ---------------------------------------------------------------------------------- */

static kaoa_spi_plan plan_version_am = {
	"SELECT v.version FROM kaoa.sbo_katalog_version v"
	" WHERE v.gueltig_ab IS NULL OR v.gueltig_ab OPERATOR(pg_catalog.<=) $1"
	" ORDER BY v.gueltig_ab DESC NULLS LAST LIMIT 1",
	1, {DATEOID}
};

static kaoa_spi_plan plan_katalog = {
	"SELECT EXISTS (SELECT 1 FROM kaoa.sbo_katalog_version v WHERE v.version OPERATOR(pg_catalog.=) $1),"
	"       k.code IS NOT NULL, COALESCE(k.berufsfeld_noetig, false),"
	"       COALESCE(k.mit_kompetenzen, false), k.name,"
	"       EXISTS (SELECT 1 FROM kaoa.berufsfeld b WHERE b.code OPERATOR(pg_catalog.=) $3)"
	"  FROM (SELECT 1) x"
	"  LEFT JOIN kaoa.sbo_katalog k ON k.version OPERATOR(pg_catalog.=) $1 AND k.code OPERATOR(pg_catalog.=) $2",
	3, {TEXTOID, TEXTOID, TEXTOID}
};

static kaoa_spi_plan plan_versionen = {
	"SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s)', v.version,"
	"                                                COALESCE('from ' OPERATOR(pg_catalog.||) v.gueltig_ab, 'from the beginning')),"
	"                             ', ' ORDER BY v.gueltig_ab NULLS FIRST)"
	"  FROM kaoa.sbo_katalog_version v",
	0, {0}
};

static kaoa_spi_plan plan_codes = {
	"SELECT pg_catalog.string_agg(k.code, ', ' ORDER BY pg_catalog.length(k.code), k.code)"
	"  FROM kaoa.sbo_katalog k WHERE k.version OPERATOR(pg_catalog.=) $1"
	"   AND (NOT $2 OR k.mit_kompetenzen)",
	2, {TEXTOID, BOOLOID}
};

static kaoa_spi_plan plan_felder = {
	"SELECT pg_catalog.string_agg(b.code, ', ' ORDER BY b.svws_id NULLS LAST, b.code) FROM kaoa.berufsfeld b",
	0, {0}
};

static char *
liste(kaoa_spi_plan *p, Datum *werte)
{
	char	   *s = ein_text(p, werte, NULL);

	return s ? s : "(none)";
}

/* Refuses a participation with the violation v, naming what was found and what is accepted. */
pg_attribute_noreturn()
static void
teilnahme_verstoss(Relation rel, sbo_verstoss v, const char *version, const char *code,
				   const char *name, int64 person, DateADT datum, DateADT bis, const char *berufsfeld)
{
	const char *tag = kaoa_datum_text(datum);
	Datum		w[2];
	char	   *liste_text;

	/* the lists a hint names are read before the report is begun */
	w[0] = CStringGetTextDatum(version ? version : "");
	w[1] = BoolGetDatum(v == SV_KOMPETENZEN_NICHT_HIER);
	liste_text = v == SV_VERSION_UNBEKANNT ? liste(&plan_versionen, NULL)
		: (v == SV_CODE_UNBEKANNT || v == SV_KOMPETENZEN_NICHT_HIER) ? liste(&plan_codes, w)
		: liste(&plan_felder, NULL);
	switch (v)
	{
		case SV_VERSION_UNBEKANNT:
			if (version != NULL)
				sbo_melden(rel, v, "katalog_version",
						   errmsg("SBO catalogue edition \"%s\" does not exist", version),
						   errdetail("The participation of person %lld on %s names katalog_version \"%s\".",
									 (long long) person, tag, version),
						   errhint("Editions are the rows of kaoa.sbo_katalog_version: %s.", liste_text));
			sbo_melden(rel, v, "katalog_version",
					   errmsg("no SBO catalogue edition is in force on %s", tag),
					   errdetail("The participation of person %lld on %s names no katalog_version.",
								 (long long) person, tag),
					   errhint("Editions are the rows of kaoa.sbo_katalog_version: %s.", liste_text));
		case SV_CODE_UNBEKANNT:
			sbo_melden(rel, v, "sbo_code",
					   errmsg("SBO code \"%s\" is not in catalogue edition \"%s\"", code, version),
					   errdetail("The participation of person %lld on %s names sbo_code \"%s\".",
								 (long long) person, tag, code),
					   errhint("Codes of edition %s: %s.", version, liste_text));
		case SV_TEILNAHME_VERKEHRT:
			sbo_melden(rel, v, "bis",
					   errmsg("participation period is inverted: bis %s is before datum %s",
							  kaoa_datum_text(bis), tag),
					   errdetail("The participation of person %lld on %s (%s) ends before it starts.",
								 (long long) person, tag, code),
					   errhint("bis is the last day of a participation over several days, on or after datum; leave it NULL for one day."));
		case SV_BERUFSFELD_FEHLT:
			sbo_melden(rel, v, "berufsfeld",
					   errmsg("%s (%s) needs a Berufsfeld", code, name),
					   errdetail("The participation of person %lld on %s names no berufsfeld.",
								 (long long) person, tag),
					   errhint("Name the Berufsfeld explored, one of kaoa.berufsfeld: %s.", liste_text));
		case SV_BERUFSFELD_UNBEKANNT:
			sbo_melden(rel, v, "berufsfeld",
					   errmsg("Berufsfeld \"%s\" does not exist", berufsfeld),
					   errdetail("The participation of person %lld on %s (%s) names berufsfeld \"%s\".",
								 (long long) person, tag, code, berufsfeld),
					   errhint("Berufsfelder are the codes of kaoa.berufsfeld: %s.", liste_text));
		case SV_KOMPETENZEN_NICHT_HIER:
			sbo_melden(rel, v, "kompetenzen",
					   errmsg("%s (%s) records no kompetenzen", code, name),
					   errdetail("The participation of person %lld on %s carries kompetenzen.",
								 (long long) person, tag),
					   errhint("Competences are the result of a Potenzialanalyse; codes of edition %s that record them: %s.",
							   version, liste_text));
		default:
			elog(ERROR, "kaoa: unexpected violation %d of a participation", (int) v);
	}
	pg_unreachable();
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.sbo_teilnahme.  Rights: the system, the KoKo, the school
 * of the person's current enrolment (KA004 otherwise).  kommune and person_id are fixed (KA006).
 * katalog_version defaults to the edition in force on datum; then the core's checks.  erfasst_von
 * is the recording organisation (kept on UPDATE).
 */
Datum
kaoa_sbo_teilnahme_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.sbo_teilnahme_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune;
	int64		person;
	static const char *const fixe[] = {"kommune", "person_id"};
	sbo_teilnahme_fakten f;
	sbo_verstoss v;
	char	   *version, *code, *berufsfeld, *name;
	DateADT		datum, bis = 0;
	bool		isnull;
	Datum		werte[3];
	char		nulls[3] = "   ";
	uint64		n;
	static const char *const namen[] = {"katalog_version", "erfasst_von", "erfasst_am"};
	Datum		setz[3];
	bool		setz_null[3] = {false, false, false};
	int			n_setz;
	bool		version_gesetzt = false;
	HeapTuple	ergebnis;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe),
				  fixe, lengthof(fixe));
	kommune = kaoa_trigger_text(zeile, rel, "kommune");
	person = kaoa_trigger_int8(zeile, rel, "person_id", 0);
	if (kommune == NULL)
		return PointerGetDatum(zeile);
	if (!sbo_person_fuer(a, kommune, person, false))
		sbo_verweigern("sbo_teilnahme", "person_id",
			errmsg("organisation %lld may not record Standardelemente of person %lld",
										 (long long) a->org_id, (long long) person),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. Person %lld of Kommune %s is not a current pupil of this organisation.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
									  (long long) person, kommune),
			errhint("SBO participations are recorded by the school of the person's current enrolment (kaoa.schulbesuch), the KoKo or a system role."));
	if (neu == NULL)
		return PointerGetDatum(alt);

	datum = DatumGetDateADT(kaoa_trigger_wert(neu, rel, "datum", &isnull));
	if (isnull)
		return PointerGetDatum(neu);	/* NOT NULL reports it */
	memset(&f, 0, sizeof(f));
	f.datum = datum;
	bis = DatumGetDateADT(kaoa_trigger_wert(neu, rel, "bis", &f.hat_bis));
	f.hat_bis = !f.hat_bis;
	f.bis = bis;
	version = kaoa_trigger_text(neu, rel, "katalog_version");
	code = kaoa_trigger_text(neu, rel, "sbo_code");
	berufsfeld = kaoa_trigger_text(neu, rel, "berufsfeld");
	f.hat_berufsfeld = berufsfeld != NULL;
	f.hat_kompetenzen = !kaoa_trigger_null(neu, rel, "kompetenzen");
	if (code == NULL)
		return PointerGetDatum(neu);	/* NOT NULL reports it */

	kaoa_spi_verbinden();
	if (version == NULL)
	{
		werte[0] = DateADTGetDatum(datum);
		version = ein_text(&plan_version_am, werte, NULL);
		if (version == NULL)
			teilnahme_verstoss(rel, SV_VERSION_UNBEKANNT, NULL, code, NULL, person, datum, bis, berufsfeld);
		version_gesetzt = true;
	}
	werte[0] = CStringGetTextDatum(version);
	werte[1] = CStringGetTextDatum(code);
	werte[2] = berufsfeld ? CStringGetTextDatum(berufsfeld) : (Datum) 0;
	nulls[2] = berufsfeld ? ' ' : 'n';
	n = kaoa_spi_als_eigentuemer(&plan_katalog, werte, nulls, false, 1);
	if (n != 1)
		elog(ERROR, "kaoa: catalogue look-up returned %llu rows", (unsigned long long) n);
	f.version_bekannt = kaoa_spi_bool(0, 1, false);
	f.code_bekannt = kaoa_spi_bool(0, 2, false);
	f.berufsfeld_noetig = kaoa_spi_bool(0, 3, false);
	f.mit_kompetenzen = kaoa_spi_bool(0, 4, false);
	name = kaoa_spi_text(0, 5);
	f.berufsfeld_bekannt = kaoa_spi_bool(0, 6, false);
	v = sbo_teilnahme_pruefen(&f);
	if (v != SV_OK)
		teilnahme_verstoss(rel, v, version, code, name, person, datum, bis, berufsfeld);
	SPI_finish();

	/* katalog_version as filled in (or given), erfasst_von / erfasst_am of the first recording */
	if (version_gesetzt)
		setz[0] = CStringGetTextDatum(version);
	else
		setz[0] = kaoa_trigger_wert(neu, rel, "katalog_version", &setz_null[0]);
	if (alt == NULL)
	{
		setz[1] = Int64GetDatum(a->org_id);
		setz_null[1] = a->art != KAOA_AKTEUR_ORG;
		setz[2] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	}
	else
	{
		setz[1] = kaoa_trigger_wert(alt, rel, "erfasst_von", &setz_null[1]);
		setz[2] = kaoa_trigger_wert(alt, rel, "erfasst_am", &setz_null[2]);
	}
	n_setz = 3;
	ergebnis = kaoa_trigger_setzen(neu, rel, n_setz, namen, setz, setz_null);
	return PointerGetDatum(ergebnis);
}

/* ---- kaoa.anschlussvereinbarung -------------------------------------------------------------------------- */

/* BEFORE INSERT on kaoa.anschlussvereinbarung: recorded by the school of the current enrolment, the
 * KoKo or the system; erstellt_von is the recording organisation. */
Datum
kaoa_anschlussvereinbarung_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.anschlussvereinbarung_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	neu = td->tg_trigtuple;
	char	   *kommune;
	int64		person;
	static const char *const namen[] = {"erstellt_von"};
	static const char *const pflicht[] = {"kommune", "person_id"};
	Datum		w[1];
	bool		nl[1];

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was fired for the wrong event", "kaoa.anschlussvereinbarung_regeln")));
	kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	kommune = kaoa_trigger_text(neu, rel, "kommune");
	person = kaoa_trigger_int8(neu, rel, "person_id", 0);
	if (!sbo_person_fuer(a, kommune, person, false))
		sbo_verweigern("anschlussvereinbarung", "person_id",
			errmsg("organisation %lld may not record an Anschlussvereinbarung of person %lld",
										 (long long) a->org_id, (long long) person),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. Person %lld of Kommune %s is not a current pupil of this organisation.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
									  (long long) person, kommune),
			errhint("An Anschlussvereinbarung is recorded by the school of the person's current enrolment (kaoa.schulbesuch), the KoKo or a system role."));
	w[0] = Int64GetDatum(a->org_id);
	nl[0] = a->art != KAOA_AKTEUR_ORG;
	return PointerGetDatum(kaoa_trigger_setzen(neu, rel, 1, namen, w, nl));
}

/* BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT on kaoa.anschlussvereinbarung: versioned,
 * so append-only (KA006), even when no row matches. */
Datum
kaoa_sbo_nur_anfuegen(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.sbo_nur_anfuegen", KAOA_TRIGGER_VOR | KAOA_TRIGGER_ANWEISUNG);
	const char *was = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "UPDATE"
		: TRIGGER_FIRED_BY_DELETE(td->tg_event) ? "DELETE" : "TRUNCATE";

	kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH, kaoa_verstoss_ort(RelationGetRelationName(td->tg_relation), NULL, "sbo_nur_anfuegen"),
		errmsg("%s on kaoa.%s is not allowed", was, RelationGetRelationName(td->tg_relation)),
		errdetail("Anschlussvereinbarungen are versioned: the newest row counts and earlier ones stay as they were; the statement was refused before touching any row."),
		errhint("Record a changed agreement as a new row with its date; kaoa.anschlussvereinbarung_aktuell shows the one that counts."));
	return PointerGetDatum(NULL);
}

/* ---- kaoa.massnahme ---------------------------------------------------------------------------------------- */

static kaoa_spi_plan plan_felder_unbekannt = {
	"SELECT pg_catalog.count(*), pg_catalog.string_agg(u.c, ', ' ORDER BY u.n)"
	"  FROM pg_catalog.unnest($1::pg_catalog.text[]) WITH ORDINALITY u(c, n)"
	" WHERE NOT EXISTS (SELECT 1 FROM kaoa.berufsfeld b WHERE b.code OPERATOR(pg_catalog.=) u.c)",
	1, {TEXTARRAYOID}
};

static const char *
bereich_text(Datum r, Oid typ)
{
	Oid			out;
	bool		varlena;

	getTypeOutputInfo(typ, &out, &varlena);
	return OidOutputFunctionCall(out, r);
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme.  The system and the KoKo keep every measure
 * of their Kommune; any other organisation of the Kommune its own (traeger_org = itself, before and
 * after).  kommune is fixed.  Then grades, period, places and Berufsfelder (core order).  A change
 * of plaetze never drops below the registrations zugesagt (23514), and more places let the waiting
 * list move up in the same statement (the UPDATE holds the row lock registrations serialise on).
 */
Datum
kaoa_massnahme_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.massnahme_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune;
	int64		id;
	static const char *const fixe[] = {"kommune"};
	static const char *const pflicht[] = {"kommune", "traeger_org"};
	sbo_massnahme_fakten f;
	sbo_verstoss v;
	Datum		jg, zr, felder;
	bool		jg_null, zr_null, pl_null, felder_null;
	Oid			jg_typ = TupleDescAttr(RelationGetDescr(rel), kaoa_trigger_spalte(rel, "jahrgaenge") - 1)->atttypid;
	Oid			zr_typ = TupleDescAttr(RelationGetDescr(rel), kaoa_trigger_spalte(rel, "zeitraum") - 1)->atttypid;
	const char *titel;
	const char *art;
	Datum		formen;
	bool		formen_null;
	const char *falsche_form = NULL;	/* the first form that is no key (NULL: none, or a NULL element) */
	bool		form_null = false;		/* the list holds a NULL element */
	char	   *unbekannt = NULL;
	bool		spi_offen = false;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe),
				  pflicht, lengthof(pflicht));
	kommune = kaoa_trigger_text(zeile, rel, "kommune");
	id = kaoa_trigger_int8(alt ? alt : zeile, rel, "massnahme_id", 0);
	if (kommune == NULL)
		return PointerGetDatum(zeile);
	if (!kaoa_akteur_verwaltet(a, kommune) &&
		(a->art != KAOA_AKTEUR_ORG || strcmp(a->kommune, kommune) != 0 ||
		 (alt != NULL && kaoa_trigger_int8(alt, rel, "traeger_org", 0) != a->org_id) ||
		 (neu != NULL && kaoa_trigger_int8(neu, rel, "traeger_org", 0) != a->org_id)))
		sbo_verweigern("massnahme", "traeger_org",
			alt == NULL ?
			errmsg("organisation %lld may not add a measure run by organisation %lld",
				   (long long) a->org_id, (long long) kaoa_trigger_int8(zeile, rel, "traeger_org", 0)) :
			errmsg("organisation %lld may not change measure %lld of Kommune %s",
				   (long long) a->org_id, (long long) id, kommune),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s. The measure is run by organisation %lld.", a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
									  (long long) kaoa_trigger_int8(zeile, rel, "traeger_org", 0)),
			errhint("An organisation keeps the measures it runs (traeger_org = itself); the KoKo and system roles keep every measure of the Kommune."));
	if (neu == NULL)
		return PointerGetDatum(alt);

	memset(&f, 0, sizeof(f));
	titel = kaoa_trigger_text(neu, rel, "titel");
	jg = kaoa_trigger_wert(neu, rel, "jahrgaenge", &jg_null);
	zr = kaoa_trigger_wert(neu, rel, "zeitraum", &zr_null);
	if (jg_null || zr_null)
		return PointerGetDatum(neu);	/* NOT NULL reports it */
	sbo_bereich_aus(jg, jg_typ, &f.jahrgaenge);
	sbo_bereich_aus(zr, zr_typ, &f.zeitraum);
	f.plaetze = DatumGetInt32(kaoa_trigger_wert(neu, rel, "plaetze", &pl_null));
	f.hat_plaetze = !pl_null;
	f.titel_leer = titel != NULL && sbo_leer(titel);
	art = kaoa_trigger_text(neu, rel, "art");
	f.art_ungueltig = art != NULL && !sbo_art_gueltig(art);
	formen = kaoa_trigger_wert(neu, rel, "schulformen", &formen_null);
	if (!formen_null)
	{
		ArrayType  *arr = DatumGetArrayTypeP(formen);
		Datum	   *elems;
		bool	   *enulls;
		int			n;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
		f.schulformen_ungueltig = ARR_NDIM(arr) != 1 || n == 0;
		for (int i = 0; i < n && !f.schulformen_ungueltig; i++)
			if (enulls[i] || !sbo_schulform_gueltig(TextDatumGetCString(elems[i])))
			{
				f.schulformen_ungueltig = true;
				form_null = enulls[i];
				falsche_form = enulls[i] ? NULL : TextDatumGetCString(elems[i]);
			}
	}
	felder = kaoa_trigger_wert(neu, rel, "berufsfelder", &felder_null);
	if (!felder_null)
	{
		ArrayType  *arr = DatumGetArrayTypeP(felder);

		f.berufsfelder_leer = ARR_NDIM(arr) != 1 || array_contains_nulls(arr);
	}
	if (!felder_null && !f.berufsfelder_leer)
	{
		spi_offen = true;
		kaoa_spi_verbinden();
		if (kaoa_spi_als_eigentuemer(&plan_felder_unbekannt, &felder, NULL, false, 1) == 1)
		{
			f.berufsfelder_unbekannt = (int) kaoa_spi_int8(0, 1, 0);
			unbekannt = kaoa_spi_text(0, 2);
		}
	}
	v = sbo_massnahme_pruefen(&f);
	switch (v)
	{
		case SV_OK:
			break;
		case SV_TITEL_LEER:
			sbo_melden(rel, v, "titel",
				errmsg("a measure needs a title"),
				errdetail("The measure of organisation %lld in Kommune %s has the title \"%s\".",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, titel),
				errhint("titel is the name participants and schools know the measure by, e.g. 'Praxiskurs Metall'."));
		case SV_ART_UNGUELTIG:
			sbo_melden(rel, v, "art",
				errmsg("art \"%s\" of measure \"%s\" is not a key", art, titel),
				errdetail("The measure of organisation %lld in Kommune %s names art \"%s\".",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, art),
				errhint("art is a lower-case key: a letter a-z, then letters a-z, digits or _, e.g. praxiskurs, bewerbungstraining, berufsfelderkundung; measures of the same art are compared by kaoa.massnahmen_ueberschneidungen."));
		case SV_SCHULFORMEN_UNGUELTIG:
			sbo_melden(rel, v, "schulformen",
				form_null ? errmsg("school form NULL of measure \"%s\" is not a school-form key", titel) :
				falsche_form ?
				errmsg("school form \"%s\" of measure \"%s\" is not a school-form key", falsche_form, titel) :
				errmsg("the school forms of measure \"%s\" are an empty or nested list", titel),
				errdetail("The measure of organisation %lld in Kommune %s names schulformen %s.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune,
							  OidOutputFunctionCall(F_ARRAY_OUT, formen)),
				errhint("schulformen is a list of IT.NRW school-form keys (1 to 3 capital letters), e.g. '{H,R,GE}'; NULL means every school form."));
		case SV_BERUFSFELDER_LEER:
			sbo_melden(rel, v, "berufsfelder",
				errmsg("the Berufsfelder of measure \"%s\" are an empty or nested list or hold a NULL", titel),
				errdetail("The measure of organisation %lld in Kommune %s names berufsfelder %s.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune,
							  OidOutputFunctionCall(F_ARRAY_OUT, felder)),
				errhint("berufsfelder is a one-dimensional list of codes of kaoa.berufsfeld, e.g. '{elektro,metall_maschinenbau}'; NULL means the measure is not bound to a field."));
		case SV_JAHRGAENGE_LEER:
		case SV_JAHRGAENGE_AUSSERHALB:
			sbo_melden(rel, v, "jahrgaenge",
				v == SV_JAHRGAENGE_LEER ?
				errmsg("target grades of measure \"%s\" are empty", titel) :
				errmsg("target grades of measure \"%s\" are not within grades 1 to 13", titel),
				errdetail("The measure of organisation %lld in Kommune %s names jahrgaenge %s.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, bereich_text(jg, jg_typ)),
				errhint("jahrgaenge is a bounded, non-empty int4range within grades 1–13, e.g. '[8,9]' for grades 8 and 9."));
		case SV_ZEITRAUM_LEER:
		case SV_ZEITRAUM_OHNE_BEGINN:
			sbo_melden(rel, v, "zeitraum",
				v == SV_ZEITRAUM_LEER ?
				errmsg("period of measure \"%s\" is empty", titel) :
				errmsg("period of measure \"%s\" has no first day", titel),
				errdetail("The measure of organisation %lld in Kommune %s names zeitraum %s.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, bereich_text(zr, zr_typ)),
				errhint("zeitraum is a non-empty daterange with a first day, e.g. '[2025-09-01,2026-01-31]'; the end may be open ('[2025-09-01,)')."));
		case SV_PLAETZE_NEGATIV:
			sbo_melden(rel, v, "plaetze",
				errmsg("measure \"%s\" cannot have %d places", titel, f.plaetze),
				errdetail("The measure of organisation %lld in Kommune %s names plaetze %d.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, f.plaetze),
				errhint("plaetze is 0 or more; leave it NULL when the number is not limited or not known."));
		case SV_BERUFSFELDER_UNBEKANNT:
			{
				char	   *felder_liste = liste(&plan_felder, NULL);	/* read before the report */

				sbo_melden(rel, v, "berufsfelder",
					errmsg("measure \"%s\" names unknown Berufsfelder: %s", titel, unbekannt),
					errdetail("The measure of organisation %lld in Kommune %s names %d Berufsfeld codes that kaoa.berufsfeld does not have.",
							  (long long) kaoa_trigger_int8(neu, rel, "traeger_org", 0), kommune, f.berufsfelder_unbekannt),
					errhint("Berufsfelder are the codes of kaoa.berufsfeld: %s; NULL means the measure is not bound to a field.",
							felder_liste));
			}
		default:
			elog(ERROR, "kaoa: unexpected violation %d of a measure", (int) v);
	}
	if (alt != NULL && !kaoa_trigger_gleich(alt, neu, rel, "plaetze") && kaoa_tabelle_vorhanden("anmeldung"))
	{
		int64		wartend = 0;
		int64		zugesagt;

		/* the row is locked by the UPDATE: registrations of this measure wait for it */
		if (!spi_offen)
			kaoa_spi_verbinden();
		spi_offen = true;
		zugesagt = sbo_zugesagt(kommune, id, &wartend);
		if (!anmeldung_plaetze_ok(!pl_null, f.plaetze, zugesagt))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg_plural("measure \"%s\" cannot have %d places: %lld is zugesagt",
								   "measure \"%s\" cannot have %d places: %lld are zugesagt",
								   (unsigned long) zugesagt, titel ? titel : "", f.plaetze, (long long) zugesagt),
					 errdetail_plural("Measure %lld of Kommune %s has %lld registration zugesagt; plaetze would become %d.",
									  "Measure %lld of Kommune %s has %lld registrations zugesagt; plaetze would become %d.",
									  (unsigned long) zugesagt, (long long) id, kommune, (long long) zugesagt, f.plaetze),
					 errhint("A promised place is never taken back by lowering plaetze: withdraw registrations first (kaoa.anmeldung_zurueckziehen), or keep at least as many places."),
					 errtablecol(rel, kaoa_trigger_spalte(rel, "plaetze")),
					 errtableconstraint(rel, "massnahme_plaetze_zugesagt")));
		/* more places (or no limit any more): whoever waits moves up now */
		(void) sbo_nachruecken(kommune, id, !pl_null, f.plaetze, zugesagt, wartend, 0);
	}
	if (spi_offen)
		SPI_finish();
	return PointerGetDatum(neu);
}

/* ---- kaoa.massnahme_teilnahme ------------------------------------------------------------------------------- */

static kaoa_spi_plan plan_massnahme = {
	"SELECT m.jahrgaenge, m.schulformen, m.zeitraum FROM kaoa.massnahme m"
	" WHERE m.kommune OPERATOR(pg_catalog.=) $1 AND m.massnahme_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/* The further target groups of a measure (kaoa.massnahme_zielgruppe). */
static kaoa_spi_plan plan_zielgruppen = {
	"SELECT z.jahrgaenge, z.schulformen FROM kaoa.massnahme_zielgruppe z"
	" WHERE z.kommune OPERATOR(pg_catalog.=) $1 AND z.massnahme_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/* Is the person registered for the measure (zugesagt or on the waiting list)? */
static kaoa_spi_plan plan_angemeldet = {
	"SELECT EXISTS (SELECT 1 FROM kaoa.anmeldung a"
	"                WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.massnahme_id OPERATOR(pg_catalog.=) $2"
	"                  AND a.person_id OPERATOR(pg_catalog.=) $3"
	"                  AND a.status OPERATOR(pg_catalog.<>) 'zurueckgezogen')",
	3, {TEXTOID, INT8OID, INT8OID}
};

/* One pair (jahrgaenge, schulformen) from columns sp, sp + 1 of SPI row `zeile`. */
static void
zielgruppe_aus(uint64 zeile, int sp, sbo_zielgruppe *g)
{
	bool		isnull;
	Datum		r = SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, sp, &isnull);

	memset(g, 0, sizeof(*g));
	if (isnull)
		g->jahrgaenge.leer = true;
	else
		sbo_bereich_aus(r, SPI_gettypeid(SPI_tuptable->tupdesc, sp), &g->jahrgaenge);
	r = SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, sp + 1, &isnull);
	if (!isnull)
	{
		Datum	   *elems;
		bool	   *enulls;
		const char **formen;
		int			n;

		deconstruct_array(DatumGetArrayTypeP(r), TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
		formen = palloc(sizeof(char *) * Max(n, 1));
		for (int i = 0; i < n; i++)
			formen[i] = enulls[i] ? NULL : TextDatumGetCString(elems[i]);
		g->schulformen = formen;
		g->n_schulformen = n;
	}
}

/* May actor a record the participation of person in measure: whoever sees the person's SBO data
 * (the current school, the KoKo, the system), or a partner of the measure for a person registered
 * for it or one whose current case it holds (not one merely offered to it).  SPI connected. */
static bool
teilnahme_erlaubt(const kaoa_akteur *a, const char *kommune, int64 massnahme, int64 person)
{
	Datum		w[3];

	if (sbo_person_fuer(a, kommune, person, false))
		return true;
	if (a->art != KAOA_AKTEUR_ORG || strcmp(a->kommune, kommune) != 0 ||
		!sbo_partner_von(kommune, massnahme, a->org_id, false))
		return false;
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int64GetDatum(massnahme);
	w[2] = Int64GetDatum(person);
	if (kaoa_tabelle_vorhanden("anmeldung") &&
		kaoa_spi_als_eigentuemer(&plan_angemeldet, w, NULL, false, 1) == 1 && kaoa_spi_bool(0, 1, false))
		return true;
	return kaoa_person_gehalten_fuer(a, kommune, person, false);
}

static kaoa_spi_plan plan_schulbesuch = {
	"SELECT b.jahrgang, b.schulform FROM kaoa.schulbesuch b"
	" WHERE b.kommune OPERATOR(pg_catalog.=) $1 AND b.person_id OPERATOR(pg_catalog.=) $2"
	"   AND b.schuljahr OPERATOR(pg_catalog.=) $3",
	3, {TEXTOID, INT8OID, INT4OID}
};

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_teilnahme.  Recorded by the school of the
 * person's current enrolment, the KoKo, the system, or a partner of the measure (its traeger_org
 * included) for a person registered for it or whose current case it holds (KA004 otherwise);
 * changed or deleted by a partner with rolle partner only where it recorded the row itself;
 * kommune, massnahme_id and person_id are fixed.  abweichungen is computed here: the person's grade and school form in
 * the school year of datum against the measure's target group (the union of its pairs), and datum
 * against its period.
 */
Datum
kaoa_massnahme_teilnahme_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.massnahme_teilnahme_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune;
	int64		person;
	int64		massnahme;
	static const char *const fixe[] = {"kommune", "massnahme_id", "person_id"};
	static const char *const namen[] = {"abweichungen", "erfasst_von"};
	Datum		werte[3], setz[2];
	bool		setz_null[2] = {false, false};
	bool		isnull;
	DateADT		datum;
	sbo_bereich zr;
	sbo_zielgruppe_fakten z;
	sbo_zielgruppe *gruppen;
	int			n_gruppen = 1;
	uint64		n_weitere;
	unsigned	bits;
	Datum		labels[SBO_ABWEICHUNG_ANZAHL];
	int			n_labels = 0;
	MemoryContext aussen = CurrentMemoryContext;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe),
				  fixe, lengthof(fixe));
	kommune = kaoa_trigger_text(zeile, rel, "kommune");
	person = kaoa_trigger_int8(zeile, rel, "person_id", 0);
	massnahme = kaoa_trigger_int8(zeile, rel, "massnahme_id", 0);
	if (kommune == NULL)
		return PointerGetDatum(zeile);
	kaoa_spi_verbinden();
	if (!teilnahme_erlaubt(a, kommune, massnahme, person))
		sbo_verweigern("massnahme_teilnahme", "person_id",
			errmsg("organisation %lld may not record participants of measure %lld",
				   (long long) a->org_id, (long long) massnahme),
			errdetail("Role \"%s\" acts for organisation %lld of Kommune %s; person %lld of Kommune %s is neither its current pupil nor registered for measure %lld of which it is a partner.",
					  a->rolle, (long long) a->org_id, a->kommune[0] ? a->kommune : "-", (long long) person,
					  kommune, (long long) massnahme),
			errhint("Participants are recorded by the school of the person's current enrolment (kaoa.schulbesuch), the KoKo, a system role, or a partner of the measure (kaoa.massnahme_partner, its traeger_org included) for the persons registered for it."));

	/*
	 * Changing or deleting a recorded participation: a partner (rolle partner) corrects only the
	 * ones it recorded itself; the organisations that organise the measure (traeger_org, rolle
	 * traeger), the person's school, the KoKo and the system every participation of the measure.
	 */
	if (alt != NULL && a->art == KAOA_AKTEUR_ORG && !sbo_person_fuer(a, kommune, person, false) &&
		!sbo_organisiert(kommune, massnahme, a->org_id, false))
	{
		bool		e_null;
		int64		erfasst = DatumGetInt64(kaoa_trigger_wert(alt, rel, "erfasst_von", &e_null));

		if (e_null || erfasst != a->org_id)
			sbo_verweigern("massnahme_teilnahme", "erfasst_von",
				errmsg("organisation %lld may not change the participation of person %lld in measure %lld",
					   (long long) a->org_id, (long long) person, (long long) massnahme),
				e_null ?
				errdetail("Role \"%s\" acts for organisation %lld, a partner of measure %lld of Kommune %s; the participation was recorded by a system role.",
						  a->rolle, (long long) a->org_id, (long long) massnahme, kommune) :
				errdetail("Role \"%s\" acts for organisation %lld, a partner of measure %lld of Kommune %s; the participation was recorded by organisation %lld.",
						  a->rolle, (long long) a->org_id, (long long) massnahme, kommune, (long long) erfasst),
				errhint("A partner of a measure corrects and deletes the participations it recorded; the others are kept by the organisations running the measure (traeger_org, partners with rolle traeger), the person's school, the KoKo and system roles."));
	}
	if (neu == NULL)
	{
		SPI_finish();
		return PointerGetDatum(alt);
	}

	datum = DatumGetDateADT(kaoa_trigger_wert(neu, rel, "datum", &isnull));
	if (isnull)
	{
		SPI_finish();
		return PointerGetDatum(neu);
	}
	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(massnahme);
	if (kaoa_spi_als_eigentuemer(&plan_massnahme, werte, NULL, false, 1) == 0)
	{
		SPI_finish();
		return PointerGetDatum(neu);	/* the foreign key reports it */
	}
	{
		Datum		r = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull);

		sbo_bereich_aus(r, SPI_gettypeid(SPI_tuptable->tupdesc, 3), &zr);
		gruppen = palloc(sizeof(sbo_zielgruppe));
		zielgruppe_aus(0, 1, &gruppen[0]);
	}
	n_weitere = kaoa_tabelle_vorhanden("massnahme_zielgruppe")
		? kaoa_spi_als_eigentuemer(&plan_zielgruppen, werte, NULL, false, 0) : 0;
	if (n_weitere > 0)
	{
		gruppen = repalloc(gruppen, sizeof(sbo_zielgruppe) * (n_weitere + 1));
		for (uint64 i = 0; i < n_weitere; i++)
			zielgruppe_aus(i, 1, &gruppen[n_gruppen++]);
	}
	werte[1] = Int64GetDatum(person);
	werte[2] = Int32GetDatum(kaoa_schuljahr_von(datum));
	memset(&z, 0, sizeof(z));
	if (kaoa_spi_als_eigentuemer(&plan_schulbesuch, werte, NULL, false, 1) == 1)
	{
		z.hat_schulbesuch = true;
		z.jahrgang = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		z.schulform = kaoa_spi_text(0, 2);
	}
	z.gruppen = gruppen;
	z.n_gruppen = n_gruppen;
	z.zeitraum = &zr;
	z.datum = datum;
	bits = sbo_zielgruppe_abweichungen(&z);
	SPI_finish();

	MemoryContextSwitchTo(aussen);
	for (int i = 0; i < SBO_ABWEICHUNG_ANZAHL; i++)
		if (bits & (1u << i))
			labels[n_labels++] = CStringGetTextDatum(sbo_abweichung_namen[i]);
	setz[0] = PointerGetDatum(construct_array(labels, n_labels, TEXTOID, -1, false, TYPALIGN_INT));
	if (alt == NULL)
	{
		setz[1] = Int64GetDatum(a->org_id);
		setz_null[1] = a->art != KAOA_AKTEUR_ORG;
	}
	else
		setz[1] = kaoa_trigger_wert(alt, rel, "erfasst_von", &setz_null[1]);
	return PointerGetDatum(kaoa_trigger_setzen(neu, rel, 2, namen, setz, setz_null));
}

/* ---- who runs a measure, for whom: kaoa.massnahme_partner, kaoa.massnahme_zielgruppe ---------------------- */

static kaoa_spi_plan plan_massnahme_kopf = {
	"SELECT m.traeger_org, m.titel FROM kaoa.massnahme m"
	" WHERE m.kommune OPERATOR(pg_catalog.=) $1 AND m.massnahme_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/*
 * The rights on a measure's partner and target-group rows: the system and the KoKo of the Kommune,
 * and the organisation running the measure (KA004 otherwise, for its partner rows when partner, its
 * target groups else).  Returns the measure's traeger_org
 * (0 when the measure is gone: a DELETE cascading from it) and its title in *titel.  SPI connected.
 */
static int64
massnahme_verwalten(const kaoa_akteur *a, const char *kommune, int64 massnahme, bool partner,
					char **titel)
{
	Datum		w[2];
	int64		traeger = 0;

	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int64GetDatum(massnahme);
	*titel = "";
	if (kaoa_spi_als_eigentuemer(&plan_massnahme_kopf, w, NULL, false, 1) == 1)
	{
		traeger = kaoa_spi_int8(0, 1, 0);
		*titel = kaoa_spi_text(0, 2);
		if (*titel == NULL)
			*titel = "";
	}
	if (kaoa_akteur_verwaltet(a, kommune) || (traeger == 0 && a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kommune) == 0))
		return traeger;
	if (a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kommune) == 0 && traeger == a->org_id)
		return traeger;
	if (partner)
		kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("massnahme_partner", "massnahme_id", "sbo_zustaendig"),
			errmsg("organisation %lld may not change the partners of measure %lld",
						(long long) a->org_id, (long long) massnahme),
			errdetail("Role \"%s\" acts for organisation %lld of Kommune %s; measure %lld of Kommune %s is run by organisation %lld.",
						   a->rolle, (long long) a->org_id, a->kommune[0] ? a->kommune : "-",
						   (long long) massnahme, kommune, (long long) traeger),
			errhint("The partners of a measure are kept by the organisation running it (traeger_org), the KoKo and system roles; partners themselves read and record the measure's registrations and participations only."));
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("massnahme_zielgruppe", "massnahme_id", "sbo_zustaendig"),
		errmsg("organisation %lld may not change the target groups of measure %lld",
					(long long) a->org_id, (long long) massnahme),
		errdetail("Role \"%s\" acts for organisation %lld of Kommune %s; measure %lld of Kommune %s is run by organisation %lld.",
					   a->rolle, (long long) a->org_id, a->kommune[0] ? a->kommune : "-",
					   (long long) massnahme, kommune, (long long) traeger),
		errhint("The target groups of a measure are kept by the organisation running it (traeger_org), the KoKo and system roles."));
	pg_unreachable();
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_partner.  Kept by whoever keeps the measure;
 * kommune, massnahme_id and org_id are fixed (KA006): only rolle changes.  The organisation running
 * the measure is its partner already (rolle traeger, no row: 23514); rolle is traeger or partner.
 */
Datum
kaoa_massnahme_partner_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.massnahme_partner_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune = kaoa_trigger_text(zeile, rel, "kommune");
	int64		massnahme = kaoa_trigger_int8(zeile, rel, "massnahme_id", 0);
	int64		org = kaoa_trigger_int8(zeile, rel, "org_id", 0);
	static const char *const fixe[] = {"kommune", "massnahme_id", "org_id"};
	static const char *const pflicht[] = {"kommune", "massnahme_id", "org_id", "rolle"};
	char	   *titel;
	char	   *rolle;
	int64		traeger;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe), pflicht, lengthof(pflicht));
	if (kommune == NULL)
		return PointerGetDatum(zeile);	/* a stored row without one: never written by the rules */
	kaoa_spi_verbinden();
	traeger = massnahme_verwalten(a, kommune, massnahme, true, &titel);
	SPI_finish();
	if (neu == NULL)
		return PointerGetDatum(alt);
	rolle = kaoa_trigger_text(neu, rel, "rolle");
	if (rolle != NULL && strcmp(rolle, "traeger") != 0 && strcmp(rolle, "partner") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("\"%s\" is not a partner role", rolle),
				 errdetail("The partner row of organisation %lld for measure %lld \"%s\" names rolle \"%s\".",
						   (long long) org, (long long) massnahme, titel, rolle),
				 errhint("rolle is traeger (organises the measure jointly) or partner (takes part in running it)."),
				 errtablecol(rel, kaoa_trigger_spalte(rel, "rolle")),
				 errtableconstraint(rel, "massnahme_partner_rolle")));
	if (traeger != 0 && org == traeger)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("organisation %lld runs measure %lld and is its partner already", (long long) org,
						(long long) massnahme),
				 errdetail("Measure %lld \"%s\" of Kommune %s has traeger_org %lld.",
						   (long long) massnahme, titel, kommune, (long long) traeger),
				 errhint("The organisation running a measure is always its partner (rolle traeger) without a row; kaoa.massnahme_partner names the others."),
				 errtablecol(rel, kaoa_trigger_spalte(rel, "org_id")),
				 errtableconstraint(rel, "massnahme_partner_traeger")));
	return PointerGetDatum(neu);
}

static int
text_vergleich(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.massnahme_zielgruppe.  Kept by whoever keeps the
 * measure; kommune and massnahme_id are fixed (KA006).  jahrgaenge bounded within grades 1–13 and
 * schulformen a list of school-form keys (23514, as for the measure's own pair); schulformen is
 * stored sorted and without repeats, so one pair has one spelling (what kaoa export writes and
 * kaoa import compares); the grades name the pair (massnahme_zielgruppe_schluessel).
 */
Datum
kaoa_massnahme_zielgruppe_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.massnahme_zielgruppe_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	HeapTuple	alt = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? NULL : td->tg_trigtuple;
	HeapTuple	neu = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? td->tg_trigtuple
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	HeapTuple	zeile = neu ? neu : alt;
	char	   *kommune = kaoa_trigger_text(zeile, rel, "kommune");
	int64		massnahme = kaoa_trigger_int8(zeile, rel, "massnahme_id", 0);
	static const char *const fixe[] = {"kommune", "massnahme_id"};
	static const char *const pflicht[] = {"kommune", "massnahme_id", "jahrgaenge"};
	char	   *titel;
	Datum		jg,
				formen;
	bool		jg_null,
				formen_null;
	sbo_bereich b;

	zeile_pruefen(alt, neu, rel, fixe, lengthof(fixe), pflicht, lengthof(pflicht));
	if (kommune == NULL)
		return PointerGetDatum(zeile);	/* a stored row without one: never written by the rules */
	kaoa_spi_verbinden();
	(void) massnahme_verwalten(a, kommune, massnahme, false, &titel);
	titel = pstrdup(titel);
	SPI_finish();
	if (neu == NULL)
		return PointerGetDatum(alt);

	jg = kaoa_trigger_wert(neu, rel, "jahrgaenge", &jg_null);
	if (!jg_null)
	{
		Oid			typ = TupleDescAttr(RelationGetDescr(rel), kaoa_trigger_spalte(rel, "jahrgaenge") - 1)->atttypid;

		sbo_bereich_aus(jg, typ, &b);
		if (b.leer || b.unten_offen || b.oben_offen || b.unten < SBO_JAHRGANG_MIN || b.oben > SBO_JAHRGANG_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("target grades %s of a target group of measure %lld are not within grades 1 to 13",
							bereich_text(jg, typ), (long long) massnahme),
					 errdetail("The target group of measure %lld \"%s\" in Kommune %s names jahrgaenge %s.",
							   (long long) massnahme, titel, kommune, bereich_text(jg, typ)),
					 errhint("jahrgaenge is a bounded, non-empty int4range within grades 1–13, e.g. '[10,12]' for EF to Q2."),
					 errtablecol(rel, kaoa_trigger_spalte(rel, "jahrgaenge")),
					 errtableconstraint(rel, "massnahme_zielgruppe_jahrgaenge")));
	}
	formen = kaoa_trigger_wert(neu, rel, "schulformen", &formen_null);
	if (!formen_null)
	{
		ArrayType  *arr = DatumGetArrayTypeP(formen);
		Datum	   *elems;
		bool	   *enulls;
		char	  **texte;
		int			n,
					k = 0;
		bool		gut;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &n);
		gut = ARR_NDIM(arr) == 1 && n > 0;
		texte = palloc(sizeof(char *) * Max(n, 1));
		for (int i = 0; i < n && gut; i++)
		{
			gut = !enulls[i] && sbo_schulform_gueltig(TextDatumGetCString(elems[i]));
			if (gut)
				texte[i] = TextDatumGetCString(elems[i]);
		}
		if (!gut)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("the school forms of a target group of measure %lld are not a list of school-form keys",
							(long long) massnahme),
					 errdetail("The target group of measure %lld \"%s\" in Kommune %s names schulformen %s.",
							   (long long) massnahme, titel, kommune, OidOutputFunctionCall(F_ARRAY_OUT, formen)),
					 errhint("schulformen is a list of IT.NRW school-form keys (1 to 3 capital letters), e.g. '{GY}' or '{R,SK,GE}'; NULL means every school form."),
					 errtablecol(rel, kaoa_trigger_spalte(rel, "schulformen")),
					 errtableconstraint(rel, "massnahme_zielgruppe_schulformen")));
		/* sorted, without repeats */
		qsort(texte, n, sizeof(char *), text_vergleich);
		for (int i = 0; i < n; i++)
			if (k == 0 || strcmp(texte[k - 1], texte[i]) != 0)
				texte[k++] = texte[i];
		{
			static const char *const namen[] = {"schulformen"};
			Datum	   *d = palloc(sizeof(Datum) * k);
			Datum		w[1];
			bool		nl[1] = {false};

			for (int i = 0; i < k; i++)
				d[i] = CStringGetTextDatum(texte[i]);
			w[0] = PointerGetDatum(construct_array(d, k, TEXTOID, -1, false, TYPALIGN_INT));
			return PointerGetDatum(kaoa_trigger_setzen(neu, rel, 1, namen, w, nl));
		}
	}
	return PointerGetDatum(neu);
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE on kaoa.anmeldung: registrations change only through
 * kaoa.anmelden and kaoa.anmeldung_zurueckziehen (and the waiting list moving up when a measure
 * gets more places), which lock the measure and log every change; any other write is refused
 * (KA006), also by the system.  Restoring a dump (session_replication_role = replica) does not
 * fire it.
 */
Datum
kaoa_anmeldung_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.anmeldung_regeln", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	HeapTuple	zeile = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	char	   *kommune = kaoa_trigger_text(zeile, rel, "kommune");
	int64		massnahme = kaoa_trigger_int8(zeile, rel, "massnahme_id", 0);
	const char *was = TRIGGER_FIRED_BY_INSERT(td->tg_event) ? "INSERT"
		: TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "UPDATE" : "DELETE";

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && !kaoa_trigger_gleich(td->tg_trigtuple, zeile, rel, "massnahme_id"))
		massnahme = 0;			/* a registration never moves to another measure */
	if (massnahme != 0 && sbo_anmeldung_erlaubt(kommune, massnahme))
		return PointerGetDatum(TRIGGER_FIRED_BY_DELETE(td->tg_event) ? td->tg_trigtuple : zeile);
	kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH, kaoa_verstoss_ort("anmeldung", NULL, "sbo_anmeldung_api"),
		errmsg("%s on kaoa.anmeldung is not allowed", was),
		errdetail("Registrations change only through kaoa.anmelden and kaoa.anmeldung_zurueckziehen, which keep the places, the waiting list and the log; the statement wrote kaoa.anmeldung directly."),
		errhint("Register with kaoa.anmelden(massnahme_id, person_id); withdraw with kaoa.anmeldung_zurueckziehen(anmeldung_id)."));
	pg_unreachable();
}
