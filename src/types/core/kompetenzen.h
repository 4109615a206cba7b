/*
 * kompetenzen.h — the twelve Potenzialanalyse dimensions (pure C, no PostgreSQL headers).
 *
 * Each dimension 0..5 (0 = unknown / no requirement), in the order below; the twelve bytes are the
 * on-disk value of kaoa.kompetenzen (fixed length, no padding) and their lexicographic order is the
 * btree order.
 */
#ifndef KAOA_KOMPETENZEN_H
#define KAOA_KOMPETENZEN_H

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

#endif							/* KAOA_KOMPETENZEN_H */
