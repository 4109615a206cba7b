/*
 * fuzz_kldb.c — libFuzzer target for the kaoa.kldb parser.
 *
 * Properties checked on every input: no crash or UB (sanitizers); an accepted literal is valid;
 * printing it and parsing the printed form gives the same value (round trip); a refusal always
 * carries a non-empty detail.
 */
#include <stdlib.h>
#include <string.h>

#include "core/kldb.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_parse_error err;
	kaoa_kldb	k,
				again;
	char		out[8];

	err.detail[0] = '\0';
	if (kaoa_kldb_parse((const char *) data, size, &k, &err))
	{
		int			n = kaoa_kldb_format(k, out);

		if (!kaoa_kldb_valid(k) || n < 1 || n > 5 || n != kaoa_kldb_ebene(k))
			abort();
		if (!kaoa_kldb_parse(out, strlen(out), &again, &err) || again != k)
			abort();
		if (!kaoa_kldb_liegt_in(k, k) || kaoa_kldb_gemeinsam(k, k) != n)
			abort();
	}
	else if (err.detail[0] == '\0')
		abort();
	return 0;
}
