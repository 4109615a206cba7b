/*
 * trigger.c — the trigger layer (see trigger.h): protocol checks, columns by name, NULL-aware
 * readers and the comparison of two row versions, shared by the rule triggers of every area.
 */
#include "base/trigger.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/datum.h"

#include "base/spi.h"

/* ---- the protocol --------------------------------------------------------------------------- */

/* "INSERT OR UPDATE": the events `wann` allows (SQL keywords, the same in every language), for
 * the errdetail below. */
static char *
ereignisse_text(int wann)
{
	static const struct
	{
		int			bit;
		const char *name;
	}			ereignisse[] = {
		{KAOA_TRIGGER_INSERT, "INSERT"}, {KAOA_TRIGGER_UPDATE, "UPDATE"},
		{KAOA_TRIGGER_DELETE, "DELETE"}, {KAOA_TRIGGER_TRUNCATE, "TRUNCATE"}
	};
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < (int) lengthof(ereignisse); i++)
		if ((wann & ereignisse[i].bit) || !(wann & (KAOA_TRIGGER_INSERT | KAOA_TRIGGER_UPDATE |
													  KAOA_TRIGGER_DELETE | KAOA_TRIGGER_TRUNCATE)))
			appendStringInfo(&s, "%s%s", s.len > 0 ? " OR " : "", ereignisse[i].name);
	return s.data;
}

/* "It must run as a BEFORE INSERT OR UPDATE trigger FOR EACH ROW." (called inside ereport) */
static int
wann_detail(int wann)
{
	if (wann & KAOA_TRIGGER_NACH)
		return errdetail("It must run as an AFTER %s trigger FOR EACH %s.", ereignisse_text(wann),
						 (wann & KAOA_TRIGGER_ANWEISUNG) ? "STATEMENT" : "ROW");
	return errdetail("It must run as a BEFORE %s trigger FOR EACH %s.", ereignisse_text(wann),
					 (wann & KAOA_TRIGGER_ANWEISUNG) ? "STATEMENT" : "ROW");
}

/* A trigger function fired by a CREATE TRIGGER a user wrote for the wrong timing or event. */
void
kaoa_trigger_falsch(const char *funktion, int wann)
{
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("function \"%s\" was fired for the wrong event", funktion),
			 wann_detail(wann),
			 errhint("Leave kaoa's triggers as the extension created them.")));
	pg_unreachable();
}

/* Every rule trigger checks its protocol first, so that its body may rely on td: the right
 * tuples are there for the timing, level and event it was written for. */
TriggerData *
kaoa_trigger_daten(FunctionCallInfo fcinfo, const char *funktion, int wann)
{
	TriggerData *td;
	TriggerEvent e;
	int			ereignis;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", funktion),
				 wann_detail(wann),
				 errhint("Leave kaoa's triggers as the extension created them.")));
	td = (TriggerData *) fcinfo->context;
	e = td->tg_event;
	ereignis = TRIGGER_FIRED_BY_INSERT(e) ? KAOA_TRIGGER_INSERT :
		TRIGGER_FIRED_BY_UPDATE(e) ? KAOA_TRIGGER_UPDATE :
		TRIGGER_FIRED_BY_DELETE(e) ? KAOA_TRIGGER_DELETE : KAOA_TRIGGER_TRUNCATE;
	if (((wann & KAOA_TRIGGER_VOR) && !TRIGGER_FIRED_BEFORE(e)) ||
		((wann & KAOA_TRIGGER_NACH) && !TRIGGER_FIRED_AFTER(e)) ||
		((wann & KAOA_TRIGGER_ZEILE) && !TRIGGER_FIRED_FOR_ROW(e)) ||
		((wann & KAOA_TRIGGER_ANWEISUNG) && !TRIGGER_FIRED_FOR_STATEMENT(e)) ||
		((wann & 0xF0) != 0 && (wann & ereignis) == 0))
		kaoa_trigger_falsch(funktion, wann);
	return td;
}

/* ---- by column number ------------------------------------------------------------------------- */

bool
kaoa_zeile_null(HeapTuple t, TupleDesc d, int nr)
{
	bool		isnull;

	(void) heap_getattr(t, nr, d, &isnull);
	return isnull;
}

int32
kaoa_zeile_int4(HeapTuple t, TupleDesc d, int nr, int32 falls_null)
{
	bool		isnull;
	Datum		v = heap_getattr(t, nr, d, &isnull);

	return isnull ? falls_null : DatumGetInt32(v);
}

int64
kaoa_zeile_int8(HeapTuple t, TupleDesc d, int nr, int64 falls_null)
{
	bool		isnull;
	Datum		v = heap_getattr(t, nr, d, &isnull);

	return isnull ? falls_null : DatumGetInt64(v);
}

bool
kaoa_zeile_bool(HeapTuple t, TupleDesc d, int nr, bool falls_null)
{
	bool		isnull;
	Datum		v = heap_getattr(t, nr, d, &isnull);

	return isnull ? falls_null : DatumGetBool(v);
}

char *
kaoa_zeile_text(HeapTuple t, TupleDesc d, int nr)
{
	bool		isnull;
	Datum		v = heap_getattr(t, nr, d, &isnull);

	return isnull ? NULL : TextDatumGetCString(v);
}

/* The core value of an enum column, through the map of its SQL enum (base/werte.h). */
int
kaoa_zeile_enum(kaoa_enum_map *m, HeapTuple t, TupleDesc d, int nr)
{
	bool		isnull;
	Datum		v = heap_getattr(t, nr, d, &isnull);

	return isnull ? -1 : kaoa_enum_wert(m, TupleDescAttr(d, nr - 1)->atttypid, v);
}

/* Binary equality is what "unchanged" means for an UPDATE: the same bytes were written back. */
bool
kaoa_zeile_gleich(HeapTuple a, HeapTuple b, TupleDesc d, int nr)
{
	bool		na,
				nb;
	Datum		va = heap_getattr(a, nr, d, &na);
	Datum		vb = heap_getattr(b, nr, d, &nb);
	Form_pg_attribute att = TupleDescAttr(d, nr - 1);

	if (na || nb)
		return na && nb;
	/* by content: a stored value may be compressed or out of line where the new one is not */
	return datum_image_eq(va, vb, att->attbyval, att->attlen);
}

/* ---- by column name ----------------------------------------------------------------------------- */

int
kaoa_trigger_spalte(Relation rel, const char *name)
{
	return kaoa_spalte(RelationGetDescr(rel), name, RelationGetRelationName(rel));
}

Datum
kaoa_trigger_wert(HeapTuple t, Relation rel, const char *name, bool *isnull)
{
	return heap_getattr(t, kaoa_trigger_spalte(rel, name), RelationGetDescr(rel), isnull);
}

bool
kaoa_trigger_null(HeapTuple t, Relation rel, const char *name)
{
	return kaoa_zeile_null(t, RelationGetDescr(rel), kaoa_trigger_spalte(rel, name));
}

int64
kaoa_trigger_int8(HeapTuple t, Relation rel, const char *name, int64 falls_null)
{
	return kaoa_zeile_int8(t, RelationGetDescr(rel), kaoa_trigger_spalte(rel, name), falls_null);
}

char *
kaoa_trigger_text(HeapTuple t, Relation rel, const char *name)
{
	return kaoa_zeile_text(t, RelationGetDescr(rel), kaoa_trigger_spalte(rel, name));
}

bool
kaoa_trigger_gleich(HeapTuple a, HeapTuple b, Relation rel, const char *name)
{
	return kaoa_zeile_gleich(a, b, RelationGetDescr(rel), kaoa_trigger_spalte(rel, name));
}

/* BEFORE ROW triggers fill defaults (a school's schulform, a recording time) by returning a
 * modified copy of the row. */
HeapTuple
kaoa_trigger_setzen(HeapTuple t, Relation rel, int n, const char *const *namen, Datum *werte,
					bool *nulls)
{
	int			spalten[8];

	Assert(n <= 8);
	for (int i = 0; i < n; i++)
		spalten[i] = kaoa_trigger_spalte(rel, namen[i]);
	return heap_modify_tuple_by_cols(t, RelationGetDescr(rel), n, spalten, werte, nulls);
}
