/*
 * verstoss.h — reporting a violated rule the same way in every area (see verstoss.c).
 */
#ifndef KAOA_VERSTOSS_H
#define KAOA_VERSTOSS_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "utils/rel.h"

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
