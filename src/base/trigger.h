/*
 * trigger.h — the trigger layer every area's rule triggers stand on: the protocol check, finding
 * a column by name, reading a row's values NULL-aware, and comparing a column of two row versions.
 *
 * Design note.  A rule trigger of kaoa starts with kaoa_trigger_daten(), which refuses (39P01) a
 * call outside the trigger manager or for a timing, level or event the function was not written
 * for, so the body can rely on td.  Columns are found by name, never by position, so a column an
 * upgrade adds cannot shift them; hot triggers look the numbers up once per relation and read with
 * the kaoa_zeile_* functions, the others read by name with kaoa_trigger_*.  Every reader treats
 * the column as possibly NULL (a BEFORE ROW trigger runs before the NOT NULL constraints).
 * Reporting a violated rule stays with each area's core and reporter.
 */
#ifndef KAOA_TRIGGER_H
#define KAOA_TRIGGER_H

#include "base/kaoa.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "utils/rel.h"

#include "base/werte.h"

/* When a trigger function may fire: one timing, one level, and the events it handles (no event
 * bit: any event). */
#define KAOA_TRIGGER_VOR		0x01	/* BEFORE */
#define KAOA_TRIGGER_NACH		0x02	/* AFTER */
#define KAOA_TRIGGER_ZEILE		0x04	/* FOR EACH ROW */
#define KAOA_TRIGGER_ANWEISUNG	0x08	/* FOR EACH STATEMENT */
#define KAOA_TRIGGER_INSERT		0x10
#define KAOA_TRIGGER_UPDATE		0x20
#define KAOA_TRIGGER_DELETE		0x40
#define KAOA_TRIGGER_TRUNCATE	0x80
#define KAOA_TRIGGER_VOR_ZEILE	(KAOA_TRIGGER_VOR | KAOA_TRIGGER_ZEILE)
#define KAOA_TRIGGER_NACH_ZEILE	(KAOA_TRIGGER_NACH | KAOA_TRIGGER_ZEILE)

/* The TriggerData of trigger function `funktion` (e.g. "kaoa.fall_regeln"); ERROR 39P01 when it
 * was called as a plain function or fired other than `wann` says. */
extern TriggerData *kaoa_trigger_daten(FunctionCallInfo fcinfo, const char *funktion, int wann);

/* ERROR 39P01: `funktion` fired for an event outside `wann` (for the branches a body cannot take
 * once kaoa_trigger_daten has checked). */
pg_attribute_noreturn()
extern void kaoa_trigger_falsch(const char *funktion, int wann);

/* ---- by column number (looked up once per relation with kaoa_trigger_spalte) ---------------- */

extern bool kaoa_zeile_null(HeapTuple t, TupleDesc d, int nr);
extern int32 kaoa_zeile_int4(HeapTuple t, TupleDesc d, int nr, int32 falls_null);
extern int64 kaoa_zeile_int8(HeapTuple t, TupleDesc d, int nr, int64 falls_null);
extern bool kaoa_zeile_bool(HeapTuple t, TupleDesc d, int nr, bool falls_null);
extern char *kaoa_zeile_text(HeapTuple t, TupleDesc d, int nr);	/* NULL for SQL NULL */
extern int	kaoa_zeile_enum(kaoa_enum_map *m, HeapTuple t, TupleDesc d, int nr);	/* -1: NULL */

/* Column nr holds the same in a and b: both NULL, or the same bytes once detoasted (a stored
 * value may be compressed where the new one is not). */
extern bool kaoa_zeile_gleich(HeapTuple a, HeapTuple b, TupleDesc d, int nr);

/* ---- by column name, in the trigger's relation -------------------------------------------------- */

/* The attribute number of column `name` of rel (42703 when kaoa's table lacks it). */
extern int	kaoa_trigger_spalte(Relation rel, const char *name);

extern Datum kaoa_trigger_wert(HeapTuple t, Relation rel, const char *name, bool *isnull);
extern bool kaoa_trigger_null(HeapTuple t, Relation rel, const char *name);
extern int64 kaoa_trigger_int8(HeapTuple t, Relation rel, const char *name, int64 falls_null);
extern char *kaoa_trigger_text(HeapTuple t, Relation rel, const char *name);	/* NULL: NULL */
extern bool kaoa_trigger_gleich(HeapTuple a, HeapTuple b, Relation rel, const char *name);

/* A copy of t with the n columns `namen` set to werte / nulls (n <= 8). */
extern HeapTuple kaoa_trigger_setzen(HeapTuple t, Relation rel, int n, const char *const *namen,
									 Datum *werte, bool *nulls);

#endif							/* KAOA_TRIGGER_H */
