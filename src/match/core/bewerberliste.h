/*
 * bewerberliste.h — the k best applicants for one offer (kaoa.top_bewerber), pure C, no PostgreSQL
 * headers.
 *
 * Design note.  kaoa.top_bewerber ranks every applicant with a usable profile that the caller may
 * see (181,000 at NRW scale) for one offer, each with the weights of the applicant's own Kommune.
 * Scoring all of them costs tens of milliseconds; the list answers in a fraction of that by
 * looking at most applicants only through a cheap bound, without a branch per applicant:
 *
 *   - The located applicants are kept sorted by latitude (then longitude, then id), with their
 *     coordinates in float, the haversine term of their own max_km, and the first three digits
 *     of up to three wishes.  They are visited from the offer's latitude outwards, in runs of
 *     LAUF, so that the near ones (the likely best) come first; a side stops once even its nearest
 *     applicant is farther than the greatest max_km, or too far for the k-th score.
 *   - For each applicant of a run: a lower bound of the distance (float, with a slack far above its
 *     rounding), the DISTANZ exclusion against its own max_km, an upper bound of beruf from the
 *     wishes' first digits (three shared: 1, two: 0.40, one: 0.15, none: 0; no wishes: exactly
 *     0.5), the weg bound from the distance bound, and with the weights of its Kommune the bound
 *     of its score against the k-th score.  Only those that can still enter are scored exactly
 *     (kaoa_passung_kurz, the very function behind kaoa.passung) and, when they would enter, asked
 *     whether the caller may see them (a callback, so that a visibility look-up is made only for
 *     the few that matter).
 *   - Applicants without a location, and every applicant for an offer without one, have weg 0.5
 *     and no distance exclusion: they are visited as one more run of the same kind.
 *
 * The result equals scoring every applicant: the k best visible non-excluded ones by passung
 * descending, ties by person id ascending, with the values kaoa_passung_kurz gives.
 */
#ifndef KAOA_BEWERBERLISTE_H
#define KAOA_BEWERBERLISTE_H

#include "match/core/passung.h"
#include "base/core/speicher.h"

typedef struct kaoa_bewerberliste kaoa_bewerberliste;

/* An applicant as the list is built from: the applicant, its prepared location and its weights
 * (kept by the caller for as long as the list lives). */
typedef struct kaoa_listen_bewerber
{
	const kaoa_bewerber *b;
	const kaoa_ort_trig *trig;
	const kaoa_gewichte *g;
} kaoa_listen_bewerber;

/* One hit: the applicant's position in the build array, its id and score. */
typedef struct kaoa_bewerbertreffer
{
	int32_t		bewerber;
	int64_t		id;
	double		passung;
} kaoa_bewerbertreffer;

/* May the caller see the applicant at position i of the build array?  Asked only of applicants
 * that would enter the best k. */
typedef bool (*kaoa_sichtbar_fn) (void *ctx, int32_t i);

/* What a query cost (for the benchmark). */
typedef struct kaoa_listenstatistik
{
	int64_t		gesichtet;		/* applicants given the bound */
	int64_t		bewertet;		/* applicants scored exactly */
} kaoa_listenstatistik;

/* Builds the list over n applicants (the array is referenced, not copied); NULL when out of
 * memory.  Every applicant's max_km must be finite and >= 0. */
kaoa_bewerberliste *kaoa_bewerberliste_bauen(const kaoa_listen_bewerber *bewerber, int32_t n,
											 const kaoa_speicher *s);

void		kaoa_bewerberliste_freigeben(kaoa_bewerberliste *l);

/* The bytes the list holds (for the cache's accounting). */
size_t		kaoa_bewerberliste_bytes(const kaoa_bewerberliste *l);

/* The k best applicants for offer o (located as to; to is ignored when o has no location) that
 * sichtbar accepts (NULL: all), into out (room for k), best first; returns how many.  Not
 * re-entrant (the list keeps its scratch). */
int32_t		kaoa_bewerberliste_top(kaoa_bewerberliste *l, const kaoa_angebot *o, const kaoa_ort_trig *to,
								   int32_t k, kaoa_sichtbar_fn sichtbar, void *ctx,
								   kaoa_bewerbertreffer *out, kaoa_listenstatistik *st);

#endif							/* KAOA_BEWERBERLISTE_H */
