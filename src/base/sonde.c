/*
 * sonde.c — key look-ups through one btree index without SPI, for the hot rule paths.
 *
 * Design note.  Most look-ups of the rules are "the row(s) of table T with these leading key
 * columns": the case, the organisation, the fristen row, the open hand-off, the contact attempts
 * of a case.  Through SPI each costs a plan-cache check plus executor start-up and shut-down,
 * which the profile of `make bench` showed to be most of the rules' cost.  kaoa_sonde() scans the
 * named index directly (index_beginscan with equality keys built from the index's own operator
 * family and collation), fetches the visible heap rows and hands each to a callback — the way
 * PostgreSQL 17's foreign-key fast path does.  It reads as the extension (no permission check, no
 * row-level security), so it serves the owner-privileged look-ups of akteur.h.  With a snapshot
 * from kaoa_sonde_frisch() it behaves like a non-read-only SPI query (command-counter increment,
 * then a new snapshot: after a row lock it sees what the lock waited for); with NULL it reads with
 * the active snapshot, like a STABLE function.  kaoa_sonde_sperren() adds the row lock of SELECT …
 * FOR UPDATE / NO KEY UPDATE (table_tuple_lock, as ExecLockRows does).
 */
#include "base/sonde.h"

#include "access/genam.h"
#include "access/nbtree.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "base/spi.h"
#include "base/trigger.h"

Snapshot
kaoa_sonde_frisch(void)
{
	CommandCounterIncrement();
	return RegisterSnapshot(GetTransactionSnapshot());
}

void
kaoa_sonde_ende(Snapshot snap)
{
	UnregisterSnapshot(snap);
}

int
kaoa_sonde(const char *tabelle, const char *index, int nkeys, const Datum *keys, Snapshot snap,
		   kaoa_sonde_fn fn, void *arg)
{
	Oid			nsp = get_namespace_oid("kaoa", false);
	Oid			relid = get_relname_relid(tabelle, nsp);
	Oid			indexid = get_relname_relid(index, nsp);
	Relation	heap;
	Relation	idx;
	ScanKeyData sk[INDEX_MAX_KEYS];
	IndexScanDesc scan;
	TupleTableSlot *slot;
	int			n = 0;

	if (!OidIsValid(relid) || !OidIsValid(indexid))
		kaoa_installation_passt_nicht(psprintf("kaoa.%s (kaoa.%s)", tabelle, index));
	heap = table_open(relid, AccessShareLock);
	idx = index_open(indexid, AccessShareLock);
	if (idx->rd_index->indrelid != relid || idx->rd_rel->relam != BTREE_AM_OID ||
		nkeys > IndexRelationGetNumberOfKeyAttributes(idx))
		kaoa_installation_passt_nicht(psprintf("kaoa.%s (kaoa.%s)", tabelle, index));
	for (int i = 0; i < nkeys; i++)
	{
		Oid			typ = idx->rd_opcintype[i];
		Oid			op = get_opfamily_member(idx->rd_opfamily[i], typ, typ, BTEqualStrategyNumber);

		if (!OidIsValid(op))
			elog(ERROR, "kaoa: no equality operator for column %d of index %s", i + 1, index);
		ScanKeyEntryInitialize(&sk[i], 0, i + 1, BTEqualStrategyNumber, InvalidOid,
							   idx->rd_indcollation[i], get_opcode(op), keys[i]);
	}
	snap = RegisterSnapshot(snap != NULL ? snap :
							ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot());

	scan = index_beginscan(heap, idx, snap, nkeys, 0);
	index_rescan(scan, sk, nkeys, NULL, 0);
	slot = table_slot_create(heap, NULL);
	while (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		bool		frei;
		HeapTuple	tup = ExecFetchSlotHeapTuple(slot, false, &frei);
		bool		weiter;

		n++;
		weiter = fn == NULL || fn(tup, RelationGetDescr(heap), arg);
		if (frei)
			heap_freetuple(tup);
		if (!weiter)
			break;
	}
	ExecDropSingleTupleTableSlot(slot);
	index_endscan(scan);
	UnregisterSnapshot(snap);
	index_close(idx, NoLock);
	table_close(heap, NoLock);
	return n;
}

/* The row found by kaoa_sonde_sperren's look-up. */
typedef struct sperr_ziel
{
	bool		gefunden;
	ItemPointerData tid;
} sperr_ziel;

static bool
sperr_ziel_zeile(HeapTuple t, TupleDesc d, void *arg)
{
	sperr_ziel *z = (sperr_ziel *) arg;

	z->gefunden = true;
	z->tid = t->t_self;
	return false;
}

bool
kaoa_sonde_sperren(const char *tabelle, const char *index, int nkeys, const Datum *keys,
				   LockTupleMode modus, kaoa_sonde_fn fn, void *arg)
{
	Oid			relid = get_relname_relid(tabelle, get_namespace_oid("kaoa", false));
	Relation	heap;
	TupleTableSlot *slot;
	TM_FailureData tmfd;
	TM_Result	r;
	sperr_ziel	z = {false};
	Snapshot	snap;
	bool		gefunden = false;

	if (!OidIsValid(relid))
		kaoa_installation_passt_nicht(psprintf("kaoa.%s", tabelle));
	snap = kaoa_sonde_frisch();
	(void) kaoa_sonde(tabelle, index, nkeys, keys, snap, sperr_ziel_zeile, &z);
	if (!z.gefunden)
	{
		kaoa_sonde_ende(snap);
		return false;
	}
	heap = table_open(relid, RowShareLock);
	slot = table_slot_create(heap, NULL);
	r = table_tuple_lock(heap, &z.tid, snap, slot, GetCurrentCommandId(false), modus, LockWaitBlock,
						 IsolationUsesXactSnapshot() ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &tmfd);
	/* changed by this transaction since (in this command): take the version the snapshot sees */
	if (r == TM_SelfModified && table_tuple_fetch_row_version(heap, &z.tid, snap, slot))
		r = TM_Ok;
	switch (r)
	{
		case TM_Ok:
			{
				bool		frei;
				HeapTuple	tup = ExecFetchSlotHeapTuple(slot, false, &frei);

				gefunden = true;
				if (fn != NULL)
					(void) fn(tup, RelationGetDescr(heap), arg);
				if (frei)
					heap_freetuple(tup);
			}
			break;
		case TM_SelfModified:
			break;				/* deleted by this transaction: not found */
		case TM_Deleted:
			if (IsolationUsesXactSnapshot())
				ereport(ERROR,
						(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
						 errmsg("could not serialize access due to concurrent delete"),
						 errdetail("A row of kaoa.%s was deleted by another transaction after this transaction's snapshot was taken.",
								   tabelle),
						 errhint("Retry the transaction.")));
			break;				/* gone: not found */
		case TM_Updated:
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to concurrent update"),
					 errdetail("A row of kaoa.%s was changed by another transaction after this transaction's snapshot was taken.",
							   tabelle),
					 errhint("Retry the transaction.")));
			break;
		default:
			elog(ERROR, "kaoa: unexpected result %d locking a row of kaoa.%s", (int) r, tabelle);
	}
	ExecDropSingleTupleTableSlot(slot);
	table_close(heap, NoLock);
	kaoa_sonde_ende(snap);
	return gefunden;
}

bool
kaoa_tabelle_vorhanden(const char *tabelle)
{
	Oid			nsp = get_namespace_oid("kaoa", true);

	return OidIsValid(nsp) && OidIsValid(get_relname_relid(tabelle, nsp));
}

/* Column readers for callbacks: by name (a probed row comes with its table's descriptor), NULL-aware,
 * through the readers of the trigger layer. */
static int
spaltennummer(TupleDesc desc, const char *name)
{
	return kaoa_spalte(desc, name, "a probed table");
}

bool
kaoa_sonde_null(HeapTuple t, TupleDesc d, const char *spalte)
{
	return kaoa_zeile_null(t, d, spaltennummer(d, spalte));
}

int64
kaoa_sonde_int8(HeapTuple t, TupleDesc d, const char *spalte, int64 falls_null)
{
	return kaoa_zeile_int8(t, d, spaltennummer(d, spalte), falls_null);
}

int32
kaoa_sonde_int4(HeapTuple t, TupleDesc d, const char *spalte, int32 falls_null)
{
	return kaoa_zeile_int4(t, d, spaltennummer(d, spalte), falls_null);
}

bool
kaoa_sonde_bool(HeapTuple t, TupleDesc d, const char *spalte, bool falls_null)
{
	return kaoa_zeile_bool(t, d, spaltennummer(d, spalte), falls_null);
}

Datum
kaoa_sonde_datum(HeapTuple t, TupleDesc d, const char *spalte, bool *isnull)
{
	return heap_getattr(t, spaltennummer(d, spalte), d, isnull);
}

int
kaoa_sonde_enum(kaoa_enum_map *m, HeapTuple t, TupleDesc d, const char *spalte)
{
	return kaoa_zeile_enum(m, t, d, spaltennummer(d, spalte));
}

/* The chain's event log and the registrations write their rows directly (sonde.h says why); one
 * writer, so a change to how a row reaches heap and indexes is made once. */
void
kaoa_zeile_direkt_einfuegen(Relation rel, Datum *werte, bool *nulls)
{
	TupleDesc	desc = RelationGetDescr(rel);
	EState	   *estate = CreateExecutorState();
	ResultRelInfo *rri = makeNode(ResultRelInfo);
	TupleTableSlot *slot;

	InitResultRelInfo(rri, rel, 1, NULL, 0);
	ExecOpenIndices(rri, false);
	slot = ExecInitExtraTupleSlot(estate, desc, &TTSOpsHeapTuple);
	ExecStoreHeapTuple(heap_form_tuple(desc, werte, nulls), slot, false);
	simple_table_tuple_insert(rel, slot);
	(void) ExecInsertIndexTuples(rri, slot, estate, false, false, NULL, NIL);
	ExecCloseIndices(rri);
	ExecResetTupleTable(estate->es_tupleTable, false);
	FreeExecutorState(estate);
}
