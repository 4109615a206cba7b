/*
 * types.h — what the backend files of the four data types share (src/types/type_*.c): the
 * text-input error and the binary format's version byte.  The parsers, printers and comparisons
 * themselves are the pure-C cores in src/types/core/.
 */
#ifndef KAOA_TYPES_H
#define KAOA_TYPES_H

#include "base/kaoa.h"

#include "base/core/parse_util.h"

/*
 * Binary wire format of the kaoa types: one leading format-version byte, then the value.  recv
 * rejects any other version, which leaves room to change the wire format later without
 * misreading old clients' data.
 */
#define KAOA_WIRE_VERSION 1

/*
 * Raises 22P02 "invalid input syntax for type <typname>: "<input>"" with the parser's detail and
 * the type's hinweis, an errhint("Accepted: …") written at the call site.  The detail comes from
 * the pure-C parser, already translated (kaoa_fail), so it is passed as it is.  The input is
 * echoed as an excerpt of at most KAOA_ECHO_MAX bytes (cut with "...", control bytes as \xNN, as
 * the details do): a megabyte of input must not come back in the message, the server log and
 * every reject file it reaches.
 */
#define KAOA_ECHO_MAX 40
#define kaoa_report_invalid_input(typname, input, err, hinweis) \
	do { \
		char		kaoa_echo_[4 * KAOA_ECHO_MAX + 8]; \
		const char *kaoa_eingabe_ = (input); \
		kaoa_excerpt(kaoa_echo_, sizeof(kaoa_echo_), kaoa_eingabe_, strlen(kaoa_eingabe_), KAOA_ECHO_MAX); \
		ereport(ERROR, \
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
				 errmsg("invalid input syntax for type %s: \"%s\"", (typname), kaoa_echo_), \
				 errdetail_internal("%s", (err)->detail), \
				 hinweis)); \
		pg_unreachable(); \
	} while (0)

/* Reads and checks the format-version byte of a binary value (22P03 on mismatch). */
extern void kaoa_recv_version(StringInfo buf, const char *typname);

/* Checks that exactly `n` value bytes follow the version byte (22P03 otherwise), so a short or
 * long binary value is rejected with a clear message instead of a protocol error. */
extern void kaoa_recv_expect_len(StringInfo buf, int n, const char *typname);

/* Raises 22P03 for a binary value that has the right version but a wrong value; detail and hinweis
 * are the caller's errdetail(...) and errhint(...). */
#define kaoa_report_invalid_binary(typname, detail, hinweis) \
	do { \
		ereport(ERROR, \
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION), \
				 errmsg("invalid binary value for type %s", (typname)), \
				 detail, \
				 hinweis)); \
		pg_unreachable(); \
	} while (0)

#endif							/* KAOA_TYPES_H */
