/*
 * fuzz_kldb.c — libFuzzer target for the kaoa.kldb parser and the packed layout.
 *
 * Properties checked on every input (besides the sanitizers and fuzz_util.h's shared ones):
 *   - the parser agrees with a plain reference reading of docs/types.md (trimmed; 1-5 ASCII digits;
 *     a 5th digit 1-4): accepted exactly when the reference accepts;
 *   - an accepted literal is valid, prints as its trimmed digits, and parses back to itself;
 *   - with the input split at its first '|' into two codes: the unsigned order of the packed
 *     values, kaoa_kldb_gemeinsam and kaoa_kldb_liegt_in agree with strcmp and prefix tests on
 *     the printed digit strings (the btree order and the <@ operator of SQL);
 *   - the first four bytes read as a raw on-disk value: kaoa_kldb_check accepts exactly the values
 *     that print and parse back to themselves, and names the rule otherwise (recv's path).
 */
#include <stdio.h>

#include "types/core/kldb.h"
#include "fuzz_util.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reference: docs/types.md read literally, written independently of kldb.c. */
static bool
reference_accepts(const uint8_t *s, size_t n)
{
	size_t		a = 0,
				b = n,
				i;

	while (a < b && (s[a] == ' ' || (s[a] >= '\t' && s[a] <= '\r')))
		a++;
	while (b > a && (s[b - 1] == ' ' || (s[b - 1] >= '\t' && s[b - 1] <= '\r')))
		b--;
	if (b - a < 1 || b - a > 5)
		return false;
	for (i = a; i < b; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return b - a < 5 || (s[a + 4] >= '1' && s[a + 4] <= '4');
}

/* Parses, checks the single-value properties, and prints into out; false when refused. */
static bool
parse_checked(const uint8_t *data, size_t size, kaoa_kldb *k, char *out)
{
	kaoa_parse_error err;
	kaoa_kldb	again;
	bool		ok;

	err.detail[0] = '\0';
	ok = kaoa_kldb_parse((const char *) data, size, k, &err);
	if (ok != reference_accepts(data, size))
		abort();
	if (!ok)
	{
		if (!fuzz_detail_ok(err.detail))
			abort();
		return false;
	}
	{
		int			n = kaoa_kldb_format(*k, out);

		if (!kaoa_kldb_valid(*k) || n < 1 || n > 5 || n != kaoa_kldb_ebene(*k) || (size_t) n != strlen(out))
			abort();
		if (!kaoa_kldb_parse(out, strlen(out), &again, &err) || again != *k)
			abort();
		if (!kaoa_kldb_liegt_in(*k, *k) || kaoa_kldb_gemeinsam(*k, *k) != n)
			abort();
		if ((kaoa_kldb_niveau(*k) != 0) != (n == 5))
			abort();
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kaoa_kldb	k,
				k2;
	char		out[8],
				out2[8];
	bool		ok = parse_checked(data, size, &k, out);
	size_t		plen;
	char	   *padded = fuzz_padded(data, size, &plen);

	/* surrounding whitespace never matters (case cannot: digits only) */
	if (parse_checked((const uint8_t *) padded, plen, &k2, out2) != ok || (ok && k2 != k))
		abort();
	free(padded);

	/* two codes a|b: order, common prefix and branch test against the digit strings */
	{
		const uint8_t *bar = memchr(data, '|', size);

		if (bar != NULL &&
			parse_checked(data, (size_t) (bar - data), &k, out) &&
			parse_checked(bar + 1, size - (size_t) (bar - data) - 1, &k2, out2))
		{
			int			c = strcmp(out, out2);
			int			n = 0;

			if (((k > k2) - (k < k2)) != ((c > 0) - (c < 0)))
				abort();
			while (out[n] && out[n] == out2[n])
				n++;
			if (kaoa_kldb_gemeinsam(k, k2) != n || kaoa_kldb_gemeinsam(k2, k) != n)
				abort();
			if (kaoa_kldb_liegt_in(k, k2) != (strncmp(out, out2, strlen(out2)) == 0))
				abort();
		}
	}

	/* the raw on-disk value (recv): valid exactly when it round-trips through text */
	if (size >= 4)
	{
		uint32_t	raw = (uint32_t) data[0] << 24 | (uint32_t) data[1] << 16 | (uint32_t) data[2] << 8 | data[3];
		kaoa_parse_error err;
		bool		valid;

		err.detail[0] = '\0';
		valid = kaoa_kldb_check(raw, &err);
		if (valid != kaoa_kldb_valid(raw))
			abort();
		if (valid)
		{
			kaoa_kldb	again;

			kaoa_kldb_format(raw, out);
			if (!kaoa_kldb_parse(out, strlen(out), &again, NULL) || again != raw)
				abort();
		}
		else
		{
			/* an invalid raw value must not survive a text round trip either */
			kaoa_kldb	again;

			if (!fuzz_detail_ok(err.detail))
				abort();
			kaoa_kldb_format(raw & 0xFFFFFu, out);
			if (kaoa_kldb_parse(out, strlen(out), &again, NULL) && again == raw)
				abort();
		}
	}
	return 0;
}
