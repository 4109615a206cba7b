/*
 * type_riasec.c — fmgr wrappers of kaoa.riasec around src/core/riasec.c.
 *
 * Six bytes R I A S E C (0..100), by reference, alignment char; the comparison, hash and binary
 * functions are shared with kaoa.kompetenzen through type_bytes.h.
 */
#include "kaoa.h"

#include "utils/builtins.h"

#include "core/riasec.h"
#include "type_bytes.h"

#define TYPNAME "kaoa.riasec"

/* Names a position for error details: R I A S E C. */
static const char *
riasec_letter(int i)
{
	static const char *const letters[KAOA_RIASEC_DIMS] = {"R", "I", "A", "S", "E", "C"};

	return letters[i];
}

KAOA_BYTES_TYPE(kaoa_riasec, kaoa_riasec, KAOA_RIASEC_DIMS, 100, riasec_letter,
				"Six bytes R I A S E C after the format version byte, each 0-100.")

PG_FUNCTION_INFO_V1(kaoa_riasec_in);
PG_FUNCTION_INFO_V1(kaoa_riasec_out);
PG_FUNCTION_INFO_V1(kaoa_riasec_holland_code);
PG_FUNCTION_INFO_V1(kaoa_riasec_kongruenz_fn);

/* Text input: letter=value pairs or a Holland code of 1-3 letters. */
Datum
kaoa_riasec_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	kaoa_riasec *r = palloc(sizeof(kaoa_riasec));
	kaoa_parse_error err;

	if (!kaoa_riasec_parse(str, strlen(str), r, &err))
		kaoa_report_invalid_input(TYPNAME, str, &err, KAOA_RIASEC_HINT);
	PG_RETURN_POINTER(r);
}

/* Text output: R=40,I=10,A=0,S=80,E=20,C=5. */
Datum
kaoa_riasec_out(PG_FUNCTION_ARGS)
{
	const kaoa_riasec *r = (const kaoa_riasec *) PG_GETARG_POINTER(0);
	char	   *out = palloc(KAOA_RIASEC_TEXT_MAX);

	kaoa_riasec_format(r, out);
	PG_RETURN_CSTRING(out);
}

/* kaoa.holland_code: the up to three letters with the highest non-zero scores. */
Datum
kaoa_riasec_holland_code(PG_FUNCTION_ARGS)
{
	char		code[4];

	kaoa_riasec_holland((const kaoa_riasec *) PG_GETARG_POINTER(0), code);
	PG_RETURN_TEXT_P(cstring_to_text(code));
}

/* kaoa.kongruenz: cosine similarity; 0.5 when either profile is all zero. */
Datum
kaoa_riasec_kongruenz_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(kaoa_riasec_kongruenz((const kaoa_riasec *) PG_GETARG_POINTER(0),
										   (const kaoa_riasec *) PG_GETARG_POINTER(1)));
}
