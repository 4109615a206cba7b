/*
 * fortschritt.h — the text of the progress line of `kaoa import` and `kaoa export`, pure C.
 *
 * Design note.  Long work shows one line on a terminal's standard error, rewritten in place
 * (src/client/fortschritt.c decides when and where); this core only computes what the line says,
 * so that its arithmetic (rate, estimated time left, the bar) is unit-tested without a terminal or
 * a clock.  The rate is the average since the phase began; the time left is the work not done at
 * that rate, from the share done when the total is known (bytes of a file being read, lines being
 * applied, or the planner's estimate of a view's rows, which may be exceeded: the line then says
 * nothing about the time left).  The line is cut to the terminal's width, so that it never wraps
 * (a wrapped line cannot be rewritten by a carriage return).  The words are English source texts
 * passed in by the caller, which translates them.
 */
#ifndef KAOA_FORTSCHRITT_H
#define KAOA_FORTSCHRITT_H

#include <stdbool.h>
#include <stddef.h>

/* What the line shows; texts are passed in already translated. */
typedef struct kaoa_fortschritt_stand
{
	const char *phase;			/* "reading", "applying", "exporting" */
	const char *einheit;		/* "lines", "rows" */
	const char *links;			/* "left" */
	const char *abgelehnt_text; /* "rejected", or NULL when nothing can be rejected */
	long long	erledigt;		/* units done so far in this phase */
	long long	gesamt;			/* units in the phase; < 0 when unknown */
	double		anteil;			/* share done 0..1 when it is known otherwise (bytes read); < 0 if not */
	long long	abgelehnt;
	double		sekunden;		/* since the phase began */
	bool		geschaetzt;		/* gesamt is an estimate ("about") */
	int			balken;			/* width of the bar, 0 for none */
} kaoa_fortschritt_stand;

/* The estimated seconds left, or < 0 when they cannot be told (nothing done yet, no total, or
 * more done than the estimated total). */
double		kaoa_fortschritt_rest(const kaoa_fortschritt_stand *s);

/* Seconds as "m:ss" (or "h:mm:ss" from an hour on) into buf. */
void		kaoa_fortschritt_dauer(char *buf, size_t n, double sekunden);

/* The line for the stand, at most breite - 1 characters (a terminal's last column would wrap). */
void		kaoa_fortschritt_text(char *buf, size_t n, const kaoa_fortschritt_stand *s, int breite);

#endif							/* KAOA_FORTSCHRITT_H */
