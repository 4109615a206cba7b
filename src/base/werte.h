/*
 * werte.h — values every area reads and writes the same way: SQL enum labels mapped to the enums
 * of the pure-C cores, blank text, and dates.
 *
 * An enum value arrives in a row as the OID of its pg_enum row; the cores work with C enums whose
 * order is the SQL enum's declaration order.  A kaoa_enum_map translates between the two, filled
 * on first use per type OID (enum OIDs of a type never change), so a trigger maps a status or an
 * organisation type without a catalogue look-up per row.
 */
#ifndef KAOA_WERTE_H
#define KAOA_WERTE_H

#include "base/kaoa.h"

#include "utils/date.h"

#include "base/core/org_typ.h"

/* Maps the pg_enum OIDs of one SQL enum to a core's enum (filled on first use per type OID). */
typedef struct kaoa_enum_map
{
	Oid			typoid;
	int			n;
	const char *const *namen;
	Oid			oids[16];
} kaoa_enum_map;

/* kaoa.org_typ ↔ kaoa_org_typ (base/core/org_typ.h). */
extern kaoa_enum_map kaoa_map_org_typ;

/* The core value of enum datum `wert` of type typoid (ERROR for an unknown label). */
extern int	kaoa_enum_wert(kaoa_enum_map *m, Oid typoid, Datum wert);

/* The enum datum of core value idx in the SQL enum typoid (the reverse of kaoa_enum_wert). */
extern Datum kaoa_enum_datum(kaoa_enum_map *m, Oid typoid, int idx);

/* The core value of column `spalte` (1-based) of row `zeile` of SPI_tuptable; -1 for NULL. */
extern int	kaoa_spi_enum(kaoa_enum_map *m, uint64 zeile, int spalte);

/* True for NULL, "" and text of white space only: a reason (grund) must say something. */
extern bool kaoa_leer(const char *s);

/*
 * The domain's days are days in Europe/Berlin, whatever the session's TimeZone: kaoa_heute() is
 * the Berlin date at the transaction's start (SQL: kaoa.heute()), kaoa_tag(t) the Berlin date of a
 * moment.  Every "today", deadline and window of kaoa uses these, never current_date.  SQL run by
 * C code writes the same as KAOA_SQL_HEUTE / KAOA_SQL_TAG (they work under kaoa 0.1.0's SQL too).
 */
#define KAOA_ZEITZONE "Europe/Berlin"
extern DateADT kaoa_heute(void);
extern DateADT kaoa_tag(TimestampTz t);
#define KAOA_SQL_TAG(ausdruck) \
	"(pg_catalog.timezone('" KAOA_ZEITZONE "', " ausdruck "))::pg_catalog.date"
#define KAOA_SQL_HEUTE KAOA_SQL_TAG("pg_catalog.now()")

/* The school year (its start year; 1 August – 31 July) day d lies in. */
extern int	kaoa_schuljahr_von(DateADT d);

/* A date as YYYY-MM-DD whatever the session's DateStyle ("infinity" / "-infinity" as such). */
extern char *kaoa_datum_text(DateADT d);

#endif							/* KAOA_WERTE_H */
