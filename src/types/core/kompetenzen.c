/*
 * kompetenzen.c — parse, print and compare Potenzialanalyse profiles (see kompetenzen.h).
 *
 * Input is a comma-separated list of name=level pairs.  Names are matched after folding: ASCII
 * letters to lower case, and the UTF-8 umlauts ä ö ü (either case, precomposed or as a letter
 * followed by the combining diaeresis U+0308) to ae oe ue and ß to ss, so "Teamfähigkeit=4" and
 * "TEAMFAEHIGKEIT = 4" mean the same.  Levels are whole numbers 0-5 without a sign.  The empty
 * string is all zero (a profile with nothing known); an empty entry between commas is refused.
 */
#include "types/core/kompetenzen.h"

#include <stdio.h>
#include <string.h>

static const char *const names[KAOA_KOMPETENZEN_DIMS] = {
	"motivation", "zuverlaessigkeit", "konzentration", "sorgfalt", "teamfaehigkeit",
	"kommunikation", "konfliktfaehigkeit", "planung", "problemloesung", "feinmotorik",
	"grobmotorik", "raumvorstellung",
};

/* Longest folded name is 18 bytes ("konfliktfaehigkeit"); longer input cannot match. */
#define NAME_MAX_FOLDED 24

const char *
kaoa_kompetenzen_name(int i)
{
	return (i >= 0 && i < KAOA_KOMPETENZEN_DIMS) ? names[i] : NULL;
}

bool
kaoa_kompetenzen_valid(const uint8_t v[KAOA_KOMPETENZEN_DIMS])
{
	int			i;

	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
		if (v[i] > 5)
			return false;
	return true;
}

/* Folds a name into out (NUL-terminated); false when it holds bytes no name can contain or is
 * longer than any name. */
static bool
fold_name(const char *s, size_t len, char *out)
{
	size_t		o = 0;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];
		const char *repl = NULL;
		char		one[2] = {0, 0};

		if (c == 0xC3 && i + 1 < len)
		{
			unsigned char d = (unsigned char) s[i + 1];

			if (d == 0xA4 || d == 0x84)
				repl = "ae";	/* ä Ä */
			else if (d == 0xB6 || d == 0x96)
				repl = "oe";	/* ö Ö */
			else if (d == 0xBC || d == 0x9C)
				repl = "ue";	/* ü Ü */
			else if (d == 0x9F)
				repl = "ss";	/* ß */
			else
				return false;
			i += 2;
		}
		else if (c == 0xCC && i + 1 < len && (unsigned char) s[i + 1] == 0x88 &&
				 o > 0 && (out[o - 1] == 'a' || out[o - 1] == 'o' || out[o - 1] == 'u'))
		{
			repl = "e";			/* combining diaeresis U+0308 after a/o/u (NFD, e.g. from macOS) */
			i += 2;
		}
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		{
			one[0] = (char) kaoa_ascii_lower(c);
			repl = one;
			i++;
		}
		else
			return false;
		if (o + strlen(repl) > NAME_MAX_FOLDED)
			return false;
		memcpy(out + o, repl, strlen(repl));
		o += strlen(repl);
	}
	out[o] = '\0';
	return o > 0;
}

/* A level is plain decimal digits: no sign (a counsellor's "+1" could mean "one more"), no
 * decimals; leading zeros are harmless ("05" is 5).  Values above 5 are reported as out of range by
 * the caller, so the digit run is only accumulated while it can still matter (no overflow). */
static bool
parse_level(const char *s, size_t len, unsigned *out)
{
	unsigned	v = 0;
	size_t		i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v <= 5)
			v = v * 10 + (unsigned) (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
kaoa_kompetenzen_parse(const char *s, size_t len, kaoa_kompetenzen *out, kaoa_parse_error *err)
{
	bool		seen[KAOA_KOMPETENZEN_DIMS] = {false};
	size_t		pos = 0;
	int			item = 0;

	memset(out, 0, sizeof(*out));
	kaoa_trim(&s, &len);
	if (len == 0)
		return true;
	while (pos <= len)
	{
		size_t		end = pos;
		const char *it;
		size_t		ilen;
		size_t		eq;
		const char *nm;
		size_t		nlen;
		const char *val;
		size_t		vlen;
		char		shown[64];
		char		folded[NAME_MAX_FOLDED + 1];
		int			idx = -1;
		int			i;
		unsigned	level;

		while (end < len && s[end] != ',')
			end++;
		it = s + pos;
		ilen = end - pos;
		kaoa_trim(&it, &ilen);
		item++;
		if (ilen == 0)
			return kaoa_fail(err, "Entry %d is empty (two commas in a row, or a comma at an end).", item);
		kaoa_excerpt(shown, sizeof(shown), it, ilen, 40);
		for (eq = 0; eq < ilen && it[eq] != '='; eq++)
			;
		if (eq == ilen)
			return kaoa_fail(err, "Entry %d (\"%s\") is not of the form name=level.", item, shown);
		nm = it;
		nlen = eq;
		kaoa_trim(&nm, &nlen);
		val = it + eq + 1;
		vlen = ilen - eq - 1;
		kaoa_trim(&val, &vlen);
		if (fold_name(nm, nlen, folded))
			for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
				if (strcmp(folded, names[i]) == 0)
				{
					idx = i;
					break;
				}
		if (idx < 0)
			return kaoa_fail(err, "Entry %d (\"%s\") does not name one of the twelve dimensions.", item, shown);
		if (!parse_level(val, vlen, &level))
			return kaoa_fail(err, "Entry %d (\"%s\"): the level after the '=' must be a whole number 0-5.",
							 item, shown);
		if (level > 5)
			return kaoa_fail(err, "Entry %d (\"%s\"): the level is out of range; levels run from 0 to 5.",
							 item, shown);
		if (seen[idx])
			return kaoa_fail(err, "The dimension %s is given twice.", names[idx]);
		seen[idx] = true;
		out->v[idx] = (uint8_t) level;
		pos = end + 1;
	}
	return true;
}

int
kaoa_kompetenzen_format(const kaoa_kompetenzen *k, char *out)
{
	int			o = 0;
	int			i;

	out[0] = '\0';
	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
	{
		if (k->v[i] == 0)
			continue;
		o += snprintf(out + o, KAOA_KOMPETENZEN_TEXT_MAX - o, "%s%s=%u", o ? "," : "", names[i], k->v[i]);
	}
	return o;
}

double
kaoa_kompetenzen_erfuellungsgrad(const kaoa_kompetenzen *hat, const kaoa_kompetenzen *braucht)
{
	double		credit = 0;
	int			n = 0;
	int			i;

	for (i = 0; i < KAOA_KOMPETENZEN_DIMS; i++)
	{
		if (braucht->v[i] == 0)
			continue;
		n++;
		if (hat->v[i] >= braucht->v[i])
			credit += 1.0;
		else if (hat->v[i] == 0)
			credit += 0.5;
	}
	return n == 0 ? 1.0 : credit / n;
}
