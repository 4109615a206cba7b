/*
 * sonde.h — key look-ups ("probes") through one btree index of a kaoa table, without SPI (see
 * sonde.c): the hot owner-privileged look-ups of every area (the chain's rules and visibility,
 * the SBO visibility).
 */
#ifndef KAOA_SONDE_H
#define KAOA_SONDE_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "nodes/lockoptions.h"
#include "utils/relcache.h"
#include "utils/snapshot.h"

#include "base/werte.h"

/* Called for each visible row; return false to stop the scan. */
typedef bool (*kaoa_sonde_fn) (HeapTuple zeile, TupleDesc desc, void *arg);

/*
 * A new snapshot after a command-counter increment, for look-ups in trigger and API context (what
 * a non-read-only SPI query sees: after a row lock, everything the lock waited for).  Release it
 * with kaoa_sonde_ende.
 */
extern Snapshot kaoa_sonde_frisch(void);
extern void kaoa_sonde_ende(Snapshot snap);

/*
 * Scans index `index` of table kaoa.<tabelle> for the rows whose first nkeys index columns equal
 * keys[] (Datums of the index columns' types), calling fn for each (fn may be NULL to count).
 * snap: from kaoa_sonde_frisch(), or NULL for the active snapshot (STABLE context).  Returns the
 * number of rows handed to fn.  No permission or row-level security check: the caller reads on
 * the owner's behalf.
 */
extern int	kaoa_sonde(const char *tabelle, const char *index, int nkeys, const Datum *keys,
					   Snapshot snap, kaoa_sonde_fn fn, void *arg);

/*
 * Locks the one row of kaoa.<tabelle> whose first nkeys columns of unique index `index` equal
 * keys[] (row lock `modus`, waiting for a conflicting holder) and hands its newest version to fn,
 * as SELECT … FOR <modus> does: under READ COMMITTED a row updated meanwhile is followed to its
 * newest version; under REPEATABLE READ or SERIALIZABLE that is a serialization failure (40001).
 * Returns false when there is no such row (or it was deleted meanwhile).  Without SPI: an index
 * look-up and table_tuple_lock, as the extension (no permission or row-level security check).
 */
extern bool kaoa_sonde_sperren(const char *tabelle, const char *index, int nkeys, const Datum *keys,
							   LockTupleMode modus, kaoa_sonde_fn fn, void *arg);

/* Does table kaoa.<tabelle> exist?  A database not yet updated (ALTER EXTENSION kaoa UPDATE) runs
 * the new module without the tables a later version added; code that reads them asks first. */
extern bool kaoa_tabelle_vorhanden(const char *tabelle);

/* Column readers for callbacks (by column name). */
extern bool kaoa_sonde_null(HeapTuple t, TupleDesc d, const char *spalte);
extern int64 kaoa_sonde_int8(HeapTuple t, TupleDesc d, const char *spalte, int64 falls_null);
extern int32 kaoa_sonde_int4(HeapTuple t, TupleDesc d, const char *spalte, int32 falls_null);
extern bool kaoa_sonde_bool(HeapTuple t, TupleDesc d, const char *spalte, bool falls_null);
extern Datum kaoa_sonde_datum(HeapTuple t, TupleDesc d, const char *spalte, bool *isnull);
extern int	kaoa_sonde_enum(kaoa_enum_map *m, HeapTuple t, TupleDesc d, const char *spalte);

/*
 * Inserts the row (werte, nulls over rel's columns) straight into the heap of rel and into each of
 * its indexes, without the executor's triggers, constraints or RLS: for the log rows and the
 * registrations that the rules have already checked under their locks (the caller says at the
 * table that a trigger or CHECK added there later must be added to its writer too).  rel stays open.
 */
extern void kaoa_zeile_direkt_einfuegen(Relation rel, Datum *werte, bool *nulls);

#endif							/* KAOA_SONDE_H */
