/*
 * spi.h — SPI as every area uses it: connecting, finding a column of kaoa's own tables by name,
 * reading values of the current SPI_tuptable, and running set-based SQL under a pinned
 * search_path.  Queries that must run with the owner's rights use kaoa_spi_als_eigentuemer
 * (base/akteur.h).
 */
#ifndef KAOA_SPI_H
#define KAOA_SPI_H

#include "base/kaoa.h"

#include "executor/spi.h"

/* SPI_connect, with kaoa's wording for the (internal) failure. */
extern void kaoa_spi_verbinden(void);

/* The attribute number of column `name` in `desc` of kaoa's own table `wo` (42703 when the
 * installed table lacks it: library and install script of different versions). */
extern int	kaoa_spalte(TupleDesc desc, const char *name, const char *wo);

/* Values of row `zeile` (0-based), column `spalte` (1-based) of SPI_tuptable. */
extern Datum kaoa_spi_wert(uint64 zeile, int spalte, bool *isnull);
extern bool kaoa_spi_null(uint64 zeile, int spalte);
extern int32 kaoa_spi_int4(uint64 zeile, int spalte, int32 falls_null);
extern int64 kaoa_spi_int8(uint64 zeile, int spalte, int64 falls_null);
extern bool kaoa_spi_bool(uint64 zeile, int spalte, bool falls_null);
extern char *kaoa_spi_text(uint64 zeile, int spalte);	/* palloc'd in the caller's context of
														 * the SPI level; NULL for SQL NULL */

/* Sets search_path = pg_catalog, pg_temp for the queries that follow; returns the GUC nest level
 * to pass to kaoa_suchpfad_zurueck (restored on error by transaction abort). */
extern int	kaoa_suchpfad_sichern(void);
extern void kaoa_suchpfad_zurueck(int nestlevel);

#endif							/* KAOA_SPI_H */
