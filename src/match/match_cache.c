/*
 * match_cache.c — when what the matching functions keep may be used again (see match.h).
 *
 * Design note.  The offer index, the applicants, the weights and the visibility answers of the
 * matching functions outlive the transaction that read them, so that a counsellor's one question
 * per transaction does not load 100,000 offers again.  A kept part may be used only when it equals
 * what the caller's snapshot would read.  The tables it was read from fall into three groups
 * (MATCH_ANGEBOTE, MATCH_BEWERBER, MATCH_SICHT), each with an empty marker view
 * (kaoa.matching_stand_angebote, …_bewerber, …_sicht).  A statement that changes a table of a group
 * fires kaoa.matching_stand_aendern, which
 *
 *   - takes RowExclusiveLock on the marker (held to the end of the transaction, so a reader can see
 *     which transactions are changing the group right now);
 *   - registers a relcache invalidation of the marker: PostgreSQL applies it in this backend at the
 *     next command (so the session's own later calls see its own change), applies it here again
 *     when the (sub)transaction rolls back, and sends it to every backend after the commit;
 *   - remembers the group, and sends the same invalidation once more just before the commit
 *     (XACT_EVENT_PRE_COMMIT / PRE_PREPARE), i.e. before any snapshot can see the change: the
 *     message after the commit alone could arrive after a snapshot that already sees it.
 *
 * Every backend counts the invalidations of each marker it receives (zaehler[]; a reset of the
 * relcache counts for all).  A part records, before it reads (match_stand_setzen): the counter, the
 * snapshot (which other transactions it sees: xmin, xmax, the in-progress lists; and its
 * transaction and command), and the transactions holding the marker lock now (they are changing
 * the group but are not yet visible).  It may be used for a later snapshot S when
 *
 *   1. S sees exactly what the reading snapshot saw, in the same transaction and command; or
 *   2. no transaction finished between taking the reading snapshot and recording the counter (a
 *      fresh snapshot saw the same; otherwise the part serves only its own snapshot), S sees at
 *      least what the reading snapshot saw, and — after taking the pending invalidations — the
 *      counter is unchanged and none of the recorded lock holders is visible to S.
 *
 * Why that is exact: a change T visible to S but not to the reading snapshot either held the lock
 * while the part was recorded (then it is in the list and now visible), or sent its pre-commit
 * message after the counter was recorded; that message precedes T's visibility, hence precedes S,
 * hence is taken before the check.  A change visible to neither, or to both, makes no difference.
 * An uncommitted change of another session sends nothing before its commit and holds the lock, so
 * it never invalidates a part and is never read into one (snapshots do not see it); the session's
 * own change invalidates at its next command; a rollback invalidates again.  Hot standbys, parallel
 * mode and non-MVCC snapshots use rule 1 only.
 *
 * Once a part was checked for a snapshot, snapshots that see the same other transactions reuse
 * the answer without touching the invalidation queue (nothing finished in between): the common
 * read-only call costs a comparison of two short lists.
 *
 * Memory.  Each part lives in a memory context of its own; after every transaction the parts that
 * cannot be used again are dropped, and the least recently used ones until the backend holds at
 * most kaoa.matching_cache_mb (default 256 MB; 0 keeps nothing beyond the statement).
 * kaoa.matching_cache() lists what a backend holds; DEBUG1 reports each part built and dropped.
 */
#include "base/kaoa.h"
#include "base/trigger.h"

#include "access/transam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/sinval.h"
#include "storage/sinvaladt.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "match/match.h"

PG_FUNCTION_INFO_V1(kaoa_matching_stand_aendern);
PG_FUNCTION_INFO_V1(kaoa_matching_cache);

/* The marker views of the groups, in the order of match_gruppe. */
static const char *const marker_namen[MATCH_GRUPPEN] = {
	"matching_stand_angebote", "matching_stand_bewerber", "matching_stand_sicht"
};

/* The names the trigger takes as arguments and kaoa.matching_cache() shows. */
static const char *const gruppen_namen[MATCH_GRUPPEN] = {"angebote", "bewerber", "sicht"};

/* The markers' relids as last looked up (InvalidOid: not yet, or forgotten after a reset). */
static Oid	marker_oid[MATCH_GRUPPEN];

/* Invalidations of each marker received by this backend. */
static uint64 zaehler[MATCH_GRUPPEN];

/* This transaction changed the group (sent once more before its commit). */
static bool geaendert[MATCH_GRUPPEN];

/* The transaction and command of this backend's last registration per group (re-registered for
 * each command, and after a rolled-back subtransaction). */
static LocalTransactionId registriert_lxid[MATCH_GRUPPEN];
static CommandId registriert_cid[MATCH_GRUPPEN];

/* The transaction that last changed the group in this backend. */
static LocalTransactionId eigene_lxid[MATCH_GRUPPEN];

int			kaoa_matching_cache_mb = 256;

/* ---- markers and counters -------------------------------------------------------------------- */

/* The marker's relid (InvalidOid when kaoa's 0.2.0 objects are not installed); a relid that
 * changed (the extension was dropped and created again) counts as a change of the group. */
static Oid
marker_holen(match_gruppe g)
{
	Oid			ns = get_namespace_oid("kaoa", true);
	Oid			oid = OidIsValid(ns) ? get_relname_relid(marker_namen[g], ns) : InvalidOid;

	if (oid != marker_oid[g])
	{
		marker_oid[g] = oid;
		zaehler[g]++;
	}
	return oid;
}

/* Relcache invalidation: of a marker, or of everything (a reset after the queue overflowed). */
static void
marker_cb(Datum arg, Oid relid)
{
	int			g;

	for (g = 0; g < MATCH_GRUPPEN; g++)
		if (!OidIsValid(relid) || relid == marker_oid[g])
			zaehler[g]++;
}

/* ---- the writers' side ----------------------------------------------------------------------- */

static match_gruppe
gruppe_von(const char *name)
{
	int			g;

	for (g = 0; g < MATCH_GRUPPEN; g++)
		if (strcmp(name, gruppen_namen[g]) == 0)
			return (match_gruppe) g;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("kaoa.matching_stand_aendern: unknown group \"%s\"", name),
			 errdetail("The trigger's arguments name the groups of the matching caches: angebote, bewerber or sicht."),
			 errhint("Leave kaoa's triggers as the extension created them.")));
	return MATCH_ANGEBOTE;		/* not reached */
}

/* A change of group g by this transaction (see the design note). */
static void
aendern(match_gruppe g)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId	cid = GetCurrentCommandId(false);
	Oid			m;

	geaendert[g] = true;
	eigene_lxid[g] = lxid;
	if (registriert_lxid[g] == lxid && registriert_cid[g] == cid)
		return;
	m = marker_holen(g);
	if (!OidIsValid(m))
		kaoa_installation_passt_nicht(psprintf("kaoa.%s", marker_namen[g]));
	LockRelationOid(m, RowExclusiveLock);
	CacheInvalidateRelcacheByRelid(m);
	registriert_lxid[g] = lxid;
	registriert_cid[g] = cid;
}

/*
 * kaoa.matching_stand_aendern(gruppe, …) — AFTER trigger (statement or row) on the tables the
 * matching caches are read from; each argument names a group the change belongs to.
 */
Datum
kaoa_matching_stand_aendern(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.matching_stand_aendern", KAOA_TRIGGER_NACH);
	int			i;

	for (i = 0; i < td->tg_trigger->tgnargs; i++)
		aendern(gruppe_von(td->tg_trigger->tgargs[i]));
	return PointerGetDatum(NULL);
}

/* Sends a relcache invalidation of each changed group's marker now, before the commit. */
static void
vor_commit_senden(void)
{
	SharedInvalidationMessage msgs[MATCH_GRUPPEN];
	int			n = 0,
				g;

	for (g = 0; g < MATCH_GRUPPEN; g++)
		if (geaendert[g] && OidIsValid(marker_oid[g]))
		{
			memset(&msgs[n], 0, sizeof(msgs[n]));
			msgs[n].rc.id = SHAREDINVALRELCACHE_ID;
			msgs[n].rc.dbId = MyDatabaseId;
			msgs[n].rc.relId = marker_oid[g];
			n++;
		}
	if (n > 0)
		SendSharedInvalidMessages(msgs, n);
}

/* ---- the readers' side ----------------------------------------------------------------------- */

static int
xid_vergleich(const void *pa, const void *pb)
{
	TransactionId a = *(const TransactionId *) pa,
				b = *(const TransactionId *) pb;

	return a < b ? -1 : (a > b ? 1 : 0);
}

/* What snapshot snap sees of other transactions, copied into ctx (lists sorted). */
static void
xids_kopieren(match_xids *x, Snapshot snap, MemoryContext ctx)
{
	x->xmin = snap->xmin;
	x->xmax = snap->xmax;
	x->xcnt = (int32) snap->xcnt;
	x->subxcnt = snap->subxcnt;
	x->suboverflowed = snap->suboverflowed;
	x->xip = MemoryContextAlloc(ctx, sizeof(TransactionId) * (x->xcnt + 1));
	x->subxip = MemoryContextAlloc(ctx, sizeof(TransactionId) * (x->subxcnt + 1));
	if (x->xcnt > 0)
		memcpy(x->xip, snap->xip, sizeof(TransactionId) * x->xcnt);
	if (x->subxcnt > 0)
		memcpy(x->subxip, snap->subxip, sizeof(TransactionId) * x->subxcnt);
	qsort(x->xip, x->xcnt, sizeof(TransactionId), xid_vergleich);
	qsort(x->subxip, x->subxcnt, sizeof(TransactionId), xid_vergleich);
}

static void
xids_freigeben(match_xids *x)
{
	if (x->xip)
		pfree(x->xip);
	if (x->subxip)
		pfree(x->subxip);
	x->xip = x->subxip = NULL;
}

/* True when a sorted copy of snap's list equals the list l (n entries). */
static bool
liste_gleich(const TransactionId *snap_liste, int n_snap, const TransactionId *l, int n)
{
	TransactionId kurz[64];
	TransactionId *sortiert;
	bool		gleich;

	if (n_snap != n)
		return false;
	if (n == 0)
		return true;
	sortiert = n <= 64 ? kurz : palloc(sizeof(TransactionId) * n);
	memcpy(sortiert, snap_liste, sizeof(TransactionId) * n);
	qsort(sortiert, n, sizeof(TransactionId), xid_vergleich);
	gleich = memcmp(sortiert, l, sizeof(TransactionId) * n) == 0;
	if (sortiert != kurz)
		pfree(sortiert);
	return gleich;
}

/* True when snap sees exactly the other transactions that x saw. */
static bool
sieht_gleich(Snapshot snap, const match_xids *x)
{
	return x->xip != NULL && snap->xmin == x->xmin && snap->xmax == x->xmax &&
		snap->suboverflowed == x->suboverflowed &&
		liste_gleich(snap->xip, (int) snap->xcnt, x->xip, x->xcnt) &&
		liste_gleich(snap->subxip, snap->subxcnt, x->subxip, x->subxcnt);
}

static bool
in_liste(TransactionId xid, const TransactionId *l, int n)
{
	return bsearch(&xid, l, n, sizeof(TransactionId), xid_vergleich) != NULL;
}

/* True when snap sees every transaction x saw as finished (it was taken later, or at the same
 * time): nothing below x's xmax that x took as finished is in progress for snap. */
static bool
sieht_mindestens(Snapshot snap, const match_xids *x)
{
	uint32		i;

	if (x->suboverflowed || snap->suboverflowed || TransactionIdPrecedes(snap->xmax, x->xmax))
		return false;
	for (i = 0; i < snap->xcnt; i++)
		if (TransactionIdPrecedes(snap->xip[i], x->xmax) && !in_liste(snap->xip[i], x->xip, x->xcnt))
			return false;
	for (i = 0; i < (uint32) snap->subxcnt; i++)
		if (TransactionIdPrecedes(snap->subxip[i], x->xmax) &&
			!in_liste(snap->subxip[i], x->subxip, x->subxcnt))
			return false;
	return true;
}

/* The xids of the transactions holding the marker lock of g now (other backends and prepared
 * transactions), into st; false when there are more than the label keeps. */
static bool
halter_merken(match_stand *st, Oid marker)
{
	LOCKTAG		tag;
	VirtualTransactionId *v;

	st->n_halter = 0;
	SET_LOCKTAG_RELATION(tag, MyDatabaseId, marker);
	for (v = GetLockConflicts(&tag, ShareLock, NULL); VirtualTransactionIdIsValid(*v); v++)
	{
		TransactionId xid = InvalidTransactionId;

		if (v->backendId == InvalidBackendId)
			xid = (TransactionId) v->localTransactionId;	/* a prepared transaction */
		else
		{
			PGPROC	   *p = BackendIdGetProc(v->backendId);

			LWLockAcquire(ProcArrayLock, LW_SHARED);
			if (p != NULL && p->lxid == v->localTransactionId)
				xid = p->xid;
			LWLockRelease(ProcArrayLock);
			/* finished since (or not yet an xid, so nothing written): the snapshot comparison
			 * or the invalidation covers it */
			if (!TransactionIdIsValid(xid))
				continue;
		}
		if (st->n_halter == MATCH_HALTER_MAX)
			return false;
		st->halter[st->n_halter++] = xid;
	}
	return true;
}

void
match_stand_setzen(match_stand *st, match_gruppe g, MemoryContext ctx)
{
	Snapshot	snap = GetActiveSnapshot();
	Oid			m;

	if (snap == NULL)
		elog(ERROR, "kaoa: matching function called without an active snapshot");
	memset(st, 0, sizeof(*st));
	st->gruppe = g;
	st->ctx = ctx;
	st->lxid = MyProc->lxid;
	st->curcid = snap->curcid;
	xids_kopieren(&st->gelesen, snap, ctx);
	m = marker_holen(g);
	/* order matters: the counter first, then the holders, then whether anything finished since the
	 * snapshot was taken (design note) */
	st->zaehler = zaehler[g];
	st->offen = OidIsValid(m) && kaoa_matching_cache_mb > 0 && !RecoveryInProgress() &&
		!IsInParallelMode() && snap->snapshot_type == SNAPSHOT_MVCC && halter_merken(st, m) &&
		sieht_gleich(GetLatestSnapshot(), &st->gelesen);
	if (st->offen)
		xids_kopieren(&st->gut, snap, ctx);
	st->gesetzt = true;
}

bool
match_stand_gilt(match_stand *st)
{
	Snapshot	snap = GetActiveSnapshot();
	LocalTransactionId lxid = MyProc->lxid;
	match_gruppe g = st->gruppe;
	int			i;

	if (!st->gesetzt || snap == NULL)
		return false;
	/* 1. what it was read with: the same transaction and command, the same other transactions */
	if (st->lxid == lxid && st->curcid == snap->curcid && sieht_gleich(snap, &st->gelesen))
		return true;
	/* 2. a later snapshot that sees the same */
	if (!st->offen || snap->snapshot_type != SNAPSHOT_MVCC)
		return false;
	/* an older command of the transaction that read it (a cursor) misses its own later change */
	if (st->lxid == lxid && snap->curcid < st->curcid && eigene_lxid[g] == lxid)
		return false;
	if (zaehler[g] != st->zaehler)
		return false;
	/* the other transactions as last checked: nothing finished since, nothing to take */
	if (sieht_gleich(snap, &st->gut))
		return true;
	if (!sieht_mindestens(snap, &st->gelesen))
		return false;
	AcceptInvalidationMessages();
	if (zaehler[g] != st->zaehler)
		return false;
	for (i = 0; i < st->n_halter; i++)
		if (!XidInMVCCSnapshot(st->halter[i], snap))
			return false;
	xids_freigeben(&st->gut);
	xids_kopieren(&st->gut, snap, st->ctx);
	return true;
}

/* ---- parts ----------------------------------------------------------------------------------- */

#define TEILE_MAX 8
static match_teil *teile[TEILE_MAX];
static int	n_teile = 0;
uint64		match_takt = 0;

void
match_teil_anmelden(match_teil *t)
{
	int			i;

	for (i = 0; i < n_teile; i++)
		if (teile[i] == t)
			return;
	if (n_teile == TEILE_MAX)
		elog(ERROR, "kaoa: too many matching cache parts");
	teile[n_teile++] = t;
}

static Size
teil_bytes(const match_teil *t)
{
	return t->ctx ? MemoryContextMemAllocated(t->ctx, true) : 0;
}

void
match_teil_leeren(match_teil *t, const char *grund)
{
	if (t->ctx == NULL)
		return;
	ereport(DEBUG1,
			(errmsg_internal("kaoa matching cache: %s dropped (%s): " INT64_FORMAT " entries, %zu kB",
							 t->name, grund, t->eintraege, teil_bytes(t) / 1024)));
	if (t->leeren)
		t->leeren(t);
	MemoryContextDelete(t->ctx);
	t->ctx = NULL;
	t->eintraege = 0;
	t->abrufe = 0;
	t->stand.gesetzt = false;
	t->geprueft_snap = NULL;
}

static void
geprueft_merken(match_teil *t, Snapshot snap)
{
	t->geprueft_snap = snap;
	t->geprueft_lxid = MyProc->lxid;
	t->geprueft_cid = snap->curcid;
	t->geprueft_xmax = snap->xmax;
	t->geprueft_xcnt = snap->xcnt;
	t->geprueft_subxcnt = snap->subxcnt;
}

/* The slow path of match_teil_bereit (match.h): the snapshot is not the one last checked. */
bool
match_teil_bereit_pruefen(match_teil *t)
{
	Snapshot	snap = GetActiveSnapshot();

	t->zuletzt = ++match_takt;
	match_teil_anmelden(t);
	if (t->ctx != NULL && match_stand_gilt(&t->stand))
	{
		t->abrufe++;
		geprueft_merken(t, snap);
		return true;
	}
	match_teil_leeren(t, "changed or read with another snapshot");
	t->ctx = AllocSetContextCreate(TopMemoryContext, "kaoa matching cache", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSetIdentifier(t->ctx, t->name);
	match_stand_setzen(&t->stand, t->gruppe, t->ctx);
	t->gebaut = GetCurrentTimestamp();
	t->aufbauten++;
	t->abrufe = 1;
	geprueft_merken(t, GetActiveSnapshot());
	return false;
}

void
match_teil_gebaut(match_teil *t, const char *was, int64 eintraege, TimestampTz start)
{
	t->eintraege = eintraege;
	ereport(DEBUG1,
			(errmsg_internal("kaoa matching cache: %s: %s, " INT64_FORMAT " entries, %zu kB in %.1f ms%s",
							 t->name, was, eintraege, teil_bytes(t) / 1024,
							 (double) (GetCurrentTimestamp() - start) / 1000.0,
							 t->stand.offen ? "" : " (for this snapshot only)")));
}

/* After every transaction: drop what cannot be used again, then the least recently used parts
 * until the backend holds at most kaoa.matching_cache_mb. */
static void
teile_aufraeumen(void)
{
	Size		grenze = (Size) kaoa_matching_cache_mb * 1024 * 1024,
				summe = 0;
	int			i;

	for (i = 0; i < n_teile; i++)
	{
		match_teil *t = teile[i];

		if (t->ctx == NULL)
			continue;
		if (!t->stand.offen)
			match_teil_leeren(t, "usable for its own snapshot only");
		else if (zaehler[t->gruppe] != t->stand.zaehler)
			match_teil_leeren(t, "its tables changed");
		else
			summe += teil_bytes(t);
	}
	while (summe > grenze)
	{
		match_teil *alt = NULL;

		for (i = 0; i < n_teile; i++)
			if (teile[i]->ctx != NULL && (alt == NULL || teile[i]->zuletzt < alt->zuletzt))
				alt = teile[i];
		if (alt == NULL)
			break;
		summe -= teil_bytes(alt);
		match_teil_leeren(alt, "kaoa.matching_cache_mb reached");
	}
}

static void
cache_xact_cb(XactEvent event, void *arg)
{
	int			g;

	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			vor_commit_senden();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			for (g = 0; g < MATCH_GRUPPEN; g++)
			{
				geaendert[g] = false;
				registriert_lxid[g] = InvalidLocalTransactionId;
			}
			teile_aufraeumen();
			break;
		default:
			break;
	}
}

/* A rolled-back subtransaction took its registrations (and maybe its marker lock) with it. */
static void
cache_subxact_cb(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	int			g;

	if (event == SUBXACT_EVENT_ABORT_SUB)
		for (g = 0; g < MATCH_GRUPPEN; g++)
			registriert_lxid[g] = InvalidLocalTransactionId;
}

/* kaoa.matching_cache() → (teil, gruppe, eintraege, bytes, gebaut, aufbauten, abrufe, gueltig):
 * what this backend keeps for the matching functions. */
Datum
kaoa_matching_cache(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < n_teile; i++)
	{
		match_teil *t = teile[i];
		Datum		werte[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		if (t->ctx == NULL)
			continue;
		werte[0] = CStringGetTextDatum(t->name);
		werte[1] = CStringGetTextDatum(gruppen_namen[t->gruppe]);
		werte[2] = Int64GetDatum(t->eintraege);
		werte[3] = Int64GetDatum((int64) teil_bytes(t));
		werte[4] = TimestampTzGetDatum(t->gebaut);
		werte[5] = Int64GetDatum(t->aufbauten);
		werte[6] = Int64GetDatum(t->abrufe);
		werte[7] = BoolGetDatum(match_stand_gilt(&t->stand));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, werte, nulls);
	}
	return (Datum) 0;
}

void
match_cache_init(void)
{
	DefineCustomIntVariable("kaoa.matching_cache_mb",
							"Memory per backend for what the matching functions keep between transactions.",
							"The offer index, the applicants, the weights and the visibility answers are kept "
							"while their tables do not change; after each transaction the least recently used "
							"parts are dropped until this much is held. 0 keeps nothing beyond the statement.",
							&kaoa_matching_cache_mb, 256, 0, INT_MAX / 1024, PGC_SUSET, GUC_UNIT_MB,
							NULL, NULL, NULL);
	CacheRegisterRelcacheCallback(marker_cb, (Datum) 0);
	RegisterXactCallback(cache_xact_cb, NULL);
	RegisterSubXactCallback(cache_subxact_cb, NULL);
}
