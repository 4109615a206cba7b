/*
 * werte.c — enum maps and dates shared by every area (see werte.h).
 */
#include "base/werte.h"

#include <ctype.h>

#include "catalog/pg_enum.h"
#include "executor/spi.h"
#include "access/xact.h"
#include "utils/builtins.h"
#include "fmgr.h"
#include "pgtime.h"
#include "utils/date.h"
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
	kaoa_installation_passt_nicht(psprintf("%s (OID %u)", format_type_be(typoid), oid));
	return -1;					/* keep the compiler quiet */
}

/* Writers of enum columns (the event log) store the OID of the label, as the input function would. */
Datum
kaoa_enum_datum(kaoa_enum_map *m, Oid typoid, int idx)
{
	if (m->typoid != typoid)
		enum_map_fuellen(m, typoid);
	if (!OidIsValid(m->oids[idx]))
		kaoa_installation_passt_nicht(psprintf("%s '%s'", format_type_be(typoid), m->namen[idx]));
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

/* Europe/Berlin, looked up once per backend (pg_tzset keeps its zones for the backend's life). */
static pg_tz *
berlin(void)
{
	static pg_tz *tz = NULL;

	if (tz == NULL)
	{
		tz = pg_tzset(KAOA_ZEITZONE);
		if (tz == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_CONFIG_FILE_ERROR),
					 errmsg("kaoa: time zone %s is not known to this server", KAOA_ZEITZONE),
					 errdetail("kaoa's day (deadlines, windows, deletion days) is the day in %s, whatever the session's TimeZone.", KAOA_ZEITZONE),
					 errhint("Install the time zone data of the operating system (Debian: package tzdata) and restart the server.")));
	}
	return tz;
}

/* The Berlin calendar day of the moment t (see werte.h). */
DateADT
kaoa_tag(TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (TIMESTAMP_IS_NOBEGIN(t))
	{
		DateADT		d;

		DATE_NOBEGIN(d);
		return d;
	}
	if (TIMESTAMP_IS_NOEND(t))
	{
		DateADT		d;

		DATE_NOEND(d);
		return d;
	}
	if (timestamp2tm(t, &tz, &tm, &fsec, NULL, berlin()) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}

/* Today in Berlin: the day of the transaction's start, as current_date is in the session's zone. */
DateADT
kaoa_heute(void)
{
	return kaoa_tag(GetCurrentTransactionStartTimestamp());
}

PG_FUNCTION_INFO_V1(kaoa_heute_sql);
PG_FUNCTION_INFO_V1(kaoa_tag_sql);

/* kaoa.heute() → date: the domain's today (Europe/Berlin), for defaults and queries. */
Datum
kaoa_heute_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(kaoa_heute());
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

/* kaoa.tag(zeit timestamptz) → date: the day of a moment as kaoa counts days (Europe/Berlin). */
Datum
kaoa_tag_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(kaoa_tag(PG_GETARG_TIMESTAMPTZ(0)));
}
