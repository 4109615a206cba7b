/*
 * module.c — the loadable module's entry points and the error helpers every type shares.
 */
#include "base/kaoa.h"

#include "libpq/pqformat.h"
#include "utils/guc.h"

#include "kette/kette.h"
#include "match/match.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Module load: settings are defined by the files that own them (see their *_init functions). */
void
_PG_init(void)
{
	kaoa_kette_init();
	kaoa_match_init();
	MarkGUCPrefixReserved("kaoa");
}

void
kaoa_report_invalid_input(const char *typname, const char *input,
						  const kaoa_parse_error *err, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
			 errdetail("%s", err->detail),
			 errhint("%s", hint)));
	pg_unreachable();
}

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

void
kaoa_recv_expect_len(StringInfo buf, int n, const char *typname)
{
	int			left = buf->len - buf->cursor;

	if (left != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", typname),
				 errdetail("Found %d value bytes after the format version.", left),
				 errhint("A binary %s has exactly %d value bytes after the format version byte.",
						 typname, n)));
}

void
kaoa_report_invalid_binary(const char *typname, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type %s", typname),
			 errdetail("%s", detail),
			 errhint("%s", hint)));
	pg_unreachable();
}
