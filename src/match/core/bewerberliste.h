/*
 * bewerberliste.h — the k best applicants for one offer (kaoa.top_bewerber), pure C, no PostgreSQL
 * headers.
 *
 * Design note.  kaoa.top_bewerber ranks every applicant with a usable profile that the caller may
 * see (181,000 at NRW scale) for one offer, each with the weights of the applicant's own Kommune.
 * Scoring all of them costs tens of milliseconds; the list answers in a fraction of a millisecond
 * by looking at most applicants not at all and at the rest only through a cheap bound:
 *
 *   - Töpfe by occupation.  An applicant is entered ("posted") once in the Topf of each distinct
 *     first three digits of its wishes, or in the Topf of those without wishes (beruf exactly 0.5),
 *     or in that of those with more than three wishes (beruf bounded by 1).  For an offer, a Topf's
 *     applicants can reach beruf at most 1 when it is the offer's own three digits, 0.40, 0.15 or 0
 *     as it shares two, one or no digit with the code; the Töpfe are taken in that order, and a
 *     Topf is passed over whole when even beruf at its bound, weg 1 and everything else at 1, with
 *     the least beruf share among its applicants' weights, stays below the k-th score.
 *   - Bands by place.  Inside a Topf the located applicants lie in latitude bands of 0.1° sorted by
 *     longitude (naehe.h, as the offer index keeps its offers).  The bands are visited nearest
 *     first and each from the offer's longitude outwards, so that the best few are found early,
 *     and only within a reach: the Topf's greatest max_km (nobody is a candidate beyond their own
 *     max_km), narrowed, once k hits are held, to the distance at which weg still leaves room to
 *     reach the k-th score; a band beyond it ends that side, a posting outside the band's
 *     longitude window for it is never looked at, and the reach and window are narrowed again as
 *     the k-th score rises.
 *   - The bound of a posting, in float and without a branch: a lower bound of the distance (its
 *     exclusion against the applicant's own max_km, and the weg it leaves), beruf from the wish
 *     codes (the leading digits they share with the offer's, times the factor of the wish's place),
 *     interessen from a table of the exact value for each distinct interest profile (made per
 *     query, up to 1,023 profiles; the others get no bound), abschluss from a table per
 *     qualification and beginn from the days between availability and start (both with their
 *     exclusions), kompetenzen at 1, each weighted with the applicant's own weights.  The bound is
 *     raised by a margin far above its float rounding.  Only postings whose bound reaches the k-th
 *     score are scored exactly (kaoa_passung_kurz, the very function behind kaoa.passung), each
 *     applicant once per query however many Töpfe it is posted in, and, when they would enter, are
 *     asked whether the caller may see them (a callback, so that a visibility look-up is made only
 *     for the few that matter).
 *   - Applicants without a location, and every applicant for an offer without one, have weg 0.5
 *     and no distance exclusion: they are read through per Topf with the same bound.
 *
 * Memory: one posting per Topf of an applicant (about 1.9 per applicant at NRW scale), 68 bytes
 * each, plus 4 bytes per applicant and 6 KB of interest profiles; kaoa_bewerberliste_bytes reports
 * it (about 24 MB at NRW scale).
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
	int64_t		gesichtet;		/* postings given the bound */
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
