/*
 * zuteilung.h — the stable assignment of docs/matching.md (pure C, no PostgreSQL headers).
 *
 * Design note.  Applicant-proposing deferred acceptance with capacities (hospitals/residents,
 * resident-optimal).  The input is a sparse list of acceptable pairs ("Kanten") over dense indices
 * (the caller maps its bigint ids with kaoa_idmap); nothing of size applicants × offers is ever
 * built.
 *
 *   - Applicants rank their acceptable offers by praeferenz descending, ties by angebot id
 *     ascending.  The lists are built by a counting sort on the applicant (O(L)) and a merge sort
 *     within each list (O(L log K) for lists of length K).
 *   - Offers rank applicants by prioritaet descending, ties by los(seed, bewerber) ascending, then
 *     bewerber id ascending; los is splitmix64 of seed XOR bewerber taken as unsigned 64-bit, drawn
 *     once per applicant (single tie-breaking, as the NYC school match does).
 *   - Each offer keeps its admitted applicants in a binary heap with the worst on top, sized by
 *     min(seats, number of applicants who find it acceptable), so a proposal costs O(log c) and an
 *     offer with a huge seat count costs no memory beyond its applicants.  Free applicants wait on a
 *     stack; the outcome does not depend on the order of proposals (the applicant-optimal stable
 *     matching is unique once ties are broken).  Total O(L log c) after the sort.
 *
 * The result is each applicant's offer (or none), each offer's number of admitted applicants, and
 * each full offer's cutoff (Azevedo–Leshno): the lowest prioritaet it admitted.  A progress
 * callback runs every KAOA_ZUTEILUNG_TAKT proposals; the backend checks for query cancel there
 * (it may longjmp: every allocation goes through the kaoa_speicher, see speicher.h).
 */
#ifndef KAOA_ZUTEILUNG_H
#define KAOA_ZUTEILUNG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/core/speicher.h"

/* Proposals between two calls of the progress callback. */
#define KAOA_ZUTEILUNG_TAKT 65536

/* One acceptable pair, by dense index. */
typedef struct kaoa_kante
{
	int32_t		bewerber;		/* 0 .. n_bewerber-1 */
	int32_t		angebot;		/* 0 .. n_angebote-1 */
	double		praeferenz;		/* the applicant's preference, higher is better */
	double		prioritaet;		/* the offer's priority for this applicant, higher is better */
} kaoa_kante;

typedef struct kaoa_zuteilung_eingabe
{
	int32_t		n_bewerber;
	const int64_t *bewerber_id; /* dense index → id (ties and los) */
	int32_t		n_angebote;
	const int64_t *angebot_id;	/* dense index → id (ties) */
	const int32_t *plaetze;		/* seats per offer, >= 0 */
	int64_t		n_kanten;
	const kaoa_kante *kanten;
	int64_t		seed;
	/* Called with the number of proposals so far and the number of pairs; may longjmp. */
	void		(*fortschritt) (void *ctx, int64_t antraege, int64_t n_kanten);
	void	   *fortschritt_ctx;
	const kaoa_speicher *speicher;	/* NULL: malloc */
} kaoa_zuteilung_eingabe;

typedef enum kaoa_zuteilung_status
{
	KAOA_ZT_OK = 0,
	KAOA_ZT_INDEX,				/* a pair names an index outside the ranges (caller bug) */
	KAOA_ZT_NAN,				/* a praeferenz or prioritaet is NaN (fehler_kante) */
	KAOA_ZT_NEGATIVE_PLAETZE,	/* an offer has seats < 0 (fehler_angebot) */
	KAOA_ZT_DOPPELTES_PAAR,		/* the same (bewerber, angebot) twice (fehler_kante: the second) */
	KAOA_ZT_SPEICHER			/* out of memory */
} kaoa_zuteilung_status;

typedef struct kaoa_zuteilung_ergebnis
{
	int32_t    *angebot_von;	/* per applicant: dense offer index, or -1 when unassigned */
	int32_t    *belegt;			/* per offer: admitted applicants */
	double	   *grenze;			/* per offer: lowest admitted prioritaet; defined when voll[o] */
	bool	   *voll;			/* per offer: seats > 0 and every seat taken */
	int64_t		antraege;		/* proposals made */
	int64_t		fehler_kante;	/* on error: the offending pair, or -1 */
	int32_t		fehler_angebot; /* on error: the offending offer, or -1 */
} kaoa_zuteilung_ergebnis;

/* splitmix64 of seed XOR bewerber, as unsigned 64-bit (the lottery number of docs/matching.md). */
uint64_t	kaoa_los(int64_t seed, int64_t bewerber);

/* Runs deferred acceptance.  On KAOA_ZT_OK the arrays of out are allocated from in->speicher and
 * must be given back with kaoa_zuteilung_freigeben; on any other status nothing stays allocated
 * and fehler_kante / fehler_angebot name the culprit. */
kaoa_zuteilung_status kaoa_zuteilung_da(const kaoa_zuteilung_eingabe *in,
										kaoa_zuteilung_ergebnis *out);

void		kaoa_zuteilung_freigeben(const kaoa_speicher *s, kaoa_zuteilung_ergebnis *out);

/*
 * kaoa_idmap — bigint id → dense index, open addressing with linear probing (a power-of-two table
 * at most half full).  The backend maps the ids of the candidate query with it; a second insert of
 * the same id reports the index it already has, which is how duplicate capacity rows are found.
 */
typedef struct kaoa_idmap
{
	int64_t    *schluessel;
	int32_t    *wert;			/* -1 = empty slot */
	uint64_t	maske;
	int32_t		anzahl;
	const kaoa_speicher *speicher;
} kaoa_idmap;

bool		kaoa_idmap_init(kaoa_idmap *m, const kaoa_speicher *s, int64_t erwartet);

/* Returns the dense index of id, inserting it as the next index when new (*neu tells which);
 * -1 when out of memory or when more than INT32_MAX - 1 ids would be stored. */
int32_t		kaoa_idmap_eintragen(kaoa_idmap *m, int64_t id, bool *neu);

/* The dense index of id, or -1. */
int32_t		kaoa_idmap_suchen(const kaoa_idmap *m, int64_t id);

void		kaoa_idmap_freigeben(kaoa_idmap *m);

#endif							/* KAOA_ZUTEILUNG_H */
