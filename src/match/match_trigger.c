/*
 * match_trigger.c — the consent rule for applicant profiles (docs/design.md) and the row-level
 * security predicates of the matching tables (docs/roles-and-bi.md).
 *
 * Design note.  A profile is personal data collected for matching; an organisation may record it
 * only under the young person's consent (kaoa.einwilligung), while a system import may carry the
 * consent elsewhere.  The rule is a C trigger so that plain INSERT/UPDATE from any frontend is held
 * to it, with the look-up of the consent done as the extension owner (akteur.h), so it never
 * depends on what row-level security shows the actor.  Refusals are KA002 (no valid consent for
 * this receiver) and KA006 (kommune and person_id of a profile do not change).
 *
 * The predicates decide what an actor may write and read in the matching tables; they answer from
 * the actor and the row's own columns, without a look-up.
 */
#include "base/kaoa.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "base/akteur.h"
#include "base/verstoss.h"
#include "base/trigger.h"
#include "kette/kette.h"
#include "match/match.h"

PG_FUNCTION_INFO_V1(kaoa_bewerberprofil_pruefen);
PG_FUNCTION_INFO_V1(kaoa_angebot_schreibbar);
PG_FUNCTION_INFO_V1(kaoa_zuteilung_lesbar);
PG_FUNCTION_INFO_V1(kaoa_profil_sichtbar);

/* The consent: its person, recipients and validity now. */
static kaoa_spi_plan plan_einwilligung = {
	"SELECT e.person_id,"
	"       e.gueltig_ab OPERATOR(pg_catalog.<=) " KAOA_SQL_HEUTE
	"         AND (e.widerrufen_am IS NULL OR e.widerrufen_am OPERATOR(pg_catalog.>) pg_catalog.now()),"
	"       pg_catalog.array_to_string(e.empfaenger, ',')"
	"  FROM kaoa.einwilligung e"
	" WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.einwilligung_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/* True when the comma-separated list holds the label. */
static bool
liste_enthaelt(const char *liste, const char *label)
{
	size_t		n = strlen(label);
	const char *p = liste;

	while (p && *p)
	{
		const char *komma = strchr(p, ',');
		size_t		len = komma ? (size_t) (komma - p) : strlen(p);

		if (len == n && strncmp(p, label, n) == 0)
			return true;
		p = komma ? komma + 1 : NULL;
	}
	return false;
}

/*
 * Only the organisation holding the person's current case (before a first case the school that
 * registered them) and system roles write a profile (kaoa_person_gehalten_fuer).  Everyone else —
 * an organisation merely offered a case, a former holder, the KoKo, another Kommune — gets KA004
 * with the same words whether the person exists, is hidden or is visible to it.
 */
static void
profil_halter_verlangen(const kaoa_akteur *a, const char *kommune, int64 person_id)
{
	if (a->art == KAOA_AKTEUR_ORG && !kaoa_person_gehalten_fuer(a, kommune, person_id, false))
		kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("bewerberprofil", "person_id", "bewerberprofil_sichtbar"),
			errmsg("organisation %lld may not write the profile of person %lld",
						(long long) a->org_id, (long long) person_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) holds the current case of no person %lld in Kommune %s.",
						   a->rolle, (long long) a->org_id, a->kommune, (long long) person_id, kommune),
			errhint("A profile is written and deleted by the organisation holding the young person's current case (before a first case: the school that registered them), under their consent, and by system roles; an organisation offered a case writes none."));
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE ON kaoa.bewerberprofil FOR EACH ROW.
 * Only the holder of the person writes or deletes (KA004, before anything else); an organisation
 * needs a consent of the person that is valid now and names its type among the recipients
 * (KA002); any consent given, also by the system, must belong to the person and be valid now
 * (KA002); kommune and person_id never change (KA006).
 */
Datum
kaoa_bewerberprofil_pruefen(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.bewerberprofil_pruefen", KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	HeapTuple	neu;
	const kaoa_akteur *a;
	char	   *kommune;
	int64		person_id,
				einwilligung_id;
	bool		ohne_einwilligung;

	/* restores (session_replication_role = replica) do not fire this trigger at all */
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		/* deleting (kaoa.bewerberprofil_loeschen): the holder, as for writing */
		a = kaoa_akteur_verlangen();
		kommune = kaoa_trigger_text(td->tg_trigtuple, rel, "kommune");
		person_id = kaoa_trigger_int8(td->tg_trigtuple, rel, "person_id", 0);
		if (kommune != NULL)
			profil_halter_verlangen(a, kommune, person_id);
		return PointerGetDatum(td->tg_trigtuple);
	}
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	kommune = kaoa_trigger_text(neu, rel, "kommune");
	person_id = kaoa_trigger_int8(neu, rel, "person_id", 0);
	ohne_einwilligung = kaoa_trigger_null(neu, rel, "einwilligung_id");
	einwilligung_id = kaoa_trigger_int8(neu, rel, "einwilligung_id", 0);

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		char	   *k_alt = kaoa_trigger_text(td->tg_trigtuple, rel, "kommune");
		int64		p_alt = kaoa_trigger_int8(td->tg_trigtuple, rel, "person_id", 0);
		const char *geaendert = !kaoa_trigger_gleich(td->tg_trigtuple, neu, rel, "kommune") ? "kommune"
			: !kaoa_trigger_gleich(td->tg_trigtuple, neu, rel, "person_id") ? "person_id" : NULL;

		/* a change to NULL is a change too (the trigger runs before NOT NULL) */
		if (geaendert != NULL)
			kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH,
						  kaoa_verstoss_ort("bewerberprofil", geaendert, "bewerberprofil_person"),
						  errmsg("the person of a profile cannot change"),
						  errdetail("The UPDATE changes column %s of the profile of person %lld in Kommune %s.",
									geaendert, (long long) p_alt, k_alt ? k_alt : "?"),
						  errhint("Delete the profile and create one for the other person."));
	}
	/* the consent and the person are looked up by kommune and person_id */
	{
		static const char *const pflicht[] = {"kommune", "person_id"};

		kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	}

	a = kaoa_akteur_verlangen();
	if (kommune == NULL)
		return PointerGetDatum(neu);	/* the NOT NULL constraint reports it */

	/*
	 * The holder first: an organisation that does not hold the person learns nothing about the
	 * person's consents — whether one exists, whose it is, whether it was revoked — and gets the
	 * answer for a person that does not exist.
	 */
	profil_halter_verlangen(a, kommune, person_id);

	if (ohne_einwilligung)
	{
		if (kaoa_ist_system(a))
			return PointerGetDatum(neu);
		kaoa_verstoss(ERRCODE_KAOA_EINWILLIGUNG,
					  kaoa_verstoss_ort("bewerberprofil", "einwilligung_id", "bewerberprofil_einwilligung"),
					  errmsg("a profile recorded by an organisation needs the young person's consent"),
					  errdetail("Role \"%s\" (organisation %lld, %s) wrote the profile of person %lld without einwilligung_id.",
								a->rolle, (long long) a->org_id,
								a->org_typ >= 0 ? kaoa_org_typ_namen[a->org_typ] : "?", (long long) person_id),
					  errhint("Record the consent in kaoa.einwilligung with recipient type '%s' and pass its "
							  "einwilligung_id; only the system may import profiles without one.",
							  a->org_typ >= 0 ? kaoa_org_typ_namen[a->org_typ] : "?"));
	}

	{
		Datum		werte[2];
		uint64		n;
		int64		e_person;
		bool		gilt;
		char	   *empfaenger;

		werte[0] = CStringGetTextDatum(kommune);
		werte[1] = Int64GetDatum(einwilligung_id);
		kaoa_spi_verbinden();
		n = kaoa_spi_als_eigentuemer(&plan_einwilligung, werte, NULL, false, 1);
		e_person = n > 0 ? kaoa_spi_int8(0, 1, 0) : 0;
		gilt = n > 0 && kaoa_spi_bool(0, 2, false);
		empfaenger = n > 0 ? kaoa_spi_text(0, 3) : NULL;
		SPI_finish();
		/* a consent that does not exist and one of another person: the same answer */
		if (n == 0 || e_person != person_id)
			kaoa_verstoss(ERRCODE_KAOA_EINWILLIGUNG,
						  kaoa_verstoss_ort("bewerberprofil", "einwilligung_id", "bewerberprofil_einwilligung"),
						  errmsg("consent %lld is not a consent of person %lld",
								 (long long) einwilligung_id, (long long) person_id),
						  errdetail("Kommune %s has no consent %lld given for person %lld; the profile names it in einwilligung_id.",
									kommune, (long long) einwilligung_id, (long long) person_id),
						  errhint("Pass the einwilligung_id of a consent recorded for the person the profile describes (kaoa.einwilligung)."));
		if (!gilt)
			kaoa_verstoss(ERRCODE_KAOA_EINWILLIGUNG,
						  kaoa_verstoss_ort("bewerberprofil", "einwilligung_id", "bewerberprofil_einwilligung"),
						  errmsg("consent %lld is not valid now", (long long) einwilligung_id),
						  errdetail("The consent of person %lld is not yet valid or was revoked.", (long long) person_id),
						  errhint("A profile can be recorded only under a consent valid now (gueltig_ab <= now < widerrufen_am)."));
		if (a->art == KAOA_AKTEUR_ORG && a->org_typ >= 0 &&
			!liste_enthaelt(empfaenger ? empfaenger : "", kaoa_org_typ_namen[a->org_typ]))
			kaoa_verstoss(ERRCODE_KAOA_EINWILLIGUNG,
						  kaoa_verstoss_ort("bewerberprofil", "einwilligung_id", "bewerberprofil_einwilligung"),
						  errmsg("consent %lld does not name organisations of type %s", (long long) einwilligung_id,
								 kaoa_org_typ_namen[a->org_typ]),
						  empfaenger && *empfaenger ?
						  errdetail("Role \"%s\" acts for organisation %lld (%s); the consent names: %s.",
									a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], empfaenger) :
						  errdetail("Role \"%s\" acts for organisation %lld (%s); the consent names no recipient.",
									a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ]),
						  errhint("Record a consent whose recipients include '%s'.", kaoa_org_typ_namen[a->org_typ]));
	}
	return PointerGetDatum(neu);
}

/*
 * kaoa.angebot_schreibbar(kommune, org_id) → bool: may the actor write this offer?  The system
 * every offer; the KoKo the offers of its Kommune; any other organisation its own offers.
 */
Datum
kaoa_angebot_schreibbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	if (kaoa_ist_system(a))
		PG_RETURN_BOOL(true);
	if (a->art != KAOA_AKTEUR_ORG || PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (strcmp(kommune, a->kommune) != 0)
		PG_RETURN_BOOL(false);
	if (a->org_typ == KO_KOKO)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(!PG_ARGISNULL(1) && PG_GETARG_INT64(1) == a->org_id);
}

/*
 * kaoa.zuteilung_lesbar(kommune) → bool: may the actor read the runs and cutoffs of this Kommune?
 * The system and every organisation of the Kommune (cutoffs are not personal data; the proposals
 * themselves are visible like the person).
 */
Datum
kaoa_zuteilung_lesbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	if (kaoa_ist_system(a))
		PG_RETURN_BOOL(true);
	if (a->art != KAOA_AKTEUR_ORG || PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	PG_RETURN_BOOL(strcmp(kommune, a->kommune) == 0);
}

/*
 * kaoa.profil_sichtbar(kommune, person_id) → bool: may the actor read and write this profile?  The
 * system, and the organisation that holds the person's current case (before a first case: the
 * school that registered them).  A profile holds the home coordinates, which locate the young
 * person as well as an address does; every other organisation that sees the person learns the
 * distance to an offer from kaoa.passung_erklaert and the top_* searches, never the place.
 */
Datum
kaoa_profil_sichtbar(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(kaoa_person_gehalten_fuer(kaoa_akteur_ermitteln(),
											 text_to_cstring(PG_GETARG_TEXT_PP(0)),
											 PG_GETARG_INT64(1), true));
}
