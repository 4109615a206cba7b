/*
 * test_fortschritt.c — unit tests of the progress line's text (src/client/core/fortschritt.c): the
 * rate, the estimated time left (from a count with a known total, from the share of bytes read, or
 * from an estimated total that may be exceeded), the bar, and the cut to the terminal's width.
 */
#include "unit.h"

#include <string.h>

#include "client/core/fortschritt.h"

/* A stand of the apply step of an import: done of total lines after sekunden. */
static kaoa_fortschritt_stand
stand(long long done, long long total, double sekunden)
{
	kaoa_fortschritt_stand s = {
		.phase = "applying", .einheit = "lines", .links = "left", .abgelehnt_text = "rejected",
		.erledigt = done, .gesamt = total, .anteil = -1, .abgelehnt = 0, .sekunden = sekunden, .balken = 10,
	};

	return s;
}

static const char *
text(const kaoa_fortschritt_stand *s, int breite)
{
	static char buf[512];

	kaoa_fortschritt_text(buf, sizeof(buf), s, breite);
	return buf;
}

int
main(void)
{
	kaoa_fortschritt_stand s;
	char		d[32];

	/* time left: the work not done at the average rate so far */
	s = stand(25000, 100000, 10);
	IS_DBL(kaoa_fortschritt_rest(&s), 30, 1e-9, "a quarter done in 10 s: 30 s left");
	IS_STR(text(&s, 200), "applying [##........]  25% 25000/100000 lines, 2500/s, 0:30 left, 0 rejected",
		   "the line: bar, share, count of total, rate, time left, rejects");
	s = stand(0, 100000, 3);
	IS_DBL(kaoa_fortschritt_rest(&s), -1, 0, "nothing done yet: time left unknown");
	OK(strstr(text(&s, 200), "left") == NULL, "... and not shown");
	s = stand(100000, 100000, 40);
	IS_DBL(kaoa_fortschritt_rest(&s), 0, 0, "all done: nothing left");
	IS_STR(text(&s, 200), "applying [##########] 100% 100000/100000 lines, 2500/s, 0:00 left, 0 rejected",
		   "all done: a full bar");
	s = stand(0, 0, 1);
	IS_STR(text(&s, 200), "applying [##########] 100% 0/0 lines, 0/s, 0:00 left, 0 rejected",
		   "nothing to do is done");
	s = stand(10, 100, 0);
	IS_DBL(kaoa_fortschritt_rest(&s), -1, 0, "no time passed yet: time left unknown");
	s = stand(50, 100, 0.5);
	IS_DBL(kaoa_fortschritt_rest(&s), -1, 0, "in the first second the rate says too little for a time left");
	s.sekunden = 1;
	IS_DBL(kaoa_fortschritt_rest(&s), 1, 1e-9, "... from then on it is told");

	/* reading a file: no total of lines, the share of bytes read */
	s = stand(5000, -1, 2);
	s.phase = "reading";
	s.anteil = 0.2;
	IS_DBL(kaoa_fortschritt_rest(&s), 8, 1e-9, "a fifth of the bytes in 2 s: 8 s left");
	IS_STR(text(&s, 200), "reading  [##........]  20% 5000 lines, 2500/s, 0:08 left, 0 rejected",
		   "reading: the bar and time left follow the bytes, the count has no total");

	/* an export with the planner's estimate of the rows */
	s = stand(300, 1000, 3);
	s.phase = "exporting";
	s.einheit = "rows";
	s.abgelehnt_text = NULL;
	s.geschaetzt = true;
	IS_STR(text(&s, 200), "exporting [###.......]  30% 300/~1000 rows, 100/s, ~0:07 left",
		   "an estimated total is marked as such, and so is the time left");
	s.erledigt = 1500;
	s.sekunden = 15;
	IS_DBL(kaoa_fortschritt_rest(&s), -1, 0, "an estimate exceeded: time left unknown");
	IS_STR(text(&s, 200), "exporting 1500 rows, 100/s", "... and neither bar nor total is shown");
	s.balken = 0;
	s.erledigt = 10;
	s.gesamt = -1;
	s.geschaetzt = false;
	s.sekunden = 0;
	IS_STR(text(&s, 200), "exporting 10 rows", "no total, no time yet: the count alone");

	/* durations */
	kaoa_fortschritt_dauer(d, sizeof(d), 59.4);
	IS_STR(d, "0:59", "59.4 s");
	kaoa_fortschritt_dauer(d, sizeof(d), 59.6);
	IS_STR(d, "1:00", "59.6 s rounds to a minute");
	kaoa_fortschritt_dauer(d, sizeof(d), 3725);
	IS_STR(d, "1:02:05", "from an hour on: h:mm:ss");
	kaoa_fortschritt_dauer(d, sizeof(d), -3);
	IS_STR(d, "0:00", "never negative");

	/* the terminal's width: the line never reaches the last column, never cuts a character */
	s = stand(25000, 100000, 10);
	IS_INT(strlen(text(&s, 40)), 39, "cut to 39 characters on a terminal 40 wide");
	IS_STR(text(&s, 40), "applying [##........]  25% 25000/100000", "... from the end");
	s.phase = "lösen";				/* 6 bytes, 5 characters: padded to 8 characters */
	s.balken = 0;
	s.gesamt = -1;
	s.sekunden = 0;
	IS_STR(text(&s, 200), "lösen    25000 lines, 0 rejected", "the phase is padded by characters, not bytes");
	s.phase = "übernehmen";			/* 11 bytes, 10 characters */
	IS_STR(text(&s, 3), "\xc3\xbc", "a cut inside a UTF-8 character keeps the character whole or drops it");
	IS_STR(text(&s, 2), "", "... (here it drops it)");
	{
		char		klein[16];

		kaoa_fortschritt_text(klein, sizeof(klein), &s, 200);
		OK(strlen(klein) < sizeof(klein), "a small buffer holds a terminated prefix");
	}
	return unit_done();
}
