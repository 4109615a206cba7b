/*
 * fuzz_riasec.c — libFuzzer target for the kaoa.riasec parser, Holland code and congruence.
 *
 * Properties checked on every input (besides the sanitizers and fuzz_util.h's shared ones):
 *   - an accepted literal is valid, prints in the canonical form, and parses back to itself;
 *   - holland_code gives distinct letters with non-zero, non-increasing scores; every letter left
 *     out scores lower than the last one taken, or the same and comes later in R I A S E C order;
 *     fewer than three letters only when the rest are zero;
 *   - kongruenz of a profile with itself is 1 (0.5 when all zero); against the second profile
 *     (the first six input bytes, when they are a valid raw value) it is symmetric and in [0, 1];
 *   - the first six bytes as a raw on-disk value: valid exactly when each is at most 100, and a
 *     valid one prints and parses back to itself (recv's path).
 */
#include <math.h>

#include "types/core/riasec.h"
#include "fuzz_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char letters[] = "RIASEC";

static bool
parse_checked(const char *s, size_t size, kaoa_riasec *r)
{
	kaoa_parse_error err;
	kaoa_riasec again;
	char		out[KAOA_RIASEC_TEXT_MAX];
	int			n;

	err.detail[0] = '\0';
	if (!kaoa_riasec_parse(s, size, r, &err))
	{
		if (!fuzz_detail_ok(err.detail))
			abort();
		return false;
	}
	n = kaoa_riasec_format(r, out);
	if (!kaoa_riasec_valid(r->v) || n <= 0 || n >= KAOA_RIASEC_TEXT_MAX || (size_t) n != strlen(out))
		abort();
	if (!kaoa_riasec_parse(out, strlen(out), &again, &err) || memcmp(&again, r, sizeof(*r)) != 0)
		abort();
	return true;
}

static void
check_holland(const kaoa_riasec *r)
{
	char		code[4];
	int			n = kaoa_riasec_holland(r, code);
	bool		taken[6] = {false};
	int			i;

	if (n < 0 || n > 3 || (size_t) n != strlen(code))
		abort();
	for (i = 0; i < n; i++)
	{
		const char *p = strchr(letters, code[i]);
		int			idx;

		if (p == NULL || code[i] == '\0')
			abort();
		idx = (int) (p - letters);
		if (taken[idx] || r->v[idx] == 0)
			abort();
		if (i > 0 && r->v[idx] > r->v[strchr(letters, code[i - 1]) - letters])
			abort();
		taken[idx] = true;
	}
	for (i = 0; i < 6; i++)
	{
		int			last;

		if (taken[i])
			continue;
		if (n < 3)
		{
			if (r->v[i] != 0)
				abort();
			continue;
		}
		last = (int) (strchr(letters, code[2]) - letters);
		if (r->v[i] > r->v[last] || (r->v[i] == r->v[last] && i < last))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_riasec r,
				r2;
	bool		ok = parse_checked((const char *) data, size, &r);

	/* case and surrounding whitespace never matter */
	{
		size_t		plen;
		char	   *padded = fuzz_padded(data, size, &plen);
		char	   *lowered = fuzz_lowered(data, size);

		if (parse_checked(padded, plen, &r2) != ok || (ok && memcmp(&r, &r2, sizeof(r)) != 0))
			abort();
		if (parse_checked(lowered, size, &r2) != ok || (ok && memcmp(&r, &r2, sizeof(r)) != 0))
			abort();
		free(padded);
		free(lowered);
	}

	if (ok)
	{
		bool		zero = true;
		double		c = kaoa_riasec_kongruenz(&r, &r);
		int			i;

		for (i = 0; i < 6; i++)
			zero = zero && r.v[i] == 0;
		if (zero ? c != 0.5 : fabs(c - 1.0) > 1e-12)
			abort();
		check_holland(&r);
	}

	/* the raw on-disk value (recv) */
	if (size >= KAOA_RIASEC_DIMS)
	{
		bool		in_range = true;
		int			i;

		memcpy(r2.v, data, KAOA_RIASEC_DIMS);
		for (i = 0; i < KAOA_RIASEC_DIMS; i++)
			in_range = in_range && r2.v[i] <= 100;
		if (kaoa_riasec_valid(r2.v) != in_range)
			abort();
		if (in_range)
		{
			char		out[KAOA_RIASEC_TEXT_MAX];
			kaoa_riasec again;

			kaoa_riasec_format(&r2, out);
			if (!kaoa_riasec_parse(out, strlen(out), &again, NULL) || memcmp(&again, &r2, sizeof(r2)) != 0)
				abort();
			check_holland(&r2);
			if (ok)
			{
				double		ab = kaoa_riasec_kongruenz(&r, &r2);
				double		ba = kaoa_riasec_kongruenz(&r2, &r);

				if (ab != ba || !(ab >= 0.0 && ab <= 1.0))
					abort();
			}
		}
	}
	return 0;
}
