/*
 * sbo_anmeldung.c — registrations for a measure:
 *
 *   kaoa.anmelden(massnahme_id, person_id) → anmeldung_id
 *   kaoa.anmeldung_zurueckziehen(anmeldung_id) → the registration that moved up (or NULL)
 *   kaoa.anmeldung_sichtbar(…)                   row-level security of kaoa.anmeldung
 *   sbo_nachruecken / sbo_zugesagt               used by the measure's trigger when places change
 *
 * Design note.  A registration changes the places of a measure, so every change of a measure's
 * registrations is serialised on the measure's row: the functions first check, without a lock,
 * that the actor may see the measure (so no organisation can block another Kommune's measures)
 * and read what does not depend on the registrations (the target group, the person's enrolment),
 * then lock the row (FOR NO KEY UPDATE, as the owner: it serialises registrations, withdrawals and
 * UPDATEs of the measure, but not the foreign-key checks of rows referring to it) and read the
 * places, the queue and the person's registration with a fresh snapshot — so the second of two
 * concurrent calls sees what the first committed.  The lock is held to the end of the
 * transaction, so the work under it is kept short: index probes instead of SPI queries
 * (base/sonde.h), the registrations counted only as far as a decision needs them, the row written
 * directly with the locks its foreign keys would take.  Under REPEATABLE READ or SERIALIZABLE the
 * transaction's snapshot may be older than the lock; the counts are then compared with the latest
 * committed state and a difference is a serialization failure (40001: retry), never an over-booked
 * place.  The decision (closed, deadline, twice, target group, full; zugesagt or warteliste) is the
 * pure-C core's (core/anmeldung_regeln.c), the target group the SBO core's union of pairs.  No
 * call leaves a free place with someone waiting (a withdrawal and more places move the waiting
 * list up), so a registration that finds someone waiting knows the measure is full without
 * counting its places (stand_zaehlen); where the counts are read whole (REPEATABLE READ), anyone
 * found waiting beside a free place moves up before the decision.  The rows are written as the owner while
 * `auftrag` names the measure; the table's trigger refuses every other write (KA006), and every
 * change is logged in kaoa.ereignis (anmeldung, anmeldung_nachgerueckt, anmeldung_zurueckgezogen).
 * angemeldet_am and status_am are the moment of the call (clock_timestamp), not the transaction's
 * start, so that several registrations in one transaction still queue in the order they were made.
 */
#include "sbo/sbo.h"
#include "kette/kette.h"

#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/sequence.h"
#include "executor/executor.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "base/sonde.h"
#include "base/trigger.h"
#include "sbo/core/anmeldung_regeln.h"

PG_FUNCTION_INFO_V1(kaoa_anmelden);
PG_FUNCTION_INFO_V1(kaoa_anmeldung_zurueckziehen);
PG_FUNCTION_INFO_V1(kaoa_anmeldung_sichtbar);

/* The one write to kaoa.anmeldung the functions here authorise: rows of this measure. */
static struct
{
	bool		aktiv;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		massnahme_id;
}			auftrag;

bool
sbo_anmeldung_erlaubt(const char *kommune, int64 massnahme_id)
{
	return auftrag.aktiv && kommune != NULL && auftrag.massnahme_id == massnahme_id &&
		strcmp(auftrag.kommune, kommune) == 0;
}

/* Runs plan p as the owner with the write to measure (kommune, massnahme_id) authorised; the
 * authorisation ends afterwards, also on error.  SPI connected. */
static uint64
schreiben(const char *kommune, int64 massnahme_id, kaoa_spi_plan *p, Datum *werte, const char *nulls)
{
	uint64		n = 0;

	auftrag.aktiv = true;
	strlcpy(auftrag.kommune, kommune, sizeof(auftrag.kommune));
	auftrag.massnahme_id = massnahme_id;
	PG_TRY();
	{
		n = kaoa_spi_als_eigentuemer(p, werte, nulls, false, 0);
	}
	PG_FINALLY();
	{
		auftrag.aktiv = false;
	}
	PG_END_TRY();
	return n;
}

/* ---- who may see what ------------------------------------------------------------------------------- */

/* Row callback: the measure's Kommune and Träger. */
typedef struct massnahme_kopf
{
	bool		gefunden;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		traeger;
} massnahme_kopf;

static bool
kopf_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	massnahme_kopf *k = (massnahme_kopf *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "kommune", &isnull);

	if (isnull)
		return true;
	k->gefunden = true;
	text_to_cstring_buffer(DatumGetTextPP(v), k->kommune, sizeof(k->kommune));
	k->traeger = kaoa_sonde_int8(t, d, "traeger_org", 0);
	return false;
}

/* The Kommune and Träger of measure massnahme_id, read as the owner without a lock (with a fresh
 * snapshot: a measure made earlier in the same statement counts). */
static massnahme_kopf
massnahme_kopf_lesen(int64 massnahme_id)
{
	massnahme_kopf k;
	Datum		key = Int64GetDatum(massnahme_id);

	Snapshot	snap = kaoa_sonde_frisch();

	memset(&k, 0, sizeof(k));
	(void) kaoa_sonde("massnahme", "massnahme_massnahme_id", 1, &key, snap, kopf_zeile, &k);
	kaoa_sonde_ende(snap);
	return k;
}

/* Does the person exist?  Locked FOR KEY SHARE, as the foreign key of a registration would: the
 * registration is written directly (anmeldung_einfuegen), and the lock keeps the person until the
 * transaction ends. */
static bool
person_sperren(const char *kommune, int64 person_id)
{
	Datum		keys[2];

	keys[0] = CStringGetTextDatum(kommune);
	keys[1] = Int64GetDatum(person_id);
	return kaoa_sonde_sperren("person", "person_pkey", 2, keys, LockTupleKeyShare, NULL, NULL);
}

/* A school or Berufskolleg that sees the person: their current school, the one that registered
 * them, or one that may see one of their cases. */
static bool
schule_sieht(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	if (a->art != KAOA_AKTEUR_ORG || (a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG))
		return false;
	return sbo_person_fuer(a, kommune, person_id, read_only) ||
		kaoa_person_sichtbar_fuer(a, kommune, person_id, read_only);
}

/* An organisation that may register the person: the school of their current enrolment, or the
 * organisation that holds them (their current case; before a first case, the school that registered
 * them).  A registration is a write about the person, so seeing them is not enough: an organisation
 * merely offered a case, a former holder or the school of a case held elsewhere writes nothing about
 * the person (docs/kette.md, "Who writes about a person"). */
static bool
sieht_person(const kaoa_akteur *a, const char *kommune, int64 person_id, bool read_only)
{
	return sbo_person_fuer(a, kommune, person_id, read_only) ||
		kaoa_person_gehalten_fuer(a, kommune, person_id, read_only);
}

/*
 * May actor a see the registration (kommune, massnahme_id, person_id, angemeldet_von)?  The system;
 * the KoKo of the Kommune; a partner of the measure (its traeger_org included); the organisation
 * that registered the person; a school that sees the person.  The same answer decides who may
 * withdraw it (zurueckziehen), except that a school then must be the person's school or hold them:
 * a withdrawal is a write about the person, which an organisation merely offered their case does
 * not make.
 */
static bool
anmeldung_sichtbar_fuer(const kaoa_akteur *a, const char *kommune, int64 massnahme_id, int64 person_id,
						int64 angemeldet_von, bool read_only, bool zurueckziehen)
{
	if (a->art == KAOA_AKTEUR_SYSTEM)
		return true;
	if (a->art != KAOA_AKTEUR_ORG || kommune == NULL || strcmp(a->kommune, kommune) != 0)
		return false;
	if (a->org_typ == KO_KOKO || (angemeldet_von != 0 && angemeldet_von == a->org_id))
		return true;
	if (sbo_partner_von(kommune, massnahme_id, a->org_id, read_only))
		return true;
	if (zurueckziehen)
		return (a->org_typ == KO_SCHULE || a->org_typ == KO_BERUFSKOLLEG) &&
			sieht_person(a, kommune, person_id, read_only);
	return schule_sieht(a, kommune, person_id, read_only);
}

/* kaoa.anmeldung_sichtbar(kommune, massnahme_id, person_id, angemeldet_von): the policy of
 * kaoa.anmeldung. */
Datum
kaoa_anmeldung_sichtbar(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_ermitteln();
	char	   *kommune;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_BOOL(false);
	kommune = text_to_cstring(PG_GETARG_TEXT_PP(0));
	PG_RETURN_BOOL(anmeldung_sichtbar_fuer(a, kommune, PG_GETARG_INT64(1), PG_GETARG_INT64(2),
										   PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3), true, false));
}

pg_attribute_noreturn()
static void
massnahme_nicht_sichtbar(const kaoa_akteur *a, int64 massnahme_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("measure %lld does not exist", (long long) massnahme_id),
				 errhint("Measures are the rows of kaoa.massnahme.")));
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("anmeldung", "massnahme_id", "sbo_zustaendig"),
		errmsg("measure %lld is not visible to organisation %lld", (long long) massnahme_id,
					(long long) a->org_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) sees no measure %lld: it does not exist or belongs to another Kommune.",
					   a->rolle, (long long) a->org_id, a->kommune, (long long) massnahme_id),
		errhint("An organisation registers young people for the measures of its own Kommune (kaoa.massnahme)."));
	pg_unreachable();
}

pg_attribute_noreturn()
static void
person_nicht_sichtbar(const kaoa_akteur *a, const char *kommune, int64 person_id, int64 massnahme_id)
{
	if (kaoa_ist_system(a))
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("person %lld does not exist in Kommune %s", (long long) person_id, kommune),
				 errdetail("Measure %lld belongs to Kommune %s; a registration is for a person of the same Kommune.",
						   (long long) massnahme_id, kommune),
				 errhint("Persons are the rows of kaoa.person of the measure's Kommune.")));
	kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("anmeldung", "person_id", "sbo_zustaendig"),
		errmsg("person %lld is not visible to organisation %lld", (long long) person_id,
					(long long) a->org_id),
		errdetail("Role \"%s\" (organisation %lld, Kommune %s) asked to register person %lld for measure %lld; the organisation holds no such person.",
					   a->rolle, (long long) a->org_id, a->kommune, (long long) person_id,
					   (long long) massnahme_id),
		errhint("A school registers its own pupils (kaoa.schulbesuch) and the persons whose current case it holds; a partner of the measure the persons whose current case it holds; the KoKo every person of its Kommune."));
	pg_unreachable();
}

/* ---- the measure, locked ------------------------------------------------------------------------------ */

typedef struct massnahme_lage
{
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		id;
	char	   *titel;
	bool		begrenzt;
	int64		plaetze;
	bool		warteliste;
	bool		hat_frist;
	DateADT		frist;
	bool		nur_zielgruppe;
	int			schuljahr;		/* the school year of its start */
	sbo_zielgruppe *gruppen;	/* its own pair first, then kaoa.massnahme_zielgruppe */
	int			n_gruppen;
	int			gruppen_platz;
	ItemPointerData version;	/* the row version read (unchanged when equal, with xmin) */
	TransactionId version_xmin;
} massnahme_lage;

#define SBO_ANMELDUNG_GRUPPEN 4

/* One pair of a target group from columns sp_jahrgaenge (jahrgaenge) and sp_schulformen of row t. */
static void
gruppe_aus(HeapTuple t, TupleDesc d, int sp_jahrgaenge, int sp_schulformen, sbo_zielgruppe *g)
{
	bool		isnull;
	Datum		v = heap_getattr(t, sp_jahrgaenge, d, &isnull);

	memset(g, 0, sizeof(*g));
	if (isnull)
		g->jahrgaenge.leer = true;
	else
		sbo_bereich_aus(v, TupleDescAttr(d, sp_jahrgaenge - 1)->atttypid, &g->jahrgaenge);
	v = heap_getattr(t, sp_schulformen, d, &isnull);
	if (!isnull)
	{
		Datum	   *el;
		bool	   *nu;
		int			n;
		const char **formen;

		deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, &el, &nu, &n);
		formen = palloc(sizeof(char *) * Max(n, 1));
		for (int i = 0; i < n; i++)
			formen[i] = nu[i] ? NULL : TextDatumGetCString(el[i]);
		g->schulformen = formen;
		g->n_schulformen = n;
	}
}

/* The locked measure's row (kaoa_sonde_sperren's callback). */
static bool
massnahme_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	massnahme_lage *m = (massnahme_lage *) arg;
	bool		isnull;
	Datum		v;

	v = kaoa_sonde_datum(t, d, "titel", &isnull);
	m->titel = isnull ? "" : TextDatumGetCString(v);
	m->begrenzt = !kaoa_sonde_null(t, d, "plaetze");
	m->plaetze = kaoa_sonde_int4(t, d, "plaetze", 0);
	m->warteliste = kaoa_sonde_bool(t, d, "warteliste", true);
	v = kaoa_sonde_datum(t, d, "anmeldung_bis", &isnull);
	m->hat_frist = !isnull;
	if (m->hat_frist)
		m->frist = DatumGetDateADT(v);
	m->nur_zielgruppe = kaoa_sonde_bool(t, d, "nur_zielgruppe", false);
	v = kaoa_sonde_datum(t, d, "zeitraum", &isnull);
	m->schuljahr = 0;
	if (!isnull)
	{
		RangeType  *r = DatumGetRangeTypeP(v);
		TypeCacheEntry *tc = lookup_type_cache(RangeTypeGetOid(r), TYPECACHE_RANGE_INFO);
		RangeBound	unten,
					oben;
		bool		leer;

		range_deserialize(tc, r, &unten, &oben, &leer);
		if (!leer && !unten.infinite && !DATE_NOT_FINITE(DatumGetDateADT(unten.val)))
			m->schuljahr = kaoa_schuljahr_von(DatumGetDateADT(unten.val));
	}
	m->gruppen = palloc(sizeof(sbo_zielgruppe) * SBO_ANMELDUNG_GRUPPEN);
	m->gruppen_platz = SBO_ANMELDUNG_GRUPPEN;
	gruppe_aus(t, d, kaoa_spalte(d, "jahrgaenge", "kaoa.massnahme"), kaoa_spalte(d, "schulformen", "kaoa.massnahme"),
			   &m->gruppen[0]);
	m->n_gruppen = 1;
	m->version = t->t_self;
	m->version_xmin = HeapTupleHeaderGetXmin(t->t_data);
	return false;
}

/* The measure's row as it is now, without a lock (massnahme_sperren's reading). */
static bool
massnahme_lesen(const char *kommune, int64 massnahme_id, massnahme_lage *m, Snapshot snap)
{
	Datum		k[2];

	memset(m, 0, sizeof(*m));
	strlcpy(m->kommune, kommune, sizeof(m->kommune));
	m->id = massnahme_id;
	k[0] = CStringGetTextDatum(kommune);
	k[1] = Int64GetDatum(massnahme_id);
	return kaoa_sonde("massnahme", "massnahme_pkey", 2, k, snap, massnahme_zeile, m) > 0;
}

/* Locks the measure's row (FOR NO KEY UPDATE, waiting for a holder; under READ COMMITTED its newest
 * version) and reads what registrations need: places, waiting list, deadline, its own pair of the
 * target group (the further pairs: zielgruppen_lesen).  False when it is gone. */
static bool
massnahme_sperren(const char *kommune, int64 massnahme_id, massnahme_lage *m)
{
	Datum		k[2];

	memset(m, 0, sizeof(*m));
	strlcpy(m->kommune, kommune, sizeof(m->kommune));
	m->id = massnahme_id;
	k[0] = CStringGetTextDatum(kommune);
	k[1] = Int64GetDatum(massnahme_id);
	return kaoa_sonde_sperren("massnahme", "massnahme_pkey", 2, k, LockTupleNoKeyExclusive, massnahme_zeile, m);
}

/* A further pair of the measure's target group (a probe's callback). */
static bool
zielgruppe_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	massnahme_lage *m = (massnahme_lage *) arg;

	if (m->n_gruppen == m->gruppen_platz)
	{
		m->gruppen_platz *= 2;
		m->gruppen = repalloc(m->gruppen, sizeof(sbo_zielgruppe) * m->gruppen_platz);
	}
	gruppe_aus(t, d, kaoa_spalte(d, "jahrgaenge", "kaoa.massnahme_zielgruppe"),
			   kaoa_spalte(d, "schulformen", "kaoa.massnahme_zielgruppe"), &m->gruppen[m->n_gruppen++]);
	return true;
}

/* The further pairs of the measure's target group (in the order of their grades), under snap. */
static void
zielgruppen_lesen(massnahme_lage *m, Snapshot snap)
{
	Datum		k[2];

	k[0] = CStringGetTextDatum(m->kommune);
	k[1] = Int64GetDatum(m->id);
	(void) kaoa_sonde("massnahme_zielgruppe", "massnahme_zielgruppe_schluessel", 2, k, snap, zielgruppe_zeile, m);
}

static bool schulbesuch_zeile(HeapTuple t, TupleDesc d, void *arg);

/* The measure's further pairs and the person's enrolment in the school year it starts: the facts
 * of the target-group rule (z, its pairs those of m). */
static void
zielgruppe_lesen(massnahme_lage *m, int64 person_id, Snapshot snap, sbo_zielgruppe_fakten *z)
{
	Datum		k[3];

	zielgruppen_lesen(m, snap);
	memset(z, 0, sizeof(*z));
	k[0] = CStringGetTextDatum(m->kommune);
	k[1] = Int64GetDatum(person_id);
	k[2] = Int32GetDatum(m->schuljahr);
	(void) kaoa_sonde("schulbesuch", "schulbesuch_kommune_person_id_schuljahr_key", 3, k, snap,
					  schulbesuch_zeile, z);
	z->gruppen = m->gruppen;
	z->n_gruppen = m->n_gruppen;
}

/* ---- the queue ----------------------------------------------------------------------------------------- */

typedef struct stand
{
	int64		anzahl[AS_ANZAHL];	/* registrations per status */
} stand;

static bool
stand_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	stand	   *s = (stand *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "status", &isnull);
	int			st = isnull ? -1 : anmeldung_status_von(TextDatumGetCString(v));

	if (st >= 0)
		s->anzahl[st]++;
	return true;
}

/* Counts rows up to a limit (a probe's callback). */
typedef struct zaehler
{
	int64		n;
	int64		bis;
} zaehler;

static bool
zaehlen_bis(HeapTuple t, TupleDesc d, void *arg)
{
	zaehler    *z = (zaehler *) arg;

	return ++z->n < z->bis;
}

/*
 * What a decision needs, through the queue index (kommune, massnahme_id, status, …) under snapshot
 * snap: the registrations zugesagt (at most plaetze, as places are never over-booked; not counted
 * when places are not limited, where no decision uses them), and those waiting — counted only as
 * far as a place could be free after one more is freed (plaetze − zugesagt + 1), the most any move
 * up takes.  So a call costs the places of the measure, not its queue.  zurueckgezogen is not
 * counted.
 *
 * For a registration (neu), the waiting list is asked first: nobody waits while a place is free —
 * every change under the measure's lock keeps it so (a registration waits only when every place
 * is zugesagt, a withdrawal and more places move the waiting list up, fewer places than zugesagt
 * are refused) — so when someone waits, the measure is full and its registrations zugesagt need
 * not be counted: the count of up to plaetze index entries was most of a registration's cost once
 * a popular measure had filled.
 */
static void
stand_zaehlen(const massnahme_lage *m, Snapshot snap, bool neu, stand *s)
{
	Datum		k[3];
	zaehler		z;

	memset(s, 0, sizeof(*s));
	k[0] = CStringGetTextDatum(m->kommune);
	k[1] = Int64GetDatum(m->id);
	if (neu && m->begrenzt)
	{
		k[2] = CStringGetTextDatum(anmeldung_status_namen[AS_WARTELISTE]);
		z.n = 0;
		z.bis = 1;
		(void) kaoa_sonde("anmeldung", "anmeldung_reihe", 3, k, snap, zaehlen_bis, &z);
		if (z.n > 0)
		{
			s->anzahl[AS_ZUGESAGT] = m->plaetze;
			s->anzahl[AS_WARTELISTE] = z.n;
			return;
		}
		k[2] = CStringGetTextDatum(anmeldung_status_namen[AS_ZUGESAGT]);
		s->anzahl[AS_ZUGESAGT] = kaoa_sonde("anmeldung", "anmeldung_reihe", 3, k, snap, NULL, NULL);
		return;
	}
	if (m->begrenzt)
	{
		k[2] = CStringGetTextDatum(anmeldung_status_namen[AS_ZUGESAGT]);
		s->anzahl[AS_ZUGESAGT] = kaoa_sonde("anmeldung", "anmeldung_reihe", 3, k, snap, NULL, NULL);
	}
	k[2] = CStringGetTextDatum(anmeldung_status_namen[AS_WARTELISTE]);
	z.n = 0;
	z.bis = m->begrenzt ? Max(m->plaetze - s->anzahl[AS_ZUGESAGT] + 1, 1) : PG_INT64_MAX;
	(void) kaoa_sonde("anmeldung", "anmeldung_reihe", 3, k, snap, zaehlen_bis, &z);
	s->anzahl[AS_WARTELISTE] = z.n;
}

/*
 * The registrations of the measure per status, read after its lock (for a registration: anmeldung).
 * Under READ COMMITTED with a fresh snapshot (what the lock waited for included), as far as a
 * decision needs them (stand_zaehlen).  Under REPEATABLE READ or SERIALIZABLE the transaction's snapshot may miss what
 * a concurrent call committed before the lock was granted: every status is counted under it and
 * under the latest committed state, and a difference — going on could over-book a place — is a
 * serialization failure instead.
 */
static void
stand_lesen(const massnahme_lage *m, bool anmeldung, stand *s)
{
	Datum		w[2];
	stand		neu;
	Snapshot	snap;

	if (!IsolationUsesXactSnapshot())
	{
		snap = kaoa_sonde_frisch();
		stand_zaehlen(m, snap, anmeldung, s);
		kaoa_sonde_ende(snap);
		return;
	}
	w[0] = CStringGetTextDatum(m->kommune);
	w[1] = Int64GetDatum(m->id);
	memset(s, 0, sizeof(*s));
	CommandCounterIncrement();	/* this transaction's own registrations count */
	(void) kaoa_sonde("anmeldung", "anmeldung_reihe", 2, w, GetTransactionSnapshot(), stand_zeile, s);
	memset(&neu, 0, sizeof(neu));
	snap = RegisterSnapshot(GetLatestSnapshot());
	(void) kaoa_sonde("anmeldung", "anmeldung_reihe", 2, w, snap, stand_zeile, &neu);
	UnregisterSnapshot(snap);
	if (memcmp(&neu, s, sizeof(neu)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent registration for measure %lld",
						(long long) m->id),
				 errdetail("Another transaction changed the registrations of measure %lld after this transaction's snapshot was taken.",
						   (long long) m->id),
				 errhint("Retry the transaction.")));
}

static kaoa_spi_plan plan_wartende = {
	"SELECT a.anmeldung_id, a.person_id FROM kaoa.anmeldung a"
	" WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.massnahme_id OPERATOR(pg_catalog.=) $2"
	"   AND a.status OPERATOR(pg_catalog.=) 'warteliste'"
	" ORDER BY a.angemeldet_am, a.anmeldung_id LIMIT $3",
	3, {TEXTOID, INT8OID, INT8OID}, NULL, true
};

static kaoa_spi_plan plan_zusagen = {
	"UPDATE kaoa.anmeldung a SET status = 'zugesagt', status_am = pg_catalog.clock_timestamp()"
	" WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.anmeldung_id OPERATOR(pg_catalog.=) $2"
	"   AND a.status OPERATOR(pg_catalog.=) 'warteliste'",
	2, {TEXTOID, INT8OID}, NULL, true
};

/* Logs a change of registration anmeldung_id of person person_id (kaoa.ereignis, as the actor). */
static void
protokollieren(const char *kommune, const char *art, int64 anmeldung_id, int64 massnahme_id,
			   int64 person_id, const char *status, const char *von_status, int64 frei_durch,
			   unsigned abweichungen)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfo(&s, "{\"anmeldung_id\": " INT64_FORMAT ", \"massnahme_id\": " INT64_FORMAT
					 ", \"person_id\": " INT64_FORMAT ", \"status\": ",
					 anmeldung_id, massnahme_id, person_id);
	escape_json(&s, status);
	if (von_status != NULL)
	{
		appendStringInfoString(&s, ", \"von_status\": ");
		escape_json(&s, von_status);
	}
	if (frei_durch != 0)
		appendStringInfo(&s, ", \"frei_durch\": " INT64_FORMAT, frei_durch);
	if (abweichungen != 0)
	{
		bool		erste = true;

		appendStringInfoString(&s, ", \"abweichungen\": [");
		for (int i = 0; i < SBO_ABWEICHUNG_ANZAHL; i++)
			if (abweichungen & (1u << i))
			{
				if (!erste)
					appendStringInfoString(&s, ", ");
				escape_json(&s, sbo_abweichung_namen[i]);
				erste = false;
			}
		appendStringInfoChar(&s, ']');
	}
	appendStringInfoChar(&s, '}');
	kaoa_ereignis_person(kommune, person_id, art, s.data);
}

/*
 * Moves up the earliest waiting registrations into the free places of a measure with `zugesagt`
 * registrations zugesagt and `wartend` waiting (as many as anmeldung_nachruecken says), logging
 * each; frei_durch is the withdrawal that freed the place (0: places were raised, or a free place
 * was found).  Returns the first that moved up (0: none).  The measure is locked; SPI connected.
 */
int64
sbo_nachruecken(const char *kommune, int64 massnahme_id, bool begrenzt, int64 plaetze, int64 zugesagt,
				int64 wartend, int64 frei_durch)
{
	int64		n = anmeldung_nachruecken(begrenzt, plaetze, zugesagt, wartend);
	int64		erste = 0;
	Datum		w[3];
	uint64		k;
	int64	   *ids,
			   *personen;

	if (n <= 0)
		return 0;
	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int64GetDatum(massnahme_id);
	w[2] = Int64GetDatum(n);
	k = kaoa_spi_als_eigentuemer(&plan_wartende, w, NULL, false, 0);
	ids = palloc(sizeof(int64) * Max(k, 1));
	personen = palloc(sizeof(int64) * Max(k, 1));
	for (uint64 i = 0; i < k; i++)
	{
		ids[i] = kaoa_spi_int8(i, 1, 0);
		personen[i] = kaoa_spi_int8(i, 2, 0);
	}
	for (uint64 i = 0; i < k; i++)
	{
		w[1] = Int64GetDatum(ids[i]);
		if (schreiben(kommune, massnahme_id, &plan_zusagen, w, NULL) != 1)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to a concurrent registration for measure %lld",
							(long long) massnahme_id),
					 errdetail("Registration %lld on the waiting list was changed by another transaction.",
							   (long long) ids[i]),
					 errhint("Retry the transaction.")));
		protokollieren(kommune, "anmeldung_nachgerueckt", ids[i], massnahme_id, personen[i], "zugesagt",
					   "warteliste", frei_durch, 0);
		if (erste == 0)
			erste = ids[i];
	}
	return erste;
}

static kaoa_spi_plan plan_stand = {
	"SELECT pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) 'zugesagt'),"
	"       pg_catalog.count(*) FILTER (WHERE a.status OPERATOR(pg_catalog.=) 'warteliste')"
	"  FROM kaoa.anmeldung a"
	" WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.massnahme_id OPERATOR(pg_catalog.=) $2",
	2, {TEXTOID, INT8OID}
};

/* How many registrations of the measure are zugesagt, and how many wait (the measure locked by the
 * caller; when its places change).  SPI connected. */
int64
sbo_zugesagt(const char *kommune, int64 massnahme_id, int64 *wartend)
{
	Datum		w[2];

	w[0] = CStringGetTextDatum(kommune);
	w[1] = Int64GetDatum(massnahme_id);
	(void) kaoa_spi_als_eigentuemer(&plan_stand, w, NULL, false, 1);
	if (wartend != NULL)
		*wartend = kaoa_spi_int8(0, 2, 0);
	return kaoa_spi_int8(0, 1, 0);
}

/* ---- kaoa.anmelden ---------------------------------------------------------------------------------------- */

/* The person's registration for the measure, if any (a probe's callback). */
typedef struct bisher
{
	int64		id;
	char	   *status;
} bisher;

static bool
bisher_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	bisher	   *b = (bisher *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "status", &isnull);

	b->id = kaoa_sonde_int8(t, d, "anmeldung_id", 0);
	b->status = isnull ? NULL : TextDatumGetCString(v);
	return false;
}

/* The person's enrolment in the school year (a probe's callback). */
static bool
schulbesuch_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	sbo_zielgruppe_fakten *z = (sbo_zielgruppe_fakten *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "schulform", &isnull);

	z->hat_schulbesuch = true;
	z->jahrgang = kaoa_sonde_int4(t, d, "jahrgang", 0);
	z->schulform = isnull ? NULL : TextDatumGetCString(v);
	return false;
}

/*
 * A new registration, written directly — heap insert and its index entries, as kaoa.ereignis is
 * written — rather than through an SPI INSERT, whose executor start-up and foreign-key queries were
 * the largest cost of a registration under load (docs/sbo.md, "Benchmark").  What the INSERT would
 * check holds already: the measure is locked FOR NO KEY UPDATE and the person FOR KEY SHARE (what
 * the foreign keys lock), the registering organisation is the caller's own (locked FOR KEY SHARE
 * here), the status and the flags come from the rules, and the unique keys are checked by the
 * index insert (23505).  The table's trigger only guards against other writers.  Returns the
 * anmeldung_id.
 */
typedef struct anmeldung_spalten
{
	Oid			relid;
	Oid			seqid;
	int			kommune, id, massnahme_id, person_id, angemeldet_am, angemeldet_von, status, status_am,
				abweichungen;
} anmeldung_spalten;

static anmeldung_spalten as_;

static Datum abweichungen_array(unsigned bits);

static int64
anmeldung_einfuegen(const char *kommune, int64 massnahme_id, int64 person_id, int64 angemeldet_von,
					const char *status, unsigned abweichungen)
{
	Oid			relid = get_relname_relid("anmeldung", get_namespace_oid("kaoa", false));
	Relation	rel;
	TupleDesc	desc;
	Datum	   *werte;
	bool	   *nulls;
	int64		id;
	TimestampTz jetzt = GetCurrentTimestamp();

	if (!OidIsValid(relid))
		kaoa_installation_passt_nicht("kaoa.anmeldung");
	if (angemeldet_von != 0)
	{
		Datum		k[2];

		k[0] = CStringGetTextDatum(kommune);
		k[1] = Int64GetDatum(angemeldet_von);
		if (!kaoa_sonde_sperren("organisation", "organisation_pkey", 2, k, LockTupleKeyShare, NULL, NULL))
			elog(ERROR, "kaoa: organisation %lld of the caller is gone", (long long) angemeldet_von);
	}
	rel = table_open(relid, RowExclusiveLock);
	desc = RelationGetDescr(rel);
	if (as_.relid != relid)
	{
		as_.kommune = kaoa_trigger_spalte(rel, "kommune");
		as_.id = kaoa_trigger_spalte(rel, "anmeldung_id");
		as_.massnahme_id = kaoa_trigger_spalte(rel, "massnahme_id");
		as_.person_id = kaoa_trigger_spalte(rel, "person_id");
		as_.angemeldet_am = kaoa_trigger_spalte(rel, "angemeldet_am");
		as_.angemeldet_von = kaoa_trigger_spalte(rel, "angemeldet_von");
		as_.status = kaoa_trigger_spalte(rel, "status");
		as_.status_am = kaoa_trigger_spalte(rel, "status_am");
		as_.abweichungen = kaoa_trigger_spalte(rel, "abweichungen");
		as_.seqid = getIdentitySequence(relid, as_.id, false);
		as_.relid = relid;
	}
	werte = palloc0(sizeof(Datum) * desc->natts);
	nulls = palloc(sizeof(bool) * desc->natts);
	memset(nulls, true, sizeof(bool) * desc->natts);
	id = nextval_internal(as_.seqid, false);
#define SETZE(nr, wert) (werte[(nr) - 1] = (wert), nulls[(nr) - 1] = false)
	SETZE(as_.kommune, CStringGetTextDatum(kommune));
	SETZE(as_.id, Int64GetDatum(id));
	SETZE(as_.massnahme_id, Int64GetDatum(massnahme_id));
	SETZE(as_.person_id, Int64GetDatum(person_id));
	SETZE(as_.angemeldet_am, TimestampTzGetDatum(jetzt));
	if (angemeldet_von != 0)
		SETZE(as_.angemeldet_von, Int64GetDatum(angemeldet_von));
	SETZE(as_.status, CStringGetTextDatum(status));
	SETZE(as_.status_am, TimestampTzGetDatum(jetzt));
	SETZE(as_.abweichungen, abweichungen_array(abweichungen));
#undef SETZE
	kaoa_zeile_direkt_einfuegen(rel, werte, nulls);
	table_close(rel, NoLock);
	return id;
}

static kaoa_spi_plan plan_erneut = {
	"UPDATE kaoa.anmeldung a SET status = $3, status_am = pg_catalog.clock_timestamp(),"
	"       angemeldet_am = pg_catalog.clock_timestamp(),"
	"       angemeldet_von = $4, abweichungen = $5"
	" WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.anmeldung_id OPERATOR(pg_catalog.=) $2"
	"   AND a.status OPERATOR(pg_catalog.=) 'zurueckgezogen'",
	5, {TEXTOID, INT8OID, TEXTOID, INT8OID, TEXTARRAYOID}, NULL, true
};

/* The labels of the deviation bits as a text[]. */
static Datum
abweichungen_array(unsigned bits)
{
	Datum		labels[SBO_ABWEICHUNG_ANZAHL];
	int			n = 0;

	for (int i = 0; i < SBO_ABWEICHUNG_ANZAHL; i++)
		if (bits & (1u << i))
			labels[n++] = CStringGetTextDatum(sbo_abweichung_namen[i]);
	return PointerGetDatum(construct_array(labels, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* The target group of the measure as text for a hint, e.g. "grades 9-10 (GE, R, SK); grades 10-12 (GY)",
 * its words in the session's language (_: kaoa's catalogue). */
static char *
zielgruppe_text(const massnahme_lage *m)
{
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < m->n_gruppen; i++)
	{
		const sbo_zielgruppe *g = &m->gruppen[i];

		if (i > 0)
			appendStringInfoString(&s, "; ");
		if (g->jahrgaenge.leer)
			appendStringInfoString(&s, _("no grade"));
		else if (g->jahrgaenge.unten == g->jahrgaenge.oben)
			appendStringInfo(&s, _("grade %d"), g->jahrgaenge.unten);
		else
			appendStringInfo(&s, _("grades %d-%d"), g->jahrgaenge.unten, g->jahrgaenge.oben);
		if (g->schulformen == NULL)
			appendStringInfoString(&s, _(" (every school form)"));
		else
		{
			appendStringInfoString(&s, " (");
			for (int k = 0; k < g->n_schulformen; k++)
				appendStringInfo(&s, "%s%s", k ? ", " : "", g->schulformen[k] ? g->schulformen[k] : "?");
			appendStringInfoChar(&s, ')');
		}
	}
	return s.data;
}

/* Raises the refusal e of a registration of person_id for measure m. */
pg_attribute_noreturn()
static void
anmeldung_verweigert(anmeldung_ergebnis e, const massnahme_lage *m, int64 person_id, DateADT heute,
					 int64 bisher_id, const char *bisher_status, unsigned abweichungen,
					 bool hat_schulbesuch, int jahrgang, const char *schulform)
{
	switch (e)
	{
		case AE_OHNE_ANMELDUNG:
			kaoa_verstoss(ERRCODE_KAOA_ANMELDUNG_GESCHLOSSEN, kaoa_verstoss_ort("massnahme", "anmeldung_bis", "sbo_anmeldung_geschlossen"),
				errmsg("measure %lld takes no registrations", (long long) m->id),
				errdetail("Measure %lld \"%s\" of Kommune %s has no anmeldung_bis.",
							   (long long) m->id, m->titel, m->kommune),
				errhint("Participants of a measure without registration are recorded in kaoa.massnahme_teilnahme; to take registrations, the organisation running it or the KoKo sets kaoa.massnahme.anmeldung_bis."));
			break;
		case AE_FRIST_VORBEI:
			kaoa_verstoss(ERRCODE_KAOA_ANMELDUNG_GESCHLOSSEN, kaoa_verstoss_ort("massnahme", "anmeldung_bis", "sbo_anmeldung_geschlossen"),
				errmsg("registration for measure %lld closed on %s", (long long) m->id,
							kaoa_datum_text(m->frist)),
				errdetail("Measure %lld \"%s\" of Kommune %s took registrations until %s; today (Europe/Berlin) is %s.",
							   (long long) m->id, m->titel, m->kommune, kaoa_datum_text(m->frist),
							   kaoa_datum_text(heute)),
				errhint("Registrations are accepted up to and including the day anmeldung_bis; the organisation running the measure or the KoKo may extend it."));
			break;
		case AE_DOPPELT:
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("person %lld is registered for measure %lld already", (long long) person_id,
							(long long) m->id),
					 errdetail("Registration %lld of person %lld for measure %lld \"%s\" of Kommune %s has status %s.",
							   (long long) bisher_id, (long long) person_id, (long long) m->id, m->titel,
							   m->kommune, bisher_status ? bisher_status : _("(none)")),
					 errhint("A person is registered once per measure; withdraw the registration with kaoa.anmeldung_zurueckziehen(anmeldung_id) before registering anew."),
					 err_generic_string(PG_DIAG_SCHEMA_NAME, "kaoa"),
					 err_generic_string(PG_DIAG_TABLE_NAME, "anmeldung"),
					 err_generic_string(PG_DIAG_CONSTRAINT_NAME, "anmeldung_schluessel")));
			break;
		case AE_ZIELGRUPPE:
			kaoa_verstoss(ERRCODE_KAOA_ZIELGRUPPE, kaoa_verstoss_ort("anmeldung", "person_id", "sbo_zielgruppe"),
				errmsg("person %lld is outside the target group of measure %lld", (long long) person_id,
							(long long) m->id),
				hat_schulbesuch
					 ? errdetail("Measure %lld \"%s\" of Kommune %s admits only its target group; person %lld is in grade %d at school form %s in school year %d.",
								 (long long) m->id, m->titel, m->kommune, (long long) person_id, jahrgang,
								 schulform ? schulform : _("(unknown)"), m->schuljahr)
					 : errdetail("Measure %lld \"%s\" of Kommune %s admits only its target group; person %lld has no enrolment (kaoa.schulbesuch) in school year %d, when the measure starts.",
								 (long long) m->id, m->titel, m->kommune, (long long) person_id, m->schuljahr),
				errhint("The measure is open to %s. Enrol the person for that school year first, or register someone of the target group.",
							 zielgruppe_text(m)));
			break;
		case AE_VOLL:
			kaoa_verstoss(ERRCODE_KAOA_ANMELDUNG_GESCHLOSSEN, kaoa_verstoss_ort("massnahme", "plaetze", "sbo_anmeldung_voll"),
				errmsg("measure %lld is full", (long long) m->id),
				errdetail_plural("The %lld place of measure %lld \"%s\" of Kommune %s is zugesagt and it keeps no waiting list.",
								 "All %lld places of measure %lld \"%s\" of Kommune %s are zugesagt and it keeps no waiting list.",
								 (unsigned long) m->plaetze,
								 (long long) m->plaetze, (long long) m->id, m->titel, m->kommune),
				errhint("A place frees up when a registration is withdrawn (kaoa.anmeldung_zurueckziehen); the organisation running the measure or the KoKo may add places or a waiting list (kaoa.massnahme.plaetze, warteliste)."));
			break;
		case AE_OK:
			break;
	}
	elog(ERROR, "kaoa: unexpected registration outcome %d", (int) e);
	pg_unreachable();
}

/*
 * kaoa.anmelden(massnahme_id, person_id) → anmeldung_id.  Who: the system; the KoKo of the
 * measure's Kommune; a school that sees the person; a partner of the measure (its traeger_org
 * included) for a person it sees.  Then, with the measure locked: closed or past the deadline
 * (KA011; the deadline does not bind the system) → already registered (23505) → outside a closed
 * target group (KA012) → full without a waiting list (KA011); else zugesagt while a place is free,
 * else warteliste.  A withdrawn registration of the person is registered anew (same anmeldung_id,
 * at the end of the queue).
 */
Datum
kaoa_anmelden(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		massnahme_id,
				person_id,
				id = 0,
				bisher_id = 0;
	massnahme_kopf kopf;
	massnahme_lage m,
				vorab;
	stand		s;
	anmeldung_fakten f;
	anmeldung_ergebnis e;
	anmeldung_status status = AS_ZUGESAGT;
	sbo_zielgruppe_fakten z;
	char	   *bisher_status = NULL;
	char	   *schulform = NULL;
	DateADT		heute = kaoa_heute();
	Datum		w[6];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.anmelden needs a massnahme_id and a person_id"),
				 errdetail("An argument was NULL."),
				 errhint("Pass the measure (kaoa.massnahme.massnahme_id) and the person (kaoa.person.person_id).")));
	massnahme_id = PG_GETARG_INT64(0);
	person_id = PG_GETARG_INT64(1);
	kaoa_schreibzugriff_pruefen("kaoa.anmelden");
	a = kaoa_akteur_verlangen();

	kaoa_spi_verbinden();
	/* who: first whether the measure is visible at all, without a lock */
	kopf = massnahme_kopf_lesen(massnahme_id);
	if (!kopf.gefunden || (a->art == KAOA_AKTEUR_ORG && strcmp(a->kommune, kopf.kommune) != 0))
		massnahme_nicht_sichtbar(a, massnahme_id);
	if (a->art == KAOA_AKTEUR_ORG && a->org_typ != KO_KOKO &&
		a->org_typ != KO_SCHULE && a->org_typ != KO_BERUFSKOLLEG &&
		!sbo_partner_von(kopf.kommune, massnahme_id, a->org_id, false))
		kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("anmeldung", "massnahme_id", "sbo_zustaendig"),
			errmsg("organisation %lld may not register young people for measure %lld",
						(long long) a->org_id, (long long) massnahme_id),
			errdetail("Role \"%s\" acts for organisation %lld (%s) of Kommune %s, which is not a partner of measure %lld.",
						   a->rolle, (long long) a->org_id, kaoa_org_typ_namen[a->org_typ], a->kommune,
						   (long long) massnahme_id),
			errhint("Registrations are made by the school that sees the person, the KoKo, or a partner of the measure (kaoa.massnahme_partner, its traeger_org included)."));
	/* whether the organisation sees the person before the person is locked: no organisation can
	 * hold a lock on a person it does not see */
	if ((a->art == KAOA_AKTEUR_ORG && a->org_typ != KO_KOKO && !sieht_person(a, kopf.kommune, person_id, false)) ||
		!person_sperren(kopf.kommune, person_id))
		person_nicht_sichtbar(a, kopf.kommune, person_id, massnahme_id);

	/*
	 * Before the lock, what does not depend on the registrations: the measure's target group and the
	 * person's enrolment in the school year it starts.  The lock is held to the end of the
	 * transaction, so everything done under it delays the next registration for the measure.
	 */
	{
		Snapshot	snap = kaoa_sonde_frisch();

		if (!massnahme_lesen(kopf.kommune, massnahme_id, &vorab, snap))
			massnahme_nicht_sichtbar(a, massnahme_id);
		zielgruppe_lesen(&vorab, person_id, snap, &z);
		kaoa_sonde_ende(snap);
	}

	/* the measure, locked; from here on every read sees what concurrent calls committed */
	if (!massnahme_sperren(kopf.kommune, massnahme_id, &m))
		massnahme_nicht_sichtbar(a, massnahme_id);
	{
		Snapshot	snap = kaoa_sonde_frisch();
		bisher		b = {0, NULL};

		/* the row changed meanwhile (its target group or period, perhaps): read them again */
		if (ItemPointerEquals(&m.version, &vorab.version) && m.version_xmin == vorab.version_xmin)
		{
			m.gruppen = vorab.gruppen;
			m.n_gruppen = vorab.n_gruppen;
		}
		else
			zielgruppe_lesen(&m, person_id, snap, &z);
		w[0] = CStringGetTextDatum(m.kommune);
		w[1] = Int64GetDatum(massnahme_id);
		w[2] = Int64GetDatum(person_id);
		if (kaoa_sonde("anmeldung", "anmeldung_schluessel", 3, w, snap, bisher_zeile, &b) > 0)
		{
			bisher_id = b.id;
			bisher_status = b.status;
		}
		kaoa_sonde_ende(snap);
	}
	stand_lesen(&m, true, &s);
	schulform = (char *) z.schulform;

	/* anyone found waiting beside a free place moves up first (only counts read whole can show it) */
	if (s.anzahl[AS_WARTELISTE] > 0)
	{
		int64		n = anmeldung_nachruecken(m.begrenzt, m.plaetze, s.anzahl[AS_ZUGESAGT], s.anzahl[AS_WARTELISTE]);

		if (n > 0)
		{
			(void) sbo_nachruecken(m.kommune, massnahme_id, m.begrenzt, m.plaetze, s.anzahl[AS_ZUGESAGT],
								   s.anzahl[AS_WARTELISTE], 0);
			s.anzahl[AS_ZUGESAGT] += n;
			s.anzahl[AS_WARTELISTE] -= n;
		}
	}

	memset(&f, 0, sizeof(f));
	f.hat_frist = m.hat_frist;
	f.frist = m.frist;
	f.heute = heute;
	f.frist_bindet = !kaoa_ist_system(a);
	f.angemeldet = bisher_id != 0 && anmeldung_status_von(bisher_status) != AS_ZURUECKGEZOGEN;
	f.abweichungen = sbo_zielgruppe_abweichungen(&z);
	f.nur_zielgruppe = m.nur_zielgruppe;
	f.begrenzt = m.begrenzt;
	f.plaetze = m.plaetze;
	f.zugesagt = s.anzahl[AS_ZUGESAGT];
	f.warteliste = m.warteliste;
	e = anmeldung_entscheiden(&f, &status);
	if (e != AE_OK)
		anmeldung_verweigert(e, &m, person_id, heute, bisher_id, bisher_status, f.abweichungen,
							 z.hat_schulbesuch, z.jahrgang, schulform);

	/* write: a new row, or the withdrawn one anew */
	if (bisher_id == 0)
	{
		id = anmeldung_einfuegen(m.kommune, massnahme_id, person_id,
								 a->art == KAOA_AKTEUR_ORG ? a->org_id : 0,
								 anmeldung_status_namen[status], f.abweichungen);
	}
	else
	{
		char		n5[5] = "   n ";

		w[0] = CStringGetTextDatum(m.kommune);
		w[1] = Int64GetDatum(bisher_id);
		w[2] = CStringGetTextDatum(anmeldung_status_namen[status]);
		w[3] = Int64GetDatum(a->org_id);
		w[4] = abweichungen_array(f.abweichungen);
		if (a->art == KAOA_AKTEUR_ORG)
			n5[3] = ' ';
		if (schreiben(m.kommune, massnahme_id, &plan_erneut, w, n5) != 1)
			elog(ERROR, "kaoa: the registration was not written");
		id = bisher_id;
	}
	protokollieren(m.kommune, "anmeldung", id, massnahme_id, person_id, anmeldung_status_namen[status],
				   bisher_id != 0 ? "zurueckgezogen" : NULL, 0, f.abweichungen);
	SPI_finish();
	PG_RETURN_INT64(id);
}

/* ---- kaoa.anmeldung_zurueckziehen ---------------------------------------------------------------------- */

typedef struct anmeldung_kopf
{
	bool		gefunden;
	char		kommune[KAOA_KOMMUNE_LEN + 1];
	int64		massnahme_id;
	int64		person_id;
	int64		angemeldet_von;
	int			status;
} anmeldung_kopf;

static bool
anmeldung_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	anmeldung_kopf *k = (anmeldung_kopf *) arg;
	bool		isnull;
	Datum		v = kaoa_sonde_datum(t, d, "kommune", &isnull);

	if (isnull)
		return true;
	k->gefunden = true;
	text_to_cstring_buffer(DatumGetTextPP(v), k->kommune, sizeof(k->kommune));
	k->massnahme_id = kaoa_sonde_int8(t, d, "massnahme_id", 0);
	k->person_id = kaoa_sonde_int8(t, d, "person_id", 0);
	k->angemeldet_von = kaoa_sonde_int8(t, d, "angemeldet_von", 0);
	v = kaoa_sonde_datum(t, d, "status", &isnull);
	k->status = isnull ? -1 : anmeldung_status_von(TextDatumGetCString(v));
	return false;
}

static anmeldung_kopf
anmeldung_lesen(int64 anmeldung_id, Snapshot snap)
{
	anmeldung_kopf k;
	Datum		key = Int64GetDatum(anmeldung_id);

	memset(&k, 0, sizeof(k));
	(void) kaoa_sonde("anmeldung", "anmeldung_anmeldung_id", 1, &key, snap, anmeldung_zeile, &k);
	return k;
}

static kaoa_spi_plan plan_zurueck = {
	"UPDATE kaoa.anmeldung a SET status = 'zurueckgezogen', status_am = pg_catalog.clock_timestamp()"
	" WHERE a.kommune OPERATOR(pg_catalog.=) $1 AND a.anmeldung_id OPERATOR(pg_catalog.=) $2"
	"   AND a.status OPERATOR(pg_catalog.<>) 'zurueckgezogen'",
	2, {TEXTOID, INT8OID}, NULL, true
};

/*
 * kaoa.anmeldung_zurueckziehen(anmeldung_id) → the anmeldung_id that moved up into the freed place
 * (NULL when nobody did).  Who: whoever may see the registration (the system, the KoKo, a partner
 * of the measure, the organisation that registered the person, a school that sees the person);
 * anyone else gets KA004, the same as for a registration that does not exist.  A withdrawn
 * registration stays withdrawn (55000).
 */
Datum
kaoa_anmeldung_zurueckziehen(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a;
	int64		anmeldung_id,
				nachgerueckt = 0;
	anmeldung_kopf k;
	massnahme_lage m;
	stand		s;
	Datum		w[2];
	Snapshot	snap;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kaoa.anmeldung_zurueckziehen needs an anmeldung_id"),
				 errdetail("The argument was NULL."),
				 errhint("Pass the registration (kaoa.anmeldung.anmeldung_id) that kaoa.anmelden returned.")));
	anmeldung_id = PG_GETARG_INT64(0);
	kaoa_schreibzugriff_pruefen("kaoa.anmeldung_zurueckziehen");
	a = kaoa_akteur_verlangen();
	kaoa_spi_verbinden();

	snap = kaoa_sonde_frisch();
	k = anmeldung_lesen(anmeldung_id, snap);
	kaoa_sonde_ende(snap);
	if (!k.gefunden || !anmeldung_sichtbar_fuer(a, k.kommune, k.massnahme_id, k.person_id, k.angemeldet_von, false, true))
	{
		if (kaoa_ist_system(a))
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("registration %lld does not exist", (long long) anmeldung_id),
					 errhint("Registrations are the rows of kaoa.anmeldung.")));
		kaoa_verstoss(ERRCODE_KAOA_NICHT_ZUSTAENDIG, kaoa_verstoss_ort("anmeldung", "anmeldung_id", "sbo_zustaendig"),
			errmsg("registration %lld is not visible to organisation %lld", (long long) anmeldung_id,
						(long long) a->org_id),
			errdetail("Role \"%s\" (organisation %lld, Kommune %s) sees no registration %lld: it does not exist or is not shared with the organisation.",
						   a->rolle, (long long) a->org_id, a->kommune, (long long) anmeldung_id),
			errhint("A registration is withdrawn by the organisation that made it, a school that sees the person, a partner of the measure or the KoKo."));
	}

	if (!massnahme_sperren(k.kommune, k.massnahme_id, &m))
		elog(ERROR, "kaoa: measure %lld of registration %lld is gone", (long long) k.massnahme_id,
			 (long long) anmeldung_id);
	stand_lesen(&m, false, &s);
	snap = kaoa_sonde_frisch();
	k = anmeldung_lesen(anmeldung_id, snap);
	kaoa_sonde_ende(snap);
	if (k.status == AS_ZURUECKGEZOGEN)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("registration %lld is withdrawn already", (long long) anmeldung_id),
				 errdetail("Registration %lld of person %lld for measure %lld \"%s\" of Kommune %s has status zurueckgezogen.",
						   (long long) anmeldung_id, (long long) k.person_id, (long long) m.id, m.titel,
						   m.kommune),
				 errhint("A withdrawn registration frees nothing more; to take part after all, register the person anew with kaoa.anmelden(massnahme_id, person_id).")));

	w[0] = CStringGetTextDatum(m.kommune);
	w[1] = Int64GetDatum(anmeldung_id);
	if (schreiben(m.kommune, m.id, &plan_zurueck, w, NULL) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent registration for measure %lld",
						(long long) m.id),
				 errdetail("Registration %lld was changed by another transaction.", (long long) anmeldung_id),
				 errhint("Retry the transaction.")));
	protokollieren(m.kommune, "anmeldung_zurueckgezogen", anmeldung_id, m.id, k.person_id, "zurueckgezogen",
				   k.status >= 0 ? anmeldung_status_namen[k.status] : NULL, 0, 0);
	if (k.status >= 0)
		s.anzahl[k.status]--;
	nachgerueckt = sbo_nachruecken(m.kommune, m.id, m.begrenzt, m.plaetze, s.anzahl[AS_ZUGESAGT],
								   s.anzahl[AS_WARTELISTE], anmeldung_id);
	SPI_finish();
	if (nachgerueckt == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(nachgerueckt);
}
