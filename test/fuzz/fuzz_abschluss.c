/*
 * fuzz_abschluss.c — libFuzzer target for the kaoa.abschluss parsers.
 *
 * Properties checked on every input: no crash or UB (sanitizers); an accepted literal is a valid
 * code; printing it and parsing the printed form gives the same code (round trip); a refusal
 * always carries a detail that is valid UTF-8 without control characters (fuzz_util.h); ASCII case
 * and surrounding whitespace never change the outcome.
 */
#include <stdlib.h>
#include <string.h>

#include "types/core/abschluss.h"
#include "fuzz_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_parse_error err;
	int16_t		code;
	const char *s = (const char *) data;

	err.detail[0] = '\0';
	if (kaoa_abschluss_parse(s, size, &code, &err))
	{
		const char *out = kaoa_abschluss_code(code);
		int16_t		again;

		if (!kaoa_abschluss_valid(code) || out == NULL)
			abort();
		if (!kaoa_abschluss_parse(out, strlen(out), &again, &err) || again != code)
			abort();
	}
	else if (!fuzz_detail_ok(err.detail))
		abort();

	/* case and surrounding whitespace never matter */
	{
		size_t		plen;
		char	   *padded = fuzz_padded(data, size, &plen);
		char	   *lowered = fuzz_lowered(data, size);
		bool		ok = kaoa_abschluss_parse(s, size, &code, NULL);
		int16_t		c2,
					c3;

		if (kaoa_abschluss_parse(padded, plen, &c2, NULL) != ok || (ok && c2 != code))
			abort();
		if (kaoa_abschluss_parse(lowered, size, &c3, NULL) != ok || (ok && c3 != code))
			abort();
		free(padded);
		free(lowered);
	}

	err.detail[0] = '\0';
	if (kaoa_abschluss_parse_itnrw(s, size, &code, &err))
	{
		if (!kaoa_abschluss_valid(code))
			abort();
	}
	else if (!fuzz_detail_ok(err.detail))
		abort();
	return 0;
}
