/*
 * fuzz_kompetenzen.c — libFuzzer target for the kaoa.kompetenzen parser.
 *
 * Properties checked on every input: no crash or UB (sanitizers); an accepted literal is valid;
 * printing it and parsing the printed form gives the same value (round trip); a refusal always
 * carries a non-empty detail.
 */
#include <stdlib.h>
#include <string.h>

#include "core/kompetenzen.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_parse_error err;
	kaoa_kompetenzen k,
				again;
	char		out[KAOA_KOMPETENZEN_TEXT_MAX];
	double		g;

	err.detail[0] = '\0';
	if (kaoa_kompetenzen_parse((const char *) data, size, &k, &err))
	{
		int			n = kaoa_kompetenzen_format(&k, out);

		if (!kaoa_kompetenzen_valid(k.v) || n < 0 || n >= KAOA_KOMPETENZEN_TEXT_MAX)
			abort();
		if (!kaoa_kompetenzen_parse(out, strlen(out), &again, &err) || memcmp(&again, &k, sizeof(k)) != 0)
			abort();
		g = kaoa_kompetenzen_erfuellungsgrad(&k, &k);
		if (g < 0.5 || g > 1.0)
			abort();
	}
	else if (err.detail[0] == '\0')
		abort();
	return 0;
}
