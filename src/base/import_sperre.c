/*
 * import_sperre.c — the mutual exclusion of `kaoa import` (kaoa.import_sperren, kaoa.import_freigeben).
 *
 * Design note.  An import runs many transactions (one per range of lines), so it is serialised by
 * a session-level lock.  0.1.0 used pg_advisory_lock with a fixed key; any role that can connect
 * may take any advisory lock, so any role could hold that key and stall every import.  Here the
 * lock is an advisory lock tag in a key space no SQL function reaches: PostgreSQL's
 * pg_advisory_* functions always set the tag's fourth field to 1 (one bigint key) or 2 (two
 * integer keys) — see src/backend/utils/adt/lockfuncs.c — and these functions use 3 and 4, and
 * only after deciding who the caller is:
 *   - a system role (a loader, a scheduled job; the superuser) takes the one import lock of the
 *     database (field 4 = 3): loaders run one at a time, as before;
 *   - an organisation's role takes the lock of its organisation (field 4 = 4, keyed by org_id):
 *     two imports of one organisation run one after the other, and nothing it can hold delays a
 *     loader or another organisation.  Its imports may run beside a loader's; rows are then
 *     protected by their row locks, and a line that loses a race comes back as a reject that the
 *     next run applies.
 * Waiting polls (one try every 100 ms) instead of sleeping in the lock manager, so the role's
 * lock_timeout does not cut a loader's wait short; statement_timeout and cancel still end it.
 * The lock goes with the session, or with kaoa.import_freigeben().
 */
#include "base/akteur.h"

#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "storage/lock.h"
#include "utils/wait_event.h"

PG_FUNCTION_INFO_V1(kaoa_import_sperren);
PG_FUNCTION_INFO_V1(kaoa_import_freigeben);

#define SPERRE_SCHLUESSEL	0x6b616f61	/* "kaoa" */
#define SPERRE_SYSTEM		3			/* locktag_field4: unused by pg_advisory_* (1 and 2) */
#define SPERRE_ORG			4

/* The lock tag of the caller's import lock: the database's for the system, else its organisation's. */
static void
sperre_tag(LOCKTAG *tag, const kaoa_akteur *a)
{
	if (kaoa_ist_system(a))
		SET_LOCKTAG_ADVISORY(*tag, MyDatabaseId, SPERRE_SCHLUESSEL, 0, SPERRE_SYSTEM);
	else
		SET_LOCKTAG_ADVISORY(*tag, MyDatabaseId, (uint32) ((uint64) a->org_id >> 32),
							 (uint32) a->org_id, SPERRE_ORG);
}

/*
 * kaoa.import_sperren(warten boolean DEFAULT true) → boolean: takes the caller's import lock for
 * the session; true when taken (or already held by this session), false when warten is false and
 * another session holds it.
 */
Datum
kaoa_import_sperren(PG_FUNCTION_ARGS)
{
	bool		warten = PG_ARGISNULL(0) ? true : PG_GETARG_BOOL(0);
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	LOCKTAG		tag;

	sperre_tag(&tag, a);
	for (;;)
	{
		LockAcquireResult r = LockAcquire(&tag, ExclusiveLock, true, true);

		if (r == LOCKACQUIRE_ALREADY_HELD || r == LOCKACQUIRE_ALREADY_CLEAR)
		{
			/* held already by this session: keep one reference only */
			LockRelease(&tag, ExclusiveLock, true);
			PG_RETURN_BOOL(true);
		}
		if (r != LOCKACQUIRE_NOT_AVAIL)
			PG_RETURN_BOOL(true);
		if (!warten)
			PG_RETURN_BOOL(false);
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, 100L,
						 PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
}

/* kaoa.import_freigeben() → boolean: releases the caller's import lock; false when not held. */
Datum
kaoa_import_freigeben(PG_FUNCTION_ARGS)
{
	const kaoa_akteur *a = kaoa_akteur_verlangen();
	LOCKTAG		tag;

	sperre_tag(&tag, a);
	if (!LockHeldByMe(&tag, ExclusiveLock))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(LockRelease(&tag, ExclusiveLock, true));
}
