/*
 * verstoss.h — reporting a violated rule the same way in every area (see verstoss.c).
 */
#ifndef KAOA_VERSTOSS_H
#define KAOA_VERSTOSS_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "utils/rel.h"

/*
 * The one way kaoa reports a violated rule, as PostgreSQL's ri_ReportViolation does for a foreign
 * key: one SQLSTATE, a message, a detail and a hint, and the place of the violation — schema kaoa,
 * table, column and the rule's name as the constraint — in the error fields a frontend reads
 * (PG_DIAG_SCHEMA_NAME, …_TABLE_NAME, …_COLUMN_NAME, …_CONSTRAINT_NAME) to point at the field:
 *
 *     kaoa_verstoss(ERRCODE_KAOA_UEBERGANG, kaoa_verstoss_ort("fall", "status", "kette_uebergang"),
 *                   errmsg("case status cannot change from %s to %s", von, nach),
 *                   errdetail("Case %lld of Kommune %s is %s.", (long long) fall_id, kommune, von),
 *                   errhint("Allowed from %s: %s.", von, ziele));
 *
 * Message, detail and hint are each written where the rule is checked, as a fixed text with
 * parameters (never "%s" with a text built elsewhere), so that xgettext finds every one of them
 * and a translation can reorder the parameters; test/scripts/meldungen_uebersetzbar.sh checks it.
 * A parameter is a value (an id, a date, a code, a column name), never a sentence; and never a
 * value the caller may not see.
 */
#define kaoa_verstoss(sqlstate, ort, meldung, detail, hinweis) \
	do { \
		ereport(ERROR, (errcode(sqlstate), meldung, detail, hinweis, ort)); \
		pg_unreachable(); \
	} while (0)

/* The place of a violation for kaoa_verstoss: table and column of schema kaoa (spalte may be NULL
 * when no single column decides) and the rule's name, reported as the constraint. */
extern int	kaoa_verstoss_ort(const char *tabelle, const char *spalte, const char *regel);

/*
 * ERROR 23502 for a required column `spalte` of rel that holds NULL, raised by a BEFORE ROW
 * trigger that needs the value to apply its rules (such a trigger runs before the NOT NULL
 * constraint would report it).  Same SQLSTATE and message as PostgreSQL's own, with schema, table
 * and column attached.
 */
pg_attribute_noreturn()
extern void kaoa_pflichtspalte_null(Relation rel, const char *spalte);

/* kaoa_pflichtspalte_null for the first of the n columns `namen` of row t that is NULL. */
extern void kaoa_pflichtspalten(Relation rel, HeapTuple t, int n, const char *const *namen);

#endif							/* KAOA_VERSTOSS_H */
