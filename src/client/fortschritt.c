/*
 * fortschritt.c — the progress line of long work (`kaoa import`, `kaoa export`) on standard error.
 *
 * Shown only when standard error is a terminal and --quiet was not given: one line, rewritten in
 * place with a carriage return at most ten times a second, cut to the terminal's width, and erased
 * before anything else is written to standard error (kaoa_meldung calls kaoa_fortschritt_weg), so
 * that messages and the summary stand on lines of their own.  What the line says is computed by
 * the pure core src/client/core/fortschritt.c.
 */
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "client/kaoa.h"

/* The line on the screen, if any: kaoa_meldung erases it before writing. */
static kaoa_fortschritt *sichtbar;

/* Seconds on a clock that only goes forward. */
double
kaoa_jetzt(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
kaoa_fortschritt_an(kaoa_fortschritt *f, bool quiet)
{
	f->aktiv = !quiet && isatty(STDERR_FILENO);
	f->beginn = kaoa_jetzt();
	f->letzte = 0;
}

void
kaoa_fortschritt_phase(kaoa_fortschritt *f)
{
	f->beginn = kaoa_jetzt();
}

void
kaoa_fortschritt_zeigen(kaoa_fortschritt *f, kaoa_fortschritt_stand *s, bool sofort)
{
	double		t;
	struct winsize ws;
	int			breite = 80;
	char		zeile[512];

	if (!f->aktiv)
		return;
	t = kaoa_jetzt();
	if (!sofort && t - f->letzte < 0.1)
		return;
	f->letzte = t;
	s->sekunden = t - f->beginn;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		breite = ws.ws_col;
	kaoa_fortschritt_text(zeile, sizeof(zeile), s, breite);
	fprintf(stderr, "\r%s\033[K", zeile);
	fflush(stderr);
	sichtbar = f;
}

void
kaoa_fortschritt_weg(void)
{
	if (sichtbar)
	{
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		sichtbar = NULL;
	}
}
