/*
 * angebotsindex.h — streaming top-k of offers per applicant with distance pruning (pure C, no
 * PostgreSQL headers).
 *
 * Design note.  Scoring every applicant against every offer (181,000 × 100,000 for NRW) is out of
 * the question, and so is storing such a matrix.  The index answers "the k best eligible offers for
 * this applicant" one applicant at a time, in memory proportional to the number of offers, with a
 * bounded heap of k hits, and skips most offers without computing a distance:
 *
 *   - Offers are grouped by their occupation code ("Gruppen"), and the Gruppen by the code's first
 *     three digits ("Töpfe").  The beruf component of an offer depends on its code alone, so it is
 *     exact per Gruppe, and bounded per Topf and per range of Töpfe sharing one or two digits with
 *     a wish (kaoa_beruf_stufe/faktor).  The work is taken best bound first; once k hits are held
 *     and the best remaining bound is below the k-th score, the search ends.
 *   - A frequent code's offers are split further by the interest class of their profile (the
 *     RIASEC dimension it weighs most, or none), one Gruppe per class, and so are all located
 *     offers together (walked for an applicant without wishes, and for the codes sharing no digit
 *     with a wish).  Per search and class, the least interessen shortfall of the class's profiles
 *     is known from the per-profile table, so a Gruppe whose class cannot be congruent enough is
 *     bounded, ordered and skipped before any of its offers is looked at, and the reach a full heap
 *     allows it is narrower.
 *   - Inside a Gruppe, located offers are sorted into latitude bands ("Zeilen", 0.1°) and by
 *     longitude within a band.  For an applicant with a location only the bands within max_km are
 *     visited, nearest first, and in each band only the longitude window that can lie within
 *     max_km (a conservative bound derived from the haversine formula itself), from the applicant's
 *     longitude outwards; a full heap narrows the window to the distance the k-th score still
 *     allows.  Offers without a location are always visited (weg 0.5).
 *   - For each visited offer the cheap bounds come first (a lower bound of the distance without a
 *     sine, abschluss and beginn from a per-applicant table, interessen memoised per distinct
 *     profile, kompetenzen on whole words); only when the bound still reaches the k-th score and
 *     the offer is not excluded is the distance computed, the DISTANZ exclusion checked and the
 *     score summed.
 *
 * Every bound starts from the greatest value each component other than beruf and weg can take for
 * this applicant over all offers (hoechstwerte_setzen: 0.5 for kompetenzen and interessen when the
 * applicant has none, the best abschluss over the qualification slots that occur, beginn from the
 * latest start date), not from 1, and each shortfall an entry's components give is counted from
 * there.
 *
 * Pruning is strict (a bound equal to the k-th score is still visited, since an equal score with a
 * smaller angebot_id ranks higher) and every bound is computed with the very functions of
 * passung.c over components that are >= the true ones, so the result equals the brute-force
 * top-k exactly: the k best non-excluded offers by passung descending, ties by angebot_id
 * ascending, with the same passung values kaoa_passung_bewerten gives.
 */
#ifndef KAOA_ANGEBOTSINDEX_H
#define KAOA_ANGEBOTSINDEX_H

#include "match/core/passung.h"
#include "match/core/naehe.h"
#include "base/core/speicher.h"

typedef struct kaoa_angebotsindex kaoa_angebotsindex;

/* The scratch space of one searcher: the index itself is only read by a search, so several
 * threads can search one index at once, each with its own kaoa_angebotssuche. */
typedef struct kaoa_angebotssuche kaoa_angebotssuche;

/* One hit of a search. */
typedef struct kaoa_treffer
{
	int64_t		angebot_id;
	int32_t		angebot;		/* position of the offer in the array the index was built from */
	double		passung;
	double		prioritaet;		/* offer-side priority of this pair */
} kaoa_treffer;

/* What a search cost, for the benchmark and progress messages. */
typedef struct kaoa_suchstatistik
{
	int64_t		gesichtet;		/* offers looked at (components or bounds computed) */
	int64_t		bewertet;		/* offers fully scored (distance computed, not excluded) */
} kaoa_suchstatistik;

/* Builds the index over n offers (copied; the array may be freed afterwards).  Offers with a
 * location must have lat in [-90, 90] and lon in [-180, 180].  NULL when out of memory. */
kaoa_angebotsindex *kaoa_angebotsindex_bauen(const kaoa_angebot *angebote, int32_t n,
											 const kaoa_speicher *s);

void		kaoa_angebotsindex_freigeben(kaoa_angebotsindex *ix);

int32_t		kaoa_angebotsindex_anzahl(const kaoa_angebotsindex *ix);

/* The bytes the index holds (for the cache's accounting). */
size_t		kaoa_angebotsindex_bytes(const kaoa_angebotsindex *ix);

/* The offer at position i of the build array (NULL outside the range). */
const kaoa_angebot *kaoa_angebotsindex_angebot(const kaoa_angebotsindex *ix, int32_t i);

/* Position of the offer with this id in the build array, or -1 (binary search). */
int32_t		kaoa_angebotsindex_position(const kaoa_angebotsindex *ix, int64_t angebot_id);

/* The k best non-excluded offers for b under weights g into out (room for k hits), best first
 * (passung descending, angebot_id ascending); returns how many (<= k).  b->max_km must be finite
 * and >= 0.  st (may be NULL) is increased by the search's cost.  Uses the index's own scratch
 * space, so it is not re-entrant (see kaoa_angebotsindex_top_mit). */
int32_t		kaoa_angebotsindex_top(kaoa_angebotsindex *ix, const kaoa_bewerber *b,
								   const kaoa_gewichte *g, int32_t k, kaoa_treffer *out,
								   kaoa_suchstatistik *st);

/* Scratch for one more searcher of ix (NULL when out of memory), and its release. */
kaoa_angebotssuche *kaoa_angebotssuche_neu(const kaoa_angebotsindex *ix, const kaoa_speicher *s);
void		kaoa_angebotssuche_freigeben(kaoa_angebotssuche *sc);

/* As kaoa_angebotsindex_top with the given scratch: re-entrant for distinct scratch spaces
 * (allocates nothing, calls only pure functions), so threads may share the index. */
int32_t		kaoa_angebotsindex_top_mit(const kaoa_angebotsindex *ix, kaoa_angebotssuche *sc,
									   const kaoa_bewerber *b, const kaoa_gewichte *g, int32_t k,
									   kaoa_treffer *out, kaoa_suchstatistik *st);

#endif							/* KAOA_ANGEBOTSINDEX_H */
