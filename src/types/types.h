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

#endif							/* KAOA_TYPES_H */
