/*
 * kette_gemeinsam.c — helpers the chain's triggers and API functions share (see kette.h): enum
 * mapping, the Auftrag, error reporting, the event-log writer, deadlines, JSON details, and the
 * module init with the setting kaoa.daten_loeschen_erlaubt.
 */
#include "kette.h"

#include "access/xact.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/syscache.h"

kaoa_enum_map kaoa_map_status = {InvalidOid, KS_ANZAHL, kette_status_namen, {0}};
kaoa_enum_map kaoa_map_org_typ = {InvalidOid, KO_ANZAHL, kette_org_typ_namen, {0}};
kaoa_enum_map kaoa_map_basis = {InvalidOid, KB_ANZAHL, kette_basis_namen, {0}};

kette_auftrag kette_auftrag_jetzt;

/* ---- enums ------------------------------------------------------------------------------------ */

/* Fills the OIDs of the labels of m for type typoid (enum OIDs never change for a type). */
static void
enum_map_fuellen(kaoa_enum_map *m, Oid typoid)
{
	for (int i = 0; i < m->n; i++)
		m->oids[i] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid, ObjectIdGetDatum(typoid),
									 CStringGetDatum(m->namen[i]));
	m->typoid = typoid;
}

int
kaoa_enum_wert(kaoa_enum_map *m, Oid typoid, Datum wert)
{
	Oid			oid = DatumGetObjectId(wert);

	if (m->typoid != typoid)
		enum_map_fuellen(m, typoid);
	for (int i = 0; i < m->n; i++)
		if (m->oids[i] == oid)
			return i;
	elog(ERROR, "kaoa: enum value %u of type %u is not known to this version of kaoa", oid, typoid);
	return -1;					/* keep the compiler quiet */
}

int
kaoa_spi_enum(kaoa_enum_map *m, uint64 zeile, int spalte)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, spalte, &isnull);

	if (isnull)
		return -1;
	return kaoa_enum_wert(m, SPI_gettypeid(SPI_tuptable->tupdesc, spalte), d);
}

/* ---- errors ----------------------------------------------------------------------------------------- */

void
kette_fehler(kette_verstoss v, const char *meldung, const char *detail, const char *hint)
{
	const char *s = kette_verstoss_sqlstate(v);

	if (s == NULL)
		elog(ERROR, "kaoa: kette_fehler called without a violation");
	ereport(ERROR,
			(errcode(MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4])),
			 errmsg("%s", meldung),
			 detail ? errdetail("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
	pg_unreachable();
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
			char	   *detail;

			FlushErrorState();
			detail = psprintf("Case %lld of Kommune %s got another hand-off at the same time (unique index uebergabe_eine_offene).",
							  (long long) auftrag->fall_id, auftrag->kommune);
			kette_fehler(KV_OFFENE_UEBERGABE,
						 psprintf("another hand-off of case %lld was opened at the same time",
								  (long long) auftrag->fall_id),
						 detail,
						 "One hand-off per case at a time: wait for the answer, or withdraw it with kaoa.zurueckziehen(uebergabe_id, grund).");
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

static kaoa_spi_plan plan_ereignis = {
	"INSERT INTO kaoa.ereignis (kommune, fall_id, org_id, rolle, art, von_status, nach_status, details)"
	" VALUES ($1, $2, $3, $4, $5, $6::kaoa.fall_status, $7::kaoa.fall_status, $8::pg_catalog.jsonb)",
	8, {TEXTOID, INT8OID, INT8OID, NAMEOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID}
};

void
kette_ereignis(const char *kommune, int64 fall_id, int64 org_id, const char *art, int von,
			   int nach, const char *details)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	Datum		werte[8];
	char		nulls[9] = "        ";
	NameData	rolle;

	namestrcpy(&rolle, a->rolle);
	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(fall_id);
	werte[2] = Int64GetDatum(org_id);
	werte[3] = NameGetDatum(&rolle);
	werte[4] = CStringGetTextDatum(art);
	werte[5] = von >= 0 ? CStringGetTextDatum(kette_status_namen[von]) : (Datum) 0;
	werte[6] = nach >= 0 ? CStringGetTextDatum(kette_status_namen[nach]) : (Datum) 0;
	werte[7] = details ? CStringGetTextDatum(details) : (Datum) 0;
	if (fall_id == 0)
		nulls[1] = 'n';
	if (org_id == 0)
		nulls[2] = 'n';
	if (von < 0)
		nulls[5] = 'n';
	if (nach < 0)
		nulls[6] = 'n';
	if (details == NULL)
		nulls[7] = 'n';
	(void) kaoa_spi_als_eigentuemer(&plan_ereignis, werte, nulls, false, 0);
}

static kaoa_spi_plan plan_aktueller_fall = {
	"SELECT f.fall_id FROM kaoa.fall f"
	" WHERE f.kommune OPERATOR(pg_catalog.=) $1 AND f.person_id OPERATOR(pg_catalog.=) $2"
	" ORDER BY f.schuljahr DESC LIMIT 1",
	2, {TEXTOID, INT8OID}
};

int64
kette_aktueller_fall(const char *kommune, int64 person_id)
{
	Datum		werte[2];

	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int64GetDatum(person_id);
	if (kaoa_spi_als_eigentuemer(&plan_aktueller_fall, werte, NULL, false, 1) == 0)
		return 0;
	return kaoa_spi_int8(0, 1, 0);
}

/* ---- deadlines --------------------------------------------------------------------------------------- */

static kaoa_spi_plan plan_fristen = {
	"SELECT fr.identifikation_von, fr.identifikation_bis, fr.uebernahme_tage, fr.verbleib_stichtag"
	"  FROM kaoa.fristen fr"
	" WHERE fr.kommune OPERATOR(pg_catalog.=) $1 AND fr.schuljahr OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT4OID}
};

void
kette_fristen_laden(const char *kommune, int schuljahr, kette_fristen *f)
{
	Datum		werte[2];
	bool		isnull;
	int			j, m, t;

	memset(f, 0, sizeof(*f));
	f->uebernahme_tage = KETTE_UEBERNAHME_TAGE_STANDARD;
	kette_verbleib_stichtag_standard(schuljahr, &j, &m, &t);
	f->verbleib_stichtag = date2j(j, m, t) - POSTGRES_EPOCH_JDATE;

	werte[0] = CStringGetTextDatum(kommune);
	werte[1] = Int32GetDatum(schuljahr);
	if (kaoa_spi_als_eigentuemer(&plan_fristen, werte, NULL, false, 1) == 0)
		return;
	f->hat_zeile = true;
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		Datum		d;

		d = SPI_getbinval(tup, desc, 1, &isnull);
		if (!isnull)
		{
			f->von = DatumGetDateADT(d);
			d = SPI_getbinval(tup, desc, 2, &isnull);
			if (!isnull)
			{
				f->bis = DatumGetDateADT(d);
				f->hat_fenster = true;
			}
		}
		d = SPI_getbinval(tup, desc, 3, &isnull);
		if (!isnull)
			f->uebernahme_tage = DatumGetInt32(d);
		d = SPI_getbinval(tup, desc, 4, &isnull);
		if (!isnull)
			f->verbleib_stichtag = DatumGetDateADT(d);
	}
}

DateADT
kette_heute(void)
{
	return GetSQLCurrentDate();
}

char *
kette_datum_text(DateADT d)
{
	int			j, m, t;

	if (DATE_NOT_FINITE(d))
		return pstrdup(DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity");
	j2date(d + POSTGRES_EPOCH_JDATE, &j, &m, &t);
	return psprintf("%04d-%02d-%02d", j, m, t);
}

/* ---- pinned search_path ----------------------------------------------------------------------------- */

int
kette_suchpfad_sichern(void)
{
	int			nest = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nest;
}

void
kette_suchpfad_zurueck(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
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
	kaoa_akteur_init();
}
