/*
 * parse_util.c — helpers shared by the pure-C parsers (no PostgreSQL headers; see parse_util.h).
 */
#include "base/core/parse_util.h"

#include <stdarg.h>
#include <stdio.h>

const char *(*kaoa_fail_uebersetzen) (const char *fmt) = NULL;

/* Formats the failure detail (translated, when the server set a translator); always returns false
 * so parsers can return its result. */
bool
kaoa_fail(kaoa_parse_error *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return false;
	if (kaoa_fail_uebersetzen != NULL)
		fmt = kaoa_fail_uebersetzen(fmt);
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
	return false;
}

/* The whitespace the types accept around a literal ("input trimmed of surrounding spaces"). */
bool
kaoa_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Drops leading and trailing whitespace without copying. */
void
kaoa_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t		n = *len;

	while (n > 0 && kaoa_is_space((unsigned char) p[0]))
	{
		p++;
		n--;
	}
	while (n > 0 && kaoa_is_space((unsigned char) p[n - 1]))
		n--;
	*s = p;
	*len = n;
}

/* ASCII upper-casing; bytes >= 0x80 pass unchanged so UTF-8 sequences stay intact. */
unsigned char
kaoa_ascii_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char) (c - 'a' + 'A') : c;
}

/* ASCII lower-casing; bytes >= 0x80 pass unchanged. */
unsigned char
kaoa_ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char) (c - 'A' + 'a') : c;
}

/* Length of the valid UTF-8 sequence starting at s[0] within n bytes, or 0 if it is not one.
 * Used so an excerpt never splits or invents a multibyte character. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t		need;
	size_t		k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 4;
	else
		return 0;
	if (n < need)
		return 0;
	for (k = 1; k < need; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	/* reject overlongs and surrogates / beyond U+10FFFF */
	if (need == 3 && s[0] == 0xE0 && s[1] < 0xA0)
		return 0;
	if (need == 3 && s[0] == 0xED && s[1] >= 0xA0)
		return 0;
	if (need == 4 && s[0] == 0xF0 && s[1] < 0x90)
		return 0;
	if (need == 4 && s[0] == 0xF4 && s[1] >= 0x90)
		return 0;
	return need;
}

/* A short, printable rendering of user input for an error detail: the detail must say what was
 * found, but never echo control bytes, broken UTF-8 or a megabyte of garbage into the log. */
void
kaoa_excerpt(char *out, size_t outsz, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *) s;
	bool		cut = len > max;
	size_t		o = 0;
	size_t		i = 0;

	if (outsz < 8)
	{
		if (outsz > 0)
			out[0] = '\0';
		return;
	}
	if (cut)
		len = max;
	while (i < len)
	{
		size_t		sl = utf8_seq_len(u + i, len - i);
		bool		escape = (sl == 0 || u[i] < 0x20 || u[i] == 0x7f);
		size_t		need = escape ? 4 : sl;

		if (o + need + 4 > outsz)	/* keep room for "..." and the terminator */
			break;
		if (escape)
		{
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[u[i] >> 4];
			out[o++] = hex[u[i] & 15];
			i++;
		}
		else
		{
			size_t		k;

			for (k = 0; k < sl; k++)
				out[o++] = (char) u[i++];
		}
	}
	if (cut || i < len)
	{
		/* the loop always leaves room for these four bytes */
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
}
