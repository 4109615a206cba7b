/*
 * kette_schutz.c — DROP EXTENSION kaoa refuses while case data exists (docs/roles-and-bi.md),
 * because the case log is legal evidence; a superuser may allow it with SET
 * kaoa.daten_loeschen_erlaubt = on.
 *
 * Design note.  The guard is an event trigger on ddl_command_start: at that point the tables
 * still exist, so it can look for data (at sql_drop they are already gone).  It inspects the parse
 * tree of the commands that would drop kaoa's tables — DROP EXTENSION kaoa, DROP SCHEMA kaoa
 * (CASCADE) and DROP OWNED BY the extension's owner — and lets every other command through
 * without a look-up.
 *
 * The same file guards the floor of kaoa.kommune.min_fallzahl (docs/roles-and-bi.md): the counts
 * of the BI views are rounded to multiples of it, so below 3 they would show single persons.  A
 * row trigger lets only a superuser or the extension's owner set a value below the floor; anyone
 * else (a KoKo, a system role, an import) may keep or raise a value, never lower it below 3.
 */
#include "kette/kette_intern.h"

#include "commands/event_trigger.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"

#include "base/trigger.h"

extern bool kaoa_daten_loeschen_erlaubt;

PG_FUNCTION_INFO_V1(kaoa_drop_schutz);
PG_FUNCTION_INFO_V1(kaoa_kommune_schuetzen);

/* True when the list of String nodes names kaoa. */
static bool
nennt_kaoa(List *namen)
{
	ListCell   *lc;

	foreach(lc, namen)
	{
		Node	   *n = (Node *) lfirst(lc);

		if (IsA(n, String) && strcmp(strVal(n), "kaoa") == 0)
			return true;
	}
	return false;
}

/* Does this command drop kaoa's tables?  Returns a description for the message, or NULL. */
static const char *
betrifft_kaoa(Node *parsetree)
{
	if (parsetree == NULL)
		return NULL;
	if (IsA(parsetree, DropStmt))
	{
		DropStmt   *d = (DropStmt *) parsetree;

		if (d->removeType == OBJECT_EXTENSION && nennt_kaoa(d->objects))
			return "DROP EXTENSION kaoa";
		if (d->removeType == OBJECT_SCHEMA && nennt_kaoa(d->objects))
			return "DROP SCHEMA kaoa";
	}
	else if (IsA(parsetree, DropOwnedStmt))
	{
		DropOwnedStmt *d = (DropOwnedStmt *) parsetree;
		Oid			owner = kaoa_eigentuemer_oid();
		ListCell   *lc;

		foreach(lc, d->roles)
			if (get_rolespec_oid((RoleSpec *) lfirst(lc), true) == owner)
				return "DROP OWNED BY the owner of kaoa";
	}
	return NULL;
}

static kaoa_spi_plan plan_daten = {
	"SELECT EXISTS (SELECT 1 FROM kaoa.person) OR EXISTS (SELECT 1 FROM kaoa.fall)"
	"    OR EXISTS (SELECT 1 FROM kaoa.ereignis)",
	0, {0}
};

/* ddl_command_start for DROP EXTENSION, DROP SCHEMA, DROP OWNED. */
Datum
kaoa_drop_schutz(PG_FUNCTION_ARGS)
{
	EventTriggerData *td;
	const char *befehl;
	bool		daten;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"kaoa.drop_schutz\" was not called by the event trigger manager")));
	td = (EventTriggerData *) fcinfo->context;
	if (kaoa_daten_loeschen_erlaubt)
		PG_RETURN_VOID();
	befehl = betrifft_kaoa(td->parsetree);
	if (befehl == NULL)
		PG_RETURN_VOID();
	kaoa_spi_verbinden();
	(void) kaoa_spi_als_eigentuemer(&plan_daten, NULL, NULL, true, 1);
	daten = kaoa_spi_bool(0, 1, false);
	SPI_finish();
	if (daten)
		ereport(ERROR,
				(errcode(MAKE_SQLSTATE('K', 'A', '0', '0', '6')),
				 errmsg("%s refused: kaoa holds case data", befehl),
				 errdetail("kaoa.person, kaoa.fall or kaoa.ereignis has rows; the case log is legal evidence and would be lost."),
				 errhint("Keep a dump first (pg_dump), then a superuser may SET kaoa.daten_loeschen_erlaubt = on and repeat the command.")));
	PG_RETURN_VOID();
}

/* ---- the floor of min_fallzahl ------------------------------------------------------------------------ */

#define MIN_FALLZAHL_UNTERGRENZE 3

/*
 * BEFORE INSERT OR UPDATE ON kaoa.kommune: a min_fallzahl below 3 is set only by a superuser or the
 * extension's owner (42501 for anyone else); keeping or raising a value already below is allowed,
 * so a full-row UPDATE that repeats it passes.  NULL is left to the NOT NULL constraint.
 */
Datum
kaoa_kommune_schuetzen(PG_FUNCTION_ARGS)
{
	TriggerData *td = kaoa_trigger_daten(fcinfo, "kaoa.kommune_schuetzen",
										  KAOA_TRIGGER_VOR_ZEILE | KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE);
	Relation	rel = td->tg_relation;
	bool		update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	HeapTuple	neu = update ? td->tg_newtuple : td->tg_trigtuple;
	int			nr = kaoa_trigger_spalte(rel, "min_fallzahl");
	char	   *kommune;
	int32		m,
				alt;

	if (kaoa_zeile_null(neu, RelationGetDescr(rel), nr))
		return PointerGetDatum(neu);	/* left to the NOT NULL constraint */
	m = kaoa_zeile_int4(neu, RelationGetDescr(rel), nr, 0);
	if (m >= MIN_FALLZAHL_UNTERGRENZE || kaoa_ist_verwalter())
		return PointerGetDatum(neu);
	update = update && !kaoa_zeile_null(td->tg_trigtuple, RelationGetDescr(rel), nr);
	alt = update ? kaoa_zeile_int4(td->tg_trigtuple, RelationGetDescr(rel), nr, 0) : 0;
	if (update && m >= alt)
		return PointerGetDatum(neu);
	kommune = kaoa_trigger_text(neu, rel, "kommune");
	if (!update)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("min_fallzahl %d is below the floor of %d", m, MIN_FALLZAHL_UNTERGRENZE),
				 errdetail("Kommune %s would get min_fallzahl %d; role \"%s\" is neither a superuser nor the owner of kaoa.",
						   kommune ? kommune : "NULL", m, GetUserNameFromId(GetOuterUserId(), false)),
				 errhint("The BI views round every count to a multiple of min_fallzahl; below %d they would show single persons. Set %d or more, or ask the DBA.",
						 MIN_FALLZAHL_UNTERGRENZE, MIN_FALLZAHL_UNTERGRENZE)));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("min_fallzahl %d is below the floor of %d", m, MIN_FALLZAHL_UNTERGRENZE),
			 errdetail("Kommune %s would go from min_fallzahl %d to %d; role \"%s\" is neither a superuser nor the owner of kaoa.",
					   kommune ? kommune : "NULL", alt, m, GetUserNameFromId(GetOuterUserId(), false)),
			 errhint("The BI views round every count to a multiple of min_fallzahl; below %d they would show single persons. Keep or raise the value, set %d or more, or ask the DBA.",
					 MIN_FALLZAHL_UNTERGRENZE, MIN_FALLZAHL_UNTERGRENZE)));
	pg_unreachable();
}
