/*
 * kaoa.h — the first header of every backend (fmgr/SPI/trigger) file of kaoa: PostgreSQL's
 * postgres.h, the SQLSTATEs of kaoa's own class KA, and the base layer's internal-error and SPI
 * helpers (spi_hilfe.c).
 *
 * The base layer (src/base) is what more than one area needs; it includes nothing of the areas
 * above it.  The pure-C cores (src/<area>/core/) include neither this nor any PostgreSQL header,
 * so they can be unit-tested under sanitizers and fuzzed (see base/core/parse_util.h).
 */
#ifndef KAOA_H
#define KAOA_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

/*
 * The SQLSTATE class KA: kaoa's own rule violations.  They are the chain's codes; matching, SBO
 * and the measures raise KA002, KA004 and KA006 with the same meanings.  Every code is raised with an errdetail naming the
 * row and an errhint saying what is allowed; docs/errors.md lists them.
 */
#define ERRCODE_KAOA_UEBERGANG			MAKE_SQLSTATE('K','A','0','0','1')	/* transition not allowed */
#define ERRCODE_KAOA_EINWILLIGUNG		MAKE_SQLSTATE('K','A','0','0','2')	/* no valid consent */
#define ERRCODE_KAOA_WIDERSPRUCH		MAKE_SQLSTATE('K','A','0','0','3')	/* the person objected */
#define ERRCODE_KAOA_NICHT_ZUSTAENDIG	MAKE_SQLSTATE('K','A','0','0','4')	/* not responsible / may not */
#define ERRCODE_KAOA_OFFENE_UEBERGABE	MAKE_SQLSTATE('K','A','0','0','5')	/* hand-off open / answered */
#define ERRCODE_KAOA_UNVERAENDERLICH	MAKE_SQLSTATE('K','A','0','0','6')	/* append-only / immutable */
#define ERRCODE_KAOA_AUSGENOMMEN		MAKE_SQLSTATE('K','A','0','0','7')	/* excluded from transfer */
#define ERRCODE_KAOA_EMPFAENGER			MAKE_SQLSTATE('K','A','0','0','8')	/* receiver type not allowed */
#define ERRCODE_KAOA_VORAUSSETZUNG		MAKE_SQLSTATE('K','A','0','0','9')	/* precondition missing */
#define ERRCODE_KAOA_FRIST				MAKE_SQLSTATE('K','A','0','1','0')	/* outside the window */

/* spi_hilfe.c: SPI and catalogue helpers (internal errors in one wording). */
extern void kaoa_spi_verbinden(void);
struct TupleDescData;
extern int	kaoa_spalte(struct TupleDescData *desc, const char *name, const char *wo);
pg_attribute_noreturn()
extern void kaoa_spi_fehlgeschlagen(int rc, const char *was);
pg_attribute_noreturn()
extern void kaoa_wert_beschaedigt(const char *typname, const char *was);
pg_attribute_noreturn()
extern void kaoa_trigger_falsch_aufgerufen(const char *funktion, const char *erwartet);
pg_attribute_noreturn()
extern void kaoa_kein_speicher(const char *wofuer);

/* Sets search_path = pg_catalog, pg_temp for the queries that follow; returns the GUC nest level
 * to pass to kaoa_suchpfad_zurueck (restored on error by transaction abort). */
extern int	kaoa_suchpfad_sichern(void);
extern void kaoa_suchpfad_zurueck(int nestlevel);

#endif							/* KAOA_H */
