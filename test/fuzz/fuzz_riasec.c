/*
 * fuzz_riasec.c — libFuzzer target for the kaoa.riasec parser.
 *
 * Properties checked on every input: no crash or UB (sanitizers); an accepted literal is valid;
 * printing it and parsing the printed form gives the same value (round trip); a refusal always
 * carries a non-empty detail.
 */
#include <stdlib.h>
#include <string.h>

#include "core/riasec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_parse_error err;
	kaoa_riasec r,
				again;
	char		out[KAOA_RIASEC_TEXT_MAX];
	char		code[4];
	double		c;

	err.detail[0] = '\0';
	if (kaoa_riasec_parse((const char *) data, size, &r, &err))
	{
		int			n = kaoa_riasec_format(&r, out);

		if (!kaoa_riasec_valid(r.v) || n <= 0 || n >= KAOA_RIASEC_TEXT_MAX)
			abort();
		if (!kaoa_riasec_parse(out, strlen(out), &again, &err) || memcmp(&again, &r, sizeof(r)) != 0)
			abort();
		if (kaoa_riasec_holland(&r, code) > 3 || strlen(code) > 3)
			abort();
		c = kaoa_riasec_kongruenz(&r, &r);
		if (!(c >= 0.5 && c <= 1.0))
			abort();
	}
	else if (err.detail[0] == '\0')
		abort();
	return 0;
}
