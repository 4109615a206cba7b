/*
 * verstoss.c — the violation reporter shared by every area's rule triggers.
 *
 * A BEFORE ROW trigger sees a row before PostgreSQL's NOT NULL constraints do, so any column may
 * be NULL there, whatever the table definition says.  A trigger that needs a required column to
 * decide (a key it looks things up by) reports the missing value itself, the way the constraint
 * would, instead of running its rules on half a row.  Every report attaches schema, table and
 * column, and the rule's name as the constraint, as PostgreSQL's own constraint errors do, so a
 * frontend can point at the field.
 */
#include "base/verstoss.h"

#include "base/trigger.h"

/* Fills the error fields that name where a rule was violated (see kaoa_verstoss). */
int
kaoa_verstoss_ort(const char *tabelle, const char *spalte, const char *regel)
{
	err_generic_string(PG_DIAG_SCHEMA_NAME, "kaoa");
	if (tabelle != NULL)
		err_generic_string(PG_DIAG_TABLE_NAME, tabelle);
	if (spalte != NULL)
		err_generic_string(PG_DIAG_COLUMN_NAME, spalte);
	if (regel != NULL)
		err_generic_string(PG_DIAG_CONSTRAINT_NAME, regel);
	return 0;
}

/* 23502 for a required column a rule trigger found NULL. */
void
kaoa_pflichtspalte_null(Relation rel, const char *spalte)
{
	int			nr = kaoa_trigger_spalte(rel, spalte);

	ereport(ERROR,
			(errcode(ERRCODE_NOT_NULL_VIOLATION),
			 errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
					spalte, RelationGetRelationName(rel)),
			 errdetail("The row gives no value for %s, which kaoa's rules need.", spalte),
			 errhint("Give %s a value; it is required.", spalte),
			 errtablecol(rel, nr)));
}

/* The first NULL among the required columns `namen` of row t, reported as above. */
void
kaoa_pflichtspalten(Relation rel, HeapTuple t, int n, const char *const *namen)
{
	TupleDesc	desc = RelationGetDescr(rel);

	for (int i = 0; i < n; i++)
		if (heap_attisnull(t, kaoa_trigger_spalte(rel, namen[i]), desc))
			kaoa_pflichtspalte_null(rel, namen[i]);
}
