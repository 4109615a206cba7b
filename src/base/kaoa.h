/*
 * kaoa.h — declarations shared by the backend (fmgr/SPI/trigger) files of kaoa.
 *
 * Backend files include PostgreSQL headers and this one; the pure-C cores under src/core/ include
 * neither (see src/core/parse_util.h for why).
 */
#ifndef KAOA_H
#define KAOA_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "base/core/parse_util.h"

/*
 * The SQLSTATE class KA of the Verantwortungskette rules (DESIGN.md §5).  Every code is raised
 * with an errdetail naming the case and an errhint saying what is allowed.
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

/*
 * Binary wire format of the kaoa types: one leading format-version byte, then the value.  recv
 * rejects any other version, which leaves room to change the wire format later without
 * misreading old clients' data.
 */
#define KAOA_WIRE_VERSION 1

/* Raises 22P02 "invalid input syntax for type <typname>: "<input>"" with the parser's detail and
 * the given hint. */
pg_attribute_noreturn()
extern void kaoa_report_invalid_input(const char *typname, const char *input,
									  const kaoa_parse_error *err, const char *hint);

/* Reads and checks the format-version byte of a binary value (22P03 on mismatch). */
extern void kaoa_recv_version(StringInfo buf, const char *typname);

/* Checks that exactly `n` value bytes follow the version byte (22P03 otherwise), so a short or
 * long binary value is rejected with a clear message instead of a protocol error. */
extern void kaoa_recv_expect_len(StringInfo buf, int n, const char *typname);

/* Raises 22P03 for a binary value that has the right version but a wrong value. */
pg_attribute_noreturn()
extern void kaoa_report_invalid_binary(const char *typname, const char *detail, const char *hint);

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

#endif							/* KAOA_H */
