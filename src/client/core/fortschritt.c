/*
 * fortschritt.c — the text of the progress line (see fortschritt.h for the design).
 */
#include "client/core/fortschritt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The number of characters (UTF-8 code points) of s. */
static int
zeichen(const char *s)
{
	int			k = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			k++;
	return k;
}

/* True when the total is known: given, and not an estimate that more work has already exceeded
 * (it then tells nothing any more). */
static bool
gesamt_bekannt(const kaoa_fortschritt_stand *s)
{
	return s->gesamt >= 0 && !(s->geschaetzt && s->erledigt > s->gesamt);
}

/* The share of the phase done, 0..1: from the count when the total is known, else as given (< 0:
 * unknown). */
static double
anteil(const kaoa_fortschritt_stand *s)
{
	double		a;

	if (gesamt_bekannt(s))
		a = s->gesamt > 0 ? (double) s->erledigt / (double) s->gesamt : 1;
	else
		a = s->anteil;
	return a > 1 ? 1 : a;
}

double
kaoa_fortschritt_rest(const kaoa_fortschritt_stand *s)
{
	double		a = anteil(s);

	if (a < 0)
		return -1;
	if (a >= 1)
		return 0;
	if (a == 0 || s->sekunden < 1)
		return -1;				/* in the first second the rate says little */
	return s->sekunden * (1 - a) / a;
}

void
kaoa_fortschritt_dauer(char *buf, size_t n, double sekunden)
{
	long long	s = (long long) (sekunden + 0.5);

	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(buf, n, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, n, "%lld:%02lld", s / 60, s % 60);
}

/* Appends to buf (keeping it NUL-terminated; a full buffer stays as it is). */
__attribute__((format(printf, 4, 5)))
static void
anhaengen(char *buf, size_t n, size_t *len, const char *fmt,...)
{
	va_list		ap;
	int			k;

	if (*len + 1 >= n)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	*len = (size_t) k >= n - *len ? n - 1 : *len + (size_t) k;
}

void
kaoa_fortschritt_text(char *buf, size_t n, const kaoa_fortschritt_stand *s, int breite)
{
	size_t		len = 0;
	double		a = anteil(s),
				rest = kaoa_fortschritt_rest(s);
	char		dauer[32];

	if (n == 0)
		return;
	buf[0] = '\0';
	/* the phase in a column of 8 characters (code points: a translated word may hold umlauts) */
	anhaengen(buf, n, &len, "%s", s->phase);
	for (int k = zeichen(s->phase); k < 8; k++)
		anhaengen(buf, n, &len, " ");
	if (s->balken > 0 && a >= 0)
	{
		int			voll = (int) (a * s->balken);

		anhaengen(buf, n, &len, " [");
		for (int i = 0; i < s->balken; i++)
			anhaengen(buf, n, &len, "%c", i < voll ? '#' : '.');
		anhaengen(buf, n, &len, "] %3d%%", (int) (a * 100));
	}
	if (gesamt_bekannt(s))
		anhaengen(buf, n, &len, " %lld/%s%lld %s", s->erledigt, s->geschaetzt ? "~" : "", s->gesamt, s->einheit);
	else
		anhaengen(buf, n, &len, " %lld %s", s->erledigt, s->einheit);
	if (s->sekunden > 0)
		anhaengen(buf, n, &len, ", %.0f/s", (double) s->erledigt / s->sekunden);
	if (rest >= 0)
	{
		kaoa_fortschritt_dauer(dauer, sizeof(dauer), rest);
		anhaengen(buf, n, &len, ", %s%s %s", s->geschaetzt ? "~" : "", dauer, s->links);
	}
	if (s->abgelehnt_text)
		anhaengen(buf, n, &len, ", %lld %s", s->abgelehnt, s->abgelehnt_text);

	/* cut to the terminal (UTF-8: never inside a character) */
	if (breite > 1 && len > (size_t) breite - 1)
	{
		size_t		k = (size_t) breite - 1;

		while (k > 0 && ((unsigned char) buf[k] & 0xC0) == 0x80)
			k--;
		buf[k] = '\0';
	}
}
