/*
 * fuzz_kompetenzen.c — libFuzzer target for the kaoa.kompetenzen parser and erfuellungsgrad.
 *
 * Properties checked on every input (besides the sanitizers and fuzz_util.h's shared ones):
 *   - an accepted literal is valid, prints the non-zero dimensions in order, and parses back to
 *     itself; the printed form is the empty string exactly for the all-zero value;
 *   - a profile meets its own requirements: erfuellungsgrad(k, k) = 1; against the all-zero
 *     profile it is 0.5 when anything is required and 1 otherwise;
 *   - the first twelve bytes as a raw on-disk value: valid exactly when each is at most 5, a valid
 *     one prints and parses back to itself (recv's path), and erfuellungsgrad against the parsed
 *     value is in [0, 1].
 */
#include "types/core/kompetenzen.h"
#include "fuzz_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
parse_checked(const char *s, size_t size, kaoa_kompetenzen *k)
{
	kaoa_parse_error err;
	kaoa_kompetenzen again;
	char		out[KAOA_KOMPETENZEN_TEXT_MAX];
	int			n;
	bool		zero = true;
	int			i;

	err.detail[0] = '\0';
	if (!kaoa_kompetenzen_parse(s, size, k, &err))
	{
		if (!fuzz_detail_ok(err.detail))
			abort();
		return false;
	}
	n = kaoa_kompetenzen_format(k, out);
	if (!kaoa_kompetenzen_valid(k->v) || n < 0 || n >= KAOA_KOMPETENZEN_TEXT_MAX || (size_t) n != strlen(out))
		abort();
	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
		zero = zero && k->v[i] == 0;
	if ((n == 0) != zero)
		abort();
	if (!kaoa_kompetenzen_parse(out, strlen(out), &again, &err) || memcmp(&again, k, sizeof(*k)) != 0)
		abort();
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_kompetenzen k,
				k2;
	static const kaoa_kompetenzen nothing;
	bool		ok = parse_checked((const char *) data, size, &k);

	/* case and surrounding whitespace never matter */
	{
		size_t		plen;
		char	   *padded = fuzz_padded(data, size, &plen);
		char	   *lowered = fuzz_lowered(data, size);

		if (parse_checked(padded, plen, &k2) != ok || (ok && memcmp(&k, &k2, sizeof(k)) != 0))
			abort();
		if (parse_checked(lowered, size, &k2) != ok || (ok && memcmp(&k, &k2, sizeof(k)) != 0))
			abort();
		free(padded);
		free(lowered);
	}

	if (ok)
	{
		bool		required = memcmp(&k, &nothing, sizeof(k)) != 0;

		if (kaoa_kompetenzen_erfuellungsgrad(&k, &k) != 1.0)
			abort();
		if (kaoa_kompetenzen_erfuellungsgrad(&nothing, &k) != (required ? 0.5 : 1.0))
			abort();
	}

	/* the raw on-disk value (recv) */
	if (size >= KAOA_KOMPETENZEN_DIMS)
	{
		bool		in_range = true;
		int			i;

		memcpy(k2.v, data, KAOA_KOMPETENZEN_DIMS);
		for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
			in_range = in_range && k2.v[i] <= 5;
		if (kaoa_kompetenzen_valid(k2.v) != in_range)
			abort();
		if (in_range)
		{
			char		out[KAOA_KOMPETENZEN_TEXT_MAX];
			kaoa_kompetenzen again;

			kaoa_kompetenzen_format(&k2, out);
			if (!kaoa_kompetenzen_parse(out, strlen(out), &again, NULL) || memcmp(&again, &k2, sizeof(k2)) != 0)
				abort();
			if (ok)
			{
				double		g = kaoa_kompetenzen_erfuellungsgrad(&k, &k2);

				if (!(g >= 0.0 && g <= 1.0))
					abort();
			}
		}
	}
	return 0;
}
