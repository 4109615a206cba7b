/*
 * kompetenzen.h — the twelve Potenzialanalyse dimensions (pure C, no PostgreSQL headers).
 *
 * Each dimension 0..5 (0 = unknown / no requirement), in the order below; the twelve bytes are the
 * on-disk value of kaoa.kompetenzen (fixed length, no padding) and their lexicographic order is the
 * btree order.
 */
#ifndef KAOA_KOMPETENZEN_H
#define KAOA_KOMPETENZEN_H

#include <string.h>

#include "base/core/parse_util.h"

#define KAOA_KOMPETENZEN_DIMS 12

typedef struct kaoa_kompetenzen
{
	uint8_t		v[KAOA_KOMPETENZEN_DIMS];	/* each 0..5, order as kaoa_kompetenzen_name() */
} kaoa_kompetenzen;

/* Longest output: every dimension at level 5. */
#define KAOA_KOMPETENZEN_TEXT_MAX 256

/* The ASCII name of dimension i (0..11), e.g. "teamfaehigkeit"; NULL outside the range. */
const char *kaoa_kompetenzen_name(int i);

bool		kaoa_kompetenzen_valid(const uint8_t v[KAOA_KOMPETENZEN_DIMS]);

/* Parses the literal (trimmed; ASCII and UTF-8 umlaut spellings; "" is all zero). */
bool		kaoa_kompetenzen_parse(const char *s, size_t len, kaoa_kompetenzen *out, kaoa_parse_error *err);

/* The non-zero dimensions in order, "sorgfalt=3,teamfaehigkeit=4" (all zero: ""); returns the length. */
int			kaoa_kompetenzen_format(const kaoa_kompetenzen *k, char *out);

/* kaoa.erfuellungsgrad (docs/matching.md): over the dimensions with a requirement > 0, credit 1
 * where hat's level >= the requirement, 0.5 where hat's level is 0 (unknown), else 0; the mean
 * credit; 1 when nothing is required. */
double		kaoa_kompetenzen_erfuellungsgrad(const kaoa_kompetenzen *hat, const kaoa_kompetenzen *braucht);

/*
 * The same value, bit for bit, computed on eight levels at a time (the top-k searches call it for
 * hundreds of offers per applicant).  Each byte lane holds a level below 128 (every valid level is
 * 0..5), so (h | 0x80) − b sets the lane's top bit exactly when h >= b, b + 0x7F when b > 0 and
 * h + 0x7F unless h = 0, with no carry between lanes.  The credit is (met + 0.5 · unknown), the
 * exact sum the loop adds up; bytes of 128 or more go to the loop.
 */
static inline double
kaoa_kompetenzen_erfuellungsgrad_schnell(const kaoa_kompetenzen *hat, const kaoa_kompetenzen *braucht)
{
	const uint64_t oben = UINT64_C(0x8080808080808080);
	const uint64_t sieben = UINT64_C(0x7F7F7F7F7F7F7F7F);
	uint64_t	h[2] = {0, 0},
				b[2] = {0, 0};
	int			erfuellt,
				unbekannt,
				n;

	memcpy(&h[0], hat->v, 8);
	memcpy(&h[1], hat->v + 8, KAOA_KOMPETENZEN_DIMS - 8);
	memcpy(&b[0], braucht->v, 8);
	memcpy(&b[1], braucht->v + 8, KAOA_KOMPETENZEN_DIMS - 8);
	if (((h[0] | h[1] | b[0] | b[1]) & oben) != 0)
		return kaoa_kompetenzen_erfuellungsgrad(hat, braucht);
	{
		/* the lanes' top bits, each moved to the lane's low bit and the two words added (at most
		 * 2 per lane); the multiplication sums the lanes into the top byte (at most 12) — a
		 * population count without the instruction, which a portable build does not have */
		const uint64_t eins = UINT64_C(0x0101010101010101);
		uint64_t	g0 = (b[0] + sieben) & oben,
					g1 = (b[1] + sieben) & oben;
		uint64_t	r0 = ((h[0] | oben) - b[0]) & oben,
					r1 = ((h[1] | oben) - b[1]) & oben;
		uint64_t	z0 = ~(h[0] + sieben) & oben,
					z1 = ~(h[1] + sieben) & oben;

		n = (int) ((((g0 >> 7) + (g1 >> 7)) * eins) >> 56);
		erfuellt = (int) (((((g0 & r0) >> 7) + ((g1 & r1) >> 7)) * eins) >> 56);
		unbekannt = (int) (((((g0 & ~r0 & z0) >> 7) + ((g1 & ~r1 & z1) >> 7)) * eins) >> 56);
	}
	return n == 0 ? 1.0 : ((double) erfuellt + 0.5 * (double) unbekannt) / n;
}

#endif							/* KAOA_KOMPETENZEN_H */
