/*
 * kldb.c — parse, print and compare KldB 2010 occupation codes (see kldb.h for the packing).
 */
#include "types/core/kldb.h"

#define KLDB_MAX_DIGITS 5
#define KLDB_VALUE_MASK 0xFFFFFu	/* 5 nibbles = 20 bits */

/* The nibble of digit position i (0-based from the left). */
static inline unsigned
nibble(kaoa_kldb k, int i)
{
	return (k >> (4 * (KLDB_MAX_DIGITS - 1 - i))) & 0xFu;
}

/* Says why a raw value is not a packed code, so that recv can name the broken rule. */
bool
kaoa_kldb_check(uint32_t raw, kaoa_parse_error *err)
{
	int			i;
	int			n = 0;

	if ((raw & ~KLDB_VALUE_MASK) != 0)
		return kaoa_fail(err, "0x%08X has bits above bit 19 set; a packed code uses 5 nibbles.", raw);
	for (i = 0; i < KLDB_MAX_DIGITS; i++)
	{
		unsigned	d = nibble(raw, i);

		if (d == 0)
			break;
		if (d > 10)
			return kaoa_fail(err, "0x%08X: nibble %d is %u; a digit is stored as 1-10 (digit + 1).",
							 raw, i + 1, d);
		n++;
	}
	if (n == 0)
		return kaoa_fail(err, "0x%08X holds no digit (the first nibble is 0).", raw);
	for (i = n; i < KLDB_MAX_DIGITS; i++)	/* nothing after the first absent digit */
		if (nibble(raw, i) != 0)
			return kaoa_fail(err, "0x%08X: nibble %d is 0 (no digit) but nibble %d is not.", raw, n + 1, i + 1);
	if (n == KLDB_MAX_DIGITS)
	{
		unsigned	niveau = nibble(raw, 4) - 1;

		if (niveau < 1 || niveau > 4)
			return kaoa_fail(err, "0x%08X: the 5th digit (the Anforderungsniveau) is %u; it must be 1-4.",
							 raw, niveau);
	}
	return true;
}

bool
kaoa_kldb_valid(uint32_t raw)
{
	return kaoa_kldb_check(raw, NULL);
}

bool
kaoa_kldb_parse(const char *s, size_t len, kaoa_kldb *out, kaoa_parse_error *err)
{
	char		shown[64];
	kaoa_kldb	k = 0;
	size_t		i;

	kaoa_trim(&s, &len);
	if (len == 0)
		return kaoa_fail(err, "The value is empty.");
	kaoa_excerpt(shown, sizeof(shown), s, len, 40);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < '0' || c > '9')
			return kaoa_fail(err, "\"%s\" contains a character other than a digit at position %zu.",
							 shown, i + 1);
	}
	if (len > KLDB_MAX_DIGITS)
		return kaoa_fail(err, "\"%s\" has %zu digits; a KldB 2010 code has 1 to 5.", shown, len);
	if (len == KLDB_MAX_DIGITS && (s[4] < '1' || s[4] > '4'))
		return kaoa_fail(err, "The 5th digit of \"%s\" (the Anforderungsniveau) is %c; it must be 1, 2, 3 or 4.",
						 shown, s[4]);
	for (i = 0; i < len; i++)
		k |= (kaoa_kldb) (s[i] - '0' + 1) << (4 * (KLDB_MAX_DIGITS - 1 - i));
	*out = k;
	return true;
}

int
kaoa_kldb_format(kaoa_kldb k, char *out)
{
	int			n = 0;

	while (n < KLDB_MAX_DIGITS && nibble(k, n) != 0)
	{
		out[n] = (char) ('0' + nibble(k, n) - 1);
		n++;
	}
	out[n] = '\0';
	return n;
}

int
kaoa_kldb_ebene(kaoa_kldb k)
{
	int			n = 0;

	while (n < KLDB_MAX_DIGITS && nibble(k, n) != 0)
		n++;
	return n;
}

int
kaoa_kldb_niveau(kaoa_kldb k)
{
	return kaoa_kldb_ebene(k) == KLDB_MAX_DIGITS ? (int) nibble(k, 4) - 1 : 0;
}

int
kaoa_kldb_gemeinsam(kaoa_kldb a, kaoa_kldb b)
{
	int			n = 0;

	while (n < KLDB_MAX_DIGITS && nibble(a, n) != 0 && nibble(a, n) == nibble(b, n))
		n++;
	return n;
}

bool
kaoa_kldb_liegt_in(kaoa_kldb a, kaoa_kldb b)
{
	int			eb = kaoa_kldb_ebene(b);

	return eb <= kaoa_kldb_ebene(a) && kaoa_kldb_gemeinsam(a, b) == eb;
}
