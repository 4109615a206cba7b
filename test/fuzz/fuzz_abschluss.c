/*
 * fuzz_abschluss.c — libFuzzer target for the kaoa.abschluss parsers.
 *
 * Properties checked on every input: no crash or UB (sanitizers); an accepted literal is a valid
 * code; printing it and parsing the printed form gives the same code (round trip); a refusal
 * always carries a non-empty detail.
 */
#include <stdlib.h>
#include <string.h>

#include "core/abschluss.h"

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
	else if (err.detail[0] == '\0')
		abort();

	err.detail[0] = '\0';
	if (kaoa_abschluss_parse_itnrw(s, size, &code, &err))
	{
		if (!kaoa_abschluss_valid(code))
			abort();
	}
	else if (err.detail[0] == '\0')
		abort();
	return 0;
}
