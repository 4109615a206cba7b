/*
 * spi_hilfe.c — small SPI and catalogue helpers every backend file of kaoa uses.
 *
 * Failures here cannot be caused by a user's input: they mean a broken installation (a column of
 * kaoa's own tables missing) or a server state SPI refuses.  They are kept in one place so that
 * each area's code says what it does, not how SPI reports trouble, and so that the few internal
 * errors of kaoa share one wording.
 */
#include "base/kaoa.h"

#include "executor/spi.h"
#include "utils/guc.h"

/* Connects to SPI; PostgreSQL 15 raises its own error on failure, the check guards older ABIs. */
void
kaoa_spi_verbinden(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		kaoa_spi_fehlgeschlagen(rc, "SPI_connect");
}

/* The attribute number of column `name` in `desc` (of kaoa's own table `wo`): kaoa's C code finds
 * columns by name so that a column added by an upgrade script does not shift it. */
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

/* An SPI call returned an error code: internal, since kaoa's statements are fixed text. */
void
kaoa_spi_fehlgeschlagen(int rc, const char *was)
{
	elog(ERROR, "kaoa: %s failed: %s", was, SPI_result_code_string(rc));
}

/* A stored value that no input function could have produced: the page or a binary restore
 * from another version is damaged. */
void
kaoa_wert_beschaedigt(const char *typname, const char *was)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("stored value of type %s is damaged", typname),
			 errdetail("%s", was),
			 errhint("Restore the table from a backup; values of this type are validated on input, so this one was not written by kaoa.")));
}

/* A trigger function called outside its protocol (as a plain function, or by a CREATE TRIGGER a
 * user wrote for the wrong timing or event). */
void
kaoa_trigger_falsch_aufgerufen(const char *funktion, const char *erwartet)
{
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("function \"%s\" was fired for the wrong event", funktion),
			 errdetail("It must run as %s.", erwartet),
			 errhint("Leave kaoa's triggers as the extension created them.")));
}

/* malloc-backed structures of the matching cores (shared with their threads) could not grow. */
void
kaoa_kein_speicher(const char *wofuer)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 errdetail("Failed while %s.", wofuer)));
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
