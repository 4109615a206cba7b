/*
 * jsonl.c — JSON Lines writer (see jsonl.h).
 */
#include "client/core/jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
kaoa_jsonl_init(kaoa_jsonl *w)
{
	memset(w, 0, sizeof(*w));
	w->erstes = true;
}

void
kaoa_jsonl_free(kaoa_jsonl *w)
{
	free(w->buf);
	kaoa_jsonl_init(w);
}

/* Makes room for n more bytes plus the terminating NUL. */
static bool
platz(kaoa_jsonl *w, size_t n)
{
	size_t		neu;
	char	   *p;

	if (w->kaputt)
		return false;
	if (w->len + n + 1 <= w->cap)
		return true;
	neu = w->cap ? w->cap : 256;
	while (neu < w->len + n + 1)
		neu *= 2;
	p = realloc(w->buf, neu);
	if (p == NULL)
	{
		w->kaputt = true;
		return false;
	}
	w->buf = p;
	w->cap = neu;
	return true;
}

static void
roh(kaoa_jsonl *w, const char *s, size_t n)
{
	if (!platz(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

void
kaoa_jsonl_anfang(kaoa_jsonl *w)
{
	w->len = 0;
	w->kaputt = false;
	w->erstes = true;
	roh(w, "{", 1);
}

void
kaoa_jsonl_ende(kaoa_jsonl *w)
{
	roh(w, "}\n", 2);
}

int
kaoa_utf8_laenge(const unsigned char *s, size_t rest)
{
	unsigned char c = s[0];
	int			n,
				i;
	unsigned int cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;				/* continuation byte, C0/C1 overlong lead, F5..FF */
	if (rest < (size_t) n)
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		(cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

void
kaoa_jsonl_string(kaoa_jsonl *w, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	roh(w, "\"", 1);
	while (i < len)
	{
		unsigned char c = p[i];
		int			n;
		char		esc[8];

		if (c == '"' || c == '\\')
		{
			esc[0] = '\\';
			esc[1] = (char) c;
			roh(w, esc, 2);
			i++;
		}
		else if (c < 0x20)
		{
			switch (c)
			{
				case '\n':
					roh(w, "\\n", 2);
					break;
				case '\r':
					roh(w, "\\r", 2);
					break;
				case '\t':
					roh(w, "\\t", 2);
					break;
				case '\b':
					roh(w, "\\b", 2);
					break;
				case '\f':
					roh(w, "\\f", 2);
					break;
				default:
					snprintf(esc, sizeof(esc), "\\u%04x", c);
					roh(w, esc, 6);
			}
			i++;
		}
		else if (c < 0x80)
		{
			/* copy the longest run of plain ASCII at once */
			size_t		j = i;

			while (j < len && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
				j++;
			roh(w, s + i, j - i);
			i = j;
		}
		else if ((n = kaoa_utf8_laenge(p + i, len - i)) > 0)
		{
			roh(w, s + i, (size_t) n);
			i += (size_t) n;
		}
		else
		{
			roh(w, "\xEF\xBF\xBD", 3);	/* U+FFFD REPLACEMENT CHARACTER */
			i++;
		}
	}
	roh(w, "\"", 1);
}

/* Writes the separator and "key": */
static void
schluessel(kaoa_jsonl *w, const char *key)
{
	if (!w->erstes)
		roh(w, ",", 1);
	w->erstes = false;
	kaoa_jsonl_string(w, key, strlen(key));
	roh(w, ":", 1);
}

void
kaoa_jsonl_text(kaoa_jsonl *w, const char *key, const char *wert)
{
	kaoa_jsonl_text_n(w, key, wert, wert ? strlen(wert) : 0);
}

void
kaoa_jsonl_text_n(kaoa_jsonl *w, const char *key, const char *wert, size_t len)
{
	schluessel(w, key);
	if (wert == NULL)
		roh(w, "null", 4);
	else
		kaoa_jsonl_string(w, wert, len);
}

void
kaoa_jsonl_int(kaoa_jsonl *w, const char *key, long long wert)
{
	char		b[32];
	int			n = snprintf(b, sizeof(b), "%lld", wert);

	schluessel(w, key);
	roh(w, b, (size_t) n);
}

void
kaoa_jsonl_zahl(kaoa_jsonl *w, const char *key, double wert, int dezimalen)
{
	char		b[64];
	int			n;

	schluessel(w, key);
	if (wert != wert || wert > 1e300 || wert < -1e300)
	{
		roh(w, "null", 4);		/* JSON has no NaN or infinity */
		return;
	}
	n = snprintf(b, sizeof(b), "%.*f", dezimalen, wert);
	if (n > 0 && n < (int) sizeof(b))
	{
		/* "-0.000000" would read back as 0 anyway; print it as such */
		if (b[0] == '-' && strspn(b + 1, "0.") == (size_t) (n - 1))
			roh(w, b + 1, (size_t) (n - 1));
		else
			roh(w, b, (size_t) n);
	}
	else
		roh(w, "null", 4);
}

void
kaoa_jsonl_bool(kaoa_jsonl *w, const char *key, bool wert)
{
	schluessel(w, key);
	roh(w, wert ? "true" : "false", wert ? 4 : 5);
}

void
kaoa_jsonl_null(kaoa_jsonl *w, const char *key)
{
	schluessel(w, key);
	roh(w, "null", 4);
}

void
kaoa_jsonl_text_liste(kaoa_jsonl *w, const char *key, const char *const *werte, int n)
{
	int			i;

	schluessel(w, key);
	if (werte == NULL)
	{
		roh(w, "null", 4);
		return;
	}
	roh(w, "[", 1);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			roh(w, ",", 1);
		kaoa_jsonl_string(w, werte[i], strlen(werte[i]));
	}
	roh(w, "]", 1);
}

/* ------------------------------------------------------------------ repeated keys */

/* Hex digit value, or -1. */
static int
hexwert(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s (rest bytes available), or -1. */
static long
hex4(const char *s, size_t rest)
{
	long		v = 0;
	int			i;

	if (rest < 4)
		return -1;
	for (i = 0; i < 4; i++)
	{
		int			h = hexwert(s[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Appends code point cp as UTF-8 (lone surrogates as their 3-byte form: only compared, never output). */
static size_t
utf8_schreiben(unsigned long cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decodes the JSON string body s[0..n) (between the quotes) into out (at least n bytes: decoding
 * never lengthens); returns the decoded length.  Malformed escapes are copied as written (the text
 * was validated before, so they do not occur).
 */
static size_t
string_dekodieren(const char *s, size_t n, char *out)
{
	size_t		i = 0,
				o = 0;

	while (i < n)
	{
		if (s[i] != '\\' || i + 1 >= n)
		{
			out[o++] = s[i++];
			continue;
		}
		switch (s[i + 1])
		{
			case 'b':
				out[o++] = '\b';
				break;
			case 'f':
				out[o++] = '\f';
				break;
			case 'n':
				out[o++] = '\n';
				break;
			case 'r':
				out[o++] = '\r';
				break;
			case 't':
				out[o++] = '\t';
				break;
			case 'u':
				{
					long		cp = hex4(s + i + 2, n - i - 2);

					if (cp < 0)
					{
						out[o++] = s[i++];
						continue;
					}
					i += 6;
					if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && s[i] == '\\' && s[i + 1] == 'u')
					{
						long		lo = hex4(s + i + 2, n - i - 2);

						if (lo >= 0xDC00 && lo < 0xE000)
						{
							cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
							i += 6;
						}
					}
					o += utf8_schreiben((unsigned long) cp, out + o);
					continue;
				}
			default:			/* \" \\ \/ */
				out[o++] = s[i + 1];
				break;
		}
		i += 2;
	}
	return o;
}

typedef struct name_stelle
{
	size_t		pos;			/* of the text between the quotes, in s */
	size_t		len;
	char	   *dekodiert;
	size_t		dek_len;
} name_stelle;

bool
kaoa_jsonl_doppelter_schluessel(const char *s, size_t len, size_t *pos, size_t *name_len)
{
	name_stelle *namen = NULL;
	size_t		n_namen = 0,
				cap_namen = 0,
				i = 0,
				k;
	int			tiefe = 0;
	bool		erwarte_name = false,
				gefunden = false;

	while (i < len && !gefunden)
	{
		char		c = s[i];

		if (c == '"')
		{
			size_t		anfang = ++i;

			while (i < len && s[i] != '"')
				i += (s[i] == '\\') ? 2 : 1;
			if (i > len)
				i = len;
			if (tiefe == 1 && erwarte_name)
			{
				size_t		n = i - anfang;
				char	   *dek = malloc(n + 1);

				erwarte_name = false;
				if (dek == NULL)
					break;		/* out of memory: no finding (the caller's parse has the value) */
				if (n_namen == cap_namen)
				{
					name_stelle *neu;

					cap_namen = cap_namen ? cap_namen * 2 : 16;
					neu = realloc(namen, sizeof(name_stelle) * cap_namen);
					if (neu == NULL)
					{
						free(dek);
						break;
					}
					namen = neu;
				}
				namen[n_namen].pos = anfang;
				namen[n_namen].len = n;
				namen[n_namen].dekodiert = dek;
				namen[n_namen].dek_len = string_dekodieren(s + anfang, n, dek);
				for (k = 0; k < n_namen; k++)
					if (namen[k].dek_len == namen[n_namen].dek_len
						&& memcmp(namen[k].dekodiert, dek, namen[k].dek_len) == 0)
					{
						*pos = anfang;
						*name_len = n;
						gefunden = true;
						break;
					}
				n_namen++;
			}
			i++;				/* the closing quote */
			continue;
		}
		if (c == '{' || c == '[')
		{
			tiefe++;
			erwarte_name = (c == '{' && tiefe == 1);
		}
		else if (c == '}' || c == ']')
			tiefe--;
		else if (c == ',' && tiefe == 1)
			erwarte_name = true;
		i++;
	}
	for (k = 0; k < n_namen; k++)
		free(namen[k].dekodiert);
	free(namen);
	return gefunden;
}
