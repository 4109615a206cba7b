/*
 * type_gemeinsam.c — what the four data types share: the checks of the binary format (the input
 * and binary-value errors are macros in types.h, so that their hint is written at the call site).
 */
#include "types/types.h"

#include "libpq/pqformat.h"

/* The first byte of a binary value is the format version; any other version is refused rather
 * than misread. */
void
kaoa_recv_version(StringInfo buf, const char *typname)
{
	int			version;

	if (buf->cursor >= buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", typname),
				 errdetail("The value is empty."),
				 errhint("A binary %s starts with the format version byte %d.",
						 typname, KAOA_WIRE_VERSION)));
	version = pq_getmsgbyte(buf);
	if (version != KAOA_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", typname),
				 errdetail("Format version %d is not supported.", version),
				 errhint("This version of kaoa reads format version %d.", KAOA_WIRE_VERSION)));
}

/* A short or long binary value is refused with a clear message instead of a protocol error. */
void
kaoa_recv_expect_len(StringInfo buf, int n, const char *typname)
{
	int			left = buf->len - buf->cursor;

	if (left != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", typname),
				 errdetail_plural("Found %d value byte after the format version.",
								  "Found %d value bytes after the format version.", left < 0 ? 0 : left, left),
				 errhint("A binary %s has exactly %d value bytes after the format version byte.",
						 typname, n)));
}
