/*
 * kaoa.h — the first header of every backend (fmgr/SPI/trigger) file of kaoa: PostgreSQL's
 * postgres.h, the SQLSTATEs of kaoa's own class KA, and the errors raised alike everywhere
 * (fehler.c).
 *
 * The base layer (src/base) is what more than one area needs, and includes nothing of the areas
 * above it: the actor and the owner's rights (akteur.h), SPI (spi.h), the trigger layer
 * (trigger.h), index probes (sonde.h), enum maps and dates (werte.h), the organisation types
 * (core/org_typ.h).  The pure-C cores (src/<area>/core/) include neither this nor any
 * PostgreSQL header, so they can be unit-tested under sanitizers and fuzzed (see
 * base/core/parse_util.h).
 */
#ifndef KAOA_H
#define KAOA_H

#include "postgres.h"

/*
 * kaoa's messages are translated in a gettext domain of kaoa's own, "kaoa-15" (PostgreSQL's own
 * are in "postgres-15"): ereport takes the domain from TEXTDOMAIN where it is called, so every
 * errmsg/errdetail/errhint/errcontext of a file that includes this header first is looked up in
 * kaoa's catalogue.  elog.h defines TEXTDOMAIN as NULL (PostgreSQL's domain), hence the #undef.
 * _() is the same look-up for a text that is not an ereport argument.  The domain is bound in
 * _PG_init (module.c); the catalogues are po/<lang>.po, installed into PostgreSQL's locale
 * directory (docs/operations.md).
 */
#undef TEXTDOMAIN
#define TEXTDOMAIN PG_TEXTDOMAIN("kaoa")
#undef _
#define _(x) dgettext(TEXTDOMAIN, x)

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "base/core/speicher.h"

/*
 * The SQLSTATE class KA: kaoa's own rule violations.  They are the chain's codes; matching, SBO
 * and the measures raise KA002, KA004 and KA006 with the same meanings; registrations for a
 * measure add KA011 and KA012.  Every code is raised with an errdetail naming the
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
/* Registrations for a measure: errdetail names the measure, errhint what is allowed. */
#define ERRCODE_KAOA_ANMELDUNG_GESCHLOSSEN	MAKE_SQLSTATE('K','A','0','1','1')	/* past anmeldung_bis, or full
																			 * without a waiting list */
#define ERRCODE_KAOA_ZIELGRUPPE			MAKE_SQLSTATE('K','A','0','1','2')	/* outside a closed target group */

/* fehler.c: internal errors in one wording (none can be caused by a user's input) ... */
pg_attribute_noreturn()
extern void kaoa_spi_fehlgeschlagen(int rc, const char *was);

/* 55000 when the library finds an object of its install script missing or different (a database
 * not yet updated with ALTER EXTENSION kaoa UPDATE, or a library older than the script): the DBA
 * can cause it, so it says what was missing and what to run.  was: the object's name ("kaoa.ereignis"), never English words, so the message translates. */
pg_attribute_noreturn()
extern void kaoa_installation_passt_nicht(const char *was);

/* XX001 for a stored value that no input function could have produced (a damaged page, or a binary
 * restore from another version); detail is the caller's errdetail(...) saying what was found. */
#define kaoa_wert_beschaedigt(typname, detail) \
	do { \
		ereport(ERROR, \
				(errcode(ERRCODE_DATA_CORRUPTED), \
				 errmsg("stored value of type %s is damaged", (typname)), \
				 detail, \
				 errhint("Restore the table from a backup; values of this type are validated on input, so this one was not written by kaoa."))); \
		pg_unreachable(); \
	} while (0)

/* 53200 when a malloc-backed structure of the matching cores (shared with their threads) could not
 * grow; detail is the caller's errdetail(...) saying what it was building. */
#define kaoa_kein_speicher(detail) \
	do { \
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"), detail)); \
		pg_unreachable(); \
	} while (0)

/* fehler.c: module load (the parsers' details are translated like every message). */
extern void kaoa_meldungen_init(void);

/* ... and the user error every area raises alike: 22004 "<funktion> needs <argumente>" for a NULL
 * argument an API function needs.  argumente lists the required arguments' names ("fall_id,
 * an_org"); optional those that may be NULL, or NULL when none may. */
pg_attribute_noreturn()
extern void kaoa_argumente_fehlen(const char *funktion, const char *argumente, const char *optional);

/* The memory indirection of the pure-C cores, backed by a memory context (huge allocations
 * allowed), so that an error or a cancel frees what a core holds. */
struct MemoryContextData;
extern void kaoa_speicher_init(kaoa_speicher *s, struct MemoryContextData *ctx);

/* A function that writes was called on a hot standby: 25006 naming the function, with a hint
 * that it runs on the primary (PostgreSQL's own 25006 from the first write has none). */
extern void kaoa_schreibzugriff_pruefen(const char *funktion);

#endif							/* KAOA_H */
