/*
 * kette_trigger.c — the C rule triggers of the Verantwortungskette (docs/kette.md) on kaoa.fall,
 * kaoa.person, kaoa.person_identitaet, kaoa.einwilligung, kaoa.kontaktversuch and
 * kaoa.organisation, and the statement-level append-only guards.  (The hand-off table's triggers
 * live with the hand-off functions in kette_uebergabe.c.)
 *
 * Design note.  Each BEFORE ROW trigger resolves the actor (cached per transaction), reads the
 * row's own columns, asks the core (core/kette_regeln.c) which facts the change needs, looks up
 * only those — as the owner, binding the row's kommune in every look-up — and asks the core again
 * for the first violated rule.  The common path (a holder changing a case without a
 * precondition) runs no query at all.  The AFTER ROW triggers write the event log; they are
 * AFTER so that a row another BEFORE trigger skips is not logged.  All triggers are ordinary
 * (not ALWAYS) triggers, so they do nothing under session_replication_role = replica (restores).
 */
#include "kette/kette_intern.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "commands/extension.h"
#include "nodes/bitmapset.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/json.h"
#include "utils/timestamp.h"

#include <ctype.h>

PG_FUNCTION_INFO_V1(kaoa_fall_regeln);
PG_FUNCTION_INFO_V1(kaoa_fall_protokoll);
PG_FUNCTION_INFO_V1(kaoa_person_regeln);
PG_FUNCTION_INFO_V1(kaoa_person_protokoll);
PG_FUNCTION_INFO_V1(kaoa_identitaet_regeln);
PG_FUNCTION_INFO_V1(kaoa_identitaet_protokoll);
PG_FUNCTION_INFO_V1(kaoa_einwilligung_regeln);
PG_FUNCTION_INFO_V1(kaoa_einwilligung_protokoll);
PG_FUNCTION_INFO_V1(kaoa_kontakt_regeln);
PG_FUNCTION_INFO_V1(kaoa_kontakt_protokoll);
PG_FUNCTION_INFO_V1(kaoa_organisation_regeln);
PG_FUNCTION_INFO_V1(kaoa_nur_anfuegen);

/* ---- tuple helpers ------------------------------------------------------------------------------------- */

static int64
org_oder_0(const kaoa_akteur *a)
{
	return a->art == KAOA_AKTEUR_ORG ? a->org_id : 0;
}

static const char *
status_name(int s)
{
	return s >= 0 && s < KS_ANZAHL ? kette_status_namen[s] : "unknown";
}

/* ---- kaoa.fall ---------------------------------------------------------------------------------------- */

typedef struct fall_spalten
{
	Oid			relid;
	int			kommune, fall_id, person_id, schuljahr, schule_org, schulform, status,
				zustaendig_org, anschluss, grund, status_seit, aufnehmende_org;
} fall_spalten;

static fall_spalten fs;

static void
fall_spalten_laden(Relation rel)
{
	if (fs.relid == RelationGetRelid(rel))
		return;
	fs.kommune = kaoa_trigger_spalte(rel, "kommune");
	fs.fall_id = kaoa_trigger_spalte(rel, "fall_id");
	fs.person_id = kaoa_trigger_spalte(rel, "person_id");
	fs.schuljahr = kaoa_trigger_spalte(rel, "schuljahr");
	fs.schule_org = kaoa_trigger_spalte(rel, "schule_org");
	fs.schulform = kaoa_trigger_spalte(rel, "schulform");
	fs.status = kaoa_trigger_spalte(rel, "status");
	fs.zustaendig_org = kaoa_trigger_spalte(rel, "zustaendig_org");
	fs.anschluss = kaoa_trigger_spalte(rel, "anschluss");
	fs.grund = kaoa_trigger_spalte(rel, "grund");
	fs.status_seit = kaoa_trigger_spalte(rel, "status_seit");
	fs.aufnehmende_org = kaoa_trigger_spalte(rel, "aufnehmende_org");
	fs.relid = RelationGetRelid(rel);
}

/* Probe callbacks: the organisation's type and school form; whether a category secures; the
 * unsuccessful attempts up to now (stopping at three). */
typedef struct org_info
{
	bool		gefunden;
	int			typ;
	char	   *schulform;
} org_info;

static bool
org_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	org_info   *o = (org_info *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "schulform", &isnull);

	o->gefunden = true;
	o->typ = kaoa_sonde_enum(&kaoa_map_org_typ, t, d, "typ");
	o->schulform = isnull ? NULL : TextDatumGetCString(v);
	return false;
}

static bool
sichert_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(int *) arg = kaoa_sonde_bool(t, d, "sichert", false) ? 1 : 0;
	return false;
}

static bool
kontakt_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	long	   *n = (long *) arg;
	bool		isnull;
	TimestampTz zeit = DatumGetTimestampTz(kaoa_sonde_datum(t, d, "zeit", &isnull));

	if (!kaoa_sonde_bool(t, d, "erfolgreich", true) && !isnull &&
		zeit <= GetCurrentTransactionStartTimestamp())
		(*n)++;
	return *n < KETTE_MIN_KONTAKTE;
}

/*
 * aufnehmende_org names the Berufskolleg, Kammer or Betrieb that admits the young person: KA008
 * for an organisation of another type.  An unknown organisation is left to the foreign
 * key.
 */
static void
aufnehmende_pruefen(const char *kommune, int64 fall_id, int64 person_id, int schuljahr, int64 org)
{
	Snapshot	snap = kaoa_sonde_frisch();
	int			typ = kette_org_typ(kommune, org, snap);

	kaoa_sonde_ende(snap);
	if (typ >= 0 && !kette_org_nimmt_auf(typ))
		kette_melden(KV_EMPFAENGER_TYP, "fall", "aufnehmende_org",
			errmsg("organisation %lld cannot be the admitting organisation of a case", (long long) org),
			fall_id != 0 ?
			errdetail("Case %lld of Kommune %s names organisation %lld of type %s in aufnehmende_org.",
					  (long long) fall_id, kommune, (long long) org, kaoa_org_typ_name(typ)) :
			errdetail("The new case of person %lld, school year %d, Kommune %s, names organisation %lld of type %s in aufnehmende_org.",
					  (long long) person_id, schuljahr, kommune, (long long) org, kaoa_org_typ_name(typ)),
			errhint("aufnehmende_org names the Berufskolleg, Kammer or Betrieb that admits the young person; other organisations take a case over with kaoa.uebergeben."));
}

/* BEFORE INSERT: who creates a case, in which state, held by whom (docs/kette.md, "Cases are
 * created"). */
static HeapTuple
fall_anlegen(TriggerData *td, const kaoa_akteur *a)
{
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	neu = td->tg_trigtuple;
	char	   *kommune = kaoa_zeile_text(neu, desc, fs.kommune);
	int64		schule = kaoa_zeile_int8(neu, desc, fs.schule_org, 0);
	bool		zust_null = kaoa_zeile_null(neu, desc, fs.zustaendig_org);
	int64		zust = kaoa_zeile_int8(neu, desc, fs.zustaendig_org, 0);
	int			status = kaoa_zeile_enum(&kaoa_map_status, neu, desc, fs.status);
	bool		schulform_null = kaoa_zeile_null(neu, desc, fs.schulform);
	char	   *schulform = NULL;
	int64		person_id;
	int			schuljahr;
	int			spalten[3];
	Datum		werte[3];
	bool		nulls[3] = {false, false, false};
	int			n = 0;

	static const char *const pflicht[] = {"kommune", "person_id", "schuljahr", "schule_org", "status"};

	/* the rules below look things up by these (a BEFORE trigger runs before NOT NULL) */
	kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	person_id = kaoa_zeile_int8(neu, desc, fs.person_id, 0);
	schuljahr = DatumGetInt32(heap_getattr(neu, fs.schuljahr, desc, &(bool) {false}));

	if (a->art == KAOA_AKTEUR_ORG &&
		!((a->org_typ == KO_SCHULE || a->org_typ == KO_BERUFSKOLLEG) &&
		  schule == a->org_id && strcmp(kommune, a->kommune) == 0))
		kette_melden(KV_NICHT_EIGENE_SCHULE, "fall", "schule_org",
			errmsg("organisation %lld may not create cases for school %lld",
							  (long long) a->org_id, (long long) schule),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s; the new case is for person %lld, school year %d, Kommune %s.",
							  a->rolle, (long long) a->org_id, kaoa_org_typ_name(a->org_typ), a->kommune,
							  (long long) person_id, schuljahr, kommune),
			errhint("A school or Berufskolleg creates cases for itself (schule_org = its own org_id); other cases come from a system role (kaoa.system_zugang)."));
	/*
	 * A case for a person held elsewhere is opened only by the system or reaches the school through
	 * a hand-off: otherwise a school merely offered a case could open one for a later school year,
	 * become the school of the current case and so read and rewrite the identity while the pupil's
	 * school loses sight.  Missing, hidden and held elsewhere get the same words, so the refusal
	 * discloses nothing.
	 */
	if (a->art == KAOA_AKTEUR_ORG && !kaoa_person_gehalten_fuer(a, kommune, person_id, false))
		kette_melden(KV_NICHT_SICHTBAR, "fall", "person_id",
			errmsg("organisation %lld may not open a case for person %lld",
						(long long) a->org_id, (long long) person_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) holds no current case of a person %lld in Kommune %s and did not register such a person before a first case.",
						   a->rolle, (long long) a->org_id, a->kommune, (long long) person_id, kommune),
			errhint("A school or Berufskolleg opens cases for the young people whose current case it holds, or whom it registered and who have no case yet; a case for a person held elsewhere comes from a system role (e.g. kaoa import) or moves by a hand-off (kaoa.uebergeben, kaoa.uebernehmen)."));
	if (status != KS_OFFEN)
		kette_melden(KV_START_NICHT_OFFEN, "fall", "status",
			errmsg("a new case starts in state offen"),
			errdetail("The INSERT of the case of person %lld, school year %d, Kommune %s gave status %s.",
							  (long long) person_id, schuljahr, kommune, status_name(status)),
			errhint("Insert the case with status offen (the default), then change it with UPDATE."));
	if (!zust_null && zust != schule)
		kette_melden(KV_ZUSTAENDIG_DIREKT, "fall", "zustaendig_org",
			errmsg("a new case is held by its school"),
			errdetail("The INSERT of the case of person %lld, school year %d, Kommune %s gave zustaendig_org %lld and schule_org %lld.",
							  (long long) person_id, schuljahr, kommune, (long long) zust, (long long) schule),
			errhint("Leave zustaendig_org out (it starts as schule_org) and hand the case on with kaoa.uebergeben."));
	if (!kaoa_zeile_null(neu, desc, fs.aufnehmende_org))
		aufnehmende_pruefen(kommune, 0, person_id, schuljahr, kaoa_zeile_int8(neu, desc, fs.aufnehmende_org, 0));

	/* The school's type and school form: a school's own actor needs no look-up when the row
	 * carries the school form. */
	if (a->art != KAOA_AKTEUR_ORG || schulform_null)
	{
		Datum		keys[2];
		org_info	o = {false, -1, NULL};

		keys[0] = CStringGetTextDatum(kommune);
		keys[1] = Int64GetDatum(schule);
		(void) kaoa_sonde("organisation", "organisation_pkey", 2, keys, NULL, org_zeile, &o);
		if (o.gefunden)
		{
			if (o.typ != KO_SCHULE && o.typ != KO_BERUFSKOLLEG)
				kette_melden(KV_KEINE_SCHULE, "fall", "schule_org",
					errmsg("schule_org %lld is not a school or Berufskolleg", (long long) schule),
					errdetail("The case of person %lld, school year %d: organisation %lld of Kommune %s is of type %s.",
									  (long long) person_id, schuljahr, (long long) schule, kommune, kaoa_org_typ_name(o.typ)),
					errhint("schule_org names the school (typ schule or berufskolleg) the young person leaves."));
			schulform = o.schulform;
		}
	}

	spalten[n] = fs.zustaendig_org;
	werte[n++] = Int64GetDatum(schule);
	spalten[n] = fs.status_seit;
	werte[n++] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	if (schulform_null && schulform != NULL)
	{
		spalten[n] = fs.schulform;
		werte[n++] = CStringGetTextDatum(schulform);
	}
	return heap_modify_tuple_by_cols(neu, desc, n, spalten, werte, nulls);
}

/* Reports the first violated rule of a case UPDATE with the case named in the detail. */
pg_attribute_noreturn()
static void
fall_verstoss_melden(kette_verstoss v, const kette_fall_aenderung *f, const kaoa_akteur *a,
					 const char *kommune, int64 fall_id, int64 zust_alt, int64 zust_neu,
					 int schuljahr, const char *spalte_name, const char *anschluss,
					 const kette_fristen *fr)
{
	switch (v)
	{
		case KV_NICHT_HALTER:
			kette_melden(v, "fall", "zustaendig_org",
				errmsg("organisation %lld is not responsible for case %lld",
								  (long long) a->org_id, (long long) fall_id),
				errdetail("Case %lld of Kommune %s is held by organisation %lld; role \"%s\" acts for organisation %lld.",
								  (long long) fall_id, kommune, (long long) zust_alt, a->rolle,
								  (long long) a->org_id),
				errhint("Only the holder changes a case. It is handed on with kaoa.uebergeben(fall_id, an_org, rechtsgrundlage) and kaoa.uebernehmen(uebergabe_id)."));
		case KV_UNVERAENDERLICH:
			kette_melden(v, "fall", spalte_name,
				errmsg("column %s of kaoa.fall cannot change", spalte_name),
				errdetail("Case %lld of Kommune %s: %s is fixed when the case is created.",
								  (long long) fall_id, kommune, spalte_name),
				errhint("Create a new case for another person, school year or school; status, anschluss, aufnehmende_org, abschluss, abschluss_erwartet, schulform and grund change by UPDATE."));
		case KV_ZUSTAENDIG_DIREKT:
			kette_melden(v, "fall", "zustaendig_org",
				errmsg("zustaendig_org of case %lld changes only by an accepted hand-off",
								  (long long) fall_id),
				errdetail("The UPDATE tried to move case %lld of Kommune %s from organisation %lld to %lld.",
								  (long long) fall_id, kommune, (long long) zust_alt, (long long) zust_neu),
				errhint("Offer the case with kaoa.uebergeben(fall_id, an_org, rechtsgrundlage); it moves when the receiver calls kaoa.uebernehmen(uebergabe_id)."));
		case KV_UEBERGANG:
			kette_melden(v, "fall", "status",
				errmsg("case status cannot change from %s to %s",
								  status_name(f->von), status_name(f->nach)),
				errdetail("Case %lld of Kommune %s is %s.", (long long) fall_id, kommune,
								  status_name(f->von)),
				errhint("Allowed from %s: %s.", status_name(f->von),
								  kette_uebergang_ziele(f->von)));
		case KV_ANGETRETEN_NACH_STICHTAG:
			kette_melden(v, "fall", "status",
				errmsg("case %lld is angetreten and its verbleib_stichtag has passed",
								  (long long) fall_id),
				errdetail("Case %lld of Kommune %s started its Anschluss; after the verbleib_stichtag %s angetreten is terminal.",
								  (long long) fall_id, kommune, kaoa_datum_text(fr->verbleib_stichtag)),
				errhint("A drop-out is reported up to the verbleib_stichtag (kaoa.fristen); later changes belong to the next school year's case."));
		case KV_ANSCHLUSS_FEHLT:
			if (f->von == f->nach)
				kette_melden(v, "fall", "anschluss",
					errmsg("case %lld is %s and cannot lose its anschluss", (long long) fall_id,
									  status_name(f->nach)),
					errdetail("The UPDATE of case %lld of Kommune %s sets anschluss to NULL.",
									  (long long) fall_id, kommune),
					errhint("A case in anschluss_gesichert or angetreten keeps an anschluss that secures one; change the status (e.g. to ohne_anschluss or nicht_angetreten) to record that it fell through."));
			kette_melden(v, "fall", "anschluss",
				errmsg("case %lld cannot become %s without an anschluss",
								  (long long) fall_id, status_name(f->nach)),
				errdetail("Case %lld of Kommune %s has no anschluss.", (long long) fall_id, kommune),
				errhint("Set anschluss to a category that secures an Anschluss (kaoa.anschluss_kategorie WHERE sichert), e.g. dual_betrieblich, in the same UPDATE."));
		case KV_ANSCHLUSS_SICHERT_NICHT:
			kette_melden(v, "fall", "anschluss",
				errmsg("anschluss %s does not secure an Anschluss", anschluss),
				errdetail("Case %lld of Kommune %s (%s): category %s is recorded as Verbleib but does not secure an Anschluss.",
								  (long long) fall_id, kommune, status_name(f->nach), anschluss),
				errhint("Use a category of kaoa.anschluss_kategorie WHERE sichert for a case in anschluss_gesichert or angetreten; arbeit, ausland, elternzeit and krankheit go with status ohne_anschluss."));
		case KV_KONTAKTE:
			kette_melden(v, "fall", "status",
				errmsg("case %lld cannot become nicht_erreichbar", (long long) fall_id),
				errdetail_plural("Case %lld of Kommune %s has %ld unsuccessful contact attempt recorded up to now.",
								 "Case %lld of Kommune %s has %ld unsuccessful contact attempts recorded up to now.",
								 (unsigned long) f->erfolglose_kontakte,
								 (long long) fall_id, kommune, f->erfolglose_kontakte),
				errhint("Record at least 3 unsuccessful contact attempts in kaoa.kontaktversuch first."));
		case KV_FENSTER:
			kette_melden(v, "fall", "grund",
				errmsg("identification of case %lld outside the identification window needs a grund",
								  (long long) fall_id),
				fr->hat_fenster ?
				errdetail("Today (%s) lies outside the window %s to %s of Kommune %s for school year %d.",
						  kaoa_datum_text(kaoa_heute()), kaoa_datum_text(fr->von),
						  kaoa_datum_text(fr->bis), kommune, schuljahr) :
				errdetail("Kommune %s has no identification window for school year %d (kaoa.fristen).",
						  kommune, schuljahr),
				errhint("Give the reason in grund in the same UPDATE, or identify inside the window set in kaoa.fristen."));
		default:
			kette_melden(v, "fall", NULL,
				errmsg("case change refused"),
				errdetail("Case %lld of Kommune %s.",
															(long long) fall_id, kommune),
				errhint("See the error codes KA001–KA010 in docs/errors.md: only the holder changes a case, within the transitions and preconditions of the Verantwortungskette."));
	}
}

/* BEFORE UPDATE: the state machine, its preconditions, and the columns that never change. */
static HeapTuple
fall_aendern(TriggerData *td, const kaoa_akteur *a)
{
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	alt = td->tg_trigtuple;
	HeapTuple	neu = td->tg_newtuple;
	char	   *kommune = kaoa_zeile_text(alt, desc, fs.kommune);
	int64		fall_id = kaoa_zeile_int8(alt, desc, fs.fall_id, 0);
	int64		zust_alt = kaoa_zeile_int8(alt, desc, fs.zustaendig_org, 0);
	int64		zust_neu = kaoa_zeile_int8(neu, desc, fs.zustaendig_org, 0);
	int			schuljahr = DatumGetInt32(heap_getattr(alt, fs.schuljahr, desc, &(bool) {false}));
	char	   *grund_neu = kaoa_zeile_text(neu, desc, fs.grund);
	char	   *anschluss_neu = kaoa_zeile_text(neu, desc, fs.anschluss);
	const char *spalte_name = NULL;
	kette_fall_aenderung f;
	kette_fristen fr;
	kette_verstoss v;
	bool		aufnehmende_geaendert;
	int			spalten[5];
	Datum		werte[5];
	bool		nulls[5] = {false, false, false, false, false};
	int			n = 0;

	memset(&f, 0, sizeof(f));
	memset(&fr, 0, sizeof(fr));
	f.system = kaoa_ist_system(a);
	f.halter = a->art == KAOA_AKTEUR_ORG && zust_alt == a->org_id && strcmp(a->kommune, kommune) == 0;
	f.beauftragt = kette_auftrag_fuer_fall(kommune, fall_id);
	if (!kaoa_zeile_gleich(alt, neu, desc, fs.kommune))
		spalte_name = "kommune";
	else if (!kaoa_zeile_gleich(alt, neu, desc, fs.person_id))
		spalte_name = "person_id";
	else if (!kaoa_zeile_gleich(alt, neu, desc, fs.schuljahr))
		spalte_name = "schuljahr";
	else if (!kaoa_zeile_gleich(alt, neu, desc, fs.schule_org))
		spalte_name = "schule_org";
	f.unveraenderlich = spalte_name != NULL;
	f.zustaendig_geaendert = kaoa_zeile_null(neu, desc, fs.zustaendig_org) || zust_alt != zust_neu;
	f.zustaendig_erlaubt = f.beauftragt && kette_auftrag_jetzt.zustaendig &&
		!kaoa_zeile_null(neu, desc, fs.zustaendig_org);
	f.von = kaoa_zeile_enum(&kaoa_map_status, alt, desc, fs.status);
	f.nach = kaoa_zeile_enum(&kaoa_map_status, neu, desc, fs.status);
	if ((int) f.nach < 0)
		return neu;				/* NOT NULL reports it */
	f.grund = !kaoa_leer(grund_neu) && !kaoa_zeile_gleich(alt, neu, desc, fs.grund);
	f.anschluss_geaendert = !kaoa_zeile_gleich(alt, neu, desc, fs.anschluss);

	/* First pass with the preconditions assumed met: the cheap rules decide alone. */
	f.anschluss_sichert = 1;
	f.erfolglose_kontakte = KETTE_MIN_KONTAKTE;
	f.im_fenster = true;
	f.nach_stichtag = false;
	v = kette_fall_pruefen(&f);
	if (v == KV_OK && (f.von != f.nach || f.anschluss_geaendert))
	{
		unsigned	braucht = kette_fall_braucht(f.von, f.nach, f.anschluss_geaendert);

		if (braucht != 0)
		{
			Datum		keys[2];
			Snapshot	snap = kaoa_sonde_frisch();

			if (braucht & KETTE_BRAUCHT_ANSCHLUSS)
			{
				f.anschluss_sichert = -1;
				if (anschluss_neu != NULL)
				{
					keys[0] = CStringGetTextDatum(anschluss_neu);
					f.anschluss_sichert = 0;
					(void) kaoa_sonde("anschluss_kategorie", "anschluss_kategorie_pkey", 1, keys, snap,
									  sichert_zeile, &f.anschluss_sichert);
				}
			}
			if (braucht & KETTE_BRAUCHT_KONTAKTE)
			{
				keys[0] = CStringGetTextDatum(kommune);
				keys[1] = Int64GetDatum(fall_id);
				f.erfolglose_kontakte = 0;
				(void) kaoa_sonde("kontaktversuch", "kontaktversuch_fall", 2, keys, snap, kontakt_zeile,
								  &f.erfolglose_kontakte);
			}
			if (braucht & (KETTE_BRAUCHT_FENSTER | KETTE_BRAUCHT_STICHTAG))
			{
				DateADT		heute = kaoa_heute();

				kette_fristen_laden(kommune, schuljahr, snap, &fr);
				f.im_fenster = fr.hat_fenster && fr.von <= heute && heute <= fr.bis;
				f.nach_stichtag = heute > fr.verbleib_stichtag;
			}
			kaoa_sonde_ende(snap);
			v = kette_fall_pruefen(&f);
		}
	}
	if (v != KV_OK)
		fall_verstoss_melden(v, &f, a, kommune, fall_id, zust_alt, zust_neu, schuljahr,
							 spalte_name, anschluss_neu, &fr);
	aufnehmende_geaendert = !kaoa_zeile_gleich(alt, neu, desc, fs.aufnehmende_org);
	if (aufnehmende_geaendert && !kaoa_zeile_null(neu, desc, fs.aufnehmende_org))
		aufnehmende_pruefen(kommune, fall_id, 0, schuljahr, kaoa_zeile_int8(neu, desc, fs.aufnehmende_org, 0));

	/* status_seit follows the status; nobody sets it by hand */
	spalten[n] = fs.status_seit;
	if (f.von != f.nach)
		werte[n++] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	else
	{
		bool		isnull;

		werte[n] = heap_getattr(alt, fs.status_seit, desc, &isnull);
		nulls[n++] = isnull;
	}
	/* grund is the reason given with the latest status change */
	if (f.von != f.nach && !f.grund && grund_neu != NULL)
	{
		spalten[n] = fs.grund;
		werte[n] = (Datum) 0;
		nulls[n++] = true;
	}
	/* leaving anschluss_gesichert for ohne_anschluss clears anschluss (and the admitting
	 * organisation) unless the same UPDATE sets a new one */
	if (f.von == KS_ANSCHLUSS_GESICHERT && f.nach == KS_OHNE_ANSCHLUSS)
	{
		if (anschluss_neu != NULL && !f.anschluss_geaendert)
		{
			spalten[n] = fs.anschluss;
			werte[n] = (Datum) 0;
			nulls[n++] = true;
		}
		if (!kaoa_zeile_null(neu, desc, fs.aufnehmende_org) && !aufnehmende_geaendert)
		{
			spalten[n] = fs.aufnehmende_org;
			werte[n] = (Datum) 0;
			nulls[n++] = true;
		}
	}
	return heap_modify_tuple_by_cols(neu, desc, n, spalten, werte, nulls);
}

Datum
kaoa_fall_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.fall_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	const kaoa_akteur *a;

	fall_spalten_laden(td->tg_relation);
	a = kaoa_akteur_verlangen();
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return PointerGetDatum(fall_anlegen(td, a));
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(fall_aendern(td, a));
	kaoa_trigger_falsch("kaoa.fall_regeln", KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
}

/* AFTER INSERT OR UPDATE: one ereignis row per created or changed case. */
Datum
kaoa_fall_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.fall_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	HeapTuple	neu;
	char	   *kommune;
	int64		fall_id;
	StringInfoData d;

	fall_spalten_laden(rel);
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	kommune = kaoa_zeile_text(neu, desc, fs.kommune);
	fall_id = kaoa_zeile_int8(neu, desc, fs.fall_id, 0);
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		kette_json_int(&d, "schuljahr", DatumGetInt32(heap_getattr(neu, fs.schuljahr, desc, &(bool) {false})));
		kette_json_int(&d, "schule_org", kaoa_zeile_int8(neu, desc, fs.schule_org, 0));
		appendStringInfoChar(&d, '}');
		kaoa_spi_verbinden();
		kette_ereignis(kommune, fall_id, org_oder_0(a), "fall_angelegt", -1, KS_OFFEN, d.data);
		SPI_finish();
	}
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	alt = td->tg_trigtuple;
		int			von = kaoa_zeile_enum(&kaoa_map_status, alt, desc, fs.status);
		int			nach = kaoa_zeile_enum(&kaoa_map_status, neu, desc, fs.status);
		bool		spalten_offen = false;
		const char *art;

		if (von != nach)
		{
			char	   *grund = kaoa_zeile_text(neu, desc, fs.grund);

			if (grund != NULL)
				kette_json_text(&d, "grund", grund);
		}
		/* the other columns that changed (zustaendig_org is logged by the acceptance) */
		for (int i = 1; i <= desc->natts; i++)
		{
			if (TupleDescAttr(desc, i - 1)->attisdropped || i == fs.status || i == fs.status_seit ||
				i == fs.zustaendig_org || (i == fs.grund && von != nach))
				continue;
			if (kaoa_zeile_gleich(alt, neu, desc, i))
				continue;
			if (!spalten_offen)
			{
				if (d.len > 1)
					appendStringInfoString(&d, ", ");
				appendStringInfoString(&d, "\"spalten\": [");
				spalten_offen = true;
			}
			else
				appendStringInfoString(&d, ", ");
			escape_json(&d, NameStr(TupleDescAttr(desc, i - 1)->attname));
		}
		if (spalten_offen)
			appendStringInfoChar(&d, ']');
		appendStringInfoChar(&d, '}');
		if (von == nach && !spalten_offen)
			return PointerGetDatum(NULL);	/* nothing the log records */
		if (von != nach)
			art = kette_auftrag_fuer_fall(kommune, fall_id) && kette_auftrag_jetzt.status_art ?
				kette_auftrag_jetzt.status_art : "status";
		else
			art = "aenderung";
		kaoa_spi_verbinden();
		kette_ereignis(kommune, fall_id, org_oder_0(a), art, von != nach ? von : -1,
					   von != nach ? nach : -1, d.len > 2 ? d.data : NULL);
		SPI_finish();
	}
	else
		kaoa_trigger_falsch("kaoa.fall_protokoll", KAOA_TRIGGER_NACH_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	return PointerGetDatum(NULL);
}

/* ---- times of recording ------------------------------------------------------------------------------- */

/*
 * widerrufen_am and widerspruch_am say when kaoa learned of a revocation or objection (review
 * #10): an organisation's value is replaced by the transaction time, as status_seit is, so it can
 * neither backdate a revocation behind a hand-off already sent nor post-date it to keep a consent
 * valid; the log's time then agrees.  A system role importing earlier records keeps a past time;
 * a future one is refused (22023).  Returns the value to store.
 */
static Datum
zeitpunkt_der_erfassung(const kaoa_akteur *a, Datum gegeben, const char *spalte_name,
						const char *tabelle, const char *kommune, int64 person_id)
{
	TimestampTz jetzt = GetCurrentTransactionStartTimestamp();

	if (!kaoa_ist_system(a))
		return TimestampTzGetDatum(jetzt);
	if (DatumGetTimestampTz(gegeben) > jetzt)
		kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE,
					  kaoa_verstoss_ort(tabelle, spalte_name, "kette_zeitpunkt_der_erfassung"),
					  errmsg("%s of kaoa.%s cannot lie in the future", spalte_name, tabelle),
					  errdetail("Person %lld of Kommune %s: the statement gave %s %s; the transaction started at %s.",
								(long long) person_id, kommune, spalte_name,
								pstrdup(timestamptz_to_str(DatumGetTimestampTz(gegeben))),
								pstrdup(timestamptz_to_str(jetzt))),
					  errhint("Set %s = now(); a system role importing earlier records may give a past time.",
							  spalte_name));
	return gegeben;
}

/* ---- kaoa.person ---------------------------------------------------------------------------------------- */

typedef struct person_spalten
{
	Oid			relid;
	int			kommune, person_id, pseudonym, geburtsmonat, widerspruch_am, angelegt_von;
} person_spalten;

static person_spalten ps;

static void
person_spalten_laden(Relation rel)
{
	if (ps.relid == RelationGetRelid(rel))
		return;
	ps.kommune = kaoa_trigger_spalte(rel, "kommune");
	ps.person_id = kaoa_trigger_spalte(rel, "person_id");
	ps.pseudonym = kaoa_trigger_spalte(rel, "pseudonym");
	ps.geburtsmonat = kaoa_trigger_spalte(rel, "geburtsmonat");
	ps.widerspruch_am = kaoa_trigger_spalte(rel, "widerspruch_am");
	ps.angelegt_von = kaoa_trigger_spalte(rel, "angelegt_von");
	ps.relid = RelationGetRelid(rel);
}

/* The first day of the month of d (only the birth month is kept). */
static DateADT
monatsanfang(DateADT d)
{
	int			j, m, t;

	if (DATE_NOT_FINITE(d))
		return d;
	j2date(d + POSTGRES_EPOCH_JDATE, &j, &m, &t);
	return date2j(j, m, 1) - POSTGRES_EPOCH_JDATE;
}

/* BEFORE INSERT OR UPDATE: schools register persons; keys and the objection never change. */
Datum
kaoa_person_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.person_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	const kaoa_akteur *a;
	HeapTuple	neu;
	char	   *kommune;
	int64		person_id;
	int			spalten[3];
	Datum		werte[3];
	bool		nulls[3] = {false, false, false};
	int			n = 0;
	bool		isnull;
	Datum		gm;

	person_spalten_laden(rel);
	a = kaoa_akteur_verlangen();
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		static const char *const pflicht[] = {"kommune", "person_id"};

		kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	}
	/* an UPDATE is judged (and named) by the stored row: the new one may hold NULL anywhere */
	kommune = kaoa_zeile_text(td->tg_trigtuple, desc, ps.kommune);
	person_id = kaoa_zeile_int8(td->tg_trigtuple, desc, ps.person_id, 0);
	if (kommune == NULL)
		return PointerGetDatum(neu);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		if (a->art == KAOA_AKTEUR_ORG &&
			((a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG) || strcmp(kommune, a->kommune) != 0))
			kette_melden(KV_NICHT_EIGENE_SCHULE, "person", "kommune",
				errmsg("organisation %lld may not register persons in Kommune %s",
								  (long long) a->org_id, kommune),
				errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s.",
								  a->rolle, (long long) a->org_id, kaoa_org_typ_name(a->org_typ), a->kommune),
				errhint("Schools and Berufskollegs register the young people of their own Kommune; imports run as a system role."));
		if (a->art == KAOA_AKTEUR_ORG)
		{
			spalten[n] = ps.angelegt_von;
			werte[n++] = Int64GetDatum(a->org_id);
		}
		if (!kaoa_zeile_null(neu, desc, ps.widerspruch_am))
		{
			spalten[n] = ps.widerspruch_am;
			werte[n++] = zeitpunkt_der_erfassung(a, heap_getattr(neu, ps.widerspruch_am, desc, &isnull),
												  "widerspruch_am", "person",
												  kommune, person_id);
		}
	}
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	alt = td->tg_trigtuple;
		const char *feste = NULL;

		/* the birth month is kept with the identity, by the same school */
		if (a->art == KAOA_AKTEUR_ORG && !kette_auftrag_fuer_person(kommune, person_id) &&
			!kaoa_identitaet_sichtbar_fuer(a, kommune, person_id, false))
			kette_melden(KV_NICHT_HALTER, "person", NULL,
				errmsg("organisation %lld may not change person %lld",
							(long long) a->org_id, (long long) person_id),
				errdetail("Person %lld of Kommune %s; role \"%s\" acts for organisation %lld (%s), which does not keep the person's identity.",
							   (long long) person_id, kommune, a->rolle, (long long) a->org_id,
							   kaoa_org_typ_name(a->org_typ)),
				errhint("The school or Berufskolleg that holds the person's current case and is its school keeps the person row (before the first case: the school that registered the person); an objection is recorded by anyone who sees the person with kaoa.widerspruch_erheben(person_id)."));
		if (!kaoa_zeile_gleich(alt, neu, desc, ps.kommune))
			feste = "kommune";
		else if (!kaoa_zeile_gleich(alt, neu, desc, ps.person_id))
			feste = "person_id";
		else if (!kaoa_zeile_gleich(alt, neu, desc, ps.pseudonym))
			feste = "pseudonym";
		else if (!kaoa_zeile_gleich(alt, neu, desc, ps.angelegt_von))
			feste = "angelegt_von";
		else if (!kaoa_zeile_null(alt, desc, ps.widerspruch_am) && !kaoa_zeile_gleich(alt, neu, desc, ps.widerspruch_am))
			feste = "widerspruch_am";
		if (feste != NULL)
		{
			bool		widerspruch = strcmp(feste, "widerspruch_am") == 0;

			kette_melden(KV_UNVERAENDERLICH, "person", feste,
				errmsg("column %s of kaoa.person cannot change", feste),
				widerspruch ?
				errdetail("Person %lld of Kommune %s: widerspruch_am is fixed once the objection is recorded.",
						  (long long) person_id, kommune) :
				errdetail("Person %lld of Kommune %s: %s is fixed when the person is registered.",
						  (long long) person_id, kommune, feste),
				widerspruch ?
				errhint("An objection is recorded once; consent given later is recorded in kaoa.einwilligung.") :
				errhint("Register a new person instead; the pseudonym is the import key."));
		}
		if (kaoa_zeile_null(alt, desc, ps.widerspruch_am) && !kaoa_zeile_null(neu, desc, ps.widerspruch_am))
		{
			spalten[n] = ps.widerspruch_am;
			werte[n++] = zeitpunkt_der_erfassung(a, heap_getattr(neu, ps.widerspruch_am, desc, &isnull),
												  "widerspruch_am", "person",
												  kommune, person_id);
		}
	}
	else
		kaoa_trigger_falsch("kaoa.person_regeln", KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);

	/* only the birth month is kept */
	gm = heap_getattr(neu, ps.geburtsmonat, desc, &isnull);
	if (!isnull && monatsanfang(DatumGetDateADT(gm)) != DatumGetDateADT(gm))
	{
		spalten[n] = ps.geburtsmonat;
		werte[n++] = DateADTGetDatum(monatsanfang(DatumGetDateADT(gm)));
	}
	if (n == 0)
		return PointerGetDatum(neu);
	return PointerGetDatum(heap_modify_tuple_by_cols(neu, desc, n, spalten, werte, nulls));
}

/* AFTER INSERT OR UPDATE: an objection newly recorded is logged. */
Datum
kaoa_person_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.person_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	neu;
	char	   *kommune;
	int64		person_id;
	StringInfoData d;

	person_spalten_laden(rel);
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (kaoa_zeile_null(neu, desc, ps.widerspruch_am))
		return PointerGetDatum(NULL);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && !kaoa_zeile_null(td->tg_trigtuple, desc, ps.widerspruch_am))
		return PointerGetDatum(NULL);
	kommune = kaoa_zeile_text(neu, desc, ps.kommune);
	person_id = kaoa_zeile_int8(neu, desc, ps.person_id, 0);
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "person_id", person_id);
	appendStringInfoChar(&d, '}');
	kaoa_spi_verbinden();
	kette_ereignis(kommune, kette_aktueller_fall(kommune, person_id),
				   org_oder_0(kaoa_akteur_ermitteln()), "widerspruch", -1, -1, d.data);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ---- kaoa.person_identitaet -------------------------------------------------------------------------- */

static kaoa_spi_plan plan_geburtsmonat = {
	"SELECT p.geburtsmonat FROM kaoa.person p"
	" WHERE p.kommune OPERATOR(pg_catalog.=) $1 AND p.person_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/*
 * When the identity of a person was deleted and no case of the person was created since: the
 * time of the deletion.  The deletion is logged on the person's current case (or
 * without a case), a new case by its fall_angelegt event; ereignis_id orders them.
 */
static kaoa_spi_plan plan_identitaet_geloescht = {
	"WITH faelle AS ("
	"  SELECT f.fall_id FROM kaoa.fall f"
	"   WHERE f.kommune OPERATOR(pg_catalog.=) $1 AND f.person_id OPERATOR(pg_catalog.=) $2),"
	" geloescht AS ("
	"  SELECT e.ereignis_id, e.zeit FROM kaoa.ereignis e"
	"   WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.fall_id IN (SELECT fall_id FROM faelle)"
	"     AND e.art OPERATOR(pg_catalog.=) 'identitaet_geloescht'"
	"     AND e.details OPERATOR(pg_catalog.->>) 'person_id' OPERATOR(pg_catalog.=) $2::pg_catalog.text"
	"  UNION ALL"
	"  SELECT e.ereignis_id, e.zeit FROM kaoa.ereignis e"
	"   WHERE e.kommune OPERATOR(pg_catalog.=) $1 AND e.fall_id IS NULL"
	"     AND e.art OPERATOR(pg_catalog.=) 'identitaet_geloescht'"
	"     AND e.details OPERATOR(pg_catalog.->>) 'person_id' OPERATOR(pg_catalog.=) $2::pg_catalog.text)"
	" SELECT g.zeit FROM geloescht g"
	"  WHERE NOT EXISTS (SELECT 1 FROM kaoa.ereignis n"
	"                     WHERE n.kommune OPERATOR(pg_catalog.=) $1 AND n.fall_id IN (SELECT fall_id FROM faelle)"
	"                       AND n.art OPERATOR(pg_catalog.=) 'fall_angelegt'"
	"                       AND n.ereignis_id OPERATOR(pg_catalog.>) g.ereignis_id)"
	"  ORDER BY g.ereignis_id DESC LIMIT 1",
	2, {TEXTOID, INT8OID}
};

/* BEFORE INSERT OR UPDATE OR DELETE: only the school holding the current case writes the identity;
 * only the system deletes it; a deleted identity comes back only with a new case; the birth date
 * lies in the stored birth month. */
Datum
kaoa_identitaet_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.identitaet_regeln",
										   KAOA_TRIGGER_VOR_ZEILE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			c_kommune = kaoa_trigger_spalte(rel, "kommune");
	int			c_person = kaoa_trigger_spalte(rel, "person_id");
	int			c_geburt = kaoa_trigger_spalte(rel, "geburtsdatum");
	const kaoa_akteur *a;
	HeapTuple	zeile;
	char	   *kommune;
	int64		person_id;
	bool		isnull;
	Datum		geburt;

	a = kaoa_akteur_verlangen();
	zeile = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		static const char *const pflicht[] = {"kommune", "person_id"};

		kaoa_pflichtspalten(rel, zeile, lengthof(pflicht), pflicht);
	}
	kommune = kaoa_zeile_text(td->tg_trigtuple, desc, c_kommune);
	person_id = kaoa_zeile_int8(td->tg_trigtuple, desc, c_person, 0);
	if (kommune == NULL)
		return PointerGetDatum(zeile);

	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		if (!kaoa_ist_system(a))
			kette_melden(KV_NICHT_LESEN, "person_identitaet", "person_id",
				errmsg("organisation %lld may not delete the identity of person %lld",
								  (long long) a->org_id, (long long) person_id),
				errdetail("Person %lld of Kommune %s.", (long long) person_id, kommune),
				errhint("Identities are deleted by kaoa.loeschfristen_anwenden() or by a system role."));
		return PointerGetDatum(zeile);
	}
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) &&
		(!kaoa_zeile_gleich(td->tg_trigtuple, zeile, desc, c_kommune) || !kaoa_zeile_gleich(td->tg_trigtuple, zeile, desc, c_person)))
		kette_melden(KV_UNVERAENDERLICH, "person_identitaet",
			kaoa_zeile_gleich(td->tg_trigtuple, zeile, desc, c_kommune) ? "person_id" : "kommune",
			errmsg("the key of kaoa.person_identitaet cannot change"),
			errdetail("Identity of person %lld of Kommune %s.", (long long) person_id, kommune),
			errhint("Delete and re-create the identity under the right person instead."));
	/* only the keeper writes; missing and hidden persons get the same words */
	if (!kaoa_identitaet_sichtbar_fuer(a, kommune, person_id, false))
		kette_melden(KV_NICHT_LESEN, "person_identitaet", "person_id",
			errmsg("organisation %lld may not write the identity of person %lld",
						(long long) a->org_id, (long long) person_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) does not keep the identity of a person %lld in Kommune %s.",
						   a->rolle, (long long) a->org_id, a->kommune, (long long) person_id, kommune),
			errhint("The identity is kept by the school or Berufskolleg that holds the person's current case and is its school (before the first case: the school that registered the person); organisations that received a case read what its legal basis transferred with kaoa.uebergabe_daten(uebergabe_id)."));
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		Datum		args[2];

		args[0] = CStringGetTextDatum(kommune);
		args[1] = Int64GetDatum(person_id);
		kaoa_spi_verbinden();
		if (kaoa_spi_als_eigentuemer(&plan_identitaet_geloescht, args, NULL, false, 1) > 0)
		{
			bool		n2;
			TimestampTz wann = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0],
																  SPI_tuptable->tupdesc, 1, &n2));

			kette_melden(KV_UNVERAENDERLICH, "person_identitaet", "person_id",
				errmsg("the identity of person %lld was deleted and is not recorded again",
								  (long long) person_id),
				errdetail("Person %lld of Kommune %s: the identity was deleted at %s (retention rules or a system role), and no case of the person was created since.",
								  (long long) person_id, kommune, timestamptz_to_str(wann)),
				errhint("An identity deleted at the end of its retention period stays deleted; a new case of the person, e.g. for a later school year, allows recording it again."));
		}
		SPI_finish();
	}
	geburt = heap_getattr(zeile, c_geburt, desc, &isnull);
	if (!isnull)
	{
		Datum		args[2];

		args[0] = CStringGetTextDatum(kommune);
		args[1] = Int64GetDatum(person_id);
		kaoa_spi_verbinden();
		if (kaoa_spi_als_eigentuemer(&plan_geburtsmonat, args, NULL, false, 1) > 0 && !kaoa_spi_null(0, 1))
		{
			DateADT		monat = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0],
															  SPI_tuptable->tupdesc, 1, &isnull));

			if (monat != monatsanfang(DatumGetDateADT(geburt)))
				kaoa_verstoss(ERRCODE_CHECK_VIOLATION, kaoa_verstoss_ort("person_identitaet", "geburtsdatum", "kette_geburtsmonat"),
					errmsg("geburtsdatum %s does not lie in the birth month of person %lld",
								kaoa_datum_text(DatumGetDateADT(geburt)), (long long) person_id),
					errdetail("Person %lld of Kommune %s has geburtsmonat %s.", (long long) person_id,
								   kommune, kaoa_datum_text(monat)),
					errhint("Correct kaoa.person.geburtsmonat or the birth date."));
		}
		SPI_finish();
	}
	return PointerGetDatum(zeile);
}

/* AFTER DELETE: an identity deletion is logged against the person's current case. */
Datum
kaoa_identitaet_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.identitaet_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE | KAOA_TRIGGER_DELETE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	char	   *kommune;
	int64		person_id;
	StringInfoData d;

	kommune = kaoa_zeile_text(td->tg_trigtuple, desc, kaoa_trigger_spalte(rel, "kommune"));
	person_id = kaoa_zeile_int8(td->tg_trigtuple, desc, kaoa_trigger_spalte(rel, "person_id"), 0);
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "person_id", person_id);
	appendStringInfoChar(&d, '}');
	kaoa_spi_verbinden();
	kette_ereignis(kommune, kette_aktueller_fall(kommune, person_id),
				   org_oder_0(kaoa_akteur_ermitteln()), "identitaet_geloescht", -1, -1, d.data);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ---- kaoa.einwilligung ---------------------------------------------------------------------------------- */

/* A newly given widerrufen_am: the time of recording (see zeitpunkt_der_erfassung). */
static HeapTuple
widerruf_erfassen(const kaoa_akteur *a, HeapTuple neu, TupleDesc desc, int c_widerruf, int64 einw_id,
				  int64 person_id, const char *kommune)
{
	bool		isnull;
	int			spalten[1] = {c_widerruf};
	Datum		werte[1];
	bool		nulls[1] = {false};

	werte[0] = zeitpunkt_der_erfassung(a, heap_getattr(neu, c_widerruf, desc, &isnull), "widerrufen_am",
									   "einwilligung", kommune, person_id);
	return heap_modify_tuple_by_cols(neu, desc, 1, spalten, werte, nulls);
}

/* BEFORE INSERT OR UPDATE: who records a consent (the holder; erfasst_von is set to it), 'selbst'
 * from 14, known fields; afterwards only widerrufen_am is set, once, by the organisation that
 * recorded it, the holder or the school of the person's current case (kaoa_einwilligung_verwaltet_fuer). */
Datum
kaoa_einwilligung_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.einwilligung_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			c_kommune = kaoa_trigger_spalte(rel, "kommune");
	int			c_id = kaoa_trigger_spalte(rel, "einwilligung_id");
	int			c_person = kaoa_trigger_spalte(rel, "person_id");
	int			c_von = kaoa_trigger_spalte(rel, "erteilt_von");
	int			c_daten = kaoa_trigger_spalte(rel, "daten");
	int			c_ab = kaoa_trigger_spalte(rel, "gueltig_ab");
	int			c_widerruf = kaoa_trigger_spalte(rel, "widerrufen_am");
	int			c_erfasst = SPI_fnumber(desc, "erfasst_von");	/* absent while the SQL is 0.1.0 */
	const kaoa_akteur *a;
	HeapTuple	neu;
	char	   *kommune;
	int64		person_id, einw_id;
	bool		isnull;

	a = kaoa_akteur_verlangen();
	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		static const char *const pflicht[] = {"kommune", "person_id"};

		kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	}
	kommune = kaoa_zeile_text(td->tg_trigtuple, desc, c_kommune);
	person_id = kaoa_zeile_int8(td->tg_trigtuple, desc, c_person, 0);
	einw_id = kaoa_zeile_int8(td->tg_trigtuple, desc, c_id, 0);
	if (kommune == NULL)
		return PointerGetDatum(neu);

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	alt = td->tg_trigtuple;

		/*
		 * Who may change a consent at all (its only change is the revocation): the organisation
		 * that recorded it, the holder of the person's current case and that case's school, system
		 * roles.  Row-level security shows the row to nobody else but the KoKo and a receiver of a
		 * hand-off made under it, who read it and get KA004 here.
		 */
		if (a->art == KAOA_AKTEUR_ORG &&
			!kaoa_einwilligung_verwaltet_fuer(a, kommune, person_id,
											  c_erfasst > 0 ? kaoa_zeile_int8(alt, desc, c_erfasst, 0) : 0, false))
			kette_melden(KV_NICHT_HALTER, "einwilligung", "widerrufen_am",
				errmsg("organisation %lld may not revoke consent %lld", (long long) a->org_id, (long long) einw_id),
				errdetail("Role \"%s\" (organisation %lld, Kommune %s) did not record consent %lld of person %lld, and neither holds the person's current case nor is its school.",
						  a->rolle, (long long) a->org_id, a->kommune, (long long) einw_id, (long long) person_id),
				errhint("A revocation is recorded by the organisation that recorded the consent, the organisation holding the young person's current case, the school of that case, or a system role."));
		for (int i = 1; i <= desc->natts; i++)
		{
			if (TupleDescAttr(desc, i - 1)->attisdropped || i == c_widerruf)
				continue;
			if (!kaoa_zeile_gleich(alt, neu, desc, i))
				kette_melden(KV_UNVERAENDERLICH, "einwilligung", NameStr(TupleDescAttr(desc, i - 1)->attname),
					errmsg("column %s of kaoa.einwilligung cannot change",
									  NameStr(TupleDescAttr(desc, i - 1)->attname)),
					errdetail("Consent %lld of person %lld, Kommune %s.", (long long) einw_id,
									  (long long) person_id, kommune),
					errhint("A consent only gets widerrufen_am, once; record a new consent for other terms."));
		}
		if (!kaoa_zeile_null(alt, desc, c_widerruf) && !kaoa_zeile_gleich(alt, neu, desc, c_widerruf))
			kette_melden(KV_UNVERAENDERLICH, "einwilligung", "widerrufen_am",
				errmsg("the revocation of a consent is recorded once"),
				errdetail("Consent %lld of person %lld, Kommune %s, is already revoked.",
								  (long long) einw_id, (long long) person_id, kommune),
				errhint("Record a new consent if the person agrees again."));
		if (kaoa_zeile_null(alt, desc, c_widerruf) && !kaoa_zeile_null(neu, desc, c_widerruf))
			return PointerGetDatum(widerruf_erfassen(a, neu, desc, c_widerruf, einw_id, person_id, kommune));
		return PointerGetDatum(neu);
	}
	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		kaoa_trigger_falsch("kaoa.einwilligung_regeln", KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);

	/* only the holder records a consent; a hidden or missing person gets the same answer */
	if (a->art == KAOA_AKTEUR_ORG && !kaoa_person_gehalten_fuer(a, kommune, person_id, false))
		kette_melden(KV_NICHT_HALTER, "einwilligung", "person_id",
			errmsg("organisation %lld may not record a consent of person %lld", (long long) a->org_id,
				   (long long) person_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) holds the current case of no person %lld in Kommune %s.",
					  a->rolle, (long long) a->org_id, a->kommune, (long long) person_id, kommune),
			errhint("A consent is recorded by the organisation holding the young person's current case (before a first case: the school that registered them) and by system roles; an organisation offered a case records none."));

	/* daten: every element a field a consent may cover */
	{
		Datum		d = heap_getattr(neu, c_daten, desc, &isnull);

		if (!isnull)
		{
			ArrayType  *arr = DatumGetArrayTypeP(d);
			Datum	   *elems;
			bool	   *enulls;
			int			nelems;

			deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &enulls, &nelems);
			if (nelems == 0)
				kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE, kaoa_verstoss_ort("einwilligung", "daten", "kette_einwilligung_daten"),
					errmsg("a consent must cover at least one field"),
					errdetail("Consent for person %lld of Kommune %s has an empty daten list.",
								   (long long) person_id, kommune),
					errhint("Name fields from: %s; or leave daten NULL for all of them.",
								 kette_einwilligung_felder_text()));
			for (int i = 0; i < nelems; i++)
			{
				char	   *feld = enulls[i] ? NULL : TextDatumGetCString(elems[i]);

				if (feld == NULL || !kette_einwilligung_feld_bekannt(feld))
					kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE, kaoa_verstoss_ort("einwilligung", "daten", "kette_einwilligung_daten"),
						errmsg("a consent cannot cover the field \"%s\"", feld ? feld : "NULL"),
						errdetail("Consent for person %lld of Kommune %s, element %d of daten.",
									   (long long) person_id, kommune, i + 1),
						errhint("Fields a consent may cover: %s.", kette_einwilligung_felder_text()));
			}
		}
	}

	/* 'selbst' only from age 14 at gueltig_ab */
	{
		char	   *von = kaoa_zeile_text(neu, desc, c_von);
		Datum		ab = heap_getattr(neu, c_ab, desc, &isnull);

		if (von != NULL && strcmp(von, "selbst") == 0 && !isnull)
		{
			Datum		args[2];
			bool		alt_genug = false;
			bool		monat_bekannt = false;
			DateADT		monat = 0;
			int			gj, gm, gt, aj, am, at;

			args[0] = CStringGetTextDatum(kommune);
			args[1] = Int64GetDatum(person_id);
			kaoa_spi_verbinden();
			if (kaoa_spi_als_eigentuemer(&plan_geburtsmonat, args, NULL, false, 1) > 0 &&
				!kaoa_spi_null(0, 1))
			{
				bool		n2;

				monat = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &n2));
				monat_bekannt = true;
			}
			SPI_finish();
			if (monat_bekannt && !DATE_NOT_FINITE(monat) && !DATE_NOT_FINITE(DatumGetDateADT(ab)))
			{
				j2date(monat + POSTGRES_EPOCH_JDATE, &gj, &gm, &gt);
				j2date(DatumGetDateADT(ab) + POSTGRES_EPOCH_JDATE, &aj, &am, &at);
				alt_genug = kette_selbst_alt_genug(gj, gm, aj, am, at);
			}
			if (!alt_genug)
				kette_melden(KV_EINWILLIGUNG_ALTER, "einwilligung", "erteilt_von",
					errmsg("person %lld cannot consent alone before age 14", (long long) person_id),
					monat_bekannt ?
					errdetail("Person %lld of Kommune %s, born in %s, is not surely 14 on %s.",
							  (long long) person_id, kommune, kaoa_datum_text(monat),
							  kaoa_datum_text(DatumGetDateADT(ab))) :
					errdetail("Person %lld of Kommune %s has no geburtsmonat, so their age is unknown.",
							  (long long) person_id, kommune),
					errhint("A young person consents alone (erteilt_von 'selbst') from age 14; before that the guardians do ('sorgeberechtigt')."));
		}
	}
	/* the organisation that records it (a system role may name the one whose record it imports) */
	if (a->art == KAOA_AKTEUR_ORG && c_erfasst > 0)
	{
		int			spalten[1] = {c_erfasst};
		Datum		werte[1] = {Int64GetDatum(a->org_id)};
		bool		nulls[1] = {false};

		neu = heap_modify_tuple_by_cols(neu, desc, 1, spalten, werte, nulls);
	}
	if (!kaoa_zeile_null(neu, desc, c_widerruf))
		return PointerGetDatum(widerruf_erfassen(a, neu, desc, c_widerruf, 0, person_id, kommune));
	return PointerGetDatum(neu);
}

/* AFTER INSERT OR UPDATE: consents given and revoked are logged. */
Datum
kaoa_einwilligung_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.einwilligung_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			c_widerruf = kaoa_trigger_spalte(rel, "widerrufen_am");
	HeapTuple	neu = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	char	   *kommune = kaoa_zeile_text(neu, desc, kaoa_trigger_spalte(rel, "kommune"));
	int64		person_id = kaoa_zeile_int8(neu, desc, kaoa_trigger_spalte(rel, "person_id"), 0);
	int64		einw_id = kaoa_zeile_int8(neu, desc, kaoa_trigger_spalte(rel, "einwilligung_id"), 0);
	const char *art;
	StringInfoData d;

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		art = "einwilligung";
	else if (kaoa_zeile_null(td->tg_trigtuple, desc, c_widerruf) && !kaoa_zeile_null(neu, desc, c_widerruf))
		art = "widerruf";
	else
		return PointerGetDatum(NULL);
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "einwilligung_id", einw_id);
	kette_json_int(&d, "person_id", person_id);
	appendStringInfoChar(&d, '}');
	kaoa_spi_verbinden();
	kette_ereignis(kommune, kette_aktueller_fall(kommune, person_id),
				   org_oder_0(kaoa_akteur_ermitteln()), art, -1, -1, d.data);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ---- kaoa.kontaktversuch -------------------------------------------------------------------------------- */

typedef struct kontakt_spalten
{
	Oid			relid;
	int			kommune, id, fall_id, org_id, kanal, erfolgreich, zeit;
} kontakt_spalten;

static kontakt_spalten ks;

static void
kontakt_spalten_laden(Relation rel)
{
	if (ks.relid == RelationGetRelid(rel))
		return;
	ks.kommune = kaoa_trigger_spalte(rel, "kommune");
	ks.id = kaoa_trigger_spalte(rel, "kontaktversuch_id");
	ks.fall_id = kaoa_trigger_spalte(rel, "fall_id");
	ks.org_id = kaoa_trigger_spalte(rel, "org_id");
	ks.kanal = kaoa_trigger_spalte(rel, "kanal");
	ks.erfolgreich = kaoa_trigger_spalte(rel, "erfolgreich");
	ks.zeit = kaoa_trigger_spalte(rel, "zeit");
	ks.relid = RelationGetRelid(rel);
}

/*
 * When the attempt happened (kette_regeln.h): not more than KETTE_KONTAKT_VORLAUF_MIN minutes
 * ahead of the transaction's start, and for an organisation not more than
 * KETTE_KONTAKT_RUECKDATIERUNG_TAGE days back (22023).  NULL is left to the NOT NULL constraint.
 */
static void
kontakt_zeit_pruefen(const kaoa_akteur *a, HeapTuple neu, TupleDesc desc, const char *kommune,
					 int64 fall_id)
{
	bool		isnull;
	Datum		d = heap_getattr(neu, ks.zeit, desc, &isnull);
	TimestampTz jetzt = GetCurrentTransactionStartTimestamp();
	TimestampTz zeit;

	if (isnull)
		return;
	zeit = DatumGetTimestampTz(d);
	if (zeit > jetzt + (TimestampTz) KETTE_KONTAKT_VORLAUF_MIN * USECS_PER_MINUTE)
		kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE,
					  kaoa_verstoss_ort("kontaktversuch", "zeit", "kontaktversuch_zeit"),
				 errmsg("a contact attempt cannot be recorded for a time more than %d minutes ahead",
						KETTE_KONTAKT_VORLAUF_MIN),
				 errdetail("The attempt on case %lld of Kommune %s gives zeit %s; the transaction started at %s.",
						   (long long) fall_id, kommune, pstrdup(timestamptz_to_str(zeit)), pstrdup(timestamptz_to_str(jetzt))),
				 errhint("Record an attempt when it has been made: leave zeit out (it defaults to now()) or give the time it happened."));
	if (!kaoa_ist_system(a) &&
		zeit < jetzt - (TimestampTz) KETTE_KONTAKT_RUECKDATIERUNG_TAGE * USECS_PER_DAY)
		kaoa_verstoss(ERRCODE_INVALID_PARAMETER_VALUE,
					  kaoa_verstoss_ort("kontaktversuch", "zeit", "kontaktversuch_zeit"),
				 errmsg("a contact attempt cannot be recorded more than %d days after it was made",
						KETTE_KONTAKT_RUECKDATIERUNG_TAGE),
				 errdetail("The attempt on case %lld of Kommune %s gives zeit %s; the transaction started at %s.",
						   (long long) fall_id, kommune, pstrdup(timestamptz_to_str(zeit)), pstrdup(timestamptz_to_str(jetzt))),
				 errhint("Record attempts within %d days; older attempts come only with a system import of another system's records.",
						 KETTE_KONTAKT_RUECKDATIERUNG_TAGE));
}

/* BEFORE INSERT: an organisation records its own attempts, on cases it may see, made recently. */
Datum
kaoa_kontakt_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.kontakt_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	neu = td->tg_trigtuple;
	const kaoa_akteur *a;
	char	   *kommune;
	int64		fall_id, org_id;

	kontakt_spalten_laden(rel);
	a = kaoa_akteur_verlangen();
	{
		static const char *const pflicht[] = {"kommune", "fall_id", "org_id"};

		kaoa_pflichtspalten(rel, neu, lengthof(pflicht), pflicht);
	}
	kommune = kaoa_zeile_text(neu, desc, ks.kommune);
	fall_id = kaoa_zeile_int8(neu, desc, ks.fall_id, 0);
	org_id = kaoa_zeile_int8(neu, desc, ks.org_id, 0);
	if (kommune == NULL)
		return PointerGetDatum(neu);
	if (a->art != KAOA_AKTEUR_ORG)
	{
		kontakt_zeit_pruefen(a, neu, desc, kommune, fall_id);	/* the system: not ahead */
		return PointerGetDatum(neu);
	}
	/*
	 * The case first, and only its holder: a hidden case, a missing one and one the caller sees
	 * but does not hold (offered, held before, its school's, the KoKo's view) get one answer,
	 * whatever else the row says.
	 */
	if (!kaoa_fall_gehalten_fuer(a, kommune, fall_id, false))
		kette_melden(KV_NICHT_HALTER, "kontaktversuch", "fall_id",
			errmsg("organisation %lld may not record contact attempts on case %lld", (long long) a->org_id,
				   (long long) fall_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) holds no case %lld in Kommune %s.",
					  a->rolle, (long long) a->org_id, a->kommune, (long long) fall_id, kommune),
			errhint("Contact attempts are recorded by the organisation holding the case (and system roles); an organisation offered the case records them once it has accepted."));
	if (org_id != a->org_id)
		kette_melden(KV_NICHT_HALTER, "kontaktversuch", "org_id",
			errmsg("organisation %lld records contact attempts only for itself", (long long) a->org_id),
			errdetail("The attempt on case %lld of Kommune %s names organisation %lld.",
					  (long long) fall_id, kommune, (long long) org_id),
			errhint("Leave org_id out: it defaults to the acting organisation (kaoa.akteur_org())."));
	kontakt_zeit_pruefen(a, neu, desc, kommune, fall_id);
	return PointerGetDatum(neu);
}

/* AFTER INSERT: every contact attempt is logged. */
Datum
kaoa_kontakt_protokoll(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.kontakt_protokoll",
										   KAOA_TRIGGER_NACH_ZEILE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	neu = td->tg_trigtuple;
	StringInfoData d;
	bool		isnull;

	kontakt_spalten_laden(rel);
	initStringInfo(&d);
	appendStringInfoChar(&d, '{');
	kette_json_int(&d, "kontaktversuch_id", kaoa_zeile_int8(neu, desc, ks.id, 0));
	kette_json_text(&d, "kanal", kaoa_zeile_text(neu, desc, ks.kanal));
	kette_json_bool(&d, "erfolgreich", DatumGetBool(heap_getattr(neu, ks.erfolgreich, desc, &isnull)));
	appendStringInfoChar(&d, '}');
	kaoa_spi_verbinden();
	kette_ereignis(kaoa_zeile_text(neu, desc, ks.kommune), kaoa_zeile_int8(neu, desc, ks.fall_id, 0),
				   kaoa_zeile_int8(neu, desc, ks.org_id, 0), "kontaktversuch", -1, -1, d.data);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ---- kaoa.organisation ---------------------------------------------------------------------------------- */

/* BEFORE UPDATE: kommune, org_id and typ never change (grants and the legal-basis matrix depend
 * on the type). */
Datum
kaoa_organisation_regeln(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.organisation_regeln",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	static const char *const feste[] = {"kommune", "org_id", "typ"};

	for (int i = 0; i < 3; i++)
		if (!kaoa_zeile_gleich(td->tg_trigtuple, td->tg_newtuple, desc, kaoa_trigger_spalte(rel, feste[i])))
			kette_melden(KV_UNVERAENDERLICH, "organisation", feste[i],
				errmsg("column %s of kaoa.organisation cannot change", feste[i]),
				errdetail("Organisation %lld of Kommune %s.",
								  (long long) kaoa_zeile_int8(td->tg_trigtuple, desc, kaoa_trigger_spalte(rel, "org_id"), 0),
								  kaoa_zeile_text(td->tg_trigtuple, desc, kaoa_trigger_spalte(rel, "kommune"))),
				errhint("Create a new organisation for another Kommune or type; roles are mapped to it with kaoa.akteur_anlegen."));
	return PointerGetDatum(td->tg_newtuple);
}

/* ---- append-only guards -------------------------------------------------------------------------------- */

/*
 * BEFORE UPDATE / DELETE / TRUNCATE FOR EACH STATEMENT on the history tables, whose rows never
 * change: refuses the statement even when no row matches.  Trigger arguments: a hint (the report
 * writes its own per table, so it can be translated; the argument stays for 0.1.0 catalogues);
 * optionally a mode —
 *   'antworten'   the hand-off functions may answer (kaoa.uebergabe);
 *   'spalten', 'zustaendig'   the per-statement guards of fixed columns that kaoa 0.1.0 created
 *                 (BEFORE UPDATE OF <fixed columns>).  Since 0.2.0 a fixed column is judged per
 *                 row by its rule trigger: a changed value is refused (KA006; KA004 for
 *                 zustaendig_org), a full-row UPDATE repeating the stored value (what ORMs send)
 *                 is allowed.  A database still at 0.1.0 keeps these triggers until ALTER
 *                 EXTENSION kaoa UPDATE drops them; they let the statement through, so it gets the
 *                 same rule.
 */
Datum
kaoa_nur_anfuegen(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.nur_anfuegen",
										   KAOA_TRIGGER_VOR | KAOA_TRIGGER_ANWEISUNG | KAOA_TRIGGER_UPDATE | KAOA_TRIGGER_DELETE | KAOA_TRIGGER_TRUNCATE);
	Trigger    *tg = td->tg_trigger;
	const char *was;
	const char *tabelle = RelationGetRelationName(td->tg_relation);
	const char *modus = tg->tgnargs > 1 ? tg->tgargs[1] : "";

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		if (strcmp(modus, "antworten") == 0 &&
			kette_auftrag_jetzt.aktiv && kette_auftrag_jetzt.uebergabe_id != 0)
			return PointerGetDatum(NULL);
		if (strcmp(modus, "zustaendig") == 0 || strcmp(modus, "spalten") == 0)
			return PointerGetDatum(NULL);	/* 0.1.0's column guards: the row trigger judges */
		was = "UPDATE";
	}
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		was = "DELETE";
	else if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		was = "TRUNCATE";
	else
		kaoa_trigger_falsch("kaoa.nur_anfuegen", KAOA_TRIGGER_VOR | KAOA_TRIGGER_ANWEISUNG | KAOA_TRIGGER_UPDATE | KAOA_TRIGGER_DELETE | KAOA_TRIGGER_TRUNCATE);
	/* the hint per table, written here so it can be translated (the trigger's first argument
	 * carries the same English text, for 0.1.0 catalogues) */
	kette_melden(KV_UNVERAENDERLICH, tabelle, NULL,
		errmsg("%s on kaoa.%s is not allowed", was, tabelle),
		errdetail("kaoa.%s is part of the case history, which is append-only; the statement was refused before touching any row.",
				  tabelle),
		strcmp(tabelle, "fall") == 0 ?
		errhint("Cases are never deleted; an identity is deleted alone (kaoa.loeschfristen_anwenden).") :
		strcmp(tabelle, "person") == 0 ?
		errhint("Persons are never deleted; their identity is deleted alone (kaoa.loeschfristen_anwenden).") :
		strcmp(tabelle, "person_identitaet") == 0 ?
		errhint("Delete identities row by row (each deletion is logged), e.g. with kaoa.loeschfristen_anwenden.") :
		strcmp(tabelle, "einwilligung") == 0 ?
		errhint("A consent is revoked by setting widerrufen_am, never deleted.") :
		strcmp(tabelle, "kontaktversuch") == 0 ?
		errhint("A contact attempt is never changed; record a correction as a new attempt.") :
		strcmp(tabelle, "uebergabe") == 0 ?
		errhint("Hand-offs are answered with kaoa.uebernehmen, kaoa.ablehnen or kaoa.zurueckziehen and never deleted.") :
		strcmp(tabelle, "ereignis") == 0 ?
		errhint("The case log is legal evidence and never changes; corrections are new events.") :
		errhint("Corrections are new rows."));
}

/* ---- shipped reference rows ------------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(kaoa_mitgeliefert_schuetzen);

/* What to do instead of changing a shipped row of table tabelle: the errhint for the report below
 * (the trigger's first argument carries the same English text, for 0.1.0 catalogues). */
static int
mitgeliefert_hinweis(const char *tabelle)
{
	if (strcmp(tabelle, "rolle_recht") == 0)
		return errhint("Add a row for the same fuer and objekt (mitgeliefert false): it replaces the shipped one in kaoa.akteur_anlegen; rechte '' grants nothing.");
	if (strcmp(tabelle, "anschluss_kategorie") == 0)
		return errhint("Add your own category under a new code instead; cases refer to the shipped ones, whose meaning stays fixed.");
	if (strcmp(tabelle, "berufsfeld") == 0)
		return errhint("Add your own Berufsfeld under a new code; participations and measures refer to the shipped ones, whose meaning stays fixed.");
	if (strcmp(tabelle, "sbo_katalog_version") == 0)
		return errhint("Add a new edition with its own version key and gueltig_ab; participations refer to the shipped one.");
	if (strcmp(tabelle, "sbo_katalog") == 0)
		return errhint("Add a new edition (kaoa.sbo_katalog_version) and its rows; the shipped edition stays as shipped.");
	return errhint("Add your own row instead; the shipped rows stay as shipped.");
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE FOR EACH ROW on reference tables that ship rows (kaoa.rolle_recht,
 * kaoa.anschluss_kategorie).  pg_dump keeps only the rows a user added (mitgeliefert false); a
 * shipped row edited in place would silently come back as shipped after a restore.
 * So outside kaoa's own install and upgrade scripts a shipped row cannot change or go, and no row
 * can claim to be shipped (KA006).  Trigger arguments: a hint (unused: mitgeliefert_hinweis writes
 * it per table, so it can be translated); the number of leading columns that name a row in the
 * message (default 1).
 */
Datum
kaoa_mitgeliefert_schuetzen(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.mitgeliefert_schuetzen",
										   KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE | KAOA_TRIGGER_DELETE);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			c_mit = kaoa_trigger_spalte(rel, "mitgeliefert");
	const char *tabelle = RelationGetRelationName(rel);
	HeapTuple	alt = NULL;
	HeapTuple	neu = NULL;
	bool		isnull;

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		neu = td->tg_trigtuple;
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		alt = td->tg_trigtuple;
		neu = td->tg_newtuple;
	}
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		alt = td->tg_trigtuple;
	else
		kaoa_trigger_falsch("kaoa.mitgeliefert_schuetzen", KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE | KAOA_TRIGGER_DELETE);
	if (creating_extension)
		return PointerGetDatum(neu != NULL ? neu : alt);

	if (alt != NULL && neu != NULL)
	{
		bool		alles_gleich = true;

		/* a full-row UPDATE that repeats every stored value (what ORMs send) changes nothing */
		for (int i = 1; i <= desc->natts && alles_gleich; i++)
			alles_gleich = TupleDescAttr(desc, i - 1)->attisdropped || kaoa_zeile_gleich(alt, neu, desc, i);
		if (alles_gleich)
			return PointerGetDatum(neu);
	}
	if (alt != NULL && DatumGetBool(heap_getattr(alt, c_mit, desc, &isnull)) && !isnull)
	{
		int			n_schluessel = td->tg_trigger->tgnargs > 1 ? atoi(td->tg_trigger->tgargs[1]) : 1;
		StringInfoData k;

		/* the row's key: its first n_schluessel columns */
		initStringInfo(&k);
		for (int i = 1; i <= Max(n_schluessel, 1) && i <= desc->natts; i++)
			appendStringInfo(&k, "%s%s", i > 1 ? ", " : "", SPI_getvalue(alt, desc, i));

		kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH, kaoa_verstoss_ort(tabelle, "mitgeliefert", "mitgeliefert_schuetzen"),
			neu != NULL ?
			errmsg("row (%s) of kaoa.%s is shipped with kaoa and cannot change", k.data, tabelle) :
			errmsg("row (%s) of kaoa.%s is shipped with kaoa and cannot be deleted", k.data, tabelle),
			errdetail("kaoa.%s: rows with mitgeliefert = true come with CREATE EXTENSION and upgrades; pg_dump leaves them out, so an edit would be lost with the next restore.",
					  tabelle),
			mitgeliefert_hinweis(tabelle));
	}
	if (neu != NULL && DatumGetBool(heap_getattr(neu, c_mit, desc, &isnull)) && !isnull)
		kaoa_verstoss(ERRCODE_KAOA_UNVERAENDERLICH, kaoa_verstoss_ort(tabelle, "mitgeliefert", "mitgeliefert_schuetzen"),
			errmsg("a row of kaoa.%s cannot be marked as shipped", tabelle),
			errdetail("kaoa.%s: the statement set mitgeliefert = true; such rows are not dumped.", tabelle),
			errhint("Leave mitgeliefert out (false): the rows you add are kept by pg_dump."));
	return PointerGetDatum(neu != NULL ? neu : alt);
}
