/*
 * kette_gemeinsam.c — helpers the chain's triggers and API functions share (see kette.h): enum
 * mapping, the Auftrag, error reporting, the event-log writer, deadlines, JSON details, and the
 * module init with the setting kaoa.daten_loeschen_erlaubt.
 */
#include "kette/kette_intern.h"

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

kaoa_enum_map kaoa_map_status = {InvalidOid, KS_ANZAHL, kette_status_namen, {0}};
kaoa_enum_map kaoa_map_basis = {InvalidOid, KB_ANZAHL, kette_basis_namen, {0}};

kette_auftrag kette_auftrag_jetzt;

/* ---- errors ----------------------------------------------------------------------------------------- */

/* The SQLSTATE of violation v, for errcode() (kette_melden); a violation without a code is a
 * bug of the caller. */
int
kette_errcode(kette_verstoss v)
{
	const char *s = kette_verstoss_sqlstate(v);

	if (s == NULL)
		elog(ERROR, "kaoa: a violation report without a violation (%d)", (int) v);
	return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

/* ---- the Auftrag ----------------------------------------------------------------------------------- */

bool
kette_auftrag_fuer_fall(const char *kommune, int64 fall_id)
{
	return kette_auftrag_jetzt.aktiv && kette_auftrag_jetzt.fall_id == fall_id &&
		strcmp(kette_auftrag_jetzt.kommune, kommune) == 0;
}

bool
kette_auftrag_fuer_person(const char *kommune, int64 person_id)
{
	return kette_auftrag_jetzt.aktiv && kette_auftrag_jetzt.person_id == person_id &&
		strcmp(kette_auftrag_jetzt.kommune, kommune) == 0;
}

uint64
kette_auftrag_ausfuehren(const kette_auftrag *auftrag, kaoa_spi_plan *p, Datum *werte,
						 const char *nulls)
{
	MemoryContext alt = CurrentMemoryContext;
	uint64		n = 0;

	kette_auftrag_jetzt = *auftrag;
	kette_auftrag_jetzt.aktiv = true;
	PG_TRY();
	{
		n = kaoa_spi_als_eigentuemer(p, werte, nulls, false, 0);
	}
	PG_CATCH();
	{
		ErrorData  *ed;

		memset(&kette_auftrag_jetzt, 0, sizeof(kette_auftrag_jetzt));
		MemoryContextSwitchTo(alt);
		ed = CopyErrorData();
		if (ed->sqlerrcode == ERRCODE_UNIQUE_VIOLATION && ed->constraint_name != NULL &&
			strcmp(ed->constraint_name, "uebergabe_eine_offene") == 0)
		{
			FlushErrorState();
			kette_melden(KV_OFFENE_UEBERGABE, "uebergabe", "fall_id",
				errmsg("another hand-off of case %lld was opened at the same time",
					   (long long) auftrag->fall_id),
				errdetail("Case %lld of Kommune %s got another hand-off at the same time (unique index uebergabe_eine_offene).",
						  (long long) auftrag->fall_id, auftrag->kommune),
				errhint("One hand-off per case at a time: wait for the answer, or withdraw it with kaoa.zurueckziehen(uebergabe_id, grund)."));
		}
		FreeErrorData(ed);
		PG_RE_THROW();
	}
	PG_END_TRY();
	memset(&kette_auftrag_jetzt, 0, sizeof(kette_auftrag_jetzt));
	return n;
}

/* An error between setting and clearing the Auftrag aborts the (sub)transaction: forget it. */
static void
kette_xact_cb(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		memset(&kette_auftrag_jetzt, 0, sizeof(kette_auftrag_jetzt));
}

static void
kette_subxact_cb(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid,
				 void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		memset(&kette_auftrag_jetzt, 0, sizeof(kette_auftrag_jetzt));
}

/* ---- JSON details ---------------------------------------------------------------------------------- */

static void
json_schluessel(StringInfo s, const char *key)
{
	if (s->len > 1)
		appendStringInfoString(s, ", ");
	escape_json(s, key);
	appendStringInfoString(s, ": ");
}

void
kette_json_text(StringInfo s, const char *key, const char *wert)
{
	json_schluessel(s, key);
	if (wert == NULL)
		appendStringInfoString(s, "null");
	else
		escape_json(s, wert);
}

void
kette_json_int(StringInfo s, const char *key, int64 wert)
{
	json_schluessel(s, key);
	appendStringInfo(s, INT64_FORMAT, wert);
}

void
kette_json_bool(StringInfo s, const char *key, bool wert)
{
	json_schluessel(s, key);
	appendStringInfoString(s, wert ? "true" : "false");
}

/* ---- the event log -------------------------------------------------------------------------------- */

/*
 * kaoa.ereignis is written directly — heap insert plus its index entries, as COPY does — rather
 * than through an SPI INSERT: the log gets a row for every step, and the executor start-up of an
 * INSERT per event was the largest single cost of the rule path (docs/kette.md, "Performance").  The
 * table has no foreign keys and no INSERT triggers; the values come from the rules that just ran,
 * and `art` is checked here against the same list as the table's CHECK constraint.
 */
static const char *const ereignis_arten[] = {
	"fall_angelegt", "status", "aenderung", "verbleib", "uebergabe", "uebernahme", "ablehnung",
	"zuruecknahme", "kontaktversuch", "widerspruch", "einwilligung", "widerruf",
	"identitaet_geloescht", "frist_ueberschritten", "anmeldung", "anmeldung_nachgerueckt",
	"anmeldung_zurueckgezogen", "auskunft"
};

typedef struct ereignis_spalten
{
	Oid			relid;
	Oid			seqid;
	int			kommune, id, fall_id, zeit, org_id, rolle, art, von, nach, details;
} ereignis_spalten;

static ereignis_spalten es;

void
kette_ereignis(const char *kommune, int64 fall_id, int64 org_id, const char *art, int von,
			   int nach, const char *details)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	Oid			relid = get_relname_relid("ereignis", get_namespace_oid("kaoa", false));
	Relation	rel;
	TupleDesc	desc;
	Datum	   *werte;
	bool	   *nulls;
	NameData	rolle;
	bool		bekannt = false;

	for (int i = 0; i < (int) lengthof(ereignis_arten); i++)
		bekannt |= strcmp(ereignis_arten[i], art) == 0;
	if (!bekannt)
		elog(ERROR, "kaoa: unknown event kind \"%s\"", art);
	if (!OidIsValid(relid))
		kaoa_installation_passt_nicht("kaoa.ereignis");

	rel = table_open(relid, RowExclusiveLock);
	desc = RelationGetDescr(rel);
	if (es.relid != relid)
	{
		es.kommune = kaoa_trigger_spalte(rel, "kommune");
		es.id = kaoa_trigger_spalte(rel, "ereignis_id");
		es.fall_id = kaoa_trigger_spalte(rel, "fall_id");
		es.zeit = kaoa_trigger_spalte(rel, "zeit");
		es.org_id = kaoa_trigger_spalte(rel, "org_id");
		es.rolle = kaoa_trigger_spalte(rel, "rolle");
		es.art = kaoa_trigger_spalte(rel, "art");
		es.von = kaoa_trigger_spalte(rel, "von_status");
		es.nach = kaoa_trigger_spalte(rel, "nach_status");
		es.details = kaoa_trigger_spalte(rel, "details");
		es.seqid = getIdentitySequence(relid, es.id, false);
		es.relid = relid;
	}
	werte = palloc0(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	memset(nulls, true, sizeof(bool) * desc->natts);
	namestrcpy(&rolle, a->rolle);
#define SETZE(nr, wert) (werte[(nr) - 1] = (wert), nulls[(nr) - 1] = false)
	SETZE(es.kommune, CStringGetTextDatum(kommune));
	SETZE(es.id, Int64GetDatum(nextval_internal(es.seqid, false)));
	if (fall_id != 0)
		SETZE(es.fall_id, Int64GetDatum(fall_id));
	SETZE(es.zeit, TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()));
	if (org_id != 0)
		SETZE(es.org_id, Int64GetDatum(org_id));
	SETZE(es.rolle, NameGetDatum(&rolle));
	SETZE(es.art, CStringGetTextDatum(art));
	if (von >= 0)
		SETZE(es.von, kaoa_enum_datum(&kaoa_map_status, TupleDescAttr(desc, es.von - 1)->atttypid, von));
	if (nach >= 0)
		SETZE(es.nach, kaoa_enum_datum(&kaoa_map_status, TupleDescAttr(desc, es.nach - 1)->atttypid, nach));
	if (details != NULL)
		SETZE(es.details, DirectFunctionCall1(jsonb_in, CStringGetDatum(details)));
#undef SETZE
	kaoa_zeile_direkt_einfuegen(rel, werte, nulls);
	table_close(rel, NoLock);
}

typedef struct aktueller_fall
{
	int32		schuljahr;
	int64		fall_id;
} aktueller_fall;

static bool
aktueller_fall_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	aktueller_fall *a = (aktueller_fall *) arg;
	int32		jahr = kaoa_sonde_int4(t, d, "schuljahr", 0);

	if (a->fall_id == 0 || jahr > a->schuljahr)
	{
		a->schuljahr = jahr;
		a->fall_id = kaoa_sonde_int8(t, d, "fall_id", 0);
	}
	return true;
}

static bool
fall_kopf_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	kette_fall_kopf *k = (kette_fall_kopf *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "kommune", &isnull);

	if (isnull)
		return true;
	k->gefunden = true;
	text_to_cstring_buffer(DatumGetTextPP(v), k->kommune, sizeof(k->kommune));
	k->schule_org = kaoa_sonde_int8(t, d, "schule_org", 0);
	k->zustaendig_org = kaoa_sonde_int8(t, d, "zustaendig_org", 0);
	k->aufnehmende_org = kaoa_sonde_int8(t, d, "aufnehmende_org", 0);
	return false;
}

void
kette_fall_kopf_lesen(int64 fall_id, kette_fall_kopf *k)
{
	Datum		key = Int64GetDatum(fall_id);
	Snapshot	snap = kaoa_sonde_frisch();

	memset(k, 0, sizeof(*k));
	(void) kaoa_sonde("fall", "fall_fall_id", 1, &key, snap, fall_kopf_zeile, k);
	kaoa_sonde_ende(snap);
}

int64
kette_aktueller_fall(const char *kommune, int64 person_id)
{
	Datum		keys[2];
	aktueller_fall a = {0, 0};
	Snapshot	snap = kaoa_sonde_frisch();

	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(person_id);
	(void) kaoa_sonde("fall", "fall_kommune_person_id_schuljahr_key", 2, keys, snap, aktueller_fall_zeile, &a);
	kaoa_sonde_ende(snap);
	return a.fall_id;
}

/* The organisation look-ups of the rules need only its type. */
static bool
org_typ_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	*(int *) arg = kaoa_sonde_enum(&kaoa_map_org_typ, t, d, "typ");
	return false;
}

int
kette_org_typ(const char *kommune, int64 org_id, Snapshot snap)
{
	Datum		keys[2];
	int			typ = -1;

	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(org_id);
	(void) kaoa_sonde("organisation", "organisation_pkey", 2, keys, snap, org_typ_zeile, &typ);
	return typ;
}

void
kaoa_ereignis_person(const char *kommune, int64 person_id, const char *art, const char *details)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();

	kette_ereignis(kommune, kette_aktueller_fall(kommune, person_id),
				   a->art == KAOA_AKTEUR_ORG ? a->org_id : 0, art, -1, -1, details);
}

/* ---- deadlines --------------------------------------------------------------------------------------- */

static bool
fristen_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	kette_fristen *f = (kette_fristen *) arg;
	bool		isnull;
	Datum		v;

	f->hat_zeile = true;
	v = kaoa_sonde_datum(t, d, "identifikation_von", &isnull);
	if (!isnull)
	{
		f->von = DatumGetDateADT(v);
		v = kaoa_sonde_datum(t, d, "identifikation_bis", &isnull);
		if (!isnull)
		{
			f->bis = DatumGetDateADT(v);
			f->hat_fenster = true;
		}
	}
	f->uebernahme_tage = kaoa_sonde_int4(t, d, "uebernahme_tage", f->uebernahme_tage);
	v = kaoa_sonde_datum(t, d, "verbleib_stichtag", &isnull);
	if (!isnull)
		f->verbleib_stichtag = DatumGetDateADT(v);
	return false;
}

void
kette_fristen_laden(const char *kommune, int schuljahr, Snapshot snap, kette_fristen *f)
{
	Datum		keys[2];
	int			j, m, t;

	memset(f, 0, sizeof(*f));
	f->uebernahme_tage = KETTE_UEBERNAHME_TAGE_STANDARD;
	kette_verbleib_stichtag_standard(schuljahr, &j, &m, &t);
	f->verbleib_stichtag = date2j(j, m, t) - POSTGRES_EPOCH_JDATE;
	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int32GetDatum(schuljahr);
	(void) kaoa_sonde("fristen", "fristen_pkey", 2, keys, snap, fristen_zeile, f);
}

/* ---- module init ------------------------------------------------------------------------------------ */

bool		kaoa_daten_loeschen_erlaubt = false;

void
kaoa_kette_init(void)
{
	DefineCustomBoolVariable("kaoa.daten_loeschen_erlaubt",
							 "Allows DROP EXTENSION kaoa while case data exists.",
							 "The case log is legal evidence: DROP EXTENSION kaoa (and DROP SCHEMA kaoa "
							 "CASCADE, DROP OWNED BY its owner) refuse while kaoa holds persons, cases or "
							 "events, unless a superuser turns this on.",
							 &kaoa_daten_loeschen_erlaubt,
							 false,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
	RegisterXactCallback(kette_xact_cb, NULL);
	RegisterSubXactCallback(kette_subxact_cb, NULL);
}
