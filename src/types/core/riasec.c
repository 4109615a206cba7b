/*
 * riasec.c — parse, print and compare Holland interest profiles (see riasec.h).
 *
 * Two input forms: the key-value form "R=40, i=10, S=80" (any order and case, spaces around
 * tokens, missing letters 0, each letter at most once, values 0..100 as plain digits) and the
 * Holland code "SEC" (1..3 distinct letters, weights 100·(n−i)/n rounded half up).  A literal with
 * an '=' is read in the first form, anything else in the second.  The empty string is refused: an
 * unknown profile is SQL NULL, an all-zero profile is written R=0.
 */
#include "types/core/riasec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char letters[KAOA_RIASEC_DIMS + 1] = "RIASEC";

/* Index 0..5 of an upper- or lower-case RIASEC letter, -1 otherwise. */
static int
letter_index(unsigned char c)
{
	const char *p;

	c = kaoa_ascii_upper(c);
	if (c == '\0')
		return -1;
	p = strchr(letters, c);
	return p ? (int) (p - letters) : -1;
}

bool
kaoa_riasec_valid(const uint8_t v[KAOA_RIASEC_DIMS])
{
	int			i;

	for (i = 0; i < KAOA_RIASEC_DIMS; i++)
		if (v[i] > 100)
			return false;
	return true;
}

/* The key-value form; s is trimmed and contains an '='. */
static bool
parse_pairs(const char *s, size_t len, kaoa_riasec *out, kaoa_parse_error *err)
{
	bool		seen[KAOA_RIASEC_DIMS] = {false};
	size_t		pos = 0;
	int			item = 0;

	memset(out, 0, sizeof(*out));
	while (pos <= len)
	{
		size_t		end = pos;
		const char *it;
		size_t		ilen;
		char		shown[48];
		int			idx;
		size_t		k;
		unsigned	value = 0;
		size_t		ndigits = 0;

		while (end < len && s[end] != ',')
			end++;
		it = s + pos;
		ilen = end - pos;
		kaoa_trim(&it, &ilen);
		item++;
		if (ilen == 0)
			return kaoa_fail(err, "Entry %d is empty (two commas in a row, or a comma at an end).", item);
		kaoa_excerpt(shown, sizeof(shown), it, ilen, 30);
		idx = letter_index((unsigned char) it[0]);
		if (idx < 0)
			return kaoa_fail(err, "Entry %d (\"%s\") does not start with one of the letters R, I, A, S, E, C.",
							 item, shown);
		k = 1;
		while (k < ilen && kaoa_is_space((unsigned char) it[k]))
			k++;
		if (k >= ilen || it[k] != '=')
			return kaoa_fail(err, "Entry %d (\"%s\") is not of the form letter=value.", item, shown);
		k++;
		while (k < ilen && kaoa_is_space((unsigned char) it[k]))
			k++;
		for (; k < ilen && it[k] >= '0' && it[k] <= '9'; k++)
		{
			ndigits++;
			if (value <= 100)
				value = value * 10 + (unsigned) (it[k] - '0');
		}
		if (ndigits == 0 || k != ilen)
			return kaoa_fail(err, "Entry %d (\"%s\") has no whole number 0-100 after the '='.", item, shown);
		if (value > 100)
			return kaoa_fail(err, "Entry %d (\"%s\"): %c is out of range; values run from 0 to 100.",
							 item, shown, letters[idx]);
		if (seen[idx])
			return kaoa_fail(err, "The letter %c is given twice.", letters[idx]);
		seen[idx] = true;
		out->v[idx] = (uint8_t) value;
		pos = end + 1;
	}
	return true;
}

/* The Holland-code form; s is trimmed, non-empty and has no '='. */
static bool
parse_code(const char *s, size_t len, kaoa_riasec *out, kaoa_parse_error *err)
{
	char		shown[48];
	int			idx[3];
	size_t		n = len;
	size_t		i;

	kaoa_excerpt(shown, sizeof(shown), s, len, 30);
	if (len > 3)
		return kaoa_fail(err, "\"%s\" is neither letter=value pairs nor a Holland code of 1 to 3 letters.",
						 shown);
	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
	{
		size_t		j;

		idx[i] = letter_index((unsigned char) s[i]);
		if (idx[i] < 0)
			return kaoa_fail(err, "\"%s\" is not a Holland code: each letter must be one of R, I, A, S, E, C.",
							 shown);
		for (j = 0; j < i; j++)
			if (idx[j] == idx[i])
				return kaoa_fail(err, "The Holland code \"%s\" repeats the letter %c.", shown,
								 letters[idx[i]]);
	}
	for (i = 0; i < n; i++)
		out->v[idx[i]] = (uint8_t) ((200 * (n - i) + n) / (2 * n));	/* round half up */
	return true;
}

bool
kaoa_riasec_parse(const char *s, size_t len, kaoa_riasec *out, kaoa_parse_error *err)
{
	kaoa_trim(&s, &len);
	if (len == 0)
		return kaoa_fail(err, "The value is empty.");
	if (memchr(s, '\0', len) != NULL)
		return kaoa_fail(err, "The value contains a NUL byte.");
	if (memchr(s, '=', len) != NULL)
		return parse_pairs(s, len, out, err);
	return parse_code(s, len, out, err);
}

int
kaoa_riasec_format(const kaoa_riasec *r, char *out)
{
	return snprintf(out, KAOA_RIASEC_TEXT_MAX, "R=%u,I=%u,A=%u,S=%u,E=%u,C=%u",
					r->v[0], r->v[1], r->v[2], r->v[3], r->v[4], r->v[5]);
}

int
kaoa_riasec_holland(const kaoa_riasec *r, char *out)
{
	bool		taken[KAOA_RIASEC_DIMS] = {false};
	int			n;

	for (n = 0; n < 3; n++)
	{
		int			best = -1;
		int			i;

		/* strictly greater keeps the earliest letter on ties: R I A S E C order */
		for (i = 0; i < KAOA_RIASEC_DIMS; i++)
			if (!taken[i] && r->v[i] > 0 && (best < 0 || r->v[i] > r->v[best]))
				best = i;
		if (best < 0)
			break;
		taken[best] = true;
		out[n] = letters[best];
	}
	out[n] = '\0';
	return n;
}

double
kaoa_riasec_kongruenz(const kaoa_riasec *a, const kaoa_riasec *b)
{
	double		dot = 0,
				na = 0,
				nb = 0,
				c;
	int			i;

	for (i = 0; i < KAOA_RIASEC_DIMS; i++)
	{
		dot += (double) a->v[i] * b->v[i];
		na += (double) a->v[i] * a->v[i];
		nb += (double) b->v[i] * b->v[i];
	}
	if (na == 0 || nb == 0)
		return 0.5;
	c = dot / (sqrt(na) * sqrt(nb));
	return c > 1.0 ? 1.0 : c;	/* rounding can overshoot by an ulp for parallel vectors */
}
