/*
 * spi.c — SPI helpers every area uses (see spi.h).
 *
 * A failure here is never caused by a user's input: it means a broken installation (a column of
 * kaoa's own tables missing) or a server state SPI refuses.  Keeping the helpers in one place lets
 * each area's code say what it does, not how SPI reports trouble.
 */
#include "base/spi.h"

#include "utils/guc.h"

/* PostgreSQL 15 raises its own error when SPI_connect fails; the check guards older ABIs. */
void
kaoa_spi_verbinden(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		kaoa_spi_fehlgeschlagen(rc, "SPI_connect");
}

/* kaoa's C code finds columns by name, so that a column an upgrade script adds at the end of a
 * table does not shift it. */
int
kaoa_spalte(TupleDesc desc, const char *name, const char *wo)
{
	int			nr = SPI_fnumber(desc, name);

	if (nr <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("kaoa: column \"%s\" missing in %s", name, wo),
				 errdetail("kaoa's C code expects the column of its own table; the installed tables do not match the library."),
				 errhint("Run ALTER EXTENSION kaoa UPDATE, or reinstall kaoa so that library and install script are of the same version.")));
	return nr;
}

/* ---- values of the current SPI_tuptable ---------------------------------------------------- */

/* The binary value, for types the readers below do not cover. */
Datum
kaoa_spi_wert(uint64 zeile, int spalte, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, spalte, isnull);
}

bool
kaoa_spi_null(uint64 zeile, int spalte)
{
	bool		isnull;

	(void) kaoa_spi_wert(zeile, spalte, &isnull);
	return isnull;
}

int32
kaoa_spi_int4(uint64 zeile, int spalte, int32 falls_null)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, spalte, &isnull);

	return isnull ? falls_null : DatumGetInt32(d);
}

int64
kaoa_spi_int8(uint64 zeile, int spalte, int64 falls_null)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, spalte, &isnull);

	return isnull ? falls_null : DatumGetInt64(d);
}

bool
kaoa_spi_bool(uint64 zeile, int spalte, bool falls_null)
{
	bool		isnull;
	Datum		d = kaoa_spi_wert(zeile, spalte, &isnull);

	return isnull ? falls_null : DatumGetBool(d);
}

/* The text form, copied into the memory of the caller's SPI level so it outlives SPI_finish. */
char *
kaoa_spi_text(uint64 zeile, int spalte)
{
	char	   *s = SPI_getvalue(SPI_tuptable->vals[zeile], SPI_tuptable->tupdesc, spalte);
	char	   *kopie;

	if (s == NULL)
		return NULL;
	kopie = SPI_palloc(strlen(s) + 1);
	strcpy(kopie, s);
	return kopie;
}

/* ---- pinned search_path --------------------------------------------------------------------- */

/* Set-based queries built as text (analyses, role administration) run under
 * search_path = pg_catalog, pg_temp, so no object of the caller's schemas can stand in for a
 * built-in one.  The GUC nest level restores the caller's path, also on error (transaction abort). */
int
kaoa_suchpfad_sichern(void)
{
	int			nest = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nest;
}

void
kaoa_suchpfad_zurueck(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
}
