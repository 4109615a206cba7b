/*
 * type_kompetenzen.c — fmgr wrappers of kaoa.kompetenzen around src/core/kompetenzen.c.
 *
 * Twelve bytes (levels 0..5), by reference, alignment char; the comparison, hash and binary
 * functions are shared with kaoa.riasec through type_bytes.h.
 */
#include "kaoa.h"

#include "core/kompetenzen.h"
#include "type_bytes.h"

#define TYPNAME "kaoa.kompetenzen"

KAOA_BYTES_TYPE(kaoa_kompetenzen, kaoa_kompetenzen, KAOA_KOMPETENZEN_DIMS, 5, kaoa_kompetenzen_name,
				"Twelve bytes (the dimensions in their fixed order) after the format version byte, each 0-5.")

PG_FUNCTION_INFO_V1(kaoa_kompetenzen_in);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_out);
PG_FUNCTION_INFO_V1(kaoa_kompetenzen_erfuellungsgrad_fn);

/* Text input: name=level pairs (umlaut spellings allowed); '' is all zero. */
Datum
kaoa_kompetenzen_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_kompetenzen *k = palloc(sizeof(kaoa_kompetenzen));
	kaoa_parse_error err;

	if (!kaoa_kompetenzen_parse(str, strlen(str), k, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err, KAOA_KOMPETENZEN_HINT);
	PG_RETURN_POINTER(k);
}

/* Text output: the non-zero dimensions in order; all zero is ''. */
Datum
kaoa_kompetenzen_out(PG_FUNCTION_ARGS)
{
	const kaoa_kompetenzen *k = (const kaoa_kompetenzen *) PG_GETARG_POINTER(0);
	char	   *out = palloc(KAOA_KOMPETENZEN_TEXT_MAX);

	kaoa_kompetenzen_format(k, out);
	PG_RETURN_CSTRING(out);
}

/* kaoa.erfuellungsgrad: share of the requirements met (DESIGN.md §7). */
Datum
kaoa_kompetenzen_erfuellungsgrad_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kaoa_kompetenzen_erfuellungsgrad((const kaoa_kompetenzen *) PG_GETARG_POINTER(0),
													  (const kaoa_kompetenzen *) PG_GETARG_POINTER(1)));
}
