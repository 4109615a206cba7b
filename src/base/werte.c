/*
 * werte.c — enum maps and dates shared by every area (see werte.h).
 */
#include "base/werte.h"

#include <ctype.h>

#include "catalog/pg_enum.h"
#include "executor/spi.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"
#include "utils/syscache.h"

kaoa_enum_map kaoa_map_org_typ = {InvalidOid, KO_ANZAHL, kaoa_org_typ_namen, {0}};

/* Fills the OIDs of the labels of m for type typoid (enum OIDs never change for a type). */
static void
enum_map_fuellen(kaoa_enum_map *m, Oid typoid)
{
	for (int i = 0; i < m->n; i++)
		m->oids[i] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid, ObjectIdGetDatum(typoid),
									 CStringGetDatum(m->namen[i]));
	m->typoid = typoid;
}

/* A label the library does not know means the SQL enum and the library are of different
 * versions: an internal error, not the user's. */
int
kaoa_enum_wert(kaoa_enum_map *m, Oid typoid, Datum wert)
{
	Oid			oid = DatumGetObjectId(wert);

	if (m->typoid != typoid)
		enum_map_fuellen(m, typoid);
	for (int i = 0; i < m->n; i++)
		if (m->oids[i] == oid)
			return i;
	elog(ERROR, "kaoa: enum value %u of type %u is not known to this version of kaoa", oid, typoid);
	return -1;					/* keep the compiler quiet */
}

/* Writers of enum columns (the event log) store the OID of the label, as the input function would. */
Datum
kaoa_enum_datum(kaoa_enum_map *m, Oid typoid, int idx)
{
	if (m->typoid != typoid)
		enum_map_fuellen(m, typoid);
	if (!OidIsValid(m->oids[idx]))
		elog(ERROR, "kaoa: enum label %s missing in type %u", m->namen[idx], typoid);
	return ObjectIdGetDatum(m->oids[idx]);
}

/* Queries return enum columns as OIDs too; the column's type comes from the result's descriptor. */
int
kaoa_spi_enum(kaoa_enum_map *m, uint64 zeile, int spalte)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, spalte, &isnull);

	if (isnull)
		return -1;
	return kaoa_enum_wert(m, SPI_gettypeid(SPI_tuptable->tupdesc, spalte), d);
}

/* A reason given as blanks is no reason: the rules that require one test it with this. */
bool
kaoa_leer(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char) *s))
			return false;
	return true;
}

/* The rules compare with the transaction's date, as SQL's current_date does. */
DateADT
kaoa_heute(void)
{
	return GetSQLCurrentDate();
}

/* Berlin's calendar day of the transaction's start: timezone('Europe/Berlin', now())::date. */
DateADT
kaoa_heute_berlin(void)
{
	Datum		lokal = DirectFunctionCall2(timestamptz_zone, CStringGetTextDatum("Europe/Berlin"),
											TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()));

	return DatumGetDateADT(DirectFunctionCall1(timestamp_date, lokal));
}

int
kaoa_schuljahr_von(DateADT d)
{
	int			y,
				m,
				t;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &t);
	return m >= 8 ? y : y - 1;
}

/* Messages and event details print dates in ISO form, independent of DateStyle. */
char *
kaoa_datum_text(DateADT d)
{
	int			j, m, t;

	if (DATE_NOT_FINITE(d))
		return pstrdup(DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity");
	j2date(d + POSTGRES_EPOCH_JDATE, &j, &m, &t);
	return psprintf("%04d-%02d-%02d", j, m, t);
}
